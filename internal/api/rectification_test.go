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

func TestRectificationCampaignAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		c.do("GET", "/api/v1/orgs/{B1}/rectification?year=2025", ``, http.StatusOK, `"campaign":null`)
		c.do("GET", "/api/v1/orgs/{C}/rectification/campaigns", ``, http.StatusOK, `"campaigns":[]`)
		before := snapshot(t, s)
		c.do("POST", "/api/v1/orgs/{C}/rectification/campaigns", `{"year":2025,"title":"","start_on":"2024-10-01","checks_due":"2025-12-31","remedies_due":"2025-11-30"}`,
			http.StatusBadRequest, `"field":"title"`, `"field":"start_on"`, "整改完成日期：不能早于自查完成日期")
		c.do("POST", "/api/v1/orgs/{B1}/rectification/campaigns", `{"year":2025,"title":"支部自己的整改","start_on":"2025-10-01","checks_due":"2025-12-31","remedies_due":"2026-06-30"}`,
			http.StatusBadRequest, "整改活动由上级党委")
		if snapshot(t, s) != before {
			t.Error("a refused campaign changed the store")
		}
		body := `{"year":2025,"title":"2025年基层党建基础工作整改","start_on":"2025-10-15","checks_due":"2025-12-31","remedies_due":"2026-02-28"}`
		c.do("POST", "/api/v1/orgs/{C}/rectification/campaigns", body, http.StatusCreated, `"remedies_due":"2026-02-28"`)
		c.do("POST", "/api/v1/orgs/{C}/rectification/campaigns", body, http.StatusOK, `"title":"2025年基层党建基础工作整改"`)
		c.do("GET", "/api/v1/orgs/{C}/rectification/campaigns", ``, http.StatusOK, `"checks_due":"2025-12-31"`)
		c.do("GET", "/api/v1/orgs/{B1}/rectification?year=2025", ``, http.StatusOK, `"campaign":{"id":`, `"start_on":"2025-10-15"`)
		c.do("POST", "/api/v1/orgs/{B1}/rectification/remedies", `{"year":2025,"problem":2,"issue":"支委会未按月召开","measure":"每月召开","owner_id":{P1},"deadline":"2026-03-15"}`,
			http.StatusBadRequest, "整改时限：不能晚于", "2026年2月28日")
		c.do("POST", "/api/v1/orgs/{B1}/rectification/remedies", `{"year":2025,"problem":2,"issue":"支委会未按月召开","measure":"每月召开","owner_id":{P1},"deadline":"2026-02-28"}`,
			http.StatusCreated)
		c.do("GET", "/api/v1/orgs/{C}/rectification?year=2025", ``, http.StatusOK, `"past_due":1`, `"campaign_id":`)
	})
}
