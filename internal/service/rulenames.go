package service

import (
	"sort"

	"zhibu"
	"zhibu/internal/rules"
)

// What every door shows about a rule, beside its findings: its place in
// the registry (rows and columns follow it), its title, its short name,
// the meeting that satisfies it, its parameters in their order with their
// labels and directions, and the layer an org sets. Pure data about the
// rules, read by the web pages and the CLI alike.

// ruleIndex is each built-in rule's place in the registry. It is filled
// once, when the package loads, and only read after.
var ruleIndex = func() map[string]int {
	m := map[string]int{}
	for i, r := range rules.Builtin().Rules() {
		m[r.ID()] = i
	}
	return m
}()

// RuleRank is rule id's place in the registry; a rule it does not hold
// comes after every built-in rule.
func RuleRank(id string) int {
	if i, ok := ruleIndex[id]; ok {
		return i
	}
	return len(ruleIndex)
}

// nationalTitles is what each rule asks, from the national layer (the
// database keeps no titles for the lower layers' versions). Read only.
var nationalTitles = func() map[string]string {
	m := map[string]string{}
	for _, v := range rules.DefaultCatalogue() {
		m[v.ID] = v.Title
	}
	return m
}()

// NationalTitle is what rule id asks, from the national layer; "" for a
// rule only a lower layer has.
func NationalTitle(id string) string { return nationalTitles[id] }

// RuleTitle is the title of rule id: the national one, else one a lower
// layer of cat gave, else the id.
func RuleTitle(cat rules.Catalogue, id string) string {
	if t := nationalTitles[id]; t != "" {
		return t
	}
	for _, v := range cat {
		if v.ID == id && v.Title != "" {
			return v.Title
		}
	}
	return id
}

// shortNames are the matrix's column heads. Read only.
var shortNames = map[string]string{
	"meet.committee.monthly":   "支委会",
	"meet.committee.quorum":    "支委会到会",
	"meet.assembly.quarterly":  "党员大会",
	"meet.group.monthly":       "党小组会",
	"meet.chair":               "主持人",
	"meet.lecture.secretary":   "书记党课",
	"meet.themeday.monthly":    "主题党日",
	"meet.life.annual":         "组织生活会",
	"meet.appraisal.annual":    "民主评议",
	"meet.quorum":              "表决人数",
	"meet.minutes":             "会议记录",
	"org.term.length":          "任期年限",
	"org.term.due":             "按期换届",
	"org.term.extension":       "延期换届",
	"org.committee.required":   "设委员会",
	"org.committee.positions":  "委员职务",
	"org.group.leader":         "小组组长",
	"org.secretary.approval":   "书记报批",
	"member.transfer.required": "应转接",
	"member.transfer.letter":   "介绍信",
	"dues.rate.salaried":       "在职党费",
	"dues.rate.annual_salary":  "年薪党费",
	"dues.rate.no_salary":      "无固定收入",
	"dues.rate.retired":        "离退休党费",
	"dues.rate.flat":           "定额党费",
	"dues.waiver":              "党费减免",
	"dues.probationary":        "预备党员党费",
	"dues.base.change":         "基数调整",
	"dues.voluntary":           "上缴中央",
	"dues.monthly":             "按月交党费",
	"dues.arrears":             "连续未交",
	"dues.no_org_payment":      "组织代交",
	"dev.order":                "发展程序",
	"dev.age":                  "申请年龄",
	"dev.talk":                 "申请谈话",
	"dev.mentors":              "培养联系人",
	"dev.activist.review":      "半年考察",
	"dev.candidate.after":      "培养期",
	"dev.sponsors":             "入党介绍人",
	"dev.review":               "政治审查",
	"dev.training":             "集中培训",
	"dev.vote":                 "接收表决",
	"dev.approval":             "上级审批",
	"dev.probation":            "按期转正",
	"dev.confirm.after":        "预备期满",
	"dev.extension":            "延长预备期",
	"dev.confirm.approval":     "转正审批",
	// activities stream
	"stance.filing":      "发声亮剑报备",
	"activity.occasions": "七一十一活动",
	"activity.campaign":  "专项教育",
	// study and talks (study.go, talks.go)
	"member.study.hours":         "党员学时",
	"member.study.hours.leaders": "委员学时",
	"study.records":              "学习记录",
	"talk.pairs":                 "谈心谈话",
	"talk.seed":                  "半年谈话",
	"review.secretary":           "书记述职评议", // review stream
	"appraisal.handling":         "不合格处置",  // review stream: the appraisal's 不合格 members
	// the branch's voice (disclosure, mailbox, paper)
	"disclose.branch":    "党务公开",
	"disclose.procedure": "公开程序",
	"mailbox.reply":      "信箱答复",
	"paper.annual":       "调研论文",
}

// ShortName is rule id's head in the matrix: a few characters, or the id
// for a rule without one.
func ShortName(id string) string {
	if s := shortNames[id]; s != "" {
		return s
	}
	return id
}

// meetingOf is the type of meeting that satisfies a counting rule. Read
// only.
var meetingOf = map[string]zhibu.MeetingType{
	"meet.committee.monthly":  zhibu.MeetCommittee,
	"meet.assembly.quarterly": zhibu.MeetAssembly,
	"meet.group.monthly":      zhibu.MeetGroup,
	"meet.lecture.secretary":  zhibu.MeetLecture,
	"meet.themeday.monthly":   zhibu.MeetThemedDay,
	"meet.life.annual":        zhibu.MeetLife,
	"meet.appraisal.annual":   zhibu.MeetAppraisal,
}

// MeetingOf is the type of meeting that satisfies counting rule id (the
// form that fixes a due or overdue finding records one); false for a rule
// that counts no meetings.
func MeetingOf(id string) (zhibu.MeetingType, bool) {
	t, ok := meetingOf[id]
	return t, ok
}

// paramOrder is the order parameters are shown in (others follow by name).
var paramOrder = []string{"min", "per_year", "per_half", "per_quarter", "above_percent", "within_days", "years",
	"remind_first", "remind_second", "max_months", "threshold", "min_size", "max_size"}

// extraParams are parameters a lower layer may set for a rule although
// the national layer does not (the seed plan's lectures per half).
var extraParams = map[string][]string{"meet.lecture.secretary": {"per_year", "per_half", "per_quarter"}}

// RuleParams are the parameters rule id takes, in the order they are
// shown: those of its versions in cat and those a lower layer may add.
// None: the rule takes no parameter (or cat does not hold it).
func RuleParams(cat rules.Catalogue, id string) []string {
	set := map[string]bool{}
	for _, v := range cat {
		if v.ID == id {
			for k := range v.Params {
				set[k] = true
			}
		}
	}
	for _, k := range extraParams[id] {
		set[k] = true
	}
	var out []string
	for _, k := range paramOrder {
		if set[k] {
			out = append(out, k)
			delete(set, k)
		}
	}
	var rest []string
	for k := range set {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// ParamLabel is a parameter as a page or a form labels it, in Chinese:
// 每个周期至少次数 (its name, min, is the form field's, never shown).
func ParamLabel(name string) string {
	if sp, ok := rules.Spec(name); ok && sp.Label != "" {
		return sp.Label
	}
	return name
}

// ParamDirection says which way a parameter is stricter.
func ParamDirection(name string) string {
	if sp, ok := rules.Spec(name); ok && sp.Stricter == rules.Lower {
		return "越小越严"
	}
	return "越大越严"
}

// LayerOf is the layer org o sets: a committee (or general branch) the
// superior layer for its subtree, a branch its own; a group none ("").
func LayerOf(o zhibu.Org) zhibu.Layer {
	switch o.Kind {
	case zhibu.KindCommittee, zhibu.KindGeneralBranch:
		return zhibu.LayerSuperior
	case zhibu.KindBranch:
		return zhibu.LayerBranch
	}
	return ""
}
