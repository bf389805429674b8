package service

import (
	"context"
	"sort"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// Talks is the service of heart-to-heart talks (谈心谈话, docs/talks.md):
// a talk recorded by one of its parties, and a branch's coverage of the
// pairs talk.seed and talk.pairs ask for, read from the rules' findings.
type Talks struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newTalks(st *store.Store, opt Options, c *Compliance) *Talks {
	return &Talks{store: st, opt: opt, compliance: c}
}

// Record records a talk of t.AID (the actor, a party) with t.BID, in
// their branch. Errors: zhibu.Problems (the input, the other party not of
// the branch), zhibu.ErrNotFound, zhibu.ErrForbidden (not a party).
func (x *Talks) Record(ctx context.Context, t zhibu.Talk) (zhibu.Talk, error) {
	if err := t.Validate(x.opt.today()); err != nil {
		return t, err
	}
	a, err := x.store.Person(ctx, t.AID)
	if err != nil {
		return t, err
	}
	t.OrgID = a.OrgID
	return x.store.AddTalk(ctx, t)
}

// CoverageCell is one pair's talks in one half year.
type CoverageCell struct {
	Status zhibu.FindingStatus `json:"status,omitempty"` // "" where the rule asked nothing
	Talks  []zhibu.Evidence    `json:"talks,omitempty"`
}

// CoverageRow is one pair of people the rules ask to talk.
type CoverageRow struct {
	A     zhibu.Evidence  `json:"a"` // the two people, in the finding's order
	B     zhibu.Evidence  `json:"b"`
	Kind  string          `json:"kind"`   // 书记—委员, 委员—分管民警, 委员之间
	Cells [2]CoverageCell `json:"halves"` // talk.seed, by half year
	Year  CoverageCell    `json:"year"`   // talk.pairs, for two committee members
}

// Coverage is a branch's pairs in a year, from the findings of talk.seed
// (by half) and talk.pairs (the committee's pairs, the year), and the open
// findings about members (talk.pairs).
type Coverage struct {
	Org     zhibu.Org
	Year    int
	AsOf    zhibu.Date
	Rows    []CoverageRow
	Members []zhibu.Finding // talk.pairs about members, not ok
}

// Coverage is the coverage of branch orgID's pairs in a year, as of today.
func (x *Talks) Coverage(ctx context.Context, orgID int64, year int) (*Coverage, error) {
	org, err := x.store.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if org.Kind != zhibu.KindBranch {
		return nil, zhibu.Errorf(zhibu.ErrNotFound, "谈心谈话按党支部登记")
	}
	asOf := CheckDay(year, x.opt.today())
	fs, _, err := x.compliance.Check(ctx, org, year, asOf)
	if err != nil {
		return nil, err
	}
	cov := &Coverage{Org: org, Year: year, AsOf: asOf}
	byPair := map[zhibu.Pair]int{}
	row := func(f zhibu.Finding, kind string) *CoverageRow {
		k := zhibu.PairOf(f.Evidence[0].ID, f.Evidence[1].ID)
		i, ok := byPair[k]
		if ok && kind != "委员之间" {
			cov.Rows[i].Kind = kind // the seed's pairs name the two more closely
		}
		if !ok {
			i = len(cov.Rows)
			byPair[k] = i
			cov.Rows = append(cov.Rows, CoverageRow{A: f.Evidence[0], B: f.Evidence[1], Kind: kind})
		}
		return &cov.Rows[i]
	}
	talks := func(f zhibu.Finding) CoverageCell {
		c := CoverageCell{Status: f.Status}
		for _, e := range f.Evidence[2:] {
			if e.Kind == rules.EvidenceTalk {
				c.Talks = append(c.Talks, e)
			}
		}
		return c
	}
	for _, f := range fs {
		switch {
		case f.RuleID == "talk.seed" && len(f.Evidence) >= 2 && f.Period.Kind == zhibu.PeriodHalf:
			kind := "委员—分管民警"
			if f.Responsible == zhibu.Secretary {
				kind = "书记—委员"
			}
			r := row(f, kind)
			r.Cells[f.Period.N-1] = talks(f)
		case f.RuleID == "talk.pairs" && f.SubjectKind == zhibu.SubjectOrg && len(f.Evidence) >= 2:
			r := row(f, "委员之间")
			r.Year = talks(f)
		case f.RuleID == "talk.pairs" && f.Status != zhibu.StatusOK:
			cov.Members = append(cov.Members, f)
		}
	}
	rank := map[string]int{"书记—委员": 0, "委员之间": 1, "委员—分管民警": 2}
	sort.SliceStable(cov.Rows, func(i, j int) bool { return rank[cov.Rows[i].Kind] < rank[cov.Rows[j].Kind] })
	return cov, nil
}
