package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"zhibu"
	"zhibu/internal/audit"
)

// Feed is an iCalendar subscription of an account: its own duties (OrgID
// 0, a person feed) or one org's calendar (an org feed). The token is shown
// once, when the feed is made, and kept only as a hash; whoever holds it
// reads the feed without logging in, with the rights the account has at
// the time of each request.
type Feed struct {
	ID        int64     `json:"id"`
	AccountID int64     `json:"account_id"`
	OrgID     int64     `json:"org_id,omitempty"` // 0: the account's own duties
	OrgName   string    `json:"org_name,omitempty"`
	OrgPath   string    `json:"-"`
	Created   time.Time `json:"created_at"`
	Revoked   time.Time `json:"revoked_at,omitzero"`
}

// Person reports whether the feed is the account's own duties.
func (f Feed) Person() bool { return f.OrgID == 0 }

// MaxFeeds bounds the live feeds of one account.
const MaxFeeds = 20

// FeedOrgKinds are the kinds of org whose calendar can be subscribed to:
// a group's meetings come with its branch's.
var FeedOrgKinds = []zhibu.OrgKind{zhibu.KindCommittee, zhibu.KindGeneralBranch, zhibu.KindBranch}

// CreateFeed records a feed of the acting account under the hash of its
// token: its person's duties (orgID 0), or the calendar of an org it may
// read now (a branch, general branch or committee).
func (s *Store) CreateFeed(ctx context.Context, orgID int64, hash string) (Feed, error) {
	a := zhibu.ActorFrom(ctx)
	if a.AccountID == 0 {
		return Feed{}, zhibu.Errorf(zhibu.ErrForbidden, "请先登录")
	}
	if len(hash) != 64 {
		return Feed{}, errors.New("create feed: not a token hash")
	}
	f := Feed{AccountID: a.AccountID, OrgID: orgID, Created: s.stamp()}
	detail := "个人日历订阅"
	if orgID == 0 {
		if a.PersonID == 0 {
			return Feed{}, zhibu.Problems{{Field: "kind", Label: "订阅范围", Message: "订阅范围：账号未关联人员，没有个人日历"}}
		}
	} else {
		org, err := s.Org(ctx, orgID)
		if err != nil {
			return Feed{}, err
		}
		if !a.Can(zhibu.PermOrgRead, org.Path) {
			return Feed{}, notFound("组织")
		}
		if !kindIn(org.Kind, FeedOrgKinds) {
			return Feed{}, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：只能订阅党委、党总支或党支部的日历（党小组的会议含在支部日历中）"}}
		}
		f.OrgName, f.OrgPath = org.Name, org.Path
		detail = "组织日历订阅：" + org.Name
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM feed_tokens WHERE account_id = $1 AND revoked_at IS NULL`, a.AccountID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxFeeds {
			return zhibu.Problems{{Field: "kind", Label: "订阅范围", Message: fmt.Sprintf("订阅范围：每个账号最多%d个有效的日历订阅，请先吊销不用的", MaxFeeds)}}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO feed_tokens (account_id, org_id, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			a.AccountID, nullID(orgID), hash, f.Created).Scan(&f.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.FeedCreate, ObjectType: "feed", ObjectID: fmt.Sprint(f.ID), OrgPath: f.OrgPath, Result: "ok", Detail: detail})
	})
	var ps zhibu.Problems
	if errors.As(err, &ps) {
		return Feed{}, ps
	}
	if err != nil {
		return Feed{}, fmt.Errorf("create feed: %w", err)
	}
	return f, nil
}

func kindIn(k zhibu.OrgKind, kinds []zhibu.OrgKind) bool {
	for _, x := range kinds {
		if k == x {
			return true
		}
	}
	return false
}

const feedColumns = `f.id, f.account_id, f.org_id, o.name, o.path, f.created_at, f.revoked_at`

func scanFeed(row interface{ Scan(...any) error }, f *Feed) error {
	var created timeScan
	if err := row.Scan(&f.ID, &f.AccountID, idScan{&f.OrgID}, textScan{&f.OrgName}, textScan{&f.OrgPath}, &created, nullTime{&f.Revoked}); err != nil {
		return err
	}
	f.Created = created.t.UTC()
	if !f.Revoked.IsZero() {
		f.Revoked = f.Revoked.UTC()
	}
	return nil
}

// FeedByHash returns the live feed with a token's hash, whatever the
// actor: it is how a feed request finds its account. A revoked feed, and
// any feed of a disabled account, is not found.
func (s *Store) FeedByHash(ctx context.Context, hash string) (Feed, error) {
	var f Feed
	err := scanFeed(s.db.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feed_tokens f JOIN accounts a ON a.id = f.account_id
		LEFT JOIN orgs o ON o.id = f.org_id WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND a.disabled = $2`, hash, false), &f)
	if errors.Is(err, sql.ErrNoRows) {
		return Feed{}, notFound("日历订阅")
	}
	if err != nil {
		return Feed{}, fmt.Errorf("feed: %w", err)
	}
	return f, nil
}

// Feeds lists the live feeds of the acting account, newest first.
func (s *Store) Feeds(ctx context.Context) ([]Feed, error) {
	a := zhibu.ActorFrom(ctx)
	if a.AccountID == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+feedColumns+` FROM feed_tokens f LEFT JOIN orgs o ON o.id = f.org_id
		WHERE f.account_id = $1 AND f.revoked_at IS NULL ORDER BY f.created_at DESC, f.id DESC`, a.AccountID)
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	defer rows.Close()
	var out []Feed
	for rows.Next() {
		var f Feed
		if err := scanFeed(rows, &f); err != nil {
			return nil, fmt.Errorf("feeds: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// RevokeFeed revokes a live feed of the acting account for good. Another
// account's feed, like a revoked one, is not found.
func (s *Store) RevokeFeed(ctx context.Context, id int64) error {
	a := zhibu.ActorFrom(ctx)
	if a.AccountID == 0 {
		return notFound("日历订阅")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var f Feed
		err := scanFeed(tx.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feed_tokens f LEFT JOIN orgs o ON o.id = f.org_id
			WHERE f.id = $1 AND f.account_id = $2 AND f.revoked_at IS NULL`, id, a.AccountID), &f)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("日历订阅")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE feed_tokens SET revoked_at = $1 WHERE id = $2`, s.stamp(), id); err != nil {
			return err
		}
		detail := "个人日历订阅"
		if !f.Person() {
			detail = "组织日历订阅：" + f.OrgName
		}
		return s.audit(ctx, tx, Event{Action: audit.FeedRevoke, ObjectType: "feed", ObjectID: fmt.Sprint(id), OrgPath: f.OrgPath, Result: "ok", Detail: detail})
	})
}

// MeetingsOf lists the meetings held by exactly the given orgs (not their
// subtrees) that start in [from, to), in the actor's scope, by start time.
// Resolutions are not loaded: a calendar does not show them.
func (s *Store) MeetingsOf(ctx context.Context, orgIDs []int64, from, to time.Time) ([]zhibu.Meeting, error) {
	out := []zhibu.Meeting{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	q := &query{}
	q.add(`SELECT ` + meetingColumns + ` FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.org_id IN (` + q.list(orgIDs) + `)`)
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(" AND m.starts_at >= " + q.arg(from.UTC()) + " AND m.starts_at < " + q.arg(to.UTC()) + " ORDER BY m.starts_at, m.id")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("meetings of orgs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m zhibu.Meeting
		if err := scanMeeting(rows, &m); err != nil {
			return nil, fmt.Errorf("meetings of orgs: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
