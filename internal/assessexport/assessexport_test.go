package assessexport

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhibu"
)

// The scores sheet: a title that says final or in progress, a header per
// indicator with its weight, a row per branch by rank with numbers as
// numbers and "—" where nothing was judged, a formula-looking name kept
// as text; the basis sheet: a row per branch and indicator.
func TestWrite(t *testing.T) {
	t.Parallel()
	a := zhibu.Assessment{Year: 2025, Status: zhibu.AssessmentFinal, FinalizedOn: zhibu.MakeDate(2026, 1, 20), Indicators: []zhibu.Indicator{
		{ID: 1, Name: "三会一课", Kind: zhibu.IndMeetings, Weight: 60}, {ID: 2, Name: "上级评定", Kind: zhibu.IndManual, Weight: 40}}}
	scores := []zhibu.BranchScore{
		{OrgName: "第一党支部", Rank: 1, Scored: true, Total: 9550, Results: []zhibu.IndicatorResult{
			{IndicatorID: 1, Applicable: true, Score: 9857, Basis: "达标138项，共140项"}, {IndicatorID: 2, Applicable: true, Score: 9000, Basis: "扎实"}}},
		{OrgName: "=第二党支部", Rank: 2, Scored: true, Total: 8000, Results: []zhibu.IndicatorResult{
			{IndicatorID: 1, Applicable: false, Basis: "本年度无到期的考核事项"}, {IndicatorID: 2, Applicable: true, Score: 8000}}},
	}
	var buf bytes.Buffer
	if err := Write(&buf, "天山市公安局党委", a, zhibu.MakeDate(2025, 12, 31), scores); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(ScoresSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "天山市公安局党委2025年度党支部绩效考评得分汇总表（2026年1月20日定稿）" ||
		rows[1][2] != "三会一课（60分）" || rows[1][4] != "总分" {
		t.Fatalf("rows: %q", rows)
	}
	if r := rows[2]; r[0] != "1" || r[1] != "第一党支部" || r[2] != "98.57" || r[3] != "90" || r[4] != "95.5" {
		t.Errorf("first row: %q", r)
	}
	if r := rows[3]; r[1] != "'=第二党支部" || r[2] != "—" || r[4] != "80" {
		t.Errorf("second row: %q", r)
	}
	if typ, _ := f.GetCellType(ScoresSheet, "C3"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("a score is stored as %v, want a number", typ)
	}
	if formula, _ := f.GetCellFormula(ScoresSheet, "B4"); formula != "" {
		t.Errorf("a branch name became the formula %q", formula)
	}
	panes, err := f.GetPanes(ScoresSheet)
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes: %+v %v", panes, err)
	}
	basis, err := f.GetRows(BasisSheet)
	if err != nil || len(basis) != 6 || basis[2][5] != "达标138项，共140项" || basis[4][4] != "—" || basis[4][2] != zhibu.IndMeetings.Label() {
		t.Errorf("basis: %q %v", basis, err)
	}

	a.Status = zhibu.AssessmentDraft
	buf.Reset()
	if err := Write(&buf, "天山市公安局党委", a, zhibu.MakeDate(2025, 12, 31), scores); err != nil {
		t.Fatal(err)
	}
	f, err = excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if title, _ := f.GetCellValue(ScoresSheet, "A1"); title != "天山市公安局党委2025年度党支部绩效考评得分汇总表（考评中，截至2025年12月31日）" {
		t.Errorf("draft title %q", title)
	}
}
