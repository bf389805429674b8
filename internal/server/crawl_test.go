package server_test

import (
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"zhibu/internal/demo/demotest"
	"zhibu/internal/server"
	"zhibu/internal/service"
)

// crawlLimit bounds the pages one role's crawl opens; perShape bounds the
// links of one shape (the path with its numbers taken out and the names of
// its query: /people/#/dues?year), so the crawl opens a sample of the
// people, meetings and years, each page kind many times over.
const (
	crawlLimit = 2000
	perShape   = 6
)

var (
	hrefRe  = regexp.MustCompile(`\shref="([^"]*)"`)
	idRe    = regexp.MustCompile(`<[a-zA-Z][^>]*?\sid="([^"]*)"`)
	digits  = regexp.MustCompile(`[0-9]+`)
	brandRe = regexp.MustCompile(`<a class="brand" href="([^"]*)"`)
)

// TestCrawlEveryRole logs in as each demo account and follows every
// same-origin GET link the pages show it, from its home page: no link may
// answer 403, 404 or 500 (a link shown is a link the person may use), no
// page may carry two elements with one id, and home itself is a page the
// person may use.
func TestCrawlEveryRole(t *testing.T) {
	s := demotest.SQLite(t)
	h, err := server.New(s, service.New(s, service.Options{}), server.Options{Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := s.DemoAccounts(sys)
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) != len(homes) {
		t.Fatalf("the demo offers %d accounts, want %d", len(accounts), len(homes))
	}
	w := &world{h: h}
	for _, a := range accounts {
		t.Run(a.Login, func(t *testing.T) {
			c := &crawler{t: t, h: h, cookie: w.login(t, a.ID), seen: map[string]string{}, shapes: map[string]int{}}
			home := c.crawl()
			want := homes[a.Login]
			if want == "self" {
				want = "/people/" + strconv.FormatInt(a.PersonID, 10)
			}
			if home != want {
				t.Errorf("%s starts at %s, want %s", a.Login, home, want)
			}
			if len(c.bad) > 0 {
				sort.Strings(c.bad)
				t.Errorf("%d problems:\n%s", len(c.bad), strings.Join(c.bad, "\n"))
			}
			t.Logf("%s: %d pages", a.Login, len(c.seen))
		})
	}
}

// homes are where each demo role starts (GET / and the logo): the
// branch's officers and group leader at their duties, the superior at its
// matrix, each administrator at their own page, a member at their own
// record ("self").
var homes = map[string]string{
	"书记": "/duties", "组织委员": "/duties", "纪检宣传委员": "/duties", "保密委员": "/duties", "党小组组长": "/duties", "党员": "self",
	"局党委委员": "/matrix", "政治部": "/matrix", "系统管理员": "/admin/accounts", "安全管理员": "/admin/security", "审计管理员": "/admin/audit",
}

type crawler struct {
	t      *testing.T
	h      http.Handler
	cookie *http.Cookie
	seen   map[string]string // URL → the page that first linked it
	shapes map[string]int    // shape → distinct URLs queued
	queue  []string
	bad    []string
}

// crawl follows the links from the role's home, which it returns.
func (c *crawler) crawl() string {
	home := c.get("/")
	if home.Code != http.StatusFound && home.Code != http.StatusSeeOther {
		c.t.Fatalf("GET /: %d, want a redirect to the role's home", home.Code)
	}
	start := home.Header().Get("Location")
	c.add(start, "GET /")
	for len(c.queue) > 0 && len(c.seen) <= crawlLimit {
		u := c.queue[0]
		c.queue = c.queue[1:]
		c.visit(u)
	}
	page := c.get(start)
	for i := 0; i < 3 && (page.Code == http.StatusFound || page.Code == http.StatusSeeOther); i++ {
		page = c.get(page.Header().Get("Location")) // /matrix: the committee's own
	}
	if brand := brandRe.FindStringSubmatch(page.Body.String()); brand == nil || brand[1] != start {
		c.t.Errorf("the logo on %s does not lead home (%s): %v", start, start, brand)
	}
	return start
}

// add queues a link found on page from, once.
func (c *crawler) add(link, from string) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
		return // another origin, mailto:, or a fragment of the page itself
	}
	if strings.HasPrefix(u.Path, "/static/") || strings.HasPrefix(u.Path, "/ical/") {
		return
	}
	u.Fragment = ""
	key := u.String()
	if _, ok := c.seen[key]; ok {
		return
	}
	shape := digits.ReplaceAllString(u.Path, "#")
	var keys []string
	for k := range u.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	shape += "?" + strings.Join(keys, "&")
	if c.shapes[shape] >= perShape {
		return
	}
	c.shapes[shape]++
	c.seen[key] = from
	c.queue = append(c.queue, key)
}

func (c *crawler) get(u string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", u, nil)
	req.AddCookie(c.cookie)
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	return rec
}

func (c *crawler) visit(u string) {
	rec := c.get(u)
	switch {
	case rec.Code == http.StatusFound || rec.Code == http.StatusSeeOther:
		c.add(rec.Header().Get("Location"), u)
		return
	case rec.Code != http.StatusOK:
		c.bad = append(c.bad, strconv.Itoa(rec.Code)+" "+u+" (linked from "+c.seen[u]+")")
		return
	}
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		return // a download
	}
	body := rec.Body.String()
	ids := map[string]int{}
	for _, m := range idRe.FindAllStringSubmatch(body, -1) {
		if ids[m[1]] == 1 {
			c.bad = append(c.bad, "duplicate id "+strconv.Quote(m[1])+" on "+u)
		}
		ids[m[1]]++
	}
	for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
		link := html.UnescapeString(m[1])
		if strings.HasPrefix(link, "?") {
			p, _, _ := strings.Cut(u, "?")
			link = p + link
		}
		c.add(link, u)
	}
}
