package devexport

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhibu"
)

func day(y, m, d int) zhibu.Date { return zhibu.MakeDate(y, time.Month(m), d) }

// sample is a probationary member's file and an applicant's.
func sample() []Row {
	p := zhibu.Person{ID: 1, Name: "沈佳怡", Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: day(2002, 3, 6), Unit: "治安大队",
		Status: zhibu.Probationary, AppliedOn: day(2023, 1, 10), ActivistOn: day(2023, 2, 1), CandidateOn: day(2024, 2, 1), AdmittedOn: day(2024, 3, 20)}
	f := zhibu.DevFile{Person: p, Records: []zhibu.DevRecord{
		{Step: 1, On: day(2023, 1, 10), Outcome: zhibu.OutcomeDone},
		{Step: 5, On: day(2023, 2, 3), Outcome: zhibu.OutcomeDone, People: []int64{7}, PeopleName: []string{"王建新"}},
		{Step: 9, On: day(2024, 2, 6), Outcome: zhibu.OutcomeDone, People: []int64{7, 8}, PeopleName: []string{"王建新", "张志刚"}},
		{Step: 11, On: day(2024, 2, 15), Outcome: zhibu.OutcomeDone, Days: 3},
		{Step: 15, On: day(2024, 3, 20), Outcome: zhibu.OutcomeDone, MeetingID: 3, Resolution: 1,
			Votes: zhibu.Resolution{Entitled: 22, Present: 21, For: 21}},
	}}
	a := zhibu.DevFile{Person: zhibu.Person{ID: 2, Name: "=HYPERLINK(\"x\")", Gender: zhibu.Male, BirthDate: day(2001, 1, 1),
		Status: zhibu.Applicant, AppliedOn: day(2026, 1, 12)}, Records: []zhibu.DevRecord{{Step: 1, On: day(2026, 1, 12), Outcome: zhibu.OutcomeDone}}}
	return []Row{{File: f, Next: 16, Earliest: day(2024, 3, 20), Missing: 4}, {File: a, Next: 2, Earliest: day(2026, 1, 12)}}
}

// The register opens in excelize: the title, the header, frozen panes,
// dates as dates, print titles, and a formula-looking name kept as text.
func TestRegister(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRegister(&buf, "第三党支部", day(2026, 7, 1), sample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("发展党员")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "第三党支部发展党员工作登记簿（截至2026年7月1日）" || rows[1][1] != "姓名" || rows[1][16] != "缺少材料（份）" {
		t.Fatalf("rows: %q", rows)
	}
	r := rows[2]
	if r[1] != "沈佳怡" || r[5] != "预备党员" || r[6] != "2023-01-10" || r[8] != "王建新" || r[10] != "王建新、张志刚" ||
		r[11] != "2024-03-20" || r[13] != "第15步 支部大会讨论接收预备党员" || r[14] != "第16步 上级党委派人谈话" || r[16] != "4" {
		t.Errorf("row: %q", r)
	}
	if v, _ := f.GetCellValue("发展党员", "A4"); v != "2" {
		t.Errorf("second row's number %q", v)
	}
	if v, _ := f.GetCellValue("发展党员", "B4"); strings.HasPrefix(v, "=") {
		t.Errorf("a formula-like name was written as is: %q", v)
	}
	if ct, _ := f.GetCellType("发展党员", "G3"); ct != excelize.CellTypeUnset && ct != excelize.CellTypeNumber && ct != excelize.CellTypeDate {
		t.Errorf("a date cell is of type %v", ct)
	}
	panes, err := f.GetPanes("发展党员")
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes %+v %v", panes, err)
	}
	if names := f.GetDefinedName(); len(names) == 0 || !strings.Contains(names[0].RefersTo, "$1:$2") {
		t.Errorf("print titles %+v", names)
	}
}

// The record is a Word document with the person, the stages and the steps.
func TestRecord(t *testing.T) {
	rows := sample()
	doc := Record(rows[0].File, RecordInfo{OrgName: "第三党支部", AsOf: day(2026, 7, 1),
		Missing: []zhibu.MissingMaterial{{Step: 1, Name: "入党申请书"}}})
	b, err := doc.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var xml string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			xml = string(data)
		}
	}
	for _, want := range []string{"沈佳怡同志发展党员纪实", "第三党支部", "接收为预备党员", "2024年3月20日", "入党介绍人：王建新、张志刚",
		"培训3天、0学时", "应到会有表决权的正式党员22人，实到21人，赞成21票", "缺少材料：第1步入党申请书。"} {
		if !strings.Contains(xml, want) {
			t.Errorf("record lacks %q", want)
		}
	}
	// LibreOffice opens it where installed (CI has it).
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not found; CI needs libreoffice-writer-nogui")
		}
		t.Skip("soffice not installed")
	}
	dir := t.TempDir()
	if out := os.Getenv("ZHIBU_DOCX_OUT"); out != "" {
		dir = out // keep the .docx and the .pdf for a look
	}
	in := filepath.Join(dir, "record.docx")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	pdf, rerr := os.ReadFile(filepath.Join(dir, "record.pdf"))
	if err != nil || rerr != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		msg := string(out)
		if os.Getenv("CI") == "" && (strings.Contains(msg, "no export filter") || strings.Contains(msg, "source file could not be loaded")) {
			t.Skipf("LibreOffice cannot convert Word files here: %s", msg)
		}
		t.Fatalf("soffice: %v %v\n%s", err, rerr, msg)
	}
}
