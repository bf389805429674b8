package demo_test

import (
	"slices"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store/storetest"
)

// The demo's review of 2025: every branch reported, 第二党支部 after the
// window (the planted gap); the result of the seed branch is the count of
// the ballots cast, hidden from no one once reported; 2026 has no round.
func TestReviewDemo(t *testing.T) {
	s := storetest.SQLite(t)
	if err := demo.Load(sys, s); err != nil {
		t.Fatal(err)
	}
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
