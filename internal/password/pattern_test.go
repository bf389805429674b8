package password

import (
	"slices"
	"testing"
)

// TestGuessablePatterns: keyboard walks (and their shifted forms) and
// passwords of a few repeated characters passed both policies although a
// guesser tries them first; "1qaz@WSX" and "11111111Aa" are from the
// outside test.
func TestGuessablePatterns(t *testing.T) {
	for _, tt := range []struct {
		password string
		want     string // the message expected, "" for none of these, anyGuessable for one of them
	}{
		{"1qaz@WSX", msgWalk},
		{"!QAZ2wsx", msgWalk},
		{"1qaz2wsx3edc", anyGuessable},
		{"zaq1@WSX", msgWalk},
		{"Qwer1234!", anyGuessable},
		{"Asdf1234!", anyGuessable},
		{"1234qwerASDF", msgWalk},
		{"!@#$QWERasdf", msgWalk},
		{"Zxcvbnm,./1", anyGuessable},
		{"qazwsxedc", anyGuessable},
		{"1q2w3e4r5t", anyGuessable},
		{"11111111Aa", msgRepeat},
		{"aaaaAAAA1111", msgRepeat},
		{"Kqmz7#vtrw", ""},
		{"Zhibu-测试-2026", ""},
		{"Tr0ub4dor&3x", ""},
		{"Matrix-目标-2026", ""},
		{"Attack-测试-2026", ""},
		{"correct horse battery staple", ""},
		{"锦绣山河万里长城", ""},
		{"Passw0rd-for-zhibu", ""},
	} {
		for _, p := range []Policy{DengBao, ASVS} {
			got := messages(t, p.Check(tt.password, "someone", "某人"))
			if tt.want == "" {
				if slices.Contains(got, msgWalk) || slices.Contains(got, msgRepeat) {
					t.Errorf("%s.Check(%q) = %q: refused as a pattern", p.Name, tt.password, got)
				}
				continue
			}
			if tt.want == anyGuessable && (slices.Contains(got, msgCommon) || slices.Contains(got, msgWalk) || slices.Contains(got, msgRepeat)) {
				continue
			}
			if !slices.Contains(got, tt.want) {
				t.Errorf("%s.Check(%q) = %q, want %q among them", p.Name, tt.password, got, tt.want)
			}
		}
	}
}

const (
	msgWalk   = "密码：" + walkMessage
	msgRepeat = "密码：" + repeatMessage
)

// anyGuessable stands for any of msgCommon, msgWalk and msgRepeat.
const anyGuessable = "guessable"
