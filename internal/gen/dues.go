package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"zhibu"
	"zhibu/internal/store"
)

// DuesResult is what Dues made.
type DuesResult struct {
	Members  int
	Bases    int
	Payments int
	Months   int // member-months paid
	Arrears  int // members who stopped paying for the last 6 months or more
}

// Dues gives every member under root a salaried base from January of the
// year before year, and payments month by month (paid between the 3rd and
// the 25th) through December of year or Until, whichever is earlier. About
// one member in twenty stops paying 6 to 9 months before the end (arrears),
// one in thirty has two months excused by a recorded reason, and one in
// ten pays a quarter at a time. Each branch is written in one batch.
// Deterministic for a seed.
func Dues(ctx context.Context, s *store.Store, root zhibu.Org, year int, seed uint64) (DuesResult, error) {
	var res DuesResult
	rnd := rand.New(rand.NewPCG(seed, seed^0xd1e5))
	orgs, err := s.Orgs(ctx, store.OrgFilter{Under: root.ID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return res, err
	}
	first := zhibu.MakeMonth(year-1, 1)
	last := zhibu.MakeMonth(year, 12)
	if u := zhibu.MonthOfDate(Until); u.Before(last) {
		last = u
	}
	for _, o := range orgs {
		members, err := s.DuesMembers(ctx, o.ID, zhibu.Month{}, zhibu.Month{}, zhibu.Date{})
		if err != nil {
			return res, err
		}
		var batch zhibu.DuesBatch
		for _, md := range members {
			p := md.Person
			start := first
			if m := p.DuesStartMonth(); m.After(start) {
				start = m
			}
			if start.After(last) {
				continue
			}
			res.Members++
			base := zhibu.Fen(250000 + rnd.IntN(1000000))
			batch.Bases = append(batch.Bases, zhibu.BaseDraft{DuesBase: zhibu.DuesBase{PersonID: p.ID, Category: zhibu.DuesSalaried, Base: base, From: start}})
			monthly := zhibu.MonthlyDues(zhibu.DuesSalaried, base)
			stop := last.Add(1)
			if rnd.IntN(20) == 0 {
				stop = last.Add(-5 - rnd.IntN(4))
				res.Arrears++
			}
			var excused zhibu.Month
			if rnd.IntN(30) == 0 {
				excused = start.Add(rnd.IntN(max(1, last.Sub(start))))
				if _, err := s.AddDuesReason(ctx, zhibu.DuesReason{PersonID: p.ID, From: excused, To: excused.Add(1), Reason: "经批准缓交"}); err != nil {
					return res, fmt.Errorf("gen dues: %w", err)
				}
			}
			quarterly := rnd.IntN(10) == 0
			var held []zhibu.Month
			for m := start; m.Before(stop) && !m.After(last); m = m.Add(1) {
				if !excused.IsZero() && (m == excused || m == excused.Add(1)) {
					continue
				}
				held = append(held, m)
				if quarterly && int(m.Month)%3 != 0 && m != last && m.Add(1).Before(stop) {
					continue
				}
				on := zhibu.MakeDate(m.Year, m.Month, 3+rnd.IntN(23))
				dues := make([]zhibu.Fen, len(held))
				for i := range dues {
					dues[i] = monthly
				}
				batch.Payments = append(batch.Payments, zhibu.PaymentDraft{Payment: zhibu.Payment{PersonID: p.ID, Months: held,
					Amount: monthly * zhibu.Fen(len(held)), Method: zhibu.PayOnline, PaidOn: on, Due: monthly * zhibu.Fen(len(held))}, Dues: dues})
				res.Months += len(held)
				held = nil
			}
		}
		// The batch is priced here (one salaried base each, no admission in
		// the months) and written as it is: gen sits below the services.
		n, err := s.RecordDuesBulk(ctx, batch)
		if err != nil {
			return res, fmt.Errorf("gen dues %s: %w", o.Name, err)
		}
		res.Bases += len(batch.Bases)
		res.Payments += n
	}
	return res, nil
}
