package reviewexport

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhibu"
)

func sample() []zhibu.SecretaryReport {
	return []zhibu.SecretaryReport{
		{OrgName: "第一党支部", SecretaryName: "李强", Year: 2025, Status: zhibu.ReviewReported, Eligible: 12, Voted: 11,
			PresentedOn: zhibu.MakeDate(2025, 10, 30), ReportedOn: zhibu.MakeDate(2025, 11, 5),
			Tally: &zhibu.ReviewTally{Good: 6, Fair: 3, Average: 1, Poor: 1}},
		{OrgName: "=第二党支部", SecretaryName: "王明", Year: 2025, Status: zhibu.ReviewVoting, Eligible: 9, Voted: 4,
			PresentedOn: zhibu.MakeDate(2025, 10, 31)},
	}
}

// The result sheet: a title, the headers, one row per branch; counts only
// for a reported vote; dates as dates; frozen panes; a formula-looking
// name kept as text.
func TestWriteResults(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteResults(&buf, "天山市公安局党委", 2025, sample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	const sheet = "述职评议结果"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "天山市公安局党委2025年度党支部书记抓党建工作述职评议结果汇总表" || rows[1][10] != "好和较好占比" {
		t.Fatalf("rows: %q", rows)
	}
	if r := rows[2]; r[1] != "第一党支部" || r[3] != "2025-10-30" || r[4] != "12" || r[5] != "11" || r[6] != "6" || r[9] != "1" || r[10] != "81.8%" || r[12] != "已报送政治部" {
		t.Errorf("reported row: %q", r)
	}
	if r := rows[3]; len(r) < 13 || r[6] != "" || r[10] != "" || r[12] != "已述职，评议投票中" {
		t.Errorf("voting row shows counts: %q", r)
	}
	if v, _ := f.GetCellValue(sheet, "B4"); strings.HasPrefix(v, "=") {
		t.Errorf("a formula-like name was written as is: %q", v)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes %+v %v", panes, err)
	}
}

// The report is a Word document: the title, the recipient, the four
// headings, each line of a section a paragraph, the signature, in the
// official fonts.
func TestReport(t *testing.T) {
	r := sample()[0]
	r.WorkDone, r.Results, r.Problems, r.Plan = "召开支部党员大会4次\n讲党课4次", "成效明显", "学习不深", "加强学习"
	r.FiledOn = zhibu.MakeDate(2025, 10, 25)
	b, err := Report(r, "天山市公安局党委").Bytes()
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
	for _, want := range []string{"第一党支部书记2025年度抓党建工作述职报告", "天山市公安局党委：", "一、年度党建工作开展情况", "二、取得的主要成效",
		"三、存在的主要问题", "四、下一步工作计划", ">召开支部党员大会4次<", ">讲党课4次<", "书记　李强", "2025年10月25日", "黑体", "仿宋"} {
		if !strings.Contains(xml, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func appraisalSample() zhibu.AppraisalRound {
	return zhibu.AppraisalRound{OrgName: "第三党支部", Year: 2025, Status: zhibu.AppraisalDecided, ExcellentOneIn: 3, DecidedOn: zhibu.MakeDate(2025, 11, 6),
		Entries: []zhibu.AppraisalEntry{
			{PersonID: 1, Name: "张志刚", SelfText: "自评", Grade: zhibu.GradeExcellent, Tally: &zhibu.AppraisalTally{Excellent: 2, Qualified: 1}},
			{PersonID: 2, Name: "=周鹏", Grade: zhibu.GradeUnqualified, Tally: &zhibu.AppraisalTally{Basic: 1, Unqualified: 2},
				Handling: &zhibu.Handling{PersonID: 2, Measure: zhibu.MeasureImprove, DueOn: zhibu.MakeDate(2026, 5, 6)}},
		},
		Voters: []zhibu.Voter{{PersonID: 1, VotedOn: zhibu.MakeDate(2025, 11, 1)}, {PersonID: 2}},
	}
}

// The branch's grade sheet: one row per member with the peer counts, the
// grade and a 不合格 member's handling; a formula-looking name kept as text.
func TestWriteAppraisal(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAppraisal(&buf, appraisalSample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("民主评议等次")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "第三党支部2025年度民主评议党员等次表" || rows[1][7] != "评定等次" {
		t.Fatalf("rows: %q", rows)
	}
	if r := rows[2]; r[1] != "张志刚" || r[2] != "已填写" || r[3] != "2" || r[7] != "优秀" {
		t.Errorf("first row: %q", r)
	}
	if r := rows[3]; len(r) < 10 || r[2] != "未填写" || r[6] != "2" || r[7] != "不合格" || r[8] != "限期改正" || r[9] != "2026-05-06" {
		t.Errorf("unqualified row: %q", r)
	}
	if v, _ := f.GetCellValue("民主评议等次", "B4"); strings.HasPrefix(v, "=") {
		t.Errorf("a formula-like name was written as is: %q", v)
	}
}

// The superior's sheet: every branch side by side, one not opened shown
// so, the counts of a decided appraisal and its open handling past due.
func TestWriteAppraisals(t *testing.T) {
	r := appraisalSample()
	rows := []zhibu.BranchAppraisal{{Org: zhibu.Org{Name: "第一党支部"}}, {Org: zhibu.Org{Name: "第三党支部"}, Round: &r}}
	var buf bytes.Buffer
	if err := WriteAppraisals(&buf, "天山市公安局党委", 2025, rows, zhibu.MakeDate(2026, 7, 1)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.GetRows("民主评议汇总")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0][0] != "天山市公安局党委2025年度民主评议党员结果汇总表" {
		t.Fatalf("rows: %q", got)
	}
	if r := got[2]; r[1] != "第一党支部" || r[2] != "未开展" {
		t.Errorf("not opened: %q", r)
	}
	if r := got[3]; len(r) < 12 || r[3] != "2" || r[4] != "1" || r[5] != "1" || r[8] != "1" || r[9] != "2025-11-06" ||
		!strings.Contains(r[10], "=周鹏（限期改正，期限2026年5月6日，未办结）") || r[11] != "1项（逾期1项）" {
		t.Errorf("decided: %q", r)
	}
}
