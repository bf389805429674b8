package roster

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/xlsx"
)

// headerRows is how far down Parse looks for the header row: a title row
// (or a few) may stand above it.
const headerRows = 5

// maxSerial is the first spreadsheet serial past 9999-12-31.
const maxSerial = 2958466

// Parse reads an xlsx (detected by content) or CSV (UTF-8, UTF-8 with BOM,
// or GBK/GB18030 when not valid UTF-8) roster. Only the first sheet of an
// xlsx is read.
//
// It returns an error of kind zhibu.ErrInvalid, with a Chinese message, for
// a file it refuses outright: too large, neither xlsx nor CSV, a zip bomb, no
// header row in the first five rows, a missing required column (姓名, 性别,
// 民族, 出生日期, 身份证号, 政治面貌), a duplicate header, no data, too many
// rows. An error reading r is returned as it is. Problems of single rows go
// into Sheet.Problems instead, every problem of every row. Zero fields of
// lim take DefaultLimits' values; today is the date rows are validated on.
func Parse(r io.Reader, lim Limits, today zhibu.Date) (*Sheet, error) {
	lim = lim.OrDefault(DefaultLimits)
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, refuse("文件超过%s的上限", xlsx.SizeText(lim.MaxBytes))
	}
	p := &parser{lim: lim, today: today}
	switch {
	case len(data) == 0:
		return nil, refuse("文件是空的")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		err = p.readXLSX(data)
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		err = refuse("不支持旧版.xls文件或加密的Excel文件，请在Excel中另存为.xlsx（不设密码）后再导入")
	default:
		err = p.readCSV(data)
	}
	if err != nil {
		return nil, err
	}
	return p.finish()
}

// parser turns the rows of a sheet, as text cells, into a Sheet.
type parser struct {
	lim      Limits
	today    zhibu.Date
	serials  bool // a number in a date column is a spreadsheet serial date (xlsx)
	date1904 bool // serials count from 1904 (old Mac workbooks)
	cols     []int
	sheet    Sheet
}

// row takes one sheet row; line is its 1-based number as a spreadsheet
// shows it. The cells slice may be reused by the caller after row returns.
func (p *parser) row(line int, cells []string) error {
	if p.cols == nil {
		return p.header(line, cells)
	}
	return p.data(line, cells)
}

// header skips the rows above the header row and maps the header row's
// cells to columns (p.cols[i] is the column of sheet column i, or -1).
func (p *parser) header(line int, cells []string) error {
	if line > headerRows {
		return refuse("未找到表头行：前%d行中没有“姓名”列", headerRows)
	}
	if !slices.ContainsFunc(cells, func(c string) bool { return strings.TrimSpace(c) == Columns[colName] }) {
		return nil
	}
	cols := make([]int, len(cells))
	var at [numColumns]int // 1-based sheet column of each known header
	for i, c := range cells {
		cols[i] = -1
		h := strings.TrimSpace(c)
		col := slices.Index(Columns, h)
		switch {
		case h == "", h == NumberColumn: // 序号 numbers the rows of an export
		case col < 0:
			if !slices.Contains(p.sheet.Unknown, h) {
				p.sheet.Unknown = append(p.sheet.Unknown, h)
			}
		case at[col] > 0:
			return refuse("表头“%s”重复出现（第%s列和第%s列）", h, xlsx.ColumnLetter(at[col]), xlsx.ColumnLetter(i+1))
		default:
			at[col], cols[i] = i+1, col
		}
	}
	var missing []string
	for col := range numColumns {
		if isRequired(col) && at[col] == 0 {
			missing = append(missing, Columns[col])
		}
	}
	if len(missing) > 0 {
		return refuse("缺少必需的列：%s", strings.Join(missing, "、"))
	}
	p.cols = cols
	return nil
}

// data reads a row below the header; blank rows are skipped.
func (p *parser) data(line int, cells []string) error {
	var vals [numColumns]string
	blank := true
	for i, c := range cells[:min(len(cells), len(p.cols))] {
		if col := p.cols[i]; col >= 0 {
			vals[col] = xlsx.Unquote(strings.TrimSpace(c))
			blank = blank && vals[col] == ""
		}
	}
	if blank {
		return nil
	}
	if len(p.sheet.Rows) == p.lim.MaxRows {
		return refuse("人员超过%d行的上限，请分批导入", p.lim.MaxRows)
	}
	b := rowBuilder{p: p}
	for col, v := range vals {
		if utf8.RuneCountInString(v) > p.lim.MaxCellChars {
			b.add(col, "内容超过"+strconv.Itoa(p.lim.MaxCellChars)+"个字")
			continue
		}
		b.set(col, v)
	}
	b.person.Normalize()
	b.validate()
	p.sheet.Rows = append(p.sheet.Rows, Row{Line: line, Person: b.person, GroupName: b.person.GroupName})
	p.sheet.Problems = append(p.sheet.Problems, b.problems(line)...)
	return nil
}

// finish checks that the file had a header and people.
func (p *parser) finish() (*Sheet, error) {
	switch {
	case p.cols == nil:
		return nil, refuse("未找到表头行：前%d行中没有“姓名”列", headerRows)
	case len(p.sheet.Rows) == 0:
		return nil, refuse("表头下没有人员数据")
	}
	return &p.sheet, nil
}

// date reads a date cell: a spreadsheet serial (xlsx only) or text in a
// form zhibu.ParseDate accepts. Eight digits are always 20180701, never a
// serial.
func (p *parser) date(v string) (zhibu.Date, bool) {
	if v == "" {
		return zhibu.Date{}, true
	}
	if p.serials && !(len(v) == 8 && strings.Trim(v, "0123456789") == "") {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return serialDate(f, p.date1904)
		}
	}
	d, err := zhibu.ParseDate(v)
	return d, err == nil
}

// serialDate is the day of a spreadsheet serial date; a time of day is dropped.
func serialDate(f float64, date1904 bool) (zhibu.Date, bool) {
	if !(f >= 1 && f < maxSerial) {
		return zhibu.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(f, date1904)
	return zhibu.DateOf(t), err == nil
}

// rowBuilder builds the person of one row and collects its problems.
type rowBuilder struct {
	p      *parser
	person zhibu.Person
	probs  zhibu.Problems
}

// add records a problem: what is wrong with column col's value.
func (b *rowBuilder) add(col int, what string) {
	b.probs.Add(fieldOf(col), Columns[col], what)
}

// set stores the text v of column col into the person. Values that
// Person.Validate checks (gender, ethnicity, education) are stored as they
// are and left to it.
func (b *rowBuilder) set(col int, v string) {
	p := &b.person
	switch col {
	case colName:
		p.Name = v
	case colGender:
		p.Gender = zhibu.Gender(v)
	case colEthnicity:
		p.Ethnicity = v
	case colIDNumber:
		b.setIDNumber(v)
	case colPhone:
		p.Phone = v
	case colUnit:
		p.Unit = v
	case colOfficer:
		b.setOfficer(v)
	case colEducation:
		p.Education = v
	case colStatus:
		b.setStatus(v)
	case colGroup:
		p.GroupName = v
	default:
		b.setDate(col, v)
	}
}

// setIDNumber refuses an ID number that a spreadsheet turned into a number
// (1.10101199001011E+17): its last digits are gone.
func (b *rowBuilder) setIDNumber(v string) {
	if storedAsNumber(v) {
		b.probs = append(b.probs, zhibu.Problem{
			Field: fieldOf(colIDNumber), Label: Columns[colIDNumber],
			Message: "身份证号被Excel存为数字，已丢失精度，请将该列设为文本格式",
		})
		return
	}
	b.person.IDNumber = v
}

// storedAsNumber reports whether v is a number with a decimal point or an
// exponent, as a spreadsheet writes a long number it holds as a float.
func storedAsNumber(v string) bool {
	if !strings.ContainsAny(v, ".eE") {
		return false
	}
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

func (b *rowBuilder) setOfficer(v string) {
	switch strings.ToUpper(v) {
	case "", "否", "N", "NO", "0", "FALSE":
		b.person.Officer = false
	case "是", "Y", "YES", "1", "TRUE":
		b.person.Officer = true
	default:
		b.add(colOfficer, "“"+v+"”应为“是”或“否”")
	}
}

// setStatus keeps an unknown status as it is: Validate then reports it once
// and skips the checks of the stage dates, which would only repeat it.
func (b *rowBuilder) setStatus(v string) {
	s, ok := zhibu.ParsePartyStatus(v)
	if !ok && v != "" {
		s = zhibu.PartyStatus(v)
		labels := make([]string, len(zhibu.PartyStatuses))
		for i, x := range zhibu.PartyStatuses {
			labels[i] = x.Label()
		}
		b.add(colStatus, "“"+v+"”不是有效的政治面貌，应为"+strings.Join(labels, "、")+"之一")
	}
	b.person.Status = s
}

func (b *rowBuilder) setDate(col int, v string) {
	d, ok := b.p.date(v)
	if !ok {
		b.add(col, "“"+v+"”不是有效日期")
		return
	}
	*datePtr(&b.person, col) = d
}

// validate adds the problems Person.Validate finds, except for fields that
// already have one: a date that could not be read would also be "empty".
func (b *rowBuilder) validate() {
	var vs zhibu.Problems
	if err := b.person.Validate(b.p.today); !errors.As(err, &vs) {
		return
	}
	read := b.probs
	for _, x := range vs {
		if !slices.ContainsFunc(read, func(y zhibu.Problem) bool { return y.Field == x.Field }) {
			b.probs = append(b.probs, x)
		}
	}
}

// problems are the row's problems in column order, placed on sheet row line.
func (b *rowBuilder) problems(line int) zhibu.Problems {
	slices.SortStableFunc(b.probs, func(x, y zhibu.Problem) int {
		return colOfField(x.Field) - colOfField(y.Field)
	})
	for i, x := range b.probs {
		b.probs[i] = atRow(line, x)
	}
	return b.probs
}
