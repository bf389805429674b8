package service

import (
	"context"
	"errors"
	"strings"

	"zhibu"
	"zhibu/internal/store"
)

// Terms is the committees' terms (换届): elections, the general assembly
// that held one, the secretary reported to the superior and approved, the
// requests to postpone or advance an election and the superior's decision,
// and the party groups' leaders. It decides: the invariants on the root
// package's Term, Extension and Org, the checks that read other records
// (the seat holders, the assembly, the org's current term, a request
// waiting) and org.term.extension's max_months from the catalogue. The
// store persists, scoped, with the actor's rights checked again, and
// audits.
type Terms struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newTerms(st *store.Store, opt Options, c *Compliance) *Terms {
	return &Terms{store: st, opt: opt, compliance: c}
}

// may refuses, before anything is checked, an actor without perm on org,
// with the store's message (the store checks again when it writes): an
// actor without the right learns nothing of the state of the term.
func may(ctx context.Context, perm zhibu.Perm, org zhibu.Org, refusal string) error {
	if !zhibu.ActorFrom(ctx).Can(perm, org.Path) {
		return zhibu.Errorf(zhibu.ErrForbidden, refusal)
	}
	return nil
}

// StartTerm records an election: the org's open term (if any) closes on
// the election date, its seats end, and the new term opens with the given
// seats. Years 0 is the usual term of the org's kind. Every seat holder
// must be a party member of the org, the committee has one secretary, the
// assembly named (if any) is a held general assembly of the org on the
// election day, and the election is later than the current term's.
func (t *Terms) StartTerm(ctx context.Context, term zhibu.Term) (zhibu.Term, error) {
	org, err := t.store.Org(ctx, term.OrgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	if err := may(ctx, zhibu.PermOrgManage, org, "无权为该组织换届"); err != nil {
		return zhibu.Term{}, err
	}
	if term.Years == 0 {
		term.Years = zhibu.TermYears(org.Kind)
	}
	if err := term.Validate(t.opt.today()); err != nil {
		return zhibu.Term{}, err
	}
	if err := org.CheckCommittee(); err != nil {
		return zhibu.Term{}, err
	}
	holders := map[int64]zhibu.Person{}
	for _, st := range term.Seats {
		if !st.Position.ValidCommitteePosition() {
			continue
		}
		p, err := t.store.Person(ctx, st.PersonID)
		switch {
		case errors.Is(err, zhibu.ErrNotFound):
		case err != nil:
			return zhibu.Term{}, err
		default:
			holders[p.ID] = p
		}
	}
	// The seats are checked on the election day: who belonged to the org
	// then (the membership history), not who belongs to it now.
	ids := make([]int64, 0, len(holders))
	for id := range holders {
		ids = append(ids, id)
	}
	if !term.ElectedOn.IsZero() {
		orgOn, err := t.store.OrgsOn(ctx, term.ElectedOn, ids)
		if err != nil {
			return zhibu.Term{}, err
		}
		for id, p := range holders {
			p.OrgID = orgOn[id]
			holders[id] = p
		}
	}
	// Every problem at once: the seats, the assembly, the order after the
	// current term.
	var ps zhibu.Problems
	add := func(err error) error {
		var more zhibu.Problems
		if errors.As(err, &more) {
			ps = append(ps, more...)
			return nil
		}
		return err
	}
	if err := add(term.CheckSeats(org, holders)); err != nil {
		return zhibu.Term{}, err
	}
	if err := add(t.checkAssembly(ctx, org, term, term.AssemblyID)); err != nil {
		return zhibu.Term{}, err
	}
	cur, err := t.store.CurrentTerm(ctx, org.ID)
	if err != nil && !errors.Is(err, zhibu.ErrNotFound) {
		return zhibu.Term{}, err
	}
	if err := add(term.CheckAfter(cur)); err != nil {
		return zhibu.Term{}, err
	}
	if err := ps.Err(); err != nil {
		return zhibu.Term{}, err
	}
	return t.store.StartTerm(ctx, term)
}

// checkAssembly checks the general assembly id (0: none named) as the one
// that held term's election in org.
func (t *Terms) checkAssembly(ctx context.Context, org zhibu.Org, term zhibu.Term, id int64) error {
	if id == 0 {
		return nil
	}
	m, _, err := t.store.Meeting(ctx, id)
	switch {
	case errors.Is(err, zhibu.ErrNotFound):
		return zhibu.NoAssembly()
	case err != nil:
		return err
	}
	return term.CheckAssembly(org, m)
}

// LinkAssembly records, after the election was entered, the general
// assembly that held it: a held general assembly of the term's org on its
// election day. Only a term with none recorded may be given one.
func (t *Terms) LinkAssembly(ctx context.Context, orgID, termID, assemblyID int64) (zhibu.Term, error) {
	org, err := t.store.Org(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	if err := may(ctx, zhibu.PermOrgManage, org, "无权为该组织关联选举大会"); err != nil {
		return zhibu.Term{}, err
	}
	terms, err := t.store.Terms(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	var term *zhibu.Term
	for i := range terms {
		if terms[i].ID == termID {
			term = &terms[i]
		}
	}
	if term == nil {
		return zhibu.Term{}, zhibu.Errorf(zhibu.ErrNotFound, "未找到该届次")
	}
	if err := term.CheckLinkAssembly(assemblyID); err != nil {
		return *term, err
	}
	if err := t.checkAssembly(ctx, org, *term, assemblyID); err != nil {
		return *term, err
	}
	return t.store.SetTermAssembly(ctx, orgID, termID, assemblyID)
}

// ReportSecretary records that the org reported the secretary and deputy
// of its current term to the superior for approval, on day on (today if
// zero): the term elected them, is not yet approved, and on lies between
// the election and today.
func (t *Terms) ReportSecretary(ctx context.Context, orgID int64, on zhibu.Date) (zhibu.Term, error) {
	org, err := t.store.Org(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	if err := may(ctx, zhibu.PermOrgManage, org, "无权为该组织报告新任书记、副书记"); err != nil {
		return zhibu.Term{}, err
	}
	cur, err := t.store.CurrentTerm(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	if on, err = cur.CheckReport(on, t.opt.today()); err != nil {
		return cur, err
	}
	return t.store.ReportTerm(ctx, orgID, on)
}

// ApproveSecretary is the superior's approval (zhibu.PermFilingReview on
// the org) of the secretary and deputy reported, on day on (today if
// zero): reported, not yet approved, on between the report and today.
func (t *Terms) ApproveSecretary(ctx context.Context, orgID int64, on zhibu.Date) (zhibu.Term, error) {
	org, err := t.store.Org(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	if err := may(ctx, zhibu.PermFilingReview, org, "书记、副书记人选须由上级党委批准"); err != nil {
		return zhibu.Term{}, err
	}
	cur, err := t.store.CurrentTerm(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	if on, err = cur.CheckApprove(on, t.opt.today()); err != nil {
		return cur, err
	}
	return t.store.ApproveTerm(ctx, orgID, on)
}

// noCommittee is the problem of a request from an org with no current
// committee.
var noCommittee = zhibu.Problems{{Field: "months", Label: "调整月数", Message: "调整月数：本组织没有现任委员会"}}

// RequestExtension records (on e.RequestedOn, today if zero) an org's
// request to move the end of its current term by e.Months (positive:
// postpone; negative: advance), at most org.term.extension's max_months in
// force on the org's path on the term's natural end (12 when no version
// sets it) either way. The new end is counted from the natural end by
// calendar months. One request may wait at a time.
func (t *Terms) RequestExtension(ctx context.Context, e zhibu.Extension) (zhibu.Extension, error) {
	org, err := t.store.Org(ctx, e.OrgID)
	if err != nil {
		return e, err
	}
	if err := may(ctx, zhibu.PermOrgManage, org, "无权为该组织申请延期（提前）换届"); err != nil {
		return e, err
	}
	cur, err := t.store.CurrentTerm(ctx, org.ID)
	if errors.Is(err, zhibu.ErrNotFound) {
		return e, noCommittee
	}
	if err != nil {
		return e, err
	}
	natural := cur.EndsOn()
	max, err := t.extensionMax(ctx, org, natural)
	if err != nil {
		return e, err
	}
	e.Reason = strings.TrimSpace(e.Reason)
	if err := e.ValidateRequest(max); err != nil {
		return e, err
	}
	all, err := t.store.Extensions(ctx, org.ID)
	if err != nil {
		return e, err
	}
	for _, o := range all {
		if o.TermID == cur.ID && o.Status == zhibu.ExtensionRequested {
			return e, zhibu.Problems{{Field: "months", Label: "调整月数", Message: "调整月数：已有待上级审批的申请"}}
		}
	}
	if e.RequestedOn, err = e.CheckRequestedOn(cur, t.opt.today()); err != nil {
		return e, err
	}
	e.TermID, e.NewEnd, e.Status = cur.ID, natural.AddMonths(e.Months), zhibu.ExtensionRequested
	return t.store.RequestExtension(ctx, e)
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

// DecideExtension is the superior's decision (zhibu.PermFilingReview on
// the org) on request id of org orgID, on day on (today if zero), with a
// note of at most 200 characters: approved, it moves the end of the term
// to the request's new end; rejected, the term keeps its end. A request
// that is not the org's is not found; one already decided is a problem.
func (t *Terms) DecideExtension(ctx context.Context, orgID, id int64, approve bool, on zhibu.Date, note string) (zhibu.Extension, error) {
	e, err := t.store.Extension(ctx, id)
	if errors.Is(err, zhibu.ErrNotFound) || err == nil && e.OrgID != orgID {
		return zhibu.Extension{}, zhibu.Errorf(zhibu.ErrNotFound, "未找到该申请")
	}
	if err != nil {
		return e, err
	}
	org, err := t.store.Org(ctx, e.OrgID)
	if err != nil {
		return e, err
	}
	if err := may(ctx, zhibu.PermFilingReview, org, "延期换届须由上级党委审批"); err != nil {
		return e, err
	}
	note = strings.TrimSpace(note)
	if on, err = e.CheckDecide(on, t.opt.today(), note); err != nil {
		return e, err
	}
	return t.store.DecideExtension(ctx, id, approve, on, note)
}

// SetGroupLeader makes a party member of the group its leader from a date
// (today if zero, not after today); the previous leader's seat ends that
// day.
func (t *Terms) SetGroupLeader(ctx context.Context, groupID, personID int64, on zhibu.Date) error {
	g, err := t.store.Org(ctx, groupID)
	if err != nil {
		return err
	}
	if err := may(ctx, zhibu.PermOrgManage, g, "无权任免该党小组组长"); err != nil {
		return err
	}
	var leader *zhibu.Person
	p, err := t.store.Person(ctx, personID)
	switch {
	case err == nil:
		leader = &p
	case !errors.Is(err, zhibu.ErrNotFound):
		if g.Kind == zhibu.KindGroup {
			return err
		}
	}
	today := t.opt.today()
	if on.IsZero() {
		on = today
	}
	if err := g.CheckLeader(leader, on, today); err != nil {
		return err
	}
	return t.store.SetGroupLeader(ctx, groupID, personID, on)
}

// Supervise records that a member of the org's committee in office is
// responsible for an officer (民警) of the org from a date (today if zero,
// not after today); the officer's previous supervision ends that day.
func (t *Terms) Supervise(ctx context.Context, orgID, supervisorID, officerID int64, on zhibu.Date) error {
	org, err := t.store.Org(ctx, orgID)
	if err != nil {
		return err
	}
	if err := may(ctx, zhibu.PermOrgManage, org, "无权设置该组织的分管民警"); err != nil {
		return err
	}
	cur, err := t.store.CurrentTerm(ctx, orgID)
	if err != nil && !errors.Is(err, zhibu.ErrNotFound) {
		return err
	}
	var officer *zhibu.Person
	p, err := t.store.Person(ctx, officerID)
	switch {
	case err == nil:
		officer = &p
	case !errors.Is(err, zhibu.ErrNotFound):
		return err
	}
	today := t.opt.today()
	if on.IsZero() {
		on = today
	}
	if err := zhibu.CheckSupervision(org, cur, supervisorID, officer, on, today); err != nil {
		return err
	}
	return t.store.Supervise(ctx, orgID, supervisorID, officerID, on)
}
