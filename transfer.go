package zhibu

import (
	"errors"
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

// mergeProblems appends the problems err holds (if it is Problems).
func mergeProblems(ps *Problems, err error) {
	var more Problems
	if errors.As(err, &more) {
		*ps = append(*ps, more...)
	}
}

// CheckIssue checks letter t, which takes person p out of their branch, as
// of today, maxMonths being the longest validity the rules allow
// (member.transfer.letter's valid_months): the letter's own fields, and
// the person, a party member still on the roster whom the letter does not
// date from before they joined the branch. The destination and a transfer
// already under way need the records: the transfers service checks them.
func (t Transfer) CheckIssue(p Person, today Date, maxMonths int) error {
	var ps Problems
	mergeProblems(&ps, t.ValidateLetter(today, maxMonths))
	switch {
	case p.Left():
		ps.Add("person_id", "人员", p.Name+"已转出本系统")
	case !p.Status.IsMember():
		ps.Add("person_id", "人员", p.Name+"不是党员，无需转接组织关系")
	case !t.IssuedOn.IsZero() && t.IssuedOn.Before(p.JoinedOn):
		ps.Add("issued_on", "开具日期", "不能早于"+p.Name+"转入本组织的日期（"+p.JoinedOn.String()+"）")
	}
	return ps.Err()
}

// CheckAccept checks that the destination branch may accept letter t of
// person p (as the store holds them) on day on, as of today, moving them
// into a unit of at most 40 characters: a letter between two branches of
// zhibu, still issued, not expired on that day, the person still in the
// branch that issued it, not before they joined it.
func (t Transfer) CheckAccept(p Person, on, today Date, unit string) error {
	if !t.Inside() {
		return Problems{{Field: "id", Label: "转接", Message: "转接：该介绍信来自系统外，请登记转入"}}
	}
	if t.Status != TransferIssued {
		return Problems{{Field: "id", Label: "转接", Message: "转接：该介绍信" + t.Status.Label() + "，不能再接收"}}
	}
	if err := t.ValidateDay("received_on", "接收日期", on, today); err != nil {
		return err
	}
	if on.After(t.ExpiresOn()) {
		return Problems{{Field: "received_on", Label: "接收日期", Message: "接收日期：介绍信有效期至" + t.ExpiresOn().String() + "，已过期，请转出支部重新开具"}}
	}
	if p.OrgID != t.FromOrgID || p.Left() {
		return Problems{{Field: "id", Label: "转接", Message: "转接：" + p.Name + "已不在" + t.FromOrgName}}
	}
	if on.Before(p.JoinedOn) {
		return Problems{{Field: "received_on", Label: "接收日期", Message: "接收日期：不能早于" + p.Name + "转入原组织的日期（" + p.JoinedOn.String() + "）"}}
	}
	if utf8.RuneCountInString(strings.TrimSpace(unit)) > 40 {
		return Problems{{Field: "unit", Label: "单位", Message: "单位：不能超过40个字"}}
	}
	return nil
}

// CheckReceipt checks the days recorded on a letter with one end outside
// zhibu, as of today: for a letter sent out and still issued, the day the
// destination accepted person p (receivedOn) and perhaps the day its
// receipt came back (receiptOn); for one already received, the receipt's
// day; for a letter from outside (incoming), the day the branch sent its
// receipt back.
func (t Transfer) CheckReceipt(p Person, receivedOn, receiptOn, today Date) error {
	if t.Inside() {
		return Problems{{Field: "id", Label: "转接", Message: "转接：系统内的转接由接收支部办理接收"}}
	}
	incoming := t.FromOrgID == 0
	var ps Problems
	switch t.Status {
	case TransferIssued:
		if incoming {
			return Problems{{Field: "id", Label: "转接", Message: "转接：状态不正确"}}
		}
		mergeProblems(&ps, t.ValidateDay("received_on", "接收日期", receivedOn, today))
		if receivedOn.After(t.ExpiresOn()) {
			ps.Add("received_on", "接收日期", "介绍信有效期至"+t.ExpiresOn().String()+"，接收日期已过有效期，请重新开具介绍信")
		}
	case TransferReceived:
		receivedOn = t.ReceivedOn
		if receiptOn.IsZero() {
			ps.Add("receipt_on", "回执日期", "不能为空")
		}
	default:
		return Problems{{Field: "id", Label: "转接", Message: "转接：该转接" + t.Status.Label() + "，无需登记回执"}}
	}
	if !receiptOn.IsZero() {
		mergeProblems(&ps, t.ValidateDay("receipt_on", "回执日期", receiptOn, today))
		if !receivedOn.IsZero() && receiptOn.Before(receivedOn) {
			ps.Add("receipt_on", "回执日期", "不能早于接收日期（"+receivedOn.String()+"）")
		}
	}
	if t.Status == TransferIssued && len(ps) == 0 && receivedOn.Before(p.JoinedOn) {
		ps.Add("received_on", "接收日期", "不能早于"+p.Name+"转入本组织的日期（"+p.JoinedOn.String()+"）")
	}
	return ps.Err()
}

// CheckClose checks that the branch that issued letter t may end it as
// status (returned or cancelled) on day on, as of today, with a note of at
// most 200 characters: only a letter still waiting to be received.
func (t Transfer) CheckClose(status TransferStatus, on, today Date, note string) error {
	if status != TransferReturned && status != TransferCancelled {
		return Problems{{Field: "status", Label: "处理方式", Message: "处理方式：应为退回或撤销"}}
	}
	if t.Status != TransferIssued {
		return Problems{{Field: "id", Label: "转接", Message: "转接：该介绍信" + t.Status.Label() + "，不能退回或撤销"}}
	}
	var ps Problems
	mergeProblems(&ps, t.ValidateDay("closed_on", "日期", on, today))
	if utf8.RuneCountInString(strings.TrimSpace(note)) > 200 {
		ps.Add("note", "说明", "不能超过200个字")
	}
	return ps.Err()
}

// CheckIn checks letter t from an org outside zhibu and person p it brings
// to branch t.ToOrgID, as of today: the letter (valid at most 12 months),
// the day received (not after the letter expired), the receipt's day, the
// person's record, and that they are a party member.
func (t Transfer) CheckIn(p Person, today Date) error {
	var ps Problems
	if t.ToOrgID == 0 {
		ps.Add("org_id", "接收支部", "不能为空")
	}
	mergeProblems(&ps, t.ValidateLetter(today, 12))
	mergeProblems(&ps, t.ValidateDay("received_on", "接收日期", t.ReceivedOn, today))
	if !t.ReceivedOn.IsZero() && t.ReceivedOn.After(t.ExpiresOn()) && !t.IssuedOn.IsZero() {
		ps.Add("received_on", "接收日期", "介绍信有效期至"+t.ExpiresOn().String()+"，已过期，应请转出组织重新开具")
	}
	if !t.ReceiptOn.IsZero() {
		mergeProblems(&ps, t.ValidateDay("receipt_on", "回执日期", t.ReceiptOn, today))
		if t.ReceiptOn.Before(t.ReceivedOn) {
			ps.Add("receipt_on", "回执日期", "不能早于接收日期（"+t.ReceivedOn.String()+"）")
		}
	}
	mergeProblems(&ps, p.Validate(today))
	if p.Status.Valid() && !p.Status.IsMember() {
		ps.Add("status", "政治面貌", "转入组织关系的应为预备党员或正式党员")
	}
	return ps.Err()
}

// The ends that act on a letter, checked for the branch whose page or
// endpoint acts (at): only the destination accepts a letter between two
// branches of zhibu; only the sender of a letter out of zhibu, or the
// receiver of one from outside, records a receipt; only the sender returns
// or cancels.

func wrongEnd(msg string) error {
	return Problems{{Field: "id", Label: "转接", Message: "转接：" + msg}}
}

// AcceptAt checks that branch at may accept t.
func (t Transfer) AcceptAt(at int64) error {
	if t.ToOrgID != at || t.FromOrgID == 0 {
		return wrongEnd("该介绍信不是系统内其他支部开往本支部的，不能在此接收")
	}
	return nil
}

// ReceiptAt checks that branch at may record t's receipt.
func (t Transfer) ReceiptAt(at int64) error {
	if !(t.FromOrgID == at && t.ToOrgID == 0) && !(t.FromOrgID == 0 && t.ToOrgID == at) {
		return wrongEnd("只有转往系统外的介绍信（由转出支部）或来自系统外的转入（由接收支部）登记回执")
	}
	return nil
}

// CloseAt checks that branch at may return or cancel t.
func (t Transfer) CloseAt(at int64) error {
	if t.FromOrgID != at {
		return wrongEnd("介绍信只能由转出支部退回或撤销")
	}
	return nil
}
