package zhibu

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MeetingType is a kind of meeting of organizational life.
type MeetingType string

const (
	MeetCommittee MeetingType = "committee"    // 支委会
	MeetAssembly  MeetingType = "assembly"     // 支部党员大会
	MeetGroup     MeetingType = "group"        // 党小组会
	MeetLecture   MeetingType = "lecture"      // 党课
	MeetThemedDay MeetingType = "themed_day"   // 主题党日
	MeetLife      MeetingType = "life_meeting" // 组织生活会
	MeetAppraisal MeetingType = "appraisal"    // 民主评议党员
	MeetStance    MeetingType = "stance"       // 发声亮剑
	MeetStudy     MeetingType = "study"        // 理论学习
)

// MeetingTypes lists the types in the order registers and forms show them:
// the three meetings and one lecture first.
var MeetingTypes = []MeetingType{MeetCommittee, MeetAssembly, MeetGroup, MeetLecture, MeetThemedDay, MeetLife, MeetAppraisal, MeetStance, MeetStudy}

// customPrefix marks a type a committee or branch added for its subtree
// (会议类型 set as data): "x:" followed by its Chinese name, so that the
// type reads the same in every database and needs no lookup to be named.
const customPrefix = "x:"

// MaxCustomTypeName is the longest name of an added meeting type, in characters.
const MaxCustomTypeName = 20

// CustomMeetingType is the type an org added under the name (trimmed).
func CustomMeetingType(name string) MeetingType {
	return MeetingType(customPrefix + strings.TrimSpace(name))
}

// Custom reports whether t is a type added as data rather than one of the
// built-in types.
func (t MeetingType) Custom() bool { return strings.HasPrefix(string(t), customPrefix) }

// CheckCustomTypeName checks the name of a type to add: 2 to 20
// characters, no line breaks or colons, and not the name (or a short form)
// of a built-in type.
func CheckCustomTypeName(name string) error {
	name = strings.TrimSpace(name)
	n := utf8.RuneCountInString(name)
	var p Problems
	switch {
	case n < 2 || n > MaxCustomTypeName:
		p.Add("name", "类型名称", "应为2至20个字")
	case strings.ContainsAny(name, ":：\r\n\t"):
		p.Add("name", "类型名称", "不能含有冒号或换行")
	default:
		if t, ok := ParseMeetingType(name); ok && !t.Custom() {
			p.Add("name", "类型名称", "“"+name+"”已是"+t.Label()+"，无需添加")
		}
	}
	return p.Err()
}

// Label is the type's Chinese name.
func (t MeetingType) Label() string {
	if t.Custom() {
		return string(t)[len(customPrefix):]
	}
	switch t {
	case MeetCommittee:
		return "支委会"
	case MeetAssembly:
		return "支部党员大会"
	case MeetGroup:
		return "党小组会"
	case MeetLecture:
		return "党课"
	case MeetThemedDay:
		return "主题党日"
	case MeetLife:
		return "组织生活会"
	case MeetAppraisal:
		return "民主评议党员"
	case MeetStance:
		return "发声亮剑"
	case MeetStudy:
		return "理论学习"
	}
	return string(t)
}

// Valid reports whether t is a built-in type or a well-formed added one.
// Whether an org may hold an added type (it was added on the org's path)
// is for the store to say.
func (t MeetingType) Valid() bool {
	if t.Custom() {
		return CheckCustomTypeName(t.Label()) == nil && t.Label() == strings.TrimSpace(t.Label())
	}
	for _, x := range MeetingTypes {
		if t == x {
			return true
		}
	}
	return false
}

// ParseMeetingType reads a type from its Chinese name, a common short form
// (支部大会, 党员大会, 小组会, 民主评议, 学习) or its code name.
func ParseMeetingType(s string) (MeetingType, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "支部委员会", "支委会议", "支委会会议":
		return MeetCommittee, true
	case "支部大会", "党员大会", "支部党员大会":
		return MeetAssembly, true
	case "小组会", "党小组会议":
		return MeetGroup, true
	case "讲党课", "书记讲党课":
		return MeetLecture, true
	case "民主评议":
		return MeetAppraisal, true
	case "学习", "政治理论学习", "集中学习":
		return MeetStudy, true
	case "发声亮剑会", "发声亮剑讨论会":
		return MeetStance, true
	}
	for _, x := range MeetingTypes {
		if s == x.Label() || s == string(x) {
			return x, true
		}
	}
	if t := MeetingType(s); t.Custom() && t.Valid() {
		return t, true
	}
	return "", false
}

// HeldBy reports whether an org of kind k holds meetings of type t: group
// meetings are held by groups only; committee meetings, assemblies and
// lectures by branches (and general branches and committees, which have
// committees and members of their own); the rest by either.
func (t MeetingType) HeldBy(k OrgKind) bool {
	switch t {
	case MeetGroup:
		return k == KindGroup
	case MeetCommittee, MeetAssembly, MeetLecture, MeetStance:
		return k != KindGroup && k.Valid()
	}
	return k.Valid() // themed days, life meetings, appraisals, study and added types: either
}

// MeetingStatus is where a meeting stands: planned, then held or cancelled.
type MeetingStatus string

const (
	MeetingPlanned   MeetingStatus = "planned"
	MeetingHeld      MeetingStatus = "held"
	MeetingCancelled MeetingStatus = "cancelled"
)

// MeetingStatuses lists the statuses.
var MeetingStatuses = []MeetingStatus{MeetingPlanned, MeetingHeld, MeetingCancelled}

// Label is the status's Chinese name.
func (s MeetingStatus) Label() string {
	switch s {
	case MeetingPlanned:
		return "计划"
	case MeetingHeld:
		return "已召开"
	case MeetingCancelled:
		return "已取消"
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s MeetingStatus) Valid() bool {
	return s == MeetingPlanned || s == MeetingHeld || s == MeetingCancelled
}

// FilingStatus is where a record sent to the superior stands (备案): not
// sent, submitted, acknowledged, or returned with a comment (and then
// submitted again). The empty status reads as FilingNone.
type FilingStatus string

const (
	FilingNone         FilingStatus = "none"
	FilingSubmitted    FilingStatus = "submitted"
	FilingAcknowledged FilingStatus = "acknowledged"
	FilingReturned     FilingStatus = "returned"
)

// Label is the filing status's Chinese name.
func (s FilingStatus) Label() string {
	switch s {
	case FilingNone, "":
		return "未报备"
	case FilingSubmitted:
		return "已报备"
	case FilingAcknowledged:
		return "上级已确认"
	case FilingReturned:
		return "已退回"
	}
	return string(s)
}

// Valid reports whether s is a known filing status (the empty one included).
func (s FilingStatus) Valid() bool {
	switch s {
	case "", FilingNone, FilingSubmitted, FilingAcknowledged, FilingReturned:
		return true
	}
	return false
}

// Meeting is one meeting of organizational life held (or planned) by a
// branch or a group. StartsAt is the instant it began; the calendar date it
// counts for is its date in the org's zone (DateIn).
type Meeting struct {
	ID           int64         `json:"id"`
	OrgID        int64         `json:"org_id"` // the branch or group holding it
	Type         MeetingType   `json:"type"`
	Status       MeetingStatus `json:"status"`
	StartsAt     time.Time     `json:"starts_at"`
	Place        string        `json:"place,omitempty"`
	ChairID      int64         `json:"chair_id,omitempty"`    // 主持人
	RecorderID   int64         `json:"recorder_id,omitempty"` // 记录人
	LecturerID   int64         `json:"lecturer_id,omitempty"` // 授课人, for lectures
	Topics       []string      `json:"topics,omitempty"`      // 议题
	Minutes      string        `json:"minutes,omitempty"`     // Markdown
	CancelReason string        `json:"cancel_reason,omitempty"`
	EnteredAt    time.Time     `json:"entered_at"` // when the record was made; after its date it is 补录
	Expected     int           `json:"expected"`   // 应到
	Present      int           `json:"present"`    // 实到
	Excused      int           `json:"excused"`    // 请假
	Absent       int           `json:"absent"`     // 缺席
	Resolutions  []Resolution  `json:"resolutions,omitempty"`
	Filing       FilingStatus  `json:"filing"`
	FiledAt      time.Time     `json:"filed_at,omitzero"`
	AckAt        time.Time     `json:"ack_at,omitzero"`
	FilingNote   string        `json:"filing_note,omitempty"` // the superior's comment when returned
	VoidedAt     time.Time     `json:"voided_at,omitzero"`    // when a held meeting recorded in error was voided (作废)
	VoidReason   string        `json:"void_reason,omitempty"` // why it was voided
}

// DateIn is the calendar date of the meeting in zone loc (nil: DefaultZone).
// A meeting at 23:30 on 31 March in Beijing is on 31 March, though it is
// 15:30 UTC; one at 00:30 on 1 April is on 1 April, though UTC still says 31 March.
func (m Meeting) DateIn(loc *time.Location) Date {
	if loc == nil {
		loc = DefaultZone
	}
	return DateOf(m.StartsAt.In(loc))
}

// Late reports whether the record was entered after the meeting's date (补录),
// reading both in DefaultZone.
func (m Meeting) Late() bool { return m.LateIn(DefaultZone) }

// LateIn is Late with the dates read in zone loc.
func (m Meeting) LateIn(loc *time.Location) bool {
	if m.EnteredAt.IsZero() || m.StartsAt.IsZero() {
		return false
	}
	if loc == nil {
		loc = DefaultZone
	}
	return DateOf(m.EnteredAt.In(loc)).After(m.DateIn(loc))
}

// Held reports whether the meeting took place: held, and not voided as
// recorded in error.
func (m Meeting) Held() bool { return m.Status == MeetingHeld && m.VoidedAt.IsZero() }

// Voided reports whether the meeting's record was voided (作废): it was
// recorded in error, stays in the trail, and counts for nothing.
func (m Meeting) Voided() bool { return !m.VoidedAt.IsZero() }

// MaxVoidReason is the longest reason for voiding a meeting, in characters.
const MaxVoidReason = 200

// CheckVoid checks that the meeting may be voided with reason: only a held
// meeting, not voided already, not filed with the superior (withdraw the
// filing first), and the reason is 1 to 200 characters.
func (m Meeting) CheckVoid(reason string) error {
	reason = strings.TrimSpace(reason)
	var p Problems
	switch {
	case m.Voided():
		p.Add("status", "会议状态", "该会议已作废")
	case m.Status != MeetingHeld:
		p.Add("status", "会议状态", "只有已召开的会议可以作废，计划中的会议请取消")
	case m.Filing == FilingSubmitted || m.Filing == FilingAcknowledged:
		p.Add("filing", "报备", "该会议已报备上级，请先撤回报备再作废")
	case reason == "":
		p.Add("void_reason", "作废原因", "不能为空")
	case utf8.RuneCountInString(reason) > MaxVoidReason:
		p.Add("void_reason", "作废原因", "不能超过200个字")
	}
	return p.Err()
}

// CheckWithdraw checks that the meeting's filing may be withdrawn (撤回报备)
// so that the meeting can be changed: it was filed and not voided.
func (m Meeting) CheckWithdraw() error {
	var p Problems
	if m.Filing != FilingSubmitted && m.Filing != FilingAcknowledged {
		p.Add("filing", "报备", "该会议未报备，无需撤回")
	}
	return p.Err()
}

// Validate checks a meeting as a user records it at now: a known type and
// status, a time (not in the future for a held meeting), a reason for a
// cancellation, a lecturer for a held lecture and for no other meeting,
// counts that add up, votes that are possible, and text
// of a sensible length.
func (m Meeting) Validate(now time.Time) error {
	var p Problems
	if !m.Type.Valid() {
		p.Add("type", "会议类型", "应为"+meetingTypeLabels()+"之一")
	}
	if !m.Status.Valid() {
		p.Add("status", "会议状态", "应为计划、已召开或已取消")
	}
	switch {
	case m.StartsAt.IsZero():
		p.Add("starts_at", "会议时间", "不能为空")
	case m.Status == MeetingHeld && m.StartsAt.After(now):
		p.Add("starts_at", "会议时间", "已召开的会议不能晚于当前时间")
	}
	if m.Status == MeetingCancelled && strings.TrimSpace(m.CancelReason) == "" {
		p.Add("cancel_reason", "取消原因", "取消会议时不能为空")
	}
	if m.Status == MeetingHeld && m.Type == MeetLecture && m.LecturerID == 0 {
		p.Add("lecturer_id", "授课人", "党课须填写授课人")
	}
	if m.LecturerID != 0 && m.Type.Valid() && m.Type != MeetLecture {
		p.Add("lecturer_id", "授课人", "只有党课填写授课人")
	}
	if utf8.RuneCountInString(m.Place) > 60 {
		p.Add("place", "会议地点", "不能超过60个字")
	}
	for _, t := range m.Topics {
		if n := utf8.RuneCountInString(strings.TrimSpace(t)); n == 0 || n > 200 {
			p.Add("topics", "会议议题", "每个议题应为1至200个字")
			break
		}
	}
	if m.Expected < 0 || m.Present < 0 || m.Excused < 0 || m.Absent < 0 {
		p.Add("attendance", "出席情况", "人数不能为负数")
	} else if m.Expected > 0 && m.Present+m.Excused+m.Absent != m.Expected {
		p.Add("attendance", "出席情况", "实到、请假、缺席人数之和应等于应到人数")
	}
	if !m.Filing.Valid() {
		p.Add("filing", "报备状态", "应为未报备、已报备、上级已确认或已退回")
	}
	for i, r := range m.Resolutions {
		if what := r.problem(); what != "" {
			p.Add("resolutions", ResolutionLabel(i), what)
		}
	}
	return p.Err()
}

// MaxResolutionText is the longest text of a matter put to the vote, in
// characters.
const MaxResolutionText = 200

// ResolutionLabel names resolution i (from 0) of a meeting in problems:
// "第1项表决".
func ResolutionLabel(i int) string { return "第" + strconv.Itoa(i+1) + "项表决" }

// problem is the first thing wrong with a resolution of a meeting, or "":
// its text (1 to 200 characters), the entitled voters (a resolution needs
// them; FillEntitled fills them for a held meeting), then the counts.
func (r Resolution) problem() string {
	switch n := utf8.RuneCountInString(strings.TrimSpace(r.Text)); {
	case n == 0:
		return "表决事项不能为空"
	case n > MaxResolutionText:
		return "表决事项不能超过200个字"
	}
	if r.Entitled == 0 {
		return "请填写有表决权人数"
	}
	if err := r.Validate(); err != nil {
		return strings.TrimPrefix(UserMessage(err), "表决：")
	}
	return ""
}

// Record makes a meeting as it is recorded with its attendance att (nil:
// the meeting's own counts stand; planned and cancelled meetings have
// none): the counts 应到, 实到, 请假 and 缺席 are those of att, and a
// resolution whose entitled voters were left blank (0) counts everyone
// expected at a held meeting with attendance (有表决权人数不填时按应到人数计).
// Every door records a meeting through it, so a blank 有表决权人数 reads
// the same in the form, the API and the imports.
func (m *Meeting) Record(att []Attendance) {
	if len(att) > 0 {
		m.Expected, m.Present, m.Excused, m.Absent = len(att), 0, 0, 0
		for _, a := range att {
			switch a.Status {
			case AttendPresent:
				m.Present++
			case AttendExcused:
				m.Excused++
			case AttendAbsent:
				m.Absent++
			}
		}
	}
	if m.Status != MeetingHeld || m.Expected == 0 {
		return
	}
	for i := range m.Resolutions {
		if m.Resolutions[i].Entitled == 0 {
			m.Resolutions[i].Entitled = m.Expected
		}
	}
}

// CheckChange checks a change of the stored meeting old into m: a held
// meeting cannot be cancelled, a voided one cannot be changed, and one
// filed with the superior is changed only after the filing is withdrawn.
func (m Meeting) CheckChange(old Meeting) error {
	var p Problems
	switch {
	case old.Voided():
		p.Add("status", "会议状态", "已作废的会议不能修改")
	case old.Filing == FilingSubmitted || old.Filing == FilingAcknowledged:
		p.Add("filing", "报备", "该会议已报备上级，修改前请先撤回报备")
	case old.Held() && m.Status == MeetingCancelled:
		p.Add("status", "会议状态", "已召开的会议不能取消")
	}
	return p.Err()
}

// MaxCancelReason is the longest reason for cancelling a meeting, in
// characters.
const MaxCancelReason = 200

// Cancel cancels a planned meeting with a reason: a held meeting cannot be
// cancelled, nor one already cancelled, and the reason is 1 to 200
// characters.
func (m *Meeting) Cancel(reason string) error {
	reason = strings.TrimSpace(reason)
	var p Problems
	switch {
	case m.Held():
		p.Add("status", "会议状态", "已召开的会议不能取消")
	case m.Status != MeetingPlanned:
		p.Add("status", "会议状态", "只有计划中的会议可以取消")
	case reason == "":
		p.Add("cancel_reason", "取消原因", "不能为空")
	case utf8.RuneCountInString(reason) > MaxCancelReason:
		p.Add("cancel_reason", "取消原因", "不能超过200个字")
	}
	if err := p.Err(); err != nil {
		return err
	}
	m.Status, m.CancelReason = MeetingCancelled, reason
	return nil
}

// CheckHeldBy checks that org o may hold the meeting: a branch, a general
// branch or a group, of a kind that holds the meeting's type
// (MeetingType.HeldBy). Whether an added type was added on the org's path
// is for the store to say.
func (m Meeting) CheckHeldBy(o Org) error {
	var p Problems
	switch {
	case o.Kind != KindBranch && o.Kind != KindGroup && o.Kind != KindGeneralBranch:
		p.Add("org_id", "组织", "会议应由党支部或党小组召开")
	case !m.Type.HeldBy(o.Kind):
		p.Add("type", "会议类型", o.Kind.Label()+"不召开"+m.Type.Label())
	}
	return p.Err()
}

// CheckFile checks that the meeting may be sent to the superior (报备): it
// was held (a 发声亮剑 meeting may be filed before it is held) and is not
// filed already.
func (m Meeting) CheckFile() error {
	var p Problems
	switch {
	case m.Voided():
		p.Add("filing", "报备", "已作废的会议不能报备")
	case m.Status != MeetingHeld && (m.Type != MeetStance || m.Status == MeetingCancelled):
		p.Add("filing", "报备", "只有已召开的会议（发声亮剑可会前报备）才能报备")
	case m.Filing == FilingSubmitted || m.Filing == FilingAcknowledged:
		p.Add("filing", "报备", "已报备，无需重复")
	}
	return p.Err()
}

// CheckReview checks the superior's answer to the meeting's filing: the
// filing awaits it, and a return says why.
func (m Meeting) CheckReview(acknowledge bool, note string) error {
	var p Problems
	switch {
	case m.Filing != FilingSubmitted:
		p.Add("filing", "报备", "该会议未在待确认状态")
	case !acknowledge && strings.TrimSpace(note) == "":
		p.Add("note", "退回意见", "退回时须说明原因")
	}
	return p.Err()
}

// MaxLeaveReason is the longest reason for a leave, in characters.
const MaxLeaveReason = 100

// Problem is what is wrong with one attendance record, or "": a known
// status, and for a leave its reason (请假须填写原因, at most 100
// characters). The person is named by PersonName when known.
func (a Attendance) Problem() string {
	reason := utf8.RuneCountInString(strings.TrimSpace(a.Reason))
	switch {
	case !a.Status.Valid():
		return a.PersonName + "的出席状态应为出席（present）、请假（excused）或缺席（absent）"
	case a.Status == AttendExcused && reason == 0:
		return a.PersonName + "请假须填写原因"
	case reason > MaxLeaveReason:
		return a.PersonName + "的请假原因不能超过100个字"
	}
	return ""
}

// CheckAttendance checks the attendance of a meeting: only a held meeting
// has attendance, each record is possible (Attendance.Problem), and each
// person is listed once.
func (m Meeting) CheckAttendance(att []Attendance) error {
	var p Problems
	if len(att) > 0 && m.Status != MeetingHeld {
		p.Add("attendance", "出席情况", "只有已召开的会议登记出席情况")
		return p.Err()
	}
	seen := make(map[int64]bool, len(att))
	for _, a := range att {
		if seen[a.PersonID] {
			what := a.PersonName + "登记了不止一次"
			if a.PersonName == "" {
				what = "同一人只能登记一次"
			}
			p.Add("attendance", "出席情况", what)
			continue
		}
		seen[a.PersonID] = true
		if what := a.Problem(); what != "" {
			p.Add("attendance", "出席情况", what)
		}
	}
	return p.Err()
}

func meetingTypeLabels() string {
	labels := make([]string, len(MeetingTypes))
	for i, t := range MeetingTypes {
		labels[i] = t.Label()
	}
	return strings.Join(labels, "、")
}

// AttendanceStatus is how one expected person attended: present, excused
// (with a reason) or absent.
type AttendanceStatus string

const (
	AttendPresent AttendanceStatus = "present" // 出席
	AttendExcused AttendanceStatus = "excused" // 请假
	AttendAbsent  AttendanceStatus = "absent"  // 缺席
)

// Label is the status's Chinese name.
func (s AttendanceStatus) Label() string {
	switch s {
	case AttendPresent:
		return "出席"
	case AttendExcused:
		return "请假"
	case AttendAbsent:
		return "缺席"
	}
	return string(s)
}

// Valid reports whether s is a known attendance status.
func (s AttendanceStatus) Valid() bool {
	return s == AttendPresent || s == AttendExcused || s == AttendAbsent
}

// Attendance is one expected person's attendance at a meeting.
type Attendance struct {
	MeetingID  int64            `json:"meeting_id,omitempty"`
	PersonID   int64            `json:"person_id"`
	PersonName string           `json:"person_name,omitempty"`
	Status     AttendanceStatus `json:"status"`
	Reason     string           `json:"reason,omitempty"` // for an excused absence
}

// Vote is one voter's choice on a resolution.
type Vote string

const (
	VoteFor     Vote = "for"     // 赞成
	VoteAgainst Vote = "against" // 反对
	VoteAbstain Vote = "abstain" // 弃权
)

// Resolution is a matter put to the vote (决议/表决) with its counts.
// Entitled is the members entitled to vote (应到会有表决权的党员); Present
// those of them present. When Present is zero the votes cast stand for it.
type Resolution struct {
	Text     string `json:"text"`
	For      int    `json:"for"`
	Against  int    `json:"against"`
	Abstain  int    `json:"abstain"`
	Entitled int    `json:"entitled"`
	Present  int    `json:"present,omitempty"`
}

// Attending is the entitled voters present: Present, or the votes cast when
// Present was not given.
func (r Resolution) Attending() int {
	if r.Present > 0 {
		return r.Present
	}
	return r.For + r.Against + r.Abstain
}

// QuorumMet reports whether more than half of the entitled voters were
// present (meet.quorum). With no entitled voters there is no quorum.
func (r Resolution) QuorumMet() bool { return r.Entitled > 0 && 2*r.Attending() > r.Entitled }

// Passed reports whether the resolution was adopted: quorum met, and more
// than half of all entitled voters (not only of those present) voted for it.
func (r Resolution) Passed() bool { return r.QuorumMet() && 2*r.For > r.Entitled }

// Validate checks that the counts are possible.
func (r Resolution) Validate() error {
	var p Problems
	switch {
	case r.For < 0 || r.Against < 0 || r.Abstain < 0 || r.Entitled < 0 || r.Present < 0:
		p.Add("resolutions", "表决", "票数不能为负数")
	case r.Present > r.Entitled:
		p.Add("resolutions", "表决", "到会人数不能多于有表决权的党员人数")
	case r.For+r.Against+r.Abstain > r.Entitled || (r.Present > 0 && r.For+r.Against+r.Abstain > r.Present):
		p.Add("resolutions", "表决", "赞成、反对、弃权票数之和不能多于到会有表决权的党员人数")
	}
	return p.Err()
}
