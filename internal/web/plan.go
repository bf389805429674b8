package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/docx"
	"zhibu/internal/service"
)

// planPage is an org's year plan: every item done, due or overdue with who
// acts and the form that records it; for the org's managers the forms to
// start, copy or build the plan, add items, mark them done and link
// records.
type planPage struct {
	base
	Org       zhibu.Org
	Year      int
	View      service.PlanView
	Has       bool
	Items     map[int64]planItemView
	Published []zhibu.Plan // the superiors' 工作要点 of the year
	CanWrite  bool
	Form      form
	EditForm  form // the plan's own fields
	Today     zhibu.Date
	PrevYear  int
	NextYear  int
	Sections  []option
	Owners    []option
	Records   []option
	LinkKinds []option
	Branches  []service.BranchPlan // a committee's: its branches' plans
}

// planItemView is what the page adds to an item: its fix.
type planItemView struct {
	Fix   link
	Class string
}

// planRoutes are the routes of this page family.
func (s *server) planRoutes() []route {
	return []route{
		{"GET /orgs/{id}/plan", readOrg, s.planShow},
		{"GET /orgs/{id}/plan/plan.docx", readOrg, s.planDocx},
		{"POST /orgs/{id}/plan/new", manageOrg, s.planNew},
		{"POST /orgs/{id}/plan/edit", manageOrg, s.planEdit},
		{"POST /orgs/{id}/plan/items", manageOrg, s.planItemAdd},
		{"POST /orgs/{id}/plan/items/done", manageOrg, s.planItemDone},
		{"POST /orgs/{id}/plan/items/link", manageOrg, s.planItemLink},
		{"POST /orgs/{id}/plan/items/delete", manageOrg, s.planItemDelete},
	}
}

func planHref(orgID int64, year int) string {
	return orgHref(orgID) + "/plan?year=" + strconv.Itoa(year)
}

// planShow is GET /orgs/{id}/plan?year=.
func (s *server) planShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if o.Kind == zhibu.KindGroup {
		return redirect(w, r, planHref(o.ParentID, s.yearOf(r)), "")
	}
	return s.planRender(w, r, http.StatusOK, o, s.yearOf(r), nil, nil)
}

func (s *server) planRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, year int, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	today := s.today()
	d := &planPage{Org: o, Year: year, Form: f, Today: today, PrevYear: year - 1, NextYear: year + 1, Items: map[int64]planItemView{}}
	d.Title = o.Name + " · " + strconv.Itoa(year) + "年工作计划"
	d.Problems = ps
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "工作计划"}); err != nil {
		return err
	}
	d.CanWrite = zhibu.ActorFrom(ctx).Can(zhibu.PermOrgManage, o.Path)
	d.View, err = s.svc.Plans.View(ctx, o, year, service.CheckDay(year, today))
	switch {
	case isNotFound(err):
		if d.CanWrite {
			if d.Published, err = s.store.PublishedPlans(ctx, o.ID, year); err != nil {
				return err
			}
		}
	case err != nil:
		return err
	default:
		d.Has = true
		ls := s.links(r)
		p := d.View.Plan
		d.EditForm = form{"title": p.Title, "intro": p.Intro, "published": strconv.FormatBool(p.Published)}
		if p.Admissions > 0 {
			d.EditForm["admissions"] = strconv.Itoa(p.Admissions)
		}
		if _, edited := f["intro"]; edited {
			d.EditForm = f
		}
		for _, sec := range d.View.Sections {
			d.Sections = append(d.Sections, option{Value: strconv.Itoa(sec.N), Label: zhibu.Numeral(sec.N) + "、" + sec.Title})
			for _, it := range sec.Items {
				fix := planFix(o, it, d.View.AsOf)
				if !ls.ok(fix.Href) {
					fix = link{}
				}
				d.Items[it.ID] = planItemView{Fix: fix, Class: "cs-" + string(it.State)}
			}
		}
	}
	if o.Kind != zhibu.KindBranch {
		if d.Branches, err = s.svc.Plans.Branches(ctx, o, year, service.CheckDay(year, today)); err != nil {
			return err
		}
	}
	for _, p := range zhibu.PlanOwners {
		d.Owners = append(d.Owners, option{Value: string(p), Label: p.Label()})
	}
	for _, k := range zhibu.PlanRecords {
		d.Records = append(d.Records, option{Value: k.Kind, Label: k.Label})
	}
	for _, k := range zhibu.PlanLinkKinds {
		d.LinkKinds = append(d.LinkKinds, option{Value: k.Kind, Label: k.Label})
	}
	if d.Form == nil {
		d.Form = form{"title": strconv.Itoa(year) + "年党建工作计划"}
	}
	return s.render(w, r, status, "plan", d)
}

// planFix is the form that records what an unfinished item asks: the fix
// of its worst open finding, or for an item without rules the form of the
// record it names (a meeting of its type dated within its window).
func planFix(o zhibu.Org, it service.ItemView, asOf zhibu.Date) link {
	if it.State == zhibu.PlanDone {
		return link{}
	}
	for _, f := range it.Open {
		if href, label := fixHref(f, asOf); href != "" {
			return link{Href: href, Label: label}
		}
	}
	if len(it.Rules) > 0 && it.Found > 0 {
		return link{Href: orgHref(o.ID) + "/compliance", Label: "查看合规日历"}
	}
	if t, ok := it.MeetingType(); ok {
		day := asOf
		if !it.DueOn.IsZero() && day.After(it.DueOn) {
			day = it.DueOn
		}
		if !it.FromOn.IsZero() && day.Before(it.FromOn) {
			day = it.FromOn
		}
		return link{Href: orgHref(o.ID) + "/meetings/new?" + url.Values{"type": {string(t)}, "date": {day.String()}}.Encode(), Label: "登记" + t.Label()}
	}
	page := map[string][2]string{
		"activity": {"/activities/new", "登记专题活动"}, "bulletin": {"/bulletins/new", "编辑简报"}, "talk": {"/talks", "登记谈心谈话"},
		"study": {"/study", "登记理论学习"}, "development": {"/development", "发展党员"}, "dues": {"/dues", "登记党费"},
		"review": {"/reviews", "述职评议"}, "disclosure": {"/disclosures", "党务公开"}, "mailbox": {"/mailbox", "书记信箱"},
		"rectification": {"/rectification", "集中整治"}, "paper": {"/paper", "调研论文"},
	}
	if p, ok := page[it.Record]; ok {
		return link{Href: orgHref(o.ID) + p[0], Label: p[1]}
	}
	return link{}
}

// planNew is POST /orgs/{id}/plan/new?year=: start an empty plan (the
// seed's ten sections), copy last year's (from=last), or build on the
// superior's published 工作要点 (from=superior).
func (s *server) planNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	year := s.yearOf(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	ctx := r.Context()
	switch f["from"] {
	case "last":
		_, err = s.svc.Plans.Copy(ctx, o.ID, year)
	case "superior":
		_, err = s.svc.Plans.BuildFrom(ctx, o.ID, year, f["title"])
	default:
		_, err = s.svc.Plans.Start(ctx, o.ID, year, f["title"])
	}
	var ps zhibu.Problems
	if err := inputProblems(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.planRender(w, r, http.StatusUnprocessableEntity, o, year, f, ps)
	}
	return redirect(w, r, planHref(o.ID, year), "已制定"+strconv.Itoa(year)+"年工作计划")
}

// planOf is the org's plan of the year the query names.
func (s *server) planOf(r *http.Request, o zhibu.Org) (zhibu.Plan, int, error) {
	year := s.yearOf(r)
	p, err := s.store.Plan(r.Context(), o.ID, year)
	return p, year, err
}

// planEdit is POST /orgs/{id}/plan/edit?year=: the plan's title,
// preamble, planned admissions and (a committee's) publication.
func (s *server) planEdit(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	p, year, err := s.planOf(r, o)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	p.Title, p.Intro, p.Published = f["title"], f["intro"], f["published"] == "true"
	var ps zhibu.Problems
	if n, err := strconv.Atoi(f["admissions"]); err == nil || f["admissions"] == "" {
		p.Admissions = n
	} else {
		ps.Add("admissions", "拟发展党员人数", "应为整数")
	}
	if len(ps) == 0 {
		_, err = s.svc.Plans.Update(r.Context(), p)
		if err := inputProblems(&ps, err); err != nil {
			return err
		}
	}
	if len(ps) > 0 {
		return s.planRender(w, r, http.StatusUnprocessableEntity, o, year, f, ps)
	}
	return redirect(w, r, planHref(o.ID, year), "已保存工作计划")
}

// planItemForm reads an item's fields from a form.
func planItemForm(f form, ps *zhibu.Problems) zhibu.PlanItem {
	it := zhibu.PlanItem{Text: f["text"], Owner: zhibu.Position(f["owner"]), Record: f["record"], All: f["all"] == "true"}
	it.Section, _ = strconv.Atoi(f["section"])
	for _, x := range strings.FieldsFunc(f["rules"], func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' || r == '\n' }) {
		it.Rules = append(it.Rules, x)
	}
	it.DueOn = f.date("due_on", "完成时限", ps)
	it.FromOn = f.date("from_on", "开始日期", ps)
	return it
}

// planItemAdd is POST /orgs/{id}/plan/items?year=.
func (s *server) planItemAdd(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	p, year, err := s.planOf(r, o)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	it := planItemForm(f, &ps)
	it.PlanID = p.ID
	if len(ps) == 0 {
		_, err = s.svc.Plans.SaveItem(r.Context(), it)
	} else {
		err = it.Validate(year, s.today())
	}
	if err := inputProblems(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.planRender(w, r, http.StatusUnprocessableEntity, o, year, f, ps)
	}
	return redirect(w, r, planHref(o.ID, year), "已添加计划事项")
}

// planItemOf reads the org's item the form's item field names.
func (s *server) planItemOf(r *http.Request, o zhibu.Org, f form) (zhibu.Plan, zhibu.PlanItem, bool, error) {
	p, it, err := s.store.PlanItem(r.Context(), formID(f["item"]))
	if isNotFound(err) || err == nil && p.OrgID != o.ID {
		return p, it, false, nil
	}
	return p, it, err == nil, err
}

// planItemAct runs act on the item a form names and answers as a form.
func (s *server) planItemAct(w http.ResponseWriter, r *http.Request, done string, act func(f form, p zhibu.Plan, it zhibu.PlanItem, ps *zhibu.Problems) error) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	p, it, ok, err := s.planItemOf(r, o, f)
	if err != nil {
		return err
	}
	year := s.yearOf(r)
	if !ok {
		return s.planRender(w, r, http.StatusUnprocessableEntity, o, year, nil, zhibu.Problems{{Field: "item", Label: "计划事项", Message: "计划事项：未找到本组织的这个事项"}})
	}
	var ps zhibu.Problems
	if err := inputProblems(&ps, act(f, p, it, &ps)); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.planRender(w, r, http.StatusUnprocessableEntity, o, p.Year, nil, ps)
	}
	return redirect(w, r, planHref(o.ID, p.Year), done)
}

// planItemDone is POST /orgs/{id}/plan/items/done: the owner's mark that
// an item without rules is done, with its evidence.
func (s *server) planItemDone(w http.ResponseWriter, r *http.Request) error {
	return s.planItemAct(w, r, "已标记完成", func(f form, _ zhibu.Plan, it zhibu.PlanItem, ps *zhibu.Problems) error {
		day := f.date("done_on", "完成日期", ps)
		if len(*ps) > 0 {
			return nil
		}
		_, err := s.svc.Plans.MarkDone(r.Context(), it.ID, day, f["evidence"])
		return err
	})
}

// planItemLink is POST /orgs/{id}/plan/items/link: a record (kind, id)
// linked to an item as fulfilling it.
func (s *server) planItemLink(w http.ResponseWriter, r *http.Request) error {
	return s.planItemAct(w, r, "已关联记录", func(f form, _ zhibu.Plan, it zhibu.PlanItem, ps *zhibu.Problems) error {
		id := formID(f["record_id"])
		if id == 0 {
			ps.Add("record_id", "记录编号", "应为记录页面地址中的数字编号")
			return nil
		}
		_, err := s.store.LinkPlanRecord(r.Context(), it.ID, f["kind"], id)
		return err
	})
}

// planItemDelete is POST /orgs/{id}/plan/items/delete.
func (s *server) planItemDelete(w http.ResponseWriter, r *http.Request) error {
	return s.planItemAct(w, r, "已删除计划事项", func(_ form, _ zhibu.Plan, it zhibu.PlanItem, _ *zhibu.Problems) error {
		return s.store.DeletePlanItem(r.Context(), it.ID)
	})
}

// planDocx is GET /orgs/{id}/plan/plan.docx?year=: the plan as the seed
// is written, with the figures from the records.
func (s *server) planDocx(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	p, _, err := s.planOf(r, o)
	if err != nil {
		return err
	}
	fig, err := s.svc.Plans.Figures(r.Context(), o, p, s.today())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := docx.Plan(p, o.Name, docx.PlanFigures{Officers: fig.Officers, Members: fig.Members, Activists: fig.Activists,
		Admissions: fig.Admissions, Positions: fig.Positions, Groups: fig.Groups}, s.today()).WriteTo(&buf); err != nil {
		return err
	}
	name := o.Name + strconv.Itoa(p.Year) + "年工作计划.docx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", "attachment; filename=\"plan.docx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(buf.Bytes())
	return err
}

// planDuty is an overdue plan item in 我的职责.
type planDuty struct {
	Org, Text, Owner, Due, Href string
	Fix                         link
}

// planDuties are the overdue plan items the person's seats own, for the
// duties page.
func (s *server) planDuties(r *http.Request, orgs []*service.Duty, asOf zhibu.Date) ([]planDuty, error) {
	ds, err := s.svc.Plans.Duties(r.Context(), orgs, asOf)
	if err != nil {
		return nil, err
	}
	var out []planDuty
	ls := s.links(r)
	for _, d := range ds {
		fix := planFix(d.Org, d.Item, asOf)
		if !ls.ok(fix.Href) {
			fix = link{}
		}
		out = append(out, planDuty{Org: d.Org.Name, Text: d.Item.Text, Owner: d.Item.Owner.Label(), Due: d.Item.DueOn.String(),
			Href: planHref(d.Org.ID, asOf.Year) + "#item-" + strconv.FormatInt(d.Item.ID, 10), Fix: fix})
	}
	return out, nil
}
