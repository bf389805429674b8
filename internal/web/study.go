package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// Theory study (理论学习, docs/study.md): a branch's (or group's) study of a
// year — the plans, the sessions with who attended and who wrote notes of
// them, each member's hours against what the rules ask, the summary — with
// the forms that record them and the register as xlsx; a person's own
// study with the form for their notes and self-study.

// Policies: the branch (a group leader: the group) records with
// study.write; a person's notes are their own.
var (
	writeStudy = access.On(zhibu.PermStudyWrite, access.PathOrg, "id")
	ownPerson  = access.Policy{Needs: []access.Need{{Perm: zhibu.PermOwn, On: access.PathPerson, Param: "id", Self: true}}}
)

// studyRoutes are the study routes of the route table.
func (s *server) studyRoutes() []route {
	return []route{
		{"GET /orgs/{id}/study", readOrg, s.studyShow},
		{"GET /orgs/{id}/study/register.xlsx", readOrg, s.studyRegisterXLSX},
		{"POST /orgs/{id}/study/plans", writeStudy, s.studyPlanSave},
		{"POST /orgs/{id}/study/sessions", writeStudy, s.studySessionAdd},
		{"POST /orgs/{id}/study/summary", writeStudy, s.studySummarySave},
		{"GET /people/{id}/study", readPerson, s.personStudy},
		{"POST /people/{id}/study/notes", ownPerson, s.studyNoteAdd},
	}
}

// yearParam is the year a page asks for (?year=), today's by default.
func (s *server) yearParam(r *http.Request) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return s.today().Year
}

// branchesPage lists the branches under a committee or general branch, for
// a page that is kept by branch.
type branchesPage struct {
	base
	Org      zhibu.Org
	What     string
	Suffix   string
	Branches []zhibu.Org
}

func (s *server) branchList(w http.ResponseWriter, r *http.Request, o zhibu.Org, what, suffix string) error {
	ctx := r.Context()
	bs, err := s.store.Orgs(ctx, store.OrgFilter{Under: o.ID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return err
	}
	d := &branchesPage{Org: o, What: what, Suffix: suffix, Branches: bs}
	d.Title = o.Name + " " + what
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: what}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "branches", d)
}

type sessionRow struct {
	zhibu.StudySession
	Names     string
	NoteNames string
}

type studyPage struct {
	base
	Reg      *service.StudyRegister
	Sessions []sessionRow
	Members  []zhibu.Person // for the session form
	Branch   bool
	CanWrite bool
	Years    []int
	Form     form
}

// studyShow is GET /orgs/{id}/study: the study of a branch or group in a
// year; a committee lists its branches.
func (s *server) studyShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if o.Kind != zhibu.KindBranch && o.Kind != zhibu.KindGroup {
		return s.branchList(w, r, o, "理论学习", "/study")
	}
	return s.studyRender(w, r, http.StatusOK, o, s.yearParam(r), form{"held_on": s.today().String(), "written_on": s.today().String()}, nil)
}

func (s *server) studyRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, year int, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	reg, err := s.svc.Study.Register(ctx, o.ID, year)
	if err != nil {
		return err
	}
	d := &studyPage{Reg: reg, Branch: o.Kind == zhibu.KindBranch, CanWrite: zhibu.ActorFrom(ctx).Can(zhibu.PermStudyWrite, o.Path), Form: f}
	d.Problems = ps
	for y := s.today().Year; y >= s.today().Year-4; y-- {
		d.Years = append(d.Years, y)
	}
	names := map[int64]string{}
	for _, m := range reg.Members {
		names[m.Person.ID] = m.Person.Name
		d.Members = append(d.Members, m.Person)
	}
	for _, x := range reg.Sessions {
		row := sessionRow{StudySession: x, Names: namesOf(x.Present, names), NoteNames: namesOf(reg.NotesBy[x.ID], names)}
		d.Sessions = append(d.Sessions, row)
	}
	if f["plan_title"] == "" {
		f["plan_title"] = strconv.Itoa(year) + "年党支部政治理论学习计划"
		f["plan_year"] = strconv.Itoa(year)
		for _, p := range reg.Plans {
			if p.Kind == zhibu.StudyPlanBranch {
				f["plan_title"], f["plan_items"], f["plan_issued_on"] = p.Title, zhibu.PlanItemsText(p.Items), p.IssuedOn.String()
			}
		}
	}
	if f["summary_text"] == "" && reg.Summary != nil {
		f["summary_text"], f["summary_on"] = reg.Summary.Text, reg.Summary.WrittenOn.String()
	}
	d.Title = o.Name + " " + strconv.Itoa(year) + "年理论学习"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "理论学习"}); err != nil {
		return err
	}
	return s.render(w, r, status, "study", d)
}

// namesOf joins the names of ids, in their order; someone not named (not
// on the list read) is left out.
func namesOf(ids []int64, names map[int64]string) string {
	var out []string
	for _, id := range ids {
		if n := names[id]; n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "、")
}

// studyPost reads a posted form of org {id} and runs do; on bad input the
// study page comes back with the problems (422).
func (s *server) studyPost(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, o zhibu.Org, f form, ps *zhibu.Problems) (string, int, error)) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	flash, year, err := do(r.Context(), o, f, &ps)
	if err == nil && len(ps) == 0 {
		return redirect(w, r, orgHref(o.ID)+"/study?year="+strconv.Itoa(year), flash)
	}
	if err != nil {
		if !invalid(err) {
			return err
		}
		ps = append(ps, problemsOf(err)...)
	}
	if year == 0 {
		year = s.today().Year
	}
	return s.studyRender(w, r, http.StatusUnprocessableEntity, o, year, f, ps)
}

// studyPlanSave is POST /orgs/{id}/study/plans: the year's plan (the
// superior's as received, or the branch's), one item a line.
func (s *server) studyPlanSave(w http.ResponseWriter, r *http.Request) error {
	return s.studyPost(w, r, func(ctx context.Context, o zhibu.Org, f form, ps *zhibu.Problems) (string, int, error) {
		year, err := strconv.Atoi(f["plan_year"])
		if err != nil {
			ps.Add("plan_year", "年度", "应为年份，如2026")
		}
		on := f.date("plan_issued_on", "印发日期", ps)
		items, err := zhibu.ParsePlanItems(f["plan_items"])
		if err := merge(ps, mapField(err, "items", "plan_items")); err != nil {
			return "", year, err
		}
		if len(*ps) > 0 {
			return "", year, nil
		}
		p := zhibu.StudyPlan{OrgID: o.ID, Year: year, Kind: zhibu.StudyPlanKind(f["plan_kind"]), Title: f["plan_title"], IssuedOn: on, Items: items}
		_, err = s.svc.Study.SavePlan(ctx, p)
		err = mapField(mapField(mapField(mapField(err, "items", "plan_items"), "title", "plan_title"), "issued_on", "plan_issued_on"), "year", "plan_year")
		return "已保存" + p.Kind.Label(), year, err
	})
}

// studySessionAdd is POST /orgs/{id}/study/sessions: a session with who
// was present and its hours.
func (s *server) studySessionAdd(w http.ResponseWriter, r *http.Request) error {
	return s.studyPost(w, r, func(ctx context.Context, o zhibu.Org, f form, ps *zhibu.Problems) (string, int, error) {
		on := f.date("held_on", "学习日期", ps)
		mins, ok := zhibu.ParseHours(f["hours"])
		if !ok {
			ps.Add("hours", "学时", "应为学时数，如2或1.5")
		}
		var present []int64
		for _, v := range r.PostForm["present"] {
			if id := formID(v); id != 0 {
				present = append(present, id)
			}
		}
		if len(*ps) > 0 {
			return "", on.Year, nil
		}
		x := zhibu.StudySession{OrgID: o.ID, HeldOn: on, Topic: f["topic"], Materials: f["materials"], Minutes: mins, Present: present}
		_, err := s.svc.Study.AddSession(ctx, x)
		return "已登记" + on.Chinese() + "的集中学习", on.Year, err
	})
}

// studySummarySave is POST /orgs/{id}/study/summary: the year's summary.
func (s *server) studySummarySave(w http.ResponseWriter, r *http.Request) error {
	return s.studyPost(w, r, func(ctx context.Context, o zhibu.Org, f form, ps *zhibu.Problems) (string, int, error) {
		year, err := strconv.Atoi(f["summary_year"])
		if err != nil {
			ps.Add("summary_year", "年度", "应为年份，如2026")
		}
		on := f.date("summary_on", "总结日期", ps)
		if len(*ps) > 0 {
			return "", year, nil
		}
		err = s.svc.Study.SaveSummary(ctx, zhibu.StudySummary{OrgID: o.ID, Year: year, WrittenOn: on, Text: f["summary_text"]})
		return "已保存" + strconv.Itoa(year) + "年度学习总结", year, mapField(mapField(err, "text", "summary_text"), "written_on", "summary_on")
	})
}

// studyRegisterXLSX is GET /orgs/{id}/study/register.xlsx: the study
// register of a year.
func (s *server) studyRegisterXLSX(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if o.Kind != zhibu.KindBranch && o.Kind != zhibu.KindGroup {
		// kept by branch: the page lists the branches to choose from
		http.Redirect(w, r, orgHref(o.ID)+"/study", http.StatusSeeOther)
		return nil
	}
	year := s.yearParam(r)
	reg, err := s.svc.Study.Register(r.Context(), o.ID, year)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reg.WriteXLSX(&buf); err != nil {
		return err
	}
	return download(w, o.Name+strconv.Itoa(year)+"年理论学习登记簿.xlsx", xlsxType, &buf)
}

// xlsxType is the media type of an xlsx file.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

type personStudyPage struct {
	base
	P     *service.PersonStudy
	Own   bool
	Years []int
	Form  form
	// Sessions are the sessions a note may be of.
	Sessions []option
}

// personStudy is GET /people/{id}/study: a person's study of a year.
func (s *server) personStudy(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	return s.personStudyRender(w, r, http.StatusOK, p, s.yearParam(r), form{"written_on": s.today().String()}, nil)
}

func (s *server) personStudyRender(w http.ResponseWriter, r *http.Request, status int, p zhibu.Person, year int, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	ps2, err := s.svc.Study.Person(ctx, p.ID, year)
	if err != nil {
		return err
	}
	d := &personStudyPage{P: ps2, Own: zhibu.ActorFrom(ctx).PersonID == p.ID, Form: f}
	d.Problems = ps
	for y := s.today().Year; y >= s.today().Year-4; y-- {
		d.Years = append(d.Years, y)
	}
	d.Sessions = []option{{Value: "", Label: "自学（填写学时）"}}
	for _, x := range ps2.Sessions {
		d.Sessions = append(d.Sessions, option{Value: strconv.FormatInt(x.ID, 10), Label: x.HeldOn.String() + " " + x.Topic})
	}
	d.Title = p.Name + " " + strconv.Itoa(year) + "年理论学习"
	d.Crumbs = []crumb{{Label: p.Name, Href: personHref(p.ID)}, {Label: "理论学习"}}
	return s.render(w, r, status, "study_person", d)
}

// studyNoteAdd is POST /people/{id}/study/notes: the person's own note of
// a session, or of self-study with its hours.
func (s *server) studyNoteAdd(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	on := f.date("written_on", "日期", &ps)
	n := zhibu.StudyNote{PersonID: p.ID, SessionID: formID(f["session_id"]), WrittenOn: on, Title: f["title"], Content: f["content"]}
	if n.SessionID == 0 {
		mins, ok := zhibu.ParseHours(f["hours"])
		if !ok {
			ps.Add("hours", "自学学时", "应为学时数，如2或1.5")
		}
		n.Minutes = mins
	}
	if len(ps) == 0 {
		_, err = s.svc.Study.AddNote(r.Context(), n)
		if err == nil {
			return redirect(w, r, personHref(p.ID)+"/study?year="+strconv.Itoa(on.Year), "已记录学习笔记")
		}
		if !invalid(err) {
			return err
		}
		ps = append(ps, problemsOf(err)...)
	}
	year := on.Year
	if year == 0 {
		year = s.today().Year
	}
	return s.personStudyRender(w, r, http.StatusUnprocessableEntity, p, year, f, ps)
}
