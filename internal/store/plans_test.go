package store_test

import (
	"errors"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestPlans: a plan with a bad item is refused naming the item and nothing
// of it is written; a second plan of the same year conflicts; a meeting of
// another branch is not linked; an item another plan was built from is not
// deleted.
func TestPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := branchWithCommittee(t, s)
		item := func(text string) zhibu.PlanItem { return zhibu.PlanItem{Text: text, Owner: zhibu.OrgOfficer} }
		bad := zhibu.Plan{OrgID: branch.ID, Year: 2026, Title: "2026年党建工作计划", Sections: []zhibu.PlanSection{
			{N: 1, Title: "三会一课", Items: []zhibu.PlanItem{item("每月召开支委会")}},
			{N: 2, Title: "发展党员", Items: []zhibu.PlanItem{{N: 1, Text: "发展党员", Owner: "boss", DueOn: zhibu.MakeDate(2027, 1, 1)}}},
		}}
		_, err := s.CreatePlan(sys, bad)
		var ps zhibu.Problems
		if !errors.As(err, &ps) || !strings.Contains(ps.Error(), "第二部分第1项：责任人") || !strings.Contains(ps.Error(), "第二部分第1项：完成时限") {
			t.Fatalf("bad item: %v", err)
		}
		if _, err := s.Plan(sys, branch.ID, 2026); !errors.Is(err, zhibu.ErrNotFound) {
			t.Fatalf("a refused plan was written: %v", err)
		}
		good := bad
		good.Sections = []zhibu.PlanSection{{N: 1, Title: "三会一课", Items: []zhibu.PlanItem{item("每月召开支委会"), item("每季度召开支部大会")}}}
		p, err := s.CreatePlan(sys, good)
		if err != nil || len(p.Sections) != 1 || len(p.Sections[0].Items) != 2 {
			t.Fatalf("plan: %+v %v", p, err)
		}
		if _, err := s.CreatePlan(sys, good); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("a second 2026 plan: %v, want a conflict", err)
		}

		other, err := s.CreateOrg(sys, zhibu.Org{Code: "BX", Name: "另一党支部", Kind: zhibu.KindBranch, ParentID: branch.ParentID})
		if err != nil {
			t.Fatal(err)
		}
		elsewhere, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: other.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
			StartsAt: local(2026, 3, 20, 9, 0)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		it := p.Sections[0].Items[0]
		if _, err := s.LinkPlanRecord(sys, it.ID, "meeting", elsewhere.ID); !errors.As(err, &ps) || ps.For("record_id") == "" {
			t.Errorf("another branch's meeting linked: %v", err)
		}
		held, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
			StartsAt: local(2026, 3, 20, 9, 0), ChairID: members[0].ID, RecorderID: members[1].ID, Minutes: "研究工作"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		l, err := s.LinkPlanRecord(sys, it.ID, "meeting", held.ID)
		if err != nil || l.On != zhibu.MakeDate(2026, 3, 20) {
			t.Fatalf("link: %+v %v", l, err)
		}
		if _, err := s.LinkPlanRecord(sys, it.ID, "meeting", held.ID); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("the same link twice: %v", err)
		}

		// A plan built on this one refers to its item, which then stays.
		copyOf := zhibu.Plan{OrgID: other.ID, Year: 2026, Title: "依据计划", SourceID: p.ID, Sections: []zhibu.PlanSection{
			{N: 1, Title: "三会一课", Items: []zhibu.PlanItem{{N: 1, Text: "每月召开支委会", Owner: zhibu.OrgOfficer, RefID: it.ID}}}}}
		if _, err := s.CreatePlan(sys, copyOf); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePlanItem(sys, it.ID); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("deleting a referred item: %v", err)
		}
		if err := s.DeletePlanItem(sys, p.Sections[0].Items[1].ID); err != nil {
			t.Fatal(err)
		}
		if p, err = s.Plan(sys, branch.ID, 2026); err != nil || len(p.Sections[0].Items) != 1 || len(p.Sections[0].Items[0].Links) != 1 {
			t.Errorf("after the deletion: %+v %v", p.Sections, err)
		}
	})
}
