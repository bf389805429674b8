package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"zhibu"
	"zhibu/internal/service"
)

// The secretary (张志刚) finds his half-yearly talk with the organization
// officer (马文斌) not yet held on the branch's talk page, records it from
// his own page, and the pair's finding turns ok: in the coverage matrix
// and in the rules' findings.
func TestBrowserTalk(t *testing.T) {
	st := newSite(t)
	b := newTab(t)
	b.use(st)
	sec, officer := st.person(t, "张志刚"), st.person(t, "马文斌")
	pair := `tr[data-pair="` + ids(sec.ID) + "-" + ids(officer.ID) + `"]`
	half := pair + " td:nth-child(4)" // the second half year
	today := zhibu.Today(st.s.Now())
	if today.Month < 7 {
		t.Skip("the talk of the second half year: run from July")
	}
	b.login("书记")
	b.open("/orgs/" + ids(st.zb03.ID))
	if status := click(b, chromedp.Search(`//div[contains(@class,"actions")]//a[normalize-space(.)="谈心谈话"]`)); status != http.StatusOK {
		t.Fatalf("talks page: %d", status)
	}
	b.want("main h1", "第三党支部", "谈心谈话")
	b.want(pair, "书记—委员", "张志刚", "马文斌")
	b.want(half, "待完成")
	shot := func(name string) {
		if dir := os.Getenv("ZHIBU_SCREENSHOTS"); dir != "" {
			b.screenshot(filepath.Join(dir, name), true)
		}
	}
	shot("talks.png")

	// Bad input comes back with the field named, and nothing is saved.
	b.open("/people/" + ids(sec.ID) + "/talks")
	b.do("choose the officer", chromedp.SetValue(chromedp.ID("f-b_id"), ids(officer.ID)))
	if status := click(b, chromedp.ID("talk-submit")); status != http.StatusUnprocessableEntity {
		t.Fatalf("a talk without place and content: %d", status)
	}
	b.want(".problems", "谈话地点：不能为空", "谈话内容：不能为空")
	b.do("fill the talk", chromedp.SetValue(chromedp.ID("f-place"), "支部书记办公室"),
		chromedp.SetValue(chromedp.ID("f-topics"), "交流下半年党建工作和思想情况"),
		chromedp.SetValue(chromedp.ID("f-follow_up"), "年底前再交流一次"))
	if status := click(b, chromedp.ID("talk-submit")); status != http.StatusOK {
		t.Fatalf("record the talk: %d", status)
	}
	b.want("main", "已登记与马文斌的谈心谈话", "交流下半年党建工作和思想情况")

	b.open("/orgs/" + ids(st.zb03.ID) + "/talks")
	b.want(half, "已完成", today.Chinese())
	b.want("#talk-register", "支部书记办公室", "交流下半年党建工作和思想情况")
	shot("talks-done.png")

	// The rules say the same.
	fs, _, err := service.New(st.s, service.Options{}).Compliance.Check(sys, st.zb03, today.Year, today)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range fs {
		if f.RuleID == "talk.seed" && f.Period.N == 2 && len(f.Evidence) >= 2 && f.Evidence[0].ID == sec.ID && f.Evidence[1].ID == officer.ID {
			found = true
			if f.Status != zhibu.StatusOK {
				t.Errorf("the pair's finding: %s %s", f.Status, f.Message)
			}
		}
	}
	if !found {
		t.Error("no talk.seed finding for the pair")
	}
}
