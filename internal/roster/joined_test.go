package roster

import (
	"strings"
	"testing"

	"zhibu"
)

// The optional 转入本组织日期 column gives the day each person joined the
// branch; an empty cell or no column leaves it to the import (today).
func TestParseJoinedOn(t *testing.T) {
	data := strings.Join(Columns, ",") + "\n" +
		"孙七,男,汉族,1990-05-05,110101199005051578,0991-1234567,办公室,否,高中,群众,,,,,,,2015/3/1\n" +
		"赵六,女,满族,2000-01-01,11010120000101146X,13700137003,三大队,否,大学本科,入党积极分子,2023-05-04,2023-11-20,,,,,\n"
	s, err := parseBytes(t, []byte(data), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems) > 0 {
		t.Fatalf("problems: %v", s.Problems)
	}
	if got := s.Rows[0].Person.JoinedOn; got != zhibu.MakeDate(2015, 3, 1) {
		t.Errorf("row 1 joined on %v, want 2015-03-01", got)
	}
	if got := s.Rows[1].Person.JoinedOn; !got.IsZero() {
		t.Errorf("row 2 joined on %v, want none", got)
	}
}

func TestParseJoinedOnRefused(t *testing.T) {
	data := strings.Join(Columns, ",") + "\n" +
		"孙七,男,汉族,1990-05-05,110101199005051578,0991-1234567,办公室,否,高中,群众,,,,,,,2015-13-01\n" +
		"赵六,女,满族,2000-01-01,11010120000101146X,13700137003,三大队,否,大学本科,入党积极分子,2023-05-04,2023-11-20,,,,,1999-01-01\n" +
		"王五,男,汉族,1985-03-12,110101198503120011,,一大队,是,大学本科,群众,,,,,,,2099-01-01\n"
	s, err := parseBytes(t, []byte(data), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.Problems {
		if p.Field == "joined_on" {
			got = append(got, p.Message)
		}
	}
	want := []string{
		"第2行 转入本组织日期：“2015-13-01”不是有效日期",
		"第3行 转入本组织日期：不能早于出生日期",
		"第4行 转入本组织日期：不能晚于今天",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
