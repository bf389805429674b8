package roster

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"zhibu"
)

func TestParseGood(t *testing.T) {
	s := mustParse(t, "good.xlsx")
	checkSheet(t, s, goodPeople(), []int{3, 4, 5, 6, 7})
	if s.Unknown != nil || s.Notices() != nil {
		t.Errorf("Unknown %q, Notices %q; want none", s.Unknown, s.Notices())
	}
}

// dates.xlsx holds the same dates as date cells in three number formats
// (one with a time of day), as text 2005-03-01, 2005/3/1, 2005年3月1日 and
// 20050301, and as the number 20050301.
func TestParseDates(t *testing.T) {
	s := mustParse(t, "dates.xlsx")
	var want []zhibu.Person
	for i := range 8 {
		want = append(want, zhibu.Person{
			Name: "日期" + string(rune('1'+i)), Gender: zhibu.Male, Ethnicity: "汉族", BirthDate: day("1985-03-12"),
			IDNumber: idNumber("19850312", "0"+string(rune('0'+i))+"1"), Unit: "一大队", Officer: true, Education: "大学本科",
			Status: zhibu.FullMember, AppliedOn: day("2005-03-01"), ActivistOn: day("2005-09-01"),
			CandidateOn: day("2006-03-01"), AdmittedOn: day("2006-07-01"), ConfirmedOn: day("2007-07-01"),
		})
	}
	checkSheet(t, s, want, []int{2, 3, 4, 5, 6, 7, 8, 9})
}

// shuffled.xlsx has no title row, its columns in another order with spaces
// around headers, unknown columns, no 手机号 or 党小组, and a blank row 4.
func TestParseShuffled(t *testing.T) {
	s := mustParse(t, "shuffled.xlsx")
	good := goodPeople()
	zhang, li, sun := good[0], good[1], good[4]
	zhang.Phone, zhang.GroupName = "", ""
	li.Status, li.AppliedOn, li.ActivistOn, li.CandidateOn, li.AdmittedOn, li.GroupName = zhibu.Applicant, day("2024-04-01"), zhibu.Date{}, zhibu.Date{}, zhibu.Date{}, ""
	sun.Phone = ""
	checkSheet(t, s, []zhibu.Person{zhang, li, sun}, []int{2, 3, 5})
	if diff := cmp.Diff([]string{"备注", "籍贯"}, s.Unknown); diff != "" {
		t.Errorf("Unknown (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"以下列无法识别，已忽略：备注、籍贯"}, s.Notices()); diff != "" {
		t.Errorf("Notices (-want +got):\n%s", diff)
	}
}

// gbk.csv is GBK as Excel saves CSV on a Chinese Windows, with a quoted
// cell holding a comma and dates as 1985/3/12.
func TestParseGBKCSV(t *testing.T) {
	s := mustParse(t, "gbk.csv")
	good := goodPeople()
	want := good[:2]
	want[0].Unit = "一大队,二中队"
	checkSheet(t, s, want, []int{2, 3})
}

// bom.csv is UTF-8 with a BOM and CRLF, with a cell holding a line break
// (one spreadsheet row over two lines), a blank line, dates as 2000年1月1日
// and a neutralized cell '-三大队.
func TestParseBOMCSV(t *testing.T) {
	s := mustParse(t, "bom.csv")
	good := goodPeople()
	want := good[2:4]
	want[0].Unit = "一大队\n二中队"
	want[1].Unit = "-三大队"
	checkSheet(t, s, want, []int{2, 4})
}

// libreoffice.xlsx was made by LibreOffice Calc from libreoffice_source.csv:
// its dates are date cells in LibreOffice's own style, and the ID number of
// row 4 (unquoted in the CSV) was stored as the number 1.10101199005052E+017.
func TestParseLibreOffice(t *testing.T) {
	s := mustParse(t, "libreoffice.xlsx")
	good := goodPeople()
	sun := good[4]
	sun.IDNumber, sun.Phone = "", ""
	want := []zhibu.Person{good[0], good[1], sun}
	if diff := cmp.Diff(want, people(s), ignoreStored); diff != "" {
		t.Errorf("people (-want +got):\n%s", diff)
	}
	wantProblems := []problem{{4, "id_number", "第4行 身份证号被Excel存为数字，已丢失精度，请将该列设为文本格式"}}
	if diff := cmp.Diff(wantProblems, problems(s.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// broken.xlsx has a good row 3 and below it one kind of problem a row, a
// blank row 9 and a row 13 with several problems. Parse finds those of a
// single row; Check (see TestCheckBroken) adds those that need the branch.
func TestParseBroken(t *testing.T) {
	s := mustParse(t, "broken.xlsx")
	want := []problem{
		{4, "id_number", "第4行 身份证号：校验位不正确"},
		{7, "admitted_on", "第7行 入党日期：“2018-02-30”不是有效日期"},
		{8, "admitted_on", "第8行 入党日期：不能早于确定发展对象日期（2011-05-01）"},
		{10, "name", "第10行 姓名：不能为空"},
		{11, "status", "第11行 政治面貌：“民主党派”不是有效的政治面貌，应为群众、入党申请人、入党积极分子、发展对象、预备党员、正式党员之一"},
		{12, "id_number", "第12行 身份证号被Excel存为数字，已丢失精度，请将该列设为文本格式"},
		{13, "gender", "第13行 性别：应为“男”或“女”"},
		{13, "phone", "第13行 手机号：应为11位手机号码（1开头）或带区号的固定电话"},
		{13, "officer", "第13行 是否民警：“不详”应为“是”或“否”"},
		{13, "education", "第13行 学历：应为博士研究生、硕士研究生、大学本科、大学专科、中等专科、高中、初中及以下之一"},
	}
	if diff := cmp.Diff(want, problems(s.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14}, lines(s)); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	// A row with problems still carries what could be read.
	if p := s.Rows[4].Person; p.Name != "日期错" || !p.AdmittedOn.IsZero() || p.CandidateOn != day("2016-03-01") {
		t.Errorf("row 7 read as %+v", p)
	}
}

func TestParseRefuses(t *testing.T) {
	header := strings.Join(Columns, ",")
	row := "张三,男,汉族,1985-03-12,110101198503121239,,一大队,是,大学本科,群众,,,,,,"
	cases := []struct {
		name, data, want string
	}{
		{"empty", "", "文件是空的"},
		{"xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "不支持旧版.xls文件或加密的Excel文件，请在Excel中另存为.xlsx（不设密码）后再导入"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "文件不是xlsx或CSV格式"},
		{"utf16", "\xff\xfe\x59\x59", "不支持UTF-16编码的文本文件，请在Excel中另存为“CSV UTF-8（逗号分隔）”或.xlsx"},
		{"bom with bad utf8", "\ufeff姓名,\xff\xfe\xfd\n", "文件标明为UTF-8编码，却含有无效的UTF-8字符"},
		{"no header", "a\nb\nc\nd\ne\n" + header + "\n" + row, "未找到表头行：前5行中没有“姓名”列"},
		{"short file without header", "花名册\n张三,男\n", "未找到表头行：前5行中没有“姓名”列"},
		{"missing columns", "姓名,性别,出生日期\n张三,男,1985-03-12\n", "缺少必需的列：民族、身份证号、政治面貌"},
		{"duplicate header", header + ",姓名\n" + row, "表头“姓名”重复出现（第A列和第R列）"},
		{"header only", "标题\n" + header + "\n,,\n", "表头下没有人员数据"},
		{"bad quote", header + "\n" + `"张三,男` + "\n", "CSV文件第2行格式有误：引号不配对或字段中有多余的引号"},
		{"not a workbook", string(zipOf(t, map[string]string{"hello.txt": "hi"})), "无法读取xlsx文件：文件已损坏或不是有效的Excel文件"},
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

// The header row may stand below up to four title rows.
func TestParseHeaderOnRow5(t *testing.T) {
	data := "一\n二\n\n四\n" + strings.Join(Columns, ",") + "\n" +
		"孙七,男,汉族,1990-05-05,110101199005051578,0991-1234567,办公室,否,高中,群众,,,,,,\n"
	s, err := parseBytes(t, []byte(data), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkSheet(t, s, goodPeople()[4:], []int{6})
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
		// Parse must stop reading at MaxBytes+1.
		r := &countingReader{}
		s, err := Parse(r, Limits{MaxBytes: 1 << 20}, testToday())
		if got, want := refusal(t, s, err), "文件超过1 MB的上限"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
		if r.n > 1<<20+64<<10 {
			t.Errorf("read %d bytes of a 1 MB limit", r.n)
		}
	})
	t.Run("rows", func(t *testing.T) {
		s, err := parseBytes(t, good, Limits{MaxRows: 4})
		if got, want := refusal(t, s, err), "人员超过4行的上限，请分批导入"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
		if _, err := parseBytes(t, good, Limits{MaxRows: 5}); err != nil {
			t.Errorf("5 rows with MaxRows 5: %v", err)
		}
	})
	t.Run("cell", func(t *testing.T) {
		s, err := parseBytes(t, good, Limits{MaxCellChars: 11})
		if err != nil {
			t.Fatal(err)
		}
		// Only ID numbers (18 characters) and 0991-1234567 (12) are longer.
		var want []problem
		for i, line := range []int{3, 4, 5, 6, 7} {
			want = append(want, problem{line, "id_number", "第" + string(rune('0'+line)) + "行 身份证号：内容超过11个字"})
			if i == 4 {
				want = append(want, problem{line, "phone", "第7行 手机号：内容超过11个字"})
			}
		}
		if diff := cmp.Diff(want, problems(s.Problems)); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
	})
}

type countingReader struct{ n int }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	r.n += len(p)
	return len(p), nil
}

func TestParseBlankAndPaddedCells(t *testing.T) {
	// Cells are trimmed (also of full-width spaces); a row of spaces is blank.
	data := strings.Join(Columns, ",") + "\n" +
		" , ,\u3000,,,,\n" +
		"　孙七 ,男,汉,1990-05-05, 110101199005051578 ,0991-1234567,办公室,,高中,群众,,,,,,\n"
	s, err := parseBytes(t, []byte(data), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkSheet(t, s, goodPeople()[4:], []int{3})
}

func TestParseOfficer(t *testing.T) {
	for v, want := range map[string]bool{"": false, "是": true, "否": false, "Y": true, "n": false, "1": true, "0": false, "TRUE": true, "false": false} {
		b := rowBuilder{p: &parser{}}
		b.set(colOfficer, v)
		if b.person.Officer != want || len(b.probs) > 0 {
			t.Errorf("是否民警 %q: officer %v, problems %v; want %v", v, b.person.Officer, b.probs, want)
		}
	}
}

func TestSerialDate(t *testing.T) {
	cases := []struct {
		serial   float64
		date1904 bool
		want     string // "" for refused
	}{
		{1, false, "1900-01-01"},
		{59, false, "1900-02-28"},
		{61, false, "1900-03-01"},
		{43282, false, "2018-07-01"},
		{43282.75, false, "2018-07-01"},
		{41820, true, "2018-07-01"},
		{2958465, false, "9999-12-31"},
		{0, false, ""},
		{-1, false, ""},
		{2958466, false, ""},
		{math.NaN(), false, ""},
		{math.Inf(1), false, ""},
	}
	for _, tc := range cases {
		d, ok := serialDate(tc.serial, tc.date1904)
		if got := map[bool]string{true: d.String()}[ok]; got != tc.want {
			t.Errorf("serialDate(%v, %v) = %q, %v; want %q", tc.serial, tc.date1904, d, ok, tc.want)
		}
	}
}

// A workbook of the 1904 date system (old Mac Excel) counts serials from 1904.
func TestParseDate1904(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	row := []string{"孙七", "男", "汉族", "", "110101199005051578", "0991-1234567", "办公室", "否", "高中", "群众"}
	for col, v := range append(Columns[:10:10], row...) {
		cell, _ := excelize.CoordinatesToCellName(col%10+1, col/10+1)
		if err := f.SetCellStr("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	// 1990-05-05 is 32998 in the 1900 system, 1462 days fewer in 1904.
	if err := f.SetCellDefault("Sheet1", "D2", "31536"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	s, err := parseBytes(t, buf.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkSheet(t, s, goodPeople()[4:], []int{2})
}
