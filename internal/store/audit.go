package store

import (
	"context"
	"database/sql"
)

// Event is one audited action: a write, a login, a failed login, a change
// of permissions, an unmasked view.
type Event struct {
	Action     string // e.g. "person.update", "login", "login.failed", "person.view_unmasked"
	ObjectType string // e.g. "person", "org", "account"
	ObjectID   string
	OrgPath    string // the org the object belongs to, so a branch's discipline officer can read its trail
	Result     string // "ok", "refused" or "failed"
	Detail     string // masked before/after, in Chinese
}

// audit appends e to the audit trail inside tx, as the actor of ctx. A
// write that cannot be audited fails with it.
//
// TODO(audit): the HMAC-SM3 chain; this placeholder is replaced by the
// audit trail's implementation.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, e Event) error {
	return nil
}

// Audit appends e to the audit trail in a transaction of its own (logins,
// unmasked views).
func (s *Store) Audit(ctx context.Context, e Event) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.audit(ctx, tx, e) })
}
