package service_test

import (
	"slices"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestReviewFindings: review.secretary's findings reach the branch's
// calendar, the secretary's 我的职责 and the superior's matrix, and the
// matrix follows the branch's report (the close is audited on the branch).
func TestReviewFindings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		clock := time.Date(2026, 10, 15, 10, 0, 0, 0, zhibu.DefaultZone)
		s.SetClock(func() time.Time { return clock })
		svc := service.New(s, service.Options{})
		committee, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "市局党委", Kind: zhibu.KindCommittee})
		if err != nil {
			t.Fatal(err)
		}
		branch, err := s.CreateOrg(sys, zhibu.Org{Code: "B", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: committee.ID, FoundedOn: zhibu.MakeDate(2001, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		var members []zhibu.Person
		for _, n := range []string{"甲", "乙", "丙"} {
			p := person("党员"+n, zhibu.FullMember, branch.ID, 0)
			p.JoinedOn = zhibu.MakeDate(2015, 1, 1)
			if p, err = s.CreatePerson(sys, p); err != nil {
				t.Fatal(err)
			}
			members = append(members, p)
		}
		if _, err := s.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2025, 1, 1), Years: 3,
			Seats: []zhibu.Seat{{PersonID: members[0].ID, Position: zhibu.Secretary}}}); err != nil {
			t.Fatal(err)
		}
		// A round from another year's window is refused; the default
		// window is the seed's.
		if _, err := svc.Review.OpenRound(sys, zhibu.ReviewRound{OrgID: branch.ID, Year: 2026}); err == nil {
			t.Error("a round opened on a branch")
		}
		round, err := svc.Review.OpenRound(sys, zhibu.ReviewRound{OrgID: committee.ID, Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		if round.OpensOn != zhibu.MakeDate(2026, 10, 21) || round.ClosesOn != zhibu.MakeDate(2026, 11, 10) || round.Branches != 1 {
			t.Fatalf("round %+v", round)
		}
		clock = time.Date(2026, 11, 12, 10, 0, 0, 0, zhibu.DefaultZone)
		asOf := zhibu.MakeDate(2026, 11, 12)
		status := func(fs []zhibu.Finding) zhibu.FindingStatus {
			for _, f := range fs {
				if f.RuleID == "review.secretary" {
					return f.Status
				}
			}
			return ""
		}
		fs, _, err := svc.Compliance.Check(sys, branch, 2026, asOf)
		if err != nil || status(fs) != zhibu.StatusOverdue {
			t.Fatalf("calendar: %v %v", status(fs), err)
		}
		d, err := svc.Compliance.Duties(sys, members[0].ID, asOf, 2026, asOf)
		if err != nil {
			t.Fatal(err)
		}
		var mine []zhibu.Finding
		for _, f := range d.Findings {
			mine = append(mine, f.Finding)
		}
		if status(mine) != zhibu.StatusOverdue {
			t.Errorf("我的职责 lacks review.secretary: %+v", d.Findings)
		}
		cell := func() zhibu.FindingStatus {
			m, err := svc.Compliance.Matrix(sys, committee, 2026, asOf)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.Index(m.Rules, "review.secretary")
			if i < 0 || len(m.Rows) == 0 {
				t.Fatalf("matrix rules %v", m.Rules)
			}
			for _, r := range m.Rows {
				if r.Org.ID == branch.ID {
					return r.Cells[i].Worst
				}
			}
			return ""
		}
		if got := cell(); got != zhibu.StatusOverdue {
			t.Errorf("matrix cell %q, want overdue", got)
		}
		// The branch reports late: a violation, in the matrix at once.
		reports, _ := s.BranchReviews(sys, branch.ID)
		sec := zhibu.WithActor(sys, zhibu.Actor{AccountID: 1, PersonID: members[0].ID, Name: members[0].Name,
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}, {Perm: zhibu.PermReviewWrite, Path: branch.Path}},
			Scope:  zhibu.Scope{Paths: []string{branch.Path}}})
		text := zhibu.SecretaryReport{WorkDone: "一", Results: "二", Problems: "三", Plan: "四"}
		if _, err := svc.Review.File(sec, branch.ID, reports[0].ID, text); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Review.Present(sec, branch.ID, reports[0].ID, zhibu.MakeDate(2026, 11, 12), 0); err == nil {
			t.Error("a presentation after the window was accepted")
		}
		if _, err := svc.Review.Present(sec, branch.ID, reports[0].ID, zhibu.MakeDate(2026, 11, 9), 0); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Review.Close(sec, branch.ID, reports[0].ID); err == nil {
			t.Error("a vote closed without a ballot")
		}
		voter := zhibu.WithActor(sys, zhibu.Actor{AccountID: 2, PersonID: members[1].ID, Name: members[1].Name, Scope: zhibu.Scope{Self: members[1].ID}})
		if err := svc.Review.Vote(voter, reports[0].ID, "bad"); err == nil {
			t.Error("a ballot without a valid grade")
		}
		if err := svc.Review.Vote(voter, reports[0].ID, zhibu.ReviewFair); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Review.Close(sec, branch.ID, reports[0].ID); err != nil {
			t.Fatal(err)
		}
		if got := cell(); got != zhibu.StatusViolation {
			t.Errorf("matrix cell after the late report %q, want violation", got)
		}
	})
}
