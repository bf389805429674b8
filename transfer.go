package zhibu

import (
	"strings"
	"unicode/utf8"
)

// TransferStatus is where a membership transfer (组织关系转接) stands.
//
//	issued → completed                 (inside zhibu: the destination accepts)
//	issued → received → completed      (outside: accepted, then the receipt 回执 comes back)
//	issued → returned | cancelled      (the letter came back unused, or was withdrawn)
//
// A letter still issued after its validity is expired: that is read from the
// dates (Transfer.Expired), not stored.
type TransferStatus string

const (
	TransferIssued    TransferStatus = "issued"    // 已开具介绍信，待接收
	TransferReceived  TransferStatus = "received"  // 已接收，回执未退回
	TransferCompleted TransferStatus = "completed" // 已完成
	TransferReturned  TransferStatus = "returned"  // 介绍信退回
	TransferCancelled TransferStatus = "cancelled" // 已撤销
)

// Label is the status's Chinese name.
func (s TransferStatus) Label() string {
	switch s {
	case TransferIssued:
		return "待接收"
	case TransferReceived:
		return "已接收，回执未退回"
	case TransferCompleted:
		return "已完成"
	case TransferReturned:
		return "已退回"
	case TransferCancelled:
		return "已撤销"
	}
	return string(s)
}

// Open reports whether the transfer is still under way (issued or received).
func (s TransferStatus) Open() bool { return s == TransferIssued || s == TransferReceived }

// DefaultLetterMonths is how long a transfer letter is valid by default
// (member.transfer.letter: at most 3 months; the rule's parameter decides).
const DefaultLetterMonths = 3

// Transfer is one membership transfer: a letter (介绍信) that takes a
// member from an org to another. Either end may be outside zhibu, named by
// free text: a transfer out to another system has ToName, a transfer in
// from outside has FromName. Inside zhibu both ends are orgs (branches).
type Transfer struct {
	ID          int64          `json:"id"`
	PersonID    int64          `json:"person_id"`
	PersonName  string         `json:"person_name"`
	FromOrgID   int64          `json:"from_org_id,omitempty"` // 0: from outside zhibu
	FromOrgName string         `json:"from_org_name,omitempty"`
	FromName    string         `json:"from_name,omitempty"` // the source outside zhibu
	ToOrgID     int64          `json:"to_org_id,omitempty"` // 0: to outside zhibu
	ToOrgName   string         `json:"to_org_name,omitempty"`
	ToName      string         `json:"to_name,omitempty"` // the destination outside zhibu
	LetterNo    string         `json:"letter_no"`         // 介绍信编号
	IssuedOn    Date           `json:"issued_on"`
	ValidMonths int            `json:"valid_months"`
	Reason      string         `json:"reason,omitempty"`
	Status      TransferStatus `json:"status"`
	ReceivedOn  Date           `json:"received_on,omitzero"` // the destination accepted (the member joined it)
	ReceiptOn   Date           `json:"receipt_on,omitzero"`  // the receipt (回执) was returned to the sender
	ClosedOn    Date           `json:"closed_on,omitzero"`   // returned or cancelled on
	Note        string         `json:"note,omitempty"`
	FromPath    string         `json:"-"`
	ToPath      string         `json:"-"`
}

// ExpiresOn is the last day the letter is valid: ValidMonths after it was
// issued, by calendar months (a one-month letter issued on 31 January is
// valid to 28 or 29 February).
func (t Transfer) ExpiresOn() Date { return t.IssuedOn.AddMonths(t.ValidMonths) }

// Expired reports whether the letter is still waiting on day d after its
// last valid day.
func (t Transfer) Expired(d Date) bool { return t.Status == TransferIssued && d.After(t.ExpiresOn()) }

// StatusLabel is the status on day d, saying when a waiting letter has expired.
func (t Transfer) StatusLabel(d Date) string {
	if t.Expired(d) {
		return "介绍信已过期"
	}
	return t.Status.Label()
}

// Inside reports whether both ends are orgs of zhibu.
func (t Transfer) Inside() bool { return t.FromOrgID != 0 && t.ToOrgID != 0 }

// Destination names where the member goes.
func (t Transfer) Destination() string {
	if t.ToOrgID != 0 {
		return t.ToOrgName
	}
	return t.ToName
}

// Source names where the member comes from.
func (t Transfer) Source() string {
	if t.FromOrgID != 0 {
		return t.FromOrgName
	}
	return t.FromName
}

// Normalize trims what users type.
func (t *Transfer) Normalize() {
	t.LetterNo = strings.TrimSpace(t.LetterNo)
	t.FromName = strings.TrimSpace(t.FromName)
	t.ToName = strings.TrimSpace(t.ToName)
	t.Reason = strings.TrimSpace(t.Reason)
	t.Note = strings.TrimSpace(t.Note)
}

// ValidateLetter checks a letter's own fields as of today: its number, the
// day it was issued, its validity (1 to maxMonths months), its reason, and
// that it names exactly one source and one destination.
func (t Transfer) ValidateLetter(today Date, maxMonths int) error {
	var ps Problems
	switch n := utf8.RuneCountInString(t.LetterNo); {
	case n == 0:
		ps.Add("letter_no", "介绍信编号", "不能为空")
	case n > 40:
		ps.Add("letter_no", "介绍信编号", "不能超过40个字")
	}
	switch {
	case t.IssuedOn.IsZero() || !t.IssuedOn.Valid():
		ps.Add("issued_on", "开具日期", "不能为空，且须为有效日期")
	case t.IssuedOn.After(today):
		ps.Add("issued_on", "开具日期", "不能晚于今天")
	}
	if maxMonths <= 0 {
		maxMonths = DefaultLetterMonths
	}
	if t.ValidMonths < 1 || t.ValidMonths > maxMonths {
		ps.Add("valid_months", "有效期（月）", "应为1至"+itoa(maxMonths)+"个月")
	}
	if utf8.RuneCountInString(t.Reason) > 200 {
		ps.Add("reason", "转接原因", "不能超过200个字")
	}
	if utf8.RuneCountInString(t.Note) > 200 {
		ps.Add("note", "备注", "不能超过200个字")
	}
	switch {
	case t.ToOrgID == 0 && t.ToName == "":
		ps.Add("to", "转往组织", "请选择系统内的党支部，或填写系统外的组织名称")
	case t.ToOrgID != 0 && t.ToName != "":
		ps.Add("to", "转往组织", "系统内的党支部与系统外的组织名称只能填一项")
	case t.ToOrgID != 0 && t.ToOrgID == t.FromOrgID:
		ps.Add("to", "转往组织", "不能转往本支部")
	case utf8.RuneCountInString(t.ToName) > 60:
		ps.Add("to", "转往组织", "不能超过60个字")
	}
	switch {
	case t.FromOrgID == 0 && t.FromName == "":
		ps.Add("from_name", "转出组织", "不能为空")
	case utf8.RuneCountInString(t.FromName) > 60:
		ps.Add("from_name", "转出组织", "不能超过60个字")
	}
	return ps.Err()
}

// ValidateDay checks a day recorded on a transfer (received on, receipt
// returned on, returned or cancelled on): present, not in the future, not
// before the letter was issued.
func (t Transfer) ValidateDay(field, label string, d, today Date) error {
	var ps Problems
	switch {
	case d.IsZero() || !d.Valid():
		ps.Add(field, label, "不能为空，且须为有效日期")
	case d.After(today):
		ps.Add(field, label, "不能晚于今天")
	case d.Before(t.IssuedOn):
		ps.Add(field, label, "不能早于介绍信开具日期（"+t.IssuedOn.String()+"）")
	}
	return ps.Err()
}

// Extension is a branch's request to postpone (or advance) the election
// of its committee, and the superior's decision (org.term.extension).
type Extension struct {
	ID          int64           `json:"id"`
	OrgID       int64           `json:"org_id"`
	TermID      int64           `json:"term_id"`
	Months      int             `json:"months"` // positive: postpone by; negative: advance by
	NewEnd      Date            `json:"new_end"`
	Reason      string          `json:"reason"`
	RequestedOn Date            `json:"requested_on"`
	Status      ExtensionStatus `json:"status"`
	DecidedOn   Date            `json:"decided_on,omitzero"`
	DecidedBy   string          `json:"decided_by,omitempty"`
	Note        string          `json:"note,omitempty"`
}

// Change says the request in words: 延期6个月, 提前3个月.
func (e Extension) Change() string {
	if e.Months < 0 {
		return "提前" + itoa(-e.Months) + "个月"
	}
	return "延期" + itoa(e.Months) + "个月"
}

// ExtensionStatus is where a request stands.
type ExtensionStatus string

const (
	ExtensionRequested ExtensionStatus = "requested" // 待上级审批
	ExtensionApproved  ExtensionStatus = "approved"  // 已批准
	ExtensionRejected  ExtensionStatus = "rejected"  // 未批准
)

// Label is the status's Chinese name.
func (s ExtensionStatus) Label() string {
	switch s {
	case ExtensionRequested:
		return "待上级审批"
	case ExtensionApproved:
		return "已批准"
	case ExtensionRejected:
		return "未批准"
	}
	return string(s)
}

// ValidateRequest checks a request: months other than 0 and within
// maxMonths either way, a reason.
func (e Extension) ValidateRequest(maxMonths int) error {
	var ps Problems
	if maxMonths <= 0 {
		maxMonths = 12
	}
	if e.Months == 0 || e.Months > maxMonths || e.Months < -maxMonths {
		ps.Add("months", "调整月数", "延期填正数、提前填负数，绝对值不超过"+itoa(maxMonths)+"个月")
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(e.Reason)); {
	case n == 0:
		ps.Add("reason", "理由", "不能为空")
	case n > 200:
		ps.Add("reason", "理由", "不能超过200个字")
	}
	return ps.Err()
}
