package password

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// commonText is the list of common passwords; see the comment at its top
// for its source and licence.
//
//go:embed common.txt
var commonText string

// commonSet is commonText as a set, built on first use.
var commonSet = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{}, 10000)
	for line := range strings.Lines(commonText) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		m[line] = struct{}{}
	}
	return m
})

// minBase is the shortest stem, once trailing digits and symbols are taken
// off, that is looked up in the list: shorter stems ("abc", "qq") would
// refuse too much.
const minBase = 4

// IsCommon reports whether password, ignoring case, is in the list of common
// passwords, either as it is or once its trailing symbols, or its trailing
// digits and symbols, are taken off ("Password1!" → "password1", "password").
func IsCommon(password string) bool {
	return isCommon(strings.ToLower(norm.NFKC.String(password)))
}

// isCommon is IsCommon for a password already normalized and lower-cased.
func isCommon(lower string) bool {
	set := commonSet()
	if _, ok := set[lower]; ok {
		return true
	}
	symbol := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	for _, base := range []string{strings.TrimRightFunc(lower, symbol), strings.TrimRightFunc(lower, notLetter)} {
		if base == lower || utf8.RuneCountInString(base) < minBase {
			continue
		}
		if _, ok := set[base]; ok {
			return true
		}
	}
	return false
}
