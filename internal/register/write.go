package register

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/xlsx"
)

// DefaultTitle is the title of a register written without one.
const DefaultTitle = "三会一课记录簿"

// The column widths of the register (the rest of its layout is xlsx's).
const (
	minWidth    = 6
	maxWidth    = 30 // a column of short values
	maxWideText = 40 // a column of topics, names or reasons, which wrap
	lineHeight  = 14 // points a line of 11-point text takes
	rowPadding  = 6  // points above and below a row's lines
	cellPadding = 2  // units of width a cell's margins take from its text
)

// alwaysSheets are the types whose sheet the register has even when empty:
// the three meetings and one lecture.
var alwaysSheets = []zhibu.MeetingType{zhibu.MeetCommittee, zhibu.MeetAssembly, zhibu.MeetGroup, zhibu.MeetLecture}

// exportHeader is the header the export writes for column col.
func exportHeader(col int) string {
	switch col {
	case colExcusedN:
		return "请假"
	case colAbsentN:
		return "缺席"
	case colPresent:
		return "出席人员"
	case colExcused:
		return "请假人员"
	case colAbsent:
		return "缺席人员"
	}
	return label(col)
}

// exportColumns are the columns of the sheet of meetings of type t: 授课人
// only on the lectures' sheet; 会议类型 only on an added type's sheet, whose
// name Parse does not take for a type.
func exportColumns(t zhibu.MeetingType) []int {
	cols := []int{colSeq, colDate, colTime, colOrg, colTopics, colPlace, colChair, colRecorder}
	if t.Custom() {
		cols = []int{colSeq, colDate, colTime, colType, colOrg, colTopics, colPlace, colChair, colRecorder}
	}
	if t == zhibu.MeetLecture {
		cols = append(cols, colLecturer)
	}
	return append(cols, colExpected, colPresentN, colExcusedN, colAbsentN,
		colPresent, colExcused, colAbsent, colStatus, colCancelReason, colLate, colFiling)
}

// isWide reports whether column col holds long text, which wraps.
func isWide(col int) bool {
	switch col {
	case colOrg, colTopics, colPlace, colPresent, colExcused, colAbsent, colCancelReason:
		return true
	}
	return false
}

// isCount reports whether column col holds a number.
func isCount(col int) bool {
	return col == colSeq || col >= colExpected && col <= colAbsentN
}

// WriteXLSX writes rows as the year's register, reading the meetings' dates
// and times in zhibu.DefaultZone (Beijing time); see WriteXLSXIn.
func WriteXLSX(w io.Writer, title string, year int, rows []Row) error {
	return WriteXLSXIn(w, title, year, zhibu.DefaultZone, rows)
}

// WriteXLSXIn writes rows as the year's register, with the dates and times
// of the meetings in zone (nil: zhibu.DefaultZone). Rows whose date is not in
// year are left out (year 0 keeps them all).
//
// The workbook has one sheet per meeting type, in zhibu.MeetingTypes order,
// named by the type's label: those of the three meetings and one lecture
// always, the others when they have rows. Each sheet has a merged bold title
// row "<title>（<year>年）" (title "" is DefaultTitle), the header row, frozen
// panes below it, column widths that fit the text (a Chinese character is
// two units wide), dates as date cells (yyyy-mm-dd), counts as numbers,
// and A4 landscape printing fitted to the page width with rows 1–2
// repeated on every page. The rows are in order of their start; a text that
// a spreadsheet would take for a formula is written with a leading quote,
// which Parse removes again. Meetings of added types (zhibu.MeetingType.Custom)
// follow on a sheet each, by name, with a 会议类型 column. A row of an
// invalid type is an error.
func WriteXLSXIn(w io.Writer, title string, year int, zone *time.Location, rows []Row) error {
	if zone == nil {
		zone = zhibu.DefaultZone
	}
	if title == "" {
		title = DefaultTitle
	}
	if year > 0 {
		title += "（" + strconv.Itoa(year) + "年）"
	}
	byType := map[zhibu.MeetingType][]*Row{}
	for i := range rows {
		r := &rows[i]
		if !r.Meeting.Type.Valid() {
			return fmt.Errorf("register: meeting %d has unknown type %q", r.Meeting.ID, r.Meeting.Type)
		}
		if year > 0 && r.Meeting.DateIn(zone).Year != year {
			continue
		}
		byType[r.Meeting.Type] = append(byType[r.Meeting.Type], r)
	}
	var types, added []zhibu.MeetingType
	for _, t := range zhibu.MeetingTypes {
		if len(byType[t]) > 0 || slices.Contains(alwaysSheets, t) {
			types = append(types, t)
		}
	}
	for t := range byType {
		if t.Custom() {
			added = append(added, t)
		}
	}
	slices.Sort(added) // by name: one sheet each, after the built-in types
	types = append(types, added...)

	f := excelize.NewFile()
	defer f.Close()
	for i, t := range types {
		var err error
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.Label())
		} else {
			_, err = f.NewSheet(t.Label())
		}
		if err != nil {
			return err
		}
		// Page settings go on the sheet before a stream writer takes it over.
		if err := xlsx.SetPrinting(f, t.Label(), "&C&A"); err != nil {
			return err
		}
	}
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	for _, t := range types {
		rs := byType[t]
		slices.SortStableFunc(rs, func(a, b *Row) int { return a.Meeting.StartsAt.Compare(b.Meeting.StartsAt) })
		sw, err := f.NewStreamWriter(t.Label())
		if err != nil {
			return err
		}
		if err := writeSheet(sw, st, title, exportColumns(t), rs, zone); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// writeSheet streams the title, the header and the rows of one sheet.
func writeSheet(sw *excelize.StreamWriter, st xlsx.Styles, title string, cols []int, rows []*Row, zone *time.Location) error {
	texts := make([][]string, len(rows))
	for i, r := range rows {
		texts[i] = make([]string, len(cols))
		for j, col := range cols {
			texts[i][j] = cellText(r, col, i+1, zone)
		}
	}
	ws := widths(cols, texts)
	for j, width := range ws {
		if err := sw.SetColWidth(j+1, j+1, width); err != nil {
			return err
		}
	}
	headers := make([]string, len(cols))
	for j, col := range cols {
		headers[j] = exportHeader(col)
	}
	if err := xlsx.WriteHead(sw, st, title, headers); err != nil {
		return err
	}
	cells := make([]any, len(cols))
	for i, r := range rows {
		counts, showCounts := countsOf(r)
		for j, col := range cols {
			c := excelize.Cell{StyleID: st.Text}
			switch {
			case col == colDate:
				c.StyleID = st.Date
				if !r.Meeting.StartsAt.IsZero() {
					c.Value = r.Meeting.DateIn(zone).Time()
				}
			case col == colSeq:
				c.StyleID, c.Value = st.Number, i+1
			case isCount(col):
				c.StyleID = st.Number
				if showCounts {
					c.Value = counts[col-colExpected]
				}
			default:
				if !isWide(col) {
					c.StyleID = st.Center
				}
				if s := texts[i][j]; s != "" {
					c.Value = xlsx.Neutralize(s)
				}
			}
			cells[j] = c
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(ref, cells, excelize.RowOpts{Height: rowHeight(texts[i], ws)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// countsOf is the meeting's 应到, 实到, 请假 and 缺席, and whether to show
// them: the Meeting's counts, or when it has none the lengths of the lists;
// shown for a held meeting, or any that has a count.
func countsOf(r *Row) ([4]int, bool) {
	m := r.Meeting
	c := [4]int{m.Expected, m.Present, m.Excused, m.Absent}
	if c == [4]int{} {
		p, e, a := len(r.Present), len(r.Excused), len(r.Absent)
		c = [4]int{p + e + a, p, e, a}
	}
	return c, m.Status == zhibu.MeetingHeld || c != [4]int{}
}

// cellText is the text of column col for r, the seq'th row of its sheet,
// as the sheet shows it (before neutralization).
func cellText(r *Row, col, seq int, zone *time.Location) string {
	m := r.Meeting
	switch col {
	case colSeq:
		return strconv.Itoa(seq)
	case colDate:
		return m.DateIn(zone).String()
	case colTime:
		if m.StartsAt.IsZero() {
			return ""
		}
		return m.StartsAt.In(zone).Format("15:04")
	case colType:
		return m.Type.Label()
	case colOrg:
		return r.OrgName
	case colTopics:
		return strings.Join(m.Topics, "；")
	case colPlace:
		return m.Place
	case colChair:
		return r.ChairName
	case colRecorder:
		return r.RecorderName
	case colLecturer:
		return r.LecturerName
	case colExpected, colPresentN, colExcusedN, colAbsentN:
		c, shown := countsOf(r)
		if !shown {
			return ""
		}
		return strconv.Itoa(c[col-colExpected])
	case colPresent:
		return strings.Join(r.Present, "、")
	case colExcused:
		return strings.Join(r.Excused, "、")
	case colAbsent:
		return strings.Join(r.Absent, "、")
	case colStatus:
		return m.Status.Label()
	case colCancelReason:
		return m.CancelReason
	case colLate:
		if m.LateIn(zone) {
			return "是"
		}
		return ""
	case colFiling:
		if m.Filing == "" {
			return ""
		}
		return m.Filing.Label()
	}
	return ""
}

// rowHeight is the height in points of a row of texts in columns of
// widths ws, fitting the lines that wrapped text takes: spreadsheets keep
// the height a file gives, and LibreOffice does not grow a row for wrapped
// text on its own.
func rowHeight(texts []string, ws []float64) float64 {
	lines := 1
	for j, s := range texts {
		lines = max(lines, linesOf(s, ws[j]))
	}
	return float64(lines)*lineHeight + rowPadding
}

// linesOf is the number of lines s takes wrapped in a column of width w.
func linesOf(s string, w float64) int {
	avail := max(w-cellPadding, 1)
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		n += max(1, int(math.Ceil(float64(xlsx.TextWidth(line))/avail)))
	}
	return n
}

// widths are column widths that fit the header and every value, two units
// to spare, between minWidth and maxWidth (maxWideText for long text,
// which wraps).
func widths(cols []int, texts [][]string) []float64 {
	out := make([]float64, len(cols))
	for j, col := range cols {
		n := xlsx.TextWidth(exportHeader(col))
		for _, row := range texts {
			n = max(n, xlsx.TextWidth(row[j]))
		}
		if col == colDate {
			n = max(n, len("2006-01-02"))
		}
		limit := maxWidth
		if isWide(col) {
			limit = maxWideText
		}
		out[j] = float64(min(max(n+2, minWidth), limit))
	}
	return out
}
