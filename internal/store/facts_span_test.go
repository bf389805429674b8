package store_test

import (
	"reflect"
	"slices"
	"testing"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// FactsSpan reads a run of siblings with their subtrees, FactsOwn an org
// alone; together they read what Facts of the parent reads.
func TestFactsSpanAndOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		committee, b1, g1, g2 := tree(t, s)
		b2, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		b3, err := s.CreateOrg(sys, zhibu.Org{Code: "B3", Name: "第三党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartTerm(sys, zhibu.Term{OrgID: committee.ID, ElectedOn: zhibu.MakeDate(2020, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		ids := func(orgs []zhibu.Org) []int64 {
			var out []int64
			for _, o := range orgs {
				out = append(out, o.ID)
			}
			slices.Sort(out)
			return out
		}
		day := zhibu.MakeDate(2025, 12, 31)
		span, err := s.FactsSpan(sys, b1, b2, 2025, day)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ids(span.Orgs), ids([]zhibu.Org{b1, g1, g2, b2}); !slices.Equal(got, want) {
			t.Errorf("span B1..B2: %v, want %v", got, want)
		}
		if len(span.Terms) != 0 {
			t.Errorf("span holds the committee's terms: %v", span.Terms)
		}
		own, err := s.FactsOwn(sys, committee, 2025, day)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(own.Orgs); !slices.Equal(got, []int64{committee.ID}) || len(own.Terms) != 1 {
			t.Errorf("own: orgs %v, %d terms", got, len(own.Terms))
		}
		all, err := s.Facts(sys, committee.ID, 2025, day)
		if err != nil {
			t.Fatal(err)
		}
		rest, err := s.FactsSpan(sys, b3, b3, 2025, day)
		if err != nil {
			t.Fatal(err)
		}
		parts := append(append(append([]zhibu.Org(nil), span.Orgs...), own.Orgs...), rest.Orgs...)
		if got, want := ids(parts), ids(all.Orgs); !slices.Equal(got, want) {
			t.Errorf("the parts read %v, the whole %v", got, want)
		}
		// A committee's own check reads the same from its own facts as
		// from its subtree's.
		cat := rules.DefaultCatalogue()
		if a, b := rules.Check(cat, all, committee.ID, 2025), rules.Check(cat, own, committee.ID, 2025); len(a) == 0 || !reflect.DeepEqual(a, b) {
			t.Errorf("committee's findings: %d from the subtree, %d from its own facts", len(a), len(b))
		}
		if _, err := s.FactsSpan(sys, b2, b1, 2025, day); err == nil {
			t.Error("a span out of order was read")
		}
		if _, err := s.FactsSpan(sys, b1, g1, 2025, day); err == nil {
			t.Error("a span of non-siblings was read")
		}
	})
}
