package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
	"zhibu/internal/web"
)

func TestAuditPage(t *testing.T) {
	s := storetest.SQLite(t)
	ui, err := web.New(s, service.New(s, service.Options{}), auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	org := func(o zhibu.Org) zhibu.Org {
		o, err := s.CreateOrg(sys, o)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	c := org(zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	b1 := org(zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID})
	b2 := org(zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: c.ID})

	admin := zhibu.Actor{AccountID: 9, Name: "审计员", Roles: []zhibu.Role{zhibu.RoleAuditAdmin}, Grants: []zhibu.Grant{{Perm: zhibu.PermAuditRead}}}
	officer := zhibu.Actor{AccountID: 3, Name: "赵磊", Roles: []zhibu.Role{zhibu.RoleDiscipline},
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: b1.Path}, {Perm: zhibu.PermAuditRead, Path: b1.Path}}}
	// What the setup itself recorded (creating orgs may be audited).
	count := func(a zhibu.Actor) int {
		_, n, err := s.AuditRecords(zhibu.WithActor(context.Background(), a), store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	setup, setupB1 := count(admin), count(officer)

	event := func(name, addr string, e store.Event) {
		ctx := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 1, Name: name, Address: addr})
		if err := s.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 150 {
		event("李娜", "10.0.0.1", store.Event{Action: audit.PersonUpdate, ObjectType: "person", ObjectID: "11", OrgPath: b1.Path,
			Result: audit.OK, Detail: "手机号：138****5678 → 139****5678 #" + string(rune('A'+i%26))})
	}
	for range 3 {
		event("", "192.0.2.7", store.Event{Action: audit.LoginFailed, ObjectType: "account", ObjectID: "lina", Result: audit.Refused,
			Detail: "<script>alert(1)</script>"})
	}
	for range 2 {
		event("王芳", "10.0.0.2", store.Event{Action: audit.PersonUnmasked, ObjectType: "person", ObjectID: "21", OrgPath: b2.Path, Result: audit.OK})
	}

	get := func(a zhibu.Actor, target string) (int, string) {
		t.Helper()
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, target, nil)
		ui.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), a)))
		return w.Code, w.Body.String()
	}
	rows := func(body string) int { return max(strings.Count(body, "<tr>")-1, 0) }
	today := zhibu.Today(time.Now()).String()

	for _, x := range []struct {
		name   string
		actor  zhibu.Actor
		target string
		status int
		rows   int
		texts  []string
	}{
		{"first page", admin, "/admin/audit", 200, 100, []string{fmt.Sprintf("全部记录共%d条", setup+155), "第1页，共2页",
			`href="/admin/audit?page=2"`, fmt.Sprintf("<td class=\"num\">%d</td>", setup+155), "查看完整身份证号或手机号", "第二党支部", "10.0.0.2"}},
		{"second page", admin, "/admin/audit?page=2", 200, setup + 55, []string{"上一页", "<td class=\"num\">1</td>"}},
		{"a page past the end", admin, "/admin/audit?page=9", 200, 0, []string{"第9页没有记录（共2页）", `href="/admin/audit"`}},
		{"actor", admin, "/admin/audit?actor=%E7%8E%8B%E8%8A%B3", 200, 2, []string{"符合条件的记录共2条", "第二党支部"}},
		{"result", admin, "/admin/audit?result=refused", 200, 3, []string{"登录失败", "未登录", "&lt;script&gt;", `<span class="badge warn">拒绝</span>`}},
		{"action prefix", admin, "/admin/audit?action=person.view", 200, 2, nil},
		{"object", admin, "/admin/audit?object_type=person&object_id=11&page=2", 200, 50, []string{"第2页，共2页", `href="/admin/audit?object_id=11&amp;object_type=person"`}},
		{"org", admin, "/admin/audit?org=B2&action=person", 200, 2, nil},
		{"dates", admin, "/admin/audit?from=" + today + "&to=" + today + "&action=person", 200, 100, []string{"共152条"}},
		{"before", admin, "/admin/audit?to=2020-01-01", 200, 0, []string{"没有符合条件的审计记录"}},
		{"bad date", admin, "/admin/audit?from=2026-13-01", 422, 0, []string{"起始日期：“2026-13-01”不是有效日期"}},
		{"dates reversed", admin, "/admin/audit?from=2026-03-02&to=2026-03-01", 422, 0, []string{"截止日期：不能早于起始日期"}},
		{"bad result", admin, "/admin/audit?result=maybe", 422, 0, []string{"不是可选的结果"}},
		{"unknown org", admin, "/admin/audit?org=NOPE", 422, 0, []string{"没有代码为“NOPE”"}},
		{"the branch's officer", officer, "/admin/audit", 200, 100, []string{fmt.Sprintf("全部记录共%d条", setupB1+150), "第一党支部"}},
		{"another branch", officer, "/admin/audit?org=B2", 422, 0, []string{"没有代码为“B2”"}},
		{"no right", zhibu.Actor{AccountID: 5, Name: "陈静", Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: b1.Path}}}, "/admin/audit", 403, 0, nil},
	} {
		status, body := get(x.actor, x.target)
		if status != x.status {
			t.Errorf("%s: status %d, want %d", x.name, status, x.status)
			continue
		}
		if status == 200 && rows(body) != x.rows {
			t.Errorf("%s: %d rows, want %d", x.name, rows(body), x.rows)
		}
		for _, text := range x.texts {
			if !strings.Contains(body, text) {
				t.Errorf("%s: no %q in the page", x.name, text)
			}
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("%s: detail not escaped", x.name)
		}
	}
	// The officer sees no record outside the branch, not even on page 2.
	if _, body := get(officer, "/admin/audit?page=2"); strings.Contains(body, "<td>第二党支部</td>") || strings.Contains(body, "未登录</span>") {
		t.Error("the branch's officer sees records of other orgs")
	}
}
