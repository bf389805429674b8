package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The development endpoints: a refused step answers 400 with the rule id
// and source, a valid one 201, the superior's steps go through their own
// endpoint, and the file shows the next step with its earliest day.
func TestDevelopmentAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		call := func(actor zhibu.Actor, method, path, body string) (int, map[string]any) {
			t.Helper()
			req := httptest.NewRequest(method, fx.expand(path), strings.NewReader(body))
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			var logs bytes.Buffer
			rec := serve(s, actor, &logs, req)
			var out map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatalf("%s %s: %d %q", method, path, rec.Code, rec.Body.String())
			}
			if strings.Contains(logs.String(), "internal error") {
				t.Errorf("%s %s logged an internal error: %s", method, path, logs.String())
			}
			return rec.Code, out
		}
		sys := zhibu.System
		code, out := call(sys, "POST", "/api/v1/people/{P3}/development/steps", `{"step":3,"on":"2025-01-05"}`)
		refusals, _ := out["error"].(map[string]any)["refusals"].([]any)
		if code != http.StatusBadRequest || len(refusals) != 2 || refusals[0].(map[string]any)["rule_id"] != "dev.order" {
			t.Fatalf("out of order: %d %v", code, out)
		}
		if code, out := call(sys, "POST", "/api/v1/people/{P3}/development/steps", `{"step":1,"on":"2025-01-05"}`); code != http.StatusCreated || out["step"] != 1.0 {
			t.Fatalf("step 1: %d %v", code, out)
		}
		for _, b := range []string{`{"step":2,"on":"2025-01-20"}`, `{"step":3,"on":"2025-02-01"}`} {
			if code, out := call(sys, "POST", "/api/v1/people/{P3}/development/steps", b); code != http.StatusCreated {
				t.Fatalf("%s: %d %v", b, code, out)
			}
		}
		if code, _ := call(sys, "POST", "/api/v1/people/{P3}/development/steps", `{"step":4,"on":"2025-02-02"}`); code != http.StatusBadRequest {
			t.Errorf("a superior's step on the branch's endpoint: %d", code)
		}
		// The branch's secretary (member.develop on B1) may not act on B2's person.
		officer := zhibu.Actor{AccountID: 3, Name: "书记", Scope: zhibu.Scope{Paths: []string{fx.b1.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.b1.Path}, {Perm: zhibu.PermDevelop, Path: fx.b1.Path}}}
		if code, _ := call(officer, "POST", "/api/v1/people/{P3}/development/steps", `{"step":2,"on":"2025-01-20"}`); code != http.StatusNotFound {
			t.Errorf("another branch's person: %d", code)
		}
		superior := zhibu.Actor{AccountID: 4, Name: "局党委", Scope: zhibu.Scope{Paths: []string{fx.c.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.c.Path}, {Perm: zhibu.PermFilingReview, Path: fx.c.Path}}}
		if code, out := call(superior, "POST", "/api/v1/people/{P3}/development/approvals", `{"step":4,"on":"2025-02-03"}`); code != http.StatusCreated {
			t.Fatalf("the superior files: %d %v", code, out)
		}
		if code, _ := call(superior, "POST", "/api/v1/people/{P3}/development/steps", `{"step":5,"on":"2025-02-03"}`); code != http.StatusForbidden {
			t.Errorf("the superior records the branch's step: %d", code)
		}
		if code, out := call(sys, "POST", "/api/v1/people/{P3}/development/steps", `{"step":5,"on":"2025-02-03","people":"x"}`); code != http.StatusBadRequest {
			t.Errorf("bad people: %d %v", code, out)
		}
		code, out = call(sys, "GET", "/api/v1/people/{P3}/development", "")
		if code != http.StatusOK || out["next_step"] != 5.0 || len(out["records"].([]any)) != 4 || out["person"].(map[string]any)["status"] != "activist" {
			t.Fatalf("file: %d %v", code, out)
		}
		if miss := out["missing"].([]any); len(miss) == 0 {
			t.Errorf("no materials missing")
		}

		// Undoing: only the latest record, on its own side's endpoint.
		recs := out["records"].([]any)
		id := func(i int) string { return strconv.Itoa(int(recs[i].(map[string]any)["id"].(float64))) }
		if code, out := call(sys, "POST", "/api/v1/people/{P3}/development/steps/void", `{}`); code != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out), "record_id") {
			t.Errorf("no record: %d %v", code, out)
		}
		if code, out := call(sys, "POST", "/api/v1/people/{P3}/development/steps/void", `{"record_id":`+id(3)+`}`); code != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out), "由上级党委记录") {
			t.Errorf("the superior's step on the branch's endpoint: %d %v", code, out)
		}
		if code, _ := call(officer, "POST", "/api/v1/people/{P3}/development/approvals/void", `{"record_id":`+id(3)+`}`); code != http.StatusNotFound && code != http.StatusForbidden {
			t.Errorf("a branch officer of another branch voids the superior's step: %d", code)
		}
		if code, out := call(superior, "POST", "/api/v1/people/{P3}/development/approvals/void", `{"record_id":`+id(3)+`}`); code != http.StatusOK || out["step"] != 4.0 {
			t.Fatalf("the superior voids its filing: %d %v", code, out)
		}
		if code, _ := call(sys, "POST", "/api/v1/people/{P3}/development/steps/void", `{"record_id":`+id(1)+`}`); code != http.StatusBadRequest && code != http.StatusConflict {
			t.Errorf("a record not the latest was voided: %d", code)
		}
		if code, out := call(sys, "POST", "/api/v1/people/{P3}/development/steps/void", `{"record_id":`+id(2)+`}`); code != http.StatusOK || out["step"] != 3.0 {
			t.Fatalf("the branch voids the activist's designation: %d %v", code, out)
		}
		if code, out := call(sys, "GET", "/api/v1/people/{P3}/development", ""); code != http.StatusOK || len(out["records"].([]any)) != 2 || out["person"].(map[string]any)["status"] != "applicant" {
			t.Errorf("after undoing: %d %v", code, out)
		}
	})
}
