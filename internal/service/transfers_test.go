package service_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The transfers service decides what may be done with a letter; these
// tests, moved from the store's, go through it and read back what the
// store persisted.

var trSys = sys

// actorOf is the actor of a person holding positions, as the server derives it.
func trActorOf(personID int64, holdings ...zhibu.Holding) context.Context {
	roles, grants, scope := zhibu.Rights(personID, holdings, nil)
	return zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: personID, PersonID: personID, Name: "测试", Roles: roles, Grants: grants, Scope: scope})
}

func trOnJuly1(s *store.Store) {
	s.SetClock(func() time.Time { return time.Date(2026, 7, 1, 10, 0, 0, 0, zhibu.DefaultZone) })
}

// trTree is a committee with a branch (B1) and its two groups.
func trTree(t *testing.T, s *store.Store) (committee, branch, g1, g2 zhibu.Org) {
	t.Helper()
	var err error
	if committee, err = s.CreateOrg(trSys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee}); err != nil {
		t.Fatal(err)
	}
	if branch, err = s.CreateOrg(trSys, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: committee.ID,
		FoundedOn: zhibu.MakeDate(2001, 7, 1), Units: []string{"治安大队", "办公室"}}); err != nil {
		t.Fatal(err)
	}
	if g1, err = s.CreateOrg(trSys, zhibu.Org{Code: "B1G1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: branch.ID}); err != nil {
		t.Fatal(err)
	}
	if g2, err = s.CreateOrg(trSys, zhibu.Org{Code: "B1G2", Name: "第二党小组", Kind: zhibu.KindGroup, ParentID: branch.ID}); err != nil {
		t.Fatal(err)
	}
	return
}

func trMember(name string, orgID, groupID int64) zhibu.Person {
	p := person(name, zhibu.FullMember, orgID, groupID)
	p.JoinedOn = zhibu.MakeDate(2020, 1, 1)
	return p
}

func trWantForbidden(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, zhibu.ErrForbidden) {
		t.Fatalf("got %v, want forbidden", err)
	}
}

func TestTransfers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		trOnJuly1(s)
		svc := service.New(s, service.Options{}).Transfers
		committee, b1, g1, _ := trTree(t, s)
		b2, err := s.CreateOrg(trSys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committee.ID, Units: []string{"交警大队"}})
		if err != nil {
			t.Fatal(err)
		}
		var ps []zhibu.Person
		for _, n := range []string{"调出甲", "调出乙", "调出丙", "调出丁"} {
			p, err := s.CreatePerson(trSys, trMember(n, b1.ID, g1.ID))
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
		}
		masses, err := s.CreatePerson(trSys, person("群众", zhibu.Masses, b1.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		sec1 := trActorOf(ps[3].ID, zhibu.Holding{Position: zhibu.Secretary, Org: b1})
		sec2 := trActorOf(9999, zhibu.Holding{Position: zhibu.Secretary, Org: b2})

		// Issue a letter inside zhibu: the validity defaults to the rule's 3 months.
		mark, _, _, _ := s.ChangesSince(trSys, 0, 0)
		tr, err := svc.Issue(sec1, zhibu.Transfer{PersonID: ps[0].ID, ToOrgID: b2.ID, LetterNo: "B1-2026-01", IssuedOn: zhibu.MakeDate(2026, 5, 31), Reason: "工作调动"})
		if err != nil {
			t.Fatal(err)
		}
		if tr.ValidMonths != 3 || tr.ExpiresOn() != zhibu.MakeDate(2026, 8, 31) || tr.Status != zhibu.TransferIssued || tr.ToOrgName != "第二党支部" || tr.FromOrgID != b1.ID {
			t.Errorf("issued %+v", tr)
		}
		_, written, _, _ := s.ChangesSince(trSys, mark, 100)
		if paths := trAuditPaths(written, "transfer.issue"); paths != b1.Path+","+b2.Path {
			t.Errorf("transfer.issue audited on %q, want both branches", paths)
		}

		// Bad letters: each problem named, nothing saved.
		_, err = svc.Issue(sec1, zhibu.Transfer{PersonID: ps[0].ID, ToOrgID: b2.ID, LetterNo: "x", IssuedOn: zhibu.MakeDate(2026, 6, 1)})
		wantDuesProblem(t, err, "person_id", "正在办理")
		_, err = svc.Issue(sec1, zhibu.Transfer{PersonID: ps[1].ID, ToOrgID: b2.ID, ToName: "外单位", LetterNo: "x", IssuedOn: zhibu.MakeDate(2026, 6, 1)})
		wantDuesProblem(t, err, "to", "只能填一项")
		_, err = svc.Issue(sec1, zhibu.Transfer{PersonID: ps[1].ID, ToOrgID: b1.ID, LetterNo: "x", IssuedOn: zhibu.MakeDate(2026, 6, 1)})
		wantDuesProblem(t, err, "to", "本支部")
		_, err = svc.Issue(sec1, zhibu.Transfer{PersonID: ps[1].ID, ToName: "外单位", LetterNo: "x", IssuedOn: zhibu.MakeDate(2026, 6, 1), ValidMonths: 4})
		wantDuesProblem(t, err, "valid_months", "1至3个月")
		_, err = svc.Issue(sec1, zhibu.Transfer{PersonID: ps[1].ID, ToName: "外单位", LetterNo: "", IssuedOn: zhibu.MakeDate(2026, 7, 2)})
		wantDuesProblem(t, err, "letter_no", "不能为空")
		wantDuesProblem(t, err, "issued_on", "不能晚于今天")
		_, err = svc.Issue(sec1, zhibu.Transfer{PersonID: masses.ID, ToName: "外单位", LetterNo: "x", IssuedOn: zhibu.MakeDate(2026, 6, 1)})
		wantDuesProblem(t, err, "person_id", "不是党员")
		_, err = svc.Issue(sec2, zhibu.Transfer{PersonID: ps[1].ID, ToName: "外单位", LetterNo: "x", IssuedOn: zhibu.MakeDate(2026, 6, 1)})
		if !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("another branch's person: %v", err)
		}

		// The destination sees the letter, not the sender's people; the
		// sender may not accept for it.
		in2, err := s.Transfers(sec2, b2.ID)
		if err != nil || len(in2) != 1 || in2[0].ID != tr.ID {
			t.Fatalf("destination's transfers %+v, %v", in2, err)
		}
		if _, err := s.Person(sec2, ps[0].ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("destination reads the sender's person: %v", err)
		}
		_, err = svc.Accept(sec1, b1.ID, tr.ID, zhibu.MakeDate(2026, 6, 20), 0, "")
		wantDuesProblem(t, err, "id", "不是系统内其他支部开往本支部的")
		_, err = svc.Accept(sec1, b2.ID, tr.ID, zhibu.MakeDate(2026, 6, 20), 0, "")
		trWantForbidden(t, err)
		_, err = svc.Accept(sec2, b2.ID, tr.ID, zhibu.MakeDate(2026, 5, 30), 0, "")
		wantDuesProblem(t, err, "received_on", "不能早于介绍信开具日期")

		// Accepted: the person moves with their history, audited on both
		// branches; their session ends (another scope from the next login).
		session := trLoggedIn(t, s, ps[0])
		mark, _, _, _ = s.ChangesSince(trSys, 0, 0)
		done, err := svc.Accept(sec2, b2.ID, tr.ID, zhibu.MakeDate(2026, 6, 20), 0, "交警大队")
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != zhibu.TransferCompleted || done.ReceivedOn != zhibu.MakeDate(2026, 6, 20) || done.ReceiptOn != done.ReceivedOn {
			t.Errorf("accepted %+v", done)
		}
		moved, err := s.Person(sec2, ps[0].ID)
		if err != nil || moved.OrgID != b2.ID || moved.GroupID != 0 || moved.JoinedOn != zhibu.MakeDate(2026, 6, 20) || moved.Unit != "交警大队" {
			t.Fatalf("moved %+v, %v", moved, err)
		}
		moves, err := s.Moves(trSys, ps[0].ID)
		if err != nil || len(moves) != 2 || !strings.Contains(moves[0].Reason, "B1-2026-01") || moves[1].EndOn != zhibu.MakeDate(2026, 6, 20) {
			t.Errorf("moves %+v, %v", moves, err)
		}
		_, written, _, _ = s.ChangesSince(trSys, mark, 100)
		if paths := trAuditPaths(written, "transfer.accept"); paths != b1.Path+","+b2.Path {
			t.Errorf("transfer.accept audited on %q", paths)
		}
		_, err = svc.Accept(sec2, b2.ID, tr.ID, zhibu.MakeDate(2026, 6, 21), 0, "")
		wantDuesProblem(t, err, "id", "不能再接收")
		if _, err := s.Session(trSys, session); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("the session of the person moved: %v", err)
		}

		// An expired letter is not accepted: the day after its last valid day.
		old, err := svc.Issue(sec1, zhibu.Transfer{PersonID: ps[2].ID, ToOrgID: b2.ID, LetterNo: "B1-2026-02", IssuedOn: zhibu.MakeDate(2026, 1, 31), ValidMonths: 1})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Accept(sec2, b2.ID, old.ID, zhibu.MakeDate(2026, 3, 1), 0, "")
		wantDuesProblem(t, err, "received_on", "2026-02-28")
		// Returned: the person stays; a new letter may be issued.
		_, err = svc.Close(sec2, b2.ID, old.ID, zhibu.TransferReturned, zhibu.MakeDate(2026, 3, 2), "")
		wantDuesProblem(t, err, "id", "只能由转出支部退回或撤销")
		if _, err := svc.Close(sec2, b1.ID, old.ID, zhibu.TransferReturned, zhibu.MakeDate(2026, 3, 2), ""); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("the destination closes the sender's letter: %v", err)
		}
		closed, err := svc.Close(sec1, b1.ID, old.ID, zhibu.TransferReturned, zhibu.MakeDate(2026, 3, 2), "逾期未办理")
		if err != nil || closed.Status != zhibu.TransferReturned || closed.ClosedOn != zhibu.MakeDate(2026, 3, 2) {
			t.Fatalf("returned %+v, %v", closed, err)
		}

		// Outside zhibu: received (off the roster), then the receipt.
		outTr, err := svc.Issue(sec1, zhibu.Transfer{PersonID: ps[1].ID, ToName: "某市某局机关党支部", LetterNo: "B1-2026-03", IssuedOn: zhibu.MakeDate(2026, 6, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Accept(sec2, b2.ID, outTr.ID, zhibu.MakeDate(2026, 6, 2), 0, ""); err == nil {
			t.Error("an outside letter accepted by a branch of zhibu")
		}
		before, _ := s.Counts(trSys, b1.ID)
		session = trLoggedIn(t, s, ps[1])
		rec, err := svc.RecordReceipt(sec1, b1.ID, outTr.ID, zhibu.MakeDate(2026, 6, 10), zhibu.Date{})
		if err != nil || rec.Status != zhibu.TransferReceived {
			t.Fatalf("received %+v, %v", rec, err)
		}
		left, err := s.Person(sec1, ps[1].ID)
		if err != nil || left.LeftOn != zhibu.MakeDate(2026, 6, 10) || left.GroupID != 0 || left.OrgID != b1.ID {
			t.Fatalf("left %+v, %v", left, err)
		}
		roster, _ := s.People(sec1, b1.ID, zhibu.PersonFilter{})
		gone, _ := s.People(sec1, b1.ID, zhibu.PersonFilter{Left: true})
		if trContainsPerson(roster, ps[1].ID) || !trContainsPerson(gone, ps[1].ID) {
			t.Errorf("roster %d people, left %d", len(roster), len(gone))
		}
		after, _ := s.Counts(trSys, b1.ID)
		if after.Members != before.Members-1 {
			t.Errorf("members %d → %d", before.Members, after.Members)
		}
		if _, err := s.Session(trSys, session); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("the session of the person who left: %v", err)
		}
		if moves, _ := s.Moves(trSys, ps[1].ID); len(moves) != 1 || moves[0].EndOn != zhibu.MakeDate(2026, 6, 10) {
			t.Errorf("history %+v", moves)
		}
		if _, err := s.MovePerson(trSys, ps[1].ID, b2.ID, 0, zhibu.MakeDate(2026, 6, 30), ""); err == nil {
			t.Error("a person who left was moved")
		}
		_, err = svc.RecordReceipt(sec1, b1.ID, outTr.ID, zhibu.Date{}, zhibu.MakeDate(2026, 6, 9))
		wantDuesProblem(t, err, "receipt_on", "不能早于接收日期")
		rec, err = svc.RecordReceipt(sec1, b1.ID, outTr.ID, zhibu.Date{}, zhibu.MakeDate(2026, 6, 15))
		if err != nil || rec.Status != zhibu.TransferCompleted || rec.ReceiptOn != zhibu.MakeDate(2026, 6, 15) {
			t.Fatalf("receipt %+v, %v", rec, err)
		}

		// In from outside: the person joins the roster on the day received.
		p := trMember("转入戊", 0, g1.ID)
		inTr, err := svc.In(sec1, zhibu.Transfer{ToOrgID: b1.ID, FromName: "外省某党支部", LetterNo: "外-001", IssuedOn: zhibu.MakeDate(2026, 5, 20),
			ValidMonths: 3, ReceivedOn: zhibu.MakeDate(2026, 6, 5)}, p)
		if err != nil {
			t.Fatal(err)
		}
		newcomer, err := s.Person(sec1, inTr.PersonID)
		if err != nil || newcomer.OrgID != b1.ID || newcomer.GroupID != g1.ID || newcomer.JoinedOn != zhibu.MakeDate(2026, 6, 5) || inTr.Status != zhibu.TransferReceived {
			t.Fatalf("transferred in %+v %+v, %v", inTr, newcomer, err)
		}
		bad := person("转入己", zhibu.Masses, 0, 0)
		_, err = svc.In(sec1, zhibu.Transfer{ToOrgID: b1.ID, FromName: "", LetterNo: "外-002", IssuedOn: zhibu.MakeDate(2026, 1, 1),
			ValidMonths: 1, ReceivedOn: zhibu.MakeDate(2026, 2, 2)}, bad)
		wantDuesProblem(t, err, "status", "预备党员或正式党员")
		wantDuesProblem(t, err, "from_name", "不能为空")
		wantDuesProblem(t, err, "received_on", "已过期")

		// A member who left comes back: the same record, on the roster again.
		again, _ := s.Person(trSys, ps[1].ID)
		again.GroupID, again.Unit = g1.ID, "办公室"
		letterBack := zhibu.Transfer{ToOrgID: b1.ID, FromName: "某市某局机关党支部", LetterNo: "回-1", IssuedOn: zhibu.MakeDate(2026, 6, 5), ValidMonths: 3, ReceivedOn: zhibu.MakeDate(2026, 6, 9)}
		_, err = svc.In(sec1, letterBack, again)
		wantDuesProblem(t, err, "received_on", "2026-06-10转出本系统")
		letterBack.ReceivedOn = zhibu.MakeDate(2026, 6, 25)
		_, err = svc.In(sec1, letterBack, ps[2])
		wantDuesProblem(t, err, "id_number", "仍在本系统的组织中")
		if _, err := svc.In(sec1, letterBack, again); err != nil {
			t.Fatal(err)
		}
		back, err := s.Person(sec1, ps[1].ID)
		if err != nil || back.Left() || back.OrgID != b1.ID || back.GroupID != g1.ID || back.Unit != "办公室" || back.JoinedOn != zhibu.MakeDate(2026, 6, 25) {
			t.Fatalf("back %+v, %v", back, err)
		}
		if moves, _ := s.Moves(trSys, ps[1].ID); len(moves) != 2 || moves[1].EndOn != zhibu.MakeDate(2026, 6, 10) || moves[0].EndOn != (zhibu.Date{}) {
			t.Errorf("history after coming back %+v", moves)
		}
		if changes, _ := s.Changes(trSys, ps[1].ID); len(changes) == 0 || !strings.Contains(changes[0].Summary, "重新转入本系统（2026-06-10转出）") || !strings.Contains(changes[0].Summary, "单位") {
			t.Errorf("changes %+v", changes)
		}

		// A member working in a unit the branch does not cover.
		mv := trMember("调出庚", b1.ID, 0)
		mv.Unit = "刑侦大队"
		mover, err := s.CreatePerson(trSys, mv)
		if err != nil {
			t.Fatal(err)
		}

		// The facts and findings.
		facts, err := s.Facts(trSys, committee.ID, 2026, zhibu.MakeDate(2026, 7, 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(facts.Transfers) != 5 {
			t.Errorf("facts: %d transfers", len(facts.Transfers))
		}
		if len(facts.Movers) != 1 || facts.Movers[0].PersonID != mover.ID || facts.Movers[0].Since != zhibu.MakeDate(2020, 1, 1) {
			t.Errorf("movers %+v", facts.Movers)
		}
		fs := rules.Check(rules.DefaultCatalogue(), facts, b1.ID, 2026)
		var letters, required []string
		for _, f := range fs {
			switch f.RuleID {
			case "member.transfer.letter":
				letters = append(letters, string(f.Status)+" "+f.Message)
			case "member.transfer.required":
				required = append(required, string(f.Status)+" "+f.Message)
			}
		}
		// b1: the accepted letter (ok), the outside one with its receipt (ok),
		// the letter that brought 调出乙 back (due: receipt),
		// the letter in whose receipt is not yet back (due); the returned
		// letter has none.
		if len(letters) != 4 || strings.Count(strings.Join(letters, "|"), "ok ") != 2 || !strings.Contains(strings.Join(letters, "|"), "due 已接收外省某党支部转来的转入戊") {
			t.Errorf("letter findings %q", letters)
		}
		if len(required) != 1 || !strings.HasPrefix(required[0], "overdue 调出庚现在刑侦大队工作") {
			t.Errorf("required findings %q", required)
		}
	})
}

// trLoggedIn gives p an account with a session, and returns the session's hash.
func trLoggedIn(t *testing.T, s *store.Store, p zhibu.Person) string {
	t.Helper()
	a, err := s.CreateAccount(trSys, zhibu.Account{Login: "u" + strconv.FormatInt(p.ID, 10), Name: p.Name, PersonID: p.ID}, "hash")
	if err != nil {
		t.Fatal(err)
	}
	hash := "session-of-" + strconv.FormatInt(p.ID, 10)
	if err := s.LoginSucceeded(trSys, a.ID, hash, "127.0.0.1", "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(trSys, hash); err != nil {
		t.Fatal(err)
	}
	return hash
}

func trContainsPerson(ps []zhibu.Person, id int64) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}

// trAuditPaths joins the org paths of the writes of one action.
func trAuditPaths(ws []store.Written, action string) string {
	var out []string
	for _, w := range ws {
		if w.Action == action {
			out = append(out, w.OrgPath)
		}
	}
	return strings.Join(out, ",")
}

// A layer that lowers member.transfer.letter's valid_months lowers the
// longest letter its branches may issue, and the form's default.
func TestTransferLetterMonths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		trOnJuly1(s)
		svc := service.New(s, service.Options{}).Transfers
		_, b1, g1, _ := trTree(t, s)
		p, err := s.CreatePerson(trSys, trMember("调出甲", b1.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := svc.LetterMonths(trSys, b1.ID); err != nil || n != 3 {
			t.Fatalf("national default: %d, %v", n, err)
		}
		if err := s.AddRuleVersion(trSys, zhibu.RuleVersion{ID: "member.transfer.letter", Layer: zhibu.LayerBranch, OrgID: b1.ID,
			Source: "支部规定", EffectiveFrom: zhibu.MakeDate(2026, 1, 1), Params: zhibu.RuleParams{"valid_months": 2}}); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.LetterMonths(trSys, b1.ID); err != nil || n != 2 {
			t.Fatalf("the branch's layer: %d, %v", n, err)
		}
		_, err = svc.Issue(trSys, zhibu.Transfer{PersonID: p.ID, ToName: "外单位", LetterNo: "x", IssuedOn: zhibu.MakeDate(2026, 6, 1), ValidMonths: 3})
		wantDuesProblem(t, err, "valid_months", "1至2个月")
		tr, err := svc.Issue(trSys, zhibu.Transfer{PersonID: p.ID, ToName: "外单位", LetterNo: "x", IssuedOn: zhibu.MakeDate(2026, 6, 1)})
		if err != nil || tr.ValidMonths != 2 {
			t.Fatalf("issued %+v, %v", tr, err)
		}
	})
}
