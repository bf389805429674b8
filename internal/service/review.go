package service

import (
	"context"
	"errors"

	"zhibu"
	"zhibu/internal/store"
)

// Review is the service of the secretary's report and review (述职评议,
// docs/review.md): the superior opens a round, each branch's secretary
// files the report and presents it, the members vote anonymously, the
// branch closes the vote and the result reaches the political department.
// It checks the root package's invariants and review.secretary's window;
// the store persists, checking the actor's right on every write and
// keeping the ballots apart from the voters.
type Review struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newReview(st *store.Store, opt Options, c *Compliance) *Review {
	return &Review{store: st, opt: opt, compliance: c}
}

// Window is review.secretary's window for the org in a year (the form's
// default): the seed's 21 October to 10 November unless a layer sets it.
func (x *Review) Window(ctx context.Context, org zhibu.Org, year int) (zhibu.Date, zhibu.Date, error) {
	from, to := zhibu.DefaultReviewFrom, zhibu.DefaultReviewTo
	cat, err := x.compliance.Catalogue(ctx)
	if err != nil {
		return zhibu.Date{}, zhibu.Date{}, err
	}
	if res, ok := cat.Resolve("review.secretary", org.PathIDs(), zhibu.MakeDate(year, 12, 31)); ok {
		if v := res.Params.Get("window_from"); v > 0 {
			from = v
		}
		if v := res.Params.Get("window_to"); v > 0 {
			to = v
		}
	}
	a, b := zhibu.ReviewWindow(year, from, to)
	return a, b, nil
}

// OpenRound opens a round of committee r.OrgID for every branch below it.
// A zero window is review.secretary's. Errors: zhibu.ErrNotFound (the org),
// zhibu.ErrForbidden (no filing.review on it), zhibu.Problems (the round,
// or a round of that year already open).
func (x *Review) OpenRound(ctx context.Context, r zhibu.ReviewRound) (zhibu.ReviewRound, error) {
	o, err := x.store.Org(ctx, r.OrgID)
	if err != nil {
		return r, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermFilingReview, o.Path) {
		return r, zhibu.Errorf(zhibu.ErrForbidden, "无权开展该组织的述职评议")
	}
	if o.Kind != zhibu.KindCommittee && o.Kind != zhibu.KindGeneralBranch {
		return r, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：述职评议由党委或党总支对所属党支部开展"}}
	}
	if r.OpensOn.IsZero() && r.ClosesOn.IsZero() && r.Year > 0 {
		if r.OpensOn, r.ClosesOn, err = x.Window(ctx, o, r.Year); err != nil {
			return r, err
		}
	}
	if err := r.Validate(x.opt.today()); err != nil {
		return r, err
	}
	return x.store.OpenReviewRound(ctx, r)
}

// branchReport reads report id of branch orgID (0: any).
func (x *Review) branchReport(ctx context.Context, orgID, id int64) (zhibu.SecretaryReport, error) {
	r, err := x.store.ReviewReport(ctx, id)
	if err != nil {
		return r, err
	}
	if orgID != 0 && r.OrgID != orgID {
		return r, zhibu.Errorf(zhibu.ErrNotFound, "未找到该述职评议")
	}
	return r, nil
}

// File writes (or rewrites, until it is presented) the report of branch
// orgID's review id, by the acting secretary. Errors: zhibu.ErrNotFound,
// zhibu.ErrForbidden (no review.write), zhibu.Problems (a section missing
// or too long, the window not open, already presented).
func (x *Review) File(ctx context.Context, orgID, id int64, text zhibu.SecretaryReport) (zhibu.SecretaryReport, error) {
	r, err := x.branchReport(ctx, orgID, id)
	if err != nil {
		return r, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermReviewWrite, r.OrgPath) {
		return r, zhibu.Errorf(zhibu.ErrForbidden, "无权提交该支部的述职报告")
	}
	today := x.opt.today()
	if err := r.CheckFile(today); err != nil {
		return r, err
	}
	if err := text.ValidateText(); err != nil {
		return r, err
	}
	return x.store.FileReviewReport(ctx, r.ID, text, zhibu.ActorFrom(ctx).PersonID, today)
}

// Present records that the report was presented at a branch meeting on
// day on (zero: today), meetingID naming the held meeting of the branch
// that day (0: none named), and opens the vote of the branch's full
// members. Errors as File's.
func (x *Review) Present(ctx context.Context, orgID, id int64, on zhibu.Date, meetingID int64) (zhibu.SecretaryReport, error) {
	r, err := x.branchReport(ctx, orgID, id)
	if err != nil {
		return r, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermReviewWrite, r.OrgPath) {
		return r, zhibu.Errorf(zhibu.ErrForbidden, "无权组织该支部的述职评议")
	}
	today := x.opt.today()
	if on.IsZero() {
		on = today
	}
	if err := r.CheckPresent(on, today); err != nil {
		return r, err
	}
	if meetingID != 0 {
		m, _, err := x.store.Meeting(ctx, meetingID)
		switch {
		case errors.Is(err, zhibu.ErrNotFound):
			return r, zhibu.Problems{{Field: "meeting_id", Label: "述职会议", Message: "述职会议：未找到该会议"}}
		case err != nil:
			return r, err
		case m.OrgID != r.OrgID || m.Status != zhibu.MeetingHeld || zhibu.DateOf(m.StartsAt.In(zhibu.DefaultZone)) != on:
			return r, zhibu.Problems{{Field: "meeting_id", Label: "述职会议", Message: "述职会议：应为本支部在述职当日召开的会议"}}
		}
	}
	return x.store.PresentReviewReport(ctx, r.ID, on, meetingID)
}

// Vote casts the acting member's anonymous ballot in the vote of report
// id. Errors: zhibu.Problems (no vote chosen, no grade, the vote not
// open), store.ErrNotOnRoll, store.ErrVoted.
func (x *Review) Vote(ctx context.Context, id int64, g zhibu.ReviewGrade) error {
	if id == 0 {
		return zhibu.Problems{{Field: "report_id", Label: "评议", Message: "评议：请选择要投票的述职评议"}}
	}
	mine, err := x.store.MyReviewBallots(ctx)
	if err != nil {
		return err
	}
	for _, b := range mine {
		if b.Report.ID != id {
			continue
		}
		if !b.VotedOn.IsZero() {
			return store.ErrVoted
		}
		if err := b.Report.CheckVote(g); err != nil {
			return err
		}
		return x.store.CastReviewBallot(ctx, id, g, x.opt.today())
	}
	return store.ErrNotOnRoll
}

// Close closes the vote of branch orgID's report id today and reports the
// result. Errors as File's (no ballot yet, not voting).
func (x *Review) Close(ctx context.Context, orgID, id int64) (zhibu.SecretaryReport, error) {
	r, err := x.branchReport(ctx, orgID, id)
	if err != nil {
		return r, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermReviewWrite, r.OrgPath) {
		return r, zhibu.Errorf(zhibu.ErrForbidden, "无权报送该支部的评议结果")
	}
	if err := r.CheckClose(); err != nil {
		return r, err
	}
	return x.store.CloseReviewVote(ctx, r.ID, x.opt.today())
}
