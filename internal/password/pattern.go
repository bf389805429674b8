package password

import (
	"strings"
	"unicode/utf8"
)

// Messages of the pattern checks (after "密码：").
const (
	walkMessage   = "不能是键盘上相邻按键连成的序列（如 1qaz@WSX、asdf1234）"
	repeatMessage = "不能由少数几个字符重复组成（如 11111111Aa）"
)

// keyRows is the US keyboard Chinese users type passwords on, unshifted,
// and the offset of each row in key widths.
var keyRows = [...]struct {
	keys   string
	offset float64
}{{"`1234567890-=", 0}, {"qwertyuiop[]\\", 1.5}, {"asdfghjkl;'", 1.75}, {"zxcvbnm,./", 2.25}}

// shifted maps a shifted symbol to its key.
var shifted = strings.NewReplacer("~", "`", "!", "1", "@", "2", "#", "3", "$", "4", "%", "5", "^", "6", "&", "7",
	"*", "8", "(", "9", ")", "0", "_", "-", "+", "=", "{", "[", "}", "]", "|", "\\", ":", ";", "\"", "'",
	"<", ",", ">", ".", "?", "/")

type keyPos struct {
	row int
	x   float64
}

var keyAt = func() map[rune]keyPos {
	m := map[rune]keyPos{}
	for row, r := range keyRows {
		for i, k := range r.keys {
			m[k] = keyPos{row, r.offset + float64(i)}
		}
	}
	return m
}()

// neighbours reports whether a and b are the same key or keys that touch.
func neighbours(a, b rune) bool {
	p, ok1 := keyAt[a]
	q, ok2 := keyAt[b]
	if !ok1 || !ok2 {
		return false
	}
	dy, dx := p.row-q.row, p.x-q.x
	if dx < 0 {
		dx = -dx
	}
	switch dy {
	case 0:
		return dx <= 1
	case 1, -1:
		return dx <= 1
	}
	return false
}

// isKeyboardWalk reports whether lower (a normalized, lower-cased password)
// is typed mostly by moving to a neighbouring key: shifted symbols count as
// their keys, so "1qaz@wsx" is "1qaz2wsx", two walks of four keys. It is
// one when at most a quarter of the steps jump.
func isKeyboardWalk(lower string) bool {
	keys := []rune(shifted.Replace(lower))
	if len(keys) < 4 {
		return false
	}
	jumps := 0
	for i := 1; i < len(keys); i++ {
		if !neighbours(keys[i-1], keys[i]) {
			jumps++
		}
	}
	return jumps*4 <= len(keys)-1
}

// isRepetitive reports whether pw, of four characters or more, is made of
// at most three distinct characters ("11111111Aa", "        ").
func isRepetitive(pw string) bool {
	distinct := map[rune]bool{}
	for _, r := range pw {
		distinct[r] = true
	}
	return utf8.RuneCountInString(pw) >= 4 && len(distinct) <= 3
}
