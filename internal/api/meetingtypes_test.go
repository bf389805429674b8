package api

import (
	"net/http"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func TestMeetingTypesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		c.do("POST", "/api/v1/orgs/{C}/meeting-types", `{"name":"党员大会"}`, http.StatusBadRequest, `"field":"name"`, "已是支部党员大会")
		c.do("POST", "/api/v1/orgs/{C}/meeting-types", `{"name":"警示教育会","note":"每季度一次"}`, http.StatusCreated,
			`"type":"x:警示教育会"`, `"name":"警示教育会"`, `"org_id":{C}`)
		c.do("GET", "/api/v1/orgs/{G1}/meeting-types", ``, http.StatusOK,
			`{"type":"group","name":"党小组会","builtin":true}`, `{"type":"x:警示教育会","name":"警示教育会","builtin":false,"org_id":{C},"note":"每季度一次"}`)
		c.do("POST", "/api/v1/orgs/{B1}/meetings", committeeBody(map[string]any{"type": "x:警示教育会", "resolutions": nil}), http.StatusCreated,
			`"type":"x:警示教育会"`)
		c.do("POST", "/api/v1/orgs/{B1}/meetings", committeeBody(map[string]any{"type": "x:茶话会", "starts_at": "2026-02-11T14:30:00+08:00"}),
			http.StatusBadRequest, "均未添加“茶话会”类型")
		if ms := c.meetings(); len(ms) != 1 {
			t.Errorf("meetings: %d", len(ms))
		}
	})
}
