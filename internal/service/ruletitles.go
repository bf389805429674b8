package service

import (
	"maps"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/rules"
)

// titleForms write a rule's title from the parameters in force, for the
// rules whose national title states a number a lower layer may change:
// {name} is the parameter's value, and a clause in [brackets] is kept only
// when its parameters are set. Read only.
var titleForms = map[string]string{
	"meet.committee.monthly":   "每月至少召开{min}次支委会",
	"meet.committee.quorum":    "支委会须有{above_percent}%以上委员到会",
	"meet.assembly.quarterly":  "每季度至少召开{min}次支部党员大会",
	"meet.group.monthly":       "每个党小组每月至少召开{min}次党小组会",
	"meet.lecture.secretary":   "支部书记每年至少讲{per_year}次党课[，每半年至少{per_half}次][，每季度至少{per_quarter}次]",
	"meet.themeday.monthly":    "每月至少开展{min}次主题党日",
	"meet.life.annual":         "每年至少召开{min}次组织生活会",
	"meet.appraisal.annual":    "每年至少开展{min}次民主评议党员",
	"meet.quorum":              "支部党员大会表决须有{above_percent}%以上有表决权的党员到会",
	"meet.minutes":             "每次会议有主持人、记录人和会议记录，会后{within_days}日内完成，存档备查",
	"org.term.due":             "任期届满按期换届，届满前{remind_first}个月、{remind_second}个月提醒，逾期每月提醒",
	"org.term.extension":       "延期或提前换届须经上级党委批准，延期不超过{max_months}个月",
	"member.transfer.required": "工作单位或居住地变动、外出{away_months}个月以上的党员应转接组织关系；新组织接收前由原组织负责管理",
	"member.transfer.letter":   "组织关系介绍信有效期不超过{valid_months}个月，接收方应退回回执",
}

// nationalParams are each rule's national parameters. Read only.
var nationalParams = func() map[string]zhibu.RuleParams {
	m := map[string]zhibu.RuleParams{}
	for _, v := range rules.DefaultCatalogue() {
		m[v.ID] = v.Params
	}
	return m
}()

// RuleTitleAt is the title of rule id as it applies to the org at path on
// day on: the national title while the national parameters are in force;
// else the title of the layer that set the parameters, if it gave one;
// else a title that states the parameters in force (a branch that asks
// four lectures a year reads 支部书记每年至少讲4次党课). A title never
// contradicts the numbers beside it.
func RuleTitleAt(cat rules.Catalogue, id string, path []int64, on zhibu.Date) string {
	title := RuleTitle(cat, id)
	res, ok := cat.Resolve(id, path, on)
	if !ok || maps.Equal(res.Params, nationalParams[id]) {
		return title
	}
	if res.Layer != zhibu.LayerNational && res.Title != "" {
		return res.Title
	}
	if form, ok := titleForms[id]; ok {
		return fillTitle(form, res.Params)
	}
	return title
}

// fillTitle writes form with params; "" when a parameter outside brackets
// is not set.
func fillTitle(form string, params zhibu.RuleParams) string {
	var b strings.Builder
	for form != "" {
		open := strings.IndexByte(form, '[')
		if open < 0 {
			open = len(form)
		}
		b.WriteString(fillParams(form[:open], params, true))
		form = form[open:]
		if form == "" {
			break
		}
		end := strings.IndexByte(form, ']')
		if end < 0 {
			end = len(form) - 1
		}
		b.WriteString(fillParams(form[1:end], params, false))
		form = form[end+1:]
	}
	return b.String()
}

// fillParams replaces each {name} of s with its value; an unset one
// leaves the whole of s out, unless required, when it reads as the name.
func fillParams(s string, params zhibu.RuleParams, required bool) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+j]
		b.WriteString(s[:i])
		if params.Has(name) {
			b.WriteString(strconv.Itoa(params[name]))
		} else if required {
			b.WriteString(name)
		} else {
			return ""
		}
		s = s[i+j+1:]
	}
}
