package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"zhibu"
	"zhibu/internal/audit"
)

const remedyColumns = `r.id, r.org_id, r.year, r.problem, r.issue, r.measure, r.owner_id, p.name, r.deadline, r.evidence, r.done_on, r.signed_on, r.signed_by`

const remedyFrom = ` FROM rectification_remedies r JOIN people p ON p.id = r.owner_id JOIN orgs o ON o.id = r.org_id`

func scanRemedy(row interface{ Scan(...any) error }) (zhibu.Remedy, error) {
	var r zhibu.Remedy
	err := row.Scan(&r.ID, &r.OrgID, &r.Year, &r.Problem, &r.Issue, &r.Measure, &r.OwnerID, &r.OwnerName, &r.Deadline,
		&r.Evidence, &r.DoneOn, &r.SignedOn, &r.SignedBy)
	return r, err
}

// Remedies are the remedies of the orgs in the subtree of orgID (a branch:
// its own) for year, by org and problem; the org must be readable by the
// actor.
func (s *Store) Remedies(ctx context.Context, orgID int64, year int) ([]zhibu.Remedy, error) {
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	lo, hi := pathRange(o.Path)
	rows, err := s.db.QueryContext(ctx, `SELECT `+remedyColumns+remedyFrom+` WHERE o.path >= $1 AND o.path < $2 AND r.year = $3
		ORDER BY o.path, r.problem, r.id`, lo, hi, year)
	if err != nil {
		return nil, fmt.Errorf("remedies: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Remedy
	for rows.Next() {
		r, err := scanRemedy(rows)
		if err != nil {
			return nil, fmt.Errorf("remedies: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.fillRemedyLinks(ctx, out)
}

// Remedy is one remedy, if the actor may read its org.
func (s *Store) Remedy(ctx context.Context, id int64) (zhibu.Remedy, error) {
	r, err := scanRemedy(s.db.QueryRowContext(ctx, `SELECT `+remedyColumns+remedyFrom+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, zhibu.Errorf(zhibu.ErrNotFound, "未找到该整改措施")
	}
	if err != nil {
		return r, fmt.Errorf("remedy: %w", err)
	}
	if _, err := s.Org(ctx, r.OrgID); err != nil {
		return zhibu.Remedy{}, err
	}
	rs := []zhibu.Remedy{r}
	err = s.fillRemedyLinks(ctx, rs)
	return rs[0], err
}

// saveRemedyLinks replaces the records remedy r links, in tx: each must be
// a record of r's org (its subtree), found in the search index.
func (s *Store) saveRemedyLinks(ctx context.Context, tx *sql.Tx, r zhibu.Remedy, o zhibu.Org) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM rectification_links WHERE remedy_id = $1`, r.ID); err != nil {
		return err
	}
	lo, hi := pathRange(o.Path)
	var ps zhibu.Problems
	for i, l := range r.Links {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_docs d JOIN orgs o ON o.id = d.org_id
			WHERE d.kind = $1 AND d.ref_id = $2 AND o.path >= $3 AND o.path < $4`, string(l.Kind), l.ID, lo, hi).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			ps = append(ps, zhibu.Problem{Field: "links", Label: "关联记录", Message: "关联记录：第" + strconv.Itoa(i+1) + "条不是" + o.Name + "的记录"})
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rectification_links (remedy_id, position, kind, ref_id) VALUES ($1, $2, $3, $4)`,
			r.ID, i+1, string(l.Kind), l.ID); err != nil {
			return err
		}
	}
	return ps.Err()
}

// fillRemedyLinks reads the records each remedy links, with their titles
// and pages from the search index.
func (s *Store) fillRemedyLinks(ctx context.Context, rs []zhibu.Remedy) error {
	if len(rs) == 0 {
		return nil
	}
	at := map[int64]int{}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		at[r.ID], ids[i] = i, r.ID
	}
	q := &query{}
	q.add(`SELECT l.remedy_id, l.kind, l.ref_id, COALESCE(d.title, ''), COALESCE(d.org_id, 0), COALESCE(d.day, '')
		FROM rectification_links l LEFT JOIN search_docs d ON d.kind = l.kind AND d.ref_id = l.ref_id
		WHERE l.remedy_id IN (` + q.list(ids) + `) ORDER BY l.remedy_id, l.position`)
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return fmt.Errorf("remedy links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, org int64
		var l zhibu.RecordLink
		var kind, day string
		if err := rows.Scan(&id, &kind, &l.ID, &l.Title, &org, &day); err != nil {
			return fmt.Errorf("remedy links: %w", err)
		}
		l.Kind = zhibu.SearchKind(kind)
		if src, ok := searchSourceOf(l.Kind); ok && org != 0 {
			l.Href = searchLink(src.link, l.ID, org, day, 0)
		}
		r := &rs[at[id]]
		r.Links = append(r.Links, l)
	}
	return rows.Err()
}

// SaveRemedy adds (ID 0) or changes a remedy of a branch; it needs
// org.manage on the branch. The sign-off is not written here (SignRemedy).
func (s *Store) SaveRemedy(ctx context.Context, r zhibu.Remedy) (zhibu.Remedy, error) {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, r.OrgID, "登记该组织的整改措施"); err != nil {
		return r, err
	}
	o, err := s.Org(ctx, r.OrgID)
	if err != nil {
		return r, err
	}
	if r.ID != 0 {
		old, err := s.Remedy(ctx, r.ID)
		if err != nil {
			return r, err
		}
		if old.OrgID != r.OrgID || old.Year != r.Year {
			return r, zhibu.Errorf(zhibu.ErrNotFound, "未找到该整改措施")
		}
		if !old.SignedOn.IsZero() {
			return r, zhibu.Errorf(zhibu.ErrConflict, "该整改措施已由书记确认销号，不能再修改")
		}
		r.SignedOn = zhibu.Date{}
	}
	r.Normalize()
	if err := r.Validate(s.today()); err != nil {
		return r, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		if r.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO rectification_remedies (org_id, year, problem, issue, measure, owner_id, deadline, evidence, done_on, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
				r.OrgID, r.Year, r.Problem, r.Issue, r.Measure, r.OwnerID, r.Deadline, r.Evidence, r.DoneOn, now).Scan(&r.ID); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE rectification_remedies SET problem = $1, issue = $2, measure = $3, owner_id = $4, deadline = $5,
				evidence = $6, done_on = $7, updated_at = $8 WHERE id = $9`,
			r.Problem, r.Issue, r.Measure, r.OwnerID, r.Deadline, r.Evidence, r.DoneOn, now, r.ID); err != nil {
			return err
		}
		if err := s.saveRemedyLinks(ctx, tx, r, o); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.RemedySave, ObjectType: "remedy", ObjectID: strconv.FormatInt(r.ID, 10), OrgPath: o.Path, Result: "ok",
			Detail: strconv.Itoa(r.Year) + "年整改第" + strconv.Itoa(r.Problem) + "类问题：" + r.Measure})
	})
	var ps zhibu.Problems
	if errors.As(err, &ps) {
		return r, ps // a linked record not of the branch
	}
	if err != nil {
		return r, fmt.Errorf("save remedy: %w", err)
	}
	return s.Remedy(ctx, r.ID)
}

// SignRemedy records the secretary's sign-off of a completed remedy on
// day; it needs org.manage on the branch (the service checks that the
// actor holds the secretary's seat).
func (s *Store) SignRemedy(ctx context.Context, id int64, day zhibu.Date) (zhibu.Remedy, error) {
	r, err := s.Remedy(ctx, id)
	if err != nil {
		return r, err
	}
	if err := s.canOrg(ctx, zhibu.PermOrgManage, r.OrgID, "确认该组织的整改销号"); err != nil {
		return r, err
	}
	if !r.SignedOn.IsZero() {
		return r, zhibu.Errorf(zhibu.ErrConflict, "该整改措施已于"+r.SignedOn.Chinese()+"确认销号")
	}
	o, err := s.Org(ctx, r.OrgID)
	if err != nil {
		return r, err
	}
	r.SignedOn = day
	if err := r.Validate(s.today()); err != nil {
		return r, err
	}
	name := zhibu.ActorFrom(ctx).Name
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE rectification_remedies SET signed_on = $1, signed_by = $2, updated_at = $3 WHERE id = $4 AND signed_on IS NULL`,
			day, name, s.stamp(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "该整改措施已确认销号")
		}
		return s.audit(ctx, tx, Event{Action: audit.RemedySign, ObjectType: "remedy", ObjectID: strconv.FormatInt(id, 10), OrgPath: o.Path, Result: "ok",
			Detail: r.Measure})
	})
	if err != nil {
		return r, fmt.Errorf("sign remedy: %w", err)
	}
	return s.Remedy(ctx, id)
}
