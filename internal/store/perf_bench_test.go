package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// openTierDev makes the development-heavy data set of docs/performance.md
// (gen.Tiers["DEV"]: six branches, about a thousand people in development,
// a third of their files waiting for the superior) for the benchmark b: a
// SQLite file, or a PostgreSQL schema dropped after b.
func openTierDev(b *testing.B, engine string) *store.Store {
	b.Helper()
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	dsn := filepath.Join(b.TempDir(), "dev.db")
	if engine == "postgres" {
		dsn = storetest.PostgresDSN(b) // skips without ZHIBU_TEST_POSTGRES
	}
	s, err := store.Open(ctx, dsn, storetest.Keys)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := gen.Generate(ctx, s, gen.Tiers["DEV"], 1, nil); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkHotSpots times the store's reads that the load test
// found hot, on the development-heavy set, on SQLite and (when
// ZHIBU_TEST_POSTGRES is set) PostgreSQL:
//
//   - queue: the superior's review queue (store.PendingDevelopment) of the
//     whole set, as the system;
//
//   - token: a bearer token's check (store.TokenAccount), as every API
//     request makes it;
//
//   - people: the roster of the committee, about 1,260 people, as a list
//     shows it (masked);
//
//   - devfile: one person's development file (store.DevFile);
//
//   - files: every file of the set with its records, as the API's list of
//     every file read it before dev_files (store.DevFiles), and summaries:
//     the same list from dev_files (store.DevSummaries), as it reads now.
//
//     go test -run '^$' -bench HotSpots -benchtime 50x ./internal/store/
func BenchmarkHotSpots(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			s := openTierDev(b, engine)
			ctx := zhibu.WithActor(context.Background(), zhibu.System)
			root, err := s.OrgByCode(ctx, "GEN")
			if err != nil {
				b.Fatal(err)
			}
			b.Run("queue", func(b *testing.B) {
				for b.Loop() {
					q, err := s.PendingDevelopment(ctx)
					if err != nil || len(q) < 100 {
						b.Fatal(len(q), err)
					}
				}
			})
			b.Run("token", func(b *testing.B) {
				acct, err := s.CreateAccount(ctx, zhibu.Account{Login: "bench", Name: "压测"}, "")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.CreateToken(ctx, acct.ID, "压测", "hash-of-the-bench-token"); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if id, err := s.TokenAccount(ctx, "hash-of-the-bench-token"); err != nil || id != acct.ID {
						b.Fatal(id, err)
					}
				}
			})
			b.Run("people", func(b *testing.B) {
				for b.Loop() {
					ps, err := s.PeopleMasked(ctx, root.ID, zhibu.PersonFilter{})
					if err != nil || len(ps) < 1000 {
						b.Fatal(len(ps), err)
					}
				}
			})
			people, err := s.People(ctx, root.ID, zhibu.PersonFilter{Status: zhibu.Probationary})
			if err != nil || len(people) == 0 {
				b.Fatal(err)
			}
			b.Run("devfile", func(b *testing.B) {
				for b.Loop() {
					if f, err := s.DevFile(ctx, people[0].ID); err != nil || len(f.Records) == 0 {
						b.Fatal(err)
					}
				}
			})
			b.Run("files", func(b *testing.B) {
				for b.Loop() {
					if fs, err := s.DevFiles(ctx, root.ID); err != nil || len(fs) < 900 {
						b.Fatal(len(fs), err)
					}
				}
			})
			b.Run("summaries", func(b *testing.B) {
				for b.Loop() {
					if fs, err := s.DevSummaries(ctx, root.ID); err != nil || len(fs) < 900 {
						b.Fatal(len(fs), err)
					}
				}
			})
		})
	}
}
