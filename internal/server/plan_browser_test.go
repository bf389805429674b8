package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhibu"
)

// The secretary (张志刚) opens the branch's 2026 plan, finds the second
// half's stance meeting (seed §7) overdue with the discipline officer who
// acts, follows the item to the meetings form (a stance meeting dated on
// the item's deadline), records it, and the item turns done with the
// meeting as its record.
func TestBrowserPlan(t *testing.T) {
	st := newSite(t)
	b := newTab(t)
	b.use(st)
	if today := zhibu.Today(st.s.Now()); today.Before(zhibu.MakeDate(2026, 12, 1)) {
		t.Skip("the demo plan's item is due on 30 November 2026")
	}
	b.login("书记")
	b.open("/orgs/" + ids(st.zb03.ID))
	if status := click(b, chromedp.Search(`//div[contains(@class,"actions")]//a[normalize-space(.)="工作计划"]`)); status != http.StatusOK {
		t.Fatalf("plan page: %d", status)
	}
	plan := "/orgs/" + ids(st.zb03.ID) + "/plan?year=2026"
	b.open(plan)
	b.want("main h1", "第三党支部", "2026年工作计划")
	b.want("main", "一、明确支部组织架构，细化责任分工", "十、做好党建工作调研和论文撰写工作", "已完成", "待完成", "已逾期")
	const row = `//tr[td[contains(., "下半年组织发声亮剑")]]`
	b.want("#h-s7", "七、长期抓好思想政治工作")
	text, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.Search(row)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"纪检委员：刘晓燕", "2026-07-01至2026-11-30", "已逾期", "登记发声亮剑"} {
		if !strings.Contains(text, want) {
			t.Errorf("the item's row lacks %q: %s", want, text)
		}
	}
	// 我的职责 lists it too (the secretary owns every item of the plan).
	b.open("/duties")
	b.want(".plan-duties", "下半年组织发声亮剑", "纪检委员负责，2026-11-30前完成")
	b.open(plan)
	// Follow the item to its form.
	if status := click(b, chromedp.Search(row+`//a[normalize-space(.)="登记发声亮剑"]`)); status != http.StatusOK {
		t.Fatalf("the item's form: %d", status)
	}
	form := "/orgs/" + ids(st.zb03.ID) + "/meetings/new?" + url.Values{"type": {"stance"}, "date": {"2026-11-30"}}.Encode()
	if loc := b.location(); loc != form {
		t.Fatalf("the item leads to %s, want %s", loc, form)
	}
	for id, want := range map[string]string{"f-type": "stance", "f-date": "2026-11-30", "f-status": "held"} {
		if got, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.ID(id))); err != nil || got != want {
			t.Errorf("the form: %s is %q (%v), want %q", id, got, err, want)
		}
	}
	sec, officer := st.person(t, "张志刚"), st.person(t, "马文斌")
	b.do("fill the stance meeting",
		chromedp.SetValue(chromedp.ID("f-time"), "15:30"),
		chromedp.SetValue(chromedp.ID("f-place"), "支部会议室"),
		chromedp.SetValue(chromedp.ID("f-chair_id"), ids(sec.ID)),
		chromedp.SetValue(chromedp.ID("f-recorder_id"), ids(officer.ID)),
		chromedp.SetValue(chromedp.ID("f-topics"), "围绕维护社会稳定发声亮剑"),
		chromedp.SetValue(chromedp.ID("f-minutes"), "会前已向政治部报备。与会党员逐一发言，表明立场、亮明态度。"))
	if status := click(b, chromedp.Search(`//form[contains(@class,"form")]/div[contains(@class,"form-actions")]/button[normalize-space(.)="保存"]`)); status != http.StatusOK {
		t.Fatalf("saving the meeting: %d\n%s", status, b.text("main"))
	}
	if loc := b.location(); !strings.HasPrefix(loc, "/meetings/") {
		t.Fatalf("after 保存 the tab is at %s\n%s", loc, b.text("main"))
	}
	b.open(plan)
	if text, err = chromedp.Run(b.ctx, chromedp.Text(chromedp.Search(row))); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"已完成", "2026年11月30日 发声亮剑"} {
		if !strings.Contains(text, want) {
			t.Errorf("after the meeting the item's row lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "已逾期") {
		t.Errorf("the item is still overdue: %s", text)
	}
}
