package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhibu"
)

// TestBrowserDues: the organization officer opens the seed branch's dues
// from its page, sees 韩磊 in arrears, records this month for him with the
// amount left to the base, prints the receipt; recording it again is
// refused on the form; a group leader may not record for another group.
func TestBrowserDues(t *testing.T) {
	b := newTab(t)
	st := newSite(t)
	b.use(st)
	b.login("组织委员")
	b.open("/orgs/" + ids(st.zb03.ID))
	click(b, chromedp.Search(`//div[contains(@class,"actions")]//a[normalize-space(.)="党费"]`))
	b.want("main h1", "第三党支部", "年党费")
	b.want("table.dues-grid", "韩磊", "连续", "月未交", "当月已缴（元）")
	if !b.has("tr.dues-arrears") {
		t.Error("no row marked in arrears")
	}
	click(b, chromedp.Search(`//table[contains(@class,"dues-grid")]//a[normalize-space(.)="韩磊"]`))
	b.want("main h1", "韩磊")
	b.want("main", "自行脱党", "登记缴费")
	month := zhibu.MonthOfDate(zhibu.Today(time.Now())).String()
	b.do("fill the payment", chromedp.SetValue(chromedp.ID("f-from"), month), chromedp.SetValue(chromedp.ID("f-to"), month))
	if status := click(b, chromedp.CSS(`#pay button[type=submit]`)); status != http.StatusOK {
		t.Fatalf("record: %d", status)
	}
	// Back on the branch's ledger, the receipt one click away.
	if !strings.Contains(b.location(), "/dues?year=") {
		t.Errorf("after recording the tab is at %s", b.location())
	}
	b.want("#receipt-notice", "已登记韩磊")
	if status := click(b, chromedp.CSS(`#receipt-notice a`)); status != http.StatusOK {
		t.Fatalf("receipt: %d", status)
	}
	b.want("main", "党费收据", "韩磊", "现金")
	han := st.person(t, "韩磊")
	b.open("/people/" + ids(han.ID) + "/dues")
	b.do("fill the same month", chromedp.SetValue(chromedp.ID("f-from"), month), chromedp.SetValue(chromedp.ID("f-to"), month))
	if status := click(b, chromedp.CSS(`#pay button[type=submit]`)); status != http.StatusUnprocessableEntity {
		t.Errorf("the same month again: %d, want 422", status)
	}
	b.want(".problems", "已经登记缴纳", "不能重复登记")
	b.logout()

	// 王建新 leads the first group; 韩磊 is in the second.
	b.login("党小组组长")
	b.open("/people/" + ids(han.ID) + "/dues")
	if b.has("#pay") {
		t.Error("a group leader is offered the payment form for another group's member")
	}
	wang := st.person(t, "王建新")
	b.open("/people/" + ids(wang.ID) + "/dues")
	if !b.has("#pay") {
		t.Error("a group leader is not offered the payment form for the group's member")
	}
}

// TestBrowserDuesScreenshots saves the dues pages (ZHIBU_SCREENSHOTS).
func TestBrowserDuesScreenshots(t *testing.T) {
	dir := os.Getenv("ZHIBU_SCREENSHOTS")
	if dir == "" {
		t.Skip("set ZHIBU_SCREENSHOTS to a directory to save screenshots")
	}
	b := newTab(t)
	st := newSite(t)
	b.use(st)
	b.login("组织委员")
	han := "/people/" + ids(st.person(t, "韩磊").ID)
	for name, path := range map[string]string{
		"dues": "/orgs/" + ids(st.zb03.ID) + "/dues", "dues-person": han + "/dues",
		"dues-receipt": "/people/" + ids(st.person(t, "王建新").ID) + "/dues/receipt", "dues-import": "/orgs/" + ids(st.zb03.ID) + "/dues/import",
	} {
		b.open(path)
		b.screenshot(filepath.Join(dir, name+".png"), true)
	}
	b.logout()
	b.login("局党委委员")
	b.open("/orgs/" + ids(committeeOf(t, st).ID) + "/dues")
	b.screenshot(filepath.Join(dir, "dues-summary.png"), true)
}
