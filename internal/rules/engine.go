// Package rules is the compliance engine: it reads facts about orgs, terms,
// seats and meetings (and, later, development steps, payments and
// transfers) against the rule catalogue and yields findings. It is pure:
// facts in, findings out; no SQL, no HTTP, no clock. The store builds the
// zhibu.Facts; the web pages, the CLI, the API and the exports read the findings.
package rules

import (
	"fmt"
	"iter"
	"sort"
	"strconv"
	"strings"
	"time"

	"zhibu"
)

// Rule is one rule's code: it reads the Context of one org and returns its
// findings. Its parameters come from the catalogue's versions with its ID.
type Rule interface {
	ID() string
	Check(c *Context) []zhibu.Finding
}

type funcRule struct {
	id    string
	check func(*Context) []zhibu.Finding
}

func (r funcRule) ID() string                       { return r.id }
func (r funcRule) Check(c *Context) []zhibu.Finding { return r.check(c) }

// NewRule makes a Rule from an id and a function.
func NewRule(id string, check func(*Context) []zhibu.Finding) Rule { return funcRule{id, check} }

// Registry is an ordered set of rules. Findings come out in the order the
// rules were registered.
type Registry struct {
	rules []Rule
	ids   map[string]bool
}

// NewRegistry makes a registry of the given rules.
func NewRegistry(rs ...Rule) (*Registry, error) {
	r := &Registry{ids: map[string]bool{}}
	for _, x := range rs {
		if err := r.Register(x); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Register adds a rule; an id registered twice is an error.
func (r *Registry) Register(x Rule) error {
	if r.ids[x.ID()] {
		return fmt.Errorf("rules: %s registered twice", x.ID())
	}
	r.ids[x.ID()] = true
	r.rules = append(r.rules, x)
	return nil
}

// Rules lists the registered rules in order.
func (r *Registry) Rules() []Rule { return append([]Rule(nil), r.rules...) }

// Has reports whether a rule with the id is registered.
func (r *Registry) Has(id string) bool { return r.ids[id] }

// Builtin is a new registry of every rule this package implements.
func Builtin() *Registry {
	r, err := NewRegistry(builtinRules()...)
	if err != nil {
		panic(err)
	}
	return r
}

var builtin = Builtin()

// Check checks one org (a branch with its groups; for a general branch or
// committee, the org.term.* rules) for one year, as of facts.AsOf, with the
// built-in rules. A past year is re-checked by passing AsOf at its end.
func Check(cat Catalogue, facts zhibu.Facts, orgID int64, year int) []zhibu.Finding {
	return builtin.Check(cat, facts, orgID, year)
}

// CheckAll checks every org in facts except groups (which are checked with
// their branch), with the built-in rules; the findings are by org id.
func CheckAll(cat Catalogue, facts zhibu.Facts, year int) map[int64][]zhibu.Finding {
	return builtin.CheckAll(cat, facts, year)
}

// Check checks one org with the registry's rules.
func (r *Registry) Check(cat Catalogue, facts zhibu.Facts, orgID int64, year int) []zhibu.Finding {
	rn := newRun(r, cat, &facts, year)
	e := rn.orgs[orgID]
	if e == nil || e.org.Kind == zhibu.KindGroup {
		return nil
	}
	return rn.check(e)
}

// CheckAll checks every org in facts except groups with the registry's rules.
func (r *Registry) CheckAll(cat Catalogue, facts zhibu.Facts, year int) map[int64][]zhibu.Finding {
	rn := newRun(r, cat, &facts, year)
	out := make(map[int64][]zhibu.Finding, len(rn.list))
	for _, e := range rn.list {
		if e.org.Kind != zhibu.KindGroup {
			out[e.org.ID] = rn.check(e)
		}
	}
	return out
}

// run is one call of Check or CheckAll: the facts indexed once for the year.
type run struct {
	reg    *Registry
	facts  *zhibu.Facts
	year   int
	asOf   zhibu.Date
	res    *resolver
	orgs   map[int64]*orgEntry
	list   []*orgEntry // in the order of facts.Orgs
	people map[int64]string
	cache  map[string]any      // Context.Index
	params map[resKey]resEntry // resolved parameters by rule, org (0 when only the national layer has the rule) and day
}

type resKey struct {
	rule string
	org  int64
	day  zhibu.Date
}

type resEntry struct {
	res Resolved
	ok  bool
}

// orgEntry is one org with its records for the year.
type orgEntry struct {
	org    zhibu.Org
	path   []int64
	steps  []step
	zone   *time.Location
	groups []zhibu.Org   // child groups, by id
	terms  []*zhibu.Term // by election date
	seats  []*zhibu.Seat // seats outside terms
	months [12][]Held    // held meetings of the year up to AsOf, by local month, in date order
}

// Held is a held meeting with its local date.
type Held struct {
	*zhibu.Meeting
	Date zhibu.Date // StartsAt in the org's zone
	Late bool       // recorded after its date (补录), read in the same zone
}

// Evidence links the meeting: "2018年3月5日 支委会", with （补录） when it was
// recorded after its date.
func (h Held) Evidence() zhibu.Evidence {
	label := h.Date.Chinese() + " " + h.Type.Label()
	if h.Late {
		label += "（补录）"
	}
	return zhibu.Evidence{Kind: zhibu.EvidenceMeeting, ID: h.ID, Label: label}
}

func newRun(reg *Registry, cat Catalogue, f *zhibu.Facts, year int) *run {
	rn := &run{reg: reg, facts: f, year: year, asOf: f.AsOf, res: newResolver(cat),
		orgs: make(map[int64]*orgEntry, len(f.Orgs)), params: map[resKey]resEntry{}}
	if rn.asOf.IsZero() {
		rn.asOf = zhibu.MakeDate(year, 12, 31)
	}
	zone := f.Zone
	if zone == nil {
		zone = zhibu.DefaultZone
	}
	rn.list = make([]*orgEntry, 0, len(f.Orgs))
	for _, o := range f.Orgs {
		e := &orgEntry{org: o, zone: zone}
		rn.orgs[o.ID] = e
		rn.list = append(rn.list, e)
	}
	paths := orgPaths(f.Orgs)
	for _, e := range rn.list {
		e.path = paths[e.org.ID]
		e.steps = order(e.path)
		for _, id := range e.path {
			if z := f.Zones[id]; z != nil {
				e.zone = z
			}
		}
		if e.org.Kind == zhibu.KindGroup {
			if p := rn.orgs[e.org.ParentID]; p != nil {
				p.groups = append(p.groups, e.org)
			}
		}
	}
	for _, e := range rn.list {
		sort.Slice(e.groups, func(i, j int) bool { return e.groups[i].ID < e.groups[j].ID })
	}
	for i := range f.Terms {
		t := &f.Terms[i]
		if e := rn.orgs[t.OrgID]; e != nil {
			e.terms = append(e.terms, t)
		}
	}
	for _, e := range rn.list {
		sort.SliceStable(e.terms, func(i, j int) bool { return e.terms[i].ElectedOn.Before(e.terms[j].ElectedOn) })
	}
	for i := range f.Seats {
		s := &f.Seats[i]
		if e := rn.orgs[s.OrgID]; e != nil {
			e.seats = append(e.seats, s)
		}
	}
	// Meetings: only held ones of the year, up to AsOf, by local month. A
	// meeting far outside the year in UTC is skipped before its zone is read.
	lo := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Add(-48 * time.Hour)
	hi := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC).Add(48 * time.Hour)
	for i := range f.Meetings {
		m := &f.Meetings[i]
		if !m.Held() || m.StartsAt.Before(lo) || !m.StartsAt.Before(hi) {
			continue
		}
		e := rn.orgs[m.OrgID]
		if e == nil {
			continue
		}
		local := m.StartsAt.In(e.zone)
		y, mo, d := local.Date()
		day := zhibu.Date{Year: y, Month: mo, Day: d}
		if y != year || day.After(rn.asOf) {
			continue
		}
		late := !m.EnteredAt.IsZero() && zhibu.DateOf(m.EnteredAt.In(e.zone)).After(day)
		e.months[mo-1] = append(e.months[mo-1], Held{Meeting: m, Date: day, Late: late})
	}
	for _, e := range rn.list {
		for i := range e.months {
			ms := e.months[i]
			sort.SliceStable(ms, func(a, b int) bool { return ms[a].StartsAt.Before(ms[b].StartsAt) })
		}
	}
	if len(f.People) > 0 {
		rn.people = make(map[int64]string, len(f.People))
		for _, p := range f.People {
			rn.people[p.ID] = p.Name
		}
	}
	return rn
}

// orgPaths is each org's path of ids from the root, from its Path
// ("/1/5/23/") or, when that is empty, its chain of parents in orgs.
func orgPaths(orgs []zhibu.Org) map[int64][]int64 {
	byID := make(map[int64]*zhibu.Org, len(orgs))
	for i := range orgs {
		byID[orgs[i].ID] = &orgs[i]
	}
	out := make(map[int64][]int64, len(orgs))
	for _, o := range orgs {
		var path []int64
		if o.Path != "" {
			for _, s := range strings.Split(strings.Trim(o.Path, "/"), "/") {
				if id, err := strconv.ParseInt(s, 10, 64); err == nil {
					path = append(path, id)
				}
			}
		}
		if len(path) == 0 || path[len(path)-1] != o.ID {
			path = path[:0]
			seen := map[int64]bool{}
			for x := &o; x != nil && !seen[x.ID]; x = byID[x.ParentID] {
				seen[x.ID] = true
				path = append([]int64{x.ID}, path...)
				if x.ParentID == 0 {
					break
				}
			}
		}
		out[o.ID] = path
	}
	return out
}

func (rn *run) check(e *orgEntry) []zhibu.Finding {
	if rn.asOf.Before(zhibu.MakeDate(rn.year, 1, 1)) {
		return nil // the year has not begun
	}
	c := &Context{Facts: rn.facts, Org: e.org, Groups: e.groups, Year: rn.year, AsOf: rn.asOf, Zone: e.zone, rn: rn, e: e}
	out := make([]zhibu.Finding, 0, 64+40*(1+len(e.groups))) // about what a branch with groups yields in a year
	for _, r := range rn.reg.rules {
		c.rule = r.ID()
		fs := r.Check(c)
		for i := range fs {
			if fs[i].Evidence == nil {
				fs[i].Evidence = []zhibu.Evidence{}
			}
		}
		out = append(out, fs...)
	}
	return out
}

// Context is what a rule sees of one org in one check: the org and its
// groups, the year and as-of day, the resolved parameters, the indexed
// meetings, terms and seats, and the whole Facts for anything else.
type Context struct {
	Facts  *zhibu.Facts
	Org    zhibu.Org   // the org being checked (a branch, general branch or committee)
	Groups []zhibu.Org // its party groups, by id
	Year   int
	AsOf   zhibu.Date // never zero: the end of Year when zhibu.Facts.AsOf is
	Zone   *time.Location

	rule string
	rn   *run
	e    *orgEntry
}

// RuleID is the id of the rule being run.
func (c *Context) RuleID() string { return c.rule }

// Params resolves the running rule's parameters for the org on day d; ok is
// false when no version of the rule is in force then.
func (c *Context) Params(d zhibu.Date) (Resolved, bool) { return c.ParamsOf(c.rule, d) }

// ParamsOf resolves another rule's parameters for the org on day d.
func (c *Context) ParamsOf(id string, d zhibu.Date) (Resolved, bool) {
	org := int64(0)
	if c.rn.res.lower[id] {
		org = c.Org.ID // the national layer alone is the same for every org
	}
	k := resKey{id, org, d}
	if r, ok := c.rn.params[k]; ok {
		return r.res, r.ok
	}
	res, ok := c.rn.res.resolve(id, c.e.steps, d)
	c.rn.params[k] = resEntry{res, ok}
	return res, ok
}

// Periods are the periods of kind k of the year that have begun by AsOf and
// not before the org was founded (a period in which the org was founded is
// not required of it).
func (c *Context) Periods(k zhibu.PeriodKind) []zhibu.Period { return c.PeriodsFor(c.Org, k) }

// PeriodsFor is Periods for another org (a group).
func (c *Context) PeriodsFor(o zhibu.Org, k zhibu.PeriodKind) []zhibu.Period {
	var out []zhibu.Period
	for _, p := range zhibu.PeriodsOf(k, c.Year) {
		if p.Start().After(c.AsOf) {
			break
		}
		if o.FoundedOn.After(p.Start()) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// Day is the day a standing rule (a committee, a group leader) is checked on
// for the year: AsOf, or the year's last day when AsOf is later.
func (c *Context) Day() zhibu.Date {
	if end := zhibu.MakeDate(c.Year, 12, 31); c.AsOf.After(end) {
		return end
	}
	return c.AsOf
}

// Meetings yields the held meetings of org orgID (the org or one of its
// groups) dated within p and not after AsOf, in order. Only the checked
// year's meetings are indexed.
func (c *Context) Meetings(orgID int64, p zhibu.Period) iter.Seq[Held] {
	return func(yield func(Held) bool) {
		e := c.rn.orgs[orgID]
		if e == nil || p.Year != c.Year || !p.Valid() {
			return
		}
		start, end := p.Start().Month, p.End().Month
		for m := start; m <= end; m++ {
			for _, h := range e.months[m-1] {
				if !yield(h) {
					return
				}
			}
		}
	}
}

// Count is the number of held meetings of org orgID and type t in p.
func (c *Context) Count(orgID int64, t zhibu.MeetingType, p zhibu.Period) int {
	n := 0
	for h := range c.Meetings(orgID, p) {
		if h.Type == t {
			n++
		}
	}
	return n
}

// Terms are org orgID's terms by election date.
func (c *Context) Terms(orgID int64) []*zhibu.Term {
	if e := c.rn.orgs[orgID]; e != nil {
		return e.terms
	}
	return nil
}

// TermOn is org orgID's term in force on day d: the last one elected on or
// before d and not closed by then; nil when there is none.
func (c *Context) TermOn(orgID int64, d zhibu.Date) *zhibu.Term {
	ts := c.Terms(orgID)
	for i := len(ts) - 1; i >= 0; i-- {
		t := ts[i]
		if t.ElectedOn.After(d) {
			continue
		}
		if !t.ClosedOn.IsZero() && !d.Before(t.ClosedOn) {
			return nil
		}
		return t
	}
	return nil
}

// SeatsOn are the seats of org orgID held on day d: those of its term in
// force, and those outside terms (a group's leader).
func (c *Context) SeatsOn(orgID int64, d zhibu.Date) []zhibu.Seat {
	var out []zhibu.Seat
	for s := range c.seatsOn(orgID, d) {
		out = append(out, *s)
	}
	return out
}

func (c *Context) seatsOn(orgID int64, d zhibu.Date) iter.Seq[*zhibu.Seat] {
	return func(yield func(*zhibu.Seat) bool) {
		if t := c.TermOn(orgID, d); t != nil {
			for i := range t.Seats {
				if t.Seats[i].Active(d) && !yield(&t.Seats[i]) {
					return
				}
			}
		}
		if e := c.rn.orgs[orgID]; e != nil {
			for _, s := range e.seats {
				if s.Active(d) && !yield(s) {
					return
				}
			}
		}
	}
}

// Holder is the person holding position p in org orgID on day d, or 0.
func (c *Context) Holder(orgID int64, p zhibu.Position, d zhibu.Date) int64 {
	for s := range c.seatsOn(orgID, d) {
		if s.Position == p {
			return s.PersonID
		}
	}
	return 0
}

// Holds reports whether person holds one of the positions in org orgID on
// day d (any position when none is given).
func (c *Context) Holds(orgID, person int64, d zhibu.Date, positions ...zhibu.Position) bool {
	if person == 0 {
		return false
	}
	for s := range c.seatsOn(orgID, d) {
		if s.PersonID != person {
			continue
		}
		if len(positions) == 0 {
			return true
		}
		for _, p := range positions {
			if s.Position == p {
				return true
			}
		}
	}
	return false
}

// Committee is the distinct people holding a seat of org orgID's term in
// force on day d.
func (c *Context) Committee(orgID int64, d zhibu.Date) []int64 {
	t := c.TermOn(orgID, d)
	if t == nil {
		return nil
	}
	var ids []int64
	for _, s := range t.Seats {
		if s.Active(d) && !containsID(ids, s.PersonID) {
			ids = append(ids, s.PersonID)
		}
	}
	return ids
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// PersonName is a person's name from zhibu.Facts.People, or "".
func (c *Context) PersonName(id int64) string { return c.rn.people[id] }

// Status is the status of a requirement with a deadline: ok when done;
// otherwise due until the deadline (inclusive) and overdue after it.
func (c *Context) Status(done bool, deadline zhibu.Date) zhibu.FindingStatus {
	switch {
	case done:
		return zhibu.StatusOK
	case !c.AsOf.After(deadline):
		return zhibu.StatusDue
	}
	return zhibu.StatusOverdue
}

// New starts a finding about org subject (the checked org or one of its
// groups) for period p, named after the resolved version.
func (c *Context) New(res Resolved, subject zhibu.Org, p zhibu.Period) zhibu.Finding {
	return zhibu.Finding{
		RuleID: res.RuleID, Layer: res.Layer, Source: res.Source, Confidence: res.Confidence,
		OrgID: c.Org.ID, SubjectKind: zhibu.SubjectOrg, SubjectID: subject.ID, SubjectName: subject.Name,
		Period: p,
	}
}

// Index returns the value built once per check (of one org, or of all of
// them in CheckAll) under key: a rule that reads a kind of fact the engine
// does not index (payments, development steps) builds its index here.
func (c *Context) Index(key string, build func(*zhibu.Facts) any) any {
	if v, ok := c.rn.cache[key]; ok {
		return v
	}
	if c.rn.cache == nil {
		c.rn.cache = map[string]any{}
	}
	v := build(c.rn.facts)
	c.rn.cache[key] = v
	return v
}
