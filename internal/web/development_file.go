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
	Meeting string
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
