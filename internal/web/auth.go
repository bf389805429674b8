package web

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/auth"
	"zhibu/internal/password"
)

// loginPage is the data of login.html.
type loginPage struct {
	base
	Form     form
	NeedCode bool
	Next     string
	Demo     []zhibu.Account // one-click accounts, in demo mode only
}

// loginForm is GET /login.
func (s *server) loginForm(w http.ResponseWriter, r *http.Request) error {
	d := &loginPage{Form: form{}, Next: safeNext(r.URL.Query().Get("next"))}
	return s.renderLogin(w, r, http.StatusOK, d)
}

func (s *server) renderLogin(w http.ResponseWriter, r *http.Request, status int, d *loginPage) error {
	d.Title = "登录"
	if s.demo {
		var err error
		if d.Demo, err = s.store.DemoAccounts(r.Context()); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "login", d)
}

// login is POST /login.
func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	pw := r.PostForm.Get("password") // as typed: spaces count
	token, err := s.auth.Login(r.Context(), f["login"], pw, f["code"], zhibu.ActorFrom(r.Context()).Address, r.UserAgent())
	if errors.Is(err, auth.ErrBusy) {
		w.Header().Set("Retry-After", "2")
		d := &loginPage{Form: form{"login": f["login"]}, Next: safeNext(r.PostForm.Get("next"))}
		d.Notice = "同时登录的人过多，请稍等几秒后再试。"
		return s.renderLogin(w, r, http.StatusServiceUnavailable, d)
	}
	if err != nil {
		if !invalid(err) {
			return err
		}
		d := &loginPage{Form: form{"login": f["login"]}, Next: safeNext(r.PostForm.Get("next")), NeedCode: errors.Is(err, auth.ErrNeedCode)}
		d.Notice = zhibu.UserMessage(err)
		return s.renderLogin(w, r, http.StatusUnprocessableEntity, d)
	}
	if err := s.setSession(w, r, token); err != nil {
		return err
	}
	return redirect(w, r, cmpOr(safeNext(r.PostForm.Get("next")), "/"), "")
}

// demoLogin is POST /login/demo: one click as a demo account, in demo
// mode only.
func (s *server) demoLogin(w http.ResponseWriter, r *http.Request) error {
	if !s.demo {
		return errPageNotFound
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	token, err := s.auth.DemoLogin(r.Context(), formID(r.PostForm.Get("account_id")), zhibu.ActorFrom(r.Context()).Address, r.UserAgent())
	if err != nil {
		return err
	}
	if err := s.setSession(w, r, token); err != nil {
		return err
	}
	return redirect(w, r, "/", "")
}

// logout is POST /logout.
func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(auth.CookieName(s.secure)); err == nil {
		if err := s.auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: auth.CookieName(s.secure), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	return redirect(w, r, "/login", "已退出登录。")
}

// setSession gives the browser its new session, ending the one it held
// before, if any.
func (s *server) setSession(w http.ResponseWriter, r *http.Request, token string) error {
	if c, err := r.Cookie(auth.CookieName(s.secure)); err == nil && c.Value != token {
		if err := s.auth.Forget(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: auth.CookieName(s.secure), Value: token, Path: "/",
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

// safeNext keeps a redirect after login on this site: a local path of at
// most 1,000 printable ASCII characters (a request URI as the server saw
// it is escaped), with no scheme or host. Browsers drop tabs and line
// breaks from a URL and read a backslash as a slash, so "/\t/evil" and
// "/\\evil" lead to another site: such characters are refused, not
// cleaned. Anything else answers "" (the home page).
func safeNext(next string) string {
	if len(next) > 1000 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return ""
	}
	for i := 0; i < len(next); i++ {
		if c := next[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || u.Path == "/login" || strings.HasPrefix(u.Path, "/login/") {
		return ""
	}
	return next
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// home is GET /: each kind of user starts where their work is.
func (s *server) home(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, homeOf(zhibu.ActorFrom(r.Context())), http.StatusFound)
	return nil
}

// homeOf is where actor a starts, the page the logo leads to: a branch's
// secretary, officers and group leaders their list of duties; a seat on a
// committee above branches or the political department the matrix of
// every branch; an administrator their own pages; a member their own
// record. Each is a page the actor may use.
func homeOf(a zhibu.Actor) string {
	if a.AccountID == 0 && !a.Scope.All {
		return "/"
	}
	for _, r := range []zhibu.Role{zhibu.RoleSecretary, zhibu.RoleOrgOfficer, zhibu.RolePropaganda, zhibu.RoleDiscipline,
		zhibu.RoleCommittee, zhibu.RoleGroupLeader} {
		if a.Has(r) && a.PersonID != 0 {
			return "/duties"
		}
	}
	switch {
	case a.Scope.All:
		return "/orgs" // the system itself, or an account that sees everything
	case (a.Has(zhibu.RoleSuperior) || a.Has(zhibu.RolePolDept)) && access.Holds(a, zhibu.PermOrgRead):
		return "/matrix"
	case a.Can(zhibu.PermAccounts, ""):
		return "/admin/accounts"
	case a.Can(zhibu.PermSecurity, ""):
		return "/admin/security"
	case a.Can(zhibu.PermAuditRead, ""):
		return "/admin/audit"
	case a.PersonID != 0:
		return personHref(a.PersonID)
	case len(a.Scope.Paths) > 0 || a.Scope.All:
		return "/orgs"
	}
	return "/account"
}

// accountPage is the data of account.html.
type accountPage struct {
	base
	Account zhibu.Account
	Roles   []string
	Form    form
	Policy  password.Policy
	TOTPNew string   // a secret being set up
	TOTPQR  string   // its QR code as a data: URL
	Forced  string   // why the account must act before doing anything else
	Feeds   feedCard // calendar subscriptions (ical.go)
}

// accountShow is GET /account: one's own account, password and second factor.
func (s *server) accountShow(w http.ResponseWriter, r *http.Request) error {
	d := &accountPage{Form: form{}}
	if r.URL.Query().Get("setup") == "totp" {
		if err := s.newTOTP(r, d); err != nil {
			return err
		}
	}
	return s.renderAccount(w, r, http.StatusOK, d)
}

func (s *server) renderAccount(w http.ResponseWriter, r *http.Request, status int, d *accountPage) error {
	ctx := r.Context()
	a := zhibu.ActorFrom(ctx)
	acct, err := s.store.Account(ctx, a.AccountID)
	if err != nil {
		return err
	}
	st, err := s.auth.Settings(ctx)
	if err != nil {
		return err
	}
	d.Title, d.Account, d.Policy = "我的账号", acct, st.Policy
	for _, role := range a.Roles {
		d.Roles = append(d.Roles, role.Label())
	}
	d.Forced = forcedReason(r)
	if err := s.loadFeeds(ctx, &d.Feeds); err != nil {
		return err
	}
	return s.render(w, r, status, "account", d)
}

func (s *server) newTOTP(r *http.Request, d *accountPage) error {
	a := zhibu.ActorFrom(r.Context())
	secret, url, err := password.NewTOTP("支部工作台", a.Name)
	if err != nil {
		return err
	}
	png, err := password.TOTPQRCodePNG(url, 200)
	if err != nil {
		return err
	}
	d.TOTPNew, d.TOTPQR = secret, "data:image/png;base64,"+base64.StdEncoding.EncodeToString(png)
	return nil
}

// accountPassword is POST /account/password.
func (s *server) accountPassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a := zhibu.ActorFrom(r.Context())
	old, pw := r.PostForm.Get("old"), r.PostForm.Get("password")
	var ps zhibu.Problems
	if pw != r.PostForm.Get("confirm") {
		ps.Add("confirm", "确认新密码", "两次输入的新密码不一致")
	}
	if len(ps) == 0 {
		err := s.auth.ChangePassword(r.Context(), a.AccountID, old, pw)
		if !invalid(err) && err != nil {
			return err
		}
		if err == nil {
			// Every session ended with the change: log in again.
			http.SetCookie(w, &http.Cookie{Name: auth.CookieName(s.secure), Value: "", Path: "/", MaxAge: -1,
				HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
			return redirect(w, r, "/login", "密码已修改，请用新密码重新登录。")
		}
		ps = problemsOf(err)
	}
	d := &accountPage{Form: form{}}
	d.Problems = ps
	return s.renderAccount(w, r, http.StatusUnprocessableEntity, d)
}

// accountTOTP is POST /account/totp: turn the second factor on (with a
// code from the new secret) or off.
func (s *server) accountTOTP(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	a := zhibu.ActorFrom(ctx)
	f := formFrom(r.PostForm)
	if f["off"] == "1" {
		st, err := s.auth.Settings(ctx)
		if err != nil {
			return err
		}
		if st.TOTPPrivileged && auth.Privileged(a) {
			return zhibu.Errorf(zhibu.ErrForbidden, "安全策略要求您的角色使用双因素认证，不能关闭")
		}
		if err := s.store.SetTOTP(ctx, a.AccountID, ""); err != nil {
			return err
		}
		return redirect(w, r, "/login", "已关闭双因素认证，请重新登录。")
	}
	if password.ValidateTOTP(f["secret"], f["code"], s.now()) {
		if err := s.store.SetTOTP(ctx, a.AccountID, f["secret"]); err != nil {
			return err
		}
		return redirect(w, r, "/login", "已开启双因素认证，请重新登录。")
	}
	d := &accountPage{Form: form{}}
	d.Problems.Add("code", "动态验证码", "不正确，请核对手机验证器上的6位数字后重试")
	d.TOTPNew = f["secret"]
	otpURL := (&url.URL{Scheme: "otpauth", Host: "totp", Path: "/支部工作台:" + a.Name,
		RawQuery: url.Values{"secret": {f["secret"]}, "issuer": {"支部工作台"}}.Encode()}).String()
	if png, err := password.TOTPQRCodePNG(otpURL, 200); err == nil {
		d.TOTPQR = "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
	}
	return s.renderAccount(w, r, http.StatusUnprocessableEntity, d)
}

// dutyKey carries, on a request's context, what the account must do first.
type dutyKey struct{}

// WithDuty marks a request's context with what its account must do before
// anything else; the UI then sends every page to the account page.
func WithDuty(ctx context.Context, d auth.Duty) context.Context {
	return context.WithValue(ctx, dutyKey{}, d)
}

func dutyOf(r *http.Request) auth.Duty {
	d, _ := r.Context().Value(dutyKey{}).(auth.Duty)
	return d
}

// forcedReason says why the account must act first.
func forcedReason(r *http.Request) string {
	switch dutyOf(r) {
	case auth.ChangePassword:
		return "您的密码已超过安全策略规定的有效期，请先修改密码。"
	case auth.EnrollTOTP:
		return "安全策略要求您的角色使用双因素认证，请先开启。"
	}
	return ""
}
