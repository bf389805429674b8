package zhibu

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// The brackets of art.2 and art.5 at every edge, in fen, rounded half up.
func TestMonthlyDues(t *testing.T) {
	for _, tc := range []struct {
		cat  DuesCategory
		base Fen
		rate int
		want Fen
	}{
		{DuesSalaried, 0, 5, 0},
		{DuesSalaried, 1, 5, 0},   // 0.005 fen rounds down
		{DuesSalaried, 100, 5, 1}, // 1 yuan: 0.5 fen rounds half up to 1
		{DuesSalaried, 99, 5, 0},  // 0.495 fen
		{DuesSalaried, 300, 5, 2}, // 1.5 fen → 2
		{DuesSalaried, 299999, 5, 1500},
		{DuesSalaried, 300000, 5, 1500},  // 3000.00 is in the first bracket: 15.00
		{DuesSalaried, 300001, 10, 3000}, // 3000.01 × 1% = 30.0001 → 30.00
		{DuesSalaried, 450050, 10, 4501}, // 45.005 → 45.01 (half up)
		{DuesSalaried, 500000, 10, 5000}, // 5000.00 × 1%
		{DuesSalaried, 500001, 15, 7500}, // 5000.01 × 1.5% = 75.00015
		{DuesSalaried, 1000000, 15, 15000},
		{DuesSalaried, 1000001, 20, 20000},
		{DuesSalaried, 1234567, 20, 24691}, // 246.9134 → 246.91
		{DuesAnnualSalary, 300000, 5, 1500},
		{DuesAnnualSalary, 300001, 10, 3000},
		{DuesNoSalary, 500001, 15, 7500},
		{DuesRetired, 300001, 5, 1500}, // 3000.01 × 0.5% = 15.00005 → 15.00
		{DuesRetired, 500000, 5, 2500}, // the retiree line 5000.00: 0.5%
		{DuesRetired, 500001, 10, 5000},
		{DuesRetired, 1000001, 10, 10000},
		{DuesRetired, 300100, 5, 1501}, // 15.005 → 15.01
		{DuesFlat, 20, 0, 20},
		{DuesFlat, 100, 0, 100},
		{DuesWaived, 800000, 0, 0},
	} {
		if got := DuesRate(tc.cat, tc.base); got != tc.rate {
			t.Errorf("DuesRate(%s, %d) = %d‰, want %d‰", tc.cat, tc.base, got, tc.rate)
		}
		if got := MonthlyDues(tc.cat, tc.base); got != tc.want {
			t.Errorf("MonthlyDues(%s, %s) = %s, want %s", tc.cat, tc.base, got, tc.want)
		}
	}
}

func TestMonthArithmetic(t *testing.T) {
	m := MakeMonth(2025, time.December)
	if got := m.Add(1); got != MakeMonth(2026, time.January) {
		t.Errorf("2025-12 + 1 = %s", got)
	}
	if got := m.Add(-12); got != MakeMonth(2024, time.December) {
		t.Errorf("2025-12 - 12 = %s", got)
	}
	if got := MakeMonth(2026, 1).Add(-1); got != MakeMonth(2025, 12) {
		t.Errorf("2026-01 - 1 = %s", got)
	}
	if n := MakeMonth(2026, 3).Sub(MakeMonth(2025, 12)); n != 3 {
		t.Errorf("2026-03 - 2025-12 = %d", n)
	}
	if d := MakeMonth(2024, 2).Last(); d != MakeDate(2024, 2, 29) {
		t.Errorf("last of 2024-02 = %s", d)
	}
	if d := MakeMonth(2026, 2).Last(); d != MakeDate(2026, 2, 28) {
		t.Errorf("last of 2026-02 = %s", d)
	}
	if !MakeMonth(2025, 12).Before(MakeMonth(2026, 1)) || MakeMonth(2026, 1).Before(MakeMonth(2026, 1)) {
		t.Error("Before")
	}
}

func TestParseMonth(t *testing.T) {
	want := MakeMonth(2026, 3)
	for _, s := range []string{"2026-03", "2026-3", "2026/3", "2026.03", "2026年3月", "2026年03月份", "202603", "2026-03-15", "2026年3月31日"} {
		m, err := ParseMonth(s)
		if err != nil || m != want {
			t.Errorf("ParseMonth(%q) = %v, %v", s, m, err)
		}
	}
	for _, s := range []string{"2026-13", "2026-00", "26-3", "三月", "2026-3-3-3", "0999-01", "2026/"} {
		if m, err := ParseMonth(s); err == nil {
			t.Errorf("ParseMonth(%q) = %v, want an error", s, m)
		}
	}
	if m, err := ParseMonth(" "); err != nil || !m.IsZero() {
		t.Errorf("ParseMonth(blank) = %v, %v", m, err)
	}
}

func TestYuan(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Fen
	}{{"12", 1200}, {"12.5", 1250}, {"12.05", 1205}, {"1,234.56", 123456}, {"¥0.2", 20}, {"￥30元", 3000}, {".5", 50}} {
		got, err := ParseYuan(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, s := range []string{"", "1.234", "-5", "abc", "1e3", "12345678901"} {
		if got, err := ParseYuan(s); err == nil {
			t.Errorf("ParseYuan(%q) = %d, want an error", s, got)
		}
	}
	for _, tc := range []struct {
		f    Fen
		want string
	}{{0, "¥0.00"}, {5, "¥0.05"}, {123456, "¥1,234.56"}, {100000000, "¥1,000,000.00"}, {-150, "¥-1.50"}} {
		if got := tc.f.String(); got != tc.want {
			t.Errorf("Fen(%d) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

func TestBaseFor(t *testing.T) {
	bases := []DuesBase{
		{ID: 2, Category: DuesSalaried, Base: 600000, From: MakeMonth(2026, 4)},
		{ID: 1, Category: DuesSalaried, Base: 400000, From: MakeMonth(2025, 1)},
		{ID: 3, Category: DuesSalaried, Base: 700000, From: MakeMonth(2026, 4)}, // a correction on the same month wins
	}
	if _, ok := BaseFor(bases, MakeMonth(2024, 12)); ok {
		t.Error("a base before the first")
	}
	if b, _ := BaseFor(bases, MakeMonth(2026, 3)); b.ID != 1 {
		t.Errorf("2026-03: base %d", b.ID)
	}
	if b, _ := BaseFor(bases, MakeMonth(2026, 4)); b.ID != 3 {
		t.Errorf("2026-04: base %d", b.ID)
	}
}

func TestPaymentFlags(t *testing.T) {
	p := Payment{PaidOn: MakeDate(2026, 7, 10), Months: []Month{MakeMonth(2026, 1), MakeMonth(2026, 2)}, Amount: 99999, Due: 9000}
	if p.BackPay() || p.ToCentre() {
		t.Error("6 months back, under 1000 yuan: no flag")
	}
	if p.Extra() != 90999 {
		t.Errorf("extra %d", p.Extra())
	}
	p.Months = []Month{MakeMonth(2025, 12), MakeMonth(2026, 1)}
	p.Amount, p.Due = 120000, 120000
	if !p.BackPay() || p.ToCentre() {
		t.Error("7 months back, 1200 yuan of dues: back-payment, nothing to the centre")
	}
	p.Amount = p.Due + 100000
	if !p.ToCentre() {
		t.Error("1000 yuan more than the dues: to the centre")
	}
	if got := MonthsLabel([]Month{MakeMonth(2025, 11), MakeMonth(2025, 12), MakeMonth(2026, 1), MakeMonth(2026, 3)}); got != "2025年11月—2026年1月、2026年3月" {
		t.Errorf("label %q", got)
	}
	today := MakeDate(2026, 7, 10)
	bad := Payment{Months: []Month{MakeMonth(2026, 1), MakeMonth(2026, 1), MakeMonth(2027, 8)}, Method: "x", PaidOn: MakeDate(2026, 7, 11)}
	ps, _ := bad.Validate(today).(Problems)
	for _, f := range []string{"months", "amount", "method", "paid_on"} {
		if ps.For(f) == "" {
			t.Errorf("no problem with %s in %v", f, ps)
		}
	}
}

func TestDuesBaseValidate(t *testing.T) {
	today := MakeDate(2026, 7, 1)
	for _, tc := range []struct {
		b     DuesBase
		field string
	}{
		{DuesBase{Category: DuesSalaried, Base: 500000, From: MakeMonth(2026, 7)}, ""},
		{DuesBase{Category: DuesSalaried, Base: 500000, From: MakeMonth(2026, 9)}, "from"},
		{DuesBase{Category: DuesSalaried, Base: 0, From: MakeMonth(2026, 7)}, "base"},
		{DuesBase{Category: DuesFlat, Base: 19, From: MakeMonth(2026, 7)}, "base"},
		{DuesBase{Category: DuesFlat, Base: 101, From: MakeMonth(2026, 7)}, "base"},
		{DuesBase{Category: DuesFlat, Base: 20, From: MakeMonth(2026, 7)}, ""},
		{DuesBase{Category: DuesWaived, From: MakeMonth(2026, 7)}, ""},
		{DuesBase{Category: "x", Base: 1, From: MakeMonth(2026, 7)}, "category"},
	} {
		err := tc.b.Validate(today)
		ps, _ := err.(Problems)
		if tc.field == "" && err != nil || tc.field != "" && ps.For(tc.field) == "" {
			t.Errorf("%+v: %v, want a problem with %q", tc.b, err, tc.field)
		}
	}
}

func TestCapital(t *testing.T) {
	for _, tc := range []struct {
		f    Fen
		want string
	}{
		{0, "零元整"}, {5, "伍分"}, {50, "伍角整"}, {9625, "玖拾陆元贰角伍分"}, {1500, "壹拾伍元整"}, {100500, "壹仟零伍元整"},
		{1005, "壹拾元零伍分"}, {10000000, "壹拾万元整"}, {10000500, "壹拾万零伍元整"}, {12030400, "壹拾贰万零叁佰零肆元整"},
		{100000000, "壹佰万元整"}, {1001000000, "壹仟零壹万元整"}, {2000000000000, "贰佰亿元整"}, {1000100, "壹万零壹元整"},
	} {
		if got := tc.f.Capital(); got != tc.want {
			t.Errorf("Fen(%d).Capital() = %s, want %s", tc.f, got, tc.want)
		}
	}
}

func TestPaidThrough(t *testing.T) {
	var d MemberDues
	if !d.PaidThrough().IsZero() {
		t.Errorf("nothing paid: %v", d.PaidThrough())
	}
	d.Paid = map[Month]PaidMonth{MakeMonth(2025, 12): {}, MakeMonth(2026, 2): {}, MakeMonth(2026, 1): {}}
	if got := d.PaidThrough(); got != MakeMonth(2026, 2) {
		t.Errorf("paid through %v, want 2026-02", got)
	}
}

func TestPrice(t *testing.T) {
	m := func(mo time.Month) Month { return MakeMonth(2026, mo) }
	md := MemberDues{
		Person: Person{Name: "李娜", Status: FullMember, AdmittedOn: MakeDate(2026, 2, 28)},
		Bases: []DuesBase{{ID: 1, Category: DuesSalaried, Base: 300000, From: m(3)}, {ID: 2, Category: DuesSalaried, Base: 300001, From: m(5)},
			{ID: 3, Category: DuesWaived, From: m(8), ApprovedOn: MakeDate(2026, 8, 1)}, {ID: 4, Category: DuesWaived, From: m(9)}},
		Paid: map[Month]PaidMonth{m(4): {PaymentID: 12, Due: 1500}},
	}
	for _, c := range []struct {
		months []Month
		amount Fen
		due    []Fen
		field  string // a problem's field; "conflict" for a month paid
		text   string
	}{
		{[]Month{m(3)}, 1500, []Fen{1500}, "", ""},                                   // 3000.00: 5‰
		{[]Month{m(3)}, 1499, nil, "amount", "应不少于所选月份的应缴党费¥15.00"},                  // a fen short
		{[]Month{m(5)}, 3000, []Fen{3000}, "", ""},                                   // 3000.01: 10‰
		{[]Month{m(3), m(5)}, 4500, []Fen{1500, 3000}, "", ""},                       // each month its own base
		{[]Month{m(1)}, 1500, nil, "months", "早于入党（2026年2月28日）"},                     // admitted in February
		{[]Month{m(2)}, 1500, nil, "months", "2026年2月没有适用的缴费基数"},                     // admitted, no base yet
		{[]Month{m(8)}, 100, nil, "months", "已经上级党委批准免交党费"},                          // an approved waiver
		{[]Month{m(9)}, 100, []Fen{0}, "", ""},                                       // a waiver awaiting approval owes nothing, may be paid
		{[]Month{m(4)}, 1500, nil, "conflict", "李娜2026年4月的党费已经登记缴纳（收据号第12号），不能重复登记"}, // paid
		{[]Month{m(1), m(4)}, 3000, nil, "months", "早于入党"},                           // a problem comes before a conflict
	} {
		due, err := md.Price(Payment{Months: c.months, Amount: c.amount})
		var ps Problems
		switch {
		case c.field == "":
			if err != nil || !slices.Equal(due, c.due) {
				t.Errorf("%v %s: %v, %v; want %v", c.months, c.amount, due, err, c.due)
			}
		case c.field == "conflict":
			if !errors.Is(err, ErrConflict) || UserMessage(err) != c.text {
				t.Errorf("%v: %v, want the conflict %q", c.months, err, c.text)
			}
		case !errors.As(err, &ps) || !strings.Contains(ps.For(c.field), c.text):
			t.Errorf("%v %s: %v, want %s: %q", c.months, c.amount, err, c.field, c.text)
		}
	}
}
