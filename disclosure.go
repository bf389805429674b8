package zhibu

import (
	"strings"
	"unicode/utf8"
)

// DisclosureCategory is an item of the branch's disclosure catalogue (党务公开
// 目录): what it must disclose (disclose.branch) and how often.
type DisclosureCategory string

const (
	DiscloseDecisions       DisclosureCategory = "decisions"        // 贯彻落实上级决策部署情况
	DiscloseLife            DisclosureCategory = "life"             // 组织生活情况
	DiscloseDevelopment     DisclosureCategory = "development"      // 发展党员情况（计划：党员发展情况）
	DiscloseDues            DisclosureCategory = "dues"             // 党费收缴、使用和管理情况
	DiscloseElection        DisclosureCategory = "election"         // 换届选举情况（计划：党支部改选情况）
	DiscloseAwards          DisclosureCategory = "awards"           // 党员奖惩情况
	DiscloseSecretaryReport DisclosureCategory = "secretary_report" // 书记抓党建工作述职报告（计划增加）
)

// DisclosureCategories is the catalogue in its order.
var DisclosureCategories = []DisclosureCategory{DiscloseDecisions, DiscloseLife, DiscloseDevelopment,
	DiscloseDues, DiscloseElection, DiscloseAwards, DiscloseSecretaryReport}

// Label is the category's Chinese name.
func (c DisclosureCategory) Label() string {
	switch c {
	case DiscloseDecisions:
		return "贯彻落实上级决策部署情况"
	case DiscloseLife:
		return "组织生活情况"
	case DiscloseDevelopment:
		return "党员发展情况"
	case DiscloseDues:
		return "党费收缴、使用和管理情况"
	case DiscloseElection:
		return "支部改选情况"
	case DiscloseAwards:
		return "党员奖惩情况"
	case DiscloseSecretaryReport:
		return "支部书记抓党建工作述职报告"
	}
	return string(c)
}

// Valid reports whether c is in the catalogue.
func (c DisclosureCategory) Valid() bool {
	for _, x := range DisclosureCategories {
		if x == c {
			return true
		}
	}
	return false
}

// Period is how often the category is disclosed: organizational life and
// dues each half year, the rest once a year (the election only in a year
// the branch elected its committee).
func (c DisclosureCategory) Period() PeriodKind {
	switch c {
	case DiscloseLife, DiscloseDues:
		return PeriodHalf
	}
	return PeriodYear
}

// Seed reports whether the category is one the seed plan adds to the
// national list (§6: the secretary's report, the re-election, development).
func (c DisclosureCategory) Seed() bool {
	return c == DiscloseSecretaryReport || c == DiscloseElection || c == DiscloseDevelopment
}

// Audience is who a published disclosure reaches.
type Audience string

const (
	AudienceBranch Audience = "branch" // 支部全体党员
	AudienceBureau Audience = "bureau" // 全局（上级党委所辖）
	AudiencePublic Audience = "public" // 对外公开（导出为网站静态页）
)

// Audiences in their order.
var Audiences = []Audience{AudienceBranch, AudienceBureau, AudiencePublic}

// Label is the audience's Chinese name.
func (a Audience) Label() string {
	switch a {
	case AudienceBranch:
		return "支部全体党员"
	case AudienceBureau:
		return "全局党员干部"
	case AudiencePublic:
		return "对外公开（网站）"
	}
	return string(a)
}

// Valid reports whether a is an audience.
func (a Audience) Valid() bool {
	return a == AudienceBranch || a == AudienceBureau || a == AudiencePublic
}

// DisclosureStatus is where a disclosure stands (disclose.procedure):
//
//	proposed → reviewed → approved → published → withdrawn
//	proposed → refused (the secrecy review did not pass)
type DisclosureStatus string

const (
	DisclosureProposed  DisclosureStatus = "proposed"  // 待保密审查
	DisclosureReviewed  DisclosureStatus = "reviewed"  // 保密审查通过，待书记审批
	DisclosureRefused   DisclosureStatus = "refused"   // 保密审查未通过
	DisclosureApproved  DisclosureStatus = "approved"  // 已审批，待发布
	DisclosurePublished DisclosureStatus = "published" // 已公开
	DisclosureWithdrawn DisclosureStatus = "withdrawn" // 已撤回
)

// Label is the status's Chinese name.
func (s DisclosureStatus) Label() string {
	switch s {
	case DisclosureProposed:
		return "待保密审查"
	case DisclosureReviewed:
		return "待书记审批"
	case DisclosureRefused:
		return "保密审查未通过"
	case DisclosureApproved:
		return "待发布"
	case DisclosurePublished:
		return "已公开"
	case DisclosureWithdrawn:
		return "已撤回"
	}
	return string(s)
}

// Disclosure is one item of party affairs a branch discloses: proposed
// with its content, audience, time and form, reviewed for secrets by the
// secrecy officer, approved by the secretary, then published to its
// audience only; it may be withdrawn with a reason.
type Disclosure struct {
	ID          int64              `json:"id"`
	OrgID       int64              `json:"org_id"`
	OrgName     string             `json:"org_name,omitempty"`
	Category    DisclosureCategory `json:"category"`
	Period      Period             `json:"period"` // the catalogue's period it discloses
	Title       string             `json:"title"`
	Content     string             `json:"content"`
	Audience    Audience           `json:"audience"`
	Form        string             `json:"form"`       // 公开形式：会议通报、公示栏、内网、网站…
	PlannedOn   Date               `json:"planned_on"` // 拟公开时间
	Status      DisclosureStatus   `json:"status"`
	ProposedBy  string             `json:"proposed_by,omitempty"`
	ProposedOn  Date               `json:"proposed_on"`
	ReviewedBy  string             `json:"reviewed_by,omitempty"`
	ReviewedOn  Date               `json:"reviewed_on,omitzero"`
	ReviewNote  string             `json:"review_note,omitempty"`
	ApprovedBy  string             `json:"approved_by,omitempty"`
	ApprovedOn  Date               `json:"approved_on,omitzero"`
	PublishedOn Date               `json:"published_on,omitzero"`
	WithdrawnOn Date               `json:"withdrawn_on,omitzero"`
	Reason      string             `json:"withdraw_reason,omitempty"`
	OrgPath     string             `json:"-"`
}

// Bounds on a disclosure's text.
const (
	maxDisclosureTitle   = 100
	maxDisclosureContent = 20000
	maxDisclosureForm    = 50
	maxVoiceReason       = 500
)

// Validate checks a proposal: every field of the proposal, in Chinese.
func (d Disclosure) Validate() error {
	var ps Problems
	if d.OrgID == 0 {
		ps.Add("org_id", "支部", "请选择支部")
	}
	if !d.Category.Valid() {
		ps.Add("category", "公开事项", "请从党务公开目录中选择")
	}
	switch {
	case !d.Period.Valid():
		ps.Add("period", "公开周期", "不是有效的周期")
	case d.Category.Valid() && d.Period.Kind != d.Category.Period():
		ps.Add("period", "公开周期", "“"+d.Category.Label()+"”按"+d.Category.Period().Label()+"公开")
	}
	checkText(&ps, "title", "标题", d.Title, maxDisclosureTitle, true)
	checkText(&ps, "content", "公开内容", d.Content, maxDisclosureContent, true)
	if !d.Audience.Valid() {
		ps.Add("audience", "公开范围", "请选择支部全体党员、全局党员干部或对外公开")
	}
	checkText(&ps, "form", "公开形式", d.Form, maxDisclosureForm, true)
	if !d.PlannedOn.Valid() {
		ps.Add("planned_on", "公开时间", "请填写有效日期")
	}
	return ps.Err()
}

// checkText adds a problem when s is empty (and required) or too long.
func checkText(ps *Problems, field, label, s string, max int, required bool) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		ps.Add(field, label, "不能为空")
	case !utf8.ValidString(s):
		ps.Add(field, label, "含有无效字符")
	case utf8.RuneCountInString(s) > max:
		ps.Add(field, label, "不能超过"+itoa(max)+"个字")
	}
}

// Review records the secrecy review: passed moves a proposal on to the
// secretary's approval, not passed refuses it (a new proposal is needed).
// A refusal needs a note saying why.
func (d *Disclosure) Review(passed bool, note string, on Date) error {
	if d.Status != DisclosureProposed {
		return Errorf(ErrConflict, "该公开事项"+d.Status.Label()+"，不能再作保密审查")
	}
	note = strings.TrimSpace(note)
	var ps Problems
	if !passed && note == "" {
		ps.Add("note", "审查意见", "未通过保密审查时须写明原因")
	}
	checkText(&ps, "note", "审查意见", note, maxVoiceReason, false)
	if on.Before(d.ProposedOn) {
		ps.Add("on", "审查日期", "不能早于提出日期")
	}
	if err := ps.Err(); err != nil {
		return err
	}
	d.ReviewedOn, d.ReviewNote = on, note
	if passed {
		d.Status = DisclosureReviewed
	} else {
		d.Status = DisclosureRefused
	}
	return nil
}

// Approve records the secretary's approval, which needs the secrecy
// review passed first.
func (d *Disclosure) Approve(on Date) error {
	if d.Status != DisclosureReviewed {
		if d.Status == DisclosureProposed {
			return Errorf(ErrConflict, "该公开事项尚未通过保密审查，不能审批")
		}
		return Errorf(ErrConflict, "该公开事项"+d.Status.Label()+"，不能审批")
	}
	if on.Before(d.ReviewedOn) {
		return Problems{{Field: "on", Label: "审批日期", Message: "审批日期：不能早于保密审查日期"}}
	}
	d.Status, d.ApprovedOn = DisclosureApproved, on
	return nil
}

// Publish publishes an approved item. Publishing without the secrecy
// review and the approval is refused: that is the procedure
// (disclose.procedure), whatever door asks.
func (d *Disclosure) Publish(on Date) error {
	switch d.Status {
	case DisclosureApproved:
	case DisclosureProposed:
		return Errorf(ErrConflict, "该公开事项尚未通过保密审查，不能发布")
	case DisclosureReviewed:
		return Errorf(ErrConflict, "该公开事项尚未经书记审批，不能发布")
	default:
		return Errorf(ErrConflict, "该公开事项"+d.Status.Label()+"，不能发布")
	}
	if d.ReviewedOn.IsZero() || d.ApprovedOn.IsZero() {
		return Errorf(ErrConflict, "该公开事项缺少保密审查或审批记录，不能发布")
	}
	if on.Before(d.ApprovedOn) {
		return Problems{{Field: "on", Label: "发布日期", Message: "发布日期：不能早于审批日期"}}
	}
	d.Status, d.PublishedOn = DisclosurePublished, on
	return nil
}

// Withdraw takes a published (or approved) item back, with a reason.
func (d *Disclosure) Withdraw(reason string, on Date) error {
	if d.Status != DisclosurePublished && d.Status != DisclosureApproved {
		return Errorf(ErrConflict, "该公开事项"+d.Status.Label()+"，不能撤回")
	}
	reason = strings.TrimSpace(reason)
	var ps Problems
	checkText(&ps, "reason", "撤回原因", reason, maxVoiceReason, true)
	if err := ps.Err(); err != nil {
		return err
	}
	d.Status, d.WithdrawnOn, d.Reason = DisclosureWithdrawn, on, reason
	return nil
}

// Disclosed reports whether the item counts as disclosed on day on:
// published by then and not withdrawn by then.
func (d Disclosure) Disclosed(on Date) bool {
	if d.PublishedOn.IsZero() || d.PublishedOn.After(on) {
		return false
	}
	return d.WithdrawnOn.IsZero() || d.WithdrawnOn.After(on)
}
