package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"zhibu"
	"zhibu/internal/audit"
)

// Event is one audited action: a write, a login, a failed login, a change
// of permissions, an unmasked view.
type Event struct {
	Action     audit.Action // declared in package audit; the trail stores its Name
	ObjectType string       // e.g. "person", "org", "account"
	ObjectID   string
	OrgPath    string // the org the object belongs to, so a branch's discipline officer can read its trail
	Result     string // "ok", "refused" or "failed"
	Detail     string // masked before/after, in Chinese
	// Anonymous records the event without its actor: no account, name or
	// address, and only its day (an anonymous letter or suggestion; see
	// docs/mailbox.md).
	Anonymous bool
}

// The audit trail is append-only: nothing in zhibu updates or deletes a
// row of audit_log, so it is kept for as long as the database is (the 180
// days of 等保 level 3 and more); there is no purge. Each row is chained to
// the one before by an HMAC-SM3 under the audit key (see package audit),
// and audit_head holds the last id and MAC.

// auditColumns are the columns of audit_log in the order scanAudit reads.
const auditColumns = `id, at, account_id, actor, address, action, object_type, object_id, org_path, result, detail, mac`

// Bounds on what an event may store; longer text is cut.
const (
	maxAuditField  = 500
	maxAuditDetail = 16 << 10
)

// forUpdate locks the rows a SELECT reads until the transaction ends. On
// SQLite the single write connection already serializes transactions.
func (d dialect) forUpdate() string {
	if d == postgres {
		return " FOR UPDATE"
	}
	return ""
}

// snapshot is a read-only transaction that sees one state of the database
// throughout: REPEATABLE READ on PostgreSQL, and on SQLite (WAL) any read
// transaction.
func (d dialect) snapshot() *sql.TxOptions {
	if d == postgres {
		return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	return &sql.TxOptions{ReadOnly: true}
}

// audit appends e to the audit trail inside tx, as the actor of ctx. A
// write that cannot be audited fails with it: the caller returns the error
// and its transaction is rolled back.
//
// The append locks the head of the chain until tx ends, so appends are
// serialized; call audit last in a transaction to hold the lock briefly.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, e Event) error {
	if e.Action.Name == "" {
		return errors.New("audit: event without an action")
	}
	switch e.Result {
	case audit.OK, audit.Refused, audit.Failed:
	default:
		return fmt.Errorf("audit %s: result %q is not ok, refused or failed", e.Action, e.Result)
	}
	var head audit.Head
	err := tx.QueryRowContext(ctx, `SELECT last_id, last_mac FROM audit_head WHERE id = 1`+s.dialect.forUpdate()).
		Scan(&head.LastID, &head.LastMAC)
	if err != nil {
		return fmt.Errorf("audit %s: read head: %w", e.Action, err)
	}
	a, at := zhibu.ActorFrom(ctx), s.stamp()
	if e.Anonymous {
		a, at = zhibu.Actor{Name: "匿名"}, s.today().Time()
	}
	r := audit.Record{
		ID:         head.LastID + 1,
		At:         at,
		AccountID:  a.AccountID,
		Actor:      auditText(a.Name, maxAuditField),
		Address:    auditText(a.Address, maxAuditField),
		Action:     auditText(e.Action.Name, maxAuditField),
		ObjectType: auditText(e.ObjectType, maxAuditField),
		ObjectID:   auditText(e.ObjectID, maxAuditField),
		OrgPath:    auditText(e.OrgPath, maxAuditField),
		Result:     e.Result,
		Detail:     auditText(e.Detail, maxAuditDetail),
	}
	r.MAC = audit.Chain(s.keys.Audit, head.LastMAC, r)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (`+auditColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		r.ID, r.At, nullID(r.AccountID), r.Actor, r.Address, r.Action, r.ObjectType, r.ObjectID, r.OrgPath, r.Result, r.Detail, r.MAC)
	if err != nil {
		return fmt.Errorf("audit %s: insert: %w", e.Action, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE audit_head SET last_id = $1, last_mac = $2 WHERE id = 1 AND last_id = $3`,
		r.ID, r.MAC, head.LastID)
	if err != nil {
		return fmt.Errorf("audit %s: update head: %w", e.Action, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("audit %s: the head moved during the append (%d rows, %v)", e.Action, n, err)
	}
	return nil
}

// auditText is s as the trail keeps it: valid UTF-8 without NUL (which
// PostgreSQL refuses in text), at most max bytes.
func auditText(s string, max int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) <= max {
		return s
	}
	const more = "…（已截断）"
	cut := max - len(more)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + more
}

// Audit appends e to the audit trail in a transaction of its own (logins,
// unmasked views).
func (s *Store) Audit(ctx context.Context, e Event) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.audit(ctx, tx, e) })
}

// AuditFilter selects audit records. Empty fields select everything.
type AuditFilter struct {
	From, To   time.Time // records at or after From and before To; zero for no bound
	Actor      string    // the actor's name, exactly
	Action     string    // an action, or the start of one ("person." or "login")
	Result     string    // "ok", "refused" or "failed"
	ObjectType string
	ObjectID   string
	OrgPath    string // the subtree of the org with this path ("/1/5/")
	Limit      int    // at most this many records (100 when 0, at most 10,000)
	Offset     int
}

// AuditRecords returns the records that f selects, newest first, and how
// many there are in all. The actor needs zhibu.PermAuditRead: system-wide
// (the audit administrator) for the whole trail, else for the subtrees
// where they hold it (a branch's discipline officer reads the branch's
// records; records of no org, such as logins, are the administrator's).
// Without it: zhibu.ErrForbidden.
func (s *Store) AuditRecords(ctx context.Context, f AuditFilter) ([]audit.Record, int, error) {
	q := (&query{}).add(" WHERE 1=1")
	if err := auditScope(q, zhibu.ActorFrom(ctx), "org_path"); err != nil {
		return nil, 0, err
	}
	if !f.From.IsZero() {
		q.add(" AND at >= " + q.arg(f.From.UTC()))
	}
	if !f.To.IsZero() {
		q.add(" AND at < " + q.arg(f.To.UTC()))
	}
	if f.Actor != "" {
		q.add(" AND actor = " + q.arg(f.Actor))
	}
	if f.Action != "" {
		q.add(" AND action LIKE " + q.arg(likeEscape(f.Action)+"%") + ` ESCAPE '\'`)
	}
	if f.Result != "" {
		q.add(" AND result = " + q.arg(f.Result))
	}
	if f.ObjectType != "" {
		q.add(" AND object_type = " + q.arg(f.ObjectType))
	}
	if f.ObjectID != "" {
		q.add(" AND object_id = " + q.arg(f.ObjectID))
	}
	if f.OrgPath != "" {
		if !strings.HasPrefix(f.OrgPath, "/") || !strings.HasSuffix(f.OrgPath, "/") {
			return nil, 0, zhibu.Errorf(zhibu.ErrInvalid, "组织路径“"+f.OrgPath+"”无效")
		}
		lo, hi := pathRange(f.OrgPath)
		q.add(" AND org_path >= " + q.arg(lo) + " AND org_path < " + q.arg(hi))
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+q.String(), q.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("audit records: count: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 10000)
	q.add(" ORDER BY id DESC LIMIT " + q.arg(limit) + " OFFSET " + q.arg(max(f.Offset, 0)))
	rows, err := s.db.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log`+q.String(), q.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("audit records: %w", err)
	}
	defer rows.Close()
	var out []audit.Record
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("audit records: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("audit records: %w", err)
	}
	return out, total, nil
}

// auditScope restricts a path column to the subtrees where the actor may
// read the audit trail; a system-wide grant adds nothing.
func auditScope(q *query, a zhibu.Actor, pathCol string) error {
	if a.Can(zhibu.PermAuditRead, "") {
		return nil
	}
	var conds []string
	for _, g := range a.Grants {
		if g.Perm == zhibu.PermAuditRead && g.Path != "" {
			lo, hi := pathRange(g.Path)
			conds = append(conds, "("+pathCol+" >= "+q.arg(lo)+" AND "+pathCol+" < "+q.arg(hi)+")")
		}
	}
	if len(conds) == 0 {
		return zhibu.Errorf(zhibu.ErrForbidden, "无权查看审计记录")
	}
	q.add(" AND (" + strings.Join(conds, " OR ") + ")")
	return nil
}

// scanAudit reads a row of auditColumns. A time that cannot be read (a row
// edited by hand) is left zero, so that the row fails verification rather
// than the reading.
func scanAudit(rows *sql.Rows) (audit.Record, error) {
	var r audit.Record
	var t any
	err := rows.Scan(&r.ID, &t, idScan{&r.AccountID}, textScan{&r.Actor}, textScan{&r.Address}, textScan{&r.Action},
		textScan{&r.ObjectType}, textScan{&r.ObjectID}, textScan{&r.OrgPath}, textScan{&r.Result}, textScan{&r.Detail},
		textScan{&r.MAC})
	if err != nil {
		return r, err
	}
	var ts timeScan
	if ts.Scan(t) == nil {
		r.At = ts.t.UTC()
	}
	return r, nil
}

// AuditOrg is an org as the audit pages name it.
type AuditOrg struct {
	Code  string
	Name  string
	Path  string
	Depth int
}

// AuditOrgFilter selects orgs for the audit pages.
type AuditOrgFilter struct {
	Code  string   // the org with this code
	Paths []string // the orgs with these paths
	Limit int      // at most this many (all when 0)
}

// AuditOrgs returns the orgs f selects among those whose audit trail the
// actor may read, in tree order: to resolve a code typed in a filter, to
// name the orgs of the records on a page, to offer a list. An actor
// without zhibu.PermAuditRead gets zhibu.ErrForbidden.
func (s *Store) AuditOrgs(ctx context.Context, f AuditOrgFilter) ([]AuditOrg, error) {
	q := (&query{}).add(`SELECT code, name, path, depth FROM orgs WHERE 1=1`)
	if err := auditScope(q, zhibu.ActorFrom(ctx), "path"); err != nil {
		return nil, err
	}
	if f.Code != "" {
		q.add(" AND code = " + q.arg(f.Code))
	}
	if f.Paths != nil {
		if len(f.Paths) == 0 {
			return nil, nil
		}
		q.add(" AND path IN (" + argList(q, f.Paths) + ")")
	}
	q.add(" ORDER BY path")
	if f.Limit > 0 {
		q.add(" LIMIT " + q.arg(f.Limit))
	}
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("audit orgs: %w", err)
	}
	defer rows.Close()
	var out []AuditOrg
	for rows.Next() {
		var o AuditOrg
		if err := rows.Scan(&o.Code, &o.Name, &o.Path, &o.Depth); err != nil {
			return nil, fmt.Errorf("audit orgs: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// VerifyAudit checks the whole audit trail, reading it row by row in id
// order in one snapshot of the database (appends may go on meanwhile). It
// returns how many records verified before the first problem (all of them
// when there is none) and the first problem. Only a system-wide reader of
// the trail (the audit administrator, the system's own commands) may run
// it: others get zhibu.ErrForbidden.
func (s *Store) VerifyAudit(ctx context.Context) (checked int, first *audit.Problem, err error) {
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermAuditRead, "") {
		return 0, nil, zhibu.Errorf(zhibu.ErrForbidden, "无权校验审计记录")
	}
	tx, err := s.db.BeginTx(ctx, s.dialect.snapshot())
	if err != nil {
		return 0, nil, fmt.Errorf("verify audit: %w", err)
	}
	defer tx.Rollback()
	var head audit.Head
	err = tx.QueryRowContext(ctx, `SELECT last_id, last_mac FROM audit_head WHERE id = 1`).Scan(&head.LastID, &head.LastMAC)
	if errors.Is(err, sql.ErrNoRows) {
		head.Missing = true // deleted: audit.Verify names it
	} else if err != nil {
		return 0, nil, fmt.Errorf("verify audit: head: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY id`)
	if err != nil {
		return 0, nil, fmt.Errorf("verify audit: %w", err)
	}
	defer rows.Close()
	records := func(yield func(audit.Record, error) bool) {
		for rows.Next() {
			r, err := scanAudit(rows)
			if !yield(r, err) || err != nil {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(audit.Record{}, err)
		}
	}
	checked, first, err = audit.Verify(s.keys.Audit, head, records)
	if err != nil {
		return checked, nil, fmt.Errorf("verify audit: %w", err)
	}
	return checked, first, nil
}
