package demo

import (
	"fmt"

	"zhibu"
)

// The bureau committee's own people: its secretary, a member who heads the
// political department, and an officer of that department.
var committeePeople = []personSpec{
	{"杨建国", male, "", 56, full},
	{"周秀英", female, "", 50, full},
	{"胡海燕", female, "", 41, full},
}

var committeeUnits = []string{"局领导", "政治部", "政治部"}

var committeeTerm = termSpec{day(2023, 6, 20), []seatSpec{
	{"杨建国", zhibu.Secretary},
	{"周秀英", zhibu.CommitteeMember},
}}

// accountSpec is a demo account: the person it belongs to ("" for an
// administrator) and the roles given to it.
type accountSpec struct {
	login  string
	person string // a name in the demo's tables
	role   zhibu.Role
}

// demoAccounts are one account per kind of user, for the one-click login of
// demo mode. They have no password: outside demo mode they cannot log in.
var demoAccounts = []accountSpec{
	{"书记", "张志刚", ""},
	{"组织委员", "马文斌", ""},
	{"纪检宣传委员", "刘晓燕", ""},
	{"保密委员", "陈思远", ""}, // reviews disclosures for secrets (disclose.review)
	{"党小组组长", "王建新", ""},
	{"党员", "周鹏", ""},
	{"局党委委员", "周秀英", ""},
	{"政治部", "胡海燕", zhibu.RolePolDept},
	{"系统管理员", "", zhibu.RoleSystemAdmin},
	{"安全管理员", "", zhibu.RoleSecurityAdmin},
	{"审计管理员", "", zhibu.RoleAuditAdmin},
}

// committee adds the bureau committee's people and its committee term.
func (l *loader) committee(root zhibu.Org) (*built, error) {
	b := &built{org: root, ids: map[string]int64{}}
	if err := l.people(b, 0, committeePeople, committeeUnits, true); err != nil {
		return nil, err
	}
	return b, l.terms(b, []termSpec{committeeTerm})
}

// accounts makes the demo accounts.
func (l *loader) accounts(root zhibu.Org) error {
	for _, spec := range demoAccounts {
		a := zhibu.Account{Login: spec.login, Name: spec.login, Demo: true}
		if spec.person != "" {
			id, err := l.personID(spec.person)
			if err != nil {
				return err
			}
			a.PersonID = id
		}
		if spec.role != "" {
			r := zhibu.AccountRole{Role: spec.role}
			if spec.role == zhibu.RolePolDept {
				r.OrgID = root.ID
			}
			a.Roles = []zhibu.AccountRole{r}
		}
		if _, err := l.s.CreateAccount(l.ctx, a, ""); err != nil {
			return fmt.Errorf("account %s: %w", spec.login, err)
		}
	}
	return nil
}

// personID finds a person the demo made, in any branch.
func (l *loader) personID(name string) (int64, error) {
	for _, b := range l.byCode {
		if id, ok := b.ids[name]; ok {
			return id, nil
		}
	}
	return 0, fmt.Errorf("no person named %s", name)
}
