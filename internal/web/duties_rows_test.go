package web

import (
	"testing"

	"zhibu"
)

// The lines of 我的职责: a member's unpaid months are one line with the
// months it covers; another state, another person or another rule is
// another line; the first finding (the soonest deadline) speaks for it.
func TestDutyRows(t *testing.T) {
	month := func(n int) zhibu.Period { return zhibu.Period{Kind: zhibu.PeriodMonth, Year: 2026, N: n} }
	unpaid := func(n int, who string, st zhibu.FindingStatus) findingView {
		return findingView{Finding: zhibu.Finding{RuleID: "dues.monthly", SubjectKind: zhibu.SubjectOrg, SubjectID: 9, Status: st,
			Period: month(n), Responsible: zhibu.GroupLeader, Message: who + "未交党费"},
			Evidence: []link{{Label: who, Href: "/people/1/dues"}}, Fix: link{"登记党费", "/people/1/dues?year=2026#pay"}}
	}
	var vs []findingView
	for n := 4; n <= 11; n++ {
		vs = append(vs, unpaid(n, "韩磊", zhibu.StatusOverdue))
	}
	vs = append(vs, unpaid(12, "韩磊", zhibu.StatusDue), unpaid(5, "何俊杰", zhibu.StatusOverdue))
	rows := dutyRows(vs)
	if len(rows) != 3 {
		t.Fatalf("%d lines, want 3: %+v", len(rows), rows)
	}
	if r := rows[0]; r.Count != 8 || r.Periods != "2026年4月—11月（8个月）" || r.Period != month(4) || r.Fix.Label != "登记党费" {
		t.Errorf("韩磊's unpaid months: %d findings, %q, first %v, action %q", r.Count, r.Periods, r.Period, r.Fix.Label)
	}
	if r := rows[1]; r.Count != 1 || r.Periods != "2026年12月" || r.Status != zhibu.StatusDue {
		t.Errorf("this month's, still due: %+v", r)
	}
	if r := rows[2]; r.Evidence[0].Label != "何俊杰" {
		t.Errorf("another member's: %+v", r)
	}

	for _, c := range []struct {
		ps   []zhibu.Period
		want string
	}{
		{[]zhibu.Period{month(3)}, "2026年3月"},
		{[]zhibu.Period{month(5), month(3), month(4), month(4)}, "2026年3月—5月（3个月）"},
		{[]zhibu.Period{month(3), month(5)}, "2026年3月、2026年5月"},
		{[]zhibu.Period{{Kind: zhibu.PeriodMonth, Year: 2025, N: 12}, month(1)}, "2025年12月—2026年1月（2个月）"},
		{[]zhibu.Period{{Kind: zhibu.PeriodQuarter, Year: 2026, N: 1}, {Kind: zhibu.PeriodQuarter, Year: 2026, N: 2}}, "2026年第一季度、2026年第二季度"},
	} {
		if got := periodsLabel(c.ps); got != c.want {
			t.Errorf("periodsLabel(%v) = %q, want %q", c.ps, got, c.want)
		}
	}
}
