package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/auth"
)

// asRole serves the fixture's UI as an administrator account with one
// given role.
func (f *fixture) asRole(role zhibu.Role) {
	f.t.Helper()
	roles, grants, scope := zhibu.Rights(0, nil, []zhibu.AccountRole{{Role: role}})
	actor := zhibu.Actor{AccountID: 9999, Name: role.Label(), Roles: roles, Grants: grants, Scope: scope}
	inner := f.h
	f.h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), actor)))
	})
}

func TestAccountsAdmin(t *testing.T) {
	f := newFixture(t)
	f.asRole(zhibu.RoleSystemAdmin)
	wantBody(t, f.get("/admin/accounts"), 200, "账号管理", "新建账号")
	// A search by name shows names and orgs, no personal data.
	w := f.get("/admin/accounts?q=" + url.QueryEscape("李娜"))
	wantBody(t, w, 200, "李娜（编号"+ids(f.id("李娜"))+"）", "第一党支部")
	if strings.Contains(w.Body.String(), f.people["李娜"].IDNumber[10:]) {
		t.Error("the account search shows an ID number")
	}

	// Bad input: every problem named, nothing saved.
	w = f.post("/admin/accounts", url.Values{"login": {"x y"}, "password": {"123"}})
	wantBody(t, w, http.StatusUnprocessableEntity, "用户名：只能包含字母", "密码：")
	w = f.post("/admin/accounts", url.Values{"login": {"lina"}, "person_id": {"99999"}, "password": {"Tianshan-密码-2026"}})
	wantBody(t, w, http.StatusUnprocessableEntity, "人员：不存在")
	if all, _ := f.s.Accounts(sys); len(all) != 0 {
		t.Fatalf("refused forms saved %d accounts", len(all))
	}

	w = f.post("/admin/accounts", url.Values{"login": {"lina"}, "person_id": {ids(f.id("李娜"))}, "password": {"Tianshan-密码-2026"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	a, err := f.s.AccountByLogin(sys, "lina")
	if err != nil || a.PersonID != f.id("李娜") || a.Name != "李娜" {
		t.Fatalf("account %+v, %v", a, err)
	}
	// A second account for the same person is refused.
	w = f.post("/admin/accounts", url.Values{"login": {"lina2"}, "person_id": {ids(f.id("李娜"))}, "password": {"Tianshan-密码-2026"}})
	wantBody(t, w, http.StatusUnprocessableEntity, "该人员已有账号")

	// Roles, a token shown once, disabling.
	w = f.post("/admin/accounts/"+ids(a.ID)+"/roles", url.Values{"role": {"audit_admin"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("roles: %d %s", w.Code, w.Body.String())
	}
	if a, _ = f.s.Account(sys, a.ID); len(a.Roles) != 1 || a.Roles[0].Role != zhibu.RoleAuditAdmin {
		t.Errorf("roles = %+v", a.Roles)
	}
	w = f.post("/admin/accounts/"+ids(a.ID)+"/roles", url.Values{"role": {"secretary"}})
	wantBody(t, w, http.StatusUnprocessableEntity, "不能直接授予")
	w = f.post("/admin/accounts/"+ids(a.ID)+"/tokens", url.Values{"name": {"同步脚本"}})
	wantBody(t, w, 200, "只显示这一次", "zb_")
	w = f.post("/admin/accounts/"+ids(a.ID)+"/disable", nil)
	if a, _ = f.s.Account(sys, a.ID); w.Code != http.StatusSeeOther || !a.Disabled {
		t.Errorf("disable: %d, disabled %v", w.Code, a.Disabled)
	}
}

func TestSecurityAdmin(t *testing.T) {
	f := newFixture(t)
	f.asRole(zhibu.RoleSecurityAdmin)
	wantBody(t, f.get("/admin/security"), 200, "安全策略", "等保三级", "没有锁定中的账号")
	w := f.post("/admin/security", url.Values{auth.SettingProfile: {"weak"}, auth.SettingLockThreshold: {"1"},
		auth.SettingLockMinutes: {"15"}, auth.SettingIdleMinutes: {"30"}, auth.SettingAbsoluteHours: {"99"}})
	wantBody(t, w, http.StatusUnprocessableEntity, "密码策略：", "连续失败锁定次数：应为3至10", "会话最长时限（小时）：应为1至24")
	if set, _ := f.s.Settings(sys); len(set) != 0 {
		t.Fatalf("a refused form saved settings: %v", set)
	}
	w = f.post("/admin/security", url.Values{auth.SettingProfile: {"asvs"}, auth.SettingLockThreshold: {"6"},
		auth.SettingLockMinutes: {"20"}, auth.SettingIdleMinutes: {"15"}, auth.SettingAbsoluteHours: {"8"}, auth.SettingTOTPPrivileged: {"true"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", w.Code, w.Body.String())
	}
	st, err := auth.New(f.s, nil).Settings(sys)
	if err != nil || st.Policy.Name != "asvs" || st.LockThreshold != 6 || st.Idle.Minutes() != 15 || st.Absolute.Hours() != 8 || !st.TOTPPrivileged {
		t.Errorf("settings = %+v, %v", st, err)
	}
}
