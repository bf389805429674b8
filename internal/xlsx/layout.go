package xlsx

import (
	"errors"

	"github.com/xuri/excelize/v2"
)

// The registers' font and the heights of their title and header rows.
const (
	BodyFont    = "宋体"
	TitleHeight = 32
	HeadHeight  = 24
)

// Styles are the style ids of a register's cells.
type Styles struct {
	Title  int // the merged title row: 16 pt bold, centred
	Head   int // the header row: bold, centred, grey, bordered
	Text   int // text, left, wrapped, bordered, stored as text (@)
	Center int // text, centred
	Date   int // a date cell shown as yyyy-mm-dd
	Number int // a number, centred
}

// NewStyles adds a register's styles to f.
func NewStyles(f *excelize.File) (Styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Vertical: "center", WrapText: true}
	font := &excelize.Font{Family: BodyFont, Size: 11}
	bold := &excelize.Font{Family: BodyFont, Size: 11, Bold: true}
	dateFmt := "yyyy-mm-dd"
	var s Styles
	var errs [6]error
	s.Title, errs[0] = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: BodyFont, Size: 16, Bold: true}, Alignment: center})
	s.Head, errs[1] = f.NewStyle(&excelize.Style{Font: bold, Alignment: center, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}})
	s.Text, errs[2] = f.NewStyle(&excelize.Style{Font: font, Alignment: left, Border: border, NumFmt: 49}) // 49: "@", text
	s.Center, errs[3] = f.NewStyle(&excelize.Style{Font: font, Alignment: center, Border: border, NumFmt: 49})
	s.Date, errs[4] = f.NewStyle(&excelize.Style{Font: font, Alignment: center, Border: border, CustomNumFmt: &dateFmt})
	s.Number, errs[5] = f.NewStyle(&excelize.Style{Font: font, Alignment: center, Border: border})
	return s, errors.Join(errs[:]...)
}

// SetPrinting sets a sheet to print A4 landscape, one page wide, with rows
// 1–2 repeated on every page, page numbers in the footer and, when header
// is not empty, that header (e.g. "&C&A", the sheet's name).
func SetPrinting(f *excelize.File, sheet, header string) error {
	a4, landscape, one, auto := 9, "landscape", 1, 0
	fit, center := true, true
	margin, edge := 0.5, 0.3
	return errors.Join(
		f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
			Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &auto,
		}),
		f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}),
		f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
			Left: &margin, Right: &margin, Top: &margin, Bottom: &margin,
			Header: &edge, Footer: &edge, Horizontally: &center,
		}),
		f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: header, OddFooter: "&C第 &P 页，共 &N 页"}),
		f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$2", Scope: sheet,
		}),
	)
}

// WriteHead streams a register's first two rows: the title merged over
// all columns and the header, with the panes frozen below them. Column
// widths must be set before it.
func WriteHead(sw *excelize.StreamWriter, st Styles, title string, headers []string) error {
	err := errors.Join(
		sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}),
		sw.SetRow("A1", []any{excelize.Cell{StyleID: st.Title, Value: title}}, excelize.RowOpts{Height: TitleHeight}),
		sw.MergeCell("A1", ColumnLetter(len(headers))+"1"),
	)
	if err != nil {
		return err
	}
	cells := make([]any, len(headers))
	for i, h := range headers {
		cells[i] = excelize.Cell{StyleID: st.Head, Value: h}
	}
	return sw.SetRow("A2", cells, excelize.RowOpts{Height: HeadHeight})
}
