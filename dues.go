package zhibu

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Month is a calendar month, the unit dues are owed in (2026-03). The zero
// Month means "no month". Months are stored as 2026-03 text, which sorts in
// calendar order on both engines.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOfDate is the month that holds day d.
func MonthOfDate(d Date) Month { return Month{d.Year, d.Month} }

// MakeMonth builds a Month; see Valid.
func MakeMonth(y int, m time.Month) Month { return Month{y, m} }

// IsZero reports whether m is "no month".
func (m Month) IsZero() bool { return m == Month{} }

// Valid reports whether m names a month that exists.
func (m Month) Valid() bool { return m.Year >= 1 && m.Year <= 9999 && m.Month >= 1 && m.Month <= 12 }

// index counts months from year 0, so that months subtract exactly.
func (m Month) index() int { return m.Year*12 + int(m.Month) - 1 }

func monthAt(i int) Month { return Month{i / 12, time.Month(i%12 + 1)} }

// Add is the month n months after m (before it for negative n): exact
// calendar arithmetic on months, with no days to clamp.
func (m Month) Add(n int) Month { return monthAt(m.index() + n) }

// Sub is the number of months from n to m: 2026-03 minus 2025-12 is 3.
func (m Month) Sub(n Month) int { return m.index() - n.index() }

// Before reports whether m is strictly before n.
func (m Month) Before(n Month) bool { return m.index() < n.index() }

// After reports whether m is strictly after n.
func (m Month) After(n Month) bool { return m.index() > n.index() }

// First is the month's first day; Last its last day (31 January, 28 or 29
// February).
func (m Month) First() Date { return Date{m.Year, m.Month, 1} }

// Last is the month's last day.
func (m Month) Last() Date { return Date{m.Year, m.Month, daysIn(m.Year, m.Month)} }

// Period is the month as a finding's period.
func (m Month) Period() Period { return Period{PeriodMonth, m.Year, int(m.Month)} }

// String is 2026-03, or "" for the zero Month.
func (m Month) String() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year, m.Month)
}

// Chinese is 2026年3月.
func (m Month) Chinese() string {
	if m.IsZero() {
		return ""
	}
	return strconv.Itoa(m.Year) + "年" + strconv.Itoa(int(m.Month)) + "月"
}

// ParseMonth reads the month forms found in sheets and forms: 2026-03,
// 2026-3, 2026/3, 2026.3, 2026年3月, 202603, and a full date (its month).
// An empty string gives the zero Month and no error.
func ParseMonth(s string) (Month, error) {
	if m, ok := parseMonthFast(s); ok {
		return m, nil
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return Month{}, nil
	}
	if len(s) == 6 && isDigits(s) {
		s = s[:4] + "-" + s[4:]
	}
	if d, err := ParseDate(s); err == nil {
		return MonthOfDate(d), nil
	}
	s = dateSeparators.Replace(strings.TrimSuffix(strings.TrimSuffix(s, "份"), "月"))
	parts := strings.Split(strings.TrimSuffix(s, "-"), "-")
	if len(parts) != 2 || len(parts[0]) != 4 || !isDigits(parts[0]) || !isDigits(parts[1]) || len(parts[1]) > 2 {
		return Month{}, fmt.Errorf("bad month %q", s)
	}
	y, _ := strconv.Atoi(parts[0])
	mo, _ := strconv.Atoi(parts[1])
	m := Month{y, time.Month(mo)}
	if y < 1000 || !m.Valid() {
		return Month{}, fmt.Errorf("no such month %q", s)
	}
	return m, nil
}

// parseMonthFast reads the stored form 2026-03 without allocating: the
// ledgers scan a month per member-month.
func parseMonthFast(s string) (Month, bool) {
	if len(s) != 7 || s[4] != '-' {
		return Month{}, false
	}
	n := 0
	for i, c := range []byte(s) {
		if i == 4 {
			continue
		}
		if c < '0' || c > '9' {
			return Month{}, false
		}
		n = n*10 + int(c-'0')
	}
	m := Month{n / 100, time.Month(n % 100)}
	return m, m.Year >= 1000 && m.Valid()
}

// Value stores a Month as 2026-03 text, or NULL.
func (m Month) Value() (driver.Value, error) {
	if m.IsZero() {
		return nil, nil
	}
	return m.String(), nil
}

// Scan reads a Month from NULL or 2026-03 text.
func (m *Month) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*m = Month{}
		return nil
	case string:
		x, err := ParseMonth(v)
		*m = x
		return err
	case []byte:
		if x, ok := parseMonthFast(string(v)); ok {
			*m = x
			return nil
		}
		return m.Scan(string(v))
	}
	return fmt.Errorf("cannot scan %T into Month", src)
}

// MarshalText writes 2026-03, for JSON and forms.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads any form ParseMonth accepts.
func (m *Month) UnmarshalText(b []byte) error {
	x, err := ParseMonth(string(b))
	*m = x
	return err
}

// Fen is an amount of money in fen (分), the only unit money is kept in.
type Fen int64

// Yuan formats an amount as 1,234.56 (no sign of the currency).
func (f Fen) Yuan() string {
	neg := f < 0
	if neg {
		f = -f
	}
	y := strconv.FormatInt(int64(f)/100, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range y {
		if i > 0 && (len(y)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	fmt.Fprintf(&b, ".%02d", int64(f)%100)
	return b.String()
}

// String is ¥1,234.56.
func (f Fen) String() string { return "¥" + f.Yuan() }

// ParseYuan reads an amount typed in yuan: 1234.56, 1,234.5, ¥12, 12元.
// More than two decimals, a negative amount or an absurd one is an error.
func ParseYuan(s string) (Fen, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "￥")
	s = strings.TrimSuffix(s, "元")
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, fmt.Errorf("empty amount")
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if !isDigits(whole) || len(whole) > 10 || (frac != "" && !isDigits(frac)) || len(frac) > 2 {
		return 0, fmt.Errorf("bad amount %q", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	return Fen(w*100 + f), nil
}

// DuesCategory is how a member's monthly dues are worked out (党费规定第一至七条).
type DuesCategory string

const (
	DuesSalaried     DuesCategory = "salaried"      // 在职（工资收入）: fixed regular pay after tax, art.1–2
	DuesAnnualSalary DuesCategory = "annual_salary" // 年薪制: pay actually received that month, art.3
	DuesNoSalary     DuesCategory = "no_salary"     // 无固定工资: average monthly net income of the previous quarter, art.4
	DuesRetired      DuesCategory = "retired"       // 离退休: pension, art.5
	DuesFlat         DuesCategory = "flat"          // 定额: farmers, students, unemployed, relief recipients, art.6; the base is the amount
	DuesWaived       DuesCategory = "waived"        // 减免: branch decides, superior approves, art.7
)

// DuesCategories in the order forms list them.
var DuesCategories = []DuesCategory{DuesSalaried, DuesAnnualSalary, DuesNoSalary, DuesRetired, DuesFlat, DuesWaived}

// Label is the category's Chinese name.
func (c DuesCategory) Label() string {
	switch c {
	case DuesSalaried:
		return "在职（按月工资）"
	case DuesAnnualSalary:
		return "年薪制"
	case DuesNoSalary:
		return "无固定工资收入"
	case DuesRetired:
		return "离退休"
	case DuesFlat:
		return "定额缴纳"
	case DuesWaived:
		return "减免（经上级党委批准）"
	}
	return string(c)
}

// Valid reports whether c is a known category.
func (c DuesCategory) Valid() bool {
	for _, x := range DuesCategories {
		if c == x {
			return true
		}
	}
	return false
}

// ParseDuesCategory reads a category from its code or Chinese name (or a
// common short form: 在职, 退休, 定额, 免交).
func ParseDuesCategory(s string) (DuesCategory, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "在职", "工资":
		return DuesSalaried, true
	case "年薪":
		return DuesAnnualSalary, true
	case "无固定工资", "无固定收入":
		return DuesNoSalary, true
	case "退休", "离休":
		return DuesRetired, true
	case "定额":
		return DuesFlat, true
	case "免交", "减免", "减交":
		return DuesWaived, true
	}
	for _, c := range DuesCategories {
		if s == string(c) || s == c.Label() {
			return c, true
		}
	}
	return "", false
}

// Flat dues bounds (art.6): 0.2 to 1 yuan a month.
const (
	FlatDuesMin Fen = 20
	FlatDuesMax Fen = 100
)

// DuesRate is the rate in per mille that applies to a monthly base in a
// category (党费规定第二、五条): for pay, ≤3000 yuan 5‰, ≤5000 10‰, ≤10000
// 15‰, above 20‰; for a pension, ≤5000 5‰, above 10‰. Each bracket includes
// its upper bound: 3000.00 is 5‰, 3000.01 is 10‰. Flat and waived dues have
// no rate (0).
func DuesRate(c DuesCategory, base Fen) int {
	switch c {
	case DuesSalaried, DuesAnnualSalary, DuesNoSalary:
		switch {
		case base <= 300000:
			return 5
		case base <= 500000:
			return 10
		case base <= 1000000:
			return 15
		}
		return 20
	case DuesRetired:
		if base <= 500000 {
			return 5
		}
		return 10
	}
	return 0
}

// MonthlyDues is the amount owed for one month on a base in a category:
// base × rate, rounded half up to the fen. A flat category's base is the
// amount itself; a waived one owes nothing.
func MonthlyDues(c DuesCategory, base Fen) Fen {
	switch c {
	case DuesFlat:
		return base
	case DuesWaived:
		return 0
	}
	if base <= 0 {
		return 0
	}
	return (base*Fen(DuesRate(c, base)) + 500) / 1000
}

// DuesBase is one entry of a member's history of monthly bases: from month
// From on (until the next entry), dues are worked out in Category on Base.
// A waiver (DuesWaived) takes effect only once the superior approves it.
type DuesBase struct {
	ID         int64        `json:"id"`
	PersonID   int64        `json:"person_id"`
	Category   DuesCategory `json:"category"`
	Base       Fen          `json:"base_fen"` // monthly base (the amount itself for flat dues)
	From       Month        `json:"from"`     // the month the base takes effect (the month the new pay is received)
	Note       string       `json:"note,omitempty"`
	ApprovedOn Date         `json:"approved_on,omitzero"` // a waiver's approval by the superior
	ApprovedBy string       `json:"approved_by,omitempty"`
}

// Monthly is the amount the base owes a month.
func (b DuesBase) Monthly() Fen { return MonthlyDues(b.Category, b.Base) }

// Pending reports whether b is a waiver the superior has not yet approved.
func (b DuesBase) Pending() bool { return b.Category == DuesWaived && b.ApprovedOn.IsZero() }

// Validate checks a base as of today.
func (b DuesBase) Validate(today Date) error {
	var ps Problems
	if !b.Category.Valid() {
		ps.Add("category", "缴费类别", "应为在职、年薪制、无固定工资收入、离退休、定额缴纳或减免之一")
	}
	switch {
	case b.From.IsZero():
		ps.Add("from", "起始月份", "不能为空")
	case !b.From.Valid():
		ps.Add("from", "起始月份", "不是有效月份")
	case b.From.After(MonthOfDate(today).Add(1)):
		ps.Add("from", "起始月份", "最晚为下个月")
	}
	switch {
	case b.Base < 0:
		ps.Add("base", "缴费基数", "不能为负数")
	case b.Category == DuesFlat && (b.Base < FlatDuesMin || b.Base > FlatDuesMax):
		ps.Add("base", "缴费基数", "定额缴纳每月应为0.20元至1.00元")
	case b.Category != DuesFlat && b.Category != DuesWaived && b.Category.Valid() && b.Base == 0:
		ps.Add("base", "缴费基数", "不能为0")
	case b.Base > 100000000:
		ps.Add("base", "缴费基数", "超过100万元，请核对")
	}
	if len([]rune(b.Note)) > 200 {
		ps.Add("note", "备注", "不能超过200个字")
	}
	return ps.Err()
}

// BaseFor is the base in force in month m: the last of bases (in any
// order) whose From is on or before m; ok is false when none is.
func BaseFor(bases []DuesBase, m Month) (DuesBase, bool) {
	var best DuesBase
	ok := false
	for _, b := range bases {
		if !b.From.After(m) && (!ok || b.From.After(best.From) || (b.From == best.From && b.ID > best.ID)) {
			best, ok = b, true
		}
	}
	return best, ok
}

// PayMethod is how a payment was made.
type PayMethod string

const (
	PayCash     PayMethod = "cash"     // 现金
	PayTransfer PayMethod = "transfer" // 银行转账
	PayOnline   PayMethod = "online"   // 网上缴纳（微信、支付宝、党费缴纳平台）
	PayPayroll  PayMethod = "payroll"  // 本人委托代扣（payroll sheet）
)

// PayMethods in the order forms list them.
var PayMethods = []PayMethod{PayCash, PayTransfer, PayOnline, PayPayroll}

// Label is the method's Chinese name.
func (m PayMethod) Label() string {
	switch m {
	case PayCash:
		return "现金"
	case PayTransfer:
		return "银行转账"
	case PayOnline:
		return "网上缴纳"
	case PayPayroll:
		return "本人委托代扣"
	}
	return string(m)
}

// Valid reports whether m is a known method.
func (m PayMethod) Valid() bool {
	for _, x := range PayMethods {
		if m == x {
			return true
		}
	}
	return false
}

// ParsePayMethod reads a method from its code or Chinese name.
func ParsePayMethod(s string) (PayMethod, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "转账", "银行":
		return PayTransfer, true
	case "微信", "支付宝", "网上", "线上":
		return PayOnline, true
	case "代扣", "工资代扣":
		return PayPayroll, true
	}
	for _, m := range PayMethods {
		if s == string(m) || s == m.Label() {
			return m, true
		}
	}
	return "", false
}

// Dues limits (党费规定第十一、十二条).
const (
	// ToCentreFrom is the voluntary extra, paid at once, from which the
	// money goes to the centre (1000 yuan): "自愿一次多交纳1000元以上的党费，
	// 全部上缴中央" (art.11).
	ToCentreFrom Fen = 100000
	// BackPayMonths is the most months a back-payment generally covers.
	BackPayMonths = 6
	// ArrearsMonths is the run of unpaid months that starts the
	// self-withdrawal procedure (党章第九条).
	ArrearsMonths = 6
)

// Payment is one payment of dues by a member for one or more months.
type Payment struct {
	ID         int64     `json:"id"`
	PersonID   int64     `json:"person_id"`
	PersonName string    `json:"person_name,omitempty"`
	OrgID      int64     `json:"org_id"` // the branch it was paid to
	Amount     Fen       `json:"amount_fen"`
	Due        Fen       `json:"due_fen"` // what the months covered owed when recorded
	Months     []Month   `json:"months"`  // in order
	Method     PayMethod `json:"method"`
	PaidOn     Date      `json:"paid_on"`
	PaidByOrg  bool      `json:"paid_by_org"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
	Note       string    `json:"note,omitempty"`
}

// Receipt is the payment's receipt number: DF2026-000123.
func (p Payment) Receipt() string { return fmt.Sprintf("DF%d-%06d", p.PaidOn.Year, p.ID) }

// Extra is what was paid above the months' dues (voluntary, art.11).
func (p Payment) Extra() Fen { return max(p.Amount-p.Due, 0) }

// ToCentre reports whether the payment carries a voluntary extra of 1000
// yuan or more, which goes to the centre (art.11). A back-payment of many
// months is no voluntary extra, however large.
func (p Payment) ToCentre() bool { return p.Extra() >= ToCentreFrom }

// BackPay reports whether the payment covers a month more than six months
// before the month it was paid in (art.12).
func (p Payment) BackPay() bool {
	return len(p.Months) > 0 && MonthOfDate(p.PaidOn).Sub(p.Months[0]) > BackPayMonths
}

// MonthsLabel is the months covered: 2026年1月—2026年3月 for a run,
// otherwise the months listed.
func (p Payment) MonthsLabel() string { return MonthsLabel(p.Months) }

// MonthsLabel names a sorted list of months, runs joined by a dash.
func MonthsLabel(ms []Month) string {
	var parts []string
	for i := 0; i < len(ms); {
		j := i
		for j+1 < len(ms) && ms[j+1].Sub(ms[j]) == 1 {
			j++
		}
		if i == j {
			parts = append(parts, ms[i].Chinese())
		} else {
			parts = append(parts, ms[i].Chinese()+"—"+ms[j].Chinese())
		}
		i = j + 1
	}
	return strings.Join(parts, "、")
}

// Validate checks a payment as typed, as of today: the months (at least
// one, none after next month, none twice), the amount, the method and the
// payment day.
func (p Payment) Validate(today Date) error {
	var ps Problems
	seen := map[Month]bool{}
	switch {
	case len(p.Months) == 0:
		ps.Add("months", "缴费月份", "至少选择一个月")
	case len(p.Months) > 36:
		ps.Add("months", "缴费月份", "一次最多缴纳36个月")
	}
	for _, m := range p.Months {
		switch {
		case !m.Valid():
			ps.Add("months", "缴费月份", "“"+m.String()+"”不是有效月份")
		case m.After(MonthOfDate(today).Add(12)):
			ps.Add("months", "缴费月份", m.Chinese()+"超出可预缴的范围（12个月）")
		case seen[m]:
			ps.Add("months", "缴费月份", m.Chinese()+"重复")
		}
		seen[m] = true
	}
	switch {
	case p.Amount <= 0:
		ps.Add("amount", "金额", "应大于0")
	case p.Amount > 100000000:
		ps.Add("amount", "金额", "超过100万元，请核对")
	}
	if !p.Method.Valid() {
		ps.Add("method", "缴费方式", "应为现金、银行转账、网上缴纳或本人委托代扣")
	}
	switch {
	case p.PaidOn.IsZero():
		ps.Add("paid_on", "缴费日期", "不能为空")
	case !p.PaidOn.Valid():
		ps.Add("paid_on", "缴费日期", "不是有效日期")
	case p.PaidOn.After(today):
		ps.Add("paid_on", "缴费日期", "不能晚于今天")
	}
	if len([]rune(p.Note)) > 200 {
		ps.Add("note", "备注", "不能超过200个字")
	}
	return ps.Err()
}

// DuesReason is a recorded reason for not paying in a run of months (经批准
// 缓交, 免交, 因病, 失联): those months do not count toward arrears.
type DuesReason struct {
	ID       int64  `json:"id"`
	PersonID int64  `json:"person_id"`
	From     Month  `json:"from"`
	To       Month  `json:"to"` // inclusive
	Reason   string `json:"reason"`
}

// Covers reports whether the reason covers month m.
func (r DuesReason) Covers(m Month) bool { return !m.Before(r.From) && !m.After(r.To) }

// Validate checks a reason.
func (r DuesReason) Validate() error {
	var ps Problems
	if !r.From.Valid() {
		ps.Add("from", "起始月份", "不是有效月份")
	}
	if !r.To.Valid() {
		ps.Add("to", "截止月份", "不是有效月份")
	} else if r.From.Valid() && r.To.Before(r.From) {
		ps.Add("to", "截止月份", "不能早于起始月份")
	}
	switch n := len([]rune(strings.TrimSpace(r.Reason))); {
	case n == 0:
		ps.Add("reason", "原因", "不能为空")
	case n > 200:
		ps.Add("reason", "原因", "不能超过200个字")
	}
	return ps.Err()
}

// DuesStartMonth is the first month a person owes dues: the month of the
// assembly vote that admitted them (党费规定第八条), or zero for a non-member.
func (p Person) DuesStartMonth() Month {
	if !p.Status.IsMember() || p.AdmittedOn.IsZero() {
		return Month{}
	}
	return MonthOfDate(p.AdmittedOn)
}

// DuesState is where one member-month stands.
type DuesState string

const (
	DuesNotOwed  DuesState = ""         // before the member owed dues here (or before the first base)
	DuesPaid     DuesState = "paid"     // 已缴
	DuesOpen     DuesState = "due"      // the current month, not yet paid: due within the month
	DuesOverdue  DuesState = "overdue"  // a past month not paid: 欠缴
	DuesExcused  DuesState = "excused"  // not paid, with a recorded reason
	DuesExempt   DuesState = "waived"   // an approved waiver: nothing owed
	DuesPending  DuesState = "pending"  // a waiver awaiting the superior's approval
	DuesUpcoming DuesState = "upcoming" // a month not begun
)

// Label is the state's Chinese name.
func (s DuesState) Label() string {
	switch s {
	case DuesPaid:
		return "已缴"
	case DuesOpen:
		return "本月应缴"
	case DuesOverdue:
		return "欠缴"
	case DuesExcused:
		return "缓/免交"
	case DuesExempt:
		return "免交"
	case DuesPending:
		return "减免待批"
	case DuesUpcoming:
		return "未到期"
	}
	return "—"
}

// PaidMonth is a month a payment covered and what it owed when recorded.
type PaidMonth struct {
	PaymentID int64
	Due       Fen
	PaidOn    Date // the day it was paid (zero when not read)
}

// MemberDues is what the ledger and the rules know of one member's dues.
type MemberDues struct {
	Person  Person
	Bases   []DuesBase
	Paid    map[Month]PaidMonth
	Reasons []DuesReason
	// Known is the first month whose payments Paid holds (zero: all of
	// them); a run of arrears is not followed back before it.
	Known Month
}

// Start is the first month the member owes dues in this branch: the
// month of admission (党费规定第八条), of joining the branch (earlier
// months are the old org's), and of the first recorded base (before it the
// branch did not keep its dues here), whichever is latest. Zero when the
// person owes nothing (not a member, or no base recorded).
func (md MemberDues) Start() Month {
	s := md.Person.DuesStartMonth()
	if s.IsZero() || len(md.Bases) == 0 {
		return Month{}
	}
	if j := md.Person.JoinedOn; !j.IsZero() && MonthOfDate(j).After(s) {
		s = MonthOfDate(j)
	}
	first := md.Bases[0].From
	for _, b := range md.Bases {
		if b.From.Before(first) {
			first = b.From
		}
	}
	if first.After(s) {
		s = first
	}
	return s
}

// DuesCell is one member-month of the ledger.
type DuesCell struct {
	Month     Month
	State     DuesState
	Due       Fen   // owed by the base in force (the amount recorded when paid)
	Shortfall Fen   // paid before a base change that owes more now (art.10)
	PaymentID int64 // the payment that covered it
	Reason    string
	PaidOn    Date // the day a paid month was paid, when known
}

// LatePaid reports whether a paid month was paid after it ended (补缴).
func (c DuesCell) LatePaid() bool {
	return c.State == DuesPaid && !c.PaidOn.IsZero() && MonthOfDate(c.PaidOn).After(c.Month)
}

// Cell is the state of month m as of day asOf. Calendar arithmetic is on
// whole months: a month is due until its last day and overdue from the
// first day of the next.
func (md MemberDues) Cell(m Month, asOf Date) DuesCell {
	c := DuesCell{Month: m}
	b, hasBase := BaseFor(md.Bases, m)
	if hasBase {
		c.Due = b.Monthly()
	}
	if p, ok := md.Paid[m]; ok {
		c.State, c.PaymentID, c.PaidOn = DuesPaid, p.PaymentID, p.PaidOn
		if hasBase && b.Category != DuesWaived && c.Due > p.Due {
			c.Shortfall = c.Due - p.Due
		}
		c.Due = p.Due
		return c
	}
	start := md.Start()
	switch {
	case start.IsZero() || m.Before(start):
		c.State = DuesNotOwed
		return c
	case m.After(MonthOfDate(asOf)):
		c.State = DuesUpcoming
		return c
	case hasBase && b.Category == DuesWaived && b.Pending():
		c.State = DuesPending
		return c
	case hasBase && b.Category == DuesWaived:
		c.State = DuesExempt
		return c
	}
	for _, r := range md.Reasons {
		if r.Covers(m) {
			c.State, c.Reason = DuesExcused, r.Reason
			return c
		}
	}
	if m == MonthOfDate(asOf) {
		c.State = DuesOpen
	} else {
		c.State = DuesOverdue
	}
	return c
}

// Arrears is the run of consecutive overdue months (unpaid, past, with no
// recorded reason) that ends at month last, as of asOf: its first month and
// length (0 when last is not overdue).
func (md MemberDues) Arrears(last Month, asOf Date) (from Month, n int) {
	for m := last; ; m = m.Add(-1) {
		if m.Before(md.Known) || md.Cell(m, asOf).State != DuesOverdue {
			return from, n
		}
		from, n = m, n+1
	}
}

// DuesLedgerRow is one member's year in the ledger.
type DuesLedgerRow struct {
	MemberDues
	Cells   [12]DuesCell
	Paid    Fen // the dues of the year's months paid (as recorded)
	Owed    Fen // the dues of the year's months owed and not paid, up to the as-of month
	Overdue int // the year's months unpaid after their end (欠缴)
	Arrears int // the run of overdue months ending at the year's last month ended by the as-of day
}

// DuesMonthTotal is a month's totals over the ledger's members.
type DuesMonthTotal struct {
	Paid, Owed        Fen
	PaidN, OwedN, Due int // members who paid, who owe (overdue or open), who were due at all
}

// DuesLedger is a year of dues for a set of members (a branch, or a
// committee's subtree), as of a day.
type DuesLedger struct {
	Year   int
	AsOf   Date
	Rows   []DuesLedgerRow
	Months [12]DuesMonthTotal
	Paid   Fen
	Owed   Fen
}

// BuildDuesLedger lays out members' dues for a year as of asOf.
func BuildDuesLedger(members []MemberDues, year int, asOf Date) DuesLedger {
	l := DuesLedger{Year: year, AsOf: asOf, Rows: make([]DuesLedgerRow, len(members))}
	// Arrears run up to the last month that has ended.
	last := MakeMonth(year, 12)
	if a := MonthOfDate(asOf).Add(-1); a.Before(last) {
		last = a
	}
	for i, md := range members {
		r := &l.Rows[i]
		r.MemberDues = md
		for mo := 1; mo <= 12; mo++ {
			c := md.Cell(MakeMonth(year, time.Month(mo)), asOf)
			r.Cells[mo-1] = c
			t := &l.Months[mo-1]
			switch c.State {
			case DuesPaid:
				r.Paid += c.Due
				t.Paid += c.Due
				t.PaidN++
				t.Due++
			case DuesOverdue, DuesOpen:
				if c.State == DuesOverdue {
					r.Overdue++
				}
				r.Owed += c.Due
				t.Owed += c.Due
				t.OwedN++
				t.Due++
			case DuesExcused, DuesPending:
				t.Due++
			}
		}
		if last.Year == year {
			_, r.Arrears = md.Arrears(last, asOf)
		}
		l.Paid += r.Paid
		l.Owed += r.Owed
	}
	return l
}

// EvidencePayment is the evidence kind of a dues payment (a member is
// EvidencePerson).
const EvidencePayment = "payment"

// Capital is the amount in Chinese capital numerals as receipts write it:
// 玖拾陆元贰角伍分, 壹仟零伍元整, 壹拾万元零伍分, 零元整.
func (f Fen) Capital() string {
	if f < 0 {
		return "负" + (-f).Capital()
	}
	yuan, jiao, fen := int64(f)/100, int64(f)/10%10, int64(f)%10
	var b strings.Builder
	if yuan > 0 {
		b.WriteString(capitalInt(yuan) + "元")
	}
	switch {
	case jiao == 0 && fen == 0:
		if yuan == 0 {
			return "零元整"
		}
		return b.String() + "整"
	case yuan > 0 && jiao == 0:
		b.WriteString("零")
	}
	if jiao > 0 {
		b.WriteString(capitalDigits[jiao] + "角")
	}
	if fen > 0 {
		b.WriteString(capitalDigits[fen] + "分")
	} else {
		b.WriteString("整")
	}
	return b.String()
}

var (
	capitalDigits   = []string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}
	capitalUnits    = []string{"", "拾", "佰", "仟"}
	capitalSections = []string{"", "万", "亿", "万亿"}
)

// capitalInt writes a positive integer in capital numerals, in sections
// of four digits, one 零 for each run of zeros inside it.
func capitalInt(n int64) string {
	var secs []int64
	for ; n > 0; n /= 10000 {
		secs = append(secs, n%10000)
	}
	var out strings.Builder
	zero := false
	for i := len(secs) - 1; i >= 0; i-- {
		sec := secs[i]
		if sec == 0 {
			zero = out.Len() > 0
			continue
		}
		if out.Len() > 0 && sec < 1000 {
			zero = true
		}
		p := int64(1000)
		for pos := 3; pos >= 0; pos, p = pos-1, p/10 {
			d := sec / p % 10
			switch {
			case d == 0:
				zero = zero || out.Len() > 0 && pos > 0 && sec%p != 0
				continue
			case zero:
				out.WriteString("零")
				zero = false
			}
			out.WriteString(capitalDigits[d] + capitalUnits[pos])
		}
		out.WriteString(capitalSections[i])
	}
	return out.String()
}

// PaidThrough is the latest month the member has paid for: what a
// transfer letter writes as 党费已交到…. Zero when nothing is paid.
func (d MemberDues) PaidThrough() Month {
	var last Month
	for m := range d.Paid {
		if last.IsZero() || m.After(last) {
			last = m
		}
	}
	return last
}

// PayerCheck refuses a person who owes no dues: only party members (full
// and probationary) pay them.
func (p Person) PayerCheck() error {
	if !p.Status.IsMember() {
		return Errorf(ErrInvalid, p.Name+"不是党员（"+p.Status.Label()+"），不交纳党费")
	}
	return nil
}

// DuesFor is what months ms owe by the bases in force then (months without
// a base owe nothing here): the amount of a payment left empty.
func (md MemberDues) DuesFor(ms []Month) Fen {
	var due Fen
	for _, m := range ms {
		if b, ok := BaseFor(md.Bases, m); ok {
			due += b.Monthly()
		}
	}
	return due
}

// Price checks a payment (valid as typed, months in order) against the
// member's records and says what each of its months owes: no month before
// admission (党费规定第八条), each month has a base and is not waived by an
// approved waiver, and the amount covers the months' dues (anything above
// is voluntary, art.11). A month already paid (in md.Paid) is a conflict
// (see MonthsPaid); the other refusals are Problems.
func (md MemberDues) Price(p Payment) ([]Fen, error) {
	var ps Problems
	start := md.Person.DuesStartMonth()
	due := make([]Fen, len(p.Months))
	var total Fen
	var paid []Month
	var receipt int64
	for i, m := range p.Months {
		b, ok := BaseFor(md.Bases, m)
		switch {
		case m.Before(start):
			ps.Add("months", "缴费月份", m.Chinese()+"早于入党（"+md.Person.AdmittedOn.Chinese()+"），党员自支部大会通过其入党之月起交纳党费")
		case !ok:
			ps.Add("months", "缴费月份", m.Chinese()+"没有适用的缴费基数，请先登记缴费基数")
		case b.Category == DuesWaived && !b.Pending():
			ps.Add("months", "缴费月份", m.Chinese()+"已经上级党委批准免交党费")
		default:
			if pm, ok := md.Paid[m]; ok {
				paid, receipt = append(paid, m), pm.PaymentID
				continue
			}
			due[i] = b.Monthly()
			total += due[i]
		}
	}
	if len(ps) == 0 && len(paid) == 0 && p.Amount < total {
		ps.Add("amount", "金额", "应不少于所选月份的应缴党费"+total.String())
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	if len(paid) > 0 {
		return nil, MonthsPaid(md.Person.Name, paid, receipt)
	}
	return due, nil
}

// MonthsPaid is the conflict of recording months already paid: by the
// payment with the receipt number id, or (0) by another row of the same
// batch or a payment saved meanwhile.
func MonthsPaid(name string, ms []Month, id int64) error {
	ref := ""
	if id > 0 {
		ref = "（收据号第" + strconv.FormatInt(id, 10) + "号）"
	}
	return Errorf(ErrConflict, name+MonthsLabel(ms)+"的党费已经登记缴纳"+ref+"，不能重复登记")
}

// VoidReasonCheck checks the reason a payment is taken back.
func VoidReasonCheck(reason string) error {
	var ps Problems
	switch n := len([]rune(strings.TrimSpace(reason))); {
	case n == 0:
		ps.Add("reason", "撤销原因", "不能为空")
	case n > 200:
		ps.Add("reason", "撤销原因", "不能超过200个字")
	}
	return ps.Err()
}

// PaymentDraft is a payment checked and priced, ready to store: Dues is
// what each of its months owes (in the order of Months), Row the sheet row
// it came from (0: a form or the API).
type PaymentDraft struct {
	Payment
	Dues []Fen
	Row  int
}

// BaseDraft is a base checked and ready to store, with the sheet row it
// came from (0: a form or the API).
type BaseDraft struct {
	DuesBase
	Row int
}

// DuesBatch is dues records stored at once, all or nothing: bases first,
// then payments whose months they price (an import of a payroll or bank
// sheet, the generator). Audit names the batch in the audit trail (e.g.
// 导入党费缴费表“工资.xlsx”); empty: 批量登记党费.
type DuesBatch struct {
	Bases    []BaseDraft
	Payments []PaymentDraft
	Audit    string
}
