package service_test

import (
	"errors"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The self-check files each open finding under its problem; a remedy needs
// an owner of the branch; only the branch's secretary signs a completed
// remedy off, once; the superior sees each branch's counts.
func TestRectification(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		now := func() time.Time { return local(2026, 7, 1, 10, 0) }
		s.SetClock(now)
		svc := service.New(s, service.Options{Now: now})
		c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "局党委", Kind: zhibu.KindCommittee})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.CreateOrg(sys, zhibu.Org{Code: "B", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		var people []zhibu.Person
		for _, n := range []string{"书记", "组织委员", "纪检委员", "党员甲", "党员乙", "党员丙", "党员丁"} {
			p, err := s.CreatePerson(sys, meetPerson(n, zhibu.FullMember, b.ID, 0))
			if err != nil {
				t.Fatal(err)
			}
			people = append(people, p)
		}
		stranger, err := s.CreatePerson(sys, meetPerson("外支部", zhibu.FullMember, other.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartTerm(sys, zhibu.Term{OrgID: b.ID, ElectedOn: zhibu.MakeDate(2024, 3, 1), Seats: []zhibu.Seat{
			{PersonID: people[0].ID, Position: zhibu.Secretary}, {PersonID: people[1].ID, Position: zhibu.OrgOfficer},
			{PersonID: people[2].ID, Position: zhibu.DisciplineOfficer}}}); err != nil {
			t.Fatal(err)
		}
		// No meetings at all: problem 2 is found, with the meet.* findings.
		sc, err := svc.Rectification.SelfCheck(sys, b, 2026, zhibu.MakeDate(2026, 7, 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(sc.Problems) != 5 || len(sc.Problems[1].Findings) == 0 {
			t.Fatalf("self-check: %+v", sc.Problems)
		}
		for _, p := range sc.Problems {
			for _, f := range p.Findings {
				if !p.Problem.Covers(f.RuleID) || f.Status == zhibu.StatusOK {
					t.Errorf("problem %d holds %s %s", p.Problem.N, f.RuleID, f.Status)
				}
			}
		}
		remedy := zhibu.Remedy{OrgID: b.ID, Year: 2026, Problem: 2, Issue: sc.Problems[1].Findings[0].Message, Measure: "每月第一周召开支委会",
			OwnerID: stranger.ID, Deadline: zhibu.MakeDate(2026, 9, 30)}
		if _, err := svc.Rectification.SaveRemedy(sys, remedy); !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("an owner of another branch: %v", err)
		}
		remedy.OwnerID = people[1].ID
		saved, err := svc.Rectification.SaveRemedy(sys, remedy)
		if err != nil {
			t.Fatal(err)
		}
		officer := zhibu.WithActor(sys, zhibu.Actor{AccountID: 5, PersonID: people[1].ID, Name: "组织委员", Scope: zhibu.Scope{Paths: []string{b.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: b.Path}, {Perm: zhibu.PermOrgManage, Path: b.Path}}})
		secretary := zhibu.WithActor(sys, zhibu.Actor{AccountID: 4, PersonID: people[0].ID, Name: "书记", Scope: zhibu.Scope{Paths: []string{b.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: b.Path}, {Perm: zhibu.PermOrgManage, Path: b.Path}}})
		if _, err := svc.Rectification.SignRemedy(secretary, saved.ID); !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("signed before it was done: %v", err)
		}
		saved.DoneOn = zhibu.MakeDate(2026, 6, 30)
		if _, err := svc.Rectification.SaveRemedy(officer, saved); !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("done without evidence: %v", err)
		}
		saved.Evidence = "6月3日、6月28日召开支委会，会议记录已归档"
		if saved, err = svc.Rectification.SaveRemedy(officer, saved); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Rectification.SignRemedy(officer, saved.ID); !errors.Is(err, zhibu.ErrForbidden) {
			t.Fatalf("the organization officer signed off: %v", err)
		}
		signed, err := svc.Rectification.SignRemedy(secretary, saved.ID)
		if err != nil || signed.SignedOn != zhibu.MakeDate(2026, 7, 1) || signed.SignedBy != "书记" || signed.State(zhibu.MakeDate(2026, 7, 1)) != zhibu.RemedySigned {
			t.Fatalf("signed: %+v %v", signed, err)
		}
		if _, err := svc.Rectification.SignRemedy(secretary, saved.ID); !errors.Is(err, zhibu.ErrConflict) {
			t.Fatalf("signed twice: %v", err)
		}
		if _, err := svc.Rectification.SaveRemedy(officer, signed); !errors.Is(err, zhibu.ErrConflict) {
			t.Fatalf("changed after the sign-off: %v", err)
		}
		ov, err := svc.Rectification.Overview(sys, c, 2026, zhibu.MakeDate(2026, 7, 1))
		if err != nil || len(ov) != 2 {
			t.Fatalf("overview: %+v %v", ov, err)
		}
		for _, bp := range ov {
			if bp.Org.ID == b.ID && (bp.Found[1] == 0 || bp.Progress.Signed != 1 || bp.Progress.Remedies != 1) {
				t.Errorf("the branch's line: %+v", bp)
			}
		}
	})
}
