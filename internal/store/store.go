// Package store keeps zhibu's records in SQLite (embedded, the default) or
// PostgreSQL. It is the only package with SQL in it. Queries are written
// once in SQL both engines accept ($1 placeholders, RETURNING, ON CONFLICT);
// the few real differences sit in dialect.
package store

import (
	"container/list"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"zhibu"
	"zhibu/internal/secret"
)

// Store is an open database. Reads go through db; writes through wdb, which
// on SQLite is a single connection (one writer) and on PostgreSQL is db.
type Store struct {
	keys    Keys
	box     *secret.Box
	path    string // the SQLite file, "" on PostgreSQL
	db      *readDB
	wdb     *sql.DB
	dialect dialect
	now     func() time.Time
	// stmts are the read statements prepared once on db (stmtCache).
	stmts stmtCache
}

// Keys are the secrets the store needs, kept outside the database: Data
// encrypts sensitive fields and keys their search hashes; Audit chains the
// audit trail. Both must be set.
type Keys struct {
	Data, Audit secret.Key
}

// Open opens the database a DSN names: a postgres:// or postgresql:// URL,
// or else the path of a SQLite file (created if missing). It does not
// migrate; call Migrate.
func Open(ctx context.Context, dsn string, keys Keys) (*Store, error) {
	if dsn == "" {
		return nil, errors.New("store: empty DSN")
	}
	if keys.Data == (secret.Key{}) || keys.Audit == (secret.Key{}) || keys.Data == keys.Audit {
		return nil, errors.New("store: the data and audit keys must be set and differ")
	}
	box, err := secret.NewBox(keys.Data)
	if err != nil {
		return nil, err
	}
	s := &Store{now: time.Now, keys: keys, box: box}
	if isPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
		s.db, s.wdb, s.dialect = &readDB{DB: db}, db, postgres
	} else {
		if dir := filepath.Dir(dsn); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
		}
		uri := "file:" + dsn + "?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
			"&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
		db, err := sql.Open("sqlite", uri)
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		// Four readers (WAL lets them read beside the writer), all kept
		// open: with database/sql's default of two idle, a connection
		// returned beyond two was closed and the next reader opened one
		// again (pragmas, statements prepared again); see
		// docs/performance.md and BenchmarkReadTail.
		db.SetMaxOpenConns(4)
		db.SetMaxIdleConns(4)
		wdb, err := sql.Open("sqlite", uri+"&_txlock=immediate")
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		wdb.SetMaxOpenConns(1)
		s.db, s.wdb, s.dialect, s.path = &readDB{DB: db, stmts: &s.stmts}, wdb, sqlite, dsn
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	return s, nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Close closes the database.
func (s *Store) Close() error {
	s.stmts.close()
	err := s.db.Close()
	if s.wdb != s.db.DB {
		err = errors.Join(err, s.wdb.Close())
	}
	return err
}

// SQLitePath is the database file of a SQLite store.
func (s *Store) SQLitePath() (string, bool) { return s.path, s.dialect == sqlite }

// Engine names the database engine: "sqlite" or "postgres".
func (s *Store) Engine() string { return string(s.dialect) }

// SetClock replaces the store's clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Now is the store's clock: the services' clock unless they are given one.
func (s *Store) Now() time.Time { return s.now() }

func (s *Store) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// today is the calendar date in China for records dated by the store.
func (s *Store) today() zhibu.Date { return zhibu.Today(s.now()) }

// dialect is what differs between the engines outside the migrations.
type dialect string

const (
	sqlite   dialect = "sqlite"
	postgres dialect = "postgres"
)

// isUniqueViolation reports whether err is a unique constraint failure.
func (d dialect) isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// tx runs fn in a write transaction, rolling back on error or panic.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// query builds SQL with numbered placeholders, so that conditions can be
// added in any order.
type query struct {
	sb   strings.Builder
	args []any
}

// arg adds a value and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *query) add(sql string) *query { q.sb.WriteString(sql); return q }

// list adds the ids and returns their placeholders, comma-separated, for
// an IN list.
func (q *query) list(ids []int64) string { return argList(q, ids) }

// argList adds the values to q and returns their placeholders,
// comma-separated, for an IN list.
func argList[T any](q *query, vs []T) string {
	ps := make([]string, len(vs))
	for i, v := range vs {
		ps[i] = q.arg(v)
	}
	return strings.Join(ps, ", ")
}

func (q *query) String() string { return q.sb.String() }

// scope adds the condition that restricts an org path column to the
// actor's scope. Every list query passes through it.
func (q *query) scope(a zhibu.Actor, pathCol string) { q.scopeSelf(a, pathCol, "") }

// scopeSelf is scope for a query of people: personCol names the person id
// column, which the actor's own record (Scope.Self) also lets through.
func (q *query) scopeSelf(a zhibu.Actor, pathCol, personCol string) {
	if a.Scope.All {
		return
	}
	var conds []string
	for _, p := range a.Scope.Paths {
		lo, hi := pathRange(p)
		conds = append(conds, "("+pathCol+" >= "+q.arg(lo)+" AND "+pathCol+" < "+q.arg(hi)+")")
	}
	if personCol != "" && a.Scope.Self != 0 {
		conds = append(conds, personCol+" = "+q.arg(a.Scope.Self))
	}
	if len(conds) == 0 {
		q.add(" AND 1=0")
		return
	}
	q.add(" AND (" + strings.Join(conds, " OR ") + ")")
}

// pathRange is the half-open range of paths in the subtree of path p: every
// path that starts with "/1/5/" lies in ["/1/5/", "/1/50"), because '0'
// follows '/'. Range conditions use the plain index on both engines.
func pathRange(p string) (lo, hi string) {
	return p, p[:len(p)-1] + "0"
}

// nullID is NULL for 0 and the id otherwise.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idScan reads a nullable id as 0.
type idScan struct{ v *int64 }

func (n idScan) Scan(src any) error {
	var x sql.NullInt64
	if err := x.Scan(src); err != nil {
		return err
	}
	*n.v = x.Int64
	return nil
}

// textScan reads a nullable text as "".
type textScan struct{ v *string }

func (n textScan) Scan(src any) error {
	var x sql.NullString
	if err := x.Scan(src); err != nil {
		return err
	}
	*n.v = x.String
	return nil
}

func notFound(what string) error {
	return zhibu.Errorf(zhibu.ErrNotFound, "未找到该"+what)
}

// timeScan reads a timestamp that SQLite returns as text and PostgreSQL as
// a time.Time.
type timeScan struct{ t time.Time }

func (t *timeScan) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		t.t = v
		return nil
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05"} {
			if x, err := time.Parse(layout, v); err == nil {
				t.t = x
				return nil
			}
		}
		return fmt.Errorf("bad timestamp %q", v)
	case []byte:
		return t.Scan(string(v))
	}
	return fmt.Errorf("cannot scan %T into a time", src)
}

// stmtCache keeps prepared read statements: preparing a statement again on
// each call cost about a third of a token check, and SQLite's parser a
// third of a branch calendar's CPU at M (its facts are some thirty
// queries). database/sql prepares a statement again on each connection of
// the pool as it needs to. A text is prepared the second time it is read
// (a text built for one call, an IN list, never is), and the cache keeps
// the maxStmts texts used last: a statement dropped is closed once the
// calls using it have returned (database/sql closes it on a connection
// once its rows are done).
type stmtCache struct {
	mu     sync.Mutex
	m      map[string]*cachedStmt
	lru    list.List // of *cachedStmt, the most recently used first
	seen   map[string]bool
	closed bool
}

type cachedStmt struct {
	text  string
	st    *sql.Stmt
	el    *list.Element
	users sync.WaitGroup // calls between get and done
}

const (
	maxStmts = 256
	maxSeen  = 4096
)

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.m {
		e.st.Close()
	}
	c.m, c.seen, c.closed = nil, nil, true
	c.lru.Init()
}

// get is the statement of text prepared on db, in use until its users'
// Done; nil when the text is read for the first time or could not be
// prepared (the caller queries without it, which reports any error).
func (c *stmtCache) get(ctx context.Context, db *sql.DB, text string) *cachedStmt {
	c.mu.Lock()
	if e, ok := c.m[text]; ok {
		e.users.Add(1)
		c.lru.MoveToFront(e.el)
		c.mu.Unlock()
		return e
	}
	if c.closed || !c.seen[text] {
		if !c.closed {
			if c.seen == nil || len(c.seen) >= maxSeen {
				c.seen = map[string]bool{}
			}
			c.seen[text] = true
		}
		c.mu.Unlock()
		return nil
	}
	c.mu.Unlock()
	st, err := db.PrepareContext(ctx, text)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		st.Close()
		return nil
	}
	if e, ok := c.m[text]; ok {
		st.Close()
		e.users.Add(1)
		c.lru.MoveToFront(e.el)
		return e
	}
	if c.m == nil {
		c.m = map[string]*cachedStmt{}
	}
	e := &cachedStmt{text: text, st: st}
	e.el = c.lru.PushFront(e)
	c.m[text] = e
	e.users.Add(1)
	for len(c.m) > maxStmts {
		old := c.lru.Back().Value.(*cachedStmt)
		c.lru.Remove(old.el)
		delete(c.m, old.text)
		go func() {
			old.users.Wait()
			old.st.Close()
		}()
	}
	return e
}

// readDB is the read pool. On SQLite its queries go through the store's
// prepared statements (stmtCache); on PostgreSQL pgx keeps the statements
// of each connection itself.
type readDB struct {
	*sql.DB
	stmts *stmtCache // nil: no statements kept here
}

// QueryContext is sql.DB's, through a prepared statement when kept.
func (r *readDB) QueryContext(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	if r.stmts != nil {
		if e := r.stmts.get(ctx, r.DB, text); e != nil {
			defer e.users.Done()
			return e.st.QueryContext(ctx, args...)
		}
	}
	return r.DB.QueryContext(ctx, text, args...)
}

// QueryRowContext is sql.DB's, through a prepared statement when kept.
func (r *readDB) QueryRowContext(ctx context.Context, text string, args ...any) *sql.Row {
	if r.stmts != nil {
		if e := r.stmts.get(ctx, r.DB, text); e != nil {
			defer e.users.Done()
			return e.st.QueryRowContext(ctx, args...)
		}
	}
	return r.DB.QueryRowContext(ctx, text, args...)
}

// queryRow is s.db.QueryRowContext through a prepared statement on both
// engines (the reads every request makes).
func (s *Store) queryRow(ctx context.Context, text string, args ...any) rowScanner {
	if e := s.stmts.get(ctx, s.db.DB, text); e != nil {
		defer e.users.Done()
		return e.st.QueryRowContext(ctx, args...)
	}
	return s.db.DB.QueryRowContext(ctx, text, args...)
}

// queryRows is s.db.QueryContext through a prepared statement on both
// engines.
func (s *Store) queryRows(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	if e := s.stmts.get(ctx, s.db.DB, text); e != nil {
		defer e.users.Done()
		return e.st.QueryContext(ctx, args...)
	}
	return s.db.DB.QueryContext(ctx, text, args...)
}

type rowScanner interface{ Scan(...any) error }
