package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"zhibu"
	"zhibu/internal/audit"
)

// Re-elections (换届): the general assembly that held an election, and the
// superior's approval of a postponed or advanced election
// (org.term.extension).

// Assemblies are the held general assemblies of an org, newest first, for
// the term form's choice of the election's assembly.
func (s *Store) Assemblies(ctx context.Context, orgID int64) ([]zhibu.Meeting, error) {
	ms, err := s.Meetings(ctx, MeetingFilter{OrgID: orgID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld})
	if err != nil {
		return nil, err
	}
	out := ms[:0]
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].OrgID == orgID {
			out = append(out, ms[i])
		}
	}
	return out, nil
}

const extensionColumns = `e.id, e.org_id, e.term_id, e.months, e.new_end, e.reason, e.requested_on, e.status, e.decided_on, e.decided_by, e.note`

func scanExtension(row interface{ Scan(...any) error }, e *zhibu.Extension) error {
	return row.Scan(&e.ID, &e.OrgID, &e.TermID, &e.Months, &e.NewEnd, &e.Reason, &e.RequestedOn, &e.Status, &e.DecidedOn, &e.DecidedBy, &e.Note)
}

// Extensions lists an org's requests to postpone or advance an election,
// newest first.
func (s *Store) Extensions(ctx context.Context, orgID int64) ([]zhibu.Extension, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+extensionColumns+` FROM term_extensions e WHERE e.org_id = $1 ORDER BY e.requested_on DESC, e.id DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("extensions: %w", err)
	}
	defer rows.Close()
	out := []zhibu.Extension{}
	for rows.Next() {
		var e zhibu.Extension
		if err := scanExtension(rows, &e); err != nil {
			return nil, fmt.Errorf("extensions: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RequestExtension records a request to move the end of the org's current
// term, as the terms service decided it: e.Months, e.NewEnd, e.Reason,
// e.RequestedOn (today if zero), for the org's current term. The actor
// needs zhibu.PermOrgManage on the org.
func (s *Store) RequestExtension(ctx context.Context, e zhibu.Extension) (zhibu.Extension, error) {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, e.OrgID, "为该组织申请延期（提前）换届"); err != nil {
		return e, err
	}
	org, err := s.Org(ctx, e.OrgID)
	if err != nil {
		return e, err
	}
	cur, err := s.CurrentTerm(ctx, org.ID)
	if err != nil {
		return e, err
	}
	if e.RequestedOn.IsZero() {
		e.RequestedOn = s.today()
	}
	e.TermID, e.Status = cur.ID, zhibu.ExtensionRequested
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO term_extensions (org_id, term_id, months, new_end, reason, requested_on, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, org.ID, cur.ID, e.Months, e.NewEnd, e.Reason, e.RequestedOn, string(e.Status), s.stamp()).Scan(&e.ID); err != nil {
			return err
		}
		verb := "延期"
		if e.Months < 0 {
			verb = "提前"
		}
		return s.audit(ctx, tx, Event{Action: audit.ExtRequest, ObjectType: "org", ObjectID: fmt.Sprint(org.ID), OrgPath: org.Path, Result: "ok",
			Detail: fmt.Sprintf("申请%s换届：本届%s届满，%s%d个月至%s，理由：%s", verb, cur.EndsOn(), verb, abs(e.Months), e.NewEnd, e.Reason)})
	})
	if err != nil {
		return e, fmt.Errorf("request extension: %w", err)
	}
	return e, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Extension is one request to move an election, or ErrNotFound (also
// when its org is out of the actor's scope).
func (s *Store) Extension(ctx context.Context, id int64) (zhibu.Extension, error) {
	var e zhibu.Extension
	err := scanExtension(s.db.QueryRowContext(ctx, `SELECT `+extensionColumns+` FROM term_extensions e WHERE e.id = $1`, id), &e)
	if errors.Is(err, sql.ErrNoRows) {
		return e, notFound("延期换届申请")
	}
	if err != nil {
		return e, fmt.Errorf("extension: %w", err)
	}
	if _, err := s.Org(ctx, e.OrgID); err != nil {
		return zhibu.Extension{}, err
	}
	return e, nil
}

// DecideExtension records the superior's decision (zhibu.PermFilingReview
// on the org) on a request, as the terms service decided it may be made,
// on day on (today if zero), with note: approved, the term's end moves to
// the request's new end.
func (s *Store) DecideExtension(ctx context.Context, id int64, approve bool, on zhibu.Date, note string) (zhibu.Extension, error) {
	e, err := s.Extension(ctx, id)
	if err != nil {
		return e, err
	}
	org, err := s.Org(ctx, e.OrgID)
	if err != nil {
		return e, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermFilingReview, org.Path) {
		return e, zhibu.Errorf(zhibu.ErrForbidden, "延期换届须由上级党委审批")
	}
	if on.IsZero() {
		on = s.today()
	}
	e.Status, e.DecidedOn, e.DecidedBy, e.Note = zhibu.ExtensionRejected, on, zhibu.ActorFrom(ctx).Name, note
	action := audit.ExtReject
	if approve {
		e.Status, action = zhibu.ExtensionApproved, audit.ExtApprove
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE term_extensions SET status = $1, decided_on = $2, decided_by = $3, note = $4 WHERE id = $5`,
			string(e.Status), e.DecidedOn, e.DecidedBy, e.Note, e.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: action, ObjectType: "org", ObjectID: fmt.Sprint(org.ID), OrgPath: org.Path, Result: "ok",
			Detail: fmt.Sprintf("上级党委%s换届时间调整申请（至%s）%s", map[bool]string{true: "批准", false: "不批准"}[approve], e.NewEnd, reasonSuffix(note))})
	})
	if err != nil {
		return e, fmt.Errorf("decide extension: %w", err)
	}
	return e, nil
}

// ReportTerm records that the org reported the secretary and deputy of its
// current term to the superior for approval, on day on (today if zero), as
// the terms service decided it may.
func (s *Store) ReportTerm(ctx context.Context, orgID int64, on zhibu.Date) (zhibu.Term, error) {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, orgID, "为该组织报告新任书记、副书记"); err != nil {
		return zhibu.Term{}, err
	}
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	cur, err := s.CurrentTerm(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	if on.IsZero() {
		on = s.today()
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE terms SET reported_on = $1 WHERE id = $2`, on, cur.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.TermReport, ObjectType: "org", ObjectID: fmt.Sprint(org.ID), OrgPath: org.Path, Result: "ok",
			Detail: fmt.Sprintf("%s将%s选举产生的%s报上级党委审批", on, cur.ElectedOn, cur.Heads())})
	})
	if err != nil {
		return cur, fmt.Errorf("report term: %w", err)
	}
	return s.CurrentTerm(ctx, orgID)
}

// ApproveTerm records the superior's approval (zhibu.PermFilingReview on
// the org) of the secretary and deputy of the org's current term, on day on
// (today if zero), as the terms service decided it may.
func (s *Store) ApproveTerm(ctx context.Context, orgID int64, on zhibu.Date) (zhibu.Term, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermFilingReview, org.Path) {
		return zhibu.Term{}, zhibu.Errorf(zhibu.ErrForbidden, "书记、副书记人选须由上级党委批准")
	}
	cur, err := s.CurrentTerm(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	if on.IsZero() {
		on = s.today()
	}
	by := zhibu.ActorFrom(ctx).Name
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE terms SET approved_on = $1, approved_by = $2 WHERE id = $3`, on, by, cur.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.TermApprove, ObjectType: "org", ObjectID: fmt.Sprint(org.ID), OrgPath: org.Path, Result: "ok",
			Detail: fmt.Sprintf("%s上级党委批准%s选举产生的%s", on, cur.ElectedOn, cur.Heads())})
	})
	if err != nil {
		return cur, fmt.Errorf("approve term: %w", err)
	}
	return s.CurrentTerm(ctx, orgID)
}

// Pending is what waits for a superior's decision about terms in the
// actor's scope: extension requests, and current terms whose secretary
// was reported but not yet approved (each with its org).
type Pending struct {
	Extensions []PendingExtension
	Reports    []PendingReport
}

// PendingExtension is a request waiting, with its org.
type PendingExtension struct {
	zhibu.Extension
	Org zhibu.Org
}

// PendingReport is a current term reported and not approved, with its org.
type PendingReport struct {
	Term zhibu.Term
	Org  zhibu.Org
}

// PendingTerms lists what waits for the actor's decision: only orgs in
// the actor's scope on which they hold zhibu.PermFilingReview.
func (s *Store) PendingTerms(ctx context.Context) (Pending, error) {
	a := zhibu.ActorFrom(ctx)
	var p Pending
	orgOf := map[int64]zhibu.Org{}
	org := func(id int64) (zhibu.Org, bool, error) {
		o, ok := orgOf[id]
		if !ok {
			var err error
			if o, err = s.Org(ctx, id); errors.Is(err, zhibu.ErrNotFound) {
				return o, false, nil
			} else if err != nil {
				return o, false, err
			}
			orgOf[id] = o
		}
		return o, a.Can(zhibu.PermFilingReview, o.Path), nil
	}
	q := (&query{}).add(`SELECT ` + extensionColumns + ` FROM term_extensions e JOIN orgs o ON o.id = e.org_id WHERE e.status = 'requested'`)
	q.scope(a, "o.path")
	q.add(" ORDER BY e.requested_on, e.id")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return p, fmt.Errorf("pending extensions: %w", err)
	}
	var exts []zhibu.Extension
	for rows.Next() {
		var e zhibu.Extension
		if err := scanExtension(rows, &e); err != nil {
			rows.Close()
			return p, err
		}
		exts = append(exts, e)
	}
	rows.Close()
	for _, e := range exts {
		o, ok, err := org(e.OrgID)
		if err != nil {
			return p, err
		}
		if ok {
			p.Extensions = append(p.Extensions, PendingExtension{e, o})
		}
	}
	q = (&query{}).add(`SELECT t.id, t.org_id, t.elected_on, t.years, t.reported_on FROM terms t JOIN orgs o ON o.id = t.org_id
		WHERE t.reported_on IS NOT NULL AND t.approved_on IS NULL AND t.closed_on IS NULL`)
	q.scope(a, "o.path")
	q.add(" ORDER BY t.reported_on, t.id")
	rows, err = s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return p, fmt.Errorf("pending reports: %w", err)
	}
	var terms []zhibu.Term
	for rows.Next() {
		var t zhibu.Term
		if err := rows.Scan(&t.ID, &t.OrgID, &t.ElectedOn, &t.Years, &t.ReportedOn); err != nil {
			rows.Close()
			return p, err
		}
		terms = append(terms, t)
	}
	rows.Close()
	for _, t := range terms {
		o, ok, err := org(t.OrgID)
		if err != nil {
			return p, err
		}
		if ok {
			p.Reports = append(p.Reports, PendingReport{t, o})
		}
	}
	return p, nil
}

// SetTermAssembly records, after the election was entered, the general
// assembly that held it, as the terms service decided it may.
func (s *Store) SetTermAssembly(ctx context.Context, orgID, termID, assemblyID int64) (zhibu.Term, error) {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, orgID, "为该组织关联选举大会"); err != nil {
		return zhibu.Term{}, err
	}
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	terms, err := s.Terms(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	var t *zhibu.Term
	for i := range terms {
		if terms[i].ID == termID {
			t = &terms[i]
		}
	}
	if t == nil {
		return zhibu.Term{}, notFound("届次")
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE terms SET assembly_id = $1 WHERE id = $2`, nullID(assemblyID), termID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.TermAssembly, ObjectType: "org", ObjectID: fmt.Sprint(org.ID), OrgPath: org.Path, Result: "ok",
			Detail: fmt.Sprintf("登记%s换届选举的支部党员大会（会议%d）", t.ElectedOn, assemblyID)})
	})
	if err != nil {
		return *t, fmt.Errorf("term assembly: %w", err)
	}
	t.AssemblyID = assemblyID
	return *t, nil
}
