package roster

import (
	"encoding/csv"
	"errors"
	"io"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/xlsxsafe"
)

// sheetName is the name of the exported sheet.
const sheetName = "花名册"

// The register's fonts and layout.
const (
	bodyFont    = "宋体"
	titleHeight = 32
	headHeight  = 24
	minWidth    = 6
	maxWidth    = 30
)

// WriteXLSX writes people (with their GroupName) as an xlsx register: a
// merged bold title row, the header row, frozen panes below it, column
// widths that fit the text, dates as real dates (yyyy-mm-dd), ID numbers and
// phones as text, and A4 landscape printing fitted to the page width with
// the title and header rows repeated on every page.
func WriteXLSX(w io.Writer, title string, people []zhibu.Person) error {
	if title == "" {
		title = "人员花名册"
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	// Page settings go on the sheet before the stream writer takes it over.
	if err := setPrinting(f); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheetName)
	if err != nil {
		return err
	}
	if err := writeSheet(sw, st, title, people); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// styles are the style ids of the register's cells.
type styles struct{ title, head, text, date int }

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Vertical: "center", WrapText: true}
	font := &excelize.Font{Family: bodyFont, Size: 11}
	bold := &excelize.Font{Family: bodyFont, Size: 11, Bold: true}
	dateFmt := "yyyy-mm-dd"
	var s styles
	var errs [4]error
	s.title, errs[0] = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Size: 16, Bold: true}, Alignment: center})
	s.head, errs[1] = f.NewStyle(&excelize.Style{Font: bold, Alignment: center, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}})
	s.text, errs[2] = f.NewStyle(&excelize.Style{Font: font, Alignment: left, Border: border, NumFmt: 49}) // 49: "@", text
	s.date, errs[3] = f.NewStyle(&excelize.Style{Font: font, Alignment: center, Border: border, CustomNumFmt: &dateFmt})
	return s, errors.Join(errs[:]...)
}

// setPrinting sets A4 landscape, one page wide, rows 1–2 repeated, and page
// numbers in the footer.
func setPrinting(f *excelize.File) error {
	a4, landscape, one, auto := 9, "landscape", 1, 0
	fit, center := true, true
	margin, edge := 0.5, 0.3
	return errors.Join(
		f.SetPageLayout(sheetName, &excelize.PageLayoutOptions{
			Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &auto,
		}),
		f.SetSheetProps(sheetName, &excelize.SheetPropsOptions{FitToPage: &fit}),
		f.SetPageMargins(sheetName, &excelize.PageLayoutMarginsOptions{
			Left: &margin, Right: &margin, Top: &margin, Bottom: &margin,
			Header: &edge, Footer: &edge, Horizontally: &center,
		}),
		f.SetHeaderFooter(sheetName, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}),
		f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: "'" + sheetName + "'!$1:$2", Scope: sheetName,
		}),
	)
}

// writeSheet streams the title, the header and the people.
func writeSheet(sw *excelize.StreamWriter, st styles, title string, people []zhibu.Person) error {
	for col, width := range widths(people) {
		if err := sw.SetColWidth(col+1, col+1, width); err != nil {
			return err
		}
	}
	last := xlsxsafe.ColumnLetter(numColumns)
	err := errors.Join(
		sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}),
		sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title}}, excelize.RowOpts{Height: titleHeight}),
		sw.MergeCell("A1", last+"1"),
	)
	if err != nil {
		return err
	}
	cells := make([]any, numColumns)
	for col, h := range Columns {
		cells[col] = excelize.Cell{StyleID: st.head, Value: h}
	}
	if err := sw.SetRow("A2", cells, excelize.RowOpts{Height: headHeight}); err != nil {
		return err
	}
	for i := range people {
		for col := range numColumns {
			cells[col] = xlsxCell(&people[i], col, st)
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// xlsxCell is the cell of column col for p: a date, or neutralized text.
func xlsxCell(p *zhibu.Person, col int, st styles) excelize.Cell {
	if isDateCol(col) {
		c := excelize.Cell{StyleID: st.date}
		if d := *datePtr(p, col); !d.IsZero() {
			c.Value = d.Time()
		}
		return c
	}
	c := excelize.Cell{StyleID: st.text}
	if s := cellText(p, col); s != "" {
		c.Value = xlsxsafe.Neutralize(s)
	}
	return c
}

// widths are column widths that fit the header and every value: a Chinese
// character takes two units of width.
func widths(people []zhibu.Person) [numColumns]float64 {
	var w [numColumns]int
	for col, h := range Columns {
		w[col] = xlsxsafe.TextWidth(h)
	}
	for i := range people {
		for col := range numColumns {
			w[col] = max(w[col], xlsxsafe.TextWidth(cellText(&people[i], col)))
		}
	}
	var out [numColumns]float64
	for col, n := range w {
		out[col] = float64(min(max(n+2, minWidth), maxWidth))
	}
	return out
}

// WriteCSV writes people as CSV in UTF-8 with a BOM, so that Excel opens it,
// with the header row of Columns and dates as 2018-07-01.
func WriteCSV(w io.Writer, people []zhibu.Person) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(Columns); err != nil {
		return err
	}
	rec := make([]string, numColumns)
	for i := range people {
		for col := range numColumns {
			rec[col] = xlsxsafe.Neutralize(cellText(&people[i], col))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cellText is the text of column col for p, as the CSV holds it.
func cellText(p *zhibu.Person, col int) string {
	switch col {
	case colName:
		return p.Name
	case colGender:
		return string(p.Gender)
	case colEthnicity:
		return p.Ethnicity
	case colIDNumber:
		return p.IDNumber
	case colPhone:
		return p.Phone
	case colUnit:
		return p.Unit
	case colOfficer:
		if p.Officer {
			return "是"
		}
		return "否"
	case colEducation:
		return p.Education
	case colStatus:
		return p.Status.Label()
	case colGroup:
		return p.GroupName
	}
	return datePtr(p, col).String()
}
