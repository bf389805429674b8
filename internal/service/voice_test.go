package service_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store/storetest"
)

// TestPublicPage: the exported page holds the branch's public items only,
// published and not withdrawn, escaped, and fetches nothing; the paper
// comes out as a .docx of its submitted draft.
func TestPublicPage(t *testing.T) {
	s := storetest.SQLite(t)
	s.SetClock(func() time.Time { return time.Date(2026, 6, 10, 9, 0, 0, 0, zhibu.DefaultZone) })
	svc := service.New(s, service.Options{})
	c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateOrg(sys, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	h1 := zhibu.Period{Kind: zhibu.PeriodHalf, Year: 2026, N: 1}
	publish := func(title string, aud zhibu.Audience, all bool) {
		t.Helper()
		d, err := svc.Disclosures.Propose(sys, zhibu.Disclosure{OrgID: b.ID, Category: zhibu.DiscloseDues, Period: h1, Title: title,
			Content: "内容<script>alert(1)</script>", Audience: aud, Form: "网站", PlannedOn: zhibu.MakeDate(2026, 6, 12)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Disclosures.Review(sys, d.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if !all {
			return
		}
		if _, err := svc.Disclosures.Approve(sys, d.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Disclosures.Publish(sys, d.ID); err != nil {
			t.Fatal(err)
		}
	}
	publish("对外公开的党费情况", zhibu.AudiencePublic, true)
	publish("只对支部公开", zhibu.AudienceBranch, true)
	publish("尚未审批的对外事项", zhibu.AudiencePublic, false)
	page, err := svc.Disclosures.PublicPage(sys, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	if !strings.Contains(html, "对外公开的党费情况") || strings.Contains(html, "只对支部公开") || strings.Contains(html, "尚未审批") {
		t.Errorf("the public page holds the wrong items:\n%s", html)
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, "http") {
		t.Errorf("the public page is not escaped or fetches something:\n%s", html)
	}

	p, err := svc.Papers.Set(sys, zhibu.Paper{OrgID: b.ID, Year: 2026, Topic: "专题", DueOn: zhibu.MakeDate(2026, 11, 30)})
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"初稿标题", "定稿标题"} {
		if _, err := svc.Papers.SaveDraft(sys, p.ID, zhibu.Draft{Title: title, Body: "一、问题\n正文"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Papers.Submit(sys, p.ID); err != nil {
		t.Fatal(err)
	}
	doc, name, err := svc.Papers.Docx(sys, p.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if name != "第一党支部2026年调研论文（第2稿）.docx" {
		t.Errorf("file name %q", name)
	}
	zr, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			var buf bytes.Buffer
			buf.ReadFrom(rc)
			rc.Close()
			found = strings.Contains(buf.String(), "定稿标题") && !strings.Contains(buf.String(), "初稿标题")
		}
	}
	if !found {
		t.Error("the .docx does not hold the submitted draft")
	}
}

// TestMailboxInMatrix: an unanswered letter past its deadline is the
// branch's overdue mailbox.reply cell in the committee's matrix, and the
// reply (audited with its reach) brings the cell back to ok; the matrix
// shows a count, never the letter.
func TestMailboxInMatrix(t *testing.T) {
	s := storetest.SQLite(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, zhibu.DefaultZone)
	s.SetClock(func() time.Time { return now })
	svc := service.New(s, service.Options{})
	c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateOrg(sys, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.CreatePerson(sys, person("写信人", zhibu.FullMember, b.ID, 0))
	if err != nil {
		t.Fatal(err)
	}
	writer := zhibu.WithActor(sys, zhibu.Actor{AccountID: 9, PersonID: m.ID, Name: m.Name, Scope: zhibu.Scope{Self: m.ID}})
	l, _, err := svc.Mailbox.Write(writer, zhibu.Letter{To: zhibu.ToSecretary, Anonymous: true, Subject: "秘密主题", Body: "信件内容"})
	if err != nil {
		t.Fatal(err)
	}
	cell := func(asOf zhibu.Date) service.Tally {
		t.Helper()
		mx, err := svc.Compliance.Matrix(sys, c, 2026, asOf)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range mx.Rules {
			if id != "mailbox.reply" {
				continue
			}
			for _, row := range mx.Rows {
				if row.Org.ID == b.ID {
					return row.Cells[i]
				}
			}
		}
		t.Fatalf("no mailbox.reply cell for %s in %v", b.Name, mx.Rules)
		return service.Tally{}
	}
	if got := cell(zhibu.MakeDate(2026, 3, 20)); got.Worst != zhibu.StatusOverdue || got.N != 1 {
		t.Errorf("the unanswered letter's cell: %+v", got)
	}
	if _, err := svc.Mailbox.Reply(sys, l.ID, "已答复"); err != nil {
		t.Fatal(err)
	}
	if got := cell(zhibu.MakeDate(2026, 3, 20)); got.Worst != zhibu.StatusOK {
		t.Errorf("the answered letter's cell: %+v", got)
	}
}
