package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/archive"
)

// TestArchivePages: a member's community check-in is refused beside the
// field and saved when right; the branch's archive page lists the
// categories with their retention, refuses a bad year, builds the year's
// package in the background (the page refreshing itself meanwhile) and
// serves it for download.
func TestArchivePages(t *testing.T) {
	f := newFixture(t)
	li := f.id("李娜")
	page := "/people/" + ids(li) + "/checkins"
	wantBody(t, f.get(page), http.StatusOK, "尚未登记到居住地社区报到", "登记报到")
	wantBody(t, f.post(page, url.Values{"community": {""}, "reported_on": {"2025-02-30"}}), http.StatusUnprocessableEntity,
		"报到社区：不能为空", "报到日期：")
	if cs, _ := f.s.CheckIns(sys, li); len(cs) != 0 {
		t.Fatalf("saved after a refusal: %+v", cs)
	}
	if w := f.post(page, url.Values{"community": {"和平路社区"}, "reported_on": {"2025-03-15"}, "services": {"夜间巡逻2次"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("check-in: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.get(page), http.StatusOK, "和平路社区", "2025-03-15", "夜间巡逻2次")

	arch := "/orgs/" + ids(f.branch.ID) + "/archive"
	wantBody(t, f.get(arch+"?year=2025"), http.StatusOK, "“三会一课”", "30年", "永久", "10年", "在职党员到社区报到1人次", "生成2025年年终档案包")
	wantBody(t, f.post(arch+"/build", url.Values{"year": {"1999"}}), http.StatusUnprocessableEntity, "年度：须为2000年至")
	wantBody(t, f.post(arch+"/build", url.Values{}), http.StatusUnprocessableEntity, "年度：请选择")
	if w := f.get(arch + "/package?year=2025"); w.Code != http.StatusNotFound {
		t.Errorf("download before a build: %d", w.Code)
	}
	if w := f.post(arch+"/build", url.Values{"year": {"2025"}}); w.Code != http.StatusSeeOther || w.Header().Get("Location") != arch+"?year=2025" {
		t.Fatalf("build: %d %s", w.Code, w.Header().Get("Location"))
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		jobs, err := f.s.ArchiveJobs(sys, f.branch.ID, 2025)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("jobs: %+v %v", jobs, err)
		}
		if jobs[0].Status == zhibu.ArchiveDone {
			break
		}
		if jobs[0].Status == zhibu.ArchiveFailed || time.Now().After(deadline) {
			t.Fatalf("job: %+v", jobs[0])
		}
		wantBody(t, f.get(arch+"?year=2025"), http.StatusOK, `http-equiv="refresh"`, "生成中")
	}
	w := f.get(arch + "/package?year=2025")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/zip" || w.Header().Get("Content-Length") != strconv.Itoa(w.Body.Len()) {
		t.Fatalf("download: %d %v", w.Code, w.Header())
	}
	if _, err := archive.Verify(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len())); err != nil {
		t.Fatal(err)
	}
	body := f.get(arch + "?year=2025").Body.String()
	wantBody(t, f.get(arch+"?year=2025"), http.StatusOK, "下载档案包", "已生成")
	if bytes.Contains([]byte(body), []byte(`http-equiv="refresh"`)) {
		t.Error("the page still refreshes itself once the package is built")
	}
}
