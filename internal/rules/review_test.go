package rules

import (
	"strings"
	"testing"

	"zhibu"
)

// TestReviewEdges: review.secretary over the window's edges: nothing
// before the window opens, due up to its last day inclusive, overdue the
// day after; reported on the last day ok, the day after a violation; a
// report made after the as-of day does not count yet; another year's
// round and another branch's report are not this branch's.
func TestReviewEdges(t *testing.T) {
	rep := func(status zhibu.ReviewStatus, reported zhibu.Date) zhibu.SecretaryReport {
		return zhibu.SecretaryReport{ID: 7, OrgID: branchID, Year: 2026, OpensOn: day(2026, 10, 21), ClosesOn: day(2026, 11, 10),
			Status: status, ReportedOn: reported, FiledOn: day(2026, 10, 22), PresentedOn: day(2026, 10, 23)}
	}
	cases := []struct {
		name   string
		asOf   zhibu.Date
		r      zhibu.SecretaryReport
		year   int
		want   zhibu.FindingStatus // "" for no finding
		substr string
	}{
		{"the day before the window", day(2026, 10, 20), rep(zhibu.ReviewOpen, zhibu.Date{}), 2026, "", ""},
		{"the window's first day", day(2026, 10, 21), rep(zhibu.ReviewOpen, zhibu.Date{}), 2026, zhibu.StatusDue, "书记应撰写述职报告"},
		{"filed, not presented", day(2026, 11, 1), rep(zhibu.ReviewFiled, zhibu.Date{}), 2026, zhibu.StatusDue, "召开支部党员大会"},
		{"voting on the last day", day(2026, 11, 10), rep(zhibu.ReviewVoting, zhibu.Date{}), 2026, zhibu.StatusDue, "投票结束后应报送"},
		{"the day after the window", day(2026, 11, 11), rep(zhibu.ReviewVoting, zhibu.Date{}), 2026, zhibu.StatusOverdue, "已于2026年11月10日截止"},
		{"reported on the last day", day(2026, 12, 31), rep(zhibu.ReviewReported, day(2026, 11, 10)), 2026, zhibu.StatusOK, "已于2026年11月10日报送"},
		{"reported the day after", day(2026, 12, 31), rep(zhibu.ReviewReported, day(2026, 11, 11)), 2026, zhibu.StatusViolation, "晚于截止日期"},
		{"reported after the as-of day", day(2026, 11, 5), rep(zhibu.ReviewReported, day(2026, 11, 6)), 2026, zhibu.StatusDue, ""},
		{"another year's round", day(2027, 11, 20), rep(zhibu.ReviewOpen, zhibu.Date{}), 2027, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := world(c.asOf)
			f.Reviews = []zhibu.SecretaryReport{c.r, {ID: 8, OrgID: 99, Year: 2026, OpensOn: day(2026, 10, 21), ClosesOn: day(2026, 11, 10), Status: zhibu.ReviewOpen}}
			var got []zhibu.Finding
			for _, x := range Check(DefaultCatalogue(), f, branchID, c.year) {
				if x.RuleID == "review.secretary" {
					got = append(got, x)
				}
			}
			if c.want == "" {
				if len(got) != 0 {
					t.Fatalf("findings %+v, want none", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("findings %+v, want one", got)
			}
			g := got[0]
			if g.Status != c.want || g.Period != year(2026) || g.Deadline != day(2026, 11, 10) || g.Responsible != zhibu.Secretary || g.SubjectID != branchID {
				t.Errorf("finding %+v, want %s", g, c.want)
			}
			if c.substr != "" && !strings.Contains(g.Message, c.substr) {
				t.Errorf("message %q lacks %q", g.Message, c.substr)
			}
		})
	}
}

// TestAppraisalHandlingEdges: appraisal.handling over its deadline's
// edges: nothing before the decision; open, due up to the deadline
// inclusive in the check day's month, overdue the day after; a past year
// judged on its last day, not on the later as-of day; closed by the
// deadline ok and after it a violation, in the month closed; closed in an
// earlier year, nothing; another branch's handling is not this branch's.
func TestAppraisalHandlingEdges(t *testing.T) {
	h := func(closed zhibu.Date) zhibu.HandlingFact {
		return zhibu.HandlingFact{Handling: zhibu.Handling{ID: 3, PersonID: 41, Measure: zhibu.MeasureImprove, DueOn: day(2026, 2, 28), ClosedOn: closed},
			OrgID: branchID, Name: "周鹏", Year: 2025, DecidedOn: day(2025, 11, 6)}
	}
	cases := []struct {
		name   string
		asOf   zhibu.Date
		year   int
		h      zhibu.HandlingFact
		want   zhibu.FindingStatus // "" for no finding
		period zhibu.Period
		substr string
	}{
		{"before the decision", day(2025, 11, 5), 2025, h(zhibu.Date{}), "", zhibu.Period{}, ""},
		{"the day of the decision", day(2025, 11, 6), 2025, h(zhibu.Date{}), zhibu.StatusDue, zhibu.MonthOf(day(2025, 11, 6)), "应于2026年2月28日前办结"},
		{"a past year on its last day", day(2026, 7, 1), 2025, h(zhibu.Date{}), zhibu.StatusDue, zhibu.MonthOf(day(2025, 12, 31)), "限期改正"},
		{"the deadline itself", day(2026, 2, 28), 2026, h(zhibu.Date{}), zhibu.StatusDue, zhibu.MonthOf(day(2026, 2, 28)), ""},
		{"the day after the deadline", day(2026, 3, 1), 2026, h(zhibu.Date{}), zhibu.StatusOverdue, zhibu.MonthOf(day(2026, 3, 1)), "仍未办结"},
		{"closed on the deadline", day(2026, 7, 1), 2026, h(day(2026, 2, 28)), zhibu.StatusOK, zhibu.MonthOf(day(2026, 2, 28)), "已于2026年2月28日办结"},
		{"closed after the deadline", day(2026, 7, 1), 2026, h(day(2026, 3, 2)), zhibu.StatusViolation, zhibu.MonthOf(day(2026, 3, 2)), "晚于期限"},
		{"closed after the as-of day", day(2026, 3, 1), 2026, h(day(2026, 3, 2)), zhibu.StatusOverdue, zhibu.MonthOf(day(2026, 3, 1)), ""},
		{"closed in an earlier year", day(2027, 7, 1), 2027, h(day(2026, 2, 1)), "", zhibu.Period{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := world(c.asOf)
			other := h(zhibu.Date{})
			other.OrgID, other.PersonID = 99, 42
			f.Handlings = []zhibu.HandlingFact{c.h, other}
			var got []zhibu.Finding
			for _, x := range Check(DefaultCatalogue(), f, branchID, c.year) {
				if x.RuleID == "appraisal.handling" {
					got = append(got, x)
				}
			}
			if c.want == "" {
				if len(got) != 0 {
					t.Fatalf("findings %+v, want none", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("findings %+v, want one", got)
			}
			g := got[0]
			if g.Status != c.want || g.Period != c.period || g.Deadline != day(2026, 2, 28) || g.Responsible != zhibu.Secretary ||
				g.SubjectKind != zhibu.SubjectPerson || g.SubjectID != 41 || !strings.Contains(g.Message, c.substr) || !strings.Contains(g.Message, "周鹏") {
				t.Errorf("finding %+v, want %s in %s with %q", g, c.want, c.period.Label(), c.substr)
			}
		})
	}
}
