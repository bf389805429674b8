package register

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"zhibu"
)

func TestCheckGood(t *testing.T) {
	s := mustParse(t, "good.xlsx")
	res := &branch{}
	if err := s.Check(res); err != nil {
		t.Fatal(err)
	}
	type ids struct {
		Org, Chair, Recorder, Lecturer int64
		Present, Excused               []int64
	}
	var got []ids
	for _, r := range s.Rows {
		m := r.Meeting
		x := ids{Org: m.OrgID, Chair: m.ChairID, Recorder: m.RecorderID, Lecturer: m.LecturerID}
		for _, n := range r.Present {
			x.Present = append(x.Present, n.PersonID)
		}
		for _, n := range r.Excused {
			x.Excused = append(x.Excused, n.PersonID)
		}
		got = append(got, x)
	}
	want := []ids{
		{1, 11, 12, 0, []int64{11, 12, 13}, []int64{14}},
		{1, 11, 12, 0, []int64{11, 12, 14}, []int64{13}},
		{2, 11, 12, 0, []int64{11, 12}, nil},
		{3, 13, 14, 0, []int64{13, 14}, nil},
		{1, 11, 12, 11, []int64{11, 12, 13}, nil},
		{1, 11, 12, 0, []int64{11, 12}, nil},
		{1, 0, 0, 0, nil, nil},
		{1, 0, 0, 0, nil, nil},
		{1, 0, 0, 0, nil, nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	// Each org and each person of an org is asked once.
	if res.orgCalls != 3 || res.personCalls != 8 {
		t.Errorf("%d org and %d person questions, want 3 and 8", res.orgCalls, res.personCalls)
	}
}

// Parse and Check together list every problem of broken.xlsx, by sheet,
// row and column.
func TestCheckBroken(t *testing.T) {
	s := mustParse(t, "broken.xlsx")
	err := s.Check(&branch{})
	if err == nil {
		t.Fatal("Check found no problems")
	}
	want := []problem{
		{4, "date", "支委会 第4行 日期：不能为空"},
		{5, "date", "支委会 第5行 日期：“2024-02-30”不是有效日期"},
		{6, "time", "支委会 第6行 时间：“25:00”不是有效时间，应为00:00至23:59之间，如09:30"},
		{7, "excused", "支委会 第7行 请假：“李四”已列入出席名单"},
		{8, "cancel_reason", "支委会 第8行 取消原因：取消会议时不能为空"},
		{9, "org", "支委会 第9行 组织：本支部及其党小组中没有“五支部”"},
		{10, "chair", "支委会 第10行 主持人：“孙八”不是“一支部”的成员"},
		{11, "org", "支委会 第11行 组织：“第一党小组”是党小组，不能召开支委会"},
		{12, "date", "支委会 第12行 日期：与支委会 第3行重复（同一组织、会议类型和时间）"},
		{14, "time", "支委会 第14行 时间：“9:60”不是有效时间，应为00:00至23:59之间，如09:30"},
		{14, "present", "支委会 第14行 出席：“王五（迟到”应为姓名，或姓名后加括号注明原因，如张三（出差）"},
		{14, "absent", "支委会 第14行 缺席：“王五”填写了两次"},
		{14, "status", "支委会 第14行 状态：“开过了”应为已召开、已取消或计划"},
		{2, "type", "其他 第2行 会议类型：“支部会议”不是有效的会议类型，应为支委会、支部党员大会、党小组会、党课、主题党日、组织生活会、民主评议党员、发声亮剑、理论学习之一，或本支部及上级添加的会议类型"},
		{3, "type", "其他 第3行 会议类型：不能为空"},
		{4, "lecturer", "其他 第4行 授课人：党课须填写授课人"},
		{5, "org", "其他 第5行 组织：“一支部”是党支部，不能召开党小组会"},
		{6, "absent", "其他 第6行 缺席：“钱七”不是“一支部”的成员"},
		{7, "org", "其他 第7行 组织：不能为空"},
	}
	if diff := cmp.Diff(want, problems(s.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if got, want := zhibu.UserMessage(err), s.Problems.Error()[len("invalid: "):]; got != want {
		t.Errorf("user message %q, want %q", got, want)
	}
	for _, p := range s.Problems {
		if p.Label == "" || p.Row == 0 {
			t.Errorf("problem without label or row: %+v", p)
		}
	}
}
