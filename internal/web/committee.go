package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/store"
)

// termView is a committee term as the branch page shows it: one line per
// person, with every position they hold (纪检委员、宣传委员).
type termView struct {
	zhibu.Term
	EndsOn  zhibu.Date
	Due     bool // the term ran out and no new one was elected
	Holders []holder
}

type holder struct {
	PersonID  int64
	Name      string
	Positions string
}

func newTermView(t zhibu.Term, today zhibu.Date) termView {
	v := termView{Term: t, EndsOn: t.EndsOn()}
	v.Due = t.Current() && !today.Before(v.EndsOn)
	var order []int64
	positions := map[int64][]string{}
	names := map[int64]string{}
	for _, pos := range zhibu.CommitteePositions {
		for _, st := range t.Seats {
			// The current term lists who holds a seat now; a past one lists all.
			if st.Position != pos || (t.Current() && !st.EndOn.IsZero()) {
				continue
			}
			if _, ok := positions[st.PersonID]; !ok {
				order = append(order, st.PersonID)
			}
			positions[st.PersonID] = append(positions[st.PersonID], pos.Label())
			names[st.PersonID] = st.PersonName
		}
	}
	for _, id := range order {
		v.Holders = append(v.Holders, holder{PersonID: id, Name: names[id], Positions: strings.Join(positions[id], "、")})
	}
	return v
}

// supervisorRow is one committee member with the officers they supervise.
type supervisorRow struct {
	SupervisorID   int64
	SupervisorName string
	Officers       []zhibu.Supervision
}

func supervisorRows(sv []zhibu.Supervision) []supervisorRow {
	var rows []supervisorRow
	at := map[int64]int{}
	for _, v := range sv {
		i, ok := at[v.SupervisorID]
		if !ok {
			i = len(rows)
			at[v.SupervisorID] = i
			rows = append(rows, supervisorRow{SupervisorID: v.SupervisorID, SupervisorName: v.SupervisorName})
		}
		rows[i].Officers = append(rows[i].Officers, v)
	}
	return rows
}

// electedPositions are the positions the election form offers.
var electedPositions = []zhibu.Position{zhibu.Secretary, zhibu.DeputySecretary, zhibu.OrgOfficer,
	zhibu.PropagandaOfficer, zhibu.DisciplineOfficer, zhibu.SecrecyOfficer, zhibu.YouthOfficer}

type termFormPage struct {
	base
	Org        zhibu.Org
	Form       form
	Positions  []field
	Current    *termView
	Assemblies []option // the org's held general assemblies: the one that held the election
}

// memberOptions are the branch's party members, for a select.
func (s *server) memberOptions(r *http.Request, orgID int64, f zhibu.PersonFilter) ([]option, error) {
	people, err := s.store.People(r.Context(), orgID, f)
	if err != nil {
		return nil, err
	}
	opts := []option{{Value: "", Label: "（请选择）"}}
	for _, p := range people {
		label := p.Name
		if p.GroupName != "" {
			label += "（" + p.GroupName + "）"
		}
		opts = append(opts, option{Value: strconv.FormatInt(p.ID, 10), Label: label})
	}
	return opts, nil
}

// termNew is GET /orgs/{id}/terms/new: the form for electing a new
// committee, filled with the current holders.
func (s *server) termNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	f := form{"elected_on": s.today().String(), "years": strconv.Itoa(zhibu.TermYears(o.Kind))}
	cur, err := s.store.CurrentTerm(r.Context(), o.ID)
	if err != nil && !isNotFound(err) {
		return err
	}
	for _, st := range cur.Seats {
		if st.EndOn.IsZero() {
			f["seat_"+string(st.Position)] = strconv.FormatInt(st.PersonID, 10)
		}
	}
	return s.termForm(w, r, http.StatusOK, o, f, nil)
}

func (s *server) termForm(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	members, err := s.memberOptions(r, o.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return err
	}
	members[0].Label = "（空缺）"
	d := &termFormPage{Org: o, Form: f}
	d.Problems = ps
	d.Title = "换届（新一届委员会）"
	if d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: "换届"}); err != nil {
		return err
	}
	for _, pos := range electedPositions {
		name := "seat_" + string(pos)
		d.Positions = append(d.Positions, field{ID: "f-" + name, Name: name, Label: pos.Label(), Value: f[name], Err: ps.For(name),
			Options: members, Required: pos == zhibu.Secretary})
	}
	if cur, err := s.store.CurrentTerm(r.Context(), o.ID); err == nil {
		v := newTermView(cur, s.today())
		d.Current = &v
	}
	assemblies, err := s.store.Assemblies(r.Context(), o.ID)
	if err != nil {
		return err
	}
	d.Assemblies = []option{{Value: "", Label: "（未登记）"}}
	for _, m := range assemblies {
		d.Assemblies = append(d.Assemblies, option{Value: strconv.FormatInt(m.ID, 10),
			Label: m.DateIn(zhibu.DefaultZone).Chinese() + " 支部党员大会" + placeSuffix(m.Place)})
	}
	return s.render(w, r, status, "term_form", d)
}

// termCreate is POST /orgs/{id}/terms: record an election.
func (s *server) termCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	t := zhibu.Term{OrgID: o.ID, ElectedOn: f.date("elected_on", "选举日期", &ps), Note: f["note"]}
	if v := f["assembly_id"]; v != "" {
		if t.AssemblyID = formID(v); t.AssemblyID == 0 {
			ps.Add("assembly_id", "选举大会", "所选会议不存在")
		}
	}
	if t.Years, err = strconv.Atoi(f["years"]); err != nil {
		ps.Add("years", "任期年限", "应为1至5的整数")
	}
	for _, pos := range electedPositions {
		v := f["seat_"+string(pos)]
		switch {
		case v == "" && pos == zhibu.Secretary:
			ps.Add("seat_secretary", "书记", "请选择书记")
		case v == "":
		case formID(v) == 0:
			ps.Add("seat_"+string(pos), pos.Label(), "所选人员不存在")
		default:
			t.Seats = append(t.Seats, zhibu.Seat{PersonID: formID(v), Position: pos})
		}
	}
	if err := merge(&ps, t.Validate(s.today())); err != nil {
		return err
	}
	if len(ps) == 0 {
		_, err := s.svc.Terms.StartTerm(r.Context(), t)
		if err == nil {
			return redirect(w, r, orgHref(o.ID)+"#committee", "已录入新一届支部委员会")
		}
		if !invalid(err) {
			return err
		}
		ps = seatProblems(problemsOf(err), t.Seats)
	}
	return s.termForm(w, r, http.StatusUnprocessableEntity, o, f, ps)
}

func placeSuffix(place string) string {
	if place == "" {
		return ""
	}
	return "（" + place + "）"
}

// seatProblems puts the store's problems with "第N个职务" beside the select
// of that position.
func seatProblems(ps zhibu.Problems, seats []zhibu.Seat) zhibu.Problems {
	for i, p := range ps {
		var n int
		if p.Field != "seats" {
			continue
		}
		if _, err := fmt.Sscanf(p.Label, "第%d个职务", &n); err != nil || n < 1 || n > len(seats) {
			continue
		}
		pos := seats[n-1].Position
		ps[i] = zhibu.Problem{Field: "seat_" + string(pos), Label: pos.Label(),
			Message: pos.Label() + "：" + strings.TrimPrefix(p.Message, p.Label+"：")}
	}
	return ps
}

type leaderPage struct {
	base
	Org     zhibu.Org
	Group   store.Group
	Form    form
	Members []option
}

// group loads the branch and the group the path names.
func (s *server) group(r *http.Request) (zhibu.Org, store.Group, error) {
	o, err := s.branch(r)
	if err != nil {
		return o, store.Group{}, err
	}
	gid, err := pathID(r, "gid")
	if err != nil {
		return o, store.Group{}, err
	}
	groups, err := s.store.Groups(r.Context(), o.ID)
	if err != nil {
		return o, store.Group{}, err
	}
	for _, g := range groups {
		if g.ID == gid {
			return o, g, nil
		}
	}
	return o, store.Group{}, zhibu.Errorf(zhibu.ErrNotFound, "未找到该党小组")
}

// leaderForm is GET /orgs/{id}/groups/{gid}/leader.
func (s *server) leaderForm(w http.ResponseWriter, r *http.Request) error {
	o, g, err := s.group(r)
	if err != nil {
		return err
	}
	f := form{"start_on": s.today().String()}
	if g.LeaderID != 0 {
		f["person_id"] = strconv.FormatInt(g.LeaderID, 10)
	}
	return s.leaderRender(w, r, http.StatusOK, o, g, f, nil)
}

func (s *server) leaderRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, g store.Group, f form, ps zhibu.Problems) error {
	members, err := s.memberOptions(r, o.ID, zhibu.PersonFilter{Members: true, GroupID: g.ID})
	if err != nil {
		return err
	}
	d := &leaderPage{Org: o, Group: g, Form: f, Members: members}
	d.Problems = ps
	d.Title = "设置组长：" + g.Name
	if d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: g.Name + "组长"}); err != nil {
		return err
	}
	return s.render(w, r, status, "leader_form", d)
}

// leaderSet is POST /orgs/{id}/groups/{gid}/leader.
func (s *server) leaderSet(w http.ResponseWriter, r *http.Request) error {
	o, g, err := s.group(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	on := f.date("start_on", "任职日期", &ps)
	if f["person_id"] == "" {
		ps.Add("person_id", "组长", "请选择组长")
	}
	if len(ps) == 0 {
		err := s.svc.Terms.SetGroupLeader(r.Context(), g.ID, formID(f["person_id"]), on)
		if err == nil {
			return redirect(w, r, orgHref(o.ID)+"#groups", "已设置"+g.Name+"组长")
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.leaderRender(w, r, http.StatusUnprocessableEntity, o, g, f, ps)
}

type supervisionPage struct {
	base
	Org         zhibu.Org
	Form        form
	Supervisors []option
	Officers    []option
}

// supervisionNew is GET /orgs/{id}/supervisions/new.
func (s *server) supervisionNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	return s.supervisionRender(w, r, http.StatusOK, o, form{"start_on": s.today().String()}, nil)
}

func (s *server) supervisionRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	officer := true
	officers, err := s.memberOptions(r, o.ID, zhibu.PersonFilter{Officer: &officer})
	if err != nil {
		return err
	}
	d := &supervisionPage{Org: o, Form: f, Officers: officers}
	d.Problems = ps
	d.Title = "新增分管民警"
	if d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: "分管民警"}); err != nil {
		return err
	}
	cur, err := s.store.CurrentTerm(r.Context(), o.ID)
	switch {
	case isNotFound(err):
		d.Notice = "本支部还没有录入现任支部委员会，请先换届。"
	case err != nil:
		return err
	default:
		d.Supervisors = []option{{Value: "", Label: "（请选择）"}}
		for _, h := range newTermView(cur, s.today()).Holders {
			d.Supervisors = append(d.Supervisors, option{Value: strconv.FormatInt(h.PersonID, 10), Label: h.Name + "（" + h.Positions + "）"})
		}
	}
	return s.render(w, r, status, "supervision_form", d)
}

// supervisionCreate is POST /orgs/{id}/supervisions.
func (s *server) supervisionCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	on := f.date("start_on", "起始日期", &ps)
	if f["supervisor_id"] == "" {
		ps.Add("supervisor_id", "分管委员", "请选择分管的支部委员")
	}
	if f["officer_id"] == "" {
		ps.Add("officer_id", "分管民警", "请选择民警")
	}
	if len(ps) == 0 {
		err := s.svc.Terms.Supervise(r.Context(), o.ID, formID(f["supervisor_id"]), formID(f["officer_id"]), on)
		if err == nil {
			return redirect(w, r, orgHref(o.ID)+"#supervisions", "已记录分管民警")
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.supervisionRender(w, r, http.StatusUnprocessableEntity, o, f, ps)
}
