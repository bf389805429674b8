package server_test

// The outside test's attacks kept as tests: the redirect after login,
// oversized bodies on every route class, the cap on concurrent password
// hashes, and JSON keys that differ only in case. They run on SQLite and
// on PostgreSQL.

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/password"
	"zhibu/internal/server"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// target is the demo database behind the whole handler, with sessions of
// some demo roles and an account that logs in with a password.
type target struct {
	h       http.Handler
	s       *store.Store
	orgs    map[string]zhibu.Org
	cookies map[string]*http.Cookie
}

// targetPassword is the password of the account "weixian" (test only).
const targetPassword = "Attack-测试-2026"

func newTarget(t *testing.T, s *store.Store, opt server.Options) *target {
	t.Helper()
	if err := demo.Load(sys, s); err != nil {
		t.Fatal(err)
	}
	opt.Demo = true
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h, err := server.New(s, opt)
	if err != nil {
		t.Fatal(err)
	}
	st := &target{h: h, s: s, orgs: map[string]zhibu.Org{}, cookies: map[string]*http.Cookie{}}
	for _, code := range []string{"JDW", "ZB03", "ZB01"} {
		if st.orgs[code], err = s.OrgByCode(sys, code); err != nil {
			t.Fatal(err)
		}
	}
	accounts, err := s.DemoAccounts(sys)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{h: h}
	for _, a := range accounts {
		st.cookies[a.Login] = w.login(t, a.ID)
	}
	hash, err := password.Hash(targetPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAccount(sys, zhibu.Account{Login: "weixian", Name: "外部测试"}, hash); err != nil {
		t.Fatal(err)
	}
	return st
}

// do sends a request as a role ("" for no session) and returns the answer.
func (st *target) do(role string, req *http.Request) *httptest.ResponseRecorder {
	if c := st.cookies[role]; c != nil {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	st.h.ServeHTTP(rec, req)
	return rec
}

// TestLoginRedirectStaysLocal logs in with a next of each kind an attacker
// tries: only a plain local path may come back in Location. Browsers drop
// tabs and line breaks and read a backslash as a slash, so "/\t/evil"
// was "//evil", another target.
func TestLoginRedirectStaysLocal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		st := newTarget(t, s, server.Options{})
		bad := []string{
			"//evil.example", "///evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
			"/\r\n/evil.example", "/ /evil.example", "/\x00/evil.example", "/\x0b/evil.example", "/\x7f/evil.example",
			"/\u3000/evil.example", "/\u00a0/evil.example", "/\u2028/evil.example", "/.\\evil.example", "/x\\..\\\\evil.example",
			"https://evil.example/", "http:/evil.example", "evil.example", "\\\\evil.example", " /x", "javascript:alert(1)",
			"/login?next=//evil.example", "/login", "", strings.Repeat("/a", 2000),
		}
		good := []string{"/", "/orgs/3", "/people/42?tab=dues", "/search?q=%E5%BC%A0", "/orgs/3/meetings#m1"}
		for _, next := range append(bad, good...) {
			page := st.do("", httptest.NewRequest("GET", "/login?next="+url.QueryEscape(next), nil))
			if next != "" && strings.Contains(next, "evil.example") && strings.Contains(page.Body.String(), "evil.example") {
				t.Errorf("GET /login?next=%.60q: the page keeps the target", next)
			}
			form := url.Values{"login": {"weixian"}, "password": {targetPassword}, "next": {next}}
			req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := st.do("", req)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("login with next %.60q: %d %.200s", next, rec.Code, rec.Body)
			}
			want := "/"
			for _, g := range good {
				if g == next {
					want = next
				}
			}
			if loc := rec.Header().Get("Location"); loc != want {
				t.Errorf("login with next %.60q: Location %.60q, want %q", next, loc, want)
			}
		}
	})
}
