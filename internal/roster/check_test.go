package roster

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"zhibu"
)

func testGroups() map[string]int64 {
	return map[string]int64{"第一党小组": 11, "第二党小组": 12}
}

// TestCheckBroken lists every problem of broken.xlsx, those Parse finds and
// those Check adds, in row order.
func TestCheckBroken(t *testing.T) {
	s := mustParse(t, "broken.xlsx")
	var calls [][]string
	existing := func(ids []string) (map[string]bool, error) {
		calls = append(calls, ids)
		return map[string]bool{"110101198503122135": true}, nil
	}
	err := s.Check(testGroups(), existing)
	var ps zhibu.Problems
	if !errors.As(err, &ps) || !errors.Is(err, zhibu.ErrInvalid) {
		t.Fatalf("Check = %v, want zhibu.Problems", err)
	}
	want := []problem{
		{4, "id_number", "第4行 身份证号：校验位不正确"},
		{5, "id_number", "第5行 身份证号：110101198503121239与第3行重复"},
		{6, "group_name", "第6行 党小组：本支部没有名为“第九党小组”的党小组"},
		{7, "admitted_on", "第7行 入党日期：“2018-02-30”不是有效日期"},
		{8, "admitted_on", "第8行 入党日期：不能早于确定发展对象日期（2011-05-01）"},
		{10, "name", "第10行 姓名：不能为空"},
		{11, "status", "第11行 政治面貌：“民主党派”不是有效的政治面貌，应为群众、入党申请人、入党积极分子、发展对象、预备党员、正式党员之一"},
		{12, "id_number", "第12行 身份证号被Excel存为数字，已丢失精度，请将该列设为文本格式"},
		{13, "gender", "第13行 性别：应为“男”或“女”"},
		{13, "phone", "第13行 手机号：应为11位手机号码（1开头）或带区号的固定电话"},
		{13, "officer", "第13行 是否民警：“不详”应为“是”或“否”"},
		{13, "education", "第13行 学历：应为博士研究生、硕士研究生、大学本科、大学专科、中等专科、高中、初中及以下之一"},
		{14, "id_number", "第14行 身份证号：110101198503122135已在系统中登记，不能重复导入"},
	}
	if diff := cmp.Diff(want, problems(ps)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, problems(s.Problems)); diff != "" {
		t.Errorf("Sheet.Problems (-want +got):\n%s", diff)
	}
	// Every ID number once, in file order; row 12's was lost.
	wantIDs := [][]string{{
		"110101198503121239", "110101198503121330", "110101198503121431", "110101199001011536", "110101198503121634",
		"110101198503121730", "110101198503121837", "110101198503121933", "110101198503122135",
	}}
	if diff := cmp.Diff(wantIDs, calls); diff != "" {
		t.Errorf("existing called with (-want +got):\n%s", diff)
	}
	if g := s.Rows[0].Person.GroupID; g != 11 {
		t.Errorf("row 3 GroupID %d, want 11", g)
	}
}

func TestCheckGood(t *testing.T) {
	s := mustParse(t, "good.xlsx")
	if err := s.Check(testGroups(), nil); err != nil {
		t.Fatalf("Check: %v", err)
	}
	var got []int64
	for _, r := range s.Rows {
		got = append(got, r.Person.GroupID)
	}
	if diff := cmp.Diff([]int64{11, 12, 11, 0, 0}, got); diff != "" {
		t.Errorf("GroupIDs (-want +got):\n%s", diff)
	}
}

func TestCheckStoreError(t *testing.T) {
	s := mustParse(t, "good.xlsx")
	boom := errors.New("database is down")
	err := s.Check(testGroups(), func([]string) (map[string]bool, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Errorf("Check = %v, want the store's error", err)
	}
}
