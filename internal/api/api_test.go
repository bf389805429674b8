package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/secret"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

var sys = zhibu.WithActor(context.Background(), zhibu.System)

// fixture is the data every scenario starts from: a committee with a child
// committee and two branches, the first with two groups, a term and three
// people.
type fixture struct {
	c, c2, b1, b2, g1, g2 zhibu.Org
	li, wang, zhang       zhibu.Person // 李娜 (B1/G1, full member), 王芳 (B1, activist), 张伟 (B2, masses)
}

func mustOrg(t *testing.T, s *store.Store, o zhibu.Org) zhibu.Org {
	t.Helper()
	o, err := s.CreateOrg(sys, o)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func mustPerson(t *testing.T, s *store.Store, p zhibu.Person) zhibu.Person {
	t.Helper()
	p, err := s.CreatePerson(sys, p)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func d(y int, m time.Month, day int) zhibu.Date { return zhibu.MakeDate(y, m, day) }

// today is the store's date in every scenario.
var today = d(2026, 3, 2)

func setup(t *testing.T, s *store.Store) fixture {
	t.Helper()
	s.SetClock(func() time.Time { return today.Time().Add(10 * time.Hour) })
	var fx fixture
	fx.c = mustOrg(t, s, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	fx.c2 = mustOrg(t, s, zhibu.Org{Code: "C2", Name: "分局党委", Kind: zhibu.KindCommittee, ParentID: fx.c.ID})
	fx.b1 = mustOrg(t, s, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: fx.c.ID,
		FoundedOn: d(2001, 7, 1), Units: []string{"治安大队", "办公室"}})
	fx.b2 = mustOrg(t, s, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: fx.c.ID})
	fx.g1 = mustOrg(t, s, zhibu.Org{Code: "B1G1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: fx.b1.ID})
	fx.g2 = mustOrg(t, s, zhibu.Org{Code: "B1G2", Name: "第二党小组", Kind: zhibu.KindGroup, ParentID: fx.b1.ID})
	fx.li = mustPerson(t, s, zhibu.Person{Name: "李娜", Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: d(1985, 3, 12),
		IDNumber: zhibu.MakeIDNumber("650102", d(1985, 3, 12), 102), Officer: true, Unit: "治安大队", Status: zhibu.FullMember,
		AppliedOn: d(2005, 4, 1), ActivistOn: d(2006, 4, 1), CandidateOn: d(2007, 4, 1), AdmittedOn: d(2007, 7, 1),
		ConfirmedOn: d(2008, 7, 1), OrgID: fx.b1.ID, GroupID: fx.g1.ID, JoinedOn: d(2021, 1, 1)})
	fx.wang = mustPerson(t, s, zhibu.Person{Name: "王芳", Gender: zhibu.Female, Ethnicity: "回族", BirthDate: d(1992, 8, 20),
		IDNumber: zhibu.MakeIDNumber("650102", d(1992, 8, 20), 104), Status: zhibu.Activist,
		AppliedOn: d(2014, 5, 1), ActivistOn: d(2015, 5, 1), OrgID: fx.b1.ID})
	fx.zhang = mustPerson(t, s, zhibu.Person{Name: "张伟", Gender: zhibu.Male, Ethnicity: "汉族", BirthDate: d(1988, 11, 2),
		IDNumber: zhibu.MakeIDNumber("650102", d(1988, 11, 2), 105), Officer: true, Status: zhibu.Masses, OrgID: fx.b2.ID})
	if _, err := s.StartTerm(sys, zhibu.Term{OrgID: fx.b1.ID, ElectedOn: d(2021, 3, 1),
		Seats: []zhibu.Seat{{PersonID: fx.li.ID, Position: zhibu.Secretary}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGroupLeader(sys, fx.g1.ID, fx.li.ID, d(2021, 4, 1)); err != nil {
		t.Fatal(err)
	}
	return fx
}

// newID is a valid ID number for 赵敏, born 1990-05-06, male (odd sequence).
var newID = zhibu.MakeIDNumber("650102", d(1990, 5, 6), 101)

// expand replaces the placeholders of a scenario: {C} {C2} {B1} {B2} {G1}
// {G2} are org ids, {P1} {P2} {P3} person ids (李娜, 王芳, 张伟), {P1ID} 李娜's
// ID number and {P1MASK} its mask, {ID} a fresh valid ID number and {IDMASK}
// its mask, {BADID} one with a wrong check digit, {today} today's date.
func (fx fixture) expand(s string) string {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	bad := newID[:17] + string("0123456789"[(strings.IndexByte("0123456789X", newID[17])+1)%10])
	return strings.NewReplacer("{C}", id(fx.c.ID), "{C2}", id(fx.c2.ID), "{B1}", id(fx.b1.ID), "{B2}", id(fx.b2.ID),
		"{G1}", id(fx.g1.ID), "{G2}", id(fx.g2.ID), "{P1}", id(fx.li.ID), "{P2}", id(fx.wang.ID), "{P3}", id(fx.zhang.ID),
		"{P1ID}", fx.li.IDNumber, "{P1MASK}", secret.MaskID(fx.li.IDNumber), "{ID}", newID, "{IDMASK}", secret.MaskID(newID),
		"{BADID}", bad, "{today}", today.String()).Replace(s)
}

// snapshot is everything stored, to show that a refused request saved nothing.
func snapshot(t *testing.T, s *store.Store) string {
	t.Helper()
	var b strings.Builder
	orgs, err := s.Orgs(sys, store.OrgFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		fmt.Fprintf(&b, "%+v\n", o)
		if o.Depth != 0 {
			continue
		}
		people, err := s.People(sys, o.ID, zhibu.PersonFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range people {
			moves, _ := s.Moves(sys, p.ID)
			changes, _ := s.Changes(sys, p.ID)
			fmt.Fprintf(&b, "%+v\n%+v\n%+v\n", p, moves, changes)
		}
	}
	return b.String()
}

// personBody is a complete person for POST and PUT, with fields replaced.
func personBody(fields map[string]any) string {
	p := map[string]any{"name": "赵敏", "gender": "男", "ethnicity": "汉族", "birth_date": "1990-05-06",
		"id_number": "{ID}", "phone": "13912345678", "unit": "治安大队", "officer": true, "education": "本科",
		"status": "activist", "applied_on": "2015-03-01", "activist_on": "2016-03-01",
		"org_id": json.RawMessage("{B1}"), "group_id": json.RawMessage("{G1}")}
	for k, v := range fields {
		if v == nil {
			delete(p, k)
		} else {
			p[k] = v
		}
	}
	b, err := marshalRaw(p)
	if err != nil {
		panic(err)
	}
	return b
}

// marshalRaw writes a map as JSON, keys sorted, with RawMessage values
// (placeholders such as {B1}) written as they are.
func marshalRaw(m map[string]any) (string, error) {
	var parts []string
	for k, v := range m {
		var val []byte
		if raw, ok := v.(json.RawMessage); ok {
			val = raw
		} else {
			var err error
			if val, err = json.Marshal(v); err != nil {
				return "", err
			}
		}
		parts = append(parts, strconv.Quote(k)+":"+string(val))
	}
	slices.Sort(parts)
	return "{" + strings.Join(parts, ",") + "}", nil
}

// scenario is one request and what must come of it.
type scenario struct {
	name   string
	method string
	path   string
	body   string
	ctype  string // default application/json for a body or a POST/PUT; "none" for no header
	actor  func(fixture) zhibu.Actor
	status int
	want   []string // fragments of the response body
	unwant []string // fragments it must not hold
	check  func(t *testing.T, s *store.Store, fx fixture, rec *httptest.ResponseRecorder)
}

func (sc scenario) run(t *testing.T, s *store.Store) {
	fx := setup(t, s)
	before := snapshot(t, s)
	req := httptest.NewRequest(sc.method, fx.expand(sc.path), strings.NewReader(fx.expand(sc.body)))
	switch {
	case sc.ctype == "none":
	case sc.ctype != "":
		req.Header.Set("Content-Type", sc.ctype)
	case sc.body != "" || sc.method == http.MethodPost || sc.method == http.MethodPut:
		req.Header.Set("Content-Type", "application/json")
	}
	actor := zhibu.System
	if sc.actor != nil {
		actor = sc.actor(fx)
	}
	var logs bytes.Buffer
	rec := serve(s, actor, &logs, req)

	got := rec.Body.String()
	if rec.Code != sc.status {
		t.Errorf("%s %s: status %d, want %d\n%s", sc.method, sc.path, rec.Code, sc.status, got)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q", cc)
	}
	if !json.Valid(rec.Body.Bytes()) {
		t.Errorf("body is not JSON: %s", got)
	}
	for _, w := range sc.want {
		if w = fx.expand(w); !strings.Contains(got, w) {
			t.Errorf("body lacks %s\n%s", w, got)
		}
	}
	for _, w := range sc.unwant {
		if w = fx.expand(w); strings.Contains(got, w) {
			t.Errorf("body holds %s\n%s", w, got)
		}
	}
	if rec.Code >= 400 {
		checkError(t, rec)
		if after := snapshot(t, s); after != before {
			t.Errorf("a refused request changed the data:\nbefore\n%s\nafter\n%s", before, after)
		}
	}
	if rec.Code < 500 && logs.Len() > 0 {
		t.Errorf("logged for a %d: %s", rec.Code, logs.String())
	}
	if sc.check != nil {
		sc.check(t, s, fx, rec)
	}
}

// checkError checks the shape of an error body: a code that matches the
// status, a Chinese message, and problems that each name a field.
func checkError(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	var e struct {
		Error struct {
			Code     string
			Message  string
			Problems []zhibu.Problem
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body: %v", err)
	}
	want := map[int]string{400: "invalid", 404: "not_found", 405: "invalid", 409: "conflict", 403: "forbidden",
		413: "invalid", 415: "invalid", 500: "internal"}[rec.Code]
	if e.Error.Code != want {
		t.Errorf("status %d with code %q, want %q", rec.Code, e.Error.Code, want)
	}
	if !hasHan(e.Error.Message) {
		t.Errorf("message %q is not Chinese", e.Error.Message)
	}
	for _, p := range e.Error.Problems {
		if p.Field == "" || !hasHan(p.Message) {
			t.Errorf("problem %+v lacks a field or a Chinese message", p)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// serve runs one request through the API mounted as the server mounts it,
// acting as actor, with the log written to logs.
func serve(s *store.Store, actor zhibu.Actor, logs *bytes.Buffer, req *http.Request) *httptest.ResponseRecorder {
	h := New(s, service.New(s, service.Options{}), slog.New(slog.NewTextHandler(logs, nil)))
	mux := http.NewServeMux()
	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), actor)))
	}))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec
}

// count returns how many orgs and people are stored.
func count(t *testing.T, s *store.Store, fx fixture) (orgs, people int) {
	t.Helper()
	all, err := s.Orgs(sys, store.OrgFilter{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Counts(sys, fx.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(all), c.People
}

// decodeList reads {"<key>":[...]} from a response.
func decodeList[T any](t *testing.T, rec *httptest.ResponseRecorder, key string) []T {
	t.Helper()
	var m map[string][]T
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	return m[key]
}

func TestAPI(t *testing.T) {
	const fixtureOrgs, fixturePeople = 6, 3
	created := func(orgs, people int, location string) func(*testing.T, *store.Store, fixture, *httptest.ResponseRecorder) {
		return func(t *testing.T, s *store.Store, fx fixture, rec *httptest.ResponseRecorder) {
			if o, p := count(t, s, fx); o != orgs || p != people {
				t.Errorf("after create: %d orgs, %d people; want %d, %d", o, p, orgs, people)
			}
			if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, location) {
				t.Errorf("Location = %q, want %s…", loc, location)
			}
		}
	}
	names := func(want ...string) func(*testing.T, *store.Store, fixture, *httptest.ResponseRecorder) {
		return func(t *testing.T, s *store.Store, fx fixture, rec *httptest.ResponseRecorder) {
			var got []string
			for _, p := range decodeList[zhibu.Person](t, rec, "people") {
				got = append(got, p.Name)
			}
			slices.Sort(got)
			slices.Sort(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("people = %v, want %v", got, want)
			}
		}
	}
	newOrgBody := `{"code":"B3","name":"第三党支部","kind":"branch","parent_id":{C},"founded_on":"2019-07-01","units":["交警大队"]}`
	scoped := func(fx fixture) zhibu.Actor {
		roles, grants, scope := zhibu.Rights(0, []zhibu.Holding{{Position: zhibu.Secretary, Org: fx.b1}}, nil)
		return zhibu.Actor{AccountID: 1, Name: "支部书记", Roles: roles, Grants: grants, Scope: scope}
	}

	scenarios := []scenario{
		// Orgs: list.
		{name: "list orgs", method: "GET", path: "/api/v1/orgs", status: 200,
			want: []string{`{"orgs":[`, `"name":"市公安局党委"`, `"units":["治安大队","办公室"]`, `"founded_on":"2001-07-01"`,
				`"code":"B2","name":"第二党支部","kind":"branch","parent_id":{C},"depth":1,"founded_on":"","units":[]`},
			unwant: []string{`"path"`}},
		{name: "list orgs under a branch", method: "GET", path: "/api/v1/orgs?under={B1}", status: 200,
			want: []string{`"第一党支部"`, `"第一党小组"`, `"第二党小组"`}, unwant: []string{"市公安局党委", "第二党支部"}},
		{name: "list branches", method: "GET", path: "/api/v1/orgs?kind=branch", status: 200,
			want: []string{`"第一党支部"`, `"第二党支部"`}, unwant: []string{`"kind":"group"`, `"kind":"committee"`}},
		{name: "list orgs of two kinds", method: "GET", path: "/api/v1/orgs?kind=branch&kind=group&under={B1}", status: 200,
			want: []string{`"kind":"group"`, `"kind":"branch"`}, unwant: []string{`"kind":"committee"`}},
		{name: "list orgs of a bad kind", method: "GET", path: "/api/v1/orgs?kind=team", status: 400,
			want: []string{`"field":"kind"`, "参数 kind：应为"}},
		{name: "list orgs under a bad id", method: "GET", path: "/api/v1/orgs?under=abc", status: 400,
			want: []string{`"field":"under"`, "参数 under：应为组织编号"}},
		{name: "list orgs under an unknown org", method: "GET", path: "/api/v1/orgs?under=99999", status: 404,
			want: []string{`"code":"not_found"`, "未找到该组织"}},
		{name: "scoped actor lists its subtree", method: "GET", path: "/api/v1/orgs", actor: scoped, status: 200,
			want: []string{"第一党支部", "第一党小组"}, unwant: []string{"市公安局党委", "第二党支部"}},

		// Orgs: get.
		{name: "get branch", method: "GET", path: "/api/v1/orgs/{B1}", status: 200,
			want: []string{`"id":{B1},"code":"B1","name":"第一党支部","kind":"branch","parent_id":{C},"depth":1`,
				`"counts":{"people":2,"officers":1,"members":1,"full":1,"probationary":0,"candidates":0,"activists":1,"applicants":0,"masses":0}`,
				`"groups":[{"id":{G1}`, `"leader_name":"李娜","size":1`, `"terms":[{`, `"elected_on":"2021-03-01","years":3`,
				`"person_name":"李娜","position":"secretary"`}},
		{name: "get committee", method: "GET", path: "/api/v1/orgs/{C}", status: 200,
			want:   []string{`"name":"市公安局党委"`, `"counts":{"people":3,"officers":2,"members":1`, `"terms":[]`},
			unwant: []string{`"groups"`, `"parent_id"`}},
		{name: "get group", method: "GET", path: "/api/v1/orgs/{G1}", status: 200,
			want: []string{`"name":"第一党小组"`, `"counts":`}, unwant: []string{`"groups"`, `"terms"`}},
		{name: "get unknown org", method: "GET", path: "/api/v1/orgs/99999", status: 404,
			want: []string{`{"error":{"code":"not_found","message":"未找到该组织"}}`}},
		{name: "get org id not a number", method: "GET", path: "/api/v1/orgs/abc", status: 404, want: []string{"未找到该组织"}},
		{name: "get org id zero", method: "GET", path: "/api/v1/orgs/0", status: 404, want: []string{"未找到该组织"}},
		{name: "get org id negative", method: "GET", path: "/api/v1/orgs/-1", status: 404, want: []string{"未找到该组织"}},
		{name: "get org id with leading zero", method: "GET", path: "/api/v1/orgs/0{B1}", status: 404, want: []string{"未找到该组织"}},
		{name: "get org id too big", method: "GET", path: "/api/v1/orgs/99999999999999999999", status: 404},
		{name: "get org out of scope", method: "GET", path: "/api/v1/orgs/{C}", actor: scoped, status: 404},

		// Orgs: create.
		{name: "create org", method: "POST", path: "/api/v1/orgs", body: newOrgBody, status: 201,
			want:  []string{`"code":"B3","name":"第三党支部","kind":"branch","parent_id":{C},"depth":1,"founded_on":"2019-07-01","units":["交警大队"]`},
			check: created(fixtureOrgs+1, fixturePeople, "/api/v1/orgs/")},
		{name: "create org with content type charset", method: "POST", path: "/api/v1/orgs", body: newOrgBody,
			ctype: "application/json; charset=UTF-8", status: 201},
		{name: "create org without a name", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3","name":" ","kind":"branch","parent_id":{C}}`, status: 400,
			want: []string{`"code":"invalid"`, `"field":"name"`, "组织名称：不能为空"}},
		{name: "create org with several problems", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B 3","name":"","kind":"team"}`, status: 400,
			want: []string{`"field":"code"`, `"field":"name"`, `"field":"kind"`, "组织代码：只能包含"}},
		{name: "create org with a duplicate code", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B1","name":"又一个支部","kind":"branch","parent_id":{C}}`, status: 400,
			want: []string{`"field":"code"`, "组织代码：“B1”已被其他组织使用"}},
		{name: "create org with an unknown field", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3","name":"第三党支部","kind":"branch","parent_id":{C},"secretary":"李娜"}`, status: 400,
			want: []string{`"field":"secretary"`, "字段 secretary：本接口不接受此字段"}},
		{name: "create org with a wrong type", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3","name":"第三党支部","kind":"branch","parent_id":"{C}"}`, status: 400,
			want: []string{`"field":"parent_id"`, "字段 parent_id：类型不正确，应为整数"}},
		{name: "create org with units not a list", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3","name":"第三党支部","kind":"branch","parent_id":{C},"units":"交警大队"}`, status: 400,
			want: []string{`"field":"units"`, "字段 units：类型不正确，应为数组"}},
		{name: "create org with an invalid date", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3","name":"第三党支部","kind":"branch","parent_id":{C},"founded_on":"2018-02-30"}`, status: 400,
			want: []string{`"field":"founded_on"`, "字段 founded_on：日期格式不正确"}},
		{name: "create org with a date as a number", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3","name":"第三党支部","kind":"branch","parent_id":{C},"founded_on":20180701}`, status: 400,
			want: []string{`"field":"founded_on"`, "字段 founded_on：类型不正确，应为日期字符串"}},
		{name: "create org with malformed JSON", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3" "name":"第三党支部"}`, status: 400, want: []string{"请求体不是有效的 JSON"}},
		{name: "create org with truncated JSON", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3","name":`, status: 400, want: []string{"请求体不是完整的 JSON"}},
		{name: "create org with an empty body", method: "POST", path: "/api/v1/orgs", status: 400,
			want: []string{"请求体不能为空"}},
		{name: "create org with two objects", method: "POST", path: "/api/v1/orgs", body: newOrgBody + newOrgBody,
			status: 400, want: []string{"请求体只能包含一个 JSON 对象"}},
		{name: "create org with an array", method: "POST", path: "/api/v1/orgs", body: `[` + newOrgBody + `]`,
			status: 400, want: []string{"请求体应为 JSON 对象"}},
		{name: "create org with the wrong content type", method: "POST", path: "/api/v1/orgs", body: newOrgBody,
			ctype: "application/x-www-form-urlencoded", status: 415, want: []string{`"code":"invalid"`, "Content-Type 须为 application/json"}},
		{name: "create org without a content type", method: "POST", path: "/api/v1/orgs", body: newOrgBody,
			ctype: "none", status: 415},
		{name: "create org in GBK", method: "POST", path: "/api/v1/orgs", body: newOrgBody,
			ctype: "application/json; charset=gbk", status: 415, want: []string{"UTF-8"}},
		{name: "create org with invalid UTF-8", method: "POST", path: "/api/v1/orgs",
			body: "{\"code\":\"B3\",\"name\":\"\xb5\xda\xc8\xfd\",\"kind\":\"branch\",\"parent_id\":{C}}", status: 400, want: []string{"UTF-8"}},
		{name: "create org with a body over 1 MiB", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3","name":"` + strings.Repeat("党", 1<<19) + `"}`, status: 413, want: []string{"1 MiB"}},
		{name: "create branch under a group", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3","name":"第三党支部","kind":"branch","parent_id":{G1}}`, status: 400,
			want: []string{`"field":"parent_id"`, "党小组下不能设立党支部"}},
		{name: "create branch under an unknown org", method: "POST", path: "/api/v1/orgs",
			body: `{"code":"B3","name":"第三党支部","kind":"branch","parent_id":99999}`, status: 400,
			want: []string{`"field":"parent_id"`, "上级组织：不存在"}},
		{name: "scoped actor may not create a root", method: "POST", path: "/api/v1/orgs", actor: scoped,
			body: `{"code":"C9","name":"新党委","kind":"committee"}`, status: 403,
			want: []string{`"code":"forbidden"`, "无权创建顶级组织"}},

		// Orgs: update.
		{name: "update org", method: "PUT", path: "/api/v1/orgs/{B1}",
			body: `{"code":"B1x","name":"第一党支部（治安）","founded_on":"2001/7/2","units":["治安大队"]}`, status: 200,
			want: []string{`"code":"B1x","name":"第一党支部（治安）","kind":"branch","parent_id":{C},"depth":1,"founded_on":"2001-07-02","units":["治安大队"]`}},
		{name: "update org with a duplicate code", method: "PUT", path: "/api/v1/orgs/{B1}",
			body: `{"code":"B2","name":"第一党支部"}`, status: 400, want: []string{`"field":"code"`, "已被其他组织使用"}},
		{name: "update org without a name", method: "PUT", path: "/api/v1/orgs/{B1}",
			body: `{"code":"B1","name":""}`, status: 400, want: []string{`"field":"name"`, "组织名称：不能为空"}},
		{name: "update org kind is refused", method: "PUT", path: "/api/v1/orgs/{B1}",
			body: `{"code":"B1","name":"第一党支部","kind":"committee"}`, status: 400,
			want: []string{`"field":"kind"`, "字段 kind：本接口不接受此字段"}},
		{name: "update org with an invalid date", method: "PUT", path: "/api/v1/orgs/{B1}",
			body: `{"code":"B1","name":"第一党支部","founded_on":"2001-13-01"}`, status: 400, want: []string{`"field":"founded_on"`}},
		{name: "update unknown org", method: "PUT", path: "/api/v1/orgs/99999",
			body: `{"code":"B9","name":"无此支部"}`, status: 404, want: []string{"未找到该组织"}},

		// Orgs: move.
		{name: "move org", method: "POST", path: "/api/v1/orgs/{B2}/move", body: `{"parent_id":{C2}}`, status: 200,
			want: []string{`"id":{B2},"code":"B2","name":"第二党支部","kind":"branch","parent_id":{C2},"depth":2`},
			check: func(t *testing.T, s *store.Store, fx fixture, _ *httptest.ResponseRecorder) {
				if c, _ := s.Counts(sys, fx.c2.ID); c.People != 1 {
					t.Errorf("after the move the child committee counts %d people, want 1", c.People)
				}
			}},
		{name: "move org under its own child", method: "POST", path: "/api/v1/orgs/{C}/move", body: `{"parent_id":{C2}}`,
			status: 400, want: []string{`"field":"parent_id"`, "上级组织：不能移到本组织或其下级组织之下"}},
		{name: "move org under itself", method: "POST", path: "/api/v1/orgs/{C2}/move", body: `{"parent_id":{C2}}`,
			status: 400, want: []string{`"field":"parent_id"`}},
		{name: "move org without a parent", method: "POST", path: "/api/v1/orgs/{B2}/move", body: `{}`,
			status: 400, want: []string{`"field":"parent_id"`, "上级组织：不能为空"}},
		{name: "move org with a wrong type", method: "POST", path: "/api/v1/orgs/{B2}/move", body: `{"parent_id":1.5}`,
			status: 400, want: []string{`"field":"parent_id"`, "类型不正确"}},
		{name: "move unknown org", method: "POST", path: "/api/v1/orgs/99999/move", body: `{"parent_id":{C}}`, status: 404},

		// Routing.
		{name: "method not allowed", method: "DELETE", path: "/api/v1/orgs/{B1}", status: 405,
			want: []string{"DELETE"}, check: func(t *testing.T, _ *store.Store, _ fixture, rec *httptest.ResponseRecorder) {
				if a := rec.Header().Get("Allow"); a != "GET, PUT" {
					t.Errorf("Allow = %q", a)
				}
			}},
		{name: "get a move", method: "GET", path: "/api/v1/orgs/{B1}/move", status: 405},
		{name: "unknown endpoint", method: "GET", path: "/api/v1/branches", status: 404, want: []string{"没有这个接口"}},
		{name: "unknown version", method: "GET", path: "/api/v2/orgs", status: 404},

		// People: list.
		{name: "list people of a branch", method: "GET", path: "/api/v1/orgs/{B1}/people", status: 200,
			want:  []string{`{"people":[`, `"name":"李娜","gender":"女","ethnicity":"汉族","birth_date":"1985-03-12"`, `"group_name":"第一党小组"`},
			check: names("李娜", "王芳")},
		{name: "list people of a committee", method: "GET", path: "/api/v1/orgs/{C}/people", status: 200,
			check: names("李娜", "王芳", "张伟")},
		{name: "list members", method: "GET", path: "/api/v1/orgs/{C}/people?members=1", status: 200, check: names("李娜")},
		{name: "list activists", method: "GET", path: "/api/v1/orgs/{B1}/people?status=activist", status: 200, check: names("王芳")},
		{name: "list a group", method: "GET", path: "/api/v1/orgs/{B1}/people?group={G1}", status: 200, check: names("李娜")},
		{name: "list those in no group", method: "GET", path: "/api/v1/orgs/{B1}/people?group=none", status: 200, check: names("王芳")},
		{name: "list by unit", method: "GET", path: "/api/v1/orgs/{C}/people?unit=" + url.QueryEscape("治安大队"), status: 200, check: names("李娜")},
		{name: "list officers", method: "GET", path: "/api/v1/orgs/{C}/people?officer=1", status: 200, check: names("李娜", "张伟")},
		{name: "list non-officers", method: "GET", path: "/api/v1/orgs/{C}/people?officer=0", status: 200, check: names("王芳")},
		{name: "list by name", method: "GET", path: "/api/v1/orgs/{C}/people?q=" + url.QueryEscape("王"), status: 200, check: names("王芳")},
		{name: "list by ID number end", method: "GET", path: "/api/v1/orgs/{C}/people?q=" + zhibu.MakeIDNumber("650102", d(1988, 11, 2), 105)[12:], status: 200,
			check: names("张伟")},
		{name: "list a page", method: "GET", path: "/api/v1/orgs/{C}/people?limit=2&offset=2", status: 200,
			check: func(t *testing.T, _ *store.Store, _ fixture, rec *httptest.ResponseRecorder) {
				if n := len(decodeList[zhibu.Person](t, rec, "people")); n != 1 {
					t.Errorf("page holds %d people, want 1", n)
				}
			}},
		{name: "list nobody", method: "GET", path: "/api/v1/orgs/{C}/people?q=" + url.QueryEscape("无此人"), status: 200, want: []string{`{"people":[]}`}},
		{name: "list people with bad parameters", method: "GET",
			path: "/api/v1/orgs/{B1}/people?status=member&limit=0&officer=maybe&group=x", status: 400,
			want: []string{`"field":"status"`, `"field":"limit"`, `"field":"officer"`, `"field":"group"`, "参数 limit：应为 1 至 1000 的整数"}},
		{name: "list with offset but no limit", method: "GET", path: "/api/v1/orgs/{B1}/people?offset=5", status: 400,
			want: []string{`"field":"offset"`}},
		{name: "list members and a status", method: "GET", path: "/api/v1/orgs/{B1}/people?members=1&status=full", status: 400,
			want: []string{`"field":"members"`}},
		{name: "list people of an unknown org", method: "GET", path: "/api/v1/orgs/99999/people", status: 404},

		// People: get.
		{name: "get person", method: "GET", path: "/api/v1/people/{P1}", status: 200,
			want: []string{`"id":{P1},"name":"李娜"`, `"id_number":"{P1MASK}"`, `"status":"full"`, `"admitted_on":"2007-07-01"`,
				`"org_id":{B1},"org_name":"第一党支部","group_id":{G1},"group_name":"第一党小组","joined_on":"2021-01-01"`,
				`"moves":[{`, `"start_on":"2021-01-01"`, `"reason":"新增"`, `"changes":[]`},
			unwant: []string{"{P1ID}", `"path"`, `"org_path"`}},
		{name: "get person with empty dates", method: "GET", path: "/api/v1/people/{P3}", status: 200,
			want: []string{`"status":"masses","applied_on":"","activist_on":""`}},
		{name: "get unknown person", method: "GET", path: "/api/v1/people/99999", status: 404,
			want: []string{`{"error":{"code":"not_found","message":"未找到该人员"}}`}},
		{name: "get person id not a number", method: "GET", path: "/api/v1/people/" + url.PathEscape("李娜"), status: 404},
		{name: "get person out of scope", method: "GET", path: "/api/v1/people/{P3}", actor: scoped, status: 404},

		// People: create.
		{name: "create person", method: "POST", path: "/api/v1/people", body: personBody(nil), status: 201,
			want: []string{`"name":"赵敏","gender":"男"`, `"id_number":"{IDMASK}"`, `"phone":"139****5678"`, `"education":"大学本科"`, `"status":"activist"`,
				`"org_id":{B1},"org_name":"第一党支部","group_id":{G1},"group_name":"第一党小组"`},
			unwant: []string{"{ID}", "13912345678"},
			check:  created(fixtureOrgs, fixturePeople+1, "/api/v1/people/")},
		{name: "create person who joined years ago", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"joined_on": "2019-09-01"}), status: 201,
			want: []string{`"joined_on":"2019-09-01"`}},
		{name: "create person who joins tomorrow", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"joined_on": "2026-03-03"}), status: 400,
			want: []string{`"field":"joined_on"`, "不能晚于今天"}},
		{name: "create person without a name", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"name": nil}), status: 400, want: []string{`"field":"name"`, "姓名：不能为空"}},
		{name: "create person with a bad ID check digit", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"id_number": "{BADID}"}), status: 400,
			want: []string{`"field":"id_number"`, "身份证号：校验位不正确"}},
		{name: "create person whose ID says another gender", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"gender": "女"}), status: 400, want: []string{`"field":"id_number"`, "与性别栏不一致"}},
		{name: "create person with a duplicate ID number", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"id_number": "{P1ID}", "gender": "女", "birth_date": "1985-03-12"}), status: 400,
			want: []string{`"field":"id_number"`, "身份证号：已有人员使用该身份证号"}},
		{name: "create person with an unknown field", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"party_age": 3}), status: 400,
			want: []string{`"field":"party_age"`, "字段 party_age：本接口不接受此字段"}},
		{name: "create person with a wrong type", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"officer": "是"}), status: 400,
			want: []string{`"field":"officer"`, "字段 officer：类型不正确，应为布尔值（true 或 false）"}},
		{name: "create person with an invalid date", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"birth_date": "2018-02-30"}), status: 400,
			want: []string{`"field":"birth_date"`, "字段 birth_date：日期格式不正确"}},
		{name: "create person with every bad member named", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"birth_date": "2018-02-30", "applied_on": "去年", "org_id": "B1", "age": 30}), status: 400,
			want: []string{"字段 birth_date：日期格式不正确", "字段 applied_on：日期格式不正确", "字段 org_id：类型不正确，应为整数",
				"字段 age：本接口不接受此字段"}},
		{name: "create person with dates out of order", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"activist_on": "2014-03-01"}), status: 400,
			want: []string{`"field":"activist_on"`, "不能早于入党申请日期"}},
		{name: "create person in a group of another branch", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"org_id": json.RawMessage("{B2}")}), status: 400,
			want: []string{`"field":"group_id"`, "不是第二党支部的党小组"}},
		{name: "create person in an unknown org", method: "POST", path: "/api/v1/people",
			body: personBody(map[string]any{"org_id": 99999, "group_id": nil}), status: 400,
			want: []string{`"field":"org_id"`, "所属组织：不存在"}},
		{name: "create person with malformed JSON", method: "POST", path: "/api/v1/people",
			body: `{"name":"赵敏",}`, status: 400, want: []string{"请求体不是有效的 JSON"}},
		{name: "create person with the wrong content type", method: "POST", path: "/api/v1/people",
			body: personBody(nil), ctype: "text/plain", status: 415},

		// People: update.
		{name: "update person", method: "PUT", path: "/api/v1/people/{P2}",
			body: `{"name":"王芳","gender":"女","ethnicity":"回族","birth_date":"1992-08-20","id_number":"` +
				zhibu.MakeIDNumber("650102", d(1992, 8, 20), 104) + `","phone":"0991-1234567","status":"candidate",` +
				`"applied_on":"2014-05-01","activist_on":"2015-05-01","candidate_on":"2016-05-01","org_id":{B1}}`,
			status: 200, want: []string{`"name":"王芳"`, `"phone":"********4567"`, `"status":"candidate"`, `"candidate_on":"2016-05-01"`},
			check: func(t *testing.T, s *store.Store, fx fixture, _ *httptest.ResponseRecorder) {
				ch, err := s.Changes(sys, fx.wang.ID)
				if err != nil || len(ch) != 1 || !strings.Contains(ch[0].Summary, "政治面貌：入党积极分子 → 发展对象") {
					t.Errorf("changes = %+v, %v", ch, err)
				}
			}},
		{name: "update person with a future birth date", method: "PUT", path: "/api/v1/people/{P1}",
			body: personBody(map[string]any{"birth_date": "2999-01-01"}), status: 400, want: []string{`"field":"birth_date"`}},
		{name: "update person with an invalid date", method: "PUT", path: "/api/v1/people/{P1}",
			body: personBody(map[string]any{"birth_date": "2018-02-30"}), status: 400,
			want: []string{"字段 birth_date：日期格式不正确"}},
		{name: "update unknown person", method: "PUT", path: "/api/v1/people/99999", body: personBody(nil), status: 404,
			want: []string{"未找到该人员"}},

		// People: move.
		{name: "move person to another group", method: "POST", path: "/api/v1/people/{P1}/move",
			body: `{"org_id":{B1},"group_id":{G2},"on":"{today}","reason":"调整党小组"}`, status: 200,
			want: []string{`"group_id":{G2},"group_name":"第二党小组"`},
			check: func(t *testing.T, s *store.Store, fx fixture, _ *httptest.ResponseRecorder) {
				moves, err := s.Moves(sys, fx.li.ID)
				if err != nil || len(moves) != 2 || moves[0].Reason != "调整党小组" {
					t.Errorf("moves = %+v, %v", moves, err)
				}
			}},
		{name: "move person on a past date", method: "POST", path: "/api/v1/people/{P1}/move",
			body: `{"org_id":{B2},"on":"2026-01-05","reason":"工作调动"}`, status: 200,
			want: []string{`"org_id":{B2},"org_name":"第二党支部","joined_on":"2026-01-05"`}, unwant: []string{`"group_id"`}},
		{name: "move person before they joined", method: "POST", path: "/api/v1/people/{P1}/move",
			body: `{"org_id":{B2},"on":"2020-06-01"}`, status: 400,
			want: []string{`"field":"on"`, "调动日期：不能早于上次调动日期（2021-01-01）"}},
		{name: "move person to another branch", method: "POST", path: "/api/v1/people/{P2}/move",
			body: `{"org_id":{B2},"on":"{today}"}`, status: 200, want: []string{`"org_id":{B2},"org_name":"第二党支部"`}},
		{name: "move person in the future", method: "POST", path: "/api/v1/people/{P1}/move",
			body: `{"org_id":{B2},"on":"2999-01-01"}`, status: 400, want: []string{`"field":"on"`, "调动日期：不能晚于今天"}},
		{name: "move person on an invalid date", method: "POST", path: "/api/v1/people/{P1}/move",
			body: `{"org_id":{B2},"on":"2026-02-30"}`, status: 400, want: []string{`"field":"on"`, "字段 on：日期格式不正确"}},
		{name: "move person without a date", method: "POST", path: "/api/v1/people/{P1}/move",
			body: `{"org_id":{B2}}`, status: 400, want: []string{`"field":"on"`, "调动日期：不能为空"}},
		{name: "move person to where they are", method: "POST", path: "/api/v1/people/{P1}/move",
			body: `{"org_id":{B1},"group_id":{G1},"on":"{today}"}`, status: 400, want: []string{`"field":"org_id"`, "无需调动"}},
		{name: "move person into a group as org", method: "POST", path: "/api/v1/people/{P1}/move",
			body: `{"org_id":{G2},"on":"{today}"}`, status: 400, want: []string{`"field":"org_id"`}},
		{name: "move person with an unknown field", method: "POST", path: "/api/v1/people/{P1}/move",
			body: `{"org_id":{B2},"on":"{today}","date":"{today}"}`, status: 400, want: []string{`"field":"date"`}},
		{name: "move unknown person", method: "POST", path: "/api/v1/people/99999/move",
			body: `{"org_id":{B2},"on":"{today}"}`, status: 404},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, sc.run)
		})
	}
}

// A store failure is a 500 with "内部错误", and the real error goes to the log only.
func TestInternalError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		s.Close()
		var logs bytes.Buffer
		rec := serve(s, zhibu.System, &logs, httptest.NewRequest("GET", "/api/v1/orgs", nil))
		if rec.Code != 500 || rec.Body.String() != `{"error":{"code":"internal","message":"内部错误"}}`+"\n" {
			t.Errorf("got %d %s", rec.Code, rec.Body)
		}
		if !strings.Contains(logs.String(), "api: internal error") || !strings.Contains(logs.String(), "closed") {
			t.Errorf("log = %s", logs.String())
		}
	})
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		err    error
		status int
		code   string
	}{
		{zhibu.Problems{{Field: "name", Message: "姓名：不能为空"}}, 400, "invalid"},
		{fmt.Errorf("create person: %w", zhibu.Problems{{Field: "name"}}), 400, "invalid"},
		{zhibu.Errorf(zhibu.ErrInvalid, "输入有误"), 400, "invalid"},
		{zhibu.Errorf(zhibu.ErrNotFound, "未找到该组织"), 404, "not_found"},
		{fmt.Errorf("x: %w", zhibu.ErrConflict), 409, "conflict"},
		{zhibu.Errorf(zhibu.ErrForbidden, "无权"), 403, "forbidden"},
		{withStatus{415, invalid("x")}, 415, "invalid"},
		{withStatus{415, errors.New("not a kind")}, 500, "internal"},
		{errors.New("disk full"), 500, "internal"},
	}
	for _, tc := range tests {
		if status, code := statusOf(tc.err); status != tc.status || code != tc.code {
			t.Errorf("statusOf(%v) = %d %s, want %d %s", tc.err, status, code, tc.status, tc.code)
		}
	}
	// A bare kind still gets a Chinese message.
	var logs bytes.Buffer
	a := &api{log: slog.New(slog.NewTextHandler(&logs, nil))}
	rec := httptest.NewRecorder()
	a.serveError(rec, httptest.NewRequest("GET", "/", nil), fmt.Errorf("save: %w", zhibu.ErrConflict))
	if rec.Code != 409 || !strings.Contains(rec.Body.String(), `"message":"与现有记录冲突"`) || logs.Len() > 0 {
		t.Errorf("bare conflict: %d %s (log %q)", rec.Code, rec.Body, logs.String())
	}
}
