package service_test

import (
	"testing"

	"zhibu"
	"zhibu/internal/store"
)

// meetTree makes a committee with a branch of two groups.
func meetTree(t *testing.T, s *store.Store) (committee, branch, g1, g2 zhibu.Org) {
	t.Helper()
	var err error
	committee, err = s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	branch, err = s.CreateOrg(sys, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: committee.ID,
		FoundedOn: zhibu.MakeDate(2001, 7, 1)})
	if err != nil {
		t.Fatal(err)
	}
	g1, err = s.CreateOrg(sys, zhibu.Org{Code: "B1G1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: branch.ID})
	if err != nil {
		t.Fatal(err)
	}
	g2, err = s.CreateOrg(sys, zhibu.Org{Code: "B1G2", Name: "第二党小组", Kind: zhibu.KindGroup, ParentID: branch.ID})
	if err != nil {
		t.Fatal(err)
	}
	return
}
