package store

import (
	"context"
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
		(SELECT ms.start_on FROM memberships ms WHERE ms.person_id = p.id AND ms.end_on IS NULL),
		(SELECT MAX(m.starts_at) FROM attendance a JOIN meetings m ON m.id = a.meeting_id
			WHERE a.person_id = p.id AND a.status IN ('present', 'excused') AND m.status = 'held' AND m.voided_at IS NULL AND m.starts_at < $4)
		FROM people p JOIN orgs o ON o.id = p.org_id
		WHERE o.path >= $1 AND o.path < $2 AND o.kind = 'branch' AND p.admitted_on IS NOT NULL AND p.admitted_on <= $3
			AND (p.left_on IS NULL OR p.left_on > $3)
		ORDER BY p.org_id, p.id`, lo, hi, asOf, end.UTC())
	if err != nil {
		return fmt.Errorf("facts life: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l zhibu.MemberLife
		var since zhibu.Date
		var last time.Time
		if err := rows.Scan(&l.PersonID, &l.Name, &l.OrgID, &since, nullTime{&last}); err != nil {
			return fmt.Errorf("facts life: %w", err)
		}
		l.Since = since
		if !last.IsZero() {
			l.Last = zhibu.DateOf(last.In(zhibu.DefaultZone))
		}
		f.Life = append(f.Life, l)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("facts life: %w", err)
	}
	rows.Close()
	kept, err := s.db.QueryContext(ctx, `SELECT b.id, MIN(m.starts_at)
		FROM meetings m JOIN orgs mo ON mo.id = m.org_id JOIN orgs b ON b.id = mo.id OR b.id = mo.parent_id
		WHERE b.kind = 'branch' AND b.path >= $1 AND b.path < $2 AND m.status = 'held' AND m.voided_at IS NULL AND m.starts_at < $3
			AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id)
		GROUP BY b.id`, lo, hi, end.UTC())
	if err != nil {
		return fmt.Errorf("facts life kept: %w", err)
	}
	defer kept.Close()
	f.LifeKept = map[int64]zhibu.Date{}
	for kept.Next() {
		var id int64
		var first time.Time
		if err := kept.Scan(&id, nullTime{&first}); err != nil {
			return fmt.Errorf("facts life kept: %w", err)
		}
		if !first.IsZero() {
			f.LifeKept[id] = zhibu.DateOf(first.In(zhibu.DefaultZone))
		}
	}
	return kept.Err()
}
