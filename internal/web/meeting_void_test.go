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
