package roster

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"zhibu"
)

// testToday is the day the fixtures are validated on.
func testToday() zhibu.Date { return zhibu.MakeDate(2025, 6, 30) }

// ignoreStored leaves out what only the store sets.
var ignoreStored = cmpopts.IgnoreFields(zhibu.Person{}, "ID", "OrgID", "GroupID", "OrgName")

func day(s string) zhibu.Date {
	d, err := zhibu.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// idNumber is a valid ID number of region 110101, as testdata/gen.go makes them.
func idNumber(birth, seq string) string {
	c, err := zhibu.IDCheckDigit("110101" + birth + seq)
	if err != nil {
		panic(err)
	}
	return "110101" + birth + seq + string(c)
}

// goodPeople are the people of testdata/good.xlsx, normalized.
func goodPeople() []zhibu.Person {
	return []zhibu.Person{
		{Name: "张三", Gender: zhibu.Male, Ethnicity: "汉族", BirthDate: day("1985-03-12"), IDNumber: "110101198503121239",
			Phone: "13800138001", Unit: "一大队", Officer: true, Education: "大学本科", Status: zhibu.FullMember,
			AppliedOn: day("2005-03-01"), ActivistOn: day("2005-09-01"), CandidateOn: day("2006-03-01"),
			AdmittedOn: day("2006-07-01"), ConfirmedOn: day("2007-07-01"), GroupName: "第一党小组"},
		{Name: "李四", Gender: zhibu.Female, Ethnicity: "回族", BirthDate: day("1992-11-30"), IDNumber: "110101199211301240",
			Unit: "二大队", Education: "硕士研究生", Status: zhibu.Probationary,
			AppliedOn: day("2020-04-01"), ActivistOn: day("2020-10-09"), CandidateOn: day("2023-03-15"),
			AdmittedOn: day("2024-07-01"), GroupName: "第二党小组"},
		{Name: "王五", Gender: zhibu.Male, Ethnicity: "汉族", BirthDate: day("1998-02-28"), IDNumber: "11010119980228135X",
			Phone: "13900139002", Unit: "一大队", Officer: true, Education: "大学专科", Status: zhibu.Candidate,
			AppliedOn: day("2022-03-01"), ActivistOn: day("2022-09-01"), CandidateOn: day("2024-09-01"), GroupName: "第一党小组"},
		{Name: "赵六", Gender: zhibu.Female, Ethnicity: "满族", BirthDate: day("2000-01-01"), IDNumber: "11010120000101146X",
			Phone: "13700137003", Unit: "三大队", Education: "大学本科", Status: zhibu.Activist,
			AppliedOn: day("2023-05-04"), ActivistOn: day("2023-11-20")},
		{Name: "孙七", Gender: zhibu.Male, Ethnicity: "汉族", BirthDate: day("1990-05-05"), IDNumber: "110101199005051578",
			Phone: "0991-1234567", Unit: "办公室", Education: "高中", Status: zhibu.Masses},
	}
}

func parseBytes(t *testing.T, data []byte, lim Limits) (*Sheet, error) {
	t.Helper()
	return Parse(bytes.NewReader(data), lim, testToday())
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// mustParse parses a fixture that Parse must accept.
func mustParse(t *testing.T, name string) *Sheet {
	t.Helper()
	s, err := parseBytes(t, readFixture(t, name), Limits{})
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return s
}

// refusal is the Chinese message of an error Parse must return for a file
// it refuses: a *zhibu.Error of kind ErrInvalid.
func refusal(t *testing.T, s *Sheet, err error) string {
	t.Helper()
	var e *zhibu.Error
	if !errors.As(err, &e) || !errors.Is(err, zhibu.ErrInvalid) {
		t.Fatalf("got sheet %v, error %v; want a *zhibu.Error of kind ErrInvalid", s != nil, err)
	}
	if s != nil {
		t.Error("a refused file also returned a sheet")
	}
	return e.Message
}

func people(s *Sheet) []zhibu.Person {
	out := make([]zhibu.Person, len(s.Rows))
	for i, r := range s.Rows {
		out[i] = r.Person
	}
	return out
}

func lines(s *Sheet) []int {
	out := make([]int, len(s.Rows))
	for i, r := range s.Rows {
		out[i] = r.Line
	}
	return out
}

// problem is a row problem as the tests spell it.
type problem struct {
	Row     int
	Field   string
	Message string
}

func problems(ps zhibu.Problems) []problem {
	out := []problem{}
	for _, p := range ps {
		out = append(out, problem{p.Row, p.Field, p.Message})
		if p.Label != Columns[colOfField(p.Field)] {
			panic("label " + p.Label + " does not match field " + p.Field)
		}
	}
	return out
}

// checkSheet compares a parsed sheet with the people and sheet rows it
// should hold, and wants no problems.
func checkSheet(t *testing.T, s *Sheet, want []zhibu.Person, wantLines []int) {
	t.Helper()
	if diff := cmp.Diff(want, people(s), ignoreStored); diff != "" {
		t.Errorf("people (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantLines, lines(s)); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if len(s.Problems) > 0 {
		t.Errorf("unexpected problems: %v", s.Problems)
	}
	for _, r := range s.Rows {
		if r.GroupName != r.Person.GroupName {
			t.Errorf("line %d: Row.GroupName %q, Person.GroupName %q", r.Line, r.GroupName, r.Person.GroupName)
		}
	}
}

func TestColumns(t *testing.T) {
	want := strings.Fields("姓名 性别 民族 出生日期 身份证号 手机号 单位 是否民警 学历 政治面貌 入党申请日期 确定积极分子日期 确定发展对象日期 入党日期 转正日期 党小组 转入本组织日期")
	if diff := cmp.Diff(want, Columns); diff != "" {
		t.Errorf("Columns (-want +got):\n%s", diff)
	}
	if numColumns != len(Columns) {
		t.Errorf("numColumns = %d, len(Columns) = %d", numColumns, len(Columns))
	}
	for col := range numColumns {
		if colOfField(fieldOf(col)) != col {
			t.Errorf("field %q of column %d is not unique", fieldOf(col), col)
		}
	}
}
