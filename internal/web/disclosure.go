package web

import (
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/store"
)

// disclosurePage is a branch's disclosures of a year with the catalogue,
// the proposal form and, per item, the step the viewer may take.
type disclosurePage struct {
	base
	Org        zhibu.Org
	Year       int
	Items      []zhibu.Disclosure
	Catalogue  []zhibu.DisclosureCategory
	Categories []option
	Periods    []option
	Audiences  []option
	Form       form
}

// disclosureList is GET /orgs/{id}/disclosures: a branch's items, or, for
// a committee, every branch's in the viewer's scope below it.
func (s *server) disclosureList(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if o.Kind == zhibu.KindGroup {
		return zhibu.Errorf(zhibu.ErrNotFound, "该组织不是党支部")
	}
	return s.disclosureRender(w, r, http.StatusOK, o, s.yearOf(r), nil, nil)
}

func (s *server) disclosureRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, year int, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &disclosurePage{Org: o, Year: year, Form: f, Catalogue: zhibu.DisclosureCategories}
	d.Problems = ps
	d.Title = o.Name + " · 党务公开"
	if d.Form == nil {
		d.Form = form{"audience": string(zhibu.AudienceBranch), "form": "支部党员大会通报、公示栏", "planned_on": s.today().String()}
	}
	for _, c := range zhibu.DisclosureCategories {
		d.Categories = append(d.Categories, option{string(c), c.Label() + "（" + c.Period().Label() + "）"})
	}
	for _, k := range []zhibu.PeriodKind{zhibu.PeriodYear, zhibu.PeriodHalf} {
		for _, p := range zhibu.PeriodsOf(k, year) {
			d.Periods = append(d.Periods, option{p.String(), p.Label()})
		}
	}
	for _, a := range zhibu.Audiences {
		d.Audiences = append(d.Audiences, option{string(a), a.Label()})
	}
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "党务公开"}); err != nil {
		return err
	}
	filter := store.DisclosureFilter{OrgID: o.ID, Year: year}
	if o.Kind != zhibu.KindBranch {
		filter = store.DisclosureFilter{Under: o, Year: year}
	}
	if d.Items, err = s.store.Disclosures(ctx, filter); err != nil {
		return err
	}
	return s.render(w, r, status, "disclosures", d)
}

// parsePeriod reads a period as Period.String writes it ("2026", "2026-H1").
func parsePeriod(s string) zhibu.Period {
	if len(s) == 4 {
		if y, err := strconv.Atoi(s); err == nil {
			return zhibu.Period{Kind: zhibu.PeriodYear, Year: y, N: 1}
		}
	}
	if len(s) == 7 && s[4:6] == "-H" {
		y, err1 := strconv.Atoi(s[:4])
		n, err2 := strconv.Atoi(s[6:])
		if err1 == nil && err2 == nil {
			return zhibu.Period{Kind: zhibu.PeriodHalf, Year: y, N: n}
		}
	}
	return zhibu.Period{}
}

// disclosurePropose is POST /orgs/{id}/disclosures.
func (s *server) disclosurePropose(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	d := zhibu.Disclosure{OrgID: o.ID, Category: zhibu.DisclosureCategory(f["category"]), Period: parsePeriod(f["period"]),
		Title: f["title"], Content: f["content"], Audience: zhibu.Audience(f["audience"]), Form: f["form"]}
	var ps zhibu.Problems
	if d.PlannedOn, err = zhibu.ParseDate(f["planned_on"]); err != nil {
		ps.Add("planned_on", "公开时间", "请填写有效日期")
	}
	year := s.yearOf(r)
	if d.Period.Year != 0 {
		year = d.Period.Year
	}
	if len(ps) == 0 {
		d, err = s.svc.Disclosures.Propose(r.Context(), d)
		if invalid(err) {
			ps = problemsOf(err)
		} else if err != nil {
			return err
		}
	} else if err := d.Validate(); err != nil {
		ps = append(problemsOf(err), ps...)
	}
	if len(ps) > 0 {
		return s.disclosureRender(w, r, http.StatusUnprocessableEntity, o, year, f, ps)
	}
	return redirect(w, r, orgHref(o.ID)+"/disclosures?year="+strconv.Itoa(year), "已提出公开事项，待保密审查："+d.Title)
}

// disclosureStep applies one step to the item the form names.
func (s *server) disclosureStep(w http.ResponseWriter, r *http.Request, step func(id int64, f form) (zhibu.Disclosure, error), done string) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	id := formItem(r, "item")
	if id == 0 {
		return s.disclosureRender(w, r, http.StatusUnprocessableEntity, o, s.yearOf(r), nil, problemsOf(missing("item", "公开事项")))
	}
	d, err := step(id, f)
	if invalid(err) {
		return s.disclosureRender(w, r, http.StatusUnprocessableEntity, o, s.yearOf(r), nil, problemsOf(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, orgHref(o.ID)+"/disclosures?year="+strconv.Itoa(d.Period.Year), done+"："+d.Title)
}

// disclosureReview is POST /orgs/{id}/disclosures/review (item, passed, note).
func (s *server) disclosureReview(w http.ResponseWriter, r *http.Request) error {
	return s.disclosureStep(w, r, func(id int64, f form) (zhibu.Disclosure, error) {
		return s.svc.Disclosures.Review(r.Context(), id, f["passed"] == "true", f["note"])
	}, "已完成保密审查")
}

// disclosureApprove is POST /orgs/{id}/disclosures/approve (item).
func (s *server) disclosureApprove(w http.ResponseWriter, r *http.Request) error {
	return s.disclosureStep(w, r, func(id int64, _ form) (zhibu.Disclosure, error) {
		return s.svc.Disclosures.Approve(r.Context(), id)
	}, "已审批")
}

// disclosurePublish is POST /orgs/{id}/disclosures/publish (item).
func (s *server) disclosurePublish(w http.ResponseWriter, r *http.Request) error {
	return s.disclosureStep(w, r, func(id int64, _ form) (zhibu.Disclosure, error) {
		return s.svc.Disclosures.Publish(r.Context(), id)
	}, "已发布")
}

// disclosureWithdraw is POST /orgs/{id}/disclosures/withdraw (item, reason).
func (s *server) disclosureWithdraw(w http.ResponseWriter, r *http.Request) error {
	return s.disclosureStep(w, r, func(id int64, f form) (zhibu.Disclosure, error) {
		return s.svc.Disclosures.Withdraw(r.Context(), id, f["reason"])
	}, "已撤回")
}

// disclosurePublic is GET /orgs/{id}/disclosures/public.html: the static
// page of the public items, for the bureau's website.
func (s *server) disclosurePublic(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	b, err := s.svc.Disclosures.PublicPage(r.Context(), o.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="disclosure-`+strconv.FormatInt(o.ID, 10)+`.html"`)
	_, err = w.Write(b)
	return err
}

// myDisclosuresPage is what has been published to the viewer.
type myDisclosuresPage struct {
	base
	Items []zhibu.Disclosure
}

// myDisclosures is GET /disclosures.
func (s *server) myDisclosures(w http.ResponseWriter, r *http.Request) error {
	d := &myDisclosuresPage{}
	d.Title = "党务公开"
	var err error
	if d.Items, err = s.store.DisclosuresForMe(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "disclosures_mine", d)
}
