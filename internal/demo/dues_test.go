package demo_test

import (
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/rules"
)

// The seed branch's dues show the planted gaps, and nothing else, once
// 韩磊's run of unpaid months reaches six (as of 1 November 2026).
func TestDuesDemo(t *testing.T) {
	s := demotest.SQLite(t)
	o := org(t, s, demo.BranchCode)
	asOf := zhibu.MakeDate(2026, 11, 1)
	if zhibu.Today(time.Now()).Before(asOf) {
		t.Skip("the demo's payments run to last month; this test needs a day after 1 November 2026")
	}
	facts, err := s.Facts(sys, o.ID, 2026, asOf)
	if err != nil {
		t.Fatal(err)
	}
	var arrears, back, centre []string
	for _, f := range rules.Check(rules.DefaultCatalogue(), facts, o.ID, 2026) {
		switch {
		case f.RuleID == "dues.arrears" && f.Status == zhibu.StatusOverdue:
			arrears = append(arrears, f.Message)
		case f.RuleID == "dues.monthly" && f.Status == zhibu.StatusViolation:
			back = append(back, f.Message)
		case f.RuleID == "dues.voluntary":
			centre = append(centre, f.Message)
		case f.RuleID == "dues.no_org_payment" && f.Status != zhibu.StatusOK:
			t.Errorf("paid by the org: %s", f.Message)
		}
	}
	if len(arrears) != 1 || !strings.Contains(arrears[0], "韩磊自2026年4月起连续7个月") || !strings.Contains(arrears[0], "第九条") {
		t.Errorf("arrears: %q", arrears)
	}
	if len(back) != 1 || !strings.Contains(back[0], "何俊杰于2026年4月15日一次补交2025年9月—2026年3月") {
		t.Errorf("back-payment: %q", back)
	}
	if len(centre) != 1 || !strings.Contains(centre[0], "王建新") || !strings.Contains(centre[0], "上缴中央") {
		t.Errorf("to the centre: %q", centre)
	}
	l, err := s.DuesLedger(sys, o.ID, 2026, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Rows) < 20 || l.Paid <= 0 || l.Months[9].PaidN < 20 {
		t.Errorf("ledger: %d members, paid %s, October %+v", len(l.Rows), l.Paid, l.Months[9])
	}
}
