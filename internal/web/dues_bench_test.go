package web_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"zhibu/internal/gen"
	"zhibu/internal/store"
)

var (
	duesOnce sync.Once
	duesErr  error
)

// BenchmarkBranchDuesM is one branch's dues page for 2025 (its ledger:
// members × months, with the months paid from 2024) in the M tier with a
// year of monthly payments (gen.Dues), as the load test's "branch dues".
//
//	go test -run '^$' -bench BranchDuesM -benchtime 20x ./internal/web/
func BenchmarkBranchDuesM(b *testing.B) {
	csBench(b, func(ctx context.Context, s *store.Store) string {
		o, err := s.OrgByCode(ctx, "G00100")
		if err != nil {
			b.Fatal(err)
		}
		duesOnce.Do(func() { // the tier's database is shared by the binary's benchmarks
			root, err := s.OrgByCode(ctx, "GEN")
			if err == nil {
				_, err = gen.Dues(ctx, s, root, 2025, 1)
			}
			duesErr = err
		})
		if duesErr != nil {
			b.Fatal(duesErr)
		}
		return fmt.Sprintf("/orgs/%d/dues?year=2025", o.ID)
	}, nil)
}
