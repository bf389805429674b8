package server_test

import (
	"bytes"
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/server"
	"zhibu/internal/service"
)

// lockedBuffer is a request log a test reads while the server writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestBrowserMailbox: a member (周鹏, the demo's 党员) writes an anonymous
// letter to the secretary and is shown its receipt code once; the
// secretary finds it in 我的职责 and the branch's mailbox, without a
// writer, and answers it; the member reads the answer with the code. The
// letter's row, its audit record and the request log hold nothing that
// names the writer.
func TestBrowserMailbox(t *testing.T) {
	b := newTabWithin(t, 3*time.Minute) // four logins on a shared machine
	s := demotest.SQLite(t)
	path, _ := s.SQLitePath()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	reqLog := &lockedBuffer{}
	h, err := server.New(s, service.New(s, service.Options{}), server.Options{Demo: true, Log: slog.New(slog.NewTextHandler(reqLog, nil))})
	if err != nil {
		t.Fatal(err)
	}
	zb03, err := s.OrgByCode(sys, demo.BranchCode)
	if err != nil {
		t.Fatal(err)
	}
	hits := &hitLog{}
	ts := httptest.NewServer(hits.wrap(h))
	t.Cleanup(ts.Close)
	st := &site{s: s, url: ts.URL, zb03: zb03, hits: hits}
	b.use(st)

	b.login("党员")
	b.open("/mailbox")
	b.want("main h1", "书记、副书记信箱")
	const subject, body = "关于执勤装备的建议", "建议为夜间巡逻配备执法记录仪备用电池。"
	b.do("write", chromedp.SetValue(chromedp.ID("f-subject"), subject), chromedp.SetValue(chromedp.ID("f-body"), body))
	if !b.has("#f-anonymous:checked") {
		t.Fatal("the letter is not anonymous by default")
	}
	if status := click(b, chromedp.Search(`//button[normalize-space(.)="发送"]`)); status != http.StatusOK {
		t.Fatalf("write: %d", status)
	}
	code := strings.TrimSpace(b.text("#receipt-code"))
	if len(code) != 19 {
		t.Fatalf("receipt code %q", code)
	}
	b.logout()

	// The letter as stored: no writer, the day only, an anonymous audit record.
	var id int64
	var writer sql.NullInt64
	if err := raw.QueryRow(`SELECT id, writer_id FROM letters WHERE subject = $1`, subject).Scan(&id, &writer); err != nil {
		t.Fatal(err)
	}
	if writer.Valid {
		t.Errorf("the anonymous letter keeps writer %d", writer.Int64)
	}
	var account sql.NullInt64
	var actor, address string
	if err := raw.QueryRow(`SELECT account_id, actor, address FROM audit_log WHERE action = 'letter.write' AND object_id = $1`, ids(id)).
		Scan(&account, &actor, &address); err != nil {
		t.Fatal(err)
	}
	if account.Valid || actor != "匿名" || address != "" {
		t.Errorf("audit of the anonymous letter: account %v, actor %q, address %q", account, actor, address)
	}

	// The secretary: the open letter is a duty; the mailbox shows it without a writer.
	b.login("书记")
	b.open("/duties")
	b.want("main", "致书记的来信（第"+ids(id)+"号）待答复")
	b.open("/orgs/" + ids(zb03.ID) + "/mailbox")
	sec := "#letter-" + ids(id)
	b.want(sec, subject, body, "匿名", "待答复")
	b.wantNot(sec, "周鹏")
	const reply = "已协调装备科，本月内配发备用电池。"
	b.do("reply", chromedp.SetValue(chromedp.ID("reply-"+ids(id)), reply))
	if status := click(b, chromedp.Search(`//section[@id="letter-`+ids(id)+`"]//button[normalize-space(.)="答复"]`)); status != http.StatusOK {
		t.Fatalf("reply: %d", status)
	}
	b.want("main", "已答复信件")
	b.want(sec, reply, "已答复")
	b.logout()

	// The member reads the answer with the code, typed in lower case.
	b.login("党员")
	b.open("/mailbox")
	b.do("code", chromedp.SetValue(chromedp.ID("f-code"), strings.ToLower(code)))
	if status := click(b, chromedp.Search(`//button[normalize-space(.)="查看"]`)); status != http.StatusOK {
		t.Fatalf("receipt: %d", status)
	}
	b.want("#letter-reply", reply)
	b.want("#letter-status", "已答复")
	// A wrong code opens nothing.
	b.do("wrong code", chromedp.SetValue(chromedp.ID("f-code"), "AAAA-BBBB-CCCC-DDDD"))
	click(b, chromedp.Search(`//button[normalize-space(.)="查看"]`))
	b.want("main", "回执码不正确")

	// The request log names no account and holds no code.
	logged := reqLog.String()
	if !strings.Contains(logged, "/mailbox/letters") {
		t.Fatal("the request log did not record the letter's request")
	}
	for _, x := range []string{"周鹏", "党员", code, strings.ReplaceAll(code, "-", ""), "zhibu_session"} {
		if strings.Contains(logged, x) {
			t.Errorf("the request log holds %q", x)
		}
	}
}
