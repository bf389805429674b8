package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The endpoints of issue 12: a top-level committee founded by the system
// administrator only; committees recorded with their seats checked on the
// election day; a branch's rule versions read and added.
func TestSetupEndpoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		var logs bytes.Buffer
		as := func(roles []zhibu.Role, grants []zhibu.Grant, scope zhibu.Scope) zhibu.Actor {
			return zhibu.Actor{AccountID: 7, Name: "测试", Roles: roles, Grants: grants, Scope: scope}
		}
		actorOf := func(given ...zhibu.AccountRole) zhibu.Actor {
			roles, grants, scope := zhibu.Rights(0, nil, given)
			return as(roles, grants, scope)
		}
		call := func(a zhibu.Actor, method, path, body string) *httptest.ResponseRecorder {
			req := httptest.NewRequest(method, path, strings.NewReader(body))
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			return serve(s, a, &logs, req)
		}
		want := func(rec *httptest.ResponseRecorder, status int, texts ...string) {
			t.Helper()
			if rec.Code != status {
				t.Fatalf("status %d, want %d: %s", rec.Code, status, rec.Body)
			}
			for _, x := range texts {
				if !strings.Contains(rec.Body.String(), x) {
					t.Errorf("answer %s does not say %q", rec.Body, x)
				}
			}
		}
		admin := actorOf(zhibu.AccountRole{Role: zhibu.RoleSystemAdmin})
		dept := actorOf(zhibu.AccountRole{Role: zhibu.RolePolDept, OrgID: fx.c.ID, OrgPath: fx.c.Path})
		top := `{"code":"TOP","name":"省厅党委","kind":"committee"}`
		want(call(dept, "POST", "/api/v1/orgs", top), http.StatusForbidden, "无权创建顶级组织")
		want(call(admin, "POST", "/api/v1/orgs", `{"code":"TOP","name":"省厅党委","kind":"branch"}`), http.StatusBadRequest, "上级组织：只有党委可以没有上级组织")
		want(call(admin, "POST", "/api/v1/orgs", top), http.StatusCreated, `"code":"TOP"`)
		// The political department sets its subtree up.
		want(call(dept, "POST", "/api/v1/orgs", `{"code":"B3","name":"第三党支部","kind":"branch","parent_id":`+strconv.FormatInt(fx.c.ID, 10)+`}`), http.StatusCreated, `"code":"B3"`)

		terms := "/api/v1/orgs/" + strconv.FormatInt(fx.b1.ID, 10) + "/terms"
		seat := func(pos string, id int64) string {
			return `{"position":"` + pos + `","person_id":` + strconv.FormatInt(id, 10) + `}`
		}
		// 李娜 joined the branch on 2021-01-01: not a member on 2020-12-01,
		// and the election must be after the current one (2021-03-01).
		want(call(zhibu.System, "POST", terms, `{"elected_on":"2026-01-10","seats":[`+seat("secretary", fx.li.ID)+`,`+seat("org_officer", fx.zhang.ID)+`]}`),
			http.StatusBadRequest, "第2个职务：张伟不是党员，不能担任组织委员")
		want(call(zhibu.System, "POST", terms, `{"elected_on":"2020-12-01","seats":[`+seat("secretary", fx.li.ID)+`]}`),
			http.StatusBadRequest, "李娜在选举日（2020-12-01）不是第一党支部的人员")
		want(call(dept, "POST", terms, `{"elected_on":"2026-01-10","seats":[`+seat("secretary", fx.li.ID)+`]}`),
			http.StatusCreated, `"elected_on":"2026-01-10"`, `"years":3`, `"person_name":"李娜"`)

		rules := "/api/v1/orgs/" + strconv.FormatInt(fx.b1.ID, 10) + "/rules"
		rec := call(zhibu.System, "GET", rules+"?on=2026-03-01", "")
		want(rec, http.StatusOK, `"id":"meet.committee.monthly"`)
		want(call(zhibu.System, "GET", rules+"?on=x", ""), http.StatusBadRequest, "不是有效日期")
		want(call(dept, "POST", rules, `{"rule_id":"meet.committee.monthly","effective_from":"2026-01-01","params":{"min":2}}`), http.StatusForbidden)
		want(call(zhibu.System, "POST", rules, `{"rule_id":"meet.committee.monthly","effective_from":"2026-01-01","params":{"min":2}}`), http.StatusCreated, `"min":2`)
		want(call(zhibu.System, "POST", rules, `{"rule_id":"no.such.rule","effective_from":"2026-01-01"}`), http.StatusBadRequest)
		want(call(zhibu.System, "POST", "/api/v1/orgs/"+strconv.FormatInt(fx.g1.ID, 10)+"/rules", `{"rule_id":"meet.committee.monthly","effective_from":"2026-01-01","params":{"min":2}}`),
			http.StatusBadRequest, "党小组不设规则参数")
		rec = call(zhibu.System, "GET", rules+"?on=2026-03-01", "")
		var got struct {
			Rules []struct {
				ID     string
				Params []struct {
					Name  string
					Value int
					From  string
				}
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		for _, r := range got.Rules {
			if r.ID == "meet.committee.monthly" && (len(r.Params) != 1 || r.Params[0].Value != 2 || r.Params[0].From != "branch") {
				t.Errorf("meet.committee.monthly after the branch's version: %+v", r.Params)
			}
		}
	})
}
