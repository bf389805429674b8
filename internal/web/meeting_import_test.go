package web_test

import (
	"bytes"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/register"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/web"
)

// uiAs is the fixture's UI serving every request as actor a.
func uiAs(t *testing.T, f *fixture, a zhibu.Actor) http.Handler {
	t.Helper()
	ui, err := web.New(f.s, service.New(f.s, service.Options{}), auth.New(f.s, nil), web.Options{Log: slog.New(slog.NewTextHandler(f.log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ui.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), a)))
	})
}

// uploadRegister posts a file to the register import form of org.
func (f *fixture) uploadRegister(org int64, name string, data []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, "/orgs/"+ids(org)+"/meetings/import", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return f.do(r)
}

// goodRegister is a register of 2025 for the fixture's branch as the
// export writes it: a committee meeting with a leave, a lecture, a group
// meeting and a cancelled themed day.
func goodRegister(t *testing.T) []byte {
	t.Helper()
	rows := []register.Row{
		{Meeting: zhibu.Meeting{Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: at(2025, 3, 5, 9, 30), Place: "三楼会议室",
			Topics: []string{"研究年度工作计划", "讨论发展对象"}}, OrgName: "第一党支部", ChairName: "李娜", RecorderName: "赵磊",
			Present: []string{"李娜", "赵磊"}, Excused: []string{"王芳（外出学习）"}},
		{Meeting: zhibu.Meeting{Type: zhibu.MeetLecture, Status: zhibu.MeetingHeld, StartsAt: at(2025, 3, 31, 23, 30), Topics: []string{"学习党章"}},
			OrgName: "第一党支部", ChairName: "李娜", LecturerName: "王芳", Present: []string{"李娜", "王芳", "赵磊", "张伟"}, Absent: []string{"刘洋"}},
		{Meeting: zhibu.Meeting{Type: zhibu.MeetGroup, Status: zhibu.MeetingHeld, StartsAt: at(2025, 4, 8, 16, 0), Topics: []string{"学习党章"}},
			OrgName: "第一党小组", ChairName: "王芳", Present: []string{"王芳", "李娜"}},
		{Meeting: zhibu.Meeting{Type: zhibu.MeetThemedDay, Status: zhibu.MeetingCancelled, StartsAt: at(2025, 5, 1, 8, 30), CancelReason: "上级通知推迟"},
			OrgName: "第一党支部"},
	}
	var buf bytes.Buffer
	if err := register.WriteXLSX(&buf, "第一党支部三会一课记录簿", 2025, rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A good register: previewed with its meetings and nothing saved, then
// confirmed: every meeting recorded with its attendance, as 补录, and on
// the meetings list.
func TestMeetingImport(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	wantBody(t, f.get(b+"/meetings"), http.StatusOK, `href="`+b+`/meetings/import"`, "导入记录簿")
	wantBody(t, f.get(b+"/meetings/import"), http.StatusOK, "导入三会一课记录簿：第一党支部", `enctype="multipart/form-data"`,
		`href="`+b+`/meetings/import/template.xlsx"`, "请假人员须在姓名后注明原因")
	tpl := f.get(b + "/meetings/import/template.xlsx")
	if tpl.Code != http.StatusOK || !strings.Contains(tpl.Header().Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("template: %d %v", tpl.Code, tpl.Header())
	}
	if text := xlsxText(t, tpl.Body.Bytes()); !containsAll(text, "日期", "组织", "主持人", "出席人员", "请假人员") {
		t.Errorf("template:\n%s", text)
	}
	// The empty template itself is refused, with its reason.
	wantBody(t, f.uploadRegister(f.branch.ID, "模板.xlsx", tpl.Body.Bytes()), http.StatusUnprocessableEntity, "表头下没有会议记录")

	w := f.uploadRegister(f.branch.ID, "记录簿.xlsx", goodRegister(t))
	wantBody(t, w, http.StatusOK, "记录簿.xlsx", "共读到4条会议记录", "确认导入4条会议记录", "2025-03-05 09:30", "2025-03-31 23:30",
		"支委会", "党课", "党小组会", "主题党日", "第一党小组", "已取消", "补录")
	if strings.Contains(w.Body.String(), "发现") {
		t.Errorf("problems in a good register:\n%s", w.Body.String())
	}
	if n := len(f.meetings()); n != 0 {
		t.Fatalf("the preview recorded %d meetings", n)
	}
	m := regexp.MustCompile(`name="token" value="([0-9a-f]{32})"`).FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no token in\n%s", w.Body.String())
	}
	confirm := b + "/meetings/import/confirm"
	done := f.post(confirm, url.Values{"token": {m[1]}})
	if loc := done.Header().Get("Location"); loc != b+"/meetings?year=2025" {
		t.Errorf("confirmed to %q", loc)
	}
	wantBody(t, f.follow(done), http.StatusOK, "已导入4条会议记录", "2025-03-05", "研究年度工作计划；讨论发展对象", "2025-04-08",
		"第一党小组", "补录", "支委会已召开1次")
	ms := f.meetings()
	if len(ms) != 4 {
		t.Fatalf("%d meetings recorded", len(ms))
	}
	committee, att, err := f.s.Meeting(sys, ms[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if committee.Type != zhibu.MeetCommittee || committee.ChairID != f.id("李娜") || committee.RecorderID != f.id("赵磊") ||
		committee.Expected != 3 || committee.Present != 2 || committee.Excused != 1 || !committee.Late() || len(att) != 3 {
		t.Fatalf("committee meeting %+v with %+v", committee, att)
	}
	for _, a := range att {
		if a.PersonID == f.id("王芳") && (a.Status != zhibu.AttendExcused || a.Reason != "外出学习") {
			t.Errorf("王芳's attendance %+v", a)
		}
	}
	lecture, att, _ := f.s.Meeting(sys, ms[1].ID)
	if lecture.LecturerID != f.id("王芳") || lecture.Absent != 1 || len(att) != 5 ||
		!lecture.StartsAt.Equal(at(2025, 3, 31, 23, 30)) {
		t.Errorf("lecture %+v with %+v", lecture, att)
	}
	if ms[2].OrgID != f.g1.ID || ms[3].Status != zhibu.MeetingCancelled || ms[3].CancelReason != "上级通知推迟" {
		t.Errorf("group meeting %+v, themed day %+v", ms[2], ms[3])
	}
	if n, detail := f.audited("meetings.bulk", "ok"); n != 1 || !strings.Contains(detail, "4次") {
		t.Errorf("audit: %d %q", n, detail)
	}

	// The upload is gone: a second confirmation imports nothing; the same
	// file again is refused, every meeting being there already.
	wantBody(t, f.post(confirm, url.Values{"token": {m[1]}}), http.StatusUnprocessableEntity, "已过期")
	wantBody(t, f.post(confirm, url.Values{"token": {"../etc"}}), http.StatusUnprocessableEntity, "已过期")
	w = f.uploadRegister(f.branch.ID, "记录簿.xlsx", goodRegister(t))
	wantBody(t, w, http.StatusUnprocessableEntity, "发现4处问题", "系统中已有这次会议（2025-03-05 09:30 支委会，已召开）")
	if len(f.meetings()) != 4 {
		t.Fatal("a second import recorded again")
	}
}

// brokenRegister is a branch's own register with a problem in most rows,
// written cell by cell.
func brokenRegister(t *testing.T) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", "支委会")
	rows := [][]any{
		{"日期", "时间", "组织", "主题", "主持人", "出席", "请假", "缺席", "备注", "授课人"},
		{"2025-03-05", "09:30", "第一党支部", "正常的一行", "李娜", "李娜、赵磊", "王芳（出差）", nil, nil},
		{"2025-02-30", "09:30", "第一党支部", "没有这一天", "李娜"},
		{"2025-03-06", "09:30", "第九党小组", "没有这个组织", "李娜"},
		{"2025-03-07", "09:30", "第一党支部", "不是成员", "孙八"},
		{"2025-03-08", "09:30", "第一党支部", "请假没有原因", "李娜", "李娜", "王芳"},
		{"2025-03-09", "09:30", "第一党支部", "同名", "张伟"},
		{"2099-03-10", "09:30", "第一党支部", "还没到", "李娜"},
		{"2025-03-11", "09:30", "第一党支部", "已有", "李娜"},
		{"2025-03-12", "09:30", "第一党支部", "支委会没有授课人", "李娜", nil, nil, nil, nil, "李娜"},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("支委会", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A broken register lists every problem by sheet, row and column, saves
// nothing and offers no confirmation.
func TestMeetingImportProblems(t *testing.T) {
	f := newFixture(t)
	// A second 张伟 in the branch: the name is ambiguous there.
	if _, err := f.s.CreatePerson(sys, person("张伟", zhibu.FullMember, f.branch.ID, 0)); err != nil {
		t.Fatal(err)
	}
	f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: at(2025, 3, 11, 9, 30)}, nil)
	w := f.uploadRegister(f.branch.ID, "broken.xlsx", brokenRegister(t))
	wantBody(t, w, http.StatusUnprocessableEntity, "发现8处问题，未导入任何会议记录", "以下列无法识别，已忽略：备注",
		"<td>支委会</td><td class=\"num\">3</td><td>日期</td><td class=\"wrap-cell\">“2025-02-30”不是有效日期</td>",
		"<td>支委会</td><td class=\"num\">4</td><td>组织</td><td class=\"wrap-cell\">本支部及其党小组中没有“第九党小组”</td>",
		"<td>支委会</td><td class=\"num\">5</td><td>主持人</td><td class=\"wrap-cell\">“孙八”不是“第一党支部”的成员</td>",
		"<td>支委会</td><td class=\"num\">6</td><td>请假</td><td class=\"wrap-cell\">王芳请假须填写原因，请写在姓名后的括号中，如王芳（出差）</td>",
		"<td>支委会</td><td class=\"num\">7</td><td>主持人</td><td class=\"wrap-cell\">“第一党支部”有2人名为“张伟”，无法确定是哪一位",
		"<td>支委会</td><td class=\"num\">8</td><td>日期</td><td class=\"wrap-cell\">已召开的会议不能晚于当前时间",
		"<td>支委会</td><td class=\"num\">9</td><td>日期</td><td class=\"wrap-cell\">系统中已有这次会议",
		"<td>支委会</td><td class=\"num\">10</td><td>授课人</td><td class=\"wrap-cell\">只有党课填写授课人，此行是支委会</td>")
	if body := w.Body.String(); strings.Contains(body, "确认导入") || strings.Contains(body, `name="token"`) {
		t.Error("a register with problems offers the confirmation")
	}
	if n := len(f.meetings()); n != 1 {
		t.Fatalf("%d meetings after a refused register", n)
	}

	// Files refused outright, and one too large: the form again, never 500.
	wantBody(t, f.uploadRegister(f.branch.ID, "x.xlsx", []byte("日期,组织\n")), http.StatusUnprocessableEntity, "文件不是xlsx格式", "上传记录簿")
	wantBody(t, f.uploadRegister(f.branch.ID, "x.xlsx", nil), http.StatusUnprocessableEntity, "文件是空的")
	wantBody(t, f.uploadRegister(f.branch.ID, "x.xlsx", []byte("PK\x03\x04garbage")), http.StatusUnprocessableEntity, "上传记录簿")
	wantBody(t, f.post("/orgs/"+ids(f.branch.ID)+"/meetings/import", url.Values{"x": {"1"}}), http.StatusUnprocessableEntity, "请选择要导入的记录簿文件")
	big := bytes.Repeat([]byte("x"), int(11<<20)+10)
	wantBody(t, f.uploadRegister(f.branch.ID, "big.xlsx", big), http.StatusRequestEntityTooLarge, "文件过大")
	// The committee holds no meetings.
	wantBody(t, f.uploadRegister(f.committee.ID, "记录簿.xlsx", goodRegister(t)), http.StatusNotFound, "不召开三会一课")
}

// A problem that appears between the preview and the confirmation: nothing
// is recorded, and the kept file is gone.
func TestMeetingImportChangedMeanwhile(t *testing.T) {
	f := newFixture(t)
	w := f.uploadRegister(f.branch.ID, "记录簿.xlsx", goodRegister(t))
	m := regexp.MustCompile(`name="token" value="([0-9a-f]{32})"`).FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no token in\n%s", w.Body.String())
	}
	f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: at(2025, 3, 5, 9, 30)}, nil)
	confirm := "/orgs/" + ids(f.branch.ID) + "/meetings/import/confirm"
	w = f.post(confirm, url.Values{"token": {m[1]}})
	wantBody(t, w, http.StatusUnprocessableEntity, "导入未完成，没有保存任何会议记录", "发现1处问题", "系统中已有这次会议（2025-03-05 09:30 支委会，已召开）")
	if strings.Contains(w.Body.String(), "确认导入") {
		t.Error("a refused confirmation offers the confirmation again")
	}
	if n := len(f.meetings()); n != 1 {
		t.Fatalf("%d meetings after a refused confirmation", n)
	}
	wantBody(t, f.post(confirm, url.Values{"token": {m[1]}}), http.StatusUnprocessableEntity, "已过期")

}

// Importing is recording meetings: a member who may read the branch but
// not record its meetings gets 403 and no button; a group leader imports
// their group's meetings only.
func TestMeetingImportRights(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	member := f.actor("纪检委员")
	for _, tc := range []struct{ method, path string }{
		{"GET", b + "/meetings/import"}, {"POST", b + "/meetings/import"}, {"POST", b + "/meetings/import/confirm"},
		{"GET", b + "/meetings/import/template.xlsx"},
	} {
		var form url.Values
		if tc.method == "POST" {
			form = url.Values{"token": {strings.Repeat("a", 32)}}
		}
		wantBody(t, f.as(member, tc.method, tc.path, form), http.StatusForbidden, "无权")
	}
	if body := f.as(member, "GET", b+"/meetings", nil).Body.String(); strings.Contains(body, "/meetings/import") {
		t.Error("a reader is offered the import")
	}

	// The leader of 第一党小组 may import into the group, where the
	// branch's meetings are unknown.
	g := "/orgs/" + ids(f.g1.ID)
	leader := zhibu.Actor{AccountID: 31, Name: "组长", Scope: zhibu.Scope{Paths: []string{f.g1.Path}},
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: f.g1.Path}, {Perm: zhibu.PermMeetingWrite, Path: f.g1.Path}}}
	wantBody(t, f.as(leader, "GET", g+"/meetings/import", nil), http.StatusOK, "导入三会一课记录簿：第一党小组")
	wantBody(t, f.as(leader, "GET", b+"/meetings/import", nil), http.StatusNotFound)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "记录簿.xlsx")
	fw.Write(goodRegister(t))
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, g+"/meetings/import", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	w := httptest.NewRecorder()
	uiAs(t, f, leader).ServeHTTP(w, r)
	wantBody(t, w, http.StatusUnprocessableEntity, "本支部及其党小组中没有“第一党支部”")
	if ms, _ := f.s.Meetings(sys, store.MeetingFilter{OrgID: f.branch.ID}); len(ms) != 0 {
		t.Fatalf("%d meetings recorded", len(ms))
	}
}
