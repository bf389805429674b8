package api

import (
	"net/http"
	"time"

	"zhibu"
	"zhibu/internal/service"
)

// compliance answers GET /api/v1/orgs/{id}/compliance?year=2018&as_of=2018-12-31:
// service.Compliance.Report, the same JSON as zhibu check. The year
// defaults to this year; as_of to today, or the year's end for a past year.
func (a *api) compliance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	p := params{q: r.URL.Query()}
	today := zhibu.Today(time.Now())
	year := int(p.int("year", 1900, 9999, "应为四位年份，如2018"))
	if year == 0 {
		year = today.Year
	}
	asOf := service.CheckDay(year, today)
	if v := p.q.Get("as_of"); v != "" {
		d, err := zhibu.ParseDate(v)
		if err != nil || d.IsZero() {
			p.bad("as_of", "应为有效日期，如2018-12-31")
		} else {
			asOf = d
		}
	}
	if err := p.ps.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	org, err := a.store.Org(ctx, id)
	if err != nil {
		return err
	}
	rep, err := a.svc.Compliance.Report(ctx, org, year, asOf)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, rep)
}
