package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/audit"
)

// MeetingRecord is one new meeting with its attendance, for
// SaveMeetingsBulk. With attendance the counts come from it, as in
// SaveMeeting; without, the meeting's own counts stand.
type MeetingRecord struct {
	Meeting    zhibu.Meeting
	Attendance []zhibu.Attendance
}

// Rows per statement of the bulk inserts (each well under the engines'
// limits on parameters: 32,766 for SQLite, 65,535 for PostgreSQL).
const (
	bulkMeetingRows    = 100
	bulkAttendanceRows = 500
	bulkResolutionRows = 200
)

// SaveMeetingsBulk records many new meetings (ID 0) with their attendance
// and resolutions in one transaction, with prepared multi-row inserts: the
// demo, the generator and imports of old registers. Each meeting is checked
// as SaveMeeting checks it (type, status, time, counts, text, the org holds
// that type, chair, recorder, lecturer and attendees of the org's branch,
// a reason for every excused absence); a problem refuses the whole batch,
// each problem naming its record (Row, from 1) — nothing is saved.
//
// Unlike SaveMeeting, a meeting's EnteredAt is kept when set — the record
// was made then, so it is 补录 only if that is after the meeting's date —
// and may not be later than now; zero means now. Its filing (Filing,
// FiledAt, AckAt, FilingNote) is kept as given.
//
// The actor must hold zhibu.PermMeetingWrite on every org of the batch
// (zhibu.ErrForbidden otherwise; the system holds it everywhere). The
// batch is audited as one event, "meetings.bulk", with the count, on the
// nearest org that holds every meeting's org. It returns the new ids in
// the order of recs.
func (s *Store) SaveMeetingsBulk(ctx context.Context, recs []MeetingRecord) ([]int64, error) {
	if err := s.canMeetingsBulk(ctx, recs); err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, nil
	}
	now := s.stamp()
	ms := make([]zhibu.Meeting, len(recs))
	var ps zhibu.Problems
	bad := func(i int, err error) {
		if p, ok := err.(zhibu.Problems); ok {
			for _, x := range p {
				x.Row = i + 1
				x.Message = "第" + strconv.Itoa(i+1) + "条会议：" + x.Message
				ps = append(ps, x)
			}
			return
		}
		ps = append(ps, zhibu.Problem{Row: i + 1, Message: "第" + strconv.Itoa(i+1) + "条会议：" + err.Error()})
	}
	for i, r := range recs {
		m := bulkNormalize(r.Meeting, r.Attendance, now)
		ms[i] = m
		var p zhibu.Problems
		if m.ID != 0 {
			p.Add("id", "会议", "批量录入只能新建会议")
		}
		if m.EnteredAt.After(now) {
			p.Add("entered_at", "录入时间", "不能晚于当前时间")
		}
		if err := m.Validate(now); err != nil {
			p = append(p, err.(zhibu.Problems)...)
		}
		if len(p) > 0 {
			bad(i, p)
		}
	}
	orgs, err := s.bulkOrgs(ctx, ms)
	if err != nil {
		return nil, err
	}
	actor := zhibu.ActorFrom(ctx)
	for _, o := range orgs {
		if !actor.Can(zhibu.PermMeetingWrite, o.Path) {
			return nil, zhibu.Errorf(zhibu.ErrForbidden, "无权登记"+o.Name+"的会议")
		}
	}
	personOrg, err := s.bulkPersonOrgs(ctx, recs)
	if err != nil {
		return nil, err
	}
	added := map[[2]string]bool{} // whether an added type may be held on a path
	for i, m := range ms {
		org, ok := orgs[m.OrgID]
		if !ok {
			bad(i, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：不存在"}})
			continue
		}
		p := bulkCheckPeople(org, m, recs[i].Attendance, personOrg)
		if m.Type.Custom() {
			key := [2]string{org.Path, string(m.Type)}
			ok, seen := added[key]
			if !seen {
				if ok, err = s.checkAddedType(ctx, org, m.Type); err != nil {
					return nil, err
				}
				added[key] = ok
			}
			if !ok {
				p.Add("type", "会议类型", notAdded(org, m.Type))
			}
		}
		if len(p) > 0 {
			bad(i, p)
		}
	}
	if len(ps) > 0 {
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].Row < ps[b].Row })
		return nil, ps
	}
	paths := make([]string, 0, len(orgs))
	for _, o := range orgs {
		paths = append(paths, o.Path)
	}
	common := commonPath(paths)
	ids := make([]int64, len(ms))
	late, attended := 0, 0
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.reserveMeetingIDs(ctx, tx, ids); err != nil {
			return err
		}
		mi := s.newBulkInsert(tx, `INSERT INTO meetings (id, org_id, type, status, starts_at, place, chair_id, recorder_id, lecturer_id,
			topics, minutes, cancel_reason, entered_at, expected, present, excused, absent, filing, filed_at, ack_at, filing_note,
			created_at, updated_at) VALUES `, 23, bulkMeetingRows)
		defer mi.close()
		for i, m := range ms {
			if m.Late() {
				late++
			}
			err := mi.add(ctx, ids[i], m.OrgID, string(m.Type), string(m.Status), m.StartsAt, strings.TrimSpace(m.Place),
				nullID(m.ChairID), nullID(m.RecorderID), nullID(m.LecturerID), strings.Join(m.Topics, "\n"), m.Minutes,
				m.CancelReason, m.EnteredAt, m.Expected, m.Present, m.Excused, m.Absent, string(m.Filing),
				nullStamp(m.FiledAt), nullStamp(m.AckAt), m.FilingNote, now, now)
			if err != nil {
				return err
			}
		}
		if err := mi.flush(ctx); err != nil {
			return err
		}
		ai := s.newBulkInsert(tx, `INSERT INTO attendance (meeting_id, person_id, status, reason) VALUES `, 4, bulkAttendanceRows)
		defer ai.close()
		for i, r := range recs {
			for _, a := range r.Attendance {
				attended++
				if err := ai.add(ctx, ids[i], a.PersonID, string(a.Status), strings.TrimSpace(a.Reason)); err != nil {
					return err
				}
			}
		}
		if err := ai.flush(ctx); err != nil {
			return err
		}
		ri := s.newBulkInsert(tx, `INSERT INTO resolutions (meeting_id, position, text, votes_for, votes_against, abstain, entitled, present) VALUES `,
			8, bulkResolutionRows)
		defer ri.close()
		for i, m := range ms {
			for j, r := range m.Resolutions {
				if err := ri.add(ctx, ids[i], j+1, strings.TrimSpace(r.Text), r.For, r.Against, r.Abstain, r.Entitled, r.Present); err != nil {
					return err
				}
			}
		}
		if err := ri.flush(ctx); err != nil {
			return err
		}
		if err := s.indexSearch(ctx, tx, zhibu.SearchMeeting, ids...); err != nil { // search.go
			return err
		}
		detail := fmt.Sprintf("批量录入会议%d次（其中补录%d次），出席记录%d条", len(ms), late, attended)
		return s.audit(ctx, tx, Event{Action: audit.MeetingsBulk, ObjectType: "org", ObjectID: lastID(common), OrgPath: common, Result: "ok", Detail: detail})
	})
	if err != nil {
		return nil, fmt.Errorf("save meetings: %w", err)
	}
	return ids, nil
}

// bulkNormalize is m as SaveMeeting would store it: the start to the
// second in UTC, the counts from the attendance, an empty filing as none,
// and the entry time kept (to the microsecond) or now.
func bulkNormalize(m zhibu.Meeting, att []zhibu.Attendance, now time.Time) zhibu.Meeting {
	m.StartsAt = m.StartsAt.UTC().Truncate(time.Second)
	m.Record(att)
	if m.Filing == "" {
		m.Filing = zhibu.FilingNone
	}
	if m.EnteredAt.IsZero() {
		m.EnteredAt = now
	} else {
		m.EnteredAt = m.EnteredAt.UTC().Truncate(time.Microsecond)
	}
	m.FiledAt, m.AckAt = truncStamp(m.FiledAt), truncStamp(m.AckAt)
	return m
}

func truncStamp(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// bulkOrgs loads the orgs the meetings are held by, in the actor's scope.
func (s *Store) bulkOrgs(ctx context.Context, ms []zhibu.Meeting) (map[int64]zhibu.Org, error) {
	orgs := map[int64]zhibu.Org{}
	missing := map[int64]bool{}
	for _, m := range ms {
		if _, ok := orgs[m.OrgID]; ok || missing[m.OrgID] {
			continue
		}
		o, err := s.Org(ctx, m.OrgID)
		switch {
		case err == nil:
			orgs[m.OrgID] = o
		case errors.Is(err, zhibu.ErrNotFound):
			missing[m.OrgID] = true
		default:
			return nil, err
		}
	}
	return orgs, nil
}

// bulkPersonOrgs is the membership history of every person a batch
// names: the branches they belonged to and when, so that each meeting's
// people are checked on the meeting's day.
func (s *Store) bulkPersonOrgs(ctx context.Context, recs []MeetingRecord) (personSpans, error) {
	seen := map[int64]bool{}
	var ids []int64
	note := func(id int64) {
		if id != 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, r := range recs {
		note(r.Meeting.ChairID)
		note(r.Meeting.RecorderID)
		note(r.Meeting.LecturerID)
		for _, a := range r.Attendance {
			note(a.PersonID)
		}
	}
	out := make(personSpans, len(ids))
	const batch = 500
	for start := 0; start < len(ids); start += batch {
		q := &query{}
		q.add(`SELECT person_id, org_id, start_on, end_on FROM memberships WHERE person_id IN (` + q.list(ids[start:min(start+batch, len(ids))]) + `)`)
		rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return nil, fmt.Errorf("meeting people: %w", err)
		}
		for rows.Next() {
			var id int64
			var sp span
			if err := rows.Scan(&id, &sp.org, &sp.start, &sp.end); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = append(out[id], sp)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// span is one membership: an org from start until end (zero: still).
type span struct {
	org        int64
	start, end zhibu.Date
}

// personSpans are people's memberships by person id.
type personSpans map[int64][]span

// in reports whether person id belonged to org on day, as the attendees
// expected that day are found (store.Expected; a membership that ends on
// day no longer counts), or belongs to it now: a roster imported without
// 转入本组织日期 starts everyone's membership on the day of the import,
// and the meetings of before it are still recorded (补录) with them.
func (ps personSpans) in(id, org int64, day zhibu.Date) bool {
	for _, sp := range ps[id] {
		if sp.org == org && (sp.end.IsZero() || !sp.start.After(day) && sp.end.After(day)) {
			return true
		}
	}
	return false
}

// bulkCheckPeople checks that the org holds the meeting
// (zhibu.Meeting.CheckHeldBy), that its chair, recorder, lecturer and
// attendees were people of the org's branch on the meeting's day, or
// are now (personOrg: each person's memberships), and its attendance
// (zhibu.Meeting.CheckAttendance).
func bulkCheckPeople(org zhibu.Org, m zhibu.Meeting, att []zhibu.Attendance, personOrg personSpans) zhibu.Problems {
	var ps zhibu.Problems
	if err := m.CheckHeldBy(org); err != nil {
		ps = append(ps, err.(zhibu.Problems)...)
	}
	branchID := org.ID
	if org.Kind == zhibu.KindGroup {
		branchID = org.ParentID
	}
	// The people are checked on the meeting's day: members then (or now),
	// as the attendees expected that day; one who has moved away since
	// still counts for the meetings of their time.
	day := m.DateIn(zhibu.DefaultZone)
	check := func(id int64, field, label string) {
		if id == 0 {
			return
		}
		if !personOrg.in(id, branchID, day) {
			ps.Add(field, label, "应为本支部的人员")
		}
	}
	check(m.ChairID, "chair_id", "主持人")
	check(m.RecorderID, "recorder_id", "记录人")
	check(m.LecturerID, "lecturer_id", "授课人")
	for _, a := range att {
		if !personOrg.in(a.PersonID, branchID, day) {
			ps.Add("attendance", "出席情况", "应为本支部的人员")
			break
		}
	}
	if err := m.CheckAttendance(att); err != nil {
		ps = append(ps, err.(zhibu.Problems)...)
	}
	return ps
}

// reserveMeetingIDs fills ids with new meeting ids: on PostgreSQL from the
// column's sequence; on SQLite, whose single writer holds the write lock
// for the whole transaction, after the largest id in use.
func (s *Store) reserveMeetingIDs(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if s.dialect == postgres {
		rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('meetings', 'id')) FROM generate_series(1, $1)`, len(ids))
		if err != nil {
			return fmt.Errorf("reserve meeting ids: %w", err)
		}
		defer rows.Close()
		i := 0
		for rows.Next() && i < len(ids) {
			if err := rows.Scan(&ids[i]); err != nil {
				return err
			}
			i++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if i != len(ids) {
			return fmt.Errorf("reserve meeting ids: got %d of %d", i, len(ids))
		}
		return nil
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM meetings`).Scan(&last); err != nil {
		return fmt.Errorf("reserve meeting ids: %w", err)
	}
	for i := range ids {
		ids[i] = last + int64(i) + 1
	}
	return nil
}

// commonPath is the path of the nearest org above (or at) every path
// given: "/1/5/" for "/1/5/23/" and "/1/5/24/".
func commonPath(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	common := paths[0]
	for _, p := range paths[1:] {
		for !strings.HasPrefix(p, common) {
			i := strings.LastIndex(strings.TrimSuffix(common, "/"), "/")
			if i < 0 {
				return "/"
			}
			common = common[:i+1]
		}
	}
	return common
}

// lastID is the id of the org a path ends with ("23" for "/1/5/23/").
func lastID(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	return parts[len(parts)-1]
}

// bulkInsert runs a multi-row INSERT: rows are gathered until a statement
// of `rows` rows is full and executed through one prepared statement; the
// rest goes in a last, shorter statement.
type bulkInsert struct {
	tx         *sql.Tx
	positional bool // ? rather than $n: SQLite looks numbered names up one by one
	head       string
	cols, rows int
	full       *sql.Stmt
	args       []any
	n          int
}

func (s *Store) newBulkInsert(tx *sql.Tx, head string, cols, rows int) *bulkInsert {
	return &bulkInsert{tx: tx, positional: s.dialect == sqlite, head: head, cols: cols, rows: rows, args: make([]any, 0, cols*rows)}
}

// values is the VALUES list of n rows: ($1, $2), ($3, $4), ... on
// PostgreSQL; (?, ?), (?, ?), ... on SQLite, where each of thousands of
// names would be looked up in a list.
func (b *bulkInsert) values(n int) string {
	var sb strings.Builder
	sb.WriteString(b.head)
	k := 0
	for r := 0; r < n; r++ {
		if r > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for c := 0; c < b.cols; c++ {
			if c > 0 {
				sb.WriteString(", ")
			}
			k++
			if b.positional {
				sb.WriteByte('?')
				continue
			}
			sb.WriteByte('$')
			sb.WriteString(strconv.Itoa(k))
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

func (b *bulkInsert) add(ctx context.Context, vals ...any) error {
	if len(vals) != b.cols {
		return fmt.Errorf("bulk insert: %d values for %d columns", len(vals), b.cols)
	}
	b.args = append(b.args, vals...)
	b.n++
	if b.n < b.rows {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(ctx, b.values(b.rows))
		if err != nil {
			return err
		}
		b.full = st
	}
	if _, err := b.full.ExecContext(ctx, b.args...); err != nil {
		return err
	}
	b.args, b.n = b.args[:0], 0
	return nil
}

func (b *bulkInsert) flush(ctx context.Context) error {
	if b.n == 0 {
		return nil
	}
	if _, err := b.tx.ExecContext(ctx, b.values(b.n), b.args...); err != nil {
		return err
	}
	b.args, b.n = b.args[:0], 0
	return nil
}

func (b *bulkInsert) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// Analyze refreshes the query planner's statistics after a bulk load
// (ANALYZE on both engines), so that queries over the new rows pick the
// right indexes: on SQLite, without statistics, a branch's meetings are
// found by scanning every meeting of the period.
func (s *Store) Analyze(ctx context.Context) error {
	if _, err := s.wdb.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}
