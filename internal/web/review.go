package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/reviewexport"
	"zhibu/internal/store"
)

// The secretary's report and review (述职评议, docs/review.md). On a
// committee's page family: its rounds and, for each, every branch's result
// side by side (the political department's view) and the form to open a
// round. On a branch's: its reports; for those with review.write, the
// report's form, its presentation (which opens the vote), who has not
// voted, and the closing of the vote. /ballots is a member's own votes.

var (
	reviewOrg   = access.On(zhibu.PermReviewWrite, access.PathOrg, "id")
	openReviews = access.On(zhibu.PermFilingReview, access.PathOrg, "id")
)

// reviewRoutes are the review stream's routes of the route table.
func (s *server) reviewRoutes() []route {
	return append([]route{
		{"GET /orgs/{id}/reviews", readOrg, s.reviewShow},
		{"POST /orgs/{id}/reviews", openReviews, s.reviewOpen},
		{"POST /orgs/{id}/reviews/report", reviewOrg, s.reviewFile},
		{"POST /orgs/{id}/reviews/present", reviewOrg, s.reviewPresent},
		{"POST /orgs/{id}/reviews/close", reviewOrg, s.reviewClose},
		{"GET /orgs/{id}/reviews/report.docx", readOrg, s.reviewDocx},
		{"GET /orgs/{id}/reviews/results.xlsx", readOrg, s.reviewResults},
		// A member's own ballots: the right to vote is being on the roll,
		// which the store checks against the acting person.
		{"GET /ballots", access.LoggedIn, s.ballots},
		{"POST /ballots/review", access.LoggedIn, s.ballotReview},
	}, s.appraisalRoutes()...) // appraisal.go
}

// roundView is a round with its branches side by side.
type roundView struct {
	Round   zhibu.ReviewRound
	Reports []zhibu.SecretaryReport
}

type reviewPage struct {
	base
	Org       zhibu.Org
	Branch    bool
	Rounds    []roundView
	Reports   []zhibu.SecretaryReport
	Current   *zhibu.SecretaryReport
	Voters    []zhibu.Voter
	NotVoted  []zhibu.Voter
	CanOpen   bool
	CanWrite  bool
	Grades    []zhibu.ReviewGrade
	Form      form
	Year      int
	OpenForm  form
	OpenProbs zhibu.Problems
}

// reviewShow is GET /orgs/{id}/reviews.
func (s *server) reviewShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	return s.reviewRender(w, r, http.StatusOK, o, form{}, nil)
}

func (s *server) reviewRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	a := zhibu.ActorFrom(ctx)
	if o.Kind == zhibu.KindGroup {
		return errPageNotFound
	}
	d := &reviewPage{Org: o, Branch: o.Kind == zhibu.KindBranch, Grades: zhibu.ReviewGrades, Form: f, Year: s.today().Year,
		CanOpen: a.Can(zhibu.PermFilingReview, o.Path) && o.Kind != zhibu.KindBranch, CanWrite: a.Can(zhibu.PermReviewWrite, o.Path)}
	d.Problems = ps
	if d.Branch {
		var err error
		if d.Reports, err = s.store.BranchReviews(ctx, o.ID); err != nil {
			return err
		}
		if len(d.Reports) > 0 {
			cur := d.Reports[0]
			d.Current = &cur
			if cur.Status == zhibu.ReviewVoting || cur.Status == zhibu.ReviewReported {
				if d.Voters, err = s.store.ReviewVoters(ctx, cur.ID); err != nil && !errors.Is(err, zhibu.ErrForbidden) {
					return err
				}
				for _, v := range d.Voters {
					if v.VotedOn.IsZero() {
						d.NotVoted = append(d.NotVoted, v)
					}
				}
			}
			if len(f) == 0 && cur.Status != zhibu.ReviewReported {
				d.Form = form{"work_done": cur.WorkDone, "results": cur.Results, "problems": cur.Problems, "plan": cur.Plan,
					"presented_on": s.today().String()}
			}
		}
	} else {
		rounds, err := s.store.ReviewRounds(ctx, o.ID)
		if err != nil {
			return err
		}
		for _, rd := range rounds {
			reports, err := s.store.RoundReports(ctx, rd.ID)
			if err != nil {
				return err
			}
			d.Rounds = append(d.Rounds, roundView{Round: rd, Reports: reports})
		}
		if len(f) == 0 {
			d.Form = form{"year": strconv.Itoa(d.Year)}
		}
	}
	d.Title = "书记述职评议"
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "书记述职评议"}); err != nil {
		return err
	}
	return s.render(w, r, status, "review", d)
}

// reviewOpen is POST /orgs/{id}/reviews: the superior opens a round.
func (s *server) reviewOpen(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	rd := zhibu.ReviewRound{OrgID: o.ID, Note: f["note"]}
	if rd.Year, err = strconv.Atoi(f["year"]); err != nil {
		ps.Add("year", "年度", "应为四位数字的年份")
	}
	for _, x := range []struct {
		name, label string
		to          *zhibu.Date
	}{{"opens_on", "开始日期", &rd.OpensOn}, {"closes_on", "截止日期", &rd.ClosesOn}} {
		if v := f[x.name]; v != "" {
			if *x.to, err = zhibu.ParseDate(v); err != nil {
				ps.Add(x.name, x.label, "日期格式不正确，应如2026-10-21")
			}
		}
	}
	if len(ps) == 0 {
		done, err := s.svc.Review.OpenRound(r.Context(), rd)
		if err == nil {
			return redirect(w, r, orgHref(o.ID)+"/reviews", "已开展"+strconv.Itoa(done.Year)+"年度书记述职评议（"+done.OpensOn.Chinese()+"至"+done.ClosesOn.Chinese()+"），共"+strconv.Itoa(done.Branches)+"个党支部")
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.reviewRender(w, r, http.StatusUnprocessableEntity, o, f, ps)
}

// currentReport is the branch's newest report, for the branch's forms; a
// branch without one is a problem of the form.
func (s *server) currentReport(r *http.Request, o zhibu.Org) (zhibu.SecretaryReport, error) {
	reports, err := s.store.BranchReviews(r.Context(), o.ID)
	if err != nil {
		return zhibu.SecretaryReport{}, err
	}
	if len(reports) == 0 {
		return zhibu.SecretaryReport{}, zhibu.Problems{{Field: "status", Label: "述职评议", Message: "述职评议：上级党委尚未开展本支部的述职评议"}}
	}
	return reports[0], nil
}

// reviewAct runs one write on the branch's newest report and answers with
// the page again (422) on invalid input, or a redirect with flash.
func (s *server) reviewAct(w http.ResponseWriter, r *http.Request, act func(o zhibu.Org, cur zhibu.SecretaryReport, f form) (string, error)) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	if o.Kind != zhibu.KindBranch {
		return s.reviewRender(w, r, http.StatusUnprocessableEntity, o, f, zhibu.Problems{{Field: "status", Label: "述职评议", Message: "述职评议：应在党支部办理"}})
	}
	cur, err := s.currentReport(r, o)
	if err == nil {
		var flash string
		if flash, err = act(o, cur, f); err == nil {
			return redirect(w, r, orgHref(o.ID)+"/reviews", flash)
		}
	}
	if !invalid(err) {
		return err
	}
	return s.reviewRender(w, r, http.StatusUnprocessableEntity, o, f, problemsOf(err))
}

// reviewFile is POST /orgs/{id}/reviews/report.
func (s *server) reviewFile(w http.ResponseWriter, r *http.Request) error {
	return s.reviewAct(w, r, func(o zhibu.Org, cur zhibu.SecretaryReport, f form) (string, error) {
		text := zhibu.SecretaryReport{WorkDone: f["work_done"], Results: f["results"], Problems: f["problems"], Plan: f["plan"]}
		_, err := s.svc.Review.File(r.Context(), o.ID, cur.ID, text)
		return "已提交述职报告", err
	})
}

// reviewPresent is POST /orgs/{id}/reviews/present.
func (s *server) reviewPresent(w http.ResponseWriter, r *http.Request) error {
	return s.reviewAct(w, r, func(o zhibu.Org, cur zhibu.SecretaryReport, f form) (string, error) {
		var on zhibu.Date
		if v := f["presented_on"]; v != "" {
			var err error
			if on, err = zhibu.ParseDate(v); err != nil {
				return "", zhibu.Problems{{Field: "presented_on", Label: "述职日期", Message: "述职日期：日期格式不正确，应如2026-10-30"}}
			}
		}
		done, err := s.svc.Review.Present(r.Context(), o.ID, cur.ID, on, 0)
		return "已记录述职，评议投票开始（" + strconv.Itoa(done.Eligible) + "名正式党员参评）", err
	})
}

// reviewClose is POST /orgs/{id}/reviews/close.
func (s *server) reviewClose(w http.ResponseWriter, r *http.Request) error {
	return s.reviewAct(w, r, func(o zhibu.Org, cur zhibu.SecretaryReport, f form) (string, error) {
		done, err := s.svc.Review.Close(r.Context(), o.ID, cur.ID)
		if err != nil {
			return "", err
		}
		return "评议结果已报送：好和较好占" + done.Tally.GoodShareText(), nil
	})
}

// reviewDocx is GET /orgs/{id}/reviews/report.docx: the newest filed
// report of the branch (?year= for another year's).
func (s *server) reviewDocx(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	reports, err := s.store.BranchReviews(r.Context(), o.ID)
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	for _, rep := range reports {
		if rep.Status == zhibu.ReviewOpen || (year != 0 && rep.Year != year) {
			continue
		}
		superior := ""
		if rd, err := s.store.ReviewRound(r.Context(), rep.RoundID); err == nil {
			superior = rd.OrgName
		}
		var buf bytes.Buffer
		if _, err := reviewexport.Report(rep, superior).WriteTo(&buf); err != nil {
			return err
		}
		return download(w, rep.OrgName+strconv.Itoa(rep.Year)+"年度书记述职报告.docx",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document", &buf)
	}
	return redirect(w, r, orgHref(o.ID)+"/reviews", "尚无已提交的述职报告")
}

// reviewResults is GET /orgs/{id}/reviews/results.xlsx: for a committee,
// its newest round's (or ?year=) result sheet of every branch; for a
// branch, its own rows.
func (s *server) reviewResults(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.org(r)
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	var reports []zhibu.SecretaryReport
	if o.Kind == zhibu.KindBranch {
		all, err := s.store.BranchReviews(ctx, o.ID)
		if err != nil {
			return err
		}
		for _, rep := range all {
			if year == 0 || rep.Year == year {
				reports = append(reports, rep)
			}
		}
	} else {
		rounds, err := s.store.ReviewRounds(ctx, o.ID)
		if err != nil {
			return err
		}
		for _, rd := range rounds {
			if year == 0 || rd.Year == year {
				year = rd.Year
				if reports, err = s.store.RoundReports(ctx, rd.ID); err != nil {
					return err
				}
				break
			}
		}
	}
	if year == 0 {
		year = s.today().Year
	}
	var buf bytes.Buffer
	if err := reviewexport.WriteResults(&buf, o.Name, year, reports); err != nil {
		return err
	}
	return download(w, o.Name+strconv.Itoa(year)+"年度述职评议结果.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}

type ballotsPage struct {
	base
	Review     []store.MyReviewBallot
	Grades     []zhibu.ReviewGrade
	Appraisals []myAppraisal
	AGrades    []zhibu.AppraisalGrade
}

// myAppraisal is an appraisal the member is in, as their page shows it.
type myAppraisal struct {
	Round   zhibu.AppraisalRound
	Me      zhibu.AppraisalEntry
	Others  []zhibu.AppraisalEntry
	VotedOn zhibu.Date
	MaxExc  int
}

// ballots is GET /ballots: the votes the member is on the roll of.
func (s *server) ballots(w http.ResponseWriter, r *http.Request) error {
	return s.ballotsRender(w, r, http.StatusOK, nil)
}

func (s *server) ballotsRender(w http.ResponseWriter, r *http.Request, status int, ps zhibu.Problems) error {
	d := &ballotsPage{Grades: zhibu.ReviewGrades}
	d.Problems = ps
	var err error
	if d.Review, err = s.store.MyReviewBallots(r.Context()); err != nil {
		return err
	}
	d.AGrades = zhibu.AppraisalGrades
	rounds, err := s.store.MyAppraisals(r.Context())
	if err != nil {
		return err
	}
	me := zhibu.ActorFrom(r.Context()).PersonID
	for _, rd := range rounds {
		m := myAppraisal{Round: rd, MaxExc: zhibu.MaxExcellent(len(rd.Entries)-1, rd.ExcellentOneIn)}
		for _, e := range rd.Entries {
			if e.PersonID == me {
				m.Me = e
			} else {
				m.Others = append(m.Others, e)
			}
		}
		for _, v := range rd.Voters {
			m.VotedOn = v.VotedOn
		}
		d.Appraisals = append(d.Appraisals, m)
	}
	d.Title = "我的评议投票"
	d.Crumbs = []crumb{{Label: "我的评议投票"}}
	return s.render(w, r, status, "ballots", d)
}

// ballotReview is POST /ballots/review: one anonymous ballot. The form
// holds the vote and the grade; neither is logged.
func (s *server) ballotReview(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	id, _ := strconv.ParseInt(f["report_id"], 10, 64)
	err := s.svc.Review.Vote(r.Context(), id, zhibu.ReviewGrade(f["grade"]))
	if err == nil {
		return redirect(w, r, "/ballots", "投票成功。您的选择不与您的姓名一同保存。")
	}
	if errors.Is(err, zhibu.ErrForbidden) {
		return s.ballotsRender(w, r, http.StatusUnprocessableEntity, problemsOf(zhibu.Problems{{Field: "report_id", Label: "评议", Message: "评议：" + store.ErrNotOnRoll.Message}}))
	}
	if !invalid(err) {
		return err
	}
	return s.ballotsRender(w, r, http.StatusUnprocessableEntity, problemsOf(err))
}
