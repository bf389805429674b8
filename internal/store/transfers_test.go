package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// actorOf is the actor of a person holding positions, as the server derives it.
func actorOf(personID int64, holdings ...zhibu.Holding) context.Context {
	roles, grants, scope := zhibu.Rights(personID, holdings, nil)
	return zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: personID, PersonID: personID, Name: "测试", Roles: roles, Grants: grants, Scope: scope})
}

func onJuly1(s *store.Store) {
	s.SetClock(func() time.Time { return time.Date(2026, 7, 1, 10, 0, 0, 0, zhibu.DefaultZone) })
}

func member(name string, orgID, groupID int64) zhibu.Person {
	p := person(name, zhibu.FullMember, orgID, groupID)
	p.JoinedOn = zhibu.MakeDate(2020, 1, 1)
	return p
}

func wantForbidden(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, zhibu.ErrForbidden) {
		t.Fatalf("got %v, want forbidden", err)
	}
}

// The transfers service decides what may be done with a letter
// (internal/service/transfers_test.go); the store persists it and checks
// the actor's right on the end it writes, whoever calls it.
func TestTransfersRights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		onJuly1(s)
		committee, b1, g1, _ := tree(t, s)
		b2, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.CreatePerson(sys, member("调出甲", b1.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		sec1 := actorOf(9998, zhibu.Holding{Position: zhibu.Secretary, Org: b1})
		sec2 := actorOf(9999, zhibu.Holding{Position: zhibu.Secretary, Org: b2})
		reader := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 7, Name: "读者", Scope: zhibu.Scope{Paths: []string{b1.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: b1.Path}}})
		letter := zhibu.Transfer{PersonID: p.ID, ToOrgID: b2.ID, LetterNo: "B1-1", IssuedOn: zhibu.MakeDate(2026, 6, 1), ValidMonths: 3}
		if _, err := s.IssueTransfer(sec2, letter); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("another branch's person: %v", err)
		}
		_, err = s.IssueTransfer(reader, letter)
		wantForbidden(t, err)
		mark, _, _, _ := s.ChangesSince(sys, 0, 0)
		tr, err := s.IssueTransfer(sec1, letter)
		if err != nil || tr.Status != zhibu.TransferIssued || tr.ValidMonths != 3 || tr.ToOrgName != "第二党支部" || tr.FromOrgID != b1.ID {
			t.Fatalf("issued %+v, %v", tr, err)
		}
		_, written, _, _ := s.ChangesSince(sys, mark, 100)
		if paths := auditPaths(written, "transfer.issue"); paths != b1.Path+","+b2.Path {
			t.Errorf("transfer.issue audited on %q, want both branches", paths)
		}
		_, err = s.AcceptTransfer(sec1, tr.ID, zhibu.MakeDate(2026, 6, 20), 0, "")
		wantForbidden(t, err)
		_, err = s.CloseTransfer(sec2, tr.ID, zhibu.TransferReturned, zhibu.MakeDate(2026, 6, 20), "")
		wantForbidden(t, err)
		reader2 := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 8, Name: "读者", Scope: zhibu.Scope{Paths: []string{b2.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: b2.Path}}})
		_, err = s.TransferIn(reader2, zhibu.Transfer{ToOrgID: b2.ID, FromName: "外省某党支部", LetterNo: "外-1", IssuedOn: zhibu.MakeDate(2026, 6, 1),
			ValidMonths: 3, ReceivedOn: zhibu.MakeDate(2026, 6, 5)}, member("转入乙", b2.ID, 0))
		wantForbidden(t, err)
		done, err := s.AcceptTransfer(sec2, tr.ID, zhibu.MakeDate(2026, 6, 20), 0, "")
		if err != nil || done.Status != zhibu.TransferCompleted {
			t.Fatalf("accepted %+v, %v", done, err)
		}
		if moved, err := s.Person(sec2, p.ID); err != nil || moved.OrgID != b2.ID {
			t.Errorf("moved %+v, %v", moved, err)
		}
	})
}

// The terms service decides what an election, a report, an approval, a
// request and a decision may be (internal/service/terms_test.go); the store
// persists them, checks the actor's right and keeps them in the facts.
func TestElectionAssemblyAndExtensions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		onJuly1(s)
		branch, _, members := branchWithCommittee(t, s)
		committee, err := s.Org(sys, branch.ParentID)
		if err != nil {
			t.Fatal(err)
		}
		assembly, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
			StartsAt: local(2020, 5, 31, 23, 30), ChairID: members[0].ID, RecorderID: members[1].ID, Minutes: "选举产生新一届支部委员会。"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		seats := []zhibu.Seat{{PersonID: members[0].ID, Position: zhibu.Secretary}, {PersonID: members[1].ID, Position: zhibu.OrgOfficer}}
		term, err := s.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2020, 5, 31), AssemblyID: assembly.ID, Seats: seats})
		if err != nil {
			t.Fatal(err)
		}
		if term.AssemblyID != assembly.ID || term.EndsOn() != zhibu.MakeDate(2023, 5, 31) {
			t.Errorf("term %+v", term)
		}
		// The election entered first, its assembly later.
		first, _ := s.Terms(sys, branch.ID)
		old := first[len(first)-1] // the committee elected on 2017-06-01
		held2017, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
			StartsAt: local(2017, 6, 1, 9, 0), ChairID: members[0].ID, RecorderID: members[1].ID, Minutes: "选举"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if linked, err := s.SetTermAssembly(sys, branch.ID, old.ID, held2017.ID); err != nil || linked.AssemblyID != held2017.ID {
			t.Errorf("linked %+v, %v", linked, err)
		}
		if terms, _ := s.Terms(sys, branch.ID); terms[len(terms)-1].AssemblyID != held2017.ID {
			t.Errorf("assembly not stored: %+v", terms[len(terms)-1])
		}
		if _, err := s.SetTermAssembly(sys, branch.ID, 99999, held2017.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("another org's term: %v", err)
		}

		// The branch asks to postpone; the superior decides.
		sec := actorOf(members[0].ID, zhibu.Holding{Position: zhibu.Secretary, Org: branch})
		sup := actorOf(8888, zhibu.Holding{Position: zhibu.Secretary, Org: committee})

		// The new secretary reported to the superior, who approves.
		if _, err := s.ReportTerm(sec, branch.ID, zhibu.MakeDate(2020, 6, 1)); err != nil {
			t.Fatal(err)
		}
		_, err = s.ApproveTerm(sec, branch.ID, zhibu.Date{})
		wantForbidden(t, err)
		approved, err := s.ApproveTerm(sup, branch.ID, zhibu.MakeDate(2020, 6, 8))
		if err != nil || approved.ReportedOn != zhibu.MakeDate(2020, 6, 1) || approved.ApprovedOn != zhibu.MakeDate(2020, 6, 8) || approved.ApprovedBy != "测试" {
			t.Fatalf("approved %+v, %v", approved, err)
		}
		if facts, _ := s.Facts(sys, branch.ID, 2020, zhibu.MakeDate(2020, 12, 31)); len(facts.Terms) != 2 || facts.Terms[1].ApprovedOn != zhibu.MakeDate(2020, 6, 8) {
			t.Errorf("facts terms %+v", facts.Terms)
		}
		ext, err := s.RequestExtension(sec, zhibu.Extension{OrgID: branch.ID, Months: 9, NewEnd: zhibu.MakeDate(2024, 2, 29), Reason: "集中整训，推迟换届"})
		if err != nil {
			t.Fatal(err)
		}
		if ext.NewEnd != zhibu.MakeDate(2024, 2, 29) || ext.TermID != term.ID || ext.Status != zhibu.ExtensionRequested {
			t.Errorf("request %+v", ext) // 31 May 2023 + 9 months: 29 February 2024
		}
		if p, err := s.PendingTerms(sup); err != nil || len(p.Extensions) != 1 || p.Extensions[0].ID != ext.ID || p.Extensions[0].Org.ID != branch.ID {
			t.Errorf("the superior's pending: %+v, %v", p, err)
		}
		if p, err := s.PendingTerms(sec); err != nil || len(p.Extensions)+len(p.Reports) != 0 {
			t.Errorf("the branch's own pending: %+v, %v", p, err)
		}
		_, err = s.DecideExtension(sec, ext.ID, true, zhibu.Date{}, "")
		wantForbidden(t, err)
		facts, _ := s.Facts(sys, branch.ID, 2024, zhibu.MakeDate(2024, 1, 1))
		if _, ok := facts.Extensions[term.ID]; ok {
			t.Error("an extension in force before it was approved")
		}
		got, err := s.DecideExtension(sup, ext.ID, true, zhibu.Date{}, "同意")
		if err != nil || got.Status != zhibu.ExtensionApproved {
			t.Fatalf("decided %+v, %v", got, err)
		}
		facts, err = s.Facts(sys, branch.ID, 2024, zhibu.MakeDate(2024, 1, 1))
		if err != nil || facts.Extensions[term.ID] != zhibu.MakeDate(2024, 2, 29) {
			t.Errorf("facts extensions %v, %v", facts.Extensions, err)
		}
		list, err := s.Extensions(sec, branch.ID)
		if err != nil || len(list) != 1 || list[0].DecidedBy == "" {
			t.Errorf("extensions %+v, %v", list, err)
		}
		due := rules.Check(rules.DefaultCatalogue(), facts, branch.ID, 2024)
		for _, f := range due {
			if f.RuleID == "org.term.due" && f.Status != zhibu.StatusDue {
				t.Errorf("with the extension, %s %s: %s", f.Period, f.Status, f.Message)
			}
		}
	})
}

// auditPaths joins the org paths of the writes of one action.
func auditPaths(ws []store.Written, action string) string {
	var out []string
	for _, w := range ws {
		if w.Action == action {
			out = append(out, w.OrgPath)
		}
	}
	return strings.Join(out, ",")
}
