//go:build ignore

// gen writes the roster test fixtures into the current directory:
//
//	cd internal/roster/testdata && go run gen.go
//
// The xlsx files are written cell by cell with excelize's ordinary API
// (shared strings, date cells with number formats), the way a user's own
// workbook looks, not with the package's exporter. When LibreOffice's
// soffice is on PATH it also converts libreoffice_source.csv into
// libreoffice.xlsx, a file authored by LibreOffice.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"zhibu"
)

// header is the canonical header row.
var header = []any{"姓名", "性别", "民族", "出生日期", "身份证号", "手机号", "单位", "是否民警", "学历",
	"政治面貌", "入党申请日期", "确定积极分子日期", "确定发展对象日期", "入党日期", "转正日期", "党小组"}

// id is a valid ID number: region 110101, the birth date and a sequence
// whose last digit gives the gender (odd: male).
func id(birth, seq string) string {
	c, err := zhibu.IDCheckDigit("110101" + birth + seq)
	if err != nil {
		log.Fatal(err)
	}
	return "110101" + birth + seq + string(c)
}

// badCheck is id with a wrong check character.
func badCheck(birth, seq string) string {
	s := id(birth, seq)
	last := "0"
	if s[17] == '0' {
		last = "1"
	}
	return s[:17] + last
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		log.Fatal(err)
	}
	return t
}

// number is a cell stored as a number with this exact text, as Excel
// stores an ID number typed into a General cell.
type number string

// dated is a date cell with a number format.
type dated struct {
	t   time.Time
	fmt string // "" for the built-in m/d/yy (14)
}

type book struct {
	f      *excelize.File
	sheet  string
	styles map[string]int
}

func newBook() *book {
	f := excelize.NewFile()
	return &book{f: f, sheet: "Sheet1", styles: map[string]int{}}
}

func (b *book) dateStyle(format string) int {
	if s, ok := b.styles[format]; ok {
		return s
	}
	st := &excelize.Style{NumFmt: 14}
	if format != "" {
		st = &excelize.Style{CustomNumFmt: &format}
	}
	s, err := b.f.NewStyle(st)
	check(err)
	b.styles[format] = s
	return s
}

// row writes values into sheet row r.
func (b *book) row(r int, values ...any) {
	for i, v := range values {
		cell, _ := excelize.CoordinatesToCellName(i+1, r)
		switch v := v.(type) {
		case nil:
		case number:
			check(b.f.SetCellDefault(b.sheet, cell, string(v)))
		case time.Time:
			check(b.f.SetCellValue(b.sheet, cell, v))
			check(b.f.SetCellStyle(b.sheet, cell, cell, b.dateStyle("")))
		case dated:
			check(b.f.SetCellValue(b.sheet, cell, v.t))
			check(b.f.SetCellStyle(b.sheet, cell, cell, b.dateStyle(v.fmt)))
		default:
			check(b.f.SetCellValue(b.sheet, cell, v))
		}
	}
}

func (b *book) save(name string) {
	buf, err := b.f.WriteToBuffer()
	check(err)
	check(os.WriteFile(name, buf.Bytes(), 0o644))
	check(b.f.Close())
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func main() {
	good()
	dates()
	shuffled()
	broken()
	csvFiles()
	truncated()
	libreOffice()
}

// good.xlsx: a title row, the header, five people of every stage, with
// date cells, short forms (本科, 中共党员, 满) and a landline.
func good() {
	b := newBook()
	b.row(1, "测试党支部人员花名册")
	check(b.f.MergeCell(b.sheet, "A1", "P1"))
	b.row(2, header...)
	b.row(3, "张三", "男", "汉族", day("1985-03-12"), id("19850312", "123"), "13800138001", "一大队", "是", "本科",
		"中共党员", day("2005-03-01"), day("2005-09-01"), day("2006-03-01"), day("2006-07-01"), day("2007-07-01"), "第一党小组")
	b.row(4, "李四", "女", "回族", day("1992-11-30"), id("19921130", "124"), nil, "二大队", "否", "硕士研究生",
		"预备党员", day("2020-04-01"), day("2020-10-09"), day("2023-03-15"), day("2024-07-01"), nil, "第二党小组")
	b.row(5, "王五", "男", "汉族", day("1998-02-28"), id("19980228", "135"), "13900139002", "一大队", "是", "大专",
		"发展对象", day("2022-03-01"), day("2022-09-01"), day("2024-09-01"), nil, nil, "第一党小组")
	b.row(6, "赵六", "女", "满", day("2000-01-01"), id("20000101", "146"), "13700137003", "三大队", "否", "大学本科",
		"入党积极分子", day("2023-05-04"), day("2023-11-20"), nil, nil, nil, nil)
	b.row(7, "孙七", "男", "汉族", day("1990-05-05"), id("19900505", "157"), "0991-1234567", "办公室", "否", "高中",
		"群众", nil, nil, nil, nil, nil, nil)
	b.save("good.xlsx")
}

// dates.xlsx: the same dates written as date cells (three number formats,
// one with a time of day), as text in the forms 2006-07-01, 2006/7/1 and
// 2006年7月1日, as the text 20060701 and as the number 20060701.
func dates() {
	b := newBook()
	b.row(1, header...)
	forms := []func(s string) any{
		func(s string) any { return day(s) },
		func(s string) any { return dated{day(s), "yyyy-mm-dd"} },
		func(s string) any {
			return dated{day(s).Add(10*time.Hour + 30*time.Minute), "yyyy\"年\"m\"月\"d\"日\" hh:mm"}
		},
		func(s string) any { return s },
		func(s string) any { return strings.ReplaceAll(trimZeros(s), "-", "/") },
		func(s string) any { return chinese(s) },
		func(s string) any { return strings.ReplaceAll(s, "-", "") },
		func(s string) any { return number(strings.ReplaceAll(s, "-", "")) },
	}
	for i, form := range forms {
		seq := fmt.Sprintf("%02d1", i)
		b.row(i+2, fmt.Sprintf("日期%d", i+1), "男", "汉族", form("1985-03-12"), id("19850312", seq), nil, "一大队", "是", "大学本科",
			"正式党员", form("2005-03-01"), form("2005-09-01"), form("2006-03-01"), form("2006-07-01"), form("2007-07-01"), nil)
	}
	b.save("dates.xlsx")
}

// trimZeros turns 2006-07-01 into 2006-7-1.
func trimZeros(s string) string {
	p := strings.Split(s, "-")
	return p[0] + "-" + strings.TrimPrefix(p[1], "0") + "-" + strings.TrimPrefix(p[2], "0")
}

// chinese turns 2006-07-01 into 2006年7月1日.
func chinese(s string) string {
	p := strings.Split(trimZeros(s), "-")
	return p[0] + "年" + p[1] + "月" + p[2] + "日"
}

// shuffled.xlsx: no title row, the columns in another order with spaces
// (also full-width) around some headers, two unknown columns, the optional
// 手机号 and 党小组 left out, and a blank row.
func shuffled() {
	b := newBook()
	b.row(1, "身份证号", " 政治面貌", "备注", "出生日期", "　姓名　", "入党申请日期", "性别", "籍贯", "民族", "单位",
		"学历", "是否民警", "确定积极分子日期", "确定发展对象日期", "入党日期", "转正日期")
	b.row(2, id("19850312", "123"), "正式党员", "老党员", day("1985-03-12"), "张三", day("2005-03-01"), "男", "北京", "汉族", "一大队",
		"大学本科", "是", day("2005-09-01"), day("2006-03-01"), day("2006-07-01"), day("2007-07-01"))
	b.row(3, id("19921130", "124"), "入党申请人", nil, day("1992-11-30"), "李四", day("2024-04-01"), "女", nil, "回族", "二大队",
		"硕士研究生", "否")
	b.row(5, id("19900505", "157"), "群众", "备注", day("1990-05-05"), "孙七", nil, "男", nil, "汉族", "办公室",
		"高中", "N")
	b.save("shuffled.xlsx")
}

// broken.xlsx: one good row and rows each with one kind of problem, a
// blank row, and a row with several problems. See TestParseBroken.
func broken() {
	b := newBook()
	b.row(1, "测试党支部人员花名册")
	b.row(2, header...)
	full := func(r int, name, birth, seq, idNumber string, group any) {
		if idNumber == "" {
			idNumber = id(birth, seq)
		}
		b.row(r, name, "男", "汉族", day(birth[:4]+"-"+birth[4:6]+"-"+birth[6:]), idNumber, "13800138000", "一大队", "是", "大学本科",
			"正式党员", day("2005-03-01"), day("2005-09-01"), day("2006-03-01"), day("2006-07-01"), day("2007-07-01"), group)
	}
	full(3, "张三", "19850312", "123", "", "第一党小组")
	full(4, "校验错", "19850312", "133", badCheck("19850312", "133"), "第一党小组")
	full(5, "重复者", "19850312", "123", "", "第一党小组")
	full(6, "无此组", "19850312", "143", "", "第九党小组")
	b.row(7, "日期错", "男", "汉族", day("1990-01-01"), id("19900101", "153"), nil, "一大队", "是", "大学本科",
		"预备党员", day("2015-03-01"), day("2015-09-01"), day("2016-03-01"), "2018-02-30", nil, "第一党小组")
	b.row(8, "顺序错", "男", "汉族", day("1985-03-12"), id("19850312", "163"), nil, "一大队", "是", "大学本科",
		"正式党员", day("2010-05-01"), day("2010-11-01"), day("2011-05-01"), day("2010-03-01"), day("2011-03-01"), nil)
	// Row 9 is blank.
	b.row(10, nil, "男", "汉族", day("1985-03-12"), id("19850312", "173"), nil, "一大队", "是", "大学本科", "群众")
	b.row(11, "面貌错", "男", "汉族", day("1985-03-12"), id("19850312", "183"), nil, "一大队", "是", "大学本科",
		"民主党派", day("2005-03-01"))
	b.row(12, "存为数", "男", "汉族", day("1985-03-12"), number("1.10101198503122E+17"), nil, "一大队", "是", "大学本科", "群众")
	b.row(13, "多处错", "M", "汉族", day("1985-03-12"), id("19850312", "193"), "12345", "一大队", "不详", "大本", "群众")
	full(14, "已登记", "19850312", "213", "", nil)
	b.save("broken.xlsx")
}

// csvFiles: gbk.csv in GBK, as Excel saves "CSV (逗号分隔)" on a Chinese
// Windows, and bom.csv in UTF-8 with a BOM and CRLF, with a blank line, a
// cell holding a line break and a neutralized cell.
func csvFiles() {
	gbk := strings.Join([]string{
		"姓名,性别,民族,出生日期,身份证号,手机号,单位,是否民警,学历,政治面貌,入党申请日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期,党小组",
		"张三,男,汉族,1985/3/12," + id("19850312", "123") + ",13800138001,\"一大队,二中队\",是,本科,中共党员,2005/3/1,2005/9/1,2006/3/1,2006/7/1,2007/7/1,第一党小组",
		"李四,女,回族,1992/11/30," + id("19921130", "124") + ",,二大队,否,硕士研究生,预备党员,2020/4/1,2020/10/9,2023/3/15,2024/7/1,,第二党小组",
		"",
	}, "\r\n")
	enc, err := simplifiedchinese.GBK.NewEncoder().String(gbk)
	check(err)
	check(os.WriteFile("gbk.csv", []byte(enc), 0o644))

	bom := "\ufeff" + strings.Join([]string{
		"姓名,性别,民族,出生日期,身份证号,手机号,单位,是否民警,学历,政治面貌,入党申请日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期,党小组",
		"王五,男,汉族,1998-02-28," + id("19980228", "135") + ",13900139002,\"一大队\n二中队\",是,大学专科,发展对象,2022-03-01,2022-09-01,2024-09-01,,,第一党小组",
		"",
		"赵六,女,满族,2000年1月1日," + id("20000101", "146") + ",13700137003,'-三大队,否,大学本科,入党积极分子,2023年5月4日,2023年11月20日,,,,",
		"",
	}, "\r\n")
	check(os.WriteFile("bom.csv", []byte(bom), 0o644))
}

// truncated.xlsx: the first 60% of good.xlsx.
func truncated() {
	data, err := os.ReadFile("good.xlsx")
	check(err)
	check(os.WriteFile("truncated.xlsx", data[:len(data)*6/10], 0o644))
}

// libreOffice writes libreoffice_source.csv and converts it with soffice:
// unquoted dates become date cells, quoted ID numbers stay text (the filter
// option "quoted field as text"), and one unquoted ID number becomes a
// number, as LibreOffice stores it.
func libreOffice() {
	src := strings.Join([]string{
		"姓名,性别,民族,出生日期,身份证号,手机号,单位,是否民警,学历,政治面貌,入党申请日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期,党小组",
		"张三,男,汉族,1985-03-12,\"" + id("19850312", "123") + "\",\"13800138001\",一大队,是,大学本科,正式党员,2005-03-01,2005-09-01,2006-03-01,2006-07-01,2007-07-01,第一党小组",
		"李四,女,回族,1992-11-30,\"" + id("19921130", "124") + "\",,二大队,否,硕士研究生,预备党员,2020-04-01,2020-10-09,2023-03-15,2024-07-01,,第二党小组",
		"孙七,男,汉族,1990-05-05," + id("19900505", "157") + ",,办公室,否,高中,群众,,,,,,",
		"",
	}, "\n")
	check(os.WriteFile("libreoffice_source.csv", []byte(src), 0o644))
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		log.Print("soffice not found: libreoffice.xlsx left as it is")
		return
	}
	tmp, err := os.MkdirTemp("", "roster-lo")
	check(err)
	defer os.RemoveAll(tmp)
	// CSV filter options: comma, double quote, UTF-8 (76), from line 1,
	// no column formats, en-US, quoted fields as text, detect dates.
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+tmp+"/profile",
		"--infilter=CSV:44,34,76,1,,1033,true,true", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
		"--outdir", tmp, "libreoffice_source.csv")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	check(cmd.Run())
	data, err := os.ReadFile(filepath.Join(tmp, "libreoffice_source.xlsx"))
	check(err)
	check(os.WriteFile("libreoffice.xlsx", data, 0o644))
}
