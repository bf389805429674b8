package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/access"
)

// The superior's performance assessment (绩效考评, docs/assessment.md): a
// committee's year (indicators, scores by rank, manual scores missing) or
// a branch's own finalized years; setting the indicators, entering manual
// scores and finalizing (assessment.write on the committee). Scores are
// numbers in points (85.5).

var assessOrg = access.On(zhibu.PermAssess, access.PathOrg, "id")

// assessmentRoutes are the assessment endpoints of the route table.
func (a *api) assessmentRoutes() []route {
	return []route{
		{"GET /api/v1/orgs/{id}/assessment", readOrg, a.assessment},
		{"POST /api/v1/orgs/{id}/assessment/indicators", assessOrg, a.assessmentIndicators},
		{"POST /api/v1/orgs/{id}/assessment/scores", assessOrg, a.assessmentScores},
		{"POST /api/v1/orgs/{id}/assessment/finalize", assessOrg, a.assessmentFinalize},
	}
}

// assessmentYear is the year of a request body: it must be given.
func assessmentYear(y int) error {
	if y < 2000 || y > 2100 {
		return zhibu.Problems{{Field: "year", Label: "考评年度", Message: "考评年度：应为四位年份，如2025"}}
	}
	return nil
}

// assessment answers GET /api/v1/orgs/{id}/assessment?year=.
func (a *api) assessment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	p := params{q: r.URL.Query()}
	year := int(p.int("year", 2000, 2100, "应为四位年份，如2025"))
	if year == 0 {
		year = zhibu.Today(time.Now()).Year
	}
	if err := p.ps.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	o, err := a.store.Org(ctx, id)
	if err != nil {
		return err
	}
	if o.Kind == zhibu.KindBranch {
		ys, err := a.svc.Assessments.Branch(ctx, o)
		if err != nil {
			return err
		}
		years := []map[string]any{}
		for _, y := range ys {
			years = append(years, map[string]any{"year": y.Assessment.Year, "finalized_on": y.Assessment.FinalizedOn,
				"indicators": y.Assessment.Indicators, "score": y.Score, "of": y.Of})
		}
		return render(w, http.StatusOK, map[string]any{"org_id": o.ID, "years": years})
	}
	y, err := a.svc.Assessments.Year(ctx, o, year)
	if err != nil {
		return err
	}
	body := map[string]any{"org_id": o.ID, "year": year, "set": y.Set, "as_of": y.AsOf}
	if y.Set {
		scores, missing := y.Scores, y.Missing
		if scores == nil {
			scores = []zhibu.BranchScore{}
		}
		if missing == nil {
			missing = []string{}
		}
		body["status"], body["indicators"], body["scores"], body["missing"] = y.Assessment.Status, y.Assessment.Indicators, scores, missing
		if y.Assessment.Final() {
			body["finalized_on"], body["finalized_by"] = y.Assessment.FinalizedOn, y.Assessment.FinalizedBy
		}
	}
	return render(w, http.StatusOK, body)
}

// assessmentIndicators answers POST /api/v1/orgs/{id}/assessment/indicators
// with {"year":2025,"indicators":[{"name":…,"kind":…,"weight":…,"note":…}]}:
// the year's whole set (an indicator with the id of one of the year's is
// changed, one without is added, one left out removed).
func (a *api) assessmentIndicators(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		Year       int               `json:"year"`
		Indicators []zhibu.Indicator `json:"indicators"`
	}](w, r)
	if err != nil {
		return err
	}
	if err := assessmentYear(in.Year); err != nil {
		return err
	}
	saved, err := a.svc.Assessments.SaveIndicators(r.Context(), id, in.Year, in.Indicators)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, saved)
}

// assessmentScores answers POST /api/v1/orgs/{id}/assessment/scores with
// {"year":2025,"scores":[{"indicator_id":…,"org_id":…,"score":85.5,"note":…}]}:
// all of them or none.
func (a *api) assessmentScores(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		Year   int `json:"year"`
		Scores []struct {
			IndicatorID int64           `json:"indicator_id"`
			OrgID       int64           `json:"org_id"`
			Score       json.RawMessage `json:"score"`
			Note        string          `json:"note"`
		} `json:"scores"`
	}](w, r)
	if err != nil {
		return err
	}
	if err := assessmentYear(in.Year); err != nil {
		return err
	}
	var ps zhibu.Problems
	var ms []zhibu.ManualScore
	for i, x := range in.Scores {
		sc, err := zhibu.ParseScore(strings.Trim(string(x.Score), `"`))
		if err != nil {
			key := "scores[" + strconv.Itoa(i) + "].score"
			ps = append(ps, zhibu.Problem{Field: key, Label: "第" + strconv.Itoa(i+1) + "项评分的得分",
				Message: "第" + strconv.Itoa(i+1) + "项评分的得分：" + zhibu.UserMessage(err)})
			continue
		}
		ms = append(ms, zhibu.ManualScore{IndicatorID: x.IndicatorID, OrgID: x.OrgID, Score: sc, Note: x.Note})
	}
	if err := ps.Err(); err != nil {
		return err
	}
	if err := a.svc.Assessments.SaveManualScores(r.Context(), id, in.Year, ms); err != nil {
		return err
	}
	return render(w, http.StatusOK, map[string]any{"saved": len(ms)})
}

// assessmentFinalize answers POST /api/v1/orgs/{id}/assessment/finalize
// with {"year":2025}.
func (a *api) assessmentFinalize(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		Year int `json:"year"`
	}](w, r)
	if err != nil {
		return err
	}
	if err := assessmentYear(in.Year); err != nil {
		return err
	}
	saved, err := a.svc.Assessments.Finalize(r.Context(), id, in.Year)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, saved)
}
