package demo_test

import (
	"slices"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/rules"
	"zhibu/internal/service"
)

// The demo's review of 2025: every branch reported, 第二党支部 after the
// window (the planted gap); the result of the seed branch is the count of
// the ballots cast, hidden from no one once reported; 2026 has no round.
func TestReviewDemo(t *testing.T) {
	s := demotest.SQLite(t)
	cat, err := service.New(s, service.Options{}).Compliance.Catalogue(sys)
	if err != nil {
		t.Fatal(err)
	}
	committee := org(t, s, demo.CommitteeCode)
	var got []string
	for _, year := range []int{2025, 2026} {
		facts, err := s.Facts(sys, committee.ID, year, zhibu.MakeDate(2026, 12, 7))
		if err != nil {
			t.Fatal(err)
		}
		for _, fs := range rules.CheckAll(cat, facts, year) {
			for _, f := range fs {
				if f.RuleID == "review.secretary" {
					got = append(got, f.SubjectName+" "+f.Period.Label()+" "+string(f.Status))
				}
			}
		}
	}
	slices.Sort(got)
	want := []string{"第一党支部 2025年 ok", "第三党支部 2025年 ok", "第二党支部 2025年 violation"}
	if !slices.Equal(got, want) {
		t.Errorf("review.secretary findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	reports, err := s.BranchReviews(sys, org(t, s, demo.BranchCode).ID)
	if err != nil || len(reports) != 1 {
		t.Fatalf("seed branch reviews: %v %v", reports, err)
	}
	r := reports[0]
	if r.Status != zhibu.ReviewReported || r.Tally == nil || r.Tally.Total() != r.Voted || r.Voted != r.Eligible-1 || r.SecretaryName == "" {
		t.Errorf("seed branch review: %+v", r)
	}
}

// The seed branch's appraisal of 2025: decided at its appraisal meeting of
// 6 November, 优秀 within one in three, one 不合格 handled to its end, the
// peer counts exact (every member but one voted).
func TestAppraisalDemo(t *testing.T) {
	s := demotest.SQLite(t)
	rounds, err := s.BranchAppraisals(sys, org(t, s, demo.BranchCode).ID)
	if err != nil || len(rounds) != 1 {
		t.Fatalf("appraisals: %+v %v", rounds, err)
	}
	r := rounds[0]
	m, _, err := s.Meeting(sys, r.MeetingID)
	if err != nil || r.Status != zhibu.AppraisalDecided || m.Type != zhibu.MeetAppraisal || r.DecidedOn != zhibu.MakeDate(2025, 11, 6) {
		t.Fatalf("round %+v, meeting %+v %v", r, m, err)
	}
	excellent, unqualified, voted := 0, 0, 0
	for _, v := range r.Voters {
		if !v.VotedOn.IsZero() {
			voted++
		}
	}
	votedOn := map[int64]bool{}
	for _, v := range r.Voters {
		votedOn[v.PersonID] = !v.VotedOn.IsZero()
	}
	for _, e := range r.Entries {
		// Every ballot graded every member but its voter.
		want := voted
		if votedOn[e.PersonID] {
			want--
		}
		if e.Tally == nil || e.Tally.Excellent+e.Tally.Qualified+e.Tally.Basic+e.Tally.Unqualified != want {
			t.Errorf("%s's counts %+v, want %d ballots", e.Name, e.Tally, want)
		}
		switch e.Grade {
		case zhibu.GradeExcellent:
			excellent++
		case zhibu.GradeUnqualified:
			unqualified++
			if e.Handling == nil || e.Handling.ClosedOn != zhibu.MakeDate(2026, 3, 2) {
				t.Errorf("the 不合格 member's handling: %+v", e.Handling)
			}
		}
	}
	if voted != len(r.Voters)-1 || excellent == 0 || excellent > len(r.Entries)/3 || unqualified != 1 {
		t.Errorf("voted %d of %d, 优秀 %d of %d, 不合格 %d", voted, len(r.Voters), excellent, len(r.Entries), unqualified)
	}
}
