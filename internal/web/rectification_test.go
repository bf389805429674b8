package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestRectificationPages: the branch's self-check lists the problems found,
// a remedy is recorded, completed and signed off; bad input is refused
// beside its field; the committee sees the branch's line.
func TestRectificationPages(t *testing.T) {
	f := newFixture(t)
	page := "/orgs/" + ids(f.branch.ID) + "/rectification?year=2025"
	base := "/orgs/" + ids(f.branch.ID) + "/rectification/remedies"
	if w := f.get(page); w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, f.log)
	}
	wantBody(t, f.get(page), http.StatusOK, "自查情况", "“三会一课”制度落实不到位", "登记整改措施")

	wantBody(t, f.post(base+"?year=2025", url.Values{"problem": {"9"}, "issue": {""}, "measure": {"每月召开"}, "owner_id": {ids(f.id("李娜"))},
		"deadline": {"2025-02-30"}}), http.StatusUnprocessableEntity, "问题类别：请选择五类问题之一", "存在问题：不能为空", "整改时限：")
	w := f.post(base+"?year=2025", url.Values{"problem": {"2"}, "issue": {"支委会未按月召开"}, "measure": {"每月第一周召开支委会"},
		"owner_id": {ids(f.id("李娜"))}, "deadline": {"2025-12-31"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("add: %d %s", w.Code, w.Body)
	}
	rs, err := f.s.Remedies(sys, f.branch.ID, 2025)
	if err != nil || len(rs) != 1 {
		t.Fatalf("remedies: %+v %v", rs, err)
	}
	id := strconv.FormatInt(rs[0].ID, 10)
	wantBody(t, f.post(base+"/update?year=2025", url.Values{"remedy": {id}, "done_on": {"2025-11-30"}}), http.StatusUnprocessableEntity,
		"整改结果及佐证：填写完成日期时须写明整改结果及佐证")
	// The records that close it: addresses of their pages (docs/rectification.md).
	wantBody(t, f.post(base+"/update?year=2025", url.Values{"remedy": {id}, "done_on": {"2025-11-30"}, "evidence": {"已按月召开"}, "links": {"/orgs/1/dues"}}),
		http.StatusUnprocessableEntity, "关联记录：第1个地址“/orgs/1/dues”不是会议、活动、简报或人员的页面地址")
	person := ids(f.id("李娜"))
	if w := f.post(base+"/update?year=2025", url.Values{"remedy": {id}, "done_on": {"2025-11-30"}, "evidence": {"已按月召开，记录归档"},
		"links": {"http://127.0.0.1:8080/people/" + person}}); w.Code != http.StatusSeeOther {
		t.Fatalf("done: %d %s", w.Code, w.Body)
	}
	if w := f.post(base+"/sign?year=2025", url.Values{"remedy": {id}}); w.Code != http.StatusSeeOther {
		t.Fatalf("sign: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.post(base+"/sign?year=2025", url.Values{"remedy": {id}}), http.StatusUnprocessableEntity, "已于")
	wantBody(t, f.get(page), http.StatusOK, "已销号", "每月第一周召开支委会", "已按月召开，记录归档", `<a href="/people/`+person+`">李娜</a>`)
	wantBody(t, f.get("/orgs/"+ids(f.committee.ID)+"/rectification?year=2025"), http.StatusOK, "各支部整改进度", f.branch.Name)

	// The report to the superior, a .docx opened as a zip of XML parts.
	rep := f.get("/orgs/" + ids(f.branch.ID) + "/rectification/report.docx?year=2025")
	if rep.Code != http.StatusOK || !strings.Contains(rep.Header().Get("Content-Type"), "wordprocessingml") {
		t.Fatalf("report: %d %s", rep.Code, rep.Header().Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(rep.Body.Bytes()), int64(rep.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			doc, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, want := range []string{"对照五类突出问题开展自查", "整改措施：每月第一周召开支委会", "已销号", "佐证记录：李娜"} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if w := f.get("/orgs/" + ids(f.committee.ID) + "/rectification/report.docx?year=2025"); w.Code != http.StatusNotFound {
		t.Errorf("a committee's report: %d", w.Code)
	}
}

// TestRectificationCampaignPages: the committee opens its campaign on its
// page (bad days refused beside their fields); the branch's page shows it,
// a remedy due after it is refused, and the report names it.
func TestRectificationCampaignPages(t *testing.T) {
	f := newFixture(t)
	cpage := "/orgs/" + ids(f.committee.ID) + "/rectification?year=2025"
	open := "/orgs/" + ids(f.committee.ID) + "/rectification/campaigns?year=2025"
	wantBody(t, f.get(cpage), http.StatusOK, "2025年尚未部署整改活动", "部署2025年整改活动")
	wantBody(t, f.post(open, url.Values{"title": {""}, "start_on": {"2025-10-15"}, "checks_due": {"2025-10-01"}, "remedies_due": {"2025-02-30"}}),
		http.StatusUnprocessableEntity, "整改活动名称：不能为空", "自查完成日期：不能早于开始日期", "整改完成日期：")
	if cs, err := f.s.RectCampaigns(sys, f.committee.ID); err != nil || len(cs) != 0 {
		t.Fatalf("a refused campaign was saved: %+v %v", cs, err)
	}
	if w := f.post(open, url.Values{"title": {"2025年基层党建基础工作整改"}, "start_on": {"2025-10-15"}, "checks_due": {"2025-12-31"},
		"remedies_due": {"2026-03-31"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("open: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.get(cpage), http.StatusOK, "整改活动：2025年基层党建基础工作整改", "2026年3月31日", "修改2025年整改活动", "超期未完成")
	wantBody(t, f.get("/orgs/"+ids(f.branch.ID)+"/rectification?year=2025"), http.StatusOK,
		"整改活动：2025年基层党建基础工作整改", "2025年10月15日开始", "自查完成日期2025年12月31日")
	wantBody(t, f.post("/orgs/"+ids(f.branch.ID)+"/rectification/remedies?year=2025", url.Values{"problem": {"2"}, "issue": {"支委会未按月召开"},
		"measure": {"每月召开"}, "owner_id": {ids(f.id("李娜"))}, "deadline": {"2026-04-30"}}),
		http.StatusUnprocessableEntity, "整改时限：不能晚于“2025年基层党建基础工作整改”规定的整改完成日期2026年3月31日")

	rep := f.get("/orgs/" + ids(f.branch.ID) + "/rectification/report.docx?year=2025")
	zr, err := zip.NewReader(bytes.NewReader(rep.Body.Bytes()), int64(rep.Body.Len()))
	if err != nil {
		t.Fatalf("report: %d %v", rep.Code, err)
	}
	found := false
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			doc, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			found = bytes.Contains(doc, []byte("“2025年基层党建基础工作整改”的部署要求"))
		}
	}
	if !found {
		t.Error("the report does not name the campaign")
	}
}
