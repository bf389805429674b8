package store_test

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestMoveAuditedOnBothOrgs: a person moved to another branch is audited on
// the org left and on the org joined, so each branch's trail shows the
// move and a cache of one org's findings (audit.ReachOrg) sees both; a
// move between the groups of one branch is audited once.
func TestMoveAuditedOnBothOrgs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		committee, branch, g1, g2 := tree(t, s)
		b2, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.CreatePerson(sys, person("李娜", zhibu.FullMember, branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		today := zhibu.Today(time.Now())
		if _, err := s.MovePerson(sys, p.ID, branch.ID, g2.ID, today, "调整党小组"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MovePerson(sys, p.ID, b2.ID, 0, today, "工作调动"); err != nil {
			t.Fatal(err)
		}
		recs, _, err := s.AuditRecords(sys, store.AuditFilter{Action: audit.PersonMove.Name})
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(recs, func(a, b audit.Record) int { return cmp.Compare(a.ID, b.ID) })
		var paths []string
		for _, r := range recs {
			paths = append(paths, r.OrgPath)
		}
		want := []string{g1.Path, g2.Path, b2.Path}
		if len(paths) != len(want) {
			t.Fatalf("person.move audited on %v, want %v", paths, want)
		}
		for i := range want {
			if paths[i] != want[i] {
				t.Errorf("person.move audited on %v, want %v", paths, want)
				break
			}
		}
	})
}
