package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/audit"
)

const meetingColumns = `m.id, m.org_id, m.type, m.status, m.starts_at, m.place, m.chair_id, m.recorder_id, m.lecturer_id,
	m.topics, m.minutes, m.cancel_reason, m.entered_at, m.expected, m.present, m.excused, m.absent,
	m.filing, m.filed_at, m.ack_at, m.filing_note, m.voided_at, m.void_reason`

func scanMeeting(row interface{ Scan(...any) error }, m *zhibu.Meeting, extra ...any) error {
	var starts, entered timeScan
	var topics string
	err := row.Scan(append([]any{&m.ID, &m.OrgID, &m.Type, &m.Status, &starts, &m.Place, idScan{&m.ChairID}, idScan{&m.RecorderID},
		idScan{&m.LecturerID}, &topics, &m.Minutes, &m.CancelReason, &entered, &m.Expected, &m.Present, &m.Excused, &m.Absent,
		&m.Filing, nullTime{&m.FiledAt}, nullTime{&m.AckAt}, &m.FilingNote, nullTime{&m.VoidedAt}, &m.VoidReason}, extra...)...)
	if err != nil {
		return err
	}
	m.StartsAt, m.EnteredAt = starts.t.UTC(), entered.t.UTC()
	if topics != "" {
		m.Topics = strings.Split(topics, "\n")
	}
	return nil
}

// MeetingFilter selects meetings.
type MeetingFilter struct {
	OrgID    int64 // an org and its subtree (a branch with its groups); 0 for the actor's whole scope
	From, To time.Time
	Type     zhibu.MeetingType
	Status   zhibu.MeetingStatus
	Filing   zhibu.FilingStatus // "" for any; FilingNone also selects meetings never filed
	Voided   bool               // only the meetings voided (作废)
	Limit    int
}

// Meetings lists the meetings f selects in the actor's scope, by start
// time.
func (s *Store) Meetings(ctx context.Context, f MeetingFilter) ([]zhibu.Meeting, error) {
	q := (&query{}).add(`SELECT ` + meetingColumns + ` FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE 1=1`)
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	if f.OrgID != 0 {
		org, err := s.Org(ctx, f.OrgID)
		if err != nil {
			return nil, err
		}
		lo, hi := pathRange(org.Path)
		q.add(" AND o.path >= " + q.arg(lo) + " AND o.path < " + q.arg(hi))
	}
	if !f.From.IsZero() {
		q.add(" AND m.starts_at >= " + q.arg(f.From.UTC()))
	}
	if !f.To.IsZero() {
		q.add(" AND m.starts_at < " + q.arg(f.To.UTC()))
	}
	if f.Type != "" {
		q.add(" AND m.type = " + q.arg(string(f.Type)))
	}
	if f.Status != "" {
		q.add(" AND m.status = " + q.arg(string(f.Status)))
	}
	if f.Status == zhibu.MeetingHeld {
		// A voided meeting was recorded in error: it was not held.
		q.add(" AND m.voided_at IS NULL")
	}
	if f.Voided {
		q.add(" AND m.voided_at IS NOT NULL")
	}
	switch f.Filing {
	case "":
	case zhibu.FilingNone:
		q.add(" AND (m.filing = " + q.arg(string(f.Filing)) + " OR m.filing = '')")
	default:
		q.add(" AND m.filing = " + q.arg(string(f.Filing)))
	}
	q.add(" ORDER BY m.starts_at, m.id")
	if f.Limit > 0 {
		q.add(" LIMIT " + q.arg(f.Limit))
	}
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	defer rows.Close()
	out := []zhibu.Meeting{}
	for rows.Next() {
		var m zhibu.Meeting
		if err := scanMeeting(rows, &m); err != nil {
			return nil, fmt.Errorf("meetings: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.fillResolutions(ctx, out)
}

// fillResolutions loads the resolutions of many meetings.
func (s *Store) fillResolutions(ctx context.Context, ms []zhibu.Meeting) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[int64]*zhibu.Meeting, len(ms))
	for i := range ms {
		byID[ms[i].ID] = &ms[i]
	}
	const batch = 500
	for start := 0; start < len(ms); start += batch {
		var ids []int64
		for _, m := range ms[start:min(start+batch, len(ms))] {
			ids = append(ids, m.ID)
		}
		q := &query{}
		q.add(`SELECT meeting_id, text, votes_for, votes_against, abstain, entitled, present FROM resolutions WHERE meeting_id IN (` +
			q.list(ids) + `) ORDER BY meeting_id, position`)
		rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return fmt.Errorf("resolutions: %w", err)
		}
		for rows.Next() {
			var id int64
			var r zhibu.Resolution
			if err := rows.Scan(&id, &r.Text, &r.For, &r.Against, &r.Abstain, &r.Entitled, &r.Present); err != nil {
				rows.Close()
				return err
			}
			byID[id].Resolutions = append(byID[id].Resolutions, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Meeting returns one meeting in the actor's scope, with its resolutions
// and attendance.
func (s *Store) Meeting(ctx context.Context, id int64) (zhibu.Meeting, []zhibu.Attendance, error) {
	q := (&query{}).add(`SELECT ` + meetingColumns + ` FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.id = `)
	q.add(q.arg(id))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	var m zhibu.Meeting
	err := scanMeeting(s.db.QueryRowContext(ctx, q.String(), q.args...), &m)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.Meeting{}, nil, notFound("会议")
	}
	if err != nil {
		return zhibu.Meeting{}, nil, fmt.Errorf("meeting %d: %w", id, err)
	}
	ms := []zhibu.Meeting{m}
	if err := s.fillResolutions(ctx, ms); err != nil {
		return zhibu.Meeting{}, nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.person_id, p.name, a.status, a.reason FROM attendance a JOIN people p ON p.id = a.person_id
		WHERE a.meeting_id = $1 ORDER BY a.status, p.name`, id)
	if err != nil {
		return zhibu.Meeting{}, nil, fmt.Errorf("attendance: %w", err)
	}
	defer rows.Close()
	var att []zhibu.Attendance
	for rows.Next() {
		a := zhibu.Attendance{MeetingID: id}
		if err := rows.Scan(&a.PersonID, &a.PersonName, &a.Status, &a.Reason); err != nil {
			return zhibu.Meeting{}, nil, err
		}
		att = append(att, a)
	}
	return ms[0], att, rows.Err()
}

// MeetingOrgPath is the path of the org holding meeting id, if the actor's
// scope covers it (else ErrNotFound, as Meeting): what a route naming a
// meeting needs to decide access, in one read instead of the meeting with
// its resolutions and attendance (a calendar checks a link a meeting).
func (s *Store) MeetingOrgPath(ctx context.Context, id int64) (string, error) {
	q := (&query{}).add(`SELECT o.path FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.id = `)
	q.add(q.arg(id))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	var path string
	err := s.queryRow(ctx, q.String(), q.args...).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("会议")
	}
	if err != nil {
		return "", fmt.Errorf("meeting %d: %w", id, err)
	}
	return path, nil
}

// Expected is who should attend a meeting of a type held by an org on a
// day: for a committee meeting, the committee's seat holders that day; for
// a group meeting, the group's members; for the rest, the branch's members
// (full and probationary) that day.
func (s *Store) Expected(ctx context.Context, orgID int64, t zhibu.MeetingType, on zhibu.Date) ([]zhibu.Person, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var cond string
	switch {
	case t == zhibu.MeetCommittee:
		cond = `p.id IN (SELECT st.person_id FROM seats st WHERE st.org_id = $1 AND st.term_id IS NOT NULL
			AND st.start_on <= $2 AND (st.end_on IS NULL OR st.end_on > $2))`
	case org.Kind == zhibu.KindGroup:
		cond = `p.id IN (SELECT ms.person_id FROM memberships ms WHERE ms.group_id = $1
			AND ms.start_on <= $2 AND (ms.end_on IS NULL OR ms.end_on > $2)) AND p.admitted_on <= $2`
	default:
		cond = `p.id IN (SELECT ms.person_id FROM memberships ms WHERE ms.org_id = $1
			AND ms.start_on <= $2 AND (ms.end_on IS NULL OR ms.end_on > $2)) AND p.admitted_on <= $2`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+personColumns+personFrom+` WHERE `+cond+` ORDER BY p.name, p.id`, orgID, on)
	if err != nil {
		return nil, fmt.Errorf("expected: %w", err)
	}
	defer rows.Close()
	out := []zhibu.Person{}
	for rows.Next() {
		var p zhibu.Person
		if err := s.scanPerson(rows, &p); err != nil {
			return nil, fmt.Errorf("expected: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SaveMeeting records a meeting (ID 0) or changes one, with its attendance
// when given: the counts then come from the attendance. A meeting recorded
// after its day is marked 补录 by its entry time, which never changes.
func (s *Store) SaveMeeting(ctx context.Context, m zhibu.Meeting, att []zhibu.Attendance) (zhibu.Meeting, error) {
	if err := s.canSaveMeeting(ctx, m); err != nil {
		return zhibu.Meeting{}, err
	}
	now := s.stamp()
	m.StartsAt = m.StartsAt.UTC().Truncate(time.Second)
	m.Record(att)
	if m.Filing == "" {
		m.Filing = zhibu.FilingNone
	}
	if err := m.Validate(now); err != nil {
		return zhibu.Meeting{}, err
	}
	org, err := s.Org(ctx, m.OrgID)
	if errors.Is(err, zhibu.ErrNotFound) {
		return zhibu.Meeting{}, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：不存在"}}
	}
	if err != nil {
		return zhibu.Meeting{}, err
	}
	if err := s.checkMeetingPeople(ctx, org, m, att); err != nil {
		return zhibu.Meeting{}, err
	}
	var old zhibu.Meeting
	if m.ID != 0 {
		if old, _, err = s.Meeting(ctx, m.ID); err != nil {
			return zhibu.Meeting{}, err
		}
		m.EnteredAt, m.Filing, m.FiledAt, m.AckAt, m.FilingNote = old.EnteredAt, old.Filing, old.FiledAt, old.AckAt, old.FilingNote
		m.VoidedAt, m.VoidReason = old.VoidedAt, old.VoidReason
	} else {
		m.EnteredAt = now
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		args := []any{m.OrgID, string(m.Type), string(m.Status), m.StartsAt, strings.TrimSpace(m.Place), nullID(m.ChairID), nullID(m.RecorderID),
			nullID(m.LecturerID), strings.Join(m.Topics, "\n"), m.Minutes, m.CancelReason, m.Expected, m.Present, m.Excused, m.Absent, now}
		action := audit.MeetingUpdate
		if m.ID == 0 {
			action = audit.MeetingCreate
			err := tx.QueryRowContext(ctx, `INSERT INTO meetings (org_id, type, status, starts_at, place, chair_id, recorder_id, lecturer_id,
				topics, minutes, cancel_reason, expected, present, excused, absent, entered_at, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $16) RETURNING id`, args...).Scan(&m.ID)
			if err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE meetings SET org_id = $1, type = $2, status = $3, starts_at = $4, place = $5, chair_id = $6,
			recorder_id = $7, lecturer_id = $8, topics = $9, minutes = $10, cancel_reason = $11, expected = $12, present = $13, excused = $14,
			absent = $15, updated_at = $16 WHERE id = $17`, append(args, m.ID)...); err != nil {
			return err
		}
		if att != nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM attendance WHERE meeting_id = $1`, m.ID); err != nil {
				return err
			}
			for _, a := range att {
				if _, err := tx.ExecContext(ctx, `INSERT INTO attendance (meeting_id, person_id, status, reason) VALUES ($1, $2, $3, $4)`,
					m.ID, a.PersonID, string(a.Status), strings.TrimSpace(a.Reason)); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM resolutions WHERE meeting_id = $1`, m.ID); err != nil {
			return err
		}
		for i, r := range m.Resolutions {
			if _, err := tx.ExecContext(ctx, `INSERT INTO resolutions (meeting_id, position, text, votes_for, votes_against, abstain, entitled, present)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, m.ID, i+1, strings.TrimSpace(r.Text), r.For, r.Against, r.Abstain, r.Entitled, r.Present); err != nil {
				return err
			}
		}
		if err := s.indexSearch(ctx, tx, zhibu.SearchMeeting, m.ID); err != nil { // search.go
			return err
		}
		detail := fmt.Sprintf("%s %s，%s", m.StartsAt.In(zhibu.DefaultZone).Format("2006-01-02 15:04"), m.Type.Label(), m.Status.Label())
		if m.Late() {
			detail += "（补录）"
		}
		return s.audit(ctx, tx, Event{Action: action, ObjectType: "meeting", ObjectID: fmt.Sprint(m.ID), OrgPath: org.Path, Result: "ok", Detail: detail})
	})
	if err != nil {
		return zhibu.Meeting{}, fmt.Errorf("save meeting: %w", err)
	}
	saved, _, err := s.Meeting(ctx, m.ID)
	return saved, err
}

// checkMeetingPeople checks that a meeting suits its org and that its
// chair, recorder, lecturer and attendees belong to the org's branch.
func (s *Store) checkMeetingPeople(ctx context.Context, org zhibu.Org, m zhibu.Meeting, att []zhibu.Attendance) error {
	personOrg, err := s.bulkPersonOrgs(ctx, []MeetingRecord{{Meeting: m, Attendance: att}})
	if err != nil {
		return err
	}
	ps := bulkCheckPeople(org, m, att, personOrg)
	if ps.For("type") == "" && ps.For("org_id") == "" {
		if ok, err := s.checkAddedType(ctx, org, m.Type); err != nil {
			return err
		} else if !ok {
			ps.Add("type", "会议类型", notAdded(org, m.Type))
		}
	}
	return ps.Err()
}

// CancelMeeting cancels a planned meeting with a reason.
func (s *Store) CancelMeeting(ctx context.Context, id int64, reason string) error {
	if err := s.canMeeting(ctx, zhibu.PermMeetingWrite, id, "取消该会议"); err != nil {
		return err
	}
	m, _, err := s.Meeting(ctx, id)
	if err != nil {
		return err
	}
	if err := m.Cancel(reason); err != nil {
		return err
	}
	_, err = s.SaveMeeting(ctx, m, nil)
	return err
}

// VoidMeeting voids a held meeting recorded in error (作废) with a reason:
// the record stays, struck, in the register and the audit trail, and
// counts for nothing (zhibu.Meeting.Held is false).
func (s *Store) VoidMeeting(ctx context.Context, id int64, reason string) error {
	if err := s.canMeeting(ctx, zhibu.PermMeetingWrite, id, "作废该会议"); err != nil {
		return err
	}
	m, _, err := s.Meeting(ctx, id)
	if err != nil {
		return err
	}
	if err := m.CheckVoid(reason); err != nil {
		return err
	}
	org, err := s.Org(ctx, m.OrgID)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET voided_at = $1, void_reason = $2, updated_at = $1 WHERE id = $3`, now, reason, m.ID); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s %s 作废：%s", m.StartsAt.In(zhibu.DefaultZone).Format("2006-01-02 15:04"), m.Type.Label(), reason)
		return s.audit(ctx, tx, Event{Action: audit.MeetingVoid, ObjectType: "meeting", ObjectID: fmt.Sprint(m.ID), OrgPath: org.Path, Result: "ok", Detail: detail})
	})
}

// WithdrawFiling withdraws the filing of a meeting with the superior (撤回报备)
// so that it can be changed and filed again.
func (s *Store) WithdrawFiling(ctx context.Context, id int64) error {
	if err := s.canMeeting(ctx, zhibu.PermMeetingWrite, id, "撤回该会议的报备"); err != nil {
		return err
	}
	m, _, err := s.Meeting(ctx, id)
	if err != nil {
		return err
	}
	if err := m.CheckWithdraw(); err != nil {
		return err
	}
	org, err := s.Org(ctx, m.OrgID)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET filing = $1, filed_at = NULL, ack_at = NULL, updated_at = $2 WHERE id = $3`,
			string(zhibu.FilingNone), now, m.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.MeetingWithdraw, ObjectType: "meeting", ObjectID: fmt.Sprint(m.ID), OrgPath: org.Path, Result: "ok", Detail: "撤回报备（原为" + m.Filing.Label() + "）"})
	})
}

// FileMeeting submits (or resubmits) a held meeting to the superior.
func (s *Store) FileMeeting(ctx context.Context, id int64) error {
	if err := s.canMeeting(ctx, zhibu.PermMeetingWrite, id, "报备该会议"); err != nil {
		return err
	}
	m, _, err := s.Meeting(ctx, id)
	if err != nil {
		return err
	}
	if err := m.CheckFile(); err != nil {
		return err
	}
	return s.setFiling(ctx, m, zhibu.FilingSubmitted, "", audit.MeetingFile, "报备上级")
}

// ReviewFiling is the superior's answer to a filing: acknowledged, or
// returned with a comment.
func (s *Store) ReviewFiling(ctx context.Context, id int64, acknowledge bool, note string) error {
	if err := s.canMeeting(ctx, zhibu.PermFilingReview, id, "确认或退回该会议的报备"); err != nil {
		return err
	}
	m, _, err := s.Meeting(ctx, id)
	if err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	if err := m.CheckReview(acknowledge, note); err != nil {
		return err
	}
	if acknowledge {
		return s.setFiling(ctx, m, zhibu.FilingAcknowledged, note, audit.MeetingAck, "上级确认报备")
	}
	return s.setFiling(ctx, m, zhibu.FilingReturned, note, audit.MeetingReturn, "上级退回："+note)
}

func (s *Store) setFiling(ctx context.Context, m zhibu.Meeting, st zhibu.FilingStatus, note string, action audit.Action, detail string) error {
	org, err := s.Org(ctx, m.OrgID)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		var err error
		switch st {
		case zhibu.FilingSubmitted:
			_, err = tx.ExecContext(ctx, `UPDATE meetings SET filing = $1, filed_at = $2, ack_at = NULL, updated_at = $2 WHERE id = $3`, string(st), now, m.ID)
		default:
			_, err = tx.ExecContext(ctx, `UPDATE meetings SET filing = $1, ack_at = $2, filing_note = $3, updated_at = $2 WHERE id = $4`, string(st), now, note, m.ID)
		}
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: action, ObjectType: "meeting", ObjectID: fmt.Sprint(m.ID), OrgPath: org.Path, Result: "ok", Detail: detail})
	})
}

// NamedPerson is a person of a branch as a register names them: their id,
// name and party group (0 for none).
type NamedPerson struct {
	ID      int64
	Name    string
	GroupID int64
}

// BranchPeople lists the people of the branch branchID that the actor may
// see, by id: the names an imported register may use.
func (s *Store) BranchPeople(ctx context.Context, branchID int64) ([]NamedPerson, error) {
	q := (&query{}).add(`SELECT p.id, p.name, p.group_id FROM people p JOIN orgs o ON o.id = p.org_id LEFT JOIN orgs g ON g.id = p.group_id WHERE p.org_id = `)
	q.add(q.arg(branchID))
	q.scopeSelf(zhibu.ActorFrom(ctx), "COALESCE(g.path, o.path)", "p.id")
	q.add(" ORDER BY p.id")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("branch people: %w", err)
	}
	defer rows.Close()
	var out []NamedPerson
	for rows.Next() {
		var p NamedPerson
		if err := rows.Scan(&p.ID, &p.Name, idScan{&p.GroupID}); err != nil {
			return nil, fmt.Errorf("branch people: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
