package service

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// Plans is the year plan (党建工作要点 / 工作计划): an org's plan per year,
// each item's progress computed from the engine's findings of the rules it
// names, or from the records linked to it (or its owner's mark); the copy
// of last year's plan, a branch's plan built from its superior's published
// 工作要点, and the figures the plan document fills in.
type Plans struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newPlans(st *store.Store, opt Options, c *Compliance) *Plans {
	return &Plans{store: st, opt: opt, compliance: c}
}

// ItemView is an item as of a day: its state, the findings of its rules
// that are not yet satisfied (the worst first), the records that fulfil
// it, and who acts (the people holding the owner position that day).
type ItemView struct {
	zhibu.PlanItem
	State    zhibu.PlanState
	Open     []zhibu.Finding // its rules' findings not satisfied, overdue first
	Found    int             // how many findings its rules gave
	Records  []zhibu.PlanLink
	Actors   []string // names of the holders of the owner position
	Ref      string   // the superior's item it was copied from, if any
	RuleText []string // "id 标题" of its rules
}

// PlanView is a plan with every item's progress as of a day.
type PlanView struct {
	Plan     zhibu.Plan
	Org      zhibu.Org
	AsOf     zhibu.Date
	Sections []SectionView
	Done     int
	Due      int
	Overdue  int
}

// SectionView is a section of a plan with its items' views.
type SectionView struct {
	zhibu.PlanSection
	Items []ItemView
}

// View is org o's plan for year with every item's state as of asOf.
func (p *Plans) View(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) (PlanView, error) {
	v := PlanView{Org: o, AsOf: asOf}
	plan, err := p.store.Plan(ctx, o.ID, year)
	if err != nil {
		return v, err
	}
	v.Plan = plan
	sys := zhibu.WithActor(ctx, zhibu.System)
	fs, cat, err := p.compliance.Check(sys, o, year, asOf)
	if err != nil {
		return v, err
	}
	titles := map[string]string{}
	for _, r := range cat {
		titles[r.ID] = r.Title
	}
	holders, err := p.holders(sys, o, asOf)
	if err != nil {
		return v, err
	}
	refs := map[int64]string{}
	if plan.SourceID != 0 {
		if src, err := p.store.PlanByID(sys, plan.SourceID); err == nil {
			for _, s := range src.Sections {
				for _, it := range s.Items {
					refs[it.ID] = src.Title + " " + zhibu.Numeral(s.N) + "、" + strconv.Itoa(it.N)
				}
			}
		}
	}
	meetings, err := p.meetingsOf(sys, o, year)
	if err != nil {
		return v, err
	}
	for _, sec := range plan.Sections {
		sv := SectionView{PlanSection: sec}
		for _, it := range sec.Items {
			iv := ItemView{PlanItem: it, Actors: holders[it.Owner], Ref: refs[it.RefID], Records: slices.Clone(it.Links)}
			for _, r := range it.Rules {
				iv.RuleText = append(iv.RuleText, r+" "+titles[r])
			}
			iv.Records = append(iv.Records, autoLinks(it, meetings)...)
			iv.State = itemState(it, iv.Records, fs, asOf, &iv)
			switch iv.State {
			case zhibu.PlanDone:
				v.Done++
			case zhibu.PlanDue:
				v.Due++
			case zhibu.PlanOverdue:
				v.Overdue++
			}
			sv.Items = append(sv.Items, iv)
		}
		v.Sections = append(v.Sections, sv)
	}
	return v, nil
}

// itemState decides an item's state: from its rules' findings when it
// names rules the engine judged, else from its records and its owner's mark.
func itemState(it zhibu.PlanItem, records []zhibu.PlanLink, fs []zhibu.Finding, asOf zhibu.Date, iv *ItemView) zhibu.PlanState {
	var mine []zhibu.Finding
	for _, f := range fs {
		if slices.Contains(it.Rules, f.RuleID) {
			mine = append(mine, f)
		}
	}
	iv.Found = len(mine)
	for _, sev := range []zhibu.FindingStatus{zhibu.StatusOverdue, zhibu.StatusViolation, zhibu.StatusDue} {
		for _, f := range mine {
			if f.Status == sev {
				iv.Open = append(iv.Open, f)
			}
		}
	}
	if st, ok := zhibu.StateFromFindings(mine); ok {
		return st
	}
	x := it
	x.Links = records
	return x.StateByRecords(asOf)
}

// meetingsOf are the held meetings of org o (and its groups) in year.
func (p *Plans) meetingsOf(ctx context.Context, o zhibu.Org, year int) ([]zhibu.Meeting, error) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)
	return p.store.Meetings(ctx, store.MeetingFilter{OrgID: o.ID, From: from, To: from.AddDate(1, 0, 0), Status: zhibu.MeetingHeld})
}

// autoLinks are the held meetings of the type an item names (without
// rules) dated in its year up to its due date: they fulfil it without
// being linked by hand.
func autoLinks(it zhibu.PlanItem, ms []zhibu.Meeting) []zhibu.PlanLink {
	t, ok := it.MeetingType()
	if !ok || len(it.Rules) > 0 {
		return nil
	}
	var out []zhibu.PlanLink
	for _, m := range ms {
		day := m.DateIn(nil)
		if m.Type != t || !it.Covers(day) {
			continue
		}
		if slices.ContainsFunc(it.Links, func(l zhibu.PlanLink) bool { return l.Kind == "meeting" && l.ID == m.ID }) {
			continue
		}
		out = append(out, zhibu.PlanLink{ItemID: it.ID, Kind: "meeting", ID: m.ID, On: day, Label: day.Chinese() + " " + t.Label()})
	}
	return out
}

// holders are the names of who holds each position of org o on day: its
// committee's seats, and the leaders of its groups.
func (p *Plans) holders(ctx context.Context, o zhibu.Org, day zhibu.Date) (map[zhibu.Position][]string, error) {
	out := map[zhibu.Position][]string{}
	terms, err := p.store.Terms(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range terms {
		for _, s := range t.Seats {
			if s.Active(day) {
				out[s.Position] = append(out[s.Position], s.PersonName)
			}
		}
	}
	if o.Kind == zhibu.KindBranch {
		gs, err := p.store.Groups(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			if g.LeaderName != "" {
				out[zhibu.GroupLeader] = append(out[zhibu.GroupLeader], g.LeaderName)
			}
		}
	}
	return out, nil
}

// checkRules adds a problem for each rule id the catalogue does not know.
func (p *Plans) checkRules(ctx context.Context, rs []string, ps *zhibu.Problems) error {
	if len(rs) == 0 {
		return nil
	}
	cat, err := p.compliance.Catalogue(ctx)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if !slices.ContainsFunc(cat, func(v zhibu.RuleVersion) bool { return v.ID == r }) {
			ps.Add("rules", "对应规则", "规则库中没有“"+r+"”")
			return nil
		}
	}
	return nil
}

// Create writes a new plan of an org with its sections and items; every
// rule id an item names must be in the catalogue.
func (p *Plans) Create(ctx context.Context, plan zhibu.Plan) (zhibu.Plan, error) {
	o, err := p.store.Org(ctx, plan.OrgID)
	if err != nil {
		return plan, err
	}
	if err := may(ctx, zhibu.PermOrgManage, o, "无权制定该组织的工作计划"); err != nil {
		return plan, err
	}
	if o.Kind == zhibu.KindGroup {
		return plan, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：工作计划由党支部或党委制定，党小组不单独制定"}}
	}
	var ps zhibu.Problems
	for i := range plan.Sections {
		plan.Sections[i].N = i + 1
		for j := range plan.Sections[i].Items {
			plan.Sections[i].Items[j].N = j + 1
			if err := p.checkRules(ctx, plan.Sections[i].Items[j].Rules, &ps); err != nil {
				return plan, err
			}
		}
	}
	if err := ps.Err(); err != nil {
		return plan, err
	}
	return p.store.CreatePlan(ctx, plan)
}

// Start creates an empty plan of org orgID for year with the given
// title (and the seed's ten sections, which the secretary may rename).
func (p *Plans) Start(ctx context.Context, orgID int64, year int, title string) (zhibu.Plan, error) {
	plan := zhibu.Plan{OrgID: orgID, Year: year, Title: title}
	for _, t := range DefaultSections {
		plan.Sections = append(plan.Sections, zhibu.PlanSection{Title: t})
	}
	return p.Create(ctx, plan)
}

// DefaultSections are the ten sections of the seed plan, what a new plan
// starts with.
var DefaultSections = []string{
	"明确支部组织架构，细化责任分工",
	"全面贯彻落实“三会一课”制度",
	"认真做好支部党员发展工作",
	"积极开展支部专题组织活动",
	"扎实推进党员述职评议工作",
	"不断落实党务公开制度",
	"长期抓好思想政治工作",
	"做好党支部基础工作的集中整治",
	"做好各类党建档案的保管和留存工作",
	"做好党建工作调研和论文撰写工作",
}

// Update changes a plan's own fields (title, preamble, admissions,
// publication, section titles). Only a committee's plan is published.
func (p *Plans) Update(ctx context.Context, plan zhibu.Plan) (zhibu.Plan, error) {
	old, err := p.store.PlanByID(ctx, plan.ID)
	if err != nil {
		return plan, err
	}
	o, err := p.store.Org(ctx, old.OrgID)
	if err != nil {
		return plan, err
	}
	if err := may(ctx, zhibu.PermOrgManage, o, "无权修改该组织的工作计划"); err != nil {
		return plan, err
	}
	if plan.Published && o.Kind == zhibu.KindBranch {
		return plan, zhibu.Problems{{Field: "published", Label: "发布", Message: "发布：只有党委（党总支）的工作要点可以发布给下级"}}
	}
	return p.store.UpdatePlan(ctx, plan)
}

// SaveItem adds or changes an item; its rules must be in the catalogue.
func (p *Plans) SaveItem(ctx context.Context, it zhibu.PlanItem) (zhibu.PlanItem, error) {
	it.Normalize()
	planID := it.PlanID
	if it.ID != 0 {
		plan, _, err := p.store.PlanItem(ctx, it.ID)
		if err != nil {
			return it, err
		}
		planID = plan.ID
	}
	plan, err := p.store.PlanByID(ctx, planID)
	if err != nil {
		return it, err
	}
	var ps zhibu.Problems
	if err := it.Validate(plan.Year, p.opt.today()); err != nil {
		if !errors.As(err, &ps) {
			return it, err
		}
	}
	if ps.For("section") == "" && !slices.ContainsFunc(plan.Sections, func(s zhibu.PlanSection) bool { return s.N == it.Section }) {
		ps.Add("section", "所属部分", "计划中没有第"+zhibu.Numeral(it.Section)+"部分")
	}
	if ps.For("rules") == "" {
		if err := p.checkRules(ctx, it.Rules, &ps); err != nil {
			return it, err
		}
	}
	if err := ps.Err(); err != nil {
		return it, err
	}
	return p.store.SavePlanItem(ctx, it)
}

// MarkDone is the owner's mark that an item without rules is done on day
// with its evidence.
func (p *Plans) MarkDone(ctx context.Context, itemID int64, day zhibu.Date, evidence string) (zhibu.PlanItem, error) {
	_, it, err := p.store.PlanItem(ctx, itemID)
	if err != nil {
		return it, err
	}
	if day.IsZero() {
		return it, zhibu.Problems{{Field: "done_on", Label: "完成日期", Message: "完成日期：不能为空"}}
	}
	it.DoneOn, it.Evidence = day, evidence
	return p.store.SavePlanItem(ctx, it)
}

// Copy makes org orgID's plan for year from its plan of the year before:
// the same sections and items, due dates moved a year on, links and
// completions dropped.
func (p *Plans) Copy(ctx context.Context, orgID int64, year int) (zhibu.Plan, error) {
	last, err := p.store.Plan(ctx, orgID, year-1)
	if errors.Is(err, zhibu.ErrNotFound) {
		return last, zhibu.Problems{{Field: "year", Label: "年度", Message: "年度：" + strconv.Itoa(year-1) + "年没有工作计划可以复制"}}
	}
	if err != nil {
		return last, err
	}
	next := zhibu.Plan{OrgID: orgID, Year: year, Title: yearTitle(last.Title, year-1, year), Intro: yearTitle(last.Intro, year-1, year),
		Admissions: last.Admissions, SourceID: 0}
	for _, s := range last.Sections {
		ns := zhibu.PlanSection{Title: s.Title}
		for _, it := range s.Items {
			it.ID, it.PlanID, it.Links, it.DoneOn, it.Evidence, it.RefID = 0, 0, nil, zhibu.Date{}, "", 0
			if !it.DueOn.IsZero() {
				it.DueOn = it.DueOn.AddYears(1)
			}
			if !it.FromOn.IsZero() {
				it.FromOn = it.FromOn.AddYears(1)
			}
			it.Text = yearTitle(it.Text, year-1, year)
			ns.Items = append(ns.Items, it)
		}
		next.Sections = append(next.Sections, ns)
	}
	return p.Create(ctx, next)
}

// yearTitle replaces the old year's "2025年" by the new one's in s.
func yearTitle(s string, from, to int) string {
	return strings.ReplaceAll(s, strconv.Itoa(from)+"年", strconv.Itoa(to)+"年")
}

// BuildFrom makes org orgID's plan for year from the nearest superior's
// published 工作要点 of that year: its sections and items, each with a
// reference to the superior's item, to be adapted by the branch.
func (p *Plans) BuildFrom(ctx context.Context, orgID int64, year int, title string) (zhibu.Plan, error) {
	ups, err := p.store.PublishedPlans(ctx, orgID, year)
	if err != nil {
		return zhibu.Plan{}, err
	}
	if len(ups) == 0 {
		return zhibu.Plan{}, zhibu.Problems{{Field: "year", Label: "年度", Message: "年度：上级党委尚未发布" + strconv.Itoa(year) + "年工作要点"}}
	}
	src := ups[0]
	plan := zhibu.Plan{OrgID: orgID, Year: year, Title: title, Intro: src.Intro, SourceID: src.ID}
	for _, s := range src.Sections {
		ns := zhibu.PlanSection{Title: s.Title}
		for _, it := range s.Items {
			it.RefID, it.ID, it.PlanID, it.Links, it.DoneOn, it.Evidence = it.ID, 0, 0, nil, zhibu.Date{}, ""
			ns.Items = append(ns.Items, it)
		}
		plan.Sections = append(plan.Sections, ns)
	}
	return p.Create(ctx, plan)
}

// Figures are the numbers of an org the plan document fills in.
type Figures struct {
	Officers   int // 民警
	Members    int // 党员
	Activists  int // 入党积极分子 in cultivation (activists and candidates)
	Candidates int // 发展对象
	Admissions int // 本年度拟计划发展党员: the plan's, else the candidates
	Positions  []string
	Groups     []string
}

// Figures counts org o's roster for plan (as of day), for the document.
func (p *Plans) Figures(ctx context.Context, o zhibu.Org, plan zhibu.Plan, day zhibu.Date) (Figures, error) {
	var f Figures
	c, err := p.store.Counts(ctx, o.ID)
	if err != nil {
		return f, err
	}
	f.Officers, f.Members, f.Activists, f.Candidates = c.Officers, c.Members, c.Activists+c.Candidates, c.Candidates
	f.Admissions = plan.Admissions
	if f.Admissions == 0 {
		f.Admissions = c.Candidates
	}
	sys := zhibu.WithActor(ctx, zhibu.System)
	hs, err := p.holders(sys, o, day)
	if err != nil {
		return f, err
	}
	for _, pos := range zhibu.CommitteePositions {
		if names := hs[pos]; len(names) > 0 {
			f.Positions = append(f.Positions, "党支部"+pos.Label()+"："+joinNames(names))
		}
	}
	if o.Kind == zhibu.KindBranch {
		gs, err := p.store.Groups(sys, o.ID)
		if err != nil {
			return f, err
		}
		for _, g := range gs {
			s := g.Org.Name + "（" + strconv.Itoa(g.Size) + "人）"
			if g.LeaderName != "" {
				s += "：" + g.LeaderName + "（组长）"
			}
			f.Groups = append(f.Groups, s)
		}
	}
	return f, nil
}

func joinNames(ns []string) string {
	out := ""
	for i, n := range ns {
		if i > 0 {
			out += "、"
		}
		out += n
	}
	return out
}

// PlanDuty is an overdue item of a plan that a person acts on.
type PlanDuty struct {
	Org  zhibu.Org
	Item ItemView
}

// Duties are the overdue items without rules of the plans (for the year
// of day) of the orgs a person's seats make them answer for, that their
// seats own: what 我的职责 lists beside the findings. Items with rules are
// not repeated: their findings are the person's duties already. The
// secretary and the deputy own every item, as they do every finding.
func (p *Plans) Duties(ctx context.Context, orgs []*Duty, day zhibu.Date) ([]PlanDuty, error) {
	sys := zhibu.WithActor(ctx, zhibu.System)
	var out []PlanDuty
	for _, du := range orgs {
		v, err := p.View(sys, du.Org, day.Year, day)
		if errors.Is(err, zhibu.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, s := range v.Sections {
			for _, it := range s.Items {
				if it.State != zhibu.PlanOverdue || len(it.Rules) > 0 {
					continue
				}
				f := zhibu.Finding{Responsible: it.Owner, SubjectKind: zhibu.SubjectOrg, SubjectID: du.Org.ID}
				if it.Owner == zhibu.GroupLeader && len(du.Groups) > 0 {
					f.SubjectID = du.Groups[0].ID
				}
				if du.Owns(f) {
					out = append(out, PlanDuty{Org: du.Org, Item: it})
				}
			}
		}
	}
	return out, nil
}

// BranchPlan is one branch's line in the superior's view of the plans.
type BranchPlan struct {
	Org                zhibu.Org
	Has                bool // the branch has a plan for the year
	Done, Due, Overdue int
	Title              string
}

// Branches is the plan progress of every branch under org o (a committee
// or general branch) for year as of asOf, for the superior.
func (p *Plans) Branches(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) ([]BranchPlan, error) {
	orgs, err := p.store.Orgs(ctx, store.OrgFilter{Under: o.ID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return nil, err
	}
	var out []BranchPlan
	for _, b := range orgs {
		if b.Kind != zhibu.KindBranch {
			continue
		}
		bp := BranchPlan{Org: b}
		v, err := p.View(ctx, b, year, asOf)
		switch {
		case errors.Is(err, zhibu.ErrNotFound):
		case err != nil:
			return nil, err
		default:
			bp.Has, bp.Done, bp.Due, bp.Overdue, bp.Title = true, v.Done, v.Due, v.Overdue, v.Plan.Title
		}
		out = append(out, bp)
	}
	return out, nil
}
