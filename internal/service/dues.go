package service

import (
	"context"
	"slices"
	"strings"

	"zhibu"
	"zhibu/internal/store"
)

// Dues is the service of party dues (docs/dues.md): it checks and prices
// every dues record, whichever door it comes through (the person's dues
// page, the API, a payroll or bank sheet, the generator), and stores it.
// The invariants are the root package's (Payment.Validate,
// DuesBase.Validate, DuesReason.Validate, MemberDues.Price); the store
// persists, scopes and checks the actor's right.
type Dues struct {
	store *store.Store
	opt   Options
}

func newDues(st *store.Store, opt Options) *Dues {
	return &Dues{store: st, opt: opt}
}

// RecordPayment checks and records a member's payment for one or more
// months. An amount left zero is the months' dues by the bases in force.
// It returns the payment stored (with its id and what it owed), or
// zhibu.Problems (months before admission, without a base or waived, an
// amount short of the dues, bad input), a zhibu.ErrConflict for a month
// already paid, zhibu.ErrInvalid for a person who is not a member, or
// zhibu.ErrNotFound for one outside the actor's scope.
func (d *Dues) RecordPayment(ctx context.Context, p zhibu.Payment) (zhibu.Payment, error) {
	p.Note = strings.TrimSpace(p.Note)
	slices.SortFunc(p.Months, func(a, b zhibu.Month) int { return a.Sub(b) })
	md, err := d.store.MemberDues(ctx, p.PersonID)
	if err != nil {
		return p, err
	}
	if p.Amount == 0 && len(p.Months) > 0 {
		if p.Amount = md.DuesFor(p.Months); p.Amount == 0 {
			return p, zhibu.Problems{{Field: "amount", Label: "金额", Message: "金额：无法按缴费基数算出应缴金额，请填写金额或先登记缴费基数"}}
		}
	}
	if err := p.Validate(d.opt.today()); err != nil {
		return p, err
	}
	if err := md.Person.PayerCheck(); err != nil {
		return p, err
	}
	due, err := md.Price(p)
	if err != nil {
		return p, err
	}
	return d.store.RecordPayment(ctx, zhibu.PaymentDraft{Payment: p, Dues: due})
}

// SetBase checks and records a member's base from a month on (a new pay, a
// new category, a waiver awaiting the superior's approval). An earlier base
// stays as history.
func (d *Dues) SetBase(ctx context.Context, b zhibu.DuesBase) (zhibu.DuesBase, error) {
	b.Note = strings.TrimSpace(b.Note)
	b.ApprovedOn, b.ApprovedBy = zhibu.Date{}, ""
	if err := b.Validate(d.opt.today()); err != nil {
		return b, err
	}
	p, err := d.store.Person(ctx, b.PersonID)
	if err != nil {
		return b, err
	}
	if err := p.PayerCheck(); err != nil {
		return b, err
	}
	return d.store.SetDuesBase(ctx, b)
}

// AddReason checks and records why a member did not pay in a run of months
// (经批准缓交 and the like); those months do not count toward arrears.
func (d *Dues) AddReason(ctx context.Context, r zhibu.DuesReason) (zhibu.DuesReason, error) {
	r.Reason = strings.TrimSpace(r.Reason)
	if err := r.Validate(); err != nil {
		return r, err
	}
	p, err := d.store.Person(ctx, r.PersonID)
	if err != nil {
		return r, err
	}
	if err := p.PayerCheck(); err != nil {
		return r, err
	}
	return d.store.AddDuesReason(ctx, r)
}

// ApproveWaiver records the superior's approval of a member's waiver (a
// base of category waived, 党费规定第七条). A base that is not a pending
// waiver of the person is zhibu.ErrNotFound.
func (d *Dues) ApproveWaiver(ctx context.Context, personID, baseID int64) error {
	return d.store.ApproveDuesWaiver(ctx, personID, baseID)
}

// VoidPayment takes back a payment of the person recorded by mistake, with
// the reason (required, at most 200 characters): its months are free to
// record again. A payment that is not the person's is zhibu.ErrNotFound.
func (d *Dues) VoidPayment(ctx context.Context, personID, paymentID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if err := zhibu.VoidReasonCheck(reason); err != nil {
		return err
	}
	return d.store.VoidPayment(ctx, personID, paymentID, reason)
}
