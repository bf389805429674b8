package api

import (
	"net/http"
	"strconv"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestAssessmentAPI: bad indicator sets and scores are refused with the
// member named and nothing saved; a committee's year is set, scored and
// finalized; a branch reads its own finalized year.
func TestAssessmentAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		year := strconv.Itoa(today.Year - 1)
		c.do("GET", "/api/v1/orgs/{C}/assessment?year="+year, ``, http.StatusOK, `"set":false`)
		before := snapshot(t, s)
		c.do("POST", "/api/v1/orgs/{C}/assessment/indicators", `{"year":`+year+`,"indicators":[{"name":"三会一课","kind":"meetings","weight":60},{"name":"评定","kind":"guess","weight":30}]}`,
			http.StatusBadRequest, "权重合计：各项指标的权重之和应为100，现为90", "第2项指标的计分方式", `"field":"indicators.1.kind"`)
		c.do("POST", "/api/v1/orgs/{C}/assessment/indicators", `{"indicators":[{"name":"三会一课","kind":"meetings","weight":100}]}`,
			http.StatusBadRequest, `"field":"year"`)
		c.do("POST", "/api/v1/orgs/{B1}/assessment/indicators", `{"year":`+year+`,"indicators":[{"name":"三会一课","kind":"meetings","weight":100}]}`,
			http.StatusBadRequest, "绩效考评由上级党委对所属党支部进行")
		if snapshot(t, s) != before {
			t.Error("a refused set changed the store")
		}
		rec := c.do("POST", "/api/v1/orgs/{C}/assessment/indicators", `{"year":`+year+`,"indicators":[{"name":"三会一课","kind":"meetings","weight":60},{"name":"评定","kind":"manual","weight":40}]}`,
			http.StatusOK, `"status":"draft"`)
		var a zhibu.Assessment
		decodeInto(t, rec, &a)
		manual := strconv.FormatInt(a.Indicators[1].ID, 10)
		score := func(org, v string) string {
			return `{"year":` + year + `,"scores":[{"indicator_id":` + manual + `,"org_id":` + org + `,"score":` + v + `,"note":"扎实"}]}`
		}
		c.do("POST", "/api/v1/orgs/{C}/assessment/scores", score("{B1}", "100.5"), http.StatusBadRequest, "第1项评分的得分：应在0至100之间")
		c.do("POST", "/api/v1/orgs/{C}/assessment/scores", score("{B1}", `"很好"`), http.StatusBadRequest, "第1项评分的得分：应为0至100之间的数")
		c.do("POST", "/api/v1/orgs/{C}/assessment/scores", score("{B1}", `null`), http.StatusBadRequest, "第1项评分的得分：")
		c.do("POST", "/api/v1/orgs/{C}/assessment/scores", score("{G1}", "90"), http.StatusBadRequest, "不是本党委所属的党支部")
		c.do("POST", "/api/v1/orgs/{C}/assessment/finalize", `{"year":`+year+`}`, http.StatusBadRequest, "尚未评分的有第一党支部“评定”等2项")
		c.do("POST", "/api/v1/orgs/{C}/assessment/scores", score("{B1}", "90"), http.StatusOK, `"saved":1`)
		c.do("POST", "/api/v1/orgs/{C}/assessment/scores", score("{B2}", "80.25"), http.StatusOK)
		c.do("GET", "/api/v1/orgs/{C}/assessment?year="+year, ``, http.StatusOK, `"status":"draft"`, `"org_name":"第一党支部"`, `"score":80.25`, `"missing":[]`)
		c.do("POST", "/api/v1/orgs/{C}/assessment/finalize", `{"year":`+year+`}`, http.StatusOK, `"status":"final"`)
		c.do("POST", "/api/v1/orgs/{C}/assessment/finalize", `{"year":`+year+`}`, http.StatusConflict)
		c.do("POST", "/api/v1/orgs/{C}/assessment/scores", score("{B1}", "95"), http.StatusConflict)
		c.do("GET", "/api/v1/orgs/{B1}/assessment", ``, http.StatusOK, `"year":`+year, `"of":2`, `"note":`)
		c.do("GET", "/api/v1/orgs/{C}/assessment?year="+year, ``, http.StatusOK, `"status":"final"`, `"rank":1`)
	})
}
