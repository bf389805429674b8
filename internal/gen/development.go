package gen

import (
	"context"
	"fmt"
	"strconv"

	"zhibu"
)

// devMaxBranches bounds the tiers given development files: S and M (the
// benchmarks' tiers); L's million people would take long to write.
const devMaxBranches = 1000

// development writes the development files of a branch's people on the
// way to membership from the stage dates they already hold: application
// and talk, activist with filing, a mentor and up to six half-yearly
// reviews, candidate with filing, sponsors, review, training and the
// committee's review, and for probationary members the pre-review and the
// form (their assembly vote is not generated: it needs a meeting). The
// records are not checked by the rules, only by their own invariants
// (zhibu.DevRecord.Validate), and are written as they are (the store's
// system-only SaveDevStepsBulk; gen sits below the services); they are
// drawn from no random source, so the rest of the tier stays as it was.
func (g *generator) development(ctx context.Context, b zhibu.Org, t Tier) error {
	if t.Branches > devMaxBranches {
		return nil
	}
	people, err := g.s.People(ctx, b.ID, zhibu.PersonFilter{})
	if err != nil {
		return err
	}
	var seniors []int64
	for _, p := range people {
		if p.Status == zhibu.FullMember && len(seniors) < 2 {
			seniors = append(seniors, p.ID)
		}
	}
	if len(seniors) < 2 {
		return nil
	}
	var recs []zhibu.DevRecord
	add := func(p zhibu.Person, step int, on zhibu.Date) *zhibu.DevRecord {
		recs = append(recs, zhibu.DevRecord{PersonID: p.ID, Step: step, On: on, Outcome: zhibu.OutcomeDone})
		return &recs[len(recs)-1]
	}
	// A DevHeavy tier leaves a third of its files waiting for the
	// superior's filing or pre-review (step 4, 8 or 13 by their stage), so the superior's
	// queue is long: the file stops before the step and what follows it.
	wait := func(i int) bool { return t.DevHeavy && i%3 == 0 }
	for i, p := range people {
		if !p.Status.AtLeast(zhibu.Applicant) || p.Status == zhibu.FullMember {
			continue
		}
		add(p, 1, p.AppliedOn)
		add(p, 2, p.AppliedOn.AddDays(10))
		if !p.Status.AtLeast(zhibu.Activist) {
			continue
		}
		v := p.ActivistOn
		add(p, 3, v)
		if wait(i) && p.Status == zhibu.Activist {
			continue
		}
		add(p, 4, v.AddDays(5))
		add(p, 5, v.AddDays(5)).People = []int64{seniors[0]}
		end := Until
		if !p.CandidateOn.IsZero() {
			end = p.CandidateOn
		}
		// Half-yearly reviews; a DevHeavy tier's files hold monthly ones,
		// the length of a complete file of the load test (about 25 steps).
		every, most := 6, 6
		if t.DevHeavy {
			every, most = 1, 12
		}
		for i, d := 0, v.AddMonths(every); i < most && d.Before(end); i, d = i+1, d.AddMonths(every) {
			add(p, 6, d)
		}
		if !p.Status.AtLeast(zhibu.Candidate) {
			continue
		}
		c := p.CandidateOn
		add(p, 7, c)
		if wait(i) && p.Status == zhibu.Candidate {
			continue
		}
		add(p, 8, c.AddDays(3))
		add(p, 9, c.AddDays(5)).People = []int64{seniors[0], seniors[1]}
		add(p, 10, c.AddDays(10))
		if t.DevHeavy {
			add(p, 10, c.AddDays(11))
			add(p, 10, c.AddDays(12))
		}
		add(p, 11, c.AddDays(15)).Days = 3
		add(p, 12, c.AddDays(20))
		if wait(i) && p.Status == zhibu.Probationary {
			continue
		}
		if p.Status == zhibu.Probationary {
			add(p, 13, c.AddDays(25))
			add(p, 14, c.AddDays(30))
		}
	}
	for i, r := range recs {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("dev bulk record %d: %w", i+1, err)
		}
	}
	return g.s.SaveDevStepsBulk(ctx, b.ID, recs, b.Name+"批量写入发展党员步骤"+strconv.Itoa(len(recs))+"条")
}
