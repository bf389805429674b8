package demo_test

import (
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/rules"
	"zhibu/internal/service"
)

// The seed branch's member records show the planted gap, and nothing
// else: 周鹏's file is not on record; the mobile member 郑雪梅 is in contact;
// no one is out of contact.
func TestMemberRecordsDemo(t *testing.T) {
	s := demotest.SQLite(t)
	o := org(t, s, demo.BranchCode)
	today := zhibu.Today(time.Now())
	facts, err := s.Facts(sys, o.ID, today.Year, today)
	if err != nil {
		t.Fatal(err)
	}
	var noFile, mobile []string
	for _, f := range rules.Check(rules.DefaultCatalogue(), facts, o.ID, today.Year) {
		switch f.RuleID {
		case "member.file":
			if f.Status != zhibu.StatusOK {
				noFile = append(noFile, f.Message)
			}
		case "member.mobile":
			mobile = append(mobile, string(f.Status)+" "+f.Message)
		case "member.lost_contact":
			t.Errorf("out of contact: %s", f.Message)
		}
	}
	if len(noFile) != 1 || !strings.Contains(noFile[0], "周鹏") {
		t.Errorf("without a file: %q", noFile)
	}
	if len(mobile) != 1 || !strings.HasPrefix(mobile[0], "ok ") || !strings.Contains(mobile[0], "郑雪梅") {
		t.Errorf("mobile: %q", mobile)
	}
}

// The seed branch's 2025 campaign has one remedy signed off by its
// secretary and one still open, each under a problem its self-check finds.
func TestRectificationDemo(t *testing.T) {
	s := demotest.SQLite(t)
	o := org(t, s, demo.BranchCode)
	rs, err := s.Remedies(sys, o.ID, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].SignedBy != "张志刚" || rs[0].OwnerName != "马文斌" || !rs[1].DoneOn.IsZero() {
		t.Fatalf("remedies: %+v", rs)
	}
	c, ok, err := s.RectCampaignFor(sys, o.ID, 2025)
	if err != nil || !ok {
		t.Fatalf("campaign: %v %v", ok, err)
	}
	if c.OrgID != org(t, s, demo.CommitteeCode).ID || c.Title != "2025年基层党建基础工作整改" || c.RemediesDue != zhibu.MakeDate(2026, 6, 30) {
		t.Fatalf("campaign: %+v", c)
	}
	for _, r := range rs {
		if r.Deadline.After(c.RemediesDue) {
			t.Errorf("remedy %d due %s, after the campaign's %s", r.ID, r.Deadline, c.RemediesDue)
		}
	}
	// The committee's view: the open remedy counts past the campaign's
	// remedies-due day (30 June 2026) from then on.
	svc := service.New(s, service.Options{Now: func() time.Time { return time.Date(2026, 7, 1, 12, 0, 0, 0, zhibu.DefaultZone) }})
	bs, err := svc.Rectification.Overview(sys, org(t, s, demo.CommitteeCode), 2025, zhibu.MakeDate(2025, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		want := 0
		if b.Org.ID == o.ID {
			want = 1
		}
		if b.Campaign.ID != c.ID || b.Progress.PastDue != want {
			t.Errorf("%s: campaign %d, past due %d, want %d", b.Org.Name, b.Campaign.ID, b.Progress.PastDue, want)
		}
	}
}

// memberRecordRule reports whether id is one of the member-record rules
// TestMemberRecordsDemo checks.
func memberRecordRule(id string) bool {
	switch id {
	case "member.file", "member.mobile", "member.lost_contact", "member.self_withdrawal":
		return true
	}
	return false
}
