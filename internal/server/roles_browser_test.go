package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhibu"
	"zhibu/internal/store"
)

// TestBrowserRolesPages walks the pages issue 12 changed last, at 1366 px
// and on a 390 px phone: the meeting form's vote table fits 1366 px
// without scrolling sideways; an applicant is designated an activist by a
// committee resolution chosen on the step's form (which holds only that
// step's fields), and the meeting and the step link to each other; a
// voided meeting is struck on the calendar with its reason; and a member
// opening the edit form of their own branch's meeting is told 无权访问
// with the way to their home. With ZHIBU_SCREENSHOTS naming a directory
// the pictures are kept there, to be looked at.
func TestBrowserRolesPages(t *testing.T) {
	dir := os.Getenv("ZHIBU_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	st := newSite(t)
	// An applicant talked to (step 2 done) whom a committee may designate.
	files, err := st.s.DevFiles(sys, st.zb03.ID)
	if err != nil {
		t.Fatal(err)
	}
	var who zhibu.Person
	for _, f := range files {
		if f.Person.Status == zhibu.Applicant && f.Done(2) {
			who = f.Person
			break
		}
	}
	if who.ID == 0 {
		t.Fatal("the demo has no applicant talked to")
	}
	now := time.Now().In(zhibu.DefaultZone)
	day := time.Date(now.Year(), now.Month(), now.Day(), 9, 0, 0, 0, zhibu.DefaultZone).AddDate(0, 0, -1)
	text := "确定" + who.Name + "同志为入党积极分子"
	committee, err := st.s.SaveMeeting(sys, zhibu.Meeting{OrgID: st.zb03.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
		StartsAt: day, Topics: []string{"发展党员"}, Minutes: "经支委会研究，一致同意。",
		Resolutions: []zhibu.Resolution{{Text: text, For: 5, Entitled: 5, Present: 5}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wrong, err := st.s.SaveMeeting(sys, zhibu.Meeting{OrgID: st.zb03.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
		StartsAt: day.Add(2 * time.Hour), Topics: []string{"重复录入"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.s.VoidMeeting(sys, wrong.ID, "与上午的支委会重复录入"); err != nil {
		t.Fatal(err)
	}

	b := newTabWithin(t, 2*time.Minute)
	b.use(st)
	b.login("组织委员")
	desktop := func() { b.do("desktop", chromedp.EmulateViewport(1366, 768)) }
	phone := func() { b.do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)) }
	shot := func(name string, width int) {
		t.Helper()
		file := filepath.Join(dir, name+".png")
		b.screenshot(file, true)
		wantPicture(t, file, width)
	}
	// screen is the screen showing sel: the calendar's whole page is too
	// tall a picture to look at.
	screen := func(name, sel string, width int) {
		t.Helper()
		b.do("scroll to "+sel, chromedp.ScrollIntoView(chromedp.CSS(sel)))
		file := filepath.Join(dir, name+".png")
		b.screenshot(file, false)
		wantPicture(t, file, width)
	}
	// wide is the page's width and the widest box that scrolls sideways
	// inside it (selector: scrollWidth/clientWidth).
	wide := func(sel string) (page float64, box [2]float64) {
		t.Helper()
		page, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		box, err = chromedp.Run(b.ctx, chromedp.Evaluate[[2]float64](`(() => { const e = document.querySelector(`+strconv.Quote(sel)+
			`); return e ? [e.scrollWidth, e.clientWidth] : [-1, -1]; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return page, box
	}

	// The vote table of the meeting form at 1366 px: no sideways scroll.
	desktop()
	b.open("/orgs/" + ids(st.zb03.ID) + "/meetings/new?type=committee")
	b.want("#f-resolutions", "表决事项", "有表决权人数")
	if page, box := wide("#f-resolutions .table-wrap"); box[0] < 0 || box[0] > box[1] || page > 1366 {
		t.Errorf("at 1366 px the vote table's box is %.0f px of content in %.0f px, the page %.0f px: it scrolls sideways", box[0], box[1], page)
	} else {
		t.Logf("at 1366 px the vote table's box: %.0f px of content in %.0f px; the page %.0f px", box[0], box[1], page)
	}
	shot("meeting-form-1366", 1366)
	phone()
	b.open("/orgs/" + ids(st.zb03.ID) + "/meetings/new?type=committee")
	if page, _ := wide("#f-resolutions .table-wrap"); page > 391 {
		t.Errorf("on a 390 px phone the meeting form is %.0f px wide", page)
	}
	// The matter's text keeps room to be typed in (the table scrolls in
	// its box instead of squeezing the column under the numbers').
	if w, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`document.querySelector("#f-res_1").getBoundingClientRect().width`)); err != nil || w < 150 {
		t.Errorf("on a 390 px phone the first matter's input is %.0f px wide (%v)", w, err)
	} else {
		t.Logf("on a 390 px phone the first matter's input is %.0f px wide", w)
	}
	shot("meeting-form-390", 390)

	// Step 3 from the committee's resolution, on the form of step 3 only.
	desktop()
	file := "/people/" + ids(who.ID) + "/development"
	b.open(file)
	if status := b.devStep(file, "#record", map[string]string{"step": "3", "vote": ids(committee.ID) + ":1"}); status != http.StatusOK {
		t.Fatalf("step 3: %d", status)
	}
	b.want(".flash", "已记录第3步 确定入党积极分子（"+zhibu.Today(day).String()+"）")
	b.want("#dev-steps", "查看支委会记录")
	shot("dev-file-1366", 1366)
	b.open(file + "?step=5#record")
	if n, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#step-form [name=days], #step-form [name=vote], #step-form [name=months]").length`)); n != 0 {
		t.Errorf("the form of step 5 holds %d fields of other steps", n)
	}
	b.want("#step-form", "培养联系人（一）", "培养联系人（二）")
	phone()
	b.open(file + "?step=5#record")
	if page, _ := wide("#step-form"); page > 391 {
		t.Errorf("on a 390 px phone the development file is %.0f px wide", page)
	}
	shot("dev-file-390", 390)
	// From the step to the meeting's resolution, and back.
	desktop()
	b.open(file)
	click(b, chromedp.Search(`//table[@id="dev-steps"]//a[normalize-space(.)="查看支委会记录"]`))
	b.want("#resolution-1", text, who.Name+"：第3步 确定入党积极分子")
	shot("meeting-decided-1366", 1366)
	click(b, chromedp.Search(`//tr[@id="resolution-1"]//a[contains(., "`+who.Name+`")]`))
	if loc := b.location(); !strings.HasPrefix(loc, file+"#step-") {
		t.Errorf("the meeting's link leads to %s", loc)
	}

	// The calendar strikes the voided meeting with its reason.
	b.open("/orgs/" + ids(st.zb03.ID) + "/compliance?year=" + strconv.Itoa(day.Year()))
	b.want("#calendar .cs-voided", strconv.Itoa(day.Day())+"日", "作废")
	if title, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#calendar .cs-voided").title`)); !strings.Contains(title, "与上午的支委会重复录入") {
		t.Errorf("the struck meeting's title is %q", title)
	}
	screen("calendar-voided-1366", "#calendar .cs-voided", 1366)
	phone()
	b.open("/orgs/" + ids(st.zb03.ID) + "/compliance?year=" + strconv.Itoa(day.Year()))
	if day.Month() == now.Month() {
		b.want("#now", "与上午的支委会重复录入") // the phone's summary writes the reason out
	}
	screen("calendar-now-390", "#now", 390)
	screen("calendar-voided-390", "#calendar .cs-voided", 390)

	// A member opens the edit form of their own branch's meeting: 无权访问,
	// with the way to their own record.
	m := newTabWithin(t, time.Minute)
	m.use(st)
	m.login("党员")
	m.do("desktop", chromedp.EmulateViewport(1366, 768))
	if status := m.open("/meetings/" + ids(committee.ID) + "/edit"); status != http.StatusForbidden {
		t.Errorf("a member opening their branch's meeting form: %d, want 403", status)
	}
	m.want("main h1", "无权访问")
	self := st.account(t, "党员").PersonID
	if href, _ := chromedp.Run(m.ctx, chromedp.Evaluate[string](`document.querySelector(".error-page a.btn").getAttribute("href")`)); href != "/people/"+ids(self) {
		t.Errorf("the refusal's way home is %q, want the member's record", href)
	}
	file403 := filepath.Join(dir, "refusal-403-1366.png")
	m.screenshot(file403, true)
	wantPicture(t, file403, 1366)
	// Another branch's meeting stays 未找到.
	zb01, err := st.s.OrgByCode(sys, "ZB01")
	if err != nil {
		t.Fatal(err)
	}
	others, err := st.s.Meetings(sys, store.MeetingFilter{OrgID: zb01.ID, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(others) > 0 {
		if status := m.open("/meetings/" + ids(others[0].ID) + "/edit"); status != http.StatusNotFound {
			t.Errorf("a member opening another branch's meeting: %d, want 404", status)
		}
	}
}
