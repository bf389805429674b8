package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// The secretary's review of 2025 (述职评议, docs/review.md): the bureau
// committee opens the round on 15 October 2025 for 21 October to 10
// November; each branch's secretary files the report on 25 October and
// presents it at a branch assembly on 30 October; the full members vote
// over the next days (one member of each branch does not vote); the
// branches close the vote and report on 5 November. The deliberate gap:
// 第二党支部 reports on 20 November, after the window (review.secretary:
// violation). The round of 2026 is not opened: the bureau is late with it
// (the browser test opens it).

// reviewYear is the demo's review round.
const reviewYear = 2025

// reviewReported is the day each branch closes its vote and reports.
var reviewReported = map[string]zhibu.Date{
	BranchCode:        day(2025, 11, 5),
	OfficeBranchCode:  day(2025, 11, 5),
	TrafficBranchCode: day(2025, 11, 20),
}

// reviewGrades are the ballots cast, in turn, by the members of a branch.
var reviewGrades = []zhibu.ReviewGrade{zhibu.ReviewGood, zhibu.ReviewGood, zhibu.ReviewFair, zhibu.ReviewGood,
	zhibu.ReviewAverage, zhibu.ReviewGood, zhibu.ReviewFair, zhibu.ReviewGood, zhibu.ReviewPoor, zhibu.ReviewGood}

// reviewText is a branch's report, from the seed plan's headings.
func reviewText(name string) zhibu.SecretaryReport {
	return zhibu.SecretaryReport{
		WorkDone: name + "全年召开支部党员大会4次、支委会12次、党小组会36次，书记讲党课4次；按月开展主题党日活动。\n按照发展党员工作细则培养入党积极分子，按时收缴党费。",
		Results:  "支部组织生活制度化、规范化水平提高，党员参加组织生活的比例明显上升；党建与公安业务同步推进。",
		Problems: "个别党小组会议记录不完整；理论学习的深度不够，联系实际不紧。",
		Plan:     "严格落实“三会一课”制度，规范会议记录；加强理论学习，每季度开展一次专题研讨；做好发展党员和党费收缴工作。",
	}
}

// at is a service whose clock is 10:00 on day d, for records of that day.
func (l *loader) at(d zhibu.Date) *service.Services {
	return service.New(l.s, service.Options{Now: func() time.Time {
		return time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, zhibu.DefaultZone)
	}})
}

// review records the 2025 round.
func (l *loader) review() error {
	committee := l.byCode[CommitteeCode].org
	round, err := l.at(day(2025, 10, 15)).Review.OpenRound(l.ctx, zhibu.ReviewRound{OrgID: committee.ID, Year: reviewYear,
		Note: "各党支部书记围绕年度党建工作述职，评议情况报局政治部"})
	if err != nil {
		return err
	}
	reports, err := l.s.RoundReports(l.ctx, round.ID)
	if err != nil {
		return err
	}
	for _, r := range reports {
		code := ""
		for c, b := range l.byCode {
			if b.org.ID == r.OrgID {
				code = c
			}
		}
		if err := l.reviewBranch(r, reviewReported[code]); err != nil {
			return fmt.Errorf("%s: %w", r.OrgName, err)
		}
	}
	return l.appraisal()
}

// reviewBranch files, presents, votes and reports one branch's review.
func (l *loader) reviewBranch(r zhibu.SecretaryReport, reported zhibu.Date) error {
	term, err := l.s.CurrentTerm(l.ctx, r.OrgID)
	if err != nil {
		return err
	}
	var sec zhibu.Seat
	for _, st := range term.Seats {
		if st.Position == zhibu.Secretary {
			sec = st
		}
	}
	org := zhibu.Org{ID: r.OrgID, Path: r.OrgPath}
	secretary := zhibu.WithActor(l.ctx, zhibu.Actor{AccountID: -1, PersonID: sec.PersonID, Name: sec.PersonName,
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: org.Path}, {Perm: zhibu.PermReviewWrite, Path: org.Path}},
		Scope:  zhibu.Scope{Paths: []string{org.Path}, Self: sec.PersonID}})
	if _, err := l.at(day(2025, 10, 25)).Review.File(secretary, r.OrgID, r.ID, reviewText(r.OrgName)); err != nil {
		return err
	}
	presented := day(2025, 10, 30)
	if _, err := l.at(presented).Review.Present(secretary, r.OrgID, r.ID, presented, 0); err != nil {
		return err
	}
	voters, err := l.s.ReviewVoters(l.ctx, r.ID)
	if err != nil {
		return err
	}
	for i, v := range voters[:max(0, len(voters)-1)] { // the last on the roll does not vote
		member := zhibu.WithActor(l.ctx, zhibu.Actor{AccountID: -1, PersonID: v.PersonID, Name: v.Name, Scope: zhibu.Scope{Self: v.PersonID}})
		if err := l.at(presented.AddDays(i%4)).Review.Vote(member, r.ID, reviewGrades[i%len(reviewGrades)]); err != nil {
			return err
		}
	}
	_, err = l.at(reported).Review.Close(secretary, r.OrgID, r.ID)
	return err
}

// The seed branch's democratic appraisal of 2025 (民主评议党员): opened on
// 20 October, self-appraisals written by all but two members, the peer
// vote from 1 November (every member but one votes), the grades decided at
// the branch's appraisal meeting of 6 November 2025 — every sixth member
// 优秀 (within one in three), one
// 不合格 (the last member of the roll) given until 28 February
// 2026 to improve, the handling closed on 2 March 2026.
func (l *loader) appraisal() error {
	b := l.byCode[BranchCode]
	secretaryCtx, err := l.secretaryOf(b.org)
	if err != nil {
		return err
	}
	r, err := l.at(day(2025, 10, 20)).Review.OpenAppraisal(secretaryCtx, b.org.ID, 2025)
	if err != nil {
		return err
	}
	member := func(e zhibu.AppraisalEntry) context.Context {
		return zhibu.WithActor(l.ctx, zhibu.Actor{AccountID: -1, PersonID: e.PersonID, Name: e.Name, Scope: zhibu.Scope{Self: e.PersonID}})
	}
	for i, e := range r.Entries[:len(r.Entries)-2] {
		text := e.Name + "：" + strconv.Itoa(2025) + "年认真学习党的理论，按时参加组织生活、交纳党费，完成本职工作；不足是理论联系实际不够。"
		if err := l.at(day(2025, 10, 21).AddDays(i%7)).Review.SelfAppraisal(member(e), r.ID, text); err != nil {
			return err
		}
	}
	if _, err := l.at(day(2025, 11, 1)).Review.OpenAppraisalVote(secretaryCtx, b.org.ID, r.ID); err != nil {
		return err
	}
	last := r.Entries[len(r.Entries)-1].PersonID // the member graded 不合格
	for i, v := range r.Entries[:len(r.Entries)-1] {
		grades := map[int64]zhibu.AppraisalGrade{}
		for j, e := range r.Entries {
			switch {
			case e.PersonID == v.PersonID:
				continue
			case e.PersonID == last && i%2 == 0:
				grades[e.PersonID] = zhibu.GradeUnqualified
			case e.PersonID == last || (i+j)%7 == 0:
				grades[e.PersonID] = zhibu.GradeBasic
			case (i+j)%5 == 0:
				grades[e.PersonID] = zhibu.GradeExcellent
			default:
				grades[e.PersonID] = zhibu.GradeQualified
			}
		}
		if err := l.at(day(2025, 11, 1).AddDays(i%5)).Review.AppraisalBallot(member(v), r.ID, grades); err != nil {
			return fmt.Errorf("ballot of %s: %w", v.Name, err)
		}
	}
	meeting, err := l.meetingOn(b.org.ID, zhibu.MeetAppraisal, day(2025, 11, 6))
	if err != nil {
		return err
	}
	grades := map[int64]zhibu.AppraisalGrade{}
	for i, e := range r.Entries {
		grades[e.PersonID] = zhibu.GradeQualified
		if i%6 == 1 && i < 30 {
			grades[e.PersonID] = zhibu.GradeExcellent
		}
	}
	grades[last] = zhibu.GradeUnqualified
	handlings := map[int64]zhibu.Handling{last: {PersonID: last, Measure: zhibu.MeasureImprove, DueOn: day(2026, 2, 28)}}
	if _, err := l.at(day(2025, 11, 6)).Review.DecideAppraisal(secretaryCtx, b.org.ID, r.ID, grades, handlings, meeting); err != nil {
		return err
	}
	_, err = l.at(day(2026, 3, 2)).Review.CloseHandling(secretaryCtx, b.org.ID, r.ID, last, "限期内参加组织生活、补交党费，经支部委员会考察已改正")
	return err
}

// secretaryOf acts as the branch's secretary, with the branch's
// review.write.
func (l *loader) secretaryOf(o zhibu.Org) (context.Context, error) {
	term, err := l.s.CurrentTerm(l.ctx, o.ID)
	if err != nil {
		return nil, err
	}
	for _, st := range term.Seats {
		if st.Position == zhibu.Secretary {
			return zhibu.WithActor(l.ctx, zhibu.Actor{AccountID: -1, PersonID: st.PersonID, Name: st.PersonName,
				Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: o.Path}, {Perm: zhibu.PermReviewWrite, Path: o.Path}},
				Scope:  zhibu.Scope{Paths: []string{o.Path}, Self: st.PersonID}}), nil
		}
	}
	return nil, fmt.Errorf("%s has no secretary", o.Name)
}

// meetingOn is the id of the org's held meeting of type t on day d.
func (l *loader) meetingOn(orgID int64, t zhibu.MeetingType, d zhibu.Date) (int64, error) {
	from := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, zhibu.DefaultZone)
	ms, err := l.s.Meetings(l.ctx, store.MeetingFilter{OrgID: orgID, Type: t, Status: zhibu.MeetingHeld, From: from, To: from.AddDate(0, 0, 1)})
	if err != nil {
		return 0, err
	}
	if len(ms) == 0 {
		return 0, fmt.Errorf("no %s on %s", t, d)
	}
	return ms[0].ID, nil
}
