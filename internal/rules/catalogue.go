package rules

import (
	"slices"
	"sort"
	"strconv"

	"zhibu"
)

// Direction is which way a parameter is stricter.
type Direction int

const (
	Higher Direction = 1  // a larger value asks more ("min": 2 a month is stricter than 1)
	Lower  Direction = -1 // a smaller value asks more ("within_days": 3 is stricter than 7)
)

// ParamSpec describes a parameter name: its Chinese label (for the form that
// edits it) and which way is stricter.
type ParamSpec struct {
	Name     string
	Label    string
	Stricter Direction
}

// Stricter reports whether value a asks more than value b.
func (s ParamSpec) stricter(a, b int) bool {
	if s.Stricter == Lower {
		return a < b
	}
	return a > b
}

var paramSpecs = map[string]ParamSpec{}

func init() {
	for _, s := range []ParamSpec{
		{"min", "每个周期至少次数", Higher},
		{"per_year", "每年至少次数", Higher},
		{"per_half", "每半年至少次数", Higher},
		{"per_quarter", "每季度至少次数", Higher},
		{"above_percent", "到会人数须超过的比例（%）", Higher},
		{"within_days", "会后完成记录的天数", Lower},
		{"years", "每届任期（年）", Lower},
		{"committee_years", "党委每届任期（年）", Lower},
		{"remind_first", "第一次提醒（届满前月数）", Higher},
		{"remind_second", "第二次提醒（届满前月数）", Higher},
		{"max_months", "延期最长月数", Lower},
		{"threshold", "应设委员会的正式党员人数", Lower},
		{"min_size", "委员会最少人数", Higher},
		{"valid_months", "介绍信有效期（月）", Lower},
		{"away_months", "须转接组织关系的外出月数", Lower},
		{"max_size", "委员会最多人数", Lower},
	} {
		paramSpecs[s.Name] = s
	}
}

// Spec describes a parameter name; ok is false for an unknown name. A new
// rule with a new kind of parameter adds its spec with RegisterParam.
func Spec(name string) (ParamSpec, bool) {
	s, ok := paramSpecs[name]
	return s, ok
}

// RegisterParam adds a parameter name for rules added later. Call it from
// an init function, before any check runs.
func RegisterParam(s ParamSpec) { paramSpecs[s.Name] = s }

// Catalogue is every rule version the engine may apply.
type Catalogue []zhibu.RuleVersion

// The sources of the national layer.
const (
	srcBranchRules = "《中国共产党支部工作条例（试行）》"
	srcEducation   = "《中国共产党党员教育管理工作条例》"
	srcOrgans      = "《中国共产党党和国家机关基层组织工作条例》"
)

// DefaultCatalogue is the national layer of the meet.* and org.* rules of
// RULES.md with their default parameters. The versions have no start date:
// the cited texts restate duties in force long before them, and a check of
// any year applies them. A revision is a new version with its date.
func DefaultCatalogue() Catalogue {
	n := func(id, title, source, conf string, p zhibu.RuleParams) zhibu.RuleVersion {
		return zhibu.RuleVersion{ID: id, Layer: zhibu.LayerNational, Title: title, Source: source, Confidence: conf, Params: p}
	}
	return slices.Concat(Catalogue{
		n("meet.committee.monthly", "每月至少召开一次支委会", srcBranchRules+"第十二条", "S", zhibu.RuleParams{"min": 1}),
		n("meet.committee.quorum", "支委会须有半数以上委员到会", srcBranchRules+"第十二条", "S", zhibu.RuleParams{"above_percent": 50}),
		n("meet.assembly.quarterly", "每季度至少召开一次支部党员大会", srcBranchRules+"第十一条", "S", zhibu.RuleParams{"min": 1}),
		n("meet.group.monthly", "每个党小组每月至少召开一次党小组会", srcBranchRules+"第十三条", "S", zhibu.RuleParams{"min": 1}),
		n("meet.chair", "支部党员大会、支委会由书记召集主持，党小组会由组长召集主持", srcBranchRules+"第十四条", "S", nil),
		n("meet.lecture.secretary", "支部书记每年至少讲一次党课", srcBranchRules+"第十六条", "S", zhibu.RuleParams{"per_year": 1}),
		n("meet.themeday.monthly", "每月开展一次主题党日", srcEducation+"第十六条；"+srcBranchRules+"第十六条", "V", zhibu.RuleParams{"min": 1}),
		n("meet.life.annual", "每年至少召开一次组织生活会", srcBranchRules+"第十七条；"+srcEducation+"第十七条", "V", zhibu.RuleParams{"min": 1}),
		n("meet.appraisal.annual", "每年开展一次民主评议党员", srcEducation+"第十八条", "V", zhibu.RuleParams{"min": 1, "excellent_one_in": zhibu.DefaultExcellentOneIn}),
		n("meet.quorum", "支部党员大会表决须有半数以上有表决权的党员到会", srcBranchRules+"；《中国共产党发展党员工作细则》", "S", zhibu.RuleParams{"above_percent": 50}),
		n("meet.minutes", "每次会议有主持人、记录人和会议记录，存档备查", "支部工作惯例；支部工作计划第一、二部分（存档备查）", "", zhibu.RuleParams{"within_days": 7}),
		n("org.term.length", "支部委员会、总支部委员会每届任期三年，党的基层委员会每届任期五年", srcBranchRules+"第六章；《中国共产党章程》第三十条", "S",
			zhibu.RuleParams{"years": zhibu.DefaultTermYears, "committee_years": zhibu.DefaultCommitteeTermYears}),
		n("org.term.due", "任期届满按期换届，届满前6个月、3个月提醒，逾期每月提醒", "工作惯例（参考系统做法）", "S", zhibu.RuleParams{"remind_first": 6, "remind_second": 3}),
		n("org.term.extension", "延期或提前换届须经上级党委批准，延期不超过一年", "《中国共产党基层组织选举工作条例》", "S", zhibu.RuleParams{"max_months": 12}),
		n("org.secretary.approval", "新选举产生的支部书记、副书记报上级党组织批准", srcOrgans+"第八条", "V", nil),
		n("org.committee.required", "正式党员7人以上的支部设立支部委员会（3至5人，一般不超过7人）；不足7人的只设书记", srcBranchRules+"第六章；"+srcOrgans+"第七条", "S", zhibu.RuleParams{"threshold": 7, "min_size": 3, "max_size": 7}),
		n("org.committee.positions", "支部委员会设书记和组织、宣传、纪检委员，可设副书记；一人可兼数职", srcBranchRules+"第六章；"+srcOrgans+"第七条；支部工作计划第一部分", "S", nil),
		n("member.transfer.required", "工作单位或居住地变动、外出6个月以上的党员应转接组织关系；新组织接收前由原组织负责管理", srcEducation+"第二十五条", "V", zhibu.RuleParams{"away_months": 6}),
		n("member.transfer.letter", "组织关系介绍信有效期不超过3个月，接收方应退回回执", "组织关系转接工作惯例（有效期各地规定不一，作为参数）", "S", zhibu.RuleParams{"valid_months": zhibu.DefaultLetterMonths}),
		n("org.group.leader", "每个党小组设组长一名", srcBranchRules+"第十三条；支部工作计划第一部分", "", nil),
	},
		duesVersions(),
		devCatalogue(),
		orgCatalogue(), lifeCatalogue(), memberCatalogue(), // org.go, life.go, memberrecords.go
		activityCatalogue(),  // activities stream
		studyTalkCatalogue(), // study and talks (study.go)
		reviewCatalogue(),    // review stream: reviewCatalogue
		voiceCatalogue(),     // voiceCatalogue: disclosure, mailbox, paper (voice.go)
	)
}

// SeedBranchLayer is the seed plan's branch layer for the branch orgID from
// day from: the secretary lectures at least four times a year, at least
// twice in each half (seed plan §2.3), stricter than the national once a year.
func SeedBranchLayer(orgID int64, from zhibu.Date) []zhibu.RuleVersion {
	return []zhibu.RuleVersion{{
		ID: "meet.lecture.secretary", Layer: zhibu.LayerBranch, OrgID: orgID, EffectiveFrom: from,
		Title:  "支部书记上党课每年不少于四次，上半年、下半年各两次，课件报局党委备案",
		Source: "支部党建工作计划（2018）第二部分第3条",
		Params: zhibu.RuleParams{"per_year": 4, "per_half": 2},
	}}
}

// Resolved is a rule's parameters for one org on one day, after the layers:
// the national version, then each superior version on the org's path from
// the top down, then each branch version. A lower layer may only tighten a
// parameter or add one; a looser value is ignored (Validate reports it).
// Layer, Source and Confidence are those of the lowest version that changed
// something, the one a finding names.
type Resolved struct {
	RuleID     string
	Title      string
	Layer      zhibu.Layer
	Source     string
	Confidence string
	Params     zhibu.RuleParams // shared with the catalogue: read only
}

// resolver indexes a catalogue by rule id for resolution.
type resolver struct {
	byID  map[string][]*zhibu.RuleVersion // by EffectiveFrom, then catalogue order
	lower map[string]bool                 // rule ids with a superior or branch version
}

func newResolver(cat Catalogue) *resolver {
	r := &resolver{byID: map[string][]*zhibu.RuleVersion{}, lower: map[string]bool{}}
	for i := range cat {
		v := &cat[i]
		r.byID[v.ID] = append(r.byID[v.ID], v)
		if v.Layer != zhibu.LayerNational {
			r.lower[v.ID] = true
		}
	}
	for _, vs := range r.byID {
		sort.SliceStable(vs, func(i, j int) bool { return vs[i].EffectiveFrom.Before(vs[j].EffectiveFrom) })
	}
	return r
}

// step is one place in the order of resolution: a layer and, below the
// national layer, an org on the path.
type step struct {
	layer zhibu.Layer
	org   int64
}

// order lists the steps for an org with the given path (ids from the root).
func order(path []int64) []step {
	steps := make([]step, 0, 1+2*len(path))
	steps = append(steps, step{zhibu.LayerNational, 0})
	for _, l := range []zhibu.Layer{zhibu.LayerSuperior, zhibu.LayerBranch} {
		for _, id := range path {
			steps = append(steps, step{l, id})
		}
	}
	return steps
}

// latest is the version of rule id at step s in force on day d: the one
// that began last.
func (r *resolver) latest(id string, s step, d zhibu.Date) *zhibu.RuleVersion {
	vs := r.byID[id]
	for i := len(vs) - 1; i >= 0; i-- {
		v := vs[i]
		if v.Layer == s.layer && v.OrgID == s.org && v.InForce(d) {
			return v
		}
	}
	return nil
}

// resolve applies the steps in order on day d.
func (r *resolver) resolve(id string, steps []step, d zhibu.Date) (Resolved, bool) {
	var res Resolved
	found, owned := false, false
	for _, s := range steps {
		if s.layer != zhibu.LayerNational && !r.lower[id] {
			break
		}
		v := r.latest(id, s, d)
		if v == nil {
			continue
		}
		if !found {
			res = Resolved{RuleID: v.ID, Title: v.Title, Layer: v.Layer, Source: v.Source, Confidence: v.Confidence, Params: v.Params}
			found = true
			continue
		}
		changed := false
		for k, val := range v.Params {
			spec, known := paramSpecs[k]
			if !known {
				continue
			}
			cur, set := res.Params[k]
			if set && !spec.stricter(val, cur) {
				continue
			}
			if !owned {
				p := make(zhibu.RuleParams, len(res.Params)+1)
				for k, v := range res.Params {
					p[k] = v
				}
				res.Params, owned = p, true
			}
			res.Params[k] = val
			changed = true
		}
		if changed {
			res.Title, res.Layer, res.Source, res.Confidence = v.Title, v.Layer, v.Source, v.Confidence
		}
	}
	return res, found
}

// Resolve is rule id's parameters on day d for the org with the given path
// (org ids from the root down to the org).
func (c Catalogue) Resolve(id string, path []int64, d zhibu.Date) (Resolved, bool) {
	return newResolver(c).resolve(id, order(path), d)
}

// VersionProblem is something wrong with a version of a catalogue: Index is
// its place in the catalogue; Param the parameter concerned, if any.
type VersionProblem struct {
	Index   int         `json:"index"`
	RuleID  string      `json:"rule_id"`
	Layer   zhibu.Layer `json:"layer"`
	OrgID   int64       `json:"org_id,omitempty"`
	Param   string      `json:"param,omitempty"`
	Message string      `json:"message"` // Chinese
}

// Validate reports what is wrong with the catalogue: an unknown layer, a
// national version tied to an org or a lower one tied to none, an end not
// after the start, unknown or negative parameters, two versions of one rule,
// layer and org taking effect on the same day (otherwise the one that began
// last is in force), and — the point of the layers — a
// lower-layer parameter that would loosen a higher layer on some day it is
// in force. Such a parameter is ignored when rules are checked.
//
// orgs gives the tree, to find the superior layers above an org; with nil
// orgs a lower version is compared with the national layer and its own org's.
func (c Catalogue) Validate(orgs []zhibu.Org) []VersionProblem {
	var out []VersionProblem
	add := func(i int, param, msg string) {
		v := c[i]
		out = append(out, VersionProblem{Index: i, RuleID: v.ID, Layer: v.Layer, OrgID: v.OrgID, Param: param, Message: msg})
	}
	paths := orgPaths(orgs)
	r := newResolver(c)
	for i, v := range c {
		name := "规则" + v.ID + "（" + v.Layer.Label() + "）"
		switch {
		case v.ID == "":
			add(i, "", "规则编号不能为空")
			continue
		case !v.Layer.Valid():
			add(i, "", name+"的层级应为national、superior或branch")
			continue
		case v.Layer == zhibu.LayerNational && v.OrgID != 0:
			add(i, "", name+"属于全国层级，不应指定组织")
		case v.Layer != zhibu.LayerNational && v.OrgID == 0:
			add(i, "", name+"应指定设定它的组织")
		}
		if !v.EffectiveTo.IsZero() && !v.EffectiveTo.After(v.EffectiveFrom) {
			add(i, "", name+"的失效日期应晚于生效日期")
		}
		for _, k := range sortedKeys(v.Params) {
			if _, ok := paramSpecs[k]; !ok {
				add(i, k, name+"的参数"+k+"未定义")
			} else if v.Params[k] < 0 {
				add(i, k, name+"的参数"+k+"不能为负数")
			}
		}
		for j := 0; j < i; j++ {
			w := c[j]
			if w.ID == v.ID && w.Layer == v.Layer && w.OrgID == v.OrgID && w.EffectiveFrom == v.EffectiveFrom {
				add(i, "", name+"与第"+strconv.Itoa(j+1)+"条版本同日生效，无法确定适用哪一条")
			}
		}
		if v.Layer == zhibu.LayerNational || !v.Layer.Valid() {
			continue
		}
		path := paths[v.OrgID]
		if path == nil {
			path = []int64{v.OrgID}
		}
		higher := above(order(path), step{v.Layer, v.OrgID})
		reported := map[string]bool{}
		for _, d := range checkDays(r.byID[v.ID], v) {
			res, ok := r.resolve(v.ID, higher, d)
			if !ok {
				continue
			}
			for _, k := range sortedKeys(v.Params) {
				spec, known := paramSpecs[k]
				cur, set := res.Params[k]
				if known && set && !reported[k] && spec.stricter(cur, v.Params[k]) {
					reported[k] = true
					add(i, k, name+"的参数“"+spec.Label+"”"+strconv.Itoa(v.Params[k])+"比"+res.Layer.Label()+"（"+res.Source+"）的"+strconv.Itoa(cur)+"宽松，下级只能从严，此参数不予适用")
				}
			}
		}
	}
	return out
}

// checkDays are the days on which v is compared with the layers above it:
// its first day, and each day within its span on which another version of
// the rule begins or ends (the layers above can change only then).
func checkDays(vs []*zhibu.RuleVersion, v zhibu.RuleVersion) []zhibu.Date {
	days := []zhibu.Date{v.EffectiveFrom}
	for _, w := range vs {
		for _, d := range []zhibu.Date{w.EffectiveFrom, w.EffectiveTo} {
			if !d.IsZero() && d.After(v.EffectiveFrom) && v.InForce(d) {
				days = append(days, d)
			}
		}
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	return days
}

// above is the steps before s in the order of resolution.
func above(steps []step, s step) []step {
	for i, x := range steps {
		if x == s {
			return steps[:i]
		}
	}
	return steps
}

func sortedKeys(p zhibu.RuleParams) []string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
