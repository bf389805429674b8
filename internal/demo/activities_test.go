package demo_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/rules"
	"zhibu/internal/service"
)

// The seed branch's activities stream: every finding of its rules, ok or
// not, is the one planned (docs/activities.md); the records behind them.
func TestActivitiesDemo(t *testing.T) {
	s := demotest.SQLite(t)
	cat, err := service.New(s, service.Options{}).Compliance.Catalogue(sys)
	if err != nil {
		t.Fatal(err)
	}
	o := org(t, s, demo.BranchCode)
	var got []string
	for _, year := range []int{2025, 2026} {
		facts, err := s.Facts(sys, o.ID, year, demo.AsOf())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rules.Check(cat, facts, o.ID, year) {
			if strings.HasPrefix(f.RuleID, "activity.") || f.RuleID == "stance.filing" {
				got = append(got, f.RuleID+" "+f.Period.Label()+" "+string(f.Status))
			}
		}
	}
	sort.Strings(got)
	want := []string{
		"activity.campaign 2025年11月 ok",
		"activity.campaign 2025年3月 ok",
		"activity.campaign 2025年6月 ok",
		"activity.campaign 2026年4月 ok",
		"activity.campaign 2026年6月 ok",
		"activity.campaign 2026年9月 due", // gap: the campaign's last item ahead
		"activity.occasions 2025年10月 ok",
		"activity.occasions 2025年7月 ok",
		"activity.occasions 2026年7月 due",   // gap: 七一 not yet recorded on 1 July 2026
		"stance.filing 2025年12月 violation", // gap: held without a filing
		"stance.filing 2025年8月 ok",
		"stance.filing 2026年5月 ok",
	}
	if !slices.Equal(got, want) {
		t.Errorf("activity findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The other branches have none of these rules' versions and no campaigns.
	for _, code := range []string{demo.OfficeBranchCode, demo.TrafficBranchCode} {
		for _, p := range problems(t, s, cat, code, 2025) {
			if strings.HasPrefix(p, "activity.") || strings.HasPrefix(p, "stance.") {
				t.Errorf("%s: %s", code, p)
			}
		}
	}

	acts, err := s.Activities(sys, o.ID, 0)
	if err != nil || len(acts) != 9 {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	linked, photos := 0, 0
	for _, a := range acts {
		if a.MeetingID != 0 {
			linked++
		}
		photos += a.Photos
		if a.Kind == zhibu.ActivityLiaison && a.LiaisonName != "古丽娜尔·艾山" {
			t.Errorf("liaison %q", a.LiaisonName)
		}
		if a.Expected == 0 || a.Present == 0 {
			t.Errorf("%s: no attendance", a.Title)
		}
	}
	if linked != 3 || photos != 9 {
		t.Errorf("%d activities held as themed days, %d photos", linked, photos)
	}
	bs, err := s.Bulletins(sys, o.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	var issues []string
	for _, b := range bs {
		issues = append(issues, string(b.Status)+" "+b.IssueLabel())
	}
	if strings.Join(issues, ",") != "draft ,published 2026年第1期,published 2025年第2期,published 2025年第1期" {
		t.Errorf("bulletins: %v", issues)
	}
}
