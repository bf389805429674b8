// Package reviewexport writes the review stream's documents: the
// secretary's report (述职报告, docx, in the official layout of
// DOCUMENTS.md) and the result sheet of a review round (述职评议结果汇总表,
// xlsx, in the register layout), one row per branch side by side.
package reviewexport

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/docx"
	"zhibu/internal/xlsx"
)

// headings are the report's level-1 headings, numbered as official
// documents number them.
var headings = []string{"一、", "二、", "三、", "四、"}

// Report lays out a branch secretary's report: the title, the recipient
// (the superior committee), the four sections each under its heading with
// one paragraph per line of its text, and the secretary's name and the
// day it was filed.
func Report(r zhibu.SecretaryReport, superior string) *docx.Doc {
	title := r.OrgName + "书记" + strconv.Itoa(r.Year) + "年度抓党建工作述职报告"
	d := docx.New()
	d.Props = docx.Props{Title: title, Subject: "述职报告", Creator: r.OrgName}
	d.Title(title)
	if superior != "" {
		d.Recipient(superior + "：")
	}
	for i, s := range r.Sections() {
		d.Heading1(headings[i] + s.Label)
		n := 0
		for _, line := range strings.Split(s.Text, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				d.Para(line)
				n++
			}
		}
		if n == 0 {
			d.Para("（未填写）")
		}
	}
	issuer := r.OrgName
	if r.SecretaryName != "" {
		issuer += "书记　" + r.SecretaryName
	}
	d.Signature(issuer, r.FiledOn)
	return d
}

// Headers are the result sheet's columns.
var Headers = []string{"序号", "党支部", "书记", "述职日期", "应参评人数", "实参评人数", "好", "较好", "一般", "较差", "好和较好占比", "报送日期", "状态"}

// WriteResults writes the result sheet of a round of committee over the
// reports: a title row, a header row, one row per branch, frozen panes,
// widths that fit, dates as dates, A4 landscape. A report not yet
// reported shows its state and no counts.
func WriteResults(w io.Writer, committee string, year int, reports []zhibu.SecretaryReport) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "述职评议结果"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := xlsx.SetPrinting(f, sheet, "&C&A"); err != nil {
		return err
	}
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	widths := []float64{6, 24, 10, 12, 10, 10, 8, 8, 8, 8, 12, 12, 22}
	for j, wd := range widths {
		if err := sw.SetColWidth(j+1, j+1, wd); err != nil {
			return err
		}
	}
	title := committee + strconv.Itoa(year) + "年度党支部书记抓党建工作述职评议结果汇总表"
	if err := xlsx.WriteHead(sw, st, title, Headers); err != nil {
		return err
	}
	for i, r := range reports {
		row := []excelize.Cell{
			{StyleID: st.Number, Value: i + 1},
			{StyleID: st.Text, Value: xlsx.Neutralize(r.OrgName)},
			{StyleID: st.Center, Value: xlsx.Neutralize(r.SecretaryName)},
			dateCell(st, r.PresentedOn),
			{StyleID: st.Number, Value: r.Eligible},
			{StyleID: st.Number, Value: r.Voted},
		}
		if t := r.Tally; t != nil {
			row = append(row, excelize.Cell{StyleID: st.Number, Value: t.Good}, excelize.Cell{StyleID: st.Number, Value: t.Fair},
				excelize.Cell{StyleID: st.Number, Value: t.Average}, excelize.Cell{StyleID: st.Number, Value: t.Poor},
				excelize.Cell{StyleID: st.Center, Value: t.GoodShareText()})
		} else {
			for range 5 {
				row = append(row, excelize.Cell{StyleID: st.Center})
			}
		}
		row = append(row, dateCell(st, r.ReportedOn), excelize.Cell{StyleID: st.Text, Value: r.Status.Label()})
		ref, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(ref, toAny(row), excelize.RowOpts{Height: 20}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func dateCell(st xlsx.Styles, d zhibu.Date) excelize.Cell {
	c := excelize.Cell{StyleID: st.Date}
	if !d.IsZero() {
		c.Value = d.Time()
	}
	return c
}

func toAny(cs []excelize.Cell) []any {
	out := make([]any, len(cs))
	for i, c := range cs {
		out[i] = c
	}
	return out
}

// AppraisalHeaders are the columns of a branch's appraisal sheet.
var AppraisalHeaders = []string{"序号", "姓名", "个人自评", "互评优秀", "互评合格", "互评基本合格", "互评不合格", "评定等次", "不合格处置", "处置期限", "办结日期", "处置结果"}

// WriteAppraisal writes a branch's appraisal of a year (民主评议党员等次表):
// a title row, a header row, one row per member with their
// self-appraisal's state, the peer counts (once shown), the grade decided
// and, for a member graded 不合格, the handling with its deadline and
// outcome. Dates as dates, frozen panes, A4 landscape.
func WriteAppraisal(w io.Writer, r zhibu.AppraisalRound) error {
	title := r.OrgName + strconv.Itoa(r.Year) + "年度民主评议党员等次表"
	widths := []float64{6, 12, 10, 9, 9, 12, 11, 10, 18, 12, 12, 36}
	rows := make([][]excelize.Cell, 0, len(r.Entries))
	return writeSheet(w, "民主评议等次", title, AppraisalHeaders, widths, func(st xlsx.Styles) [][]excelize.Cell {
		for i, e := range r.Entries {
			self := "未填写"
			if e.SelfText != "" {
				self = "已填写"
			}
			row := []excelize.Cell{{StyleID: st.Number, Value: i + 1}, {StyleID: st.Center, Value: xlsx.Neutralize(e.Name)}, {StyleID: st.Center, Value: self}}
			if t := e.Tally; t != nil {
				for _, n := range []int{t.Excellent, t.Qualified, t.Basic, t.Unqualified} {
					row = append(row, excelize.Cell{StyleID: st.Number, Value: n})
				}
			} else {
				for range 4 {
					row = append(row, excelize.Cell{StyleID: st.Center})
				}
			}
			grade := ""
			if e.Grade != "" {
				grade = e.Grade.Label()
			}
			row = append(row, excelize.Cell{StyleID: st.Center, Value: grade})
			if h := e.Handling; h != nil {
				row = append(row, excelize.Cell{StyleID: st.Text, Value: h.Measure.Label()}, dateCell(st, h.DueOn), dateCell(st, h.ClosedOn),
					excelize.Cell{StyleID: st.Text, Value: xlsx.Neutralize(h.Outcome)})
			} else {
				row = append(row, excelize.Cell{StyleID: st.Text}, dateCell(st, zhibu.Date{}), dateCell(st, zhibu.Date{}), excelize.Cell{StyleID: st.Text})
			}
			rows = append(rows, row)
		}
		return rows
	})
}

// AppraisalsHeaders are the columns of the superior's side-by-side sheet.
var AppraisalsHeaders = []string{"序号", "党支部", "状态", "参评人数", "已投票人数", "优秀", "合格", "基本合格", "不合格", "评定日期", "不合格党员及处置", "未办结处置"}

// WriteAppraisals writes every branch's appraisal of a year side by side
// (民主评议党员结果汇总表) for the superior: one row per branch, a branch
// that has not opened its appraisal showing 未开展. today decides which
// open handlings are past their deadline.
func WriteAppraisals(w io.Writer, committee string, year int, rows []zhibu.BranchAppraisal, today zhibu.Date) error {
	title := committee + strconv.Itoa(year) + "年度民主评议党员结果汇总表"
	widths := []float64{6, 24, 14, 10, 10, 8, 8, 10, 8, 12, 40, 14}
	out := make([][]excelize.Cell, 0, len(rows))
	return writeSheet(w, "民主评议汇总", title, AppraisalsHeaders, widths, func(st xlsx.Styles) [][]excelize.Cell {
		for i, b := range rows {
			row := []excelize.Cell{{StyleID: st.Number, Value: i + 1}, {StyleID: st.Text, Value: xlsx.Neutralize(b.Org.Name)}}
			r := b.Round
			if r == nil {
				row = append(row, excelize.Cell{StyleID: st.Center, Value: "未开展"})
				for range 9 {
					row = append(row, excelize.Cell{StyleID: st.Center})
				}
				out = append(out, row)
				continue
			}
			voted := 0
			for _, v := range r.Voters {
				if !v.VotedOn.IsZero() {
					voted++
				}
			}
			c := r.Counts()
			row = append(row, excelize.Cell{StyleID: st.Center, Value: r.Status.Label()}, excelize.Cell{StyleID: st.Number, Value: len(r.Entries)},
				excelize.Cell{StyleID: st.Number, Value: voted})
			if r.Status == zhibu.AppraisalDecided {
				for _, n := range []int{c.Excellent, c.Qualified, c.Basic, c.Unqualified} {
					row = append(row, excelize.Cell{StyleID: st.Number, Value: n})
				}
			} else {
				for range 4 {
					row = append(row, excelize.Cell{StyleID: st.Center})
				}
			}
			var names []string
			for _, e := range r.Entries {
				if h := e.Handling; h != nil {
					state := "期限" + h.DueOn.Chinese() + "，未办结"
					if !h.ClosedOn.IsZero() {
						state = h.ClosedOn.Chinese() + "办结"
					}
					names = append(names, e.Name+"（"+h.Measure.Label()+"，"+state+"）")
				}
			}
			open, overdue := r.OpenHandlings(today)
			pending := ""
			if open > 0 {
				pending = strconv.Itoa(open) + "项"
				if overdue > 0 {
					pending += "（逾期" + strconv.Itoa(overdue) + "项）"
				}
			}
			row = append(row, dateCell(st, r.DecidedOn), excelize.Cell{StyleID: st.Text, Value: xlsx.Neutralize(strings.Join(names, "；"))},
				excelize.Cell{StyleID: st.Center, Value: pending})
			out = append(out, row)
		}
		return out
	})
}

// writeSheet writes one sheet in the register layout: a title row, a
// header row, then the rows body makes with the workbook's styles.
func writeSheet(w io.Writer, sheet, title string, headers []string, widths []float64, body func(xlsx.Styles) [][]excelize.Cell) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := xlsx.SetPrinting(f, sheet, "&C&A"); err != nil {
		return err
	}
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for j, wd := range widths {
		if err := sw.SetColWidth(j+1, j+1, wd); err != nil {
			return err
		}
	}
	if err := xlsx.WriteHead(sw, st, title, headers); err != nil {
		return err
	}
	for i, row := range body(st) {
		ref, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(ref, toAny(row), excelize.RowOpts{Height: 20}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
