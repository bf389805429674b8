package access_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"testing"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/store/storetest"
)

// Allows, which decides the links a page shows, agrees with Check, which
// decides the request the link makes: for each actor, policy and object,
// the link is shown exactly when the route lets the actor through.
func TestAllowsAgreesWithCheck(t *testing.T) {
	s := storetest.SQLite(t)
	sys := zhibu.WithActor(context.Background(), zhibu.System)
	c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateOrg(sys, zhibu.Org{Code: "B", Name: "支部", Kind: zhibu.KindBranch, ParentID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.CreateOrg(sys, zhibu.Org{Code: "B-1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "另一支部", Kind: zhibu.KindBranch, ParentID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	birth := zhibu.MakeDate(1980, 1, 1)
	person := func(name string, org zhibu.Org, n int) zhibu.Person {
		p, err := s.CreatePerson(sys, zhibu.Person{Name: name, Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: birth,
			IDNumber: zhibu.MakeIDNumber("650102", birth, n), Status: zhibu.Applicant, AppliedOn: zhibu.MakeDate(2024, 1, 1), OrgID: org.ID})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	member, outsider := person("甲", b, 2), person("乙", other, 4)
	actor := func(id int64, self int64, h []zhibu.Holding, given []zhibu.AccountRole) zhibu.Actor {
		roles, grants, scope := zhibu.Rights(self, h, given)
		return zhibu.Actor{AccountID: id, PersonID: self, Roles: roles, Grants: grants, Scope: scope}
	}
	actors := map[string]zhibu.Actor{
		"secretary": actor(1, 0, []zhibu.Holding{{Position: zhibu.Secretary, Org: b}}, nil),
		"leader":    actor(2, 0, []zhibu.Holding{{Position: zhibu.GroupLeader, Org: g}}, nil),
		"member":    actor(3, member.ID, nil, nil),
		"superior":  actor(4, 0, []zhibu.Holding{{Position: zhibu.CommitteeMember, Org: c}}, nil),
		"admin":     actor(5, 0, nil, []zhibu.AccountRole{{Role: zhibu.RoleSystemAdmin}}),
		"nobody":    {},
	}
	policies := map[string]access.Policy{
		"write meetings":  access.On(zhibu.PermMeetingWrite, access.PathOrg, "id"),
		"manage":          access.On(zhibu.PermOrgManage, access.PathOrg, "id"),
		"read person":     access.On(zhibu.PermOrgRead, access.PathPerson, "id").OrSelf(),
		"write person":    access.On(zhibu.PermPeopleWrite, access.PathPerson, "id"),
		"accounts":        access.On(zhibu.PermAccounts, access.Anywhere, ""),
		"review anywhere": access.On(zhibu.PermFilingReview, access.Anywhere, ""),
		"new in org":      access.On(zhibu.PermOrgManage, access.FormOrg, "parent"),
		"logged in":       access.LoggedIn,
	}
	n := 0
	for an, a := range actors {
		ctx := zhibu.WithActor(context.Background(), a)
		for pn, p := range policies {
			var objects []access.Object
			var requests []func() bool
			add := func(o access.Object, path string, query string) {
				objects = append(objects, o)
				requests = append(requests, func() bool {
					r := httptest.NewRequest("GET", "/x"+query, nil)
					r.SetPathValue("id", path)
					return access.Check(ctx, s, p, r) == nil
				})
			}
			for _, o := range []zhibu.Org{c, b, g, other} {
				id := strconv.FormatInt(o.ID, 10)
				if len(p.Needs) > 0 && p.Needs[0].On == access.PathPerson {
					continue
				}
				add(access.Object{OrgPath: o.Path}, id, "?parent="+id)
			}
			for _, x := range []zhibu.Person{member, outsider} {
				if len(p.Needs) == 0 || p.Needs[0].On != access.PathPerson {
					continue
				}
				add(access.Object{OrgPath: x.OrgPath, PersonID: x.ID}, strconv.FormatInt(x.ID, 10), "")
			}
			for i, o := range objects {
				n++
				if got, want := access.Allows(a, p, o), requests[i](); got != want {
					t.Errorf("%s, %s, %+v: Allows %v, Check lets through %v", an, pn, o, got, want)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d cases", n)
	}
}
