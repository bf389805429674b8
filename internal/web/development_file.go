package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// A person's development file page: the steps done, the next one with
// its earliest day, the materials missing, and the forms that record a
// step of the branch or of the superior.

// devRecordView is a record as the file lists it.
type devRecordView struct {
	zhibu.DevRecord
	Title   string
	Details string
	Failed  bool
	Meeting string // the link's text to the meeting that decided it
	Void    string // the form that voids it: the latest record, for whom may record its step
	// MeetingHref is the meeting that decided it, when the viewer may open it
	MeetingHref string
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
	Votes        []option // the branch's general assemblies' resolutions
	Committee    []option // the branch committee's adopted resolutions
	Members      []option
	MaterialOpts []option
	Accept       string
	Record       string
	Probation    zhibu.Date
	// Branch and Superior are the two forms, each for its one chosen step.
	Branch, Superior devStepForm
}

// devStepForm is the form of one step: the chooser's step (reloaded with
// ?step=N, or ?approval=N for the superior's, without JavaScript) and only
// the fields that step asks.
type devStepForm struct {
	Step     int
	Label    string
	Date     bool
	DateHint string
	Outcomes []option // the outcomes the step may have; none: done
	Vote     string   // the label of the resolution to choose, "" for none
	VoteHint string
	Votes    []option
	People   string // who is named: 培养联系人 (step 5) or 入党介绍人 (step 9)
	Training bool   // step 11
	Months   bool   // step 23: an extension's months
	Special  bool   // step 17: the longer approval period
}

// stepForm is the form of step n; votes are the assembly's resolutions,
// committee the committee's, for the steps a meeting decides.
func stepForm(n int, votes, committee []option) devStepForm {
	def := zhibu.DevSteps[n]
	f := devStepForm{Step: n, Label: def.Label(), Date: !def.Vote, People: map[string]string{"mentors": "培养联系人", "sponsors": "入党介绍人"}[def.People],
		Training: n == 11, Months: n == 23, Special: n == 17}
	switch {
	case def.Vote:
		f.Vote, f.Votes = "支部大会表决", votes
		f.VoteHint = "选择支部党员大会及其表决事项；日期为大会的日期，应到、实到人数按大会出席记录中的正式党员计算"
	case def.Committee:
		f.Vote, f.Votes = "支委会决议", committee
		f.VoteHint = "选择作出此决定的支委会及其决议（可不选）；选择后日期为会议的日期，会议记录中可查看本步骤"
		f.DateHint = "未选择支委会决议时填写"
	}
	switch n {
	case 10:
		f.Outcomes = []option{{"done", "合格"}, {"failed", "不合格"}}
	case 23:
		f.Outcomes = []option{{"confirm", "转为正式党员"}, {"extend", "延长预备期"}, {"revoke", "取消预备党员资格"}}
	}
	return f
}

// chosenStep is the step a form is drawn for: the one submitted (a form
// back with its problems), else the one chosen (?param=N), else def; a
// step of the other side is not taken.
func chosenStep(submitted, chosen string, superior bool, def int) int {
	for _, v := range []string{submitted, chosen} {
		if n, err := strconv.Atoi(v); err == nil && zhibu.ValidDevStep(n) && zhibu.DevSteps[n].Superior == superior {
			return n
		}
	}
	return def
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
		if open, err := s.svc.Compliance.OpenOfPerson(ctx, o, p.ID, "dev.", today); err == nil {
			d.Open = open
		} else {
			return err
		}
	}
	var latest int64
	for _, x := range file.Records {
		latest = max(latest, x.ID)
	}
	ls := s.links(r)
	for _, x := range file.Records {
		v := devRecordView{DevRecord: x, Title: zhibu.DevSteps[x.Step].Label(), Failed: x.Outcome == zhibu.OutcomeFailed}
		v.Details = recordDetails(x)
		if h := "/meetings/" + strconv.FormatInt(x.MeetingID, 10); x.MeetingID != 0 && ls.ok(h) {
			v.MeetingHref = h
			v.Meeting = "查看大会记录"
			if zhibu.DevSteps[x.Step].Committee {
				v.Meeting = "查看支委会记录"
			}
			if x.Resolution > 0 {
				v.MeetingHref += "#resolution-" + strconv.Itoa(x.Resolution)
			}
		}
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
	outlook, err := s.svc.Development.Outlooks(ctx, file)
	if err != nil {
		return err
	}
	if n := outlook[0].Next; n > 0 {
		d.NextStep, d.Next, d.Earliest = n, zhibu.DevSteps[n].Label(), outlook[0].Earliest
	}
	d.Probation = outlook[0].ProbationEnd
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
	// Each form's default is the next step of its side, or the first of
	// its side after it.
	defBranch, defSuperior := 1, 4
	for n := max(d.NextStep, 1); n <= zhibu.DevStepCount; n++ {
		if zhibu.DevSteps[n].Superior {
			defSuperior = n
			break
		}
	}
	for n := max(d.NextStep, 1); n <= zhibu.DevStepCount; n++ {
		if !zhibu.DevSteps[n].Superior {
			defBranch = n
			break
		}
	}
	q := r.URL.Query()
	if d.CanDevelop {
		if err := s.devFormOptions(ctx, d, p, today); err != nil {
			return err
		}
		d.Branch = stepForm(chosenStep(f["step"], q.Get("step"), false, defBranch), d.Votes, d.Committee)
		d.Form["step"] = strconv.Itoa(d.Branch.Step)
	}
	if d.CanSuperior {
		d.Superior = stepForm(chosenStep(f2["step"], q.Get("approval"), true, defSuperior), nil, nil)
		d.Form2["step"] = strconv.Itoa(d.Superior.Step)
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
			d.Votes = append(d.Votes, option{Value: strconv.FormatInt(m.ID, 10) + ":" + strconv.Itoa(j+1),
				Label: m.DateIn(zhibu.DefaultZone).String() + " 支部党员大会 第" + strconv.Itoa(j+1) + "项：" + short(res.Text)})
		}
	}
	cms, err := s.store.Meetings(ctx, store.MeetingFilter{OrgID: p.OrgID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
		From: time.Date(today.Year-3, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)})
	if err != nil {
		return err
	}
	d.Committee = []option{{"", "（不选，填写日期）"}}
	for i := len(cms) - 1; i >= 0; i-- {
		m := cms[i]
		if m.OrgID != p.OrgID || !m.Held() {
			continue
		}
		for j, res := range m.Resolutions {
			if res.Passed() {
				d.Committee = append(d.Committee, option{Value: strconv.FormatInt(m.ID, 10) + ":" + strconv.Itoa(j+1),
					Label: m.DateIn(zhibu.DefaultZone).String() + " 支委会 第" + strconv.Itoa(j+1) + "项：" + short(res.Text)})
			}
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

// short is a resolution's text cut to 30 characters for a chooser.
func short(text string) string {
	r := []rune(text)
	if len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return text
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
