package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/api"
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
	"zhibu/internal/web"
)

// The doors agree on development steps: the same steps, valid and
// refused, sent through the web form and through the API to two people
// of the same branch with the same history, give the same refusals (the
// same problems, messages and rule ids) and the same stored files and
// stages. Both doors call service.Development; this test fails if either
// re-states a rule or decodes a step differently.
func TestDevelopmentDoorsAgree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := zhibu.WithActor(context.Background(), zhibu.System)
		svc := service.New(s, service.Options{})
		ui, err := web.New(s, svc, auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		apiH := api.New(s, svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
		serve := func(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), zhibu.System)))
			return w
		}
		c, err := s.CreateOrg(ctx, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
		if err != nil {
			t.Fatal(err)
		}
		branch, err := s.CreateOrg(ctx, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID, FoundedOn: zhibu.MakeDate(2001, 7, 1)})
		if err != nil {
			t.Fatal(err)
		}
		mentor := person("周红", zhibu.FullMember, branch.ID, 0)
		mentor.JoinedOn = zhibu.MakeDate(2010, 1, 1)
		if mentor, err = s.CreatePerson(ctx, mentor); err != nil {
			t.Fatal(err)
		}
		viaWeb, err := s.CreatePerson(ctx, person("陈静", zhibu.Masses, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		viaAPI, err := s.CreatePerson(ctx, person("刘洋", zhibu.Masses, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}

		type step struct {
			superior bool
			n        int
			on       string
			mentor   bool
			refused  string // a rule id or message the refusal names; "" for a valid step
		}
		steps := []step{
			{n: 3, on: "2025-01-01", refused: "dev.order"},
			{n: 1, on: "2025-01-10"},
			{n: 4, on: "2025-02-01", refused: "由上级党委记录"},
			{n: 3, on: "2025-02-01", refused: "须在第2步 党组织派人谈话之后"},
			{n: 2, on: "2025-01-20"},
			{n: 3, on: "2025-02-01"},
			{superior: true, n: 3, on: "2025-02-01", refused: "由支部记录"},
			{superior: true, n: 4, on: "2025-02-03"},
			{n: 5, on: "2025-02-03", mentor: true},
			{n: 6, on: "2035-07-03", refused: "不能晚于今天"},
			{n: 6, on: "2025-07-03"},
			{n: 7, on: "2026-01-31", refused: "dev.candidate.after"}, // a candidacy one day early
			{n: 7, on: "2026-02-01"},
		}
		for _, st := range steps {
			route := "steps"
			if st.superior {
				route = "approvals"
			}
			form := url.Values{"step": {fmt.Sprint(st.n)}, "on": {st.on}}
			body := map[string]any{"step": st.n, "on": st.on}
			if st.mentor {
				form.Set("person1", fmt.Sprint(mentor.ID))
				body["people"] = []int64{mentor.ID}
			}
			r := httptest.NewRequest(http.MethodPost, fmt.Sprintf("/people/%d/development/%s", viaWeb.ID, route), strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			ww := serve(ui, r)
			js, _ := json.Marshal(body)
			r = httptest.NewRequest(http.MethodPost, fmt.Sprintf("/api/v1/people/%d/development/%s", viaAPI.ID, route), strings.NewReader(string(js)))
			r.Header.Set("Content-Type", "application/json")
			wa := serve(apiH, r)
			what := fmt.Sprintf("%s step %d on %s", route, st.n, st.on)
			if st.refused == "" {
				if ww.Code != http.StatusSeeOther || wa.Code != http.StatusCreated {
					t.Fatalf("%s: web %d, API %d %s", what, ww.Code, wa.Code, wa.Body)
				}
				continue
			}
			if ww.Code != http.StatusUnprocessableEntity || wa.Code != http.StatusBadRequest {
				t.Fatalf("%s: web %d, API %d, want refusals", what, ww.Code, wa.Code)
			}
			var out struct {
				Error struct {
					Problems []zhibu.Problem `json:"problems"`
				} `json:"error"`
			}
			if err := json.Unmarshal(wa.Body.Bytes(), &out); err != nil || len(out.Error.Problems) == 0 {
				t.Fatalf("%s: API body %s, %v", what, wa.Body, err)
			}
			named := false
			for _, p := range out.Error.Problems {
				named = named || strings.Contains(p.Message, st.refused)
				if !strings.Contains(ww.Body.String(), html.EscapeString(p.Message)) {
					t.Errorf("%s: the API refuses with %q, the form does not", what, p.Message)
				}
			}
			if !named {
				t.Errorf("%s: refused with %v, want %q", what, out.Error.Problems, st.refused)
			}
		}

		// The same stored files and stages.
		fw, err := s.DevFile(ctx, viaWeb.ID)
		if err != nil {
			t.Fatal(err)
		}
		fa, err := s.DevFile(ctx, viaAPI.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(fw.Records) != 7 || len(fw.Records) != len(fa.Records) {
			t.Fatalf("records: web %d, API %d, want 7", len(fw.Records), len(fa.Records))
		}
		for i := range fw.Records {
			a, b := fw.Records[i], fa.Records[i]
			a.ID, a.PersonID, b.ID, b.PersonID = 0, 0, 0, 0
			a.EnteredAt = b.EnteredAt
			if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
				t.Errorf("record %d: web %+v, API %+v", i, a, b)
			}
		}
		if fw.Person.Stages() != fa.Person.Stages() || fw.Person.Status != zhibu.Candidate {
			t.Errorf("stages: web %+v, API %+v", fw.Person.Stages(), fa.Person.Stages())
		}
	})
}
