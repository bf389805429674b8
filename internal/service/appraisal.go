package service

import (
	"context"
	"errors"
	"strconv"

	"zhibu"
	"zhibu/internal/store"
)

// The democratic appraisal of members (民主评议党员, docs/review.md), part
// of the review service: the branch opens the year's appraisal, members
// write their self-appraisals and cast anonymous peer ballots, the branch
// decides the grades at its appraisal meeting (the held meeting of type
// appraisal that meet.appraisal.annual counts) with 优秀 within
// meet.appraisal.annual's excellent_one_in, and follows each member graded
// 不合格 until the handling is closed.

// ExcellentOneIn is meet.appraisal.annual's excellent_one_in for the org
// in a year: at most one member in that many is graded 优秀.
func (x *Review) ExcellentOneIn(ctx context.Context, org zhibu.Org, year int) (int, error) {
	cat, err := x.compliance.Catalogue(ctx)
	if err != nil {
		return 0, err
	}
	if res, ok := cat.Resolve("meet.appraisal.annual", org.PathIDs(), zhibu.MakeDate(year, 12, 31)); ok && res.Params.Get("excellent_one_in") > 0 {
		return res.Params.Get("excellent_one_in"), nil
	}
	return zhibu.DefaultExcellentOneIn, nil
}

// OpenAppraisal opens branch orgID's appraisal of year. Errors:
// zhibu.ErrNotFound, zhibu.ErrForbidden (no review.write), zhibu.Problems.
func (x *Review) OpenAppraisal(ctx context.Context, orgID int64, year int) (zhibu.AppraisalRound, error) {
	o, err := x.store.Org(ctx, orgID)
	if err != nil {
		return zhibu.AppraisalRound{}, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermReviewWrite, o.Path) {
		return zhibu.AppraisalRound{}, zhibu.Errorf(zhibu.ErrForbidden, "无权开展该支部的民主评议")
	}
	today := x.opt.today()
	switch {
	case o.Kind != zhibu.KindBranch:
		return zhibu.AppraisalRound{}, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：民主评议党员由党支部开展"}}
	case year != today.Year && year != today.Year-1:
		return zhibu.AppraisalRound{}, zhibu.Problems{{Field: "year", Label: "年度", Message: "年度：应为今年或上一年"}}
	}
	oneIn, err := x.ExcellentOneIn(ctx, o, year)
	if err != nil {
		return zhibu.AppraisalRound{}, err
	}
	return x.store.OpenAppraisal(ctx, o.ID, year, oneIn, today)
}

// myAppraisal is the acting member's appraisal id.
func (x *Review) myAppraisal(ctx context.Context, id int64) (zhibu.AppraisalRound, error) {
	if id == 0 {
		return zhibu.AppraisalRound{}, zhibu.Problems{{Field: "round_id", Label: "民主评议", Message: "民主评议：请选择"}}
	}
	mine, err := x.store.MyAppraisals(ctx)
	if err != nil {
		return zhibu.AppraisalRound{}, err
	}
	for _, r := range mine {
		if r.ID == id {
			return r, nil
		}
	}
	return zhibu.AppraisalRound{}, store.ErrNotOnRoll
}

// SelfAppraisal saves the acting member's self-appraisal in appraisal id.
func (x *Review) SelfAppraisal(ctx context.Context, id int64, text string) error {
	r, err := x.myAppraisal(ctx, id)
	if err != nil {
		return err
	}
	if err := r.CheckSelf(text); err != nil {
		return err
	}
	return x.store.SaveSelfAppraisal(ctx, id, text, x.opt.today())
}

// AppraisalBallot casts the acting member's anonymous peer ballot in
// appraisal id: a grade for every other member, 优秀 within the share.
func (x *Review) AppraisalBallot(ctx context.Context, id int64, grades map[int64]zhibu.AppraisalGrade) error {
	r, err := x.myAppraisal(ctx, id)
	if err != nil {
		return err
	}
	me := zhibu.ActorFrom(ctx).PersonID
	for _, v := range r.Voters {
		if v.PersonID == me && !v.VotedOn.IsZero() {
			return store.ErrVoted
		}
	}
	if err := r.CheckBallot(me, grades); err != nil {
		return err
	}
	return x.store.CastAppraisalBallot(ctx, id, grades, x.opt.today())
}

// branchAppraisal reads appraisal id of branch orgID for a write.
func (x *Review) branchAppraisal(ctx context.Context, orgID, id int64) (zhibu.AppraisalRound, error) {
	r, err := x.store.AppraisalRound(ctx, id)
	if err != nil {
		return r, err
	}
	if r.OrgID != orgID {
		return r, zhibu.Errorf(zhibu.ErrNotFound, "未找到该民主评议")
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermReviewWrite, r.OrgPath) {
		return r, zhibu.Errorf(zhibu.ErrForbidden, "无权组织该支部的民主评议")
	}
	return r, nil
}

// OpenAppraisalVote ends the self-appraisals and opens the peer vote.
func (x *Review) OpenAppraisalVote(ctx context.Context, orgID, id int64) (zhibu.AppraisalRound, error) {
	r, err := x.branchAppraisal(ctx, orgID, id)
	if err != nil {
		return r, err
	}
	if r.Status != zhibu.AppraisalOpen {
		return r, zhibu.Problems{{Field: "status", Label: "互评投票", Message: "互评投票：已经开始"}}
	}
	return x.store.OpenAppraisalVote(ctx, r.ID)
}

// DecideAppraisal records the branch's grades, decided at its held
// appraisal meeting meetingID of the year, and the handling of each
// member graded 不合格. Errors: zhibu.Problems naming each member and
// field (a grade missing, too many 优秀, a handling without its measure or
// deadline, the meeting not the branch's held appraisal meeting).
func (x *Review) DecideAppraisal(ctx context.Context, orgID, id int64, grades map[int64]zhibu.AppraisalGrade,
	handlings map[int64]zhibu.Handling, meetingID int64) (zhibu.AppraisalRound, error) {
	r, err := x.branchAppraisal(ctx, orgID, id)
	if err != nil {
		return r, err
	}
	today := x.opt.today()
	var ps zhibu.Problems
	on := today
	m, _, err := x.store.Meeting(ctx, meetingID)
	switch {
	case meetingID == 0 || errors.Is(err, zhibu.ErrNotFound):
		ps.Add("meeting_id", "民主评议会议", "请选择本支部已召开的民主评议党员会议")
	case err != nil:
		return r, err
	case m.OrgID != r.OrgID || m.Type != zhibu.MeetAppraisal || m.Status != zhibu.MeetingHeld || m.StartsAt.In(zhibu.DefaultZone).Year() != r.Year:
		ps.Add("meeting_id", "民主评议会议", "应为本支部"+strconv.Itoa(r.Year)+"年已召开的民主评议党员会议")
	default:
		on = zhibu.DateOf(m.StartsAt.In(zhibu.DefaultZone))
	}
	// A 限期改正 without a day is given appraisal.handling's within_months
	// from the day the grades are decided.
	for id, h := range handlings {
		if h.Measure == zhibu.MeasureImprove && h.DueOn.IsZero() {
			o, err := x.store.Org(ctx, r.OrgID)
			if err != nil {
				return r, err
			}
			months, err := x.ImproveMonths(ctx, o, on)
			if err != nil {
				return r, err
			}
			h.DueOn = on.AddMonths(months)
			handlings[id] = h
		}
	}
	if err := r.CheckDecide(grades, handlings, today); err != nil {
		var more zhibu.Problems
		errors.As(err, &more)
		ps = append(ps, more...)
	}
	if len(ps) > 0 {
		return r, ps
	}
	return x.store.DecideAppraisal(ctx, r.ID, grades, handlings, meetingID, on)
}

// AppraisalsUnder is every branch under org orgID with its appraisal of
// year (nil when not opened), in the tree's order: what the superior (the
// bureau committee, the political department) sees side by side.
func (x *Review) AppraisalsUnder(ctx context.Context, orgID int64, year int) ([]zhibu.BranchAppraisal, error) {
	branches, err := x.store.Orgs(ctx, store.OrgFilter{Under: orgID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return nil, err
	}
	rounds, err := x.store.AppraisalsUnder(ctx, orgID, year)
	if err != nil {
		return nil, err
	}
	byOrg := map[int64]*zhibu.AppraisalRound{}
	for i := range rounds {
		byOrg[rounds[i].OrgID] = &rounds[i]
	}
	out := make([]zhibu.BranchAppraisal, 0, len(branches))
	for _, b := range branches {
		out = append(out, zhibu.BranchAppraisal{Org: b, Round: byOrg[b.ID]})
	}
	return out, nil
}

// ImproveMonths is appraisal.handling's within_months for the org on day:
// the deadline a 限期改正 is given when the branch names none.
func (x *Review) ImproveMonths(ctx context.Context, org zhibu.Org, day zhibu.Date) (int, error) {
	cat, err := x.compliance.Catalogue(ctx)
	if err != nil {
		return 0, err
	}
	if res, ok := cat.Resolve("appraisal.handling", org.PathIDs(), day); ok && res.Params.Get("within_months") > 0 {
		return res.Params.Get("within_months"), nil
	}
	return zhibu.DefaultImproveMonths, nil
}

// CloseHandling records the outcome of a 不合格 member's handling.
func (x *Review) CloseHandling(ctx context.Context, orgID, id, personID int64, outcome string) (zhibu.AppraisalRound, error) {
	r, err := x.branchAppraisal(ctx, orgID, id)
	if err != nil {
		return r, err
	}
	e, ok := r.Entry(personID)
	if !ok || e.Handling == nil {
		return r, zhibu.Problems{{Field: "person_id", Label: "处置", Message: "处置：该党员没有待办结的处置"}}
	}
	today := x.opt.today()
	if err := e.Handling.CheckClose(outcome, today, today); err != nil {
		return r, err
	}
	return x.store.CloseHandling(ctx, r.ID, personID, outcome, today)
}
