package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"zhibu"
)

// The demo's letter from 第二党支部 waits at 第三党支部: its organization
// officer finds it from the branch page, accepts it, and 邵杰 is then on
// the branch's roster with his history; the completed transfer out and the
// person who left are listed too.
func TestBrowserTransfer(t *testing.T) {
	b := newTab(t)
	st := newSite(t)
	b.use(st)
	b.login("组织委员")
	// The waiting letter is the organization officer's duty, and the
	// calendar links it to the letter.
	b.open("/duties")
	b.want("main", "第二党支部开来的邵杰的组织关系介绍信（ZB02-2026-003）")
	b.open("/orgs/" + ids(st.zb03.ID) + "/compliance")
	b.want("main", "办理转接")
	b.open("/orgs/" + ids(st.zb03.ID))
	if status := click(b, chromedp.Search(`//div[contains(@class,"actions")]//a[normalize-space(.)="组织关系转接"]`)); status != http.StatusOK {
		t.Fatalf("transfers page: %d", status)
	}
	b.want("main h1", "第三党支部组织关系转接")
	b.want("#out", "ZB03-2024-017", "马德明", "天山市天山区幸福路街道社区党委", "已完成")
	b.want("#in", "ZB02-2026-003", "邵杰", "第二党支部", "待接收")
	b.want("#left", "马德明", "2024-12-12")
	shot := func(name string) {
		if dir := os.Getenv("ZHIBU_SCREENSHOTS"); dir != "" {
			b.screenshot(filepath.Join(dir, name), true)
		}
	}
	shot("transfers.png")
	if status := click(b, chromedp.Search(`//section[@id="in"]//a[normalize-space(.)="ZB02-2026-003"]`)); status != http.StatusOK {
		t.Fatalf("letter page: %d", status)
	}
	b.want("main", "确认接收", "有效期")
	shot("transfer.png")
	b.want("main", "现为指挥调度中心")
	b.do("unit", chromedp.SetValue(chromedp.ID("f-unit"), "治安管理大队"))
	if status := click(b, chromedp.Search(`//button[normalize-space(.)="确认接收"]`)); status != http.StatusOK {
		t.Fatalf("accept: %d", status)
	}
	b.want("main", "已接收邵杰的组织关系", "已完成")
	p := st.person(t, "邵杰")
	if p.OrgID != st.zb03.ID || p.Unit != "治安管理大队" {
		t.Errorf("邵杰 is in org %d, want %d", p.OrgID, st.zb03.ID)
	}
	moves, err := st.s.Moves(sys, p.ID)
	if err != nil || len(moves) != 2 || moves[1].OrgName != "第二党支部" {
		t.Errorf("history %+v, %v", moves, err)
	}
	b.open("/people/" + ids(p.ID))
	b.want("main", "组织关系转接", "ZB02-2026-003", "第二党支部 → 第三党支部", "第三党支部")
	// The printed letter, from the receiving branch.
	b.open("/orgs/" + ids(st.zb03.ID) + "/transfers")
	var tr zhibu.Transfer
	ts, _ := st.s.Transfers(sys, st.zb03.ID)
	for _, x := range ts {
		if x.LetterNo == "ZB02-2026-003" {
			tr = x
		}
	}
	if b.open("/orgs/"+ids(st.zb03.ID)+"/transfers/"+ids(tr.ID)+"/letter") != http.StatusOK {
		t.Fatal("the letter does not print")
	}
	b.want("main", "中国共产党党员组织关系介绍信", "邵杰同志", "回　执")
	shot("transfer-letter.png")
	b.open("/orgs/" + ids(st.zb03.ID) + "/compliance")
	shot("transfer-calendar.png")
	b.open("/orgs/" + ids(st.zb03.ID))
	b.want("#committee", "书记、副书记人选：已于2024-04-25经上级党委批准")
	shot("branch-committee.png")
}
