package service

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// Compliance checks orgs and people against the rules: the findings of an
// org for a year as of a day (what the calendar, the API and zhibu check
// show), the duties of a person, the superior's matrix with its tallies,
// and the rule versions that layers add, validated against the catalogue.
type Compliance struct {
	store *store.Store
	opt   Options
	// tallies are the matrix's findings summed up by org (tally.go).
	tallies *tallyCache
	// spanBranches is how many branches one share of a cold check of a
	// tree reads; a test sets a small one on its own service.
	spanBranches int
}

func newCompliance(st *store.Store, opt Options) *Compliance {
	return &Compliance{store: st, opt: opt, tallies: newTallyCache(), spanBranches: 500}
}

// Catalogue is the national rules with every superior and branch layer
// recorded in the database.
func (c *Compliance) Catalogue(ctx context.Context) (rules.Catalogue, error) {
	vs, err := c.store.RuleVersions(ctx)
	if err != nil {
		return nil, err
	}
	return append(rules.DefaultCatalogue(), vs...), nil
}

// CheckDay is the day a year is checked as of when none is asked for:
// today, or the year's last day when that is earlier (a past year is
// checked whole).
func CheckDay(year int, today zhibu.Date) zhibu.Date {
	if end := zhibu.MakeDate(year, 12, 31); today.After(end) {
		return end
	}
	return today
}

// Check is the findings of org o itself for a year as of a day, with the
// catalogue they were checked against (what its calendar shows):
//   - a branch: its own and its groups';
//   - a group: its branch's findings about the group. The branch's records
//     are read as the system (a group leader reads the group, not the
//     branch), and only the group's findings are returned;
//   - a committee or general branch: its own (its terms and committee),
//     not its subtree's (see Report and Matrix).
func (c *Compliance) Check(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) ([]zhibu.Finding, rules.Catalogue, error) {
	cat, err := c.Catalogue(ctx)
	if err != nil {
		return nil, nil, err
	}
	if o.Kind == zhibu.KindGroup {
		facts, err := c.store.Facts(zhibu.WithActor(ctx, zhibu.System), o.ParentID, year, asOf)
		if err != nil {
			return nil, nil, err
		}
		var out []zhibu.Finding
		for _, f := range rules.Check(cat, facts, o.ParentID, year) {
			if f.SubjectKind == zhibu.SubjectOrg && f.SubjectID == o.ID {
				out = append(out, f)
			}
		}
		return out, cat, nil
	}
	facts, err := c.factsOf(ctx, o, year, asOf)
	if err != nil {
		return nil, nil, err
	}
	return rules.Check(cat, facts, o.ID, year), cat, nil
}

// OpenByPerson are the open findings about people of the rules whose ids
// start with prefix ("dev.": the development deadlines) for branch o in the
// year of asOf, as of asOf, by person; nil for an org that is not a branch.
func (c *Compliance) OpenByPerson(ctx context.Context, o zhibu.Org, prefix string, asOf zhibu.Date) (map[int64][]zhibu.Finding, error) {
	if o.Kind != zhibu.KindBranch {
		return nil, nil
	}
	fs, _, err := c.Check(ctx, o, asOf.Year, asOf)
	if err != nil {
		return nil, err
	}
	out := map[int64][]zhibu.Finding{}
	for _, f := range fs {
		if strings.HasPrefix(f.RuleID, prefix) && f.SubjectKind == zhibu.SubjectPerson && f.Status != zhibu.StatusOK {
			out[f.SubjectID] = append(out[f.SubjectID], f)
		}
	}
	return out, nil
}

// OpenOfPerson is OpenByPerson for one person of branch o: their file is
// checked alone (store.PersonDevFacts), not the whole branch, so prefix
// must name rules that read only the person's development file ("dev.").
func (c *Compliance) OpenOfPerson(ctx context.Context, o zhibu.Org, personID int64, prefix string, asOf zhibu.Date) ([]zhibu.Finding, error) {
	if !strings.HasPrefix(prefix, "dev.") {
		return nil, fmt.Errorf("open of person: rules %q read more than a file", prefix)
	}
	if o.Kind != zhibu.KindBranch {
		return nil, nil
	}
	cat, err := c.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	facts, err := c.store.PersonDevFacts(ctx, o, personID, asOf)
	if err != nil {
		return nil, err
	}
	var out []zhibu.Finding
	for _, f := range rules.Check(cat, facts, o.ID, asOf.Year) {
		if strings.HasPrefix(f.RuleID, prefix) && f.SubjectKind == zhibu.SubjectPerson && f.SubjectID == personID && f.Status != zhibu.StatusOK {
			out = append(out, f)
		}
	}
	return out, nil
}

// factsOf is what o's own check reads: a branch (or group) with its
// groups, a committee or general branch by itself (its findings are its
// terms'), not its whole subtree.
func (c *Compliance) factsOf(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) (zhibu.Facts, error) {
	if o.Kind == zhibu.KindCommittee || o.Kind == zhibu.KindGeneralBranch {
		return c.store.FactsOwn(ctx, o, year, asOf)
	}
	return c.store.Facts(ctx, o.ID, year, asOf)
}

// Counts are findings by status.
type Counts struct{ OK, Due, Overdue, Violation, All int }

// Add counts one finding of status st.
func (c *Counts) Add(st zhibu.FindingStatus) {
	c.All++
	switch st {
	case zhibu.StatusOK:
		c.OK++
	case zhibu.StatusDue:
		c.Due++
	case zhibu.StatusOverdue:
		c.Overdue++
	case zhibu.StatusViolation:
		c.Violation++
	}
}

// Plus adds d's counts to c.
func (c *Counts) Plus(d Counts) {
	c.OK += d.OK
	c.Due += d.Due
	c.Overdue += d.Overdue
	c.Violation += d.Violation
	c.All += d.All
}

// IsOpen reports whether a finding of status st asks for something: not
// done, or done wrongly.
func IsOpen(st zhibu.FindingStatus) bool { return st != zhibu.StatusOK }

// DueDay is the day a finding must be dealt with by: its deadline, or the
// end of its period when it has none.
func DueDay(f zhibu.Finding) zhibu.Date {
	if !f.Deadline.IsZero() {
		return f.Deadline
	}
	return f.Period.End()
}

// SortByDeadline orders findings due soonest first: by deadline, then by
// the end of the period, then in the registry's order.
func SortByDeadline(fs []zhibu.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if ka, kb := DueDay(a), DueDay(b); ka != kb {
			return ka.Before(kb)
		}
		if ea, eb := a.Period.End(), b.Period.End(); ea != eb {
			return ea.Before(eb)
		}
		return RuleRank(a.RuleID) < RuleRank(b.RuleID)
	})
}
