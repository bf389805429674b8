package zhibu

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Account is a login. It belongs to a person, whose positions give it its
// rights, and may have roles of its own (the administrators, the political
// department).
type Account struct {
	ID          int64         `json:"id"`
	Login       string        `json:"login"`
	PersonID    int64         `json:"person_id,omitempty"`
	Name        string        `json:"name"` // the person's name, or a display name for an administrator
	Roles       []AccountRole `json:"roles"`
	Disabled    bool          `json:"disabled"`
	TOTP        bool          `json:"totp"` // a second factor is set up
	Demo        bool          `json:"demo"` // made by the demo; logs in with one click in demo mode only
	LockedUntil time.Time     `json:"locked_until,omitzero"`
	PasswordAt  time.Time     `json:"password_changed_at,omitzero"`
}

// ValidateLogin says what is wrong with a login name, if anything: 2 to 32
// letters, digits, Chinese characters, '.', '_' or '-'.
func ValidateLogin(login string) error {
	var ps Problems
	n := utf8.RuneCountInString(login)
	switch {
	case n < 2 || n > 32:
		ps.Add("login", "用户名", "应为2至32个字符")
	case strings.IndexFunc(login, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-')
	}) >= 0:
		ps.Add("login", "用户名", "只能包含字母、数字、汉字和 . _ -")
	}
	return ps.Err()
}
