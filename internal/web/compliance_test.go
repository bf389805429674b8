package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/web"
)

// at is a local time in Beijing.
func csAt(y int, m time.Month, d, hh int) time.Time {
	return time.Date(y, m, d, hh, 0, 0, 0, zhibu.DefaultZone)
}

// compliance is the UI fixture with a first half of 2025 recorded: the
// branch's committee met in January, March and April (April's without
// minutes), held an assembly in February and the secretary's lecture in
// March; the first group met in January, the second never.
type csFixture struct {
	*fixture
	jan, apr zhibu.Meeting
}

// csAsOf is the day the tests check 2025 as of.
const csAsOf = "2025-06-15"

func newCompliance(t *testing.T) *csFixture {
	t.Helper()
	f := newFixture(t)
	c := &csFixture{fixture: f}
	li, wang, zhao := f.id("李娜"), f.id("王芳"), f.id("赵磊")
	save := func(m zhibu.Meeting) zhibu.Meeting {
		t.Helper()
		m.Status = zhibu.MeetingHeld
		if m.Minutes == "-" {
			m.Minutes = ""
		} else {
			m.Minutes = "会议记录。"
		}
		saved, err := f.s.SaveMeeting(sys, m, nil)
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	b := f.branch.ID
	c.jan = save(zhibu.Meeting{OrgID: b, Type: zhibu.MeetCommittee, StartsAt: csAt(2025, 1, 10, 9), ChairID: li, RecorderID: zhao, Expected: 3, Present: 3})
	save(zhibu.Meeting{OrgID: b, Type: zhibu.MeetAssembly, StartsAt: csAt(2025, 2, 20, 9), ChairID: li, RecorderID: zhao, Expected: 4, Present: 4})
	save(zhibu.Meeting{OrgID: b, Type: zhibu.MeetCommittee, StartsAt: csAt(2025, 3, 5, 9), ChairID: li, RecorderID: zhao, Expected: 3, Present: 1, Absent: 2})
	save(zhibu.Meeting{OrgID: b, Type: zhibu.MeetLecture, StartsAt: csAt(2025, 3, 28, 15), LecturerID: li, RecorderID: zhao})
	c.apr = save(zhibu.Meeting{OrgID: b, Type: zhibu.MeetCommittee, StartsAt: csAt(2025, 4, 8, 9), ChairID: li, Minutes: "-", Expected: 3, Present: 3})
	save(zhibu.Meeting{OrgID: f.g1.ID, Type: zhibu.MeetGroup, StartsAt: csAt(2025, 1, 16, 14), ChairID: wang, RecorderID: wang})
	return c
}

// as serves the UI to a person with the positions given, their rights
// derived as at login.
func (c *csFixture) as(t *testing.T, personID int64, holdings ...zhibu.Holding) http.Handler {
	t.Helper()
	ui, err := web.New(c.s, service.New(c.s, service.Options{}), auth.New(c.s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	roles, grants, scope := zhibu.Rights(personID, holdings, nil)
	a := zhibu.Actor{AccountID: 99, PersonID: personID, Name: "测试", Roles: roles, Grants: grants, Scope: scope}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ui.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), a)))
	})
}

func csGet(h http.Handler, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	return w
}

// cell is the calendar cell of a row (by rule id, within the section that
// begins at the subject's name, "" for the org's own) for a month.
func calCell(t *testing.T, page, section, rule string, month int) string {
	t.Helper()
	if section != "" {
		_, page, _ = strings.Cut(page, `<th scope="rowgroup" colspan="14">`+section+`</th>`)
	}
	_, row, ok := strings.Cut(page, "<code>"+rule+"</code>")
	if !ok {
		t.Fatalf("no row %s in section %q", rule, section)
	}
	row, _, _ = strings.Cut(row, "</tr>")
	cells := regexp.MustCompile(`(?s)<td class="cs[^"]*"(?: colspan="(\d+)")?.*?</td>`).FindAllStringSubmatch(row, -1)
	m := 0
	for _, c := range cells {
		span := 1
		if c[1] != "" {
			fmt.Sscan(c[1], &span)
		}
		m += span
		if m >= month {
			return c[0]
		}
	}
	t.Fatalf("row %s has no month %d: %s", rule, month, row)
	return ""
}

func wantCalCell(t *testing.T, page, section, rule string, month int, texts ...string) {
	t.Helper()
	c := calCell(t, page, section, rule, month)
	for _, s := range texts {
		if !strings.Contains(c, s) {
			t.Errorf("%s %s month %d: %q lacks %q", section, rule, month, c, s)
		}
	}
}

func TestComplianceCalendar(t *testing.T) {
	c := newCompliance(t)
	b := ids(c.branch.ID)
	w := c.get("/orgs/" + b + "/compliance?year=2025&as_of=" + csAsOf)
	wantBody(t, w, http.StatusOK, "第一党支部2025年合规日历", "检查截至2025年6月15日", "每月至少召开一次支委会",
		"《中国共产党支部工作条例（试行）》第十二条", "党内法规", "第一党小组", "第二党小组", "待办和问题（按期限排序）")
	page := w.Body.String()
	// Committee meetings: January held (linked to it), February missed
	// (linked to the form that records one), June still due, July not begun.
	wantCalCell(t, page, "", "meet.committee.monthly", 1, "cs-ok", "已完成", "1次", fmt.Sprintf(`href="/meetings/%d"`, c.jan.ID),
		"2025年1月已召开支委会1次")
	wantCalCell(t, page, "", "meet.committee.monthly", 2, "cs-overdue", "已逾期", "0次",
		`href="/orgs/`+b+`/meetings/new?date=2025-02-28&amp;type=committee"`, "2025年2月未召开支委会")
	wantCalCell(t, page, "", "meet.committee.monthly", 6, "cs-due", "待完成", `meetings/new?date=2025-06-15&amp;type=committee`)
	wantCalCell(t, page, "", "meet.committee.monthly", 7, "cs-none", "未开始")
	// A quarter's cell spans its months; the year's lecture is still due.
	if c := calCell(t, page, "", "meet.assembly.quarterly", 1); !strings.Contains(c, `colspan="3"`) || !strings.Contains(c, "已完成") {
		t.Errorf("assembly Q1: %s", c)
	}
	wantCalCell(t, page, "", "meet.assembly.quarterly", 4, "cs-due")
	wantCalCell(t, page, "", "meet.lecture.secretary", 12, "cs-ok", `colspan="12"`, "1次")
	// March's committee meeting lacked a quorum; April's has no minutes.
	wantCalCell(t, page, "", "meet.committee.quorum", 3, "cs-violation", "不规范")
	wantCalCell(t, page, "", "meet.minutes", 4, "cs-overdue", fmt.Sprintf(`href="/meetings/%d/edit"`, c.apr.ID))
	// The groups under the branch, with their names.
	wantCalCell(t, page, "第一党小组", "meet.group.monthly", 1, "cs-ok")
	wantCalCell(t, page, "第二党小组", "meet.group.monthly", 1, "cs-overdue", "/orgs/"+ids(c.g2.ID)+"/meetings/new?date=2025-01-31&amp;type=group")
	// The open findings, soonest deadline first: January's missed themed
	// day comes before February's committee meeting.
	_, open, _ := strings.Cut(page, `id="h-open"`)
	if i, j := strings.Index(open, "2025年1月未开展主题党日"), strings.Index(open, "2025年2月未召开支委会"); i < 0 || j < 0 || i > j {
		t.Errorf("open findings out of order (%d, %d)", i, j)
	}
	if strings.Contains(open, "2025年1月已召开支委会") {
		t.Error("an ok finding is listed as open")
	}

	// A group's calendar is its own rows; a committee's, its own term.
	wantBody(t, c.get("/orgs/"+ids(c.g1.ID)+"/compliance?year=2025&as_of="+csAsOf), http.StatusOK, "第一党小组2025年合规日历", "meet.group.monthly")
	wantBody(t, c.get("/orgs/"+ids(c.committee.ID)+"/compliance?year=2025"), http.StatusOK, "监督矩阵")
	// Bad parameters are the user's to fix.
	wantBody(t, c.get("/orgs/"+b+"/compliance?year=abc"), http.StatusUnprocessableEntity, "年份“abc”无效")
	wantBody(t, c.get("/orgs/"+b+"/compliance?as_of=2025-02-30"), http.StatusUnprocessableEntity, "日期“2025-02-30”无效")
	// A year before anything: every cell grey, no open findings.
	wantBody(t, c.get("/orgs/"+b+"/compliance?year=2030&as_of=2029-01-01"), http.StatusOK, "没有检查结果", "没有待办或问题")
}

func TestComplianceMatrix(t *testing.T) {
	c := newCompliance(t)
	second := c.org(zhibu.Org{Code: "B2", Name: "安保党支部", Kind: zhibu.KindBranch, ParentID: c.committee.ID})
	c.org(zhibu.Org{Code: "B3", Name: "第十党支部", Kind: zhibu.KindBranch, ParentID: c.committee.ID})
	c.org(zhibu.Org{Code: "B4", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: c.committee.ID})
	cm := "/orgs/" + ids(c.committee.ID) + "/matrix?year=2025&as_of=" + csAsOf
	w := c.get(cm)
	wantBody(t, w, http.StatusOK, "市公安局党委2025年监督矩阵", "下属党支部4个", "支委会", "党小组会",
		`href="/orgs/`+ids(c.branch.ID)+`/compliance?as_of=2025-06-15&amp;year=2025"`, "按逾期项数")
	page := w.Body.String()
	// The first branch: committee meetings 3 of 6 months overdue or due —
	// worst overdue: Feb and May.
	row := func(name string) string {
		_, r, ok := strings.Cut(page, ">"+name+"</a>")
		if !ok {
			t.Fatalf("no row %s", name)
		}
		r, _, _ = strings.Cut(r, "</tr>")
		return r
	}
	if r := row("第一党支部"); !strings.Contains(r, "2逾期/6") || !strings.Contains(r, "cs-violation") {
		t.Errorf("first branch's row: %s", r)
	}
	// Sorted by name (pinyin, numbers by value: 安保, 第一, 第二, 第十) or by
	// overdue findings.
	last := -1
	for _, name := range []string{"安保党支部", "第一党支部", "第二党支部", "第十党支部"} {
		i := strings.Index(page, ">"+name+"<")
		if i < last {
			t.Errorf("by name: %s at %d, before the one above it (%d)", name, i, last)
		}
		last = i
	}
	page = c.get(cm + "&sort=overdue").Body.String()
	if i, j := strings.Index(page, ">安保党支部<"), strings.Index(page, ">第一党支部<"); i < 0 || j < 0 || j > i {
		t.Errorf("by overdue: 安保 at %d, 第一 at %d", i, j)
	}
	_ = second
	// The matrix is kept until a record changes: February's committee
	// meeting, recorded now, shows at once.
	if _, err := c.s.SaveMeeting(sys, zhibu.Meeting{OrgID: c.branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
		StartsAt: csAt(2025, 2, 12, 9), ChairID: c.id("李娜"), RecorderID: c.id("赵磊"), Minutes: "补记", Expected: 3, Present: 3}, nil); err != nil {
		t.Fatal(err)
	}
	page = c.get(cm).Body.String()
	if r := row("第一党支部"); !strings.Contains(r, "1逾期/6") {
		t.Errorf("after February's meeting: %s", r)
	}
	// That was the branch checked again on its own; the whole subtree
	// checked again (after a write the matrix cannot place) says the same.
	table := func(page string) string {
		_, tbl, _ := strings.Cut(page, `<table class="grid mx">`)
		tbl, _, _ = strings.Cut(tbl, "</table>")
		return tbl
	}
	partial := table(page)
	if err := c.s.Audit(sys, store.Event{Action: audit.Action{Name: "test.anything"}, Result: "ok"}); err != nil {
		t.Fatal(err)
	}
	if whole := table(c.get(cm).Body.String()); whole != partial || whole == "" {
		t.Errorf("the branch checked alone differs from the subtree checked whole:\n%s\n---\n%s", partial, whole)
	}
	// A login changes nothing; a new group leader changes the branch.
	if err := c.s.Audit(sys, store.Event{Action: audit.Login, Result: "ok"}); err != nil {
		t.Fatal(err)
	}
	if err := c.s.SetGroupLeader(sys, c.g2.ID, c.id("赵磊"), zhibu.MakeDate(2025, 1, 2)); err != nil {
		t.Fatal(err)
	}
	page = c.get(cm).Body.String()
	if r := row("第一党支部"); !strings.Contains(r, "cs-ok\" title=\"每个党小组设组长一名：共2项，最差为已完成2项\">2完成/2") {
		t.Errorf("after the second group's leader: %s", r)
	}
	// A branch has no subtree: its matrix is its calendar.
	w = c.get("/orgs/" + ids(c.branch.ID) + "/matrix?year=2025")
	if w.Code != http.StatusFound || !strings.HasPrefix(w.Header().Get("Location"), "/orgs/"+ids(c.branch.ID)+"/compliance?year=2025") {
		t.Errorf("branch matrix: %d %s", w.Code, w.Header().Get("Location"))
	}
	// The landing pages: the system reads the whole tree, so it chooses.
	wantBody(t, c.get("/compliance"), http.StatusOK, "选择组织", "第一党支部", "/orgs/"+ids(c.branch.ID)+"/compliance")
	if w := c.get("/matrix"); w.Code != http.StatusFound || w.Header().Get("Location") != "/orgs/"+ids(c.committee.ID)+"/matrix" {
		t.Errorf("/matrix: %d %s", w.Code, w.Header().Get("Location"))
	}
}

func TestDuties(t *testing.T) {
	c := newCompliance(t)
	q := "/duties?year=2025&as_of=" + csAsOf
	// The organization officer: the committee meetings and minutes, the
	// earliest deadline first.
	zhao := c.as(t, c.id("赵磊"), zhibu.Holding{Position: zhibu.OrgOfficer, Org: c.branch})
	w := csGet(zhao, q)
	wantBody(t, w, http.StatusOK, "我的职责", "第一党支部组织委员", "2025年2月未召开支委会", "登记支委会", "2025年4月8日的支委会缺少记录人、会议记录",
		"补全会议记录", "我的职责</a>")
	page := w.Body.String()
	if i, j := strings.Index(page, "2025年1月未开展主题党日"), strings.Index(page, "2025年2月未召开支委会"); i < 0 || j < 0 || i > j {
		t.Errorf("duties out of order (%d, %d)", i, j)
	}
	for _, not := range []string{"书记讲党课", "第二党小组2025年1月未召开党小组会", "已召开支委会1次"} {
		if strings.Contains(page, not) {
			t.Errorf("the officer's duties hold %q", not)
		}
	}
	// The secretary: the life meeting (due by the year's end) and the quorum.
	li := c.as(t, c.id("李娜"), zhibu.Holding{Position: zhibu.Secretary, Org: c.branch})
	wantBody(t, csGet(li, q), http.StatusOK, "2025年尚未召开组织生活会", "2025年3月5日的支委会到会委员1人")
	// A group leader: their group's meetings, not the other group's.
	wang := c.as(t, c.id("王芳"), zhibu.Holding{Position: zhibu.GroupLeader, Org: c.g1})
	page = csGet(wang, q).Body.String()
	if !strings.Contains(page, "第一党小组2025年2月未召开党小组会") || strings.Contains(page, "第二党小组") {
		t.Errorf("group leader's duties:\n%s", page)
	}
	// A seat on the committee above: what waits for its decision, linked.
	superior := c.as(t, c.id("李娜"), zhibu.Holding{Position: zhibu.CommitteeMember, Org: c.committee})
	if strings.Contains(csGet(superior, q).Body.String(), "待上级审批的事项") {
		t.Error("the superior's duties tell of approvals before any is asked")
	}
	if _, err := c.s.ReportTerm(sys, c.branch.ID, zhibu.Date{}); err != nil {
		t.Fatal(err)
	}
	wantBody(t, csGet(superior, q), http.StatusOK, "有1项待上级审批的事项", `href="/terms/approvals"`)
	if _, err := c.s.SetDuesBase(sys, zhibu.DuesBase{PersonID: c.id("李娜"), Category: zhibu.DuesWaived,
		From: zhibu.MonthOfDate(zhibu.Today(time.Now())), Note: "身患重病"}); err != nil {
		t.Fatal(err)
	}
	wantBody(t, csGet(superior, q), http.StatusOK, "有2项待上级审批的事项")
	wantBody(t, csGet(superior, "/terms/approvals"), http.StatusOK, "书记、副书记人选报批（1）", "减免党费待批准（1）", "身患重病", "批准减免")
	if strings.Contains(csGet(li, q).Body.String(), "待上级审批的事项") {
		t.Error("the branch secretary is told of the superior's approvals")
	}
	// A member without positions, and an account without a person.
	wantBody(t, csGet(c.as(t, c.id("张伟")), q), http.StatusOK, "没有担任支部委员或党小组组长")
	wantBody(t, c.get("/duties"), http.StatusOK, "本账号没有关联人员")
	// The group leader reads the group's calendar, not the branch's.
	if w := csGet(wang, "/orgs/"+ids(c.g1.ID)+"/compliance?year=2025"); w.Code != http.StatusOK {
		t.Errorf("group leader's group calendar: %d", w.Code)
	}
	// Their own branch's: 无权访问 with the way home, not 未找到, since they
	// know it exists (issue 12).
	wantBody(t, csGet(wang, "/orgs/"+ids(c.branch.ID)+"/compliance?year=2025"), http.StatusForbidden, "无权访问", "返回首页")
}

func TestRuleParameters(t *testing.T) {
	c := newCompliance(t)
	b := "/orgs/" + ids(c.branch.ID)
	wantBody(t, c.get(b+"/rules"), http.StatusOK, "第一党支部规则参数", "meet.committee.monthly", "每个周期至少次数",
		"来自党内法规", "新增支部工作计划参数版本", `name="p_min"`, `value="1"`)
	// Switching the rule shows its parameters.
	wantBody(t, c.get(b+"/rules?rule_id=meet.lecture.secretary"), http.StatusOK, `name="p_per_half"`, `name="p_per_quarter"`)

	// Looser than the national layer: refused, naming the parameter.
	for _, tc := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"looser", url.Values{"rule_id": {"meet.minutes"}, "effective_from": {"2025-01-01"}, "p_within_days": {"10"}},
			[]string{"会后完成记录的天数", "参数“会后完成记录的天数”10", "宽松，下级只能从严"}},
		{"zero", url.Values{"rule_id": {"meet.committee.monthly"}, "effective_from": {"2025-01-01"}, "p_min": {"0"}},
			[]string{"每个周期至少次数：“0”应为正整数"}},
		{"foreign", url.Values{"rule_id": {"meet.committee.monthly"}, "effective_from": {"2025-01-01"}, "p_min": {"2"}, "p_years": {"2"}},
			[]string{"规则meet.committee.monthly没有此参数"}},
		{"no rule", url.Values{"rule_id": {"meet.chair"}, "effective_from": {"2025-01-01"}}, []string{"请选择有参数的规则"}},
		{"no date", url.Values{"rule_id": {"meet.committee.monthly"}, "p_min": {"2"}}, []string{"生效日期：不能为空"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantBody(t, c.post(b+"/rules", tc.form), http.StatusUnprocessableEntity, tc.want...)
		})
	}
	if vs, err := c.s.RuleVersions(sys); err != nil || len(vs) != 0 {
		t.Fatalf("refused versions were saved: %d (%v)", len(vs), err)
	}
	wantBody(t, c.post("/orgs/"+ids(c.g1.ID)+"/rules", url.Values{"rule_id": {"meet.group.monthly"}}), http.StatusUnprocessableEntity, "党小组不设规则参数")

	// Tightening: two committee meetings a month from 2025. January's one
	// meeting no longer suffices.
	cal := b + "/compliance?year=2025&as_of=" + csAsOf
	wantCalCell(t, c.get(cal).Body.String(), "", "meet.committee.monthly", 1, "cs-ok")
	w := c.post(b+"/rules", url.Values{"rule_id": {"meet.committee.monthly"}, "effective_from": {"2025-01-01"}, "p_min": {"2"},
		"source": {"支部2025年工作计划"}})
	wantBody(t, c.follow(w), http.StatusOK, "已新增规则参数", "支部2025年工作计划", "来自支部工作计划")
	page := c.get(cal).Body.String()
	wantCalCell(t, page, "", "meet.committee.monthly", 1, "cs-overdue", "2025年1月仅召开支委会1次，少于要求的2次")
	if !strings.Contains(page, "支部工作计划：支部2025年工作计划（每个周期至少次数2）") {
		t.Error("the calendar does not name the branch layer")
	}
	// The same day again is ambiguous.
	wantBody(t, c.post(b+"/rules", url.Values{"rule_id": {"meet.committee.monthly"}, "effective_from": {"2025-01-01"}, "p_min": {"3"}}),
		http.StatusUnprocessableEntity, "同日生效")
	// The committee sets the superior layer for its subtree.
	wantBody(t, c.get("/orgs/"+ids(c.committee.ID)+"/rules"), http.StatusOK, "新增上级党委要求参数版本")
	// A reader without rules.edit sees no form, and may not post.
	wang := c.as(t, c.id("王芳"), zhibu.Holding{Position: zhibu.DisciplineOfficer, Org: c.branch})
	if body := csGet(wang, b+"/rules").Body.String(); strings.Contains(body, `name="p_min"`) || !strings.Contains(body, "现行规则") {
		t.Error("a discipline officer is offered the form")
	}
	r := httptest.NewRequest(http.MethodPost, b+"/rules", strings.NewReader("rule_id=meet.committee.monthly&effective_from=2026-01-01&p_min=3"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	wang.ServeHTTP(rec, r)
	if rec.Code != http.StatusForbidden {
		t.Errorf("a discipline officer's post: %d", rec.Code)
	}
}

func TestComplianceNav(t *testing.T) {
	c := newCompliance(t)
	li := c.as(t, c.id("李娜"), zhibu.Holding{Position: zhibu.Secretary, Org: c.branch})
	page := csGet(li, "/orgs/"+ids(c.branch.ID)).Body.String()
	for _, s := range []string{`href="/compliance">合规日历`, `href="/matrix">监督矩阵`, `href="/duties">我的职责`} {
		if !strings.Contains(page, s) {
			t.Errorf("the secretary's menu lacks %s", s)
		}
	}
	// One branch to read: straight to its calendar; the matrix explains.
	if w := csGet(li, "/compliance"); w.Code != http.StatusFound || w.Header().Get("Location") != "/orgs/"+ids(c.branch.ID)+"/compliance" {
		t.Errorf("/compliance: %d %s", w.Code, w.Header().Get("Location"))
	}
	wantBody(t, csGet(li, "/matrix"), http.StatusOK, "没有党委或党总支")
	// No person, no duties entry.
	if strings.Contains(c.get("/orgs").Body.String(), `href="/duties"`) {
		t.Error("an account without a person is offered its duties")
	}
}

// Benchmarks on the M tier (200 branches, 600 groups) with a year of
// meetings.

var (
	csMeetingsOnce sync.Once
	csMeetingsErr  error
)

// csYear is the year the benchmarks check, as of its end.
const csYear = 2025

// csTierM is tierM with a year of meetings, unless the generator
// already made some: a believable year with gaps (a committee meeting,
// a themed day and each group's meeting most months, an assembly a
// quarter, four lectures, the life meeting and the appraisal), saved with
// store.SaveMeetingsBulk.
func csTierM(b *testing.B) *store.Store {
	s := tierM(b)
	csMeetingsOnce.Do(func() {
		ctx := zhibu.WithActor(context.Background(), zhibu.System)
		from := time.Date(csYear, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)
		have, err := s.Meetings(ctx, store.MeetingFilter{From: from, To: from.AddDate(1, 0, 0), Limit: 1})
		if err != nil || len(have) > 0 {
			csMeetingsErr = err
			return
		}
		root, err := s.OrgByCode(ctx, "GEN")
		if err != nil {
			csMeetingsErr = err
			return
		}
		facts, err := s.Facts(ctx, root.ID, csYear, zhibu.MakeDate(csYear, 12, 31))
		if err != nil {
			csMeetingsErr = err
			return
		}
		var recs []store.MeetingRecord
		for _, m := range csYearOfMeetings(facts, csYear) {
			recs = append(recs, store.MeetingRecord{Meeting: m})
		}
		if _, csMeetingsErr = s.SaveMeetingsBulk(ctx, recs); csMeetingsErr == nil {
			csMeetingsErr = s.Analyze(ctx)
		}
	})
	if csMeetingsErr != nil {
		b.Fatal(csMeetingsErr)
	}
	return s
}

// csYearOfMeetings makes a year of held meetings for every branch and group
// in facts, chaired by the secretary (a group's by its leader), with gaps
// that follow from the ids so that they are the same every run.
func csYearOfMeetings(facts zhibu.Facts, year int) []zhibu.Meeting {
	holder := map[int64]map[zhibu.Position]int64{}
	for _, t := range facts.Terms {
		if t.ClosedOn.IsZero() {
			holder[t.OrgID] = map[zhibu.Position]int64{}
			for _, st := range t.Seats {
				holder[t.OrgID][st.Position] = st.PersonID
			}
		}
	}
	for _, st := range facts.Seats {
		holder[st.OrgID] = map[zhibu.Position]int64{zhibu.GroupLeader: st.PersonID}
	}
	var out []zhibu.Meeting
	add := func(org int64, t zhibu.MeetingType, month time.Month, day int, chair, recorder int64, minutes bool) {
		m := zhibu.Meeting{OrgID: org, Type: t, Status: zhibu.MeetingHeld, StartsAt: csAt(year, month, day, 9),
			ChairID: chair, RecorderID: recorder, Expected: 5, Present: 4, Absent: 1}
		if t == zhibu.MeetLecture {
			m.ChairID, m.LecturerID = 0, chair
		}
		if minutes {
			m.Minutes = "会议记录。"
		}
		out = append(out, m)
	}
	for _, o := range facts.Orgs {
		n := int(o.ID)
		switch o.Kind {
		case zhibu.KindBranch:
			sec, rec := holder[o.ID][zhibu.Secretary], holder[o.ID][zhibu.OrgOfficer]
			for m := time.January; m <= time.December; m++ {
				if (n+int(m))%9 != 0 {
					add(o.ID, zhibu.MeetCommittee, m, 5+n%10, sec, rec, (n+int(m))%13 != 0)
				}
				if (n+int(m))%7 != 0 {
					add(o.ID, zhibu.MeetThemedDay, m, 20, sec, rec, true)
				}
				if m%3 == 2 && (n+int(m))%5 != 0 {
					add(o.ID, zhibu.MeetAssembly, m, 12, sec, rec, true)
				}
			}
			for _, m := range []time.Month{3, 6, 9, 12} {
				if (n+int(m))%4 != 0 {
					add(o.ID, zhibu.MeetLecture, m, 25, sec, rec, true)
				}
			}
			add(o.ID, zhibu.MeetLife, 12, 15, sec, rec, true)
			if n%3 != 0 {
				add(o.ID, zhibu.MeetAppraisal, 12, 18, sec, rec, true)
			}
		case zhibu.KindGroup:
			leader := holder[o.ID][zhibu.GroupLeader]
			for m := time.January; m <= time.December; m++ {
				if (n+int(m))%8 != 0 {
					add(o.ID, zhibu.MeetGroup, m, 16, leader, leader, true)
				}
			}
		}
	}
	return out
}

// BenchmarkBranchCalendarM is one branch's calendar for a whole year (its
// facts, the catalogue, the check and the page) in the M tier.
func BenchmarkBranchCalendarM(b *testing.B) {
	csBench(b, func(ctx context.Context, s *store.Store) string {
		o, err := s.OrgByCode(ctx, "G00100")
		if err != nil {
			b.Fatal(err)
		}
		return fmt.Sprintf("/orgs/%d/compliance?year=%d&as_of=%d-12-31", o.ID, csYear, csYear)
	}, nil)
}

// matrixURL is the bureau committee's matrix for the year checked.
func matrixURL(b *testing.B) func(ctx context.Context, s *store.Store) string {
	return func(ctx context.Context, s *store.Store) string {
		o, err := s.OrgByCode(ctx, "GEN")
		if err != nil {
			b.Fatal(err)
		}
		return fmt.Sprintf("/orgs/%d/matrix?year=%d&as_of=%d-12-31", o.ID, csYear, csYear)
	}
}

// csBench measures GET url on the M tier through the whole UI handler,
// after one request not measured; before, when given, runs (not measured)
// ahead of each request.
func csBench(b *testing.B, url func(context.Context, *store.Store) string, before func(ctx context.Context, s *store.Store, i int)) {
	s := csTierM(b)
	h, err := web.New(s, service.New(s, service.Options{}), auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	u := url(ctx, s)
	get := func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", u, nil).WithContext(ctx))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", u, rec.Code)
		}
	}
	get()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if before != nil {
			b.StopTimer()
			i++
			before(ctx, s, i)
			b.StartTimer()
		}
		get()
	}
}

// BenchmarkMatrixM is the bureau committee's matrix (200 branches × the
// rules for a whole year) as a superior reads it again and again: from the
// sums kept, after asking the audit trail whether anything was written.
func BenchmarkMatrixM(b *testing.B) {
	csBench(b, matrixURL(b), nil)
}

// BenchmarkMatrixColdM is the same matrix after a write it cannot place,
// each time: one store.Facts of the whole subtree, one rules.CheckAll, the
// sums and the page — the matrix's cost from nothing.
func BenchmarkMatrixColdM(b *testing.B) {
	csBench(b, matrixURL(b), func(ctx context.Context, s *store.Store, _ int) {
		if err := s.Audit(ctx, store.Event{Action: audit.Action{Name: "bench.change"}, Result: "ok"}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkMatrixAfterMeetingM is the same matrix after a meeting was
// recorded in one branch, each time: that branch checked again on its own.
func BenchmarkMatrixAfterMeetingM(b *testing.B) {
	var branch zhibu.Org
	csBench(b, matrixURL(b), func(ctx context.Context, s *store.Store, i int) {
		if branch.ID == 0 {
			var err error
			if branch, err = s.OrgByCode(ctx, "G00100"); err != nil {
				b.Fatal(err)
			}
		}
		m := zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetStudy, Status: zhibu.MeetingHeld,
			StartsAt: csAt(csYear, time.Month(1+i%12), 1+i%28, 8)}
		if _, err := s.SaveMeeting(ctx, m, nil); err != nil {
			b.Fatal(err)
		}
	})
}
