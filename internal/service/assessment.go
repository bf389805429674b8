package service

import (
	"context"
	"errors"
	"maps"
	"strconv"

	"zhibu"
	"zhibu/internal/store"
)

// Assessments is the superior's performance assessment of its branches
// (绩效考评, docs/assessment.md): the indicators and weights a committee
// sets for a year, each branch's score on each indicator — computed from
// the engine's findings (through Compliance, never by checking rules
// again) and the records, or entered by the superior —, the weighted
// totals and the ranking, kept as a snapshot once the year is finalized,
// and the trend over the years.
type Assessments struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
	plans      *Plans
}

func newAssessments(st *store.Store, opt Options, c *Compliance, p *Plans) *Assessments {
	return &Assessments{store: st, opt: opt, compliance: c, plans: p}
}

// DefaultIndicators is the indicator set a committee starts from (and the
// demo's): the seed plan's streams that the records judge, and a manual
// score for what only judgement can.
func DefaultIndicators() []zhibu.Indicator {
	return []zhibu.Indicator{
		{Name: "“三会一课”按时召开", Kind: zhibu.IndMeetings, Weight: 25, Note: "支委会、党员大会、党小组会、党课、主题党日等按规定召开的比例"},
		{Name: "党费按月足额交纳", Kind: zhibu.IndDues, Weight: 15, Note: "党员按月交纳、按标准计算党费的比例"},
		{Name: "发展党员按程序", Kind: zhibu.IndDevelopment, Weight: 15, Note: "发展党员各环节按规定时限和程序完成的比例"},
		{Name: "支部委员会按期换届", Kind: zhibu.IndTerms, Weight: 10, Note: "按期换届、届期符合规定"},
		{Name: "理论学习", Kind: zhibu.IndStudy, Weight: 10, Note: "学习记录和学时达标的比例"},
		{Name: "谈心谈话", Kind: zhibu.IndTalks, Weight: 5, Note: "按计划开展谈心谈话的比例"},
		{Name: "整改销号", Kind: zhibu.IndRectification, Weight: 5, Note: "年度整改措施经书记确认销号的比例"},
		{Name: "书记述职评议", Kind: zhibu.IndReview, Weight: 5, Note: "书记述职评议中“好”和“较好”票的比例"},
		{Name: "年度工作计划完成", Kind: zhibu.IndPlan, Weight: 5, Note: "年度工作计划中到期事项按时完成的比例"},
		{Name: "上级党委综合评定", Kind: zhibu.IndManual, Weight: 5, Note: "局党委根据日常掌握情况综合评定"},
	}
}

// AssessmentYear is a committee's assessment of a year as its readers
// see it: the indicators, every branch's line by rank (computed as of
// AsOf while the year is a draft, the kept snapshot once it is final),
// the manual scores by indicator and branch, and the manual scores still
// missing (the year cannot be finalized before they are entered).
type AssessmentYear struct {
	Org        zhibu.Org
	Year       int
	AsOf       zhibu.Date
	Set        bool // the year has indicators
	Assessment zhibu.Assessment
	Scores     []zhibu.BranchScore
	Manual     map[int64]map[int64]zhibu.ManualScore // indicator id → branch id → score
	Missing    []string                              // 第一党支部“上级党委综合评定”
}

// Year is committee o's assessment of year; a year without indicators is
// answered with Set false.
func (s *Assessments) Year(ctx context.Context, o zhibu.Org, year int) (AssessmentYear, error) {
	y := AssessmentYear{Org: o, Year: year, AsOf: CheckDay(year, s.opt.today()), Manual: map[int64]map[int64]zhibu.ManualScore{}}
	if o.Kind != zhibu.KindCommittee {
		return y, zhibu.Errorf(zhibu.ErrInvalid, "绩效考评由上级党委对所属党支部进行，请在党委页面查看")
	}
	a, err := s.store.Assessment(ctx, o.ID, year)
	if errors.Is(err, zhibu.ErrNotFound) {
		return y, nil
	}
	if err != nil {
		return y, err
	}
	y.Set, y.Assessment = true, a
	if a.Final() {
		y.AsOf = a.FinalizedOn
		y.Scores, err = s.store.AssessmentSnapshot(ctx, o.ID, year)
		return y, err
	}
	ms, err := s.store.ManualScores(ctx, o.ID, year)
	if err != nil {
		return y, err
	}
	for _, m := range ms {
		if y.Manual[m.IndicatorID] == nil {
			y.Manual[m.IndicatorID] = map[int64]zhibu.ManualScore{}
		}
		y.Manual[m.IndicatorID][m.OrgID] = m
	}
	y.Scores, y.Missing, err = s.compute(ctx, o, a, y.AsOf, y.Manual)
	return y, err
}

// compute scores every branch under committee o on a's indicators as of
// asOf, ranked; missing names the manual scores not entered.
func (s *Assessments) compute(ctx context.Context, o zhibu.Org, a zhibu.Assessment, asOf zhibu.Date,
	manual map[int64]map[int64]zhibu.ManualScore) (scores []zhibu.BranchScore, missing []string, err error) {
	orgs, err := s.store.Orgs(ctx, store.OrgFilter{Under: o.ID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return nil, nil, err
	}
	var branches []zhibu.Org
	for _, x := range orgs {
		if x.Kind == zhibu.KindBranch {
			branches = append(branches, x)
		}
	}
	need := map[zhibu.IndicatorKind]bool{}
	for _, x := range a.Indicators {
		need[x.Kind] = true
	}
	// The findings, from the matrix's tallies of the subtree (kept by the
	// compliance service and brought up to date from the audit trail),
	// counted by branch and kind.
	type tally struct{ ok, judged, due int }
	counts := map[int64]map[zhibu.IndicatorKind]*tally{}
	findings := false
	for k := range need {
		findings = findings || len(k.RulePrefixes()) > 0
	}
	if findings {
		byBranch, err := s.compliance.BranchTallies(ctx, o, a.Year, asOf)
		if err != nil {
			return nil, nil, err
		}
		for b, rs := range byBranch {
			for id, t := range rs {
				for k := range need {
					if !k.Covers(id) {
						continue
					}
					if counts[b] == nil {
						counts[b] = map[zhibu.IndicatorKind]*tally{}
					}
					c := counts[b][k]
					if c == nil {
						c = &tally{}
						counts[b][k] = c
					}
					c.ok += t.OK
					c.due += t.Due
					c.judged += t.All - t.Due
				}
			}
		}
	}
	// The secretary's review: the reports of the committee's round of the year.
	reviews := map[int64]*zhibu.ReviewTally{}
	if need[zhibu.IndReview] {
		rounds, err := s.store.ReviewRounds(ctx, o.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, rd := range rounds {
			if rd.Year != a.Year {
				continue
			}
			rs, err := s.store.RoundReports(ctx, rd.ID)
			if err != nil {
				return nil, nil, err
			}
			for _, r := range rs {
				if r.Tally != nil && r.Tally.Total() > 0 {
					reviews[r.OrgID] = r.Tally
				}
			}
		}
	}
	remedies := map[int64][2]int{} // branch → signed, all
	if need[zhibu.IndRectification] {
		rs, err := s.store.Remedies(ctx, o.ID, a.Year)
		if err != nil {
			return nil, nil, err
		}
		for _, r := range rs {
			v := remedies[r.OrgID]
			if !r.SignedOn.IsZero() {
				v[0]++
			}
			v[1]++
			remedies[r.OrgID] = v
		}
	}
	for _, b := range branches {
		line := zhibu.BranchScore{OrgID: b.ID, OrgName: b.Name}
		review := reviews[b.ID]
		for _, x := range a.Indicators {
			r := zhibu.IndicatorResult{IndicatorID: x.ID}
			switch {
			case len(x.Kind.RulePrefixes()) > 0:
				t := counts[b.ID][x.Kind]
				if t == nil {
					t = &tally{}
				}
				r.Score, r.Applicable = zhibu.Share(t.ok, t.judged)
				switch {
				case r.Applicable:
					r.Basis = "达标" + strconv.Itoa(t.ok) + "项，共" + strconv.Itoa(t.judged) + "项"
				default:
					r.Basis = "本年度无到期的考核事项"
				}
				if t.due > 0 {
					r.Basis += "，另有" + strconv.Itoa(t.due) + "项未到期"
				}
			case x.Kind == zhibu.IndReview:
				if review == nil {
					r.Basis = "本年度书记述职评议尚未得出结果"
					break
				}
				r.Score, r.Applicable = zhibu.Score(review.GoodShare()*10), true
				r.Basis = "好和较好" + strconv.Itoa(review.Good+review.Fair) + "票，共" + strconv.Itoa(review.Total()) + "票"
			case x.Kind == zhibu.IndRectification:
				v := remedies[b.ID]
				r.Score, r.Applicable = zhibu.Share(v[0], v[1])
				if r.Applicable {
					r.Basis = "已销号" + strconv.Itoa(v[0]) + "项，共" + strconv.Itoa(v[1]) + "项"
				} else {
					r.Basis = "本年度无整改措施"
				}
			case x.Kind == zhibu.IndPlan:
				// The year plan's items as the plan page shows them: done
				// and overdue are judged, items not yet due are not.
				v, err := s.plans.View(ctx, b, a.Year, asOf)
				switch {
				case errors.Is(err, zhibu.ErrNotFound):
					r.Basis = "本年度无工作计划"
				case err != nil:
					return nil, nil, err
				default:
					r.Score, r.Applicable = zhibu.Share(v.Done, v.Done+v.Overdue)
					if r.Applicable {
						r.Basis = "已完成" + strconv.Itoa(v.Done) + "项，逾期" + strconv.Itoa(v.Overdue) + "项"
					} else {
						r.Basis = "计划事项均未到期"
					}
					if v.Due > 0 {
						r.Basis += "，另有" + strconv.Itoa(v.Due) + "项未到期"
					}
				}
			case x.Kind == zhibu.IndManual:
				m, ok := manual[x.ID][b.ID]
				if !ok {
					r.Basis = "尚未评分"
					missing = append(missing, b.Name+"“"+x.Name+"”")
					break
				}
				r.Score, r.Applicable, r.Basis = m.Score, true, m.Note
			}
			line.Results = append(line.Results, r)
		}
		line.Total, line.Scored = zhibu.WeightedTotal(a.Indicators, line.Results)
		scores = append(scores, line)
	}
	zhibu.RankScores(scores)
	return scores, missing, nil
}

// committee reads org id for a write of its assessment: the actor's right
// first, then that it is a committee.
func (s *Assessments) committee(ctx context.Context, id int64) (zhibu.Org, error) {
	o, err := s.store.Org(ctx, id)
	if err != nil {
		return o, err
	}
	if err := may(ctx, zhibu.PermAssess, o, "绩效考评由上级党委设置，无权设置该组织的绩效考评"); err != nil {
		return o, err
	}
	if o.Kind != zhibu.KindCommittee {
		return o, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：绩效考评由上级党委对所属党支部进行，请在党委页面设置"}}
	}
	return o, nil
}

// SaveIndicators sets committee id's indicators for year.
func (s *Assessments) SaveIndicators(ctx context.Context, id int64, year int, inds []zhibu.Indicator) (zhibu.Assessment, error) {
	if _, err := s.committee(ctx, id); err != nil {
		return zhibu.Assessment{}, err
	}
	return s.store.SaveIndicators(ctx, id, year, inds)
}

// SaveManualScores records the superior's scores on the manual
// indicators of committee id's year, all or none.
func (s *Assessments) SaveManualScores(ctx context.Context, id int64, year int, ms []zhibu.ManualScore) error {
	if _, err := s.committee(ctx, id); err != nil {
		return err
	}
	return s.store.SaveManualScores(ctx, id, year, ms)
}

// Finalize keeps committee id's year as it scores today: every manual
// score must be entered, and the year must have begun.
func (s *Assessments) Finalize(ctx context.Context, id int64, year int) (zhibu.Assessment, error) {
	o, err := s.committee(ctx, id)
	if err != nil {
		return zhibu.Assessment{}, err
	}
	today := s.opt.today()
	if year > today.Year {
		return zhibu.Assessment{}, zhibu.Problems{{Field: "year", Label: "考评年度", Message: "考评年度：" + strconv.Itoa(year) + "年尚未开始，不能定稿"}}
	}
	y, err := s.Year(ctx, o, year)
	if err != nil {
		return zhibu.Assessment{}, err
	}
	if !y.Set {
		return zhibu.Assessment{}, zhibu.Problems{{Field: "indicators", Label: "考评指标", Message: "考评指标：" + strconv.Itoa(year) + "年度尚未设置，不能定稿"}}
	}
	if y.Assessment.Final() {
		return y.Assessment, zhibu.Errorf(zhibu.ErrConflict, strconv.Itoa(year)+"年度绩效考评已于"+y.Assessment.FinalizedOn.Chinese()+"定稿")
	}
	if len(y.Missing) > 0 {
		msg := "手工评分：尚未评分的有" + y.Missing[0]
		if len(y.Missing) > 1 {
			msg += "等" + strconv.Itoa(len(y.Missing)) + "项"
		}
		return y.Assessment, zhibu.Problems{{Field: "scores", Label: "手工评分", Message: msg + "，请评分后再定稿"}}
	}
	return s.store.FinalizeAssessment(ctx, id, year, today, y.Scores)
}

// TrendPoint is one branch's total in one year.
type TrendPoint struct {
	Year   int
	Total  zhibu.Score
	Scored bool
	Final  bool
}

// TrendLine is one branch's totals over the years, oldest first.
type TrendLine struct {
	OrgID  int64
	Name   string
	Points []TrendPoint
}

// Trend is every branch's total over committee o's assessed years: the
// kept snapshot of a finalized year, the live score of a draft.
func (s *Assessments) Trend(ctx context.Context, o zhibu.Org) ([]int, []TrendLine, error) {
	years, err := s.store.AssessmentYears(ctx, o.ID)
	if err != nil {
		return nil, nil, err
	}
	var ys []int
	var lines []TrendLine
	at := map[int64]int{}
	for _, a := range years {
		y, err := s.Year(ctx, o, a.Year)
		if err != nil {
			return nil, nil, err
		}
		ys = append(ys, a.Year)
		for _, b := range y.Scores {
			i, ok := at[b.OrgID]
			if !ok {
				i = len(lines)
				at[b.OrgID] = i
				lines = append(lines, TrendLine{OrgID: b.OrgID, Name: b.OrgName})
			}
			lines[i].Points = append(lines[i].Points, TrendPoint{Year: a.Year, Total: b.Total, Scored: b.Scored, Final: a.Final()})
		}
	}
	return ys, lines, nil
}

// Branch is branch o's finalized assessments, oldest first: what its own
// readers see.
func (s *Assessments) Branch(ctx context.Context, o zhibu.Org) ([]store.BranchYear, error) {
	if o.Kind != zhibu.KindBranch {
		return nil, zhibu.Errorf(zhibu.ErrInvalid, "只有党支部有绩效考评得分")
	}
	return s.store.BranchAssessments(ctx, o.ID)
}

// BranchTallies are the findings of every branch under o for a year as of
// a day (with its groups'), summed up by rule: the matrix's tallies
// (tally.go), made for what is missing and brought up to date with what
// was written since, so a bureau's assessment does not check every branch
// again on each view.
func (c *Compliance) BranchTallies(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) (map[int64]map[string]Tally, error) {
	c.tallies.mu.Lock()
	defer c.tallies.mu.Unlock()
	set, err := c.currentTallies(ctx, tallyKey{year, asOf})
	if err != nil {
		return nil, err
	}
	orgs, ok := set.subtrees[o.ID]
	if !ok {
		all, err := c.store.Orgs(ctx, store.OrgFilter{Under: o.ID})
		if err != nil {
			return nil, err
		}
		for _, x := range all {
			if x.Kind != zhibu.KindGroup {
				orgs = append(orgs, x)
			}
		}
		set.subtrees[o.ID] = orgs
	}
	cat, err := c.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	if err := c.fillTallies(ctx, cat, set, orgs, year, asOf); err != nil {
		return nil, err
	}
	out := map[int64]map[string]Tally{}
	for _, x := range orgs {
		if t := set.orgs[x.ID]; t != nil && x.Kind == zhibu.KindBranch {
			out[x.ID] = maps.Clone(t.rules)
		}
	}
	return out, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
