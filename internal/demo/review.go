package demo

import (
	"fmt"
	"time"

	"zhibu"
	"zhibu/internal/service"
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
	return nil
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
