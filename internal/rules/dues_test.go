package rules

import (
	"strings"
	"testing"
	"time"

	"zhibu"
)

func ym(y, m int) zhibu.Month { return zhibu.MakeMonth(y, time.Month(m)) }

// member is a full member of the test branch (in group g, or none), admitted
// long ago, on a salaried base of 5000 yuan from January 2024, who paid the
// months given.
func member(id int64, name string, g int64, paid ...zhibu.Month) zhibu.MemberDues {
	md := zhibu.MemberDues{
		Person: zhibu.Person{ID: id, Name: name, Status: zhibu.FullMember, AdmittedOn: day(2005, 7, 1), OrgID: branchID, GroupID: g},
		Bases:  []zhibu.DuesBase{{ID: id, PersonID: id, Category: zhibu.DuesSalaried, Base: 500000, From: ym(2024, 1)}},
		Paid:   map[zhibu.Month]zhibu.PaidMonth{},
	}
	for _, m := range paid {
		md.Paid[m] = zhibu.PaidMonth{PaymentID: 1, Due: 5000}
	}
	return md
}

// monthsBetween lists from..to inclusive.
func monthsBetween(from, to zhibu.Month) []zhibu.Month {
	var out []zhibu.Month
	for m := from; !m.After(to); m = m.Add(1) {
		out = append(out, m)
	}
	return out
}

func duesWorld(asOf zhibu.Date, ms ...zhibu.MemberDues) zhibu.Facts {
	f := world(asOf)
	f.Dues = ms
	return f
}

func TestDuesArrears(t *testing.T) {
	for _, tc := range []struct {
		name    string
		asOf    zhibu.Date
		paid    []zhibu.Month
		reasons []zhibu.DuesReason
		want    zhibu.FindingStatus // the member's finding; ok: only the branch's ok
		period  zhibu.Period
		from    string
	}{
		// Paid to December 2025; January–June 2026 unpaid.
		{"five ended months", day(2026, 6, 30), monthsBetween(ym(2024, 1), ym(2025, 12)), nil, zhibu.StatusOK, month(2026, 5), ""},
		{"six ended months", day(2026, 7, 1), monthsBetween(ym(2024, 1), ym(2025, 12)), nil, zhibu.StatusOverdue, month(2026, 6), "2026年1月"},
		{"six with a reason for one", day(2026, 7, 1), monthsBetween(ym(2024, 1), ym(2025, 12)),
			[]zhibu.DuesReason{{From: ym(2026, 3), To: ym(2026, 3), Reason: "经批准缓交"}}, zhibu.StatusOK, month(2026, 6), ""},
		{"across the new year", day(2026, 4, 1), monthsBetween(ym(2024, 1), ym(2025, 9)), nil, zhibu.StatusOverdue, month(2026, 3), "2025年10月"},
		{"back to the first month read", day(2026, 4, 1), nil, nil, zhibu.StatusOverdue, month(2026, 3), "至少自2025年1月"},
		{"a paid month breaks the run", day(2026, 7, 1), append(monthsBetween(ym(2024, 1), ym(2025, 12)), ym(2026, 2)), nil, zhibu.StatusOK, month(2026, 6), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := member(2001, "张欠费", 0, tc.paid...)
			md.Reasons, md.Known = tc.reasons, ym(2025, 1) // as store.Facts reads them for 2026
			fs := only(Check(DefaultCatalogue(), duesWorld(tc.asOf, md, member(2002, "李按时", 0, monthsBetween(ym(2024, 1), ym(2026, 12))...)), branchID, 2026), "dues.arrears")
			if tc.want == zhibu.StatusOK {
				if len(fs) != 1 || fs[0].Status != zhibu.StatusOK || fs[0].Period != tc.period {
					t.Fatalf("want one ok for the branch in %s:%s", tc.period, describe(fs))
				}
				return
			}
			if len(fs) != 1 || fs[0].Status != tc.want || fs[0].Period != tc.period || fs[0].Evidence[0].ID != 2001 {
				t.Fatalf("want %s in %s for 2001:%s", tc.want, tc.period, describe(fs))
			}
			msg := fs[0].Message
			from := "自" + tc.from + "起连续"
			if strings.HasPrefix(tc.from, "至少") {
				from = tc.from
			}
			for _, w := range []string{"张欠费", from, "《中国共产党章程》第九条", "自行脱党", "支部大会", "除名"} {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if fs[0].Responsible != zhibu.OrgOfficer || !strings.Contains(fs[0].Source, "第十三条") {
				t.Errorf("responsible %s, source %s", fs[0].Responsible, fs[0].Source)
			}
		})
	}
}

func TestDuesMonthly(t *testing.T) {
	paidToMay := monthsBetween(ym(2024, 1), ym(2026, 5))
	for _, tc := range []struct {
		name    string
		asOf    zhibu.Date
		subject int64
		p       zhibu.Period
		want    zhibu.FindingStatus
	}{
		{"June unpaid on its last day", day(2026, 6, 30), branchID, month(2026, 6), zhibu.StatusDue},
		{"June unpaid the day after", day(2026, 7, 1), branchID, month(2026, 6), zhibu.StatusOverdue},
		{"May paid", day(2026, 7, 1), branchID, month(2026, 5), zhibu.StatusOK},
		{"the group's June", day(2026, 7, 1), group1, month(2026, 6), zhibu.StatusOverdue},
		{"the group's May", day(2026, 7, 1), group1, month(2026, 5), zhibu.StatusOK},
		{"a month not begun", day(2026, 7, 1), branchID, month(2026, 8), "none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := duesWorld(tc.asOf, member(2001, "甲", 0, paidToMay...), member(2002, "乙", group1, paidToMay...))
			got := pick(t, Check(DefaultCatalogue(), f, branchID, 2026), "dues.monthly", tc.subject, tc.p)
			if statusOf(got) != tc.want {
				t.Fatalf("%s: got %s, want %s", tc.p, statusOf(got), tc.want)
			}
			if got == nil {
				return
			}
			if tc.subject == group1 && got.Responsible != zhibu.GroupLeader || tc.subject == branchID && got.Responsible != zhibu.OrgOfficer {
				t.Errorf("responsible %s", got.Responsible)
			}
			if got.Status != zhibu.StatusOK && (len(got.Evidence) != 1 || got.Evidence[0].Kind != zhibu.EvidencePerson) {
				t.Errorf("evidence %+v", got.Evidence)
			}
			if got.Deadline != tc.p.End() {
				t.Errorf("deadline %s", got.Deadline)
			}
		})
	}
	// A branch that keeps no dues here has no dues findings.
	md := member(2001, "甲", 0)
	md.Bases = nil
	if fs := Check(DefaultCatalogue(), duesWorld(day(2026, 7, 1), md), branchID, 2026); len(only(fs, "dues.monthly"))+len(only(fs, "dues.arrears")) != 0 {
		t.Errorf("findings without bases:%s", describe(fs))
	}
	// Months before admission are not owed: admitted in June, nothing for May.
	nm := member(2003, "新党员", 0)
	nm.Person.Status, nm.Person.AdmittedOn = zhibu.Probationary, day(2026, 6, 20)
	nm.Bases[0].From = ym(2026, 6)
	fs := Check(DefaultCatalogue(), duesWorld(day(2026, 7, 1), nm), branchID, 2026)
	if got := pick(t, fs, "dues.monthly", branchID, month(2026, 5)); got != nil {
		t.Errorf("May before admission: %s", got.Message)
	}
	if got := pick(t, fs, "dues.monthly", branchID, month(2026, 6)); statusOf(got) != zhibu.StatusOverdue {
		t.Errorf("June, the admission month: %s", statusOf(got))
	}
}

func payment(id int64, person int64, paidOn zhibu.Date, amount zhibu.Fen, months ...zhibu.Month) zhibu.Payment {
	return zhibu.Payment{ID: id, PersonID: person, PersonName: "甲", OrgID: branchID, Amount: amount, Due: 5000 * zhibu.Fen(len(months)),
		Months: months, Method: zhibu.PayCash, PaidOn: paidOn}
}

func TestDuesPaymentsFlagged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		p      zhibu.Payment
		rule   string
		period zhibu.Period
		want   zhibu.FindingStatus
	}{
		{"back-payment of 6 months", payment(1, 2001, day(2026, 7, 10), 30000, monthsBetween(ym(2026, 1), ym(2026, 6))...), "dues.monthly", month(2026, 7), zhibu.StatusOverdue},
		{"back-payment of 7 months", payment(1, 2001, day(2026, 7, 10), 35000, monthsBetween(ym(2025, 12), ym(2026, 6))...), "dues.monthly", month(2026, 7), zhibu.StatusViolation},
		{"paid by the org", with2(payment(1, 2001, day(2026, 3, 5), 5000, ym(2026, 3)), func(p *zhibu.Payment) { p.PaidByOrg = true }), "dues.no_org_payment", month(2026, 3), zhibu.StatusViolation},
		{"not paid by the org", payment(1, 2001, day(2026, 3, 5), 5000, ym(2026, 3)), "dues.no_org_payment", year(2026), zhibu.StatusOK},
		{"999.99 yuan more", payment(1, 2001, day(2026, 3, 5), 5000+99999, ym(2026, 3)), "dues.voluntary", month(2026, 3), "none"},
		{"1000 yuan more", payment(1, 2001, day(2026, 3, 5), 5000+100000, ym(2026, 3)), "dues.voluntary", month(2026, 3), zhibu.StatusOK},
		{"1200 yuan of dues owed", payment(1, 2001, day(2026, 3, 5), 120000, monthsBetween(ym(2024, 4), ym(2026, 3))...), "dues.voluntary", month(2026, 3), "none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The member paid everything up to 2025 and the months of p; the
			// July finding of dues.monthly is overdue for no one (July is
			// not over), so a violation shows as the worst.
			md := member(2001, "甲", 0, append(monthsBetween(ym(2024, 1), ym(2025, 11)), tc.p.Months...)...)
			f := duesWorld(day(2026, 7, 31), md)
			f.Payments = []zhibu.Payment{tc.p}
			fs := only(Check(DefaultCatalogue(), f, branchID, 2026), tc.rule)
			var got *zhibu.Finding
			for i := range fs {
				if fs[i].Period == tc.period && (got == nil || fs[i].Status.Severity() > got.Status.Severity()) {
					got = &fs[i]
				}
			}
			if tc.want == zhibu.StatusOverdue && tc.rule == "dues.monthly" {
				// Only July's ordinary finding: July is due for 甲.
				for _, x := range fs {
					if x.Status == zhibu.StatusViolation {
						t.Fatalf("a 6-month back-payment flagged: %s", x.Message)
					}
				}
				return
			}
			if statusOf(got) != tc.want {
				t.Fatalf("got %s, want %s:%s", statusOf(got), tc.want, describe(fs))
			}
			if got == nil {
				return
			}
			if tc.want == zhibu.StatusViolation && (len(got.Evidence) != 2 || got.Evidence[0].Kind != zhibu.EvidencePayment || got.Evidence[1].ID != 2001) {
				t.Errorf("evidence %+v", got.Evidence)
			}
			if tc.rule == "dues.voluntary" && !strings.Contains(got.Message, "上缴中央") {
				t.Errorf("message %q", got.Message)
			}
			if tc.name == "back-payment of 7 months" && !strings.Contains(got.Message, "补交超过6个月") {
				t.Errorf("message %q", got.Message)
			}
		})
	}
}

func with2(p zhibu.Payment, change func(*zhibu.Payment)) zhibu.Payment {
	change(&p)
	return p
}

func TestDuesProbationary(t *testing.T) {
	for _, tc := range []struct {
		name string
		asOf zhibu.Date
		from zhibu.Month
		want zhibu.FindingStatus
	}{
		{"base from the admission month", day(2026, 7, 1), ym(2026, 3), zhibu.StatusOK},
		{"base from the month after", day(2026, 7, 1), ym(2026, 4), zhibu.StatusOverdue},
		{"base from the month after, within March", day(2026, 3, 31), ym(2026, 4), zhibu.StatusDue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := member(2001, "新党员", 0)
			md.Person.Status, md.Person.AdmittedOn = zhibu.Probationary, day(2026, 3, 10)
			md.Bases[0].From = tc.from
			got := pick(t, Check(DefaultCatalogue(), duesWorld(tc.asOf, md), branchID, 2026), "dues.probationary", branchID, month(2026, 3))
			if statusOf(got) != tc.want {
				t.Fatalf("got %s, want %s", statusOf(got), tc.want)
			}
			if tc.want != zhibu.StatusOK && !strings.Contains(got.Message, "2026年3月10日") {
				t.Errorf("message %q", got.Message)
			}
		})
	}
}

func TestDuesBaseChangeAndWaiver(t *testing.T) {
	// Paid March at 50.00; then a raise recorded from March: 5000.01 owes 75.00.
	md := member(2001, "甲", group1, monthsBetween(ym(2024, 1), ym(2026, 3))...)
	md.Bases = append(md.Bases, zhibu.DuesBase{ID: 9, Category: zhibu.DuesSalaried, Base: 500001, From: ym(2026, 3)})
	w := member(2002, "乙", 0, monthsBetween(ym(2024, 1), ym(2026, 4))...)
	w.Bases = append(w.Bases, zhibu.DuesBase{ID: 10, Category: zhibu.DuesWaived, From: ym(2026, 5), Note: "重病"})
	fs := Check(DefaultCatalogue(), duesWorld(day(2026, 7, 1), md, w), branchID, 2026)
	got := pick(t, fs, "dues.base.change", group1, month(2026, 3))
	if statusOf(got) != zhibu.StatusDue || !strings.Contains(got.Message, "¥25.00") {
		t.Fatalf("base change: %s%s", statusOf(got), describe(only(fs, "dues.base.change")))
	}
	if got := pick(t, fs, "dues.waiver", branchID, month(2026, 5)); statusOf(got) != zhibu.StatusDue || got.Responsible != zhibu.Secretary {
		t.Errorf("pending waiver: %s", statusOf(got))
	}
	// A pending waiver is not arrears.
	if got := only(fs, "dues.arrears"); len(got) != 1 || got[0].Status != zhibu.StatusOK {
		t.Errorf("arrears:%s", describe(got))
	}
	w.Bases[1].ApprovedOn = day(2026, 5, 20)
	fs = Check(DefaultCatalogue(), duesWorld(day(2026, 7, 1), md, w), branchID, 2026)
	if got := pick(t, fs, "dues.waiver", branchID, month(2026, 5)); statusOf(got) != zhibu.StatusOK {
		t.Errorf("approved waiver: %s", statusOf(got))
	}
	// 乙 alone collects in the branch (甲 is in group 1): with the waiver
	// approved, nobody owes June there.
	if got := pick(t, fs, "dues.monthly", branchID, month(2026, 6)); got != nil {
		t.Errorf("June with an approved waiver: %s %s", got.Status, got.Message)
	}
}

func TestDuesRate(t *testing.T) {
	a := member(2001, "甲", 0)
	b := member(2002, "乙", 0)
	b.Bases[0].Category, b.Bases[0].Base = zhibu.DuesFlat, 10 // below 0.2 yuan
	c := member(2003, "丙", 0)
	c.Bases[0].Category, c.Bases[0].Base = zhibu.DuesRetired, 500001
	d := member(2004, "丁", 0)
	d.Bases[0].Category, d.Bases[0].Base = zhibu.DuesAnnualSalary, 1000001 // 2%: 200.00
	e := member(2005, "戊", 0)
	e.Bases[0].Category, e.Bases[0].Base = zhibu.DuesNoSalary, 0 // no base where a rate applies
	fs := Check(DefaultCatalogue(), duesWorld(day(2026, 7, 1), a, b, c, d, e), branchID, 2026)
	if got := pick(t, fs, "dues.rate.annual_salary", branchID, year(2026)); statusOf(got) != zhibu.StatusOK || !strings.Contains(got.Message, "¥200.00") {
		t.Errorf("annual salary:%s", describe(only(fs, "dues.rate.annual_salary")))
	}
	if got := pick(t, fs, "dues.rate.no_salary", branchID, year(2026)); statusOf(got) != zhibu.StatusViolation || got.Evidence[0].ID != 2005 {
		t.Errorf("no salary:%s", describe(only(fs, "dues.rate.no_salary")))
	}
	if got := pick(t, fs, "dues.rate.salaried", branchID, year(2026)); statusOf(got) != zhibu.StatusOK || !strings.Contains(got.Message, "¥50.00") {
		t.Errorf("salaried:%s", describe(only(fs, "dues.rate.salaried")))
	}
	if got := pick(t, fs, "dues.rate.retired", branchID, year(2026)); statusOf(got) != zhibu.StatusOK || !strings.Contains(got.Message, "¥50.00") {
		t.Errorf("retired:%s", describe(only(fs, "dues.rate.retired")))
	}
	if got := pick(t, fs, "dues.rate.flat", branchID, year(2026)); statusOf(got) != zhibu.StatusViolation {
		t.Errorf("flat:%s", describe(only(fs, "dues.rate.flat")))
	}
}
