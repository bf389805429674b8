package store_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func ym(y int, m time.Month) zhibu.Month { return zhibu.MakeMonth(y, m) }

func duesStore(t *testing.T, s *store.Store) (zhibu.Org, []zhibu.Person) {
	t.Helper()
	s.SetClock(func() time.Time { return time.Date(2026, 7, 10, 4, 0, 0, 0, time.UTC) })
	branch, _, members := branchWithCommittee(t, s)
	return branch, members
}

func TestDuesPayments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, members := duesStore(t, s)
		a := members[0]
		if _, err := s.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{ym(2026, 1)}, Amount: 5000, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 1, 5)}); err == nil ||
			!strings.Contains(zhibu.UserMessage(err), "没有适用的缴费基数") {
			t.Fatalf("a payment with no base: %v", err)
		}
		if _, err := s.SetDuesBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 500000, From: ym(2026, 1)}); err != nil {
			t.Fatal(err)
		}
		// A raise from April owes more from April (art.10).
		if _, err := s.SetDuesBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 500001, From: ym(2026, 4)}); err != nil {
			t.Fatal(err)
		}
		_, err := s.SetDuesBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesFlat, Base: 10, From: ym(2026, 4)})
		wantProblem(t, err, "base", "0.20元")

		p := zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{ym(2026, 4), ym(2026, 3)}, Amount: 12499, Method: zhibu.PayTransfer, PaidOn: zhibu.MakeDate(2026, 4, 3)}
		_, err = s.RecordPayment(sys, p)
		wantProblem(t, err, "amount", "¥125.00") // 50.00 for March + 75.00 for April
		p.Amount = 13000
		saved, err := s.RecordPayment(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		if saved.Due != 12500 || saved.Extra() != 500 || saved.OrgID != branch.ID || saved.RecordedBy != "系统" {
			t.Errorf("saved %+v", saved)
		}
		got, err := s.Payment(sys, saved.ID)
		if err != nil || len(got.Months) != 2 || got.Months[0] != ym(2026, 3) || got.Amount != 13000 || got.Method != zhibu.PayTransfer ||
			got.PaidOn != zhibu.MakeDate(2026, 4, 3) || got.PaidByOrg {
			t.Fatalf("read back %+v, %v", got, err)
		}
		// March again is refused, naming the month.
		_, err = s.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{ym(2026, 2), ym(2026, 3)}, Amount: 10000, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 4, 5)})
		if !errors.Is(err, zhibu.ErrConflict) || !strings.Contains(zhibu.UserMessage(err), "2026年3月的党费已经登记缴纳") {
			t.Fatalf("a month paid twice: %v", err)
		}
		// Paid by the organization: recorded, flagged (the rule reports it).
		org, err := s.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{ym(2026, 1)}, Amount: 5000, Method: zhibu.PayTransfer, PaidOn: zhibu.MakeDate(2026, 7, 1), PaidByOrg: true})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Payment(sys, org.ID); !got.PaidByOrg {
			t.Error("paid_by_org not kept")
		}
		// Before admission is refused.
		b := members[1]
		s.SetDuesBase(sys, zhibu.DuesBase{PersonID: b.ID, Category: zhibu.DuesRetired, Base: 500000, From: ym(2001, 1)})
		_, err = s.RecordPayment(sys, zhibu.Payment{PersonID: b.ID, Months: []zhibu.Month{ym(2001, 12)}, Amount: 5000, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 7, 1)})
		wantProblem(t, err, "months", "早于入党")

		// A reason excuses months.
		if _, err := s.AddDuesReason(sys, zhibu.DuesReason{PersonID: b.ID, From: ym(2026, 1), To: ym(2026, 2), Reason: "经批准缓交"}); err != nil {
			t.Fatal(err)
		}
		_, err = s.AddDuesReason(sys, zhibu.DuesReason{PersonID: b.ID, From: ym(2026, 3), To: ym(2026, 2), Reason: "x"})
		wantProblem(t, err, "to", "不能早于")

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
		// A group's ledger holds the group's members (all four are in g1).
		if gl, err := s.DuesLedger(sys, members[0].GroupID, 2026, zhibu.MakeDate(2026, 7, 10)); err != nil || len(gl.Rows) != 4 {
			t.Errorf("group ledger: %d rows, %v", len(gl.Rows), err)
		}
		// Members without a base owe nothing here yet.
		for _, r := range l.Rows {
			if r.Person.ID != a.ID && r.Person.ID != b.ID && r.Owed != 0 {
				t.Errorf("%s owes %d without a base", r.Person.Name, r.Owed)
			}
		}

		// A waiver takes effect once the superior approves it.
		c := members[2]
		w, err := s.SetDuesBase(sys, zhibu.DuesBase{PersonID: c.ID, Category: zhibu.DuesWaived, From: ym(2026, 5), Note: "重病，支部大会决定免交"})
		if err != nil {
			t.Fatal(err)
		}
		md, _ := s.MemberDues(sys, c.ID)
		if st := md.Cell(ym(2026, 6), zhibu.MakeDate(2026, 7, 10)).State; st != zhibu.DuesPending {
			t.Errorf("unapproved waiver: %s", st)
		}
		if err := s.ApproveDuesWaiver(sys, c.ID, w.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.ApproveDuesWaiver(sys, c.ID, w.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("approved twice: %v", err)
		}
		md, _ = s.MemberDues(sys, c.ID)
		if st := md.Cell(ym(2026, 6), zhibu.MakeDate(2026, 7, 10)).State; st != zhibu.DuesExempt {
			t.Errorf("approved waiver: %s", st)
		}
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
		outsider := zhibu.WithActor(sys, zhibu.Actor{AccountID: 9, Name: "外人", Scope: zhibu.Scope{Paths: []string{"/999/"}}})
		if _, err := s.RecordPayment(outsider, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{ym(2026, 5)}, Amount: 7500, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 7, 1)}); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("outside the scope: %v", err)
		}
		if ps, err := s.Payments(outsider, store.PaymentFilter{PersonID: a.ID}); err != nil || len(ps) != 0 {
			t.Errorf("outsider sees %d payments, %v", len(ps), err)
		}
	})
}

// Two people recording the same member-month at once yield one payment;
// the others are told, in Chinese, that it is already paid.
func TestDuesConcurrentPayments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, members := duesStore(t, s)
		a := members[0]
		if _, err := s.SetDuesBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 400000, From: ym(2026, 1)}); err != nil {
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
				_, errs[i] = s.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{ym(2026, 6)}, Amount: 4000,
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
func TestDuesBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, members := duesStore(t, s)
		a, b := members[0], members[1]
		pay := func(id int64, amount zhibu.Fen, ms ...zhibu.Month) zhibu.Payment {
			return zhibu.Payment{PersonID: id, Months: ms, Amount: amount, Method: zhibu.PayPayroll, PaidOn: zhibu.MakeDate(2026, 7, 5)}
		}
		batch := store.DuesBatch{
			Bases: []zhibu.DuesBase{{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 300000, From: ym(2026, 1)},
				{PersonID: b.ID, Category: zhibu.DuesRetired, Base: 500001, From: ym(2026, 1)}},
			BaseRows: []int{3, 4},
			Payments: []zhibu.Payment{pay(a.ID, 1500, ym(2026, 1)), pay(b.ID, 4999, ym(2026, 1)), pay(a.ID, 1500, ym(2026, 1)), pay(members[2].ID, 100, ym(2026, 1))},
			PayRows:  []int{3, 4, 5, 6},
		}
		_, err := s.RecordDuesBulk(sys, batch)
		var ps zhibu.Problems
		if !errors.As(err, &ps) || len(ps) != 3 {
			t.Fatalf("want three problems, got %v", err)
		}
		for i, want := range []string{"第4行 金额：应不少于所缴月份的应缴党费¥50.00", "第5行 缴费月份：委员甲2026年1月的党费已经登记缴纳", "第6行 缴费月份：委员丙2026年1月没有适用的缴费基数"} {
			if !strings.HasPrefix(ps[i].Message, want) {
				t.Errorf("problem %d: %q, want %q", i, ps[i].Message, want)
			}
		}
		if l, _ := s.DuesLedger(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 10)); l.Paid != 0 {
			t.Fatal("a refused batch saved payments")
		}
		if bs, _ := s.DuesBases(sys, a.ID); len(bs) != 0 {
			t.Fatal("a refused batch saved bases")
		}
		batch.Payments, batch.PayRows = batch.Payments[:2], batch.PayRows[:2]
		batch.Payments[1].Amount = 5000
		n, err := s.RecordDuesBulk(sys, batch)
		if err != nil || n != 2 {
			t.Fatalf("%d, %v", n, err)
		}
		l, _ := s.DuesLedger(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 10))
		if l.Paid != 6500 || l.Months[0].PaidN != 2 {
			t.Errorf("ledger after the batch: paid %s, January %+v", l.Paid, l.Months[0])
		}
		// The months are still unique: a second batch for January is refused.
		if _, err := s.RecordDuesBulk(sys, store.DuesBatch{Payments: []zhibu.Payment{pay(a.ID, 1500, ym(2026, 1))}}); err == nil {
			t.Error("January paid twice through a batch")
		}
		if _, err := s.RecordPayment(sys, pay(a.ID, 1500, ym(2026, 2))); err != nil {
			t.Errorf("a payment after a batch: %v", err)
		}
	})
}

func TestDuesVoid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, members := duesStore(t, s)
		a := members[0]
		s.SetDuesBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 300000, From: ym(2026, 1)})
		p, err := s.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{ym(2026, 1), ym(2026, 2)}, Amount: 3000, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 2, 1)})
		if err != nil {
			t.Fatal(err)
		}
		wantProblem(t, s.VoidPayment(sys, a.ID, p.ID, " "), "reason", "不能为空")
		if err := s.VoidPayment(sys, members[1].ID, p.ID, "误录"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("void through another person: %v", err)
		}
		if err := s.VoidPayment(sys, a.ID, p.ID, "误录"); err != nil {
			t.Fatal(err)
		}
		if err := s.VoidPayment(sys, a.ID, p.ID, "误录"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("voided twice: %v", err)
		}
		if _, err := s.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{ym(2026, 2)}, Amount: 1500, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 2, 1)}); err != nil {
			t.Errorf("the month again after a void: %v", err)
		}
	})
}
