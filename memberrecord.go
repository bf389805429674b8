package zhibu

import (
	"strings"
	"unicode/utf8"
)

// MemberFile is where a member's file (党员档案) is kept, as the branch last
// checked it (member.file).
type MemberFile struct {
	PersonID  int64  `json:"person_id"`
	KeptBy    string `json:"kept_by"`    // 保管单位, e.g. 市公安局政治处
	Number    string `json:"number"`     // 档案编号, optional
	CheckedOn Date   `json:"checked_on"` // 核查日期: the day the branch saw it in order
}

// Normalize trims the text fields.
func (f *MemberFile) Normalize() {
	f.KeptBy, f.Number = strings.TrimSpace(f.KeptBy), strings.TrimSpace(f.Number)
}

// Validate checks a member file as of today.
func (f MemberFile) Validate(today Date) error {
	var ps Problems
	switch n := utf8.RuneCountInString(f.KeptBy); {
	case n == 0:
		ps.Add("kept_by", "保管单位", "不能为空")
	case n > 60:
		ps.Add("kept_by", "保管单位", "不能超过60个字")
	}
	if utf8.RuneCountInString(f.Number) > 40 {
		ps.Add("number", "档案编号", "不能超过40个字")
	}
	checkDay(&ps, "checked_on", "核查日期", f.CheckedOn, today)
	return ps.Err()
}

// AbsenceKind is why a member is away from their branch's life.
type AbsenceKind string

const (
	AbsenceLost AbsenceKind = "lost_contact" // 失去联系 (member.lost_contact)
	AbsenceAway AbsenceKind = "away"         // 外出流动 (member.mobile)
)

// AbsenceKinds lists the kinds for forms.
var AbsenceKinds = []AbsenceKind{AbsenceAway, AbsenceLost}

// Label is the kind's Chinese name.
func (k AbsenceKind) Label() string {
	switch k {
	case AbsenceLost:
		return "失去联系"
	case AbsenceAway:
		return "外出流动"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k AbsenceKind) Valid() bool { return k == AbsenceLost || k == AbsenceAway }

// MemberAbsence is a span during which a member is away from the branch:
// out of contact, or working or living elsewhere without transferring
// their membership (a mobile member, 流动党员). It is open while Until is
// zero.
type MemberAbsence struct {
	ID          int64       `json:"id"`
	PersonID    int64       `json:"person_id"`
	PersonName  string      `json:"person_name,omitempty"`
	OrgID       int64       `json:"org_id,omitempty"` // the member's branch (read only)
	Kind        AbsenceKind `json:"kind"`
	From        Date        `json:"from"`                   // lost since / away since
	Until       Date        `json:"until,omitempty"`        // contact restored / returned; zero while open
	Place       string      `json:"place,omitempty"`        // where a mobile member is (外出地点)
	LastContact Date        `json:"last_contact,omitempty"` // the branch's last contact with a mobile member
	Note        string      `json:"note,omitempty"`
}

// Open reports whether the absence has not ended.
func (a MemberAbsence) Open() bool { return a.Until.IsZero() }

// Normalize trims the text fields.
func (a *MemberAbsence) Normalize() {
	a.Place, a.Note = strings.TrimSpace(a.Place), strings.TrimSpace(a.Note)
}

// Validate checks an absence as of today: its kind, its dates in order and
// not in the future, the place of a mobile member; a member out of contact
// has no contact to record.
func (a MemberAbsence) Validate(today Date) error {
	var ps Problems
	if !a.Kind.Valid() {
		ps.Add("kind", "情形", "请选择外出流动或失去联系")
	}
	checkDay(&ps, "from", "开始日期", a.From, today)
	if !a.Until.IsZero() {
		switch {
		case !a.Until.Valid():
			ps.Add("until", "结束日期", "须为有效日期")
		case a.Until.After(today):
			ps.Add("until", "结束日期", "不能晚于今天")
		case a.From.Valid() && a.Until.Before(a.From):
			ps.Add("until", "结束日期", "不能早于开始日期")
		}
	}
	switch n := utf8.RuneCountInString(a.Place); {
	case a.Kind == AbsenceAway && n == 0:
		ps.Add("place", "外出地点", "外出流动党员须填写外出地点")
	case n > 60:
		ps.Add("place", "外出地点", "不能超过60个字")
	}
	if !a.LastContact.IsZero() {
		switch {
		case a.Kind == AbsenceLost:
			ps.Add("last_contact", "最近联系日期", "失去联系的党员不能登记联系日期；恢复联系请填写结束日期")
		case !a.LastContact.Valid():
			ps.Add("last_contact", "最近联系日期", "须为有效日期")
		case a.LastContact.After(today):
			ps.Add("last_contact", "最近联系日期", "不能晚于今天")
		case a.From.Valid() && a.LastContact.Before(a.From):
			ps.Add("last_contact", "最近联系日期", "不能早于外出日期")
		}
	}
	if utf8.RuneCountInString(a.Note) > 200 {
		ps.Add("note", "备注", "不能超过200个字")
	}
	return ps.Err()
}

// checkDay adds a problem when a required day is missing, invalid or after
// today.
func checkDay(ps *Problems, field, label string, d, today Date) {
	switch {
	case d.IsZero() || !d.Valid():
		ps.Add(field, label, "不能为空，且须为有效日期")
	case d.After(today):
		ps.Add(field, label, "不能晚于今天")
	}
}
