package rules

import (
	"sort"

	"zhibu"
)

// Theory study (docs/study.md): member.study.hours and
// member.study.hours.leaders count each member's hours of the year up to
// AsOf (the sessions of the branch and its groups they attended, and the
// self-study recorded in their notes); study.records, the seed plan's
// branch-layer rule, asks for the year's plan, a branch session each
// quarter, each member's notes and the year's summary. The talk rules are
// in talk.go.

const (
	srcStudySeed = "支部党建工作计划（2018）第七部分第1条"
	srcTalkSeed  = "支部党建工作计划（2018）第七部分第2条"
)

// studyTalkCatalogue is the national layer of the study and talk rules.
// member.study.hours.leaders is unverified (RULES.md: U): its national
// version asks of the secretary and the committee no more than of every
// member, and a layer above the branch (or the branch) sets the 56 hours.
func studyTalkCatalogue() Catalogue {
	n := func(id, title, source, conf string, p zhibu.RuleParams) zhibu.RuleVersion {
		return zhibu.RuleVersion{ID: id, Layer: zhibu.LayerNational, Title: title, Source: source, Confidence: conf, Params: p}
	}
	return Catalogue{
		n("member.study.hours", "党员每年集中学习培训时间一般不少于32学时", srcEducation+"第二十条", "V", zhibu.RuleParams{"min_hours": 32}),
		n("member.study.hours.leaders", "支部书记、支部委员每年集中学习培训时间不少于规定学时（上级党委可规定56学时）", "各地党员干部教育培训规定（未核实）", "U",
			zhibu.RuleParams{"min_hours": 32}),
		n("talk.pairs", "支部委员之间、支部委员和党员之间、党员和党员之间，每年谈心谈话一般不少于1次", srcBranchRules+"第五章", "S", zhibu.RuleParams{"per_year": 1}),
	}
}

// StudyTalkSeedLayer is the seed plan's branch layer of the study and talk
// rules for branch orgID from day from: study has a plan, records and a
// summary (§7.1), and at least once every half year the secretary talks
// with each committee member and each committee member with each officer
// they supervise (§7.2).
func StudyTalkSeedLayer(orgID int64, from zhibu.Date) []zhibu.RuleVersion {
	return []zhibu.RuleVersion{
		{ID: "study.records", Layer: zhibu.LayerBranch, OrgID: orgID, EffectiveFrom: from, Source: srcStudySeed,
			Title:  "按照局党委和党支部政治理论学习计划，要有学习、有记录、有总结；支部、各党小组要有会议记录，党员要有学习笔记",
			Params: zhibu.RuleParams{"per_quarter": 1}},
		{ID: "talk.seed", Layer: zhibu.LayerBranch, OrgID: orgID, EffectiveFrom: from, Source: srcTalkSeed,
			Title:  "每半年不少于一次谈心谈话：支部书记和班子成员之间，班子成员与分管民警之间；有专门谈心谈话记录本",
			Params: zhibu.RuleParams{"per_half": 1}},
	}
}

// studyTalkRules are the rules of this file and talk.go, in order.
func studyTalkRules() []Rule {
	return []Rule{studyHours{leaders: false}, studyHours{leaders: true}, studyRecords{}, talkPairs{}, talkSeed{}}
}

// studyIndex is the study facts of one check, by branch.
type studyIndex struct {
	members  map[int64][]zhibu.StudyMember // by branch, by person id
	branchOf map[int64]int64               // a group's or a branch's id → the branch
	sessions map[int64][]*zhibu.StudySession
	notes    map[int64][]*zhibu.StudyNote // by person
	plans    map[int64][]*zhibu.StudyPlan
	summary  map[int64]*zhibu.StudySummary
}

func studyOf(c *Context) *studyIndex {
	return c.Index("study", func(f *zhibu.Facts) any {
		x := &studyIndex{members: map[int64][]zhibu.StudyMember{}, branchOf: map[int64]int64{}, sessions: map[int64][]*zhibu.StudySession{},
			notes: map[int64][]*zhibu.StudyNote{}, plans: map[int64][]*zhibu.StudyPlan{}, summary: map[int64]*zhibu.StudySummary{}}
		for _, o := range f.Orgs {
			switch o.Kind {
			case zhibu.KindGroup:
				x.branchOf[o.ID] = o.ParentID
			default:
				x.branchOf[o.ID] = o.ID
			}
		}
		for _, m := range f.StudyMembers {
			x.members[m.OrgID] = append(x.members[m.OrgID], m)
		}
		for _, ms := range x.members {
			sort.Slice(ms, func(i, j int) bool { return ms[i].PersonID < ms[j].PersonID })
		}
		for i := range f.StudySessions {
			s := &f.StudySessions[i]
			b := x.branchOf[s.OrgID]
			x.sessions[b] = append(x.sessions[b], s)
		}
		for i := range f.StudyNotes {
			n := &f.StudyNotes[i]
			x.notes[n.PersonID] = append(x.notes[n.PersonID], n)
		}
		for i := range f.StudyPlans {
			p := &f.StudyPlans[i]
			x.plans[p.OrgID] = append(x.plans[p.OrgID], p)
		}
		for i := range f.StudySummaries {
			s := &f.StudySummaries[i]
			x.summary[s.OrgID] = s
		}
		return x
	}).(*studyIndex)
}

// StudyMinutes are each member's minutes of study in a branch's year up to
// asOf: the sessions of the branch and its groups they attended, and their
// self-study. The study service shows the same counts the rules read.
func StudyMinutes(sessions []zhibu.StudySession, notes []zhibu.StudyNote, asOf zhibu.Date) map[int64]int {
	out := map[int64]int{}
	for _, s := range sessions {
		if s.HeldOn.After(asOf) {
			continue
		}
		for _, id := range s.Present {
			out[id] += s.Minutes
		}
	}
	for _, n := range notes {
		if n.SessionID == 0 && !n.WrittenOn.After(asOf) {
			out[n.PersonID] += n.Minutes
		}
	}
	return out
}

// minutesOf is StudyMinutes over the indexed facts of a branch.
func (x *studyIndex) minutesOf(branch int64, asOf zhibu.Date) map[int64]int {
	var ss []zhibu.StudySession
	for _, s := range x.sessions[branch] {
		ss = append(ss, *s)
	}
	var ns []zhibu.StudyNote
	for _, m := range x.members[branch] {
		for _, n := range x.notes[m.PersonID] {
			ns = append(ns, *n)
		}
	}
	return StudyMinutes(ss, ns, asOf)
}

// studyHours (member.study.hours, member.study.hours.leaders): each member
// who was a member on the year's first day has at least min_hours hours of
// study in the year; the committee (on the check day) by the leaders'
// rule, everyone else by the members'. Ok once reached; due until the
// year's end; overdue after it. The subject is the member.
type studyHours struct{ leaders bool }

func (r studyHours) ID() string {
	if r.leaders {
		return "member.study.hours.leaders"
	}
	return "member.study.hours"
}

func (r studyHours) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	x := studyOf(c)
	day := c.Day()
	year := zhibu.PeriodOf(zhibu.PeriodYear, zhibu.MakeDate(c.Year, 1, 1))
	res, ok := c.Params(year.End())
	if !ok {
		return nil
	}
	min := res.Params.Get("min_hours")
	committee := c.Committee(c.Org.ID, day)
	var mins map[int64]int
	var out []zhibu.Finding
	for _, m := range x.members[c.Org.ID] {
		if !m.AdmittedOn.Before(year.Start()) || containsID(committee, m.PersonID) != r.leaders {
			continue
		}
		if mins == nil {
			mins = x.minutesOf(c.Org.ID, c.AsOf)
		}
		got := mins[m.PersonID]
		f := c.New(res, c.Org, year)
		f.SubjectKind, f.SubjectID, f.SubjectName = zhibu.SubjectPerson, m.PersonID, m.Name
		f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidencePerson, ID: m.PersonID, Label: m.Name + "的学习记录"}}
		f.Deadline = year.End()
		f.Responsible = zhibu.Secretary
		f.Status = c.Status(got >= min*60, year.End())
		who := m.Name
		if r.leaders {
			who = "支部委员" + m.Name
		}
		switch f.Status {
		case zhibu.StatusOK:
			f.Message = who + itoa(c.Year) + "年已学习" + zhibu.Hours(got) + "学时，达到" + itoa(min) + "学时的要求"
		case zhibu.StatusDue:
			f.Message = who + itoa(c.Year) + "年已学习" + zhibu.Hours(got) + "学时，年底前应达到" + itoa(min) + "学时"
		default:
			f.Message = who + itoa(c.Year) + "年仅学习" + zhibu.Hours(got) + "学时，少于要求的" + itoa(min) + "学时，应补学并记录"
		}
		out = append(out, f)
	}
	return out
}

// studyRecords (study.records, the seed's branch layer): for the branch,
//   - the year's own study plan, adopted by the end of March;
//   - at least per_quarter branch study sessions each quarter begun;
//   - each member (on the year's first day) keeps study notes: at least
//     one in the year, due until its end;
//   - the year's summary, asked for in December, due until 31 January.
type studyRecords struct{}

func (studyRecords) ID() string { return "study.records" }

func (studyRecords) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	x := studyOf(c)
	var out []zhibu.Finding
	year := zhibu.PeriodOf(zhibu.PeriodYear, zhibu.MakeDate(c.Year, 1, 1))
	res, ok := c.Params(year.End())
	if !ok {
		return nil
	}
	// The plan.
	f := c.New(res, c.Org, year)
	f.Responsible, f.Deadline = zhibu.Secretary, zhibu.MakeDate(c.Year, 3, 31)
	var plan *zhibu.StudyPlan
	for _, p := range x.plans[c.Org.ID] {
		if p.Kind == zhibu.StudyPlanBranch && !p.IssuedOn.After(c.AsOf) {
			plan = p
		}
	}
	f.Status = c.Status(plan != nil, f.Deadline)
	switch {
	case plan != nil:
		f.Message = itoa(c.Year) + "年支部理论学习计划已于" + plan.IssuedOn.Chinese() + "制定"
	case f.Status == zhibu.StatusDue:
		f.Message = "应于" + f.Deadline.Chinese() + "前制定" + itoa(c.Year) + "年支部理论学习计划"
	default:
		f.Message = itoa(c.Year) + "年尚未制定支部理论学习计划，应尽快制定"
	}
	out = append(out, f)
	// A branch session each quarter.
	min := res.Params.Get("per_quarter")
	for _, p := range c.Periods(zhibu.PeriodQuarter) {
		n := 0
		f := c.New(res, c.Org, p)
		f.Responsible, f.Deadline = zhibu.Secretary, p.End()
		for _, s := range x.sessions[c.Org.ID] {
			if s.OrgID == c.Org.ID && p.Contains(s.HeldOn) && !s.HeldOn.After(c.AsOf) {
				n++
				f.Evidence = append(f.Evidence, zhibu.Evidence{Kind: EvidenceStudySession, ID: s.ID, Label: s.HeldOn.Chinese() + " 集中学习"})
			}
		}
		f.Status = c.Status(n >= min, p.End())
		switch f.Status {
		case zhibu.StatusOK:
			f.Message = p.Label() + "支部集中学习" + itoa(n) + "次，有记录"
		case zhibu.StatusDue:
			f.Message = p.Label() + "应于" + p.End().Chinese() + "前组织支部集中学习并记录"
		default:
			f.Message = p.Label() + "支部集中学习" + itoa(n) + "次，少于要求的" + itoa(min) + "次，应补充学习记录"
		}
		out = append(out, f)
	}
	// Each member's notes.
	for _, m := range x.members[c.Org.ID] {
		if !m.AdmittedOn.Before(year.Start()) {
			continue
		}
		n := 0
		for _, note := range x.notes[m.PersonID] {
			if !note.WrittenOn.After(c.AsOf) {
				n++
			}
		}
		f := c.New(res, c.Org, year)
		f.SubjectKind, f.SubjectID, f.SubjectName = zhibu.SubjectPerson, m.PersonID, m.Name
		f.Responsible, f.Deadline = zhibu.Secretary, year.End()
		f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidencePerson, ID: m.PersonID, Label: m.Name + "的学习笔记"}}
		f.Status = c.Status(n > 0, year.End())
		switch f.Status {
		case zhibu.StatusOK:
			f.Message = m.Name + itoa(c.Year) + "年有学习笔记" + itoa(n) + "篇"
		case zhibu.StatusDue:
			f.Message = m.Name + itoa(c.Year) + "年尚无学习笔记，应记录学习笔记"
		default:
			f.Message = m.Name + itoa(c.Year) + "年没有学习笔记"
		}
		out = append(out, f)
	}
	// The summary, from December.
	dec := zhibu.PeriodOf(zhibu.PeriodMonth, zhibu.MakeDate(c.Year, 12, 1))
	if !dec.Start().After(c.AsOf) {
		f := c.New(res, c.Org, dec)
		f.Responsible, f.Deadline = zhibu.Secretary, zhibu.MakeDate(c.Year+1, 1, 31)
		sum := x.summary[c.Org.ID]
		done := sum != nil && !sum.WrittenOn.After(c.AsOf)
		f.Status = c.Status(done, f.Deadline)
		switch {
		case done:
			f.Message = itoa(c.Year) + "年度理论学习总结已于" + sum.WrittenOn.Chinese() + "完成"
		case f.Status == zhibu.StatusDue:
			f.Message = "应于" + f.Deadline.Chinese() + "前完成" + itoa(c.Year) + "年度理论学习总结"
		default:
			f.Message = itoa(c.Year) + "年度理论学习总结未完成，应尽快总结"
		}
		out = append(out, f)
	}
	return out
}

// Evidence kinds of the study and talk rules.
const (
	EvidenceStudySession = "study_session"
	EvidenceTalk         = "talk"
)
