package rules

import (
	"strings"
	"testing"

	"zhibu"
)

func TestSecretaryApproval(t *testing.T) {
	elected := committeeTerm(termID, day(2026, 3, 1), 3, secretary, deputy, orgOfficer)
	with := func(reported, approved zhibu.Date) zhibu.Term {
		x := elected
		x.ReportedOn, x.ApprovedOn = reported, approved
		return x
	}
	dec := committeeTerm(termID, day(2025, 12, 20), 3, secretary, deputy, orgOfficer)
	dec.ReportedOn, dec.ApprovedOn = day(2025, 12, 22), day(2026, 1, 5)
	tests := []struct {
		name   string
		terms  []zhibu.Term
		asOf   zhibu.Date
		status zhibu.FindingStatus
		period zhibu.Period
		has    string
	}{
		{"the election day: to report", []zhibu.Term{with(zhibu.Date{}, zhibu.Date{})}, day(2026, 3, 1), zhibu.StatusDue, month(2026, 3), "应报上级党委批准"},
		{"the day before the report", []zhibu.Term{with(day(2026, 3, 5), zhibu.Date{})}, day(2026, 3, 4), zhibu.StatusDue, month(2026, 3), "应报上级党委批准"},
		{"the day of the report: waiting", []zhibu.Term{with(day(2026, 3, 5), zhibu.Date{})}, day(2026, 3, 5), zhibu.StatusDue, month(2026, 3), "待批准"},
		{"still waiting months later: in the check day's month", []zhibu.Term{with(day(2026, 3, 5), zhibu.Date{})}, day(2026, 6, 30), zhibu.StatusDue, month(2026, 6), "待批准"},
		{"the day before the approval", []zhibu.Term{with(day(2026, 3, 5), day(2026, 3, 20))}, day(2026, 3, 19), zhibu.StatusDue, month(2026, 3), "待批准"},
		{"the day of the approval", []zhibu.Term{with(day(2026, 3, 5), day(2026, 3, 20))}, day(2026, 3, 20), zhibu.StatusOK, month(2026, 3), "书记P1001、副书记P1002已于2026年3月20日经上级党委批准"},
		{"elected in December, waiting at the year's end", []zhibu.Term{dec}, day(2025, 12, 31), zhibu.StatusDue, month(2025, 12), "待批准"},
		{"... approved in January of the next year", []zhibu.Term{dec}, day(2026, 2, 1), zhibu.StatusOK, month(2026, 1), "经上级党委批准"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(tc.asOf)
			f.Terms = tc.terms
			fs := only(Check(DefaultCatalogue(), f, branchID, tc.asOf.Year), "org.secretary.approval")
			if len(fs) != 1 || fs[0].Status != tc.status || fs[0].Period != tc.period || !strings.Contains(fs[0].Message, tc.has) || fs[0].Responsible != zhibu.Secretary {
				t.Fatalf("want %s %s %q:%s", tc.status, tc.period, tc.has, describe(fs))
			}
		})
	}
	// None: a past term never approved, a term without a secretary, a
	// committee's own term, an approval of another year.
	closed := with(zhibu.Date{}, zhibu.Date{})
	next := committeeTerm(termID+1, day(2026, 5, 1), 3, secretary)
	next.ApprovedOn, next.ReportedOn = day(2026, 5, 2), day(2026, 5, 1)
	noHead := committeeTerm(termID, day(2026, 3, 1), 3)
	noHead.Seats = []zhibu.Seat{seat(1, branchID, orgOfficer, zhibu.OrgOfficer, termID, day(2026, 3, 1))}
	for name, c := range map[string]struct {
		terms []zhibu.Term
		org   int64
		asOf  zhibu.Date
		want  int
	}{
		"past term":       {[]zhibu.Term{closed, next}, branchID, day(2026, 6, 1), 1}, // the next one's ok only
		"no secretary":    {[]zhibu.Term{noHead}, branchID, day(2026, 6, 1), 0},
		"approved before": {[]zhibu.Term{dec}, branchID, day(2027, 3, 1), 0},
	} {
		f := world(c.asOf)
		f.Terms = c.terms
		fs := only(Check(DefaultCatalogue(), f, c.org, c.asOf.Year), "org.secretary.approval")
		if len(fs) != c.want {
			t.Errorf("%s: %d findings:%s", name, len(fs), describe(fs))
		}
	}
	f := world(day(2026, 6, 1))
	f.Terms = []zhibu.Term{func() zhibu.Term { x := elected; x.OrgID = committeeID; return x }()}
	if fs := only(Check(DefaultCatalogue(), f, committeeID, 2026), "org.secretary.approval"); len(fs) != 0 {
		t.Errorf("a committee's term:%s", describe(fs))
	}
}
