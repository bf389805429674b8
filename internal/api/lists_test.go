package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The tables' endpoints: who am I, the superior's queue (a file waiting
// for the superior's filing shows, and leaves once it is filed), and the
// development list by stage, which refuses a stage that is not one with a
// message naming it.
func TestListsAPI(t *testing.T) {
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
		superior := zhibu.Actor{AccountID: 4, PersonID: 0, Name: "局党委", Roles: []zhibu.Role{zhibu.RoleSuperior}, Scope: zhibu.Scope{Paths: []string{fx.c.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.c.Path}, {Perm: zhibu.PermFilingReview, Path: fx.c.Path}}}
		officer := zhibu.Actor{AccountID: 3, Name: "书记", Scope: zhibu.Scope{Paths: []string{fx.b1.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.b1.Path}, {Perm: zhibu.PermDevelop, Path: fx.b1.Path}}}

		code, me := call(superior, "GET", "/api/v1/me", "")
		if code != http.StatusOK || me["account_id"] != 4.0 || me["name"] != "局党委" || me["roles"].([]any)[0] != "superior" ||
			me["scope"].(map[string]any)["paths"].([]any)[0] != fx.c.Path {
			t.Fatalf("me: %d %v", code, me)
		}

		for _, b := range []string{`{"step":1,"on":"2025-01-05"}`, `{"step":2,"on":"2025-01-20"}`, `{"step":3,"on":"2025-02-01"}`} {
			if code, out := call(zhibu.System, "POST", "/api/v1/people/{P3}/development/steps", b); code != http.StatusCreated {
				t.Fatalf("%s: %d %v", b, code, out)
			}
		}
		code, out := call(superior, "GET", "/api/v1/development/pending", "")
		pending, _ := out["pending"].([]any)
		if code != http.StatusOK || len(pending) != 1 {
			t.Fatalf("queue: %d %v", code, out)
		}
		if x := pending[0].(map[string]any); x["step"] != 4.0 || x["since"] != "2025-02-01" || x["org_id"] != float64(fx.b2.ID) || x["title"] == "" {
			t.Errorf("queue item: %v", x)
		}
		if code, _ := call(officer, "GET", "/api/v1/development/pending", ""); code != http.StatusForbidden {
			t.Errorf("a branch's secretary reads the superior's queue: %d", code)
		}
		if code, out := call(superior, "POST", "/api/v1/people/{P3}/development/approvals", `{"step":4,"on":"2025-02-03"}`); code != http.StatusCreated {
			t.Fatalf("the superior files: %d %v", code, out)
		}
		if code, out := call(superior, "GET", "/api/v1/development/pending", ""); code != http.StatusOK || len(out["pending"].([]any)) != 0 {
			t.Errorf("queue after filing: %d %v", code, out)
		}

		code, out = call(superior, "GET", "/api/v1/orgs/{C}/development?stage=activist", "")
		files, _ := out["files"].([]any)
		if code != http.StatusOK || len(files) != 2 { // 王芳 (no file yet) and 张伟
			t.Fatalf("activists: %d %v", code, out)
		}
		f := files[1].(map[string]any)
		if files[0].(map[string]any)["person"].(map[string]any)["name"] == "张伟" {
			f = files[0].(map[string]any)
		}
		if f["person"].(map[string]any)["name"] != "张伟" || f["steps"] != 4.0 || f["last_step"] != 4.0 || strings.Count(f["person"].(map[string]any)["id_number"].(string), "*") != 8 {
			t.Errorf("the activist's file: %v", f)
		}
		if code, out := call(superior, "GET", "/api/v1/orgs/{C}/development?stage=candidate", ""); code != http.StatusOK || len(out["files"].([]any)) != 0 {
			t.Errorf("candidates: %d %v", code, out)
		}
		code, out = call(superior, "GET", "/api/v1/orgs/{C}/development?stage=masses", "")
		if problems, _ := out["error"].(map[string]any)["problems"].([]any); code != http.StatusBadRequest || len(problems) != 1 ||
			problems[0].(map[string]any)["field"] != "stage" {
			t.Errorf("a bad stage: %d %v", code, out)
		}
	})
}
