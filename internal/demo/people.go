package demo

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"zhibu"
)

// gen draws the details of people from a fixed seed, so that every load
// makes the same people with the same ID numbers, phones and dates.
type gen struct {
	rng    *rand.Rand
	ids    map[string]bool
	phones map[string]bool
}

func newGen() *gen {
	return &gen{rng: rand.New(rand.NewPCG(2018, 2024)), ids: map[string]bool{}, phones: map[string]bool{}}
}

// person makes the person a table row describes, working in unit.
func (g *gen) person(sp personSpec, officer bool, unit string) zhibu.Person {
	p := zhibu.Person{Name: sp.name, Gender: sp.gender, Ethnicity: cmp.Or(sp.eth, "汉族"),
		Unit: unit, Officer: officer, Status: sp.status}
	// Born sp.age years and 1–364 days before AsOf: sp.age years old on AsOf.
	p.BirthDate = AsOf().AddYears(-sp.age).AddDays(-1 - g.rng.IntN(364))
	p.IDNumber = unique(g.ids, func() string { return g.idNumber(sp, p.BirthDate) })
	p.Phone = unique(g.phones, g.phone)
	p.Education = g.education(sp.age)
	g.partyDates(&p, sp.age)
	p.JoinedOn = g.joined(p.BirthDate)
	return p
}

// joined is when the person came to their branch: after 22, and for most
// before 2021 (so they were there for both committees' elections).
func (g *gen) joined(birth zhibu.Date) zhibu.Date {
	from, to := birth.AddYears(22), day(2020, 12, 31)
	if from.Before(day(2008, 1, 1)) {
		from = day(2008, 1, 1)
	}
	if !from.Before(to) {
		to = AsOf()
	}
	return g.between(from, to)
}

// idNumber is an ID number from a region that fits the person, with a
// sequence whose parity gives the gender (odd for men).
func (g *gen) idNumber(sp personSpec, birth zhibu.Date) string {
	region := pick(g.rng, localRegions)
	if sp.eth == "" && g.rng.IntN(4) == 0 {
		region = pick(g.rng, farRegions)
	}
	seq := 2*g.rng.IntN(499) + 1
	if sp.gender == zhibu.Female {
		seq++
	}
	return zhibu.MakeIDNumber(region, birth, seq)
}

func (g *gen) phone() string {
	return pick(g.rng, phonePrefixes) + fmt.Sprintf("%08d", g.rng.IntN(100_000_000))
}

func (g *gen) education(age int) string {
	e := pick(g.rng, educations)
	if e == "硕士研究生" && age < 26 {
		return "大学本科"
	}
	return e
}

// partyDates fills the date of every stage the person has reached. People
// still on the way are placed from their anchor backwards; full members
// from an application between 18 and maxApplyAge forwards.
func (g *gen) partyDates(p *zhibu.Person, age int) {
	stages := []*zhibu.Date{&p.AppliedOn, &p.ActivistOn, &p.CandidateOn, &p.AdmittedOn, &p.ConfirmedOn}
	last := slices.Index(zhibu.PartyStatuses, p.Status) - 1 // -1 for 群众
	if last < 0 {
		return
	}
	if a, ok := anchors[p.Status]; ok {
		*stages[last] = g.between(a[0], a[1])
		for i := last; i > 0; i-- {
			*stages[i-1] = g.step(*stages[i], gaps[i-1], -1)
		}
		return
	}
	applyAge := 18 + g.rng.IntN(min(maxApplyAge, age-applyMargin)-18+1)
	*stages[0] = p.BirthDate.AddYears(applyAge).AddDays(g.rng.IntN(365))
	for i := 0; i < last; i++ {
		*stages[i+1] = g.step(*stages[i], gaps[i], 1)
	}
}

// step moves d forwards (dir 1) or backwards (dir -1) by a gap: whole
// months in the gap's range and, unless the gap is exact, a few days.
func (g *gen) step(d zhibu.Date, gap [2]int, dir int) zhibu.Date {
	d = d.AddMonths(dir * (gap[0] + g.rng.IntN(gap[1]-gap[0]+1)))
	if gap[1] > gap[0] {
		d = d.AddDays(dir * g.rng.IntN(28))
	}
	return d
}

// between is a day from a to b, both included.
func (g *gen) between(a, b zhibu.Date) zhibu.Date {
	days := int(b.Time().Sub(a.Time()).Hours() / 24)
	return a.AddDays(g.rng.IntN(days + 1))
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// unique draws until it gets a value not yet in seen, and records it.
func unique(seen map[string]bool, draw func() string) string {
	for {
		if v := draw(); !seen[v] {
			seen[v] = true
			return v
		}
	}
}
