package zhibu

import "fmt"

// The weights and check characters of GB 11643-1999, the national ID number.
var (
	idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	idChecks  = "10X98765432"
)

// IDCheckDigit is the 18th character that the first 17 digits call for.
func IDCheckDigit(first17 string) (byte, error) {
	if len(first17) != 17 || !isDigits(first17) {
		return 0, fmt.Errorf("need 17 digits, got %q", first17)
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idChecks[sum%11], nil
}

// IDNumberProblem says, in Chinese, what is wrong with an 18-character ID
// number, or "" when it is well formed. A lower-case x is accepted; callers
// should store NormalizeIDNumber's form.
func IDNumberProblem(id string) string {
	id = NormalizeIDNumber(id)
	if len(id) != 18 {
		return fmt.Sprintf("应为18位，实为%d位", len([]rune(id)))
	}
	if !isDigits(id[:17]) {
		return "前17位应为数字"
	}
	if c := id[17]; !(c >= '0' && c <= '9') && c != 'X' {
		return "第18位应为数字或X"
	}
	if _, err := IDBirthDate(id); err != nil {
		return "出生日期部分不是有效日期"
	}
	want, _ := IDCheckDigit(id[:17])
	if id[17] != want {
		return "校验位不正确"
	}
	return ""
}

// NormalizeIDNumber trims spaces and upper-cases the check character.
func NormalizeIDNumber(id string) string {
	b := []byte(id)
	out := b[:0]
	for _, c := range b {
		switch {
		case c == ' ' || c == '\t':
			continue
		case c == 'x':
			c = 'X'
		}
		out = append(out, c)
	}
	return string(out)
}

// IDBirthDate is the birth date written in digits 7–14 of an ID number.
func IDBirthDate(id string) (Date, error) {
	if len(id) < 14 {
		return Date{}, fmt.Errorf("id too short")
	}
	return ParseDate(id[6:14])
}

// IDGender is the gender the 17th digit gives: odd male, even female.
func IDGender(id string) Gender {
	if len(id) < 17 || id[16] < '0' || id[16] > '9' {
		return ""
	}
	if (id[16]-'0')%2 == 1 {
		return Male
	}
	return Female
}

// MakeIDNumber builds a well-formed ID number from a 6-digit region code,
// a birth date and a 3-digit sequence (odd for men, even for women), with
// its check digit. Demo data and tests use it; real numbers come from users.
func MakeIDNumber(region string, birth Date, seq int) string {
	first := fmt.Sprintf("%s%04d%02d%02d%03d", region, birth.Year, birth.Month, birth.Day, seq%1000)
	c, err := IDCheckDigit(first)
	if err != nil {
		panic(err)
	}
	return first + string(c)
}
