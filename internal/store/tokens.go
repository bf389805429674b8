package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/audit"
)

// Token is an API token's record; the token itself is shown once, at
// creation, and kept only as a hash.
type Token struct {
	ID        int64     `json:"id"`
	AccountID int64     `json:"account_id"`
	Login     string    `json:"login"`
	Name      string    `json:"name"`
	Created   time.Time `json:"created_at"`
	LastUsed  time.Time `json:"last_used_at,omitzero"`
	Revoked   time.Time `json:"revoked_at,omitzero"`
}

// CreateToken records a token for an account under the hash of its value.
func (s *Store) CreateToken(ctx context.Context, accountID int64, name, hash string) (Token, error) {
	if err := s.canManageAccounts(ctx); err != nil {
		return Token{}, err
	}
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 60 {
		return Token{}, zhibu.Problems{{Field: "name", Label: "令牌名称", Message: "令牌名称：应为1至60个字"}}
	}
	if _, err := s.Account(ctx, accountID); err != nil {
		return Token{}, err
	}
	t := Token{AccountID: accountID, Name: name, Created: s.stamp()}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (account_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			accountID, name, hash, t.Created).Scan(&t.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.TokenCreate, ObjectType: "account", ObjectID: fmt.Sprint(accountID), Result: "ok", Detail: "令牌：" + name})
	})
	if err != nil {
		return Token{}, fmt.Errorf("create token: %w", err)
	}
	return t, nil
}

// TokenAccount returns the account a live token belongs to, and records
// its use: at most once a minute, as a session's, so that the requests of
// one client do not each wait for the single SQLite writer. The time of
// the last use is read from the database, so this holds for any number of
// servers.
func (s *Store) TokenAccount(ctx context.Context, hash string) (int64, error) {
	var id, accountID int64
	var last time.Time
	err := s.queryRow(ctx, `SELECT t.id, t.account_id, t.last_used_at FROM api_tokens t JOIN accounts a ON a.id = t.account_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND a.disabled = $2`, hash, false).Scan(&id, &accountID, nullTime{&last})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("令牌")
	}
	if err != nil {
		return 0, fmt.Errorf("token: %w", err)
	}
	if now := s.stamp(); last.IsZero() || now.Sub(last) >= tokenTouch || now.Before(last) {
		_, err = s.wdb.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, id)
	}
	return accountID, err
}

// tokenTouch is how often a token's last use is recorded at most.
const tokenTouch = time.Minute

// Tokens lists the tokens of every account.
func (s *Store) Tokens(ctx context.Context) ([]Token, error) {
	if err := s.canManageAccounts(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.account_id, a.login, t.name, t.created_at, t.last_used_at, t.revoked_at
		FROM api_tokens t JOIN accounts a ON a.id = t.account_id ORDER BY t.id`)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var created timeScan
		if err := rows.Scan(&t.ID, &t.AccountID, &t.Login, &t.Name, &created, nullTime{&t.LastUsed}, nullTime{&t.Revoked}); err != nil {
			return nil, err
		}
		t.Created = created.t
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token for good.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	if err := s.canManageAccounts(ctx); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, s.stamp(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("令牌")
		}
		return s.audit(ctx, tx, Event{Action: audit.TokenRevoke, ObjectType: "token", ObjectID: fmt.Sprint(id), Result: "ok"})
	})
}

// Settings returns every security setting that was set, by name.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.queryRows(ctx, `SELECT name, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// SetSettings changes security settings, all or none (the security
// administrator).
func (s *Store) SetSettings(ctx context.Context, values map[string]string) error {
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermSecurity, "") {
		return zhibu.Errorf(zhibu.ErrForbidden, "只有安全管理员可以修改安全策略")
	}
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var detail []string
		for _, name := range names {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value, updated_at) VALUES ($1, $2, $3)
				ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, name, values[name], s.stamp()); err != nil {
				return err
			}
			detail = append(detail, name+"="+values[name])
		}
		return s.audit(ctx, tx, Event{Action: audit.SettingsChange, ObjectType: "settings", Result: "ok", Detail: strings.Join(detail, "；")})
	})
}
