package web

import (
	"bytes"
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/docx"
	"zhibu/internal/service"
)

// rectificationPage is a year's rectification campaign (seed §8): for a
// branch its self-check under the five problems with the remedies and
// their forms; for a committee every branch's progress.
type rectificationPage struct {
	base
	Org       zhibu.Org
	Year      int
	AsOf      zhibu.Date
	Check     service.SelfCheck
	Branches  []service.BranchProgress
	Kinds     []zhibu.RectProblem // the five problems
	People    []option
	CanWrite  bool
	CanSign   bool
	Form      form
	Today     zhibu.Date
	PrevYear  int
	NextYear  int
	ProblemOf []option
	// Campaign is the campaign the org is under for the year (HasCampaign);
	// CanOpen: the actor may open the committee's own campaign.
	Campaign    zhibu.RectCampaign
	HasCampaign bool
	CanOpen     bool
}

// rectificationRoutes are the routes of this page family.
func (s *server) rectificationRoutes() []route {
	return []route{
		{"GET /orgs/{id}/rectification", readOrg, s.rectificationShow},
		{"POST /orgs/{id}/rectification/remedies", manageOrg, s.remedyAdd},
		{"POST /orgs/{id}/rectification/remedies/update", manageOrg, s.remedyUpdate},
		{"POST /orgs/{id}/rectification/remedies/sign", manageOrg, s.remedySign},
		{"GET /orgs/{id}/rectification/report.docx", readOrg, s.rectificationReport},
		{"POST /orgs/{id}/rectification/campaigns", manageOrg, s.campaignSave},
	}
}

func rectificationHref(orgID int64, year int) string {
	return orgHref(orgID) + "/rectification?year=" + strconv.Itoa(year)
}

// rectificationShow is GET /orgs/{id}/rectification?year=.
func (s *server) rectificationShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	return s.rectificationRender(w, r, http.StatusOK, o, s.meetingYear(r.URL.Query().Get("year")), nil, nil)
}

func (s *server) rectificationRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, year int, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	today := s.today()
	d := &rectificationPage{Org: o, Year: year, AsOf: service.CheckDay(year, today), Kinds: zhibu.RectProblems, Form: f, Today: today,
		PrevYear: year - 1, NextYear: year + 1}
	d.Title = o.Name + " · " + strconv.Itoa(year) + "年基层党建基础工作整改"
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "整改"}); err != nil {
		return err
	}
	d.Problems = ps
	switch o.Kind {
	case zhibu.KindBranch:
		if d.Check, err = s.svc.Rectification.SelfCheck(ctx, o, year, d.AsOf); err != nil {
			return err
		}
		actor := zhibu.ActorFrom(ctx)
		d.CanWrite = actor.Can(zhibu.PermOrgManage, o.Path)
		d.CanSign = d.CanWrite && actor.Has(zhibu.RoleSecretary) // the service checks the seat
		if d.CanWrite {
			people, err := s.store.People(ctx, o.ID, zhibu.PersonFilter{Members: true})
			if err != nil {
				return err
			}
			for _, p := range people {
				d.People = append(d.People, option{Value: strconv.FormatInt(p.ID, 10), Label: p.Name})
			}
		}
		for _, p := range zhibu.RectProblems {
			d.ProblemOf = append(d.ProblemOf, option{Value: strconv.Itoa(p.N), Label: strconv.Itoa(p.N) + ". " + p.Title})
		}
		if d.Form == nil {
			d.Form = form{"deadline": zhibu.MakeDate(year, 12, 31).String()}
		}
	case zhibu.KindGroup:
		return redirect(w, r, rectificationHref(o.ParentID, year), "")
	default:
		if d.Branches, err = s.svc.Rectification.Overview(ctx, o, year, d.AsOf); err != nil {
			return err
		}
		d.CanOpen = zhibu.ActorFrom(ctx).Can(zhibu.PermOrgManage, o.Path)
	}
	if d.Campaign, d.HasCampaign, err = s.svc.Rectification.Campaign(ctx, o, year); err != nil {
		return err
	}
	if d.CanOpen && d.Form == nil {
		d.Form = form{"title": strconv.Itoa(year) + "年基层党建基础工作整改", "start_on": zhibu.MakeDate(year, 1, 1).String(),
			"checks_due": zhibu.MakeDate(year, 12, 31).String(), "remedies_due": zhibu.MakeDate(year+1, 6, 30).String()}
		if d.HasCampaign && d.Campaign.OrgID == o.ID {
			c := d.Campaign
			d.Form = form{"title": c.Title, "start_on": c.StartOn.String(), "checks_due": c.ChecksDue.String(), "remedies_due": c.RemediesDue.String()}
		}
	}
	return s.render(w, r, status, "rectification", d)
}

// remedyForm reads a remedy's fields from a form.
func remedyForm(f form, o zhibu.Org, year int, ps *zhibu.Problems) zhibu.Remedy {
	x := zhibu.Remedy{OrgID: o.ID, Year: year, Issue: f["issue"], Measure: f["measure"], Evidence: f["evidence"]}
	x.Problem, _ = strconv.Atoi(f["problem"])
	x.OwnerID, _ = strconv.ParseInt(f["owner_id"], 10, 64)
	x.Deadline = f.date("deadline", "整改时限", ps)
	x.DoneOn = f.date("done_on", "完成日期", ps)
	return x
}

// remedyAdd is POST /orgs/{id}/rectification/remedies?year=.
func (s *server) remedyAdd(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	year := s.meetingYear(r.URL.Query().Get("year"))
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	x := remedyForm(f, o, year, &ps)
	if len(ps) == 0 {
		_, err = s.svc.Rectification.SaveRemedy(r.Context(), x)
	} else {
		err = x.Validate(s.today())
	}
	if err := inputProblems(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.rectificationRender(w, r, http.StatusUnprocessableEntity, o, year, f, ps)
	}
	return redirect(w, r, rectificationHref(o.ID, year), "已登记整改措施")
}

// remedyOf reads the org's remedy named by the form's remedy field.
func (s *server) remedyOf(r *http.Request, o zhibu.Org, f form) (zhibu.Remedy, bool, error) {
	id, _ := strconv.ParseInt(f["remedy"], 10, 64)
	x, err := s.store.Remedy(r.Context(), id)
	if isNotFound(err) || err == nil && x.OrgID != o.ID {
		return x, false, nil
	}
	return x, err == nil, err
}

// remedyUpdate is POST /orgs/{id}/rectification/remedies/update: the
// completion (done_on, evidence) of a remedy.
func (s *server) remedyUpdate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	x, ok, err := s.remedyOf(r, o, f)
	if err != nil {
		return err
	}
	year := s.meetingYear(r.URL.Query().Get("year"))
	if !ok {
		return s.rectificationRender(w, r, http.StatusUnprocessableEntity, o, year, nil, zhibu.Problems{{Field: "remedy", Label: "整改措施", Message: "整改措施：未找到本支部的这条整改措施"}})
	}
	var ps zhibu.Problems
	x.DoneOn = f.date("done_on", "完成日期", &ps)
	x.Evidence = f["evidence"]
	links, err := zhibu.ParseRecordLinks(f["links"]) // the records that close it
	if err := inputProblems(&ps, err); err != nil {
		return err
	}
	x.Links = links
	if x.DoneOn.IsZero() && len(ps) == 0 {
		ps.Add("done_on", "完成日期", "不能为空")
	}
	if len(ps) == 0 {
		_, err = s.svc.Rectification.SaveRemedy(r.Context(), x)
	}
	if err := inputProblems(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.rectificationRender(w, r, http.StatusUnprocessableEntity, o, x.Year, nil, ps)
	}
	return redirect(w, r, rectificationHref(o.ID, x.Year), "已登记整改完成情况")
}

// remedySign is POST /orgs/{id}/rectification/remedies/sign: the
// secretary's sign-off.
func (s *server) remedySign(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	x, ok, err := s.remedyOf(r, o, f)
	if err != nil {
		return err
	}
	year := s.meetingYear(r.URL.Query().Get("year"))
	if !ok {
		return s.rectificationRender(w, r, http.StatusUnprocessableEntity, o, year, nil, zhibu.Problems{{Field: "remedy", Label: "整改措施", Message: "整改措施：未找到本支部的这条整改措施"}})
	}
	_, err = s.svc.Rectification.SignRemedy(r.Context(), x.ID)
	var ps zhibu.Problems
	if err := inputProblems(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.rectificationRender(w, r, http.StatusUnprocessableEntity, o, x.Year, nil, ps)
	}
	return redirect(w, r, rectificationHref(o.ID, x.Year), "已确认整改销号")
}

// campaignSave is POST /orgs/{id}/rectification/campaigns?year=: the
// committee opens (or changes) its campaign for the year.
func (s *server) campaignSave(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	year := s.meetingYear(r.URL.Query().Get("year"))
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	c := zhibu.RectCampaign{OrgID: o.ID, Year: year, Title: f["title"]}
	c.StartOn = f.date("start_on", "开始日期", &ps)
	c.ChecksDue = f.date("checks_due", "自查完成日期", &ps)
	c.RemediesDue = f.date("remedies_due", "整改完成日期", &ps)
	if len(ps) == 0 {
		_, err = s.svc.Rectification.SaveCampaign(r.Context(), c)
	} else {
		err = c.Validate()
	}
	if err := inputProblems(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.rectificationRender(w, r, http.StatusUnprocessableEntity, o, year, f, ps)
	}
	return redirect(w, r, rectificationHref(o.ID, year), "已部署整改活动")
}

// inputProblems adds err to ps when it is about the input (its problems, or
// a conflict as one problem) and returns any other error.
func inputProblems(ps *zhibu.Problems, err error) error {
	if err == nil {
		return nil
	}
	if !invalid(err) {
		return err
	}
	if merge(ps, err) != nil {
		*ps = append(*ps, problemsOf(err)...)
	}
	return nil
}

// rectificationReport is GET /orgs/{id}/rectification/report.docx?year=:
// the branch's report to the superior on its self-check and remedies, in
// the official layout.
func (s *server) rectificationReport(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if o.Kind != zhibu.KindBranch {
		return zhibu.Errorf(zhibu.ErrNotFound, "该组织不是党支部，整改情况报告由党支部报送")
	}
	ctx := r.Context()
	year := s.meetingYear(r.URL.Query().Get("year"))
	today := s.today()
	sc, err := s.svc.Rectification.SelfCheck(ctx, o, year, service.CheckDay(year, today))
	if err != nil {
		return err
	}
	rep := docx.RectificationReport{Org: o.Name, Superior: "上级党委", Year: year, AsOf: today}
	if sc.HasCampaign {
		rep.Campaign, rep.CampaignBy = sc.Campaign.Title, sc.Campaign.OrgName
	}
	if parent, err := s.store.Org(ctx, o.ParentID); err == nil {
		rep.Superior = parent.Name
	}
	for _, p := range sc.Problems {
		x := docx.RectProblemReport{Problem: p.Problem, Remedies: p.Remedies}
		for _, f := range p.Findings {
			x.Findings = append(x.Findings, f.Message)
		}
		rep.Problems = append(rep.Problems, x)
	}
	var buf bytes.Buffer
	if _, err := docx.Rectification(rep).WriteTo(&buf); err != nil {
		return err
	}
	return download(w, o.Name+strconv.Itoa(year)+"年整改情况报告.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &buf)
}
