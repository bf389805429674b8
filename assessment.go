package zhibu

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PermAssess is the superior's right to set a year's performance
// assessment (绩效考评) of its branches: the indicators and their weights,
// the manual scores, and the finalization.
const PermAssess Perm = "assessment.write"

// IndicatorKind is how an indicator of the assessment is scored: computed
// from the engine's findings or the records of each branch in the year, or
// entered by the superior (manual).
type IndicatorKind string

const (
	IndMeetings      IndicatorKind = "meetings"      // share of the meet.* requirements met
	IndDues          IndicatorKind = "dues"          // share of the dues.* requirements met
	IndDevelopment   IndicatorKind = "development"   // share of the dev.* requirements met
	IndTerms         IndicatorKind = "terms"         // share of the org.term.* requirements met
	IndStudy         IndicatorKind = "study"         // share of the study.* and member.study.* requirements met
	IndTalks         IndicatorKind = "talks"         // share of the talk.* requirements met
	IndReview        IndicatorKind = "review"        // the secretary's review: share of 好 and 较好
	IndRectification IndicatorKind = "rectification" // share of the year's remedies signed off
	IndPlan          IndicatorKind = "plan"          // share of the year plan's items done of those judged (done or overdue)
	IndManual        IndicatorKind = "manual"        // entered by the superior with a note
)

// IndicatorKinds lists the kinds in the order the forms offer them.
var IndicatorKinds = []IndicatorKind{IndMeetings, IndDues, IndDevelopment, IndTerms, IndStudy, IndTalks, IndReview,
	IndRectification, IndPlan, IndManual}

// Label is the kind's Chinese name.
func (k IndicatorKind) Label() string {
	switch k {
	case IndMeetings:
		return "“三会一课”按时召开率"
	case IndDues:
		return "党费按规定交纳率"
	case IndDevelopment:
		return "发展党员按程序完成率"
	case IndTerms:
		return "按期换届"
	case IndStudy:
		return "理论学习完成率"
	case IndTalks:
		return "谈心谈话完成率"
	case IndReview:
		return "书记述职评议好评率"
	case IndRectification:
		return "整改销号率"
	case IndPlan:
		return "年度工作计划完成率"
	case IndManual:
		return "上级评定（手工评分）"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k IndicatorKind) Valid() bool { return slices.Contains(IndicatorKinds, k) }

// RulePrefixes are the rule ids (or prefixes ending in ".") whose findings
// score a kind computed from the engine; nil for the other kinds.
func (k IndicatorKind) RulePrefixes() []string {
	switch k {
	case IndMeetings:
		return []string{"meet."}
	case IndDues:
		return []string{"dues."}
	case IndDevelopment:
		return []string{"dev."}
	case IndTerms:
		return []string{"org.term."}
	case IndStudy:
		return []string{"study.", "member.study."}
	case IndTalks:
		return []string{"talk."}
	}
	return nil
}

// Covers reports whether a finding of rule id scores an indicator of kind k.
func (k IndicatorKind) Covers(id string) bool {
	for _, x := range k.RulePrefixes() {
		if id == x || strings.HasSuffix(x, ".") && strings.HasPrefix(id, x) {
			return true
		}
	}
	return false
}

// Score is a score in hundredths of a point, 0 to 10000 (0–100 points):
// integer units, so sums and ranks are exact.
type Score int

// MaxScore is 100 points.
const MaxScore Score = 10000

// String is the score in points with up to two decimals: "85", "85.5".
func (s Score) String() string {
	sign := ""
	if s < 0 {
		sign, s = "-", -s
	}
	out := sign + strconv.Itoa(int(s)/100)
	if f := int(s) % 100; f != 0 {
		frac := strconv.Itoa(100 + f)[1:]
		out += "." + strings.TrimSuffix(frac, "0")
	}
	return out
}

// MarshalJSON writes the score in points, as a JSON number: 85.5.
func (s Score) MarshalJSON() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalJSON reads a score in points (a number or a string), with
// ParseScore's checks.
func (s *Score) UnmarshalJSON(b []byte) error {
	v, err := ParseScore(strings.Trim(string(b), `"`))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Points is the score as a float, for charts and spreadsheets.
func (s Score) Points() float64 { return float64(s) / 100 }

// ParseScore reads a score in points, with up to two decimals, 0 to 100.
// The message names no field: the caller prefixes it.
func ParseScore(text string) (Score, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return 0, Errorf(ErrInvalid, "不能为空")
	}
	whole, frac, dot := strings.Cut(t, ".")
	if whole == "" || dot && (frac == "" || len(frac) > 2) {
		return 0, Errorf(ErrInvalid, "应为0至100之间的数，最多两位小数")
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, Errorf(ErrInvalid, "应为0至100之间的数，最多两位小数")
		}
	}
	if len(whole) > 3 {
		return 0, Errorf(ErrInvalid, "应在0至100之间")
	}
	w, _ := strconv.Atoi(whole)
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.Atoi(frac)
	s := Score(w*100 + f)
	if s > MaxScore {
		return 0, Errorf(ErrInvalid, "应在0至100之间")
	}
	return s, nil
}

// Share is the score of ok requirements met out of all: 100 points for all,
// rounded half up to hundredths; false when there is nothing to judge.
func Share(ok, all int) (Score, bool) {
	if all <= 0 {
		return 0, false
	}
	if ok < 0 {
		ok = 0
	}
	if ok > all {
		ok = all
	}
	return Score((ok*20000 + all) / (2 * all)), true
}

// Indicator is one weighted item of the assessment (考评指标).
type Indicator struct {
	ID     int64         `json:"id"`
	Name   string        `json:"name"`   // 指标名称
	Kind   IndicatorKind `json:"kind"`   // how it is scored
	Weight int           `json:"weight"` // 权重 (points of 100)
	Note   string        `json:"note"`   // 考评标准
}

// AssessmentStatus is where a year's assessment stands.
type AssessmentStatus string

const (
	AssessmentDraft AssessmentStatus = "draft" // 考评中: scores computed live
	AssessmentFinal AssessmentStatus = "final" // 已定稿: scores kept as they were
)

// Label is the status's Chinese name.
func (s AssessmentStatus) Label() string {
	switch s {
	case AssessmentDraft:
		return "考评中"
	case AssessmentFinal:
		return "已定稿"
	}
	return string(s)
}

// Assessment is a committee's performance assessment of its branches for
// a year: its indicators with their weights (summing to 100) and, once
// finalized, the day and who finalized it; the scores are then kept as a
// snapshot (AssessmentResult), so later changes of the records do not
// rewrite a finalized year.
type Assessment struct {
	ID          int64            `json:"id"`
	CommitteeID int64            `json:"committee_id"`
	Year        int              `json:"year"`
	Status      AssessmentStatus `json:"status"`
	FinalizedOn Date             `json:"finalized_on,omitzero"`
	FinalizedBy string           `json:"finalized_by,omitempty"`
	Indicators  []Indicator      `json:"indicators"`
}

// Final reports whether the assessment is finalized.
func (a Assessment) Final() bool { return a.Status == AssessmentFinal }

// MaxIndicators is the most indicators an assessment may have.
const MaxIndicators = 20

// Normalize trims the indicators' text.
func (a *Assessment) Normalize() {
	for i := range a.Indicators {
		x := &a.Indicators[i]
		x.Name, x.Note = strings.TrimSpace(x.Name), strings.TrimSpace(x.Note)
		x.Kind = IndicatorKind(strings.TrimSpace(string(x.Kind)))
	}
}

// Validate checks a year's indicator set: a year, one to MaxIndicators
// indicators, each named (once) with a known kind and a whole weight of 1
// to 100, the weights summing to 100. Each problem names the indicator by
// its place ("第2项指标的权重").
func (a Assessment) Validate() error {
	var ps Problems
	if a.Year < 2000 || a.Year > 2100 {
		ps.Add("year", "考评年度", "应为四位年份，如2025")
	}
	switch n := len(a.Indicators); {
	case n == 0:
		ps.Add("indicators", "考评指标", "至少设置一项指标")
	case n > MaxIndicators:
		ps.Add("indicators", "考评指标", "不能超过"+itoa(MaxIndicators)+"项")
	}
	sum := 0
	seen := map[string]int{}
	for i, x := range a.Indicators {
		at := "第" + itoa(i+1) + "项指标的"
		key := "indicators." + itoa(i) + "."
		switch n := utf8.RuneCountInString(x.Name); {
		case n == 0:
			ps.Add(key+"name", at+"名称", "不能为空")
		case n > 40:
			ps.Add(key+"name", at+"名称", "不能超过40个字")
		default:
			if j, ok := seen[x.Name]; ok {
				ps.Add(key+"name", at+"名称", "与第"+itoa(j+1)+"项重复")
			}
			seen[x.Name] = i
		}
		if !x.Kind.Valid() {
			ps.Add(key+"kind", at+"计分方式", "“"+string(x.Kind)+"”不是可用的计分方式")
		}
		if x.Weight < 1 || x.Weight > 100 {
			ps.Add(key+"weight", at+"权重", "应为1至100的整数")
		}
		if utf8.RuneCountInString(x.Note) > 500 {
			ps.Add(key+"note", at+"考评标准", "不能超过500个字")
		}
		sum += x.Weight
	}
	if len(a.Indicators) > 0 && sum != 100 {
		ps.Add("weights", "权重合计", "各项指标的权重之和应为100，现为"+itoa(sum))
	}
	return ps.Err()
}

// ManualScore is the superior's score of one branch on a manual indicator,
// with the note that explains it.
type ManualScore struct {
	IndicatorID int64  `json:"indicator_id"`
	OrgID       int64  `json:"org_id"`
	Score       Score  `json:"score"`
	Note        string `json:"note"`
}

// Validate checks a manual score: in range, with a note of at most 200
// characters. label names the branch and the indicator for the message.
func (m ManualScore) Validate(label string) error {
	var ps Problems
	if m.Score < 0 || m.Score > MaxScore {
		ps.Add("score", label+"的得分", "应在0至100之间")
	}
	if utf8.RuneCountInString(m.Note) > 200 {
		ps.Add("note", label+"的说明", "不能超过200个字")
	}
	return ps.Err()
}

// IndicatorResult is one branch's score on one indicator, with what it was
// computed from ("按时完成 11/12 项"). An indicator with nothing to judge
// (no requirement in the year, no manual score yet, the plan hook) is not
// applicable and its weight goes to the others.
type IndicatorResult struct {
	IndicatorID int64  `json:"indicator_id"`
	Applicable  bool   `json:"applicable"`
	Score       Score  `json:"score"`
	Basis       string `json:"basis"`
}

// WeightedTotal is a branch's total score: the weighted mean of its
// applicable indicators' scores, the weights of the others spread over
// them in proportion, rounded half up to hundredths; false when no
// indicator applies. results are matched to indicators by IndicatorID.
func WeightedTotal(inds []Indicator, results []IndicatorResult) (Score, bool) {
	by := map[int64]IndicatorResult{}
	for _, r := range results {
		by[r.IndicatorID] = r
	}
	sum, weights := 0, 0
	for _, x := range inds {
		r, ok := by[x.ID]
		if !ok || !r.Applicable {
			continue
		}
		sum += x.Weight * int(r.Score)
		weights += x.Weight
	}
	if weights == 0 {
		return 0, false
	}
	return Score((2*sum + weights) / (2 * weights)), true
}

// BranchScore is one branch's line in an assessment: its results in the
// order of the indicators, its total and its rank.
type BranchScore struct {
	OrgID   int64             `json:"org_id"`
	OrgName string            `json:"org_name"`
	Results []IndicatorResult `json:"results"`
	Total   Score             `json:"total"`
	Scored  bool              `json:"scored"` // some indicator applies
	Rank    int               `json:"rank"`   // 1 the best; equal totals share a rank; 0 unscored
}

// RankScores orders branches by total, best first (equal totals by name),
// and numbers their ranks: equal totals share a rank and the next rank
// skips (1, 2, 2, 4); a branch with no applicable indicator comes last,
// unranked.
func RankScores(bs []BranchScore) {
	slices.SortStableFunc(bs, func(a, b BranchScore) int {
		switch {
		case a.Scored != b.Scored:
			if a.Scored {
				return -1
			}
			return 1
		case a.Total != b.Total:
			return int(b.Total - a.Total)
		}
		return strings.Compare(a.OrgName, b.OrgName)
	})
	for i := range bs {
		switch {
		case !bs[i].Scored:
			bs[i].Rank = 0
		case i > 0 && bs[i-1].Scored && bs[i-1].Total == bs[i].Total:
			bs[i].Rank = bs[i-1].Rank
		default:
			bs[i].Rank = i + 1
		}
	}
}
