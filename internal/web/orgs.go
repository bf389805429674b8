package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// orgCrumbs is the breadcrumb of an org page: the tree, the org's
// ancestors the actor may see, and the org itself (a link when more
// follows).
func (s *server) orgCrumbs(ctx context.Context, o zhibu.Org, more ...crumb) ([]crumb, error) {
	cs := []crumb{{Label: "组织架构", Href: "/orgs"}}
	for _, part := range strings.Split(strings.Trim(o.Path, "/"), "/") {
		id, _ := strconv.ParseInt(part, 10, 64)
		if id == 0 || id == o.ID {
			continue
		}
		a, err := s.store.Org(ctx, id)
		if errors.Is(err, zhibu.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		cs = append(cs, crumb{Label: a.Name, Href: orgHref(a.ID)})
	}
	cs = append(cs, crumb{Label: o.Name, Href: orgHref(o.ID)})
	cs = append(cs, more...)
	cs[len(cs)-1].Href = ""
	return cs, nil
}

// org loads the org that the path's {id} names.
func (s *server) org(r *http.Request) (zhibu.Org, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return zhibu.Org{}, err
	}
	return s.store.Org(r.Context(), id)
}

// branch loads the org that the path's {id} names, which must be a branch.
func (s *server) branch(r *http.Request) (zhibu.Org, error) {
	o, err := s.org(r)
	if err == nil && o.Kind != zhibu.KindBranch {
		return zhibu.Org{}, zhibu.Errorf(zhibu.ErrNotFound, "该组织不是党支部")
	}
	return o, err
}

type orgTreePage struct {
	base
	Orgs []zhibu.Org
}

// orgTree is GET /orgs: the whole tree the actor may see.
func (s *server) orgTree(w http.ResponseWriter, r *http.Request) error {
	orgs, err := s.store.Orgs(r.Context(), store.OrgFilter{})
	if err != nil {
		return err
	}
	d := &orgTreePage{Orgs: orgs}
	d.Title = "组织架构"
	return s.render(w, r, http.StatusOK, "orgs", d)
}

// orgFormPage is the data of org_form.html, for a new org and for an edit.
type orgFormPage struct {
	Back string // where 取消 leads for a new org
	base
	Org     zhibu.Org // the org edited; zero for a new one
	Action  string
	Form    form
	Parents []option
	Kinds   []option
}

// orgNew is GET /orgs/new?parent=ID.
func (s *server) orgNew(w http.ResponseWriter, r *http.Request) error {
	f := form{"kind": string(zhibu.KindCommittee)}
	var parent zhibu.Org
	if v := r.URL.Query().Get("parent"); v != "" {
		var err error
		if parent, err = s.store.Org(r.Context(), formID(v)); err != nil {
			return err
		}
		f["parent_id"] = strconv.FormatInt(parent.ID, 10)
		for _, k := range []zhibu.OrgKind{zhibu.KindBranch, zhibu.KindGroup} {
			if parent.Kind.CanHold(k) {
				f["kind"] = string(k)
				break
			}
		}
	}
	return s.orgForm(w, r, http.StatusOK, zhibu.Org{}, f, nil)
}

func (s *server) orgForm(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	d := &orgFormPage{Org: o, Form: f}
	d.Problems = ps
	if o.ID == 0 {
		d.Title, d.Action = "新建组织", "/orgs"
		d.Back = "/orgs"
		if !s.links(r).ok("/orgs") { // the system administrator founding the top committee reads no tree
			d.Back = "/admin/accounts"
		}
		d.Crumbs = []crumb{{Label: "组织架构", Href: d.Back}, {Label: "新建组织"}}
		if d.Back != "/orgs" {
			d.Crumbs = []crumb{{Label: "账号管理", Href: d.Back}, {Label: "新建组织"}}
		}
		orgs, err := s.store.Orgs(r.Context(), store.OrgFilter{})
		if err != nil {
			return err
		}
		d.Parents = []option{{Value: "", Label: "（无，作为顶级党委）"}}
		for _, p := range orgs {
			if p.Kind != zhibu.KindGroup {
				d.Parents = append(d.Parents, orgOption(p))
			}
		}
		for _, k := range zhibu.OrgKinds {
			d.Kinds = append(d.Kinds, option{Value: string(k), Label: k.Label()})
		}
	} else {
		d.Title, d.Action = "编辑组织："+o.Name, orgHref(o.ID)
		var err error
		if d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: "编辑"}); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "org_form", d)
}

// orgOption is an org in a select, indented by its depth.
func orgOption(o zhibu.Org) option {
	return option{Value: strconv.FormatInt(o.ID, 10), Label: strings.Repeat("　", o.Depth) + o.Name + "（" + o.Kind.Label() + "）"}
}

// orgFromForm reads the fields a user may set on an org.
func orgFromForm(f form, ps *zhibu.Problems) zhibu.Org {
	o := zhibu.Org{
		Code:      f["code"],
		Name:      f["name"],
		Kind:      zhibu.OrgKind(f["kind"]),
		ParentID:  formID(f["parent_id"]),
		FoundedOn: f.date("founded_on", "成立日期", ps),
		Units:     splitUnits(f["units"]),
	}
	return o
}

// splitUnits reads the units typed one a line (or separated by commas).
func splitUnits(s string) []string {
	var out []string
	for _, u := range strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == ',' || r == '，' || r == '、' || r == ';' || r == '；'
	}) {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// orgCreate is POST /orgs.
func (s *server) orgCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	o := orgFromForm(f, &ps)
	if err := merge(&ps, o.Validate()); err != nil {
		return err
	}
	if len(ps) == 0 {
		created, err := s.svc.Orgs.Create(r.Context(), service.NewOrg{Org: o})
		if err == nil {
			done := "已新建" + created.Kind.Label() + "：" + created.Name
			if !zhibu.ActorFrom(r.Context()).Scope.Covers(created.Path) {
				// The system administrator founds the top committee but
				// reads no party records: the next step is an account
				// for the political department (账号管理).
				return redirect(w, r, "/admin/accounts", done+"。请为其政治部（或党委书记）建立账号，由他们建立下级组织。")
			}
			return redirect(w, r, orgHref(created.ID), done)
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.orgForm(w, r, http.StatusUnprocessableEntity, zhibu.Org{}, f, ps)
}

// orgEdit is GET /orgs/{id}/edit.
func (s *server) orgEdit(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	f := form{"code": o.Code, "name": o.Name, "founded_on": o.FoundedOn.String(), "units": strings.Join(o.Units, "\n")}
	return s.orgForm(w, r, http.StatusOK, o, f, nil)
}

// orgUpdate is POST /orgs/{id}.
func (s *server) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	in := orgFromForm(f, &ps)
	in.ID, in.Kind = o.ID, o.Kind
	if err := merge(&ps, in.Validate()); err != nil {
		return err
	}
	if len(ps) == 0 {
		_, err := s.store.UpdateOrg(r.Context(), in)
		if err == nil {
			return redirect(w, r, orgHref(o.ID), "已保存")
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.orgForm(w, r, http.StatusUnprocessableEntity, o, f, ps)
}

type orgMovePage struct {
	base
	Org     zhibu.Org
	Form    form
	Parents []option
}

// orgMoveForm is GET /orgs/{id}/move.
func (s *server) orgMoveForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	return s.orgMoveRender(w, r, http.StatusOK, o, form{"parent_id": strconv.FormatInt(o.ParentID, 10)}, nil)
}

func (s *server) orgMoveRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	orgs, err := s.store.Orgs(r.Context(), store.OrgFilter{})
	if err != nil {
		return err
	}
	d := &orgMovePage{Org: o, Form: f}
	d.Problems = ps
	d.Title = "调整上级组织：" + o.Name
	if d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: "调整上级组织"}); err != nil {
		return err
	}
	for _, p := range orgs {
		if p.Kind.CanHold(o.Kind) && !p.InSubtreeOf(o) {
			d.Parents = append(d.Parents, orgOption(p))
		}
	}
	return s.render(w, r, status, "org_move", d)
}

// orgMove is POST /orgs/{id}/move.
func (s *server) orgMove(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	moved, err := s.store.MoveOrg(r.Context(), o.ID, formID(f["parent_id"]))
	if err == nil {
		return redirect(w, r, orgHref(moved.ID), "已调整上级组织")
	}
	if !invalid(err) {
		return err
	}
	return s.orgMoveRender(w, r, http.StatusUnprocessableEntity, o, f, problemsOf(err))
}

// orgShow is GET /orgs/{id}: a branch's page, a committee's overview, or
// for a group its branch's roster filtered by the group (or, for those who
// may read only the group, the group's own page).
func (s *server) orgShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	switch o.Kind {
	case zhibu.KindGroup:
		if to := orgHref(o.ParentID); s.links(r).ok(to) {
			http.Redirect(w, r, to+"?group="+strconv.FormatInt(o.ID, 10)+"#roster", http.StatusFound)
			return nil
		}
		// A group leader, who may not open the branch: the group's own
		// page, its roster and its figures.
		return s.branchShow(w, r, o)
	case zhibu.KindBranch:
		return s.branchShow(w, r, o)
	}
	return s.parentShow(w, r, o)
}

type parentPage struct {
	base
	Org      zhibu.Org
	Counts   zhibu.Counts
	Children []childRow
}

type childRow struct {
	Org    zhibu.Org
	Counts zhibu.Counts
}

// parentShow is the page of a committee or general branch: its child orgs
// with their figures.
func (s *server) parentShow(w http.ResponseWriter, r *http.Request, o zhibu.Org) error {
	ctx := r.Context()
	d := &parentPage{Org: o}
	d.Title = o.Name
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o); err != nil {
		return err
	}
	if d.Counts, err = s.store.Counts(ctx, o.ID); err != nil {
		return err
	}
	children, err := s.store.Orgs(ctx, store.OrgFilter{ParentID: o.ID})
	if err != nil {
		return err
	}
	counts, err := s.store.ChildCounts(ctx, o.ID)
	if err != nil {
		return err
	}
	for _, c := range children {
		d.Children = append(d.Children, childRow{Org: c, Counts: counts[c.ID]})
	}
	return s.render(w, r, http.StatusOK, "org_parent", d)
}

// branchPage is the data of branch.html.
type branchPage struct {
	base
	Org          zhibu.Org
	Counts       zhibu.Counts
	CountRows    []countRow
	Term         *termView
	History      []termView
	Groups       []store.Group
	Supervisions []supervisorRow
	Roster       rosterView
}

type countRow struct {
	Label  string
	Status string // the roster filter value
	N      int
}

// branchShow is the branch's page: figures, committee, groups,
// supervisions and the roster.
func (s *server) branchShow(w http.ResponseWriter, r *http.Request, o zhibu.Org) error {
	ctx := r.Context()
	d := &branchPage{Org: o}
	d.Title = o.Name
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o); err != nil {
		return err
	}
	if d.Counts, err = s.store.Counts(ctx, o.ID); err != nil {
		return err
	}
	c := d.Counts
	d.CountRows = []countRow{
		{"正式党员", string(zhibu.FullMember), c.Full},
		{"预备党员", string(zhibu.Probationary), c.Probationary},
		{"发展对象", string(zhibu.Candidate), c.Candidates},
		{"入党积极分子", string(zhibu.Activist), c.Activists},
		{"入党申请人", string(zhibu.Applicant), c.Applicants},
		{"群众", string(zhibu.Masses), c.Masses},
	}
	terms, err := s.store.Terms(ctx, o.ID)
	if err != nil {
		return err
	}
	today := s.today()
	for _, t := range terms {
		v := newTermView(t, today)
		if t.Current() && d.Term == nil {
			d.Term = &v
		} else {
			d.History = append(d.History, v)
		}
	}
	if d.Groups, err = s.store.Groups(ctx, o.ID); err != nil {
		return err
	}
	sv, err := s.store.Supervisions(ctx, o.ID)
	if err != nil {
		return err
	}
	d.Supervisions = supervisorRows(sv)
	if d.Roster, err = s.roster(r, o, d.Groups); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "branch", d)
}
