package register

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"zhibu"
)

// names is an attendance list of names without reasons.
func names(ns ...string) []NameReason {
	var out []NameReason
	for _, n := range ns {
		out = append(out, NameReason{Name: n})
	}
	return out
}

// counts sets the meeting's 应到/实到/请假/缺席.
func counts(m zhibu.Meeting, expected, present, excused, absent int) zhibu.Meeting {
	m.Expected, m.Present, m.Excused, m.Absent = expected, present, excused, absent
	return m
}

func goodRows(t *testing.T) []ImportRow {
	loc := shanghai(t)
	const org = "一大队党支部"
	held := func(typ zhibu.MeetingType, when, place string, topics ...string) zhibu.Meeting {
		return zhibu.Meeting{Type: typ, Status: zhibu.MeetingHeld, StartsAt: at(t, loc, when), Place: place, Topics: topics}
	}
	withStatus := func(m zhibu.Meeting, s zhibu.MeetingStatus, reason string) zhibu.Meeting {
		m.Status, m.CancelReason = s, reason
		return m
	}
	return []ImportRow{
		{Sheet: "支委会", Line: 3, OrgName: org, ChairName: "张三", RecorderName: "李四",
			Meeting: counts(held(zhibu.MeetCommittee, "2024-01-08 09:00", "三楼会议室", "研究年度工作计划", "讨论发展对象"), 4, 3, 1, 0),
			Present: names("张三", "李四", "王五"), Excused: []NameReason{{Name: "赵六", Reason: "出差"}}},
		{Sheet: "支委会", Line: 4, OrgName: org, ChairName: "张三", RecorderName: "李四",
			Meeting: counts(held(zhibu.MeetCommittee, "2024-02-05 14:30", "三楼会议室", "专题学习"), 4, 3, 1, 0),
			Present: names("张三", "李四", "赵六"), Excused: []NameReason{{Name: "王五", Reason: "病假"}}},
		{Sheet: "党小组会", Line: 2, OrgName: "第一党小组", ChairName: "张三", RecorderName: "李四",
			Meeting: counts(held(zhibu.MeetGroup, "2024-01-15 16:00", "值班室", "学习党章"), 2, 2, 0, 0),
			Present: names("张三", "李四")},
		{Sheet: "党小组会", Line: 3, OrgName: "第二党小组", ChairName: "王五", RecorderName: "赵六",
			Meeting: counts(held(zhibu.MeetGroup, "2024-01-16 16:00", "二楼会议室", "学习党章"), 2, 2, 0, 0),
			Present: names("王五", "赵六")},
		{Sheet: "党课", Line: 3, OrgName: org, ChairName: "张三", RecorderName: "李四", LecturerName: "张三",
			Meeting: counts(held(zhibu.MeetLecture, "2024-03-31 23:30", "大会议室", "学习贯彻党的二十大精神"), 3, 3, 0, 0),
			Present: names("张三", "李四", "王五")},
		{Sheet: "其他会议", Line: 2, OrgName: org, ChairName: "张三", RecorderName: "李四",
			Meeting: counts(held(zhibu.MeetThemedDay, "2024-04-01 08:30", "党员活动室", "重温入党誓词"), 2, 2, 0, 0),
			Present: names("张三", "李四")},
		{Sheet: "其他会议", Line: 3, OrgName: org, Meeting: held(zhibu.MeetStudy, "2024-04-10 09:00", "", "理论学习")},
		{Sheet: "其他会议", Line: 4, OrgName: org,
			Meeting: withStatus(held(zhibu.MeetLife, "2024-05-20 15:00", "", "年度组织生活会"), zhibu.MeetingCancelled, "上级通知推迟")},
		{Sheet: "其他会议", Line: 5, OrgName: org,
			Meeting: withStatus(held(zhibu.MeetAssembly, "2024-06-28 09:00", "", "接收预备党员"), zhibu.MeetingPlanned, "")},
	}
}

// good.xlsx is a branch's own register: sheets named by type, with and
// without title rows, a sheet with a 会议类型 column, notes without a
// header, an empty sheet, an unknown column.
func TestParseGood(t *testing.T) {
	s := mustParse(t, "good.xlsx")
	if diff := cmp.Diff(goodRows(t), s.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if len(s.Problems) > 0 {
		t.Errorf("problems: %v", s.Problems)
	}
	if diff := cmp.Diff([]string{"支委会", "党小组会", "党课", "其他会议"}, s.Sheets); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	wantNotices := []string{"以下列无法识别，已忽略：备注", "以下工作表前5行中没有“日期”列，未导入：说明"}
	if diff := cmp.Diff(wantNotices, s.Notices()); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
	// The 23:30 lecture on 31 March is on 31 March in Beijing, though UTC says 15:30.
	lecture := s.Rows[4].Meeting
	if got := lecture.DateIn(shanghai(t)); got != zhibu.MakeDate(2024, 3, 31) {
		t.Errorf("lecture on %v, want 2024-03-31", got)
	}
	if got := lecture.StartsAt.UTC().Format("2006-01-02 15:04"); got != "2024-03-31 15:30" {
		t.Errorf("lecture at %s UTC, want 2024-03-31 15:30", got)
	}
}

// dates.xlsx gives dates as date cells (with and without a time of day)
// and as text in every form, times as text, as a time cell or not at all.
func TestParseDates(t *testing.T) {
	loc := shanghai(t)
	s := mustParse(t, "dates.xlsx")
	want := []string{
		"2024-03-01 09:30", // date cell yyyy-mm-dd, 9:30
		"2024-03-02 14:00", // date cell m/d/yy, a time cell
		"2024-03-03 14:30", // a date-and-time cell, no 时间
		"2024-03-04 14:30", // 2024-03-04, 14：30
		"2024-03-05 09:30", // 2024/3/5, 9时30分
		"2024-03-06 09:00", // 2024年3月6日, no time: 09:00
		"2024-03-07 08:00", // 2024.3.7, 08:00:00
		"2024-03-08 10:00", // 20240308
		"2024-03-31 23:30", // 2024-03-31 23:30 as text
	}
	var got []string
	for _, r := range s.Rows {
		got = append(got, r.Meeting.StartsAt.In(loc).Format("2006-01-02 15:04"))
		if r.Meeting.StartsAt.Location().String() != loc.String() {
			t.Errorf("row %d in %v, want %v", r.Line, r.Meeting.StartsAt.Location(), loc)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("starts (-want +got):\n%s", diff)
	}
	if len(s.Problems) > 0 {
		t.Errorf("problems: %v", s.Problems)
	}
}

// A zone other than Beijing's reads the same wall clock there.
func TestParseZone(t *testing.T) {
	urumqi, err := time.LoadLocation("Asia/Urumqi")
	if err != nil {
		t.Skip(err)
	}
	s, err := Parse(bytes.NewReader(readFixture(t, "dates.xlsx")), Limits{}, urumqi)
	if err != nil {
		t.Fatal(err)
	}
	last := s.Rows[len(s.Rows)-1].Meeting.StartsAt
	if want := time.Date(2024, 3, 31, 23, 30, 0, 0, urumqi); !last.Equal(want) {
		t.Errorf("last meeting at %v, want %v", last, want)
	}
}

// brokenParseProblems are the problems Parse finds in broken.xlsx: one a
// row of 支委会 rows 4–8, several in row 14, and those of 其他 (but row 2's
// type “支部会议”, which may be a type added as data: Check asks).
var brokenParseProblems = []problem{
	{4, "date", "支委会 第4行 日期：不能为空"},
	{5, "date", "支委会 第5行 日期：“2024-02-30”不是有效日期"},
	{6, "time", "支委会 第6行 时间：“25:00”不是有效时间，应为00:00至23:59之间，如09:30"},
	{7, "excused", "支委会 第7行 请假：“李四”已列入出席名单"},
	{8, "cancel_reason", "支委会 第8行 取消原因：取消会议时不能为空"},
	{14, "time", "支委会 第14行 时间：“9:60”不是有效时间，应为00:00至23:59之间，如09:30"},
	{14, "present", "支委会 第14行 出席：“王五（迟到”应为姓名，或姓名后加括号注明原因，如张三（出差）"},
	{14, "absent", "支委会 第14行 缺席：“王五”填写了两次"},
	{14, "status", "支委会 第14行 状态：“开过了”应为已召开、已取消或计划"},
	{3, "type", "其他 第3行 会议类型：不能为空"},
	{4, "lecturer", "其他 第4行 授课人：党课须填写授课人"},
	{7, "org", "其他 第7行 组织：不能为空"},
}

func TestParseBroken(t *testing.T) {
	s := mustParse(t, "broken.xlsx")
	if diff := cmp.Diff(brokenParseProblems, problems(s.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	var lines []int
	for _, r := range s.Rows {
		lines = append(lines, r.Line)
	}
	if diff := cmp.Diff([]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 2, 3, 4, 5, 6, 7}, lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if err := s.Problems.Err(); err == nil {
		t.Error("Problems.Err() is nil")
	}
}

func TestParseRefuses(t *testing.T) {
	book := func(sheets map[string][][]any) string {
		t.Helper()
		f := excelize.NewFile()
		defer f.Close()
		first := true
		for _, name := range []string{"支委会", "Sheet1", "记录", "说明"} {
			rows, ok := sheets[name]
			if !ok {
				continue
			}
			if first {
				if err := f.SetSheetName("Sheet1", name); err != nil {
					t.Fatal(err)
				}
				first = false
			} else if _, err := f.NewSheet(name); err != nil {
				t.Fatal(err)
			}
			for i, row := range rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				if err := f.SetSheetRow(name, cell, &row); err != nil {
					t.Fatal(err)
				}
			}
		}
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	row := []any{"2024-01-08", "一支部"}
	cases := []struct {
		name, data, want string
	}{
		{"empty", "", "文件是空的"},
		{"xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "不支持旧版.xls文件或加密的Excel文件，请在Excel中另存为.xlsx（不设密码）后再导入"},
		{"csv", "日期,组织\n2024-01-08,一支部\n", "文件不是xlsx格式，请在Excel或WPS中另存为.xlsx后再导入"},
		{"not a workbook", string(zipOf(t, map[string]string{"hello.txt": "hi"})), "无法读取xlsx文件：文件已损坏或不是有效的Excel文件"},
		{"no header", book(map[string][][]any{"支委会": {{"a"}, {"b"}, {"c"}, {"d"}, {"e"}, {"日期", "组织"}, row}}),
			"未找到表头行：各工作表前5行中都没有“日期”列"},
		{"no type", book(map[string][][]any{"支委会": {{"日期", "组织"}, row}, "记录": {{"日期", "组织"}, row}}),
			"工作表“记录”缺少必需的列：会议类型（工作表名不是会议类型时须有“会议类型”列）"},
		{"no org", book(map[string][][]any{"支委会": {{"标题"}, {"日期", "主题"}, row}}),
			"工作表“支委会”缺少必需的列：组织"},
		{"no type and org", book(map[string][][]any{"记录": {{"日期"}, {"2024-01-08"}}}),
			"工作表“记录”缺少必需的列：会议类型、组织（工作表名不是会议类型时须有“会议类型”列）"},
		{"duplicate header", book(map[string][][]any{"支委会": {{"日期", "组织", "议题", "主题"}, row}}),
			"工作表“支委会”中表头“主题”重复出现（第C列和第D列）"},
		{"header only", book(map[string][][]any{"支委会": {{"标题"}, {"日期", "组织"}, {"", ""}}, "说明": {{"说明文字"}}}),
			"表头下没有会议记录"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := parseBytes(t, []byte(tc.data), Limits{})
			if got := refusal(t, s, err); got != tc.want {
				t.Errorf("message %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	good := readFixture(t, "good.xlsx")
	t.Run("bytes", func(t *testing.T) {
		s, err := parseBytes(t, good, Limits{MaxBytes: 1000})
		if got, want := refusal(t, s, err), "文件超过1000 字节的上限"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	})
	t.Run("endless reader", func(t *testing.T) {
		r := &countingReader{}
		s, err := Parse(r, Limits{MaxBytes: 1 << 20}, nil)
		if got, want := refusal(t, s, err), "文件超过1 MB的上限"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
		if r.n > 1<<20+64<<10 {
			t.Errorf("read %d bytes of a 1 MB limit", r.n)
		}
	})
	t.Run("rows", func(t *testing.T) {
		s, err := parseBytes(t, good, Limits{MaxRows: 8})
		if got, want := refusal(t, s, err), "会议记录超过8行的上限，请分批导入"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
		if _, err := parseBytes(t, good, Limits{MaxRows: 9}); err != nil {
			t.Errorf("9 rows with MaxRows 9: %v", err)
		}
	})
	t.Run("cell", func(t *testing.T) {
		s, err := parseBytes(t, good, Limits{MaxCellChars: 10})
		if err != nil {
			t.Fatal(err)
		}
		want := []problem{
			{3, "topics", "支委会 第3行 主题：内容超过10个字"},
			{3, "topics", "党课 第3行 主题：内容超过10个字"},
		}
		if diff := cmp.Diff(want, problems(s.Problems)); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
		if s.Rows[0].Meeting.Topics != nil {
			t.Errorf("a cell too long was read: %q", s.Rows[0].Meeting.Topics)
		}
	})
}

// countingReader is an endless stream of zeros that counts what is read.
type countingReader struct{ n int }

func (r *countingReader) Read(p []byte) (int, error) {
	clear(p)
	r.n += len(p)
	return len(p), nil
}

func TestSplitNames(t *testing.T) {
	cases := []struct {
		in   string
		want []NameReason
		bad  []string
	}{
		{"张三、李四，王五,赵六；孙七;周八 吴九\u3000郑十", names("张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十"), nil},
		{"张三（出差）、李四(病假)、 王五 （ 培训，外地 ）", []NameReason{{Name: "张三", Reason: "出差"}, {Name: "李四", Reason: "病假"}, {Name: "王五", Reason: "培训，外地"}}, nil},
		{"、张三、、", names("张三"), nil},
		{"张三（出差", nil, []string{"张三（出差"}},
		{"（出差）", nil, []string{"（出差）"}},
		{"张三）", nil, []string{"张三）"}},
		{"张三（出差）补", nil, []string{"张三（出差）补"}},
		{"张三（（出差））", nil, []string{"张三（（出差））"}},
	}
	for _, tc := range cases {
		var got []NameReason
		var bad []string
		for _, item := range splitNames(tc.in) {
			if n, ok := parseNameReason(item); ok {
				got = append(got, n)
			} else {
				bad = append(bad, item)
			}
		}
		if !cmp.Equal(tc.want, got) || !cmp.Equal(tc.bad, bad) {
			t.Errorf("%q: %v, bad %q; want %v, bad %q", tc.in, got, bad, tc.want, tc.bad)
		}
	}
}

func TestParseClock(t *testing.T) {
	cases := []struct {
		in   string
		want int // minutes; -1 for invalid
	}{
		{"09:00", 540}, {"9:00", 540}, {"9：05", 545}, {"23:30", 1410}, {"00:00", 0}, {"23:59:59", 1439},
		{"9时30分", 570}, {"9点", 540}, {"14点30", 870},
		{"0.375", 540}, {"0.979166666666667", 1410}, {"0.99999", 1439},
		{"25:00", -1}, {"24:00", -1}, {"9:60", -1}, {"9", -1}, {"1.5", -1}, {"-0.5", -1}, {"9:5:5:5", -1},
		{"+9:00", -1}, {"9:-1", -1}, {"上午9点", -1}, {"123:00", -1},
	}
	p := &parser{}
	for _, tc := range cases {
		got, ok := p.clockCell(tc.in)
		if !ok {
			got = -1
		}
		if got != tc.want {
			t.Errorf("clockCell(%q) = %d, %v; want %d", tc.in, got, ok, tc.want)
		}
	}
}

func TestAttendance(t *testing.T) {
	s := mustParse(t, "good.xlsx")
	if err := s.Check(&branch{}); err != nil {
		t.Fatal(err)
	}
	got := s.Rows[0].Attendance()
	want := []zhibu.Attendance{
		{PersonID: 11, PersonName: "张三", Status: zhibu.AttendPresent},
		{PersonID: 12, PersonName: "李四", Status: zhibu.AttendPresent},
		{PersonID: 13, PersonName: "王五", Status: zhibu.AttendPresent},
		{PersonID: 14, PersonName: "赵六", Status: zhibu.AttendExcused, Reason: "出差"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("attendance (-want +got):\n%s", diff)
	}
}

// workbook is an xlsx of one sheet holding rows, written cell by cell.
func workbook(t *testing.T, sheet string, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// On a sheet named by a type, a row's 会议类型 cell overrides the sheet's
// type. Counts agree with the lists of names, or are the counts when no
// names are listed; 请假 and 缺席 are counts beside 请假人员 and 缺席人员.
func TestParseTypesAndCounts(t *testing.T) {
	data := workbook(t, "党课",
		[]any{"日期", "组织", "会议类型", "授课人", "应到", "实到", "请假", "缺席", "出席人员", "请假人员", "缺席人员"},
		[]any{"2024-01-08", "一支部", "", "张三", 3, 2, 1, 0, "张三、李四", "王五（出差）", ""},
		[]any{"2024-01-09", "一支部", "主题党日", "", "30", "28人", 1, 1, "", "王五（出差）", ""},
		[]any{"2024-01-10", "一支部", "", "张三", 5, 4, "一", 0, "张三、李四", "", "赵六"},
	)
	s, err := parseBytes(t, data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Type                               zhibu.MeetingType
		Expected, Present, Excused, Absent int
	}
	var rows []got
	for _, r := range s.Rows {
		m := r.Meeting
		rows = append(rows, got{m.Type, m.Expected, m.Present, m.Excused, m.Absent})
	}
	want := []got{
		{zhibu.MeetLecture, 3, 2, 1, 0},
		{zhibu.MeetThemedDay, 30, 28, 1, 1},
		{zhibu.MeetLecture, 5, 4, 0, 0}, // a count given wins over its list
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	wantProblems := []problem{
		{4, "expected", "党课 第4行 应到：5人，与实到、请假、缺席之和4人不符"},
		{4, "present_count", "党课 第4行 实到：4人，与出席名单的2人不符"},
		{4, "excused_count", "党课 第4行 请假人数：“一”应为人数（不小于0的整数）"},
		{4, "absent_count", "党课 第4行 缺席人数：0人，与缺席名单的1人不符"},
	}
	if diff := cmp.Diff(wantProblems, problems(s.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
