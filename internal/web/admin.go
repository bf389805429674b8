package web

import (
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/password"
	"zhibu/internal/store"
)

// accountsPage is the data of admin_accounts.html.
type accountsPage struct {
	base
	Accounts []zhibu.Account
	Form     form
	Found    []store.PersonRef
	Roles    []option
	CanFound bool // may found a top-level committee (issue 12)
}

// accountList is GET /admin/accounts: every account, and the form for a
// new one (with a person search by name).
func (s *server) accountList(w http.ResponseWriter, r *http.Request) error {
	d := &accountsPage{Form: formFrom(r.URL.Query())}
	return s.renderAccounts(w, r, http.StatusOK, d)
}

func (s *server) accountNew(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/admin/accounts#new", http.StatusFound)
	return nil
}

func (s *server) renderAccounts(w http.ResponseWriter, r *http.Request, status int, d *accountsPage) error {
	ctx := r.Context()
	var err error
	if d.Accounts, err = s.store.Accounts(ctx); err != nil {
		return err
	}
	if q := d.Form["q"]; q != "" {
		if d.Found, err = s.store.LookupPeople(ctx, q); err != nil {
			return err
		}
	}
	d.Roles = []option{{"", "（无，权限来自所任职务）"}}
	for _, role := range zhibu.AdminRoles {
		d.Roles = append(d.Roles, option{string(role), role.Label()})
	}
	d.Title = "账号管理"
	d.CanFound = zhibu.ActorFrom(ctx).Can(zhibu.PermOrgFound, "")
	return s.render(w, r, status, "admin_accounts", d)
}

// accountCreate is POST /admin/accounts.
func (s *server) accountCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	pw := r.PostForm.Get("password")
	a := zhibu.Account{Login: f["login"], PersonID: formID(f["person_id"]), Name: f["name"]}
	if f["role"] != "" {
		a.Roles = []zhibu.AccountRole{{Role: zhibu.Role(f["role"])}}
	}
	var ps zhibu.Problems
	if err := merge(&ps, zhibu.ValidateLogin(a.Login)); err != nil {
		return err
	}
	hash, err := s.checkedHash(r, pw, a.Login, a.Name, &ps)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		created, err := s.store.CreateAccount(r.Context(), a, hash)
		if err == nil {
			return redirect(w, r, "/admin/accounts/"+strconv.FormatInt(created.ID, 10), "已新建账号"+created.Login+"。")
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	d := &accountsPage{Form: f}
	d.Problems = ps
	return s.renderAccounts(w, r, http.StatusUnprocessableEntity, d)
}

// checkedHash checks a new password against the security policy and
// hashes it; problems go to ps.
func (s *server) checkedHash(r *http.Request, pw, login, name string, ps *zhibu.Problems) (string, error) {
	st, err := s.auth.Settings(r.Context())
	if err != nil {
		return "", err
	}
	if err := merge(ps, st.Policy.Check(pw, login, name)); err != nil {
		return "", err
	}
	if len(*ps) > 0 {
		return "", nil
	}
	return password.Hash(pw)
}

// accountPage is the data of admin_account.html.
type adminAccountPage struct {
	base
	Account  zhibu.Account
	Sessions int
	Tokens   []store.Token
	NewToken string
	Form     form
	Roles    []option
	Orgs     []option
}

// accountAdmin is GET /admin/accounts/{id}.
func (s *server) accountAdmin(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccountAdmin(w, r, http.StatusOK, &adminAccountPage{Form: form{}})
}

func (s *server) renderAccountAdmin(w http.ResponseWriter, r *http.Request, status int, d *adminAccountPage) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if d.Account, err = s.store.Account(ctx, id); err != nil {
		return err
	}
	if d.Sessions, err = s.store.SessionCount(ctx, id); err != nil {
		return err
	}
	tokens, err := s.store.Tokens(ctx)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		if t.AccountID == id {
			d.Tokens = append(d.Tokens, t)
		}
	}
	for _, role := range zhibu.AdminRoles {
		d.Roles = append(d.Roles, option{string(role), role.Label()})
	}
	d.Title = "账号：" + d.Account.Login
	d.Crumbs = []crumb{{"账号管理", "/admin/accounts"}, {d.Account.Login, ""}}
	return s.render(w, r, status, "admin_account", d)
}

func (s *server) accountAction(w http.ResponseWriter, r *http.Request, do func(id int64) error, done string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := do(id); err != nil {
		return err
	}
	return redirect(w, r, "/admin/accounts/"+strconv.FormatInt(id, 10), done)
}

// accountDisable is POST /admin/accounts/{id}/disable.
func (s *server) accountDisable(w http.ResponseWriter, r *http.Request) error {
	return s.accountAction(w, r, func(id int64) error { return s.store.SetDisabled(r.Context(), id, true) }, "账号已停用，其会话和令牌已失效。")
}

// accountEnable is POST /admin/accounts/{id}/enable.
func (s *server) accountEnable(w http.ResponseWriter, r *http.Request) error {
	return s.accountAction(w, r, func(id int64) error { return s.store.SetDisabled(r.Context(), id, false) }, "账号已启用。")
}

// accountUnlock is POST /admin/accounts/{id}/unlock (security administrator).
func (s *server) accountUnlock(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.Unlock(r.Context(), id); err != nil {
		return err
	}
	return redirect(w, r, "/admin/security", "账号已解锁。")
}

// accountReset is POST /admin/accounts/{id}/password: a new password set
// by the system administrator.
func (s *server) accountReset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	acct, err := s.store.Account(r.Context(), id)
	if err != nil {
		return err
	}
	var ps zhibu.Problems
	hash, err := s.checkedHash(r, r.PostForm.Get("password"), acct.Login, acct.Name, &ps)
	if err != nil {
		return err
	}
	if len(ps) > 0 {
		d := &adminAccountPage{Form: form{}}
		d.Problems = ps
		return s.renderAccountAdmin(w, r, http.StatusUnprocessableEntity, d)
	}
	if err := s.store.SetPassword(r.Context(), id, hash); err != nil {
		return err
	}
	return redirect(w, r, "/admin/accounts/"+strconv.FormatInt(id, 10), "密码已重置，该账号的会话已全部结束。")
}

// accountRoles is POST /admin/accounts/{id}/roles.
func (s *server) accountRoles(w http.ResponseWriter, r *http.Request) error {
	return s.accountAction(w, r, func(id int64) error {
		var roles []zhibu.AccountRole
		for _, v := range r.PostForm["role"] {
			roles = append(roles, zhibu.AccountRole{Role: zhibu.Role(v)})
		}
		if code := clean(r.PostForm.Get("poldept_org")); code != "" {
			o, err := s.store.OrgByCode(zhibu.WithActor(r.Context(), zhibu.System), code)
			if err != nil || o.Kind != zhibu.KindCommittee {
				return zhibu.Problems{{Field: "poldept_org", Label: "政治部所属党委", Message: "政治部所属党委：代码“" + code + "”不是党委"}}
			}
			roles = append(roles, zhibu.AccountRole{Role: zhibu.RolePolDept, OrgID: o.ID})
		}
		return s.store.SetAccountRoles(r.Context(), id, roles)
	}, "角色已更新，该账号的会话已全部结束。")
}

// tokenCreate is POST /admin/accounts/{id}/tokens: the token is shown once.
func (s *server) tokenCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	token, _, err := s.auth.NewAPIToken(r.Context(), id, clean(r.PostForm.Get("name")))
	d := &adminAccountPage{Form: form{}}
	if err != nil {
		if !invalid(err) {
			return err
		}
		d.Problems = problemsOf(err)
		return s.renderAccountAdmin(w, r, http.StatusUnprocessableEntity, d)
	}
	d.NewToken = token
	return s.renderAccountAdmin(w, r, http.StatusOK, d)
}

// tokenRevoke is POST /admin/tokens/{id}/revoke.
func (s *server) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	return redirect(w, r, "/admin/accounts", "令牌已吊销。")
}

// securityPage is the data of admin_security.html.
type securityPage struct {
	base
	Form     form
	Profiles []option
	Locked   []zhibu.Account
}

// securityShow is GET /admin/security: the security policy and locked
// accounts.
func (s *server) securityShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderSecurity(w, r, http.StatusOK, &securityPage{})
}

func (s *server) renderSecurity(w http.ResponseWriter, r *http.Request, status int, d *securityPage) error {
	ctx := r.Context()
	if d.Form == nil {
		set, err := s.store.Settings(ctx)
		if err != nil {
			return err
		}
		d.Form = form{}
		for k, def := range auth.Defaults {
			d.Form[k] = cmpOr(set[k], def)
		}
	}
	d.Profiles = []option{{"dengbao", "等保三级：至少8位，含三类字符，90天更换"}, {"asvs", "OWASP ASVS：至少8位，不限字符类别，不强制更换"}}
	all, err := s.store.Accounts(zhibu.WithActor(ctx, zhibu.System))
	if err != nil {
		return err
	}
	for _, a := range all {
		if a.LockedUntil.After(s.now()) {
			d.Locked = append(d.Locked, a)
		}
	}
	d.Title = "安全策略"
	return s.render(w, r, status, "admin_security", d)
}

// securityUpdate is POST /admin/security.
func (s *server) securityUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	if _, ok := password.PolicyNamed(f[auth.SettingProfile]); !ok {
		ps.Add(auth.SettingProfile, "密码策略", "请选择等保或ASVS")
	}
	limits := []struct {
		name, label string
		lo, hi      int
	}{
		{auth.SettingLockThreshold, "连续失败锁定次数", 3, 10},
		{auth.SettingLockMinutes, "锁定时长（分钟）", 5, 1440},
		{auth.SettingIdleMinutes, "空闲超时（分钟）", 5, 120},
		{auth.SettingAbsoluteHours, "会话最长时限（小时）", 1, 24},
	}
	for _, l := range limits {
		if n, err := strconv.Atoi(f[l.name]); err != nil || n < l.lo || n > l.hi {
			ps.Add(l.name, l.label, "应为"+strconv.Itoa(l.lo)+"至"+strconv.Itoa(l.hi)+"之间的整数")
		}
	}
	if f[auth.SettingTOTPPrivileged] != "true" {
		f[auth.SettingTOTPPrivileged] = "false"
	}
	if len(ps) > 0 {
		d := &securityPage{Form: f}
		d.Problems = ps
		return s.renderSecurity(w, r, http.StatusUnprocessableEntity, d)
	}
	values := map[string]string{}
	for name := range auth.Defaults {
		values[name] = f[name]
	}
	if err := s.store.SetSettings(r.Context(), values); err != nil {
		return err
	}
	return redirect(w, r, "/admin/security", "安全策略已保存。")
}
