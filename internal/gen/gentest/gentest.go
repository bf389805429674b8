// Package gentest makes generated tiers for benchmarks.
package gentest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// ShareOfL is a database of a share of the L tier for benchmarks on
// engine ("sqlite", or "postgres", which skips without
// ZHIBU_TEST_POSTGRES): ZHIBU_BENCH_L_BRANCHES branches (default 1,000)
// under county committees of 200, generated with seed 1 and dropped after
// b. ZHIBU_BENCH_L_DSN may name a database `zhibu gen --scale L` filled
// instead, read as it is and kept.
func ShareOfL(b *testing.B, engine string) *store.Store {
	b.Helper()
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	tier := gen.Tiers["L"]
	tier.Branches = 1000
	if n, err := strconv.Atoi(os.Getenv("ZHIBU_BENCH_L_BRANCHES")); err == nil && n > 0 {
		tier.Branches = n
	}
	dsn := os.Getenv("ZHIBU_BENCH_L_DSN")
	fresh := dsn == ""
	switch {
	case !fresh:
	case engine == "postgres":
		dsn = storetest.PostgresDSN(b)
	default:
		dsn = filepath.Join(b.TempDir(), "l.db")
	}
	s, err := store.Open(ctx, dsn, storetest.Keys)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if fresh {
		if err := s.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := gen.Generate(ctx, s, tier, 1, nil); err != nil {
			b.Fatal(err)
		}
	}
	return s
}
