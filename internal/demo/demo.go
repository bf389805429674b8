// Package demo loads believable demo data into an empty database: the seed
// plan's branch made real (第三党支部 of the fictional 天山市公安局, with its
// five-position committee, three groups of eight, officers who are not
// members and people on the way to membership) and two smaller branches
// beside it. The data is fixed: the same names, ID numbers and dates on
// every load, all on or before AsOf but the regular meetings of the months
// between AsOf and the day of the load (see later.go).
package demo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// Codes of the orgs the demo makes, for tests and docs. Groups are coded
// after their branch: ZB03-1, ZB03-2, ZB03-3 (see GroupCode).
const (
	CommitteeCode     = "JDW"  // 天山市公安局党委
	BranchCode        = "ZB03" // 第三党支部, the seed plan's branch
	OfficeBranchCode  = "ZB01" // 第一党支部, the bureau's offices
	TrafficBranchCode = "ZB02" // 第二党支部, traffic police and command centre
)

// GroupCode is the code of a branch's n-th party group (from 1).
func GroupCode(branchCode string, n int) string { return branchCode + "-" + strconv.Itoa(n) }

// AsOf is the date the demo describes: every date in the data is on or
// before it, but the regular meetings after it up to the month before the
// load's (see Load), and ages are counted on it.
func AsOf() zhibu.Date { return day(2026, 7, 1) }

// Load fills an empty database with the demo: it refuses (zhibu.ErrConflict
// with a Chinese message "数据库不为空，演示数据只能载入空数据库") a database
// that already has orgs. ctx must carry an actor who may create a root org,
// such as zhibu.System. The branches' regular meetings go on after AsOf up
// to the last month complete today (in zhibu.DefaultZone), so that the
// months before today's are not shown overdue.
func Load(ctx context.Context, s *store.Store) error {
	return load(ctx, s, zhibu.Today(time.Now()))
}

// load is Load on the day today.
func load(ctx context.Context, s *store.Store, today zhibu.Date) error {
	empty, err := s.Empty(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !empty {
		return zhibu.Errorf(zhibu.ErrConflict, "数据库不为空，演示数据只能载入空数据库")
	}
	if today.Before(AsOf()) {
		return zhibu.Errorf(zhibu.ErrConflict, "系统日期（"+today.Chinese()+"）早于演示数据的日期（"+AsOf().Chinese()+"），无法载入演示数据")
	}
	root, err := s.CreateOrg(ctx, committeeOrg)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if _, err := s.AddMeetingType(ctx, root.ID, WarningType.Label(), "局党委要求各支部每半年至少召开一次"); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	l := loader{ctx: ctx, s: s, svc: service.New(s, service.Options{}), gen: newGen(), byCode: map[string]*built{}, today: today}
	for _, b := range branches {
		if err := l.branch(root.ID, b); err != nil {
			return fmt.Errorf("demo: %s: %w", b.name, err)
		}
	}
	c, err := l.committee(root)
	if err != nil {
		return fmt.Errorf("demo: %s: %w", root.Name, err)
	}
	l.byCode[CommitteeCode] = c
	if err := l.meetings(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := l.transfers(); err != nil {
		return fmt.Errorf("demo: transfers: %w", err)
	}
	if err := l.development(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := l.dues(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := l.memberRecords(); err != nil { // members.go
		return fmt.Errorf("demo: %w", err)
	}
	if err := l.rectification(); err != nil { // rectification.go
		return fmt.Errorf("demo: %w", err)
	}
	if err := l.activities(); err != nil { // activities stream
		return fmt.Errorf("demo: activities: %w", err)
	}
	if err := l.studyTalks(); err != nil { // study.go
		return fmt.Errorf("demo: %w", err)
	}
	if err := l.review(); err != nil { // review stream: review.go
		return fmt.Errorf("demo: review: %w", err)
	}
	if err := l.voice(); err != nil { // disclosure, mailbox, paper: voice.go
		return fmt.Errorf("demo: voice: %w", err)
	}
	if err := l.plans(); err != nil { // plan.go: the 2026 plans
		return fmt.Errorf("demo: plans: %w", err)
	}
	if err := l.assessment(); err != nil { // the superior's performance assessment: assessment.go
		return fmt.Errorf("demo: assessment: %w", err)
	}
	if err := l.archive(); err != nil { // archive.go: last, so the 2025 package holds the rest
		return fmt.Errorf("demo: archive: %w", err)
	}
	if err := l.accounts(root); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

type loader struct {
	ctx    context.Context
	s      *store.Store
	svc    *service.Services // built once per load: the doors' checks apply to the demo too
	gen    *gen
	byCode map[string]*built
	today  zhibu.Date // the day of the load
}

// built is what a branch has become in the store so far.
type built struct {
	org    zhibu.Org
	groups []int64
	people []zhibu.Person // in table order
	ids    map[string]int64
}

func (b *built) id(name string) (int64, error) {
	if id, ok := b.ids[name]; ok {
		return id, nil
	}
	return 0, fmt.Errorf("no person named %s", name)
}

// branch makes one branch: its org and groups, its people, its committee
// terms, its group leaders and its supervisions, in that order.
func (l *loader) branch(parentID int64, spec branchSpec) error {
	b, err := l.orgs(parentID, spec)
	if err != nil {
		return err
	}
	l.byCode[spec.code] = b
	for i, g := range spec.groups {
		if err := l.people(b, b.groups[i], g.people, g.units, true); err != nil {
			return err
		}
	}
	if err := l.people(b, 0, spec.others, b.org.Units, true); err != nil {
		return err
	}
	if err := l.people(b, 0, spec.staff, b.org.Units, false); err != nil {
		return err
	}
	if err := l.terms(b, spec.terms); err != nil {
		return err
	}
	if err := l.leaders(b, spec.groups); err != nil {
		return err
	}
	return l.supervisions(b, spec)
}

// orgs makes the branch, covering every unit of its groups, and its groups.
func (l *loader) orgs(parentID int64, spec branchSpec) (*built, error) {
	var units []string
	for _, g := range spec.groups {
		units = append(units, g.units...)
	}
	org, err := l.s.CreateOrg(l.ctx, zhibu.Org{Code: spec.code, Name: spec.name, Kind: zhibu.KindBranch,
		ParentID: parentID, FoundedOn: spec.founded, Units: units})
	if err != nil {
		return nil, err
	}
	b := &built{org: org, ids: map[string]int64{}}
	for i, g := range spec.groups {
		grp, err := l.s.CreateOrg(l.ctx, zhibu.Org{Code: GroupCode(spec.code, i+1), Name: g.name, Kind: zhibu.KindGroup,
			ParentID: org.ID, FoundedOn: spec.groupsFounded, Units: g.units})
		if err != nil {
			return nil, err
		}
		b.groups = append(b.groups, grp.ID)
	}
	return b, nil
}

// people adds the people of a table to the branch (and group, if not 0),
// dealing them out over the units in turn.
func (l *loader) people(b *built, groupID int64, specs []personSpec, units []string, officer bool) error {
	for i, sp := range specs {
		p := l.gen.person(sp, officer, units[i%len(units)])
		p.OrgID, p.GroupID = b.org.ID, groupID
		saved, err := l.place(b, p)
		if err != nil {
			return fmt.Errorf("%s: %w", sp.name, err)
		}
		b.ids[saved.Name] = saved.ID
		b.people = append(b.people, saved)
	}
	return nil
}

// place creates a person where the tables put them or, for a person with
// a transfer, where they were first and then moves them.
func (l *loader) place(b *built, p zhibu.Person) (zhibu.Person, error) {
	t, ok := transfers[p.Name]
	if !ok {
		return l.s.CreatePerson(l.ctx, p)
	}
	orgID, groupID := p.OrgID, p.GroupID
	p.JoinedOn, p.GroupID = t.joined, 0
	if t.fromCode != "" {
		from, ok := l.byCode[t.fromCode]
		if !ok {
			return zhibu.Person{}, fmt.Errorf("transfer from %s: branch not made yet", t.fromCode)
		}
		p.OrgID = from.org.ID
	} else {
		p.GroupID = b.groups[t.fromGroup-1]
	}
	first, err := l.s.CreatePerson(l.ctx, p)
	if err != nil {
		return zhibu.Person{}, err
	}
	return l.s.MovePerson(l.ctx, first.ID, orgID, groupID, t.moved, t.reason)
}

// terms records the branch's committee elections, oldest first.
func (l *loader) terms(b *built, terms []termSpec) error {
	svc := l.svc.Terms
	for _, ts := range terms {
		t := zhibu.Term{OrgID: b.org.ID, ElectedOn: ts.elected, Years: zhibu.TermYears(b.org.Kind)}
		for _, st := range ts.seats {
			id, err := b.id(st.name)
			if err != nil {
				return err
			}
			t.Seats = append(t.Seats, zhibu.Seat{PersonID: id, Position: st.position})
		}
		if _, err := svc.StartTerm(l.ctx, t); err != nil {
			return fmt.Errorf("term %s: %w", ts.elected, err)
		}
	}
	return nil
}

// leaders appoints each group's leaders in turn.
func (l *loader) leaders(b *built, groups []groupSpec) error {
	terms := l.svc.Terms
	for i, g := range groups {
		for _, ld := range g.leaders {
			id, err := b.id(ld.name)
			if err != nil {
				return err
			}
			if err := terms.SetGroupLeader(l.ctx, b.groups[i], id, ld.from); err != nil {
				return fmt.Errorf("%s leader %s: %w", g.name, ld.name, err)
			}
		}
	}
	return nil
}

// supervisions gives each committee member the officers of their units,
// other than the committee's own members.
func (l *loader) supervisions(b *built, spec branchSpec) error {
	committee := map[string]bool{}
	if n := len(spec.terms); n > 0 {
		for _, st := range spec.terms[n-1].seats {
			committee[st.name] = true
		}
	}
	for _, sv := range spec.supervisors {
		boss, err := b.id(sv.name)
		if err != nil {
			return err
		}
		for _, p := range b.people {
			if !p.Officer || committee[p.Name] || !slices.Contains(sv.units, p.Unit) {
				continue
			}
			if err := l.svc.Terms.Supervise(l.ctx, b.org.ID, boss, p.ID, spec.supervisedFrom); err != nil {
				return fmt.Errorf("%s supervises %s: %w", sv.name, p.Name, err)
			}
		}
	}
	return nil
}
