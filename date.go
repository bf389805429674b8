package zhibu

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date without a time or zone, as party records keep
// them (入党日期 2018年7月1日). The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// MakeDate builds a Date; it does not check that the day exists (see Valid).
func MakeDate(y int, m time.Month, d int) Date { return Date{y, m, d} }

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d names a day that exists.
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Time is the start of d in UTC.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String is the ISO form 2018-07-01, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Chinese is the form used in documents: 2018年7月1日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.compare(e) < 0 }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.compare(e) > 0 }

func (d Date) compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return d.Year - e.Year
	case d.Month != e.Month:
		return int(d.Month) - int(e.Month)
	}
	return d.Day - e.Day
}

// AddYears adds n years; 29 February plus one year is 28 February.
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

// AddMonths adds n months, clamping to the end of a shorter month: one month
// after 31 January is 28 (or 29) February, not 3 March.
func (d Date) AddMonths(n int) Date {
	total := d.Year*12 + int(d.Month) - 1 + n
	y, m := total/12, time.Month(total%12+1)
	day := min(d.Day, daysIn(y, m))
	return Date{y, m, day}
}

// AddDays adds n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// YearsSince is the number of whole years from d to on (an age, a party age).
func (d Date) YearsSince(on Date) int {
	n := on.Year - d.Year
	if on.Month < d.Month || (on.Month == d.Month && on.Day < d.Day) {
		n--
	}
	return n
}

// ParseDate reads the date forms found in registers and forms:
// 2018-07-01, 2018/7/1, 2018.7.1, 2018年7月1日, 20180701.
// An empty string gives the zero Date and no error.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	if len(s) == 8 && isDigits(s) {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	// A timestamp such as "2018-07-01 00:00:00" or "2018-07-01T00:00:00Z"
	// keeps only its date.
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	s = dateSeparators.Replace(strings.TrimSuffix(s, "日"))
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return Date{}, fmt.Errorf("bad date %q", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" || len(p) > 4 {
			return Date{}, fmt.Errorf("bad date %q", s)
		}
		n[i] = v
	}
	d := Date{n[0], time.Month(n[1]), n[2]}
	if n[0] < 1000 || !d.Valid() {
		return Date{}, fmt.Errorf("no such date %q", s)
	}
	return d, nil
}

var dateSeparators = strings.NewReplacer("年", "-", "月", "-", "/", "-", ".", "-")

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Value stores a Date as 2018-07-01 text (a SQL date on PostgreSQL), or NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a Date from NULL, a time.Time or date text.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(v)
	case string:
		p, err := ParseDate(v)
		if err != nil {
			return err
		}
		*d = p
	case []byte:
		return d.Scan(string(v))
	default:
		return fmt.Errorf("cannot scan %T into Date", src)
	}
	return nil
}

// MarshalText writes 2018-07-01 (empty for no date), for JSON and forms.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads any form ParseDate accepts.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
