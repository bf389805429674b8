package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"zhibu"
)

// lifeFacts reads, for the members of the branches in a path range as of
// f.AsOf, the last held meeting each attended or was excused from, and for
// each branch the first held meeting (its own or its groups') with
// recorded attendance (member.self_withdrawal).
func (s *Store) lifeFacts(ctx context.Context, f *zhibu.Facts, lo, hi string) error {
	asOf := f.AsOf
	end := asOf.AddDays(1).Time()
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.name, p.org_id,
		(SELECT ms.start_on FROM memberships ms WHERE ms.person_id = p.id AND ms.end_on IS NULL)
		FROM people p JOIN orgs o ON o.id = p.org_id
		WHERE o.path >= $1 AND o.path < $2 AND o.kind = 'branch' AND p.admitted_on IS NOT NULL AND p.admitted_on <= $3
			AND (p.left_on IS NULL OR p.left_on > $3)
		ORDER BY p.org_id, p.id`, lo, hi, asOf)
	if err != nil {
		return fmt.Errorf("facts life: %w", err)
	}
	defer rows.Close()
	at := map[int64]int{}
	for rows.Next() {
		var l zhibu.MemberLife
		var since zhibu.Date
		if err := rows.Scan(&l.PersonID, &l.Name, &l.OrgID, &since); err != nil {
			return fmt.Errorf("facts life: %w", err)
		}
		l.Since = since
		at[l.PersonID] = len(f.Life)
		f.Life = append(f.Life, l)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("facts life: %w", err)
	}
	rows.Close()
	if err := s.lastLife(ctx, f, at, lo, hi, end); err != nil {
		return err
	}
	// The first meeting of each branch and group of the range, by org
	// (the index meetings_org), a group's counted for its branch in Go: a
	// join of each meeting to its org or its org's parent (ON ... OR ...),
	// and a grouped query bounded only by the day, made SQLite read every
	// meeting of the database on each check, and the matrix checks branch
	// by branch.
	kept, err := s.db.QueryContext(ctx, `SELECT mo.id, mo.kind, mo.parent_id,
		(SELECT MIN(m.starts_at) FROM meetings m WHERE m.org_id = mo.id AND m.status = 'held' AND m.voided_at IS NULL AND m.starts_at < $3
			AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id))
		FROM orgs mo WHERE mo.path >= $1 AND mo.path < $2 AND mo.kind IN ('branch', 'group')`, lo, hi, end.UTC())
	if err != nil {
		return fmt.Errorf("facts life kept: %w", err)
	}
	defer kept.Close()
	branches := map[int64]bool{}
	for _, o := range f.Orgs {
		if o.Kind == zhibu.KindBranch {
			branches[o.ID] = true
		}
	}
	f.LifeKept = map[int64]zhibu.Date{}
	for kept.Next() {
		var id int64
		var kind zhibu.OrgKind
		var parent sql.NullInt64
		var first time.Time
		if err := kept.Scan(&id, &kind, &parent, nullTime{&first}); err != nil {
			return fmt.Errorf("facts life kept: %w", err)
		}
		if kind == zhibu.KindGroup {
			id = parent.Int64
		}
		if !branches[id] || first.IsZero() {
			continue
		}
		d := zhibu.DateOf(first.In(zhibu.DefaultZone))
		if k, ok := f.LifeKept[id]; !ok || d.Before(k) {
			f.LifeKept[id] = d
		}
	}
	return kept.Err()
}

// lifeWindowMonths is how far back lastLife first looks for a member's
// last meeting among the meetings of the range: longer than any
// absent_months member.self_withdrawal may ask (6 nationally; a layer may
// only lower it), so that the rule judges every member alike either way.
const lifeWindowMonths = 13

// lastLife sets each member's Last (f.Life, placed by at): the day of the
// last held meeting before end they attended or were excused from. It
// reads the held meetings of the range's orgs of the last lifeWindowMonths
// with their attendance in one grouped query, in the order of the
// meetings (SQLite reads attendance by its key, the meeting), instead of
// every member's meetings of all time one member at a time (the matrix's
// hot spot at M: store.Facts spent most of its time there). For the
// members not found there (none that recent in the range: absent, new, or
// attending another branch's meetings), their last meeting of all time
// anywhere is read as before, member by member.
func (s *Store) lastLife(ctx context.Context, f *zhibu.Facts, at map[int64]int, lo, hi string, end time.Time) error {
	if len(at) == 0 {
		return nil
	}
	from := end.AddDate(0, -lifeWindowMonths, 0)
	rows, err := s.db.QueryContext(ctx, `SELECT a.person_id, MAX(m.starts_at) FROM meetings m JOIN orgs o ON o.id = m.org_id
		JOIN attendance a ON a.meeting_id = m.id
		WHERE o.path >= $1 AND o.path < $2 AND m.starts_at >= $3 AND m.starts_at < $4 AND m.status = 'held' AND m.voided_at IS NULL
			AND a.status IN ('present', 'excused')
		GROUP BY a.person_id`, lo, hi, from.UTC(), end.UTC())
	if err != nil {
		return fmt.Errorf("facts life: %w", err)
	}
	defer rows.Close()
	found := map[int64]bool{}
	for rows.Next() {
		var id int64
		var last time.Time
		if err := rows.Scan(&id, nullTime{&last}); err != nil {
			return fmt.Errorf("facts life: %w", err)
		}
		if i, ok := at[id]; ok && !last.IsZero() {
			f.Life[i].Last = zhibu.DateOf(last.In(zhibu.DefaultZone))
			found[id] = true
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("facts life: %w", err)
	}
	rows.Close()
	var rest []int64
	for _, l := range f.Life {
		if !found[l.PersonID] {
			rest = append(rest, l.PersonID)
		}
	}
	if len(rest) == 0 {
		return nil
	}
	// A few members are read by their ids; many (a database that keeps
	// attendance for few meetings) in one statement over the range, as
	// SQLite then indexes attendance by person once.
	q := &query{}
	last := `(SELECT MAX(m.starts_at) FROM attendance a JOIN meetings m ON m.id = a.meeting_id
		WHERE a.person_id = p.id AND a.status IN ('present', 'excused') AND m.status = 'held' AND m.voided_at IS NULL AND m.starts_at < ` + q.arg(end.UTC()) + `)`
	if len(rest) <= 500 {
		q.add(`SELECT p.id, ` + last + ` FROM people p WHERE p.id IN (` + q.list(rest) + `)`)
	} else {
		q.add(`SELECT p.id, ` + last + ` FROM people p JOIN orgs o ON o.id = p.org_id WHERE o.path >= ` + q.arg(lo) + ` AND o.path < ` + q.arg(hi) +
			` AND o.kind = 'branch' AND p.admitted_on IS NOT NULL`)
	}
	rows, err = s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return fmt.Errorf("facts life: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t time.Time
		if err := rows.Scan(&id, nullTime{&t}); err != nil {
			return fmt.Errorf("facts life: %w", err)
		}
		if i, ok := at[id]; ok && !found[id] && !t.IsZero() {
			f.Life[i].Last = zhibu.DateOf(t.In(zhibu.DefaultZone))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("facts life: %w", err)
	}
	return nil
}
