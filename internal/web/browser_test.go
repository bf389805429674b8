package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"zhibu"
)

// EnvChrome names the browser the browser tests drive; without it they
// look for Chromium or Chrome in the usual places.
const EnvChrome = "ZHIBU_CHROME"

// browser is the one headless Chromium that all tests of the package share.
var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	skip   string
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	os.Exit(code)
}

// findChrome is the browser to run: $ZHIBU_CHROME, /usr/bin/chromium, or one
// on PATH; "" when there is none.
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

// tab opens a new tab of the shared browser, starting it on first use. A
// missing browser skips the test, or fails it in CI.
func tab(t *testing.T) context.Context {
	t.Helper()
	browser.once.Do(startBrowser)
	switch {
	case browser.skip != "" && os.Getenv("CI") != "":
		t.Fatalf("%s (browser tests are required in CI)", browser.skip)
	case browser.skip != "":
		t.Skip(browser.skip)
	case browser.err != nil:
		t.Fatal(browser.err)
	}
	ctx, cancel := chromedp.NewContext(browser.ctx)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 30*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

func startBrowser() {
	path := findChrome()
	if path == "" {
		browser.skip = "no Chromium found (" + EnvChrome + "=" + os.Getenv(EnvChrome) + "): set " + EnvChrome + " to a browser or install chromium"
		return
	}
	dir, err := os.MkdirTemp("", "zhibu-chrome-")
	if err != nil {
		browser.err = err
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
	browser.ctx = ctx
	browser.cancel = func() {
		cancelCtx()
		cancelAlloc()
		os.RemoveAll(dir)
	}
	// The first run starts the browser, which lives as long as the context
	// it is given: that must not be one with a timeout.
	if err := chromedp.Do(ctx); err != nil {
		browser.err = fmt.Errorf("start %s: %w", path, err)
	}
}

// step runs actions and fails the test with what it was doing.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// clickAndLoad clicks and waits for the page the click loads.
func clickAndLoad(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

// text is the visible text of the first element sel matches.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func wantText(t *testing.T, ctx context.Context, sel string, texts ...string) {
	t.Helper()
	got := text(t, ctx, sel)
	for _, s := range texts {
		if !strings.Contains(got, s) {
			t.Fatalf("%s does not show %q:\n%s", sel, s, got)
		}
	}
}

func screenshot(t *testing.T, ctx context.Context, file string, full bool) {
	t.Helper()
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(100)
	}
	buf, err := chromedp.Run(ctx, shot)
	if err == nil {
		err = os.WriteFile(file, buf, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", file, err)
	}
}

// TestBrowser adds a person through the form, finds them in the roster,
// imports a CSV roster and sees the imported names, in real Chromium.
func TestBrowser(t *testing.T) {
	ctx := tab(t)
	f := newFixture(t)
	ts := httptest.NewServer(f.h)
	t.Cleanup(ts.Close)
	branch := ts.URL + "/orgs/" + ids(f.branch.ID)

	step(t, ctx, "open the branch page", chromedp.EmulateViewport(1366, 768), chromedp.Navigate(branch))
	wantText(t, ctx, "main", "第一党支部", "现有民警6人，党员4人，入党积极分子1人", "花名册", "李娜")
	screenshot(t, ctx, "/tmp/zhibu-branch.png", false)

	// 新增人员: fill the form and save.
	clickAndLoad(t, ctx, `#roster a.btn-primary[href^="/people/new"]`)
	birth := zhibu.MakeDate(1988, 8, 8)
	idNumber := zhibu.MakeIDNumber("650102", birth, 357)
	step(t, ctx, "fill the person form",
		chromedp.SetValue(chromedp.ID("f-name"), "浏览器测试员"),
		chromedp.SetValue(chromedp.ID("f-id_number"), idNumber),
		chromedp.SetValue(chromedp.ID("f-gender"), "男"),
		chromedp.SetValue(chromedp.ID("f-birth_date"), birth.String()),
		chromedp.SetValue(chromedp.ID("f-ethnicity"), "哈萨克族"),
		chromedp.SetValue(chromedp.ID("f-education"), "大学本科"),
		chromedp.SetValue(chromedp.ID("f-unit"), "治安大队"),
		chromedp.SetValue(chromedp.ID("f-group_id"), ids(f.g2.ID)),
		chromedp.SetValue(chromedp.ID("f-status"), string(zhibu.Applicant)),
		chromedp.SetValue(chromedp.ID("f-applied_on"), "2020-05-04"),
	)
	clickAndLoad(t, ctx, `form.form button[type=submit]`)
	wantText(t, ctx, "main", "已新增人员：浏览器测试员", idNumber[:6]+"********"+idNumber[14:], "哈萨克族", "第二党小组", "入党申请人")

	// Find them in the roster with the search.
	step(t, ctx, "open the branch page", chromedp.Navigate(branch))
	step(t, ctx, "search", chromedp.SetValue(chromedp.ID("f-q"), "测试员"))
	clickAndLoad(t, ctx, `form.filters button[type=submit]`)
	roster := text(t, ctx, "table.roster-table")
	if !strings.Contains(roster, "浏览器测试员") || strings.Contains(roster, "李娜") {
		t.Fatalf("the search shows:\n%s", roster)
	}

	// 导入花名册: upload a CSV, see the preview, confirm.
	csv := filepath.Join(t.TempDir(), "花名册.csv")
	body := "姓名,性别,民族,出生日期,身份证号,政治面貌,党小组,是否民警,单位\n" +
		"韩梅梅,女,汉族,1993-02-03," + zhibu.MakeIDNumber("650102", zhibu.MakeDate(1993, 2, 3), 246) + ",群众,第一党小组,是,办公室\n" +
		"李雷,男,回族,1992/7/8," + zhibu.MakeIDNumber("650102", zhibu.MakeDate(1992, 7, 8), 135) + ",群众,,否,\n"
	if err := os.WriteFile(csv, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	clickAndLoad(t, ctx, `#roster a[href$="/import"]`)
	step(t, ctx, "choose the file", chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{csv}))
	clickAndLoad(t, ctx, `form[enctype="multipart/form-data"] button[type=submit]`)
	wantText(t, ctx, "main", "共读到2人", "韩梅梅", "李雷", "确认导入2人")
	clickAndLoad(t, ctx, `form.confirm button[type=submit]`)
	wantText(t, ctx, "main", "已导入2人", "韩梅梅", "李雷", "现有民警8人")
	if c, _ := f.s.Counts(sys, f.branch.ID); c.People != 9 {
		t.Errorf("%d people after the import, want 9", c.People)
	}

	// The phone view of the branch page.
	step(t, ctx, "phone view", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)), chromedp.Navigate(branch))
	screenshot(t, ctx, "/tmp/zhibu-phone.png", false)
}

// TestBrowserScreenshots saves more pages for a person to look at, when
// ZHIBU_SCREENSHOTS names a directory.
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("ZHIBU_SCREENSHOTS")
	if dir == "" {
		t.Skip("set ZHIBU_SCREENSHOTS to a directory to save screenshots")
	}
	ctx := tab(t)
	f := newFixture(t)
	ts := httptest.NewServer(f.h)
	t.Cleanup(ts.Close)
	b := "/orgs/" + ids(f.branch.ID)
	pages := map[string]string{
		"tree": "/orgs", "branch": b, "roster": b + "#roster", "person": "/people/" + ids(f.id("王芳")),
		"person-form": "/people/new?org=" + ids(f.branch.ID), "term": b + "/terms/new", "import": b + "/import",
		"committee": "/orgs/" + ids(f.committee.ID), "print": b + "/print", "move": "/people/" + ids(f.id("王芳")) + "/move",
		"notfound": "/orgs/999",
	}
	for _, view := range []struct {
		name string
		w, h int64
		opts []chromedp.EmulateViewportOption
	}{{"desktop", 1366, 768, nil}, {"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}}} {
		step(t, ctx, "viewport", chromedp.EmulateViewport(view.w, view.h, view.opts...))
		for name, path := range pages {
			step(t, ctx, name, chromedp.Navigate(ts.URL+path))
			screenshot(t, ctx, filepath.Join(dir, view.name+"-"+name+".png"), !strings.Contains(path, "#"))
		}
		// A form with problems, and an import preview with problems.
		step(t, ctx, "bad form", chromedp.Navigate(ts.URL+"/people/new?org="+ids(f.branch.ID)),
			chromedp.SetValue(chromedp.ID("f-id_number"), "123"), chromedp.SetValue(chromedp.ID("f-applied_on"), "2020-01-01"))
		clickAndLoad(t, ctx, `form.form button[type=submit]`)
		screenshot(t, ctx, filepath.Join(dir, view.name+"-form-problems.png"), true)
		csv := filepath.Join(t.TempDir(), "bad.csv")
		os.WriteFile(csv, []byte("姓名,性别,民族,出生日期,身份证号,政治面貌,党小组\n甲,男,汉族,1990-01-01,123,群众,第九党小组\n乙,女,火星族,1990-13-01,"+
			f.people["李娜"].IDNumber+",党员,\n"), 0o644)
		step(t, ctx, "import", chromedp.Navigate(ts.URL+b+"/import"), chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{csv}))
		clickAndLoad(t, ctx, `form[enctype="multipart/form-data"] button[type=submit]`)
		screenshot(t, ctx, filepath.Join(dir, view.name+"-import-problems.png"), true)
	}
	// The branch page as it prints.
	step(t, ctx, "print media", chromedp.EmulateViewport(1123, 794), chromedp.Navigate(ts.URL+b))
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, filepath.Join(dir, "print-branch.png"), true)
}

// The form shows the server's messages beside the fields, without script.
func TestBrowserInvalidForm(t *testing.T) {
	ctx := tab(t)
	f := newFixture(t)
	ts := httptest.NewServer(f.h)
	t.Cleanup(ts.Close)
	step(t, ctx, "open the form", chromedp.Navigate(ts.URL+"/people/new?org="+ids(f.branch.ID)),
		chromedp.SetValue(chromedp.ID("f-name"), "错误示例"),
		chromedp.SetValue(chromedp.ID("f-id_number"), "123"))
	clickAndLoad(t, ctx, `form.form button[type=submit]`)
	wantText(t, ctx, ".problems", "身份证号：应为18位")
	wantText(t, ctx, "#e-id_number", "应为18位")
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("f-name"))); err != nil || v != "错误示例" {
		t.Errorf("the name typed is not kept: %q, %v", v, err)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Error("timed out")
	}
}
