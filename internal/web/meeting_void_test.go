package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The form asks to confirm a second meeting of a type on one day and
// saves it only when confirmed; the page voids it with a reason, shows it
// struck in the list, and a filed meeting's page asks for the filing to be
// withdrawn before editing.
func TestMeetingSameDayVoidWithdraw(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	v := f.committeeForm()
	wantBody(t, f.follow(f.post(b+"/meetings", v)), http.StatusOK, "已录入会议")

	again := merged(v, url.Values{"time": {"19:00"}})
	w := f.post(b+"/meetings", again)
	wantBody(t, w, http.StatusConflict, "同一天已有同类会议的记录", "确认不是重复，仍然保存", "2025-06-10 14:30 支委会")
	if n := len(f.meetings()); n != 1 {
		t.Fatalf("%d meetings after the warning", n)
	}
	wantBody(t, f.follow(f.post(b+"/meetings", merged(again, url.Values{"confirm_same_day": {"1"}}))), http.StatusOK, "已录入会议", "作废会议记录")
	ms := f.meetings()
	if len(ms) != 2 {
		t.Fatalf("%d meetings after confirming", len(ms))
	}
	dup := "/meetings/" + ids(ms[1].ID)
	wantBody(t, f.post(dup+"/void", url.Values{"void_reason": {""}}), http.StatusUnprocessableEntity, "作废原因：不能为空")
	page := f.follow(f.post(dup+"/void", url.Values{"void_reason": {"重复录入"}}))
	wantBody(t, page, http.StatusOK, "已作废会议记录", "原因：重复录入", "不计入会议次数")
	if strings.Contains(page.Body.String(), dup+"/edit") || strings.Contains(page.Body.String(), `action="`+dup+`/void"`) {
		t.Error("a voided meeting offers editing or voiding")
	}
	wantBody(t, f.get(b+"/meetings?year=2025"), http.StatusOK, `<tr class="voided">`, "已作废", "支委会已召开1次")

	first := "/meetings/" + ids(ms[0].ID)
	wantBody(t, f.follow(f.post(first+"/file", nil)), http.StatusOK, "已报备上级", "编辑（须先撤回报备）", "撤回报备")
	wantBody(t, f.post(first, v), http.StatusUnprocessableEntity, "修改前请先撤回报备")
	wantBody(t, f.follow(f.post(first+"/withdraw", nil)), http.StatusOK, "已撤回报备", first+"/edit")
}

// The compliance calendar shows a voided meeting struck in the cell of its
// period, with the reason in the cell's title, and does not count it.
func TestCalendarStrikesVoided(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	wantBody(t, f.post(b+"/meetings", f.committeeForm()), http.StatusSeeOther)
	ms := f.meetings()
	if len(ms) != 1 {
		t.Fatalf("%d meetings", len(ms))
	}
	cal := b + "/compliance?year=2025&as_of=2025-12-31"
	june := func() string {
		t.Helper()
		page := f.get(cal).Body.String()
		i := strings.Index(page, "<code>meet.committee.monthly</code>")
		if i < 0 {
			t.Fatalf("no committee row in the calendar:\n%s", page)
		}
		row := page[i : i+strings.Index(page[i:], "</tr>")]
		cells := strings.Split(row, "<td")[2:] // after the kind's cell: one a month
		if len(cells) != 12 {
			t.Fatalf("%d month cells in the committee row", len(cells))
		}
		return cells[5]
	}
	if c := june(); !strings.Contains(c, `<span class="cs-count">1次</span>`) || strings.Contains(c, "作废") {
		t.Fatalf("June before the void:\n%s", c)
	}
	wantBody(t, f.post("/meetings/"+ids(ms[0].ID)+"/void", url.Values{"void_reason": {"录入错误，会议改期"}}), http.StatusSeeOther)
	c := june()
	for _, want := range []string{`<span class="cs-voided" title="已作废（不计入）：2025-06-10 支委会，原因：录入错误，会议改期"><s>10日</s>作废</span>`,
		`<span class="cs-count">0次</span>`, "原因：录入错误，会议改期"} {
		if !strings.Contains(c, want) {
			t.Errorf("June after the void lacks %s:\n%s", want, c)
		}
	}
	// Only the rows counting committee meetings mark it (the branch's
	// monthly committee row), not the assemblies' or the groups'.
	if n := strings.Count(f.get(cal).Body.String(), "<s>10日</s>"); n != 1 {
		t.Errorf("the voided meeting is marked %d times", n)
	}
}
