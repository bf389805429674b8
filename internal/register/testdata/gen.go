//go:build ignore

// gen writes the register test fixtures into the current directory:
//
//	cd internal/register/testdata && go run gen.go
//
// The workbooks are written cell by cell with excelize's ordinary API
// (shared strings, date and time cells with number formats, merged title
// rows), the way a branch's own register looks, not with the package's
// exporter.
package main

import (
	"log"
	"os"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// dated is a date (or date and time) cell with a number format.
type dated struct {
	t   time.Time
	fmt string // "" for the built-in m/d/yy (14)
}

// clock is a time-of-day cell: a fraction of a day formatted hh:mm.
type clock struct{ h, m int }

type book struct {
	f      *excelize.File
	sheet  string
	styles map[string]int
	first  bool
}

func newBook() *book {
	return &book{f: excelize.NewFile(), styles: map[string]int{}, first: true}
}

// add starts a new sheet named name; the first replaces Sheet1.
func (b *book) add(name string) {
	if b.first {
		check(b.f.SetSheetName("Sheet1", name))
		b.first = false
	} else {
		_, err := b.f.NewSheet(name)
		check(err)
	}
	b.sheet = name
}

func (b *book) style(format string, builtin int) int {
	key := format + "|" + strconv.Itoa(builtin)
	if s, ok := b.styles[key]; ok {
		return s
	}
	st := &excelize.Style{NumFmt: builtin}
	if format != "" {
		st = &excelize.Style{CustomNumFmt: &format}
	}
	s, err := b.f.NewStyle(st)
	check(err)
	b.styles[key] = s
	return s
}

// row writes values into row r of the current sheet.
func (b *book) row(r int, values ...any) {
	for i, v := range values {
		cell, _ := excelize.CoordinatesToCellName(i+1, r)
		switch v := v.(type) {
		case nil:
		case dated:
			check(b.f.SetCellValue(b.sheet, cell, v.t))
			check(b.f.SetCellStyle(b.sheet, cell, cell, b.style(v.fmt, 14)))
		case clock:
			check(b.f.SetCellFloat(b.sheet, cell, float64(v.h*60+v.m)/(24*60), -1, 64))
			check(b.f.SetCellStyle(b.sheet, cell, cell, b.style("hh:mm", 0)))
		default:
			check(b.f.SetCellValue(b.sheet, cell, v))
		}
	}
}

// title writes a merged title over columns A to last of row 1.
func (b *book) title(text, last string) {
	b.row(1, text)
	check(b.f.MergeCell(b.sheet, "A1", last+"1"))
}

func (b *book) save(name string) {
	b.f.SetActiveSheet(0)
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

// day is a date cell yyyy-mm-dd.
func day(s string) dated {
	t, err := time.Parse("2006-01-02", s)
	check(err)
	return dated{t, "yyyy-mm-dd"}
}

func main() {
	good()
	dates()
	broken()
}

// good.xlsx: a branch's own register of 2024 in five sheets.
//   - 支委会: a title row, the header, two meetings with date cells, text
//     times, a reason for a leave, and an unknown column 备注.
//   - 党小组会: no title row, two groups' meetings, names separated by
//     spaces and commas.
//   - 党课: a lecture on 31 March at 23:30 with 授课人 and counts.
//   - 其他会议: a 会议类型 column: a themed day, a study session, a
//     cancelled life meeting with its reason, a planned assembly.
//   - 说明: notes without a header row (skipped); Sheet6: empty (ignored).
func good() {
	b := newBook()
	b.add("支委会")
	b.title("一大队党支部三会一课记录簿（2024年）", "K")
	b.row(2, "日期", "时间", "组织", "主题", "地点", "主持人", "记录人", "出席", "请假", "缺席", "备注")
	b.row(3, day("2024-01-08"), "09:00", "一大队党支部", "研究年度工作计划；讨论发展对象", "三楼会议室", "张三", "李四",
		"张三、李四、王五", "赵六（出差）", nil, "")
	b.row(4, day("2024-02-05"), "14:30", "一大队党支部", "专题学习", "三楼会议室", "张三", "李四",
		"张三、李四、赵六", "王五(病假)", nil, "补录")

	b.add("党小组会")
	b.row(1, "日期", "时间", "组织", "主题", "地点", "主持人", "记录人", "出席", "请假", "缺席")
	b.row(2, day("2024-01-15"), "16:00", "第一党小组", "学习党章", "值班室", "张三", "李四", "张三 李四", nil, nil)
	b.row(3, day("2024-01-16"), "16:00", "第二党小组", "学习党章", "二楼会议室", "王五", "赵六", "王五，赵六", nil, nil)

	b.add("党课")
	b.title("党课记录", "L")
	b.row(2, "序号", "日期", "时间", "组织", "主题", "地点", "主持人", "记录人", "授课人", "应到", "实到", "出席人员")
	b.row(3, 1, day("2024-03-31"), "23:30", "一大队党支部", "学习贯彻党的二十大精神", "大会议室", "张三", "李四", "张三",
		3, 3, "张三、李四、王五")

	b.add("其他会议")
	b.row(1, "会议类型", "日期", "时间", "组织", "主题", "地点", "主持人", "记录人", "出席", "状态", "取消原因")
	b.row(2, "主题党日", day("2024-04-01"), "08:30", "一大队党支部", "重温入党誓词", "党员活动室", "张三", "李四", "张三、李四", nil, nil)
	b.row(3, "学习", day("2024-04-10"), nil, "一大队党支部", "理论学习", nil, nil, nil, nil, "已召开", nil)
	b.row(4, "组织生活会", day("2024-05-20"), "15:00", "一大队党支部", "年度组织生活会", nil, nil, nil, nil, "已取消", "上级通知推迟")
	b.row(5, "支部大会", day("2024-06-28"), "09:00", "一大队党支部", "接收预备党员", nil, nil, nil, nil, "计划", nil)

	b.add("说明")
	b.row(1, "填表说明：日期填写会议召开日期，时间为24小时制。")
	b.add("Sheet6")
	b.save("good.xlsx")
}

// dates.xlsx: one 支委会 sheet whose meetings give their dates as date
// cells in three number formats (one with a time of day) and as text in
// the forms 2024-03-05, 2024/3/5, 2024年3月5日, 2024.3.5, 20240305 and
// 2024-03-05 23:30, and their times as text (9:30, 14：30, 9时30分), as a
// time cell, or not at all (09:00).
func dates() {
	b := newBook()
	b.add("支委会")
	b.row(1, "日期", "时间", "组织")
	at := func(s string) time.Time {
		t, err := time.Parse("2006-01-02 15:04", s)
		check(err)
		return t
	}
	b.row(2, day("2024-03-01"), "9:30", "一大队党支部")
	b.row(3, dated{at("2024-03-02 00:00"), ""}, clock{14, 0}, "一大队党支部")
	b.row(4, dated{at("2024-03-03 14:30"), "yyyy/m/d h:mm"}, nil, "一大队党支部")
	b.row(5, "2024-03-04", "14：30", "一大队党支部")
	b.row(6, "2024/3/5", "9时30分", "一大队党支部")
	b.row(7, "2024年3月6日", nil, "一大队党支部")
	b.row(8, "2024.3.7", "08:00:00", "一大队党支部")
	b.row(9, "20240308", "10:00", "一大队党支部")
	b.row(10, "2024-03-31 23:30", nil, "一大队党支部")
	b.save("dates.xlsx")
}

// broken.xlsx: below a good row 3 of 支委会, one problem a row (a blank
// row 13 between), then a row 14 with several; the sheet 其他 has a
// 会议类型 column and the problems of types and lectures. Parse finds the
// problems of single rows; Check adds those that need the branch.
func broken() {
	b := newBook()
	b.add("支委会")
	b.title("三会一课记录簿", "K")
	b.row(2, "日期", "时间", "组织", "主题", "主持人", "记录人", "出席", "请假", "缺席", "状态", "取消原因")
	org := "一支部"
	b.row(3, day("2024-01-10"), "09:00", org, "年度计划", "张三", "李四", "张三、李四、王五")
	b.row(4, nil, "09:00", org, "没有日期", "张三")
	b.row(5, "2024-02-30", "09:00", org, "没有这一天", "张三")
	b.row(6, day("2024-03-01"), "25:00", org, "没有这个时间", "张三")
	b.row(7, day("2024-03-02"), "09:00", org, "两处名单", "张三", "李四", "张三、李四", "李四（病假）")
	b.row(8, day("2024-03-03"), "09:00", org, "取消", "张三", nil, nil, nil, nil, "已取消")
	b.row(9, day("2024-03-04"), "09:00", "五支部", "没有这个组织", "张三")
	b.row(10, day("2024-03-05"), "09:00", org, "不是成员", "孙八")
	b.row(11, day("2024-03-06"), "09:00", "第一党小组", "小组开支委会", "张三")
	b.row(12, day("2024-01-10"), "09:00", org, "与第3行重复", "张三")
	b.row(14, day("2024-03-08"), "9:60", org, "多处问题", "张三", nil, "王五（迟到", nil, "王五、王五", "开过了")

	b.add("其他")
	b.row(1, "会议类型", "日期", "时间", "组织", "主题", "授课人", "出席", "缺席")
	b.row(2, "支部会议", day("2024-04-01"), "09:00", org, "不认识的类型")
	b.row(3, nil, day("2024-04-02"), "09:00", org, "没有类型")
	b.row(4, "党课", day("2024-04-03"), "09:00", org, "没有授课人")
	b.row(5, "党小组会", day("2024-04-04"), "09:00", org, "支部开小组会")
	b.row(6, "党课", day("2024-04-05"), "09:00", org, "缺席者不是成员", "张三", "张三、李四", "钱七")
	b.row(7, "主题党日", day("2024-04-06"), "09:00", nil, "没有组织")
	b.save("broken.xlsx")
}
