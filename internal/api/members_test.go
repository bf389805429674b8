package api

import (
	"net/http"
	"strconv"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func TestMemberRecordsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		c.do("GET", "/api/v1/people/{P1}/records", ``, http.StatusOK, `"file":null`, `"absences":[]`)
		c.do("PUT", "/api/v1/people/{P1}/records/file", `{"kept_by":"","checked_on":"2026-03-03"}`, http.StatusBadRequest,
			`"field":"kept_by"`, `"field":"checked_on"`, "核查日期：不能晚于今天")
		c.do("PUT", "/api/v1/people/{P2}/records/file", `{"kept_by":"政治处","checked_on":"2026-03-01"}`, http.StatusBadRequest, "王芳不是党员")
		before := snapshot(t, s)
		c.do("POST", "/api/v1/people/{P1}/records/absences", `{"kind":"away","from":"2026-01-05"}`, http.StatusBadRequest,
			`"field":"place"`, "外出流动党员须填写外出地点")
		c.do("POST", "/api/v1/people/{P1}/records/absences", `{"kind":"gone","from":"2026-01-05"}`, http.StatusBadRequest, `"field":"kind"`)
		if after := snapshot(t, s); after != before {
			t.Error("a refused absence changed the store")
		}
		c.do("PUT", "/api/v1/people/{P1}/records/file", `{"kept_by":"市公安局政治处","number":"DA-1","checked_on":"2026-03-01"}`, http.StatusOK,
			`"kept_by":"市公安局政治处"`)
		rec := c.do("POST", "/api/v1/people/{P1}/records/absences", `{"kind":"away","from":"2026-01-05","place":"乌鲁木齐"}`, http.StatusCreated,
			`"kind":"away"`, `"place":"乌鲁木齐"`)
		var saved zhibu.MemberAbsence
		decodeInto(t, rec, &saved)
		c.do("POST", "/api/v1/people/{P1}/records/absences", `{"kind":"away","from":"2026-02-05","place":"北京"}`, http.StatusBadRequest,
			"已有一条未结束的“外出流动”记录")
		c.do("POST", "/api/v1/people/{P3}/records/absences", `{"id":`+strconv.FormatInt(saved.ID, 10)+`,"kind":"away","from":"2026-01-05","place":"乌鲁木齐"}`,
			http.StatusNotFound, "未找到该人员的这条外出或失联记录")
		c.do("POST", "/api/v1/people/{P1}/records/absences", `{"id":`+strconv.FormatInt(saved.ID, 10)+`,"kind":"away","from":"2026-01-05","place":"乌鲁木齐","last_contact":"2026-02-20"}`,
			http.StatusOK, `"last_contact":"2026-02-20"`)
		c.do("GET", "/api/v1/people/{P1}/records", ``, http.StatusOK, `"number":"DA-1"`, `"last_contact":"2026-02-20"`)
	})
}
