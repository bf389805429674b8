package demo_test

import (
	"errors"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/service"
)

// The demo's assessment: 2025 finalized with every branch ranked, each
// computed indicator following from the branch's own findings (the branch
// that missed a larger share of its meeting requirements scores lower on
// meetings), totals the weighted mean of the results; 2026 in progress,
// its missing manual score keeping it from being finalized; a branch sees
// its own finalized year.
func TestAssessmentDemo(t *testing.T) {
	s := demotest.SQLite(t)
	svc := service.New(s, service.Options{})
	committee := org(t, s, demo.CommitteeCode)
	y, err := svc.Assessments.Year(sys, committee, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if !y.Assessment.Final() || y.Assessment.FinalizedOn != zhibu.MakeDate(2026, 1, 20) || len(y.Scores) != 3 {
		t.Fatalf("2025: %+v, %d branches", y.Assessment, len(y.Scores))
	}
	meetings := -1
	for i, x := range y.Assessment.Indicators {
		if x.Kind == zhibu.IndMeetings {
			meetings = i
		}
	}
	missed := map[string]float64{}
	for i, b := range y.Scores {
		if b.Rank != i+1 || !b.Scored {
			t.Errorf("%s ranked %d at %d", b.OrgName, b.Rank, i+1)
		}
		if total, _ := zhibu.WeightedTotal(y.Assessment.Indicators, b.Results); total != b.Total {
			t.Errorf("%s: total %s, the results give %s", b.OrgName, b.Total, total)
		}
		// The branch's own meeting findings of 2025, checked apart.
		o, err := s.Org(sys, b.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		fs, _, err := svc.Compliance.Check(sys, o, 2025, zhibu.MakeDate(2025, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		ok, judged := 0, 0
		for _, f := range fs {
			if !strings.HasPrefix(f.RuleID, "meet.") || f.Status == zhibu.StatusDue {
				continue
			}
			judged++
			if f.Status == zhibu.StatusOK {
				ok++
			}
		}
		want, _ := zhibu.Share(ok, judged)
		if r := b.Results[meetings]; !r.Applicable || r.Score != want || judged == 0 {
			t.Errorf("%s meetings: %s (%s), the findings give %d of %d = %s", b.OrgName, r.Score, r.Basis, ok, judged, want)
		}
		missed[b.OrgName] = float64(judged-ok) / float64(judged)
	}
	for _, a := range y.Scores {
		for _, b := range y.Scores {
			if missed[a.OrgName] > missed[b.OrgName] && a.Results[meetings].Score >= b.Results[meetings].Score {
				t.Errorf("%s missed more meetings than %s but scores %s ≥ %s", a.OrgName, b.OrgName, a.Results[meetings].Score, b.Results[meetings].Score)
			}
		}
	}

	draft, err := svc.Assessments.Year(sys, committee, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if draft.Assessment.Final() || len(draft.Missing) != 1 || !strings.HasPrefix(draft.Missing[0], "第二党支部") {
		t.Errorf("2026: %s, missing %v", draft.Assessment.Status, draft.Missing)
	}
	// The year plan's indicator is the seed branch's plan as its page shows
	// it on the same day: done of done and overdue.
	seedID := org(t, s, demo.BranchCode).ID
	for i, x := range draft.Assessment.Indicators {
		if x.Kind != zhibu.IndPlan {
			continue
		}
		for _, b := range draft.Scores {
			if b.OrgID != seedID {
				continue
			}
			v, err := svc.Plans.View(sys, org(t, s, demo.BranchCode), 2026, draft.AsOf)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := zhibu.Share(v.Done, v.Done+v.Overdue)
			if r := b.Results[i]; !r.Applicable || r.Score != want || v.Done+v.Overdue == 0 {
				t.Errorf("the seed branch's plan indicator: %s (%s), its plan gives %d done, %d overdue = %s", r.Score, r.Basis, v.Done, v.Overdue, want)
			}
			seedID = 0
		}
	}
	if seedID != 0 {
		t.Error("the 2026 assessment has no plan indicator for the seed branch")
	}
	_, err = svc.Assessments.Finalize(sys, committee.ID, 2026)
	var ps zhibu.Problems
	if !errors.As(err, &ps) || !strings.Contains(ps.For("scores"), "第二党支部“上级党委综合评定”") {
		t.Errorf("finalizing 2026 with a score missing: %v", err)
	}

	seed := org(t, s, demo.BranchCode)
	ys, err := svc.Assessments.Branch(sys, seed)
	if err != nil || len(ys) != 1 || ys[0].Assessment.Year != 2025 || ys[0].Of != 3 || ys[0].Score.OrgID != seed.ID {
		t.Errorf("the seed branch's years: %+v %v", ys, err)
	}
	years, lines, err := svc.Assessments.Trend(sys, committee)
	if err != nil || len(years) != 2 || len(lines) != 3 || len(lines[0].Points) != 2 || !lines[0].Points[0].Final || lines[0].Points[1].Final {
		t.Errorf("trend: %v %+v %v", years, lines, err)
	}
}
