package zhibu

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The democratic appraisal of members (民主评议党员, meet.appraisal.annual):
// once a year a branch opens an appraisal; each member writes a
// self-appraisal; the members then each cast one anonymous peer ballot that
// grades every other member; the branch decides each member's grade at its
// appraisal meeting (the held meeting of type appraisal that
// meet.appraisal.annual counts), with 优秀 limited to one in
// excellent_one_in members; a member graded 不合格 is handled (a talk, a
// deadline to improve, or the removal procedure) until the handling is
// closed. Peer ballots are anonymous as the review's are (docs/review.md).

// AppraisalGrade is a grade of the democratic appraisal.
type AppraisalGrade string

const (
	GradeExcellent   AppraisalGrade = "excellent"   // 优秀
	GradeQualified   AppraisalGrade = "qualified"   // 合格
	GradeBasic       AppraisalGrade = "basic"       // 基本合格
	GradeUnqualified AppraisalGrade = "unqualified" // 不合格
)

// AppraisalGrades are the grades in order.
var AppraisalGrades = []AppraisalGrade{GradeExcellent, GradeQualified, GradeBasic, GradeUnqualified}

// Label is the grade's Chinese name.
func (g AppraisalGrade) Label() string {
	switch g {
	case GradeExcellent:
		return "优秀"
	case GradeQualified:
		return "合格"
	case GradeBasic:
		return "基本合格"
	case GradeUnqualified:
		return "不合格"
	}
	return string(g)
}

// Valid reports whether g is one of the four grades.
func (g AppraisalGrade) Valid() bool {
	for _, x := range AppraisalGrades {
		if g == x {
			return true
		}
	}
	return false
}

// DefaultExcellentOneIn is meet.appraisal.annual's excellent_one_in: at most
// one member in three is graded 优秀.
const DefaultExcellentOneIn = 3

// MaxExcellent is how many of n members may be graded 优秀 when one in
// oneIn may.
func MaxExcellent(n, oneIn int) int {
	if oneIn < 1 {
		oneIn = DefaultExcellentOneIn
	}
	return n / oneIn
}

// AppraisalStatus is where a branch's appraisal stands.
type AppraisalStatus string

const (
	AppraisalOpen    AppraisalStatus = "open"    // self-appraisals being written
	AppraisalVoting  AppraisalStatus = "voting"  // peer ballots being cast
	AppraisalDecided AppraisalStatus = "decided" // grades decided
)

// Label is the status in Chinese.
func (s AppraisalStatus) Label() string {
	switch s {
	case AppraisalOpen:
		return "个人自评中"
	case AppraisalVoting:
		return "互评投票中"
	case AppraisalDecided:
		return "已确定等次"
	}
	return string(s)
}

// AppraisalRound is a branch's appraisal of a year.
type AppraisalRound struct {
	ID             int64            `json:"id"`
	OrgID          int64            `json:"org_id"`
	OrgName        string           `json:"org_name,omitempty"`
	OrgPath        string           `json:"-"`
	Year           int              `json:"year"`
	Status         AppraisalStatus  `json:"status"`
	ExcellentOneIn int              `json:"excellent_one_in"`
	OpenedOn       Date             `json:"opened_on"`
	MeetingID      int64            `json:"meeting_id,omitempty"`
	DecidedOn      Date             `json:"decided_on,omitzero"`
	Entries        []AppraisalEntry `json:"entries,omitempty"`
	Voters         []Voter          `json:"voters,omitempty"`
}

// AppraisalTally counts the peer ballots' grades of one member.
type AppraisalTally struct {
	Excellent, Qualified, Basic, Unqualified int
}

// AppraisalEntry is one member appraised: their self-appraisal, the peer
// count (shown once the vote is closed) and the grade decided.
type AppraisalEntry struct {
	PersonID int64           `json:"person_id"`
	Name     string          `json:"name"`
	SelfText string          `json:"self_text,omitempty"`
	SelfOn   Date            `json:"self_on,omitzero"`
	Grade    AppraisalGrade  `json:"grade,omitempty"`
	Tally    *AppraisalTally `json:"tally,omitempty"`
	Handling *Handling       `json:"handling,omitempty"`
}

// Entry is the entry of person id, and whether there is one.
func (r AppraisalRound) Entry(id int64) (AppraisalEntry, bool) {
	for _, e := range r.Entries {
		if e.PersonID == id {
			return e, true
		}
	}
	return AppraisalEntry{}, false
}

// CheckSelf checks a self-appraisal: the round is open, the text written
// and at most 3000 characters.
func (r AppraisalRound) CheckSelf(text string) error {
	var p Problems
	if r.Status != AppraisalOpen {
		p.Add("status", "个人自评", "自评阶段已结束")
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(text)); {
	case n == 0:
		p.Add("self_text", "个人自评", "不能为空")
	case n > 3000:
		p.Add("self_text", "个人自评", "不能超过3000个字")
	}
	return p.Err()
}

// CheckBallot checks a peer ballot by voter: the vote is open; it grades
// every other member on the list, each with a valid grade, and gives 优秀
// to at most MaxExcellent of them.
func (r AppraisalRound) CheckBallot(voter int64, grades map[int64]AppraisalGrade) error {
	var p Problems
	if r.Status != AppraisalVoting {
		p.Add("status", "互评投票", "当前不在互评投票阶段")
		return p
	}
	excellent, others := 0, 0
	for _, e := range r.Entries {
		if e.PersonID == voter {
			continue
		}
		others++
		g, ok := grades[e.PersonID]
		switch {
		case !ok || g == "":
			p.Add("grade_"+strconv.FormatInt(e.PersonID, 10), e.Name, "请选择评议等次")
		case !g.Valid():
			p.Add("grade_"+strconv.FormatInt(e.PersonID, 10), e.Name, "评议等次不正确")
		case g == GradeExcellent:
			excellent++
		}
	}
	for id := range grades {
		if _, ok := r.Entry(id); !ok || id == voter {
			p.Add("grades", "评议对象", "只能评议本支部名单中的其他党员")
			break
		}
	}
	if max := MaxExcellent(others, r.ExcellentOneIn); excellent > max {
		p.Add("grades", "优秀", "评为优秀的不能超过"+strconv.Itoa(max)+"人（每"+strconv.Itoa(r.ExcellentOneIn)+"人至多1人）")
	}
	return p.Err()
}

// CheckDecide checks the branch's grades: the vote is closed or open (the
// decision closes it), every member graded, 优秀 within the share, and a
// 不合格 member with a handling.
func (r AppraisalRound) CheckDecide(grades map[int64]AppraisalGrade, handlings map[int64]Handling, today Date) error {
	var p Problems
	if r.Status != AppraisalVoting {
		p.Add("status", "确定等次", "应在互评投票后确定等次")
		return p
	}
	excellent := 0
	for _, e := range r.Entries {
		field := "grade_" + strconv.FormatInt(e.PersonID, 10)
		g := grades[e.PersonID]
		switch {
		case g == "":
			p.Add(field, e.Name, "请选择评议等次")
		case !g.Valid():
			p.Add(field, e.Name, "评议等次不正确")
		case g == GradeExcellent:
			excellent++
		case g == GradeUnqualified:
			h := handlings[e.PersonID]
			if err := h.Validate(today); err != nil {
				var hp Problems
				if errorsAs(err, &hp) {
					for _, x := range hp {
						p = append(p, Problem{Field: x.Field + "_" + strconv.FormatInt(e.PersonID, 10), Label: e.Name, Message: e.Name + "：" + x.Message})
					}
				}
			}
		}
	}
	if max := MaxExcellent(len(r.Entries), r.ExcellentOneIn); excellent > max {
		p.Add("grades", "优秀", "评为优秀的不能超过"+strconv.Itoa(max)+"人（共"+strconv.Itoa(len(r.Entries))+"人，每"+strconv.Itoa(r.ExcellentOneIn)+"人至多1人）")
	}
	return p.Err()
}

// HandlingMeasure is how a member graded 不合格 is dealt with.
type HandlingMeasure string

const (
	MeasureTalk    HandlingMeasure = "talk"    // 谈心谈话、批评教育
	MeasureImprove HandlingMeasure = "improve" // 限期改正
	MeasureRemoval HandlingMeasure = "removal" // 除名（劝退）程序
)

// Label is the measure in Chinese.
func (m HandlingMeasure) Label() string {
	switch m {
	case MeasureTalk:
		return "谈心谈话、批评教育"
	case MeasureImprove:
		return "限期改正"
	case MeasureRemoval:
		return "按程序除名"
	}
	return string(m)
}

// Handling is the handling of a member graded 不合格, open until closed
// with its outcome.
type Handling struct {
	ID       int64           `json:"id,omitempty"`
	PersonID int64           `json:"person_id"`
	Measure  HandlingMeasure `json:"measure"`
	DueOn    Date            `json:"due_on"`
	Outcome  string          `json:"outcome,omitempty"`
	ClosedOn Date            `json:"closed_on,omitzero"`
}

// Counts are the grades decided, by grade (zero before the decision).
func (r AppraisalRound) Counts() AppraisalTally {
	var t AppraisalTally
	for _, e := range r.Entries {
		switch e.Grade {
		case GradeExcellent:
			t.Excellent++
		case GradeQualified:
			t.Qualified++
		case GradeBasic:
			t.Basic++
		case GradeUnqualified:
			t.Unqualified++
		}
	}
	return t
}

// OpenHandlings counts the handlings not closed on day today, and of
// them those past their deadline (appraisal.handling's overdue).
func (r AppraisalRound) OpenHandlings(today Date) (open, overdue int) {
	for _, e := range r.Entries {
		if h := e.Handling; h != nil && h.ClosedOn.IsZero() {
			open++
			if h.DueOn.Before(today) {
				overdue++
			}
		}
	}
	return open, overdue
}

// BranchAppraisal is a branch's appraisal of a year as its superior sees
// it beside the others' (Round nil: not opened).
type BranchAppraisal struct {
	Org   Org             `json:"org"`
	Round *AppraisalRound `json:"appraisal,omitempty"`
}

// HandlingFact is the handling of a member graded 不合格 as the rules
// read it (appraisal.handling): whose it is, in which branch, from the
// appraisal of which year, decided on which day.
type HandlingFact struct {
	Handling
	OrgID     int64
	Name      string
	Year      int
	DecidedOn Date
}

// DefaultImproveMonths is appraisal.handling's within_months: a member
// given a deadline to improve (限期改正) has six months from the decision
// unless the branch names another day.
const DefaultImproveMonths = 6

// Validate checks a new handling: a measure, a deadline not before today.
func (h Handling) Validate(today Date) error {
	var p Problems
	switch h.Measure {
	case MeasureTalk, MeasureImprove, MeasureRemoval:
	default:
		p.Add("measure", "处置方式", "请选择谈心谈话、限期改正或按程序除名")
	}
	switch {
	case h.DueOn.IsZero() || !h.DueOn.Valid():
		p.Add("due_on", "处置期限", "不能为空，且须为有效日期")
	case h.DueOn.Before(today):
		p.Add("due_on", "处置期限", "不能早于今天")
	}
	return p.Err()
}

// CheckClose checks the closing of a handling with its outcome on day on.
func (h Handling) CheckClose(outcome string, on, today Date) error {
	var p Problems
	if !h.ClosedOn.IsZero() {
		p.Add("status", "处置", "已于"+h.ClosedOn.Chinese()+"办结")
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(outcome)); {
	case n == 0:
		p.Add("outcome", "处置结果", "不能为空")
	case n > 1000:
		p.Add("outcome", "处置结果", "不能超过1000个字")
	}
	if on.IsZero() || on.After(today) {
		p.Add("closed_on", "办结日期", "不能为空，且不能晚于今天")
	}
	return p.Err()
}

func errorsAs(err error, p *Problems) bool { return errors.As(err, p) }
