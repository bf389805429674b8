package zhibu

import (
	"context"
	"strings"
)

// Perm is something an actor may do, on an org's subtree (or, for the
// administrators' permissions, on the whole system).
type Perm string

const (
	PermOrgRead      Perm = "org.read"         // see orgs, committees, groups and rosters (ID numbers masked)
	PermOrgManage    Perm = "org.manage"       // create, edit and move orgs; elect committees; groups; supervisions
	PermPeopleWrite  Perm = "people.write"     // add, edit, move and import people
	PermSensitive    Perm = "people.sensitive" // see ID numbers and phones unmasked (each view is audited)
	PermAuditRead    Perm = "audit.read"       // read the audit trail
	PermAccounts     Perm = "accounts.manage"  // system administrator: accounts and tokens
	PermSecurity     Perm = "security.manage"  // security administrator: policy, locks, sessions
	PermPeopleLookup Perm = "people.lookup"    // find a person by name to link an account (no personal data)
	PermMeetingWrite Perm = "meeting.write"    // plan, record, cancel and file meetings (a group leader: the group's)
	PermFilingReview Perm = "filing.review"    // acknowledge or return filings from the subtree, and give the superior's approvals (development, dues waivers, term extensions)
	PermRulesEdit    Perm = "rules.edit"       // set the layer's rule parameters for the subtree
	PermDuesWrite    Perm = "dues.write"       // record dues bases and payments (a group leader: the group's)
	PermDevelop      Perm = "member.develop"   // keep development files: record the steps of member development
	PermOrgFound     Perm = "org.found"        // found a top-level committee (system-wide; the system administrator on a fresh installation)

	// The activities stream (docs/activities.md).
	PermActivityWrite   Perm = "activity.write"   // record themed activities, campaigns and stance records; draft and publish bulletins
	PermBulletinReview  Perm = "bulletin.review"  // the propaganda officer reviews a bulletin
	PermBulletinApprove Perm = "bulletin.approve" // the secretary approves a bulletin for publication
	// review stream (docs/review.md): the secretary's report, its vote, the members' appraisal
	PermReviewWrite Perm = "review.write" // write the secretary's report, open and close the branch's votes, record appraisal grades
)

// Grant is a permission on the subtree at Path ("" for system-wide).
type Grant struct {
	Perm Perm   `json:"perm"`
	Path string `json:"path,omitempty"`
}

// Role is a named bundle of rights a person holds, for display and tests.
type Role string

const (
	RoleSecretary     Role = "secretary"      // 书记、副书记 of a branch
	RoleOrgOfficer    Role = "org_officer"    // 组织委员
	RolePropaganda    Role = "propaganda"     // 宣传委员
	RoleDiscipline    Role = "discipline"     // 纪检委员
	RoleCommittee     Role = "committee"      // another committee position (保密、青年、委员)
	RoleGroupLeader   Role = "group_leader"   // 党小组组长
	RoleMember        Role = "member"         // a person with an account: their own records
	RoleSuperior      Role = "superior"       // a seat on a committee above branches
	RolePolDept       Role = "poldept"        // 政治部, for a committee's subtree
	RoleSystemAdmin   Role = "system_admin"   // 系统管理员
	RoleSecurityAdmin Role = "security_admin" // 安全管理员
	RoleAuditAdmin    Role = "audit_admin"    // 审计管理员
)

// Label is the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case RoleSecretary:
		return "书记"
	case RoleOrgOfficer:
		return "组织委员"
	case RolePropaganda:
		return "宣传委员"
	case RoleDiscipline:
		return "纪检委员"
	case RoleCommittee:
		return "支部委员"
	case RoleGroupLeader:
		return "党小组组长"
	case RoleMember:
		return "党员"
	case RoleSuperior:
		return "上级党委"
	case RolePolDept:
		return "政治部"
	case RoleSystemAdmin:
		return "系统管理员"
	case RoleSecurityAdmin:
		return "安全管理员"
	case RoleAuditAdmin:
		return "审计管理员"
	}
	return string(r)
}

// AdminRoles are the three separate administrators (三权分立), granted to
// accounts rather than derived from positions.
var AdminRoles = []Role{RoleSystemAdmin, RoleSecurityAdmin, RoleAuditAdmin}

// Actor is who is acting on a request or a command, and what they may do.
// Every store query that lists or reads records is scoped by the actor's
// Scope; every route checks Can.
type Actor struct {
	AccountID int64
	PersonID  int64  // 0 for an account that is not a person, and for the system
	Name      string // for logs, history and the audit trail
	Roles     []Role
	Grants    []Grant
	Scope     Scope
	Address   string // the client's address, for the audit trail
}

// Scope is what an actor may read: the subtrees at Paths (org paths such
// as "/1/5/"), and their own person record (Self). All sees everything.
type Scope struct {
	All   bool
	Paths []string
	Self  int64
}

// Covers reports whether an org with the given path is inside the scope.
func (s Scope) Covers(path string) bool {
	if s.All {
		return true
	}
	for _, p := range s.Paths {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// Can reports whether the actor holds perm on the org at path; a
// system-wide grant (Path "") covers every path, and path "" asks for a
// system-wide permission.
func (a Actor) Can(perm Perm, path string) bool {
	if a.Scope.All && a.AccountID == 0 {
		return true // the system itself
	}
	for _, g := range a.Grants {
		if g.Perm == perm && (g.Path == "" || (path != "" && strings.HasPrefix(path, g.Path))) {
			return true
		}
	}
	return false
}

// Has reports whether the actor holds a role.
func (a Actor) Has(r Role) bool {
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// System is the actor of the CLI and of local administration: it sees and
// may do everything.
var System = Actor{Name: "系统", Scope: Scope{All: true}}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor ctx carries; a context without one carries an
// actor that sees nothing and may do nothing.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
