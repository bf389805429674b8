package api

import (
	"net/http"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The members' appraisal through the API: a branch's own, a committee's
// every branch side by side (one not opened without "appraisal"), a bad
// year named, a group and a branch out of scope not found.
func TestAppraisalsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		if _, err := s.OpenAppraisal(sys, fx.b1.ID, 2026, 3, today); err != nil {
			t.Fatal(err)
		}
		c.do("GET", "/api/v1/orgs/{B1}/appraisals", "", http.StatusOK, `"status":"open"`, `"name":"李娜"`, `"excellent_one_in":3`)
		if rec := c.do("GET", "/api/v1/orgs/{B1}/appraisals?year=2025", "", http.StatusOK, `"appraisals":[]`); strings.Contains(rec.Body.String(), "李娜") {
			t.Errorf("2025 lists 2026's appraisal: %s", rec.Body.String())
		}
		rec := c.do("GET", "/api/v1/orgs/{C}/appraisals?year=2026", "", http.StatusOK, `"year":2026`, `"name":"第一党支部"`, `"name":"第二党支部"`)
		if n := strings.Count(rec.Body.String(), `"appraisal":{`); n != 1 {
			t.Errorf("%d branches with an appraisal, want 1: %s", n, rec.Body.String())
		}
		c.do("GET", "/api/v1/orgs/{C}/appraisals?year=1900", "", http.StatusBadRequest, "year")
		c.do("GET", "/api/v1/orgs/{G1}/appraisals", "", http.StatusNotFound)
		scoped := c
		scoped.actor = func() zhibu.Actor {
			roles, grants, scope := zhibu.Rights(0, []zhibu.Holding{{Position: zhibu.Secretary, Org: fx.b2}}, nil)
			return zhibu.Actor{AccountID: 3, Name: "第二支部书记", Roles: roles, Grants: grants, Scope: scope}
		}()
		scoped.do("GET", "/api/v1/orgs/{B1}/appraisals", "", http.StatusNotFound)
	})
}
