package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
	"zhibu/internal/web"
)

var sys = zhibu.WithActor(context.Background(), zhibu.System)

// fixture is a committee with one branch, its groups, people, committee,
// group leader and supervision, and the UI over them.
type fixture struct {
	t                         *testing.T
	s                         *store.Store
	h                         http.Handler
	log                       *bytes.Buffer
	committee, branch, g1, g2 zhibu.Org
	people                    map[string]zhibu.Person
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s := storetest.SQLite(t)
	f := &fixture{t: t, s: s, log: &bytes.Buffer{}, people: map[string]zhibu.Person{}}
	ui, err := web.New(s, service.New(s, service.Options{}), auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(f.log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f.h = withSystem(ui)
	f.committee = f.org(zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	f.branch = f.org(zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: f.committee.ID,
		FoundedOn: zhibu.MakeDate(2001, 7, 1), Units: []string{"治安大队", "办公室"}})
	f.g1 = f.org(zhibu.Org{Code: "B1G1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: f.branch.ID, Units: []string{"治安大队"}})
	f.g2 = f.org(zhibu.Org{Code: "B1G2", Name: "第二党小组", Kind: zhibu.KindGroup, ParentID: f.branch.ID})
	for _, p := range []struct {
		name   string
		status zhibu.PartyStatus
		group  int64
	}{
		{"李娜", zhibu.FullMember, f.g1.ID},
		{"王芳", zhibu.FullMember, f.g1.ID},
		{"赵磊", zhibu.FullMember, f.g2.ID},
		{"张伟", zhibu.Probationary, f.g2.ID},
		{"刘洋", zhibu.Activist, f.g2.ID},
		{"陈静", zhibu.Masses, 0},
	} {
		in := person(p.name, p.status, f.branch.ID, p.group)
		in.JoinedOn = zhibu.MakeDate(2024, 1, 1) // before the committee of 2024 and the elections the tests record
		created, err := s.CreatePerson(sys, in)
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		f.people[p.name] = created
	}
	_, err = s.StartTerm(sys, zhibu.Term{OrgID: f.branch.ID, ElectedOn: zhibu.MakeDate(2024, 3, 1), Seats: []zhibu.Seat{
		{PersonID: f.id("李娜"), Position: zhibu.Secretary},
		{PersonID: f.id("王芳"), Position: zhibu.DisciplineOfficer},
		{PersonID: f.id("王芳"), Position: zhibu.PropagandaOfficer},
		{PersonID: f.id("赵磊"), Position: zhibu.OrgOfficer},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetGroupLeader(sys, f.g1.ID, f.id("王芳"), zhibu.MakeDate(2024, 3, 2)); err != nil {
		t.Fatal(err)
	}
	if err := s.Supervise(sys, f.branch.ID, f.id("李娜"), f.id("陈静"), zhibu.MakeDate(2024, 3, 2)); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) org(o zhibu.Org) zhibu.Org {
	f.t.Helper()
	o, err := f.s.CreateOrg(sys, o)
	if err != nil {
		f.t.Fatal(err)
	}
	return o
}

func (f *fixture) id(name string) int64 { return f.people[name].ID }

// withSystem acts as the middleware outside the package does: every
// request carries an actor.
func withSystem(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), zhibu.System)))
	})
}

var seq = 100

// person makes a valid person of a status, with the stage dates it needs.
func person(name string, status zhibu.PartyStatus, orgID, groupID int64) zhibu.Person {
	seq += 2
	birth := zhibu.MakeDate(1975+seq%20, time.Month(1+seq%12), 1+seq%28)
	p := zhibu.Person{Name: name, Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: birth, Education: "大学本科",
		IDNumber: zhibu.MakeIDNumber("650102", birth, seq), Officer: true, Status: status, OrgID: orgID, GroupID: groupID,
		Unit: "治安大队"}
	d := birth.AddYears(20)
	for _, st := range []struct {
		s  zhibu.PartyStatus
		at *zhibu.Date
	}{{zhibu.Applicant, &p.AppliedOn}, {zhibu.Activist, &p.ActivistOn}, {zhibu.Candidate, &p.CandidateOn}, {zhibu.Probationary, &p.AdmittedOn}, {zhibu.FullMember, &p.ConfirmedOn}} {
		if status.AtLeast(st.s) {
			*st.at = d
			d = d.AddYears(1)
		}
	}
	if status == zhibu.Probationary {
		p.AdmittedOn = zhibu.Today(time.Now()).AddMonths(-3)
	}
	return p
}

// do sends a request to the UI.
func (f *fixture) do(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

func (f *fixture) get(target string) *httptest.ResponseRecorder {
	return f.do(httptest.NewRequest(http.MethodGet, target, nil))
}

func (f *fixture) post(target string, form url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.do(r)
}

func ids(id int64) string { return strconv.FormatInt(id, 10) }

func wantBody(t *testing.T, w *httptest.ResponseRecorder, status int, texts ...string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body:\n%s", w.Code, status, w.Body.String())
	}
	body := w.Body.String()
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("body does not contain %q:\n%s", s, body)
		}
	}
}

func TestPages(t *testing.T) {
	f := newFixture(t)
	b, p := ids(f.branch.ID), ids(f.id("王芳"))
	wf := f.people["王芳"]
	masked := wf.IDNumber[:6] + "********" + wf.IDNumber[14:]
	for _, tc := range []struct {
		path  string
		texts []string
	}{
		{"/orgs", []string{"组织架构", "市公安局党委", "第一党支部", "第一党小组", "党小组", "B1G2", "新建组织"}},
		{"/orgs/new", []string{"新建组织", `name="code"`, "上级组织"}},
		{"/orgs/new?parent=" + b, []string{`value="group" selected`}},
		{"/orgs/" + ids(f.committee.ID), []string{"下级组织", "第一党支部", "现有民警6人，党员4人，入党积极分子1人"}},
		{"/orgs/" + b, []string{
			"现有民警6人，党员4人，入党积极分子1人", "支部委员会", "纪检委员、宣传委员", "组织委员", "2027年3月1日届满",
			"党小组", "第一党小组", "王芳", "分管民警", "陈静", "花名册", masked, "新增人员", "导入花名册", "导出 Excel",
			"导出 CSV", "打印", "badge st-full", "治安大队、办公室"}},
		{"/orgs/" + b + "/edit", []string{"编辑组织", `value="B1"`, "治安大队\n办公室"}},
		{"/orgs/" + b + "/move", []string{"调整上级组织", "市公安局党委"}},
		{"/orgs/" + b + "/terms/new", []string{"换届（新一届委员会）", "书记", "副书记", "组织委员", "宣传委员", "纪检委员", "保密委员", "青年委员", `value="3"`}},
		{"/orgs/" + b + "/groups/" + ids(f.g1.ID) + "/leader", []string{"设置组长", "王芳", "李娜"}},
		{"/orgs/" + b + "/supervisions/new", []string{"新增分管民警", "分管委员", "陈静"}},
		{"/orgs/" + b + "/import", []string{"导入花名册", "上传并预览", "template.xlsx", "身份证号"}},
		{"/orgs/" + b + "/print", []string{"第一党支部人员花名册", "共6人", masked}},
		{"/people/new?org=" + b, []string{"新增人员", `name="id_number"`, "是否民警", "汉族", "维吾尔族", "大学本科", "入党申请日期", "第一党小组", `<option value="治安大队">`}},
		{"/people/new", []string{"新增到哪个党支部", "第一党支部"}},
		{"/people/" + p, []string{"王芳", masked, "显示完整身份证号和手机号", "入党历程", "转为正式党员", wf.ConfirmedOn.String(), "纪检委员", "组长", "组织关系记录", "修改记录", "编辑", "调动"}},
		{"/people/" + p + "?unmask=1", []string{"王芳", wf.IDNumber, "已记入审计日志"}},
		{"/people/" + p + "/edit", []string{"编辑人员：王芳", `value="` + wf.IDNumber + `"`, "checked"}},
		{"/people/" + p + "/move", []string{"调动：王芳", "调往党支部", "第二党小组"}},
		{"/people/" + p + "/move?org=" + b, []string{"确认调动"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			w := f.get(tc.path)
			wantBody(t, w, http.StatusOK, tc.texts...)
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q", cc)
			}
		})
	}
	// The roster shows ID numbers masked, and so does the person page
	// unless asked (see TestSensitive).
	for _, path := range []string{"/orgs/" + b, "/orgs/" + b + "/print", "/people/" + p} {
		if body := f.get(path).Body.String(); strings.Contains(body, wf.IDNumber) {
			t.Errorf("%s shows a full ID number", path)
		}
	}

	// The roster's filters: each row names who the filter keeps and who it
	// must leave out, everyone being on the unfiltered roster, so a filter
	// that does nothing fails. Two more people without a group, one not an
	// officer and one of another unit, let each part of the combined
	// filter leave someone out.
	for _, x := range []struct {
		name    string
		officer bool
		unit    string
	}{{"孙丽", false, "治安大队"}, {"周强", true, "办公室"}} {
		np := person(x.name, zhibu.Masses, f.branch.ID, 0)
		np.Officer, np.Unit = x.officer, x.unit
		if _, err := f.s.CreatePerson(sys, np); err != nil {
			t.Fatal(err)
		}
	}
	all := rosterOf(f.get("/orgs/" + b).Body.String())
	for _, tc := range []struct {
		query         string
		kept, dropped []string
	}{
		{"status=activist", []string{"刘洋"}, []string{"李娜", "张伟", "陈静"}},
		{"q=" + url.QueryEscape("王芳"), []string{"王芳"}, []string{"李娜", "陈静"}},
		{"q=" + wf.IDNumber[14:], []string{"王芳"}, []string{"李娜", "陈静"}},
		{"group=" + ids(f.g2.ID), []string{"赵磊", "刘洋"}, []string{"王芳", "陈静"}},
		{"group=none&officer=1&unit=" + url.QueryEscape("治安大队"), []string{"陈静"}, []string{"李娜", "孙丽", "周强"}},
		// Filters that mean nothing are ignored: everyone is listed.
		{"status=bogus&group=x&officer=maybe&page=-3", []string{"李娜", "陈静", "孙丽", "周强"}, nil},
	} {
		t.Run("roster?"+tc.query, func(t *testing.T) {
			w := f.get("/orgs/" + b + "?" + tc.query)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			got := rosterOf(w.Body.String())
			for _, n := range tc.kept {
				if !strings.Contains(got, n) {
					t.Errorf("%s is not listed", n)
				}
			}
			for _, n := range tc.dropped {
				if !strings.Contains(all, n) {
					t.Fatalf("%s is not on the unfiltered roster, so leaving them out proves nothing", n)
				}
				if strings.Contains(got, n) {
					t.Errorf("%s is listed, the filter should leave them out", n)
				}
			}
		})
	}
}

// rosterOf is the roster table of a branch page.
func rosterOf(page string) string {
	_, table, _ := strings.Cut(page, `<table class="grid roster-table">`)
	return table
}

func TestRedirects(t *testing.T) {
	f := newFixture(t)
	if w := f.get("/"); w.Code != http.StatusFound || w.Header().Get("Location") != "/orgs" {
		t.Errorf("/ → %d %s", w.Code, w.Header().Get("Location"))
	}
	w := f.get("/orgs/" + ids(f.g1.ID))
	if want := "/orgs/" + ids(f.branch.ID) + "?group=" + ids(f.g1.ID) + "#roster"; w.Code != http.StatusFound || w.Header().Get("Location") != want {
		t.Errorf("group → %d %s, want %s", w.Code, w.Header().Get("Location"), want)
	}
	body := rosterOf(f.get("/orgs/" + ids(f.branch.ID) + "?group=" + ids(f.g1.ID)).Body.String())
	if !strings.Contains(body, "李娜") || strings.Contains(body, "赵磊") {
		t.Error("the group filter does not select the group's people")
	}
}

func TestNotFound(t *testing.T) {
	f := newFixture(t)
	b := ids(f.branch.ID)
	for _, path := range []string{
		"/orgs/99999", "/orgs/abc", "/orgs/-1", "/orgs/99999/edit", "/orgs/99999/move", "/people/99999", "/people/x/edit",
		"/people/99999/move", "/people/new?org=99999", "/people/new?org=" + ids(f.committee.ID),
		"/orgs/" + ids(f.committee.ID) + "/terms/new", "/orgs/" + b + "/groups/99999/leader",
		"/orgs/" + b + "/groups/" + ids(f.branch.ID) + "/leader", "/orgs/99999/export.xlsx", "/orgs/99999/import",
		"/orgs/new?parent=99999", "/no/such/page", "/people/" + ids(f.id("李娜")) + "/move?org=99999",
	} {
		t.Run(path, func(t *testing.T) {
			wantBody(t, f.get(path), http.StatusNotFound, "未找到", "返回首页")
		})
	}
	wantBody(t, f.post("/people/99999", url.Values{"name": {"x"}}), http.StatusNotFound, "未找到")
	wantBody(t, f.post("/orgs/99999/move", url.Values{}), http.StatusNotFound, "未找到")
}

func TestInternalError(t *testing.T) {
	f := newFixture(t)
	f.s.Close()
	wantBody(t, f.get("/orgs"), http.StatusInternalServerError, "内部错误")
	if !strings.Contains(f.log.String(), "internal error") {
		t.Errorf("no log line: %q", f.log.String())
	}
}

// count is how many people the branch has.
func (f *fixture) count() int {
	f.t.Helper()
	c, err := f.s.Counts(sys, f.branch.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return c.People
}

func TestForms(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	li := "/people/" + ids(f.id("李娜"))
	newID := zhibu.MakeIDNumber("110101", zhibu.MakeDate(1992, 5, 6), 123)
	goodPerson := url.Values{"org_id": {ids(f.branch.ID)}, "group_id": {ids(f.g2.ID)}, "name": {"周强"}, "id_number": {newID},
		"ethnicity": {"回族"}, "status": {"masses"}, "officer": {"true"}, "unit": {"新单位"}, "phone": {"13912345678"}}
	orgsBefore, _ := f.s.Orgs(sys, store.OrgFilter{})
	for _, tc := range []struct {
		name   string
		path   string
		form   url.Values
		texts  []string
		status int
	}{
		{"org empty", "/orgs", url.Values{"kind": {"branch"}, "parent_id": {ids(f.committee.ID)}, "founded_on": {"2020-13-01"}},
			[]string{"组织代码：不能为空", "组织名称：不能为空", "成立日期：“2020-13-01”不是有效日期", `id="e-code"`, `aria-invalid="true"`}, 422},
		{"org code taken", "/orgs", url.Values{"kind": {"branch"}, "parent_id": {ids(f.committee.ID)}, "code": {"B1"}, "name": {"第二党支部"}},
			[]string{"已被其他组织使用", `value="第二党支部"`}, 422},
		{"org wrong parent", "/orgs", url.Values{"kind": {"branch"}, "parent_id": {ids(f.g1.ID)}, "code": {"B9"}, "name": {"错层"}},
			[]string{"党小组下不能设立党支部"}, 422},
		{"org edit bad code", b, url.Values{"code": {"a b"}, "name": {"改名"}}, []string{"只能包含字母、数字、-和_", `value="改名"`}, 422},
		{"org move into group", b + "/move", url.Values{"parent_id": {ids(f.g1.ID)}}, []string{"上级组织："}, 422},
		{"person bad", "/people", url.Values{"org_id": {ids(f.branch.ID)}, "name": {"周强"}, "id_number": {"110101199205061239"},
			"ethnicity": {"火星族"}, "status": {"masses"}, "applied_on": {"2020-01-01"}, "phone": {"123"}},
			[]string{"身份证号：", "民族：", "手机号：", "入党申请日期：", `value="周强"`, `value="123"`}, 422},
		{"person group of other branch", "/people", merged(goodPerson, url.Values{"group_id": {ids(f.committee.ID)}}),
			[]string{"党小组：不是第一党支部的党小组"}, 422},
		{"person duplicate id", "/people", merged(goodPerson, url.Values{"id_number": {f.people["李娜"].IDNumber}, "birth_date": {f.people["李娜"].BirthDate.String()}, "gender": {"女"}}),
			[]string{"已有人员使用该身份证号"}, 422},
		{"person edit future birth", li, merged(personValues(f.people["李娜"]), url.Values{"birth_date": {"2099-01-01"}}),
			[]string{"出生日期：不能晚于今天"}, 422},
		{"person edit status without dates", li, merged(personValues(f.people["李娜"]), url.Values{"status": {"full"}, "confirmed_on": {""}}),
			[]string{"转正日期：政治面貌为“正式党员”时不能为空"}, 422},
		{"person move no date", li + "/move", url.Values{"org_id": {ids(f.branch.ID)}, "group_id": {ids(f.g2.ID)}, "on": {""}},
			[]string{"调动日期：不能为空"}, 422},
		{"person move same place", li + "/move", url.Values{"org_id": {ids(f.branch.ID)}, "group_id": {ids(f.g1.ID)}, "on": {"2025-01-01"}},
			[]string{"无需调动"}, 422},
		{"term no secretary", b + "/terms/new", url.Values{"elected_on": {"2025-03-01"}, "years": {"9"}, "seat_deputy_secretary": {ids(f.id("王芳"))}},
			[]string{"书记：请选择书记", "任期年限：应为1至5年"}, 422},
		{"term non member", b + "/terms", url.Values{"elected_on": {"2025-03-01"}, "years": {"3"}, "seat_secretary": {ids(f.id("陈静"))}},
			[]string{"书记：陈静不是党员，不能担任书记"}, 422},
		{"term before current", b + "/terms/new", url.Values{"elected_on": {"2020-03-01"}, "years": {"3"}, "seat_secretary": {ids(f.id("李娜"))}},
			[]string{"选举日期：应晚于本届选举日期"}, 422},
		{"leader not member", b + "/groups/" + ids(f.g2.ID) + "/leader", url.Values{"person_id": {ids(f.id("刘洋"))}, "start_on": {"2025-01-01"}},
			[]string{"组长：刘洋不是党员"}, 422},
		{"leader none", b + "/groups/" + ids(f.g2.ID) + "/leader", url.Values{"start_on": {"bad"}},
			[]string{"组长：请选择组长", "任职日期："}, 422},
		{"supervision missing", b + "/supervisions", url.Values{"supervisor_id": {ids(f.id("李娜"))}, "start_on": {"2025-01-01"}},
			[]string{"分管民警：请选择民警"}, 422},
		{"supervision not on committee", b + "/supervisions/new", url.Values{"supervisor_id": {ids(f.id("刘洋"))}, "officer_id": {ids(f.id("陈静"))}, "start_on": {"2025-01-01"}},
			[]string{"分管委员：应为现任支部委员"}, 422},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.count()
			w := f.post(tc.path, tc.form)
			wantBody(t, w, tc.status, append(tc.texts, "提交的内容有", "请修改后重新提交")...)
			if f.count() != before {
				t.Error("a refused form saved a person")
			}
		})
	}
	orgsAfter, _ := f.s.Orgs(sys, store.OrgFilter{})
	if len(orgsAfter) != len(orgsBefore) {
		t.Error("a refused form saved an org")
	}
	if o, _ := f.s.Org(sys, f.branch.ID); o.Name != "第一党支部" {
		t.Errorf("a refused edit renamed the branch to %s", o.Name)
	}
	if p, _ := f.s.Person(sys, f.id("李娜")); p.BirthDate != f.people["李娜"].BirthDate || p.GroupID != f.g1.ID {
		t.Error("a refused edit or move changed the person")
	}
	if terms, _ := f.s.Terms(sys, f.branch.ID); len(terms) != 1 {
		t.Errorf("refused elections left %d terms", len(terms))
	}
}

func merged(a, b url.Values) url.Values {
	out := url.Values{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// personValues is a person as the edit form posts it.
func personValues(p zhibu.Person) url.Values {
	v := url.Values{"name": {p.Name}, "gender": {string(p.Gender)}, "ethnicity": {p.Ethnicity}, "birth_date": {p.BirthDate.String()},
		"id_number": {p.IDNumber}, "phone": {p.Phone}, "unit": {p.Unit}, "education": {p.Education}, "status": {string(p.Status)},
		"applied_on": {p.AppliedOn.String()}, "activist_on": {p.ActivistOn.String()}, "candidate_on": {p.CandidateOn.String()},
		"admitted_on": {p.AdmittedOn.String()}, "confirmed_on": {p.ConfirmedOn.String()}}
	if p.Officer {
		v.Set("officer", "true")
	}
	return v
}

// follow reads the page a 303 leads to, with the cookies it set.
func (f *fixture) follow(w *httptest.ResponseRecorder) *httptest.ResponseRecorder {
	f.t.Helper()
	if w.Code != http.StatusSeeOther {
		f.t.Fatalf("status %d, want 303; body:\n%s", w.Code, w.Body.String())
	}
	to, _, _ := strings.Cut(w.Header().Get("Location"), "#")
	r := httptest.NewRequest(http.MethodGet, to, nil)
	for _, c := range w.Result().Cookies() {
		r.AddCookie(c)
	}
	return f.do(r)
}

func TestFormsSave(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)

	// A new org, then an edit and a move of it.
	w := f.post("/orgs", url.Values{"kind": {"general_branch"}, "parent_id": {ids(f.committee.ID)}, "code": {"GB1"},
		"name": {"机关党总支"}, "founded_on": {"2010年7月1日"}, "units": {"政治处、指挥中心"}})
	wantBody(t, f.follow(w), http.StatusOK, "已新建党总支：机关党总支", "政治处、指挥中心", "成立于2010年7月1日")
	gb, err := f.s.OrgByCode(sys, "GB1")
	if err != nil {
		t.Fatal(err)
	}
	wantBody(t, f.follow(f.post("/orgs/"+ids(gb.ID), url.Values{"code": {"GB1"}, "name": {"机关总支"}})), http.StatusOK, "已保存", "机关总支")
	wantBody(t, f.follow(f.post(b+"/move", url.Values{"parent_id": {ids(gb.ID)}})), http.StatusOK, "已调整上级组织")
	if o, _ := f.s.Org(sys, f.branch.ID); o.ParentID != gb.ID {
		t.Errorf("branch parent = %d", o.ParentID)
	}

	// A new person: birth date and gender from the ID number.
	newID := zhibu.MakeIDNumber("110101", zhibu.MakeDate(1992, 5, 6), 123)
	w = f.post("/people", url.Values{"org_id": {ids(f.branch.ID)}, "group_id": {ids(f.g2.ID)}, "name": {"周强"}, "id_number": {newID},
		"ethnicity": {"回族"}, "status": {"masses"}, "officer": {"true"}, "unit": {"新单位"}})
	page := f.follow(w)
	wantBody(t, page, http.StatusOK, "已新增人员：周强", newID[:6]+"********"+newID[14:], "1992年5月6日", "回族", "第二党小组")
	people, _ := f.s.People(sys, f.branch.ID, zhibu.PersonFilter{Query: "周强"})
	if len(people) != 1 || people[0].Gender != zhibu.Male || people[0].BirthDate != zhibu.MakeDate(1992, 5, 6) {
		t.Fatalf("created %+v", people)
	}
	zq := "/people/" + ids(people[0].ID)
	// The flash shows once.
	if again := f.get(zq); strings.Contains(again.Body.String(), "已新增人员") {
		t.Error("the flash shows twice")
	}

	// Edit: becomes an applicant.
	v := personValues(people[0])
	v.Set("status", "applicant")
	v.Set("applied_on", "2024/5/1")
	wantBody(t, f.follow(f.post(zq, v)), http.StatusOK, "已保存", "入党申请人", "政治面貌：群众 → 入党申请人")

	// Move to the other group.
	wantBody(t, f.follow(f.post(zq+"/move", url.Values{"org_id": {ids(f.branch.ID)}, "group_id": {ids(f.g1.ID)}, "on": {zhibu.Today(time.Now()).String()}, "reason": {"调整党小组"}})),
		http.StatusOK, "已调动至第一党支部 第一党小组", "调整党小组")

	// A new committee, one person in two positions.
	w = f.post(b+"/terms/new", url.Values{"elected_on": {"2025-03-01"}, "years": {"5"},
		"seat_secretary": {ids(f.id("赵磊"))}, "seat_org_officer": {ids(f.id("王芳"))}, "seat_youth_officer": {ids(f.id("王芳"))}})
	wantBody(t, f.follow(w), http.StatusOK, "已录入新一届支部委员会", "组织委员、青年委员", "历届委员会（1届）", "2030年3月1日届满")

	// A group leader and a supervision.
	wantBody(t, f.follow(f.post(b+"/groups/"+ids(f.g2.ID)+"/leader", url.Values{"person_id": {ids(f.id("张伟"))}, "start_on": {"2025-04-01"}})),
		http.StatusOK, "已设置第二党小组组长")
	if gs, _ := f.s.Groups(sys, f.branch.ID); gs[1].LeaderName != "张伟" {
		t.Errorf("groups = %+v", gs)
	}
	wantBody(t, f.follow(f.post(b+"/supervisions", url.Values{"supervisor_id": {ids(f.id("王芳"))}, "officer_id": {ids(f.id("刘洋"))}, "start_on": {"2025-04-01"}})),
		http.StatusOK, "已记录分管民警")
	if sv, _ := f.s.Supervisions(sys, f.branch.ID); len(sv) != 2 {
		t.Errorf("supervisions = %+v", sv)
	}
}

// upload posts a file to the import form.
func (f *fixture) upload(name string, data []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, "/orgs/"+ids(f.branch.ID)+"/import", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return f.do(r)
}

const csvHeader = "姓名,性别,民族,出生日期,身份证号,政治面貌,入党申请日期,党小组,备注\n"

func TestImport(t *testing.T) {
	f := newFixture(t)
	before := f.count()
	// Every problem of every row, and no confirmation.
	bad := csvHeader +
		"孙丽,女,汉族,1990-03-04," + zhibu.MakeIDNumber("650102", zhibu.MakeDate(1990, 3, 4), 222) + ",群众,,第九党小组,\n" +
		"钱多,男,汉族,1991-13-01,123,党员,,,\n" +
		"李娜二,女,汉族," + f.people["李娜"].BirthDate.String() + "," + f.people["李娜"].IDNumber + ",群众,,,\n"
	w := f.upload("bad.csv", []byte(bad))
	wantBody(t, w, http.StatusUnprocessableEntity, "未导入任何人员", "第九党小组", "出生日期", "已在系统中登记", "以下列无法识别，已忽略：备注", "孙丽")
	if strings.Contains(w.Body.String(), "确认导入") {
		t.Error("a sheet with problems offers the confirmation")
	}
	rows := regexp.MustCompile(`<td class="num">(\d+)</td><td>`).FindAllStringSubmatch(w.Body.String(), -1)
	var lines []string
	for _, m := range rows {
		lines = append(lines, m[1])
	}
	if got := strings.Join(lines, ","); !strings.HasPrefix(got, "2,3,3") || !strings.Contains(got, "4") {
		t.Errorf("problem rows = %s", got)
	}

	// A good file: preview, confirm, imported.
	good := csvHeader +
		"孙丽,女,汉族,1990-03-04," + zhibu.MakeIDNumber("650102", zhibu.MakeDate(1990, 3, 4), 222) + ",群众,,第一党小组,\n" +
		"钱多,男,维吾尔族,1991/1/1," + zhibu.MakeIDNumber("650102", zhibu.MakeDate(1991, 1, 1), 111) + ",入党申请人,2020-05-01,,\n"
	w = f.upload("good.csv", []byte(good))
	wantBody(t, w, http.StatusOK, "确认导入2人", "孙丽", "钱多", "650102********")
	m := regexp.MustCompile(`name="token" value="([0-9a-f]{32})"`).FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no token in\n%s", w.Body.String())
	}
	if f.count() != before {
		t.Fatal("the preview imported")
	}
	confirm := "/orgs/" + ids(f.branch.ID) + "/import/confirm"
	page := f.follow(f.post(confirm, url.Values{"token": {m[1]}}))
	wantBody(t, page, http.StatusOK, "已导入2人", "孙丽", "钱多")
	if f.count() != before+2 {
		t.Fatalf("count %d after import, want %d", f.count(), before+2)
	}
	// The upload is gone: a second confirmation imports nothing.
	wantBody(t, f.post(confirm, url.Values{"token": {m[1]}}), http.StatusUnprocessableEntity, "已过期")
	wantBody(t, f.post(confirm, url.Values{"token": {"../etc"}}), http.StatusUnprocessableEntity, "已过期")
	if f.count() != before+2 {
		t.Fatal("a second confirmation imported again")
	}

	// Files refused outright.
	wantBody(t, f.upload("x.csv", []byte("a,b\n1,2\n")), http.StatusUnprocessableEntity, "未找到表头行")
	wantBody(t, f.upload("x.csv", nil), http.StatusUnprocessableEntity, "文件是空的")
	r := httptest.NewRequest(http.MethodPost, "/orgs/"+ids(f.branch.ID)+"/import", strings.NewReader("x"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	wantBody(t, f.do(r), http.StatusUnprocessableEntity, "请选择要导入的文件")
	big := bytes.Repeat([]byte("x"), int(11<<20)+10)
	wantBody(t, f.upload("big.csv", big), http.StatusRequestEntityTooLarge, "文件过大")
}

// A body larger than the limit, without a declared length, is refused as
// it is read.
func TestImportTooLargeStreamed(t *testing.T) {
	f := newFixture(t)
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, _ := mw.CreateFormFile("file", "big.csv")
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		for i := 0; i < 13; i++ {
			if _, err := fw.Write(chunk); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		mw.Close()
		pw.Close()
	}()
	r := httptest.NewRequest(http.MethodPost, "/orgs/"+ids(f.branch.ID)+"/import", pr)
	r.ContentLength = -1
	r.Header.Set("Content-Type", mw.FormDataContentType())
	w := f.do(r)
	pr.CloseWithError(io.ErrClosedPipe)
	wantBody(t, w, http.StatusRequestEntityTooLarge, "文件过大")
}

func TestExport(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	w := f.get(b + "/export.xlsx")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body.String())
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape("第一党支部花名册.xlsx")) || !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	if names := xlsxText(t, w.Body.Bytes()); !containsAll(names, "李娜", "王芳", "赵磊", "张伟", "刘洋", "陈静", f.people["李娜"].IDNumber, "第一党小组") {
		t.Errorf("xlsx lacks people:\n%s", names)
	}
	// The roster's filters apply.
	w = f.get(b + "/export.xlsx?status=activist")
	if text := xlsxText(t, w.Body.Bytes()); !strings.Contains(text, "刘洋") || strings.Contains(text, "李娜") {
		t.Errorf("filtered xlsx:\n%s", text)
	}
	w = f.get(b + "/export.csv?group=" + ids(f.g1.ID))
	if body := w.Body.String(); w.Code != http.StatusOK || !containsAll(body, "姓名", "李娜", "王芳") || strings.Contains(body, "赵磊") ||
		!strings.Contains(w.Header().Get("Content-Type"), "text/csv") {
		t.Errorf("csv %d %s:\n%s", w.Code, w.Header().Get("Content-Type"), body)
	}
	// The committee exports everyone below it.
	w = f.get("/orgs/" + ids(f.committee.ID) + "/export.csv")
	if !strings.Contains(w.Body.String(), "陈静") {
		t.Errorf("committee csv:\n%s", w.Body.String())
	}
	// The empty template has the headers and no one.
	w = f.get(b + "/import/template.xlsx")
	if text := xlsxText(t, w.Body.Bytes()); !containsAll(text, "姓名", "身份证号", "党小组") || strings.Contains(text, "李娜") {
		t.Errorf("template:\n%s", text)
	}
}

// xlsxText is every cell of the first sheet, a row per line.
func xlsxText(t *testing.T, data []byte) string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, r := range rows {
		sb.WriteString(strings.Join(r, "\t") + "\n")
	}
	return sb.String()
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func TestStatic(t *testing.T) {
	f := newFixture(t)
	m := regexp.MustCompile(`href="(/static/[0-9a-f]+/style\.css)"`).FindStringSubmatch(f.get("/orgs").Body.String())
	if m == nil {
		t.Fatal("no stylesheet link")
	}
	w := f.get(m[1])
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") ||
		!strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") || !strings.Contains(w.Body.String(), "#b5121b") {
		t.Errorf("style.css: %d %v", w.Code, w.Header())
	}
	if w := f.get("/static/000000/style.css"); w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("old hash: %d %v", w.Code, w.Header())
	}
	if w := f.get("/static/000000/nope.css"); w.Code != http.StatusNotFound {
		t.Errorf("missing file: %d", w.Code)
	}
	// No inline script or style anywhere: a content security policy forbids them.
	for _, path := range []string{"/orgs", "/orgs/" + ids(f.branch.ID), "/people/" + ids(f.id("李娜"))} {
		body := f.get(path).Body.String()
		if strings.Contains(body, "style=") || regexp.MustCompile(`<script>|<script [^>]*>[^<]`).MatchString(body) || strings.Contains(body, " on") && regexp.MustCompile(` on[a-z]+=`).MatchString(body) {
			t.Errorf("%s has inline script or style", path)
		}
	}
}

func TestMethods(t *testing.T) {
	f := newFixture(t)
	// A GET never changes anything; POST routes answer only POST.
	for _, path := range []string{"/orgs/" + ids(f.branch.ID) + "/import/confirm", "/people"} {
		if w := f.get(path); w.Code == http.StatusOK || w.Code == http.StatusSeeOther {
			t.Errorf("GET %s: %d", path, w.Code)
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/orgs/"+ids(f.branch.ID)+"/export.csv", nil)
	if w := f.do(r); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST export: %d", w.Code)
	}
}

// Dev mode reads templates and static files from disk, relative to the
// module's root.
func TestDev(t *testing.T) {
	s := storetest.SQLite(t)
	t.Chdir("../..")
	ui, err := web.New(s, service.New(s, service.Options{}), auth.New(s, nil), web.Options{Dev: true})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	ui.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/orgs", nil).WithContext(sys))
	wantBody(t, w, http.StatusOK, "组织架构", "新建组织")
	m := regexp.MustCompile(`href="(/static/[0-9a-f]+/style\.css)"`).FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatal("no stylesheet link")
	}
	w = httptest.NewRecorder()
	ui.ServeHTTP(w, httptest.NewRequest(http.MethodGet, m[1], nil))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "#b5121b") {
		t.Errorf("dev style.css: %d", w.Code)
	}
}

// Odd input is the user's problem, never an internal error.
func TestOddInput(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	for _, path := range []string{
		b + "?page=99999999999999999", b + "?page=46116860184273879", b + "?q=%00%ff%25_", b + "?group=-5&status=%00",
		b + "/export.csv?q=%00", "/orgs/new?parent=abc", "/people/new?org=abc",
	} {
		if w := f.get(path); w.Code >= 500 {
			t.Errorf("GET %s: %d", path, w.Code)
		}
	}
	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{"/people", url.Values{"org_id": {ids(f.branch.ID)}, "name": {"a\x00b\xff"}, "id_number": {"\x00"}, "group_id": {"99999999999999999999"}, "status": {"\x00"}}},
		{"/orgs", url.Values{"kind": {"\x00"}, "parent_id": {"-1"}, "code": {"\x00"}, "units": {strings.Repeat("单", 50)}}},
		{b + "/terms/new", url.Values{"elected_on": {"\x00"}, "years": {"1e9"}, "seat_secretary": {"abc"}, "note": {strings.Repeat("注", 300)}}},
		{b + "/groups/" + ids(f.g1.ID) + "/leader", url.Values{"person_id": {"-3"}, "start_on": {"3000-01-01"}}},
		{b + "/supervisions", url.Values{"supervisor_id": {"x"}, "officer_id": {"99999"}, "start_on": {""}}},
		{"/people/" + ids(f.id("李娜")) + "/move", url.Values{"org_id": {ids(f.branch.ID)}, "group_id": {"abc"}, "on": {"2020-01-01"}, "reason": {strings.Repeat("因", 300)}}},
		{b + "/import/confirm", url.Values{}},
	} {
		if w := f.post(tc.path, tc.form); w.Code >= 500 || w.Code == http.StatusSeeOther {
			t.Errorf("POST %s: %d\n%s", tc.path, w.Code, w.Body.String())
		}
	}
}

// Every page of the demo's orgs and people renders.
func TestDemo(t *testing.T) {
	s := demotest.SQLite(t)
	ui, err := web.New(s, service.New(s, service.Options{}), auth.New(s, nil), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := withSystem(ui)
	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}
	orgs, err := s.Orgs(sys, store.OrgFilter{})
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/orgs", "/people/new"}
	for _, o := range orgs {
		p := "/orgs/" + ids(o.ID)
		paths = append(paths, p+"/edit", p+"/move", p+"/print", p+"/export.xlsx", p+"/export.csv")
		switch o.Kind {
		case zhibu.KindBranch:
			paths = append(paths, p, p+"/terms/new", p+"/supervisions/new", p+"/import", p+"/import/template.xlsx", "/people/new?org="+ids(o.ID))
			groups, _ := s.Groups(sys, o.ID)
			for _, g := range groups {
				paths = append(paths, p+"/groups/"+ids(g.ID)+"/leader", p+"?group="+ids(g.ID))
			}
		case zhibu.KindGroup:
		default:
			paths = append(paths, p)
		}
	}
	people, err := s.People(sys, orgs[0].ID, zhibu.PersonFilter{})
	if err != nil || len(people) == 0 {
		t.Fatalf("demo people: %d, %v", len(people), err)
	}
	for _, p := range people {
		paths = append(paths, "/people/"+ids(p.ID), "/people/"+ids(p.ID)+"/edit", "/people/"+ids(p.ID)+"/move")
	}
	for _, path := range paths {
		if w := get(path); w.Code != http.StatusOK {
			t.Errorf("GET %s: %d\n%s", path, w.Code, w.Body.String())
		}
	}
	branch, err := s.OrgByCode(sys, demo.BranchCode)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.Counts(sys, branch.ID)
	wantBody(t, get("/orgs/"+ids(branch.ID)), http.StatusOK, c.Sentence(), "支部委员会", "第一党小组")
}
