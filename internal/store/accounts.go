package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/audit"
)

// nullTime reads a nullable timestamp as the zero time.
type nullTime struct{ t *time.Time }

func (n nullTime) Scan(src any) error {
	if src == nil {
		*n.t = time.Time{}
		return nil
	}
	var ts timeScan
	if err := ts.Scan(src); err != nil {
		return err
	}
	*n.t = ts.t
	return nil
}

// nullStamp is NULL for the zero time.
func nullStamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// Credentials are what a login checks: never shown, never in JSON.
type Credentials struct {
	Account      zhibu.Account
	PasswordHash string
	TOTPSecret   string
	Failed       int
}

const accountColumns = `a.id, a.login, a.person_id, a.display_name, a.disabled, a.totp_secret <> '', a.demo, a.locked_until, a.password_changed_at`

func scanAccount(row interface{ Scan(...any) error }, a *zhibu.Account, extra ...any) error {
	return row.Scan(append([]any{&a.ID, &a.Login, idScan{&a.PersonID}, &a.Name, &a.Disabled, &a.TOTP, &a.Demo,
		nullTime{&a.LockedUntil}, nullTime{&a.PasswordAt}}, extra...)...)
}

// CreateAccount adds an account with a password hash ("" for none: such an
// account cannot log in with a password). An account for a person takes
// the person's name. The actor must manage accounts.
func (s *Store) CreateAccount(ctx context.Context, a zhibu.Account, passwordHash string) (zhibu.Account, error) {
	if err := s.canManageAccounts(ctx); err != nil {
		return zhibu.Account{}, err
	}
	a.Login = strings.TrimSpace(a.Login)
	if err := zhibu.ValidateLogin(a.Login); err != nil {
		return zhibu.Account{}, err
	}
	if a.PersonID != 0 {
		var name string
		err := s.db.QueryRowContext(ctx, `SELECT name FROM people WHERE id = $1`, a.PersonID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return zhibu.Account{}, zhibu.Problems{{Field: "person_id", Label: "人员", Message: "人员：不存在"}}
		}
		if err != nil {
			return zhibu.Account{}, fmt.Errorf("create account: %w", err)
		}
		a.Name = name
	}
	if strings.TrimSpace(a.Name) == "" {
		a.Name = a.Login
	}
	var changed any
	if passwordHash != "" {
		changed = s.stamp()
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		err := tx.QueryRowContext(ctx, `INSERT INTO accounts (login, person_id, display_name, password_hash, password_changed_at, demo, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, a.Login, nullID(a.PersonID), a.Name, passwordHash, changed, a.Demo, now).Scan(&a.ID)
		if s.dialect.isUniqueViolation(err) {
			return zhibu.Problems{{Field: "login", Label: "用户名", Message: "用户名：“" + a.Login + "”已被使用，或该人员已有账号"}}
		}
		if err != nil {
			return err
		}
		if err := s.writeRoles(ctx, tx, a.ID, a.Roles); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.AccountCreate, ObjectType: "account", ObjectID: fmt.Sprint(a.ID), Result: "ok",
			Detail: "新建账号" + a.Login + rolesText(a.Roles)})
	})
	if err != nil {
		return zhibu.Account{}, fmt.Errorf("create account: %w", err)
	}
	return s.Account(ctx, a.ID)
}

func rolesText(roles []zhibu.AccountRole) string {
	if len(roles) == 0 {
		return ""
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.Role.Label()
	}
	return "，角色：" + strings.Join(names, "、")
}

func (s *Store) canManageAccounts(ctx context.Context) error {
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermAccounts, "") {
		return zhibu.Errorf(zhibu.ErrForbidden, "只有系统管理员可以管理账号")
	}
	return nil
}

func (s *Store) writeRoles(ctx context.Context, tx *sql.Tx, accountID int64, roles []zhibu.AccountRole) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM account_roles WHERE account_id = $1`, accountID); err != nil {
		return err
	}
	for _, r := range roles {
		if r.Role != zhibu.RolePolDept && r.Role != zhibu.RoleSystemAdmin && r.Role != zhibu.RoleSecurityAdmin && r.Role != zhibu.RoleAuditAdmin {
			return zhibu.Problems{{Field: "roles", Label: "角色", Message: "角色：“" + string(r.Role) + "”不能直接授予，职务角色来自所任职务"}}
		}
		if (r.Role == zhibu.RolePolDept) != (r.OrgID != 0) {
			return zhibu.Problems{{Field: "roles", Label: "角色", Message: "角色：政治部须指定所属党委，管理员角色不指定组织"}}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO account_roles (account_id, role, org_id, created_at) VALUES ($1, $2, $3, $4)`,
			accountID, string(r.Role), nullID(r.OrgID), s.stamp()); err != nil {
			return err
		}
	}
	return nil
}

// Account returns one account (without credentials).
func (s *Store) Account(ctx context.Context, id int64) (zhibu.Account, error) {
	return s.accountWhere(ctx, "a.id = $1", id)
}

func (s *Store) accountWhere(ctx context.Context, cond string, arg any) (zhibu.Account, error) {
	var a zhibu.Account
	err := scanAccount(s.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE `+cond, arg), &a)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.Account{}, notFound("账号")
	}
	if err != nil {
		return zhibu.Account{}, fmt.Errorf("account: %w", err)
	}
	a.Roles, err = s.accountRoles(ctx, a.ID)
	return a, err
}

func (s *Store) accountRoles(ctx context.Context, id int64) ([]zhibu.AccountRole, error) {
	rows, err := s.queryRows(ctx, `SELECT r.role, r.org_id, o.path FROM account_roles r LEFT JOIN orgs o ON o.id = r.org_id
		WHERE r.account_id = $1 ORDER BY r.role`, id)
	if err != nil {
		return nil, fmt.Errorf("account roles: %w", err)
	}
	defer rows.Close()
	roles := []zhibu.AccountRole{}
	for rows.Next() {
		var r zhibu.AccountRole
		if err := rows.Scan(&r.Role, idScan{&r.OrgID}, textScan{&r.OrgPath}); err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	return roles, rows.Err()
}

// AccountByLogin returns an account for `zhibu user` commands.
func (s *Store) AccountByLogin(ctx context.Context, login string) (zhibu.Account, error) {
	return s.accountWhere(ctx, "a.login = $1", strings.TrimSpace(login))
}

// Accounts lists every account, by login. The actor must manage accounts.
func (s *Store) Accounts(ctx context.Context) ([]zhibu.Account, error) {
	if err := s.canManageAccounts(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts a ORDER BY a.login`)
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	var out []zhibu.Account
	for rows.Next() {
		var a zhibu.Account
		if err := scanAccount(rows, &a); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Roles, err = s.accountRoles(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DemoAccounts lists the demo's accounts, for the one-click login of demo
// mode.
func (s *Store) DemoAccounts(ctx context.Context) ([]zhibu.Account, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.demo = $1 AND a.disabled = $2 ORDER BY a.id`, true, false)
	if err != nil {
		return nil, fmt.Errorf("demo accounts: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Account
	for rows.Next() {
		var a zhibu.Account
		if err := scanAccount(rows, &a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Credentials returns what a login checks, for the login itself (no actor
// is needed: nobody is logged in yet).
func (s *Store) Credentials(ctx context.Context, login string) (Credentials, error) {
	var c Credentials
	err := scanAccount(s.db.QueryRowContext(ctx, `SELECT `+accountColumns+`, a.password_hash, a.totp_secret, a.failed_logins
		FROM accounts a WHERE a.login = $1`, strings.TrimSpace(login)), &c.Account, &c.PasswordHash, &c.TOTPSecret, &c.Failed)
	if errors.Is(err, sql.ErrNoRows) {
		return Credentials{}, notFound("账号")
	}
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials: %w", err)
	}
	return c, nil
}

// LoginFailure is one failed login to record.
type LoginFailure struct {
	AccountID int64         // 0: no account has the login name
	Count     bool          // count it towards the lock (false: the account is locked, disabled or has no password)
	Threshold int           // failures in a row that lock the account
	LockFor   time.Duration // how long a lock lasts
	At        time.Time     // the login's time (the caller's clock)
	Why       string        // for the audit trail
}

// LoginFailed records a failed login in the audit trail and, if f.Count,
// counts it: in the database, one more failure in a row (afresh after a
// lock that has run out), and a lock when the count reaches f.Threshold.
// The count is an increment, not a value read before the password's hash
// was checked, so that parallel guesses are all counted. It returns the
// failures in a row and the lock's end (zero: not locked now).
func (s *Store) LoginFailed(ctx context.Context, f LoginFailure) (failed int, lockedUntil time.Time, err error) {
	at := f.At.UTC()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		why := f.Why
		if f.AccountID != 0 && f.Count {
			if _, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_logins = 0, locked_until = NULL
				WHERE id = $1 AND locked_until <= $2`, f.AccountID, at); err != nil {
				return err
			}
			err := tx.QueryRowContext(ctx, `UPDATE accounts SET failed_logins = failed_logins + 1
				WHERE id = $1 AND locked_until IS NULL RETURNING failed_logins`, f.AccountID).Scan(&failed)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				why += "（账号已锁定）" // locked by a parallel guess meanwhile
			case err != nil:
				return err
			case failed >= f.Threshold:
				lockedUntil = at.Add(f.LockFor).Truncate(time.Microsecond)
				if _, err := tx.ExecContext(ctx, `UPDATE accounts SET locked_until = $1 WHERE id = $2`, lockedUntil, f.AccountID); err != nil {
					return err
				}
				why += fmt.Sprintf("，连续失败%d次，锁定至%s", failed, lockedUntil.In(zhibu.DefaultZone).Format("15:04"))
			}
		}
		return s.audit(ctx, tx, Event{Action: audit.LoginFailed, ObjectType: "account", ObjectID: idText(f.AccountID), Result: "refused", Detail: why})
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("login failed: %w", err)
	}
	return failed, lockedUntil, nil
}

// ErrLocked is LoginSucceeded's answer for an account locked after its
// password was checked (by parallel wrong guesses).
var ErrLocked = zhibu.Errorf(zhibu.ErrForbidden, "账号锁定中")

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return fmt.Sprint(id)
}

// LoginSucceeded clears an account's failures and starts a session kept by
// the hash of its id, at the login's time (the caller's clock). An account
// locked meanwhile answers ErrLocked.
func (s *Store) LoginSucceeded(ctx context.Context, accountID int64, sessionHash, address, userAgent string, at time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := at.UTC().Truncate(time.Microsecond)
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_logins = 0, locked_until = NULL
			WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)`, accountID, now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrLocked
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, account_id, created_at, last_seen_at, address, user_agent)
			VALUES ($1, $2, $3, $3, $4, $5)`, sessionHash, accountID, now, address, truncate(userAgent, 300)); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.Login, ObjectType: "account", ObjectID: fmt.Sprint(accountID), Result: "ok"})
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Session is a logged-in browser.
type Session struct {
	AccountID int64
	Created   time.Time
	LastSeen  time.Time
}

// Session returns the session with the given id hash, or ErrNotFound.
func (s *Store) Session(ctx context.Context, idHash string) (Session, error) {
	var ses Session
	var created, seen timeScan
	err := s.queryRow(ctx, `SELECT account_id, created_at, last_seen_at FROM sessions WHERE id_hash = $1`, idHash).
		Scan(&ses.AccountID, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, notFound("会话")
	}
	if err != nil {
		return Session{}, fmt.Errorf("session: %w", err)
	}
	ses.Created, ses.LastSeen = created.t, seen.t
	return ses, nil
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	_, err := s.wdb.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, at.UTC(), idHash)
	return err
}

// EndSession ends one session (expiry found on use), or with all true
// every session of its account (logout ends them all).
func (s *Store) EndSession(ctx context.Context, idHash string, all bool, why string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var accountID int64
		err := tx.QueryRowContext(ctx, `SELECT account_id FROM sessions WHERE id_hash = $1`, idHash).Scan(&accountID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		del, arg := `DELETE FROM sessions WHERE id_hash = $1`, any(idHash)
		if all {
			del, arg = `DELETE FROM sessions WHERE account_id = $1`, accountID
		}
		if _, err := tx.ExecContext(ctx, del, arg); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.Logout, ObjectType: "account", ObjectID: fmt.Sprint(accountID), Result: "ok", Detail: why})
	})
}

// endSessions ends every session of the accounts of the given people, in
// tx: their rights are about to change (a position, an org).
func endSessions(ctx context.Context, tx *sql.Tx, personIDs ...int64) error {
	for _, id := range personIDs {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE person_id = $1)`, id); err != nil {
			return err
		}
	}
	return nil
}

// accountChange runs a change of an account in a transaction that also
// ends the account's sessions and records the change.
func (s *Store) accountChange(ctx context.Context, id int64, action audit.Action, detail string, fn func(tx *sql.Tx) error) error {
	if _, err := s.Account(ctx, id); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id = $1`, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: action, ObjectType: "account", ObjectID: fmt.Sprint(id), Result: "ok", Detail: detail})
	})
}

// SetPassword replaces an account's password hash and ends its sessions.
// The account's own holder may do it, and so may the system administrator
// (a reset).
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) error {
	a := zhibu.ActorFrom(ctx)
	if a.AccountID != id && !a.Can(zhibu.PermAccounts, "") {
		return zhibu.Errorf(zhibu.ErrForbidden, "无权修改他人密码")
	}
	action := audit.AccountPass
	if a.AccountID != id {
		action = audit.AccountReset
	}
	return s.accountChange(ctx, id, action, "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET password_hash = $1, password_changed_at = $2, failed_logins = 0,
			locked_until = NULL, updated_at = $2 WHERE id = $3`, hash, s.stamp(), id)
		return err
	})
}

// SetDisabled disables or enables an account; disabling ends its sessions
// and revokes its API tokens.
func (s *Store) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	if err := s.canManageAccounts(ctx); err != nil {
		return err
	}
	action := audit.AccountEnable
	if disabled {
		action = audit.AccountDisable
	}
	return s.accountChange(ctx, id, action, "", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET disabled = $1, updated_at = $2 WHERE id = $3`, disabled, s.stamp(), id); err != nil {
			return err
		}
		if !disabled {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL`, s.stamp(), id)
		return err
	})
}

// SetAccountRoles replaces the roles given to an account (a permission
// change: its sessions end).
func (s *Store) SetAccountRoles(ctx context.Context, id int64, roles []zhibu.AccountRole) error {
	if err := s.canManageAccounts(ctx); err != nil {
		return err
	}
	return s.accountChange(ctx, id, audit.AccountRoles, "角色改为"+strings.TrimPrefix(rolesText(roles), "，角色："), func(tx *sql.Tx) error {
		return s.writeRoles(ctx, tx, id, roles)
	})
}

// SetTOTP sets (or with "" clears) an account's second-factor secret.
func (s *Store) SetTOTP(ctx context.Context, id int64, secret string) error {
	a := zhibu.ActorFrom(ctx)
	if a.AccountID != id && !a.Can(zhibu.PermSecurity, "") {
		return zhibu.Errorf(zhibu.ErrForbidden, "无权修改他人的双因素认证")
	}
	action := audit.AccountTOTPOn
	if secret == "" {
		action = audit.AccountTOTPOff
	}
	return s.accountChange(ctx, id, action, "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET totp_secret = $1, updated_at = $2 WHERE id = $3`, s.box.Seal(secret, "accounts.totp"), s.stamp(), id)
		return err
	})
}

// UseTOTPStep records that a second-factor code of the given 30-second
// step was used, and reports false if that step (or a later one) was
// used before: a code works once.
func (s *Store) UseTOTPStep(ctx context.Context, accountID, step int64) (bool, error) {
	res, err := s.wdb.ExecContext(ctx, `UPDATE accounts SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1`, step, accountID)
	if err != nil {
		return false, fmt.Errorf("totp step: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// TOTPSecret decrypts a sealed second-factor secret from Credentials.
func (s *Store) TOTPSecret(c Credentials) (string, error) {
	return s.box.Open(c.TOTPSecret, "accounts.totp")
}

// Unlock clears an account's failed logins (the security administrator).
func (s *Store) Unlock(ctx context.Context, id int64) error {
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermSecurity, "") {
		return zhibu.Errorf(zhibu.ErrForbidden, "只有安全管理员可以解锁账号")
	}
	return s.accountChange(ctx, id, audit.AccountUnlock, "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1`, id)
		return err
	})
}

// ActorFor builds the actor of an account: its person's current positions
// and its given roles, turned into rights by zhibu.Rights. It returns the
// account too.
func (s *Store) ActorFor(ctx context.Context, accountID int64, address string) (zhibu.Actor, zhibu.Account, error) {
	a, err := s.Account(ctx, accountID)
	if err != nil {
		return zhibu.Actor{}, a, err
	}
	if a.Disabled {
		return zhibu.Actor{}, a, zhibu.Errorf(zhibu.ErrForbidden, "账号已停用")
	}
	var holdings []zhibu.Holding
	if a.PersonID != 0 {
		rows, err := s.queryRows(ctx, `SELECT st.position, `+orgColumns+` FROM seats st JOIN orgs o ON o.id = st.org_id
			WHERE st.person_id = $1 AND st.end_on IS NULL`, a.PersonID)
		if err != nil {
			return zhibu.Actor{}, a, fmt.Errorf("actor: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var h zhibu.Holding
			o := &h.Org
			if err := rows.Scan(&h.Position, &o.ID, &o.Code, &o.Name, &o.Kind, idScan{&o.ParentID}, &o.Path, &o.Depth, &o.FoundedOn); err != nil {
				return zhibu.Actor{}, a, fmt.Errorf("actor: %w", err)
			}
			holdings = append(holdings, h)
		}
		if err := rows.Err(); err != nil {
			return zhibu.Actor{}, a, err
		}
	}
	roles, grants, scope := zhibu.Rights(a.PersonID, holdings, a.Roles)
	return zhibu.Actor{AccountID: a.ID, PersonID: a.PersonID, Name: a.Name, Roles: roles, Grants: grants, Scope: scope, Address: address}, a, nil
}

// PersonRef names a person without any personal data: what the system
// administrator sees to link an account to a person.
type PersonRef struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	OrgName string `json:"org_name"`
	Account string `json:"account,omitempty"` // the login already linked, if any
}

// LookupPeople finds people by name for linking accounts, whatever the
// actor's scope, returning names and orgs only. The actor must hold
// PermPeopleLookup.
func (s *Store) LookupPeople(ctx context.Context, name string) ([]PersonRef, error) {
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermPeopleLookup, "") {
		return nil, zhibu.Errorf(zhibu.ErrForbidden, "无权查找人员")
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.name, o.name, a.login FROM people p JOIN orgs o ON o.id = p.org_id
		LEFT JOIN accounts a ON a.person_id = p.id WHERE p.name LIKE $1 ESCAPE '\' ORDER BY p.name, p.id LIMIT 50`, "%"+likeEscape(name)+"%")
	if err != nil {
		return nil, fmt.Errorf("lookup people: %w", err)
	}
	defer rows.Close()
	var out []PersonRef
	for rows.Next() {
		var p PersonRef
		if err := rows.Scan(&p.ID, &p.Name, &p.OrgName, textScan{&p.Account}); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SessionCount counts the live sessions of an account.
func (s *Store) SessionCount(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE account_id = $1`, accountID).Scan(&n)
	return n, err
}

// AccountCount is how many accounts exist (none: the first administrator
// is still to be made).
func (s *Store) AccountCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts`).Scan(&n)
	return n, err
}
