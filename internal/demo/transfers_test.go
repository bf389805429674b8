package demo

import (
	"context"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The demo's transfers show as membership history.
func TestTransfers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := zhibu.WithActor(context.Background(), zhibu.System)
		if err := Load(ctx, s); err != nil {
			t.Fatal(err)
		}
		branch, err := s.OrgByCode(ctx, BranchCode)
		if err != nil {
			t.Fatal(err)
		}
		people, err := s.People(ctx, branch.ID, zhibu.PersonFilter{})
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, p := range people {
			tr, ok := transfers[p.Name]
			if !ok {
				continue
			}
			found++
			moves, err := s.Moves(ctx, p.ID)
			if err != nil || len(moves) != 2 {
				t.Fatalf("%s: moves %+v, %v", p.Name, moves, err)
			}
			if moves[0].StartOn != tr.moved || moves[0].Reason != tr.reason || moves[1].StartOn != tr.joined || moves[1].EndOn != tr.moved {
				t.Errorf("%s: moves %+v", p.Name, moves)
			}
			if p.JoinedOn != tr.moved || p.OrgID != branch.ID {
				t.Errorf("%s now: %+v", p.Name, p)
			}
		}
		if found != len(transfers) {
			t.Errorf("found %d of %d transfers", found, len(transfers))
		}
	})
}
