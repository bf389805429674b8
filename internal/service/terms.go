package service

import (
	"context"
	"errors"

	"zhibu"
	"zhibu/internal/store"
)

// Terms is the committees' terms (换届): elections, the general assembly
// that held one, the secretary reported to the superior and approved, the
// requests to postpone or advance an election and the superior's decision,
// and the party groups' leaders. The rules' parameters (org.term.extension)
// are read here from the catalogue; the store persists, scoped and with the
// actor's rights checked.
type Terms struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newTerms(st *store.Store, opt Options, c *Compliance) *Terms {
	return &Terms{store: st, opt: opt, compliance: c}
}

// StartTerm records an election: the org's open term (if any) closes on
// the election date, its seats end, and the new term opens with the given
// seats (store.StartTerm).
func (t *Terms) StartTerm(ctx context.Context, term zhibu.Term) (zhibu.Term, error) {
	return t.store.StartTerm(ctx, term)
}

// LinkAssembly records, after the election was entered, the general
// assembly that held it (store.SetTermAssembly).
func (t *Terms) LinkAssembly(ctx context.Context, orgID, termID, assemblyID int64) (zhibu.Term, error) {
	return t.store.SetTermAssembly(ctx, orgID, termID, assemblyID)
}

// ReportSecretary records that the org reported the secretary and deputy
// of its current term to the superior for approval, on day on (today if
// zero).
func (t *Terms) ReportSecretary(ctx context.Context, orgID int64, on zhibu.Date) (zhibu.Term, error) {
	return t.store.ReportTerm(ctx, orgID, on)
}

// ApproveSecretary is the superior's approval (zhibu.PermFilingReview on
// the org) of the secretary and deputy reported, on day on (today if
// zero).
func (t *Terms) ApproveSecretary(ctx context.Context, orgID int64, on zhibu.Date) (zhibu.Term, error) {
	return t.store.ApproveTerm(ctx, orgID, on)
}

// RequestExtension records an org's request to move the end of its
// current term by e.Months, at most org.term.extension's max_months in
// force on the org's path on the term's natural end (12 when no version
// sets it). An org with no current committee is a zhibu.Problems.
func (t *Terms) RequestExtension(ctx context.Context, e zhibu.Extension) (zhibu.Extension, error) {
	org, err := t.store.Org(ctx, e.OrgID)
	if err != nil {
		return e, err
	}
	cur, err := t.store.CurrentTerm(ctx, org.ID)
	if errors.Is(err, zhibu.ErrNotFound) {
		return e, zhibu.Problems{{Field: "months", Label: "调整月数", Message: "调整月数：本组织没有现任委员会"}}
	}
	if err != nil {
		return e, err
	}
	max, err := t.extensionMax(ctx, org, cur.EndsOn())
	if err != nil {
		return e, err
	}
	return t.store.RequestExtension(ctx, e, max)
}

// extensionMax is org.term.extension's max_months for an org on a day.
func (t *Terms) extensionMax(ctx context.Context, org zhibu.Org, on zhibu.Date) (int, error) {
	cat, err := t.compliance.Catalogue(ctx)
	if err != nil {
		return 0, err
	}
	if res, ok := cat.Resolve("org.term.extension", org.PathIDs(), on); ok && res.Params.Get("max_months") > 0 {
		return res.Params.Get("max_months"), nil
	}
	return 12, nil
}

// DecideExtension is the superior's decision on a request
// (zhibu.PermFilingReview on the org), on day on (today if zero):
// approved, it moves the end of the term to the request's new end;
// rejected, the term keeps its end.
func (t *Terms) DecideExtension(ctx context.Context, id int64, approve bool, on zhibu.Date, note string) (zhibu.Extension, error) {
	return t.store.DecideExtension(ctx, id, approve, on, note)
}

// SetGroupLeader makes a member of the group its leader from a date
// (today if zero); the previous leader's seat ends that day.
func (t *Terms) SetGroupLeader(ctx context.Context, groupID, personID int64, on zhibu.Date) error {
	return t.store.SetGroupLeader(ctx, groupID, personID, on)
}
