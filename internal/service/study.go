package service

import (
	"context"
	"io"
	"slices"
	"sort"
	"strings"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
	"zhibu/internal/studyexport"
)

// Study is the service of theory study (理论学习, docs/study.md): the
// year's plans, the sessions of a branch and its groups, the members' own
// notes and the year's summary; and the register of a branch's year, with
// each member's hours counted as member.study.hours counts them.
type Study struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newStudy(st *store.Store, opt Options, c *Compliance) *Study {
	return &Study{store: st, opt: opt, compliance: c}
}

// branchOf is the branch an org is or belongs to (a group's parent), read
// as the system once the actor has read the org.
func (x *Study) branchOf(ctx context.Context, orgID int64) (zhibu.Org, zhibu.Org, error) {
	org, err := x.store.Org(ctx, orgID)
	if err != nil {
		return org, org, err
	}
	switch org.Kind {
	case zhibu.KindBranch:
		return org, org, nil
	case zhibu.KindGroup:
		b, err := x.store.Org(asSystem(ctx), org.ParentID)
		return org, b, err
	}
	return org, org, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：理论学习由党支部或党小组登记"}}
}

// SavePlan records a branch's plan of a year (the superior's as received,
// or its own), replacing the one of the same kind. Errors: zhibu.Problems,
// zhibu.ErrNotFound, zhibu.ErrForbidden (no study.write).
func (x *Study) SavePlan(ctx context.Context, p zhibu.StudyPlan) (zhibu.StudyPlan, error) {
	if err := p.Validate(); err != nil {
		return p, err
	}
	org, _, err := x.branchOf(ctx, p.OrgID)
	if err != nil {
		return p, err
	}
	if org.Kind != zhibu.KindBranch {
		return p, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：学习计划由党支部制定"}}
	}
	return x.store.SaveStudyPlan(ctx, p)
}

// AddSession records a session of a branch or group with who was present:
// each must be on the roster of the branch (and, for a group's session,
// of any of its groups: members join other groups' study). Errors:
// zhibu.Problems, zhibu.ErrNotFound, zhibu.ErrForbidden.
func (x *Study) AddSession(ctx context.Context, s zhibu.StudySession) (zhibu.StudySession, error) {
	if err := s.Validate(x.opt.today()); err != nil {
		return s, err
	}
	_, branch, err := x.branchOf(ctx, s.OrgID)
	if err != nil {
		return s, err
	}
	roster, err := x.store.People(asSystem(ctx), branch.ID, zhibu.PersonFilter{})
	if err != nil {
		return s, err
	}
	on := map[int64]bool{}
	for _, p := range roster {
		on[p.ID] = true
	}
	for _, id := range s.Present {
		if !on[id] {
			return s, zhibu.Problems{{Field: "present", Label: "参加人员", Message: "参加人员：有人不是本支部的人员"}}
		}
	}
	return x.store.AddStudySession(ctx, s)
}

// AddNote records a member's own note: of a session they attended, or of
// self-study with its hours. Errors: zhibu.Problems, zhibu.ErrNotFound,
// zhibu.ErrForbidden (not the member themself).
func (x *Study) AddNote(ctx context.Context, n zhibu.StudyNote) (zhibu.StudyNote, error) {
	if err := n.Validate(x.opt.today()); err != nil {
		return n, err
	}
	if n.SessionID != 0 {
		ss, err := x.store.PersonStudySessions(ctx, n.PersonID, n.WrittenOn.Year)
		if err != nil {
			return n, err
		}
		prev, _ := x.store.PersonStudySessions(ctx, n.PersonID, n.WrittenOn.Year-1)
		ok := false
		for _, s := range append(ss, prev...) {
			ok = ok || (s.ID == n.SessionID && !s.HeldOn.After(n.WrittenOn))
		}
		if !ok {
			return n, zhibu.Problems{{Field: "session_id", Label: "集中学习", Message: "集中学习：只能为本人参加过的集中学习记笔记，且笔记日期不早于学习日期"}}
		}
	}
	return x.store.AddStudyNote(ctx, n)
}

// SaveSummary records the branch's summary of a year.
func (x *Study) SaveSummary(ctx context.Context, s zhibu.StudySummary) error {
	if err := s.Validate(x.opt.today()); err != nil {
		return err
	}
	org, _, err := x.branchOf(ctx, s.OrgID)
	if err != nil {
		return err
	}
	if org.Kind != zhibu.KindBranch {
		return zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：学习总结由党支部撰写"}}
	}
	return x.store.SaveStudySummary(ctx, s)
}

// MemberHours is one member's study in a year.
type MemberHours struct {
	Person   zhibu.Person
	Minutes  int // sessions attended and self-study, up to the day counted
	Sessions int // sessions attended
	Self     int // minutes of self-study
	Notes    int
	Required int  // hours asked of them (member.study.hours or .leaders)
	Leader   bool // on the committee: the leaders' rule
	Finding  *zhibu.Finding
}

// Hours shows the minutes as hours.
func (m MemberHours) Hours() string { return zhibu.Hours(m.Minutes) }

// Short reports whether the member is below the hours asked.
func (m MemberHours) Short() bool { return m.Minutes < m.Required*60 }

// StudyRegister is a branch's (or group's) study of a year: what the
// study page and the register export show.
type StudyRegister struct {
	Org      zhibu.Org
	Branch   zhibu.Org
	Year     int
	AsOf     zhibu.Date
	Plans    []zhibu.StudyPlan
	Sessions []zhibu.StudySession
	Members  []MemberHours
	// NotesBy is, by session id, who wrote a note of it.
	NotesBy  map[int64][]int64
	Summary  *zhibu.StudySummary
	Findings []zhibu.Finding // the study rules' findings that are not ok
}

// WriteXLSX writes the register as the study register's xlsx
// (studyexport): the sessions with who attended and who wrote notes, and
// each member's hours. The web page, the year-end package and the CLI
// all download this one file.
func (r *StudyRegister) WriteXLSX(w io.Writer) error {
	names := map[int64]string{}
	for _, m := range r.Members {
		names[m.Person.ID] = m.Person.Name
	}
	join := func(ids []int64) string {
		var out []string
		for _, id := range ids {
			if n := names[id]; n != "" {
				out = append(out, n)
			}
		}
		return strings.Join(out, "、")
	}
	var sessions []studyexport.Session
	for _, x := range r.Sessions {
		sessions = append(sessions, studyexport.Session{HeldOn: x.HeldOn, Org: x.OrgName, Topic: x.Topic, Materials: x.Materials, Minutes: x.Minutes,
			Present: join(x.Present), Notes: join(r.NotesBy[x.ID])})
	}
	var members []studyexport.Member
	for _, m := range r.Members {
		members = append(members, studyexport.Member{Name: m.Person.Name, Group: m.Person.GroupName, Leader: m.Leader, Sessions: m.Sessions,
			Self: m.Self, Minutes: m.Minutes, Required: m.Required, Notes: m.Notes})
	}
	return studyexport.WriteStudy(w, r.Org.Name, r.Year, r.AsOf, sessions, members)
}

// Register is the study of org (a branch, or a group: its sessions and
// members only) in a year, counted as of today (a past year whole).
func (x *Study) Register(ctx context.Context, orgID int64, year int) (*StudyRegister, error) {
	org, branch, err := x.branchOf(ctx, orgID)
	if err != nil {
		return nil, err
	}
	asOf := CheckDay(year, x.opt.today())
	r := &StudyRegister{Org: org, Branch: branch, Year: year, AsOf: asOf, NotesBy: map[int64][]int64{}}
	if org.Kind == zhibu.KindBranch {
		if r.Plans, err = x.store.StudyPlans(ctx, org.ID, year); err != nil {
			return nil, err
		}
		if sum, err := x.store.StudySummary(ctx, org.ID, year); err == nil {
			r.Summary = &sum
		}
	}
	if r.Sessions, err = x.store.StudySessions(ctx, org.ID, year); err != nil {
		return nil, err
	}
	people, err := x.store.People(ctx, org.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return nil, err
	}
	notes, err := x.store.StudyNotes(ctx, org.ID, year)
	if err != nil {
		return nil, err
	}
	// Hours count the sessions of the whole branch (a member of a group
	// may join the branch's sessions): read them as the system once the
	// actor has read the org.
	all := r.Sessions
	if org.ID != branch.ID {
		if all, err = x.store.StudySessions(asSystem(ctx), branch.ID, year); err != nil {
			return nil, err
		}
	}
	mins := rules.StudyMinutes(all, notes, asOf)
	findings, cat, err := x.compliance.Check(asSystem(ctx), branch, year, asOf)
	if err != nil {
		return nil, err
	}
	byPerson := map[int64]*zhibu.Finding{}
	for i := range findings {
		f := &findings[i]
		if f.RuleID == "member.study.hours" || f.RuleID == "member.study.hours.leaders" {
			byPerson[f.SubjectID] = f
		}
		if isStudyRule(f.RuleID) && f.Status != zhibu.StatusOK && (org.ID == branch.ID || f.SubjectKind == zhibu.SubjectPerson && slices.ContainsFunc(people, func(p zhibu.Person) bool { return p.ID == f.SubjectID })) {
			r.Findings = append(r.Findings, *f)
		}
	}
	required := func(id string) int {
		if res, ok := cat.Resolve(id, branch.PathIDs(), zhibu.MakeDate(year, 12, 31)); ok {
			return res.Params.Get("min_hours")
		}
		return 0
	}
	memberReq, leaderReq := required("member.study.hours"), required("member.study.hours.leaders")
	term, _ := x.store.CurrentTerm(asSystem(ctx), branch.ID)
	for _, p := range people {
		m := MemberHours{Person: p, Minutes: mins[p.ID], Required: memberReq, Finding: byPerson[p.ID]}
		for _, st := range term.Seats {
			if st.PersonID == p.ID {
				m.Leader, m.Required = true, leaderReq
			}
		}
		for _, s := range all {
			if slices.Contains(s.Present, p.ID) && !s.HeldOn.After(asOf) {
				m.Sessions++
			}
		}
		for _, n := range notes {
			if n.PersonID == p.ID {
				m.Notes++
				if n.SessionID == 0 {
					m.Self += n.Minutes
				}
			}
		}
		r.Members = append(r.Members, m)
	}
	for _, n := range notes {
		if n.SessionID != 0 && !slices.Contains(r.NotesBy[n.SessionID], n.PersonID) {
			r.NotesBy[n.SessionID] = append(r.NotesBy[n.SessionID], n.PersonID)
		}
	}
	sort.SliceStable(r.Members, func(i, j int) bool { return r.Members[i].Leader && !r.Members[j].Leader })
	return r, nil
}

// isStudyRule reports whether id is one of the study rules.
func isStudyRule(id string) bool {
	return id == "member.study.hours" || id == "member.study.hours.leaders" || id == "study.records"
}

// PersonStudy is a member's own study of a year: the sessions they
// attended, their notes and their hours.
type PersonStudy struct {
	Person   zhibu.Person
	Year     int
	Sessions []zhibu.StudySession
	Notes    []zhibu.StudyNote
	Hours    MemberHours
}

// Person is person's study of a year, as of today.
func (x *Study) Person(ctx context.Context, personID int64, year int) (*PersonStudy, error) {
	p, err := x.store.Person(ctx, personID)
	if err != nil {
		return nil, err
	}
	out := &PersonStudy{Person: p, Year: year}
	if out.Sessions, err = x.store.PersonStudySessions(ctx, personID, year); err != nil {
		return nil, err
	}
	if out.Notes, err = x.store.PersonStudyNotes(ctx, personID, year); err != nil {
		return nil, err
	}
	asOf := CheckDay(year, x.opt.today())
	mins := rules.StudyMinutes(out.Sessions, out.Notes, asOf)
	out.Hours = MemberHours{Person: p, Minutes: mins[p.ID], Sessions: len(out.Sessions), Notes: len(out.Notes)}
	for _, n := range out.Notes {
		if n.SessionID == 0 {
			out.Hours.Self += n.Minutes
		}
	}
	branch, err := x.store.Org(asSystem(ctx), p.OrgID)
	if err != nil {
		return nil, err
	}
	fs, cat, err := x.compliance.Check(asSystem(ctx), branch, year, asOf)
	if err != nil {
		return nil, err
	}
	id := "member.study.hours"
	for i := range fs {
		if fs[i].SubjectKind == zhibu.SubjectPerson && fs[i].SubjectID == p.ID && (fs[i].RuleID == "member.study.hours" || fs[i].RuleID == "member.study.hours.leaders") {
			out.Hours.Finding = &fs[i]
			id = fs[i].RuleID
		}
	}
	out.Hours.Leader = id == "member.study.hours.leaders"
	if res, ok := cat.Resolve(id, branch.PathIDs(), zhibu.MakeDate(year, 12, 31)); ok {
		out.Hours.Required = res.Params.Get("min_hours")
	}
	return out, nil
}

func init() {
	// The seed's branch-layer study and talk rules have no national
	// version: the parameters a branch sets for them.
	extraParams["study.records"] = []string{"per_quarter"}
	extraParams["talk.seed"] = []string{"per_half"}
}
