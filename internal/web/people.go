package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/store"
)

// person loads the person that the path's {id} names.
func (s *server) person(r *http.Request) (zhibu.Person, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return zhibu.Person{}, err
	}
	return s.store.Person(r.Context(), id)
}

// personForm is a person's fields as form values, named as the JSON of
// zhibu.Person so that problems map onto them.
func personForm(p zhibu.Person) form {
	f := form{
		"name": p.Name, "gender": string(p.Gender), "ethnicity": p.Ethnicity, "birth_date": p.BirthDate.String(),
		"id_number": p.IDNumber, "phone": p.Phone, "unit": p.Unit, "education": p.Education, "status": string(p.Status),
		"applied_on": p.AppliedOn.String(), "activist_on": p.ActivistOn.String(), "candidate_on": p.CandidateOn.String(),
		"admitted_on": p.AdmittedOn.String(), "confirmed_on": p.ConfirmedOn.String(),
		"org_id": strconv.FormatInt(p.OrgID, 10), "group_id": "",
	}
	if p.Officer {
		f["officer"] = "true"
	}
	if p.GroupID != 0 {
		f["group_id"] = strconv.FormatInt(p.GroupID, 10)
	}
	return f
}

// personFromForm reads a person from the form, adding a problem for each
// date that cannot be read. An ID number or phone left as the mask of old's
// (the person edited; zero for a new one) keeps old's. A birth date or
// gender left empty is taken from a well-formed ID number.
func personFromForm(f form, old zhibu.Person, ps *zhibu.Problems) zhibu.Person {
	p := zhibu.Person{
		Name:        f["name"],
		Gender:      zhibu.Gender(f["gender"]),
		Ethnicity:   f["ethnicity"],
		BirthDate:   f.date("birth_date", "出生日期", ps),
		IDNumber:    f["id_number"],
		Phone:       f["phone"],
		Unit:        f["unit"],
		Officer:     f["officer"] != "" && f["officer"] != "false",
		Education:   f["education"],
		Status:      zhibu.PartyStatus(f["status"]),
		AppliedOn:   f.date("applied_on", "入党申请日期", ps),
		ActivistOn:  f.date("activist_on", "确定积极分子日期", ps),
		CandidateOn: f.date("candidate_on", "确定发展对象日期", ps),
		AdmittedOn:  f.date("admitted_on", "入党日期", ps),
		ConfirmedOn: f.date("confirmed_on", "转正日期", ps),
		OrgID:       formID(f["org_id"]),
		GroupID:     formID(f["group_id"]),
	}
	p = store.KeepMasked(old, p)
	p.Normalize()
	if zhibu.IDNumberProblem(p.IDNumber) == "" {
		if b, err := zhibu.IDBirthDate(p.IDNumber); err == nil && f["birth_date"] == "" {
			p.BirthDate = b
			f["birth_date"] = b.String()
		}
		if f["gender"] == "" {
			p.Gender = zhibu.IDGender(p.IDNumber)
			f["gender"] = string(p.Gender)
		}
	}
	return p
}

// personFormPage is the data of person_form.html.
type personFormPage struct {
	base
	Person      zhibu.Person // the person edited; zero for a new one
	Masked      bool         // the form shows the ID number and phone masked
	Org         zhibu.Org
	Action      string
	Form        form
	Genders     []option
	Ethnicities []option
	Educations  []option
	Statuses    []option
	Groups      []option
	Units       []string
}

var (
	genderOptions    = []option{{"", "（请选择）"}, {string(zhibu.Male), "男"}, {string(zhibu.Female), "女"}}
	ethnicityOptions = func() []option {
		opts := []option{{Value: "", Label: "（请选择）"}}
		for _, e := range zhibu.Ethnicities {
			opts = append(opts, option{Value: e, Label: e})
		}
		return opts
	}()
	educationOptions = func() []option {
		opts := []option{{Value: "", Label: "（未填）"}}
		for _, e := range zhibu.Educations {
			opts = append(opts, option{Value: e, Label: e})
		}
		return opts
	}()
	statusOptions = func() []option {
		var opts []option
		for _, st := range zhibu.PartyStatuses {
			opts = append(opts, option{Value: string(st), Label: st.Label()})
		}
		return opts
	}()
)

// groupOptions are a branch's groups for a select, with "no group" first.
func groupOptions(groups []store.Group) []option {
	opts := []option{{Value: "", Label: "（不在党小组）"}}
	for _, g := range groups {
		opts = append(opts, option{Value: strconv.FormatInt(g.ID, 10), Label: g.Name})
	}
	return opts
}

func (s *server) personFormRender(w http.ResponseWriter, r *http.Request, status int, p zhibu.Person, o zhibu.Org, f form, ps zhibu.Problems) error {
	d := &personFormPage{Person: store.Masked(p), Org: o, Form: f, Genders: genderOptions, Ethnicities: ethnicityOptions,
		Educations: educationOptions, Statuses: statusOptions, Units: o.Units}
	d.Masked = p.ID != 0 && !zhibu.ActorFrom(r.Context()).Can(zhibu.PermSensitive, p.OrgPath)
	d.Problems = ps
	groups, err := s.store.Groups(r.Context(), o.ID)
	if err != nil {
		return err
	}
	d.Groups = groupOptions(groups)
	if p.ID == 0 {
		d.Title, d.Action = "新增人员", "/people"
		d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: "新增人员"})
	} else {
		d.Title, d.Action = "编辑人员："+p.Name, personHref(p.ID)
		d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: p.Name, Href: personHref(p.ID)}, crumb{Label: "编辑"})
	}
	if err != nil {
		return err
	}
	return s.render(w, r, status, "person_form", d)
}

type chooseBranchPage struct {
	base
	Branches []option
}

// personNew is GET /people/new?org=ID. Without an org it asks for the branch.
func (s *server) personNew(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("org") == "" {
		branches, err := s.branchOptions(r)
		if err != nil {
			return err
		}
		d := &chooseBranchPage{Branches: branches}
		d.Title = "新增人员"
		d.Crumbs = []crumb{{Label: "组织架构", Href: "/orgs"}, {Label: "新增人员"}}
		return s.render(w, r, http.StatusOK, "person_choose", d)
	}
	o, err := s.branchByID(r, formID(q.Get("org")))
	if err != nil {
		return err
	}
	f := form{"org_id": strconv.FormatInt(o.ID, 10), "officer": "true", "ethnicity": "汉族",
		"status": string(zhibu.Masses), "group_id": q.Get("group")}
	return s.personFormRender(w, r, http.StatusOK, zhibu.Person{}, o, f, nil)
}

// branchByID loads a branch; any other org, or none, is not found.
func (s *server) branchByID(r *http.Request, id int64) (zhibu.Org, error) {
	if id == 0 {
		return zhibu.Org{}, errPageNotFound
	}
	o, err := s.store.Org(r.Context(), id)
	if err == nil && o.Kind != zhibu.KindBranch {
		return zhibu.Org{}, zhibu.Errorf(zhibu.ErrNotFound, "该组织不是党支部")
	}
	return o, err
}

// branchOptions are the branches the actor may see, for a select.
func (s *server) branchOptions(r *http.Request) ([]option, error) {
	orgs, err := s.store.Orgs(r.Context(), store.OrgFilter{Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, o := range orgs {
		opts = append(opts, option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return opts, nil
}

// personCreate is POST /people.
func (s *server) personCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	o, err := s.branchByID(r, formID(f["org_id"]))
	if err != nil {
		return err
	}
	var ps zhibu.Problems
	p := personFromForm(f, zhibu.Person{}, &ps)
	if err := merge(&ps, p.Validate(s.today())); err != nil {
		return err
	}
	if len(ps) == 0 {
		created, err := s.store.CreatePerson(r.Context(), p)
		if err == nil {
			return redirect(w, r, personHref(created.ID), "已新增人员："+created.Name)
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.personFormRender(w, r, http.StatusUnprocessableEntity, zhibu.Person{}, o, f, ps)
}

// errNoPeopleWrite refuses an edit to an actor without
// zhibu.PermPeopleWrite on the person's org.
var errNoPeopleWrite = zhibu.Errorf(zhibu.ErrForbidden, "无权编辑该人员")

// personEdit is GET /people/{id}/edit, for actors who may edit the person.
// The form holds the full ID number and phone when the actor may see them
// (an audited view), and their masks otherwise: a mask sent back unchanged
// keeps the stored value.
func (s *server) personEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if !zhibu.ActorFrom(r.Context()).Can(zhibu.PermPeopleWrite, p.OrgPath) {
		return errNoPeopleWrite
	}
	o, err := s.store.Org(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	shown := store.Masked(p)
	if zhibu.ActorFrom(r.Context()).Can(zhibu.PermSensitive, p.OrgPath) {
		if err := s.reveal(r, p, "编辑时查看"+p.Name+"的完整身份证号和手机号"); err != nil {
			return err
		}
		shown = p
	}
	return s.personFormRender(w, r, http.StatusOK, p, o, personForm(shown), nil)
}

// reveal records that the actor is shown p's ID number and phone in full
// ("person.view_unmasked"), before the page that shows them is written. An
// actor without zhibu.PermSensitive on p's org is refused, and the refusal
// recorded; an unmasked view that cannot be recorded is an error.
func (s *server) reveal(r *http.Request, p zhibu.Person, detail string) error {
	ctx := r.Context()
	e := store.Event{Action: audit.PersonUnmasked, ObjectType: "person", ObjectID: strconv.FormatInt(p.ID, 10),
		OrgPath: p.OrgPath, Result: "ok", Detail: detail}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermSensitive, p.OrgPath) {
		e.Result = "refused"
		if err := s.store.Audit(ctx, e); err != nil {
			s.log.ErrorContext(ctx, "web: audit a refused unmasked view", slog.Any("err", err))
		}
		return zhibu.Errorf(zhibu.ErrForbidden, "无权查看完整的身份证号和手机号")
	}
	if err := s.store.Audit(ctx, e); err != nil {
		return fmt.Errorf("audit unmasked view: %w", err)
	}
	return nil
}

// personUpdate is POST /people/{id}. The org and group change only by a move.
func (s *server) personUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.person(r)
	if err != nil {
		return err
	}
	if !zhibu.ActorFrom(r.Context()).Can(zhibu.PermPeopleWrite, old.OrgPath) {
		return errNoPeopleWrite
	}
	o, err := s.store.Org(r.Context(), old.OrgID)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	p := personFromForm(f, old, &ps)
	p.ID, p.OrgID, p.GroupID = old.ID, old.OrgID, old.GroupID
	if err := merge(&ps, p.Validate(s.today())); err != nil {
		return err
	}
	if len(ps) == 0 {
		_, err := s.store.UpdatePerson(r.Context(), p)
		if err == nil {
			return redirect(w, r, personHref(p.ID), "已保存")
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.personFormRender(w, r, http.StatusUnprocessableEntity, old, o, f, ps)
}

// personPage is the data of person.html.
type personPage struct {
	base
	Person    zhibu.Person // with the ID number and phone masked unless Unmasked
	Unmasked  bool         // the page shows them in full (?unmask=1, audited)
	CanUnmask bool         // the actor may see them in full
	CanEdit   bool         // the actor may edit and move the person
	CanSeeOrg bool         // the actor may open the person's org
	InBranch  bool         // the person's org is a branch (which issues transfer letters)
	Age       int
	PartyAge  int
	Stages    []stageView
	Seats     []seatView
	Moves     []zhibu.Move
	Changes   []store.Change
	Transfers []transferRow // the person's transfer letters (transfers.go)
}

type stageView struct {
	Label   string
	Date    zhibu.Date
	Reached bool
}

type seatView struct {
	OrgName  string
	Position string
	StartOn  zhibu.Date
	EndOn    zhibu.Date
}

// personShow is GET /people/{id}: every field and the history, with the ID
// number and phone masked; ?unmask=1 shows them in full to an actor who
// may see them, and records that view before the page is written.
func (s *server) personShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.person(r)
	if err != nil {
		return err
	}
	today := s.today()
	actor := zhibu.ActorFrom(ctx)
	d := &personPage{Person: store.Masked(p), Age: p.BirthDate.YearsSince(today), PartyAge: p.PartyAge(today),
		Unmasked: r.URL.Query().Get("unmask") == "1", CanUnmask: actor.Can(zhibu.PermSensitive, p.OrgPath),
		CanEdit: actor.Can(zhibu.PermPeopleWrite, p.OrgPath)}
	d.Title = p.Name
	o, err := s.store.Org(ctx, p.OrgID)
	switch {
	case isNotFound(err):
		// A member reading their own record, whose branch they may not read.
		d.Crumbs = []crumb{{Label: p.OrgName}, {Label: p.Name}}
	case err != nil:
		return err
	default:
		d.CanSeeOrg, d.InBranch = true, o.Kind == zhibu.KindBranch
		if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: p.Name}); err != nil {
			return err
		}
	}
	for _, st := range []struct {
		label  string
		status zhibu.PartyStatus
		date   zhibu.Date
	}{
		{"递交入党申请书", zhibu.Applicant, p.AppliedOn},
		{"确定为入党积极分子", zhibu.Activist, p.ActivistOn},
		{"确定为发展对象", zhibu.Candidate, p.CandidateOn},
		{"接收为预备党员", zhibu.Probationary, p.AdmittedOn},
		{"转为正式党员", zhibu.FullMember, p.ConfirmedOn},
	} {
		d.Stages = append(d.Stages, stageView{Label: st.label, Date: st.date, Reached: p.Status.AtLeast(st.status)})
	}
	seats, err := s.store.PersonSeats(ctx, p.ID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, st := range seats {
		name, ok := names[st.OrgID]
		if !ok {
			so, err := s.store.Org(ctx, st.OrgID)
			switch {
			case isNotFound(err):
				name = "（无权查看的组织）"
			case err != nil:
				return err
			default:
				name = so.Name
			}
			names[st.OrgID] = name
		}
		pos := st.Position.Label()
		if st.Position != zhibu.GroupLeader {
			pos = "支部委员会 " + pos
		}
		d.Seats = append(d.Seats, seatView{OrgName: name, Position: pos, StartOn: st.StartOn, EndOn: st.EndOn})
	}
	if d.Moves, err = s.store.Moves(ctx, p.ID); err != nil {
		return err
	}
	if d.Changes, err = s.store.Changes(ctx, p.ID); err != nil {
		return err
	}
	if d.Transfers, err = s.personTransfers(ctx, p); err != nil {
		return err
	}
	if d.Unmasked {
		if err := s.reveal(r, p, "查看"+p.Name+"的完整身份证号和手机号"); err != nil {
			return err
		}
		d.Person = p
	}
	return s.render(w, r, http.StatusOK, "person", d)
}

// personMovePage is the data of person_move.html: a GET form to choose the
// target branch, then the move itself for that branch's groups.
type personMovePage struct {
	base
	Person   zhibu.Person
	Target   zhibu.Org
	Form     form
	Branches []option
	Groups   []option
}

// personMoveForm is GET /people/{id}/move?org=ID.
func (s *server) personMoveForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	target := p.OrgID
	if v := r.URL.Query().Get("org"); v != "" {
		target = formID(v)
	} else if _, err := s.branchByID(r, target); isNotFound(err) {
		// Someone placed in a committee, not a branch: offer the first
		// branch.
		branches, err := s.branchOptions(r)
		if err != nil {
			return err
		}
		if len(branches) > 0 {
			target = formID(branches[0].Value)
		}
	}
	f := form{"org_id": strconv.FormatInt(target, 10), "on": s.today().String()}
	if target == p.OrgID && p.GroupID != 0 {
		f["group_id"] = strconv.FormatInt(p.GroupID, 10)
	}
	return s.personMoveRender(w, r, http.StatusOK, p, f, nil)
}

func (s *server) personMoveRender(w http.ResponseWriter, r *http.Request, status int, p zhibu.Person, f form, ps zhibu.Problems) error {
	target, err := s.branchByID(r, formID(f["org_id"]))
	if err != nil {
		return err
	}
	d := &personMovePage{Person: p, Target: target, Form: f}
	d.Problems = ps
	d.Title = "调动：" + p.Name
	o, err := s.store.Org(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	if d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: p.Name, Href: personHref(p.ID)}, crumb{Label: "调动"}); err != nil {
		return err
	}
	if d.Branches, err = s.branchOptions(r); err != nil {
		return err
	}
	groups, err := s.store.Groups(r.Context(), target.ID)
	if err != nil {
		return err
	}
	d.Groups = groupOptions(groups)
	return s.render(w, r, status, "person_move", d)
}

// personMove is POST /people/{id}/move.
func (s *server) personMove(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	on := f.date("on", "调动日期", &ps)
	if f["on"] == "" {
		ps.Add("on", "调动日期", "不能为空")
	}
	if len(ps) == 0 {
		moved, err := s.store.MovePerson(r.Context(), p.ID, formID(f["org_id"]), formID(f["group_id"]), on, f["reason"])
		if err == nil {
			return redirect(w, r, personHref(p.ID), "已调动至"+moved.OrgName+groupSuffix(moved.GroupName))
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.personMoveRender(w, r, http.StatusUnprocessableEntity, p, f, ps)
}

func groupSuffix(g string) string {
	if g == "" {
		return ""
	}
	return " " + g
}
