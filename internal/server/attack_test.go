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
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"zhibu"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/password"
	"zhibu/internal/server"
	"zhibu/internal/service"
	"zhibu/internal/store"
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
	opt.Demo = true
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h, err := server.New(s, service.New(s, service.Options{}), opt)
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
	demotest.Each(t, func(t *testing.T, s *store.Store) {
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

// repeat is an endless stream of one byte.
type repeat byte

func (b repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// bigMultipart is a multipart form of a field and a file of size bytes,
// streamed (never held in memory), and its content type.
func bigMultipart(field, value string, size int64) (io.Reader, string) {
	const b = "zhibuattackboundary"
	head := "--" + b + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value + "\r\n" +
		"--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\n" +
		"Content-Type: application/octet-stream\r\n\r\n"
	tail := "\r\n--" + b + "--\r\n"
	return io.MultiReader(strings.NewReader(head), io.LimitReader(repeat('x'), size), strings.NewReader(tail)),
		"multipart/form-data; boundary=" + b
}

// TestOversizedBodies posts bodies over each route class's limit — forms,
// JSON, multipart to routes whose policy reads the org from the form, and
// uploads — with and without a Content-Length. Each must be refused with
// 413 (or, multipart where no file is taken, 400/422), and no temporary
// file may stay behind: the access check parsed multipart bodies of any
// size into multipart-* files on a copy of the request, which nothing
// removed.
func TestOversizedBodies(t *testing.T) {
	demotest.Each(t, func(t *testing.T, s *store.Store) {
		st := newTarget(t, s, server.Options{})
		tmp := t.TempDir() // the temporary folder of the requests only
		t.Setenv("TMPDIR", tmp)
		zb03 := st.orgs["ZB03"].ID
		id := strconv.FormatInt(zb03, 10)
		meetings, err := s.Meetings(sys, store.MeetingFilter{OrgID: zb03})
		if err != nil || len(meetings) == 0 {
			t.Fatalf("no meeting of ZB03: %v", err)
		}
		mid := strconv.FormatInt(meetings[0].ID, 10)
		const mb = 1 << 20
		for _, c := range []struct {
			role, method, path string
			size               int64
			known              bool // send a Content-Length
			kind               string
			want               []int
		}{
			{"党员", "POST", "/people", 40 * mb, false, "multipart", []int{400, 413, 415, 422}},
			{"书记", "POST", "/people", 40 * mb, false, "multipart", []int{400, 413, 415, 422}},
			{"书记", "POST", "/orgs", 120 * mb, true, "multipart", []int{413}},
			{"书记", "POST", "/people/" + strconv.FormatInt(st.person(t, "周鹏"), 10) + "/move", 60 * mb, false, "multipart", []int{413, 422}},
			{"书记", "POST", "/api/v1/people", 40 * mb, false, "multipart", []int{400, 413, 415}},
			{"书记", "POST", "/people", 2 * mb, false, "form", []int{413}},
			{"书记", "POST", "/people", 2 * mb, true, "form", []int{413}},
			{"书记", "POST", "/orgs/" + id + "/terms", 2 * mb, false, "form", []int{413}},
			{"书记", "POST", "/api/v1/people", 2 * mb, false, "json", []int{413}},
			{"书记", "POST", "/api/v1/orgs/" + id + "/meetings", 2 * mb, true, "json", []int{413}},
			{"书记", "POST", "/orgs/" + id + "/import", 30 * mb, false, "multipart", []int{413}},
			{"书记", "POST", "/meetings/" + mid + "/attachments", 60 * mb, false, "multipart", []int{413}},
			{"书记", "POST", "/meetings/" + mid + "/attachments", 120 * mb, true, "multipart", []int{413}},
		} {
			var body io.Reader
			var ctype string
			switch c.kind {
			case "multipart":
				body, ctype = bigMultipart("org_id", id, c.size)
			case "form":
				body, ctype = io.MultiReader(strings.NewReader("org_id="+id+"&name="), io.LimitReader(repeat('x'), c.size)),
					"application/x-www-form-urlencoded"
			case "json":
				body, ctype = io.MultiReader(strings.NewReader(`{"org_id":`+id+`,"name":"`), io.LimitReader(repeat('x'), c.size),
					strings.NewReader(`"}`)), "application/json"
			}
			req := httptest.NewRequest(c.method, c.path, body)
			req.Header.Set("Content-Type", ctype)
			req.ContentLength = -1
			if c.known {
				req.ContentLength = c.size + 200
			}
			rec := st.do(c.role, req)
			if c.kind == "multipart" && rec.Code < 400 {
				t.Errorf("%s %s: %d", c.path, c.kind, rec.Code)
			}
			if !slices.Contains(c.want, rec.Code) {
				t.Errorf("%s %s %s of %d MiB as %s: %d, want one of %v (%.200s)", c.method, c.path, c.kind, c.size/mb, c.role, rec.Code, c.want, rec.Body)
			}
			left, _ := filepath.Glob(filepath.Join(tmp, "*"))
			if len(left) > 0 {
				t.Errorf("%s %s %s of %d MiB as %s left %d temporary files: %v", c.method, c.path, c.kind, c.size/mb, c.role, len(left), left)
				for _, f := range left {
					os.Remove(f)
				}
			}
		}
	})
}

// person is the id of a demo person of ZB03 by name.
func (st *target) person(t *testing.T, name string) int64 {
	t.Helper()
	people, err := st.s.People(sys, st.orgs["ZB03"].ID, zhibu.PersonFilter{Query: name})
	if err != nil || len(people) == 0 {
		t.Fatalf("no %s: %v", name, err)
	}
	return people[0].ID
}

// TestLoginFlood sends 48 logins for unknown accounts at once: each is
// refused as a wrong login (422) or, beyond the cap on concurrent password
// hashes, told in Chinese to retry (503 with Retry-After). The memory the
// cap saves is measured in auth's TestConcurrentHashesBounded.
func TestLoginFlood(t *testing.T) {
	st := newTarget(t, demotest.SQLite(t), server.Options{})
	const logins = 48
	recs := make([]*httptest.ResponseRecorder, logins)
	var wg sync.WaitGroup
	for i := range logins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"login": {"nobody" + strconv.Itoa(i)}, "password": {"wrong-guess"}}
			req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			recs[i] = st.do("", req)
		}()
	}
	wg.Wait()
	busy := 0
	for i, rec := range recs {
		switch rec.Code {
		case http.StatusUnprocessableEntity:
		case http.StatusServiceUnavailable:
			busy++
			if rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "请稍等几秒后再试") {
				t.Errorf("login %d: 503 without Retry-After or the Chinese notice", i)
			}
		default:
			t.Errorf("login %d: %d", i, rec.Code)
		}
	}
	t.Logf("%d logins at once: %d told to retry", logins, busy)
}
