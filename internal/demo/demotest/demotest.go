// Package demotest gives a test its own database holding the demo, loaded
// once per test binary and engine and copied for each test (see
// storetest.Template): loading the demo takes seconds, copying it a
// fraction of that, and tests that change the records still change only
// their own copy.
package demotest

import (
	"context"
	"testing"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

var loaded = storetest.NewTemplate("demo", func(ctx context.Context, s *store.Store) error {
	return demo.Load(zhibu.WithActor(ctx, zhibu.System), s)
})

// SQLite opens a SQLite database holding the demo as loaded today.
func SQLite(tb testing.TB) *store.Store {
	tb.Helper()
	return loaded.SQLite(tb)
}

// Postgres opens a PostgreSQL database holding the demo, or skips the test
// (fails it under CI) without ZHIBU_TEST_POSTGRES.
func Postgres(tb testing.TB) *store.Store {
	tb.Helper()
	return loaded.Postgres(tb)
}

// PostgresDSN makes a PostgreSQL database holding the demo and returns its
// DSN, for a test that opens it its own way (through a proxy, say).
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	return loaded.PostgresDSN(tb)
}

// Each runs fn as a subtest on the demo on every engine.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	loaded.Each(t, fn)
}
