package store_test

import (
	"context"
	"testing"

	"zhibu"
	"zhibu/internal/gen/gentest"
	"zhibu/internal/rules"
	"zhibu/internal/service"
)

// BenchmarkMatrixL is the superior's matrix over a share of the L tier
// (a province: 20,000 branches, 1,000,000 people, five years of meetings):
// store.Facts of the whole tree for 2025, the catalogue, and
// rules.CheckAll, cold (no cache). Generating L takes long, so the share
// is ZHIBU_BENCH_L_BRANCHES branches (default 1,000), and
// ZHIBU_BENCH_L_DSN may name a database `zhibu gen --scale L` already
// filled, which is then read as it is (and kept):
//
//	ZHIBU_BENCH_L_BRANCHES=2000 ZHIBU_TEST_POSTGRES=postgres://… \
//	  go test -run '^$' -bench MatrixL/postgres -benchtime 3x -timeout 2h ./internal/store/
func BenchmarkMatrixL(b *testing.B) {
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			s := gentest.ShareOfL(b, engine)
			root, err := s.OrgByCode(ctx, "GEN")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var branches, meetings int
			for b.Loop() {
				facts, err := s.Facts(ctx, root.ID, 2025, zhibu.MakeDate(2025, 12, 31))
				if err != nil {
					b.Fatal(err)
				}
				cat, err := service.New(s, service.Options{}).Compliance.Catalogue(ctx)
				if err != nil {
					b.Fatal(err)
				}
				rules.CheckAll(cat, facts, 2025)
				branches, meetings = 0, len(facts.Meetings)
				for _, o := range facts.Orgs {
					if o.Kind == zhibu.KindBranch {
						branches++
					}
				}
			}
			b.ReportMetric(float64(branches), "branches")
			b.ReportMetric(float64(meetings), "meetings")
		})
	}
}
