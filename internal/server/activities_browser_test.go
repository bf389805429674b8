package server_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhibu"
)

// The propaganda officer records the 七一 activity of 2026 with its photos
// (a file that is not a picture is refused, nothing saved), drafts a
// bulletin from it and reviews it; the secretary approves it; the
// propaganda officer publishes it as the next issue. The 七一 finding of
// the seed branch turns ok on its calendar.
func TestBrowserActivityBulletin(t *testing.T) {
	b := newTabWithin(t, 90*time.Second)
	st := newSite(t)
	b.use(st)
	branch := "/orgs/" + ids(st.zb03.ID)
	b.login("纪检宣传委员")
	// Before: the seed branch's calendar of 2026 asks for the 七一 activity
	// (the check day is today, after the window), and so do her duties.
	missing := "未在2026年7月16日前开展“七一”专题活动"
	b.open(branch + "/compliance?year=2026")
	b.want("main", missing, "登记“七一”活动")
	b.open("/duties")
	b.want("main", "“七一”专题活动")
	b.open(branch)
	if status := click(b, chromedp.Search(`//div[contains(@class,"actions")]//a[normalize-space(.)="专题活动与宣传"]`)); status != http.StatusOK {
		t.Fatalf("activities page: %d", status)
	}
	b.want("main h1", "第三党支部专题活动与宣传")
	b.want("#bulletins", "2025年第1期", "2026年第1期")
	click(b, chromedp.Search(`//a[normalize-space(.)="登记专题活动"]`))

	// A future date is refused with the field named; what was typed stays.
	organizer := ids(st.person(t, "刘晓燕").ID)
	b.do("fill the activity",
		chromedp.SetValue(chromedp.ID("f-title"), "庆祝建党105周年“七一”主题活动"),
		chromedp.SetValue(chromedp.ID("f-held_on"), "2099-07-01"),
		chromedp.SetValue(chromedp.ID("f-place"), "党员活动室"),
		chromedp.SetValue(chromedp.ID("f-organizer_id"), organizer),
		chromedp.SetValue(chromedp.ID("f-occasion"), string(zhibu.OccasionJuly1)),
		chromedp.SetValue(chromedp.ID("f-summary"), "全体党员重温入党誓词，书记讲专题党课。"))
	if status := click(b, chromedp.CSS(`form.form button[type=submit].btn-primary`)); status != http.StatusUnprocessableEntity {
		t.Fatalf("a future date: %d", status)
	}
	b.want(".problems", "活动日期：不能晚于今天")
	b.do("the date", chromedp.SetValue(chromedp.ID("f-held_on"), "2026-07-01"))
	if status := click(b, chromedp.CSS(`form.form button[type=submit].btn-primary`)); status != http.StatusOK {
		t.Fatalf("record: %d\n%s", status, b.text("main"))
	}
	b.want("main", "已登记专题活动", "庆祝建党105周年“七一”主题活动", "“七一”", "实到")

	// Photos: a text file named .jpg is refused and nothing is saved; two
	// pictures are added and shown.
	dir := t.TempDir()
	fake := filepath.Join(dir, "假照片.jpg")
	if err := os.WriteFile(fake, []byte("这不是图片"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do("choose the fake", chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{fake}))
	if status := click(b, chromedp.CSS(`form[enctype="multipart/form-data"] button[type=submit]`)); status != http.StatusUnprocessableEntity {
		t.Fatalf("fake photo: %d", status)
	}
	b.want("main", "假照片.jpg：只能上传图片", "尚无照片")
	var pics []string
	for i, name := range []string{"重温誓词.png", "合影.png"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, picture(i), 0o644); err != nil {
			t.Fatal(err)
		}
		pics = append(pics, p)
	}
	b.do("choose the photos", chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), pics))
	if status := click(b, chromedp.CSS(`form[enctype="multipart/form-data"] button[type=submit]`)); status != http.StatusOK {
		t.Fatalf("photos: %d", status)
	}
	b.want("main", "已上传2张照片", "活动照片（2）")
	// The pictures load after the page does: wait for them (a busy machine
	// takes a while; they load lazily, so in view), then both must be the
	// 32-pixel pictures sent.
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(document.querySelector("#photos").scrollIntoView(), true)`)); err != nil {
		t.Fatalf("show the photos: %v", err)
	}
	var loaded int
	var err error
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		loaded, err = chromedp.Run(b.ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll("#photos img")).filter(i => i.complete && i.naturalWidth === 32).length`))
		if err != nil || loaded == 2 || time.Now().After(deadline) {
			break
		}
	}
	if err != nil || loaded != 2 {
		t.Fatalf("%d photos shown, %v", loaded, err)
	}
	// One picture deleted from its button: the other stays.
	if status := click(b, chromedp.CSS(`#photos button[aria-label="删除照片合影.png"]`)); status != http.StatusOK {
		t.Fatalf("delete a photo: %d", status)
	}
	b.want("main", "已删除照片：合影.png", "活动照片（1）", "重温誓词.png")
	if dir := os.Getenv("ZHIBU_SCREENSHOTS"); dir != "" {
		b.screenshot(filepath.Join(dir, "activity.png"), true)
	}

	// A bulletin drafted from the activity, reviewed by the propaganda officer.
	click(b, chromedp.Search(`//a[normalize-space(.)="据此编写简报"]`))
	body, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.getElementById("f-body").value`))
	if err != nil || !strings.Contains(body, "2026年7月1日，第三党支部组织开展“庆祝建党105周年“七一”主题活动”活动，地点在党员活动室") {
		t.Fatalf("the draft from the activity: %q %v", body, err)
	}
	b.do("channel", chromedp.Click(chromedp.CSS(`input[name="ch_bureau_site"]`)))
	if status := click(b, chromedp.Search(`//button[normalize-space(.)="保存草稿"]`)); status != http.StatusOK {
		t.Fatalf("draft: %d", status)
	}
	b.want("main", "已保存简报草稿", "草稿", "公安局网站")
	bulletinURL := b.location()
	if b.has(`form[action$="/approve"]`) {
		t.Error("the propaganda officer is offered the secretary's approval")
	}
	click(b, chromedp.Search(`//button[normalize-space(.)="审核通过"]`))
	b.want("main", "已审核，待书记审批", "宣传委员已审核")

	b.logout()
	b.login("书记")
	b.open(bulletinURL)
	click(b, chromedp.Search(`//button[normalize-space(.)="审批同意发布"]`))
	b.want("main", "已审批同意发布", "书记已审批，待发布")

	b.logout()
	b.login("纪检宣传委员")
	b.open(bulletinURL)
	click(b, chromedp.Search(`//button[normalize-space(.)="发布"]`))
	year := zhibu.Today(time.Now()).Year
	issue := "2026年第2期"
	if year != 2026 {
		issue = ids(int64(year)) + "年第1期"
	}
	b.want("main", "已发布为"+issue, "下载Word", "下载网页")
	bs, err := st.s.Bulletins(sys, st.zb03.ID, true)
	if err != nil || len(bs) != 4 || bs[0].IssueLabel() != issue || bs[0].ApprovedBy == "" || bs[0].ReviewedBy == "" {
		t.Fatalf("published: %+v %v", bs, err)
	}

	// After: the calendar of 2026 no longer asks for it.
	b.open(branch + "/compliance?year=2026")
	b.want("main", "第三党支部2026年合规日历")
	if strings.Contains(b.text("main"), "“七一”专题活动") {
		t.Error("the calendar still asks for the 七一 activity")
	}
}

// picture is a 32×24 PNG that differs with n.
func picture(n int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for y := range 24 {
		for x := range 32 {
			img.Set(x, y, color.RGBA{R: uint8(200 - 40*n), G: uint8(x * 6), B: uint8(y * 8), A: 255})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}
