package service

import (
	"context"

	"zhibu"
	"zhibu/internal/store"
)

// Members is a member's own records beyond the roster: where their member
// file is kept (member.file), and the spans they are out of contact
// (member.lost_contact) or away without transferring their membership
// (member.mobile), with the branch's contacts. It checks the invariants of
// zhibu.MemberFile and zhibu.MemberAbsence against the services' clock and
// that the person is a party member; the store persists them, scoped, with
// the right checked again, and audits.
type Members struct {
	store *store.Store
	opt   Options
}

func newMembers(st *store.Store, opt Options) *Members { return &Members{store: st, opt: opt} }

// Records is a person's member file (ok false when none is recorded) and
// absences, latest first.
type Records struct {
	File     zhibu.MemberFile
	HasFile  bool
	Absences []zhibu.MemberAbsence
}

// Records reads a person's records, scoped by the actor.
func (m *Members) Records(ctx context.Context, personID int64) (Records, error) {
	var r Records
	var err error
	if r.File, r.HasFile, err = m.store.MemberFile(ctx, personID); err != nil {
		return r, err
	}
	r.Absences, err = m.store.Absences(ctx, personID)
	return r, err
}

// member reads the person and refuses one who is not a party member: a
// member file and the rules on contact are a member's.
func (m *Members) member(ctx context.Context, id int64) (zhibu.Person, error) {
	p, err := m.store.Person(ctx, id)
	if err != nil {
		return p, err
	}
	if !p.Status.AtLeast(zhibu.Probationary) {
		return p, zhibu.Problems{{Field: "person_id", Label: "人员", Message: "人员：" + p.Name + "不是党员，无需登记党员档案和外出、失联情况"}}
	}
	return p, nil
}

// SetFile records where a member's file is kept.
func (m *Members) SetFile(ctx context.Context, f zhibu.MemberFile) error {
	if _, err := m.member(ctx, f.PersonID); err != nil {
		return err
	}
	f.Normalize()
	if err := f.Validate(m.opt.today()); err != nil {
		return err
	}
	return m.store.SetMemberFile(ctx, f)
}

// SaveAbsence records a new absence (ID 0) or changes one: its end, the
// last contact with a mobile member, its place or note.
func (m *Members) SaveAbsence(ctx context.Context, a zhibu.MemberAbsence) (zhibu.MemberAbsence, error) {
	if _, err := m.member(ctx, a.PersonID); err != nil {
		return a, err
	}
	a.Normalize()
	if err := a.Validate(m.opt.today()); err != nil {
		return a, err
	}
	return m.store.SaveAbsence(ctx, a)
}

// RecordContact records the branch's contact with a mobile member on day.
func (m *Members) RecordContact(ctx context.Context, absenceID int64, day zhibu.Date) (zhibu.MemberAbsence, error) {
	a, err := m.store.Absence(ctx, absenceID)
	if err != nil {
		return a, err
	}
	if a.Kind != zhibu.AbsenceAway || !a.Open() {
		return a, zhibu.Problems{{Field: "last_contact", Label: "最近联系日期", Message: "最近联系日期：只有未结束的外出流动记录可以登记联系"}}
	}
	a.LastContact = day
	return m.SaveAbsence(ctx, a)
}

// EndAbsence closes an absence on day: contact restored, or the member back.
func (m *Members) EndAbsence(ctx context.Context, absenceID int64, day zhibu.Date) (zhibu.MemberAbsence, error) {
	a, err := m.store.Absence(ctx, absenceID)
	if err != nil {
		return a, err
	}
	if !a.Open() {
		return a, zhibu.Problems{{Field: "until", Label: "结束日期", Message: "结束日期：该记录已于" + a.Until.Chinese() + "结束"}}
	}
	a.Until = day
	return m.SaveAbsence(ctx, a)
}
