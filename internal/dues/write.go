// Package dues reads and writes the dues registers: the ledger exported as
// an xlsx register (党费收缴登记簿) and the payroll or bank sheets imported
// as payments (see docs/dues.md).
package dues

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/xlsx"
)

const sheetName = "党费收缴登记簿"

// ledgerHeaders are the register's columns: the member, then each month's
// dues paid (blank: not paid, 免交, 缓交), then the year's totals.
func ledgerHeaders() []string {
	h := []string{"序号", "姓名", "党小组", "政治面貌", "缴费类别", "月应缴（元）"}
	for m := 1; m <= 12; m++ {
		h = append(h, strconv.Itoa(m)+"月")
	}
	return append(h, "已缴合计（元）", "未缴合计（元）", "备注")
}

// WriteLedger writes a year's ledger as a register in the official
// layout: a title row, a header row, frozen panes, Chinese-wide columns,
// A4 landscape printing with the header repeated, and a totals row. Money
// is written as numbers in yuan with two decimals.
func WriteLedger(w io.Writer, title string, l zhibu.DuesLedger) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	// The header of every printed page names the register and its date.
	if err := xlsx.SetPrinting(f, sheetName, "&C&A&R制表日期："+l.AsOf.Chinese()); err != nil {
		return err
	}
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	money := "0.00"
	moneyStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: xlsx.BodyFont, Size: 11},
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}, CustomNumFmt: &money,
		Border: []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
			{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return err
	}
	// A month paid after it ended (补缴) is shaded and named in 备注.
	lateStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: xlsx.BodyFont, Size: 11, Italic: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}},
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}, CustomNumFmt: &money,
		Border: []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
			{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return err
	}
	headers := ledgerHeaders()
	sw, err := f.NewStreamWriter(sheetName)
	if err != nil {
		return err
	}
	widths := map[int]float64{1: 6, 2: 10, 3: 12, 4: 10, 5: 16, 6: 10, 19: 12, 20: 12, 21: 24}
	for _, r := range l.Rows { // long names (阿不都热依木·吐尔逊) fit on one line
		widths[2] = max(widths[2], min(float64(xlsx.TextWidth(r.Person.Name)+2), 26))
	}
	for i := range headers {
		wd := widths[i+1]
		if wd == 0 {
			wd = 8
		}
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	full := title + "（" + strconv.Itoa(l.Year) + "年）"
	if err := xlsx.WriteHead(sw, st, full, headers); err != nil {
		return err
	}
	yuan := func(f zhibu.Fen) float64 { return float64(f) / 100 }
	rowN := 3
	for i, r := range l.Rows {
		p := r.Person
		cat, monthly := "", any("")
		if b, ok := zhibu.BaseFor(r.Bases, zhibu.MonthOfDate(l.AsOf)); ok {
			cat, monthly = b.Category.Label(), yuan(b.Monthly())
		}
		cells := []any{
			excelize.Cell{StyleID: st.Number, Value: i + 1},
			excelize.Cell{StyleID: st.Center, Value: p.Name},
			excelize.Cell{StyleID: st.Center, Value: p.GroupName},
			excelize.Cell{StyleID: st.Center, Value: p.Status.Label()},
			excelize.Cell{StyleID: st.Text, Value: cat},
			excelize.Cell{StyleID: moneyStyle, Value: monthly},
		}
		var notes, late []string
		for _, c := range r.Cells {
			switch c.State {
			case zhibu.DuesPaid:
				style := moneyStyle
				if c.LatePaid() {
					style = lateStyle
					late = append(late, strconv.Itoa(int(c.Month.Month))+"月（"+c.PaidOn.String()+"补缴）")
				}
				cells = append(cells, excelize.Cell{StyleID: style, Value: yuan(c.Due)})
			case zhibu.DuesOverdue:
				cells = append(cells, excelize.Cell{StyleID: st.Center, Value: "欠缴"})
			case zhibu.DuesExcused:
				cells = append(cells, excelize.Cell{StyleID: st.Center, Value: "缓交"})
				notes = append(notes, c.Month.Chinese()+c.Reason)
			case zhibu.DuesExempt:
				cells = append(cells, excelize.Cell{StyleID: st.Center, Value: "免交"})
			case zhibu.DuesPending:
				cells = append(cells, excelize.Cell{StyleID: st.Center, Value: "减免待批"})
			default:
				cells = append(cells, excelize.Cell{StyleID: st.Center, Value: ""})
			}
		}
		if len(late) > 0 {
			notes = append(notes, "补缴："+strings.Join(late, "、"))
		}
		if r.Arrears >= zhibu.ArrearsMonths {
			notes = append([]string{"连续" + strconv.Itoa(r.Arrears) + "个月未交"}, notes...)
		}
		note := ""
		for j, n := range notes {
			if j > 0 {
				note += "；"
			}
			note += n
		}
		cells = append(cells, excelize.Cell{StyleID: moneyStyle, Value: yuan(r.Paid)}, excelize.Cell{StyleID: moneyStyle, Value: yuan(r.Owed)},
			excelize.Cell{StyleID: st.Text, Value: note})
		height := 20.0
		if n := utf8.RuneCountInString(note); n > 12 {
			height = 20 * float64((n+11)/12)
		}
		if err := sw.SetRow(xlsx.ColumnLetter(1)+strconv.Itoa(rowN), cells, excelize.RowOpts{Height: height}); err != nil {
			return err
		}
		rowN++
	}
	total := []any{excelize.Cell{StyleID: st.Head, Value: "合计"}, excelize.Cell{StyleID: st.Head, Value: strconv.Itoa(len(l.Rows)) + "人"},
		excelize.Cell{StyleID: st.Head, Value: ""}, excelize.Cell{StyleID: st.Head, Value: ""}, excelize.Cell{StyleID: st.Head, Value: ""},
		excelize.Cell{StyleID: st.Head, Value: ""}}
	for _, m := range l.Months {
		total = append(total, excelize.Cell{StyleID: moneyStyle, Value: yuan(m.Paid)})
	}
	total = append(total, excelize.Cell{StyleID: moneyStyle, Value: yuan(l.Paid)}, excelize.Cell{StyleID: moneyStyle, Value: yuan(l.Owed)},
		excelize.Cell{StyleID: st.Text, Value: ""})
	if err := sw.SetRow("A"+strconv.Itoa(rowN), total, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	// Below the table: who made and who checked the register, and when;
	// a note on the shaded months.
	sign := []any{"", "制表人：", "", "", "审核人：", "", "", "", "", "", "", "", "", "", "", "", "", "", "制表日期：" + l.AsOf.Chinese()}
	if err := sw.SetRow("A"+strconv.Itoa(rowN+2), sign, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	if err := sw.SetRow("A"+strconv.Itoa(rowN+3), []any{"", "注：底色标出的月份为补缴（缴纳日期晚于该月），补缴日期见备注。"}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
