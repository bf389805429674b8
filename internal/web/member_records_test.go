package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"zhibu/internal/service"
)

// TestMemberRecords: the branch records where a member's file is kept and
// a stay away with a contact and an end; bad input is refused beside the
// field and nothing is saved.
func TestMemberRecords(t *testing.T) {
	f := newFixture(t)
	li := f.id("李娜")
	page := "/people/" + ids(li) + "/records"
	records := service.New(f.s, service.Options{}).Members
	wantBody(t, f.get(page), http.StatusOK, "尚未登记党员档案", "没有外出流动或失去联系的记录", "登记外出或失联")

	wantBody(t, f.post(page+"/file", url.Values{"kept_by": {""}, "checked_on": {"2026-13-01"}}), http.StatusUnprocessableEntity,
		"保管单位：不能为空", "核查日期：“2026-13-01”不是有效日期")
	wantBody(t, f.post(page+"/absences", url.Values{"kind": {"away"}, "from": {"2025-01-05"}}), http.StatusUnprocessableEntity,
		"外出地点：外出流动党员须填写外出地点")
	if r, err := records.Records(sys, li); err != nil || r.HasFile || len(r.Absences) != 0 {
		t.Fatalf("after refusals: %+v %v", r, err)
	}

	if w := f.post(page+"/file", url.Values{"kept_by": {"市公安局政治处"}, "checked_on": {"2025-03-01"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("file: %d %s", w.Code, w.Body)
	}
	if w := f.post(page+"/absences", url.Values{"kind": {"away"}, "from": {"2025-01-05"}, "place": {"乌鲁木齐"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("absence: %d %s", w.Code, w.Body)
	}
	r, err := records.Records(sys, li)
	if err != nil || len(r.Absences) != 1 {
		t.Fatalf("records: %+v %v", r, err)
	}
	aid := strconv.FormatInt(r.Absences[0].ID, 10)
	wantBody(t, f.post(page+"/absences/update", url.Values{"absence": {"99999"}, "until": {"2025-03-01"}}), http.StatusUnprocessableEntity,
		"未找到该人员的这条外出或失联记录")
	if w := f.post(page+"/absences/update", url.Values{"absence": {aid}, "contact_on": {"2025-04-01"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("contact: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.post(page+"/absences/update", url.Values{"absence": {aid}, "until": {"2024-12-01"}}), http.StatusUnprocessableEntity,
		"结束日期：不能早于开始日期")
	wantBody(t, f.get(page), http.StatusOK, "市公安局政治处", "乌鲁木齐", "2025-04-01", "未结束")
}
