package api

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// ID numbers and phones are masked unless the request asks with ?unmask=1
// and the actor holds PermSensitive on the org; each unmasked response is
// audited.
func TestSensitive(t *testing.T) {
	// reader may read the first branch, and nothing more.
	reader := func(fx fixture) zhibu.Actor {
		return zhibu.Actor{AccountID: 7, Name: "宣传委员", Scope: zhibu.Scope{Paths: []string{fx.b1.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.b1.Path}}}
	}
	// officer may also see the first branch's ID numbers and phones.
	officer := func(fx fixture) zhibu.Actor {
		a := reader(fx)
		a.Name = "组织委员"
		a.Grants = append(a.Grants, zhibu.Grant{Perm: zhibu.PermSensitive, Path: fx.b1.Path})
		return a
	}
	// wide reads the whole committee and sees the first branch's ID numbers.
	wide := func(fx fixture) zhibu.Actor {
		return zhibu.Actor{AccountID: 8, Name: "政治部", Scope: zhibu.Scope{Paths: []string{fx.c.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.c.Path}, {Perm: zhibu.PermSensitive, Path: fx.b1.Path}}}
	}
	audited := func(action, result string, n int) func(*testing.T, *store.Store, fixture, *httptest.ResponseRecorder) {
		return func(t *testing.T, s *store.Store, fx fixture, _ *httptest.ResponseRecorder) {
			t.Helper()
			wantAudit(t, s, action, result, n)
		}
	}
	scenarios := []scenario{
		{name: "list masked", method: "GET", path: "/api/v1/orgs/{B1}/people", status: 200,
			want: []string{`"id_number":"{P1MASK}"`}, unwant: []string{"{P1ID}"},
			check: audited("person.view_unmasked", "ok", 0)},
		{name: "list masked for a reader", method: "GET", path: "/api/v1/orgs/{B1}/people", actor: reader, status: 200,
			want: []string{`"id_number":"{P1MASK}"`}, unwant: []string{"{P1ID}"}},
		{name: "list unmasked", method: "GET", path: "/api/v1/orgs/{B1}/people?unmask=1", actor: officer, status: 200,
			want: []string{`"id_number":"{P1ID}"`}, unwant: []string{"{P1MASK}"},
			check: audited("person.view_unmasked", "ok", 1)},
		{name: "list unmasked as the system", method: "GET", path: "/api/v1/orgs/{C}/people?unmask=1", status: 200,
			want: []string{`"id_number":"{P1ID}"`}, check: audited("person.view_unmasked", "ok", 1)},
		{name: "list unmasked refused", method: "GET", path: "/api/v1/orgs/{B1}/people?unmask=1", actor: reader, status: 403,
			want: []string{`"code":"forbidden"`, "无权查看完整的身份证号和手机号"}, unwant: []string{"{P1ID}"},
			check: audited("person.view_unmasked", "refused", 1)},
		{name: "list unmasked above the grant", method: "GET", path: "/api/v1/orgs/{C}/people?unmask=1", actor: wide, status: 403,
			unwant: []string{"{P1ID}"}},
		{name: "list masked above the grant", method: "GET", path: "/api/v1/orgs/{C}/people", actor: wide, status: 200,
			want: []string{`"id_number":"{P1MASK}"`}, unwant: []string{"{P1ID}"}},
		{name: "get masked", method: "GET", path: "/api/v1/people/{P1}", actor: officer, status: 200,
			want: []string{`"id_number":"{P1MASK}"`}, unwant: []string{"{P1ID}"},
			check: audited("person.view_unmasked", "ok", 0)},
		{name: "get unmasked", method: "GET", path: "/api/v1/people/{P1}?unmask=1", actor: officer, status: 200,
			want: []string{`"id_number":"{P1ID}"`}, check: audited("person.view_unmasked", "ok", 1)},
		{name: "get unmasked refused", method: "GET", path: "/api/v1/people/{P1}?unmask=1", actor: reader, status: 403,
			want: []string{"无权查看完整的身份证号和手机号"}, unwant: []string{"{P1ID}"},
			check: audited("person.view_unmasked", "refused", 1)},
		{name: "get unmasked out of scope", method: "GET", path: "/api/v1/people/{P3}?unmask=1", actor: officer, status: 404},
		{name: "get unmask=0", method: "GET", path: "/api/v1/people/{P1}?unmask=0", status: 200,
			want: []string{`"id_number":"{P1MASK}"`}},
		{name: "get unmask not a flag", method: "GET", path: "/api/v1/people/{P1}?unmask=yes-please", status: 400,
			want: []string{`"field":"unmask"`}},
		{name: "create answers masked", method: "POST", path: "/api/v1/people", body: personBody(nil), status: 201,
			want: []string{`"id_number":"{IDMASK}"`}, unwant: []string{"{ID}"},
			check: func(t *testing.T, s *store.Store, fx fixture, _ *httptest.ResponseRecorder) {
				people, err := s.People(sys, fx.b1.ID, zhibu.PersonFilter{Query: newID})
				if err != nil || len(people) != 1 || people[0].IDNumber != newID || people[0].Phone != "13912345678" {
					t.Errorf("stored %+v, %v", people, err)
				}
				wantAudit(t, s, "person.create", "ok", 4) // the fixture's three and this one
			}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, sc.run)
		})
	}
}

// A client that sends back the masks a GET showed keeps the stored values.
func TestPutMasked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		li := fx.li
		li.Phone = "13812345678"
		li, err := s.UpdatePerson(sys, li)
		if err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		get := serve(s, zhibu.System, &logs, httptest.NewRequest("GET", "/api/v1/people/"+fx.expand("{P1}"), nil))
		body := get.Body.String()
		if !strings.Contains(body, `"phone":"138****5678"`) || strings.Contains(body, li.IDNumber) {
			t.Fatalf("GET: %s", body)
		}
		put := `{"name":"李娜","gender":"女","ethnicity":"汉族","birth_date":"1985-03-12","id_number":"{P1MASK}",` +
			`"phone":"138****5678","unit":"办公室","officer":true,"status":"full","applied_on":"2005-04-01",` +
			`"activist_on":"2006-04-01","candidate_on":"2007-04-01","admitted_on":"2007-07-01","confirmed_on":"2008-07-01"}`
		req := httptest.NewRequest("PUT", "/api/v1/people/"+fx.expand("{P1}"), strings.NewReader(fx.expand(put)))
		req.Header.Set("Content-Type", "application/json")
		rec := serve(s, zhibu.System, &logs, req)
		if rec.Code != 200 {
			t.Fatalf("PUT: %d %s", rec.Code, rec.Body)
		}
		got, err := s.Person(sys, li.ID)
		if err != nil || got.IDNumber != li.IDNumber || got.Phone != li.Phone || got.Unit != "办公室" {
			t.Errorf("after PUT: %+v, %v", got, err)
		}
		ch, err := s.Changes(sys, li.ID)
		if err != nil || len(ch) != 2 || ch[0].Summary != "单位：治安大队 → 办公室" {
			t.Errorf("changes = %+v, %v", ch, err)
		}
	})
}

// wantAudit checks that the audit trail holds n records of action with
// result.
func wantAudit(t *testing.T, s *store.Store, action, result string, n int) {
	t.Helper()
	_, total, err := s.AuditRecords(sys, store.AuditFilter{Action: action, Result: result})
	if err != nil || total != n {
		t.Errorf("audit trail holds %d records of %s (%s), want %d (%v)", total, action, result, n, err)
	}
}
