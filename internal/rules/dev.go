package rules

import (
	"errors"
	"sort"
	"strings"

	"zhibu"
)

// Member development (dev.*): the hard checks a step must pass before it is
// saved (CheckStep, called by the store), and the deadlines the engine
// reports on the calendar (devRules). Every interval is a parameter of a
// rule version in the catalogue, read on the step's date, so a revision of
// the rules (the reported May 2026 one) is a new version, not new code.

func init() {
	for _, s := range []ParamSpec{
		{"min_age", "最低年龄（周岁）", Higher},
		{"within_months", "期限（月）", Lower},
		{"special_months", "特殊情况最长期限（月）", Lower},
		{"every_months", "考察间隔（月）", Lower},
		{"after_months", "最短间隔（月）", Higher},
		{"min_people", "最少人数", Higher},
		{"max_people", "最多人数", Lower},
		{"min_days", "最少天数", Higher},
		{"min_hours", "最少学时", Higher},
		{"probation_months", "预备期（月）", Higher},
		{"min_months", "最短月数", Higher},
		{"remind_months", "提前提醒（月）", Higher},
	} {
		RegisterParam(s)
	}
}

// The sources of the dev.* rules.
const (
	srcDevRules = "《中国共产党发展党员工作细则》"
	srcCharter  = "《中国共产党章程》"
)

// devCatalogue is the national layer of the dev.* rules of RULES.md, in
// force from the 2014 rules' publication (10 June 2014).
func devCatalogue() Catalogue {
	from := zhibu.MakeDate(2014, 6, 10)
	n := func(id, title, source, conf string, p zhibu.RuleParams) zhibu.RuleVersion {
		return zhibu.RuleVersion{ID: id, Layer: zhibu.LayerNational, Title: title, Source: source, Confidence: conf, Params: p, EffectiveFrom: from}
	}
	return Catalogue{
		n("dev.order", "发展党员的25个步骤须依次进行，后一步不得早于其所依据的前一步", srcDevRules+"第二至六章", "S", nil),
		n("dev.age", "年满十八岁方可申请入党", srcCharter+"第一条；"+srcDevRules+"第二章", "V", zhibu.RuleParams{"min_age": 18}),
		n("dev.talk", "收到入党申请书后一个月内派人谈话", srcDevRules+"第二章", "S", zhibu.RuleParams{"within_months": 1}),
		n("dev.mentors", "为入党积极分子指定一至两名正式党员作培养联系人", srcDevRules+"第三章", "S", zhibu.RuleParams{"min_people": 1, "max_people": 2}),
		n("dev.activist.review", "每半年对入党积极分子进行一次考察", srcDevRules+"第三章", "S", zhibu.RuleParams{"every_months": 6}),
		n("dev.candidate.after", "经过一年以上培养教育和考察，方可列为发展对象", srcDevRules+"第四章", "S", zhibu.RuleParams{"after_months": 12}),
		n("dev.sponsors", "发展对象须有两名正式党员作入党介绍人", srcCharter+"第五条；"+srcDevRules+"第四章", "V", zhibu.RuleParams{"min_people": 2, "max_people": 2}),
		n("dev.review", "政治审查合格方可提交支部大会讨论", srcDevRules+"第四章", "S", nil),
		n("dev.training", "发展对象集中培训不少于3天（或不少于24个学时）", srcDevRules+"第四章", "S", zhibu.RuleParams{"min_days": 3, "min_hours": 24}),
		n("dev.vote", "支部大会讨论接收预备党员：到会有表决权的正式党员超过应到会的半数，赞成人数超过应到会有表决权的正式党员的半数", srcDevRules+"第五章", "S", zhibu.RuleParams{"above_percent": 50}),
		n("dev.approval", "上级党委在支部大会通过后三个月内审批，特殊情况可延长，最长不超过六个月", srcDevRules+"第五章", "S", zhibu.RuleParams{"within_months": 3, "special_months": 6}),
		n("dev.probation", "预备期为一年，从支部大会通过之日算起；期满应及时讨论转正（期满前1个月提醒，期满后1个月内讨论为工作惯例）", srcCharter+"第七条；"+srcDevRules+"第六章", "V", zhibu.RuleParams{"probation_months": 12, "remind_months": 1, "within_months": 1}),
		n("dev.confirm.after", "预备期满方可讨论转正", srcCharter+"第七条", "V", nil),
		n("dev.extension", "延长预备期不能少于半年，最长不超过一年", srcCharter+"第七条；"+srcDevRules+"第六章", "V", zhibu.RuleParams{"min_months": 6, "max_months": 12}),
		n("dev.confirm.approval", "上级党委在支部大会讨论转正后三个月内审批", srcDevRules+"第六章", "S", zhibu.RuleParams{"within_months": 3}),
	}
}

// Refusal is why a step may not be recorded: the rule, its source and a
// Chinese sentence naming the field.
type Refusal struct {
	RuleID  string `json:"rule_id"`
	Source  string `json:"source"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Problem is the refusal as a form problem: its message ends with the rule
// id and source, so a page that shows only messages still names the rule.
func (r Refusal) Problem() zhibu.Problem {
	return zhibu.Problem{Field: r.Field, Label: "发展党员", Message: r.Message + "（依据：" + r.RuleID + "，" + r.Source + "）"}
}

// Refusals is every refusal of one step: an error of kind ErrInvalid.
type Refusals []Refusal

func (rs Refusals) Error() string {
	msgs := make([]string, len(rs))
	for i, r := range rs {
		msgs[i] = r.Problem().Message
	}
	return "invalid: " + strings.Join(msgs, "；")
}

// Is reports Refusals as ErrInvalid.
func (rs Refusals) Is(target error) bool { return target == zhibu.ErrInvalid }

// As lets errors.As read the refusals as zhibu.Problems, which forms and
// the API show field by field.
func (rs Refusals) As(target any) bool {
	if ps, ok := target.(*zhibu.Problems); ok {
		*ps = rs.Problems()
		return true
	}
	return false
}

// Problems are the refusals as form problems.
func (rs Refusals) Problems() zhibu.Problems {
	ps := make(zhibu.Problems, len(rs))
	for i, r := range rs {
		ps[i] = r.Problem()
	}
	return ps
}

// StepInput is what CheckStep reads: the file so far, the step to record,
// the branch's path (for the layers), today, and the facts some steps need.
type StepInput struct {
	File   zhibu.DevFile
	Record zhibu.DevRecord
	Path   []int64    // org ids from the root to the person's branch
	Today  zhibu.Date // no step is recorded in the future
	// FullMembers are the branch's full members on the step's date (steps
	// 5 and 9: mentors and sponsors must be among them).
	FullMembers map[int64]bool
	// Vote is the resolution voted on (steps 15 and 23), with Entitled and
	// Present read from the meeting's attendance where it was recorded.
	Vote *zhibu.Resolution
}

// CheckStep decides whether a step may be recorded in a file: the step
// order (dev.order) and every minimum interval and hard condition in force
// on the step's date. It returns the record as it will be saved — for a
// vote, the outcome the counts give (dev.vote: a failed vote is recorded as
// failed, never refused) — or the refusals.
func CheckStep(cat Catalogue, in StepInput) (zhibu.DevRecord, error) {
	return checkStep(newResolver(cat), order(in.Path), in)
}

// checkStep is CheckStep with the catalogue indexed and the order of
// resolution made (the engine's replay reuses its run's).
func checkStep(r *resolver, steps []step, in StepInput) (zhibu.DevRecord, error) {
	rec := in.Record
	if rec.Outcome == "" {
		rec.Outcome = zhibu.OutcomeDone
	}
	if err := rec.Validate(); err != nil {
		return rec, err
	}
	var out Refusals
	refuse := func(id, field, msg string) {
		res, ok := r.resolve(id, steps, rec.On)
		src := srcDevRules
		if ok {
			src = res.Source
		}
		out = append(out, Refusal{RuleID: id, Source: src, Field: field, Message: msg})
	}
	param := func(id, name string, def int) int {
		if res, ok := r.resolve(id, steps, rec.On); ok && res.Params.Has(name) {
			return res.Params.Get(name)
		}
		return def
	}
	f := in.File
	def := zhibu.DevSteps[rec.Step]
	if !in.Today.IsZero() && rec.On.After(in.Today) {
		return rec, zhibu.Problems{{Field: "on", Label: "日期", Message: "日期：不能晚于今天（" + in.Today.String() + "）"}}
	}

	// dev.order: not twice (unless repeatable), not after a revocation,
	// every step it depends on done, and none of them later than it.
	if f.Revoked() && rec.Step != 24 && rec.Step != 25 {
		refuse("dev.order", "step", "该同志已被取消预备党员资格，不能再记录"+def.Label())
	}
	if last, ok := f.Last(rec.Step); ok && !def.Repeatable {
		refuse("dev.order", "step", def.Label()+"已于"+last.On.Chinese()+"记录，不能重复记录")
	}
	switch rec.Step {
	case 15:
		if adm, ok := f.Last(15); ok {
			refuse("dev.order", "step", "已于"+adm.On.Chinese()+"经支部大会接收为预备党员，不能再次表决接收")
		}
	case 23:
		if last, ok := f.Last(23); ok {
			refuse("dev.order", "step", "支部大会已于"+last.On.Chinese()+"作出"+last.Outcome.Label()+"的决议，不能再次讨论转正")
		}
	}
	for _, n := range def.After {
		prev, ok := f.Last(n)
		if !ok {
			refuse("dev.order", "step", def.Label()+"须在"+zhibu.DevSteps[n].Label()+"之后，该步骤尚未完成")
			continue
		}
		if rec.On.Before(prev.On) {
			refuse("dev.order", "on", def.Label()+"的日期不能早于"+zhibu.DevSteps[n].Label()+"（"+prev.On.String()+"）")
		}
	}

	switch rec.Step {
	case 1: // dev.age
		age := param("dev.age", "min_age", 18)
		if b := f.Person.BirthDate; !b.IsZero() && b.AddYears(age).After(rec.On) {
			refuse("dev.age", "on", "申请入党时应年满"+itoa(age)+"周岁：出生于"+b.String()+"，"+b.AddYears(age).String()+"起方可申请")
		}
	case 5: // dev.mentors
		lo, hi := param("dev.mentors", "min_people", 1), param("dev.mentors", "max_people", 2)
		checkPeople(in, rec, "dev.mentors", "培养联系人", lo, hi, refuse)
	case 7: // dev.candidate.after
		if act, ok := f.Last(3); ok {
			m := param("dev.candidate.after", "after_months", 12)
			if earliest := act.On.AddMonths(m); rec.On.Before(earliest) {
				refuse("dev.candidate.after", "on", "确定为入党积极分子（"+act.On.String()+"）后须经过"+monthsText(m)+
					"以上培养教育和考察，最早可于"+earliest.String()+"确定为发展对象")
			}
		}
	case 9: // dev.sponsors
		lo, hi := param("dev.sponsors", "min_people", 2), param("dev.sponsors", "max_people", 2)
		checkPeople(in, rec, "dev.sponsors", "入党介绍人", lo, hi, refuse)
	case 11: // dev.training
		d, h := param("dev.training", "min_days", 3), param("dev.training", "min_hours", 24)
		if rec.Days < d && rec.Hours < h {
			refuse("dev.training", "days", "集中培训不少于"+itoa(d)+"天或不少于"+itoa(h)+"个学时，本次为"+itoa(rec.Days)+"天、"+itoa(rec.Hours)+"学时")
		}
	case 15, 23:
		if rec.Step == 15 {
			if rv, ok := f.LastAny(10); ok && rv.Outcome == zhibu.OutcomeFailed {
				refuse("dev.review", "step", "最近一次政治审查（"+rv.On.String()+"）结论为不合格，不能提交支部大会讨论")
			}
		}
		if rec.Step == 23 && rec.Outcome != zhibu.OutcomeRevoke {
			end := f.ProbationEnd(param("dev.probation", "probation_months", 12))
			if !end.IsZero() && rec.On.Before(end) {
				refuse("dev.confirm.after", "on", "预备期（含延长）至"+end.AddDays(-1).String()+"届满，"+end.String()+"起方可讨论转正或延长预备期")
			}
		}
		if rec.Step == 23 && rec.Outcome == zhibu.OutcomeExtend {
			lo, hi := param("dev.extension", "min_months", 6), param("dev.extension", "max_months", 12)
			had := 0
			for _, x := range f.Records {
				if x.Step == 23 && x.Outcome == zhibu.OutcomeExtend {
					had += x.Months
				}
			}
			switch {
			case rec.Months < lo || rec.Months > hi:
				refuse("dev.extension", "months", "延长预备期应为"+itoa(lo)+"至"+itoa(hi)+"个月，填写的是"+itoa(rec.Months)+"个月")
			case had+rec.Months > hi:
				refuse("dev.extension", "months", "预备期已延长"+itoa(had)+"个月，累计延长不能超过"+itoa(hi)+"个月")
			}
		}
		if in.Vote == nil {
			refuse("dev.vote", "resolution", "须选择支部党员大会表决的事项")
			break
		}
		v := *in.Vote
		if v.Entitled <= 0 {
			refuse("dev.vote", "resolution", "该次大会没有应到会有表决权的正式党员，不能表决")
			break
		}
		// The counts decide a vote: an admission passes or fails whatever
		// was asked for; a confirmation's decision stands only if carried.
		passed := votePassed(param("dev.vote", "above_percent", 50), v)
		switch {
		case !passed:
			rec.Outcome = zhibu.OutcomeFailed
		case rec.Step == 15:
			rec.Outcome = zhibu.OutcomeDone
		case rec.Outcome == zhibu.OutcomeFailed:
			refuse("dev.vote", "outcome", "表决已获通过，请选择大会的决定：转为正式党员、延长预备期或取消预备党员资格")
		}
		rec.Votes = v
	}
	if rec.Step != 23 {
		rec.Months = 0
	}
	if len(out) > 0 {
		return rec, out
	}
	return rec, nil
}

// votePassed applies dev.vote: more than pct percent of the entitled voters
// present, and more than pct percent of all entitled voters in favour.
func votePassed(pct int, v zhibu.Resolution) bool {
	return v.Entitled > 0 && 100*v.Attending() > pct*v.Entitled && 100*v.For > pct*v.Entitled
}

// VoteText describes a vote's counts and result: 应到9人，实到8人，赞成7票……
func VoteText(v zhibu.Resolution) string {
	return "应到会有表决权的正式党员" + itoa(v.Entitled) + "人，实到" + itoa(v.Attending()) + "人，赞成" + itoa(v.For) +
		"票，反对" + itoa(v.Against) + "票，弃权" + itoa(v.Abstain) + "票"
}

// checkPeople checks the mentors or sponsors named: how many, distinct, not
// the person themself, and each a full member of the branch on the day.
func checkPeople(in StepInput, rec zhibu.DevRecord, id, what string, lo, hi int, refuse func(id, field, msg string)) {
	field := "people"
	n := len(rec.People)
	switch {
	case lo == hi && n != lo:
		refuse(id, field, what+"须为"+itoa(lo)+"名，填写了"+itoa(n)+"名")
	case n < lo || n > hi:
		refuse(id, field, what+"须为"+itoa(lo)+"至"+itoa(hi)+"名，填写了"+itoa(n)+"名")
	}
	seen := map[int64]bool{}
	for i, p := range rec.People {
		name := what
		if i < len(rec.PeopleName) && rec.PeopleName[i] != "" {
			name = what + rec.PeopleName[i]
		}
		switch {
		case p == in.File.Person.ID:
			refuse(id, field, what+"不能是本人")
		case seen[p]:
			refuse(id, field, name+"重复填写")
		case !in.FullMembers[p]:
			refuse(id, field, name+"在"+rec.On.String()+"不是本支部的正式党员")
		}
		seen[p] = true
	}
}

func monthsText(m int) string {
	if m%12 == 0 {
		if m == 12 {
			return "一年"
		}
		return itoa(m/12) + "年"
	}
	return itoa(m) + "个月"
}

// NextStep is what the file page offers next: the lowest step not yet done
// whose prerequisites are done, with the earliest day it may be recorded
// (the minimum intervals), or 0 when the file is complete.
func NextStep(cat Catalogue, path []int64, f zhibu.DevFile) (step int, earliest zhibu.Date) {
	for n := 1; n <= zhibu.DevStepCount; n++ {
		def := zhibu.DevSteps[n]
		if f.Done(n) && !(n == 23 && lastExtended(f)) {
			continue
		}
		ready := true
		for _, a := range def.After {
			prev, ok := f.Last(a)
			if !ok {
				ready = false
				break
			}
			if prev.On.After(earliest) {
				earliest = prev.On
			}
		}
		if !ready {
			continue
		}
		switch n {
		case 7:
			if act, ok := f.Last(3); ok {
				res, _ := cat.Resolve("dev.candidate.after", path, act.On)
				if d := act.On.AddMonths(cmpOr(res.Params.Get("after_months"), 12)); d.After(earliest) {
					earliest = d
				}
			}
		case 23:
			res, _ := cat.Resolve("dev.probation", path, earliest)
			if d := f.ProbationEnd(cmpOr(res.Params.Get("probation_months"), 12)); d.After(earliest) {
				earliest = d
			}
		}
		return n, earliest
	}
	return 0, zhibu.Date{}
}

func lastExtended(f zhibu.DevFile) bool {
	r, ok := f.LastAny(23)
	return ok && r.Outcome == zhibu.OutcomeExtend
}

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// devFiles indexes zhibu.Facts.Development by branch.
func devFiles(c *Context) []zhibu.DevFile {
	m := c.Index("dev.files", func(f *zhibu.Facts) any {
		by := map[int64][]zhibu.DevFile{}
		for _, x := range f.Development {
			by[x.Person.OrgID] = append(by[x.Person.OrgID], x)
		}
		return by
	}).(map[int64][]zhibu.DevFile)
	return m[c.Org.ID]
}

// deadline is one requirement with a deadline in a development file.
type deadline struct {
	rule     string
	param    zhibu.Date // the day whose rule version applies
	start    zhibu.Date // from when it is asked
	due      zhibu.Date // the last day (inclusive)
	done     zhibu.Date // when it was done; zero if not
	superior bool
	what     string  // what must be done, Chinese
	evidence []evRef // the records it links to, made evidence only for a finding
}

// evRef is a record a deadline links to, as little of it as the evidence needs.
type evRef struct {
	person int64
	step   int
	on     zhibu.Date
}

func ref(r zhibu.DevRecord) evRef { return evRef{r.PersonID, r.Step, r.On} }

// devDeadlines are the engine's dev.* rules: the maximum intervals as
// deadlines on the calendar.
func devRules() []Rule {
	return []Rule{
		devReplayRule{"dev.order"},
		devReplayRule{"dev.age"},
		devReplayRule{"dev.mentors"},
		devReplayRule{"dev.candidate.after"},
		devReplayRule{"dev.sponsors"},
		devReplayRule{"dev.review"},
		devReplayRule{"dev.training"},
		devReplayRule{"dev.vote"},
		devReplayRule{"dev.confirm.after"},
		devReplayRule{"dev.extension"},
		devDeadlineRule{"dev.talk"},
		devDeadlineRule{"dev.activist.review"},
		devDeadlineRule{"dev.approval"},
		devDeadlineRule{"dev.probation"},
		devDeadlineRule{"dev.confirm.approval"},
	}
}

// devReplayRule reports, as violations, recorded steps that break a hard
// rule: records made before the rule existed, imported, or checked under a
// version since corrected. Each record is checked again against the file as
// it stood before it (mentors and sponsors are taken as checked when they
// were recorded: the facts do not hold past memberships).
type devReplayRule struct{ id string }

func (r devReplayRule) ID() string { return r.id }

type replayed struct {
	file zhibu.DevFile
	rec  zhibu.DevRecord
	ref  Refusal
}

func (r devReplayRule) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	all := c.Index("dev.replay."+itoa(int(c.Org.ID)), func(f *zhibu.Facts) any {
		by := map[string][]replayed{}
		for _, file := range devFiles(c) {
			for i, rec := range file.Records {
				var members map[int64]bool
				if len(rec.People) > 0 {
					members = make(map[int64]bool, len(rec.People))
					for _, p := range rec.People {
						members[p] = true
					}
				}
				var vote *zhibu.Resolution
				if zhibu.DevSteps[rec.Step].Vote {
					v := rec.Votes
					vote = &v
				}
				in := StepInput{File: zhibu.DevFile{Person: file.Person, Records: file.Records[:i]}, Record: rec, Path: c.e.path,
					FullMembers: members, Vote: vote}
				_, err := checkStep(c.rn.res, c.e.steps, in)
				var rs Refusals
				if errors.As(err, &rs) {
					for _, x := range rs {
						by[x.RuleID] = append(by[x.RuleID], replayed{file, rec, x})
					}
				}
			}
		}
		return by
	}).(map[string][]replayed)
	var out []zhibu.Finding
	for _, x := range all[r.id] {
		if x.rec.On.Year != c.Year || x.rec.On.After(c.AsOf) {
			continue
		}
		res, ok := c.ParamsOf(r.id, x.rec.On)
		if !ok {
			continue
		}
		out = append(out, zhibu.Finding{
			RuleID: res.RuleID, Layer: res.Layer, Source: res.Source, Confidence: res.Confidence,
			OrgID: c.Org.ID, SubjectKind: zhibu.SubjectPerson, SubjectID: x.file.Person.ID, SubjectName: x.file.Person.Name,
			Period: zhibu.MonthOf(x.rec.On), Status: zhibu.StatusViolation, Evidence: []zhibu.Evidence{recEvidence(x.rec)},
			Responsible: zhibu.OrgOfficer,
			Message:     x.file.Person.Name + "：" + zhibu.DevSteps[x.rec.Step].Title + "（" + x.rec.On.Chinese() + "）不符合规定：" + x.ref.Message + "。请核实并更正发展档案。",
		})
	}
	return out
}

// EvidenceDevStep is a recorded development step, for a finding's link.
const EvidenceDevStep = "dev_step"

func recEvidence(r zhibu.DevRecord) zhibu.Evidence {
	return zhibu.Evidence{Kind: EvidenceDevStep, ID: r.PersonID, Label: r.On.Chinese() + " " + zhibu.DevSteps[r.Step].Title}
}

// devDeadlineRule reports one kind of deadline for every file of the branch.
type devDeadlineRule struct{ id string }

func (r devDeadlineRule) ID() string { return r.id }

func (r devDeadlineRule) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	var out []zhibu.Finding
	for _, f := range devFiles(c) {
		if f.Revoked() {
			continue
		}
		for _, d := range deadlines(c, r.id, f) {
			if fd, ok := devFinding(c, f, d); ok {
				out = append(out, fd)
			}
		}
	}
	return out
}

// within is the deadline months after from, by the rule version in force
// on from.
func within(c *Context, id, name string, from zhibu.Date, def int) zhibu.Date {
	m := def
	if res, ok := c.ParamsOf(id, from); ok && res.Params.Get(name) > 0 {
		m = res.Params.Get(name)
	}
	return from.AddMonths(m)
}

// deadlines lists a file's requirements of rule id.
func deadlines(c *Context, id string, f zhibu.DevFile) []deadline {
	var out []deadline
	add := func(d deadline) { d.rule = id; out = append(out, d) }
	switch id {
	case "dev.talk":
		if app, ok := f.Last(1); ok {
			d := deadline{param: app.On, start: app.On, due: within(c, id, "within_months", app.On, 1), what: "同入党申请人谈话",
				evidence: []evRef{ref(app)}}
			if t, ok := f.Last(2); ok {
				d.done = t.On
				d.evidence = append(d.evidence, ref(t))
			}
			add(d)
		}
	case "dev.activist.review":
		act, ok := f.Last(3)
		if !ok {
			return nil
		}
		end := zhibu.Date{} // reviews are asked until the admission vote
		if adm, ok := f.Last(15); ok {
			end = adm.On
		}
		var reviews []zhibu.DevRecord
		for _, x := range f.Records {
			if x.Step == 6 {
				reviews = append(reviews, x)
			}
		}
		anchor := act.On
		for i := 0; i < 40; i++ {
			due := within(c, id, "every_months", anchor, 6)
			if !end.IsZero() && due.After(end) {
				break
			}
			d := deadline{param: anchor, start: anchor, due: due, what: "对入党积极分子进行半年一次的培养考察"}
			var next *zhibu.DevRecord
			for j := range reviews {
				if reviews[j].On.After(anchor) {
					next = &reviews[j]
					break
				}
			}
			if next != nil && !next.On.After(c.AsOf) {
				d.done = next.On
				d.evidence = []evRef{ref(*next)}
				add(d)
				anchor = next.On
				continue
			}
			add(d)
			break
		}
	case "dev.approval":
		if adm, ok := f.Last(15); ok {
			d := deadline{param: adm.On, start: adm.On, due: within(c, id, "within_months", adm.On, 3), superior: true,
				what: "审批接收预备党员", evidence: []evRef{ref(adm)}}
			if ap, ok := f.Last(17); ok {
				d.done = ap.On
				d.evidence = append(d.evidence, ref(ap))
				if ap.Special && ap.On.After(d.due) {
					d.due = within(c, id, "special_months", adm.On, 6)
				}
			}
			add(d)
		}
	case "dev.probation":
		adm, ok := f.Last(15)
		if !ok {
			return nil
		}
		res, _ := c.ParamsOf(id, adm.On)
		end := f.ProbationEnd(cmpOr(res.Params.Get("probation_months"), 12))
		start := end.AddMonths(-cmpOr(res.Params.Get("remind_months"), 1))
		due := end.AddMonths(cmpOr(res.Params.Get("within_months"), 1))
		d := deadline{param: adm.On, start: start, due: due, what: "在预备期满（" + end.Chinese() + "）后召开支部大会讨论转正",
			evidence: []evRef{ref(adm)}}
		if v, ok := f.Last(23); ok {
			d.done = v.On
			d.evidence = append(d.evidence, ref(v))
		}
		add(d)
	case "dev.confirm.approval":
		if v, ok := f.Last(23); ok && v.Outcome == zhibu.OutcomeConfirm {
			d := deadline{param: v.On, start: v.On, due: within(c, id, "within_months", v.On, 3), superior: true,
				what: "审批预备党员转正", evidence: []evRef{ref(v)}}
			if ap, ok := f.Last(24); ok {
				d.done = ap.On
				d.evidence = append(d.evidence, ref(ap))
			}
			add(d)
		}
	}
	return out
}

// devFinding makes the finding of one deadline for the checked year: in
// the month it was done (ok, or a violation when late), else in the month
// of its deadline (due, then overdue); a deadline of an earlier year still
// open is overdue in the month of the day checked. None when it is not yet
// asked, or its deadline falls in a later year.
func devFinding(c *Context, f zhibu.DevFile, d deadline) (zhibu.Finding, bool) {
	if d.start.After(c.AsOf) {
		return zhibu.Finding{}, false
	}
	res, ok := c.ParamsOf(d.rule, d.param)
	if !ok {
		return zhibu.Finding{}, false
	}
	done := !d.done.IsZero() && !d.done.After(c.AsOf)
	var p zhibu.Period
	switch {
	case done:
		p = zhibu.MonthOf(d.done)
	case d.due.Year == c.Year:
		p = zhibu.MonthOf(d.due)
	case d.due.Year < c.Year:
		p = zhibu.MonthOf(c.Day()) // still open from an earlier year
	default:
		return zhibu.Finding{}, false // a later year's deadline
	}
	if p.Year != c.Year {
		return zhibu.Finding{}, false
	}
	who := "支部"
	if d.superior {
		who = "上级党委"
		if name := c.Facts.DevSuperior[c.Org.ID]; name != "" {
			who = "上级党委（" + name + "）"
		}
	}
	fd := zhibu.Finding{
		RuleID: res.RuleID, Layer: res.Layer, Source: res.Source, Confidence: res.Confidence,
		OrgID: c.Org.ID, SubjectKind: zhibu.SubjectPerson, SubjectID: f.Person.ID, SubjectName: f.Person.Name,
		Period: p, Deadline: d.due, Evidence: make([]zhibu.Evidence, len(d.evidence)), Responsible: zhibu.OrgOfficer,
	}
	for i, r := range d.evidence {
		fd.Evidence[i] = zhibu.Evidence{Kind: EvidenceDevStep, ID: r.person, Label: r.on.Chinese() + " " + zhibu.DevSteps[r.step].Title}
	}
	name := f.Person.Name
	switch {
	case done && d.done.After(d.due):
		fd.Status = zhibu.StatusViolation
		fd.Message = name + "：" + d.what + "应在" + d.due.Chinese() + "前完成，实际于" + d.done.Chinese() + "完成，超过期限。"
	case done:
		fd.Status = zhibu.StatusOK
		fd.Message = name + "：已于" + d.done.Chinese() + d.what + "（期限" + d.due.Chinese() + "）。"
	default:
		fd.Status = c.Status(false, d.due)
		if fd.Status == zhibu.StatusDue {
			fd.Message = name + "：" + who + "应在" + d.due.Chinese() + "前" + d.what + "。"
		} else {
			fd.Message = name + "：" + who + "应在" + d.due.Chinese() + "前" + d.what + "，已逾期，请尽快完成并补录。"
		}
	}
	return fd, true
}

// SortRecords orders a file's records by date, then id.
func SortRecords(rs []zhibu.DevRecord) {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].On != rs[j].On {
			return rs[i].On.Before(rs[j].On)
		}
		return rs[i].ID < rs[j].ID
	})
}
