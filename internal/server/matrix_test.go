package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/api"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/password"
	"zhibu/internal/server"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/web"
)

var sys = zhibu.WithActor(context.Background(), zhibu.System)

// grantSpec is one right of a demo role as the issue states it: a
// permission on the subtree of an org (by code), or system-wide ("").
type grantSpec struct {
	perm  zhibu.Perm
	under string
}

// spec is what each demo account may do, written from the words
// rather than from zhibu.Rights, so that the matrix checks the whole stack
// against the requirement.
var spec = map[string][]grantSpec{
	"书记": {{zhibu.PermOrgRead, "ZB03"}, {zhibu.PermOrgManage, "ZB03"}, {zhibu.PermPeopleWrite, "ZB03"}, {zhibu.PermSensitive, "ZB03"},
		{zhibu.PermMeetingWrite, "ZB03"}, {zhibu.PermRulesEdit, "ZB03"}, {zhibu.PermDuesWrite, "ZB03"}, {zhibu.PermDevelop, "ZB03"},
		{zhibu.PermActivityWrite, "ZB03"}, {zhibu.PermBulletinApprove, "ZB03"}, // activities stream
		{zhibu.PermReviewWrite, "ZB03"}}, // review stream: the report and the branch's votes
	"组织委员": {{zhibu.PermOrgRead, "ZB03"}, {zhibu.PermOrgManage, "ZB03"}, {zhibu.PermPeopleWrite, "ZB03"}, {zhibu.PermSensitive, "ZB03"},
		{zhibu.PermMeetingWrite, "ZB03"}, {zhibu.PermDuesWrite, "ZB03"}, {zhibu.PermDevelop, "ZB03"},
		{zhibu.PermActivityWrite, "ZB03"}, // activities stream
		{zhibu.PermReviewWrite, "ZB03"}},  // review stream
	"纪检宣传委员": {{zhibu.PermOrgRead, "ZB03"}, {zhibu.PermAuditRead, "ZB03"}, {zhibu.PermActivityWrite, "ZB03"}, {zhibu.PermBulletinReview, "ZB03"}}, // activities stream
	"党小组组长":  {{zhibu.PermOrgRead, "ZB03-1"}, {zhibu.PermMeetingWrite, "ZB03-1"}, {zhibu.PermDuesWrite, "ZB03-1"}},
	"党员":     {},
	"局党委委员":  {{zhibu.PermOrgRead, "JDW"}, {zhibu.PermFilingReview, "JDW"}},
	"政治部": {{zhibu.PermOrgRead, "JDW"}, {zhibu.PermFilingReview, "JDW"},
		{zhibu.PermOrgManage, "JDW"}, {zhibu.PermPeopleWrite, "JDW"}}, // issue 12: sets its branches up
	"系统管理员": {{zhibu.PermAccounts, ""}, {zhibu.PermPeopleLookup, ""}, {zhibu.PermOrgFound, ""}},
	"安全管理员": {{zhibu.PermSecurity, ""}},
	"审计管理员": {{zhibu.PermAuditRead, ""}},
}

// world is the demo database seen from the matrix: the orgs and people
// that stand in each relation to the roles.
type world struct {
	h      http.Handler
	orgs   map[string]zhibu.Org // by code: JDW (parent), ZB03 (own), ZB03-1 (child), ZB01 (other)
	people []zhibu.Person       // 周鹏 (ZB03, group 1), 李春生 (ZB03, group 2), one of ZB01, 杨建国 (JDW)
	self   map[string]int64     // the person of each demo account
	// the path of the branch of each demo account's person ("" for none)
	branchOf map[string]string
	cookies  map[string]*http.Cookie
	target   int64 // an account for the administrators' routes
	tokenID  int64
	feedID   int64           // a calendar feed of the target account: no role's to revoke
	groupOf  map[int64]int64 // an org's first group, for /groups/{gid}
	// a transfer with an end in an org's subtree, for {tid}, and an
	// extension request of the org, for {eid} (from the demo; none: no cell)
	transferOf, extensionOf map[int64]int64
	// meetings held by ZB03, its group ZB03-1 and ZB01, for /meetings/{id}
	meetings []zhibu.Meeting
	// two attachments of each meeting (by meeting id), for {aid}: one to
	// read, one for the deletion route (the first allowed role deletes it,
	// the others find it gone)
	attachment, doomed map[int64]int64
	acts               activityObjects // activities stream: {vid}, {fid}, {bid}
}

func newWorld(t *testing.T, s *store.Store) *world {
	t.Helper()
	h, err := server.New(s, service.New(s, service.Options{}), server.Options{Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{h: h, orgs: map[string]zhibu.Org{}, self: map[string]int64{}, branchOf: map[string]string{}, cookies: map[string]*http.Cookie{}, groupOf: map[int64]int64{},
		transferOf: map[int64]int64{}, extensionOf: map[int64]int64{}}
	for _, code := range []string{"JDW", "ZB03", "ZB03-1", "ZB01"} {
		o, err := s.OrgByCode(sys, code)
		if err != nil {
			t.Fatal(err)
		}
		w.orgs[code] = o
		if ts, _ := s.Transfers(sys, o.ID); len(ts) > 0 {
			w.transferOf[o.ID] = ts[0].ID
		}
		if es, _ := s.Extensions(sys, o.ID); len(es) > 0 {
			w.extensionOf[o.ID] = es[0].ID
		}
		if groups, _ := s.Groups(sys, o.ID); len(groups) > 0 {
			w.groupOf[o.ID] = groups[0].ID
		} else {
			w.groupOf[o.ID] = o.ID
		}
	}
	find := func(org, name string) zhibu.Person {
		people, err := s.People(sys, w.orgs[org].ID, zhibu.PersonFilter{Query: name})
		if err != nil || len(people) == 0 {
			t.Fatalf("no %q in %s: %v", name, org, err)
		}
		return people[0]
	}
	w.people = []zhibu.Person{find("ZB03", "周鹏"), find("ZB03", "李春生"), find("ZB01", ""), find("JDW", "杨建国")}
	accounts, err := s.DemoAccounts(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		w.self[a.Login] = a.PersonID
		if a.PersonID != 0 {
			if p, err := s.Person(sys, a.PersonID); err == nil {
				if b, err := s.Org(sys, p.OrgID); err == nil {
					w.branchOf[a.Login] = b.Path
				}
			}
		}
		w.cookies[a.Login] = w.login(t, a.ID)
	}
	hash, _ := password.Hash("Matrix-目标-2026")
	target, err := s.CreateAccount(sys, zhibu.Account{Login: "matrix-target", Name: "目标"}, hash)
	if err != nil {
		t.Fatal(err)
	}
	w.target = target.ID
	tok, err := s.CreateToken(sys, target.ID, "矩阵", "hash-of-a-token")
	if err != nil {
		t.Fatal(err)
	}
	w.tokenID = tok.ID
	// The store makes a feed for the acting account (here as if it were
	// linked to a person).
	feed, err := s.CreateFeed(zhibu.WithActor(sys, zhibu.Actor{AccountID: target.ID, PersonID: w.people[0].ID, Name: "目标"}), 0, strings.Repeat("0", 64))
	if err != nil {
		t.Fatal(err)
	}
	w.feedID = feed.ID
	held := time.Now().AddDate(0, -1, 0)
	for _, m := range []zhibu.Meeting{
		{OrgID: w.orgs["ZB03"].ID, Type: zhibu.MeetCommittee},
		{OrgID: w.orgs["ZB03-1"].ID, Type: zhibu.MeetGroup},
		{OrgID: w.orgs["ZB01"].ID, Type: zhibu.MeetAssembly},
	} {
		m.Status, m.StartsAt, m.Topics = zhibu.MeetingHeld, held, []string{"矩阵"}
		saved, err := s.SaveMeeting(sys, m, nil)
		if err != nil {
			t.Fatal(err)
		}
		w.meetings = append(w.meetings, saved)
	}
	w.attachment, w.doomed = map[int64]int64{}, map[int64]int64{}
	pic := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)
	for _, m := range w.meetings {
		added, err := s.AddAttachments(sys, m.ID, []store.NewAttachment{{Filename: "矩阵.png", Data: pic}, {Filename: "删除.png", Data: pic}})
		if err != nil {
			t.Fatal(err)
		}
		w.attachment[m.ID], w.doomed[m.ID] = added[0].ID, added[1].ID
	}
	w.addActivityObjects(t, s) // activities stream
	return w
}

// codeOf is the code of one of the world's orgs.
func (w *world) codeOf(id int64) string {
	for code, o := range w.orgs {
		if o.ID == id {
			return code
		}
	}
	return ""
}

func (w *world) login(t testing.TB, accountID int64) *http.Cookie {
	t.Helper()
	req := httptest.NewRequest("POST", "/login/demo", strings.NewReader("account_id="+strconv.FormatInt(accountID, 10)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "zhibu_session" && c.Value != "" {
			return c
		}
	}
	t.Fatalf("demo login %d: %d, no session cookie", accountID, rec.Code)
	return nil
}

// holds is the spec's answer: may role do perm on the org at path?
func (w *world) holds(role string, perm zhibu.Perm, path string) bool {
	for _, g := range spec[role] {
		if g.perm != perm {
			continue
		}
		if g.under == "" || (path != "" && strings.HasPrefix(path, w.orgs[g.under].Path)) {
			return true
		}
	}
	return false
}

// ownBranch reports whether the org at path is in the branch of the
// role's own person (the branch or one of its groups): issue 12 wants a
// refusal there to say 无权访问 (403), since a member knows of the
// branch's meetings and members, and 未找到 (404) only where the person
// must not learn what exists (another branch, the committee above).
func (w *world) ownBranch(role, path string) bool {
	b := w.branchOf[role]
	return b != "" && strings.HasPrefix(path, b)
}

func (w *world) holdsAnywhere(role string, perm zhibu.Perm) bool {
	for _, g := range spec[role] {
		if g.perm == perm {
			return true
		}
	}
	return false
}

// cell is one request of the matrix and the status class the spec expects.
type cell struct {
	role, route, target string
	req                 *http.Request
	allowed             bool
	denyStatus          int // 403 or 404 when not allowed
}

// expect decides a cell from the spec: every need of the route's policy
// must hold; the first that fails gives 404 when its object is outside
// what the role may read, else 403.
func (w *world) expect(role string, p access.Policy, org *zhibu.Org, person *zhibu.Person, formOrg *zhibu.Org) (bool, int) {
	for _, n := range p.Needs {
		switch n.On {
		case access.Anywhere:
			if !w.holdsAnywhere(role, n.Perm) {
				return false, http.StatusForbidden
			}
		case access.PathOrg, access.PathMeeting: // org: the org holding the meeting
			if !w.holds(role, n.Perm, org.Path) {
				if !w.holds(role, zhibu.PermOrgRead, org.Path) && !w.ownBranch(role, org.Path) {
					return false, http.StatusNotFound
				}
				return false, http.StatusForbidden
			}
		case access.PathPerson:
			self := person.ID == w.self[role]
			if !(n.Self && self) && !w.holds(role, n.Perm, person.OrgPath) {
				if !self && !w.holds(role, zhibu.PermOrgRead, person.OrgPath) && !w.ownBranch(role, person.OrgPath) {
					return false, http.StatusNotFound
				}
				return false, http.StatusForbidden
			}
		case access.FormOrg:
			if formOrg != nil && !w.holds(role, n.Perm, formOrg.Path) {
				return false, http.StatusForbidden
			}
		}
	}
	return true, 0
}

// cells builds every request of the matrix: role × route × target.
func (w *world) cells(t *testing.T) []cell {
	var out []cell
	routes := append(web.Routes(), api.Routes()...)
	for role := range spec {
		for _, rt := range routes {
			if rt.Policy.Public || rt.Pattern == "POST /logout" {
				continue
			}
			method, path, _ := strings.Cut(rt.Pattern, " ")
			isAPI := strings.HasPrefix(path, "/api/")
			formField := ""
			for _, n := range rt.Policy.Needs {
				if n.On == access.FormOrg {
					formField = n.Param
				}
			}
			add := func(target, p string, org *zhibu.Org, person *zhibu.Person, formOrg *zhibu.Org) {
				body, query := "", ""
				if formOrg != nil {
					id := strconv.FormatInt(formOrg.ID, 10)
					switch {
					case method == "GET":
						query = "?" + formField + "=" + id
					case isAPI:
						body = `{"` + formField + `":` + id + `}`
					default:
						body = formField + "=" + id
					}
				}
				var rdr io.Reader
				if method != "GET" {
					rdr = strings.NewReader(body)
				}
				req := httptest.NewRequest(method, p+query, rdr)
				if method != "GET" {
					if isAPI {
						req.Header.Set("Content-Type", "application/json")
					} else {
						req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					}
				}
				req.AddCookie(w.cookies[role])
				ok, deny := w.expect(role, rt.Policy, org, person, formOrg)
				out = append(out, cell{role, rt.Pattern, target, req, ok, deny})
			}
			switch {
			case strings.Contains(path, "/orgs/{id}"):
				for code, o := range w.orgs {
					o := o
					p := strings.Replace(path, "{id}", strconv.FormatInt(o.ID, 10), 1)
					p = strings.Replace(p, "{gid}", strconv.FormatInt(w.groupOf[o.ID], 10), 1)
					if (strings.Contains(p, "{tid}") && w.transferOf[o.ID] == 0) || (strings.Contains(p, "{eid}") && w.extensionOf[o.ID] == 0) {
						continue // the org has no such object to act on
					}
					p = strings.Replace(p, "{tid}", strconv.FormatInt(w.transferOf[o.ID], 10), 1)
					p = strings.Replace(p, "{eid}", strconv.FormatInt(w.extensionOf[o.ID], 10), 1)
					p, ok := w.activityPath(o.ID, p) // activities stream
					if !ok {
						continue
					}
					var form *zhibu.Org
					if formField != "" {
						own := w.orgs["ZB03"]
						form = &own
					}
					add(code, p, &o, nil, form)
				}
			case strings.Contains(path, "/people/{id}"):
				for _, person := range w.people {
					person := person
					var form *zhibu.Org
					if formField != "" {
						own := w.orgs["ZB03"]
						form = &own
					}
					add(person.Name, strings.Replace(path, "{id}", strconv.FormatInt(person.ID, 10), 1), nil, &person, form)
				}
			case strings.Contains(path, "/meetings/{id}"):
				for _, m := range w.meetings {
					o := w.orgs[w.codeOf(m.OrgID)]
					p := strings.Replace(path, "{id}", strconv.FormatInt(m.ID, 10), 1)
					aid := w.attachment[m.ID]
					if strings.HasSuffix(path, "/delete") {
						aid = w.doomed[m.ID]
					}
					p = strings.Replace(p, "{aid}", strconv.FormatInt(aid, 10), 1)
					add("meeting of "+o.Code, p, &o, nil, nil)
				}
			case strings.Contains(path, "/admin/accounts/{id}"):
				add("account", strings.Replace(path, "{id}", strconv.FormatInt(w.target, 10), 1), nil, nil, nil)
			case strings.Contains(path, "/admin/tokens/{id}"):
				add("token", strings.Replace(path, "{id}", strconv.FormatInt(w.tokenID, 10), 1), nil, nil, nil)
			case strings.Contains(path, "/account/feeds/{id}"):
				add("another account's feed", strings.Replace(path, "{id}", strconv.FormatInt(w.feedID, 10), 1), nil, nil, nil)
			case formField != "":
				for code, o := range w.orgs {
					o := o
					add(code, path, nil, nil, &o)
				}
			case strings.Contains(strings.TrimSuffix(path, "{$}"), "{"):
				t.Fatalf("route %s: the matrix does not know its object", rt.Pattern)
			default:
				add("", strings.TrimSuffix(path, "{$}"), nil, nil, nil)
			}
		}
	}
	return out
}

// mayAnswer404 are routes whose handler answers 404 for an allowed
// request with an empty body (no such upload, token already revoked, no
// group under a group).
var mayAnswer404 = map[string]bool{
	"POST /orgs/{id}/import/confirm":      true,
	"POST /admin/tokens/{id}/revoke":      true,
	"POST /account/feeds/{id}/revoke":     true, // the target account's feed: every role's answer is 404
	"GET /orgs/{id}/groups/{gid}/leader":  true,
	"POST /orgs/{id}/groups/{gid}/leader": true,
	// the first allowed role deletes the attachment: the others find it gone
	"POST /meetings/{id}/attachments/{aid}/delete": true,
	// likewise an activity's second photo (activities stream)
	"POST /orgs/{id}/activities/{vid}/photos/{fid}/delete":   true,
	"DELETE /api/v1/orgs/{id}/activities/{vid}/photos/{fid}": true,
}

// TestAuthorizationMatrix walks every route of the UI and the API as every
// demo role against objects in every relation to it (own record, same
// group, same branch, other branch, the committee above, a group below)
// and checks each cell against the spec.
func TestAuthorizationMatrix(t *testing.T) {
	demotest.Each(t, func(t *testing.T, s *store.Store) {
		t.Parallel() // the engines' databases are separate; PostgreSQL's half waits on its server
		w := newWorld(t, s)
		cells := w.cells(t)
		allowed := 0
		for _, c := range cells {
			rec := httptest.NewRecorder()
			w.h.ServeHTTP(rec, c.req)
			loc := rec.Header().Get("Location")
			toLogin := strings.HasPrefix(loc, "/login")
			name := fmt.Sprintf("%s %s on %s", c.role, c.route, c.target)
			switch {
			case toLogin || rec.Code == http.StatusUnauthorized:
				t.Errorf("%s: sent to login (%d %s): the session was lost", name, rec.Code, loc)
			case c.allowed:
				allowed++
				// A branch's page answers 404 for a group: that is the
				// handler saying "not a branch", after access allowed it.
				notBranch := c.target == "ZB03-1" && c.route != "GET /orgs/{id}"
				// So does it for the committee, to the political
				// department that may set the committee's subtree up
				// (issue 12).
				notBranch = notBranch || c.target == "JDW" && strings.Contains(rec.Body.String(), "不是党支部")
				if rec.Code == http.StatusForbidden || (rec.Code == http.StatusNotFound && !mayAnswer404[c.route] && !notBranch) || rec.Code >= 500 {
					t.Errorf("%s: %d, want allowed", name, rec.Code)
				}
			case rec.Code != c.denyStatus:
				t.Errorf("%s: %d, want %d", name, rec.Code, c.denyStatus)
			}
		}
		if len(cells) < 1000 || allowed == 0 || allowed == len(cells) {
			t.Errorf("matrix of %d cells with %d allowed: too small or one-sided", len(cells), allowed)
		}
		t.Logf("authorization matrix: %d cells, %d allowed, %d denied", len(cells), allowed, len(cells)-allowed)
	})
}

// Every route declares a policy, and only the login page is public; a
// visitor who is not logged in reaches nothing else.
func TestEveryRouteHasPolicy(t *testing.T) {
	public := map[string]bool{"GET /login": true, "POST /login": true, "POST /login/demo": true,
		"GET /ical/{file}": true, // token-authenticated: the calendar feed's token in the path stands for its account
	}
	s := demotest.SQLite(t)
	w := newWorld(t, s)
	for _, rt := range append(web.Routes(), api.Routes()...) {
		if rt.Policy.Public != public[rt.Pattern] {
			t.Errorf("%s: public = %v", rt.Pattern, rt.Policy.Public)
		}
		if rt.Policy.Public {
			continue
		}
		method, path, _ := strings.Cut(rt.Pattern, " ")
		path = strings.NewReplacer("{id}", "1", "{gid}", "1", "{aid}", "1", "{tid}", "1", "{eid}", "1", "{vid}", "1", "{fid}", "1", "{bid}", "1", "{$}", "").Replace(path)
		req := httptest.NewRequest(method, path, nil)
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		if strings.HasPrefix(path, "/api/") {
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%s without login: %d, want 401", rt.Pattern, rec.Code)
			}
		} else if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("%s without login: %d to %q, want the login page", rt.Pattern, rec.Code, loc)
		}
	}
	_ = url.QueryEscape
}
