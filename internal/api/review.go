package api

import (
	"net/http"

	"zhibu"
	"zhibu/internal/access"
)

// The secretary's report and review (docs/review.md). The superior
// (filing.review) opens a round; the branch (review.write) files the
// report, records its presentation, which opens the vote, and closes it.
// Ballots are cast on the member's page only, not through the API: a
// token's use is recorded with its time, and a ballot must leave nothing
// finer than the day.

// reviewRoutes are the review stream's endpoints of the route table.
func (a *api) reviewRoutes() []route {
	write := access.On(zhibu.PermReviewWrite, access.PathOrg, "id")
	return []route{
		{"GET /api/v1/orgs/{id}/reviews", readOrg, a.reviews},
		{"POST /api/v1/orgs/{id}/reviews", access.On(zhibu.PermFilingReview, access.PathOrg, "id"), a.reviewOpen},
		{"POST /api/v1/orgs/{id}/reviews/report", write, a.reviewFile},
		{"POST /api/v1/orgs/{id}/reviews/present", write, a.reviewPresent},
		{"POST /api/v1/orgs/{id}/reviews/close", write, a.reviewClose},
		{"GET /api/v1/orgs/{id}/appraisals", readOrg, a.appraisals},
	}
}

// roundBody is a round with its branches' reports side by side.
type roundBody struct {
	zhibu.ReviewRound
	Reports []zhibu.SecretaryReport `json:"reports"`
}

// reviews answers GET /api/v1/orgs/{id}/reviews: a branch's reports
// ({"reports": […]}), or a committee's rounds ({"rounds": […]}), newest
// first; a report's tally is there once its vote is closed.
func (a *api) reviews(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := a.store.Org(ctx, id)
	if err != nil {
		return err
	}
	if o.Kind == zhibu.KindBranch {
		reports, err := a.store.BranchReviews(ctx, id)
		if err != nil {
			return err
		}
		return render(w, http.StatusOK, map[string]any{"reports": reports})
	}
	rounds, err := a.store.ReviewRounds(ctx, id)
	if err != nil {
		return err
	}
	out := []roundBody{}
	for _, rd := range rounds {
		reports, err := a.store.RoundReports(ctx, rd.ID)
		if err != nil {
			return err
		}
		out = append(out, roundBody{rd, reports})
	}
	return render(w, http.StatusOK, map[string]any{"rounds": out})
}

// appraisals answers GET /api/v1/orgs/{id}/appraisals[?year=2026]: a
// branch's appraisals, newest first ({"appraisals": […]}, or only the
// year's); above branches, every branch's appraisal of the year (default
// this year) side by side ({"year", "branches": [{org, appraisal}]}), a
// branch that has not opened it without "appraisal".
func (a *api) appraisals(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	p := params{q: r.URL.Query()}
	year := int(p.int("year", 2000, 2100, "应为年份，如2026"))
	if err := p.ps.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	o, err := a.store.Org(ctx, id)
	if err != nil {
		return err
	}
	if o.Kind == zhibu.KindBranch || o.Kind == zhibu.KindGroup {
		if o.Kind == zhibu.KindGroup {
			return zhibu.Errorf(zhibu.ErrNotFound, "该组织不是党支部")
		}
		all, err := a.store.BranchAppraisals(ctx, id)
		if err != nil {
			return err
		}
		out := []zhibu.AppraisalRound{}
		for _, rd := range all {
			if year == 0 || rd.Year == year {
				out = append(out, rd)
			}
		}
		return render(w, http.StatusOK, map[string]any{"appraisals": out})
	}
	if year == 0 {
		year = zhibu.Today(a.store.Now()).Year
	}
	side, err := a.svc.Review.AppraisalsUnder(ctx, id, year)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, map[string]any{"year": year, "branches": side})
}

// reviewOpen answers POST /api/v1/orgs/{id}/reviews {year, opens_on,
// closes_on, note} (no dates: review.secretary's window): 201 with the round.
func (a *api) reviewOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		Year     int        `json:"year"`
		OpensOn  zhibu.Date `json:"opens_on"`
		ClosesOn zhibu.Date `json:"closes_on"`
		Note     string     `json:"note"`
	}](w, r)
	if err != nil {
		return err
	}
	rd, err := a.svc.Review.OpenRound(r.Context(), zhibu.ReviewRound{OrgID: id, Year: in.Year, OpensOn: in.OpensOn, ClosesOn: in.ClosesOn, Note: in.Note})
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, rd)
}

// branchReport is the branch's newest report, the one its writes act on.
func (a *api) branchReport(r *http.Request) (zhibu.SecretaryReport, error) {
	id, err := pathID(r, "组织")
	if err != nil {
		return zhibu.SecretaryReport{}, err
	}
	reports, err := a.store.BranchReviews(r.Context(), id)
	if err != nil {
		return zhibu.SecretaryReport{}, err
	}
	if len(reports) == 0 {
		return zhibu.SecretaryReport{}, zhibu.Problems{{Field: "status", Label: "述职评议", Message: "述职评议：上级党委尚未开展本支部的述职评议"}}
	}
	return reports[0], nil
}

// reviewFile answers POST /api/v1/orgs/{id}/reviews/report {work_done,
// results, problems, plan}: 200 with the report.
func (a *api) reviewFile(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[struct {
		WorkDone string `json:"work_done"`
		Results  string `json:"results"`
		Problems string `json:"problems"`
		Plan     string `json:"plan"`
	}](w, r)
	if err != nil {
		return err
	}
	cur, err := a.branchReport(r)
	if err != nil {
		return err
	}
	done, err := a.svc.Review.File(r.Context(), cur.OrgID, cur.ID, zhibu.SecretaryReport{WorkDone: in.WorkDone, Results: in.Results, Problems: in.Problems, Plan: in.Plan})
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, done)
}

// reviewPresent answers POST /api/v1/orgs/{id}/reviews/present
// {presented_on, meeting_id}: the vote opens; 200 with the report.
func (a *api) reviewPresent(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[struct {
		PresentedOn zhibu.Date `json:"presented_on"`
		MeetingID   int64      `json:"meeting_id"`
	}](w, r)
	if err != nil {
		return err
	}
	cur, err := a.branchReport(r)
	if err != nil {
		return err
	}
	done, err := a.svc.Review.Present(r.Context(), cur.OrgID, cur.ID, in.PresentedOn, in.MeetingID)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, done)
}

// reviewClose answers POST /api/v1/orgs/{id}/reviews/close: the vote
// closes and the result is reported; 200 with the report and its tally.
func (a *api) reviewClose(w http.ResponseWriter, r *http.Request) error {
	cur, err := a.branchReport(r)
	if err != nil {
		return err
	}
	done, err := a.svc.Review.Close(r.Context(), cur.OrgID, cur.ID)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, done)
}
