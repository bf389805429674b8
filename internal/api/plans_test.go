package api

import (
	"net/http"
	"strconv"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestPlanAPI: a plan is started, a bad item is refused field by field
// with nothing saved, items are added, one without rules is marked done,
// and the plan reads back with each item's state.
func TestPlanAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		c.do("GET", "/api/v1/orgs/{B1}/plan?year=2025", ``, http.StatusNotFound, "尚未制定2025年工作计划")
		c.do("POST", "/api/v1/orgs/{B1}/plan", `{"year":2025,"title":"","from":"x"}`, http.StatusBadRequest, `"field":"from"`)
		c.do("POST", "/api/v1/orgs/{B1}/plan", `{"year":2025,"title":"2025年党建工作计划"}`, http.StatusCreated, `"title":"明确支部组织架构，细化责任分工"`)
		c.do("POST", "/api/v1/orgs/{G1}/plan", `{"year":2025,"title":"小组计划"}`, http.StatusBadRequest, "党小组不单独制定")
		before := snapshot(t, s)
		c.do("POST", "/api/v1/orgs/{B1}/plan/items?year=2025", `{"section":11,"text":"","owner":"boss","rules":["Meet"],"due_on":"2026-01-01","record":"x"}`,
			http.StatusBadRequest, `"field":"section"`, `"field":"text"`, `"field":"owner"`, `"field":"rules"`, `"field":"due_on"`, `"field":"record"`)
		c.do("POST", "/api/v1/orgs/{B1}/plan/items?year=2025", `{"section":2,"text":"每月召开支委会","owner":"org_officer","rules":["meet.nosuch"]}`,
			http.StatusBadRequest, "规则库中没有")
		if snapshot(t, s) != before {
			t.Error("a refused item changed the store")
		}
		c.do("POST", "/api/v1/orgs/{B1}/plan/items?year=2025", `{"section":2,"text":"每月召开支委会","owner":"org_officer","rules":["meet.committee.monthly"]}`,
			http.StatusCreated, `"rules":["meet.committee.monthly"]`)
		rec := c.do("POST", "/api/v1/orgs/{B1}/plan/items?year=2025", `{"section":9,"text":"档案分类建档","owner":"org_officer","due_on":"2025-12-31","record":"archive"}`,
			http.StatusCreated, `"section":9`)
		var it zhibu.PlanItem
		decodeInto(t, rec, &it)
		id := strconv.FormatInt(it.ID, 10)
		c.do("POST", "/api/v1/orgs/{B1}/plan/items/done", `{"id":`+id+`,"done_on":"2025-12-20"}`, http.StatusBadRequest, `"field":"evidence"`)
		c.do("POST", "/api/v1/orgs/{B2}/plan/items/done", `{"id":`+id+`,"done_on":"2025-12-20","evidence":"已建档"}`, http.StatusNotFound)
		c.do("POST", "/api/v1/orgs/{B1}/plan/items/done", `{"id":`+id+`,"done_on":"2025-12-20","evidence":"已建档"}`, http.StatusOK, `"done_on":"2025-12-20"`)
		c.do("POST", "/api/v1/orgs/{B1}/plan/items/link", `{"id":`+id+`,"kind":"letter","record_id":1}`, http.StatusBadRequest, `"field":"kind"`)
		c.do("GET", "/api/v1/orgs/{B1}/plan?year=2025", ``, http.StatusOK, `"state":"done"`, `"evidence":"已建档"`, `"done":1`, `"actors":`)
	})
}
