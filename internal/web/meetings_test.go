package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// meetings lists the branch's meetings (with its groups').
func (f *fixture) meetings() []zhibu.Meeting {
	f.t.Helper()
	ms, err := f.s.Meetings(sys, store.MeetingFilter{OrgID: f.branch.ID})
	if err != nil {
		f.t.Fatal(err)
	}
	return ms
}

// saveMeeting stores a meeting directly.
func (f *fixture) saveMeeting(m zhibu.Meeting, att []zhibu.Attendance) zhibu.Meeting {
	f.t.Helper()
	saved, err := f.s.SaveMeeting(sys, m, att)
	if err != nil {
		f.t.Fatal(err)
	}
	return saved
}

func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, zhibu.DefaultZone)
}

var attIDsRe = regexp.MustCompile(`name="att_ids" value="([0-9,]*)"`)

// committeeForm is a held committee meeting on 2025-06-10 at 14:30 as the
// form posts it, after 刷新应到人员 listed the committee of that day.
func (f *fixture) committeeForm() url.Values {
	f.t.Helper()
	v := url.Values{"type": {"committee"}, "status": {"held"}, "date": {"2025-06-10"}, "time": {"14:30"}, "place": {"三楼会议室"},
		"chair_id": {ids(f.id("李娜"))}, "recorder_id": {ids(f.id("赵磊"))}, "topics": {"研究发展党员工作\r\n\r\n部署六月工作"},
		"minutes":    {"# 会议记录\n会议由书记主持。\n- 通报情况\n- 研究工作"},
		"res_text_1": {"同意确定刘洋为发展对象"}, "res_for_1": {"2"}, "res_against_1": {"0"}, "res_abstain_1": {"0"},
		"att_" + ids(f.id("李娜")): {"present"}, "att_" + ids(f.id("王芳")): {"excused"}, "reason_" + ids(f.id("王芳")): {"外出学习"},
		"att_" + ids(f.id("赵磊")): {"absent"}}
	refresh := merged(v, url.Values{"refresh": {"1"}})
	w := f.post("/orgs/"+ids(f.branch.ID)+"/meetings", refresh)
	wantBody(f.t, w, http.StatusOK, "李娜", "王芳", "赵磊", "2025年6月10日")
	m := attIDsRe.FindStringSubmatch(w.Body.String())
	if m == nil {
		f.t.Fatalf("no att_ids in the form:\n%s", w.Body.String())
	}
	v.Set("att_ids", m[1])
	return v
}

// A held committee meeting recorded through the form: the attendance
// gives the counts, a record made after its day is 补录, and the pages
// show it.
func TestMeetingRecord(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	v := f.committeeForm()
	if strings.Count(v.Get("att_ids"), ",") != 2 {
		t.Fatalf("expected at the committee meeting: %q", v.Get("att_ids"))
	}
	page := f.follow(f.post(b+"/meetings", v))
	wantBody(t, page, http.StatusOK, "已录入会议：2025年6月10日 支委会（补录）", "三楼会议室", "研究发展党员工作", "部署六月工作",
		"王芳（外出学习）", "<h3>会议记录</h3>", "<li>通报情况</li>", "同意确定刘洋为发展对象", "通过", "过半数", "未报备", "报备上级", "编辑")
	ms := f.meetings()
	if len(ms) != 1 {
		t.Fatalf("%d meetings saved", len(ms))
	}
	m, att, err := f.s.Meeting(sys, ms[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Expected != 3 || m.Present != 1 || m.Excused != 1 || m.Absent != 1 || len(att) != 3 || !m.Late() ||
		!m.StartsAt.Equal(at(2025, 6, 10, 14, 30)) || m.ChairID != f.id("李娜") || len(m.Topics) != 2 ||
		len(m.Resolutions) != 1 || m.Resolutions[0].Entitled != 3 || !m.Resolutions[0].Passed() {
		t.Fatalf("saved %+v with %+v", m, att)
	}
	if !strings.HasPrefix(m.Minutes, "# 会议记录\n") {
		t.Errorf("minutes stored as %q", m.Minutes)
	}

	// The year's list, filtered by type, and the edit form.
	wantBody(t, f.get(b+"/meetings?year=2025"), http.StatusOK, "2025-06-10", "14:30", "支委会", "第一党支部", "研究发展党员工作；部署六月工作",
		"李娜", "补录", "未报备", "已召开", "新建会议", "支委会已召开1次")
	if body := f.get(b + "/meetings?year=2025&type=assembly").Body.String(); strings.Contains(body, "2025-06-10") {
		t.Error("the type filter lists a committee meeting as an assembly")
	}
	if body := f.get(b + "/meetings?year=2024").Body.String(); strings.Contains(body, "2025-06-10") {
		t.Error("the 2024 list shows a 2025 meeting")
	}
	mid := "/meetings/" + ids(m.ID)
	wantBody(t, f.get(mid+"/edit"), http.StatusOK, "编辑会议", `value="2025-06-10"`, `value="14:30"`, `value="外出学习"`,
		`value="excused" checked`, `value="absent" checked`, "同意确定刘洋为发展对象")

	// An edit: 王芳 attended after all.
	v.Set("att_"+ids(f.id("王芳")), "present")
	v.Set("place", "党员活动室")
	wantBody(t, f.follow(f.post(mid, v)), http.StatusOK, "已保存会议", "党员活动室")
	if m, _, _ = f.s.Meeting(sys, m.ID); m.Present != 2 || m.Excused != 0 || m.Place != "党员活动室" {
		t.Errorf("after the edit: %+v", m)
	}
}

func TestMeetingPages(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	held := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
		StartsAt: at(2025, 3, 31, 23, 30), ChairID: f.id("李娜"), Topics: []string{"季度工作"}}, []zhibu.Attendance{
		{PersonID: f.id("李娜"), Status: zhibu.AttendPresent}, {PersonID: f.id("王芳"), Status: zhibu.AttendExcused, Reason: "病假"},
		{PersonID: f.id("赵磊"), Status: zhibu.AttendPresent}})
	group := f.saveMeeting(zhibu.Meeting{OrgID: f.g1.ID, Type: zhibu.MeetGroup, Status: zhibu.MeetingHeld, StartsAt: at(2025, 4, 2, 9, 0)}, nil)
	planned := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetLecture, Status: zhibu.MeetingPlanned,
		StartsAt: time.Now().AddDate(0, 1, 0), Topics: []string{"学习党章"}}, nil)
	year := ids(int64(time.Now().In(zhibu.DefaultZone).AddDate(0, 1, 0).Year()))
	for _, tc := range []struct {
		path  string
		texts []string
	}{
		{b, []string{`href="` + b + `/meetings"`, "三会一课"}},
		{b + "/meetings?year=2025", []string{"第一党支部 · 三会一课", "2025年共2条", "2025-03-31", "23:30", "第一党小组", "党小组会", "新建会议",
			"第一党小组：新建党小组会", "季度工作"}},
		{b + "/meetings?year=" + year, []string{"党课", "计划", "学习党章"}},
		{b + "/meetings?year=abc&type=bogus", []string{"三会一课"}},
		{b + "/meetings/new", []string{"第一党支部：新建会议", "刷新应到人员", "支委会", "支部党员大会", "李娜", "赵磊", "王芳", "主持人", "授课人", "表决事项"}},
		{b + "/meetings/new?type=assembly&status=planned", []string{`value="assembly" selected`, `value="planned" selected`}},
		{"/orgs/" + ids(f.g1.ID) + "/meetings/new", []string{"第一党小组：新建会议", `value="group"`, "李娜", "王芳"}},
		{"/orgs/" + ids(f.committee.ID) + "/meetings?year=2025", []string{"2025-03-31", "第一党小组"}},
		{"/meetings/" + ids(held.ID), []string{"2025年3月31日 支委会", "23:30", "应到", "病假", "李娜", "季度工作", "补录", "录入时间", "报备上级"}},
		{"/meetings/" + ids(group.ID), []string{"党小组会", "第一党小组"}},
		{"/meetings/" + ids(planned.ID), []string{"党课", "计划", "取消会议", "取消原因"}},
		{"/meetings/" + ids(planned.ID) + "/edit", []string{"编辑会议", "学习党章"}},
		{"/filings", []string{"待确认的报备", "没有待确认的报备"}},
	} {
		t.Run(tc.path, func(t *testing.T) { wantBody(t, f.get(tc.path), http.StatusOK, tc.texts...) })
	}
	// A planned meeting shows no 报备 button; the branch committee cannot
	// hold a group meeting.
	if body := f.get("/meetings/" + ids(planned.ID)).Body.String(); strings.Contains(body, "报备上级</button>") {
		t.Error("a planned lecture offers filing")
	}
	for _, path := range []string{"/meetings/99999", "/meetings/abc", "/meetings/99999/edit", "/orgs/" + ids(f.committee.ID) + "/meetings/new"} {
		wantBody(t, f.get(path), http.StatusNotFound, "未找到")
	}
	wantBody(t, f.post("/meetings/99999/file", nil), http.StatusNotFound)
}

// Bad input answers 422 with every problem beside its field, keeps what
// was typed, and saves nothing; no input is an internal error.
func TestMeetingFormProblems(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	good := f.committeeForm()
	wang := ids(f.id("王芳"))
	for _, tc := range []struct {
		name  string
		form  url.Values
		texts []string
	}{
		{"empty", url.Values{}, []string{"会议类型：请选择会议类型", "会议日期：不能为空", "开始时间：不能为空"}},
		{"bad values", merged(good, url.Values{"time": {"25:00"}, "date": {"2025-02-30"}, "chair_id": {"abc"}, "res_for_1": {"-3"},
			"reason_" + wang: {""}, "status": {"bogus"}, "place": {strings.Repeat("地", 61)}}),
			[]string{"开始时间：“25:00”不是有效时间", "会议日期：“2025-02-30”不是有效日期", "主持人：所选人员不存在",
				"第1项表决赞成票：“-3”应为不小于0的整数", "会议状态：", "会议地点：不能超过60个字", `value="25:00"`, `id="e-time"`, `aria-invalid="true"`}},
		{"excused without reason", merged(good, url.Values{"reason_" + wang: {""}}), []string{"王芳请假须填写原因", `id="e-att_` + wang + `"`}},
		{"unknown people", merged(good, url.Values{"chair_id": {"99999"}, "recorder_id": {ids(f.id("陈静"))}}), []string{"主持人：应为本支部的人员"}},
		{"held in the future", merged(good, url.Values{"date": {"2099-01-01"}, "refresh": {""}}), []string{"已召开的会议不能晚于当前时间"}},
		{"day changed without refresh", merged(good, url.Values{"date": {"2024-01-10"}}), []string{"应到人员已按会议日期和类型重新列出"}},
		{"group meeting of a branch", merged(good, url.Values{"type": {"group"}}), []string{"党支部不召开党小组会"}},
		{"lecture without lecturer", merged(good, url.Values{"type": {"lecture"}, "att_ids": {""}}), []string{"授课人：党课须填写授课人"}},
		{"votes", merged(good, url.Values{"res_for_1": {"5"}, "res_entitled_1": {"3"}, "res_text_2": {""}, "res_for_2": {"1"}}),
			[]string{"第1项表决：赞成、反对、弃权票数之和不能多于", "第2项表决：表决事项不能为空"}},
		{"junk", url.Values{"type": {"\x00"}, "status": {"held"}, "date": {"\xff"}, "time": {"99999999999999999999:00"},
			"res_for_1": {"99999999999999999999"}, "att_ids": {"1,2,x"}, "lecturer_id": {"-1"}}, []string{"会议类型："}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := f.post(b+"/meetings", tc.form)
			wantBody(t, w, http.StatusUnprocessableEntity, append(tc.texts, "提交的内容有", "请修改后重新提交")...)
			if n := len(f.meetings()); n != 0 {
				t.Fatalf("a refused form saved %d meetings", n)
			}
		})
	}
	// The same for an edit.
	m := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingPlanned, StartsAt: at(2025, 5, 1, 9, 0)}, nil)
	wantBody(t, f.post("/meetings/"+ids(m.ID), url.Values{"type": {"assembly"}, "status": {"planned"}, "date": {"2025-05-01"}, "time": {"9点"}}),
		http.StatusUnprocessableEntity, "开始时间：“9点”不是有效时间")
	if got, _, _ := f.s.Meeting(sys, m.ID); !got.StartsAt.Equal(m.StartsAt) {
		t.Error("a refused edit changed the meeting")
	}
}

// Filing: submitted, returned with a note, resubmitted, acknowledged.
func TestMeetingFiling(t *testing.T) {
	f := newFixture(t)
	m := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: at(2025, 3, 5, 9, 0)}, nil)
	mid := "/meetings/" + ids(m.ID)
	filing := func() zhibu.Meeting {
		got, _, err := f.s.Meeting(sys, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	wantBody(t, f.post(mid+"/review", url.Values{"ack": {"1"}}), http.StatusUnprocessableEntity, "该会议未在待确认状态")
	wantBody(t, f.follow(f.post(mid+"/file", nil)), http.StatusOK, "已报备上级", "确认", "退回")
	if got := filing(); got.Filing != zhibu.FilingSubmitted || got.FiledAt.IsZero() {
		t.Fatalf("after filing: %s", got.Filing)
	}
	wantBody(t, f.post(mid+"/file", nil), http.StatusUnprocessableEntity, "已报备，无需重复")
	wantBody(t, f.get("/filings"), http.StatusOK, "待确认（1）", "第一党支部", "支委会", "2025-03-05")

	w := f.post(mid+"/review", url.Values{"ack": {"0"}, "note": {""}})
	wantBody(t, w, http.StatusUnprocessableEntity, "退回意见：退回时须说明原因")
	wantBody(t, f.follow(f.post(mid+"/review", url.Values{"ack": {"0"}, "note": {"请补充会议记录"}})), http.StatusOK,
		"已退回报备", "已退回", "请补充会议记录", "重新报备上级")
	if got := filing(); got.Filing != zhibu.FilingReturned || got.FilingNote != "请补充会议记录" {
		t.Fatalf("after return: %s %q", got.Filing, got.FilingNote)
	}
	wantBody(t, f.get("/filings"), http.StatusOK, "没有待确认的报备")
	wantBody(t, f.follow(f.post(mid+"/file", nil)), http.StatusOK, "已重新报备上级")
	w = f.post(mid+"/review", url.Values{"ack": {"1"}, "next": {"/filings"}})
	if loc := w.Header().Get("Location"); loc != "/filings" {
		t.Errorf("review from the list goes to %q", loc)
	}
	wantBody(t, f.follow(w), http.StatusOK, "已确认报备")
	if got := filing(); got.Filing != zhibu.FilingAcknowledged || got.AckAt.IsZero() {
		t.Fatalf("after acknowledgement: %s", got.Filing)
	}
	wantBody(t, f.get(mid), http.StatusOK, "上级已确认")
}

func TestMeetingCancel(t *testing.T) {
	f := newFixture(t)
	m := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingPlanned, StartsAt: time.Now().AddDate(0, 0, 7)}, nil)
	mid := "/meetings/" + ids(m.ID)
	wantBody(t, f.post(mid+"/cancel", url.Values{"cancel_reason": {""}}), http.StatusUnprocessableEntity, "取消原因：不能为空", `id="e-cancel_reason"`)
	wantBody(t, f.follow(f.post(mid+"/cancel", url.Values{"cancel_reason": {"上级临时部署任务"}})), http.StatusOK,
		"已取消会议", "已取消", "取消原因：上级临时部署任务")
	if got, _, _ := f.s.Meeting(sys, m.ID); got.Status != zhibu.MeetingCancelled {
		t.Errorf("status %s", got.Status)
	}
	wantBody(t, f.post(mid+"/cancel", url.Values{"cancel_reason": {"再次"}}), http.StatusUnprocessableEntity, "只有计划中的会议可以取消")
	held := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: at(2025, 1, 5, 9, 0)}, nil)
	wantBody(t, f.post("/meetings/"+ids(held.ID)+"/cancel", url.Values{"cancel_reason": {"x"}}), http.StatusUnprocessableEntity, "已召开的会议不能取消")
	wantBody(t, f.post("/meetings/"+ids(held.ID), url.Values{"type": {"assembly"}, "status": {"cancelled"}, "cancel_reason": {"x"},
		"date": {"2025-01-05"}, "time": {"09:00"}}), http.StatusUnprocessableEntity, "已召开的会议不能取消")
	if got, _, _ := f.s.Meeting(sys, held.ID); got.Status != zhibu.MeetingHeld {
		t.Errorf("a held meeting was cancelled by an edit: %s", got.Status)
	}
}

// Who may do what: reading the branch is not recording its meetings, and
// recording them is not reviewing their filings.
func TestMeetingRights(t *testing.T) {
	f := newFixture(t)
	m := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: at(2025, 3, 5, 9, 0)}, nil)
	planned := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingPlanned, StartsAt: time.Now().AddDate(0, 0, 7)}, nil)
	mid := "/meetings/" + ids(m.ID)
	b := "/orgs/" + ids(f.branch.ID)
	good := f.committeeForm()

	member := f.actor("纪检委员")
	wantBody(t, f.as(member, "GET", mid, nil), http.StatusOK, "支委会")
	if body := f.as(member, "GET", mid, nil).Body.String(); strings.Contains(body, "编辑</a>") || strings.Contains(body, "报备上级</button>") {
		t.Error("a reader is offered the writers' buttons")
	}
	if body := f.as(member, "GET", b+"/meetings", nil).Body.String(); strings.Contains(body, "新建会议</a>") {
		t.Error("a reader is offered 新建会议")
	}
	for _, tc := range []struct{ method, path string }{
		{"GET", b + "/meetings/new"}, {"POST", b + "/meetings"}, {"GET", mid + "/edit"}, {"POST", mid},
		{"POST", "/meetings/" + ids(planned.ID) + "/cancel"}, {"POST", mid + "/file"}, {"POST", mid + "/review"}, {"GET", "/filings"},
	} {
		form := good
		if tc.method == "GET" {
			form = nil
		}
		wantBody(t, f.as(member, tc.method, tc.path, form), http.StatusForbidden, "无权")
	}
	if n := len(f.meetings()); n != 2 {
		t.Fatalf("%d meetings after refused posts", n)
	}

	// The organization officer records and files, but does not review.
	officer := f.actor("组织委员", zhibu.PermMeetingWrite)
	if w := f.as(officer, "POST", b+"/meetings", good); w.Code != http.StatusSeeOther {
		t.Fatalf("officer records: %d\n%s", w.Code, w.Body.String())
	}
	if w := f.as(officer, "POST", mid+"/file", url.Values{}); w.Code != http.StatusSeeOther {
		t.Fatalf("officer files: %d", w.Code)
	}
	wantBody(t, f.as(officer, "POST", mid+"/review", url.Values{"ack": {"1"}}), http.StatusForbidden)

	// The superior reviews the filings of its subtree.
	superior := zhibu.Actor{AccountID: 77, Name: "上级", Scope: zhibu.Scope{Paths: []string{f.committee.Path}},
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: f.committee.Path}, {Perm: zhibu.PermFilingReview, Path: f.committee.Path}}}
	wantBody(t, f.as(superior, "GET", "/filings", nil), http.StatusOK, "待确认（1）", "第一党支部")
	wantBody(t, f.as(superior, "GET", mid, nil), http.StatusOK, `action="/meetings/`+ids(m.ID)+`/review"`)
	wantBody(t, f.as(superior, "POST", mid, good), http.StatusForbidden)
	if w := f.as(superior, "POST", mid+"/review", url.Values{"ack": {"1"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("superior acknowledges: %d\n%s", w.Code, w.Body.String())
	}

	// Outside the scope a meeting does not exist.
	other := f.org(zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: f.committee.ID})
	stranger := zhibu.Actor{AccountID: 78, Name: "他人", Scope: zhibu.Scope{Paths: []string{other.Path}},
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: other.Path}, {Perm: zhibu.PermMeetingWrite, Path: other.Path}}}
	for _, tc := range []struct{ method, path string }{{"GET", mid}, {"POST", mid}, {"POST", mid + "/file"}, {"GET", b + "/meetings"}} {
		var form url.Values
		if tc.method == "POST" {
			form = good
		}
		wantBody(t, f.as(stranger, tc.method, tc.path, form), http.StatusNotFound)
	}
}

// The minutes are shown as Markdown, and nothing typed becomes markup.
func TestMeetingMinutesEscaped(t *testing.T) {
	f := newFixture(t)
	m := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: at(2025, 3, 5, 9, 0),
		Minutes: "## 议程\n1. **表决**<script>alert(1)</script>\n2. 其他\n\n<img src=x onerror=alert(1)>"}, nil)
	w := f.get("/meetings/" + ids(m.ID))
	wantBody(t, w, http.StatusOK, "<h4>议程</h4>", "<ol>", "<strong>表决</strong>&lt;script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
	if strings.Contains(w.Body.String(), "<script>alert") || strings.Contains(w.Body.String(), "<img src=x") {
		t.Error("the minutes inject markup")
	}
}

// The year's register and a meeting's minutes download.
func TestMeetingDownloads(t *testing.T) {
	f := newFixture(t)
	v := f.committeeForm()
	f.follow(f.post("/orgs/"+ids(f.branch.ID)+"/meetings", v))
	m := f.meetings()[0]
	b := "/orgs/" + ids(f.branch.ID)
	wantBody(t, f.get(b+"/meetings?year=2025"), http.StatusOK, `href="`+b+`/meetings/register.xlsx?year=2025"`, "导出记录簿")

	w := f.get(b + "/meetings/register.xlsx?year=2025")
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("register: %d %v", w.Code, w.Header())
	}
	if text := xlsxText(t, w.Body.Bytes()); !containsAll(text, "2025-06-10", "研究发展党员工作", "李娜", "王芳（外出学习）", "赵磊") {
		t.Errorf("register:\n%s", text)
	}

	w = f.get("/meetings/" + ids(m.ID) + "/minutes.docx")
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "wordprocessingml") {
		t.Fatalf("minutes: %d %v", w.Code, w.Header())
	}
	zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			rc, _ := zf.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			doc = string(data)
		}
	}
	if !containsAll(doc, "三楼会议室", "研究发展党员工作", "王芳（外出学习）") {
		t.Errorf("minutes document:\n%s", doc)
	}
	wantBody(t, f.get("/meetings/"+ids(m.ID)), http.StatusOK, "下载会议记录")
	wantBody(t, f.get("/meetings/99999/minutes.docx"), http.StatusNotFound)
}
