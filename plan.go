package zhibu

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Plan is an org's work plan for a year (党建工作要点 / 工作计划): its
// sections and items. A committee's plan, once published, is the 工作要点
// its branches build theirs from.
type Plan struct {
	ID        int64  `json:"id"`
	OrgID     int64  `json:"org_id"`
	Year      int    `json:"year"`
	Title     string `json:"title"`
	Intro     string `json:"intro,omitempty"` // the preamble before the sections
	Published bool   `json:"published"`       // a committee's 工作要点, visible to its branches to build from
	// SourceID is the superior's plan this one was built from; 0 if none.
	SourceID int64 `json:"source_id,omitempty"`
	// Admissions is the year's planned admissions (本年度拟计划发展党员);
	// 0 when not set (the document then counts the candidates).
	Admissions int           `json:"admissions"`
	Sections   []PlanSection `json:"sections"`
}

// PlanSection is one numbered section of a plan (一、二、…).
type PlanSection struct {
	N     int        `json:"n"`
	Title string     `json:"title"`
	Items []PlanItem `json:"items"`
}

// PlanItem is one thing a plan says will be done: by whom (a position, so
// it follows whoever holds the seat), by when (a date, or the rules of the
// engine it refers to), and what records fulfil it.
type PlanItem struct {
	ID      int64    `json:"id"`
	PlanID  int64    `json:"plan_id"`
	Section int      `json:"section"`
	N       int      `json:"n"` // order within the section
	Text    string   `json:"text"`
	Owner   Position `json:"owner"`
	// All says all members take part (全体党员参与) beside the owner.
	All bool `json:"all,omitempty"`
	// Rules are the engine's rule ids whose findings decide the item's
	// progress; none: the item is done by its records or by its owner.
	Rules []string `json:"rules,omitempty"`
	DueOn Date     `json:"due_on,omitzero"`
	// FromOn opens the window of an item without rules: records dated
	// from it up to DueOn fulfil it (none: from the year's start).
	FromOn Date `json:"from_on,omitzero"`
	// Record is the kind of record that fulfils the item (PlanRecords),
	// which names the form that records it.
	Record string `json:"record,omitempty"`
	// DoneOn and Evidence: the owner marks an item without rules done.
	DoneOn   Date   `json:"done_on,omitzero"`
	Evidence string `json:"evidence,omitempty"`
	// RefID is the superior's item this one was copied from; 0 if none.
	RefID int64      `json:"ref_id,omitempty"`
	Links []PlanLink `json:"links,omitempty"`
}

// PlanLink is a record linked to an item as fulfilling it.
type PlanLink struct {
	ItemID int64  `json:"item_id"`
	Kind   string `json:"kind"` // meeting, activity, talk, study, step, payment
	ID     int64  `json:"id"`
	On     Date   `json:"on"`
	Label  string `json:"label"`
}

// PlanLinkKinds are the kinds of record an item may link to, with their
// Chinese names.
var PlanLinkKinds = []struct{ Kind, Label string }{
	{"meeting", "会议"}, {"activity", "专题活动"}, {"talk", "谈心谈话"}, {"study", "学习"},
	{"step", "发展步骤"}, {"payment", "党费缴纳"},
}

// PlanLinkLabel is a link kind's Chinese name; "" for an unknown kind.
func PlanLinkLabel(kind string) string {
	for _, k := range PlanLinkKinds {
		if k.Kind == kind {
			return k.Label
		}
	}
	return ""
}

// PlanRecords are the kinds of record an item names (PlanItem.Record):
// a meeting of a type ("meeting:committee"), or another stream's record.
var PlanRecords = []struct{ Kind, Label string }{
	{"", "（不指定）"},
	{"meeting:" + string(MeetCommittee), "支委会"}, {"meeting:" + string(MeetAssembly), "支部党员大会"},
	{"meeting:" + string(MeetGroup), "党小组会"}, {"meeting:" + string(MeetLecture), "党课"},
	{"meeting:" + string(MeetThemedDay), "主题党日"}, {"meeting:" + string(MeetLife), "组织生活会"},
	{"meeting:" + string(MeetAppraisal), "民主评议党员"}, {"meeting:" + string(MeetStance), "发声亮剑"},
	{"meeting:" + string(MeetStudy), "理论学习"},
	{"activity", "专题组织活动"}, {"bulletin", "党建信息简报"}, {"talk", "谈心谈话"}, {"study", "理论学习计划"},
	{"development", "发展党员"}, {"dues", "党费"}, {"review", "述职评议"}, {"disclosure", "党务公开"},
	{"mailbox", "书记信箱"}, {"rectification", "集中整治"}, {"paper", "调研论文"}, {"archive", "档案"},
}

// PlanRecordLabel is a record kind's Chinese name; "" for an unknown kind.
func PlanRecordLabel(kind string) (string, bool) {
	for _, k := range PlanRecords {
		if k.Kind == kind {
			return k.Label, true
		}
	}
	return "", false
}

// MeetingType is the meeting type the item's record names, if it is a
// meeting.
func (it PlanItem) MeetingType() (MeetingType, bool) {
	t, ok := strings.CutPrefix(it.Record, "meeting:")
	return MeetingType(t), ok && t != ""
}

// PlanOwners are the positions an item may be owned by.
var PlanOwners = []Position{Secretary, DeputySecretary, OrgOfficer, PropagandaOfficer, DisciplineOfficer, SecrecyOfficer, YouthOfficer, CommitteeMember, GroupLeader}

// ValidPlanOwner reports whether p may own an item.
func ValidPlanOwner(p Position) bool {
	for _, x := range PlanOwners {
		if x == p {
			return true
		}
	}
	return false
}

// PlanState is where an item stands on a day.
type PlanState string

const (
	PlanDone    PlanState = "done"    // 已完成
	PlanDue     PlanState = "due"     // 待完成
	PlanOverdue PlanState = "overdue" // 已逾期
)

// Label is the state's Chinese name.
func (s PlanState) Label() string {
	switch s {
	case PlanDone:
		return "已完成"
	case PlanDue:
		return "待完成"
	case PlanOverdue:
		return "已逾期"
	}
	return string(s)
}

// StateFromFindings is the state of an item with rules from the findings
// of those rules: overdue if any is overdue or wrong, due if any is still
// due, done if every one is satisfied; ok is false with no finding.
func StateFromFindings(fs []Finding) (PlanState, bool) {
	if len(fs) == 0 {
		return "", false
	}
	st := PlanDone
	for _, f := range fs {
		switch f.Status {
		case StatusOverdue, StatusViolation:
			return PlanOverdue, true
		case StatusDue:
			st = PlanDue
		}
	}
	return st, true
}

// StateByRecords is the state on day of an item without rules: done when
// a linked record dated by its due date exists (any, with no due date) or
// its owner marked it done; else overdue after its due date, due before.
func (it PlanItem) StateByRecords(day Date) PlanState {
	if !it.DoneOn.IsZero() {
		return PlanDone
	}
	for _, l := range it.Links {
		if it.Covers(l.On) {
			return PlanDone
		}
	}
	if !it.DueOn.IsZero() && day.After(it.DueOn) {
		return PlanOverdue
	}
	return PlanDue
}

// Covers reports whether a record dated day falls in the item's window:
// from FromOn (or any day) up to DueOn (or any day).
func (it PlanItem) Covers(day Date) bool {
	return (it.FromOn.IsZero() || !day.Before(it.FromOn)) && (it.DueOn.IsZero() || !day.After(it.DueOn))
}

var ruleIDPattern = regexp.MustCompile(`^[a-z_]+(\.[a-z_]+)+$`)

// Normalize trims the text fields and drops empty and repeated rule ids.
func (it *PlanItem) Normalize() {
	it.Text, it.Evidence, it.Record = strings.TrimSpace(it.Text), strings.TrimSpace(it.Evidence), strings.TrimSpace(it.Record)
	var rs []string
	seen := map[string]bool{}
	for _, r := range it.Rules {
		if r = strings.TrimSpace(r); r != "" && !seen[r] {
			seen[r] = true
			rs = append(rs, r)
		}
	}
	it.Rules = rs
}

// Validate checks an item of a plan of year as of today: its text, a known
// owner, rule ids of the engine's form (the service checks them against
// the catalogue), a due date in the year, a known record kind, and a
// completion with its evidence, not in the future and only without rules.
func (it PlanItem) Validate(year int, today Date) error {
	var ps Problems
	switch n := utf8.RuneCountInString(it.Text); {
	case n == 0:
		ps.Add("text", "工作内容", "不能为空")
	case n > 2000:
		ps.Add("text", "工作内容", "不能超过2000个字")
	}
	if it.Section < 1 || it.Section > 50 {
		ps.Add("section", "所属部分", "请选择计划的一个部分")
	}
	if !ValidPlanOwner(it.Owner) {
		ps.Add("owner", "责任人", "请选择一个职务（如书记、组织委员）")
	}
	for _, r := range it.Rules {
		if !ruleIDPattern.MatchString(r) {
			ps.Add("rules", "对应规则", "“"+r+"”不是规则编号（如 meet.committee.monthly）")
			break
		}
	}
	if !it.DueOn.IsZero() && (!it.DueOn.Valid() || it.DueOn.Year != year) {
		ps.Add("due_on", "完成时限", "应为"+itoa(year)+"年内的有效日期")
	}
	switch {
	case it.FromOn.IsZero():
	case !it.FromOn.Valid() || it.FromOn.Year != year:
		ps.Add("from_on", "开始日期", "应为"+itoa(year)+"年内的有效日期")
	case !it.DueOn.IsZero() && it.DueOn.Before(it.FromOn):
		ps.Add("from_on", "开始日期", "不能晚于完成时限")
	}
	if _, ok := PlanRecordLabel(it.Record); !ok {
		ps.Add("record", "记录类型", "未知的记录类型")
	}
	if !it.DoneOn.IsZero() {
		switch {
		case len(it.Rules) > 0:
			ps.Add("done_on", "完成日期", "对应规则的事项由检查结果自动判断完成，不能手工标记")
		case !it.DoneOn.Valid() || it.DoneOn.After(today):
			ps.Add("done_on", "完成日期", "须为有效日期，且不晚于今天")
		case it.Evidence == "":
			ps.Add("evidence", "完成情况及佐证", "标记完成时须写明完成情况及佐证")
		}
	}
	if utf8.RuneCountInString(it.Evidence) > 1000 {
		ps.Add("evidence", "完成情况及佐证", "不能超过1000个字")
	}
	return ps.Err()
}

// Normalize trims the plan's text fields.
func (p *Plan) Normalize() {
	p.Title, p.Intro = strings.TrimSpace(p.Title), strings.TrimSpace(p.Intro)
	for i := range p.Sections {
		p.Sections[i].Title = strings.TrimSpace(p.Sections[i].Title)
	}
}

// Validate checks a plan's own fields and its sections' titles.
func (p Plan) Validate() error {
	var ps Problems
	if p.Year < 2000 || p.Year > 2100 {
		ps.Add("year", "年度", "应为四位年份，如2026")
	}
	switch n := utf8.RuneCountInString(p.Title); {
	case n == 0:
		ps.Add("title", "计划标题", "不能为空")
	case n > 200:
		ps.Add("title", "计划标题", "不能超过200个字")
	}
	if utf8.RuneCountInString(p.Intro) > 5000 {
		ps.Add("intro", "前言", "不能超过5000个字")
	}
	if p.Admissions < 0 || p.Admissions > 1000 {
		ps.Add("admissions", "拟发展党员人数", "应为0至1000之间的整数")
	}
	for i, s := range p.Sections {
		if s.Title == "" || utf8.RuneCountInString(s.Title) > 200 {
			ps.Add("sections", "计划部分", "第"+itoa(i+1)+"部分的标题不能为空，且不超过200个字")
			break
		}
	}
	return ps.Err()
}

// Numeral is n (1–99) in Chinese numerals, for section headings (一、).
func Numeral(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return itoa(n)
	case n < 10:
		return d[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + d[n-10]
	}
	return d[n/10] + "十" + d[n%10]
}
