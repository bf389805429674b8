package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestActivitiesService: bad input answers with Chinese problems naming
// the field and saves nothing; a draft written from an activity; the
// bulletin's steps each need their own position.
func TestActivitiesService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		now := func() time.Time { return local(2026, 7, 2, 10, 0) }
		s.SetClock(now)
		x := service.New(s, service.Options{Now: now}).Activities
		committee, err := s.CreateOrg(sys, zhibu.Org{Code: "AC", Name: "局党委", Kind: zhibu.KindCommittee})
		if err != nil {
			t.Fatal(err)
		}
		branch, err := s.CreateOrg(sys, zhibu.Org{Code: "AB", Name: "第三党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		sec, err := s.CreatePerson(sys, person("何书记", zhibu.FullMember, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		prop, err := s.CreatePerson(sys, person("宋宣传", zhibu.FullMember, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		as := func(p zhibu.Person, pos zhibu.Position) context.Context {
			roles, grants, scope := zhibu.Rights(p.ID, []zhibu.Holding{{Position: pos, Org: branch}}, nil)
			return zhibu.WithActor(sys, zhibu.Actor{AccountID: p.ID, PersonID: p.ID, Name: p.Name, Roles: roles, Grants: grants, Scope: scope})
		}
		secretary, propaganda := as(sec, zhibu.Secretary), as(prop, zhibu.PropagandaOfficer)

		_, err = x.Record(propaganda, zhibu.Activity{OrgID: branch.ID, Kind: zhibu.ActivityLiaison, Title: " ", HeldOn: zhibu.MakeDate(2026, 7, 3)}, nil)
		var ps zhibu.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("bad activity: %v", err)
		}
		fields := map[string]bool{}
		for _, p := range ps {
			fields[p.Field] = true
		}
		for _, f := range []string{"title", "held_on", "organizer_id", "liaison_id"} {
			if !fields[f] {
				t.Errorf("no problem about %s in %v", f, ps)
			}
		}
		if !strings.Contains(ps.Error(), "活动日期：不能晚于今天") {
			t.Errorf("message %q", ps.Error())
		}
		if as, _ := s.Activities(sys, branch.ID, 0); len(as) != 0 {
			t.Fatal("a refused activity was saved")
		}

		a, err := x.Record(propaganda, zhibu.Activity{OrgID: branch.ID, Kind: zhibu.ActivityThemed, Title: "七一重温入党誓词", HeldOn: zhibu.MakeDate(2026, 7, 1),
			Place: "党员活动室", OrganizerID: prop.ID, Occasion: zhibu.OccasionJuly1, Summary: "全体党员面向党旗重温入党誓词。"},
			[]zhibu.Attendance{{PersonID: sec.ID, Status: zhibu.AttendPresent}, {PersonID: prop.ID, Status: zhibu.AttendPresent}})
		if err != nil {
			t.Fatal(err)
		}
		draft, err := x.DraftFrom(propaganda, branch.ID, a.ID)
		if err != nil || !strings.Contains(draft.Body, "2026年7月1日，第三党支部组织开展“七一重温入党誓词”活动，地点在党员活动室，2名党员参加。") ||
			!strings.Contains(draft.Body, "面向党旗") {
			t.Fatalf("draft from the activity: %+v %v", draft, err)
		}
		draft.Channels = []zhibu.Channel{zhibu.ChannelBureauSite}
		b, err := x.Draft(propaganda, draft)
		if err != nil {
			t.Fatal(err)
		}
		// The propaganda officer reviews but may not approve; the secretary approves.
		if _, err := x.Step(propaganda, branch.ID, b.ID, zhibu.BulletinReviewed, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := x.Step(propaganda, branch.ID, b.ID, zhibu.BulletinApproved, ""); !errors.Is(err, zhibu.ErrForbidden) {
			t.Fatalf("the propaganda officer approving: %v", err)
		}
		if _, err := x.Step(secretary, branch.ID, b.ID, zhibu.BulletinDraft, ""); !errors.As(err, &ps) || ps[0].Field != "note" {
			t.Fatalf("a return without a note: %v", err)
		}
		if _, err := x.Step(secretary, branch.ID, b.ID, zhibu.BulletinApproved, ""); err != nil {
			t.Fatal(err)
		}
		pub, err := x.Step(propaganda, branch.ID, b.ID, zhibu.BulletinPublished, "")
		if err != nil || pub.IssueLabel() != "2026年第1期" || pub.PublishedOn != zhibu.MakeDate(2026, 7, 2) {
			t.Fatalf("published: %+v %v", pub, err)
		}
		if _, err := x.Draft(propaganda, zhibu.Bulletin{ID: b.ID, OrgID: branch.ID, Title: "改", Body: "改"}); !errors.As(err, &ps) {
			t.Fatalf("editing a published bulletin: %v", err)
		}
		if err := x.RecordStance(secretary, zhibu.StanceRecord{MeetingID: 1, Viewpoints: []zhibu.Viewpoint{{PersonID: sec.ID, PersonName: "何书记"}}}); !errors.As(err, &ps) ||
			!strings.Contains(ps.Error(), "何书记的主要观点不能为空") {
			t.Fatalf("a viewpoint without points: %v", err)
		}
	})
}

// The stream's findings reach the superior's matrix: a column for each of
// its rules with a finding, the seed branch's stance meeting without a
// filing its worst cell.
func TestActivitiesInMatrix(t *testing.T) {
	s := demotest.SQLite(t)
	c := service.New(s, service.Options{}).Compliance
	root, err := s.OrgByCode(sys, demo.CommitteeCode)
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Matrix(sys, root, 2025, demo.AsOf())
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, r := range m.Rules {
		col[r] = i
	}
	for _, id := range []string{"stance.filing", "activity.occasions", "activity.campaign"} {
		if _, ok := col[id]; !ok {
			t.Fatalf("no column %s in %v", id, m.Rules)
		}
	}
	found := false
	for _, row := range m.Rows {
		if row.Org.Code == demo.BranchCode {
			found = true
			if cell := row.Cells[col["stance.filing"]]; cell.Worst != zhibu.StatusViolation || cell.N != 1 || cell.All != 2 {
				t.Errorf("stance.filing cell %+v", cell)
			}
			if cell := row.Cells[col["activity.occasions"]]; cell.Worst != zhibu.StatusOK || cell.All != 2 {
				t.Errorf("activity.occasions cell %+v", cell)
			}
		}
	}
	if !found {
		t.Fatal("no row of the seed branch")
	}
	if service.ShortName("stance.filing") != "发声亮剑报备" {
		t.Error("stance.filing has no short name for the matrix's head")
	}
}
