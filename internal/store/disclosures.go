package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

// Disclosures (党务公开): each step of the procedure checks its own right
// (propose and publish: disclose.write; the secrecy review:
// disclose.review; the approval: disclose.approve) and applies the step's
// invariant on zhibu.Disclosure inside the write's transaction, so that no
// door can publish what was not reviewed and approved.

const disclosureColumns = `d.id, d.org_id, o.name, o.path, d.category, d.period_kind, d.period_year, d.period_n, d.title, d.content,
	d.audience, d.form, d.planned_on, d.status, d.proposed_by, d.proposed_on, d.reviewed_by, d.reviewed_on, d.review_note,
	d.approved_by, d.approved_on, d.published_on, d.withdrawn_on, d.reason`

const disclosureFrom = ` FROM disclosures d JOIN orgs o ON o.id = d.org_id`

func scanDisclosure(row interface{ Scan(...any) error }, d *zhibu.Disclosure) error {
	var cat, kind, aud, st string
	err := row.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.OrgPath, &cat, &kind, &d.Period.Year, &d.Period.N, &d.Title, &d.Content,
		&aud, &d.Form, &d.PlannedOn, &st, &d.ProposedBy, &d.ProposedOn, &d.ReviewedBy, &d.ReviewedOn, &d.ReviewNote,
		&d.ApprovedBy, &d.ApprovedOn, &d.PublishedOn, &d.WithdrawnOn, &d.Reason)
	d.Category, d.Period.Kind, d.Audience, d.Status = zhibu.DisclosureCategory(cat), zhibu.PeriodKind(kind), zhibu.Audience(aud), zhibu.DisclosureStatus(st)
	return err
}

// ProposeDisclosure records a proposed item for the branch d.OrgID on day
// on, by the actor.
func (s *Store) ProposeDisclosure(ctx context.Context, d zhibu.Disclosure, on zhibu.Date) (zhibu.Disclosure, error) {
	if err := s.canTarget(ctx, zhibu.PermDisclose, d.OrgID, "为该支部提出党务公开事项"); err != nil {
		return zhibu.Disclosure{}, err
	}
	d.Title, d.Content, d.Form = strings.TrimSpace(d.Title), strings.TrimSpace(d.Content), strings.TrimSpace(d.Form)
	if err := d.Validate(); err != nil {
		return zhibu.Disclosure{}, err
	}
	org, err := s.Org(ctx, d.OrgID)
	if err != nil {
		return zhibu.Disclosure{}, err
	}
	if org.Kind != zhibu.KindBranch {
		return zhibu.Disclosure{}, zhibu.Problems{{Field: "org_id", Label: "支部", Message: "支部：党务公开事项由支部提出"}}
	}
	d.OrgName, d.OrgPath, d.Status, d.ProposedOn, d.ProposedBy = org.Name, org.Path, zhibu.DisclosureProposed, on, zhibu.ActorFrom(ctx).Name
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO disclosures (org_id, category, period_kind, period_year, period_n, title, content,
			audience, form, planned_on, status, proposed_by, proposed_on, bureau_org_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			d.OrgID, string(d.Category), string(d.Period.Kind), d.Period.Year, d.Period.N, d.Title, d.Content,
			string(d.Audience), d.Form, d.PlannedOn, string(d.Status), d.ProposedBy, on, nullID(org.ParentID)).Scan(&d.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.DisclosePropose, ObjectType: "disclosure", ObjectID: fmt.Sprint(d.ID), OrgPath: org.Path,
			Result: audit.OK, Detail: "提出党务公开事项：" + d.Title + "（" + d.Category.Label() + "，" + d.Audience.Label() + "）"})
	})
	if err != nil {
		return zhibu.Disclosure{}, fmt.Errorf("propose disclosure: %w", err)
	}
	return d, nil
}

// Disclosure is one item, if the actor's scope covers its branch.
func (s *Store) Disclosure(ctx context.Context, id int64) (zhibu.Disclosure, error) {
	var d zhibu.Disclosure
	err := scanDisclosure(s.db.QueryRowContext(ctx, `SELECT `+disclosureColumns+disclosureFrom+` WHERE d.id = $1`, id), &d)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !zhibu.ActorFrom(ctx).Scope.Covers(d.OrgPath)) {
		return zhibu.Disclosure{}, notFound("公开事项")
	}
	if err != nil {
		return zhibu.Disclosure{}, fmt.Errorf("disclosure %d: %w", id, err)
	}
	return d, nil
}

// DisclosureFilter selects disclosures in the actor's scope.
type DisclosureFilter struct {
	OrgID     int64     // 0: every branch in scope
	Under     zhibu.Org // when set: only the branches in its subtree
	Year      int       // 0: every year
	Published bool      // only published ones (not withdrawn)
	Audience  zhibu.Audience
}

// Disclosures lists the items in the actor's scope, by branch and period.
func (s *Store) Disclosures(ctx context.Context, f DisclosureFilter) ([]zhibu.Disclosure, error) {
	q := &query{}
	q.add(`SELECT ` + disclosureColumns + disclosureFrom + ` WHERE 1=1`)
	if f.OrgID != 0 {
		q.add(` AND d.org_id = ` + q.arg(f.OrgID))
	}
	if f.Under.Path != "" {
		lo, hi := pathRange(f.Under.Path)
		q.add(` AND o.path >= ` + q.arg(lo) + ` AND o.path < ` + q.arg(hi))
	}
	if f.Year != 0 {
		q.add(` AND d.period_year = ` + q.arg(f.Year))
	}
	if f.Published {
		q.add(` AND d.status = 'published'`)
	}
	if f.Audience != "" {
		q.add(` AND d.audience = ` + q.arg(string(f.Audience)))
	}
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(` ORDER BY o.path, d.period_year, d.category, d.period_n, d.id`)
	return s.disclosures(ctx, q)
}

// DisclosuresForMe lists what has been published to the actor's own
// person: their branch's items for the branch, and every item for the
// bureau or the public of the committees above their branch.
func (s *Store) DisclosuresForMe(ctx context.Context) ([]zhibu.Disclosure, error) {
	a := zhibu.ActorFrom(ctx)
	if a.PersonID == 0 {
		return nil, nil
	}
	sys := zhibu.WithActor(ctx, zhibu.System)
	p, err := s.Person(sys, a.PersonID)
	if err != nil {
		return nil, err
	}
	org, err := s.Org(sys, p.OrgID)
	if err != nil {
		return nil, err
	}
	q := &query{}
	q.add(`SELECT ` + disclosureColumns + disclosureFrom + ` WHERE d.status = 'published' AND (d.org_id = ` + q.arg(org.ID) +
		` OR (d.audience IN ('bureau', 'public') AND d.bureau_org_id IN (` + q.list(org.PathIDs()) + `)))
		ORDER BY d.published_on DESC, d.id DESC`)
	return s.disclosures(ctx, q)
}

func (s *Store) disclosures(ctx context.Context, q *query) ([]zhibu.Disclosure, error) {
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("disclosures: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Disclosure
	for rows.Next() {
		var d zhibu.Disclosure
		if err := scanDisclosure(rows, &d); err != nil {
			return nil, fmt.Errorf("disclosures: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ReviewDisclosure records the secrecy review of item id on day on.
func (s *Store) ReviewDisclosure(ctx context.Context, id int64, passed bool, note string, on zhibu.Date) (zhibu.Disclosure, error) {
	detail := "保密审查通过"
	if !passed {
		detail = "保密审查未通过"
	}
	return s.stepDisclosure(ctx, id, zhibu.PermSecrecyReview, audit.DiscloseReview, "对该公开事项作保密审查", detail, func(d *zhibu.Disclosure) error {
		d.ReviewedBy = zhibu.ActorFrom(ctx).Name
		return d.Review(passed, note, on)
	})
}

// ApproveDisclosure records the secretary's approval of item id on day on.
func (s *Store) ApproveDisclosure(ctx context.Context, id int64, on zhibu.Date) (zhibu.Disclosure, error) {
	return s.stepDisclosure(ctx, id, zhibu.PermDiscloseApprove, audit.DiscloseApprove, "审批该公开事项", "书记审批同意", func(d *zhibu.Disclosure) error {
		d.ApprovedBy = zhibu.ActorFrom(ctx).Name
		return d.Approve(on)
	})
}

// PublishDisclosure publishes item id on day on to its audience; an item
// not reviewed and approved is refused.
func (s *Store) PublishDisclosure(ctx context.Context, id int64, on zhibu.Date) (zhibu.Disclosure, error) {
	return s.stepDisclosure(ctx, id, zhibu.PermDisclose, audit.DisclosePublish, "发布该公开事项", "发布", func(d *zhibu.Disclosure) error {
		return d.Publish(on)
	})
}

// WithdrawDisclosure withdraws item id on day on, with a reason.
func (s *Store) WithdrawDisclosure(ctx context.Context, id int64, reason string, on zhibu.Date) (zhibu.Disclosure, error) {
	return s.stepDisclosure(ctx, id, zhibu.PermDisclose, audit.DiscloseWithdraw, "撤回该公开事项", "撤回："+strings.TrimSpace(reason), func(d *zhibu.Disclosure) error {
		return d.Withdraw(reason, on)
	})
}

// stepDisclosure applies one step of the procedure to item id in one
// transaction: the right on its branch, the step's invariant on the row as
// it stands, the update and the audit record.
func (s *Store) stepDisclosure(ctx context.Context, id int64, perm zhibu.Perm, act audit.Action, what, detail string, step func(*zhibu.Disclosure) error) (zhibu.Disclosure, error) {
	d, err := s.Disclosure(ctx, id)
	if err != nil {
		return d, err
	}
	if !zhibu.ActorFrom(ctx).Can(perm, d.OrgPath) {
		return d, forbidden(what)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM disclosures WHERE id = $1`+s.dialect.forUpdate(), id).Scan(&locked); err != nil {
			return err
		}
		var cur zhibu.Disclosure
		if err := scanDisclosure(tx.QueryRowContext(ctx, `SELECT `+disclosureColumns+disclosureFrom+` WHERE d.id = $1`, id), &cur); err != nil {
			return err
		}
		d = cur
		if err := step(&d); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE disclosures SET status = $1, reviewed_by = $2, reviewed_on = $3, review_note = $4,
			approved_by = $5, approved_on = $6, published_on = $7, withdrawn_on = $8, reason = $9 WHERE id = $10`,
			string(d.Status), d.ReviewedBy, d.ReviewedOn, d.ReviewNote, d.ApprovedBy, d.ApprovedOn, d.PublishedOn, d.WithdrawnOn, d.Reason, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: act, ObjectType: "disclosure", ObjectID: fmt.Sprint(id), OrgPath: d.OrgPath, Result: audit.OK,
			Detail: d.Title + "：" + detail})
	})
	if err != nil {
		return d, fmt.Errorf("%s: %w", act, err)
	}
	return d, nil
}
