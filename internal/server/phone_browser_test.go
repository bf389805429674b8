package server_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhibu"
)

// TestBrowserPhoneCalendar opens the seed branch's compliance calendar on a
// phone (390 px) as the organization officer: the month checked comes
// first, above the year's table, within the first screen, each rule with
// its status and its messages written out (no hover on a phone); the page
// does not scroll sideways (the year's table scrolls in its own box); and
// nothing tells the reader to hover. With ZHIBU_SCREENSHOTS naming a
// directory the picture is kept there.
func TestBrowserPhoneCalendar(t *testing.T) {
	dir := os.Getenv("ZHIBU_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	b := newTabWithin(t, time.Minute)
	st := newSite(t)
	b.use(st)
	b.login("组织委员")
	b.do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	today := zhibu.Today(time.Now())
	b.open("/orgs/" + ids(st.zb03.ID) + "/compliance")
	b.want("#now h2", strconv.Itoa(today.Year)+"年"+strconv.Itoa(int(today.Month))+"月（本月）")
	type layout struct {
		NowTop   float64 `json:"nowTop"`
		CalTop   float64 `json:"calTop"`
		Width    float64 `json:"width"`
		Scroll   float64 `json:"scroll"`
		Lines    int     `json:"lines"`
		Items    int     `json:"items"`
		Worded   int     `json:"worded"`
		FontSize float64 `json:"fontSize"`
	}
	l, err := chromedp.Run(b.ctx, chromedp.Evaluate[layout](`(() => {
		const items = [...document.querySelectorAll("#now li")];
		return {nowTop: document.querySelector("#now").getBoundingClientRect().top,
			calTop: document.querySelector("#calendar").getBoundingClientRect().top,
			width: window.innerWidth, scroll: document.documentElement.scrollWidth,
			lines: document.querySelectorAll("#now .cal-now-line").length, items: items.length,
			worded: items.filter(li => li.querySelector(".cs").innerText.trim() !== "").length,
			fontSize: parseFloat(getComputedStyle(document.querySelector("#now .cal-now-what strong")).fontSize)};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if l.Items == 0 || l.Worded != l.Items {
		t.Errorf("the month's summary has %d lines, %d with a status in words", l.Items, l.Worded)
	}
	if l.Lines == 0 {
		t.Error("the month's summary writes out no message")
	}
	if l.NowTop >= l.CalTop || l.NowTop > 844 {
		t.Errorf("the month's summary is at %.0f px, the year's table at %.0f px: want the month first, on the first screen", l.NowTop, l.CalTop)
	}
	if l.Scroll > l.Width+1 {
		t.Errorf("the page is %.0f px wide on a %.0f px phone: it scrolls sideways", l.Scroll, l.Width)
	}
	if l.FontSize < 13 {
		t.Errorf("the summary's text is %.1f px: too small to read", l.FontSize)
	}
	if main := b.text("main"); strings.Contains(main, "悬停") {
		t.Error("the calendar asks a phone's reader to hover")
	}
	file := filepath.Join(dir, "phone-calendar.png")
	b.screenshot(file, false)
	wantPicture(t, file, 390)
	full := filepath.Join(dir, "phone-calendar-full.png")
	b.screenshot(full, true)
	wantPicture(t, full, 390)

	// 我的职责 on the phone: the page itself does not scroll sideways.
	b.open("/duties")
	b.want("main h1", "我的职责")
	if w, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`)); err != nil || w > 391 {
		t.Errorf("我的职责 is %.0f px wide on a 390 px phone (%v)", w, err)
	}
	duties := filepath.Join(dir, "phone-duties.png")
	b.screenshot(duties, true)
	wantPicture(t, duties, 390)
}
