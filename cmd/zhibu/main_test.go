package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	neturl "net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/server"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// cli runs the program with args and the environment in env.
func cli(t testing.TB, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestVersionAndUsage(t *testing.T) {
	if code, out, _ := cli(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "zhibu ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, _, errs := cli(t, nil, "frobnicate"); code != 2 || !strings.Contains(errs, "用法") {
		t.Errorf("unknown command: %d %q", code, errs)
	}
	if code, _, errs := cli(t, nil, "org", "list", "--format", "yaml", "--db", storetest.SQLitePath(t)); code != 1 || !strings.Contains(errs, "错误：--format 应为 text 或 json") {
		t.Errorf("bad format: %d %q", code, errs)
	}
	if code, _, errs := cli(t, nil, "import", "people", "--org", "X", "--db", storetest.SQLitePath(t)); code != 1 || !strings.Contains(errs, "请给出一个要导入的文件") {
		t.Errorf("import without a file: %d %q", code, errs)
	}
}

// dbs are the DSNs the CLI tests run on: a SQLite file, and PostgreSQL when
// configured.
func dbs(t *testing.T) map[string]func(t *testing.T) string {
	return map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return storetest.SQLitePath(t) },
		"postgres": func(t *testing.T) string { return storetest.PostgresDSN(t) },
	}
}

func TestDemoOrgListExportImport(t *testing.T) {
	for name, dsn := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			db := dsn(t)
			env := map[string]string{"ZHIBU_DB": db, "ZHIBU_KEYS": t.TempDir()} // the environment stands in for --db
			if code, _, errs := cli(t, env, "demo"); code != 0 {
				t.Fatalf("demo: %d %s", code, errs)
			}
			if code, _, errs := cli(t, env, "demo"); code != 1 || !strings.Contains(errs, "数据库不为空") {
				t.Errorf("second demo: %d %q", code, errs)
			}
			code, out, errs := cli(t, env, "org", "list")
			if code != 0 || !strings.Contains(out, demo.BranchCode) || !strings.Contains(out, "第一党小组") {
				t.Fatalf("org list: %d %q %q", code, out, errs)
			}
			// search.go: the index rebuilt over the demo.
			if code, out, errs := cli(t, env, "search", "reindex"); code != 0 || !regexp.MustCompile(`检索索引已重建：[1-9][0-9]*条记录`).MatchString(out) {
				t.Errorf("search reindex: %d %q %q", code, out, errs)
			}
			if code, _, _ := cli(t, env, "search"); code != 2 {
				t.Errorf("search without reindex: %d", code)
			}
			code, out, _ = cli(t, env, "org", "list", "--format", "json")
			var list struct {
				Orgs []struct{ Code, Name, Kind string }
			}
			if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list.Orgs) < 10 {
				t.Fatalf("org list json: %d %q", code, out)
			}

			// Export the seed branch; import it into the same branch in a
			// fresh database; export again: the same roster.
			dir := t.TempDir()
			for _, format := range []string{"xlsx", "csv"} {
				file := filepath.Join(dir, "roster."+format)
				if code, _, errs := cli(t, env, "export", "people", "--org", demo.BranchCode, "--format", format, "-o", file); code != 0 {
					t.Fatalf("export %s: %d %s", format, code, errs)
				}
				// Into the demo itself: every ID is taken, so nothing is saved.
				code, _, errs := cli(t, env, "import", "people", file, "--org", demo.BranchCode)
				if code != 1 || !strings.Contains(errs, "未导入任何人员") || !strings.Contains(errs, "身份证号") {
					t.Fatalf("import of duplicates: %d %q", code, errs)
				}
				fresh := map[string]string{"ZHIBU_DB": dsn(t), "ZHIBU_KEYS": t.TempDir()}
				emptyBranch(t, fresh["ZHIBU_DB"])
				if code, out, errs := cli(t, fresh, "import", "people", file, "--org", demo.BranchCode); code != 0 || !strings.Contains(out, "导入") {
					t.Fatalf("import %s: %d %s %s", format, code, out, errs)
				}
				_, before, _ := cli(t, env, "export", "people", "--org", demo.BranchCode, "--format", "csv")
				_, after, _ := cli(t, fresh, "export", "people", "--org", demo.BranchCode, "--format", "csv")
				if sortedLines(before) != sortedLines(after) || strings.Count(before, "\n") < 30 {
					t.Errorf("%s round trip differs:\n%s\n---\n%s", format, before, after)
				}
			}
		})
	}
}

// emptyBranch makes, in a new database, the demo's seed branch with its
// groups and no people.
func emptyBranch(t testing.TB, dsn string) {
	t.Helper()
	makeBranch(t, dsn, demo.BranchCode, "第一党小组", "第二党小组", "第三党小组")
}

// makeBranch makes, in a new database, a committee and a branch with the
// given code and groups.
func makeBranch(t testing.TB, dsn, code string, groups ...string) {
	t.Helper()
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	s, err := store.Open(ctx, dsn, storetest.Keys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	c, err := s.CreateOrg(ctx, zhibu.Org{Code: "C", Name: "党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateOrg(ctx, zhibu.Org{Code: code, Name: "第三党支部", Kind: zhibu.KindBranch, ParentID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range groups {
		if _, err := s.CreateOrg(ctx, zhibu.Org{Code: code + "-g" + string(rune('1'+i)), Name: g, Kind: zhibu.KindGroup, ParentID: b.ID}); err != nil {
			t.Fatal(err)
		}
	}
}

func sortedLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestServe(t *testing.T) {
	db := storetest.SQLitePath(t)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int)
	var errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--db", db}, os.Getenv, strings.NewReader(""), pw, &errb)
		pw.Close()
	}()
	var url string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if i := strings.Index(sc.Text(), "http://"); i >= 0 {
			url = strings.TrimSpace(sc.Text()[i:])
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		t.Fatalf("serve printed no URL; stderr: %s", errb.String())
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Timeout: 10 * time.Second, Jar: jar}
	get := func(path string) (int, string) {
		t.Helper()
		res, err := client.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: no CSP", path)
		}
		return res.StatusCode, string(body)
	}
	// Not logged in: the login page, with one click per demo role.
	code, body := get("orgs")
	m := regexp.MustCompile(`name="account_id" value="(\d+)">\s*<button class="btn" type="submit">书记<small>`).FindStringSubmatch(body)
	if code != 200 || !strings.Contains(body, "一键登录") || m == nil {
		t.Fatalf("GET /orgs before login: %d %.300s", code, body)
	}
	res, err := client.PostForm(url+"login/demo", neturl.Values{"account_id": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if code, body := get("orgs"); code != 200 || !strings.Contains(body, "第三党支部") || !strings.Contains(body, "退出") {
		t.Errorf("GET /orgs as the secretary: %d %.300s", code, body)
	}
	// A cross-origin form post is refused (CSRF).
	req, _ := http.NewRequest("POST", url+"orgs", strings.NewReader("code=X&name=Y&kind=branch"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// The first administrator, accounts for people, API tokens scoped by the
// account's positions, disabling.
func TestUsersAndTokens(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ZHIBU_DB": filepath.Join(dir, "z.db"), "ZHIBU_KEYS": filepath.Join(dir, "keys")}
	if code, _, errs := cli(t, env, "demo"); code != 0 {
		t.Fatal(errs)
	}
	pwFile := func(pw string) string {
		f := filepath.Join(t.TempDir(), "pw")
		os.WriteFile(f, []byte(pw+"\n"), 0o600)
		return f
	}
	if code, out, errs := cli(t, env, "user", "add", "admin", "--admin", "--password-file", pwFile("Tianshan-管理-2026")); code != 0 || !strings.Contains(out, "已新建账号 admin") {
		t.Fatalf("user add --admin: %d %s %s", code, out, errs)
	}
	if code, _, errs := cli(t, env, "user", "add", "weak", "--admin", "--password-file", pwFile("123456")); code != 1 || !strings.Contains(errs, "密码") {
		t.Errorf("weak password: %d %s", code, errs)
	}
	if code, _, errs := cli(t, env, "user", "add", "nobody", "--password-file", pwFile("Tianshan-管理-2026")); code != 1 || !strings.Contains(errs, "须关联人员") {
		t.Errorf("account without person or role: %d %s", code, errs)
	}
	if code, _, errs := cli(t, env, "user", "add", "x"); code != 1 || !strings.Contains(errs, "须关联人员") {
		t.Errorf("no password source: %d %s", code, errs)
	}

	// An account for the deputy secretary of the seed branch, and a token.
	cfg := Config{DB: env["ZHIBU_DB"], Keys: env["ZHIBU_KEYS"]}
	s, sctx, err := open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	branch, err := s.OrgByCode(sctx, demo.BranchCode)
	if err != nil {
		t.Fatal(err)
	}
	deputy, err := s.People(sctx, branch.ID, zhibu.PersonFilter{Query: "艾力·买买提"})
	if err != nil || len(deputy) != 1 {
		t.Fatalf("deputy: %v %v", deputy, err)
	}
	if code, _, errs := cli(t, env, "user", "add", "fushuji", "--person", strconv.FormatInt(deputy[0].ID, 10), "--password-file", pwFile("Tianshan-副书记-2026")); code != 0 {
		t.Fatal(errs)
	}
	code, token, errs := cli(t, env, "token", "create", "--user", "fushuji", "--name", "同步脚本")
	token = strings.TrimSpace(token)
	if code != 0 || !strings.HasPrefix(token, "zb_") || !strings.Contains(errs, "只显示这一次") {
		t.Fatalf("token create: %d %q %s", code, token, errs)
	}
	if code, out, _ := cli(t, env, "user", "list"); code != 0 || !strings.Contains(out, "admin") || !strings.Contains(out, "系统管理员") || !strings.Contains(out, "fushuji") {
		t.Errorf("user list: %d %s", code, out)
	}

	h, err := server.New(s, service.New(s, service.Options{}), server.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	get := func(auth string) (int, string) {
		req := httptest.NewRequest("GET", "/api/v1/orgs", nil)
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	if code, body := get(token); code != 200 || !strings.Contains(body, "第三党支部") || strings.Contains(body, "第一党支部") {
		t.Errorf("API as the deputy secretary: %d %.300s", code, body)
	}
	if code, _ := get("zb_forged"); code != http.StatusUnauthorized {
		t.Errorf("forged token: %d", code)
	}
	if code, _, errs := cli(t, env, "user", "disable", "fushuji"); code != 0 {
		t.Fatal(errs)
	}
	if code, _ := get(token); code != http.StatusUnauthorized {
		t.Errorf("token of a disabled account: %d", code)
	}
	// Demo mode listens on loopback only.
	if code, _, errs := cli(t, env, "serve", "--demo", "--addr", "0.0.0.0:0"); code != 1 || !strings.Contains(errs, "演示模式只能监听本机地址") {
		t.Errorf("demo on all interfaces: %d %s", code, errs)
	}
	if code, out, errs := cli(t, env, "audit", "verify"); code != 0 || !strings.Contains(out, "校验通过") {
		t.Errorf("audit verify: %d %s %s", code, out, errs)
	}
}
