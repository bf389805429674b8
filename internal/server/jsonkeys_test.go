package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"zhibu/internal/demo/demotest"

	"zhibu/internal/server"
	"zhibu/internal/store"
)

// TestJSONKeysDifferingInCase sends a JSON body with the org twice, keys
// differing only in case: encoding/json matches keys case-insensitively
// and keeps the last, so the policy judged {"org_id":ZB03} while the
// handler acted on "ORG_ID":ZB01. Such a body is refused whole; a single
// key in another case is judged as the handler reads it.
func TestJSONKeysDifferingInCase(t *testing.T) {
	demotest.Each(t, func(t *testing.T, s *store.Store) {
		st := newTarget(t, s, server.Options{})
		own, other := st.orgs["ZB03"].ID, st.orgs["ZB01"].ID
		pid := st.person(t, "周鹏")
		path := "/api/v1/people/" + strconv.FormatInt(pid, 10) + "/move"
		post := func(body string) *httptest.ResponseRecorder {
			req := httptest.NewRequest("POST", path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			return st.do("书记", req)
		}
		for _, body := range []string{
			fmt.Sprintf(`{"org_id":%d,"ORG_ID":%d,"on":"2026-01-15","reason":"调动"}`, own, other),
			fmt.Sprintf(`{"org_id":%d,"Org_Id":%d,"on":"2026-01-15","reason":"调动"}`, own, other),
			fmt.Sprintf(`{"ORG_ID":%d,"org_id":%d,"on":"2026-01-15","reason":"调动"}`, other, own),
			fmt.Sprintf(`{"org_id":%d,"org_id":%d,"on":"2026-01-15","reason":"调动"}`, own, other),
		} {
			rec := post(body)
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "重复") {
				t.Errorf("%s: %d %s, want 400 naming the repeated key", body, rec.Code, rec.Body)
			}
		}
		rec := post(fmt.Sprintf(`{"ORG_ID":%d,"on":"2026-01-15","reason":"调动"}`, other))
		if rec.Code != http.StatusForbidden && rec.Code != http.StatusNotFound {
			t.Errorf(`{"ORG_ID": another branch}: %d %s, want the policy's refusal`, rec.Code, rec.Body)
		}
		p, err := s.Person(sys, pid)
		if err != nil || p.OrgID != own {
			t.Fatalf("person now in org %d (%v), want %d: moved by a body the policy did not judge", p.OrgID, err, own)
		}
		// The API refuses repeated keys at any depth, on every route.
		req := httptest.NewRequest("POST", "/api/v1/orgs/"+strconv.FormatInt(own, 10)+"/meetings", strings.NewReader(
			`{"type":"committee","status":"planned","starts_at":"2026-09-01T09:00:00+08:00","topics":["a"],"Topics":["b"]}`))
		req.Header.Set("Content-Type", "application/json")
		if rec := st.do("书记", req); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "重复") {
			t.Errorf("meeting with topics twice: %d %s", rec.Code, rec.Body)
		}
	})
}
