package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// openTierM makes a database of the M tier (200 branches, 600 groups,
// 10,000 people, five years of meetings up to gen.Until) for the benchmark
// b and its sub-benchmarks: a SQLite file in b's temporary directory, or a
// PostgreSQL schema dropped after b.
func openTierM(b *testing.B, engine string) *store.Store {
	b.Helper()
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	dsn := filepath.Join(b.TempDir(), "m.db")
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
	if _, err := gen.Generate(ctx, s, gen.Tiers["M"], 1, nil); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkFactsM reads the M tier's compliance on SQLite, and on
// PostgreSQL when ZHIBU_TEST_POSTGRES is set; the first run of each engine
// generates the tier (some seconds on SQLite, longer on PostgreSQL).
//
//   - matrix: the superior's matrix of the whole bureau — store.Facts for
//     the committee's subtree for 2025 (about 13,000 meetings), the
//     catalogue, and rules.CheckAll over its 200 branches;
//
//   - branch: one branch's compliance calendar — store.Facts for the branch
//     and its groups for 2025, the catalogue, and rules.Check.
//
//     go test -run '^$' -bench FactsM -benchtime 20x ./internal/store/
func BenchmarkFactsM(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			s := openTierM(b, engine)
			ctx := zhibu.WithActor(context.Background(), zhibu.System)
			b.Run("matrix", func(b *testing.B) { benchMatrix(b, ctx, s) })
			b.Run("branch", func(b *testing.B) { benchBranch(b, ctx, s) })
		})
	}
}

func benchMatrix(b *testing.B, ctx context.Context, s *store.Store) {
	root, err := s.OrgByCode(ctx, "GEN")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var meetings, findings int
	for b.Loop() {
		facts, err := s.Facts(ctx, root.ID, 2025, zhibu.MakeDate(2025, 12, 31))
		if err != nil {
			b.Fatal(err)
		}
		cat, err := service.New(s, service.Options{}).Compliance.Catalogue(ctx)
		if err != nil {
			b.Fatal(err)
		}
		all := rules.CheckAll(cat, facts, 2025)
		meetings, findings = len(facts.Meetings), 0
		for _, fs := range all {
			findings += len(fs)
		}
		if len(all) != 201 || meetings < 10000 {
			b.Fatalf("%d orgs checked, %d meetings", len(all), meetings)
		}
	}
	b.ReportMetric(float64(meetings), "meetings")
	b.ReportMetric(float64(findings), "findings")
}

func benchBranch(b *testing.B, ctx context.Context, s *store.Store) {
	branch, err := s.OrgByCode(ctx, "G00100")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		facts, err := s.Facts(ctx, branch.ID, 2025, zhibu.MakeDate(2025, 12, 31))
		if err != nil {
			b.Fatal(err)
		}
		cat, err := service.New(s, service.Options{}).Compliance.Catalogue(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if fs := rules.Check(cat, facts, branch.ID, 2025); len(fs) < 50 {
			b.Fatalf("%d findings", len(fs))
		}
	}
}
