package store

import (
	"context"
	"fmt"
)

// Written is one audited write as ChangesSince reports it: its action and
// the org it was about (the path of the org, or of the person's org).
type Written struct {
	Action  string
	OrgPath string
}

// ChangesSince tells a cache what was written after mark: it returns the
// head of the audit trail now and, when at most limit records were appended
// since mark, their actions and orgs (complete is then true). Every write
// of a record is audited in its own transaction, so anything computed from
// the records after reading a head (the findings of a subtree) holds for as
// long as the records appended since touch nothing it read — which the
// caller decides from their actions and orgs (a login changes no record; a
// meeting changes its branch's findings only).
//
// It reveals nothing of the records but their action names and org paths,
// so it needs no permission. A mark of 0 asks for the head alone.
func (s *Store) ChangesSince(ctx context.Context, mark int64, limit int) (head int64, written []Written, complete bool, err error) {
	if err := s.db.QueryRowContext(ctx, `SELECT last_id FROM audit_head WHERE id = 1`).Scan(&head); err != nil {
		return 0, nil, false, fmt.Errorf("changes: %w", err)
	}
	if mark <= 0 || head <= mark || head-mark > int64(limit) {
		return head, nil, head == mark, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT action, org_path FROM audit_log WHERE id > $1 AND id <= $2 ORDER BY id`, mark, head)
	if err != nil {
		return 0, nil, false, fmt.Errorf("changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var w Written
		if err := rows.Scan(&w.Action, textScan{&w.OrgPath}); err != nil {
			return 0, nil, false, fmt.Errorf("changes: %w", err)
		}
		written = append(written, w)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, false, fmt.Errorf("changes: %w", err)
	}
	return head, written, int64(len(written)) == head-mark, nil
}
