package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/reviewexport"
	"zhibu/internal/store"
)

// The democratic appraisal of members (民主评议党员, docs/review.md): the
// branch's page opens the year's appraisal, opens the peer vote, records
// the grades decided at the appraisal meeting and the handling of a member
// graded 不合格; the member's self-appraisal and peer ballot are on
// /ballots.

// appraisalRoutes are the appraisal's routes of the route table.
func (s *server) appraisalRoutes() []route {
	return []route{
		{"GET /orgs/{id}/appraisal", readOrg, s.appraisalShow},
		{"GET /orgs/{id}/appraisal/grades.xlsx", readOrg, s.appraisalGrades},
		{"POST /orgs/{id}/appraisal", reviewOrg, s.appraisalOpen},
		{"POST /orgs/{id}/appraisal/vote", reviewOrg, s.appraisalVote},
		{"POST /orgs/{id}/appraisal/decide", reviewOrg, s.appraisalDecide},
		{"POST /orgs/{id}/appraisal/handling", reviewOrg, s.appraisalHandling},
		{"POST /ballots/appraisal/self", access.LoggedIn, s.ballotSelf},
		{"POST /ballots/appraisal", access.LoggedIn, s.ballotAppraisal},
	}
}

type appraisalPage struct {
	base
	Org      zhibu.Org
	Branch   bool // an org above branches has no appraisal of its own
	Current  *zhibu.AppraisalRound
	Past     []zhibu.AppraisalRound
	Meetings []zhibu.Meeting
	CanWrite bool
	Grades   []zhibu.AppraisalGrade
	Measures []zhibu.HandlingMeasure
	Form     form
	Year     int
	MaxExc   int
	Voted    int
	// ImproveMonths is the deadline a 限期改正 gets when none is named.
	ImproveMonths int
	// Above branches: every branch's appraisal of Shown side by side.
	Shown    int
	Branches []branchAppraisalRow
}

// branchAppraisalRow is one branch in the superior's side-by-side view.
type branchAppraisalRow struct {
	zhibu.BranchAppraisal
	Counts        zhibu.AppraisalTally
	Voted         int
	Open, Overdue int
	Unqualified   []zhibu.AppraisalEntry
}

// appraisalShow is GET /orgs/{id}/appraisal.
func (s *server) appraisalShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	return s.appraisalRender(w, r, http.StatusOK, o, form{}, nil)
}

func (s *server) appraisalRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	if o.Kind == zhibu.KindGroup {
		return errPageNotFound
	}
	d := &appraisalPage{Branch: o.Kind == zhibu.KindBranch, Org: o, CanWrite: zhibu.ActorFrom(ctx).Can(zhibu.PermReviewWrite, o.Path), Grades: zhibu.AppraisalGrades,
		Measures: []zhibu.HandlingMeasure{zhibu.MeasureTalk, zhibu.MeasureImprove, zhibu.MeasureRemoval}, Form: f, Year: s.today().Year}
	d.Problems = ps
	var rounds []zhibu.AppraisalRound
	var err error
	if d.Branch {
		if rounds, err = s.store.BranchAppraisals(ctx, o.ID); err != nil {
			return err
		}
	}
	if !d.Branch {
		d.Shown = s.yearOf(r)
		side, err := s.svc.Review.AppraisalsUnder(ctx, o.ID, d.Shown)
		if err != nil {
			return err
		}
		for _, b := range side {
			row := branchAppraisalRow{BranchAppraisal: b}
			if b.Round != nil {
				row.Counts = b.Round.Counts()
				row.Open, row.Overdue = b.Round.OpenHandlings(s.today())
				for _, v := range b.Round.Voters {
					if !v.VotedOn.IsZero() {
						row.Voted++
					}
				}
				for _, e := range b.Round.Entries {
					if e.Handling != nil {
						row.Unqualified = append(row.Unqualified, e)
					}
				}
			}
			d.Branches = append(d.Branches, row)
		}
	}
	if len(rounds) > 0 {
		cur := rounds[0]
		d.Current, d.Past = &cur, rounds[1:]
		d.MaxExc = zhibu.MaxExcellent(len(cur.Entries), cur.ExcellentOneIn)
		for _, v := range cur.Voters {
			if !v.VotedOn.IsZero() {
				d.Voted++
			}
		}
		if d.ImproveMonths, err = s.svc.Review.ImproveMonths(ctx, o, s.today()); err != nil {
			return err
		}
		from := time.Date(cur.Year, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)
		if d.Meetings, err = s.store.Meetings(ctx, store.MeetingFilter{OrgID: o.ID, Type: zhibu.MeetAppraisal, Status: zhibu.MeetingHeld,
			From: from, To: from.AddDate(1, 0, 0)}); err != nil {
			return err
		}
	}
	d.Title = "民主评议党员"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "民主评议党员"}); err != nil {
		return err
	}
	return s.render(w, r, status, "appraisal", d)
}

// appraisalGrades is GET /orgs/{id}/appraisal/grades.xlsx: for a branch,
// its appraisal of ?year= (else its newest) member by member; above
// branches, every branch's appraisal of ?year= (else this year) side by
// side. A year without an appraisal gives the sheet without rows.
func (s *server) appraisalGrades(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.org(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	name := o.Name
	switch o.Kind {
	case zhibu.KindGroup:
		return errPageNotFound
	case zhibu.KindBranch:
		rounds, err := s.store.BranchAppraisals(ctx, o.ID)
		if err != nil {
			return err
		}
		year, _ := strconv.Atoi(r.URL.Query().Get("year"))
		cur := zhibu.AppraisalRound{OrgName: o.Name, Year: s.yearOf(r)}
		for _, rd := range rounds {
			if year == 0 || rd.Year == year {
				cur = rd
				break
			}
		}
		if err := reviewexport.WriteAppraisal(&buf, cur); err != nil {
			return err
		}
		name += strconv.Itoa(cur.Year) + "年度民主评议党员等次表.xlsx"
	default:
		year := s.yearOf(r)
		side, err := s.svc.Review.AppraisalsUnder(ctx, o.ID, year)
		if err != nil {
			return err
		}
		if err := reviewexport.WriteAppraisals(&buf, o.Name, year, side, s.today()); err != nil {
			return err
		}
		name += strconv.Itoa(year) + "年度民主评议党员结果汇总表.xlsx"
	}
	return download(w, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}

// appraisalAct runs one write of the branch's page: a redirect with flash,
// or the page again (422) with the problems.
func (s *server) appraisalAct(w http.ResponseWriter, r *http.Request, act func(o zhibu.Org, cur zhibu.AppraisalRound, f form) (string, error), needRound bool) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	if o.Kind != zhibu.KindBranch {
		return errPageNotFound
	}
	var cur zhibu.AppraisalRound
	if needRound {
		rounds, err := s.store.BranchAppraisals(r.Context(), o.ID)
		if err != nil {
			return err
		}
		if len(rounds) == 0 {
			return s.appraisalRender(w, r, http.StatusUnprocessableEntity, o, f, zhibu.Problems{{Field: "status", Label: "民主评议", Message: "民主评议：本支部尚未开展民主评议"}})
		}
		cur = rounds[0]
	}
	flash, err := act(o, cur, f)
	if err == nil {
		return redirect(w, r, orgHref(o.ID)+"/appraisal", flash)
	}
	if !invalid(err) {
		return err
	}
	return s.appraisalRender(w, r, http.StatusUnprocessableEntity, o, f, problemsOf(err))
}

// appraisalOpen is POST /orgs/{id}/appraisal.
func (s *server) appraisalOpen(w http.ResponseWriter, r *http.Request) error {
	return s.appraisalAct(w, r, func(o zhibu.Org, _ zhibu.AppraisalRound, f form) (string, error) {
		year, err := strconv.Atoi(f["year"])
		if err != nil {
			return "", zhibu.Problems{{Field: "year", Label: "年度", Message: "年度：应为四位数字的年份"}}
		}
		rd, err := s.svc.Review.OpenAppraisal(r.Context(), o.ID, year)
		return "已开展" + strconv.Itoa(rd.Year) + "年度民主评议党员，共" + strconv.Itoa(len(rd.Entries)) + "名党员参评", err
	}, false)
}

// appraisalVote is POST /orgs/{id}/appraisal/vote.
func (s *server) appraisalVote(w http.ResponseWriter, r *http.Request) error {
	return s.appraisalAct(w, r, func(o zhibu.Org, cur zhibu.AppraisalRound, f form) (string, error) {
		_, err := s.svc.Review.OpenAppraisalVote(r.Context(), o.ID, cur.ID)
		return "互评投票开始", err
	}, true)
}

// appraisalDecide is POST /orgs/{id}/appraisal/decide: grade_<person>,
// and for a 不合格 member measure_<person> and due_on_<person>.
func (s *server) appraisalDecide(w http.ResponseWriter, r *http.Request) error {
	return s.appraisalAct(w, r, func(o zhibu.Org, cur zhibu.AppraisalRound, f form) (string, error) {
		grades := map[int64]zhibu.AppraisalGrade{}
		handlings := map[int64]zhibu.Handling{}
		for _, e := range cur.Entries {
			k := strconv.FormatInt(e.PersonID, 10)
			grades[e.PersonID] = zhibu.AppraisalGrade(f["grade_"+k])
			if grades[e.PersonID] == zhibu.GradeUnqualified {
				h := zhibu.Handling{PersonID: e.PersonID, Measure: zhibu.HandlingMeasure(f["measure_"+k])}
				h.DueOn, _ = zhibu.ParseDate(f["due_on_"+k])
				handlings[e.PersonID] = h
			}
		}
		meeting, _ := strconv.ParseInt(f["meeting_id"], 10, 64)
		_, err := s.svc.Review.DecideAppraisal(r.Context(), o.ID, cur.ID, grades, handlings, meeting)
		return "已确定民主评议等次", err
	}, true)
}

// appraisalHandling is POST /orgs/{id}/appraisal/handling.
func (s *server) appraisalHandling(w http.ResponseWriter, r *http.Request) error {
	return s.appraisalAct(w, r, func(o zhibu.Org, cur zhibu.AppraisalRound, f form) (string, error) {
		person, _ := strconv.ParseInt(f["person_id"], 10, 64)
		_, err := s.svc.Review.CloseHandling(r.Context(), o.ID, cur.ID, person, f["outcome"])
		return "已登记处置结果", err
	}, true)
}

// ballotSelf is POST /ballots/appraisal/self.
func (s *server) ballotSelf(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	id, _ := strconv.ParseInt(f["round_id"], 10, 64)
	return s.ballotAnswer(w, r, s.svc.Review.SelfAppraisal(r.Context(), id, f["self_text"]), "已提交个人自评")
}

// ballotAppraisal is POST /ballots/appraisal: grade_<person> for every
// other member.
func (s *server) ballotAppraisal(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	id, _ := strconv.ParseInt(f["round_id"], 10, 64)
	grades := map[int64]zhibu.AppraisalGrade{}
	for k, v := range f {
		if pid, err := strconv.ParseInt(strings.TrimPrefix(k, "grade_"), 10, 64); err == nil && k != strings.TrimPrefix(k, "grade_") && v != "" {
			grades[pid] = zhibu.AppraisalGrade(v)
		}
	}
	return s.ballotAnswer(w, r, s.svc.Review.AppraisalBallot(r.Context(), id, grades), "投票成功。您的选择不与您的姓名一同保存。")
}

// ballotAnswer is the answer to a member's ballot or self-appraisal.
func (s *server) ballotAnswer(w http.ResponseWriter, r *http.Request, err error, flash string) error {
	if err == nil {
		return redirect(w, r, "/ballots", flash)
	}
	if errors.Is(err, zhibu.ErrForbidden) {
		return s.ballotsRender(w, r, http.StatusUnprocessableEntity, zhibu.Problems{{Field: "round_id", Label: "民主评议", Message: "民主评议：" + store.ErrNotOnRoll.Message}})
	}
	if !invalid(err) {
		return err
	}
	return s.ballotsRender(w, r, http.StatusUnprocessableEntity, problemsOf(err))
}
