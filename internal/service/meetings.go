package service

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zhibu"
	"zhibu/internal/store"
)

// Meetings is the service of meetings: every door records, cancels, files
// and reviews a meeting, adds a meeting type and imports a register
// through it, so that each door refuses the same things with the same
// words. The invariants are methods of zhibu.Meeting, zhibu.Attendance and
// zhibu.Resolution; what needs the database (who is expected, whether the
// org holds the type, whether the people belong to its branch) is read
// here or checked by the store.
type Meetings struct {
	store *store.Store
	opt   Options
}

func newMeetings(st *store.Store, opt Options) *Meetings {
	return &Meetings{store: st, opt: opt}
}

// Expected is who is expected at a meeting of type t of org o on day, in
// the order forms list them: those the store expects that day
// (store.Expected), and, for the stored meeting old changed without a
// change of type or day, whoever its attendance att lists besides. Each
// record carries PersonID and PersonName; the status is left empty.
func (s *Meetings) Expected(ctx context.Context, o zhibu.Org, old zhibu.Meeting, att []zhibu.Attendance, t zhibu.MeetingType, day zhibu.Date) ([]zhibu.Attendance, error) {
	var out []zhibu.Attendance
	seen := map[int64]bool{}
	if t.Valid() && t.HeldBy(o.Kind) && !day.IsZero() {
		ps, err := s.store.Expected(ctx, o.ID, t, day)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out = append(out, zhibu.Attendance{PersonID: p.ID, PersonName: p.Name})
			seen[p.ID] = true
		}
	}
	if old.ID != 0 && old.Type == t && old.DateIn(zhibu.DefaultZone) == day {
		for _, a := range att {
			if !seen[a.PersonID] {
				out = append(out, zhibu.Attendance{PersonID: a.PersonID, PersonName: a.PersonName})
				seen[a.PersonID] = true
			}
		}
	}
	return out, nil
}

// Check is what Save would refuse m and its attendance att for, without
// saving: the problems of zhibu.Meeting (Validate, CheckAttendance,
// CheckChange against the stored meeting), a type the org does not hold,
// and, for a held meeting, attendance that is not exactly the people
// expected. It fills m as Save records it (zhibu.Meeting.Record: the
// counts from att, a blank 有表决权人数 from the attendance) and names the
// attendees. A door with problems of its own (an input it could not read)
// calls Check to show every problem at once.
func (s *Meetings) Check(ctx context.Context, m *zhibu.Meeting, att []zhibu.Attendance) error {
	var ps zhibu.Problems
	o, err := s.store.Org(ctx, m.OrgID)
	if errors.Is(err, zhibu.ErrNotFound) {
		ps.Add("org_id", "组织", "不存在")
		return ps
	}
	if err != nil {
		return err
	}
	var old zhibu.Meeting
	var stored []zhibu.Attendance
	if m.ID != 0 {
		if old, stored, err = s.store.Meeting(ctx, m.ID); err != nil {
			return err
		}
		addMeetingProblems(&ps, m.CheckChange(old))
	}
	addMeetingProblems(&ps, m.CheckHeldBy(o))
	if m.Held() && m.Type.Valid() && m.Type.HeldBy(o.Kind) && !m.StartsAt.IsZero() {
		expected, err := s.Expected(ctx, o, old, stored, m.Type, m.DateIn(zhibu.DefaultZone))
		if err != nil {
			return err
		}
		ps = append(ps, attendanceAgainst(expected, att)...)
	}
	addMeetingProblems(&ps, m.CheckAttendance(att))
	m.Record(att)
	var more zhibu.Problems
	if errors.As(m.Validate(s.opt.Now()), &more) {
		for _, p := range more {
			// A second problem for a field already named says nothing
			// more (a time that could not be read is not also missing).
			if p.Field == "resolutions" || ps.For(p.Field) == "" {
				ps = append(ps, p)
			}
		}
	}
	return ps.Err()
}

// attendanceAgainst checks that att lists everyone expected once and no
// one else, and names the records by the expected people's names.
func attendanceAgainst(expected, att []zhibu.Attendance) zhibu.Problems {
	var ps zhibu.Problems
	names := make(map[int64]string, len(expected))
	for _, e := range expected {
		names[e.PersonID] = e.PersonName
	}
	given := map[int64]bool{}
	for i := range att {
		name, ok := names[att[i].PersonID]
		if !ok {
			ps.Add("attendance", "出席情况", "人员（编号"+strconv.FormatInt(att[i].PersonID, 10)+"）不是该会议的应到人员")
			continue
		}
		att[i].PersonName = name
		given[att[i].PersonID] = true
	}
	var missing []string
	for _, e := range expected {
		if !given[e.PersonID] {
			missing = append(missing, e.PersonName)
		}
	}
	if len(missing) > 0 {
		ps.Add("attendance", "出席情况", "缺少应到人员"+strings.Join(missing, "、")+"的出席情况")
	}
	return ps
}

// addMeetingProblems appends the problems of err (a zhibu.Problems) to ps.
func addMeetingProblems(ps *zhibu.Problems, err error) {
	var more zhibu.Problems
	if errors.As(err, &more) {
		*ps = append(*ps, more...)
	}
}

// Save records a meeting (m.ID 0) or changes the stored one, with its
// attendance att when given (a held meeting lists everyone expected; nil
// keeps the stored attendance of a change). It checks m as Check does and
// persists it with store.SaveMeeting, which checks the actor's right and
// that the people belong to the org's branch. Problems are zhibu.Problems
// (zhibu.ErrInvalid); zhibu.ErrNotFound and zhibu.ErrForbidden come from
// the store.
func (s *Meetings) Save(ctx context.Context, m zhibu.Meeting, att []zhibu.Attendance) (zhibu.Meeting, error) {
	if err := s.Check(ctx, &m, att); err != nil {
		return zhibu.Meeting{}, err
	}
	return s.store.SaveMeeting(ctx, m, att)
}

// SameDayError is the warning that a meeting is about to be recorded
// beside others of the same type, day and org (同一天同一类型的会议): most
// often the same meeting entered twice. The door shows Others and asks to
// confirm; it is of kind zhibu.ErrConflict.
type SameDayError struct {
	Others []zhibu.Meeting
}

func (e *SameDayError) Error() string {
	return "同一天已有" + strconv.Itoa(len(e.Others)) + "次同类会议的记录，请确认不是重复录入"
}

// Is makes a SameDayError a zhibu.ErrConflict.
func (e *SameDayError) Is(target error) bool { return target == zhibu.ErrConflict }

// SameDay lists the other meetings of m's org, type and day (in
// DefaultZone) that still stand: not cancelled, not voided, not m itself.
func (s *Meetings) SameDay(ctx context.Context, m zhibu.Meeting) ([]zhibu.Meeting, error) {
	if m.StartsAt.IsZero() || m.OrgID == 0 || !m.Type.Valid() {
		return nil, nil
	}
	day := m.DateIn(zhibu.DefaultZone)
	from := time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, zhibu.DefaultZone)
	ms, err := s.store.Meetings(ctx, store.MeetingFilter{OrgID: m.OrgID, Type: m.Type, From: from, To: from.AddDate(0, 0, 1)})
	if err != nil {
		return nil, err
	}
	var out []zhibu.Meeting
	for _, o := range ms {
		if o.ID != m.ID && o.OrgID == m.OrgID && o.Status != zhibu.MeetingCancelled && !o.Voided() {
			out = append(out, o)
		}
	}
	return out, nil
}

// SaveConfirmed is Save for a door that warns of a second meeting of the
// same type on the same day for the same org: unless confirmed, a meeting
// (new, or changed in its type or day) that has such others is not saved
// and the answer is a *SameDayError naming them. The form asks the user to
// confirm; the API answers 409 with the others unless the request says
// confirm_same_day.
func (s *Meetings) SaveConfirmed(ctx context.Context, m zhibu.Meeting, att []zhibu.Attendance, confirmed bool) (zhibu.Meeting, error) {
	if err := s.Check(ctx, &m, att); err != nil {
		return zhibu.Meeting{}, err
	}
	if !confirmed && m.Status != zhibu.MeetingCancelled {
		check := m.ID == 0
		if !check {
			old, _, err := s.store.Meeting(ctx, m.ID)
			if err != nil {
				return zhibu.Meeting{}, err
			}
			check = old.Type != m.Type || old.OrgID != m.OrgID || old.DateIn(zhibu.DefaultZone) != m.DateIn(zhibu.DefaultZone)
		}
		if check {
			others, err := s.SameDay(ctx, m)
			if err != nil {
				return zhibu.Meeting{}, err
			}
			if len(others) > 0 {
				return zhibu.Meeting{}, &SameDayError{Others: others}
			}
		}
	}
	return s.store.SaveMeeting(ctx, m, att)
}

// Void voids the held meeting id recorded in error (作废) with a reason
// (zhibu.Meeting.CheckVoid says which meetings may be voided). It stays in
// the register, struck, and in the audit trail; the rules no longer count
// it.
func (s *Meetings) Void(ctx context.Context, id int64, reason string) (zhibu.Meeting, error) {
	m, _, err := s.store.Meeting(ctx, id)
	if err != nil {
		return zhibu.Meeting{}, err
	}
	if err := m.CheckVoid(reason); err != nil {
		return zhibu.Meeting{}, err
	}
	if err := s.store.VoidMeeting(ctx, id, reason); err != nil {
		return zhibu.Meeting{}, err
	}
	m, _, err = s.store.Meeting(ctx, id)
	return m, err
}

// Withdraw withdraws the filing of meeting id with the superior (撤回报备),
// which a change of a filed meeting asks for first.
func (s *Meetings) Withdraw(ctx context.Context, id int64) (zhibu.Meeting, error) {
	m, _, err := s.store.Meeting(ctx, id)
	if err != nil {
		return zhibu.Meeting{}, err
	}
	if err := m.CheckWithdraw(); err != nil {
		return zhibu.Meeting{}, err
	}
	if err := s.store.WithdrawFiling(ctx, id); err != nil {
		return zhibu.Meeting{}, err
	}
	m, _, err = s.store.Meeting(ctx, id)
	return m, err
}

// Cancel cancels the planned meeting id with a reason
// (zhibu.Meeting.Cancel says which meetings may be cancelled).
func (s *Meetings) Cancel(ctx context.Context, id int64, reason string) (zhibu.Meeting, error) {
	m, _, err := s.store.Meeting(ctx, id)
	if err != nil {
		return zhibu.Meeting{}, err
	}
	if err := m.Cancel(reason); err != nil {
		return zhibu.Meeting{}, err
	}
	return s.store.SaveMeeting(ctx, m, nil)
}

// File sends the meeting id to the superior (报备), or again after it was
// returned. It returns the meeting as it was before.
func (s *Meetings) File(ctx context.Context, id int64) (zhibu.Meeting, error) {
	m, _, err := s.store.Meeting(ctx, id)
	if err != nil {
		return zhibu.Meeting{}, err
	}
	if err := m.CheckFile(); err != nil {
		return zhibu.Meeting{}, err
	}
	return m, s.store.FileMeeting(ctx, id)
}

// MaxReviewNote is the longest comment of the superior on a filing.
const MaxReviewNote = 500

// Review is the superior's answer to the filing of meeting id:
// acknowledged, or returned with a note (required, at most 500
// characters).
func (s *Meetings) Review(ctx context.Context, id int64, acknowledge bool, note string) (zhibu.Meeting, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxReviewNote {
		var ps zhibu.Problems
		ps.Add("note", "退回意见", "不能超过500个字")
		return zhibu.Meeting{}, ps
	}
	m, _, err := s.store.Meeting(ctx, id)
	if err != nil {
		return zhibu.Meeting{}, err
	}
	if err := m.CheckReview(acknowledge, note); err != nil {
		return zhibu.Meeting{}, err
	}
	return m, s.store.ReviewFiling(ctx, id, acknowledge, note)
}

// AddType adds a meeting type for the subtree of org orgID
// (store.AddMeetingType checks the name against those added on the path).
func (s *Meetings) AddType(ctx context.Context, orgID int64, name, note string) (store.AddedMeetingType, error) {
	return s.store.AddMeetingType(ctx, orgID, name, note)
}
