package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/archive"
	"zhibu/internal/store"
)

// The bureau committee's member opens the seed branch's archive, rebuilds
// its 2025 year-end package (the page shows the progress and refreshes
// itself until it is done), downloads it with the browser's session, and
// the package's catalogue lists what the records hold: the year's
// meetings held, as many minutes, the community check-ins.
func TestBrowserArchive(t *testing.T) {
	st := newSite(t)
	b := newTabWithin(t, 90*time.Second)
	b.use(st)
	ms, err := st.s.Meetings(sys, store.MeetingFilter{OrgID: st.zb03.ID, From: time.Date(2025, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone),
		To: time.Date(2026, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)})
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, m := range ms {
		if m.Held() {
			held++
		}
	}
	line := "全年召开会议" + strconv.Itoa(held) + "次"

	b.login("局党委委员")
	b.open("/orgs/" + ids(st.zb03.ID))
	if status := click(b, chromedp.Search(`//div[contains(@class,"actions")]//a[normalize-space(.)="党建档案"]`)); status != http.StatusOK {
		t.Fatalf("archive page: %d", status)
	}
	if loc := b.location(); loc != "/orgs/"+ids(st.zb03.ID)+"/archive" {
		t.Fatalf("the archive link leads to %s", loc)
	}
	b.open("/orgs/" + ids(st.zb03.ID) + "/archive?year=2025")
	b.want("main h1", "第三党支部", "2025年度党建档案")
	b.want("main", "“三会一课”", "30年", "党员及入党积极分子卡片和档案", "永久", line, "在职党员到社区报到3人次", "下载档案包")

	if status := click(b, chromedp.Search(`//form[contains(@action,"/archive/build")]//button`)); status != http.StatusOK {
		t.Fatalf("build: %d", status)
	}
	deadline := time.Now().Add(40 * time.Second)
	for {
		body, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if err == nil && strings.Contains(body, "下载档案包") && !strings.Contains(body, "生成中") && strings.Count(body, "已生成") == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the package is not built after 40 s:\n%s", body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	jobs, err := st.s.ArchiveJobs(sys, st.zb03.ID, 2025)
	if err != nil || len(jobs) != 1 || jobs[0].RequestedBy == "" || jobs[0].Status != zhibu.ArchiveDone {
		t.Fatalf("jobs after the rebuild: %+v %v (the older package is dropped)", jobs, err)
	}

	// Download as the browser would, with its session cookie.
	enc, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch(document.querySelector("#archive-download").href).then(r => {
		if (!r.ok || r.headers.get("Content-Type") !== "application/zip") throw new Error("download: " + r.status);
		return r.arrayBuffer();
	}).then(buf => {
		const u = new Uint8Array(buf); let s = "";
		for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000));
		return btoa(s);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	data, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := archive.Verify(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	minutes := 0
	for _, p := range paths {
		if strings.HasPrefix(p, "01三会一课/会议记录/") {
			minutes++
		}
	}
	if minutes != held {
		t.Errorf("%d minutes for %d meetings held", minutes, held)
	}
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var book []byte
	for _, f := range zr.File {
		if f.Name == archive.IndexXLSX {
			rc, _ := f.Open()
			book, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sum, err := x.GetRows("分类汇总")
	if err != nil {
		t.Fatal(err)
	}
	if len(sum) < 7 || !strings.Contains(sum[2][4], line) || !strings.Contains(sum[5][4], "在职党员到社区报到3人次") {
		t.Errorf("the catalogue's summary %q lacks %q", sum, line)
	}
	rows, _ := x.GetRows("卷内目录")
	if len(rows)-2 != len(paths)-2 {
		t.Errorf("catalogue of %d rows for %d records", len(rows)-2, len(paths)-2)
	}

	// A member of the branch has no archive link and may not open it.
	b.logout()
	b.login("党员")
	if status := b.open("/orgs/" + ids(st.zb03.ID) + "/archive"); status != http.StatusNotFound && status != http.StatusForbidden {
		t.Errorf("a member opens the archive: %d", status)
	}
}
