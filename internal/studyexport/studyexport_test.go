package studyexport

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhibu"
)

// The registers open with the reading library: titles, headers, frozen
// panes, dates as dates, hours and the hidden content of a talk.
func TestRegisters(t *testing.T) {
	var buf bytes.Buffer
	err := WriteStudy(&buf, "第三党支部", 2025, zhibu.MakeDate(2025, 12, 31),
		[]Session{{HeldOn: zhibu.MakeDate(2025, 3, 6), Org: "第三党支部", Topic: "学习党章", Minutes: 150, Present: "王刚、李娜", Notes: "李娜"}},
		[]Member{{Name: "王刚", Group: "第一党小组", Leader: true, Sessions: 1, Minutes: 150, Required: 56}, {Name: "李娜", Minutes: 33 * 60, Self: 60, Required: 32, Notes: 1}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "集中学习" || got[1] != "学时统计" {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("集中学习")
	if err != nil || len(rows) != 3 || rows[0][0] != "第三党支部2025年理论学习登记簿（集中学习）" || rows[1][3] != "学习专题" {
		t.Fatalf("sessions: %q, %v", rows, err)
	}
	if rows[2][1] != "2025-03-06" || rows[2][5] != "2.5" || rows[2][7] != "2" {
		t.Errorf("session row %q", rows[2])
	}
	if v, _ := f.GetCellValue("集中学习", "B3", excelize.Options{RawCellValue: true}); v == "2025-03-06" {
		t.Errorf("the date is stored as text")
	}
	hours, _ := f.GetRows("学时统计")
	if len(hours) != 4 || hours[2][8] != "未达标" || hours[3][8] != "达标" || hours[2][3] != "是" || hours[3][6] != "33" {
		t.Errorf("hours: %q", hours)
	}
	if panes, err := f.GetPanes("学时统计"); err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes %+v, %v", panes, err)
	}

	buf.Reset()
	err = WriteTalks(&buf, "第三党支部", 2025, []zhibu.Talk{
		{HeldOn: zhibu.MakeDate(2025, 6, 3), AName: "王刚", BName: "李娜", Place: "办公室", Topics: "工作思想", FollowUp: "再谈"},
		{HeldOn: zhibu.MakeDate(2025, 6, 4), AName: "张伟", BName: "赵敏", Place: "值班室", Hidden: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if f, err = excelize.OpenReader(&buf); err != nil {
		t.Fatal(err)
	}
	talks, _ := f.GetRows("谈心谈话记录")
	if len(talks) != 4 || talks[2][5] != "工作思想" || talks[3][5] != "（内容仅谈话双方、书记和纪检委员可见）" || talks[2][2] != "王刚" {
		t.Errorf("talks: %q", talks)
	}
}
