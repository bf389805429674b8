package docx

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"zhibu"
)

func samplePlan() (zhibu.Plan, PlanFigures) {
	p := zhibu.Plan{Year: 2026, Title: "2026年党建工作计划", Intro: "结合支部工作实际，现将本计划明确如下：", Sections: []zhibu.PlanSection{
		{N: 1, Title: "明确支部组织架构，细化责任分工", Items: []zhibu.PlanItem{{Text: "各党小组每月召开小组会", Owner: zhibu.GroupLeader}}},
		{N: 2, Title: "全面贯彻落实“三会一课”制度", Items: []zhibu.PlanItem{{Text: "每月召开支委会", Owner: zhibu.OrgOfficer}}},
		{N: 3, Title: "认真做好支部党员发展工作", Items: []zhibu.PlanItem{{Text: "扎实开展党员发展工作", Owner: zhibu.OrgOfficer, All: true,
			DueOn: zhibu.MakeDate(2026, 12, 31)}}},
	}}
	fig := PlanFigures{Officers: 31, Members: 24, Activists: 3, Admissions: 2, Positions: []string{"党支部书记：张志刚", "党支部组织委员：马文斌"},
		Groups: []string{"第一党小组（8人）：王建新（组长）"}}
	return p, fig
}

// TestPlan opens the plan's .docx (its zip and XML parts, as a reader
// does) and reads back the sections, the items with their owners and the
// figures from the records.
func TestPlan(t *testing.T) {
	t.Parallel()
	p, fig := samplePlan()
	parts := unzip(t, Plan(p, "第三党支部", fig, zhibu.MakeDate(2026, 1, 15)))
	for name, b := range parts {
		if err := parseAll(b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	got := texts(paragraphs(t, parts["word/document.xml"]))
	for _, want := range []string{
		"结合支部工作实际，现将本计划明确如下：",
		"一、明确支部组织架构，细化责任分工",
		"党支部职责情况。党支部书记：张志刚；党支部组织委员：马文斌。",
		"支部下设党小组。第一党小组（8人）：王建新（组长）。",
		"1、各党小组每月召开小组会（由各党小组组长负责）",
		"二、全面贯彻落实“三会一课”制度",
		"1、每月召开支委会（由组织委员负责）",
		"目前，第三党支部现有民警31人，党员24人。正在培养的入党积极分子3人，本年度拟计划发展党员2名（届时根据实际情况确定）。",
		"1、扎实开展党员发展工作（由组织委员负责、全体党员干部参与，2026年12月31日前完成）",
		"第三党支部", "2026年1月15日",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no paragraph %q in %q", want, got)
		}
	}
}

// TestPlanPDF renders the plan with LibreOffice once and reads its text:
// the figures show as written. Skipped without soffice and pdftotext
// unless CI is set.
func TestPlanPDF(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("short")
	}
	soffice, err1 := exec.LookPath("soffice")
	pdftotext, err2 := exec.LookPath("pdftotext")
	if err1 != nil || err2 != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice or pdftotext not found; CI needs libreoffice-writer-nogui and poppler-utils")
		}
		t.Skip("soffice or pdftotext not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if !hasChineseFont(ctx) {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chinese font; CI needs fonts-noto-cjk")
		}
		t.Skip("no Chinese font")
	}
	p, fig := samplePlan()
	b, err := Plan(p, "第三党支部", fig, zhibu.MakeDate(2026, 1, 15)).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "plan.docx"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	profile := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "lo-profile"))
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, filepath.Join(dir, "plan.docx"))
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, pdftotext, filepath.Join(dir, "plan.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"现有民警31人，党员24人", "正在培养的入党积极分子3人", "本年度拟计划发展党员2名", "三、认真做好支部党员发展工作"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, out)
		}
	}
}
