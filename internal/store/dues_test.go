package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The store persists dues records the dues service checked and priced
// (internal/service/dues_test.go tests the checks); these tests attack
// what the store alone guarantees: one payment per member-month however
// many write at once, a batch all or nothing, the scope and the right.

func ym(y int, m time.Month) zhibu.Month { return zhibu.MakeMonth(y, m) }

func duesStore(t *testing.T, s *store.Store) (zhibu.Org, []zhibu.Person) {
	t.Helper()
	s.SetClock(func() time.Time { return time.Date(2026, 7, 10, 4, 0, 0, 0, time.UTC) })
	branch, _, members := branchWithCommittee(t, s)
	return branch, members
}

func draft(id int64, due zhibu.Fen, ms ...zhibu.Month) zhibu.PaymentDraft {
	d := zhibu.PaymentDraft{Payment: zhibu.Payment{PersonID: id, Months: ms, Amount: due * zhibu.Fen(len(ms)), Method: zhibu.PayCash,
		PaidOn: zhibu.MakeDate(2026, 7, 1)}}
	for range ms {
		d.Dues = append(d.Dues, due)
	}
	return d
}

func TestDuesStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, members := duesStore(t, s)
		a := members[0]
		if _, err := s.SetDuesBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 500000, From: ym(2026, 1),
			ApprovedOn: zhibu.MakeDate(2026, 1, 1), ApprovedBy: "伪造"}); err != nil {
			t.Fatal(err)
		}
		if bs, err := s.DuesBases(sys, a.ID); err != nil || len(bs) != 1 || !bs[0].ApprovedOn.IsZero() || bs[0].ApprovedBy != "" {
			t.Fatalf("a base is stored unapproved: %+v, %v", bs, err)
		}
		d := draft(a.ID, 5000, ym(2026, 3), ym(2026, 4))
		d.Amount, d.PaidByOrg = 10500, true
		saved, err := s.RecordPayment(sys, d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Payment(sys, saved.ID)
		if err != nil || got.Due != 10000 || got.Amount != 10500 || got.OrgID != branch.ID || got.RecordedBy != "系统" || !got.PaidByOrg ||
			len(got.Months) != 2 || got.Months[1] != ym(2026, 4) {
			t.Fatalf("read back %+v, %v", got, err)
		}
		md, _ := s.MemberDues(sys, a.ID)
		if pm := md.Paid[ym(2026, 4)]; pm.PaymentID != saved.ID || pm.Due != 5000 || pm.PaidOn != saved.PaidOn || pm.PaidOn.IsZero() {
			t.Errorf("April paid %+v", pm)
		}
		// A draft whose months are not all priced is a bug, not a payment.
		bad := draft(a.ID, 5000, ym(2026, 5))
		bad.Dues = nil
		if _, err := s.RecordPayment(sys, bad); err == nil {
			t.Error("a payment without its months' dues stored")
		}
		// A month stored is refused by the table, whoever checked it.
		if _, err := s.RecordPayment(sys, draft(a.ID, 5000, ym(2026, 4))); !errors.Is(err, zhibu.ErrConflict) ||
			!strings.Contains(zhibu.UserMessage(err), "委员甲2026年4月的党费已经登记缴纳") {
			t.Errorf("April twice: %v", err)
		}
		// A person outside the actor's scope is not found.
		outsider := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 9, Name: "外人", Scope: zhibu.Scope{Paths: []string{"/999/"}}})
		if _, err := s.RecordPayment(outsider, draft(a.ID, 5000, ym(2026, 5))); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("outside the scope: %v", err)
		}
		if ps, err := s.Payments(outsider, store.PaymentFilter{PersonID: a.ID}); err != nil || len(ps) != 0 {
			t.Errorf("outsider sees %d payments, %v", len(ps), err)
		}
		if got, err := s.DuesOf(outsider, []int64{a.ID}); err != nil || len(got) != 0 {
			t.Errorf("outsider reads the dues of %d, %v", len(got), err)
		}
		if got, err := s.DuesOf(sys, []int64{a.ID, members[1].ID}); err != nil || len(got) != 2 || len(got[a.ID].Paid) != 2 {
			t.Errorf("dues of two: %+v, %v", got, err)
		}
	})
}

// Eight people storing the same member-month at once yield one payment;
// the others are told, in Chinese, that it is already paid. The store has
// no check before the insert: the unique index alone decides.
func TestDuesConcurrentPayments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, members := duesStore(t, s)
		a := members[0]
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				d := draft(a.ID, 4000, ym(2026, 6))
				d.Note = "并发"
				_, errs[i] = s.RecordPayment(sys, d)
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

// A batch is stored whole or not at all; the store checks the scope and
// the right of every person in it.
func TestDuesBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, members := duesStore(t, s)
		a, b := members[0], members[1]
		batch := zhibu.DuesBatch{
			Bases:    []zhibu.BaseDraft{{DuesBase: zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 300000, From: ym(2026, 1)}, Row: 3}},
			Payments: []zhibu.PaymentDraft{draft(a.ID, 1500, ym(2026, 1)), draft(b.ID, 5000, ym(2026, 1), ym(2026, 2))},
			Audit:    "导入党费缴费表“测试.xlsx”",
		}
		// Without dues.write on a member, nothing is stored.
		reader := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 8, Name: "读者", Scope: zhibu.Scope{Paths: []string{branch.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}}})
		if _, err := s.RecordDuesBulk(reader, batch); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("without dues.write: %v", err)
		}
		outsider := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 9, Name: "外人", Scope: zhibu.Scope{Paths: []string{"/999/"}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermDuesWrite, Path: "/999/"}}})
		if _, err := s.RecordDuesBulk(outsider, batch); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("outside the scope: %v", err)
		}
		// A member-month stored meanwhile refuses the whole batch.
		if _, err := s.RecordPayment(sys, draft(b.ID, 5000, ym(2026, 2))); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordDuesBulk(sys, batch); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("a month stored meanwhile: %v", err)
		}
		if bs, _ := s.DuesBases(sys, a.ID); len(bs) != 0 {
			t.Fatal("a refused batch saved bases")
		}
		if ps, _ := s.Payments(sys, store.PaymentFilter{OrgID: branch.ID}); len(ps) != 1 {
			t.Fatalf("a refused batch saved payments: %d stored", len(ps))
		}
		batch.Payments[1] = draft(b.ID, 5000, ym(2026, 1))
		n, err := s.RecordDuesBulk(sys, batch)
		if err != nil || n != 2 {
			t.Fatalf("%d, %v", n, err)
		}
		l, _ := s.DuesLedger(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 10))
		if l.Months[0].PaidN != 2 || l.Months[0].Paid != 6500 {
			t.Errorf("January after the batch %+v", l.Months[0])
		}
		md, _ := s.MemberDues(sys, b.ID)
		if pm := md.Paid[ym(2026, 1)]; pm.Due != 5000 {
			t.Errorf("b's January as priced: %+v", pm)
		}
	})
}

func TestDuesVoid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, members := duesStore(t, s)
		a := members[0]
		p, err := s.RecordPayment(sys, draft(a.ID, 1500, ym(2026, 1), ym(2026, 2)))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.VoidPayment(sys, members[1].ID, p.ID, "误录"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("void through another person: %v", err)
		}
		if err := s.VoidPayment(sys, a.ID, p.ID, "误录"); err != nil {
			t.Fatal(err)
		}
		if err := s.VoidPayment(sys, a.ID, p.ID, "误录"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("voided twice: %v", err)
		}
		if _, err := s.RecordPayment(sys, draft(a.ID, 1500, ym(2026, 2))); err != nil {
			t.Errorf("the month again after a void: %v", err)
		}
	})
}
