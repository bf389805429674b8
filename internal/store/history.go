package store

import (
	"context"
	"fmt"

	"zhibu"
)

// OrgsOn is the org (branch or committee, not the group) each of the
// people ids belonged to on day, read from their membership history (a
// membership that ends on day no longer counts, as for the attendees
// expected that day); a person who belonged nowhere that day, or whose
// org that day the actor's scope does not cover, is left out. Checks of a
// record with a date (a committee's seats on its election day) read this,
// not the person's current org.
func (s *Store) OrgsOn(ctx context.Context, day zhibu.Date, ids []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(ids))
	const batch = 500
	for start := 0; start < len(ids); start += batch {
		q := &query{}
		q.add(`SELECT m.person_id, m.org_id FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.person_id IN (` +
			q.list(ids[start:min(start+batch, len(ids))]) + `) AND m.start_on <= ` + q.arg(day) +
			` AND (m.end_on IS NULL OR m.end_on > ` + q.arg(day) + `)`)
		q.scope(zhibu.ActorFrom(ctx), "o.path")
		rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return nil, fmt.Errorf("orgs on %s: %w", day, err)
		}
		for rows.Next() {
			var id, org int64
			if err := rows.Scan(&id, &org); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = org
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
