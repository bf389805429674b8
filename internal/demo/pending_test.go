package demo

import (
	"context"
	"testing"

	"zhibu"
)

// The bureau committee sees the development steps its branches wait for
// it to do; a branch officer, who may not do them, sees none.
func TestPendingDevelopment(t *testing.T) {
	s := loaded.SQLite(t)
	sys := zhibu.WithActor(context.Background(), zhibu.System)
	org := func(code string) zhibu.Org {
		o, err := s.OrgByCode(sys, code)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	jdw, zb03 := org(CommitteeCode), org(BranchCode)
	superior := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 1, Name: "局党委委员", Scope: zhibu.Scope{Paths: []string{jdw.Path}},
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: jdw.Path}, {Perm: zhibu.PermFilingReview, Path: jdw.Path}}})
	pending, err := s.PendingDevelopment(superior)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) == 0 {
		t.Fatal("the bureau committee has no development steps to do")
	}
	for i, p := range pending {
		t.Logf("%s %s step %d since %s", p.Person.OrgName, p.Person.Name, p.Step, p.Since)
		file, err := s.DevFile(sys, p.Person.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !zhibu.DevSteps[p.Step].Superior || file.Done(p.Step) {
			t.Errorf("%s waits for step %d, which is not the superior's or is done", p.Person.Name, p.Step)
		}
		if i > 0 && p.Since.Before(pending[i-1].Since) {
			t.Errorf("not oldest first: %s before %s", pending[i-1].Since, p.Since)
		}
	}
	officer := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 2, Name: "组织委员", Scope: zhibu.Scope{Paths: []string{zb03.Path}},
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: zb03.Path}, {Perm: zhibu.PermDevelop, Path: zb03.Path}}})
	if mine, err := s.PendingDevelopment(officer); err != nil || len(mine) != 0 {
		t.Errorf("the branch officer sees %d of the superior's steps, %v", len(mine), err)
	}
}
