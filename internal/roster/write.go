package roster

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/xlsx"
)

// sheetName is the name of the exported sheet.
const sheetName = "花名册"

// The column widths of the register (the rest of its layout is xlsx's).
const (
	minWidth = 6
	maxWidth = 30
)

// WriteXLSX writes people (with their GroupName) as an xlsx register: a
// merged bold title row, the header row, frozen panes below it, column
// widths that fit the text, dates as real dates (yyyy-mm-dd), ID numbers and
// phones as text, and A4 landscape printing fitted to the page width with
// the title and header rows repeated on every page.
//
// The first column is 序号 (the row's number); a made day that is not zero
// is written below the people as 制表日期 in that column. Parse ignores
// both, so an export reads back as it was.
func WriteXLSX(w io.Writer, title string, people []zhibu.Person) error {
	return WriteXLSXOn(w, title, people, zhibu.Date{})
}

// WriteXLSXOn is WriteXLSX with the day the register was made (制表日期).
func WriteXLSXOn(w io.Writer, title string, people []zhibu.Person, made zhibu.Date) error {
	if title == "" {
		title = "人员花名册"
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	// Page settings go on the sheet before the stream writer takes it over.
	if err := xlsx.SetPrinting(f, sheetName, ""); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheetName)
	if err != nil {
		return err
	}
	if err := writeSheet(sw, st, title, people, made); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// writeSheet streams the title, the header and the people.
func writeSheet(sw *excelize.StreamWriter, st xlsx.Styles, title string, people []zhibu.Person, made zhibu.Date) error {
	numWidth := float64(max(minWidth, len(strconv.Itoa(len(people)))+2))
	if made.IsZero() {
		numWidth = minWidth
	}
	if err := sw.SetColWidth(1, 1, numWidth); err != nil {
		return err
	}
	for col, width := range widths(people) {
		if err := sw.SetColWidth(col+2, col+2, width); err != nil {
			return err
		}
	}
	if err := xlsx.WriteHead(sw, st, title, append([]string{NumberColumn}, Columns...)); err != nil {
		return err
	}
	cells := make([]any, numColumns+1)
	for i := range people {
		cells[0] = excelize.Cell{StyleID: st.Text, Value: i + 1}
		for col := range numColumns {
			cells[col+1] = xlsxCell(&people[i], col, st)
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
	}
	if !made.IsZero() {
		ref, _ := excelize.CoordinatesToCellName(1, len(people)+4)
		if err := sw.SetRow(ref, []any{MadeOnLabel + made.String()}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// NumberColumn is the register's first column, the row's number; Parse
// ignores it.
const NumberColumn = "序号"

// MadeOnLabel leads the line below the people that says when the
// register was made; Parse ignores it.
const MadeOnLabel = "制表日期："

// xlsxCell is the cell of column col for p: a date, or neutralized text.
func xlsxCell(p *zhibu.Person, col int, st xlsx.Styles) excelize.Cell {
	if isDateCol(col) {
		c := excelize.Cell{StyleID: st.Date}
		if d := *datePtr(p, col); !d.IsZero() {
			c.Value = d.Time()
		}
		return c
	}
	c := excelize.Cell{StyleID: st.Text}
	if s := cellText(p, col); s != "" {
		c.Value = xlsx.Neutralize(s)
	}
	return c
}

// widths are column widths that fit the header and every value: a Chinese
// character takes two units of width.
func widths(people []zhibu.Person) [numColumns]float64 {
	var w [numColumns]int
	for col, h := range Columns {
		w[col] = xlsx.TextWidth(h)
	}
	for i := range people {
		for col := range numColumns {
			w[col] = max(w[col], xlsx.TextWidth(cellText(&people[i], col)))
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
			rec[col] = xlsx.Neutralize(cellText(&people[i], col))
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
