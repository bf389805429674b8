package main

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The demo's records leave through the console as the pages download them:
// the seed branch's 2025 study register holds every session of the year
// (the first one's topic on its row) and every member's hours, the talk
// register every talk with its content (the command acts as the system),
// and the bulletins folder one static page per published issue and an
// Atom feed naming each. Bad input names the flag, exits non-zero and
// leaves no file behind; an existing file is never overwritten.
func TestStreamsExportCommands(t *testing.T) {
	engines := map[string]func(t *testing.T) (string, *store.Store){
		"sqlite": func(t *testing.T) (string, *store.Store) {
			s := demotest.SQLite(t)
			p, _ := s.SQLitePath()
			return p, s
		},
		"postgres": func(t *testing.T) (string, *store.Store) {
			dsn := demotest.PostgresDSN(t)
			s, err := store.Open(context.Background(), dsn, storetest.Keys)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return dsn, s
		},
	}
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db, s := open(t)
			ctx := zhibu.WithActor(context.Background(), zhibu.System)
			b, err := s.OrgByCode(ctx, demo.BranchCode)
			if err != nil {
				t.Fatal(err)
			}
			env := map[string]string{"ZHIBU_DB": db, "ZHIBU_KEYS": writeKeys(t)}
			dir := t.TempDir()
			mustRun := func(args ...string) string {
				t.Helper()
				code, out, errs := cli(t, env, args...)
				if code != 0 {
					t.Fatalf("%s: %d %q %q", strings.Join(args, " "), code, out, errs)
				}
				return out
			}
			sheet := func(file, name string) [][]string {
				t.Helper()
				st, err := os.Stat(file)
				if err != nil {
					t.Fatal(err)
				}
				if st.Mode().Perm() != 0o600 {
					t.Errorf("%s: mode %v, want 0600", file, st.Mode().Perm())
				}
				book, err := excelize.OpenFile(file)
				if err != nil {
					t.Fatal(err)
				}
				defer book.Close()
				rows, err := book.GetRows(name)
				if err != nil {
					t.Fatal(err)
				}
				return rows
			}

			// The study register.
			study := filepath.Join(dir, "study.xlsx")
			if out := mustRun("study", "export", "--org", demo.BranchCode, "--year", "2025", "-o", study); !strings.Contains(out, "第三党支部2025年理论学习登记簿") {
				t.Errorf("study export: %q", out)
			}
			sessions, err := s.StudySessions(ctx, b.ID, 2025)
			if err != nil || len(sessions) == 0 {
				t.Fatalf("demo sessions: %d %v", len(sessions), err)
			}
			rows := sheet(study, "集中学习")
			if len(rows) != len(sessions)+2 || len(rows[2]) < 4 || rows[2][3] != sessions[0].Topic {
				t.Errorf("sessions sheet: %d rows for %d sessions; first %q, want topic %q", len(rows), len(sessions), rows[min(2, len(rows)-1)], sessions[0].Topic)
			}
			members, err := s.People(ctx, b.ID, zhibu.PersonFilter{Members: true})
			if err != nil {
				t.Fatal(err)
			}
			if hours := sheet(study, "学时统计"); len(hours) < 3 || len(hours) > len(members)+2 {
				t.Errorf("hours sheet: %d rows for %d members", len(hours), len(members))
			}

			// A group's register: its own sessions only.
			group := demo.GroupCode(demo.BranchCode, 1)
			g, err := s.OrgByCode(ctx, group)
			if err != nil {
				t.Fatal(err)
			}
			groupFile := filepath.Join(dir, "group.xlsx")
			mustRun("study", "export", "--org", group, "--year", "2025", "-o", groupFile)
			gs, err := s.StudySessions(ctx, g.ID, 2025)
			if err != nil {
				t.Fatal(err)
			}
			if rows := sheet(groupFile, "集中学习"); len(rows) != len(gs)+2 || !strings.HasPrefix(rows[0][0], g.Name+"2025年理论学习登记簿") {
				t.Errorf("group register: %d rows for %d sessions, title %q", len(rows), len(gs), rows[0])
			}

			// The talk register, content included.
			talksFile := filepath.Join(dir, "talks.xlsx")
			mustRun("talks", "export", "--org", demo.BranchCode, "--year", "2025", "-o", talksFile)
			talks, err := s.Talks(ctx, b.ID, 2025)
			if err != nil || len(talks) == 0 {
				t.Fatalf("demo talks: %d %v", len(talks), err)
			}
			rows = sheet(talksFile, "谈心谈话记录")
			if len(rows) != len(talks)+2 || len(rows[2]) < 6 || rows[2][2] != talks[0].AName || rows[2][3] != talks[0].BName || rows[2][5] != talks[0].Topics || talks[0].Topics == "" {
				t.Errorf("talk sheet: %d rows for %d talks; first %q, want %s/%s %q", len(rows), len(talks), rows[min(2, len(rows)-1)], talks[0].AName, talks[0].BName, talks[0].Topics)
			}

			// The bulletins' pages and feed.
			site := filepath.Join(dir, "site")
			mustRun("bulletins", "feed", "--org", demo.BranchCode, "-o", site, "--base", "https://gaj.example.cn/jianbao/")
			bs, err := s.Bulletins(ctx, b.ID, true)
			if err != nil || len(bs) == 0 {
				t.Fatalf("demo bulletins: %d %v", len(bs), err)
			}
			raw, err := os.ReadFile(filepath.Join(site, "feed.atom"))
			if err != nil {
				t.Fatal(err)
			}
			var feed struct {
				ID      string `xml:"id"`
				Entries []struct {
					Title string `xml:"title"`
					Link  struct {
						Href string `xml:"href,attr"`
					} `xml:"link"`
				} `xml:"entry"`
			}
			if err := xml.Unmarshal(raw, &feed); err != nil {
				t.Fatal(err)
			}
			if len(feed.Entries) != len(bs) || feed.ID != "tag:gaj.example.cn,2018:zhibu/"+demo.BranchCode+"/bulletins" {
				t.Errorf("feed %q: %d entries for %d bulletins", feed.ID, len(feed.Entries), len(bs))
			}
			for i, x := range bs {
				page := strconv.FormatInt(x.ID, 10) + ".html"
				html, err := os.ReadFile(filepath.Join(site, page))
				if err != nil || !strings.Contains(string(html), x.Title) {
					t.Errorf("page of %s: %v", x.Title, err)
				}
				if i < len(feed.Entries) && (!strings.Contains(feed.Entries[i].Title, x.Title) || feed.Entries[i].Link.Href != "https://gaj.example.cn/jianbao/"+page) {
					t.Errorf("entry %d: %+v, want %s at %s", i, feed.Entries[i], x.Title, page)
				}
			}
			if files, _ := os.ReadDir(site); len(files) != len(bs)+1 {
				t.Errorf("%d files in the folder, want %d", len(files), len(bs)+1)
			}

			for _, c := range []struct {
				args []string
				want string
			}{
				{[]string{"study", "export", "--org", demo.BranchCode, "--year", "2025", "-o", study}, "已存在（-o）"},
				{[]string{"talks", "export", "--org", demo.BranchCode, "--year", "2025", "-o", study}, "已存在（-o）"},
				{[]string{"bulletins", "feed", "--org", demo.BranchCode, "-o", site}, "已有 feed.atom"},
				{[]string{"study", "export", "--org", demo.CommitteeCode, "--year", "2025", "-o", filepath.Join(dir, "a.xlsx")}, "组织：理论学习登记簿按党支部或党小组导出"},
				{[]string{"talks", "export", "--org", group, "--year", "2025", "-o", filepath.Join(dir, "b.xlsx")}, "是党小组（--org）"},
				{[]string{"talks", "export", "--org", "NONE", "--year", "2025", "-o", filepath.Join(dir, "c.xlsx")}, "组织：组织代码“NONE”不存在（--org"},
				{[]string{"talks", "export", "--year", "2025", "-o", filepath.Join(dir, "c.xlsx")}, "请用 --org 指定组织代码"},
				{[]string{"study", "export", "--org", demo.BranchCode, "--year", "二〇二五", "-o", filepath.Join(dir, "d.xlsx")}, "年度：“二〇二五”应为四位年份（--year）"},
				{[]string{"study", "export", "--org", demo.BranchCode, "-o", filepath.Join(dir, "d.xlsx")}, "年度：不能为空（--year）"},
				{[]string{"talks", "export", "--org", demo.BranchCode, "--year", "1999", "-o", filepath.Join(dir, "e.xlsx")}, "年度：须为2000年至"},
				{[]string{"bulletins", "feed", "--org", group, "-o", filepath.Join(dir, "f")}, "党建信息简报由党支部编发"},
				{[]string{"bulletins", "feed", "--org", demo.BranchCode, "-o", filepath.Join(dir, "g"), "--base", "https://"}, "网页地址：“https://”不是有效的地址（--base）"},
			} {
				code, _, errs := cli(t, env, c.args...)
				if code != 1 || !strings.Contains(errs, c.want) {
					t.Errorf("%q: %d %q, want %q", c.args, code, errs, c.want)
				}
			}
			for _, name := range []string{"a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx", "e.xlsx", "f", "g"} {
				if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
					t.Errorf("%s left behind: %v", name, err)
				}
			}
			if files, _ := os.ReadDir(site); len(files) != len(bs)+1 {
				t.Errorf("refused export changed the folder: %d files", len(files))
			}
			if code, _, errs := cli(t, env, "study", "import"); code != 2 || !strings.Contains(errs, "zhibu study export") {
				t.Errorf("study import: %d %q, want the usage", code, errs)
			}
		})
	}
}
