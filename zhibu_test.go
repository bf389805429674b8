package zhibu

import (
	"errors"
	"strings"
	"testing"
)

func TestIDNumber(t *testing.T) {
	good := MakeIDNumber("110101", MakeDate(1990, 3, 7), 123)
	tests := []struct {
		id   string
		want string // substring of the problem; "" for none
	}{
		{good, ""},
		{"11010519491231002X", ""}, // the standard's published example
		{"11010519491231002x", ""},
		{"110105194912310021", "校验位不正确"},
		{"11010519491231002", "应为18位"},
		{"1101051949123100A2", "前17位应为数字"},
		{"110105194902300027", "出生日期部分"},
	}
	for _, tc := range tests {
		got := IDNumberProblem(tc.id)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("IDNumberProblem(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
	if g := IDGender(good); g != Male {
		t.Errorf("gender of seq 123 = %q, want 男", g)
	}
	if b, _ := IDBirthDate(good); b != MakeDate(1990, 3, 7) {
		t.Errorf("birth date = %v", b)
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2018-07-01", "2018/7/1", "2018年7月1日", "2018.07.01", "20180701", "2018-07-01 00:00:00"} {
		d, err := ParseDate(s)
		if err != nil || d != MakeDate(2018, 7, 1) {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"2018-02-30", "2019-02-29", "18-7-1", "2018-13-01", "yesterday", "2018/7"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	if d, err := ParseDate("2020-02-29"); err != nil || d.AddYears(1) != MakeDate(2021, 2, 28) {
		t.Errorf("leap day plus a year = %v, %v", d.AddYears(1), err)
	}
	if d := MakeDate(2019, 1, 31).AddMonths(1); d != MakeDate(2019, 2, 28) {
		t.Errorf("31 Jan + 1 month = %v", d)
	}
}

func validPerson() Person {
	birth := MakeDate(1985, 6, 15)
	return Person{
		Name: "张伟", Gender: Male, Ethnicity: "汉族", BirthDate: birth,
		IDNumber: MakeIDNumber("650102", birth, 11), Phone: "13899001122", Officer: true,
		Education: "大学本科", Status: FullMember,
		AppliedOn: MakeDate(2008, 3, 1), ActivistOn: MakeDate(2008, 9, 1), CandidateOn: MakeDate(2009, 10, 1),
		AdmittedOn: MakeDate(2010, 7, 1), ConfirmedOn: MakeDate(2011, 7, 1),
	}
}

func TestPersonValidate(t *testing.T) {
	today := MakeDate(2026, 11, 27)
	if err := validPerson().Validate(today); err != nil {
		t.Fatalf("valid person refused: %v", err)
	}
	tests := []struct {
		name   string
		change func(*Person)
		fields []string
	}{
		{"missing name", func(p *Person) { p.Name = " " }, []string{"name"}},
		{"bad check digit", func(p *Person) { p.IDNumber = p.IDNumber[:17] + "0" }, []string{"id_number"}},
		{"id birth mismatch", func(p *Person) { p.BirthDate = MakeDate(1985, 6, 16) }, []string{"id_number"}},
		{"id gender mismatch", func(p *Person) { p.Gender = Female }, []string{"id_number"}},
		{"unknown status", func(p *Person) { p.Status = "boss" }, []string{"status"}},
		{"admitted before applied", func(p *Person) { p.AdmittedOn = MakeDate(2007, 1, 1) }, []string{"admitted_on"}},
		{"applied under 18", func(p *Person) { p.AppliedOn = MakeDate(2003, 6, 14) }, []string{"applied_on"}},
		{"confirmed in probation", func(p *Person) { p.ConfirmedOn = MakeDate(2011, 6, 30) }, []string{"confirmed_on"}},
		{"date for a stage not reached", func(p *Person) { p.Status = Activist }, []string{"candidate_on", "admitted_on", "confirmed_on"}},
		{"future date", func(p *Person) { p.Status = Probationary; p.ConfirmedOn = Date{}; p.AdmittedOn = MakeDate(2027, 1, 1) }, []string{"admitted_on"}},
		{"bad phone", func(p *Person) { p.Phone = "12345" }, []string{"phone"}},
		{"bad ethnicity", func(p *Person) { p.Ethnicity = "火星族" }, []string{"ethnicity"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := validPerson()
			tc.change(&p)
			err := p.Validate(today)
			var ps Problems
			if !errors.As(err, &ps) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want Problems", err)
			}
			var got []string
			for _, x := range ps {
				got = append(got, x.Field)
				if !strings.Contains(x.Message, x.Label) {
					t.Errorf("message %q does not name the field %q", x.Message, x.Label)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("fields = %v, want %v (%v)", got, tc.fields, ps)
			}
		})
	}
}

func TestScope(t *testing.T) {
	s := Scope{Paths: []string{"/1/5/"}}
	for path, want := range map[string]bool{"/1/5/": true, "/1/5/9/": true, "/1/50/": false, "/1/": false} {
		if s.Covers(path) != want {
			t.Errorf("Covers(%q) = %v", path, !want)
		}
	}
}
