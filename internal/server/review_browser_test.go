package server_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/server"
	"zhibu/internal/service"
)

// TestBrowserReview: the bureau committee opens this year's review round
// (the demo has not); the seed branch's secretary files the report and
// records the presentation; five members vote from their own page and
// each then sees that they voted, not what; the secretary sees who has not
// voted and reports the result; the political department sees it beside
// the other branches. The request log holds no grade.
func TestBrowserReview(t *testing.T) {
	b := newTabWithin(t, 120*time.Second)
	s := demotest.SQLite(t)
	var log lockedBuffer
	h, err := server.New(s, service.New(s, service.Options{}), server.Options{Demo: true, Log: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	zb03, err := s.OrgByCode(sys, demo.BranchCode)
	if err != nil {
		t.Fatal(err)
	}
	jdw, err := s.OrgByCode(sys, demo.CommitteeCode)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	st := &site{s: s, url: ts.URL, zb03: zb03, hits: &hitLog{}}
	b.use(st)
	today := zhibu.Today(time.Now())
	year := strconv.Itoa(today.Year)

	// The superior opens the round.
	b.login("局党委委员")
	b.open("/orgs/" + ids(jdw.ID) + "/reviews")
	b.want("main", "2025年度", "第二党支部")
	b.do("round", chromedp.SetValue(chromedp.ID("f-year"), year),
		chromedp.SetValue(chromedp.ID("f-opens_on"), today.String()),
		chromedp.SetValue(chromedp.ID("f-closes_on"), today.AddDays(10).String()))
	if status := click(b, chromedp.CSS(`#review-open-form button`)); status != http.StatusOK {
		t.Fatalf("open round: %d", status)
	}
	b.want("main", "已开展"+year+"年度书记述职评议", year+"年度")
	b.logout()

	// The secretary files the report and presents it.
	b.login("书记")
	b.open("/orgs/" + ids(zb03.ID))
	if status := click(b, chromedp.Search(`//div[contains(@class,"actions")]//a[normalize-space(.)="述职评议"]`)); status != http.StatusOK {
		t.Fatalf("review page: %d", status)
	}
	b.want("#review-status", "待撰写述职报告")
	// An empty section is refused, naming it.
	if status := click(b, chromedp.CSS(`#review-report-form button`)); status != http.StatusUnprocessableEntity {
		t.Fatalf("empty report: %d, want 422", status)
	}
	b.want(".problems", "年度党建工作开展情况：不能为空", "下一步工作计划：不能为空")
	b.do("report", chromedp.SetValue(chromedp.ID("f-work_done"), "全年召开支部党员大会4次\n书记讲党课4次"),
		chromedp.SetValue(chromedp.ID("f-results"), "组织生活规范"),
		chromedp.SetValue(chromedp.ID("f-problems"), "学习不够深入"),
		chromedp.SetValue(chromedp.ID("f-plan"), "加强理论学习"))
	if status := click(b, chromedp.CSS(`#review-report-form button`)); status != http.StatusOK {
		t.Fatalf("file report: %d", status)
	}
	b.want("main", "已提交述职报告", "下载（Word）")
	if status := click(b, chromedp.CSS(`#review-present-form button`)); status != http.StatusOK {
		t.Fatalf("present: %d", status)
	}
	b.want("#review-status", "评议投票中")
	b.logout()

	// Five members vote.
	grades := map[string]string{"书记": "good", "组织委员": "good", "纪检宣传委员": "fair", "党小组组长": "average", "党员": "good"}
	for _, login := range []string{"书记", "组织委员", "纪检宣传委员", "党小组组长", "党员"} {
		b.login(login)
		b.open("/ballots")
		b.want("main", "第三党支部"+year+"年度书记述职评议")
		b.do("grade", chromedp.Click(chromedp.CSS(`input[name="grade"][value="`+grades[login]+`"]`)))
		if status := click(b, chromedp.Search(`//form[@action="/ballots/review"]//button`)); status != http.StatusOK {
			t.Fatalf("%s votes: %d", login, status)
		}
		b.want("main", "投票成功", "您已于"+today.Chinese()+"投票")
		b.wantNot("main", "较好", "一般")
		b.logout()
	}

	// The secretary sees who has not voted, and reports.
	b.login("书记")
	b.open("/orgs/" + ids(zb03.ID) + "/reviews")
	b.want("#review-progress", "5/")
	b.wantNot("#review-not-voted", "张志刚", "周鹏")
	if status := click(b, chromedp.CSS(`#review-close-form button`)); status != http.StatusOK {
		t.Fatalf("close: %d", status)
	}
	b.want("main", "评议结果已报送：好和较好占80.0%")
	b.want("#review-tally", "3", "1", "80.0%")
	b.logout()

	// The tally reaches the political department, beside the others.
	b.login("政治部")
	b.open("/orgs/" + ids(jdw.ID) + "/reviews")
	b.want("main", year+"年度", "第三党支部", "已报送政治部", "80.0%", "第一党支部", "尚未报送")

	// The request log names paths and statuses, never a grade.
	for _, line := range strings.Split(log.String(), "\n") {
		for _, g := range zhibu.ReviewGrades {
			if strings.Contains(line, "grade") || strings.Contains(line, "="+string(g)) {
				t.Errorf("the request log holds a grade: %s", line)
			}
		}
	}
	if !strings.Contains(log.String(), "path=/ballots/review") {
		t.Error("the request log did not log the ballots")
	}
}
