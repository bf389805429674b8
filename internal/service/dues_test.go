package service_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// sys is the system actor, who may do anything.

func duesYM(y int, m time.Month) zhibu.Month { return zhibu.MakeMonth(y, m) }

// duesBranch makes a committee with a branch (B1) and a group, four full
// members admitted in January 2002 in the group and a candidate, on a
// store whose day is 10 July 2026, and the dues service over it.
func duesBranch(t *testing.T, s *store.Store) (*service.Dues, zhibu.Org, []zhibu.Person) {
	t.Helper()
	s.SetClock(func() time.Time { return time.Date(2026, 7, 10, 4, 0, 0, 0, time.UTC) })
	committee, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	branch, err := s.CreateOrg(sys, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: committee.ID,
		FoundedOn: zhibu.MakeDate(2001, 7, 1)})
	if err != nil {
		t.Fatal(err)
	}
	g1, err := s.CreateOrg(sys, zhibu.Org{Code: "B1G1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: branch.ID})
	if err != nil {
		t.Fatal(err)
	}
	var people []zhibu.Person
	for i, n := range []string{"委员甲", "委员乙", "委员丙", "委员丁", "候选人"} {
		p := zhibu.Person{Name: n, Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: zhibu.MakeDate(1975, 5, 5), Officer: true,
			Status: zhibu.FullMember, OrgID: branch.ID, GroupID: g1.ID}
		p.IDNumber = zhibu.MakeIDNumber("650102", p.BirthDate, 200+i*2)
		p.AppliedOn, p.ActivistOn, p.CandidateOn = zhibu.MakeDate(2000, 1, 1), zhibu.MakeDate(2000, 6, 1), zhibu.MakeDate(2001, 7, 1)
		if n == "候选人" {
			p.Status = zhibu.Candidate
		} else {
			p.AdmittedOn, p.ConfirmedOn = zhibu.MakeDate(2002, 1, 1), zhibu.MakeDate(2003, 1, 1)
		}
		p.JoinedOn = zhibu.MakeDate(2016, 1, 1)
		created, err := s.CreatePerson(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, created)
	}
	return service.New(s, service.Options{}).Dues, branch, people
}

func wantDuesProblem(t *testing.T, err error, field, text string) {
	t.Helper()
	var ps zhibu.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %v, want a problem with %s", err, field)
	}
	if ps.For(field) == "" || !strings.Contains(ps.For(field), text) {
		t.Errorf("problems %v: want %s containing %q", ps, field, text)
	}
}

func TestDuesPayments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, branch, members := duesBranch(t, s)
		a := members[0]
		if _, err := svc.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 1)}, Amount: 5000, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 1, 5)}); err == nil ||
			!strings.Contains(zhibu.UserMessage(err), "没有适用的缴费基数") {
			t.Fatalf("a payment with no base: %v", err)
		}
		// An amount left empty with no base to work it out from.
		_, err := svc.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 1)}, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 1, 5)})
		wantDuesProblem(t, err, "amount", "无法按缴费基数算出应缴金额")
		if _, err := svc.SetBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 500000, From: duesYM(2026, 1)}); err != nil {
			t.Fatal(err)
		}
		// A raise from April owes more from April (art.10).
		if _, err := svc.SetBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 500001, From: duesYM(2026, 4)}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.SetBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesFlat, Base: 10, From: duesYM(2026, 4)})
		wantDuesProblem(t, err, "base", "0.20元")
		if _, err := svc.SetBase(sys, zhibu.DuesBase{PersonID: members[4].ID, Category: zhibu.DuesSalaried, Base: 500000, From: duesYM(2026, 1)}); !errors.Is(err, zhibu.ErrInvalid) ||
			!strings.Contains(zhibu.UserMessage(err), "不是党员") {
			t.Errorf("a base for a candidate: %v", err)
		}

		p := zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 4), duesYM(2026, 3)}, Amount: 12499, Method: zhibu.PayTransfer, PaidOn: zhibu.MakeDate(2026, 4, 3)}
		_, err = svc.RecordPayment(sys, p)
		wantDuesProblem(t, err, "amount", "¥125.00") // 50.00 for March + 75.00 for April
		p.Amount = 13000
		saved, err := svc.RecordPayment(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		if saved.Due != 12500 || saved.Extra() != 500 || saved.OrgID != branch.ID || saved.RecordedBy != "系统" {
			t.Errorf("saved %+v", saved)
		}
		got, err := s.Payment(sys, saved.ID)
		if err != nil || len(got.Months) != 2 || got.Months[0] != duesYM(2026, 3) || got.Amount != 13000 || got.Method != zhibu.PayTransfer ||
			got.PaidOn != zhibu.MakeDate(2026, 4, 3) || got.PaidByOrg {
			t.Fatalf("read back %+v, %v", got, err)
		}
		// March again is refused, naming the month and the receipt.
		_, err = svc.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 2), duesYM(2026, 3)}, Amount: 10000, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 4, 5)})
		if !errors.Is(err, zhibu.ErrConflict) || !strings.Contains(zhibu.UserMessage(err), "委员甲2026年3月的党费已经登记缴纳（收据号第") {
			t.Fatalf("a month paid twice: %v", err)
		}
		// An amount left empty is the months' dues.
		auto, err := svc.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 5), duesYM(2026, 6)}, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 7, 1)})
		if err != nil || auto.Amount != 15000 || auto.Due != 15000 {
			t.Fatalf("an amount left empty: %+v, %v", auto, err)
		}
		if err := svc.VoidPayment(sys, a.ID, auto.ID, "测试"); err != nil {
			t.Fatal(err)
		}
		// Paid by the organization: recorded, flagged (the rule reports it).
		org, err := svc.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 1)}, Amount: 5000, Method: zhibu.PayTransfer, PaidOn: zhibu.MakeDate(2026, 7, 1), PaidByOrg: true})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Payment(sys, org.ID); !got.PaidByOrg {
			t.Error("paid_by_org not kept")
		}
		// Before admission is refused.
		b := members[1]
		if _, err := svc.SetBase(sys, zhibu.DuesBase{PersonID: b.ID, Category: zhibu.DuesRetired, Base: 500000, From: duesYM(2001, 1)}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.RecordPayment(sys, zhibu.Payment{PersonID: b.ID, Months: []zhibu.Month{duesYM(2001, 12)}, Amount: 5000, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 7, 1)})
		wantDuesProblem(t, err, "months", "早于入党")

		// A reason excuses months.
		if _, err := svc.AddReason(sys, zhibu.DuesReason{PersonID: b.ID, From: duesYM(2026, 1), To: duesYM(2026, 2), Reason: "经批准缓交"}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.AddReason(sys, zhibu.DuesReason{PersonID: b.ID, From: duesYM(2026, 3), To: duesYM(2026, 2), Reason: "x"})
		wantDuesProblem(t, err, "to", "不能早于")

		l, err := s.DuesLedger(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 10))
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Rows) != 4 {
			t.Fatalf("ledger rows %d", len(l.Rows))
		}
		var ra, rb zhibu.DuesLedgerRow
		for _, r := range l.Rows {
			switch r.Person.ID {
			case a.ID:
				ra = r
			case b.ID:
				rb = r
			}
		}
		states := func(r zhibu.DuesLedgerRow) string {
			var out []string
			for _, c := range r.Cells {
				out = append(out, string(c.State))
			}
			return strings.Join(out, ",")
		}
		if got := states(ra); got != "paid,overdue,paid,paid,overdue,overdue,due,upcoming,upcoming,upcoming,upcoming,upcoming" {
			t.Errorf("a's year: %s", got)
		}
		if ra.Paid != 12500+5000 || ra.Owed != 5000+7500*3 || ra.Cells[3].Due != 7500 {
			t.Errorf("a paid %d owed %d", ra.Paid, ra.Owed)
		}
		if got := states(rb); got != "excused,excused,overdue,overdue,overdue,overdue,due,upcoming,upcoming,upcoming,upcoming,upcoming" {
			t.Errorf("b's year: %s", got)
		}
		if rb.Arrears != 4 || l.Months[0].PaidN != 1 || l.Months[0].Paid != 5000 {
			t.Errorf("b's arrears %d, January %+v", rb.Arrears, l.Months[0])
		}

		// A waiver takes effect once the superior approves it.
		c := members[2]
		w, err := svc.SetBase(sys, zhibu.DuesBase{PersonID: c.ID, Category: zhibu.DuesWaived, From: duesYM(2026, 5), Note: "重病，支部大会决定免交"})
		if err != nil {
			t.Fatal(err)
		}
		md, _ := s.MemberDues(sys, c.ID)
		if st := md.Cell(duesYM(2026, 6), zhibu.MakeDate(2026, 7, 10)).State; st != zhibu.DuesPending {
			t.Errorf("unapproved waiver: %s", st)
		}
		if err := svc.ApproveWaiver(sys, c.ID, w.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.ApproveWaiver(sys, c.ID, w.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("approved twice: %v", err)
		}
		md, _ = s.MemberDues(sys, c.ID)
		if st := md.Cell(duesYM(2026, 6), zhibu.MakeDate(2026, 7, 10)).State; st != zhibu.DuesExempt {
			t.Errorf("approved waiver: %s", st)
		}
		_, err = svc.RecordPayment(sys, zhibu.Payment{PersonID: c.ID, Months: []zhibu.Month{duesYM(2026, 6)}, Amount: 100, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 7, 1)})
		wantDuesProblem(t, err, "months", "已经上级党委批准免交党费")
		// The engine reads the same records through Facts.
		facts, err := s.Facts(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 10))
		if err != nil {
			t.Fatal(err)
		}
		if len(facts.Dues) != 4 || len(facts.Payments) != 2 {
			t.Fatalf("facts: %d members, %d payments", len(facts.Dues), len(facts.Payments))
		}
		var byOrg, overdueMay bool
		for _, f := range rules.Check(rules.DefaultCatalogue(), facts, branch.ID, 2026) {
			byOrg = byOrg || f.RuleID == "dues.no_org_payment" && f.Status == zhibu.StatusViolation && strings.Contains(f.Message, "2026年1月")
			overdueMay = overdueMay || f.RuleID == "dues.monthly" && f.Period.N == 5 && f.Status == zhibu.StatusOverdue
		}
		if !byOrg || !overdueMay {
			t.Errorf("findings from the store: paid by the org %v, May overdue %v", byOrg, overdueMay)
		}
		// A person outside the actor's scope is not found.
		outsider := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 9, Name: "外人", Scope: zhibu.Scope{Paths: []string{"/999/"}}})
		if _, err := svc.RecordPayment(outsider, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 5)}, Amount: 7500, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 7, 1)}); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("outside the scope: %v", err)
		}
	})
}

// Eight people recording the same member-month at once through the
// service (each passes the check before any has stored) yield one payment;
// the others are told, in Chinese, that it is already paid.
func TestDuesConcurrentPayments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, _, members := duesBranch(t, s)
		a := members[0]
		if _, err := svc.SetBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 400000, From: duesYM(2026, 1)}); err != nil {
			t.Fatal(err)
		}
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = svc.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 6)}, Amount: 4000,
					Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 7, 1), Note: "并发"})
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, zhibu.ErrConflict) && strings.Contains(zhibu.UserMessage(err), "不能重复登记"):
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		ps, err := s.Payments(sys, store.PaymentFilter{PersonID: a.ID})
		if ok != 1 || err != nil || len(ps) != 1 {
			t.Fatalf("%d succeeded, %d payments stored (%v)", ok, len(ps), err)
		}
	})
}

// A batch is written whole or not at all, each problem naming its row.
func TestDuesBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, branch, members := duesBranch(t, s)
		a, b := members[0], members[1]
		pay := func(id int64, amount zhibu.Fen, row int, ms ...zhibu.Month) zhibu.PaymentDraft {
			return zhibu.PaymentDraft{Row: row, Payment: zhibu.Payment{PersonID: id, Months: ms, Amount: amount, Method: zhibu.PayPayroll, PaidOn: zhibu.MakeDate(2026, 7, 5)}}
		}
		base := func(id int64, c zhibu.DuesCategory, fen zhibu.Fen, row int) zhibu.BaseDraft {
			return zhibu.BaseDraft{Row: row, DuesBase: zhibu.DuesBase{PersonID: id, Category: c, Base: fen, From: duesYM(2026, 1)}}
		}
		batch := zhibu.DuesBatch{
			Bases: []zhibu.BaseDraft{base(a.ID, zhibu.DuesSalaried, 300000, 3), base(b.ID, zhibu.DuesRetired, 500001, 4)},
			Payments: []zhibu.PaymentDraft{pay(a.ID, 1500, 3, duesYM(2026, 1)), pay(b.ID, 4999, 4, duesYM(2026, 1)), pay(a.ID, 1500, 5, duesYM(2026, 1)),
				pay(members[2].ID, 100, 6, duesYM(2026, 1)), pay(members[4].ID, 100, 7, duesYM(2026, 1)), pay(a.ID, -100, 8, duesYM(2026, 2))},
		}
		_, err := svc.RecordBatch(sys, batch)
		var ps zhibu.Problems
		if !errors.As(err, &ps) || len(ps) != 5 {
			t.Fatalf("want five problems, got %v", err)
		}
		for i, want := range []string{"第4行 金额：应不少于所选月份的应缴党费¥50.00", "第5行 委员甲2026年1月的党费已经登记缴纳，不能重复登记",
			"第6行 缴费月份：2026年1月没有适用的缴费基数", "第7行 候选人不是党员", "第8行 金额：应大于0"} {
			if !strings.HasPrefix(ps[i].Message, want) {
				t.Errorf("problem %d: %q, want %q", i, ps[i].Message, want)
			}
		}
		if ps[1].Field != "months" || ps[1].Row != 5 {
			t.Errorf("a month paid twice in the batch: %+v", ps[1])
		}
		if l, _ := s.DuesLedger(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 10)); l.Paid != 0 {
			t.Fatal("a refused batch saved payments")
		}
		if bs, _ := s.DuesBases(sys, a.ID); len(bs) != 0 {
			t.Fatal("a refused batch saved bases")
		}
		batch.Payments = batch.Payments[:2]
		batch.Payments[1].Amount = 5000
		n, err := svc.RecordBatch(sys, batch)
		if err != nil || n != 2 {
			t.Fatalf("%d, %v", n, err)
		}
		l, _ := s.DuesLedger(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 10))
		if l.Paid != 6500 || l.Months[0].PaidN != 2 {
			t.Errorf("ledger after the batch: paid %s, January %+v", l.Paid, l.Months[0])
		}
		// The months are still unique: a second batch for January is refused.
		if _, err := svc.RecordBatch(sys, zhibu.DuesBatch{Payments: []zhibu.PaymentDraft{pay(a.ID, 1500, 0, duesYM(2026, 1))}}); err == nil {
			t.Error("January paid twice through a batch")
		}
		if _, err := svc.RecordPayment(sys, pay(a.ID, 1500, 0, duesYM(2026, 2)).Payment); err != nil {
			t.Errorf("a payment after a batch: %v", err)
		}
		// A group leader of another group records nothing of this one.
		other := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 7, Name: "外组组长", Scope: zhibu.Scope{Paths: []string{branch.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermDuesWrite, Path: branch.Path + "999/"}}})
		_, err = svc.RecordBatch(other, zhibu.DuesBatch{Payments: []zhibu.PaymentDraft{pay(a.ID, 1500, 2, duesYM(2026, 3))}})
		if !errors.As(err, &ps) || len(ps) != 1 || !strings.Contains(ps[0].Message, "第2行 无权登记委员甲的党费") {
			t.Errorf("without the right: %v", err)
		}
	})
}

func TestDuesVoid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, _, members := duesBranch(t, s)
		a := members[0]
		if _, err := svc.SetBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 300000, From: duesYM(2026, 1)}); err != nil {
			t.Fatal(err)
		}
		p, err := svc.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 1), duesYM(2026, 2)}, Amount: 3000, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 2, 1)})
		if err != nil {
			t.Fatal(err)
		}
		wantDuesProblem(t, svc.VoidPayment(sys, a.ID, p.ID, " "), "reason", "不能为空")
		if err := svc.VoidPayment(sys, members[1].ID, p.ID, "误录"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("void through another person: %v", err)
		}
		if err := svc.VoidPayment(sys, a.ID, p.ID, "误录"); err != nil {
			t.Fatal(err)
		}
		if err := svc.VoidPayment(sys, a.ID, p.ID, "误录"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("voided twice: %v", err)
		}
		if _, err := svc.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 2)}, Amount: 1500, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 2, 1)}); err != nil {
			t.Errorf("the month again after a void: %v", err)
		}
	})
}
