package zhibu

import (
	"slices"
	"testing"
)

func TestRights(t *testing.T) {
	committee := Org{ID: 1, Kind: KindCommittee, Path: "/1/"}
	branch := Org{ID: 2, Kind: KindBranch, Path: "/1/2/"}
	other := Org{ID: 3, Kind: KindBranch, Path: "/1/3/"}
	group := Org{ID: 4, Kind: KindGroup, Path: "/1/2/4/"}
	tests := []struct {
		name     string
		holdings []Holding
		given    []AccountRole
		can      []Grant // each must hold
		cannot   []Grant // each must not
	}{
		{"member", nil, nil, nil,
			[]Grant{{PermOrgRead, branch.Path}, {PermPeopleWrite, branch.Path}}},
		{"secretary", []Holding{{Secretary, branch}}, nil,
			[]Grant{{PermOrgRead, branch.Path}, {PermPeopleWrite, group.Path}, {PermSensitive, branch.Path}, {PermOrgManage, branch.Path}},
			[]Grant{{PermOrgRead, other.Path}, {PermOrgRead, committee.Path}, {PermAuditRead, branch.Path}}},
		{"discipline and propaganda in one", []Holding{{DisciplineOfficer, branch}, {PropagandaOfficer, branch}}, nil,
			[]Grant{{PermOrgRead, branch.Path}, {PermAuditRead, branch.Path}},
			[]Grant{{PermPeopleWrite, branch.Path}, {PermSensitive, branch.Path}}},
		{"group leader", []Holding{{GroupLeader, group}}, nil,
			[]Grant{{PermOrgRead, group.Path}},
			[]Grant{{PermOrgRead, branch.Path}, {PermPeopleWrite, group.Path}}},
		{"superior", []Holding{{CommitteeMember, committee}}, nil,
			[]Grant{{PermOrgRead, committee.Path}, {PermOrgRead, other.Path}},
			[]Grant{{PermPeopleWrite, branch.Path}, {PermOrgManage, branch.Path}, {PermSensitive, branch.Path}}},
		{"committee secretary", []Holding{{Secretary, committee}}, nil,
			[]Grant{{PermOrgManage, other.Path}},
			[]Grant{{PermPeopleWrite, branch.Path}}},
		// The political department sets its subtree up (issue 12), but
		// sees no ID numbers and records no meetings.
		{"poldept", nil, []AccountRole{{Role: RolePolDept, OrgID: 1, OrgPath: committee.Path}},
			[]Grant{{PermOrgRead, branch.Path}, {PermOrgManage, branch.Path}, {PermPeopleWrite, branch.Path}},
			[]Grant{{PermSensitive, branch.Path}, {PermMeetingWrite, branch.Path}, {PermRulesEdit, branch.Path}}},
		{"system admin reads no records", nil, []AccountRole{{Role: RoleSystemAdmin}},
			[]Grant{{PermAccounts, ""}, {PermPeopleLookup, ""}, {PermOrgFound, ""}},
			[]Grant{{PermOrgRead, branch.Path}, {PermAuditRead, ""}, {PermSecurity, ""}}},
		{"audit admin", nil, []AccountRole{{Role: RoleAuditAdmin}},
			[]Grant{{PermAuditRead, ""}, {PermAuditRead, branch.Path}},
			[]Grant{{PermOrgRead, branch.Path}, {PermAccounts, ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			roles, grants, scope := Rights(99, tc.holdings, tc.given)
			a := Actor{AccountID: 1, PersonID: 99, Roles: roles, Grants: grants, Scope: scope}
			for _, g := range tc.can {
				if !a.Can(g.Perm, g.Path) {
					t.Errorf("cannot %s on %q; grants %v", g.Perm, g.Path, grants)
				}
			}
			for _, g := range tc.cannot {
				if a.Can(g.Perm, g.Path) {
					t.Errorf("can %s on %q; grants %v", g.Perm, g.Path, grants)
				}
			}
			if !slices.Contains(roles, RoleMember) || scope.Self != 99 {
				t.Errorf("roles %v, scope %+v", roles, scope)
			}
			if scope.Covers(other.Path) != a.Can(PermOrgRead, other.Path) {
				t.Errorf("scope and grants disagree on %s", other.Path)
			}
		})
	}
}
