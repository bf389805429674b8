package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"zhibu/internal/demo/demotest"

	"zhibu"
	"zhibu/internal/store"
)

// TestSearchMatrix: the search (GET /search, GET /api/v1/search) as every
// demo role, checked against the matrix's spec rather than the code: each
// hit lies where the role reads (org.read on its org; talk.read for a
// talk, mailbox.handle for a letter), or is the role's own record, a talk
// it took part in or a letter it signed; a person of another branch is
// found by the committee above and not by this branch's officers; a
// member finds their own record; the administrators find nothing. The
// page escapes what a record holds and marks the words asked for.
func TestSearchMatrix(t *testing.T) {
	demotest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		zb03 := w.orgs["ZB03"]
		hostile := "<img src=x onerror=alert(1)>矩阵检索标记"
		m := w.meetings[0]
		m.Minutes = hostile
		if _, err := s.SaveMeeting(sys, m, nil); err != nil {
			t.Fatal(err)
		}
		zhou, other := w.people[0], w.people[2]

		type hit struct {
			Kind  zhibu.SearchKind `json:"kind"`
			ID    int64            `json:"id"`
			OrgID int64            `json:"org_id"`
			Link  string           `json:"link"`
		}
		search := func(role, q string) []hit {
			t.Helper()
			req := httptest.NewRequest("GET", "/api/v1/search?q="+url.QueryEscape(q), nil)
			req.AddCookie(w.cookies[role])
			rec := httptest.NewRecorder()
			w.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s searches %q: %d %s", role, q, rec.Code, rec.Body)
			}
			var body struct {
				Groups []struct {
					Hits []hit `json:"hits"`
				} `json:"groups"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			var out []hit
			for _, g := range body.Groups {
				out = append(out, g.Hits...)
			}
			return out
		}
		paths := map[int64]string{}
		pathOf := func(id int64) string {
			if p, ok := paths[id]; ok {
				return p
			}
			o, err := s.Org(sys, id)
			if err != nil {
				t.Fatal(err)
			}
			paths[id] = o.Path
			return o.Path
		}
		own := func(role string, h hit) bool {
			self := w.self[role]
			if self == 0 {
				return false
			}
			switch h.Kind {
			case zhibu.SearchPerson:
				return h.ID == self
			case zhibu.SearchTalk:
				talks, err := s.PersonTalks(sys, self)
				if err != nil {
					t.Fatal(err)
				}
				return slices.ContainsFunc(talks, func(x zhibu.Talk) bool { return x.ID == h.ID })
			case zhibu.SearchLetter:
				l, err := s.Letter(sys, h.ID)
				return err == nil && l.WriterID == self
			}
			return false
		}
		need := map[zhibu.SearchKind]zhibu.Perm{zhibu.SearchTalk: zhibu.PermTalkRead, zhibu.SearchLetter: zhibu.PermMailbox}
		for role := range spec {
			for _, q := range []string{"党", "党员", "会议", "谈心", zhou.Name, other.Name, "矩阵检索标记"} {
				for _, h := range search(role, q) {
					perm := cmpOr(need[h.Kind], zhibu.PermOrgRead)
					if !w.holds(role, perm, pathOf(h.OrgID)) && !own(role, h) {
						t.Errorf("%s searching %q finds %s %d of org %d, outside what it reads", role, q, h.Kind, h.ID, h.OrgID)
					}
				}
			}
			foundOther := slices.ContainsFunc(search(role, other.Name), func(h hit) bool { return h.Kind == zhibu.SearchPerson && h.ID == other.ID })
			if want := w.holds(role, zhibu.PermOrgRead, other.OrgPath); foundOther != want {
				t.Errorf("%s finds %s of another branch: %v, want %v", role, other.Name, foundOther, want)
			}
			foundZhou := slices.ContainsFunc(search(role, zhou.Name), func(h hit) bool { return h.Kind == zhibu.SearchPerson && h.ID == zhou.ID })
			if want := w.holds(role, zhibu.PermOrgRead, zhou.OrgPath) || w.self[role] == zhou.ID; foundZhou != want {
				t.Errorf("%s finds %s: %v, want %v", role, zhou.Name, foundZhou, want)
			}
			foundMeeting := slices.ContainsFunc(search(role, "矩阵检索标记"), func(h hit) bool { return h.Kind == zhibu.SearchMeeting && h.ID == m.ID })
			if want := w.holds(role, zhibu.PermOrgRead, zb03.Path); foundMeeting != want {
				t.Errorf("%s finds the branch's meeting: %v, want %v", role, foundMeeting, want)
			}
		}

		// The page: the record's markup escaped, the words marked; bad
		// input named.
		get := func(role, q string) *httptest.ResponseRecorder {
			req := httptest.NewRequest("GET", "/search?q="+url.QueryEscape(q), nil)
			req.AddCookie(w.cookies[role])
			rec := httptest.NewRecorder()
			w.h.ServeHTTP(rec, req)
			return rec
		}
		rec := get("书记", "矩阵检索标记")
		body := rec.Body.String()
		if rec.Code != http.StatusOK || strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;img src=x") ||
			!strings.Contains(body, "<mark>矩阵检索标记</mark>") || !strings.Contains(body, `href="/meetings/`) {
			t.Errorf("the secretary's page: %d\n%s", rec.Code, body)
		}
		if rec := get("系统管理员", "矩阵检索标记"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "没有找到") {
			t.Errorf("the system administrator's page: %d", rec.Code)
		}
		if rec := get("书记", "<script>"); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "<script>") {
			t.Errorf("a query with markup: %d", rec.Code)
		}
		if rec := get("书记", "，。"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "检索词：须含有汉字、字母或数字") {
			t.Errorf("a query of punctuation: %d", rec.Code)
		}
		req := httptest.NewRequest("GET", "/api/v1/search?q=", nil)
		req.AddCookie(w.cookies["书记"])
		rec = httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"field":"q"`) {
			t.Errorf("the API with an empty query: %d %s", rec.Code, rec.Body)
		}
	})
}

func cmpOr[T comparable](v ...T) T {
	var zero T
	for _, x := range v {
		if x != zero {
			return x
		}
	}
	return zero
}
