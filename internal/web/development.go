package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/devexport"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// Member development: a branch's overview (the pipeline and the year's
// plan), a person's development file (the steps done, the next one with
// its earliest day, the materials missing, the forms that record a step),
// and the exports. A step the rules refuse comes back on the file page
// with the reason and the rule id.

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
}

// devContext is what every development page reads: the catalogue and the
// path of the person's (or org's) branch.
func (s *server) devCatalogue(ctx context.Context) (rules.Catalogue, error) {
	return s.store.Catalogue(ctx)
}

func devPath(path string) []int64 {
	var ids []int64
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// devFindings are the open dev.* findings of a branch this year as of today,
// by person; nil for an org that is not a branch.
func (s *server) devFindings(ctx context.Context, org zhibu.Org, cat rules.Catalogue, today zhibu.Date) (map[int64][]zhibu.Finding, error) {
	if org.Kind != zhibu.KindBranch {
		return nil, nil
	}
	facts, err := s.store.Facts(ctx, org.ID, today.Year, today)
	if err != nil {
		return nil, err
	}
	out := map[int64][]zhibu.Finding{}
	for _, f := range rules.Check(cat, facts, org.ID, today.Year) {
		if strings.HasPrefix(f.RuleID, "dev.") && f.SubjectKind == zhibu.SubjectPerson && f.Status != zhibu.StatusOK {
			out[f.SubjectID] = append(out[f.SubjectID], f)
		}
	}
	return out, nil
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
	today := s.today()
	cat, err := s.devCatalogue(ctx)
	if err != nil {
		return err
	}
	files, err := s.store.DevFiles(ctx, o.ID)
	if err != nil {
		return err
	}
	open, err := s.devFindings(ctx, o, cat, today)
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
	rows, err := s.devRows(ctx, cat, files, open)
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
	return s.render(w, r, http.StatusOK, "dev_overview", d)
}

// devRows computes each file's next step, missing materials and open findings.
func (s *server) devRows(ctx context.Context, cat rules.Catalogue, files []zhibu.DevFile, open map[int64][]zhibu.Finding) ([]devRow, error) {
	out := make([]devRow, 0, len(files))
	for _, f := range files {
		row := devRow{File: f, Open: open[f.Person.ID]}
		if n := len(f.Records); n > 0 {
			last := f.Records[n-1]
			row.Last = zhibu.DevSteps[last.Step].Label() + "（" + last.On.String() + "）"
		}
		next, earliest := rules.NextStep(cat, devPath(f.Person.OrgPath), f)
		if next > 0 {
			row.Next, row.Earliest = zhibu.DevSteps[next].Label(), earliest
		}
		ms, err := s.store.DevMaterials(ctx, f.Person.ID)
		if err != nil {
			return nil, err
		}
		row.Missing = len(f.Missing(ms))
		out = append(out, row)
	}
	return out, nil
}

// plan derives the year's numbers from the people of the org's subtree.
func (s *server) plan(ctx context.Context, o zhibu.Org, files []zhibu.DevFile, today zhibu.Date) (yearPlan, error) {
	people, err := s.store.People(ctx, o.ID, zhibu.PersonFilter{})
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
	cat, err := s.devCatalogue(ctx)
	if err != nil {
		return err
	}
	files, err := s.store.DevFiles(ctx, o.ID)
	if err != nil {
		return err
	}
	rows, err := s.devRows(ctx, cat, files, nil)
	if err != nil {
		return err
	}
	out := make([]devexport.Row, len(rows))
	for i, x := range rows {
		next, earliest := rules.NextStep(cat, devPath(x.File.Person.OrgPath), x.File)
		out[i] = devexport.Row{File: x.File, Next: next, Earliest: earliest, Missing: x.Missing}
	}
	var buf bytes.Buffer
	today := s.today()
	if err := devexport.WriteRegister(&buf, o.Name, today, out); err != nil {
		return err
	}
	return download(w, o.Name+"发展党员工作登记簿"+today.String()+".xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}

// devRecordView is a record as the file lists it.
type devRecordView struct {
	zhibu.DevRecord
	Title   string
	Details string
	Failed  bool
	Meeting string
	Void    string // the form that voids it: the latest record, for whom may record its step
}

// materialView is one checklist line of a step.
type materialView struct {
	Step  int
	Name  string
	Files []zhibu.DevMaterial
}

type devFilePage struct {
	base
	Person       zhibu.Person
	OrgHref      string
	Records      []devRecordView
	Next         string
	NextStep     int
	Earliest     zhibu.Date
	Missing      []zhibu.MissingMaterial
	Materials    []materialView
	Open         []zhibu.Finding
	CanDevelop   bool
	CanSuperior  bool
	CanRead      bool // the materials open for those who read the branch, not for the person themself
	Form         form
	Form2        form
	BranchSteps  []option
	SuperiorStep []option
	Outcomes     []option
	Votes        []option
	Members      []option
	MaterialOpts []option
	Accept       string
	Record       string
	Probation    zhibu.Date
}

// devFileShow is GET /people/{id}/development.
func (s *server) devFileShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.devFileRender(w, r, http.StatusOK, id, form{}, form{}, nil)
}

// devFileRender draws the file page; f and f2 are the branch's and the
// superior's forms as typed, ps the problems of the one submitted.
func (s *server) devFileRender(w http.ResponseWriter, r *http.Request, status int, id int64, f, f2 form, ps zhibu.Problems) error {
	ctx := r.Context()
	file, err := s.store.DevFile(ctx, id)
	if err != nil {
		return err
	}
	p := file.Person
	actor := zhibu.ActorFrom(ctx)
	cat, err := s.devCatalogue(ctx)
	if err != nil {
		return err
	}
	today := s.today()
	d := &devFilePage{Person: store.Masked(p), Form: f, Form2: f2, Accept: attachmentAccept,
		CanDevelop: actor.Can(zhibu.PermDevelop, p.OrgPath), CanSuperior: actor.Can(zhibu.PermFilingReview, p.OrgPath),
		CanRead: actor.Can(zhibu.PermOrgRead, p.OrgPath),
		Record:  devHref(p.ID) + "/record.docx"}
	d.Problems = ps
	d.Title = p.Name + " 发展档案"
	o, err := s.store.Org(ctx, p.OrgID)
	switch {
	case isNotFound(err):
		d.Crumbs = []crumb{{Label: p.OrgName}, {Label: p.Name, Href: personHref(p.ID)}, {Label: "发展档案"}}
	case err != nil:
		return err
	default:
		d.OrgHref = orgHref(o.ID) + "/development"
		if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "发展党员", Href: d.OrgHref},
			crumb{Label: p.Name + " 发展档案"}); err != nil {
			return err
		}
		if open, err := s.devFindings(ctx, o, cat, today); err == nil {
			d.Open = open[p.ID]
		} else {
			return err
		}
	}
	var latest int64
	for _, x := range file.Records {
		latest = max(latest, x.ID)
	}
	for _, x := range file.Records {
		v := devRecordView{DevRecord: x, Title: zhibu.DevSteps[x.Step].Label(), Failed: x.Outcome == zhibu.OutcomeFailed}
		v.Details = recordDetails(x)
		if x.ID == latest {
			switch sup := zhibu.DevSteps[x.Step].Superior; {
			case sup && d.CanSuperior:
				v.Void = devHref(p.ID) + "/approvals/void"
			case !sup && d.CanDevelop:
				v.Void = devHref(p.ID) + "/steps/void"
			}
		}
		d.Records = append(d.Records, v)
	}
	path := devPath(p.OrgPath)
	if n, earliest := rules.NextStep(cat, path, file); n > 0 {
		d.NextStep, d.Next, d.Earliest = n, zhibu.DevSteps[n].Label(), earliest
	}
	res, _ := cat.Resolve("dev.probation", path, today)
	d.Probation = file.ProbationEnd(max(res.Params.Get("probation_months"), 12))
	ms, err := s.store.DevMaterials(ctx, p.ID)
	if err != nil {
		return err
	}
	d.Missing = file.Missing(ms)
	for n := 1; n <= zhibu.DevStepCount; n++ {
		for _, name := range zhibu.DevSteps[n].Materials {
			mv := materialView{Step: n, Name: name}
			for _, m := range ms {
				if m.Step == n && m.Name == name {
					mv.Files = append(mv.Files, m)
				}
			}
			if _, done := file.LastAny(n); done || len(mv.Files) > 0 {
				d.Materials = append(d.Materials, mv)
			}
			d.MaterialOpts = append(d.MaterialOpts, option{Value: strconv.Itoa(n) + "/" + name, Label: "第" + strconv.Itoa(n) + "步 " + name})
		}
	}
	for n := 1; n <= zhibu.DevStepCount; n++ {
		def := zhibu.DevSteps[n]
		opt := option{Value: strconv.Itoa(n), Label: def.Label()}
		if def.Superior {
			d.SuperiorStep = append(d.SuperiorStep, opt)
		} else {
			d.BranchSteps = append(d.BranchSteps, opt)
		}
	}
	if d.Form["step"] == "" && d.NextStep > 0 && !zhibu.DevSteps[d.NextStep].Superior {
		d.Form["step"] = strconv.Itoa(d.NextStep)
	}
	if d.Form2["step"] == "" && d.NextStep > 0 && zhibu.DevSteps[d.NextStep].Superior {
		d.Form2["step"] = strconv.Itoa(d.NextStep)
	}
	d.Outcomes = []option{{"done", "已完成（表决：通过）"}, {"failed", "未通过（政治审查不合格）"}, {"confirm", "转为正式党员（第23步）"},
		{"extend", "延长预备期（第23步）"}, {"revoke", "取消预备党员资格（第23步）"}}
	if d.CanDevelop {
		if err := s.devFormOptions(ctx, d, p, today); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "dev_file", d)
}

// devFormOptions fills the choices of the branch's form: the branch's held
// general assemblies with their resolutions, and its full members today.
func (s *server) devFormOptions(ctx context.Context, d *devFilePage, p zhibu.Person, today zhibu.Date) error {
	ms, err := s.store.Meetings(ctx, store.MeetingFilter{OrgID: p.OrgID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
		From: time.Date(today.Year-3, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)})
	if err != nil {
		return err
	}
	d.Votes = []option{{"", "（表决步骤时选择）"}}
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		if m.OrgID != p.OrgID {
			continue
		}
		for j, res := range m.Resolutions {
			text := []rune(res.Text)
			if len(text) > 30 {
				text = append(text[:30], '…')
			}
			d.Votes = append(d.Votes, option{Value: strconv.FormatInt(m.ID, 10) + ":" + strconv.Itoa(j+1),
				Label: m.DateIn(zhibu.DefaultZone).String() + " 支部党员大会 第" + strconv.Itoa(j+1) + "项：" + string(text)})
		}
	}
	full, err := s.store.FullMembersOn(ctx, p.OrgID, today)
	if err != nil {
		return err
	}
	people, err := s.store.People(ctx, p.OrgID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return err
	}
	d.Members = []option{{"", "（不选）"}}
	for _, x := range people {
		if full[x.ID] && x.ID != p.ID {
			d.Members = append(d.Members, option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
		}
	}
	return nil
}

// recordDetails are a record's particulars, as the file lists them.
func recordDetails(x zhibu.DevRecord) string {
	var parts []string
	switch {
	case x.Step == 5 && len(x.PeopleName) > 0:
		parts = append(parts, "培养联系人："+strings.Join(x.PeopleName, "、"))
	case x.Step == 9 && len(x.PeopleName) > 0:
		parts = append(parts, "入党介绍人："+strings.Join(x.PeopleName, "、"))
	case x.Step == 11:
		parts = append(parts, "培训"+strconv.Itoa(x.Days)+"天、"+strconv.Itoa(x.Hours)+"学时")
	case zhibu.DevSteps[x.Step].Vote:
		parts = append(parts, rules.VoteText(x.Votes))
		if x.Outcome == zhibu.OutcomeExtend {
			parts = append(parts, "延长预备期"+strconv.Itoa(x.Months)+"个月")
		}
	}
	if x.Special {
		parts = append(parts, "特殊情况")
	}
	if x.Note != "" {
		parts = append(parts, x.Note)
	}
	return strings.Join(parts, "；")
}

// devStepBranch is POST /people/{id}/development/steps: a step of the branch.
func (s *server) devStepBranch(w http.ResponseWriter, r *http.Request) error {
	return s.devStep(w, r, false)
}

// devStepSuperior is POST /people/{id}/development/approvals: a step of the
// superior committee.
func (s *server) devStepSuperior(w http.ResponseWriter, r *http.Request) error {
	return s.devStep(w, r, true)
}

func (s *server) devStep(w http.ResponseWriter, r *http.Request, superior bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	rec := zhibu.DevRecord{Note: f["note"], Outcome: zhibu.DevOutcome(f["outcome"])}
	rec.Step, _ = strconv.Atoi(f["step"])
	if !zhibu.ValidDevStep(rec.Step) {
		ps.Add("step", "步骤", "请选择要记录的步骤")
	}
	if rec.Outcome == "" {
		rec.Outcome = zhibu.OutcomeDone
	}
	if ok := zhibu.ValidDevStep(rec.Step) && zhibu.DevSteps[rec.Step].Vote; ok {
		mid, pos, _ := strings.Cut(f["vote"], ":")
		rec.MeetingID = formID(mid)
		rec.Resolution, _ = strconv.Atoi(pos)
		if rec.MeetingID == 0 {
			ps.Add("vote", "支部大会表决", "请选择作出决议的支部党员大会和表决事项")
		}
	} else {
		rec.On = f.date("on", "日期", &ps)
		if rec.On.IsZero() && ps.For("on") == "" {
			ps.Add("on", "日期", "不能为空")
		}
	}
	for _, k := range []string{"person1", "person2", "person3"} {
		if pid := formID(f[k]); pid != 0 {
			rec.People = append(rec.People, pid)
		}
	}
	num := func(name, label string) int {
		if f[name] == "" {
			return 0
		}
		n, err := strconv.Atoi(f[name])
		if err != nil || n < 0 || n > 1000 {
			ps.Add(name, label, "应为0至1000之间的整数")
		}
		return n
	}
	rec.Days, rec.Hours, rec.Months = num("days", "培训天数"), num("hours", "培训学时"), num("months", "延长月数")
	rec.Special = f["special"] == "true"
	render := func(status int, ps zhibu.Problems) error {
		if superior {
			return s.devFileRender(w, r, status, id, form{}, f, ps)
		}
		return s.devFileRender(w, r, status, id, f, form{}, ps)
	}
	if len(ps) > 0 {
		return render(http.StatusUnprocessableEntity, ps)
	}
	record := s.svc.Development.RecordStep
	if superior {
		record = s.svc.Development.RecordApproval
	}
	saved, err := record(r.Context(), id, rec)
	if err != nil {
		if !invalid(err) {
			return err
		}
		// The vote's field names the form's one select.
		ps := problemsOf(err)
		for i := range ps {
			if ps[i].Field == "meeting_id" || ps[i].Field == "resolution" {
				ps[i].Field = "vote"
			}
			if ps[i].Field == "people" {
				ps[i].Field = "person1"
			}
		}
		return render(http.StatusUnprocessableEntity, ps)
	}
	flash := "已记录" + zhibu.DevSteps[saved.Step].Label() + "（" + saved.On.String() + "）"
	if saved.Outcome == zhibu.OutcomeFailed {
		flash += "：表决未通过（" + rules.VoteText(saved.Votes) + "），已记为未通过"
	}
	return redirect(w, r, devHref(id), flash)
}

// devMaterialUpload is POST /people/{id}/development/materials: files for
// one material of the checklist, all or none.
func (s *server) devMaterialUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	refuse := func(status int, ps zhibu.Problems) error {
		return s.devFileRender(w, r, status, id, form{}, form{}, ps)
	}
	if r.ContentLength > maxAttachmentUpload {
		return refuse(http.StatusRequestEntityTooLarge, filesProblem("附件：提交的文件过大，请分批上传；未保存任何文件"))
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAttachmentUpload)
	material, files, tooLarge, ps, err := readMaterials(r)
	switch {
	case errors.Is(err, errUploadTooLarge):
		return refuse(http.StatusRequestEntityTooLarge, filesProblem("附件：提交的文件过大，请分批上传；未保存任何文件"))
	case err != nil:
		return err
	case len(ps) > 0:
		return refuse(http.StatusUnprocessableEntity, ps)
	case len(tooLarge) > 0:
		return refuse(http.StatusRequestEntityTooLarge, tooLarge)
	}
	stepText, name, _ := strings.Cut(material, "/")
	step, _ := strconv.Atoi(stepText)
	added, err := s.store.AddDevMaterials(r.Context(), id, step, name, files)
	if err != nil {
		if !invalid(err) {
			return err
		}
		return refuse(http.StatusUnprocessableEntity, problemsOf(err))
	}
	return redirect(w, r, devHref(id)+"#materials", "已上传"+strconv.Itoa(len(added))+"个文件："+name)
}

// readMaterials reads an upload of materials: the "material" field and
// the "files" inputs, as readAttachments does.
func readMaterials(r *http.Request) (material string, files []store.NewAttachment, tooLarge, ps zhibu.Problems, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, nil, filesProblem("附件：请选择要上传的文件"), nil
	}
	unreadable := filesProblem("附件：无法读取上传的内容，请重新选择文件上传")
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, nil, nil, errUploadTooLarge
		}
		if err != nil {
			return "", nil, nil, unreadable, nil
		}
		if part.FormName() == "material" && part.FileName() == "" {
			b, _ := io.ReadAll(io.LimitReader(part, 300))
			material = clean(string(b))
			continue
		}
		name := part.FileName()
		if part.FormName() != "files" || name == "" {
			continue
		}
		if len(files)+len(tooLarge) >= store.MaxAttachments {
			return "", nil, nil, filesProblem("附件：一次最多上传" + strconv.Itoa(store.MaxAttachments) + "个文件"), nil
		}
		data, err := io.ReadAll(io.LimitReader(part, store.MaxAttachmentBytes+1))
		if errors.As(err, &mbe) {
			return "", nil, nil, nil, errUploadTooLarge
		}
		if err != nil {
			return "", nil, nil, unreadable, nil
		}
		if len(data) > store.MaxAttachmentBytes {
			tooLarge = append(tooLarge, store.AttachmentTooLarge(name))
			continue
		}
		files = append(files, store.NewAttachment{Filename: name, Data: data})
	}
	return material, files, tooLarge, nil, nil
}

var errNoMaterial = zhibu.Errorf(zhibu.ErrInvalid, "请指定要查看的材料")

// devMaterialDownload is GET /people/{id}/development/material?m=ID.
func (s *server) devMaterialDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	mid := formID(r.URL.Query().Get("m"))
	if mid == 0 {
		return errNoMaterial
	}
	m, data, err := s.store.DevMaterial(r.Context(), id, mid)
	if err != nil {
		return err
	}
	a := store.Attachment{Filename: m.Filename, ContentType: m.ContentType, Size: m.Size, ID: m.ID}
	kind := "attachment"
	if a.IsImage() {
		kind = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", m.ContentType)
	h.Set("Content-Disposition", attachmentDisposition(kind, a))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
	return nil
}

// devMaterialDelete is POST /people/{id}/development/material/delete (m=ID).
func (s *server) devMaterialDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	mid := formID(r.PostForm.Get("m"))
	if mid == 0 {
		return errNoMaterial
	}
	if err := s.store.DeleteDevMaterial(r.Context(), id, mid); err != nil {
		return err
	}
	return redirect(w, r, devHref(id)+"#materials", "已删除材料")
}

// devRecordDocx is GET /people/{id}/development/record.docx.
func (s *server) devRecordDocx(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.store.DevFile(ctx, id)
	if err != nil {
		return err
	}
	f.Person = store.Masked(f.Person)
	ms, err := s.store.DevMaterials(ctx, id)
	if err != nil {
		return err
	}
	info := devexport.RecordInfo{OrgName: f.Person.OrgName, AsOf: s.today(), Missing: f.Missing(ms)}
	var buf bytes.Buffer
	if _, err := devexport.Record(f, info).WriteTo(&buf); err != nil {
		return err
	}
	return download(w, f.Person.Name+"发展党员纪实.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &buf)
}

// devVoidBranch is POST /people/{id}/development/steps/void (record=ID):
// the latest record, a step of the branch, voided.
func (s *server) devVoidBranch(w http.ResponseWriter, r *http.Request) error {
	return s.devVoid(w, r, false)
}

// devVoidSuperior is POST /people/{id}/development/approvals/void: the
// latest record, a step of the superior, voided.
func (s *server) devVoidSuperior(w http.ResponseWriter, r *http.Request) error {
	return s.devVoid(w, r, true)
}

func (s *server) devVoid(w http.ResponseWriter, r *http.Request, superior bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	rid := formID(r.PostForm.Get("record"))
	if rid == 0 {
		return zhibu.Errorf(zhibu.ErrInvalid, "请指定要撤销的记录")
	}
	void := s.svc.Development.VoidLastStep
	if superior {
		void = s.svc.Development.VoidLastApproval
	}
	voided, err := void(r.Context(), id, rid)
	if err != nil {
		if invalid(err) {
			return s.devFileRender(w, r, http.StatusUnprocessableEntity, id, form{}, form{}, problemsOf(err))
		}
		return err
	}
	return redirect(w, r, devHref(id)+"#steps", "已撤销"+voided.Def().Label()+"（"+voided.On.String()+"）")
}
