package api

import (
	"net/http"
	"strconv"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func TestRectificationAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		c.do("GET", "/api/v1/orgs/{B1}/rectification?year=2025", ``, http.StatusOK, `"n":2`, `"title":"“三会一课”制度落实不到位"`, `"progress":{"found":`)
		c.do("GET", "/api/v1/orgs/{G1}/rectification?year=2025", ``, http.StatusBadRequest, "整改自查以党支部为单位")
		c.do("GET", "/api/v1/orgs/{B1}/rectification?year=20x5", ``, http.StatusBadRequest, `"field":"year"`)
		before := snapshot(t, s)
		c.do("POST", "/api/v1/orgs/{B1}/rectification/remedies", `{"year":2025,"problem":6,"issue":"","measure":"x","owner_id":{P3},"deadline":"2030-01-01"}`,
			http.StatusBadRequest, `"field":"problem"`, `"field":"issue"`, `"field":"deadline"`)
		c.do("POST", "/api/v1/orgs/{B1}/rectification/remedies", `{"year":2025,"problem":2,"issue":"支委会未按月召开","measure":"每月召开","owner_id":{P3},"deadline":"2025-12-31"}`,
			http.StatusBadRequest, "责任人：应为本支部的人员")
		if snapshot(t, s) != before {
			t.Error("a refused remedy changed the store")
		}
		rec := c.do("POST", "/api/v1/orgs/{B1}/rectification/remedies", `{"year":2025,"problem":2,"issue":"支委会未按月召开","measure":"每月召开","owner_id":{P1},"deadline":"2025-12-31"}`,
			http.StatusCreated, `"problem":2`, `"owner_name":"李娜"`)
		var saved zhibu.Remedy
		decodeInto(t, rec, &saved)
		id := strconv.FormatInt(saved.ID, 10)
		c.do("POST", "/api/v1/orgs/{B1}/rectification/remedies/sign", `{"id":`+id+`}`, http.StatusBadRequest, "整改完成后才能确认销号")
		c.do("POST", "/api/v1/orgs/{B1}/rectification/remedies", `{"id":`+id+`,"problem":2,"issue":"支委会未按月召开","measure":"每月召开","owner_id":{P1},"deadline":"2025-12-31","done_on":"2025-11-30","evidence":"已召开"}`,
			http.StatusOK, `"done_on":"2025-11-30"`)
		c.do("POST", "/api/v1/orgs/{B2}/rectification/remedies/sign", `{"id":`+id+`}`, http.StatusNotFound)
		c.do("POST", "/api/v1/orgs/{B1}/rectification/remedies/sign", `{"id":`+id+`}`, http.StatusOK, `"signed_on":"{today}"`)
		c.do("POST", "/api/v1/orgs/{B1}/rectification/remedies/sign", `{"id":`+id+`}`, http.StatusConflict)
		c.do("GET", "/api/v1/orgs/{C}/rectification?year=2025", ``, http.StatusOK, `"name":"第一党支部"`, `"signed":1`)
	})
}
