package service

import (
	"context"

	"zhibu"
	"zhibu/internal/store"
)

// Rectification is the year's rectification campaign (seed §8): each
// branch's self-check computed from the engine's findings under the five
// basic-work problems, the remedies the branch records for what it finds
// (owner, deadline, evidence) and the secretary's sign-off, and the
// superior's view of every branch's progress.
type Rectification struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newRectification(st *store.Store, opt Options, c *Compliance) *Rectification {
	return &Rectification{store: st, opt: opt, compliance: c}
}

// ProblemCheck is one of the five problems in a branch's self-check: the
// findings open under it (overdue or violation) and the remedies recorded.
type ProblemCheck struct {
	Problem  zhibu.RectProblem
	Findings []zhibu.Finding
	Remedies []zhibu.Remedy
}

// Found reports whether the problem was found or is being remedied.
func (p ProblemCheck) Found() bool { return len(p.Findings) > 0 || len(p.Remedies) > 0 }

// SelfCheck is a branch's self-check for a year as of a day.
type SelfCheck struct {
	Org      zhibu.Org
	Year     int
	AsOf     zhibu.Date
	Problems []ProblemCheck
	Progress Progress
	// Campaign is the committee's campaign the branch is under for the
	// year, if one was opened (HasCampaign).
	Campaign    zhibu.RectCampaign
	HasCampaign bool
}

// Progress counts a branch's remedies by state.
type Progress struct {
	Found    int `json:"found"` // problems (of the five) found or being remedied
	Remedies int `json:"remedies"`
	Open     int `json:"open"`
	Late     int `json:"late"`
	Done     int `json:"done"` // completed, awaiting the secretary's sign-off
	Signed   int `json:"signed"`
	// PastDue counts the remedies not completed today though the
	// campaign's remedies-due day has passed (0 without a campaign).
	PastDue int `json:"past_due"`
}

// addCampaign counts r against campaign c as of today.
func (p *Progress) addCampaign(r zhibu.Remedy, c zhibu.RectCampaign, today zhibu.Date) {
	if c.ID != 0 && r.DoneOn.IsZero() && today.After(c.RemediesDue) {
		p.PastDue++
	}
}

func (p *Progress) add(r zhibu.Remedy, day zhibu.Date) {
	p.Remedies++
	switch r.State(day) {
	case zhibu.RemedyOpen:
		p.Open++
	case zhibu.RemedyLate:
		p.Late++
	case zhibu.RemedyDone:
		p.Done++
	case zhibu.RemedySigned:
		p.Signed++
	}
}

// SelfCheck computes branch o's self-check for year as of asOf.
func (r *Rectification) SelfCheck(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) (SelfCheck, error) {
	sc := SelfCheck{Org: o, Year: year, AsOf: asOf}
	if o.Kind != zhibu.KindBranch {
		return sc, zhibu.Errorf(zhibu.ErrInvalid, "整改自查以党支部为单位，请选择一个党支部")
	}
	fs, _, err := r.compliance.Check(ctx, o, year, asOf)
	if err != nil {
		return sc, err
	}
	rs, err := r.store.Remedies(ctx, o.ID, year)
	if err != nil {
		return sc, err
	}
	if sc.Campaign, sc.HasCampaign, err = r.store.RectCampaignFor(ctx, o.ID, year); err != nil {
		return sc, err
	}
	today := r.opt.today()
	for _, p := range zhibu.RectProblems {
		pc := ProblemCheck{Problem: p}
		for _, f := range fs {
			if p.Covers(f.RuleID) && (f.Status == zhibu.StatusOverdue || f.Status == zhibu.StatusViolation) {
				pc.Findings = append(pc.Findings, f)
			}
		}
		for _, x := range rs {
			if x.Problem == p.N {
				pc.Remedies = append(pc.Remedies, x)
				sc.Progress.add(x, asOf)
				sc.Progress.addCampaign(x, sc.Campaign, today)
			}
		}
		if pc.Found() {
			sc.Progress.Found++
		}
		sc.Problems = append(sc.Problems, pc)
	}
	return sc, nil
}

// BranchProgress is one branch's line in the superior's view.
type BranchProgress struct {
	Org      zhibu.Org
	Found    [5]int // open findings under each problem
	Progress Progress
	Campaign zhibu.RectCampaign // the campaign the branch is under (ID 0: none)
}

// Overview is the self-check of every branch under committee o, for the
// superior: the findings under each problem and the remedies' progress,
// each against the campaign its branch is under (remedies not completed
// past the campaign's remedies-due day count as past due).
func (r *Rectification) Overview(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) ([]BranchProgress, error) {
	rep, err := r.compliance.Report(ctx, o, year, asOf)
	if err != nil {
		return nil, err
	}
	today := r.opt.today()
	orgs, err := r.store.Orgs(ctx, store.OrgFilter{Under: o.ID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return nil, err
	}
	rs, err := r.store.Remedies(ctx, o.ID, year)
	if err != nil {
		return nil, err
	}
	var out []BranchProgress
	at := map[int64]int{}
	for _, x := range orgs {
		if x.Kind == zhibu.KindBranch {
			at[x.ID] = len(out)
			out = append(out, BranchProgress{Org: x})
		}
	}
	for _, f := range rep.Findings {
		i, ok := at[f.OrgID]
		if !ok || f.Status != zhibu.StatusOverdue && f.Status != zhibu.StatusViolation {
			continue
		}
		for _, p := range zhibu.RectProblems {
			if p.Covers(f.RuleID) {
				out[i].Found[p.N-1]++
			}
		}
	}
	for i := range out {
		if out[i].Campaign, _, err = r.store.RectCampaignFor(ctx, out[i].Org.ID, year); err != nil {
			return nil, err
		}
	}
	for _, x := range rs {
		if i, ok := at[x.OrgID]; ok {
			out[i].Progress.add(x, asOf)
			out[i].Progress.addCampaign(x, out[i].Campaign, today)
		}
	}
	for i := range out {
		for _, n := range out[i].Found {
			if n > 0 {
				out[i].Progress.Found++
			}
		}
	}
	return out, nil
}

// SaveRemedy records a remedy of branch org: the owner must be a member of
// the branch.
func (r *Rectification) SaveRemedy(ctx context.Context, x zhibu.Remedy) (zhibu.Remedy, error) {
	o, err := r.store.Org(ctx, x.OrgID)
	if err != nil {
		return x, err
	}
	if err := may(ctx, zhibu.PermOrgManage, o, "无权登记该组织的整改措施"); err != nil {
		return x, err
	}
	if o.Kind != zhibu.KindBranch {
		return x, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：整改措施以党支部为单位登记"}}
	}
	x.Normalize()
	var ps zhibu.Problems
	if err := x.Validate(r.opt.today()); err != nil {
		ps, _ = err.(zhibu.Problems)
		if ps == nil {
			return x, err
		}
	}
	if ps.For("deadline") == "" {
		c, ok, err := r.store.RectCampaignFor(ctx, o.ID, x.Year)
		if err != nil {
			return x, err
		}
		if ok {
			if err := c.CheckDeadline(x); err != nil {
				ps = append(ps, err.(zhibu.Problems)...)
			}
		}
	}
	if x.OwnerID != 0 && ps.For("owner_id") == "" {
		p, err := r.store.Person(ctx, x.OwnerID)
		if err != nil || p.OrgID != o.ID {
			ps.Add("owner_id", "责任人", "应为本支部的人员")
		}
	}
	if err := ps.Err(); err != nil {
		return x, err
	}
	return r.store.SaveRemedy(ctx, x)
}

// SignRemedy is the secretary's sign-off of a completed remedy, today: the
// actor must hold the secretary's (or deputy's) seat of the branch.
func (r *Rectification) SignRemedy(ctx context.Context, id int64) (zhibu.Remedy, error) {
	x, err := r.store.Remedy(ctx, id)
	if err != nil {
		return x, err
	}
	today := r.opt.today()
	a := zhibu.ActorFrom(ctx)
	if !(a.Scope.All && a.AccountID == 0) {
		t, err := r.store.CurrentTerm(ctx, x.OrgID)
		ok := false
		if err == nil {
			for _, s := range t.Seats {
				if s.PersonID == a.PersonID && a.PersonID != 0 && s.Active(today) &&
					(s.Position == zhibu.Secretary || s.Position == zhibu.DeputySecretary) {
					ok = true
				}
			}
		}
		if !ok {
			return x, zhibu.Errorf(zhibu.ErrForbidden, "整改销号须由支部书记（副书记）确认")
		}
	}
	if x.DoneOn.IsZero() {
		return x, zhibu.Problems{{Field: "signed_on", Label: "书记确认", Message: "书记确认：整改完成后才能确认销号"}}
	}
	return r.store.SignRemedy(ctx, id, today)
}

// Campaign is the campaign org o (a committee, or a branch) is under for
// year, if any: the one opened by the nearest committee above it or by o.
func (r *Rectification) Campaign(ctx context.Context, o zhibu.Org, year int) (zhibu.RectCampaign, bool, error) {
	return r.store.RectCampaignFor(ctx, o.ID, year)
}

// Campaigns are the campaigns committee o opened, newest first.
func (r *Rectification) Campaigns(ctx context.Context, o zhibu.Org) ([]zhibu.RectCampaign, error) {
	return r.store.RectCampaigns(ctx, o.ID)
}

// SaveCampaign opens (or changes) committee c.OrgID's campaign for
// c.Year; it needs org.manage on the committee.
func (r *Rectification) SaveCampaign(ctx context.Context, c zhibu.RectCampaign) (zhibu.RectCampaign, error) {
	o, err := r.store.Org(ctx, c.OrgID)
	if err != nil {
		return c, err
	}
	if err := may(ctx, zhibu.PermOrgManage, o, "无权部署该组织的整改活动"); err != nil {
		return c, err
	}
	return r.store.SaveRectCampaign(ctx, c)
}
