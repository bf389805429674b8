package gen_test

import (
	"context"
	"testing"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func TestGenerateS(t *testing.T) {
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		calls := 0
		root, err := gen.Generate(ctx, s, gen.Tiers["S"], 7, func(done, total int) { calls++ })
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.Counts(ctx, root.ID)
		if err != nil || c.People != 30 || c.Members == 0 || c.Members == 30 {
			t.Errorf("counts = %+v, %v", c, err)
		}
		branches, _ := s.Orgs(ctx, store.OrgFilter{Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
		if len(branches) != 1 || calls != 1 {
			t.Fatalf("branches = %d, progress calls = %d", len(branches), calls)
		}
		if _, err := s.CurrentTerm(ctx, branches[0].ID); err != nil {
			t.Errorf("no committee: %v", err)
		}
		groups, _ := s.Groups(ctx, branches[0].ID)
		for _, g := range groups {
			if g.LeaderID == 0 {
				t.Errorf("group %s has no leader", g.Name)
			}
		}
	})
}

// The same seed gives the same people.
func TestGenerateDeterministic(t *testing.T) {
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	ids := func() []string {
		s := storetest.SQLite(t)
		root, err := gen.Generate(ctx, s, gen.Tiers["S"], 42, nil)
		if err != nil {
			t.Fatal(err)
		}
		people, _ := s.People(ctx, root.ID, zhibu.PersonFilter{})
		var out []string
		for _, p := range people {
			out = append(out, p.IDNumber+p.Name)
		}
		return out
	}
	a, b := ids(), ids()
	if len(a) != 30 || len(b) != 30 {
		t.Fatalf("got %d and %d people", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("person %d differs: %s vs %s", i, a[i], b[i])
		}
	}
}
