package store_test

import (
	"context"
	"testing"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// BenchmarkDuesM times the dues of the M tier (200 branches, about 6,700
// members, two years of monthly payments from gen.Dues) on SQLite, and on
// PostgreSQL when ZHIBU_TEST_POSTGRES is set:
//
//   - ledger: a year's dues ledger of the whole bureau — store.DuesLedger
//     for the committee's subtree for 2025 (members × 12 months, totals);
//     target < 500 ms on SQLite;
//
//   - arrears: the dues.arrears rule over the M tier's facts (all members,
//     months paid from 2024) with rules.CheckAll — the pure check, target
//     < 200 ms;
//
//   - arrears+load: the same with the dues facts read from the store
//     (store.DuesMembers of the subtree, months paid from 2024).
//
//     go test -run '^$' -bench DuesM -benchtime 10x ./internal/store/
func BenchmarkDuesM(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			s := openTierM(b, engine)
			ctx := zhibu.WithActor(context.Background(), zhibu.System)
			root, err := s.OrgByCode(ctx, "GEN")
			if err != nil {
				b.Fatal(err)
			}
			res, err := gen.Dues(ctx, s, root, 2025, 1)
			if err != nil {
				b.Fatal(err)
			}
			if err := s.Analyze(ctx); err != nil {
				b.Fatal(err)
			}
			asOf := zhibu.MakeDate(2025, 12, 31)
			b.Run("ledger", func(b *testing.B) {
				b.ReportAllocs()
				var l zhibu.DuesLedger
				for b.Loop() {
					if l, err = s.DuesLedger(ctx, root.ID, 2025, asOf); err != nil {
						b.Fatal(err)
					}
				}
				if len(l.Rows) < 5000 || l.Paid <= 0 {
					b.Fatalf("ledger of %d members, paid %s", len(l.Rows), l.Paid)
				}
				b.ReportMetric(float64(len(l.Rows)), "members")
				b.ReportMetric(float64(res.Months), "months-paid")
			})
			var arrears *rules.Registry
			for _, r := range rules.Builtin().Rules() {
				if r.ID() == "dues.arrears" {
					arrears, _ = rules.NewRegistry(r)
				}
			}
			facts, err := s.Facts(ctx, root.ID, 2025, asOf)
			if err != nil {
				b.Fatal(err)
			}
			cat := rules.DefaultCatalogue()
			count := func(all map[int64][]zhibu.Finding) int {
				n := 0
				for _, fs := range all {
					for _, f := range fs {
						if f.Status == zhibu.StatusOverdue {
							n++
						}
					}
				}
				return n
			}
			b.Run("arrears", func(b *testing.B) {
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					n = count(arrears.CheckAll(cat, facts, 2025))
				}
				if n < res.Arrears/2 {
					b.Fatalf("%d arrears findings for %d members made to stop paying", n, res.Arrears)
				}
				b.ReportMetric(float64(n), "arrears")
			})
			b.Run("arrears+load", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					orgs, err := s.Orgs(ctx, store.OrgFilter{Under: root.ID})
					if err != nil {
						b.Fatal(err)
					}
					mds, err := s.DuesMembers(ctx, root.ID, zhibu.MakeMonth(2024, 1), zhibu.MakeMonth(2025, 12), asOf)
					if err != nil {
						b.Fatal(err)
					}
					count(arrears.CheckAll(cat, zhibu.Facts{AsOf: asOf, Orgs: orgs, Dues: mds}, 2025))
				}
			})
		})
	}
}
