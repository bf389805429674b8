package web

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strconv"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/devexport"
)

// Member development: a branch's overview (the pipeline and the year's
// plan), a person's development file (the steps done, the next one with
// its earliest day, the materials missing, the forms that record a step),
// and the exports. A step the rules refuse comes back on the file page
// with the reason and the rule id. This file holds the routes, the
// overview and the register; the file page is in development_file.go, its
// forms' handlers in development_steps.go, the materials and the Word
// record in development_materials.go.

// Policies: the branch records its steps with member.develop; the
// superior's steps (pre-review, talk, approvals, acknowledging the
// filings) ride on filing.review.
var (
	developPerson  = access.On(zhibu.PermDevelop, access.PathPerson, "id")
	superiorPerson = access.On(zhibu.PermFilingReview, access.PathPerson, "id")
)

func devHref(personID int64) string { return personHref(personID) + "/development" }

// devRoutes are the development routes of the route table.
func (s *server) devRoutes() []route {
	return []route{
		{"GET /orgs/{id}/development", readOrg, s.devOverview},
		{"GET /orgs/{id}/development/register.xlsx", readOrg, s.devRegister},
		{"GET /people/{id}/development", readPerson, s.devFileShow},
		{"POST /people/{id}/development/steps", developPerson, s.devStepBranch},
		{"POST /people/{id}/development/approvals", superiorPerson, s.devStepSuperior},
		{"POST /people/{id}/development/steps/void", developPerson, s.devVoidBranch},
		{"POST /people/{id}/development/approvals/void", superiorPerson, s.devVoidSuperior},
		{"POST /people/{id}/development/materials", developPerson, s.devMaterialUpload},
		// Materials (a political review among them) are not the person's own to read.
		{"GET /people/{id}/development/material", access.On(zhibu.PermOrgRead, access.PathPerson, "id"), s.devMaterialDownload},
		{"POST /people/{id}/development/material/delete", developPerson, s.devMaterialDelete},
		{"GET /people/{id}/development/record.docx", readPerson, s.devRecordDocx},
	}
}

// devRow is one person on the overview.
type devRow struct {
	File     zhibu.DevFile
	Last     string
	Step     int // the next step, 0 when none
	Next     string
	Earliest zhibu.Date
	Missing  int
	Open     []zhibu.Finding
}

// devStage is one column of the pipeline.
type devStage struct {
	Status zhibu.PartyStatus
	Rows   []devRow
}

// yearPlan is the seed's development paragraph, from the data: officers,
// members, activists in cultivation, applicants who may become activists,
// and the admissions planned this year.
type yearPlan struct {
	Year          int
	Officers      int
	Members       int
	Activists     int
	NewActivists  []string
	Planned       int
	PlannedNames  []string
	AdmittedSoFar int
}

type devOverviewPage struct {
	base
	Org      zhibu.Org
	Stages   []devStage
	Plan     yearPlan
	Open     []zhibu.Finding
	AsOf     zhibu.Date
	Register string
	// NewFile are the masses of the branch without a development file, to
	// open one for (新建档案) when the viewer may record steps.
	NewFile    []option
	CanDevelop bool
}

// devOverview is GET /orgs/{id}/development.
func (s *server) devOverview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if o.Kind == zhibu.KindGroup {
		return zhibu.Errorf(zhibu.ErrNotFound, "党小组没有单独的发展党员工作，请查看所在支部")
	}
	if o.Kind != zhibu.KindBranch {
		return s.devCommittee(w, r, o) // development_committee.go
	}
	today := s.today()
	files, err := s.store.DevFiles(ctx, o.ID)
	if err != nil {
		return err
	}
	open, err := s.svc.Compliance.OpenByPerson(ctx, o, "dev.", today)
	if err != nil {
		return err
	}
	d := &devOverviewPage{Org: o, AsOf: today, Register: orgHref(o.ID) + "/development/register.xlsx"}
	d.Title = o.Name + " 发展党员"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "发展党员"}); err != nil {
		return err
	}
	byStatus := map[zhibu.PartyStatus]*devStage{}
	// Full members appear while their file is not yet archived (step 25).
	for _, st := range []zhibu.PartyStatus{zhibu.Applicant, zhibu.Activist, zhibu.Candidate, zhibu.Probationary, zhibu.FullMember} {
		d.Stages = append(d.Stages, devStage{Status: st})
	}
	for i := range d.Stages {
		byStatus[d.Stages[i].Status] = &d.Stages[i]
	}
	rows, err := s.devRows(ctx, o, files, open)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if st := byStatus[row.File.Person.Status]; st != nil {
			st.Rows = append(st.Rows, row)
		}
		d.Open = append(d.Open, row.Open...)
	}
	slices.SortStableFunc(d.Open, func(a, b zhibu.Finding) int { return a.Deadline.Time().Compare(b.Deadline.Time()) })
	if d.Plan, err = s.plan(ctx, o, files, today); err != nil {
		return err
	}
	if d.CanDevelop = zhibu.ActorFrom(ctx).Can(zhibu.PermDevelop, o.Path); d.CanDevelop {
		if d.NewFile, err = s.newFileChoices(ctx, o, files); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "dev_overview", d)
}

// devRows computes each file's next step, missing materials and open findings.
func (s *server) devRows(ctx context.Context, o zhibu.Org, files []zhibu.DevFile, open map[int64][]zhibu.Finding) ([]devRow, error) {
	outlooks, err := s.svc.Development.Outlooks(ctx, files...)
	if err != nil {
		return nil, err
	}
	materials, err := s.store.DevMaterialsIn(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	out := make([]devRow, 0, len(files))
	for i, f := range files {
		row := devRow{File: f, Open: open[f.Person.ID]}
		if cur, ok := f.Current(); ok {
			row.Last = zhibu.DevSteps[cur.Step].Label() + "（" + cur.On.String() + "）"
		}
		if next := outlooks[i].Next; next > 0 {
			row.Step, row.Next, row.Earliest = next, zhibu.DevSteps[next].Label(), outlooks[i].Earliest
		}
		row.Missing = len(f.Missing(materials[f.Person.ID]))
		out = append(out, row)
	}
	return out, nil
}

// plan derives the year's numbers from the people of the org's subtree.
func (s *server) plan(ctx context.Context, o zhibu.Org, files []zhibu.DevFile, today zhibu.Date) (yearPlan, error) {
	people, err := s.store.PeopleMasked(ctx, o.ID, zhibu.PersonFilter{})
	if err != nil {
		return yearPlan{}, err
	}
	p := yearPlan{Year: today.Year}
	for _, x := range people {
		if x.Officer {
			p.Officers++
		}
		switch x.Status {
		case zhibu.FullMember, zhibu.Probationary:
			p.Members++
		case zhibu.Activist:
			p.Activists++
		case zhibu.Candidate:
			p.Activists++
			p.Planned++
			p.PlannedNames = append(p.PlannedNames, x.Name)
		}
		if !x.AdmittedOn.IsZero() && x.AdmittedOn.Year == today.Year {
			p.AdmittedSoFar++
		}
	}
	for _, f := range files {
		if f.Person.Status == zhibu.Applicant && f.Done(2) {
			p.NewActivists = append(p.NewActivists, f.Person.Name)
		}
	}
	p.Planned += p.AdmittedSoFar
	return p, nil
}

// devRegister is GET /orgs/{id}/development/register.xlsx.
func (s *server) devRegister(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.org(r)
	if err != nil {
		return err
	}
	files, err := s.store.DevFiles(ctx, o.ID)
	if err != nil {
		return err
	}
	rows, err := s.devRows(ctx, o, files, nil)
	if err != nil {
		return err
	}
	out := make([]devexport.Row, len(rows))
	for i, x := range rows {
		out[i] = devexport.Row{File: x.File, Next: x.Step, Earliest: x.Earliest, Missing: x.Missing}
	}
	var buf bytes.Buffer
	today := s.today()
	if err := devexport.WriteRegister(&buf, o.Name, today, out); err != nil {
		return err
	}
	return download(w, o.Name+"发展党员工作登记簿"+today.String()+".xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}

// newFileChoices are the masses of branch o who have no development file
// yet: the people a 新建档案 may start one for.
func (s *server) newFileChoices(ctx context.Context, o zhibu.Org, files []zhibu.DevFile) ([]option, error) {
	has := map[int64]bool{}
	for _, f := range files {
		has[f.Person.ID] = true
	}
	people, err := s.store.People(ctx, o.ID, zhibu.PersonFilter{Status: zhibu.Masses})
	if err != nil {
		return nil, err
	}
	var out []option
	for _, p := range people {
		if !has[p.ID] {
			label := p.Name
			if p.Unit != "" {
				label += "（" + p.Unit + "）"
			}
			out = append(out, option{Value: strconv.FormatInt(p.ID, 10), Label: label})
		}
	}
	return out, nil
}

// devNewFile is GET /orgs/{id}/development/new?person=: 新建档案 opens the
// chosen person's development file at its first step. A person who is not
// of the branch is not found; none chosen goes back to the overview.
func (s *server) devNewFile(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	id := formID(r.URL.Query().Get("person"))
	if id == 0 {
		return redirect(w, r, orgHref(o.ID)+"/development", "请选择要新建发展档案的人员")
	}
	p, err := s.store.Person(r.Context(), id)
	if err != nil {
		return err
	}
	if p.OrgID != o.ID {
		return zhibu.Errorf(zhibu.ErrNotFound, "该人员不在本支部")
	}
	return redirect(w, r, personHref(p.ID)+"/development#record", "")
}
