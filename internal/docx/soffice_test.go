package docx

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"zhibu"
)

// TestLibreOffice opens the minutes and a sample of every block with
// LibreOffice Writer and converts them to PDF. Without soffice the test is skipped, unless CI is set: CI
// must have it (Debian: libreoffice-writer-nogui). Set ZHIBU_DOCX_OUT to a
// directory to keep the .docx and .pdf for a look (pdftoppm -png -r 60).
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not found; CI needs libreoffice-writer-nogui")
		}
		t.Skip("soffice not installed; skipping the LibreOffice check (apt-get install libreoffice-writer-nogui)")
	}
	dir := t.TempDir()
	if out := os.Getenv("ZHIBU_DOCX_OUT"); out != "" {
		dir = out
	}
	args := []string{"--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir}
	for name, d := range map[string]*Doc{"minutes": Minutes(fixedMeeting()), "sample": sampleDoc()} {
		b, err := d.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		docx := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(docx, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, docx)
	}
	slices.Sort(args[len(args)-2:])
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	profile := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "lo-profile"))
	cmd := exec.CommandContext(ctx, soffice, append([]string{"-env:UserInstallation=" + profile}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	pdf := filepath.Join(dir, "minutes.pdf")
	info, statErr := os.Stat(pdf)
	if statErr == nil {
		var sample os.FileInfo
		sample, statErr = os.Stat(filepath.Join(dir, "sample.pdf"))
		if statErr == nil && sample.Size() == 0 {
			info = sample
		}
	}
	if err != nil || statErr != nil || info.Size() == 0 {
		msg := strings.TrimSpace(string(out))
		// soffice with Calc alone cannot read a Word file.
		if os.Getenv("CI") == "" && (strings.Contains(msg, "no export filter") || strings.Contains(msg, "source file could not be loaded")) {
			t.Skipf("LibreOffice cannot convert Word files here (install libreoffice-writer-nogui): %s", msg)
		}
		t.Fatalf("soffice failed: %v %v\n%s", err, statErr, msg)
	}
	p, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(p, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF", pdf)
	}
	// With poppler's pdfinfo at hand, check the page size: A4 is 595×842 pt.
	if pdfinfo, err := exec.LookPath("pdfinfo"); err == nil {
		out, err := exec.CommandContext(ctx, pdfinfo, pdf).Output()
		if err != nil {
			t.Fatalf("pdfinfo: %v", err)
		}
		if !regexp.MustCompile(`Page size:\s+595\.\d* x 841\.\d* pts`).Match(out) {
			t.Errorf("page size is not A4:\n%s", out)
		}
	}
	// And with pdftotext, that the Chinese text survived (spaces aside:
	// pdftotext puts them where fonts were substituted), if the machine
	// has a Chinese font to set it in.
	if pdftotext, err := exec.LookPath("pdftotext"); err == nil && hasChineseFont(ctx) {
		out, err := exec.CommandContext(ctx, pdftotext, "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		text := strings.Join(strings.Fields(string(out)), "")
		for _, want := range []string{"第三党支部支委会记录", "应到7人，实到5人", "—1—", "—2—", "记录人签字："} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q:\n%s", want, out)
			}
		}
	}
}

// hasChineseFont reports whether fontconfig knows a font for Chinese.
func hasChineseFont(ctx context.Context) bool {
	out, err := exec.CommandContext(ctx, "fc-list", ":lang=zh").Output()
	return err == nil && len(bytes.TrimSpace(out)) > 0
}

// demoMinutesMeeting is a held meeting whose minutes are written as the
// demo and many secretaries write them: Markdown with a bold 议题 label,
// the agenda as a numbered list, bold words and headings.
func demoMinutesMeeting() (zhibu.Meeting, MinutesInfo) {
	m, info := fixedMeeting()
	m.Topics = []string{"学习党章第一章", "研究发展党员工作"}
	m.Minutes = "会议由书记张建国主持，记录人刘洋。\n\n**议题**\n\n1. 学习党章第一章\n2. 研究发展党员工作\n\n" +
		"## 会议内容\n\n与会同志**逐条学习**了党章。\n\n- 要点一\n- 要点二\n\n**表决情况**\n\n一、同意王芳为积极分子：赞成5票。"
	return m, info
}

// TestMinutesPDFShowsNoMarkdown renders minutes written in Markdown to
// .docx, converts them to PDF with LibreOffice and reads the PDF's text
// with pdftotext: no "**" or "## " shows, and the agenda appears once.
// The document's XML carries the bold as run properties. Without soffice
// and pdftotext the PDF part is skipped, unless CI is set.
func TestMinutesPDFShowsNoMarkdown(t *testing.T) {
	d := Minutes(demoMinutesMeeting())
	doc := unzip(t, d)["word/document.xml"]
	var bold []string
	for _, r := range runs(t, doc) {
		if strings.Contains(r.text, "**") || strings.HasPrefix(r.text, "#") {
			t.Errorf("a run shows Markdown: %q", r.text)
		}
		if r.bold {
			bold = append(bold, r.text)
		}
	}
	if !slices.Contains(bold, "逐条学习") {
		t.Errorf("bold runs %q lack 逐条学习", bold)
	}
	if testing.Short() {
		t.Skip("short")
	}
	soffice, err1 := exec.LookPath("soffice")
	pdftotext, err2 := exec.LookPath("pdftotext")
	if err1 != nil || err2 != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice or pdftotext not found; CI needs libreoffice-writer-nogui and poppler-utils")
		}
		t.Skip("soffice or pdftotext not installed (apt-get install libreoffice-writer-nogui poppler-utils)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if !hasChineseFont(ctx) {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chinese font; CI needs fonts-noto-cjk")
		}
		t.Skip("no Chinese font to set the PDF in (apt-get install fonts-noto-cjk)")
	}
	dir := t.TempDir()
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	docx := filepath.Join(dir, "minutes.docx")
	if err := os.WriteFile(docx, b, 0o644); err != nil {
		t.Fatal(err)
	}
	profile := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "lo-profile"))
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, docx)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, pdftotext, filepath.Join(dir, "minutes.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	if strings.Contains(text, "**") || strings.Contains(text, "##") {
		t.Errorf("the PDF shows Markdown marks:\n%s", out)
	}
	if n := strings.Count(text, "议题"); n != 1 {
		t.Errorf("议题 appears %d times, want once:\n%s", n, out)
	}
	if n := strings.Count(text, "研究发展党员工作"); n != 1 {
		t.Errorf("the agenda item appears %d times, want once:\n%s", n, out)
	}
	for _, want := range []string{"会议内容", "逐条学习", "表决情况"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, out)
		}
	}
}
