package password

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"zhibu"
)

// Policy is what a new password must satisfy and how long it lasts.
type Policy struct {
	Name      string
	MinLength int // in characters (runes after NFKC); 0 = no minimum
	MaxLength int // in characters; 0 = no maximum (Hash still refuses 4 KiB)
	// ClassesRequired is how many of the four classes (lower-case letters,
	// upper-case letters, digits, symbols) a password must mix; 0 = no
	// composition rule. Characters that are none of the first three, Chinese
	// characters and spaces included, count as symbols.
	ClassesRequired int
	MaxAgeDays      int // 0 = never expires
}

// The shipped profiles.
var (
	// DengBao is the profile a 网络安全等级保护 level 3 assessment expects:
	// at least 8 characters of 3 classes, changed every 90 days.
	DengBao = Policy{Name: "dengbao", MinLength: 8, MaxLength: 128, ClassesRequired: 3, MaxAgeDays: 90}
	// ASVS follows OWASP ASVS level 2 (and NIST SP 800-63B): at least 8
	// characters (12 or more recommended), up to at least 64, any Unicode
	// including spaces, no composition rules, no forced rotation.
	ASVS = Policy{Name: "asvs", MinLength: 8, MaxLength: 128, ClassesRequired: 0, MaxAgeDays: 0}
)

// PolicyNamed returns the shipped profile with the given name ("dengbao" or
// "asvs", case-insensitive; "等保" also names DengBao).
func PolicyNamed(name string) (Policy, bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case DengBao.Name, "等保":
		return DengBao, true
	case ASVS.Name:
		return ASVS, true
	}
	return Policy{}, false
}

const (
	field = "password"
	label = "密码"
)

// classNames are the character classes in the order messages list them.
var classNames = [4]string{"小写字母", "大写字母", "数字", "符号"}

func classOf(r rune) int {
	switch {
	case unicode.IsLower(r):
		return 0
	case unicode.IsUpper(r):
		return 1
	case unicode.IsDigit(r):
		return 2
	}
	return 3
}

// Check returns every problem with password as a new password for the
// account with the given login name and the person's name, as zhibu.Problems
// (field "password", label "密码", messages in Chinese), or nil:
//   - shorter than MinLength or longer than MaxLength characters;
//   - fewer than ClassesRequired character classes;
//   - equal to or containing the login name or the person's name (ignoring
//     case; a name or login of one character, or of two Latin letters, is
//     only compared for equality);
//   - in the list of common passwords, also once trailing digits and symbols
//     are taken off ("Password1!" is "password");
//   - a keyboard walk, shifted or not ("1qaz@WSX"), or a few characters
//     repeated ("11111111Aa");
//   - matching any of oldHashes, the account's current hash and, if the
//     caller keeps them, earlier ones. Each costs one Verify.
//
// An error other than Problems means an old hash could not be read.
func (p Policy) Check(password, login, name string, oldHashes ...string) error {
	var ps zhibu.Problems
	pw := norm.NFKC.String(password)
	n := utf8.RuneCountInString(pw)
	if n == 0 {
		ps.Add(field, label, "不能为空")
		return ps
	}
	if n < p.MinLength {
		ps.Add(field, label, fmt.Sprintf("长度不能少于%d个字符（现为%d个）", p.MinLength, n))
	}
	tooLong := p.MaxLength > 0 && n > p.MaxLength || len(pw) > maxBytes
	if tooLong {
		if p.MaxLength > 0 && n > p.MaxLength {
			ps.Add(field, label, fmt.Sprintf("长度不能超过%d个字符（现为%d个）", p.MaxLength, n))
		} else {
			ps.Add(field, label, fmt.Sprintf("长度不能超过%d字节", maxBytes))
		}
	}
	if p.ClassesRequired > 0 {
		var has [4]bool
		for _, r := range pw {
			has[classOf(r)] = true
		}
		var present []string
		for i, ok := range has {
			if ok {
				present = append(present, classNames[i])
			}
		}
		if len(present) < p.ClassesRequired {
			ps.Add(field, label, fmt.Sprintf("须包含%s中的至少%d类，现在只有%s",
				strings.Join(classNames[:], "、"), p.ClassesRequired, strings.Join(present, "、")))
		}
	}
	lower := strings.ToLower(pw)
	if contains(lower, login) {
		ps.Add(field, label, "不能与登录名相同，也不能包含登录名")
	}
	if contains(lower, name) {
		ps.Add(field, label, "不能与姓名相同，也不能包含姓名")
	}
	switch { // one reason a guesser tries it first is enough
	case isCommon(lower):
		ps.Add(field, label, "过于常见，容易被猜中，请换一个")
	case isRepetitive(pw):
		ps.Add(field, label, repeatMessage)
	case isKeyboardWalk(lower):
		ps.Add(field, label, walkMessage)
	}
	if !tooLong {
		for i, old := range oldHashes {
			if old == "" {
				continue
			}
			same, err := Verify(old, password)
			if err != nil {
				return fmt.Errorf("password: check against old hash %d: %w", i, err)
			}
			if same {
				if len(oldHashes) == 1 {
					ps.Add(field, label, "不能与原密码相同")
				} else {
					ps.Add(field, label, fmt.Sprintf("不能与最近%d次用过的密码相同", len(oldHashes)))
				}
				break
			}
		}
	}
	return ps.Err()
}

// contains reports whether lower (a normalized, lower-cased password)
// equals or contains s, a login or a name. Containment is only tested for
// an s long enough not to be found by chance: 3 characters, or 2 that
// include a Chinese character (most Chinese names have two or three).
func contains(lower, s string) bool {
	s = strings.ToLower(norm.NFKC.String(strings.TrimSpace(s)))
	if s == "" {
		return false
	}
	if lower == s {
		return true
	}
	n := utf8.RuneCountInString(s)
	han := strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
	if n >= 3 || n == 2 && han {
		return strings.Contains(lower, s)
	}
	return false
}

// Expired reports whether a password changed at changedAt must be changed at
// now: MaxAgeDays×24 hours or more have passed. A zero changedAt means the
// password was set by someone else (an administrator's reset, an import) and
// counts as expired under any policy with a maximum age.
func (p Policy) Expired(changedAt, now time.Time) bool {
	if p.MaxAgeDays <= 0 {
		return false
	}
	if changedAt.IsZero() {
		return true
	}
	return !now.Before(changedAt.Add(time.Duration(p.MaxAgeDays) * 24 * time.Hour))
}
