package bulletin

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhibu"
)

func sample() zhibu.Bulletin {
	return zhibu.Bulletin{ID: 7, OrgID: 3, Title: "第三党支部开展“七一”重温入党誓词活动", Status: zhibu.BulletinPublished,
		Body:     "6月28日，支部组织全体党员重温入党誓词。\n\n书记讲话强调<script>alert(1)</script>要对党忠诚。",
		Channels: []zhibu.Channel{zhibu.ChannelBureauSite, zhibu.ChannelToutiao}, Year: 2026, Issue: 3, PublishedOn: zhibu.MakeDate(2026, 7, 2)}
}

// The Word document opens as a zip whose document part is well-formed XML
// with the masthead, the issue, the title, the body and the channels.
func TestDoc(t *testing.T) {
	b, err := Doc(sample(), Info{OrgName: "第三党支部", Activity: "“七一”重温入党誓词"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			doc, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			text.Write(cd)
		}
	}
	for _, want := range []string{"党建信息简报", "2026年第3期", "第三党支部开展“七一”重温入党誓词活动", "6月28日，支部组织全体党员重温入党誓词。",
		"<script>alert(1)</script>", "公安局网站、今日头条", "2026年7月2日", "仿宋"} {
		if !strings.Contains(text.String(), want) && !strings.Contains(string(doc), want) {
			t.Errorf("document lacks %q", want)
		}
	}
}

// The HTML page escapes the text and loads nothing from outside.
func TestHTML(t *testing.T) {
	var b bytes.Buffer
	if err := WriteHTML(&b, sample(), Info{OrgName: "第三党支部"}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;") {
		t.Error("the body's markup was not escaped")
	}
	for _, bad := range []string{"src=", "href=", "@import", "http"} {
		if strings.Contains(page, bad) {
			t.Errorf("page refers outside itself: %q", bad)
		}
	}
	for _, want := range []string{"2026年第3期", "第三党支部编", "2026年7月2日", "<p>6月28日"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// The feed parses as Atom: one entry per published issue, stable ids, the
// latest publication as its updated time, drafts left out.
func TestFeed(t *testing.T) {
	first := sample()
	first.ID, first.Issue, first.PublishedOn, first.Title = 5, 2, zhibu.MakeDate(2026, 5, 10), "五月简报"
	draft := zhibu.Bulletin{ID: 9, Title: "草稿", Status: zhibu.BulletinDraft, Body: "未发布"}
	var b bytes.Buffer
	if err := WriteFeed(&b, []zhibu.Bulletin{sample(), first, draft}, FeedInfo{OrgName: "第三党支部", OrgCode: "ZB03", Host: "zhibu.example",
		BaseURL: "https://dj.example/bulletins"}); err != nil {
		t.Fatal(err)
	}
	var f atomFeed
	if err := xml.Unmarshal(b.Bytes(), &f); err != nil {
		t.Fatalf("feed: %v\n%s", err, b.String())
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || len(f.Entries) != 2 || f.Updated != "2026-07-02T00:00:00+08:00" {
		t.Fatalf("feed %+v", f)
	}
	e := f.Entries[0]
	if e.ID != "tag:zhibu.example,2018:zhibu/ZB03/bulletins:2026-3" || e.Link.Href != "https://dj.example/bulletins/7.html" ||
		!strings.Contains(e.Content.Body, "&lt;script&gt;") || e.Content.Type != "html" {
		t.Fatalf("entry %+v", e)
	}
	if strings.Contains(b.String(), "未发布") {
		t.Fatal("a draft is in the feed")
	}
}

// LibreOffice opens the Word document and converts it to PDF, where it is
// installed (CI has it).
func TestDocOpensInLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("short: no office run")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not found; CI needs libreoffice-writer-nogui")
		}
		t.Skip("soffice not installed")
	}
	b, err := Doc(sample(), Info{OrgName: "第三党支部"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if out := os.Getenv("ZHIBU_DOCX_OUT"); out != "" {
		dir = out
	}
	in := filepath.Join(dir, "bulletin.docx")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	pdf, rerr := os.ReadFile(filepath.Join(dir, "bulletin.pdf"))
	if err != nil || rerr != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		msg := string(out)
		if os.Getenv("CI") == "" && (strings.Contains(msg, "no export filter") || strings.Contains(msg, "source file could not be loaded")) {
			t.Skipf("LibreOffice cannot convert Word files here: %s", msg)
		}
		t.Fatalf("soffice: %v %v\n%s", err, rerr, msg)
	}
}
