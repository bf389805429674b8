// Package auth logs people in and knows who is logged in: passwords
// (argon2id) with lockout after repeated failures, an optional TOTP second
// factor, sessions with idle and absolute timeouts, and API tokens. It
// turns a session or a token into the zhibu.Actor that every query is
// scoped by. The clock is injectable, so timeouts are tested without
// waiting.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"time"

	"zhibu"
	"zhibu/internal/password"
	"zhibu/internal/store"
)

// Settings is the security policy, kept in the store and edited by the
// security administrator.
type Settings struct {
	Policy         password.Policy
	LockThreshold  int           // failures in a row that lock an account
	LockFor        time.Duration // how long a lock lasts
	Idle           time.Duration // a session ends after this long unused
	Absolute       time.Duration // and this long after login, whatever
	TOTPPrivileged bool          // administrators and superiors must use a second factor
}

// Setting names and defaults.
const (
	SettingProfile        = "password.profile"
	SettingLockThreshold  = "login.lock_threshold"
	SettingLockMinutes    = "login.lock_minutes"
	SettingIdleMinutes    = "session.idle_minutes"
	SettingAbsoluteHours  = "session.absolute_hours"
	SettingTOTPPrivileged = "totp.required_privileged"
)

// Defaults are the settings before the security administrator changes any:
// the 等保 password profile, a 15-minute lock after 5 failures, sessions of
// 30 idle minutes and 12 hours at most.
var Defaults = map[string]string{
	SettingProfile:        "dengbao",
	SettingLockThreshold:  "5",
	SettingLockMinutes:    "15",
	SettingIdleMinutes:    "30",
	SettingAbsoluteHours:  "12",
	SettingTOTPPrivileged: "false",
}

// Service is the login and session logic over a store.
type Service struct {
	store *store.Store
	now   func() time.Time
	// hashes holds a slot for each password hash being computed: argon2id
	// takes 19 MiB and a core for ~0.1 s, so unbounded logins at once
	// would exhaust memory.
	hashes chan struct{}
}

// New makes a Service; now is the clock (time.Now outside tests).
func New(s *store.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: s, now: now, hashes: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))}
}

// ErrBusy means too many passwords are being checked at once: the caller
// answers "try again shortly" (HTTP 503 with Retry-After).
var ErrBusy = errors.New("auth: too many password checks at once")

// LoginWait is how long a login waits for a free hashing slot before
// ErrBusy.
const LoginWait = 2 * time.Second

// hashing takes a slot for password hashes, waiting at most wait (0: as
// long as ctx lives). The caller calls release when done.
func (a *Service) hashing(ctx context.Context, wait time.Duration) (release func(), err error) {
	if wait > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, wait)
		defer cancel()
	}
	select {
	case a.hashes <- struct{}{}:
		return func() { <-a.hashes }, nil
	case <-ctx.Done():
		return nil, ErrBusy
	}
}

// Settings reads the security policy, in one query.
func (a *Service) Settings(ctx context.Context) (Settings, error) {
	set, err := a.store.Settings(ctx)
	if err != nil {
		return Settings{}, err
	}
	get := func(name string) string {
		if v, ok := set[name]; ok {
			return v
		}
		return Defaults[name]
	}
	num := func(name string) int {
		n, err := strconv.Atoi(get(name))
		if err != nil || n < 1 {
			n, _ = strconv.Atoi(Defaults[name])
		}
		return n
	}
	st := Settings{
		LockThreshold:  num(SettingLockThreshold),
		LockFor:        time.Duration(num(SettingLockMinutes)) * time.Minute,
		Idle:           time.Duration(num(SettingIdleMinutes)) * time.Minute,
		Absolute:       time.Duration(num(SettingAbsoluteHours)) * time.Hour,
		TOTPPrivileged: get(SettingTOTPPrivileged) == "true",
	}
	var ok bool
	if st.Policy, ok = password.PolicyNamed(get(SettingProfile)); !ok {
		st.Policy = password.DengBao
	}
	return st, nil
}

// ErrBadLogin is the one answer to a failed login, whatever failed: it
// never tells whether the account exists or is locked.
var ErrBadLogin = zhibu.Errorf(zhibu.ErrInvalid, "用户名或密码错误。连续失败多次的账号将被暂时锁定。")

// ErrNeedCode asks for the second factor: the password was right.
var ErrNeedCode = zhibu.Errorf(zhibu.ErrInvalid, "请输入手机验证器上的6位动态验证码。")

// Login checks a login name, password and (if the account has a second
// factor) TOTP code, and starts a session. It returns the session token
// for the cookie. Every failure is counted, audited and answered alike.
// When too many passwords are being checked at once it answers ErrBusy.
func (a *Service) Login(ctx context.Context, login, pw, code, address, userAgent string) (string, error) {
	release, err := a.hashing(ctx, LoginWait)
	if err != nil {
		return "", err
	}
	defer release()
	st, err := a.Settings(ctx)
	if err != nil {
		return "", err
	}
	now := a.now()
	// The audit trail names who tries to log in, not whoever the request
	// was before.
	ctx = zhibu.WithActor(ctx, zhibu.Actor{Name: "（登录名）" + truncate(login, 40), Address: address})
	c, err := a.store.Credentials(ctx, login)
	if errors.Is(err, zhibu.ErrNotFound) {
		password.DummyVerify(pw)
		return "", a.failed(ctx, store.LoginFailure{Why: "未知用户名：" + truncate(login, 40)}, ErrBadLogin)
	}
	if err != nil {
		return "", err
	}
	acct := c.Account
	ctx = zhibu.WithActor(ctx, zhibu.Actor{AccountID: acct.ID, Name: acct.Name, Address: address})
	if acct.Disabled || c.PasswordHash == "" || now.Before(acct.LockedUntil) {
		password.DummyVerify(pw)
		why := "账号已停用"
		if now.Before(acct.LockedUntil) {
			why = "账号锁定中"
		} else if c.PasswordHash == "" {
			why = "账号未设置密码"
		}
		return "", a.failed(ctx, store.LoginFailure{AccountID: acct.ID, Why: why}, ErrBadLogin)
	}
	ok, err := password.Verify(c.PasswordHash, pw)
	if err != nil || !ok {
		return "", a.failure(ctx, st, acct.ID, now, "密码错误", ErrBadLogin)
	}
	if c.TOTPSecret != "" {
		secret, err := a.store.TOTPSecret(c)
		if err != nil {
			return "", err
		}
		if code == "" {
			return "", ErrNeedCode
		}
		step, ok := password.TOTPStep(secret, code, now)
		if ok {
			if ok, err = a.store.UseTOTPStep(ctx, acct.ID, step); err != nil {
				return "", err
			}
		}
		if !ok {
			return "", a.failure(ctx, st, acct.ID, now, "动态验证码错误或已使用过", ErrNeedCode)
		}
	}
	token, err := a.start(ctx, acct.ID, address, userAgent)
	if errors.Is(err, store.ErrLocked) {
		// Parallel wrong guesses locked the account while this one's
		// password was checked.
		return "", a.failed(ctx, store.LoginFailure{AccountID: acct.ID, Why: "账号锁定中"}, ErrBadLogin)
	}
	return token, err
}

// failure counts one more failure in a row, locking the account when
// there are too many. The store counts: see store.LoginFailed.
func (a *Service) failure(ctx context.Context, st Settings, accountID int64, now time.Time, why string, answer error) error {
	return a.failed(ctx, store.LoginFailure{AccountID: accountID, Count: true,
		Threshold: st.LockThreshold, LockFor: st.LockFor, At: now, Why: why}, answer)
}

func (a *Service) failed(ctx context.Context, f store.LoginFailure, answer error) error {
	if _, _, err := a.store.LoginFailed(ctx, f); err != nil {
		return err
	}
	return answer
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// DemoLogin starts a session for a demo account without a password: the
// one-click login of demo mode. Other accounts are refused.
func (a *Service) DemoLogin(ctx context.Context, accountID int64, address, userAgent string) (string, error) {
	acct, err := a.store.Account(ctx, accountID)
	if err != nil || !acct.Demo || acct.Disabled {
		return "", zhibu.Errorf(zhibu.ErrForbidden, "只有演示账号可以一键登录")
	}
	ctx = zhibu.WithActor(ctx, zhibu.Actor{AccountID: acct.ID, Name: acct.Name, Address: address})
	return a.start(ctx, acct.ID, address, userAgent)
}

// start makes a new session id (a new one at every login) and records it.
func (a *Service) start(ctx context.Context, accountID int64, address, userAgent string) (string, error) {
	token := newToken()
	if err := a.store.LoginSucceeded(ctx, accountID, Hash(token), address, userAgent, a.now()); err != nil {
		return "", err
	}
	return token, nil
}

// newToken is 32 random bytes, URL-safe.
func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Hash is how sessions and tokens are kept: SHA-256 of the secret.
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ErrNoSession means the request carries no live session.
var ErrNoSession = errors.New("auth: no session")

// Duty is what an account must do before anything else.
type Duty string

const (
	NoDuty         Duty = ""
	ChangePassword Duty = "password" // the password is older than the policy allows
	EnrollTOTP     Duty = "totp"     // the policy requires a second factor of this role
)

// Session turns a session token into its actor, ending the session if it
// was idle too long or is older than the absolute limit. It also says what
// the account must do first, if anything.
func (a *Service) Session(ctx context.Context, token, address string) (zhibu.Actor, Duty, error) {
	if token == "" {
		return zhibu.Actor{}, NoDuty, ErrNoSession
	}
	h := Hash(token)
	ses, err := a.store.Session(ctx, h)
	if errors.Is(err, zhibu.ErrNotFound) {
		return zhibu.Actor{}, NoDuty, ErrNoSession
	}
	if err != nil {
		return zhibu.Actor{}, NoDuty, err
	}
	st, err := a.Settings(ctx)
	if err != nil {
		return zhibu.Actor{}, NoDuty, err
	}
	now := a.now()
	switch {
	case now.Sub(ses.LastSeen) > st.Idle:
		return zhibu.Actor{}, NoDuty, a.expire(ctx, h, "空闲超时")
	case now.Sub(ses.Created) > st.Absolute:
		return zhibu.Actor{}, NoDuty, a.expire(ctx, h, "会话超过最长时限")
	}
	actor, acct, err := a.store.ActorFor(ctx, ses.AccountID, address)
	if errors.Is(err, zhibu.ErrForbidden) || errors.Is(err, zhibu.ErrNotFound) {
		return zhibu.Actor{}, NoDuty, a.expire(ctx, h, "账号已停用")
	}
	if err != nil {
		return zhibu.Actor{}, NoDuty, err
	}
	// Record activity at most once a minute: not a write per request.
	if now.Sub(ses.LastSeen) > time.Minute {
		if err := a.store.TouchSession(ctx, h, now); err != nil {
			return zhibu.Actor{}, NoDuty, err
		}
	}
	duty := NoDuty
	switch {
	case !acct.Demo && !acct.PasswordAt.IsZero() && st.Policy.Expired(acct.PasswordAt, now):
		duty = ChangePassword
	case st.TOTPPrivileged && !acct.TOTP && !acct.Demo && Privileged(actor):
		duty = EnrollTOTP
	}
	return actor, duty, nil
}

// Privileged reports whether the security policy may require a second
// factor of the actor: administrators, superiors and the political
// department.
func Privileged(a zhibu.Actor) bool {
	for _, r := range []zhibu.Role{zhibu.RoleSystemAdmin, zhibu.RoleSecurityAdmin, zhibu.RoleAuditAdmin, zhibu.RoleSuperior, zhibu.RolePolDept} {
		if a.Has(r) {
			return true
		}
	}
	return false
}

func (a *Service) expire(ctx context.Context, hash, why string) error {
	if err := a.store.EndSession(zhibu.WithActor(ctx, zhibu.Actor{Name: "系统"}), hash, false, why); err != nil {
		return err
	}
	return ErrNoSession
}

// Forget ends one session: the browser logs in again as someone, and the
// session it held before must not outlive it.
func (a *Service) Forget(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return a.store.EndSession(ctx, Hash(token), false, "重新登录")
}

// Logout ends every session of the account the token's session belongs to.
func (a *Service) Logout(ctx context.Context, token string) error {
	return a.store.EndSession(ctx, Hash(token), true, "退出登录")
}

// Token turns an API bearer token into its actor.
func (a *Service) Token(ctx context.Context, token, address string) (zhibu.Actor, error) {
	id, err := a.store.TokenAccount(ctx, Hash(token))
	if errors.Is(err, zhibu.ErrNotFound) {
		return zhibu.Actor{}, ErrNoSession
	}
	if err != nil {
		return zhibu.Actor{}, err
	}
	actor, _, err := a.store.ActorFor(ctx, id, address)
	return actor, err
}

// NewAPIToken makes an API token for an account: the token is returned
// once; only its hash is kept.
func (a *Service) NewAPIToken(ctx context.Context, accountID int64, name string) (string, store.Token, error) {
	token := "zb_" + newToken()
	t, err := a.store.CreateToken(ctx, accountID, name, Hash(token))
	if err != nil {
		return "", store.Token{}, err
	}
	return token, t, nil
}

// SetPassword checks a new password against the policy and stores its hash.
func (a *Service) SetPassword(ctx context.Context, accountID int64, pw string) error {
	st, err := a.Settings(ctx)
	if err != nil {
		return err
	}
	acct, err := a.store.Account(ctx, accountID)
	if err != nil {
		return err
	}
	if err := st.Policy.Check(pw, acct.Login, acct.Name); err != nil {
		return err
	}
	release, err := a.hashing(ctx, 0)
	if err != nil {
		return err
	}
	hash, err := password.Hash(pw)
	release()
	if err != nil {
		return fmt.Errorf("hash: %w", err)
	}
	return a.store.SetPassword(ctx, accountID, hash)
}

// CookieName is the session cookie's name; under TLS the __Host- prefix
// binds it to this host and to Secure.
func CookieName(secure bool) string {
	if secure {
		return "__Host-zhibu_session"
	}
	return "zhibu_session"
}

// ChangePassword changes an account's own password after checking the old
// one.
func (a *Service) ChangePassword(ctx context.Context, accountID int64, old, pw string) error {
	acct, err := a.store.Account(ctx, accountID)
	if err != nil {
		return err
	}
	c, err := a.store.Credentials(ctx, acct.Login)
	if err != nil {
		return err
	}
	release, err := a.hashing(ctx, 0)
	if err != nil {
		return err
	}
	ok, err := password.Verify(c.PasswordHash, old)
	release()
	if err != nil || !ok {
		return zhibu.Problems{{Field: "old", Label: "原密码", Message: "原密码：不正确"}}
	}
	if old == pw {
		return zhibu.Problems{{Field: "password", Label: "新密码", Message: "新密码：不能与原密码相同"}}
	}
	return a.SetPassword(ctx, accountID, pw)
}
