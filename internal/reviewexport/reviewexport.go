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
