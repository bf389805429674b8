package web_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/web"
)

// TestAppraisalPages runs the members' appraisal through the pages: the
// branch opens it, a member writes the self-appraisal and votes (too many
// 优秀 refused, naming the share), the branch decides at its held appraisal
// meeting with a 不合格 member's handling, and closes the handling.
func TestAppraisalPages(t *testing.T) {
	f := newFixture(t)
	ui, err := web.New(f.s, service.New(f.s, service.Options{}), auth.New(f.s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	as := func(name string) func(*http.Request) *httptest.ResponseRecorder {
		p := f.people[name]
		a := zhibu.Actor{AccountID: p.ID + 500, PersonID: p.ID, Name: p.Name, Scope: zhibu.Scope{Self: p.ID}}
		return func(r *http.Request) *httptest.ResponseRecorder {
			w := httptest.NewRecorder()
			ui.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), a)))
			return w
		}
	}
	post := func(do func(*http.Request) *httptest.ResponseRecorder, target string, form url.Values) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return do(r)
	}
	branch := "/orgs/" + ids(f.branch.ID) + "/appraisal"
	today := zhibu.Today(time.Now())
	year := ids(int64(today.Year))

	wantBody(t, f.post(branch, url.Values{"year": {"1990"}}), http.StatusUnprocessableEntity, "年度：应为今年或上一年")
	if w := f.post(branch, url.Values{"year": {year}}); w.Code != http.StatusSeeOther {
		t.Fatalf("open: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.get(branch), http.StatusOK, year+"年度民主评议", "个人自评中", "李娜", "张伟")
	rounds, err := f.s.BranchAppraisals(sys, f.branch.ID)
	if err != nil || len(rounds) != 1 || len(rounds[0].Entries) != 4 {
		t.Fatalf("rounds %+v %v", rounds, err)
	}
	round := ids(rounds[0].ID)
	li := as("李娜")
	if w := post(li, "/ballots/appraisal/self", url.Values{"round_id": {round}, "self_text": {"认真履职，按时参加组织生活"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("self: %d %s", w.Code, w.Body)
	}
	wantBody(t, post(as("陈静"), "/ballots/appraisal/self", url.Values{"round_id": {round}, "self_text": {"冒名"}}), http.StatusUnprocessableEntity, "您不在本次评议的投票名单中")
	if w := f.post(branch+"/vote", nil); w.Code != http.StatusSeeOther {
		t.Fatalf("open vote: %d %s", w.Code, w.Body)
	}
	w := httptest.NewRequest(http.MethodGet, "/ballots", nil)
	wantBody(t, li(w), http.StatusOK, "评为优秀的至多1人", "王芳", "赵磊", "张伟")
	g := func(id int64) string { return "grade_" + ids(id) }
	two := url.Values{"round_id": {round}, g(f.id("王芳")): {"excellent"}, g(f.id("赵磊")): {"excellent"}, g(f.id("张伟")): {"unqualified"}}
	wantBody(t, post(li, "/ballots/appraisal", two), http.StatusUnprocessableEntity, "评为优秀的不能超过1人")
	two.Set(g(f.id("赵磊")), "qualified")
	if w := post(li, "/ballots/appraisal", two); w.Code != http.StatusSeeOther {
		t.Fatalf("ballot: %d %s", w.Code, w.Body)
	}
	wantBody(t, li(httptest.NewRequest(http.MethodGet, "/ballots", nil)), http.StatusOK, "您已于"+today.Chinese()+"参加互评投票")
	wantBody(t, post(li, "/ballots/appraisal", two), http.StatusUnprocessableEntity, "您已投票")

	decide := url.Values{g(f.id("李娜")): {"excellent"}, g(f.id("王芳")): {"qualified"}, g(f.id("赵磊")): {"qualified"}, g(f.id("张伟")): {"unqualified"}}
	wantBody(t, f.post(branch+"/decide", decide), http.StatusUnprocessableEntity, "民主评议会议：请选择", "张伟：处置方式")
	held := time.Now().In(zhibu.DefaultZone).Add(-2 * time.Hour)
	m, err := f.s.SaveMeeting(sys, zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAppraisal, Status: zhibu.MeetingHeld, StartsAt: held,
		ChairID: f.id("李娜"), RecorderID: f.id("赵磊"), Minutes: "民主评议党员"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	decide.Set("meeting_id", ids(m.ID))
	decide.Set("measure_"+ids(f.id("张伟")), "improve")
	// No day named: 限期改正 gets appraisal.handling's within_months (6)
	// from the meeting's day.
	if w := f.post(branch+"/decide", decide); w.Code != http.StatusSeeOther {
		t.Fatalf("decide: %d %s", w.Code, w.Body)
	}
	due := zhibu.DateOf(held).AddMonths(zhibu.DefaultImproveMonths)
	wantBody(t, f.get(branch), http.StatusOK, "已确定等次", "限期改正", "期限"+due.String(), "未办结", "0/0/0/1")

	// The superior sees the branch beside the others; both sheets open.
	committee := "/orgs/" + ids(f.committee.ID) + "/appraisal"
	wantBody(t, f.get(committee+"?year="+year), http.StatusOK, "年度各党支部民主评议结果", "第一党支部", "已确定等次", "张伟（限期改正，期限"+due.String())
	for _, x := range []struct{ path, sheet, cell, want string }{
		{branch + "/grades.xlsx?year=" + year, "民主评议等次", "H3", "不合格"},
		{committee + "/grades.xlsx?year=" + year, "民主评议汇总", "I3", "1"},
	} {
		res := f.get(x.path)
		book, err := excelize.OpenReader(bytes.NewReader(res.Body.Bytes()))
		if res.Code != http.StatusOK || err != nil {
			t.Fatalf("%s: %d %v", x.path, res.Code, err)
		}
		if v, err := book.GetCellValue(x.sheet, x.cell); err != nil || v != x.want {
			rows, _ := book.GetRows(x.sheet)
			t.Errorf("%s %s = %q, want %q (%v)\n%q", x.path, x.cell, v, x.want, err, rows)
		}
	}
	wantBody(t, f.post(branch+"/handling", url.Values{"person_id": {ids(f.id("张伟"))}}), http.StatusUnprocessableEntity, "处置结果：不能为空")
	if w := f.post(branch+"/handling", url.Values{"person_id": {ids(f.id("张伟"))}, "outcome": {"已改正"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("handling: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.get(branch), http.StatusOK, "办结：已改正")
}

// TestReviewPages: the committee's page opens a round (bad input named),
// the branch's page shows the report's form; the downloads answer.
func TestReviewPages(t *testing.T) {
	f := newFixture(t)
	committee := "/orgs/" + ids(f.committee.ID) + "/reviews"
	wantBody(t, f.post(committee, url.Values{"year": {"x"}}), http.StatusUnprocessableEntity, "年度：应为四位数字的年份")
	today := zhibu.Today(time.Now())
	form := url.Values{"year": {ids(int64(today.Year))}, "opens_on": {today.String()}, "closes_on": {today.AddDays(5).String()}}
	if w := f.post(committee, form); w.Code != http.StatusSeeOther {
		t.Fatalf("open: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.post(committee, form), http.StatusUnprocessableEntity, "的述职评议已经开展")
	wantBody(t, f.get(committee), http.StatusOK, "第一党支部", "尚未报送")
	branch := "/orgs/" + ids(f.branch.ID) + "/reviews"
	wantBody(t, f.get(branch), http.StatusOK, "待撰写述职报告", "一、年度党建工作开展情况")
	wantBody(t, f.post(branch+"/report", url.Values{"work_done": {"做了"}}), http.StatusUnprocessableEntity, "取得的主要成效：不能为空")
	if w := f.post(branch+"/report", url.Values{"work_done": {"做了"}, "results": {"成效"}, "problems": {"问题"}, "plan": {"计划"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("file: %d %s", w.Code, w.Body)
	}
	if w := f.get(branch + "/report.docx"); w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "PK") {
		t.Errorf("report.docx: %d", w.Code)
	}
	if w := f.get(committee + "/results.xlsx"); w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "PK") {
		t.Errorf("results.xlsx: %d", w.Code)
	}
	wantBody(t, f.post(branch+"/close", nil), http.StatusUnprocessableEntity, "当前不在投票中")
}
