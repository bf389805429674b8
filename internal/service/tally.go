package service

import (
	"context"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// The matrix of a whole bureau, let alone a province, costs more than a
// page should (store.Facts reads a year of every branch's meetings), and a
// superior reads it again and again — sorted, for another day, back from a
// branch, for each committee down the tree. So each checked org's findings
// are kept summed up by rule (its tally), by year and day, shared by every
// matrix that shows the org, and kept up to date from the audit trail,
// which every write appends to in its own transaction
// (store.ChangesSince). What a write drops is its action's reach
// (audit.Action.Reach): after a login nothing; after a write about one org
// (a meeting, an election, a group leader, a person) the tally of the
// deepest org on its path that has one (the branch of a group); after a
// rule version every tally of its org's subtree; after anything else (an
// org moved or created, an action not declared, more than 1,000 writes)
// every tally.
//
// Missing tallies are made a share of the tree at a time (runs of siblings
// of at most spanBranches branches with their subtrees, store.FactsSpan),
// so that memory stays bounded however large the tree; one org alone is
// checked by itself. One update runs at a time: two cold matrices of a
// province at once would each do the whole work.

// tallyCache is a Compliance's tallies.
type tallyCache struct {
	mu    sync.Mutex
	sets  map[tallyKey]*tallySet
	order []tallyKey // oldest first
}

func newTallyCache() *tallyCache { return &tallyCache{sets: map[tallyKey]*tallySet{}} }

// tallySets is how many (year, day) sets a Compliance keeps.
const tallySets = 4

type tallyKey struct {
	year int
	asOf zhibu.Date
}

// tallySet is the tallies of one year as of one day.
type tallySet struct {
	mark     int64                 // the audit trail's head the tallies hold at
	orgs     map[int64]*orgTally   // by org id: branches, general branches, committees
	subtrees map[int64][]zhibu.Org // a root's checked orgs (no groups) in the tree's order
}

// orgTally is one org's findings summed up by rule.
type orgTally struct {
	org                     zhibu.Org
	rules                   map[string]Tally
	counts                  Counts
	overdue, open, findings int
	branches                int // summed up from this many branches below the org (0: its own findings)
}

// Tally is one cell of the matrix: the worst status of a rule's findings,
// how many findings have it, and how many there are.
type Tally struct {
	Worst   zhibu.FindingStatus
	N, All  int
	OK, Due int // the findings ok and due (the assessment's shares: assessment.go)
}

func tallyOf(org zhibu.Org, fs []zhibu.Finding) *orgTally {
	t := &orgTally{org: org, rules: map[string]Tally{}, findings: len(fs)}
	for i := range fs {
		f := &fs[i]
		t.counts.Add(f.Status)
		if f.Status == zhibu.StatusOverdue {
			t.overdue++
		}
		if IsOpen(f.Status) {
			t.open++
		}
		c := t.rules[f.RuleID]
		c.All++
		c.OK, c.Due = c.OK+boolInt(f.Status == zhibu.StatusOK), c.Due+boolInt(f.Status == zhibu.StatusDue)
		switch sev := f.Status.Severity(); {
		case c.Worst == "" || sev > c.Worst.Severity():
			c.Worst, c.N = f.Status, 1
		case sev == c.Worst.Severity():
			c.N++
		}
		t.rules[f.RuleID] = c
	}
	return t
}

// Matrix is a subtree's findings for the superior's matrix: the rules
// with any finding (the columns, in the registry's order, with their
// titles) and a row for each org with findings of its own.
type Matrix struct {
	Rules    []string
	Titles   []string
	Rows     []MatrixRow
	Counts   Counts
	Branches int // the branches of the subtree
}

// MatrixRow is one row of the matrix: a branch directly under the root,
// the root's own findings, or a committee or general branch under the root
// with its whole subtree summed up (Branches branches).
type MatrixRow struct {
	Org                     zhibu.Org
	Cells                   []Tally // by Matrix.Rules
	Counts                  Counts
	Overdue, Open, Findings int
	Branches                int
}

// Matrix is the matrix of o's subtree for a year as of a day, from the
// tallies brought up to date with what was written since they were made.
// A subtree reads the same for everyone who may read its root (scopes are
// subtrees), so the tallies do not depend on the reader.
func (c *Compliance) Matrix(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) (*Matrix, error) {
	c.tallies.mu.Lock()
	defer c.tallies.mu.Unlock()
	set, err := c.currentTallies(ctx, tallyKey{year, asOf})
	if err != nil {
		return nil, err
	}
	orgs, ok := set.subtrees[o.ID]
	if !ok {
		all, err := c.store.Orgs(ctx, store.OrgFilter{Under: o.ID})
		if err != nil {
			return nil, err
		}
		for _, x := range all {
			if x.Kind != zhibu.KindGroup {
				orgs = append(orgs, x)
			}
		}
		set.subtrees[o.ID] = orgs
	}
	cat, err := c.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	if err := c.fillTallies(ctx, cat, set, orgs, year, asOf); err != nil {
		return nil, err
	}
	return newMatrix(cat, set, o, orgs), nil
}

// currentTallies is the set of key brought up to date with the audit
// trail. The caller holds c.tallies.mu.
func (c *Compliance) currentTallies(ctx context.Context, key tallyKey) (*tallySet, error) {
	tc := c.tallies
	set := tc.sets[key]
	var since int64
	if set != nil {
		since = set.mark
	}
	head, written, complete, err := c.store.ChangesSince(ctx, since, 1000)
	if err != nil {
		return nil, err
	}
	if set != nil && complete {
		if dirty, all := set.stale(written); !all {
			for _, id := range dirty {
				delete(set.orgs, id)
			}
			set.mark = head
			return set, nil
		}
	}
	if set == nil {
		tc.order = append(tc.order, key)
		if len(tc.order) > tallySets {
			// The oldest goes, but not this year's as of today, which the
			// warm-up made and every default matrix reads.
			today := c.opt.today()
			i := slices.IndexFunc(tc.order, func(k tallyKey) bool {
				return k.year != today.Year || k.asOf != CheckDay(today.Year, today)
			})
			if i < 0 || i == len(tc.order)-1 {
				i = 0
			}
			delete(tc.sets, tc.order[i])
			tc.order = slices.Delete(tc.order, i, i+1)
		}
	}
	set = &tallySet{mark: head, orgs: map[int64]*orgTally{}, subtrees: map[int64][]zhibu.Org{}}
	tc.sets[key] = set
	return set, nil
}

// stale names the tallies the writes changed, by the reach of each
// write's action (audit.Lookup), or all when it cannot tell or a write
// reaches beyond a subtree. An org's edit also drops the subtrees' lists
// of orgs (one query to read again), so that a renamed org shows its new
// name.
func (t *tallySet) stale(ws []store.Written) (dirty []int64, all bool) {
	for _, w := range ws {
		a, _ := audit.Lookup(w.Action)
		switch {
		case a.Reach == audit.ReachNone:
			continue
		case a.Reach == audit.ReachAll || w.OrgPath == "":
			return nil, true
		case a.Reach == audit.ReachSubtree:
			for id, x := range t.orgs {
				if strings.HasPrefix(x.org.Path, w.OrgPath) {
					dirty = append(dirty, id)
				}
			}
		default: // audit.ReachOrg: the deepest org on the path with a tally
			ids := strings.Split(strings.Trim(w.OrgPath, "/"), "/")
			for i := len(ids) - 1; i >= 0; i-- {
				id, err := strconv.ParseInt(ids[i], 10, 64)
				if err != nil {
					return nil, true
				}
				if _, ok := t.orgs[id]; ok {
					dirty = append(dirty, id)
					break
				}
			}
		}
		if a.Name == audit.OrgUpdate.Name {
			clear(t.subtrees)
		}
	}
	return dirty, false
}

// fillTallies makes the tallies of orgs (a subtree's checked orgs, in the
// tree's order) that set lacks: a few one by one, many a share of the tree
// at a time.
func (c *Compliance) fillTallies(ctx context.Context, cat rules.Catalogue, set *tallySet, orgs []zhibu.Org, year int, asOf zhibu.Date) error {
	var missing []zhibu.Org
	for _, o := range orgs {
		if _, ok := set.orgs[o.ID]; !ok {
			missing = append(missing, o)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if len(missing) <= 20 {
		for _, o := range missing {
			t, err := c.tallyOne(ctx, cat, o, year, asOf)
			if err != nil {
				return err
			}
			set.orgs[o.ID] = t
		}
		return nil
	}
	return c.tallyTree(ctx, cat, set, orgs, year, asOf)
}

// tallyOne checks one org: a branch with its groups, or a committee or
// general branch by itself (its own terms).
func (c *Compliance) tallyOne(ctx context.Context, cat rules.Catalogue, o zhibu.Org, year int, asOf zhibu.Date) (*orgTally, error) {
	facts, err := c.factsOf(ctx, o, year, asOf)
	if err != nil {
		return nil, err
	}
	return tallyOf(o, rules.Check(cat, facts, o.ID, year)), nil
}

// tallyTree makes the missing tallies of a subtree (orgs, in the tree's
// order, root first): each org above the branches by itself, and the
// branches in runs of siblings of at most spanBranches branches with their
// subtrees, the runs checked in parallel. A run with few tallies missing
// has them made one by one.
func (c *Compliance) tallyTree(ctx context.Context, cat rules.Catalogue, set *tallySet, orgs []zhibu.Org, year int, asOf zhibu.Date) error {
	children := map[int64][]zhibu.Org{}
	in := map[int64]bool{}
	for _, o := range orgs {
		in[o.ID] = true
	}
	for _, o := range orgs {
		if in[o.ParentID] {
			children[o.ParentID] = append(children[o.ParentID], o)
		}
	}
	branches := map[int64]int{} // in each org's subtree
	for i := len(orgs) - 1; i >= 0; i-- {
		o := orgs[i]
		if o.Kind == zhibu.KindBranch {
			branches[o.ID]++
		}
		if in[o.ParentID] {
			branches[o.ParentID] += branches[o.ID]
		}
	}
	// missingIn lists the orgs of the runs' subtrees that lack a tally.
	missingIn := func(run []zhibu.Org) []zhibu.Org {
		var out []zhibu.Org
		var walk func(o zhibu.Org)
		walk = func(o zhibu.Org) {
			if _, ok := set.orgs[o.ID]; !ok {
				out = append(out, o)
			}
			for _, k := range children[o.ID] {
				walk(k)
			}
		}
		for _, o := range run {
			walk(o)
		}
		return out
	}
	// The runs are gathered first, then checked by as many workers as
	// there are processors, each run's facts read and checked apart (the
	// engine is pure; SQLite and PostgreSQL read in parallel). A tree
	// smaller than a run each is split so that every worker has one.
	limit := c.spanBranches
	workers := max(1, runtime.GOMAXPROCS(0))
	if per := (branches[orgs[0].ID] + workers - 1) / workers; per < limit {
		limit = max(per, 1)
	}
	type job struct{ run, missing []zhibu.Org }
	var jobs []job
	addRun := func(run []zhibu.Org) {
		if missing := missingIn(run); len(missing) > 0 {
			jobs = append(jobs, job{run, missing})
		}
	}
	var visit func(o zhibu.Org) error
	visit = func(o zhibu.Org) error {
		if o.Kind == zhibu.KindBranch {
			addRun([]zhibu.Org{o})
			return nil
		}
		if _, ok := set.orgs[o.ID]; !ok {
			t, err := c.tallyOne(ctx, cat, o, year, asOf)
			if err != nil {
				return err
			}
			set.orgs[o.ID] = t
		}
		kids := slices.Clone(children[o.ID])
		sort.Slice(kids, func(i, j int) bool { return kids[i].Path < kids[j].Path }) // FactsSpan's order
		var run []zhibu.Org
		n := 0
		for _, k := range kids {
			if k.Kind != zhibu.KindBranch && branches[k.ID] > limit {
				// Too large for one run: ends the run and is visited on its own.
				addRun(run)
				run, n = nil, 0
				if err := visit(k); err != nil {
					return err
				}
				continue
			}
			if n > 0 && n+branches[k.ID] > limit {
				addRun(run)
				run, n = nil, 0
			}
			run = append(run, k)
			n += branches[k.ID]
		}
		addRun(run)
		return nil
	}
	if err := visit(orgs[0]); err != nil {
		return err
	}

	// check makes the tallies of one run: one by one when few are missing
	// (cheaper than reading the whole run), else the run's facts at once.
	check := func(j job) (map[int64]*orgTally, error) {
		out := map[int64]*orgTally{}
		if len(j.missing) <= 20 {
			for _, o := range j.missing {
				t, err := c.tallyOne(ctx, cat, o, year, asOf)
				if err != nil {
					return nil, err
				}
				out[o.ID] = t
			}
			return out, nil
		}
		facts, err := c.store.FactsSpan(ctx, j.run[0], j.run[len(j.run)-1], year, asOf)
		if err != nil {
			return nil, err
		}
		byID := map[int64]zhibu.Org{}
		for _, o := range facts.Orgs {
			byID[o.ID] = o
		}
		for id, fs := range rules.CheckAll(cat, facts, year) {
			out[id] = tallyOf(byID[id], fs)
		}
		return out, nil
	}
	var (
		mu       sync.Mutex
		firstErr error
		next     int
		wg       sync.WaitGroup
	)
	for range min(workers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if next == len(jobs) || firstErr != nil {
					mu.Unlock()
					return
				}
				j := jobs[next]
				next++
				mu.Unlock()
				got, err := check(j)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				maps.Copy(set.orgs, got)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// newMatrix lays the tallies of root's subtree (orgs, in the tree's
// order, root first) out as the matrix: a row for root's own findings
// when it has any, one for each branch directly under it, and one for each
// committee or general branch under it that sums up its whole subtree (its
// own findings and every branch below), whose own matrix is a click away.
// A province's matrix is then its counties, not its 20,000 branches.
func newMatrix(cat rules.Catalogue, set *tallySet, root zhibu.Org, orgs []zhibu.Org) *Matrix {
	m := &Matrix{}
	present := map[string]bool{}
	top := map[int64]int64{} // the org directly under root that each org is in
	var order []int64
	sums := map[int64]*orgTally{}
	for _, o := range orgs {
		t := set.orgs[o.ID]
		if t == nil {
			continue
		}
		for id := range t.rules {
			present[id] = true
		}
		if o.Kind == zhibu.KindBranch {
			m.Branches++
		}
		switch {
		case o.ID == root.ID:
			top[o.ID] = o.ID
		case o.ParentID == root.ID:
			top[o.ID] = o.ID
		default:
			top[o.ID] = top[o.ParentID]
		}
		k := top[o.ID]
		if k == 0 {
			continue // below an org without a tally
		}
		sum, ok := sums[k]
		if !ok {
			sum = &orgTally{rules: map[string]Tally{}}
			sums[k] = sum
			order = append(order, k)
		}
		if k == o.ID {
			sum.org = o
		}
		if o.Kind == zhibu.KindBranch && o.ID != k {
			sum.branches++
		}
		sum.add(t)
	}
	for id := range present {
		m.Rules = append(m.Rules, id)
	}
	sort.Slice(m.Rules, func(i, j int) bool {
		if ri, rj := RuleRank(m.Rules[i]), RuleRank(m.Rules[j]); ri != rj {
			return ri < rj
		}
		return m.Rules[i] < m.Rules[j]
	})
	for _, id := range m.Rules {
		m.Titles = append(m.Titles, RuleTitle(cat, id))
	}
	for _, k := range order {
		t := sums[k]
		if t.org.Kind != zhibu.KindBranch && t.findings == 0 {
			continue // a committee with nothing checked has nothing to show
		}
		row := MatrixRow{Org: t.org, Cells: make([]Tally, len(m.Rules)), Counts: t.counts, Overdue: t.overdue, Open: t.open,
			Findings: t.findings, Branches: t.branches}
		for i, id := range m.Rules {
			row.Cells[i] = t.rules[id]
		}
		m.Rows = append(m.Rows, row)
		m.Counts.Plus(t.counts)
	}
	return m
}

// add sums u's findings into t: counts added, each rule's worst status
// the worse of the two.
func (t *orgTally) add(u *orgTally) {
	t.counts.Plus(u.counts)
	t.overdue += u.overdue
	t.open += u.open
	t.findings += u.findings
	for id, c := range u.rules {
		d := t.rules[id]
		d.All += c.All
		d.OK, d.Due = d.OK+c.OK, d.Due+c.Due
		switch {
		case d.Worst == "" || c.Worst.Severity() > d.Worst.Severity():
			d.Worst, d.N = c.Worst, c.N
		case c.Worst.Severity() == d.Worst.Severity():
			d.N += c.N
		}
		t.rules[id] = d
	}
}

// Warm makes the tallies of the current year as of today for every tree
// in the store (each org without a parent) at once, and again a few
// minutes after each midnight in zhibu.DefaultZone, until ctx ends: a
// superior's first matrix of the day then reads only what was written
// since. At the L tier (20,000 branches) a warm-up takes some tens of
// seconds of one core.
func (c *Compliance) Warm(ctx context.Context) {
	for {
		c.warm(ctx)
		now := c.opt.Now().In(zhibu.DefaultZone)
		next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 5, 0, 0, zhibu.DefaultZone)
		select {
		case <-ctx.Done():
			return
		case <-time.After(next.Sub(now)):
		}
	}
}

func (c *Compliance) warm(ctx context.Context) {
	log := c.opt.Log
	ctx = zhibu.WithActor(ctx, zhibu.System)
	orgs, err := c.store.Orgs(ctx, store.OrgFilter{Kinds: []zhibu.OrgKind{zhibu.KindCommittee, zhibu.KindGeneralBranch}})
	if err != nil {
		if ctx.Err() == nil {
			log.Error("warm matrices", "err", err)
		}
		return
	}
	today := c.opt.today()
	for _, o := range orgs {
		if o.ParentID != 0 {
			continue
		}
		start := time.Now()
		m, err := c.Matrix(ctx, o, today.Year, CheckDay(today.Year, today))
		if err != nil {
			if ctx.Err() == nil {
				log.Error("warm matrices", "org", o.Code, "err", err)
			}
			return
		}
		log.Info("warm matrices", "org", o.Code, "rows", len(m.Rows), "took", time.Since(start).Round(time.Millisecond))
	}
}
