package register

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/xlsx"
)

// injections are texts a spreadsheet would take for formulas.
var injections = []string{`=HYPERLINK("http://example.com","点我")`, "+一大队", "-三中队", "@值班室", "'=引号", "'普通", "=1+1"}

// exportRows are a year of meetings as the store would give them, not in
// order, with a meeting of the year before and texts that look like
// formulas.
func exportRows(t *testing.T, loc *time.Location) []Row {
	const org = "一大队党支部"
	m := func(typ zhibu.MeetingType, status zhibu.MeetingStatus, when, place string, topics ...string) zhibu.Meeting {
		return zhibu.Meeting{Type: typ, Status: status, StartsAt: at(t, loc, when), Place: place, Topics: topics}
	}
	lecture := m(zhibu.MeetLecture, zhibu.MeetingHeld, "2024-03-31 23:30", "大会议室", "学习贯彻党的二十大精神")
	lecture.Expected, lecture.Present, lecture.Excused, lecture.Absent = 4, 2, 1, 1
	lecture.Filing = zhibu.FilingAcknowledged
	lecture.EnteredAt = at(t, loc, "2024-04-02 10:00") // 补录
	committee := m(zhibu.MeetCommittee, zhibu.MeetingHeld, "2024-01-08 09:00", "三楼会议室", "研究年度工作计划", "讨论发展对象")
	committee.EnteredAt = at(t, loc, "2024-01-08 12:00")
	cancelled := m(zhibu.MeetLife, zhibu.MeetingCancelled, "2024-05-20 15:00", "")
	cancelled.CancelReason = "上级通知推迟"
	return []Row{
		{Meeting: lecture, OrgName: org, ChairName: "张三", RecorderName: "李四", LecturerName: "张三",
			Present: []string{"张三", "李四"}, Excused: []string{"王五（出差）"}, Absent: []string{"赵六"}},
		{Meeting: m(zhibu.MeetGroup, zhibu.MeetingHeld, "2024-04-01 00:30", "值班室", "学习党章"), OrgName: "第一党小组",
			ChairName: "张三", RecorderName: "李四", Present: []string{"张三", "李四"}},
		{Meeting: committee, OrgName: org, ChairName: "张三", RecorderName: "李四",
			Present: []string{"张三", "李四", "王五"}, Excused: []string{"赵六（病假）"}},
		{Meeting: m(zhibu.MeetCommittee, zhibu.MeetingHeld, "2023-12-31 23:30", "三楼会议室", "去年的会"), OrgName: org},
		{Meeting: cancelled, OrgName: org},
		{Meeting: m(zhibu.MeetAssembly, zhibu.MeetingPlanned, "2024-12-31 23:59", "大会议室", "年度总结"), OrgName: org},
		{Meeting: m(zhibu.MeetThemedDay, zhibu.MeetingHeld, "2024-07-01 08:30", injections[0], injections...),
			OrgName: org, ChairName: "张三", RecorderName: "李四", Present: []string{"张三", "李四"}},
		{Meeting: m(zhibu.MeetCommittee, zhibu.MeetingHeld, "2024-01-08 08:00", "三楼会议室", "早一小时的会"), OrgName: org},
		{Meeting: m(zhibu.CustomMeetingType("读书会"), zhibu.MeetingHeld, "2024-06-05 19:00", "图书室", "共读《习近平谈治国理政》"),
			OrgName: "第一党小组", ChairName: "张三", RecorderName: "李四", Present: []string{"张三", "李四"}},
	}
}

// imported is what Parse should read back from the export of rows: the
// rows of year, by sheet in type order (added types last, by name), each
// sheet in order of time.
func imported(rows []Row, year int, loc *time.Location) []ImportRow {
	var out []ImportRow
	types := slices.Clone(zhibu.MeetingTypes)
	var added []zhibu.MeetingType
	for _, r := range rows {
		if r.Meeting.Type.Custom() && !slices.Contains(added, r.Meeting.Type) {
			added = append(added, r.Meeting.Type)
		}
	}
	slices.Sort(added)
	for _, typ := range append(types, added...) {
		var of []Row
		for _, r := range rows {
			if r.Meeting.Type == typ && r.Meeting.StartsAt.In(loc).Year() == year {
				of = append(of, r)
			}
		}
		slices.SortStableFunc(of, func(a, b Row) int { return a.Meeting.StartsAt.Compare(b.Meeting.StartsAt) })
		for i, r := range of {
			m := zhibu.Meeting{
				Type: r.Meeting.Type, Status: r.Meeting.Status, StartsAt: r.Meeting.StartsAt, Place: r.Meeting.Place,
				Topics: r.Meeting.Topics, CancelReason: r.Meeting.CancelReason,
				Expected: r.Meeting.Expected, Present: r.Meeting.Present, Excused: r.Meeting.Excused, Absent: r.Meeting.Absent,
			}
			if m.Expected == 0 {
				m.Present, m.Excused, m.Absent = len(r.Present), len(r.Excused), len(r.Absent)
				m.Expected = m.Present + m.Excused + m.Absent
			}
			list := func(ns []string) []NameReason {
				var out []NameReason
				for _, n := range ns {
					nr, ok := parseNameReason(n)
					if !ok {
						panic(n)
					}
					out = append(out, nr)
				}
				return out
			}
			out = append(out, ImportRow{
				Sheet: typ.Label(), Line: i + 3, Meeting: m, OrgName: r.OrgName, ChairName: r.ChairName,
				RecorderName: r.RecorderName, LecturerName: r.LecturerName,
				Present: list(r.Present), Excused: list(r.Excused), Absent: list(r.Absent),
			})
		}
	}
	return out
}

// WriteXLSX then Parse gives the same meetings: types, statuses, times in
// Beijing (the 23:30 lecture of 31 March stays on the 31st; the group
// meeting at 00:30 on 1 April, 31 March in UTC, on the 1st), places,
// topics, names with reasons, counts, and texts that look like formulas.
func TestRoundTrip(t *testing.T) {
	loc := shanghai(t)
	rows := exportRows(t, loc)
	want := imported(rows, 2024, loc)
	for name, write := range map[string]func(*bytes.Buffer) error{
		"WriteXLSX": func(b *bytes.Buffer) error {
			return WriteXLSX(b, "一大队党支部三会一课记录簿", 2024, rows)
		},
		"WriteXLSXIn": func(b *bytes.Buffer) error {
			return WriteXLSXIn(b, "一大队党支部三会一课记录簿", 2024, loc, rows)
		},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			s, err := Parse(&buf, Limits{}, loc)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, s.Rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if len(s.Problems) > 0 || s.Unknown != nil || s.Skipped != nil {
				t.Errorf("problems %v, unknown %q, skipped %q", s.Problems, s.Unknown, s.Skipped)
			}
			if err := s.Check(&branch{}); err != nil {
				t.Errorf("Check: %v", err)
			}
		})
	}
	for _, r := range want {
		if r.Meeting.Type == zhibu.MeetLecture {
			if d := r.Meeting.DateIn(loc); d != zhibu.MakeDate(2024, 3, 31) {
				t.Errorf("lecture on %v", d)
			}
		}
	}
}

// Text cells that a spreadsheet would run as formulas are written with a
// leading quote, never as formulas, and read back as they were.
func TestFormulaNeutralized(t *testing.T) {
	loc := shanghai(t)
	row := Row{
		Meeting: zhibu.Meeting{Type: zhibu.MeetStudy, Status: zhibu.MeetingHeld, StartsAt: at(t, loc, "2024-06-01 09:00"),
			Place: "=1+1", Topics: injections},
		OrgName: "@一大队党支部", ChairName: "-张三", RecorderName: "+李四", Present: []string{"=王五", "赵六"},
	}
	var buf bytes.Buffer
	if err := WriteXLSXIn(&buf, "=标题", 2024, loc, []Row{row}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "理论学习"
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for r, cells := range rows {
		for c, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
				t.Errorf("%s holds the formula %q", cell, formula)
			}
			if r >= 2 && xlsx.NeedsQuote(v) && !strings.HasPrefix(v, "'") {
				t.Errorf("%s = %q, not neutralized", cell, v)
			}
		}
	}
	for cell, want := range map[string]string{
		"D3": "'@一大队党支部", "F3": "'=1+1", "G3": "'-张三", "H3": "'+李四", "M3": "'=王五、赵六",
		"E3": `'=HYPERLINK("http://example.com","点我")；+一大队；-三中队；@值班室；'=引号；'普通；=1+1`,
	} {
		if got, _ := f.GetCellValue(sheet, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	s, err := Parse(&buf, Limits{}, loc)
	if err != nil {
		t.Fatal(err)
	}
	r := s.Rows[0]
	if !cmp.Equal(r.Meeting.Topics, injections) || r.Meeting.Place != "=1+1" || r.OrgName != "@一大队党支部" ||
		r.ChairName != "-张三" || r.RecorderName != "+李四" || !cmp.Equal(r.Present, names("=王五", "赵六")) {
		t.Errorf("read back %+v", r)
	}
}

// The exported workbook, opened with excelize: its sheets, title and
// header rows, frozen panes, widths, cell types and formats, and print
// settings.
func TestWriteXLSXLayout(t *testing.T) {
	loc := shanghai(t)
	var buf bytes.Buffer
	if err := WriteXLSXIn(&buf, "一大队党支部三会一课记录簿", 2024, loc, exportRows(t, loc)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := []string{"支委会", "支部党员大会", "党小组会", "党课", "主题党日", "组织生活会", "读书会"}
	if diff := cmp.Diff(sheets, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	header := []string{"序号", "日期", "时间", "组织", "主题", "地点", "主持人", "记录人", "应到", "实到", "请假", "缺席",
		"出席人员", "请假人员", "缺席人员", "状态", "取消原因", "补录", "报备"}
	lectureHeader := slices.Insert(slices.Clone(header), 8, "授课人")
	addedHeader := slices.Insert(slices.Clone(header), 3, "会议类型")
	var names []excelize.DefinedName
	for _, sheet := range sheets {
		want := header
		switch sheet {
		case "党课":
			want = lectureHeader
		case "读书会":
			want = addedHeader
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "一大队党支部三会一课记录簿（2024年）" || !cmp.Equal(rows[1], want) {
			t.Errorf("%s rows 1-2: %q, %q", sheet, rows[0], rows[1])
		}
		checkLayout(t, f, sheet, len(want))
		names = append(names, excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$2", Scope: sheet})
	}
	if diff := cmp.Diff(names, f.GetDefinedName()); diff != "" {
		t.Errorf("defined names (-want +got):\n%s", diff)
	}

	// 支委会: the 08:00 meeting before the 09:00 one of the same day; the
	// meeting of 2023 left out.
	committee, _ := f.GetRows("支委会")
	if len(committee) != 4 || committee[2][4] != "早一小时的会" || committee[3][4] != "研究年度工作计划；讨论发展对象" {
		t.Errorf("支委会 rows %q", committee)
	}
	want := map[string]map[string]string{
		"支委会": {"A3": "1", "A4": "2", "B4": "2024-01-08", "C4": "09:00", "D4": "一大队党支部", "F4": "三楼会议室",
			"I4": "4", "J4": "3", "K4": "1", "L4": "0", "M4": "张三、李四、王五", "N4": "赵六（病假）", "O4": "",
			"P4": "已召开", "R4": "", "S4": ""},
		"党课": {"B3": "2024-03-31", "C3": "23:30", "I3": "张三", "J3": "4", "K3": "2", "L3": "1", "M3": "1",
			"O3": "王五（出差）", "P3": "赵六", "S3": "是", "T3": "上级已确认"},
		"党小组会":   {"B3": "2024-04-01", "C3": "00:30", "D3": "第一党小组"},
		"组织生活会":  {"P3": "已取消", "Q3": "上级通知推迟", "I3": "", "J3": ""},
		"支部党员大会": {"B3": "2024-12-31", "C3": "23:59", "P3": "计划", "I3": ""},
	}
	for sheet, cells := range want {
		for cell, v := range cells {
			if got, _ := f.GetCellValue(sheet, cell); got != v {
				t.Errorf("%s!%s = %q, want %q", sheet, cell, got, v)
			}
		}
	}
	checkCell(t, f, "党课", "B3", excelize.CellTypeUnset, "yyyy-mm-dd") // a date: a number shown as a date
	checkCell(t, f, "党课", "C3", excelize.CellTypeInlineString, "")
	checkCell(t, f, "党课", "J3", excelize.CellTypeUnset, "")
	if v, _ := f.GetCellValue("党课", "B3", excelize.Options{RawCellValue: true}); v != "45382" {
		t.Errorf("党课!B3 raw %q, want the serial 45382", v)
	}
	// Widths: the header or the longest value plus 2, a Chinese character
	// counting 2; long text up to 40.
	for col, w := range map[string]float64{"A": 6, "B": 12, "C": 7, "D": 14, "E": 32, "I": 6, "M": 18} {
		if got, _ := f.GetColWidth("支委会", col); got != w {
			t.Errorf("支委会 column %s width %v, want %v", col, got, w)
		}
	}
	if got, _ := f.GetColWidth("主题党日", "E"); got != maxWideText {
		t.Errorf("主题党日 topics width %v, want %d", got, maxWideText)
	}
	// Heights: a line of text, or the lines that wrapped text takes.
	if got, _ := f.GetRowHeight("支委会", 3); got != lineHeight+rowPadding {
		t.Errorf("支委会 row 3 height %v, want one line", got)
	}
	if got, _ := f.GetRowHeight("主题党日", 3); got != 3*lineHeight+rowPadding {
		t.Errorf("主题党日 row 3 height %v, want three lines", got)
	}
}

// checkLayout checks a sheet's title, panes and print settings.
func checkLayout(t *testing.T, f *excelize.File, sheet string, ncols int) {
	t.Helper()
	merged, err := f.GetMergeCells(sheet)
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != xlsx.ColumnLetter(ncols)+"1" {
		t.Errorf("%s merged cells %v, %v; want A1:%s1", sheet, merged, err, xlsx.ColumnLetter(ncols))
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 0 || panes.TopLeftCell != "A3" {
		t.Errorf("%s panes %+v, %v; want frozen below row 2", sheet, panes, err)
	}
	layout, err := f.GetPageLayout(sheet)
	if err != nil || *layout.Size != 9 || *layout.Orientation != "landscape" || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("%s page layout %+v, %v; want A4 landscape one page wide", sheet, layout, err)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s FitToPage %v, %v; want true", sheet, props.FitToPage, err)
	}
	style := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle(sheet, cell)
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
		t.Errorf("%s title font %+v, want bold and large", sheet, st.Font)
	}
	if st := style("A2"); st.Font == nil || !st.Font.Bold || len(st.Border) != 4 {
		t.Errorf("%s header style %+v, want bold with borders", sheet, st)
	}
}

// checkCell checks a cell's type and custom number format ("" for none).
func checkCell(t *testing.T, f *excelize.File, sheet, cell string, typ excelize.CellType, format string) {
	t.Helper()
	got, err := f.GetCellType(sheet, cell)
	if err != nil || got != typ {
		t.Errorf("%s!%s type %v, %v; want %v", sheet, cell, got, err, typ)
	}
	id, _ := f.GetCellStyle(sheet, cell)
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if gotFmt := ""; st.CustomNumFmt != nil {
		gotFmt = *st.CustomNumFmt
		if gotFmt != format {
			t.Errorf("%s!%s number format %q, want %q", sheet, cell, gotFmt, format)
		}
	} else if format != "" {
		t.Errorf("%s!%s has no number format, want %q", sheet, cell, format)
	}
}

// With no meetings the register still has the sheets of the three meetings
// and one lecture, each with its title and header.
func TestWriteXLSXEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, "", 2025, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{"支委会", "支部党员大会", "党小组会", "党课"}, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		if len(rows) != 2 || rows[0][0] != "三会一课记录簿（2025年）" || rows[1][1] != "日期" {
			t.Errorf("%s rows %q", sheet, rows)
		}
		if panes, _ := f.GetPanes(sheet); !panes.Freeze || panes.YSplit != 2 {
			t.Errorf("%s panes %+v", sheet, panes)
		}
	}
	// Parse refuses it: a header and no meetings.
	s, err := Parse(bytes.NewReader(buf.Bytes()), Limits{}, nil)
	if got := refusal(t, s, err); got != "表头下没有会议记录" {
		t.Errorf("message %q", got)
	}
}

func TestWriteXLSXUnknownType(t *testing.T) {
	rows := []Row{{Meeting: zhibu.Meeting{ID: 7, Type: "party", StartsAt: time.Now()}}}
	if err := WriteXLSX(&bytes.Buffer{}, "", 0, rows); err == nil || !strings.Contains(err.Error(), `"party"`) {
		t.Errorf("error %v, want one naming the type", err)
	}
}

// The exported register opens in LibreOffice; saved again by LibreOffice
// as xlsx it parses to the same meetings.
func TestWriteXLSXOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil && os.Getenv("CI") != "" {
		t.Fatal("LibreOffice (soffice) is required in CI: .ci/run installs libreoffice-calc-nogui")
	}
	if err != nil || testing.Short() {
		t.Skip("needs LibreOffice (soffice), and not -short")
	}
	loc := shanghai(t)
	rows := exportRows(t, loc)
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteXLSXIn(&buf, "一大队党支部三会一课记录簿", 2024, loc, rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "export.xlsx"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+dir+"/profile",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, filepath.Join(dir, "export.xlsx"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(filepath.Join(out, "export.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(bytes.NewReader(data), Limits{}, loc)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(imported(rows, 2024, loc), s.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if len(s.Problems) > 0 {
		t.Errorf("problems %v", s.Problems)
	}
}
