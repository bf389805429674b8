package server_test

// Browser tests: real Chromium (through chromedp) against the whole
// server — middleware, real demo login, the route policies, the UI —
// on a fresh SQLite database with the demo loaded.
//
//	go test ./internal/server/ -run Browser -v
//
// Without a browser they skip; with CI set they fail instead.

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/server"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// EnvChrome names the browser the browser tests drive; without it they
// look for Chromium or Chrome in the usual places.
const EnvChrome = "ZHIBU_CHROME"

// chrome is the one headless Chromium that all tests of the package share;
// each test works in a tab of its own browser context (its own cookies).
var chrome struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	skip   string
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if chrome.cancel != nil {
		chrome.cancel()
	}
	os.Exit(code)
}

// findChrome is the browser to run: $ZHIBU_CHROME, /usr/bin/chromium, or
// one on PATH; "" when there is none.
func findChrome() string {
	if p := os.Getenv(EnvChrome); p != "" {
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func startChrome() {
	path := findChrome()
	if path == "" {
		chrome.skip = "no Chromium found (" + EnvChrome + "=" + os.Getenv(EnvChrome) + "): set " + EnvChrome + " to a browser or install chromium"
		return
	}
	dir, err := os.MkdirTemp("", "zhibu-chrome-")
	if err != nil {
		chrome.err = err
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1366, 768),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	chrome.ctx = ctx
	chrome.cancel = func() {
		cancelCtx()
		cancelAlloc()
		os.RemoveAll(dir)
	}
	// The first run starts the browser, which lives as long as the context
	// it is given: that must not be one with a timeout.
	if err := chromedp.Do(ctx); err != nil {
		chrome.err = fmt.Errorf("start %s: %w", path, err)
	}
}

// tab is a browser tab of one test, on one zhibu server.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string // the zhibu server's URL
	site *site
}

// newTab opens a tab in a new browser context of the shared browser,
// starting the browser on first use. A missing browser skips the test, or
// fails it in CI.
func newTab(t *testing.T) *tab {
	t.Helper()
	return newTabWithin(t, 30*time.Second)
}

// newTabWithin is newTab for a test that may take up to d.
func newTabWithin(t *testing.T, d time.Duration) *tab {
	t.Helper()
	chrome.once.Do(startChrome)
	switch {
	case chrome.skip != "" && os.Getenv("CI") != "":
		t.Fatalf("%s (browser tests are required in CI)", chrome.skip)
	case chrome.skip != "":
		t.Skip(chrome.skip)
	case chrome.err != nil:
		t.Fatal(chrome.err)
	}
	ctx, cancel := chromedp.NewContext(chrome.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	t.Cleanup(cancelTimeout)
	return &tab{t: t, ctx: ctx}
}

// do runs actions and fails the test with what it was doing.
func (b *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open loads a page of zhibu (a path) or any URL, and returns the HTTP
// status of the document.
func (b *tab) open(path string) int64 {
	b.t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = b.base + path
	}
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(u))
	if err != nil {
		b.t.Fatalf("open %s: %v", u, err)
	}
	if resp == nil {
		return 0 // a navigation within the page (#fragment)
	}
	return resp.Status
}

// click clicks what sel selects (CSS, or an XPath as chromedp.Search), waits
// for the page it loads, and returns that page's HTTP status (the last one,
// after redirects).
func click[S chromedp.Selectable](b *tab, sel S) int64 {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(sel))
	if err != nil {
		b.t.Fatalf("click %v: %v", sel, err)
	}
	if resp == nil {
		return 0 // a navigation within the page (#fragment)
	}
	return resp.Status
}

// text is the visible text of the first element sel matches.
func (b *tab) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// has reports whether sel matches an element now, without waiting.
func (b *tab) has(sel string) bool {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
	if err != nil {
		b.t.Fatalf("count %s: %v", sel, err)
	}
	return n > 0
}

// want fails the test unless sel shows every one of texts.
func (b *tab) want(sel string, texts ...string) {
	b.t.Helper()
	got := b.text(sel)
	for _, s := range texts {
		if !strings.Contains(got, s) {
			b.t.Fatalf("%s at %s does not show %q:\n%s", sel, b.location(), s, got)
		}
	}
}

// wantNot reports an error for each of texts that sel shows.
func (b *tab) wantNot(sel string, texts ...string) {
	b.t.Helper()
	got := b.text(sel)
	for _, s := range texts {
		if strings.Contains(got, s) {
			b.t.Errorf("%s at %s shows %q, which it should not:\n%s", sel, b.location(), s, got)
		}
	}
}

// waitText waits for the tab to show text at the URL u, after a navigation
// the page started by itself.
func (b *tab) waitText(u, text string) {
	b.t.Helper()
	var got, at string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var err error
		at, err = chromedp.Run(b.ctx, chromedp.Location())
		if err != nil || at != u {
			continue
		}
		if got, err = chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil && strings.Contains(got, text) {
			return
		}
	}
	b.t.Fatalf("waiting for %q at %s: the tab is at %s and shows:\n%s", text, u, at, got)
}

// location is the tab's URL without the server's address.
func (b *tab) location() string {
	b.t.Helper()
	u, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	return strings.TrimPrefix(u, b.base)
}

// login logs in with the one-click button of a demo account on the login
// page, as a person would, and returns the page it lands on. The header
// then shows the account's person (or the account's name).
func (b *tab) login(account string) string {
	b.t.Helper()
	b.open("/login")
	b.want("main", "演示模式：一键登录", account)
	if status := click(b, chromedp.Search(`//form[@action="/login/demo"]//button[normalize-space(text()[1])="`+account+`"]`)); status != http.StatusOK {
		b.t.Fatalf("login as %s: %d", account, status)
	}
	b.want("header .actor", b.site.shownAs(b.t, account))
	return b.location()
}

// logout presses the header's 退出 button, and checks that the session is
// over: /orgs then sends the browser to the login page.
func (b *tab) logout() {
	b.t.Helper()
	click(b, chromedp.CSS(`header form.logout button`))
	if loc := b.location(); !strings.HasPrefix(loc, "/login") {
		b.t.Fatalf("after 退出 the tab is at %s, want the login page", loc)
	}
	b.want("main", "已退出登录", "登录支部工作台")
	if b.has("header .actor") {
		b.t.Error("after 退出 the header still shows an account")
	}
	b.open("/orgs")
	if loc := b.location(); loc != "/login?next=%2Forgs" {
		b.t.Errorf("/orgs after 退出 is %s, want the login page", loc)
	}
	b.want("main h1", "登录支部工作台")
}

// openBranchFromTree clicks the branch in the org tree at /orgs.
func (b *tab) openBranchFromTree(name string) {
	b.t.Helper()
	b.want("main", name)
	click(b, chromedp.Search(`//ul[contains(@class,"tree")]//a[normalize-space(.)="`+name+`"]`))
	b.want("main h1", name)
}

func (b *tab) screenshot(file string, full bool) {
	b.t.Helper()
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(100)
	}
	buf, err := chromedp.Run(b.ctx, shot)
	if err == nil {
		err = os.WriteFile(file, buf, 0o644)
	}
	if err != nil {
		b.t.Errorf("screenshot %s: %v", file, err)
	}
}

// use points the tab at a zhibu server.
func (b *tab) use(st *site) { b.base, b.site = st.url, st }

// site is zhibu with the demo loaded on a fresh SQLite database, served
// over HTTP, with a log of the requests it answered.
type site struct {
	s    *store.Store
	url  string
	zb03 zhibu.Org // 第三党支部, the seed branch
	hits *hitLog
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := demotest.SQLite(t)
	h, err := server.New(s, service.New(s, service.Options{}), server.Options{Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	zb03, err := s.OrgByCode(sys, demo.BranchCode)
	if err != nil {
		t.Fatal(err)
	}
	hits := &hitLog{}
	ts := httptest.NewServer(hits.wrap(h))
	t.Cleanup(ts.Close)
	return &site{s: s, url: ts.URL, zb03: zb03, hits: hits}
}

// account is a demo account, by login.
func (st *site) account(t *testing.T, login string) zhibu.Account {
	t.Helper()
	accounts, err := st.s.DemoAccounts(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		if a.Login == login {
			return a
		}
	}
	t.Fatalf("no demo account %s", login)
	return zhibu.Account{}
}

// shownAs is how pages name the holder of a demo account: by their
// person's name, or the account's name when it has no person.
func (st *site) shownAs(t *testing.T, login string) string {
	t.Helper()
	a := st.account(t, login)
	if a.PersonID == 0 {
		return a.Name
	}
	p, err := st.s.Person(sys, a.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	return p.Name
}

// group is a party group of the seed branch, by name.
func (st *site) group(t *testing.T, name string) int64 {
	t.Helper()
	groups, err := st.s.Groups(sys, st.zb03.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		if g.Name == name {
			return g.ID
		}
	}
	t.Fatalf("no group %s in %s", name, st.zb03.Name)
	return 0
}

// person is someone of the seed branch, by exact name (with the full ID
// number, read as the system).
func (st *site) person(t *testing.T, name string) zhibu.Person {
	t.Helper()
	people, err := st.s.People(sys, st.zb03.ID, zhibu.PersonFilter{Query: name})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if p.Name == name {
			full, err := st.s.Person(sys, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			return full
		}
	}
	return zhibu.Person{}
}

func (st *site) counts(t *testing.T) zhibu.Counts {
	t.Helper()
	c, err := st.s.Counts(sys, st.zb03.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hit is a request the server answered.
type hit struct {
	method, path string
	status       int
	fetchSite    string // the browser's Sec-Fetch-Site
	origin       string
}

type hitLog struct {
	mu   sync.Mutex
	hits []hit
}

type hitWriter struct {
	http.ResponseWriter
	status int
}

func (w *hitWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *hitWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (l *hitLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hw := &hitWriter{ResponseWriter: w}
		next.ServeHTTP(hw, r)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.hits = append(l.hits, hit{r.Method, r.URL.Path, hw.status, r.Header.Get("Sec-Fetch-Site"), r.Header.Get("Origin")})
	})
}

// last is the last request with this method and path, waiting up to a few
// seconds for it to arrive.
func (l *hitLog) last(t *testing.T, method, path string) hit {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		l.mu.Lock()
		for i := len(l.hits) - 1; i >= 0; i-- {
			if h := l.hits[i]; h.method == method && h.path == path {
				l.mu.Unlock()
				return h
			}
		}
		l.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("the server saw no %s %s", method, path)
		}
	}
}

func (l *hitLog) count(method, path string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, h := range l.hits {
		if h.method == method && h.path == path {
			n++
		}
	}
	return n
}

func ids(id int64) string { return strconv.FormatInt(id, 10) }

func maskedID(id string) string { return id[:6] + "********" + id[14:] }

// TestBrowserRoster is the foundation issue's browser test through real
// login: the organization officer of 第三党支部 opens the branch, adds a
// person through the form, finds them in the roster, and imports a CSV
// roster through the page (upload, preview, confirm).
func TestBrowserRoster(t *testing.T) {
	b := newTab(t)
	st := newSite(t)
	b.use(st)
	branch := "/orgs/" + ids(st.zb03.ID)
	before := st.counts(t)

	b.do("desktop viewport", chromedp.EmulateViewport(1366, 768))
	if landed := b.login("组织委员"); landed != "/duties" {
		t.Fatalf("组织委员 lands on %s, want /duties", landed)
	}
	// From 我的职责 the officer opens the org tree from the menu.
	click(b, chromedp.Search(`//nav//a[normalize-space(.)="组织架构"]`))
	b.openBranchFromTree("第三党支部")
	if loc := b.location(); loc != branch {
		t.Fatalf("the tree's link leads to %s, want %s", loc, branch)
	}
	b.want("main", before.Sentence(), "支部委员会", "第一党小组", "花名册", "马文斌", "张志刚")
	b.screenshot("/tmp/zhibu-branch.png", false)

	// 新增人员: fill the form and save.
	click(b, chromedp.CSS(`#roster a.btn-primary[href^="/people/new"]`))
	b.want("main h1", "新增人员")
	birth := zhibu.MakeDate(1988, 8, 8)
	idNumber := zhibu.MakeIDNumber("650102", birth, 357) // odd: 男
	b.do("fill the person form",
		chromedp.SetValue(chromedp.ID("f-name"), "浏览器测试员"),
		chromedp.SetValue(chromedp.ID("f-id_number"), idNumber),
		chromedp.SetValue(chromedp.ID("f-gender"), "男"),
		chromedp.SetValue(chromedp.ID("f-birth_date"), birth.String()),
		chromedp.SetValue(chromedp.ID("f-ethnicity"), "哈萨克族"),
		chromedp.SetValue(chromedp.ID("f-education"), "大学本科"),
		chromedp.SetValue(chromedp.ID("f-unit"), "禁毒大队"),
		chromedp.SetValue(chromedp.ID("f-group_id"), ids(st.group(t, "第二党小组"))),
		chromedp.SetValue(chromedp.ID("f-status"), string(zhibu.Applicant)),
		chromedp.SetValue(chromedp.ID("f-applied_on"), "2020-05-04"),
	)
	if status := click(b, chromedp.CSS(`form.form button[type=submit]`)); status != http.StatusOK {
		t.Fatalf("saving the person: %d\n%s", status, b.text("main"))
	}
	b.want("main", "已新增人员：浏览器测试员", maskedID(idNumber), "哈萨克族", "第二党小组", "入党申请人")
	if added := st.person(t, "浏览器测试员"); added.IDNumber != idNumber || added.Gender != "男" || added.BirthDate != birth {
		t.Errorf("stored as %+v", added)
	}

	// Find them in the roster with the search box.
	b.open(branch)
	b.do("search", chromedp.SetValue(chromedp.ID("f-q"), "测试员"))
	click(b, chromedp.CSS(`form.filters button[type=submit]`))
	if roster := b.text("table.roster-table"); !strings.Contains(roster, "浏览器测试员") || strings.Contains(roster, "张志刚") {
		t.Fatalf("the search shows:\n%s", roster)
	}

	// 导入花名册: upload a CSV, see the preview, confirm.
	csv := filepath.Join(t.TempDir(), "花名册.csv")
	body := "姓名,性别,民族,出生日期,身份证号,政治面貌,党小组\n" +
		"韩梅梅,女,汉族,1993-02-03," + zhibu.MakeIDNumber("650102", zhibu.MakeDate(1993, 2, 3), 246) + ",群众,第一党小组\n" +
		"李雷,男,回族,1992/7/8," + zhibu.MakeIDNumber("650102", zhibu.MakeDate(1992, 7, 8), 135) + ",群众,\n"
	if err := os.WriteFile(csv, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	click(b, chromedp.CSS(`#roster a[href$="/import"]`))
	b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{csv}))
	if status := click(b, chromedp.CSS(`form[enctype="multipart/form-data"] button[type=submit]`)); status != http.StatusOK {
		t.Fatalf("upload: %d\n%s", status, b.text("main"))
	}
	b.want("main", "共读到2人", "韩梅梅", "李雷", "确认导入2人")
	if n := st.counts(t).People; n != before.People+1 {
		t.Errorf("the preview changed the roster: %d people, want %d", n, before.People+1)
	}
	click(b, chromedp.CSS(`form.confirm button[type=submit]`))
	if loc := b.location(); loc != branch+"#roster" {
		t.Errorf("after the import the tab is at %s, want the branch's roster", loc)
	}
	after := st.counts(t)
	b.want("main", "已导入2人", "韩梅梅", "李雷", after.Sentence())
	if after.People != before.People+3 || after.Masses != before.Masses+2 {
		t.Errorf("after the import: %+v, before: %+v", after, before)
	}

	// The phone view of the branch page.
	b.do("phone view", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)), chromedp.Navigate(st.url+branch))
	b.screenshot("/tmp/zhibu-phone.png", false)
}

// The person form shows the server's messages beside the fields, without
// script, and keeps what was typed.
func TestBrowserInvalidForm(t *testing.T) {
	b := newTab(t)
	st := newSite(t)
	b.use(st)
	b.login("组织委员")
	b.open("/people/new?org=" + ids(st.zb03.ID))
	b.do("fill the form", chromedp.SetValue(chromedp.ID("f-name"), "错误示例"), chromedp.SetValue(chromedp.ID("f-id_number"), "123"))
	if status := click(b, chromedp.CSS(`form.form button[type=submit]`)); status != http.StatusUnprocessableEntity {
		t.Errorf("an invalid form answers %d, want 422", status)
	}
	b.want(".problems", "身份证号：应为18位")
	b.want("#e-id_number", "应为18位")
	if v, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.ID("f-name"))); err != nil || v != "错误示例" {
		t.Errorf("the name typed is not kept: %q, %v", v, err)
	}
}

// TestBrowserRoles logs in as several demo roles, one after another in the
// same tab, and checks that each sees what their position allows and no
// more; between roles the header's 退出 ends the session.
func TestBrowserRoles(t *testing.T) {
	b := newTabWithin(t, 2*time.Minute) // five roles, each from its own home: a deadline for a hang, not a timing
	st := newSite(t)
	b.use(st)
	branch := "/orgs/" + ids(st.zb03.ID)
	nav := "nav.mainnav"

	// Not logged in: /orgs sends the visitor to the login page.
	b.open("/orgs")
	if loc := b.location(); !strings.HasPrefix(loc, "/login") {
		t.Fatalf("/orgs before login is %s, want the login page", loc)
	}

	// 书记 (张志刚): runs the branch.
	t.Run("书记", func(t *testing.T) {
		b.t = t
		if landed := b.login("书记"); landed != "/duties" {
			t.Errorf("书记 lands on %s, want /duties", landed)
		}
		b.want(nav, "组织架构")
		b.wantNot(nav, "账号管理", "审计日志")
		b.open("/orgs") // home is 我的职责; the tree is one click away
		b.openBranchFromTree("第三党支部")
		b.want("#roster .actions", "新增人员", "导入花名册")
		b.logout()
	})

	// 党员 (周鹏): their own record, and nothing of the branch.
	t.Run("党员", func(t *testing.T) {
		b.t = t
		zp := st.person(t, "周鹏")
		if zp.ID == 0 || len(zp.IDNumber) != 18 {
			t.Fatalf("周鹏: %+v", zp)
		}
		if landed := b.login("党员"); landed != "/people/"+ids(zp.ID) {
			t.Errorf("党员 lands on %s, want their own page /people/%d", landed, zp.ID)
		}
		b.want("main h1", "周鹏")
		b.want("dl.facts", maskedID(zp.IDNumber), "已脱敏")
		b.wantNot("main", zp.IDNumber, "显示完整身份证号")
		b.wantNot(nav, "组织架构", "账号管理", "审计日志")
		if b.has(`main .page-head a[href$="/edit"]`) {
			t.Error("a member is offered to edit their own record")
		}
		// Their own branch's page: 无权访问 (they know it exists, issue
		// 12), with the way to their own record; another branch's: 未找到.
		if status := b.open(branch); status != http.StatusForbidden {
			t.Errorf("党员 opening %s: %d, want 403", branch, status)
		}
		b.want("main h1", "无权访问")
		b.wantNot("main", "第三党支部", "花名册")
		if !b.has(`.error-page a[href="/people/` + ids(zp.ID) + `"]`) {
			t.Error("the refusal offers no way to the member's own record")
		}
		zb01, err := st.s.OrgByCode(sys, "ZB01")
		if err != nil {
			t.Fatal(err)
		}
		if status := b.open("/orgs/" + ids(zb01.ID)); status != http.StatusNotFound {
			t.Errorf("党员 opening another branch: %d, want 404", status)
		}
		b.want("main h1", "未找到")
		b.logout()
	})

	// 纪检宣传委员 (刘晓燕): reads the branch and its audit trail, but does
	// not manage people.
	t.Run("纪检宣传委员", func(t *testing.T) {
		b.t = t
		if landed := b.login("纪检宣传委员"); landed != "/duties" {
			t.Errorf("纪检宣传委员 lands on %s, want /duties", landed)
		}
		b.want(nav, "组织架构", "审计日志")
		b.wantNot(nav, "账号管理")
		b.open("/orgs") // home is 我的职责; the tree is one click away
		b.openBranchFromTree("第三党支部")
		b.want("main", "花名册", "张志刚")
		if b.has(`#roster a[href^="/people/new"]`) {
			t.Errorf("纪检宣传委员 is offered 新增人员 on %s (product bug: the branch page shows the write buttons to every reader):\n%s", branch, b.text("#roster .actions"))
		}
		b.logout()
	})

	// 系统管理员: accounts, and no party records (三权分立).
	t.Run("系统管理员", func(t *testing.T) {
		b.t = t
		if landed := b.login("系统管理员"); landed != "/admin/accounts" {
			t.Errorf("系统管理员 lands on %s, want /admin/accounts", landed)
		}
		b.want(nav, "账号管理")
		b.wantNot(nav, "组织架构", "审计日志")
		b.want("main", "书记", "审计管理员")
		if status := b.open("/orgs"); status != http.StatusForbidden {
			t.Errorf("系统管理员 opening /orgs: %d, want 403", status)
		}
		b.want("main h1", "无权访问")
		if status := b.open(branch); status != http.StatusNotFound {
			t.Errorf("系统管理员 opening %s: %d, want 404", branch, status)
		}
		b.logout()
	})

	// 审计管理员: the audit trail shows the logins and logouts above.
	t.Run("审计管理员", func(t *testing.T) {
		b.t = t
		if landed := b.login("审计管理员"); landed != "/admin/audit" {
			t.Errorf("审计管理员 lands on %s, want /admin/audit", landed)
		}
		b.want(nav, "审计日志")
		b.wantNot(nav, "组织架构", "账号管理")
		b.want("main h1", "审计日志")
		// Every login and logout above is there, each naming its account
		// as the object; a logout also names who did it.
		rows := b.auditRows()
		for _, login := range []string{"书记", "党员", "纪检宣传委员", "系统管理员", "审计管理员"} {
			object := "账号（编号" + ids(st.account(t, login).ID) + "）"
			if !slices.ContainsFunc(rows, func(r auditRow) bool {
				return r.action == "登录" && r.object == object && r.result == "成功"
			}) {
				t.Errorf("the audit trail shows no 登录 of %s (%s):\n%v", login, object, rows)
			}
			if login == "审计管理员" {
				continue // still logged in
			}
			if !slices.ContainsFunc(rows, func(r auditRow) bool {
				return r.action == "退出登录" && r.object == object && r.actor == st.shownAs(t, login)
			}) {
				t.Errorf("the audit trail shows no 退出登录 by %s (%s):\n%v", login, object, rows)
			}
		}
		// The filter by action, through the form.
		b.do("filter", chromedp.SetValue(chromedp.ID("f-action"), "login"))
		click(b, chromedp.CSS(`form.filters button[type=submit]`))
		b.want("main", "符合条件的记录")
		rows = b.auditRows()
		if len(rows) != 5 {
			t.Errorf("filtered by login: %d rows, want the 5 logins:\n%v", len(rows), rows)
		}
		for _, r := range rows {
			if r.action != "登录" {
				t.Errorf("filtered by login, the page shows %v", r)
			}
		}
		b.logout()
	})
}

// auditRow is a row of the audit page, as shown.
type auditRow struct{ actor, action, object, result string }

func (r auditRow) String() string { return r.actor + " " + r.action + " " + r.object + " " + r.result }

// auditRows are the rows of the audit page.
func (b *tab) auditRows() []auditRow {
	b.t.Helper()
	rows, err := chromedp.Run(b.ctx, chromedp.Evaluate[[][]string](
		`[...document.querySelectorAll("table.audit-table tbody tr")].map(tr => [2, 4, 5, 7].map(i => (i == 4 ? tr.cells[i].firstChild.textContent : tr.cells[i].innerText).trim()))`))
	if err != nil {
		b.t.Fatalf("audit rows: %v", err)
	}
	out := make([]auditRow, len(rows))
	for i, r := range rows {
		out[i] = auditRow{r[0], r[1], r[2], r[3]}
	}
	return out
}

// csrfForm is the markup of a form that posts fields to action, with a
// submit button.
func csrfForm(id, action string, fields [][2]string) string {
	var sb strings.Builder
	sb.WriteString(`<form id="` + id + `" method="post" action="` + html.EscapeString(action) + `">`)
	for _, f := range fields {
		sb.WriteString(`<input type="hidden" name="` + f[0] + `" value="` + html.EscapeString(f[1]) + `">`)
	}
	sb.WriteString(`<button type="submit">领取奖品</button></form>`)
	return sb.String()
}

// TestBrowserCSRF is a page on another origin that posts to zhibu while
// the browser is logged in there: zhibu refuses it (403, nothing written),
// while the very same form sent from zhibu's own page succeeds.
//
// Two attacks: a form the victim clicks on http://127.0.0.1:<other port>
// (same site, so the browser sends the SameSite=Lax session cookie and only
// the origin check stands in the way), and a form that submits itself on
// load from http://localhost:<other port> (another site).
func TestBrowserCSRF(t *testing.T) {
	b := newTab(t)
	st := newSite(t)
	b.use(st)

	orgForm := csrfForm("evil-org", st.url+"/orgs", [][2]string{
		{"code", "ZB03-9"}, {"name", "伪造党小组"}, {"kind", string(zhibu.KindGroup)}, {"parent_id", ids(st.zb03.ID)},
	})
	birth := zhibu.MakeDate(1990, 1, 2)
	personForm := csrfForm("evil-person", st.url+"/people", [][2]string{
		{"org_id", ids(st.zb03.ID)}, {"name", "伪造人员"}, {"id_number", zhibu.MakeIDNumber("650102", birth, 111)},
		{"gender", "男"}, {"birth_date", birth.String()}, {"ethnicity", "汉族"}, {"status", string(zhibu.Masses)},
	})
	page := func(title, body string) string {
		return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>` + title + `</title></head><body><h1>` + title + `</h1>` + body + `</body></html>`
	}
	evil := http.NewServeMux()
	evil.HandleFunc("GET /click", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page("恭喜中奖", orgForm))
	})
	evil.HandleFunc("GET /auto", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page("正在跳转", personForm+
			`<script>addEventListener("load", () => document.getElementById("evil-person").submit())</script>`))
	})
	es := httptest.NewServer(evil)
	t.Cleanup(es.Close)
	_, port, _ := strings.Cut(strings.TrimPrefix(es.URL, "http://"), ":")

	orgExists := func() bool {
		_, err := st.s.OrgByCode(sys, "ZB03-9")
		return err == nil
	}
	personExists := func() bool { return st.person(t, "伪造人员").ID != 0 }
	const denied = "拒绝来自其他网站的请求"

	if landed := b.login("组织委员"); landed != "/duties" {
		t.Fatalf("组织委员 lands on %s", landed)
	}

	// The victim clicks a button on a page of another origin of the same
	// site (another port).
	b.open(es.URL + "/click")
	b.want("h1", "恭喜中奖")
	if status := click(b, chromedp.CSS(`#evil-org button`)); status != http.StatusForbidden {
		t.Errorf("the other origin's POST /orgs: %d, want 403", status)
	}
	b.want("body", denied)
	h := st.hits.last(t, "POST", "/orgs")
	t.Logf("from %s: POST /orgs → %d (Sec-Fetch-Site: %s, Origin: %s)", es.URL, h.status, h.fetchSite, h.origin)
	if h.status != http.StatusForbidden || h.origin != es.URL {
		t.Errorf("zhibu saw %+v", h)
	}
	if orgExists() {
		t.Error("the other origin's POST /orgs created the group")
	}

	// A page of another site submits a form by itself on load.
	other := "http://localhost:" + port + "/auto"
	b.open(other)
	h = st.hits.last(t, "POST", "/people")
	t.Logf("from %s: POST /people → %d (Sec-Fetch-Site: %s, Origin: %s)", other, h.status, h.fetchSite, h.origin)
	if h.status != http.StatusForbidden {
		t.Errorf("the other site's POST /people: %d, want 403", h.status)
	}
	b.waitText(st.url+"/people", denied)
	if personExists() {
		t.Error("the other site's POST /people created the person")
	}

	// The browser is still logged in, and the same forms sent from zhibu's
	// own page do what they say: so the 403s above were the origin check.
	b.open("/orgs")
	b.want("header .actor", st.shownAs(t, "组织委员"))
	for _, c := range []struct {
		form, id, flash string
		exists          func() bool
	}{
		{orgForm, "evil-org", "已新建党小组：伪造党小组", orgExists},
		{personForm, "evil-person", "已新增人员：伪造人员", personExists},
	} {
		b.open("/orgs")
		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](
			`document.querySelector("main").insertAdjacentHTML("beforeend", `+strconv.Quote(c.form)+`), true`)); err != nil {
			t.Fatalf("put the form on zhibu's page: %v", err)
		}
		if status := click(b, chromedp.CSS("#"+c.id+" button")); status != http.StatusOK {
			t.Errorf("%s from zhibu's own page: %d\n%s", c.id, status, b.text("body"))
			continue
		}
		b.want("main", c.flash)
		if !c.exists() {
			t.Errorf("%s from zhibu's own page wrote nothing", c.id)
		}
	}
	if n := st.hits.count("POST", "/orgs") + st.hits.count("POST", "/people"); n != 4 {
		t.Errorf("zhibu saw %d posts, want 4", n)
	}
}

// committeeOf is the demo's bureau committee.
func committeeOf(t *testing.T, st *site) zhibu.Org {
	t.Helper()
	o, err := st.s.OrgByCode(sys, demo.CommitteeCode)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestBrowserScreenshots takes the pages a person looks at, on a desktop
// and on a phone, and checks what each shows: its status, its heading read
// from the page, and a picture that is not blank. With ZHIBU_SCREENSHOTS
// naming a directory the pictures are kept there.
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("ZHIBU_SCREENSHOTS")
	b := newTabWithin(t, 3*time.Minute) // some forty pages
	if dir == "" {
		dir = t.TempDir()
	}
	st := newSite(t)
	b.use(st)
	b.open("/login")
	b.want("h1", "登录")
	b.screenshot(filepath.Join(dir, "login.png"), true)
	wantPicture(t, filepath.Join(dir, "login.png"), 0)
	b.login("组织委员")
	br := "/orgs/" + ids(st.zb03.ID)
	p := st.person(t, "马文斌")
	person := "/people/" + ids(p.ID)
	pages := []struct {
		name, path string
		status     int64
		h1         string // what the page's first heading shows
	}{
		{"tree", "/orgs", 200, "组织架构"},
		{"branch", br, 200, st.zb03.Name},
		{"roster", br + "#roster", 200, st.zb03.Name},
		{"person", person, 200, "马文斌"},
		{"person-form", "/people/new?org=" + ids(st.zb03.ID), 200, "新增人员"},
		{"term", br + "/terms/new", 200, "换届"},
		{"import", br + "/import", 200, "导入花名册"},
		{"print", br + "/print", 200, st.zb03.Name + "人员花名册"},
		{"move", person + "/move", 200, "调动：马文斌"},
		{"account", "/account", 200, "账号"},
		{"notfound", "/orgs/999999", 404, "未找到"},
		{"meetings", br + "/meetings", 200, "三会一课"},
		{"meeting-form", br + "/meetings/new", 200, "新建会议"},
		{"calendar", br + "/compliance", 200, "合规日历"},
		{"duties", "/duties", 200, "我的职责"},
		{"rules", br + "/rules", 200, "规则"},
	}
	for _, view := range []struct {
		name string
		w, h int64
		opts []chromedp.EmulateViewportOption
	}{{"desktop", 1366, 768, nil}, {"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}}} {
		b.do("viewport", chromedp.EmulateViewport(view.w, view.h, view.opts...))
		for _, pg := range pages {
			if status := b.open(pg.path); status != pg.status && !(status == 0 && strings.Contains(pg.path, "#")) {
				t.Errorf("%s %s: status %d, want %d", view.name, pg.path, status, pg.status)
			}
			if got := b.text("h1"); !strings.Contains(got, pg.h1) {
				t.Errorf("%s %s: the heading shows %q, want %q", view.name, pg.path, got, pg.h1)
			}
			file := filepath.Join(dir, view.name+"-"+pg.name+".png")
			b.screenshot(file, !strings.Contains(pg.path, "#"))
			wantPicture(t, file, int(view.w))
		}
		// A form with problems, and an import preview with problems.
		b.open("/people/new?org=" + ids(st.zb03.ID))
		b.do("bad form", chromedp.SetValue(chromedp.ID("f-id_number"), "123"), chromedp.SetValue(chromedp.ID("f-applied_on"), "2020-01-01"))
		click(b, chromedp.CSS(`form.form button[type=submit]`))
		b.want(".problems", "身份证号")
		b.screenshot(filepath.Join(dir, view.name+"-form-problems.png"), true)
		wantPicture(t, filepath.Join(dir, view.name+"-form-problems.png"), int(view.w))
		csv := filepath.Join(t.TempDir(), "bad.csv")
		os.WriteFile(csv, []byte("姓名,性别,民族,出生日期,身份证号,政治面貌,党小组\n甲,男,汉族,1990-01-01,123,群众,第九党小组\n乙,女,火星族,1990-13-01,"+
			p.IDNumber+",党员,\n"), 0o644)
		b.open(br + "/import")
		b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{csv}))
		click(b, chromedp.CSS(`form[enctype="multipart/form-data"] button[type=submit]`))
		b.want("main", "第九党小组")
		b.screenshot(filepath.Join(dir, view.name+"-import-problems.png"), true)
		wantPicture(t, filepath.Join(dir, view.name+"-import-problems.png"), int(view.w))
	}
	// The bureau's matrix, as a member of the bureau committee reads it.
	b.do("viewport", chromedp.EmulateViewport(1366, 768))
	b.logout()
	b.login("局党委委员")
	b.open("/orgs/" + ids(committeeOf(t, st).ID) + "/matrix")
	b.want("main", "监督矩阵", "第三党支部")
	b.screenshot(filepath.Join(dir, "desktop-matrix.png"), true)
	wantPicture(t, filepath.Join(dir, "desktop-matrix.png"), 1366)
	// The branch page as it prints.
	b.do("print media", chromedp.EmulateViewport(1123, 794), chromedp.Navigate(st.url+br))
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	b.want("h1", st.zb03.Name)
	b.screenshot(filepath.Join(dir, "print-branch.png"), true)
	wantPicture(t, filepath.Join(dir, "print-branch.png"), 1123)
}

// wantPicture fails the test unless file is a PNG at least width pixels
// wide that shows something: a blank or single-colour capture (a page that
// did not paint) has a handful of colours, a page with text has hundreds.
func wantPicture(t *testing.T, file string, width int) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Errorf("screenshot %s: %v", file, err)
		return
	}
	r := img.Bounds()
	if r.Dx() < width || r.Dy() < 100 {
		t.Errorf("screenshot %s is %dx%d, want at least %d wide", file, r.Dx(), r.Dy(), width)
	}
	colours := map[color.RGBA]bool{}
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			colours[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)] = true
		}
	}
	if len(colours) < 16 {
		t.Errorf("screenshot %s has %d colours: a blank page", file, len(colours))
	}
}

// calCell is a cell of the compliance calendar as shown: its class, status
// text, count of meetings, link and tooltip.
type calCell struct {
	Class string `json:"class"`
	Label string `json:"label"`
	Count string `json:"count"`
	Href  string `json:"href"`
	Title string `json:"title"`
}

// calendarRow is the cells of the first row of the calendar for rule: the
// branch's own row, one cell per month for a monthly rule.
func (b *tab) calendarRow(rule string) []calCell {
	b.t.Helper()
	cells, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]calCell](`(() => {
		const tr = [...document.querySelectorAll("#calendar table.cal tbody tr")].find(tr => {
			const c = tr.querySelector("th.cal-rule code");
			return c && c.textContent.trim() === `+strconv.Quote(rule)+`;
		});
		if (!tr) return [];
		return [...tr.querySelectorAll("td.cs")].map(td => {
			const a = td.querySelector("a"), label = td.querySelector(".cs-label"), count = td.querySelector(".cs-count");
			return {class: td.className, label: label ? label.innerText.trim() : "", count: count ? count.innerText.trim() : "",
				href: a ? a.getAttribute("href") : "", title: td.title};
		});
	})()`))
	if err != nil {
		b.t.Fatalf("calendar row %s: %v", rule, err)
	}
	return cells
}

// calCounts are the numbers of the calendar's header: 已完成, 待完成, 已逾期, 不规范.
func (b *tab) calCounts() [4]int {
	b.t.Helper()
	var n [4]int
	for i, class := range []string{"cs-ok", "cs-due", "cs-overdue", "cs-violation"} {
		s := b.text("main .page-head .cs-counts ." + class)
		v, err := strconv.Atoi(strings.TrimLeft(s, "已完成待逾期不规范"))
		if err != nil {
			b.t.Fatalf("the calendar's count %q: %v", s, err)
		}
		n[i] = v
	}
	return n
}

// duty is a row of 我的职责.
type duty struct {
	When    string `json:"when"`
	Status  string `json:"status"`
	Subject string `json:"subject"`
	Rule    string `json:"rule"`
	Who     string `json:"who"`
	Message string `json:"message"`
}

func (d duty) String() string {
	return d.When + " " + d.Status + " " + d.Subject + " " + d.Rule + "（" + d.Who + "）" + d.Message
}

// duties opens 我的职责 from the main navigation and returns its rows.
func (b *tab) duties() []duty {
	b.t.Helper()
	if status := click(b, chromedp.Search(`//nav[contains(@class,"mainnav")]//a[normalize-space(.)="我的职责"]`)); status != http.StatusOK {
		b.t.Fatalf("我的职责: %d", status)
	}
	if loc := b.location(); loc != "/duties" {
		b.t.Fatalf("我的职责 leads to %s", loc)
	}
	b.want("main h1", "我的职责")
	rows, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]duty](
		`[...document.querySelectorAll("table.duties tbody tr")].map(tr => ({when: tr.cells[0].innerText.trim(),
			status: tr.cells[1].innerText.trim(), subject: tr.cells[2].querySelector(".duty-subject").innerText.trim(),
			rule: tr.cells[2].querySelector(".rule-id").dataset.rule, who: tr.cells[2].querySelector(".duty-who").innerText.trim(),
			message: tr.cells[3].innerText.trim()}))`))
	if err != nil {
		b.t.Fatalf("duties: %v", err)
	}
	return rows
}

// TestBrowserMeetingFlow is the meetings issue's browser test. The
// organization officer opens the seed branch's compliance calendar, where
// a month without a committee meeting (the demo's meetings end in June
// 2026) is due or overdue; follows the cell's link to the meetings form,
// records the held committee meeting with its attendance (one member
// excused) and minutes, and files it with the superior. The month's cell
// turns green. The bureau committee member acknowledges the filing; the
// officer's duties no longer list the month's committee meeting, and the
// secretary's duties still list what is still theirs to do.
func TestBrowserMeetingFlow(t *testing.T) {
	start := time.Now()
	lap := func(what string) { t.Logf("%6.2fs  %s", time.Since(start).Seconds(), what) }
	b := newTabWithin(t, 2*time.Minute) // a deadline for a hang, not a timing (the machine may be busy)
	st := newSite(t)
	b.use(st)
	lap("browser tab and demo site")
	const rule = "meet.committee.monthly"
	branch := "/orgs/" + ids(st.zb03.ID)
	calendar := branch + "/compliance"
	today := zhibu.Today(time.Now())
	year := strconv.Itoa(today.Year)
	chair, recorder, excused := st.person(t, "张志刚"), st.person(t, "马文斌"), st.person(t, "陈思远")
	committee := []string{"张志刚", "艾力·买买提", "刘晓燕", "马文斌", "陈思远"} // the term elected 2024-04-18

	// 书记's duties, to compare with at the end.
	b.login("书记")
	secretaryBefore := b.duties()
	b.logout()
	lap("secretary's duties before")

	// 组织委员: their duties list the committee meeting the calendar shows
	// as due (this month) or overdue.
	b.login("组织委员")
	officerBefore := b.duties()

	// The branch page's 合规日历 button.
	b.open(branch)
	click(b, chromedp.Search(`//main//div[contains(@class,"page-head")]//a[normalize-space(.)="合规日历"]`))
	if loc := b.location(); loc != calendar {
		t.Fatalf("合规日历 on the branch page leads to %s, want %s", loc, calendar)
	}
	b.want("main h1", "第三党支部"+year+"年合规日历")
	b.want("main .page-head .meta", "检查截至"+today.Chinese()+"（今天）")
	if meetings := branch + "/meetings?year=" + year; !b.has(`main .page-head a[href="` + meetings + `"]`) {
		t.Errorf("the calendar does not link to 三会一课 (%s)", meetings)
	}
	countsBefore := b.calCounts()
	cells := b.calendarRow(rule)
	if len(cells) != 12 {
		t.Fatalf("the calendar's %s row has %d cells, want 12: %+v", rule, len(cells), cells)
	}
	// The month to record: this one if it is due, else the latest overdue.
	month := 0
	if c := cells[today.Month-1]; strings.Contains(c.Class, "cs-due") {
		month = int(today.Month)
	} else {
		for m := int(today.Month); m >= 1; m-- {
			if strings.Contains(cells[m-1].Class, "cs-overdue") {
				month = m
				break
			}
		}
	}
	if month == 0 {
		t.Fatalf("no month of %d up to %s lacks a committee meeting: %+v", today.Year, today, cells)
	}
	period := zhibu.Period{Kind: zhibu.PeriodMonth, Year: today.Year, N: month}
	day, wantLabel := period.End(), "已逾期"
	if month == int(today.Month) {
		day, wantLabel = today, "待完成"
	}
	cell := cells[month-1]
	form := branch + "/meetings/new?" + url.Values{"type": {"committee"}, "date": {day.String()}}.Encode()
	t.Logf("%s: %s %s (%s)", period.Label(), cell.Label, cell.Count, strings.ReplaceAll(cell.Title, "\n", "；"))
	if cell.Label != wantLabel || cell.Count != "0次" || cell.Href != form {
		t.Errorf("the %s cell of %s: %+v, want %s, 0次, linked to %s", period.Label(), rule, cell, wantLabel, form)
	}
	if !slices.ContainsFunc(officerBefore, func(d duty) bool { return d.Rule == rule && strings.Contains(d.Message, period.Label()) }) {
		t.Errorf("组织委员's duties do not list the committee meeting of %s:\n%v", period.Label(), officerBefore)
	}
	lap("calendar: " + period.Label() + " " + cell.Label)

	// An earlier overdue month's cell presets its own last day on the form.
	for m := month - 1; m >= 1; m-- {
		if c := cells[m-1]; strings.Contains(c.Class, "cs-overdue") {
			p := zhibu.Period{Kind: zhibu.PeriodMonth, Year: today.Year, N: m}
			b.open(c.Href)
			for id, want := range map[string]string{"f-type": "committee", "f-date": p.End().String(), "f-status": "held"} {
				if got, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.ID(id))); err != nil || got != want {
					t.Errorf("the form from the %s cell (%s): %s is %q (%v), want %q", p.Label(), c.Href, id, got, err, want)
				}
			}
			b.want("#f-attendance", p.End().Chinese())
			lap("the " + p.Label() + " cell's form is dated " + p.End().String())
			b.open(calendar)
			break
		}
	}

	// Follow the cell's link to the meetings form: a held committee meeting
	// on the day, the committee expected.
	click(b, chromedp.Search(`(//table[contains(@class,"cal")]//tr[th//code[text()="`+rule+`"]])[1]/td[contains(@class,"cs")][`+strconv.Itoa(month)+`]/a`))
	if loc := b.location(); loc != form {
		t.Fatalf("the cell leads to %s, want %s", loc, form)
	}
	b.want("main h1", "第三党支部：新建会议")
	for id, want := range map[string]string{"f-type": "committee", "f-date": day.String(), "f-status": "held"} {
		if got, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.ID(id))); err != nil || got != want {
			t.Errorf("the form from the calendar: %s is %q (%v), want %q", id, got, err, want)
		}
	}
	b.want("#f-attendance .attendance-table", committee...)
	if n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#f-attendance tbody tr").length`)); err != nil || n != len(committee) {
		t.Errorf("the form expects %d people (%v), want the %d committee members", n, err, len(committee))
	}
	// 09:30, or earlier when that is still to come today.
	clock := "09:30"
	if now := time.Now().In(zhibu.DefaultZone); day == today && now.Format("15:04") < clock {
		clock = now.Format("15:04")
	}
	topics := "学习贯彻上级党委部署\n研究本月主题党日安排"
	b.do("fill the meeting form",
		chromedp.SetValue(chromedp.ID("f-time"), clock),
		chromedp.SetValue(chromedp.ID("f-place"), "三楼党员活动室"),
		chromedp.SetValue(chromedp.ID("f-chair_id"), ids(chair.ID)),
		chromedp.SetValue(chromedp.ID("f-recorder_id"), ids(recorder.ID)),
		chromedp.SetValue(chromedp.ID("f-topics"), topics),
		chromedp.SetValue(chromedp.ID("f-minutes"), "# 会议记录\n张志刚同志传达上级党委部署。\n- 支委会一致同意本月主题党日安排\n- **会后**由组织委员通知各党小组"),
		chromedp.Click(chromedp.CSS(`input[name="att_`+ids(excused.ID)+`"][value="excused"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="reason_`+ids(excused.ID)+`"]`), "出差"),
	)
	if status := click(b, chromedp.Search(`//form[contains(@class,"form")]/div[contains(@class,"form-actions")]/button[normalize-space(.)="保存"]`)); status != http.StatusOK {
		t.Fatalf("saving the meeting: %d\n%s", status, b.text("main"))
	}
	meeting := b.location()
	id, err := strconv.ParseInt(strings.TrimPrefix(meeting, "/meetings/"), 10, 64)
	if err != nil {
		t.Fatalf("after 保存 the tab is at %s, want the meeting's page\n%s", meeting, b.text("main"))
	}
	title := day.Chinese() + " 支委会"
	b.want(".flash", "已录入会议："+title)
	b.want("main h1", title, "已召开")
	if late := strings.Contains(b.text("main h1"), "补录"); late != (day != today) {
		t.Errorf("a meeting of %s entered on %s: 补录 shown %v", day, today, late)
	}
	b.want("main", "张志刚", "马文斌", "三楼党员活动室", "学习贯彻上级党委部署", "研究本月主题党日安排")
	counts, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#attendance table.counts td")].map(td => td.innerText.trim())`))
	if want := []string{"5", "4", "1", "0"}; err != nil || !slices.Equal(counts, want) {
		t.Errorf("应到/实到/请假/缺席: %v (%v), want %v", counts, err, want)
	}
	b.want("#attendance thead", "应到", "实到", "请假", "缺席")
	b.want("#attendance dl", "请假（1）", "陈思远（出差）", "出席（4）")
	b.want("#minutes h3", "会议记录")
	b.want("#minutes strong", "会后")
	b.want("#filing", "未报备")
	lap("recorded meeting " + meeting)

	// 报备上级.
	if status := click(b, chromedp.Search(`//section[@id="filing"]//button[normalize-space(.)="报备上级"]`)); status != http.StatusOK {
		t.Fatalf("报备上级: %d\n%s", status, b.text("main"))
	}
	b.want(".flash", "已报备上级")
	b.want("#filing", "已报备", "报备时间")
	if b.has(`#filing form[action$="/file"]`) {
		t.Error("a filed meeting still offers 报备上级")
	}

	// Back on the calendar the month is green: 已完成, the meeting counted
	// and linked; nothing else about it is open or irregular.
	b.open(calendar)
	cell = b.calendarRow(rule)[month-1]
	if !strings.Contains(cell.Class, "cs-ok") || cell.Label != "已完成" || cell.Count != "1次" || cell.Href != meeting {
		t.Errorf("after the meeting, the %s cell of %s: %+v, want cs-ok 已完成 1次 linked to %s", period.Label(), rule, cell, meeting)
	}
	if bg, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelectorAll(
		"#calendar table.cal tbody tr")[0].querySelectorAll("td.cs")[`+strconv.Itoa(month-1)+`]).backgroundColor`)); err != nil {
		t.Error(err)
	} else {
		t.Logf("%s cell: %s %s, background %s", period.Label(), cell.Label, cell.Count, bg)
	}
	for _, r := range []string{"meet.committee.quorum", "meet.chair", "meet.minutes"} {
		if c := b.calendarRow(r); len(c) != 12 || c[month-1].Label != "已完成" {
			t.Errorf("after the meeting, %s for %s: %+v, want 已完成", r, period.Label(), c)
		}
	}
	countsAfter := b.calCounts()
	open := 1 // 待完成
	if wantLabel == "已逾期" {
		open = 2
	}
	if countsAfter[open] != countsBefore[open]-1 || countsAfter[3] != countsBefore[3] {
		t.Errorf("the calendar's counts (已完成, 待完成, 已逾期, 不规范): %v before, %v after; want one fewer %s and no new 不规范",
			countsBefore, countsAfter, wantLabel)
	}
	officerAfter := b.duties()
	for _, d := range officerAfter {
		if d.Rule == rule && strings.Contains(d.Message, period.Label()) {
			t.Errorf("组织委员's duties still list %v", d)
		}
	}
	for _, d := range officerBefore {
		if d.Rule != rule && !slices.Contains(officerAfter, d) {
			t.Errorf("组织委员's duties no longer list %v", d)
		}
	}
	b.logout()
	lap("calendar green, duties updated")

	// 局党委委员 acknowledges the filing.
	b.login("局党委委员")
	b.open("/filings")
	b.want("main h1", "待确认的报备")
	link := `a[href="` + meeting + `#review"]`
	if !b.has(link) {
		t.Fatalf("/filings does not list the meeting:\n%s", b.text("main"))
	}
	b.want(`table tbody`, "第三党支部", "支委会", day.String(), "学习贯彻上级党委部署")
	pending := b.text("#h-filings")
	click(b, chromedp.CSS(link))
	b.want("main h1", title)
	if status := click(b, chromedp.CSS(`#review button[name="ack"][value="1"]`)); status != http.StatusOK {
		t.Fatalf("确认: %d\n%s", status, b.text("main"))
	}
	if loc := b.location(); loc != meeting {
		t.Errorf("after 确认 the tab is at %s, want %s", loc, meeting)
	}
	b.want(".flash", "已确认报备："+title)
	b.want("#filing", "上级已确认", "确认时间")
	if b.has("#review") {
		t.Error("an acknowledged filing still offers 确认/退回")
	}
	b.open("/filings")
	if b.has(link) {
		t.Errorf("/filings still lists the acknowledged meeting:\n%s", b.text("main"))
	}
	t.Logf("待确认的报备: %s before, %s after", pending, b.text("#h-filings"))
	b.open(meeting)
	b.want("#filing", "上级已确认")
	if m, att, err := st.s.Meeting(sys, id); err != nil || m.Filing != zhibu.FilingAcknowledged || m.Status != zhibu.MeetingHeld ||
		m.ChairID != chair.ID || m.RecorderID != recorder.ID || len(att) != len(committee) {
		t.Errorf("the stored meeting: %+v, %d attending (%v)", m, len(att), err)
	}
	b.logout()
	lap("filing acknowledged")

	// 书记: the committee meeting of the month is not among their duties;
	// whatever else was theirs to do still is.
	b.login("书记")
	secretary := b.duties()
	owes := func(ds []duty) bool {
		return slices.ContainsFunc(ds, func(d duty) bool { return d.Rule == rule && strings.Contains(d.Message, period.Label()) })
	}
	if owes(secretary) {
		t.Errorf("书记's duties still list the committee meeting of %s:\n%v", period.Label(), secretary)
	}
	if !owes(secretaryBefore) {
		t.Errorf("书记's duties did not list the committee meeting of %s before: the secretary answers for the whole branch", period.Label())
	}
	for _, d := range secretaryBefore {
		if !(d.Rule == rule && strings.Contains(d.Message, period.Label())) && !slices.Contains(secretary, d) {
			t.Errorf("书记's duties no longer list %v", d)
		}
	}
	if len(secretary) == 0 {
		t.Error("书记's duties are empty: the demo leaves them lectures and the organizational life meeting to hold")
	}
	for _, d := range secretary {
		t.Logf("书记: %v", d)
	}
	b.logout()
	lap("secretary's duties")
}
