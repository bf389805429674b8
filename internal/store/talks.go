package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"zhibu"
	"zhibu/internal/audit"
)

// Heart-to-heart talks (谈心谈话, docs/talks.md). A talk is recorded by one
// of its two parties. Who may read the branch sees that a talk took place
// (the two, the day, the place); its content (topics and follow-up) is
// read only by the two parties, and by those who hold talk.read on the
// branch: the secretary, the deputy and the discipline officer. The reads
// below blank the content for anyone else and set zhibu.Talk.Hidden.

const talkColumns = `t.id, t.org_id, t.a_id, a.name, t.b_id, b.name, t.held_on, t.place, t.topics, t.follow_up, t.recorded_by, o.path`

const talkFrom = ` FROM talks t JOIN orgs o ON o.id = t.org_id JOIN people a ON a.id = t.a_id JOIN people b ON b.id = t.b_id`

func (s *Store) queryTalks(ctx context.Context, q *query) ([]zhibu.Talk, error) {
	a := zhibu.ActorFrom(ctx)
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("talks: %w", err)
	}
	defer rows.Close()
	out := []zhibu.Talk{}
	for rows.Next() {
		var t zhibu.Talk
		var path string
		if err := rows.Scan(&t.ID, &t.OrgID, &t.AID, &t.AName, &t.BID, &t.BName, &t.HeldOn, &t.Place, &t.Topics, &t.FollowUp,
			idScan{&t.RecordedBy}, &path); err != nil {
			return nil, fmt.Errorf("talks: %w", err)
		}
		if !t.Party(a.PersonID) && !a.Can(zhibu.PermTalkRead, path) {
			t.Topics, t.FollowUp, t.Hidden = "", "", true
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Talks are the talks of a branch in a year, by day.
func (s *Store) Talks(ctx context.Context, orgID int64, year int) ([]zhibu.Talk, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return nil, err
	}
	from, to := yearRange(year)
	q := &query{}
	q.add(`SELECT ` + talkColumns + talkFrom + ` WHERE t.org_id = ` + q.arg(orgID) + ` AND t.held_on >= ` + q.arg(from) + ` AND t.held_on < ` + q.arg(to) +
		` ORDER BY t.held_on, t.id`)
	return s.queryTalks(ctx, q)
}

// PersonTalks are the talks a person took part in, newest first.
func (s *Store) PersonTalks(ctx context.Context, personID int64) ([]zhibu.Talk, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return nil, err
	}
	q := &query{}
	q.add(`SELECT ` + talkColumns + talkFrom + ` WHERE (t.a_id = ` + q.arg(personID) + ` OR t.b_id = ` + q.arg(personID) + `) ORDER BY t.held_on DESC, t.id DESC`)
	return s.queryTalks(ctx, q)
}

// TalkPartners are the people a person may record a talk with: the others
// on the roster of their branch (names only; a member who may read only
// their own record needs them to name the other party).
func (s *Store) TalkPartners(ctx context.Context, personID int64) ([]zhibu.Person, error) {
	p, err := s.Person(ctx, personID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name FROM people WHERE org_id = $1 AND id <> $2 AND left_on IS NULL ORDER BY id`, p.OrgID, p.ID)
	if err != nil {
		return nil, fmt.Errorf("talk partners: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Person
	for rows.Next() {
		var x zhibu.Person
		if err := rows.Scan(&x.ID, &x.Name); err != nil {
			return nil, err
		}
		x.OrgID = p.OrgID
		out = append(out, x)
	}
	return out, rows.Err()
}

// AddTalk stores a talk the talks service checked, in the branch of both
// parties (t.OrgID). Only a party may record it: the actor must be t.AID
// or t.BID.
func (s *Store) AddTalk(ctx context.Context, t zhibu.Talk) (zhibu.Talk, error) {
	a := zhibu.ActorFrom(ctx)
	if !a.Can(zhibu.PermOwn, "") && !t.Party(a.PersonID) {
		return t, forbidden("登记他人之间的谈心谈话")
	}
	sys := system(ctx)
	org, err := s.Org(sys, t.OrgID)
	if err != nil {
		return t, err
	}
	for _, id := range []int64{t.AID, t.BID} {
		p, err := s.Person(sys, id)
		if err != nil {
			return t, err
		}
		if p.OrgID != t.OrgID || p.Left() {
			return t, zhibu.Problems{{Field: "b_id", Label: "谈话对象", Message: "谈话对象：" + p.Name + "不是本支部的人员"}}
		}
		if id == t.AID {
			t.AName = p.Name
		} else {
			t.BName = p.Name
		}
	}
	t.RecordedBy = a.PersonID
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO talks (org_id, a_id, b_id, held_on, place, topics, follow_up, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, t.OrgID, t.AID, t.BID, t.HeldOn, t.Place, t.Topics, t.FollowUp,
			nullID(t.RecordedBy), s.stamp()).Scan(&t.ID); err != nil {
			return err
		}
		if err := s.indexSearch(ctx, tx, zhibu.SearchTalk, t.ID); err != nil { // search.go
			return err
		}
		// The trail names the two and the day, never the content.
		return s.audit(ctx, tx, Event{Action: audit.TalkRecord, ObjectType: "talk", ObjectID: strconv.FormatInt(t.ID, 10), OrgPath: org.Path,
			Result: "ok", Detail: t.AName + "与" + t.BName + "，" + t.HeldOn.Chinese()})
	})
	if err != nil {
		return t, fmt.Errorf("add talk: %w", err)
	}
	return t, nil
}
