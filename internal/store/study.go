package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"zhibu"
	"zhibu/internal/audit"
)

// Theory study (理论学习, docs/study.md): a branch's study plans of a year,
// the study sessions of the branch and its groups with who attended, the
// members' own notes and the year's summary. Plans, sessions and the
// summary are written with study.write on the org (a group leader: the
// group's sessions); a note only by the member themself. A note's content
// is read by its writer alone: anyone else who may read the member sees
// that the note exists, its day, title and session.

// yearRange is the first day of a year and of the next.
func yearRange(year int) (zhibu.Date, zhibu.Date) {
	return zhibu.MakeDate(year, 1, 1), zhibu.MakeDate(year+1, 1, 1)
}

// StudyPlans are the branch's study plans of a year with their items, the
// superior's first.
func (s *Store) StudyPlans(ctx context.Context, orgID int64, year int) ([]zhibu.StudyPlan, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, org_id, year, kind, title, issued_on FROM study_plans
		WHERE org_id = $1 AND year = $2 ORDER BY kind DESC`, orgID, year)
	if err != nil {
		return nil, fmt.Errorf("study plans: %w", err)
	}
	var out []zhibu.StudyPlan
	for rows.Next() {
		var p zhibu.StudyPlan
		if err := rows.Scan(&p.ID, &p.OrgID, &p.Year, &p.Kind, &p.Title, &p.IssuedOn); err != nil {
			rows.Close()
			return nil, fmt.Errorf("study plans: %w", err)
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		items, err := s.db.QueryContext(ctx, `SELECT month, topic, materials FROM study_plan_items WHERE plan_id = $1 ORDER BY seq`, out[i].ID)
		if err != nil {
			return nil, fmt.Errorf("study plan items: %w", err)
		}
		for items.Next() {
			var it zhibu.StudyPlanItem
			if err := items.Scan(&it.Month, &it.Topic, &it.Materials); err != nil {
				items.Close()
				return nil, err
			}
			out[i].Items = append(out[i].Items, it)
		}
		items.Close()
	}
	return out, nil
}

// SaveStudyPlan stores a plan the study service checked, replacing the
// branch's plan of the same year and kind. The actor must hold study.write
// on the branch.
func (s *Store) SaveStudyPlan(ctx context.Context, p zhibu.StudyPlan) (zhibu.StudyPlan, error) {
	if err := s.canOrg(ctx, zhibu.PermStudyWrite, p.OrgID, "保存该组织的学习计划"); err != nil {
		return p, err
	}
	org, err := s.Org(ctx, p.OrgID)
	if err != nil {
		return p, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var old int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM study_plans WHERE org_id = $1 AND year = $2 AND kind = $3`, p.OrgID, p.Year, string(p.Kind)).Scan(&old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := tx.QueryRowContext(ctx, `INSERT INTO study_plans (org_id, year, kind, title, issued_on, created_at)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, p.OrgID, p.Year, string(p.Kind), p.Title, p.IssuedOn, s.stamp()).Scan(&p.ID); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			p.ID = old
			if _, err := tx.ExecContext(ctx, `UPDATE study_plans SET title = $1, issued_on = $2 WHERE id = $3`, p.Title, p.IssuedOn, p.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM study_plan_items WHERE plan_id = $1`, p.ID); err != nil {
				return err
			}
		}
		for i, it := range p.Items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO study_plan_items (plan_id, seq, month, topic, materials) VALUES ($1, $2, $3, $4, $5)`,
				p.ID, i+1, it.Month, it.Topic, it.Materials); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, Event{Action: audit.StudyPlan, ObjectType: "study_plan", ObjectID: strconv.FormatInt(p.ID, 10), OrgPath: org.Path,
			Result: "ok", Detail: strconv.Itoa(p.Year) + "年" + p.Kind.Label() + "《" + p.Title + "》，" + strconv.Itoa(len(p.Items)) + "项"})
	})
	if err != nil {
		return p, fmt.Errorf("save study plan: %w", err)
	}
	return p, nil
}

// StudySessions are the study sessions of the org and its groups in a
// year, by day, with who was present and how many notes were written of
// each.
func (s *Store) StudySessions(ctx context.Context, orgID int64, year int) ([]zhibu.StudySession, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	lo, hi := pathRange(org.Path)
	from, to := yearRange(year)
	return s.studySessions(ctx, lo, hi, from, to)
}

func (s *Store) studySessions(ctx context.Context, lo, hi string, from, to zhibu.Date) ([]zhibu.StudySession, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT x.id, x.org_id, o.name, x.held_on, x.topic, x.materials, x.minutes,
		(SELECT COUNT(*) FROM study_notes n WHERE n.session_id = x.id)
		FROM study_sessions x JOIN orgs o ON o.id = x.org_id
		WHERE o.path >= $1 AND o.path < $2 AND x.held_on >= $3 AND x.held_on < $4 ORDER BY x.held_on, x.id`, lo, hi, from, to)
	if err != nil {
		return nil, fmt.Errorf("study sessions: %w", err)
	}
	var out []zhibu.StudySession
	byID := map[int64]int{}
	for rows.Next() {
		var x zhibu.StudySession
		if err := rows.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.HeldOn, &x.Topic, &x.Materials, &x.Minutes, &x.Notes); err != nil {
			rows.Close()
			return nil, fmt.Errorf("study sessions: %w", err)
		}
		byID[x.ID] = len(out)
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	att, err := s.db.QueryContext(ctx, `SELECT a.session_id, a.person_id FROM study_attendance a JOIN study_sessions x ON x.id = a.session_id
		JOIN orgs o ON o.id = x.org_id WHERE o.path >= $1 AND o.path < $2 AND x.held_on >= $3 AND x.held_on < $4 ORDER BY a.session_id, a.person_id`, lo, hi, from, to)
	if err != nil {
		return nil, fmt.Errorf("study attendance: %w", err)
	}
	defer att.Close()
	for att.Next() {
		var sid, pid int64
		if err := att.Scan(&sid, &pid); err != nil {
			return nil, err
		}
		if i, ok := byID[sid]; ok {
			out[i].Present = append(out[i].Present, pid)
		}
	}
	return out, att.Err()
}

// AddStudySession stores a session the study service checked, with who
// was present. The actor must hold study.write on the org (a branch or a
// group).
func (s *Store) AddStudySession(ctx context.Context, x zhibu.StudySession) (zhibu.StudySession, error) {
	if err := s.canOrg(ctx, zhibu.PermStudyWrite, x.OrgID, "登记该组织的集中学习"); err != nil {
		return x, err
	}
	org, err := s.Org(ctx, x.OrgID)
	if err != nil {
		return x, err
	}
	x.OrgName = org.Name
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO study_sessions (org_id, held_on, topic, materials, minutes, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, x.OrgID, x.HeldOn, x.Topic, x.Materials, x.Minutes, s.stamp()).Scan(&x.ID); err != nil {
			return err
		}
		for _, id := range x.Present {
			if _, err := tx.ExecContext(ctx, `INSERT INTO study_attendance (session_id, person_id) VALUES ($1, $2)`, x.ID, id); err != nil {
				return err
			}
		}
		if err := s.indexSearch(ctx, tx, zhibu.SearchStudy, x.ID); err != nil { // search.go
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.StudySession, ObjectType: "study_session", ObjectID: strconv.FormatInt(x.ID, 10), OrgPath: org.Path,
			Result: "ok", Detail: x.HeldOn.Chinese() + " " + x.Topic + "，" + zhibu.Hours(x.Minutes) + "学时，" + strconv.Itoa(len(x.Present)) + "人参加"})
	})
	if err != nil {
		return x, fmt.Errorf("add study session: %w", err)
	}
	return x, nil
}

// StudyNotes are the notes of the people of an org's subtree written in a
// year (the actor's own, when the actor may read only their own record),
// newest first. The content is filled in only for the actor's own notes.
func (s *Store) StudyNotes(ctx context.Context, orgID int64, year int) ([]zhibu.StudyNote, error) {
	a := zhibu.ActorFrom(ctx)
	from, to := yearRange(year)
	q := &query{}
	q.add(`SELECT n.id, n.person_id, n.session_id, n.written_on, n.title, n.content, n.minutes FROM study_notes n JOIN people p ON p.id = n.person_id
		JOIN orgs o ON o.id = p.org_id LEFT JOIN orgs g ON g.id = p.group_id WHERE n.written_on >= ` + q.arg(from) + ` AND n.written_on < ` + q.arg(to))
	if orgID != 0 {
		org, err := s.Org(ctx, orgID)
		if err != nil {
			return nil, err
		}
		lo, hi := pathRange(org.Path)
		q.add(` AND COALESCE(g.path, o.path) >= ` + q.arg(lo) + ` AND COALESCE(g.path, o.path) < ` + q.arg(hi))
	}
	q.scopeSelf(a, "COALESCE(g.path, o.path)", "p.id")
	q.add(` ORDER BY n.written_on DESC, n.id DESC`)
	return s.queryNotes(ctx, q, a)
}

// PersonStudyNotes are a person's notes of a year, newest first (the
// content for their own only).
func (s *Store) PersonStudyNotes(ctx context.Context, personID int64, year int) ([]zhibu.StudyNote, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return nil, err
	}
	from, to := yearRange(year)
	q := &query{}
	q.add(`SELECT n.id, n.person_id, n.session_id, n.written_on, n.title, n.content, n.minutes FROM study_notes n WHERE n.person_id = ` + q.arg(personID) +
		` AND n.written_on >= ` + q.arg(from) + ` AND n.written_on < ` + q.arg(to) + ` ORDER BY n.written_on DESC, n.id DESC`)
	return s.queryNotes(ctx, q, zhibu.ActorFrom(ctx))
}

func (s *Store) queryNotes(ctx context.Context, q *query, a zhibu.Actor) ([]zhibu.StudyNote, error) {
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("study notes: %w", err)
	}
	defer rows.Close()
	out := []zhibu.StudyNote{}
	for rows.Next() {
		var n zhibu.StudyNote
		if err := rows.Scan(&n.ID, &n.PersonID, idScan{&n.SessionID}, &n.WrittenOn, &n.Title, &n.Content, &n.Minutes); err != nil {
			return nil, fmt.Errorf("study notes: %w", err)
		}
		if n.PersonID != a.PersonID || a.PersonID == 0 {
			n.Content = ""
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// AddStudyNote stores a note the study service checked. Only the member
// may write their own notes.
func (s *Store) AddStudyNote(ctx context.Context, n zhibu.StudyNote) (zhibu.StudyNote, error) {
	a := zhibu.ActorFrom(ctx)
	if !a.Can(zhibu.PermOwn, "") && (a.PersonID == 0 || a.PersonID != n.PersonID) {
		return n, forbidden("代他人记录学习笔记")
	}
	p, err := s.Person(ctx, n.PersonID)
	if err != nil {
		return n, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO study_notes (person_id, session_id, written_on, title, content, minutes, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, n.PersonID, nullID(n.SessionID), n.WrittenOn, n.Title, n.Content, n.Minutes, s.stamp()).Scan(&n.ID); err != nil {
			return err
		}
		detail := p.Name + " " + n.WrittenOn.Chinese() + "《" + n.Title + "》"
		if n.SessionID == 0 {
			detail += "，自学" + zhibu.Hours(n.Minutes) + "学时"
		}
		return s.audit(ctx, tx, Event{Action: audit.StudyNote, ObjectType: "study_note", ObjectID: strconv.FormatInt(n.ID, 10), OrgPath: p.OrgPath,
			Result: "ok", Detail: detail})
	})
	if err != nil {
		return n, fmt.Errorf("add study note: %w", err)
	}
	return n, nil
}

// StudySummary is the branch's summary of a year; zhibu.ErrNotFound when
// there is none.
func (s *Store) StudySummary(ctx context.Context, orgID int64, year int) (zhibu.StudySummary, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return zhibu.StudySummary{}, err
	}
	sum := zhibu.StudySummary{OrgID: orgID, Year: year}
	err := s.db.QueryRowContext(ctx, `SELECT written_on, body FROM study_summaries WHERE org_id = $1 AND year = $2`, orgID, year).Scan(&sum.WrittenOn, &sum.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return sum, notFound("学习总结")
	}
	if err != nil {
		return sum, fmt.Errorf("study summary: %w", err)
	}
	return sum, nil
}

// SaveStudySummary stores the year's summary the study service checked,
// replacing an earlier text. The actor must hold study.write on the branch.
func (s *Store) SaveStudySummary(ctx context.Context, sum zhibu.StudySummary) error {
	if err := s.canOrg(ctx, zhibu.PermStudyWrite, sum.OrgID, "保存该组织的学习总结"); err != nil {
		return err
	}
	org, err := s.Org(ctx, sum.OrgID)
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE study_summaries SET written_on = $1, body = $2, updated_at = $3 WHERE org_id = $4 AND year = $5`,
			sum.WrittenOn, sum.Text, s.stamp(), sum.OrgID, sum.Year)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO study_summaries (org_id, year, written_on, body, updated_at) VALUES ($1, $2, $3, $4, $5)`,
				sum.OrgID, sum.Year, sum.WrittenOn, sum.Text, s.stamp()); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, Event{Action: audit.StudySummary, ObjectType: "study_summary", ObjectID: strconv.Itoa(sum.Year), OrgPath: org.Path,
			Result: "ok", Detail: strconv.Itoa(sum.Year) + "年度理论学习总结，" + sum.WrittenOn.Chinese()})
	})
	if err != nil {
		return fmt.Errorf("save study summary: %w", err)
	}
	return nil
}

// studyTalkFacts reads what the study and talk rules need of the orgs
// whose paths are in [lo, hi) for a year: plans, sessions with attendance,
// notes and summaries (no texts), the members, the talks (no content) and
// the supervisions in force in the year.
func (s *Store) studyTalkFacts(ctx context.Context, f *zhibu.Facts, lo, hi string, year int) error {
	from, to := yearRange(year)
	rows, err := s.db.QueryContext(ctx, `SELECT x.id, x.org_id, x.year, x.kind, x.issued_on FROM study_plans x JOIN orgs o ON o.id = x.org_id
		WHERE o.path >= $1 AND o.path < $2 AND x.year = $3`, lo, hi, year)
	if err != nil {
		return fmt.Errorf("facts study plans: %w", err)
	}
	for rows.Next() {
		var p zhibu.StudyPlan
		if err := rows.Scan(&p.ID, &p.OrgID, &p.Year, &p.Kind, &p.IssuedOn); err != nil {
			rows.Close()
			return err
		}
		f.StudyPlans = append(f.StudyPlans, p)
	}
	rows.Close()
	if f.StudySessions, err = s.studySessions(ctx, lo, hi, from, to); err != nil {
		return err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT n.id, n.person_id, n.session_id, n.written_on, n.minutes FROM study_notes n JOIN people p ON p.id = n.person_id
		JOIN orgs o ON o.id = p.org_id WHERE o.path >= $1 AND o.path < $2 AND n.written_on >= $3 AND n.written_on < $4 ORDER BY n.id`, lo, hi, from, to)
	if err != nil {
		return fmt.Errorf("facts study notes: %w", err)
	}
	for rows.Next() {
		var n zhibu.StudyNote
		if err := rows.Scan(&n.ID, &n.PersonID, idScan{&n.SessionID}, &n.WrittenOn, &n.Minutes); err != nil {
			rows.Close()
			return err
		}
		f.StudyNotes = append(f.StudyNotes, n)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT x.org_id, x.year, x.written_on FROM study_summaries x JOIN orgs o ON o.id = x.org_id
		WHERE o.path >= $1 AND o.path < $2 AND x.year = $3`, lo, hi, year)
	if err != nil {
		return fmt.Errorf("facts study summaries: %w", err)
	}
	for rows.Next() {
		var sum zhibu.StudySummary
		if err := rows.Scan(&sum.OrgID, &sum.Year, &sum.WrittenOn); err != nil {
			rows.Close()
			return err
		}
		f.StudySummaries = append(f.StudySummaries, sum)
	}
	rows.Close()
	// Members: admitted by the year's end and on the roster.
	rows, err = s.db.QueryContext(ctx, `SELECT p.id, p.name, p.org_id, p.admitted_on FROM people p JOIN orgs o ON o.id = p.org_id
		WHERE o.path >= $1 AND o.path < $2 AND p.admitted_on IS NOT NULL AND p.admitted_on < $3 AND p.left_on IS NULL ORDER BY p.id`, lo, hi, to)
	if err != nil {
		return fmt.Errorf("facts study members: %w", err)
	}
	for rows.Next() {
		var m zhibu.StudyMember
		if err := rows.Scan(&m.PersonID, &m.Name, &m.OrgID, &m.AdmittedOn); err != nil {
			rows.Close()
			return err
		}
		f.StudyMembers = append(f.StudyMembers, m)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT t.id, t.org_id, t.a_id, a.name, t.b_id, b.name, t.held_on FROM talks t JOIN orgs o ON o.id = t.org_id
		JOIN people a ON a.id = t.a_id JOIN people b ON b.id = t.b_id
		WHERE o.path >= $1 AND o.path < $2 AND t.held_on >= $3 AND t.held_on < $4 ORDER BY t.held_on, t.id`, lo, hi, from, to)
	if err != nil {
		return fmt.Errorf("facts talks: %w", err)
	}
	for rows.Next() {
		var t zhibu.Talk
		if err := rows.Scan(&t.ID, &t.OrgID, &t.AID, &t.AName, &t.BID, &t.BName, &t.HeldOn); err != nil {
			rows.Close()
			return err
		}
		f.Talks = append(f.Talks, t)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT v.id, v.org_id, v.supervisor_id, a.name, v.officer_id, b.name, v.start_on, v.end_on
		FROM supervisions v JOIN orgs o ON o.id = v.org_id JOIN people a ON a.id = v.supervisor_id JOIN people b ON b.id = v.officer_id
		WHERE o.path >= $1 AND o.path < $2 AND v.start_on < $3 AND (v.end_on IS NULL OR v.end_on > $4) AND b.left_on IS NULL ORDER BY v.id`, lo, hi, to, from)
	if err != nil {
		return fmt.Errorf("facts supervisions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v zhibu.Supervision
		if err := rows.Scan(&v.ID, &v.OrgID, &v.SupervisorID, &v.SupervisorName, &v.OfficerID, &v.OfficerName, &v.StartOn, &v.EndOn); err != nil {
			return err
		}
		f.Supervisions = append(f.Supervisions, v)
	}
	return rows.Err()
}

// PersonStudySessions are the sessions of a year a person attended, by day.
func (s *Store) PersonStudySessions(ctx context.Context, personID int64, year int) ([]zhibu.StudySession, error) {
	p, err := s.Person(ctx, personID)
	if err != nil {
		return nil, err
	}
	org, err := s.Org(system(ctx), p.OrgID)
	if err != nil {
		return nil, err
	}
	lo, hi := pathRange(org.Path)
	from, to := yearRange(year)
	all, err := s.studySessions(ctx, lo, hi, from, to)
	if err != nil {
		return nil, err
	}
	out := []zhibu.StudySession{}
	for _, x := range all {
		for _, id := range x.Present {
			if id == personID {
				out = append(out, x)
				break
			}
		}
	}
	return out, nil
}
