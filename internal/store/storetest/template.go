package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"zhibu/internal/store"
)

// A Template is a database filled once per test binary and engine, and
// copied for each test that asks for it: a test gets its own database as
// if it had filled it itself, without paying for the filling again.
// SQLite copies the file; PostgreSQL makes a database from a template
// database (CREATE DATABASE … TEMPLATE), which copies its pages.
type Template struct {
	name string
	fill func(context.Context, *store.Store) error

	sqliteOnce sync.Once
	sqliteDB   []byte // the filled database file (and its WAL, if any)
	sqliteWAL  []byte
	sqliteErr  error

	pgOnce sync.Once
	pgName string
	pgErr  error
}

// NewTemplate is a template named name (for messages and database names),
// filled by fill on a freshly migrated database.
func NewTemplate(name string, fill func(context.Context, *store.Store) error) *Template {
	return &Template{name: name, fill: fill}
}

// SQLite opens a copy of the template's SQLite database.
func (t *Template) SQLite(tb testing.TB) *store.Store {
	tb.Helper()
	t.sqliteOnce.Do(func() { t.sqliteDB, t.sqliteWAL, t.sqliteErr = t.buildSQLite() })
	if t.sqliteErr != nil {
		tb.Fatalf("template %s (sqlite): %v", t.name, t.sqliteErr)
	}
	path := SQLitePath(tb)
	if err := os.WriteFile(path, t.sqliteDB, 0o600); err != nil {
		tb.Fatal(err)
	}
	if t.sqliteWAL != nil {
		if err := os.WriteFile(path+"-wal", t.sqliteWAL, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	return open(tb, path)
}

func (t *Template) buildSQLite() (db, wal []byte, err error) {
	dir, err := os.MkdirTemp("", "zhibu-template-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "zhibu.db")
	if err := t.build(path); err != nil {
		return nil, nil, err
	}
	if db, err = os.ReadFile(path); err != nil {
		return nil, nil, err
	}
	wal, err = os.ReadFile(path + "-wal")
	if errors.Is(err, os.ErrNotExist) {
		return db, nil, nil
	}
	return db, wal, err
}

// build migrates and fills the database at dsn, then closes it.
func (t *Template) build(dsn string) error {
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, Keys)
	if err != nil {
		return err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return err
	}
	if t.fill != nil {
		if err := t.fill(ctx, s); err != nil {
			s.Close()
			return err
		}
	}
	return s.Close()
}

// Postgres opens a new PostgreSQL database copied from the template's, or
// skips the test (fails it under CI) when ZHIBU_TEST_POSTGRES is not set.
func (t *Template) Postgres(tb testing.TB) *store.Store {
	tb.Helper()
	return open(tb, t.PostgresDSN(tb))
}

// PostgresDSN makes a new PostgreSQL database copied from the template's
// and returns its DSN, for a test that opens it its own way; the database
// is dropped when the test ends.
func (t *Template) PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := postgresBase(tb)
	t.pgOnce.Do(func() { t.pgName, t.pgErr = t.buildPostgres(base) })
	if t.pgErr != nil {
		tb.Fatalf("template %s (postgres): %v", t.name, t.pgErr)
	}
	return copyDatabase(tb, base, t.pgName)
}

// Each runs fn as a subtest on a copy of the template on every engine.
func (t *Template) Each(tt *testing.T, fn func(t *testing.T, s *store.Store)) {
	tt.Run("sqlite", func(st *testing.T) { fn(st, t.SQLite(st)) })
	tt.Run("postgres", func(st *testing.T) { fn(st, t.Postgres(st)) })
}

// buildPostgres makes this process's template database. Its name carries
// the process id, so a later run drops the templates of processes that
// have ended (their fill may have been other code).
func (t *Template) buildPostgres(base string) (string, error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	go dropDead(base)
	name := fmt.Sprintf("ztt_%s_%d_%s", sanitize(t.name), os.Getpid(), randomHex(3))
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		return "", fmt.Errorf("create template database: %w", err)
	}
	if err := t.build(withDatabase(base, name)); err != nil {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		return "", err
	}
	return name, nil
}

// copyDatabase makes a new database from template and returns its DSN.
// The copy is not dropped when the test ends: DROP DATABASE forces a
// checkpoint that waits for every dirty page of the server, seconds to
// tens of seconds while other tests write. Copies carry the process id in
// their name, and the next test binary to build a template drops those
// of processes that have ended.
func copyDatabase(tb testing.TB, base, template string) string {
	tb.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("ztc_%d_%s", os.Getpid(), randomHex(6))
	// A session still leaving the template (a closing pool) makes CREATE
	// DATABASE fail at once; try again briefly.
	for i := 0; ; i++ {
		_, err = admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + template)
		if err == nil || i == 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		tb.Fatalf("create database from %s: %v", template, err)
	}
	return withDatabase(base, name)
}

// dropDead drops the templates and copies (ztt_…, ztc_…) whose process
// has ended (on this machine: its process id is no longer running).
func dropDead(base string) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return
	}
	defer admin.Close()
	rows, err := admin.Query(`SELECT datname FROM pg_database WHERE datname LIKE 'ztt\_%' OR datname LIKE 'ztc\_%'`)
	if err != nil {
		return
	}
	var dead []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			continue
		}
		parts := strings.Split(name, "_")
		if len(parts) < 3 {
			continue
		}
		pid, err := strconv.Atoi(parts[len(parts)-2])
		if err != nil {
			continue
		}
		if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); errors.Is(err, os.ErrNotExist) {
			dead = append(dead, name)
		}
	}
	rows.Close()
	for _, name := range dead {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	}
}

func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

func sanitize(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
