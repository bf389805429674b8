package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhibu"
	"zhibu/internal/password"
	"zhibu/internal/roster"
	"zhibu/internal/server"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestBrowserFirstRun goes from an empty database to a working branch, by
// the roles that would do each step, with no demo loader and no SQL (issue
// 12): the system administrator (made at the console, as `zhibu user add
// --admin` does) founds the top committee and makes an account for the
// political department; the political department creates a branch and its
// group, imports the roster with the day each member joined, and records
// the past and the current committee with their election dates (a seat
// holder who joined after an election is refused); the system
// administrator gives the secretary an account linked to her person; the
// secretary records this month's committee meeting and the calendar shows
// it done and the earlier months overdue. On SQLite and PostgreSQL.
func TestBrowserFirstRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newTabWithin(t, 3*time.Minute)
		h, err := server.New(s, service.New(s, service.Options{}), server.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(h)
		t.Cleanup(ts.Close)
		b.base = ts.URL
		b.do("desktop viewport", chromedp.EmulateViewport(1366, 900))

		// The first administrator, as `zhibu user add admin --admin` makes it.
		const adminPW = "Qx7#mPv2Lr!9"
		hash, err := password.Hash(adminPW)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateAccount(sys, zhibu.Account{Login: "admin", Name: "系统管理员",
			Roles: []zhibu.AccountRole{{Role: zhibu.RoleSystemAdmin}}}, hash); err != nil {
			t.Fatal(err)
		}
		submit := func(what string) {
			t.Helper()
			if status := click(b, chromedp.CSS(`main form.form button[type=submit]`)); status != http.StatusOK {
				t.Fatalf("%s: %d\n%s", what, status, b.text("main"))
			}
		}
		login := func(name, pw string) {
			t.Helper()
			b.open("/login")
			b.do("log in as "+name, chromedp.SetValue(chromedp.ID("f-login"), name), chromedp.SetValue(chromedp.ID("f-password"), pw))
			submit("log in as " + name)
			if loc := b.location(); strings.HasPrefix(loc, "/login") {
				t.Fatalf("log in as %s: still at %s\n%s", name, loc, b.text("main"))
			}
		}
		orgCode := func(code string) zhibu.Org {
			t.Helper()
			o, err := s.OrgByCode(sys, code)
			if err != nil {
				t.Fatalf("org %s: %v", code, err)
			}
			return o
		}

		// 1. The system administrator founds the top committee.
		login("admin", adminPW)
		b.open("/admin/accounts")
		b.screenshot("/tmp/zhibu-firstrun-accounts.png", false)
		click(b, chromedp.Search(`//main//a[normalize-space(.)="新建顶级党委"]`))
		b.want("main h1", "新建组织")
		b.want("#f-parent_id", "（无，作为顶级党委）")
		b.do("fill the committee", chromedp.SetValue(chromedp.ID("f-kind"), "committee"),
			chromedp.SetValue(chromedp.ID("f-code"), "JDW"), chromedp.SetValue(chromedp.ID("f-name"), "市公安局党委"))
		submit("found the committee")
		b.want(".flash", "已新建党委：市公安局党委")
		if loc := b.location(); loc != "/admin/accounts" {
			t.Errorf("after founding the committee the administrator is at %s, want /admin/accounts", loc)
		}
		jdw := orgCode("JDW")

		// …and an account for the political department, with its role.
		const deptPW = "Hb4$wq8Nz@3k"
		b.do("the political department's account", chromedp.SetValue(chromedp.ID("f-login"), "zzk"),
			chromedp.SetValue(chromedp.ID("f-name"), "政治部组织科"), chromedp.SetValue(chromedp.ID("f-password"), deptPW))
		if status := click(b, chromedp.CSS(`form[action="/admin/accounts"] button[type=submit]`)); status != http.StatusOK {
			t.Fatalf("new account: %d\n%s", status, b.text("main"))
		}
		b.want(".flash", "已新建账号zzk")
		b.do("the role 政治部", chromedp.SetValue(chromedp.ID("f-poldept_org"), "JDW"))
		if status := click(b, chromedp.CSS(`form[action$="/roles"] button[type=submit]`)); status != http.StatusOK {
			t.Fatalf("roles: %d\n%s", status, b.text("main"))
		}
		b.want(".flash", "角色已更新")
		b.logout()

		// 2. The political department creates a branch and its group.
		login("zzk", deptPW)
		b.open("/orgs")
		b.want("main", "市公安局党委")
		b.open("/orgs/new?parent=" + ids(jdw.ID))
		b.do("fill the branch", chromedp.SetValue(chromedp.ID("f-code"), "ZB01"), chromedp.SetValue(chromedp.ID("f-name"), "治安大队党支部"),
			chromedp.SetValue(chromedp.ID("f-founded_on"), "2001-07-01"))
		submit("create the branch")
		b.want(".flash", "已新建党支部：治安大队党支部")
		zb := orgCode("ZB01")
		branch := "/orgs/" + ids(zb.ID)
		b.open("/orgs/new?parent=" + ids(zb.ID))
		b.do("fill the group", chromedp.SetValue(chromedp.ID("f-code"), "ZB01-1"), chromedp.SetValue(chromedp.ID("f-name"), "第一党小组"))
		submit("create the group")
		b.want(".flash", "已新建党小组：第一党小组")

		// 3. The roster, with 转入本组织日期.
		row := func(name string, seq int, joined string) string {
			birth := zhibu.MakeDate(1980, 3, 1+seq/2)
			return name + ",女,汉族," + birth.String() + "," + zhibu.MakeIDNumber("650102", birth, seq) +
				",,治安大队,是,大学本科,正式党员,2000-01-01,2000-06-01,2001-01-01,2002-01-01,2003-01-01,第一党小组," + joined + "\n"
		}
		csv := filepath.Join(t.TempDir(), "花名册.csv")
		body := strings.Join(roster.Columns, ",") + "\n" + row("李娜", 2, "2015-03-01") + row("王芳", 4, "2015-03-01") + row("赵敏", 6, "2023-09-01")
		if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		b.open(branch + "/import")
		b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{csv}))
		if status := click(b, chromedp.CSS(`form[enctype="multipart/form-data"] button[type=submit]`)); status != http.StatusOK {
			t.Fatalf("upload: %d\n%s", status, b.text("main"))
		}
		b.want("main", "共读到3人", "确认导入3人")
		click(b, chromedp.CSS(`form.confirm button[type=submit]`))
		b.want("main", "已导入3人", "李娜", "王芳", "赵敏")
		person := func(name string) zhibu.Person {
			t.Helper()
			ps, err := s.People(sys, zb.ID, zhibu.PersonFilter{Query: name})
			if err != nil || len(ps) != 1 {
				t.Fatalf("%s: %v %v", name, ps, err)
			}
			return ps[0]
		}
		lina, wang, zhao := person("李娜"), person("王芳"), person("赵敏")
		if lina.JoinedOn != zhibu.MakeDate(2015, 3, 1) || zhao.JoinedOn != zhibu.MakeDate(2023, 9, 1) {
			t.Errorf("joined on %s and %s, want the file's 2015-03-01 and 2023-09-01", lina.JoinedOn, zhao.JoinedOn)
		}

		// 4. The committees, the past one first; on the day of the 2021
		// election 赵敏 was not in the branch.
		elect := func(on string, seats map[zhibu.Position]zhibu.Person) {
			t.Helper()
			b.open(branch + "/terms/new")
			acts := []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("f-elected_on"), on), chromedp.SetValue(chromedp.ID("f-years"), "3")}
			for pos, p := range seats {
				acts = append(acts, chromedp.SetValue(chromedp.ID("f-seat_"+string(pos)), ids(p.ID)))
			}
			b.do("fill the election of "+on, acts...)
			click(b, chromedp.CSS(`main form.form button[type=submit]`))
		}
		elect("2021-05-20", map[zhibu.Position]zhibu.Person{zhibu.Secretary: lina, zhibu.OrgOfficer: wang, zhibu.DisciplineOfficer: zhao})
		b.want("main", "赵敏在选举日（2021-05-20）不是治安大队党支部的人员")
		b.screenshot("/tmp/zhibu-firstrun-term-refused.png", false)
		if terms, _ := s.Terms(sys, zb.ID); len(terms) != 0 {
			t.Fatalf("a refused election was stored: %+v", terms)
		}
		elect("2021-05-20", map[zhibu.Position]zhibu.Person{zhibu.Secretary: lina, zhibu.OrgOfficer: wang})
		b.want(".flash", "已录入新一届支部委员会")
		elect("2024-05-20", map[zhibu.Position]zhibu.Person{zhibu.Secretary: lina, zhibu.OrgOfficer: wang, zhibu.DisciplineOfficer: zhao})
		b.want(".flash", "已录入新一届支部委员会")
		b.want("#committee", "2024年5月20日", "李娜", "王芳", "赵敏")
		b.logout()

		// 5. The system administrator gives the secretary an account.
		const secPW = "Tr5&kd9Wm#2p"
		login("admin", adminPW)
		b.open("/admin/accounts?q=" + url.QueryEscape("李娜") + "#new")
		b.want("main", "李娜（编号"+ids(lina.ID)+"）", "治安大队党支部")
		b.do("the secretary's account", chromedp.SetValue(chromedp.ID("f-login"), "lina2024"),
			chromedp.SetValue(chromedp.ID("f-person_id"), ids(lina.ID)), chromedp.SetValue(chromedp.ID("f-password"), secPW))
		if status := click(b, chromedp.CSS(`form[action="/admin/accounts"] button[type=submit]`)); status != http.StatusOK {
			t.Fatalf("new account: %d\n%s", status, b.text("main"))
		}
		b.want(".flash", "已新建账号lina2024")
		b.logout()

		// 6. The secretary records this month's committee meeting; the
		// committee of 2024 is expected.
		login("lina2024", secPW)
		today := zhibu.Today(time.Now())
		calendar := branch + "/compliance"
		const rule = "meet.committee.monthly"
		b.open(calendar)
		cells := b.calendarRow(rule)
		if len(cells) != 12 || !strings.Contains(cells[today.Month-1].Class, "cs-due") {
			t.Fatalf("before the meeting, %s: %+v, want 12 months with this one due", rule, cells)
		}
		b.open(branch + "/meetings/new?" + url.Values{"type": {"committee"}, "date": {today.String()}}.Encode())
		b.want("#f-attendance .attendance-table", "李娜", "王芳", "赵敏")
		clock := "09:30"
		if now := time.Now().In(zhibu.DefaultZone); now.Format("15:04") < clock {
			clock = now.Format("15:04")
		}
		b.do("fill the meeting", chromedp.SetValue(chromedp.ID("f-time"), clock), chromedp.SetValue(chromedp.ID("f-place"), "支部活动室"),
			chromedp.SetValue(chromedp.ID("f-chair_id"), ids(lina.ID)), chromedp.SetValue(chromedp.ID("f-recorder_id"), ids(wang.ID)),
			chromedp.SetValue(chromedp.ID("f-topics"), "研究本月工作"), chromedp.SetValue(chromedp.ID("f-minutes"), "李娜同志主持会议。"))
		if status := click(b, chromedp.Search(`//form[contains(@class,"form")]/div[contains(@class,"form-actions")]/button[normalize-space(.)="保存"]`)); status != http.StatusOK {
			t.Fatalf("saving the meeting: %d\n%s", status, b.text("main"))
		}
		meeting := b.location()
		if !strings.HasPrefix(meeting, "/meetings/") {
			t.Fatalf("after 保存 the tab is at %s\n%s", meeting, b.text("main"))
		}
		b.want(".flash", "已录入会议")

		// 7. The calendar: this month done, the earlier months of the year
		// overdue (the committee was in office all year).
		b.open(calendar)
		cells = b.calendarRow(rule)
		if c := cells[today.Month-1]; !strings.Contains(c.Class, "cs-ok") || c.Label != "已完成" || c.Count != "1次" || c.Href != meeting {
			t.Errorf("this month's %s cell: %+v, want 已完成 1次 linked to %s", rule, c, meeting)
		}
		for m := 1; m < int(today.Month); m++ {
			if c := cells[m-1]; !strings.Contains(c.Class, "cs-overdue") {
				t.Errorf("month %d's %s cell: %+v, want overdue", m, rule, c)
			}
		}
		b.screenshot("/tmp/zhibu-firstrun-calendar-"+strconv.Itoa(today.Year)+".png", false)
	})
}
