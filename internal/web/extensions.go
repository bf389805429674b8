package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/store"
)

// Postponed or advanced elections (org.term.extension): the branch asks,
// the superior (zhibu.PermFilingReview on the branch) decides; an approved
// request moves the end of the term the findings read.

type extensionsPage struct {
	base
	Org        zhibu.Org
	Term       *termView
	Extensions []zhibu.Extension
	CanRequest bool
	CanDecide  bool
	Form       form
}

// extensionList is GET /orgs/{id}/terms/extensions.
func (s *server) extensionList(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	return s.extensionRender(w, r, http.StatusOK, o, form{}, nil)
}

func (s *server) extensionRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	a := zhibu.ActorFrom(ctx)
	d := &extensionsPage{Org: o, Form: f, CanRequest: a.Can(zhibu.PermOrgManage, o.Path), CanDecide: a.Can(zhibu.PermFilingReview, o.Path)}
	d.Problems = ps
	var err error
	if d.Extensions, err = s.store.Extensions(ctx, o.ID); err != nil {
		return err
	}
	if cur, err := s.store.CurrentTerm(ctx, o.ID); err == nil {
		v := newTermView(cur, s.today())
		d.Term = &v
	} else if !isNotFound(err) {
		return err
	}
	d.Title = "延期（提前）换届"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "延期（提前）换届"}); err != nil {
		return err
	}
	return s.render(w, r, status, "extensions", d)
}

// extensionRequest is POST /orgs/{id}/terms/extensions.
func (s *server) extensionRequest(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	e := zhibu.Extension{OrgID: o.ID, Reason: f["reason"]}
	months, err := strconv.Atoi(f["months"])
	if err != nil {
		ps.Add("months", "调整月数", "应为整数：延期填正数，提前填负数")
	}
	e.Months = months
	if len(ps) == 0 {
		done, err := s.svc.Terms.RequestExtension(r.Context(), e)
		if err == nil {
			return redirect(w, r, orgHref(o.ID)+"/terms/extensions", "已提交申请，换届时间调整至"+done.NewEnd.Chinese()+"，待上级党委审批")
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.extensionRender(w, r, http.StatusUnprocessableEntity, o, f, ps)
}

// extensionDecide is POST /orgs/{id}/terms/extensions/{eid}/decide.
func (s *server) extensionDecide(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "eid")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	approve := f["decision"] == "approve"
	if !approve && f["decision"] != "reject" {
		return s.extensionRender(w, r, http.StatusUnprocessableEntity, o, f, zhibu.Problems{{Field: "decision", Label: "审批", Message: "审批：请选择批准或不批准"}})
	}
	e, err := s.svc.Terms.DecideExtension(r.Context(), o.ID, id, approve, zhibu.Date{}, f["note"])
	if err != nil {
		if invalid(err) {
			return s.extensionRender(w, r, http.StatusUnprocessableEntity, o, f, problemsOf(err))
		}
		return err
	}
	return redirect(w, r, backTo(f, orgHref(o.ID)+"/terms/extensions"), "已审批："+e.Status.Label())
}

// backTo is where a decision returns: the approvals list it was made on, or
// the org's page.
func backTo(f form, org string) string {
	if f["next"] == approvalsPath {
		return approvalsPath
	}
	return org
}

const approvalsPath = "/terms/approvals"

type approvalsPage struct {
	base
	Pending store.Pending
	Dev     []devPendingRow
	Waivers []store.PendingWaiver
	Next    string
}

// devPendingRow is a step of the superior a development file waits for.
type devPendingRow struct {
	store.PendingDev
	Title string // the step's
	File  string // the person's development file, where the superior's form is
}

// termApprovals is GET /terms/approvals: what waits for the superior's
// decision about the terms of its subtree — extension requests and newly
// elected secretaries reported for approval.
func (s *server) termApprovals(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.PendingTerms(r.Context())
	if err != nil {
		return err
	}
	dev, err := s.store.PendingDevelopment(r.Context())
	if err != nil {
		return err
	}
	waivers, err := s.store.PendingWaivers(r.Context())
	if err != nil {
		return err
	}
	d := &approvalsPage{Pending: p, Waivers: waivers, Next: approvalsPath}
	for _, x := range dev {
		d.Dev = append(d.Dev, devPendingRow{PendingDev: x, Title: zhibu.DevSteps[x.Step].Title, File: devHref(x.Person.ID)})
	}
	d.Title = "待上级审批事项"
	d.Crumbs = []crumb{{Label: "待上级审批事项"}}
	return s.render(w, r, http.StatusOK, "term_approvals", d)
}

// termReport is POST /orgs/{id}/terms/report: the branch has reported its
// newly elected secretary and deputy to the superior (today).
func (s *server) termReport(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Terms.ReportSecretary(r.Context(), o.ID, zhibu.Date{}); err != nil {
		return asConflict(err)
	}
	return redirect(w, r, orgHref(o.ID)+"#committee", "已登记：书记、副书记人选已报上级党委审批")
}

// termApprove is POST /orgs/{id}/terms/approve: the superior approves them.
func (s *server) termApprove(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.svc.Terms.ApproveSecretary(r.Context(), o.ID, zhibu.Date{}); err != nil {
		return asConflict(err)
	}
	return redirect(w, r, backTo(formFrom(r.PostForm), orgHref(o.ID)+"#committee"), "已批准"+o.Name+"书记、副书记人选")
}

// asConflict shows a problem of a form without fields (a button) as an
// error page with its message: the state it acted on has changed.
func asConflict(err error) error {
	var ps zhibu.Problems
	if errors.As(err, &ps) && len(ps) > 0 {
		return zhibu.Errorf(zhibu.ErrConflict, ps[0].Message)
	}
	return err
}

type termAssemblyPage struct {
	base
	Org        zhibu.Org
	Term       zhibu.Term
	Assemblies []option
	Form       form
}

// termAssemblyForm is GET /orgs/{id}/terms/assembly: the general assembly
// that held the current committee's election, recorded after the fact.
func (s *server) termAssemblyForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	return s.termAssemblyRender(w, r, http.StatusOK, o, form{}, nil)
}

func (s *server) termAssemblyRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	cur, err := s.store.CurrentTerm(ctx, o.ID)
	if err != nil {
		return err
	}
	d := &termAssemblyPage{Org: o, Term: cur, Form: f, Assemblies: []option{{Value: "", Label: "（请选择）"}}}
	d.Problems = ps
	ms, err := s.store.Assemblies(ctx, o.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if day := m.DateIn(zhibu.DefaultZone); day == cur.ElectedOn {
			d.Assemblies = append(d.Assemblies, option{Value: strconv.FormatInt(m.ID, 10), Label: day.Chinese() + " 支部党员大会" + placeSuffix(m.Place)})
		}
	}
	d.Title = "登记选举大会"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "登记选举大会"}); err != nil {
		return err
	}
	return s.render(w, r, status, "term_assembly", d)
}

// termAssemblySet is POST /orgs/{id}/terms/assembly.
func (s *server) termAssemblySet(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	cur, err := s.store.CurrentTerm(r.Context(), o.ID)
	if err != nil {
		return err
	}
	_, err = s.svc.Terms.LinkAssembly(r.Context(), o.ID, cur.ID, formID(f["assembly_id"]))
	if err == nil {
		return redirect(w, r, orgHref(o.ID)+"#committee", "已登记本届选举的支部党员大会")
	}
	if !invalid(err) {
		return err
	}
	return s.termAssemblyRender(w, r, http.StatusUnprocessableEntity, o, f, problemsOf(err))
}

// approvalCount is how many things wait for the actor's decision as a
// superior: term requests, secretaries reported, development steps, dues
// waivers.
func (s *server) approvalCount(ctx context.Context) (int, error) {
	p, err := s.store.PendingTerms(ctx)
	if err != nil {
		return 0, err
	}
	dev, err := s.store.PendingDevelopment(ctx)
	if err != nil {
		return 0, err
	}
	waivers, err := s.store.PendingWaivers(ctx)
	if err != nil {
		return 0, err
	}
	return len(p.Extensions) + len(p.Reports) + len(dev) + len(waivers), nil
}
