package zhibu

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Layer is where a rule comes from: the national regulations, the superior
// committee's requirements for its subtree, or the branch's own year plan.
// A lower layer may tighten a higher one, never loosen it.
type Layer string

const (
	LayerNational Layer = "national" // 党内法规
	LayerSuperior Layer = "superior" // 上级党委
	LayerBranch   Layer = "branch"   // 本支部
)

// Layers lists the layers from the top down, in the order parameters resolve.
var Layers = []Layer{LayerNational, LayerSuperior, LayerBranch}

// Label is the layer's Chinese name.
func (l Layer) Label() string {
	switch l {
	case LayerNational:
		return "党内法规"
	case LayerSuperior:
		return "上级党委要求"
	case LayerBranch:
		return "支部工作计划"
	}
	return string(l)
}

// Valid reports whether l is a known layer.
func (l Layer) Valid() bool { return l == LayerNational || l == LayerSuperior || l == LayerBranch }

// FindingStatus is the state of one requirement as of a date.
type FindingStatus string

const (
	StatusOK        FindingStatus = "ok"        // satisfied
	StatusDue       FindingStatus = "due"       // not yet satisfied; its deadline has not passed
	StatusOverdue   FindingStatus = "overdue"   // its deadline passed and it was not done
	StatusViolation FindingStatus = "violation" // done, but wrongly
)

// FindingStatuses lists the statuses from the best to the worst.
var FindingStatuses = []FindingStatus{StatusOK, StatusDue, StatusOverdue, StatusViolation}

// Label is the status's Chinese name.
func (s FindingStatus) Label() string {
	switch s {
	case StatusOK:
		return "已完成"
	case StatusDue:
		return "待完成"
	case StatusOverdue:
		return "已逾期"
	case StatusViolation:
		return "不规范"
	}
	return string(s)
}

// Severity orders statuses for a view that shows the worst of several
// findings (a calendar cell): ok 0, due 1, overdue 2, violation 3; unknown -1.
func (s FindingStatus) Severity() int {
	for i, x := range FindingStatuses {
		if s == x {
			return i
		}
	}
	return -1
}

// Evidence kinds: the records a finding links to.
const (
	EvidenceMeeting  = "meeting"
	EvidenceTerm     = "term"
	EvidenceSeat     = "seat"
	EvidenceOrg      = "org"
	EvidenceTransfer = "transfer"
	EvidencePerson   = "person"
)

// Evidence is a record that satisfies or breaks a rule, for a link.
type Evidence struct {
	Kind  string `json:"kind"` // meeting, term, seat, org, ...
	ID    int64  `json:"id"`
	Label string `json:"label"` // e.g. 2018年3月5日 支委会
}

// Subject kinds of a finding.
const (
	SubjectOrg    = "org"
	SubjectPerson = "person"
)

// Finding is what a rule says about one org or person for one period, as
// of a date. Its JSON field names are stable (docs/rules.md).
type Finding struct {
	RuleID      string        `json:"rule_id"`              // e.g. meet.committee.monthly
	Layer       Layer         `json:"layer"`                // the lowest layer whose parameters decided it
	Source      string        `json:"source"`               // regulation and article, Chinese
	Confidence  string        `json:"confidence,omitempty"` // V, S or U (RULES.md); "" for the seed's own rules
	OrgID       int64         `json:"org_id"`               // the branch (or other org) that was checked
	SubjectKind string        `json:"subject_kind"`         // org or person
	SubjectID   int64         `json:"subject_id"`
	SubjectName string        `json:"subject_name"`
	Period      Period        `json:"period"`
	Status      FindingStatus `json:"status"`
	Deadline    Date          `json:"deadline,omitzero"`
	Evidence    []Evidence    `json:"evidence"`
	Responsible Position      `json:"responsible"` // the position that must act
	Message     string        `json:"message"`     // one Chinese sentence: what is wrong and what to do
}

// PeriodKind is the length of a calendar period.
type PeriodKind string

const (
	PeriodMonth   PeriodKind = "month"
	PeriodQuarter PeriodKind = "quarter"
	PeriodHalf    PeriodKind = "half"
	PeriodYear    PeriodKind = "year"
)

// PeriodKinds lists the kinds from the shortest.
var PeriodKinds = []PeriodKind{PeriodMonth, PeriodQuarter, PeriodHalf, PeriodYear}

// Months is the number of months in a period of kind k (0 for an unknown kind).
func (k PeriodKind) Months() int {
	switch k {
	case PeriodMonth:
		return 1
	case PeriodQuarter:
		return 3
	case PeriodHalf:
		return 6
	case PeriodYear:
		return 12
	}
	return 0
}

// Label is the kind's Chinese name.
func (k PeriodKind) Label() string {
	switch k {
	case PeriodMonth:
		return "月"
	case PeriodQuarter:
		return "季度"
	case PeriodHalf:
		return "半年"
	case PeriodYear:
		return "年"
	}
	return string(k)
}

// Period is a calendar month, quarter, half or year: N is the month (1–12),
// quarter (1–4) or half (1–2) within Year, and 1 for a year.
type Period struct {
	Kind PeriodKind `json:"kind"`
	Year int        `json:"year"`
	N    int        `json:"n"`
}

// PeriodOf is the period of kind k that holds day d.
func PeriodOf(k PeriodKind, d Date) Period {
	n := k.Months()
	if n == 0 {
		return Period{}
	}
	return Period{k, d.Year, (int(d.Month)-1)/n + 1}
}

// MonthOf is the month that holds day d.
func MonthOf(d Date) Period { return PeriodOf(PeriodMonth, d) }

// PeriodsOf lists the periods of kind k in a year, in order.
func PeriodsOf(k PeriodKind, year int) []Period {
	n := k.Months()
	if n == 0 {
		return nil
	}
	ps := make([]Period, 12/n)
	for i := range ps {
		ps[i] = Period{k, year, i + 1}
	}
	return ps
}

// IsZero reports whether p is no period.
func (p Period) IsZero() bool { return p == Period{} }

// Valid reports whether p names a period that exists.
func (p Period) Valid() bool {
	n := p.Kind.Months()
	return n > 0 && p.Year >= 1 && p.Year <= 9999 && p.N >= 1 && p.N <= 12/n
}

// first is the first month of p.
func (p Period) first() time.Month { return time.Month((p.N-1)*p.Kind.Months() + 1) }

// Start is the first day of p.
func (p Period) Start() Date {
	if !p.Valid() {
		return Date{}
	}
	return Date{p.Year, p.first(), 1}
}

// End is the last day of p (inclusive).
func (p Period) End() Date {
	if !p.Valid() {
		return Date{}
	}
	last := p.first() + time.Month(p.Kind.Months()-1)
	return Date{p.Year, last, daysIn(p.Year, last)}
}

// Contains reports whether day d falls in p.
func (p Period) Contains(d Date) bool { return !d.Before(p.Start()) && !d.After(p.End()) }

// Next is the period of the same kind that follows p.
func (p Period) Next() Period {
	if p.N >= 12/p.Kind.Months() {
		return Period{p.Kind, p.Year + 1, 1}
	}
	return Period{p.Kind, p.Year, p.N + 1}
}

var (
	quarterNames = [...]string{"第一季度", "第二季度", "第三季度", "第四季度"}
	halfNames    = [...]string{"上半年", "下半年"}
)

// Label is the period's Chinese name: 2018年3月, 2018年第一季度, 2018年上半年, 2018年.
func (p Period) Label() string {
	if !p.Valid() {
		return ""
	}
	y := strconv.Itoa(p.Year) + "年"
	switch p.Kind {
	case PeriodMonth:
		return y + strconv.Itoa(p.N) + "月"
	case PeriodQuarter:
		return y + quarterNames[p.N-1]
	case PeriodHalf:
		return y + halfNames[p.N-1]
	}
	return y
}

// String is a short code: 2018-03, 2018-Q1, 2018-H1, 2018.
func (p Period) String() string {
	switch p.Kind {
	case PeriodMonth:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case PeriodQuarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	case PeriodHalf:
		return fmt.Sprintf("%04d-H%d", p.Year, p.N)
	case PeriodYear:
		return fmt.Sprintf("%04d", p.Year)
	}
	return ""
}

// periodJSON is the JSON form of a Period: its fields, plus its first and
// last day and its Chinese label for readers that do not compute them.
type periodJSON struct {
	Kind  PeriodKind `json:"kind"`
	Year  int        `json:"year"`
	N     int        `json:"n"`
	Start Date       `json:"start"`
	End   Date       `json:"end"`
	Label string     `json:"label"`
}

// MarshalJSON writes kind, year, n, start, end and label.
func (p Period) MarshalJSON() ([]byte, error) {
	return json.Marshal(periodJSON{p.Kind, p.Year, p.N, p.Start(), p.End(), p.Label()})
}

// UnmarshalJSON reads kind, year and n (start, end and label are derived).
func (p *Period) UnmarshalJSON(b []byte) error {
	var j periodJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*p = Period{j.Kind, j.Year, j.N}
	return nil
}
