package zhibu

// Holding is a position a person holds now, in an org (a committee seat,
// or the leadership of a group).
type Holding struct {
	Position Position
	Org      Org
}

// AccountRole is a role given to an account rather than derived from a
// position: the three administrators (system-wide) and the political
// department (for a committee's subtree, OrgPath).
type AccountRole struct {
	Role    Role   `json:"role"`
	OrgID   int64  `json:"org_id,omitempty"`
	OrgPath string `json:"-"`
}

// Rights derives what an account may do from the data: the positions its
// person holds now, and the roles given to the account. A change of
// position changes the rights at once, because they are derived on every
// request.
//
//   - secretary, deputy and organization officer of a branch (or general
//     branch) run it: read, manage the org, write people, see ID numbers,
//     record meetings; the secretary and deputy also set the branch's rule
//     parameters;
//   - the discipline officer reads the branch and its audit trail;
//   - other committee members read the branch;
//   - a group leader reads their group and records its meetings;
//   - a seat on a committee above branches reads its whole subtree and
//     acknowledges its filings; its secretary, deputy and organization
//     officer manage the org tree and set the rule parameters there;
//   - the political department reads its committee's subtree and
//     acknowledges its filings; it also sets the subtree up (orgs, groups,
//     committees, rosters), as a bureau's political department does when
//     it brings its branches into zhibu;
//   - a member reads their own records;
//   - the system administrator manages accounts and finds people by name
//     only, and founds the top-level committee of a fresh installation; the security administrator the security policy; the audit
//     administrator reads the whole audit trail. None of them reads party
//     records by virtue of the role (三权分立).
func Rights(personID int64, holdings []Holding, given []AccountRole) (roles []Role, grants []Grant, scope Scope) {
	addRole := func(r Role) {
		for _, x := range roles {
			if x == r {
				return
			}
		}
		roles = append(roles, r)
	}
	grant := func(path string, perms ...Perm) {
		for _, p := range perms {
			grants = append(grants, Grant{p, path})
			if p == PermOrgRead {
				scope.Paths = append(scope.Paths, path)
			}
		}
	}
	if personID != 0 {
		addRole(RoleMember)
		scope.Self = personID
	}
	for _, h := range holdings {
		path := h.Org.Path
		if h.Org.Kind == KindCommittee {
			addRole(RoleSuperior)
			grant(path, PermOrgRead, PermFilingReview)
			grant(path, PermArchive) // archives (archive.go)
			grant(path, PermAssess)  // the performance assessment (assessment.go)
			if h.Position == Secretary || h.Position == DeputySecretary || h.Position == OrgOfficer {
				grant(path, PermOrgManage, PermRulesEdit)
			}
			continue
		}
		grant(path, studyTalkRights(h.Position)...) // study and talks (study.go)
		switch h.Position {
		case Secretary, DeputySecretary:
			addRole(RoleSecretary)
			grant(path, PermOrgRead, PermOrgManage, PermPeopleWrite, PermSensitive, PermMeetingWrite, PermRulesEdit, PermDuesWrite, PermDevelop)
			grant(path, PermActivityWrite, PermBulletinApprove) // activities stream
			grant(path, PermReviewWrite)                        // review stream
		case OrgOfficer:
			addRole(RoleOrgOfficer)
			grant(path, PermOrgRead, PermOrgManage, PermPeopleWrite, PermSensitive, PermMeetingWrite, PermDuesWrite, PermDevelop)
			grant(path, PermActivityWrite) // activities stream
			grant(path, PermReviewWrite)   // review stream
		case PropagandaOfficer:
			addRole(RolePropaganda)
			grant(path, PermOrgRead)
			grant(path, PermActivityWrite, PermBulletinReview) // activities stream
		case DisciplineOfficer:
			addRole(RoleDiscipline)
			grant(path, PermOrgRead, PermAuditRead)
		case GroupLeader:
			addRole(RoleGroupLeader)
			grant(path, PermOrgRead, PermMeetingWrite, PermDuesWrite)
		default:
			addRole(RoleCommittee)
			grant(path, PermOrgRead)
		}
		grant(path, voicePerms(h.Position)...) // the branch's voice (voice.go)
		grant(path, archivePerms(h.Position)...)
	}
	for _, g := range given {
		addRole(g.Role)
		switch g.Role {
		case RolePolDept:
			grant(g.OrgPath, PermOrgRead, PermFilingReview, PermOrgManage, PermPeopleWrite)
			grant(g.OrgPath, PermArchive) // archives (archive.go)
			grant(g.OrgPath, PermAssess)  // the performance assessment (assessment.go)
		case RoleSystemAdmin:
			grant("", PermAccounts, PermPeopleLookup, PermOrgFound)
		case RoleSecurityAdmin:
			grant("", PermSecurity)
		case RoleAuditAdmin:
			grant("", PermAuditRead)
		}
	}
	return roles, grants, scope
}
