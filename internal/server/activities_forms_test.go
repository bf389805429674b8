package server_test

import (
	"archive/zip"
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/server"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// The activities stream's forms answer bad input with Chinese messages
// naming the field or line, save nothing, and save what is right; the
// bulletin's steps are each their position's; a published bulletin
// downloads as a Word document.
func TestActivityForms(t *testing.T) {
	s := demotest.SQLite(t)
	h, err := server.New(s, service.New(s, service.Options{}), server.Options{Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{h: h}
	accounts, err := s.DemoAccounts(sys)
	if err != nil {
		t.Fatal(err)
	}
	cookies := map[string]*http.Cookie{}
	for _, a := range accounts {
		cookies[a.Login] = w.login(t, a.ID)
	}
	zb03, err := s.OrgByCode(sys, demo.BranchCode)
	if err != nil {
		t.Fatal(err)
	}
	branch := "/orgs/" + strconv.FormatInt(zb03.ID, 10)
	send := func(role, method, path string, form url.Values, status int, want ...string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		if method == "POST" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.AddCookie(cookies[role])
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != status {
			t.Fatalf("%s %s %s: %d, want %d\n%s", role, method, path, rec.Code, status, rec.Body.String())
		}
		for _, x := range want {
			if !strings.Contains(rec.Body.String(), x) {
				t.Errorf("%s %s: the answer lacks %q", method, path, x)
			}
		}
		return rec
	}

	// Campaigns: a bad line and a period backwards; nothing saved.
	send("纪检宣传委员", "POST", branch+"/campaigns", url.Values{"title": {"新专项"}, "starts_on": {"2026-09-01"}, "ends_on": {"2026-08-01"},
		"items": {"动员部署\n2026-09-10 学习"}}, http.StatusUnprocessableEntity, "第1项计划：应先写完成时限再写事项", "结束日期：不能早于开始日期")
	if cs, _ := s.Campaigns(sys, zb03.ID); len(cs) != 2 {
		t.Fatalf("%d campaigns after a refused form", len(cs))
	}
	send("纪检宣传委员", "POST", branch+"/campaigns", url.Values{"title": {"新专项"}, "starts_on": {"2026-09-01"}, "ends_on": {"2026-12-31"},
		"items": {"2026-09-10 动员部署\r\n2026-12-20　总结"}}, http.StatusSeeOther)
	if cs, _ := s.Campaigns(sys, zb03.ID); len(cs) != 3 || len(cs[0].Items) != 2 || cs[0].Items[1].Title != "总结" {
		t.Fatalf("campaigns %+v", cs)
	}
	// The superior reads the branch but does not plan for it; a member
	// does not read the branch, but knows it exists: 403 (issue 12).
	send("局党委委员", "POST", branch+"/campaigns", url.Values{}, http.StatusForbidden)
	send("党员", "POST", branch+"/campaigns", url.Values{}, http.StatusForbidden)

	// An activity corrected: the form holds it as recorded; a bad date is
	// refused, a new title saved.
	acts, err := s.Activities(sys, zb03.ID, 2025)
	if err != nil || len(acts) == 0 {
		t.Fatal(acts, err)
	}
	act := branch + "/activities/" + strconv.FormatInt(acts[0].ID, 10)
	send("组织委员", "GET", act+"/edit", nil, http.StatusOK, "修改专题活动", acts[0].Title)
	edit := url.Values{"kind": {string(acts[0].Kind)}, "title": {"改正后的名称"}, "held_on": {"2025-13-01"},
		"organizer_id": {strconv.FormatInt(acts[0].OrganizerID, 10)}, "item": {"0:0"}}
	send("组织委员", "POST", act, edit, http.StatusUnprocessableEntity, "活动日期：“2025-13-01”不是有效日期")
	edit.Set("held_on", acts[0].HeldOn.String())
	edit.Set("item", strconv.FormatInt(acts[0].CampaignID, 10)+":"+strconv.FormatInt(acts[0].ItemID, 10))
	send("组织委员", "POST", act, edit, http.StatusSeeOther)
	if a, _, err := s.Activity(sys, zb03.ID, acts[0].ID); err != nil || a.Title != "改正后的名称" {
		t.Fatalf("after the edit: %+v %v", a, err)
	}

	// The stance meeting of 11 December 2025: its record.
	ms, err := s.Meetings(sys, store.MeetingFilter{OrgID: zb03.ID, Type: zhibu.MeetStance})
	if err != nil {
		t.Fatal(err)
	}
	var stance zhibu.Meeting
	for _, m := range ms {
		if m.DateIn(nil) == zhibu.MakeDate(2025, 12, 11) {
			stance = m
		}
	}
	path := "/meetings/" + strconv.FormatInt(stance.ID, 10) + "/stance"
	send("书记", "GET", path, nil, http.StatusOK, "发声亮剑发言记录", "未报备", "列席指导人员")
	secretary := demoPersonID(t, s, zb03.ID, "张志刚")
	pid := strconv.FormatInt(secretary, 10)
	send("书记", "POST", path, url.Values{"observers": {"政治部"}, "points_" + pid: {""}, "examples_" + pid: {"实例"}},
		http.StatusUnprocessableEntity, "张志刚的主要观点不能为空")
	send("书记", "POST", path, url.Values{"observers": {"局纪委、政治部"}, "points_" + pid: {"坚决反对民族分裂"}}, http.StatusSeeOther)
	if r, err := s.StanceRecord(sys, stance.ID); err != nil || len(r.Viewpoints) != 1 || r.Observers != "局纪委、政治部" {
		t.Fatalf("stance record %+v %v", r, err)
	}
	send("局党委委员", "POST", path, url.Values{}, http.StatusForbidden)

	// Bulletins: the draft of the demo; each step is its position's.
	bs, err := s.Bulletins(sys, zb03.ID, false)
	if err != nil || bs[0].Status != zhibu.BulletinDraft {
		t.Fatalf("the demo's draft: %+v %v", bs, err)
	}
	draft := branch + "/bulletins/" + strconv.FormatInt(bs[0].ID, 10)
	send("书记", "POST", draft+"/review", nil, http.StatusForbidden)
	send("纪检宣传委员", "POST", draft, url.Values{"title": {""}, "body": {"正文"}, "ch_nowhere": {"true"}}, http.StatusUnprocessableEntity, "简报标题：不能为空")
	send("纪检宣传委员", "POST", draft+"/review", nil, http.StatusSeeOther)
	send("纪检宣传委员", "POST", draft+"/approve", nil, http.StatusForbidden)
	send("书记", "POST", draft+"/return", url.Values{"note": {""}}, http.StatusUnprocessableEntity, "退回意见：退回时须说明原因")
	send("书记", "POST", draft+"/return", url.Values{"note": {"请补充参加人数"}}, http.StatusSeeOther)
	send("纪检宣传委员", "GET", draft, nil, http.StatusOK, "退回意见：请补充参加人数", "保存草稿")
	send("纪检宣传委员", "GET", draft+"/bulletin.docx", nil, http.StatusNotFound)

	// A published one downloads as .docx and as a page.
	pub := branch + "/bulletins/" + strconv.FormatInt(bs[len(bs)-1].ID, 10)
	rec := send("局党委委员", "GET", pub+"/bulletin.docx", nil, http.StatusOK)
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			doc = string(b)
		}
	}
	for _, x := range []string{"党建信息简报", "2025年第1期", "重温入党誓词", "公安局网站、今日头条"} {
		if !strings.Contains(doc, x) {
			t.Errorf("the bulletin's document lacks %q", x)
		}
	}
	send("局党委委员", "GET", pub+"/bulletin.html", nil, http.StatusOK, "<!doctype html>", "2025年第1期")
	send("局党委委员", "GET", branch+"/bulletins/feed.atom", nil, http.StatusOK, "http://www.w3.org/2005/Atom", "2025年第1期")

	// A photo is deleted from the activity's page by who may edit it; the
	// committee above, which reads it, sees no button and is refused.
	var pictured zhibu.Activity
	var photos []store.Photo
	acts, err = s.Activities(sys, zb03.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range acts {
		if photos, err = s.ActivityPhotos(sys, zb03.ID, a.ID); err == nil && len(photos) > 0 {
			pictured = a
			break
		}
	}
	if len(photos) == 0 {
		t.Fatal("the demo has no activity with photos")
	}
	page := branch + "/activities/" + strconv.FormatInt(pictured.ID, 10)
	del := page + "/photos/" + strconv.FormatInt(photos[0].ID, 10) + "/delete"
	send("纪检宣传委员", "GET", page, nil, http.StatusOK, `action="`+del+`"`)
	if rec := send("局党委委员", "GET", page, nil, http.StatusOK); strings.Contains(rec.Body.String(), "/delete") {
		t.Error("a reader is offered the photo's deletion")
	}
	send("局党委委员", "POST", del, nil, http.StatusForbidden)
	send("纪检宣传委员", "POST", del, nil, http.StatusSeeOther)
	if left, err := s.ActivityPhotos(sys, zb03.ID, pictured.ID); err != nil || len(left) != len(photos)-1 {
		t.Errorf("after the deletion %d photos of %d, %v", len(left), len(photos), err)
	}
	send("纪检宣传委员", "POST", del, nil, http.StatusNotFound)

	// The demo's secrecy officer (保密委员) passes the disclosure waiting
	// for its secrecy review, from the button the page offers them; the
	// discipline and propaganda officer may not.
	items, err := s.Disclosures(sys, store.DisclosureFilter{OrgID: zb03.ID})
	if err != nil {
		t.Fatal(err)
	}
	var waiting zhibu.Disclosure
	for _, d := range items {
		if d.Status == zhibu.DisclosureProposed {
			waiting = d
		}
	}
	if waiting.ID == 0 {
		t.Fatal("the demo has no disclosure waiting for its secrecy review")
	}
	item := url.Values{"item": {strconv.FormatInt(waiting.ID, 10)}, "passed": {"true"}}
	send("纪检宣传委员", "POST", branch+"/disclosures/review", item, http.StatusForbidden)
	send("保密委员", "GET", "/duties", nil, http.StatusOK, "保密审查")
	send("保密委员", "GET", branch+"/disclosures?year="+strconv.Itoa(waiting.Period.Year), nil, http.StatusOK, "保密审查通过")
	send("保密委员", "POST", branch+"/disclosures/review", item, http.StatusSeeOther)
	if d, err := s.Disclosure(sys, waiting.ID); err != nil || d.Status != zhibu.DisclosureReviewed {
		t.Fatalf("after the secrecy officer's review: %+v %v", d.Status, err)
	}
}

// demoPersonID is the id of a person of the demo by name.
func demoPersonID(t *testing.T, s *store.Store, orgID int64, name string) int64 {
	t.Helper()
	ps, err := s.People(sys, orgID, zhibu.PersonFilter{Query: name})
	if err != nil || len(ps) == 0 {
		t.Fatalf("no %s: %v", name, err)
	}
	return ps[0].ID
}
