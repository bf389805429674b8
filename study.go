package zhibu

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Theory study (理论学习, seed §7.1): the year's study plans (the
// superior's, as the branch received it, and the branch's own), the study
// sessions of the branch and its groups with who attended and for how
// long, the members' own study notes (学习笔记, some of them recording
// self-study with its hours) and the year's summary. Hours are kept in
// minutes; the pages show hours (学时) with one decimal.

// The rights of the study and talks streams (see studyTalkRights).
const (
	PermStudyWrite Perm = "study.write" // record study plans, sessions and the year's summary (a group leader: the group's sessions)
	PermTalkRead   Perm = "talk.read"   // read every heart-to-heart talk's content in the branch (the secretary, the discipline officer)
	// PermOwn is held by no one: a person route that needs it lets the
	// person themself through and nobody else (a member's own notes, their
	// own talks).
	PermOwn Perm = "own"
)

// studyTalkRights are the study and talk rights a position of a branch
// holds on it: the secretary (who answers for study, seed §7.1) and the
// deputy (who runs it), and the organization officer, who records the
// branch's meetings, record the study; a group leader the group's; the
// secretary and deputy and the discipline officer read every talk.
func studyTalkRights(p Position) []Perm {
	switch p {
	case Secretary, DeputySecretary:
		return []Perm{PermStudyWrite, PermTalkRead}
	case OrgOfficer, GroupLeader:
		return []Perm{PermStudyWrite}
	case DisciplineOfficer:
		return []Perm{PermTalkRead}
	}
	return nil
}

// StudyPlanKind says whose study plan it is.
type StudyPlanKind string

const (
	StudyPlanSuperior StudyPlanKind = "superior" // 局党委政治理论学习计划, as the branch received it
	StudyPlanBranch   StudyPlanKind = "branch"   // 党支部政治理论学习计划
)

// Label is the kind's Chinese name.
func (k StudyPlanKind) Label() string {
	switch k {
	case StudyPlanSuperior:
		return "上级党委学习计划"
	case StudyPlanBranch:
		return "支部学习计划"
	}
	return string(k)
}

// StudyPlan is one year's study plan of a branch: the superior's or its own.
type StudyPlan struct {
	ID       int64           `json:"id"`
	OrgID    int64           `json:"org_id"`
	Year     int             `json:"year"`
	Kind     StudyPlanKind   `json:"kind"`
	Title    string          `json:"title"`
	IssuedOn Date            `json:"issued_on"` // the day it was adopted (or received)
	Items    []StudyPlanItem `json:"items"`
}

// StudyPlanItem is one topic of a plan: the month it is studied in, the
// topic and the materials.
type StudyPlanItem struct {
	Month     int    `json:"month"` // 1..12
	Topic     string `json:"topic"`
	Materials string `json:"materials,omitempty"`
}

// Validate checks a plan: a year, a kind, a title, the day, and items
// with a month of the year and a topic.
func (p StudyPlan) Validate() error {
	var ps Problems
	if p.Year < 2000 || p.Year > 2100 {
		ps.Add("year", "年度", "应为2000至2100之间的年份")
	}
	if p.Kind != StudyPlanSuperior && p.Kind != StudyPlanBranch {
		ps.Add("kind", "计划类别", "应为上级党委学习计划或支部学习计划")
	}
	checkStudyText(&ps, "title", "计划名称", p.Title, 100, true)
	if !p.IssuedOn.Valid() {
		ps.Add("issued_on", "印发日期", "不能为空")
	} else if p.Year != 0 && (p.IssuedOn.Year < p.Year-1 || p.IssuedOn.Year > p.Year) {
		ps.Add("issued_on", "印发日期", "应在"+strconv.Itoa(p.Year)+"年或上一年")
	}
	if len(p.Items) == 0 {
		ps.Add("items", "学习安排", "至少填写一项（每行：月份|专题|学习材料）")
	}
	for i, it := range p.Items {
		row := "学习安排第" + strconv.Itoa(i+1) + "项"
		if it.Month < 1 || it.Month > 12 {
			ps.Add("items", row, "月份应为1至12")
		}
		checkStudyText(&ps, "items", row+"的专题", it.Topic, 200, true)
		checkStudyText(&ps, "items", row+"的学习材料", it.Materials, 500, false)
	}
	return ps.Err()
}

// ParsePlanItems reads a plan's items from text, one a line: "月份|专题|学习材料"
// (the materials may be left out; "3月" and "3" are both a month). A bad
// line is a problem naming its line.
func ParsePlanItems(text string) ([]StudyPlanItem, error) {
	var out []StudyPlanItem
	var ps Problems
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.SplitN(strings.ReplaceAll(line, "｜", "|"), "|", 3)
		label := "学习安排第" + strconv.Itoa(i+1) + "行"
		if len(parts) < 2 {
			ps.Add("items", label, "应为“月份|专题|学习材料”")
			continue
		}
		m, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(parts[0]), "月"))
		if err != nil || m < 1 || m > 12 {
			ps.Add("items", label, "月份应为1至12")
			continue
		}
		it := StudyPlanItem{Month: m, Topic: strings.TrimSpace(parts[1])}
		if len(parts) == 3 {
			it.Materials = strings.TrimSpace(parts[2])
		}
		out = append(out, it)
	}
	return out, ps.Err()
}

// PlanItemsText is items as ParsePlanItems reads them, for a form.
func PlanItemsText(items []StudyPlanItem) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(strconv.Itoa(it.Month) + "|" + it.Topic)
		if it.Materials != "" {
			b.WriteString("|" + it.Materials)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// StudySession is one study session of a branch or of one of its groups
// (集中学习), with the members present: each is credited its minutes.
type StudySession struct {
	ID        int64   `json:"id"`
	OrgID     int64   `json:"org_id"` // the branch or a group
	OrgName   string  `json:"org_name,omitempty"`
	HeldOn    Date    `json:"held_on"`
	Topic     string  `json:"topic"`
	Materials string  `json:"materials,omitempty"`
	Minutes   int     `json:"minutes"` // the session's length
	Present   []int64 `json:"present"` // the people present
	Notes     int     `json:"notes,omitempty"`
}

// MaxSessionMinutes is the longest a session may be: a day of study.
const MaxSessionMinutes = 8 * 60

// Validate checks a session: the day (not after today), the topic, its
// length and someone present.
func (s StudySession) Validate(today Date) error {
	var ps Problems
	if !s.HeldOn.Valid() {
		ps.Add("held_on", "学习日期", "不能为空")
	} else if s.HeldOn.After(today) {
		ps.Add("held_on", "学习日期", "不能晚于今天")
	}
	checkStudyText(&ps, "topic", "学习专题", s.Topic, 200, true)
	checkStudyText(&ps, "materials", "学习材料", s.Materials, 1000, false)
	if s.Minutes <= 0 || s.Minutes > MaxSessionMinutes {
		ps.Add("hours", "学时", "应大于0且不超过8小时")
	}
	if len(s.Present) == 0 {
		ps.Add("present", "参加人员", "至少选择一人")
	}
	seen := map[int64]bool{}
	for _, id := range s.Present {
		if seen[id] {
			ps.Add("present", "参加人员", "有人重复")
			break
		}
		seen[id] = true
	}
	return ps.Err()
}

// StudyNote is a member's own study note: about a session they attended
// (SessionID), or of self-study (SessionID 0) with its minutes, which
// count toward their hours.
type StudyNote struct {
	ID        int64  `json:"id"`
	PersonID  int64  `json:"person_id"`
	SessionID int64  `json:"session_id,omitempty"`
	WrittenOn Date   `json:"written_on"`
	Title     string `json:"title"`
	Content   string `json:"content,omitempty"`
	Minutes   int    `json:"minutes,omitempty"` // self-study only
}

// Validate checks a note: the day, a title and the content; self-study
// has its length, a note of a session has none (the session's counts).
func (n StudyNote) Validate(today Date) error {
	var ps Problems
	if !n.WrittenOn.Valid() {
		ps.Add("written_on", "日期", "不能为空")
	} else if n.WrittenOn.After(today) {
		ps.Add("written_on", "日期", "不能晚于今天")
	}
	checkStudyText(&ps, "title", "标题", n.Title, 100, true)
	checkStudyText(&ps, "content", "笔记内容", n.Content, 20000, true)
	switch {
	case n.SessionID != 0 && n.Minutes != 0:
		ps.Add("hours", "自学学时", "集中学习的笔记不另计学时")
	case n.SessionID == 0 && (n.Minutes <= 0 || n.Minutes > MaxSessionMinutes):
		ps.Add("hours", "自学学时", "应大于0且不超过8小时")
	}
	return ps.Err()
}

// StudySummary is a branch's summary of a year's study.
type StudySummary struct {
	OrgID     int64  `json:"org_id"`
	Year      int    `json:"year"`
	WrittenOn Date   `json:"written_on"`
	Text      string `json:"text,omitempty"`
}

// Validate checks a summary: written in its year or the next, with a text.
func (s StudySummary) Validate(today Date) error {
	var ps Problems
	if s.Year < 2000 || s.Year > 2100 {
		ps.Add("year", "年度", "应为2000至2100之间的年份")
	}
	if !s.WrittenOn.Valid() {
		ps.Add("written_on", "总结日期", "不能为空")
	} else if s.WrittenOn.After(today) {
		ps.Add("written_on", "总结日期", "不能晚于今天")
	} else if s.Year != 0 && s.WrittenOn.Year != s.Year && s.WrittenOn.Year != s.Year+1 {
		ps.Add("written_on", "总结日期", "应在"+strconv.Itoa(s.Year)+"年或次年")
	}
	checkStudyText(&ps, "text", "总结内容", s.Text, 20000, true)
	return ps.Err()
}

// StudyMember is a member of a checked branch for the study and talk
// rules: who they are and since when they are a member.
type StudyMember struct {
	PersonID   int64
	Name       string
	OrgID      int64 // their branch
	AdmittedOn Date
}

// ParseHours reads hours as a user writes them ("2", "1.5", "2学时") into
// minutes, to the half hour; ok is false for anything else.
func ParseHours(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "学时"), "小时"))
	whole, frac, dot := strings.Cut(s, ".")
	h, err := strconv.Atoi(whole)
	if err != nil || h < 0 {
		return 0, false
	}
	m := h * 60
	if dot {
		switch frac {
		case "0":
		case "5":
			m += 30
		default:
			return 0, false
		}
	}
	return m, true
}

// Hours shows minutes as hours with at most one decimal: 90 → "1.5".
func Hours(minutes int) string {
	h := strconv.Itoa(minutes / 60)
	if r := minutes % 60 * 10 / 60; r != 0 {
		h += "." + strconv.Itoa(r)
	}
	return h
}

// checkStudyText adds a problem when s is required and empty, or longer than
// max characters.
func checkStudyText(ps *Problems, field, label, s string, max int, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		ps.Add(field, label, "不能为空")
	case utf8.RuneCountInString(s) > max:
		ps.Add(field, label, "不能超过"+strconv.Itoa(max)+"个字")
	}
}
