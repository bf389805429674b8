package zhibu

import (
	"strings"
	"testing"
)

// FuzzParseDate: any text either fails or gives a valid date that reads
// back as itself from its ISO form.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2018-07-01", "2018/7/1", "2018.7.1", "2018年7月1日", "20180701", "2018-02-30", "2018-07-01T00:00:00Z", "", " ", "0000-00-00", "9999-12-31", "-1-1-1", "２０１８-07-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil || d.IsZero() {
			return
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, which reads back as %v, %v", s, d, back, err)
		}
	})
}

// FuzzParseMonth: any text either fails or gives a valid month that reads
// back as itself.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-03", "2026-3", "2026/3", "2026.3", "2026年3月", "202603", "2026-03-15", "2026年3月份", "2026-13", "", "0999-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil || m == (Month{}) {
			return
		}
		if !m.Valid() {
			t.Fatalf("ParseMonth(%q) = %v, not valid", s, m)
		}
		back, err := ParseMonth(m.String())
		if err != nil || back != m {
			t.Fatalf("ParseMonth(%q) = %v, which reads back as %v, %v", s, m, back, err)
		}
	})
}

// FuzzIDNumber: an ID number without a problem has a valid birth date, a
// gender and a check digit that IDCheckDigit agrees with; normalizing is
// idempotent; nothing panics.
func FuzzIDNumber(f *testing.F) {
	for _, s := range []string{"65010219800501001X", "650102198005010011", "65010219800501001x", "650102 19800501 0011", "650102198002300011", "", "x", "６５０１０２１９８００５０１００１X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeIDNumber(s)
		if NormalizeIDNumber(n) != n {
			t.Fatalf("NormalizeIDNumber is not idempotent on %q", s)
		}
		IDGender(s)
		IDBirthDate(s)
		if IDNumberProblem(s) != "" {
			return
		}
		if d, err := IDBirthDate(n); err != nil || d.IsZero() {
			t.Fatalf("%q has no problem but birth date %v, %v", s, d, err)
		}
		if IDGender(n) == "" {
			t.Fatalf("%q has no problem but no gender", s)
		}
		c, err := IDCheckDigit(n[:17])
		if err != nil || c != n[17] || strings.ContainsAny(n, " \tx") {
			t.Fatalf("%q has no problem but check digit %c, %v", s, c, err)
		}
	})
}
