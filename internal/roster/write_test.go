package roster

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"zhibu"
)

// roundTripPeople are goodPeople and people whose texts a spreadsheet
// would take for formulas, or that need CSV quoting.
func roundTripPeople() []zhibu.Person {
	ps := goodPeople()
	texts := []string{`=HYPERLINK("http://example.com","点我")`, "+一大队", "-三中队", "@值班室", "'=引号", "'普通", "一大队,\"二中队\"\n三组"}
	for i, text := range texts {
		p := ps[4]
		p.Name = fmt.Sprintf("注入%d", i)
		p.IDNumber = idNumber("19900505", fmt.Sprintf("%02d1", i))
		p.Unit, p.GroupName = text, text
		ps = append(ps, p)
	}
	return ps
}

func TestRoundTrip(t *testing.T) {
	want := roundTripPeople()
	writers := map[string]func(io.Writer) error{
		"xlsx": func(w io.Writer) error { return WriteXLSX(w, "测试党支部人员花名册", want) },
		"csv":  func(w io.Writer) error { return WriteCSV(w, want) },
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			s, err := parseBytes(t, buf.Bytes(), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			first := map[string]int{"xlsx": 3, "csv": 2}[name]
			var wantLines []int
			for i := range want {
				wantLines = append(wantLines, first+i)
			}
			checkSheet(t, s, want, wantLines)
		})
	}
}

func TestWriteXLSXLayout(t *testing.T) {
	ps := goodPeople()
	ps[4].Unit = "=1+1"
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, "测试党支部人员花名册", ps); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !cmp.Equal(got, []string{"花名册"}) {
		t.Fatalf("sheets %q", got)
	}
	rows, err := f.GetRows(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "测试党支部人员花名册" || !cmp.Equal(rows[1], append([]string{NumberColumn}, Columns...)) || len(rows) != 2+len(ps) {
		t.Errorf("rows 1-2: %q, %q; %d rows", rows[0], rows[1], len(rows))
	}
	want := map[string]string{
		"A3": "1", // 序号
		"A7": "5",
		"E3": "1985-03-12",         // a date cell shown with yyyy-mm-dd
		"F5": "11010119980228135X", // an ID number as text
		"G7": "0991-1234567",
		"H7": "'=1+1", // neutralized
		"I3": "是",
		"K3": "正式党员",
		"P4": "", // no 转正日期
	}
	for cell, v := range want {
		if got, _ := f.GetCellValue(sheetName, cell); got != v {
			t.Errorf("%s = %q, want %q", cell, got, v)
		}
	}
	checkStyles(t, f)
	checkLayout(t, f)
}

func checkStyles(t *testing.T, f *excelize.File) {
	t.Helper()
	style := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle(sheetName, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := style("A1"); st.Font == nil || !st.Font.Bold || st.Font.Size < 14 {
		t.Errorf("title font %+v, want bold and large", st.Font)
	}
	if st := style("A2"); st.Font == nil || !st.Font.Bold {
		t.Errorf("header font %+v, want bold", st.Font)
	}
	if st := style("E3"); st.CustomNumFmt == nil || *st.CustomNumFmt != "yyyy-mm-dd" {
		t.Errorf("date cell number format %v, want yyyy-mm-dd", st.CustomNumFmt)
	}
	for _, cell := range []string{"F3", "G3"} {
		if st := style(cell); st.NumFmt != 49 {
			t.Errorf("%s number format %d, want 49 (text)", cell, st.NumFmt)
		}
		if typ, _ := f.GetCellType(sheetName, cell); typ != excelize.CellTypeInlineString {
			t.Errorf("%s cell type %v, want a string", cell, typ)
		}
	}
	if typ, _ := f.GetCellType(sheetName, "E3"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("E3 cell type %v, want a number", typ)
	}
}

func checkLayout(t *testing.T, f *excelize.File) {
	t.Helper()
	merged, err := f.GetMergeCells(sheetName)
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "R1" {
		t.Errorf("merged cells %v, %v; want A1:R1", merged, err)
	}
	panes, err := f.GetPanes(sheetName)
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 0 || panes.TopLeftCell != "A3" {
		t.Errorf("panes %+v, %v; want frozen below row 2", panes, err)
	}
	// Widths: header or longest value plus 2, a Chinese character counting 2.
	for col, want := range map[string]float64{"A": 6, "B": 6, "F": 20, "H": 8, "M": 18} {
		if got, _ := f.GetColWidth(sheetName, col); got != want {
			t.Errorf("column %s width %v, want %v", col, got, want)
		}
	}
	layout, err := f.GetPageLayout(sheetName)
	if err != nil || *layout.Size != 9 || *layout.Orientation != "landscape" || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("page layout %+v, %v; want A4 landscape one page wide", layout, err)
	}
	props, err := f.GetSheetProps(sheetName)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("FitToPage %v, %v; want true", props.FitToPage, err)
	}
	titles := excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'花名册'!$1:$2", Scope: sheetName}
	if names := f.GetDefinedName(); !cmp.Equal(names, []excelize.DefinedName{titles}) {
		t.Errorf("defined names %+v, want %+v", names, titles)
	}
}

// The register made on a day says so below the people (制表日期), and
// still reads back as the same people, 序号 and 制表日期 ignored.
func TestWriteXLSXMadeOn(t *testing.T) {
	want := roundTripPeople()
	var buf bytes.Buffer
	if err := WriteXLSXOn(&buf, "测试党支部人员花名册", want, zhibu.MakeDate(2026, 12, 7)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(sheetName)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if last := rows[len(rows)-1]; len(rows) != 4+len(want) || len(last) == 0 || last[0] != "制表日期：2026-12-07" {
		t.Errorf("%d rows, the last %q", len(rows), rows[len(rows)-1])
	}
	s, err := parseBytes(t, buf.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Unknown) != 0 {
		t.Errorf("unknown columns %q", s.Unknown)
	}
	var lines []int
	for i := range want {
		lines = append(lines, 3+i)
	}
	checkSheet(t, s, want, lines)
}

func TestWriteCSV(t *testing.T) {
	ps := goodPeople()[3:]
	ps[1].Unit = "=1+1"
	ps[0].JoinedOn = zhibu.MakeDate(2024, 3, 1)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, ps); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff" + strings.Join(Columns, ",") + "\r\n" +
		"赵六,女,满族,2000-01-01,11010120000101146X,13700137003,三大队,否,大学本科,入党积极分子,2023-05-04,2023-11-20,,,,,2024-03-01\r\n" +
		"孙七,男,汉族,1990-05-05,110101199005051578,0991-1234567,'=1+1,否,高中,群众,,,,,,,\r\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

// The exported register opens in LibreOffice, which reads the dates as
// dates and the ID numbers as text: its CSV export of the sheet parses back
// to the same people.
func TestWriteXLSXOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil && os.Getenv("CI") != "" {
		t.Fatal("LibreOffice (soffice) is required in CI: .ci/run installs libreoffice-calc-nogui")
	}
	if err != nil || testing.Short() {
		t.Skip("needs LibreOffice (soffice), and not -short")
	}
	dir := t.TempDir()
	want := roundTripPeople()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, "测试党支部人员花名册", want); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "export.xlsx"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+dir+"/profile",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, filepath.Join(dir, "export.xlsx"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := parseBytes(t, data, Limits{})
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if diff := cmp.Diff(want, people(s), ignoreStored); diff != "" {
		t.Errorf("people (-want +got):\n%s\nCSV:\n%s", diff, data)
	}
}
