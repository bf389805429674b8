package zhibu

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The secretary's report and review (述职评议, seed §5, review.secretary):
// the superior committee opens a review round for the branches below it
// with a window (the seed's late October to early November); each branch's
// secretary writes a report in four sections and presents it at a branch
// meeting; the full members then each cast one anonymous ballot, 好, 较好,
// 一般 or 较差; the branch closes the vote and the counts go up to the
// political department. See docs/review.md for how the ballots stay
// anonymous.

// ReviewGrade is one grade of a secretary's review ballot.
type ReviewGrade string

const (
	ReviewGood    ReviewGrade = "good"    // 好
	ReviewFair    ReviewGrade = "fair"    // 较好
	ReviewAverage ReviewGrade = "average" // 一般
	ReviewPoor    ReviewGrade = "poor"    // 较差
)

// ReviewGrades are the grades in the order of the ballot.
var ReviewGrades = []ReviewGrade{ReviewGood, ReviewFair, ReviewAverage, ReviewPoor}

// Label is the grade's Chinese name.
func (g ReviewGrade) Label() string {
	switch g {
	case ReviewGood:
		return "好"
	case ReviewFair:
		return "较好"
	case ReviewAverage:
		return "一般"
	case ReviewPoor:
		return "较差"
	}
	return string(g)
}

// Valid reports whether g is one of the four grades.
func (g ReviewGrade) Valid() bool {
	for _, x := range ReviewGrades {
		if g == x {
			return true
		}
	}
	return false
}

// ReviewStatus is where a branch's review stands.
type ReviewStatus string

const (
	ReviewOpen     ReviewStatus = "open"     // the round is open; no report yet
	ReviewFiled    ReviewStatus = "filed"    // the report is written
	ReviewVoting   ReviewStatus = "voting"   // presented at a branch meeting; ballots being cast
	ReviewReported ReviewStatus = "reported" // the vote closed and the result reported up
)

// Label is the status in Chinese.
func (s ReviewStatus) Label() string {
	switch s {
	case ReviewOpen:
		return "待撰写述职报告"
	case ReviewFiled:
		return "已提交述职报告，待述职"
	case ReviewVoting:
		return "已述职，评议投票中"
	case ReviewReported:
		return "已报送政治部"
	}
	return string(s)
}

// ReviewRound is a superior committee's review of its branches' secretaries
// for a year, with the window in which the branches report and vote.
type ReviewRound struct {
	ID       int64  `json:"id"`
	OrgID    int64  `json:"org_id"` // the committee that opened it
	OrgName  string `json:"org_name,omitempty"`
	OrgPath  string `json:"-"`
	Year     int    `json:"year"`
	OpensOn  Date   `json:"opens_on"`
	ClosesOn Date   `json:"closes_on"`
	Note     string `json:"note,omitempty"`
	Branches int    `json:"branches"` // branches the round covers
}

// DefaultReviewWindow is the seed's window for year: 21 October to 10
// November (review.secretary's window_from and window_to, as month*100+day).
const (
	DefaultReviewFrom = 1021
	DefaultReviewTo   = 1110
)

// ReviewWindow is the window of review.secretary's parameters (month*100 +
// day, e.g. 1021) in year; an invalid day falls back to the default.
func ReviewWindow(year, from, to int) (Date, Date) {
	mk := func(md, def int) Date {
		d := MakeDate(year, monthOf(md/100), md%100)
		if !d.Valid() {
			d = MakeDate(year, monthOf(def/100), def%100)
		}
		return d
	}
	return mk(from, DefaultReviewFrom), mk(to, DefaultReviewTo)
}

// Validate checks a round to open on today: a year from 2000 to next year,
// a window inside the year that opens before it closes and does not close
// before today, a note of at most 200 characters.
func (r ReviewRound) Validate(today Date) error {
	var p Problems
	if r.Year < 2000 || r.Year > today.Year+1 {
		p.Add("year", "年度", "应为2000年至"+strconv.Itoa(today.Year+1)+"年")
	}
	switch {
	case r.OpensOn.IsZero() || !r.OpensOn.Valid():
		p.Add("opens_on", "开始日期", "不能为空，且须为有效日期")
	case r.OpensOn.Year != r.Year:
		p.Add("opens_on", "开始日期", "应在"+strconv.Itoa(r.Year)+"年内")
	}
	switch {
	case r.ClosesOn.IsZero() || !r.ClosesOn.Valid():
		p.Add("closes_on", "截止日期", "不能为空，且须为有效日期")
	case r.ClosesOn.Before(r.OpensOn):
		p.Add("closes_on", "截止日期", "不能早于开始日期")
	case r.ClosesOn.Before(today):
		p.Add("closes_on", "截止日期", "不能早于今天")
	}
	if utf8.RuneCountInString(r.Note) > 200 {
		p.Add("note", "说明", "不能超过200个字")
	}
	return p.Err()
}

// ReviewTally is the count of each grade of a branch's review.
type ReviewTally struct {
	Good    int `json:"good"`
	Fair    int `json:"fair"`
	Average int `json:"average"`
	Poor    int `json:"poor"`
}

// Total is the number of ballots.
func (t ReviewTally) Total() int { return t.Good + t.Fair + t.Average + t.Poor }

// Of is the count of grade g.
func (t ReviewTally) Of(g ReviewGrade) int {
	switch g {
	case ReviewGood:
		return t.Good
	case ReviewFair:
		return t.Fair
	case ReviewAverage:
		return t.Average
	case ReviewPoor:
		return t.Poor
	}
	return 0
}

// GoodShare is the share of 好 and 较好 in tenths of a percent (833 is
// 83.3%), 0 with no ballot.
func (t ReviewTally) GoodShare() int {
	if t.Total() == 0 {
		return 0
	}
	return ((t.Good+t.Fair)*2000 + t.Total()) / (2 * t.Total())
}

// GoodShareText is GoodShare as "83.3%", "—" with no ballot.
func (t ReviewTally) GoodShareText() string {
	if t.Total() == 0 {
		return "—"
	}
	s := t.GoodShare()
	return strconv.Itoa(s/10) + "." + strconv.Itoa(s%10) + "%"
}

// SecretaryReport is one branch's part of a review round: the secretary's
// report in four sections, its presentation, the vote's progress and, once
// reported, its result.
type SecretaryReport struct {
	ID            int64        `json:"id"`
	RoundID       int64        `json:"round_id"`
	Year          int          `json:"year"`
	OpensOn       Date         `json:"opens_on"`
	ClosesOn      Date         `json:"closes_on"`
	OrgID         int64        `json:"org_id"`
	OrgName       string       `json:"org_name"`
	OrgPath       string       `json:"-"`
	Status        ReviewStatus `json:"status"`
	SecretaryID   int64        `json:"secretary_id,omitempty"`
	SecretaryName string       `json:"secretary_name,omitempty"`
	WorkDone      string       `json:"work_done"` // 年度党建工作开展情况
	Results       string       `json:"results"`   // 取得的主要成效
	Problems      string       `json:"problems"`  // 存在的主要问题
	Plan          string       `json:"plan"`      // 下一步工作计划
	FiledOn       Date         `json:"filed_on,omitzero"`
	PresentedOn   Date         `json:"presented_on,omitzero"`
	MeetingID     int64        `json:"meeting_id,omitempty"`
	ReportedOn    Date         `json:"reported_on,omitzero"`
	Eligible      int          `json:"eligible"` // members on the roll of the vote
	Voted         int          `json:"voted"`
	// Tally is the result, known once the vote is closed (ReviewReported):
	// while it is open no one sees counts that move with each ballot.
	Tally *ReviewTally `json:"tally,omitempty"`
}

// ReviewSection is one section of the report, for the forms and the
// document.
type ReviewSection struct {
	Field, Label, Text string
}

// Sections are the report's four sections in order.
func (r SecretaryReport) Sections() []ReviewSection {
	return []ReviewSection{
		{"work_done", "年度党建工作开展情况", r.WorkDone},
		{"results", "取得的主要成效", r.Results},
		{"problems", "存在的主要问题", r.Problems},
		{"plan", "下一步工作计划", r.Plan},
	}
}

// MaxReviewSection is the longest a section may be, in characters.
const MaxReviewSection = 5000

// ValidateText checks the report's sections: each written, none longer
// than MaxReviewSection characters.
func (r SecretaryReport) ValidateText() error {
	var p Problems
	for _, s := range r.Sections() {
		switch n := utf8.RuneCountInString(strings.TrimSpace(s.Text)); {
		case n == 0:
			p.Add(s.Field, s.Label, "不能为空")
		case n > MaxReviewSection:
			p.Add(s.Field, s.Label, "不能超过"+strconv.Itoa(MaxReviewSection)+"个字")
		}
	}
	return p.Err()
}

// CheckFile checks that the report may be written or rewritten on today:
// the round's window has opened and the vote has not begun.
func (r SecretaryReport) CheckFile(today Date) error {
	switch {
	case today.Before(r.OpensOn):
		return reviewProblem("status", "述职报告", "述职评议于"+r.OpensOn.Chinese()+"开始，尚不能提交")
	case r.Status == ReviewVoting || r.Status == ReviewReported:
		return reviewProblem("status", "述职报告", "已述职，报告不能再修改")
	}
	return nil
}

// CheckPresent checks that the report may be recorded as presented at a
// branch meeting held on day on (checked against today): the report is
// filed, the day lies in the round's window and is not in the future.
func (r SecretaryReport) CheckPresent(on, today Date) error {
	switch {
	case r.Status == ReviewOpen:
		return reviewProblem("status", "述职", "请先提交述职报告")
	case r.Status != ReviewFiled:
		return reviewProblem("status", "述职", "已于"+r.PresentedOn.Chinese()+"述职")
	case on.IsZero() || !on.Valid():
		return reviewProblem("presented_on", "述职日期", "不能为空，且须为有效日期")
	case on.After(today):
		return reviewProblem("presented_on", "述职日期", "不能晚于今天")
	case on.Before(r.OpensOn) || on.After(r.ClosesOn):
		return reviewProblem("presented_on", "述职日期", "应在评议期内（"+r.OpensOn.Chinese()+"至"+r.ClosesOn.Chinese()+"）")
	}
	return nil
}

// CheckVote checks that a ballot may be cast in the review: the vote is
// open, the grade is one of the four.
func (r SecretaryReport) CheckVote(g ReviewGrade) error {
	if r.Status != ReviewVoting {
		return reviewProblem("status", "评议投票", "本支部的述职评议当前不在投票中")
	}
	if !g.Valid() {
		return reviewProblem("grade", "评议等次", "请选择好、较好、一般或较差")
	}
	return nil
}

// CheckClose checks that the vote may be closed and the result reported:
// voting, with at least one ballot.
func (r SecretaryReport) CheckClose() error {
	switch {
	case r.Status != ReviewVoting:
		return reviewProblem("status", "报送结果", "本支部的述职评议当前不在投票中")
	case r.Voted == 0:
		return reviewProblem("status", "报送结果", "尚无党员投票")
	}
	return nil
}

func reviewProblem(field, label, msg string) error {
	return Problems{{Field: field, Label: label, Message: label + "：" + msg}}
}

// Voter is a member on the roll of an anonymous vote, and the day they
// voted (zero: not yet). The day is all that is kept of when.
type Voter struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
	VotedOn  Date   `json:"voted_on,omitzero"`
}

func monthOf(m int) time.Month { return time.Month(m) }
