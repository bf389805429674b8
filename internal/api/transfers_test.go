package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func decodeInto(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatal(err)
	}
}

// A letter from B1 to B2 through the API: issued, refused to the sender as
// an acceptance, accepted by B2; bad bodies answered in Chinese, naming
// the member.
func TestTransfersAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		c.do("GET", "/api/v1/orgs/{B1}/transfers", "", http.StatusOK, `"transfers":[]`)
		c.do("POST", "/api/v1/orgs/{B1}/transfers", `{"person_id":{P1},"letter_no":"","issued_on":"2026-03-03","to_org_id":{B2}}`,
			http.StatusBadRequest, "介绍信编号：不能为空", "开具日期：不能晚于今天")
		c.do("POST", "/api/v1/orgs/{B1}/transfers", `{"person_id":{P1},"letter_no":"x","issued_on":"2026-02-30"}`, http.StatusBadRequest, "issued_on")
		c.do("POST", "/api/v1/orgs/{B2}/transfers", `{"person_id":{P1},"letter_no":"x","issued_on":"{today}","to_name":"外单位"}`,
			http.StatusBadRequest, "不是本支部的人员")
		rec := c.do("POST", "/api/v1/orgs/{B1}/transfers", `{"person_id":{P1},"letter_no":"B1-9","issued_on":"2026-01-31","valid_months":1,"to_org_id":{B2}}`,
			http.StatusCreated, `"expires_on":"2026-02-28"`, `"expired":true`, `"status":"issued"`)
		var out transferOut
		decodeInto(t, rec, &out)
		tid := strconv.FormatInt(out.ID, 10)
		c.do("POST", "/api/v1/orgs/{B1}/transfers/"+tid+"/accept", `{"received_on":"2026-02-20"}`, http.StatusBadRequest, "不是系统内其他支部开往本支部的")
		c.do("POST", "/api/v1/orgs/{B2}/transfers/"+tid+"/accept", `{"received_on":"2026-03-01"}`, http.StatusBadRequest, "已过期")
		c.do("POST", "/api/v1/orgs/{B2}/transfers/"+tid+"/accept", `{"received_on":"2026-02-28"}`, http.StatusOK, `"status":"completed"`, `"received_on":"2026-02-28"`)
		if p, _ := s.Person(sys, fx.li.ID); p.OrgID != fx.b2.ID {
			t.Errorf("李娜 in org %d", p.OrgID)
		}
		c.do("GET", "/api/v1/orgs/{C}/transfers/"+tid, "", http.StatusOK, `"letter_no":"B1-9"`)
		c.do("GET", "/api/v1/orgs/{B1}/transfers/999", "", http.StatusNotFound)

		// Extensions: B1 asks, the superior decides.
		c.do("POST", "/api/v1/orgs/{B1}/terms/extensions", `{"months":0,"reason":""}`, http.StatusBadRequest, "调整月数", "理由：不能为空")
		rec = c.do("POST", "/api/v1/orgs/{B1}/terms/extensions", `{"months":-2,"reason":"提前换届"}`, http.StatusCreated, `"new_end":"2024-01-01"`, `"status":"requested"`)
		var e zhibu.Extension
		decodeInto(t, rec, &e)
		c.do("POST", "/api/v1/orgs/{B1}/terms/extensions/"+strconv.FormatInt(e.ID, 10)+"/decide", `{}`, http.StatusBadRequest, "approve")
		c.do("POST", "/api/v1/orgs/{B1}/terms/extensions/"+strconv.FormatInt(e.ID, 10)+"/decide", `{"approve":true}`, http.StatusOK, `"status":"approved"`)
		c.do("GET", "/api/v1/orgs/{B1}/terms/extensions", "", http.StatusOK, `"extensions":[`, `"decided_by":"系统"`)
		c.do("POST", "/api/v1/orgs/{B1}/terms/approve", `{}`, http.StatusBadRequest, "支部尚未报批")
		c.do("POST", "/api/v1/orgs/{B1}/terms/report", `{"on":"2021-03-02"}`, http.StatusOK, `"reported_on":"2021-03-02"`)
		c.do("POST", "/api/v1/orgs/{B1}/terms/approve", `{}`, http.StatusOK, `"approved_on":"{today}"`)
	})
}
