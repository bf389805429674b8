package register

import (
	"bytes"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/xlsx"
)

// headerRows is how far down Parse looks for a sheet's header row: a title
// row (or a few) may stand above it.
const headerRows = 5

// maxSerial is the first spreadsheet serial past 9999-12-31.
const maxSerial = 2958466

// defaultClock is the time of a meeting whose row gives none: 09:00.
const defaultClock = 9 * 60

// Limits on single values, as zhibu.Meeting.Validate and Person.Validate
// have them.
const (
	maxPlace = 60  // characters of 地点
	maxTopic = 200 // characters of one topic
	maxName  = 30  // characters of a name
)

// headerAliases are the headers Parse knows, besides label(col) of each
// column, and the columns they name. 请假 and 缺席 name the lists of names,
// unless the header row also has 请假人员 (缺席人员): then they are the
// counts, as the export writes them.
var headerAliases = map[string]int{
	"会议日期": colDate,
	"类型":   colType,
	"党组织":  colOrg,
	"议题":   colTopics,
	"会议主题": colTopics,
	"会议议题": colTopics,
	"会议地点": colPlace,
	"主讲人":  colLecturer,
	"应到人数": colExpected,
	"实到人数": colPresentN,
	"出席人员": colPresent,
	"请假人员": colExcused,
	"缺席人员": colAbsent,
	"会议状态": colStatus,
	"报备状态": colFiling,
}

// isIgnored reports whether Parse knows column col but does not read it:
// the export's 序号, 补录 and 报备 (the store keeps those itself).
func isIgnored(col int) bool { return col == colSeq || col == colLate || col == colFiling }

// columnOf is the column that header h names, or -1; all is the whole
// header row.
func columnOf(h string, all []string) int {
	switch h {
	case "请假", "缺席":
		if slices.ContainsFunc(all, func(c string) bool { return strings.TrimSpace(c) == h+"人员" }) {
			return map[string]int{"请假": colExcusedN, "缺席": colAbsentN}[h]
		}
	}
	for col := range numCols {
		if label(col) == h {
			return col
		}
	}
	if col, ok := headerAliases[h]; ok {
		return col
	}
	return -1
}

// Parse reads an xlsx meetings register: every sheet of the workbook, each
// with its header row (the first of its first five rows holding a 日期
// cell; a sheet without one is skipped and listed in Sheet.Skipped) and
// below it one meeting a row. The columns, found by their Chinese headers in
// any order, are described in docs/register.md; the sheet's name gives the
// meeting type when it is a type's name (支委会, 党课 …) and the row's
// 会议类型 cell is empty. Dates and times are read in zone (nil:
// zhibu.DefaultZone).
//
// It returns an error of kind zhibu.ErrInvalid, with a Chinese message, for
// a file it refuses outright: too large, not an xlsx, a zip bomb, a sheet
// with a duplicate header or without a required column (组织; 会议类型 when
// the sheet's name is not a type), no sheet with a header, no meetings, too
// many rows. An error reading r is returned as it is. Problems of single
// rows go into Sheet.Problems instead, every problem of every row, named by
// sheet, row and column ("支委会 第5行 日期：不能为空"). Zero fields of lim
// take DefaultLimits' values.
func Parse(r io.Reader, lim Limits, zone *time.Location) (*Sheet, error) {
	lim = lim.OrDefault(DefaultLimits)
	if zone == nil {
		zone = zhibu.DefaultZone
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, refuse("文件超过%s的上限", xlsx.SizeText(lim.MaxBytes))
	}
	switch {
	case len(data) == 0:
		return nil, refuse("文件是空的")
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return nil, refuse("不支持旧版.xls文件或加密的Excel文件，请在Excel中另存为.xlsx（不设密码）后再导入")
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, refuse("文件不是xlsx格式，请在Excel或WPS中另存为.xlsx后再导入")
	}
	p := &parser{lim: lim, zone: zone}
	if err := p.readXLSX(data); err != nil {
		return nil, err
	}
	return p.finish()
}

// parser turns the rows of the workbook's sheets, as text cells, into a Sheet.
type parser struct {
	lim      Limits
	zone     *time.Location
	date1904 bool // serials count from 1904 (old Mac workbooks)
	sheet    Sheet

	// The sheet being read.
	name      string
	index     int               // of name in sheet.Sheets, once its header is found
	sheetType zhibu.MeetingType // the type the sheet's name gives, or ""
	cols      []int             // cols[i] is the column of sheet column i, or -1; nil before the header
	has       [numCols]bool     // the columns the header has
}

// readXLSX reads every sheet of the workbook, each as a stream.
func (p *parser) readXLSX(data []byte) error {
	if err := xlsx.CheckZip(data, p.lim.MaxUnzipBytes); err != nil {
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    p.lim.MaxUnzipBytes,
		UnzipXMLSizeLimit: p.lim.MaxUnzipXMLBytes,
	})
	if err != nil {
		return xlsx.Corrupt(err)
	}
	defer f.Close()
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		p.date1904 = *props.Date1904
	}
	for _, name := range f.GetSheetList() {
		if err := p.readSheet(f, name); err != nil {
			return err
		}
	}
	return nil
}

// readSheet reads one sheet: it looks for the header in the first rows and
// reads every row below it.
func (p *parser) readSheet(f *excelize.File, name string) error {
	p.name, p.cols, p.has = name, nil, [numCols]bool{}
	p.sheetType, _ = zhibu.ParseMeetingType(name)
	if p.sheetType.Custom() {
		p.sheetType = "" // an added type's sheet has its 会议类型 column
	}
	rows, err := f.Rows(name)
	if err != nil {
		return xlsx.Corrupt(err)
	}
	defer rows.Close()
	content := false // a non-blank cell above the header
	// Next steps through every row number, yielding no cells for the rows
	// the file leaves out, so line is the row number a spreadsheet shows.
	for line := 1; rows.Next(); line++ {
		if p.cols == nil && line > headerRows {
			content = true
			break
		}
		cells, err := rows.Columns()
		if err != nil {
			return xlsx.Corrupt(err)
		}
		if p.cols != nil {
			if err := p.data(line, cells); err != nil {
				return err
			}
			continue
		}
		found, err := p.header(cells)
		if err != nil {
			return err
		}
		content = content || found || slices.ContainsFunc(cells, func(c string) bool { return strings.TrimSpace(c) != "" })
	}
	if err := rows.Error(); err != nil {
		return xlsx.Corrupt(err)
	}
	if p.cols == nil && content {
		p.sheet.Skipped = append(p.sheet.Skipped, name)
	}
	return nil
}

// header maps the sheet's columns if cells is its header row: one with a
// 日期 cell. It reports whether it was.
func (p *parser) header(cells []string) (bool, error) {
	if !slices.ContainsFunc(cells, func(c string) bool { return columnOf(strings.TrimSpace(c), nil) == colDate }) {
		return false, nil
	}
	cols := make([]int, len(cells))
	var at [numCols]int // 1-based sheet column of each known header
	for i, c := range cells {
		cols[i] = -1
		h := strings.TrimSpace(c)
		col := columnOf(h, cells)
		switch {
		case h == "":
		case col < 0:
			if !slices.Contains(p.sheet.Unknown, h) {
				p.sheet.Unknown = append(p.sheet.Unknown, h)
			}
		case at[col] > 0:
			return false, refuse("工作表“%s”中表头“%s”重复出现（第%s列和第%s列）", p.name, h, xlsx.ColumnLetter(at[col]), xlsx.ColumnLetter(i+1))
		default:
			at[col], cols[i] = i+1, col
			p.has[col] = true
		}
	}
	var missing []string
	note := ""
	if !p.has[colType] && p.sheetType == "" {
		missing = append(missing, label(colType))
		note = "（工作表名不是会议类型时须有“会议类型”列）"
	}
	if !p.has[colOrg] {
		missing = append(missing, label(colOrg))
	}
	if len(missing) > 0 {
		return false, refuse("工作表“%s”缺少必需的列：%s%s", p.name, strings.Join(missing, "、"), note)
	}
	p.cols = cols
	p.index = len(p.sheet.Sheets)
	p.sheet.Sheets = append(p.sheet.Sheets, p.name)
	return true, nil
}

// finish checks that the file had a sheet with a header and meetings.
func (p *parser) finish() (*Sheet, error) {
	switch {
	case len(p.sheet.Sheets) == 0:
		return nil, refuse("未找到表头行：各工作表前%d行中都没有“日期”列", headerRows)
	case len(p.sheet.Rows) == 0:
		return nil, refuse("表头下没有会议记录")
	}
	p.sheet.sortProblems()
	return &p.sheet, nil
}

// data reads a row below the header; blank rows are skipped.
func (p *parser) data(line int, cells []string) error {
	var vals [numCols]string
	blank := true
	for i, c := range cells[:min(len(cells), len(p.cols))] {
		if col := p.cols[i]; col >= 0 && !isIgnored(col) {
			vals[col] = xlsx.Unquote(strings.TrimSpace(c))
			blank = blank && vals[col] == ""
		}
	}
	if blank {
		return nil
	}
	if len(p.sheet.Rows) == p.lim.MaxRows {
		return refuse("会议记录超过%d行的上限，请分批导入", p.lim.MaxRows)
	}
	b := rowBuilder{p: p, line: line, row: ImportRow{Sheet: p.name, Line: line}}
	for col, v := range vals {
		if utf8.RuneCountInString(v) > p.lim.MaxCellChars {
			b.add(col, "内容超过"+strconv.Itoa(p.lim.MaxCellChars)+"个字")
			vals[col] = ""
			b.tooLong[col] = true
		}
	}
	b.build(&vals)
	p.sheet.Rows = append(p.sheet.Rows, b.row)
	return nil
}

// rowBuilder builds the meeting of one row and records its problems.
type rowBuilder struct {
	p       *parser
	line    int
	row     ImportRow
	tooLong [numCols]bool
}

// add records a problem: what is wrong with column col's value.
func (b *rowBuilder) add(col int, what string) {
	b.p.sheet.addProblem(b.p.index, b.line, col, what)
}

// build fills the row from the values of its columns.
func (b *rowBuilder) build(v *[numCols]string) {
	m := &b.row.Meeting
	b.setType(v[colType])
	b.setStatus(v[colStatus])
	m.StartsAt = b.startsAt(v[colDate], v[colTime])
	b.row.OrgName = v[colOrg]
	if v[colOrg] == "" && !b.tooLong[colOrg] {
		b.add(colOrg, "不能为空")
	}
	b.setTopics(v[colTopics])
	m.Place = v[colPlace]
	if utf8.RuneCountInString(m.Place) > maxPlace {
		b.add(colPlace, "不能超过"+strconv.Itoa(maxPlace)+"个字")
	}
	b.row.ChairName = b.name(colChair, v[colChair])
	b.row.RecorderName = b.name(colRecorder, v[colRecorder])
	b.row.LecturerName = b.name(colLecturer, v[colLecturer])
	if m.Type == zhibu.MeetLecture && m.Status == zhibu.MeetingHeld && v[colLecturer] == "" && !b.tooLong[colLecturer] {
		b.add(colLecturer, "党课须填写授课人")
	}
	b.setAttendance(v)
	m.CancelReason = v[colCancelReason]
	if m.Status == zhibu.MeetingCancelled && m.CancelReason == "" && !b.tooLong[colCancelReason] {
		b.add(colCancelReason, "取消会议时不能为空")
	}
}

func (b *rowBuilder) setType(v string) {
	t := b.p.sheetType
	switch {
	case v != "":
		var ok bool
		if t, ok = zhibu.ParseMeetingType(v); !ok {
			if zhibu.CheckCustomTypeName(v) == nil {
				t = zhibu.CustomMeetingType(v) // Check asks whether it was added
			} else {
				b.add(colType, "“"+v+"”不是有效的会议类型，应为"+typeLabels()+"之一，或本支部及上级添加的会议类型")
			}
		}
	case t == "" && !b.tooLong[colType]:
		b.add(colType, "不能为空")
	}
	b.row.Meeting.Type = t
}

// typeLabels lists the built-in types' Chinese names.
func typeLabels() string {
	labels := make([]string, len(zhibu.MeetingTypes))
	for i, t := range zhibu.MeetingTypes {
		labels[i] = t.Label()
	}
	return strings.Join(labels, "、")
}

// setStatus reads 状态; empty is 已召开.
func (b *rowBuilder) setStatus(v string) {
	s, ok := parseStatus(v)
	if !ok {
		b.add(colStatus, "“"+v+"”应为已召开、已取消或计划")
	}
	b.row.Meeting.Status = s
}

func parseStatus(v string) (zhibu.MeetingStatus, bool) {
	switch strings.ToLower(v) {
	case "", "已召开", "召开", "已开", "已举行", "held":
		return zhibu.MeetingHeld, true
	case "计划", "已计划", "计划中", "未召开", "planned":
		return zhibu.MeetingPlanned, true
	case "已取消", "取消", "cancelled", "canceled":
		return zhibu.MeetingCancelled, true
	}
	return "", false
}

// startsAt is the meeting's start in the parser's zone from its 日期 and
// 时间 cells, or the zero time when either is missing or wrong. The time is
// the 时间 cell's, else the date cell's time of day, else 09:00.
func (b *rowBuilder) startsAt(date, clock string) time.Time {
	ok := true
	var d zhibu.Date
	minutes := -1
	switch {
	case date == "":
		if !b.tooLong[colDate] {
			b.add(colDate, "不能为空")
		}
		ok = false
	default:
		var dok bool
		if d, minutes, dok = b.p.dateCell(date); !dok {
			b.add(colDate, "“"+date+"”不是有效日期")
			ok = false
		}
	}
	if clock != "" {
		m, cok := b.p.clockCell(clock)
		if !cok {
			b.add(colTime, "“"+clock+"”不是有效时间，应为00:00至23:59之间，如09:30")
			ok = false
		}
		minutes = m
	}
	if !ok {
		return time.Time{}
	}
	if minutes < 0 {
		minutes = defaultClock
	}
	return time.Date(d.Year, d.Month, d.Day, minutes/60, minutes%60, 0, 0, b.p.zone)
}

// dateCell reads a 日期 cell: a spreadsheet serial, whose fraction is a
// time of day, or text in a form zhibu.ParseDate accepts, optionally
// followed by a space and a time (2024-03-31 23:30). Eight digits are
// always 20240331, never a serial. minutes is the time of day, or -1.
func (p *parser) dateCell(v string) (d zhibu.Date, minutes int, ok bool) {
	if !(len(v) == 8 && strings.Trim(v, "0123456789") == "") {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return p.serialDateTime(f)
		}
	}
	minutes = -1
	if i := strings.IndexAny(v, " T"); i > 0 {
		var cok bool
		if minutes, cok = parseClock(strings.TrimSpace(v[i+1:])); !cok {
			return zhibu.Date{}, -1, false
		}
		v = v[:i]
	}
	d, err := zhibu.ParseDate(v)
	return d, minutes, err == nil
}

// serialDateTime is the day and time of day (-1 for none: midnight) of a
// spreadsheet serial date, to the nearest minute.
func (p *parser) serialDateTime(f float64) (zhibu.Date, int, bool) {
	if !(f >= 1 && f < maxSerial) {
		return zhibu.Date{}, -1, false
	}
	day := math.Floor(f)
	minutes := int(math.Round((f - day) * 24 * 60))
	if minutes == 24*60 {
		day, minutes = day+1, 0
	}
	t, err := excelize.ExcelDateToTime(day, p.date1904)
	if err != nil {
		return zhibu.Date{}, -1, false
	}
	if minutes == 0 {
		minutes = -1
	}
	return zhibu.DateOf(t), minutes, true
}

// clockCell reads a 时间 cell: a time cell (a fraction of a day) or text.
func (p *parser) clockCell(v string) (int, bool) {
	if f, err := strconv.ParseFloat(v, 64); err == nil && !strings.ContainsAny(v, ":：") {
		if !(f >= 0 && f < 1) {
			return 0, false
		}
		return min(int(math.Round(f*24*60)), 24*60-1), true
	}
	return parseClock(v)
}

// clockForms turns the Chinese forms of a time (9：30, 9时30分, 9点30) into
// 9:30.
var clockForms = strings.NewReplacer("：", ":", "时", ":", "点", ":", "分", "", "秒", "")

// parseClock reads a time of day, 9:30, 09:30, 09:30:00, 9时30分 or 9点,
// as minutes since midnight.
func parseClock(v string) (int, bool) {
	v = clockForms.Replace(strings.TrimSpace(v))
	if strings.HasSuffix(v, ":") {
		v += "00"
	}
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var n [3]int
	for i, s := range parts {
		x, err := strconv.Atoi(s)
		if err != nil || len(s) == 0 || len(s) > 2 || s[0] == '+' || s[0] == '-' {
			return 0, false
		}
		n[i] = x
	}
	if n[0] > 23 || n[1] > 59 || n[2] > 59 {
		return 0, false
	}
	return n[0]*60 + n[1], true
}

// setTopics splits 主题 at semicolons and line breaks.
func (b *rowBuilder) setTopics(v string) {
	for t := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == '；' || r == ';' || r == '\n' || r == '\r' }) {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if utf8.RuneCountInString(t) > maxTopic {
			b.add(colTopics, "每个议题不能超过"+strconv.Itoa(maxTopic)+"个字")
		}
		b.row.Meeting.Topics = append(b.row.Meeting.Topics, t)
	}
}

// name reads the single name of column col (主持人, 记录人, 授课人).
func (b *rowBuilder) name(col int, v string) string {
	if utf8.RuneCountInString(v) > maxName {
		b.add(col, "“"+v+"”不是一个姓名（不能超过"+strconv.Itoa(maxName)+"个字）")
	}
	return v
}

// setAttendance reads the lists of names and the counts, and reports a name
// listed twice and a count that does not agree with its list.
func (b *rowBuilder) setAttendance(v *[numCols]string) {
	r, m := &b.row, &b.row.Meeting
	lists := []struct {
		col, countCol int
		names         *[]NameReason
		count         *int
	}{
		{colPresent, colPresentN, &r.Present, &m.Present},
		{colExcused, colExcusedN, &r.Excused, &m.Excused},
		{colAbsent, colAbsentN, &r.Absent, &m.Absent},
	}
	listed := map[string]int{} // name → the column it was first listed in
	sum := 0
	for _, l := range lists {
		*l.names = b.names(l.col, v[l.col])
		for _, n := range *l.names {
			switch first, ok := listed[n.Name]; {
			case !ok:
				listed[n.Name] = l.col
			case first == l.col:
				b.add(l.col, "“"+n.Name+"”填写了两次")
			default:
				b.add(l.col, "“"+n.Name+"”已列入"+label(first)+"名单")
			}
		}
		*l.count = len(*l.names)
		if c, ok := b.count(l.countCol, v[l.countCol]); ok {
			if len(*l.names) > 0 && c != len(*l.names) {
				b.add(l.countCol, strconv.Itoa(c)+"人，与"+label(l.col)+"名单的"+strconv.Itoa(len(*l.names))+"人不符")
			}
			*l.count = c
		}
		sum += *l.count
	}
	m.Expected = sum
	if c, ok := b.count(colExpected, v[colExpected]); ok {
		if c != sum {
			b.add(colExpected, strconv.Itoa(c)+"人，与实到、请假、缺席之和"+strconv.Itoa(sum)+"人不符")
		}
		m.Expected = c
	}
}

// count reads a count cell (28, or 28人); ok is false for an empty or
// wrong cell.
func (b *rowBuilder) count(col int, v string) (int, bool) {
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(v, "人"))
	if err != nil || n < 0 {
		b.add(col, "“"+v+"”应为人数（不小于0的整数）")
		return 0, false
	}
	return n, true
}

// names reads a list of names separated by 、，,；; or spaces, each
// optionally followed by a reason in full- or half-width parentheses:
// 张三（出差）、李四(病假).
func (b *rowBuilder) names(col int, v string) []NameReason {
	var out []NameReason
	for _, item := range splitNames(v) {
		n, ok := parseNameReason(item)
		if !ok {
			b.add(col, "“"+item+"”应为姓名，或姓名后加括号注明原因，如张三（出差）")
			continue
		}
		if utf8.RuneCountInString(n.Name) > maxName {
			b.add(col, "“"+n.Name+"”不是一个姓名（不能超过"+strconv.Itoa(maxName)+"个字）")
			continue
		}
		out = append(out, n)
	}
	return out
}

// splitNames splits v at the separators outside parentheses; spaces before
// an opening parenthesis do not separate.
func splitNames(v string) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		if s := strings.TrimSpace(v[start:end]); s != "" {
			out = append(out, s)
		}
	}
	for i, r := range v {
		switch {
		case r == '（' || r == '(':
			depth++
		case r == '）' || r == ')':
			depth = max(depth-1, 0)
		case depth == 0 && unicode.IsSpace(r) && opensReason(v[i:]):
			// 王五 （出差）: spaces before the reason of the name
		case depth == 0 && (strings.ContainsRune("、，,；;", r) || unicode.IsSpace(r)):
			flush(i)
			start = i + utf8.RuneLen(r)
		}
	}
	flush(len(v))
	return out
}

// opensReason reports whether rest is spaces and then an opening parenthesis.
func opensReason(rest string) bool {
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	return strings.HasPrefix(rest, "（") || strings.HasPrefix(rest, "(")
}

// parseNameReason reads 张三 or 张三（出差）.
func parseNameReason(s string) (NameReason, bool) {
	i := strings.IndexAny(s, "（(")
	if i < 0 {
		return NameReason{Name: s}, !strings.ContainsAny(s, "）)")
	}
	name, rest := strings.TrimSpace(s[:i]), s[i:]
	_, size := utf8.DecodeRuneInString(rest)
	last, lsize := utf8.DecodeLastRuneInString(rest)
	if name == "" || len(rest) < size+lsize || (last != '）' && last != ')') {
		return NameReason{}, false
	}
	reason := strings.TrimSpace(rest[size : len(rest)-lsize])
	if strings.ContainsAny(reason, "（(）)") {
		return NameReason{}, false
	}
	return NameReason{Name: name, Reason: reason}, true
}
