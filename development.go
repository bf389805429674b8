package zhibu

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Member development (发展党员): the 25 steps of the 2014 rules
// (发展党员工作细则), each recorded in a person's development file. The
// checks of a step against the rules live in internal/rules (CheckStep);
// this file is the vocabulary, and the file's transitions: what a step
// does to the person's status and stage dates (DevFile.Apply), and what
// voiding it puts back (Person.WithStages with the stages kept).

// DevOutcome is how a recorded step ended. Most steps are simply done; a
// political review or a vote may fail; the confirmation assembly (step 23)
// confirms, extends the probation or revokes it.
type DevOutcome string

const (
	OutcomeDone    DevOutcome = "done"    // 已完成 (a vote: passed)
	OutcomeFailed  DevOutcome = "failed"  // 未通过
	OutcomeConfirm DevOutcome = "confirm" // 按期转正
	OutcomeExtend  DevOutcome = "extend"  // 延长预备期
	OutcomeRevoke  DevOutcome = "revoke"  // 取消预备党员资格
)

// Label is the outcome's Chinese name.
func (o DevOutcome) Label() string {
	switch o {
	case OutcomeDone, "":
		return "已完成"
	case OutcomeFailed:
		return "未通过"
	case OutcomeConfirm:
		return "转为正式党员"
	case OutcomeExtend:
		return "延长预备期"
	case OutcomeRevoke:
		return "取消预备党员资格"
	}
	return string(o)
}

// Valid reports whether o is a known outcome.
func (o DevOutcome) Valid() bool {
	switch o {
	case OutcomeDone, OutcomeFailed, OutcomeConfirm, OutcomeExtend, OutcomeRevoke:
		return true
	}
	return false
}

// DevStepDef is one of the 25 steps: what it is, who does it, what must
// come before it, and the materials the file keeps for it.
type DevStepDef struct {
	N          int
	Title      string      // Chinese, as the file lists it
	Superior   bool        // done by the superior committee (its approvals need filing.review)
	After      []int       // steps that must be done before this one
	Repeatable bool        // recorded more than once (reviews; a vote that failed is held again)
	Vote       bool        // decided by a general assembly's vote (a meeting and a resolution)
	Committee  bool        // decided by the branch committee (支委会): its meeting and resolution may be named
	People     string      // "mentors" (step 5) or "sponsors" (step 9): who is named
	Sets       PartyStatus // the status the step brings the person to, if any
	Materials  []string    // the documents the file holds for the step
}

// DevSteps are the 25 steps by number: DevSteps[0] is unused.
var DevSteps = [26]DevStepDef{
	{},
	{N: 1, Title: "递交入党申请书", Sets: Applicant, Materials: []string{"入党申请书"}},
	{N: 2, Title: "党组织派人谈话", After: []int{1}, Materials: []string{"谈话记录"}},
	{N: 3, Title: "确定入党积极分子", After: []int{1, 2}, Committee: true, Sets: Activist, Materials: []string{"推荐和确定入党积极分子的支委会记录", "入党积极分子登记表"}},
	{N: 4, Title: "报上级党委备案（入党积极分子）", After: []int{3}, Superior: true, Materials: []string{"入党积极分子备案表"}},
	{N: 5, Title: "指定培养联系人", After: []int{3}, People: "mentors", Materials: []string{"培养联系人登记"}},
	{N: 6, Title: "培养教育和考察", After: []int{5}, Repeatable: true, Materials: []string{"思想汇报", "培养考察记录"}},
	{N: 7, Title: "确定发展对象", After: []int{3, 4, 5, 6}, Committee: true, Sets: Candidate, Materials: []string{"确定发展对象的支委会记录", "发展对象登记表"}},
	{N: 8, Title: "报上级党委备案（发展对象）", After: []int{7}, Superior: true, Materials: []string{"发展对象备案表"}},
	{N: 9, Title: "确定入党介绍人", After: []int{7}, People: "sponsors", Materials: []string{"入党介绍人登记"}},
	{N: 10, Title: "进行政治审查", After: []int{7}, Repeatable: true, Materials: []string{"政治审查报告"}},
	{N: 11, Title: "开展集中培训", After: []int{7}, Materials: []string{"培训结业证书"}},
	{N: 12, Title: "支部委员会审查", After: []int{8, 9, 10, 11}, Committee: true, Materials: []string{"支委会审查记录"}},
	{N: 13, Title: "上级党委预审", After: []int{12}, Superior: true, Materials: []string{"预审意见"}},
	{N: 14, Title: "填写入党志愿书", After: []int{13}, Materials: []string{"入党志愿书"}},
	{N: 15, Title: "支部大会讨论接收预备党员", After: []int{14}, Vote: true, Repeatable: true, Sets: Probationary, Materials: []string{"支部大会决议"}},
	{N: 16, Title: "上级党委派人谈话", After: []int{15}, Superior: true, Materials: []string{"谈话记录"}},
	{N: 17, Title: "上级党委审批", After: []int{15, 16}, Superior: true, Materials: []string{"上级党委审批意见"}},
	{N: 18, Title: "报上级组织部门备案", After: []int{17}, Materials: []string{"备案表"}},
	{N: 19, Title: "编入党支部和党小组", After: []int{17}},
	{N: 20, Title: "入党宣誓", After: []int{17}, Materials: []string{"入党宣誓记录"}},
	{N: 21, Title: "预备期教育考察", After: []int{17}, Repeatable: true, Materials: []string{"思想汇报", "预备期考察记录"}},
	{N: 22, Title: "提出转正申请", After: []int{17}, Repeatable: true, Materials: []string{"转正申请书"}},
	{N: 23, Title: "支部大会讨论转正", After: []int{22}, Vote: true, Repeatable: true, Sets: FullMember, Materials: []string{"转正决议"}},
	{N: 24, Title: "上级党委审批转正", After: []int{23}, Superior: true, Materials: []string{"转正审批意见"}},
	{N: 25, Title: "材料归档", After: []int{24}, Materials: []string{"归档清单"}},
}

// DevStepCount is the number of steps.
const DevStepCount = 25

// ValidDevStep reports whether n is a step number.
func ValidDevStep(n int) bool { return n >= 1 && n <= DevStepCount }

// Perm is the right recording the step needs on the person's branch:
// PermFilingReview for the superior's steps, PermDevelop for the rest.
func (d DevStepDef) Perm() Perm {
	if d.Superior {
		return PermFilingReview
	}
	return PermDevelop
}

// Label is the step's number and title: 第7步 确定发展对象.
func (d DevStepDef) Label() string { return "第" + strconv.Itoa(d.N) + "步 " + d.Title }

// DevRecord is one recorded step of a person's development file.
type DevRecord struct {
	ID       int64      `json:"id"`
	PersonID int64      `json:"person_id"`
	Step     int        `json:"step"`
	On       Date       `json:"on"`
	Outcome  DevOutcome `json:"outcome"`
	// MeetingID is the meeting that decided the step: the general assembly
	// (steps 15 and 23, required) or the branch committee's meeting (steps
	// 3, 7 and 12, when named).
	MeetingID int64 `json:"meeting_id,omitempty"`
	// Resolution is the 1-based position of the resolution voted on at the
	// meeting; Votes its counts as the check read them (entitled voters and
	// those present from the meeting's attendance when it was recorded).
	Resolution int        `json:"resolution,omitempty"`
	Votes      Resolution `json:"votes,omitzero"`
	People     []int64    `json:"people,omitempty"`       // mentors (step 5) or sponsors (step 9)
	PeopleName []string   `json:"people_names,omitempty"` // their names, for display
	Days       int        `json:"days,omitempty"`         // training days (step 11)
	Hours      int        `json:"hours,omitempty"`        // training hours (step 11)
	Months     int        `json:"months,omitempty"`       // an extension of the probation (step 23, extend)
	Special    bool       `json:"special,omitempty"`      // an approval after the usual time for a special reason (step 17)
	Note       string     `json:"note,omitempty"`
	EnteredAt  time.Time  `json:"entered_at,omitzero"`
	EnteredBy  string     `json:"entered_by,omitempty"`
}

// Def is the definition of the record's step.
func (r DevRecord) Def() DevStepDef {
	if !ValidDevStep(r.Step) {
		return DevStepDef{}
	}
	return DevSteps[r.Step]
}

// Counts reports whether the record satisfies its step for the steps that
// follow: it was not a failed vote or review, and a confirmation assembly
// that extended the probation does not complete step 23.
func (r DevRecord) Counts() bool {
	return r.Outcome != OutcomeFailed && r.Outcome != OutcomeExtend
}

// Validate checks what a record must hold whatever the file: a step, a
// date, an outcome the step can have, and text of a sensible length.
func (r DevRecord) Validate() error {
	var p Problems
	if !ValidDevStep(r.Step) {
		p.Add("step", "步骤", "应为1至25之间的步骤")
		return p.Err()
	}
	def := DevSteps[r.Step]
	switch {
	case r.On.IsZero():
		p.Add("on", "日期", "不能为空")
	case !r.On.Valid():
		p.Add("on", "日期", "不是有效日期")
	}
	if r.Outcome == "" {
		r.Outcome = OutcomeDone
	}
	switch {
	case !r.Outcome.Valid():
		p.Add("outcome", "结果", "不是有效的结果")
	case r.Step == 23 && r.Outcome == OutcomeDone:
		p.Add("outcome", "结果", "支部大会讨论转正须选择转为正式党员、延长预备期或取消预备党员资格")
	case r.Step != 23 && (r.Outcome == OutcomeConfirm || r.Outcome == OutcomeExtend || r.Outcome == OutcomeRevoke):
		p.Add("outcome", "结果", "只有支部大会讨论转正（第23步）才能转正、延长预备期或取消资格")
	case r.Outcome == OutcomeFailed && !def.Vote && r.Step != 10:
		p.Add("outcome", "结果", def.Title+"没有“未通过”的结果")
	}
	if def.Vote && r.MeetingID == 0 {
		p.Add("meeting_id", "支部大会", "须选择作出决议的支部党员大会")
	}
	if def.Vote && r.Resolution <= 0 {
		p.Add("resolution", "表决事项", "须选择大会表决的事项")
	}
	if def.Committee && r.MeetingID != 0 && r.Resolution <= 0 {
		p.Add("resolution", "支委会决议", "须选择支委会作出的决议")
	}
	if !def.Vote && !def.Committee && r.MeetingID != 0 {
		p.Add("meeting_id", "会议", def.Title+"不由会议决议")
	}
	if r.Step == 11 && r.Days <= 0 && r.Hours <= 0 {
		p.Add("days", "培训时间", "须填写培训天数或学时")
	}
	if r.Days < 0 || r.Hours < 0 || r.Months < 0 {
		p.Add("days", "培训时间", "不能为负数")
	}
	if utf8.RuneCountInString(r.Note) > 500 {
		p.Add("note", "备注", "不能超过500个字")
	}
	return p.Err()
}

// DevDecision is a development step a meeting's resolution decided: the
// record, in whose file it is, for the meeting's page to link each person
// to the step (and the step's page links back to the meeting).
type DevDecision struct {
	Record     DevRecord
	PersonName string
}

// DevFile is a person's development file: the person and every recorded
// step, in the order recorded (by date, then id).
type DevFile struct {
	Person  Person      `json:"person"`
	Records []DevRecord `json:"records"`
}

// Last is the latest record of step n that counts (see Counts), and
// whether there is one.
func (f DevFile) Last(n int) (DevRecord, bool) {
	for i := len(f.Records) - 1; i >= 0; i-- {
		if r := f.Records[i]; r.Step == n && r.Counts() {
			return r, true
		}
	}
	return DevRecord{}, false
}

// LastAny is the latest record of step n whatever its outcome.
func (f DevFile) LastAny(n int) (DevRecord, bool) {
	for i := len(f.Records) - 1; i >= 0; i-- {
		if f.Records[i].Step == n {
			return f.Records[i], true
		}
	}
	return DevRecord{}, false
}

// Done reports whether step n has a record that counts.
func (f DevFile) Done(n int) bool {
	_, ok := f.Last(n)
	return ok
}

// ProbationEnd is the day the probation ends: one year (probationMonths)
// from the admission vote (step 15, not the oath), plus every extension
// voted at step 23. Zero before admission.
func (f DevFile) ProbationEnd(probationMonths int) Date {
	adm, ok := f.Last(15)
	if !ok {
		return Date{}
	}
	months := probationMonths
	for _, r := range f.Records {
		if r.Step == 23 && r.Outcome == OutcomeExtend && !r.On.Before(adm.On) {
			months += r.Months
		}
	}
	return adm.On.AddMonths(months)
}

// Revoked reports whether the probation was revoked.
func (f DevFile) Revoked() bool {
	for _, r := range f.Records {
		if r.Step == 23 && r.Outcome == OutcomeRevoke {
			return true
		}
	}
	return false
}

// DevMaterial is an uploaded document of a development file: a scan or a
// photo of one of a step's materials.
type DevMaterial struct {
	ID          int64     `json:"id"`
	PersonID    int64     `json:"person_id"`
	Step        int       `json:"step"`
	Name        string    `json:"name"` // which of the step's materials (入党申请书)
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
}

// MissingMaterial is a document a done step should have and the file lacks.
type MissingMaterial struct {
	Step int    `json:"step"`
	Name string `json:"name"`
}

// Missing lists, for every step done, the materials of its checklist with
// no upload, in step order.
func (f DevFile) Missing(ms []DevMaterial) []MissingMaterial {
	have := map[string]bool{}
	for _, m := range ms {
		have[strconv.Itoa(m.Step)+"/"+m.Name] = true
	}
	var out []MissingMaterial
	for n := 1; n <= DevStepCount; n++ {
		if _, ok := f.LastAny(n); !ok {
			continue
		}
		for _, name := range DevSteps[n].Materials {
			if !have[strconv.Itoa(n)+"/"+name] {
				out = append(out, MissingMaterial{n, name})
			}
		}
	}
	return out
}

// ValidMaterial reports whether name is on step n's checklist.
func ValidMaterial(n int, name string) bool {
	if !ValidDevStep(n) {
		return false
	}
	for _, m := range DevSteps[n].Materials {
		if m == strings.TrimSpace(name) {
			return true
		}
	}
	return false
}

// AwaitingSuperior lists the superior's steps the file waits for: each
// step the superior committee does (4, 8, 13, 16, 17, 24) not yet done
// whose prerequisites are, with the day the last of them was done. A
// revoked file waits for nothing.
func (f DevFile) AwaitingSuperior() (steps []int, since []Date) {
	if f.Revoked() {
		return nil, nil
	}
	for n := 1; n <= DevStepCount; n++ {
		def := DevSteps[n]
		if !def.Superior || f.Done(n) {
			continue
		}
		var last Date
		ready := len(def.After) > 0
		for _, a := range def.After {
			r, ok := f.Last(a)
			if !ok {
				ready = false
				break
			}
			if r.On.After(last) {
				last = r.On
			}
		}
		if ready {
			steps, since = append(steps, n), append(since, last)
		}
	}
	return steps, since
}

// SortDevRecords orders a file's records as a file keeps them: by date,
// then by id (the order recorded).
func SortDevRecords(rs []DevRecord) {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].On != rs[j].On {
			return rs[i].On.Before(rs[j].On)
		}
		return rs[i].ID < rs[j].ID
	})
}

// Latest is the record entered last (the highest id, whatever its date):
// the only one that may be voided, since no later step stands on it.
func (f DevFile) Latest() (DevRecord, bool) {
	var last DevRecord
	for _, r := range f.Records {
		if r.ID > last.ID {
			last = r
		}
	}
	return last, last.ID != 0
}

// Current is the step the file has reached: of the records that count, the
// one of the highest step, the latest of its kind. A repeatable step
// recorded late (another 培养教育和考察 after 确定发展对象) does not move
// the file back, as the record entered last would.
func (f DevFile) Current() (DevRecord, bool) {
	var cur DevRecord
	for _, r := range f.Records {
		if !r.Counts() {
			continue
		}
		if r.Step > cur.Step || r.Step == cur.Step && !r.On.Before(cur.On) {
			cur = r
		}
	}
	return cur, cur.Step != 0
}

// Stages are a person's party status and the dates of their stages: what
// a development step moves, and what a step keeps to put back when it is
// voided.
type Stages struct {
	Status      PartyStatus
	AppliedOn   Date
	ActivistOn  Date
	CandidateOn Date
	AdmittedOn  Date
	ConfirmedOn Date
}

// Stages are the person's status and stage dates.
func (p Person) Stages() Stages {
	return Stages{p.Status, p.AppliedOn, p.ActivistOn, p.CandidateOn, p.AdmittedOn, p.ConfirmedOn}
}

// WithStages is the person with the status and stage dates of st.
func (p Person) WithStages(st Stages) Person {
	p.Status, p.AppliedOn, p.ActivistOn, p.CandidateOn, p.AdmittedOn, p.ConfirmedOn =
		st.Status, st.AppliedOn, st.ActivistOn, st.CandidateOn, st.AdmittedOn, st.ConfirmedOn
	return p
}

// String writes the stages as a step keeps them:
// status|applied|activist|candidate|admitted|confirmed.
func (st Stages) String() string {
	return strings.Join([]string{string(st.Status), st.AppliedOn.String(), st.ActivistOn.String(), st.CandidateOn.String(),
		st.AdmittedOn.String(), st.ConfirmedOn.String()}, "|")
}

// ParseStages reads what Stages.String wrote.
func ParseStages(s string) (Stages, error) {
	var st Stages
	parts := strings.Split(s, "|")
	if len(parts) != 6 {
		return st, fmt.Errorf("bad stages %q", s)
	}
	st.Status = PartyStatus(parts[0])
	for i, d := range []*Date{&st.AppliedOn, &st.ActivistOn, &st.CandidateOn, &st.AdmittedOn, &st.ConfirmedOn} {
		v, err := ParseDate(parts[i+1])
		if err != nil {
			return st, fmt.Errorf("bad stages %q: %w", s, err)
		}
		*d = v
	}
	return st, nil
}

// Apply is the person's stages once record r, checked, joins the file:
// application (step 1), activist (3), candidate (7), admission (15, the
// vote's day, if passed), confirmation (23, the day the probation ended,
// 党章 art.7: probationMonths from the admission vote plus every
// extension; 12 if not positive) and revocation (23: back to 群众 with no
// stage dates). A step never lowers the status it raises. The other steps
// leave the stages as they are.
func (f DevFile) Apply(r DevRecord, probationMonths int) Stages {
	st := f.Person.Stages()
	raise := func(s PartyStatus) {
		if !st.Status.AtLeast(s) {
			st.Status = s
		}
	}
	switch {
	case r.Step == 1:
		st.AppliedOn = r.On
		raise(Applicant)
	case r.Step == 3:
		st.ActivistOn = r.On
		raise(Activist)
	case r.Step == 7:
		st.CandidateOn = r.On
		raise(Candidate)
	case r.Step == 15 && (r.Outcome == OutcomeDone || r.Outcome == ""):
		st.AdmittedOn = r.On
		raise(Probationary)
	case r.Step == 23 && r.Outcome == OutcomeConfirm:
		if probationMonths <= 0 {
			probationMonths = 12
		}
		st.ConfirmedOn = f.ProbationEnd(probationMonths)
		raise(FullMember)
	case r.Step == 23 && r.Outcome == OutcomeRevoke:
		st = Stages{Status: Masses}
	}
	return st
}
