package dues

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/xlsx"
)

// The columns of a payroll or bank sheet (docs/dues.md), by the names a
// header row may give them. 姓名, 月份 and 金额 are required.
const (
	colName = iota
	colID
	colMonth
	colAmount
	colBase
	colPaidOn
	colMethod
	colNote
	nCols
)

var colNames = [nCols][]string{
	colName:   {"姓名"},
	colID:     {"身份证号", "身份证号码", "公民身份号码"},
	colMonth:  {"月份", "缴费月份", "所属月份", "党费月份"},
	colAmount: {"金额", "党费", "缴费金额", "党费金额", "实缴金额", "扣款金额", "交纳金额"},
	colBase:   {"缴费基数", "基数", "工资基数"},
	colPaidOn: {"缴费日期", "扣款日期", "交易日期", "日期"},
	colMethod: {"缴费方式", "方式"},
	colNote:   {"备注", "摘要"},
}

// Labels are the Chinese names of the columns, for problems and the page;
// fields their code names.
var (
	Labels = [nCols]string{"姓名", "身份证号", "月份", "金额", "缴费基数", "缴费日期", "缴费方式", "备注"}
	fields = [nCols]string{"name", "id_number", "month", "amount", "base", "paid_on", "method", "note"}
)

// DefaultLimits suit a branch's sheet of a year: a few hundred rows.
var DefaultLimits = xlsx.Limits{MaxBytes: 5 << 20, MaxRows: 5000, MaxCellChars: 500, MaxUnzipBytes: 32 << 20, MaxUnzipXMLBytes: 16 << 20}

// headerRows is how many rows from the top may hold the header (a title
// row or two may come first).
const headerRows = 5

// Row is one payment read from the sheet.
type Row struct {
	Line     int // the row number the spreadsheet shows
	Name     string
	IDNumber string
	Months   []zhibu.Month
	Amount   zhibu.Fen
	Base     zhibu.Fen // 0: not given
	PaidOn   zhibu.Date
	Method   zhibu.PayMethod
	Note     string

	amountOK bool // Amount was read (it may be zero or negative)
}

// Sheet is what Parse read: the rows and every problem, each with its row
// and column.
type Sheet struct {
	Rows     []Row
	Problems zhibu.Problems
	HasID    bool
	HasBase  bool
}

// Parse reads the first sheet of an xlsx payroll or bank sheet. A file it
// will not read at all (not an xlsx, damaged, too large, no header) is an
// error of kind zhibu.ErrInvalid with a Chinese message; problems of rows
// are in the Sheet. Amounts are yuan with at most two decimals; months are
// 2026-03, 2026年3月, 202603, a date, or a run 2026-01至2026-03. A missing
// 缴费日期 is today; a missing 缴费方式 is method.
func Parse(r io.Reader, lim xlsx.Limits, today zhibu.Date, method zhibu.PayMethod) (*Sheet, error) {
	lim = lim.OrDefault(DefaultLimits)
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, zhibu.Errorf(zhibu.ErrInvalid, "文件过大：不能超过"+xlsx.SizeText(lim.MaxBytes))
	}
	if err := xlsx.CheckZip(data, lim.MaxUnzipBytes); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: lim.MaxUnzipBytes, UnzipXMLSizeLimit: lim.MaxUnzipXMLBytes})
	if err != nil {
		return nil, xlsx.Corrupt(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, zhibu.Errorf(zhibu.ErrInvalid, "xlsx文件中没有工作表")
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, xlsx.Corrupt(err)
	}
	defer rows.Close()
	sh := &Sheet{}
	var cols [nCols]int // 1-based column of each field, 0: absent
	header := false
	n := 0
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, xlsx.Corrupt(err)
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if !header {
			if line > headerRows {
				break
			}
			if findHeader(cells, &cols) {
				header = true
			}
			continue
		}
		if blank(cells) {
			continue
		}
		if n++; n > lim.MaxRows {
			return nil, zhibu.Errorf(zhibu.ErrInvalid, "行数过多：一次最多导入"+strconv.Itoa(lim.MaxRows)+"行，请分批导入")
		}
		sh.Rows = append(sh.Rows, readRow(line, cells, cols, lim, today, method, date1904, &sh.Problems))
	}
	if err := rows.Error(); err != nil {
		return nil, xlsx.Corrupt(err)
	}
	if !header {
		return nil, zhibu.Errorf(zhibu.ErrInvalid, "前"+strconv.Itoa(headerRows)+"行中没有找到表头：表头应包含“姓名”“月份”“金额”三列")
	}
	if len(sh.Rows) == 0 && len(sh.Problems) == 0 {
		return nil, zhibu.Errorf(zhibu.ErrInvalid, "表中没有缴费记录")
	}
	sh.HasID, sh.HasBase = cols[colID] > 0, cols[colBase] > 0
	return sh, nil
}

// findHeader recognizes a header row: one with 姓名, 月份 and 金额.
func findHeader(cells []string, cols *[nCols]int) bool {
	var found [nCols]int
	for i, c := range cells {
		c = strings.TrimSuffix(strings.TrimSuffix(strings.ReplaceAll(c, " ", ""), "（元）"), "(元)")
		for k, names := range colNames {
			for _, n := range names {
				if c == n && found[k] == 0 {
					found[k] = i + 1
				}
			}
		}
	}
	if found[colName] == 0 || found[colMonth] == 0 || found[colAmount] == 0 {
		return false
	}
	*cols = found
	return true
}

func blank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

func readRow(line int, cells []string, cols [nCols]int, lim xlsx.Limits, today zhibu.Date, method zhibu.PayMethod, date1904 bool, ps *zhibu.Problems) Row {
	r := Row{Line: line, Method: method, PaidOn: today}
	get := func(k int) string {
		if cols[k] == 0 || cols[k] > len(cells) {
			return ""
		}
		return xlsx.Unquote(cells[cols[k]-1])
	}
	bad := func(k int, what string) {
		*ps = append(*ps, zhibu.Problem{Row: line, Field: fields[k], Label: Labels[k],
			Message: "第" + strconv.Itoa(line) + "行 " + Labels[k] + "：" + what})
	}
	for k := range nCols {
		if utf8.RuneCountInString(get(k)) > lim.MaxCellChars {
			bad(k, "内容过长（超过"+strconv.Itoa(lim.MaxCellChars)+"个字）")
			return r
		}
	}
	if r.Name = get(colName); r.Name == "" {
		bad(colName, "不能为空")
	}
	r.IDNumber = zhibu.NormalizeIDNumber(get(colID))
	if v := get(colMonth); v == "" {
		bad(colMonth, "不能为空")
	} else if ms, ok := months(v, date1904); !ok {
		bad(colMonth, "“"+v+"”不是有效月份，应如2026-03或2026-01至2026-03")
	} else {
		r.Months = ms
	}
	if v := get(colAmount); v == "" {
		bad(colAmount, "不能为空")
	} else if a, err := signedYuan(v); err != nil {
		bad(colAmount, "“"+v+"”不是有效金额，应为大于0、最多两位小数的元数")
	} else {
		// Zero or negative is the domain's to refuse (金额：应大于0), as
		// on the form and through the API.
		r.Amount, r.amountOK = a, true
	}
	if v := get(colBase); v != "" {
		if b, err := yuan(v); err != nil || b <= 0 {
			bad(colBase, "“"+v+"”不是有效金额")
		} else {
			r.Base = b
		}
	}
	if v := get(colPaidOn); v != "" {
		if d, ok := date(v, date1904); ok {
			r.PaidOn = d
		} else {
			bad(colPaidOn, "“"+v+"”不是有效日期")
		}
	}
	if v := get(colMethod); v != "" {
		if m, ok := zhibu.ParsePayMethod(v); ok {
			r.Method = m
		} else {
			bad(colMethod, "“"+v+"”应为现金、银行转账、网上缴纳或本人委托代扣")
		}
	}
	r.Note = get(colNote)
	return r
}

// yuan reads an amount: text, or a number as a spreadsheet stores it
// (30, 30.5, and the float noise 30.000000000000004 of a computed cell).
func yuan(v string) (zhibu.Fen, error) {
	if a, err := zhibu.ParseYuan(v); err == nil {
		return a, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 1e9 {
		return 0, strconv.ErrSyntax
	}
	fen := f * 100
	rounded := float64(int64(fen + 0.5))
	if d := fen - rounded; d > 1e-6 || d < -1e-6 {
		return 0, strconv.ErrSyntax // more than two decimals
	}
	return zhibu.Fen(rounded), nil
}

// signedYuan reads an amount that may be negative (-30, -30.5).
func signedYuan(v string) (zhibu.Fen, error) {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(v), "-"); ok && rest != "" {
		a, err := yuan(rest)
		return -a, err
	}
	return yuan(v)
}

// months reads a month or a run of months.
func months(v string, date1904 bool) ([]zhibu.Month, bool) {
	for _, sep := range []string{"至", "~", "～", "—", "--"} {
		if a, b, ok := strings.Cut(v, sep); ok {
			from, ok1 := month(a, date1904)
			to, ok2 := month(b, date1904)
			if !ok1 || !ok2 || to.Before(from) || to.Sub(from) >= 36 {
				return nil, false
			}
			var out []zhibu.Month
			for m := from; !m.After(to); m = m.Add(1) {
				out = append(out, m)
			}
			return out, true
		}
	}
	m, ok := month(v, date1904)
	if !ok {
		return nil, false
	}
	return []zhibu.Month{m}, true
}

func month(v string, date1904 bool) (zhibu.Month, bool) {
	v = strings.TrimSpace(v)
	if d, ok := serial(v, date1904); ok {
		return zhibu.MonthOfDate(d), true
	}
	m, err := zhibu.ParseMonth(v)
	return m, err == nil && !m.IsZero()
}

func date(v string, date1904 bool) (zhibu.Date, bool) {
	if d, ok := serial(v, date1904); ok {
		return d, true
	}
	d, err := zhibu.ParseDate(v)
	return d, err == nil && !d.IsZero()
}

// serial reads a spreadsheet's serial date (a number of days) that is not
// a month typed as 202603 or a date typed as 20260305.
func serial(v string, date1904 bool) (zhibu.Date, bool) {
	if len(v) == 6 || len(v) == 8 {
		if strings.Trim(v, "0123456789") == "" {
			return zhibu.Date{}, false
		}
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 1 || f >= 2958466 {
		return zhibu.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(f, date1904)
	return zhibu.DateOf(t), err == nil
}

// Match finds each row's member among members (by name, and by ID number
// when the sheet has one) and makes the drafts to check and record: a
// payment per row, and a salaried base from the row's first month where
// the row gives a 缴费基数 that differs from the base then in force (bases:
// each member's recorded ones), each draft with its row. A name that
// matches no member, or two without an ID number to tell them apart, is a
// problem of its row. The drafts are not yet checked against the records
// (the dues service does that) nor priced.
func (sh *Sheet) Match(members []zhibu.MemberDues) zhibu.DuesBatch {
	var out zhibu.DuesBatch
	byName := map[string][]*zhibu.MemberDues{}
	for i := range members {
		byName[members[i].Person.Name] = append(byName[members[i].Person.Name], &members[i])
	}
	added := map[int64][]zhibu.DuesBase{}
	for _, r := range sh.Rows {
		if r.Name == "" || len(r.Months) == 0 || !r.amountOK {
			continue // already a problem
		}
		bad := func(k int, what string) {
			sh.Problems = append(sh.Problems, zhibu.Problem{Row: r.Line, Field: fields[k], Label: Labels[k],
				Message: "第" + strconv.Itoa(r.Line) + "行 " + Labels[k] + "：" + what})
		}
		cands := byName[r.Name]
		var md *zhibu.MemberDues
		switch {
		case len(cands) == 0:
			bad(colName, "本支部没有名为“"+r.Name+"”的党员")
			continue
		case r.IDNumber != "":
			for _, c := range cands {
				if c.Person.IDNumber == r.IDNumber {
					md = c
				}
			}
			if md == nil {
				bad(colID, "与本支部党员"+r.Name+"的身份证号不符")
				continue
			}
		case len(cands) > 1:
			bad(colName, "本支部有"+strconv.Itoa(len(cands))+"名党员叫“"+r.Name+"”，请填写身份证号以区分")
			continue
		default:
			md = cands[0]
		}
		id := md.Person.ID
		if r.Base > 0 {
			all := append(append([]zhibu.DuesBase(nil), md.Bases...), added[id]...)
			cur, ok := zhibu.BaseFor(all, r.Months[0])
			if !ok || cur.Category != zhibu.DuesSalaried || cur.Base != r.Base {
				b := zhibu.DuesBase{PersonID: id, Category: zhibu.DuesSalaried, Base: r.Base, From: r.Months[0], Note: "由缴费表导入"}
				added[id] = append(added[id], b)
				out.Bases = append(out.Bases, zhibu.BaseDraft{DuesBase: b, Row: r.Line})
			}
		}
		out.Payments = append(out.Payments, zhibu.PaymentDraft{Row: r.Line,
			Payment: zhibu.Payment{PersonID: id, Months: r.Months, Amount: r.Amount, Method: r.Method, PaidOn: r.PaidOn, Note: r.Note}})
	}
	return out
}
