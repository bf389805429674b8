// Package storetest opens real databases for tests: a SQLite file in a
// temporary directory always, and PostgreSQL when ZHIBU_TEST_POSTGRES
// holds a DSN, each test in its own schema that is dropped afterwards.
// Under CI (CI set) a missing PostgreSQL fails the test instead of
// skipping it.
package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"zhibu/internal/secret"
	"zhibu/internal/store"
)

// Keys are fixed test keys (tests only; real keys are random files).
var Keys = store.Keys{Data: secret.Key{1, 2, 3}, Audit: secret.Key{4, 5, 6}}

// EnvPostgres names the environment variable with the test PostgreSQL DSN.
const EnvPostgres = "ZHIBU_TEST_POSTGRES"

// Engine is a way to open a fresh, migrated database.
type Engine struct {
	Name string
	Open func(tb testing.TB) *store.Store
}

// Engines are SQLite and, when configured, PostgreSQL.
func Engines() []Engine {
	return []Engine{{"sqlite", SQLite}, {"postgres", Postgres}}
}

// Each runs fn as a subtest on every engine.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) { fn(t, e.Open(t)) })
	}
}

// SQLite opens a migrated SQLite database in a temporary file.
func SQLite(tb testing.TB) *store.Store {
	tb.Helper()
	return open(tb, SQLitePath(tb))
}

// SQLitePath is a fresh database path in a temporary directory.
func SQLitePath(tb testing.TB) string { return filepath.Join(tb.TempDir(), "zhibu.db") }

// Postgres opens a migrated PostgreSQL database in a new schema, or skips
// the test (fails it under CI) when ZHIBU_TEST_POSTGRES is not set.
func Postgres(tb testing.TB) *store.Store {
	tb.Helper()
	return open(tb, PostgresDSN(tb))
}

// PostgresDSN makes a new, empty schema (not migrated) and returns a DSN
// whose search_path is it.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := postgresBase(tb)
	schema := "zt_" + randomHex(6)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// postgresBase is the test PostgreSQL's DSN, or skips the test (fails it
// under CI) when it is not set.
func postgresBase(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is not set: PostgreSQL tests are required in CI", EnvPostgres)
		}
		tb.Skipf("PostgreSQL tests skipped: set %s to a DSN such as postgres://postgres@127.0.0.1:5432/test", EnvPostgres)
	}
	// Tests need no durability across a server crash, and waiting for
	// each commit's WAL flush is most of a migration's time on a busy
	// machine: commits return before the flush (visibility is unchanged).
	if u, err := url.Parse(base); err == nil {
		q := u.Query()
		if q.Get("synchronous_commit") == "" {
			q.Set("synchronous_commit", "off")
			u.RawQuery = q.Encode()
			base = u.String()
		}
	}
	return base
}

func open(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, Keys)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return s
}

// EachRaw is Each with a second, plain database/sql connection to the same
// database, for tests that change rows behind the store's back (the audit
// trail's tamper tests).
func EachRaw(t *testing.T, fn func(t *testing.T, s *store.Store, raw *sql.DB)) {
	for _, e := range []struct {
		name, driver string
		dsn          func(tb testing.TB) string
		raw          func(dsn string) string
	}{
		{"sqlite", "sqlite", SQLitePath, func(p string) string { return "file:" + p + "?_pragma=busy_timeout(10000)&_time_format=sqlite" }},
		{"postgres", "pgx", PostgresDSN, func(dsn string) string { return dsn }},
	} {
		t.Run(e.name, func(t *testing.T) {
			dsn := e.dsn(t)
			s := open(t, dsn)
			raw, err := sql.Open(e.driver, e.raw(dsn))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { raw.Close() })
			fn(t, s, raw)
		})
	}
}
