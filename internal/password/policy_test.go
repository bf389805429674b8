package password

import (
	"bufio"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"zhibu"
)

// messages returns the messages of the Problems in err, checking that every
// problem is about the password field.
func messages(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ps zhibu.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T) is not zhibu.Problems", err, err)
	}
	if !errors.Is(err, zhibu.ErrInvalid) {
		t.Errorf("error %v is not ErrInvalid", err)
	}
	var msgs []string
	for _, p := range ps {
		if p.Field != "password" || p.Label != "密码" {
			t.Errorf("problem %+v: want field password, label 密码", p)
		}
		msgs = append(msgs, p.Message)
	}
	return msgs
}

const (
	msgShort8    = "密码：长度不能少于8个字符（现为7个）"
	msgLogin     = "密码：不能与登录名相同，也不能包含登录名"
	msgName      = "密码：不能与姓名相同，也不能包含姓名"
	msgCommon    = "密码：过于常见，容易被猜中，请换一个"
	msgOld       = "密码：不能与原密码相同"
	msgClassesLD = "密码：须包含小写字母、大写字母、数字、符号中的至少3类，现在只有小写字母、数字"
)

type checkCase struct {
	name, password, login, name_ string
	want                         []string
}

func runChecks(t *testing.T, p Policy, tests []checkCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := messages(t, p.Check(tt.password, tt.login, tt.name_))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s.Check(%q, %q, %q) (-want +got):\n%s", p.Name, tt.password, tt.login, tt.name_, diff)
			}
		})
	}
}

func TestCheckDengBao(t *testing.T) {
	runChecks(t, DengBao, []checkCase{
		{"empty", "", "zhangsan", "张三", []string{"密码：不能为空"}},
		{"7 characters", "Kq7#vtr", "zhangsan", "张三", []string{msgShort8}},
		{"8 characters", "Kq7#vtrw", "zhangsan", "张三", nil},
		{"2 classes", "kqmzvtrw7", "zhangsan", "张三", []string{msgClassesLD}},
		{"1 class", "kqmzvtrwx", "zhangsan", "张三", []string{"密码：须包含小写字母、大写字母、数字、符号中的至少3类，现在只有小写字母"}},
		{"3 classes", "Kqmzvtrw7", "zhangsan", "张三", nil},
		{"space is a symbol", "kqmz vtrw7", "zhangsan", "张三", nil},
		{"Chinese counts as a symbol", "kqmz锦绣7w", "zhangsan", "张三", nil},
		{"full-width digits are digits", "Kqmzvtrw７", "zhangsan", "张三", nil},
		{"short and 2 classes", "kqmz7", "zhangsan", "张三", []string{
			"密码：长度不能少于8个字符（现为5个）",
			"密码：须包含小写字母、大写字母、数字、符号中的至少3类，现在只有小写字母、数字"}},
		{"128 characters", strings.Repeat("Kq7#", 32), "zhangsan", "张三", nil},
		{"129 characters", strings.Repeat("Kq7#", 32) + "x", "zhangsan", "张三", []string{"密码：长度不能超过128个字符（现为129个）"}},
		{"equals login", "Zhangsan.9", "zhangsan.9", "张三", []string{msgLogin}},
		{"contains login", "Zhangsan#2024", "zhangsan", "张三", []string{msgLogin}},
		{"contains name", "张三Kqmz#2024", "zhangsan", "张三", []string{msgName}},
		{"contains both", "Zhangsan张三#1", "zhangsan", "张三", []string{msgLogin, msgName}},
		{"short login not searched", "Kqmz#li2024", "li", "李", nil},
		{"short login equal", "Li", "li", "", []string{
			"密码：长度不能少于8个字符（现为2个）",
			"密码：须包含小写字母、大写字母、数字、符号中的至少3类，现在只有小写字母、大写字母",
			msgLogin}},
		{"common", "P@ssw0rd", "zhangsan", "张三", []string{msgCommon}},
		{"common with digit and symbol", "Password1!", "zhangsan", "张三", []string{msgCommon}},
		{"common pinyin", "Woaini1314!", "zhangsan", "张三", []string{msgCommon}},
		{"common qq", "Qq123456", "zhangsan", "张三", []string{msgCommon}},
		{"common and short", "Admin1!", "zhangsan", "张三", []string{msgShort8, msgCommon}},
	})
}

func TestCheckASVS(t *testing.T) {
	runChecks(t, ASVS, []checkCase{
		{"7 characters", "kqmzvtr", "zhangsan", "张三", []string{msgShort8}},
		{"8 characters, one class", "kqmzvtrw", "zhangsan", "张三", nil},
		{"64 characters", strings.Repeat("kqmzvtrw", 8), "zhangsan", "张三", nil},
		{"128 characters", strings.Repeat("kqmzvtrw", 16), "zhangsan", "张三", nil},
		{"129 characters", strings.Repeat("kqmzvtrw", 16) + "x", "zhangsan", "张三", []string{"密码：长度不能超过128个字符（现为129个）"}},
		{"8 Chinese characters (24 bytes)", "锦绣山河万里长城", "zhangsan", "张三", nil},
		{"7 Chinese characters (21 bytes)", "锦绣山河万里长", "zhangsan", "张三", []string{msgShort8}},
		{"128 Chinese characters", strings.Repeat("锦绣山河万里长城", 16), "zhangsan", "张三", nil},
		{"129 Chinese characters", strings.Repeat("锦绣山河万里长城", 16) + "锦", "zhangsan", "张三", []string{"密码：长度不能超过128个字符（现为129个）"}},
		{"spaces allowed", "correct horse battery staple", "zhangsan", "张三", nil},
		{"spaces count", "  ab  cd", "zhangsan", "张三", nil},
		{"emoji", "🐼🐯🦊🐨🐼🐯🦊🐨", "zhangsan", "张三", nil},
		{"all spaces", "        ", "zhangsan", "张三", []string{msgRepeat}},
		{"one emoji repeated", "🐼🐼🐼🐼🐼🐼🐼🐼", "zhangsan", "张三", []string{msgRepeat}},
		{"common", "password", "zhangsan", "张三", []string{msgCommon}},
		{"common upper case", "PASSWORD", "zhangsan", "张三", []string{msgCommon}},
		{"common with suffix", "password1!", "zhangsan", "张三", []string{msgCommon}},
		{"common digits", "12345678", "zhangsan", "张三", []string{msgCommon}},
		{"common full-width", "１２３４５６７８", "zhangsan", "张三", []string{msgCommon}},
		{"common 5201314", "5201314!", "zhangsan", "张三", []string{msgCommon}},
		{"contains login", "my zhangsan secret", "zhangsan", "张三", []string{msgLogin}},
		{"contains name", "我是张三我怕谁呀", "zhangsan", "张三", []string{msgName}},
		{"no login or name given", "kqmzvtrw", "", "", nil},
	})
}

func TestCheckOldPassword(t *testing.T) {
	const pw = "Kqmz7#vtrw"
	same, err := Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	other, err := Hash("Other7#pass")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		old  []string
		want []string
	}{
		{"none", nil, nil},
		{"empty old hash", []string{""}, nil},
		{"different", []string{other}, nil},
		{"same", []string{same}, []string{msgOld}},
		{"same as an earlier one", []string{other, same}, []string{"密码：不能与最近2次用过的密码相同"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := messages(t, DengBao.Check(pw, "zhangsan", "张三", tt.old...))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// Another problem and the old password are both reported.
	got := messages(t, ASVS.Check("Zhangsan#22", "zhangsan", "", mustHash(t, "Zhangsan#22")))
	if diff := cmp.Diff([]string{msgLogin, msgOld}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A broken old hash is an internal error, not a problem with the input.
	err = DengBao.Check(pw, "zhangsan", "张三", "$argon2id$broken")
	if err == nil || errors.Is(err, zhibu.ErrInvalid) || !errors.Is(err, ErrMalformedHash) {
		t.Errorf("broken old hash: err = %v; want ErrMalformedHash, not ErrInvalid", err)
	}
}

func mustHash(t *testing.T, pw string) string {
	t.Helper()
	h, err := Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestIsCommon(t *testing.T) {
	tests := []struct {
		password string
		want     bool
	}{
		{"123456", true},
		{"password", true},
		{"Password", true},
		{"PASSWORD", true},
		{"password1", true},
		{"Password1!", true},
		{"password!!", true},
		{"password123!@#", true},
		{"woaini1314", true},
		{"WoAiNi520", true},
		{"5201314", true},
		{"1314520", true},
		{"qq123456", true},
		{"a123456", true},
		{"abc123456", true},
		{"abc123!!", true},
		{"88888888", true},
		{"147258369", true},
		{"11111111", true},
		{"000000", true},
		{"zhibu", true},
		{"Zhibu2024!", true},
		{"admin123", true},
		{"Admin@123", true},
		{"iloveyou", true},
		{"qwerty", true},
		{"１２３４５６", true},
		{"kqmzvtrw", false},
		{"Kqmz7#vtrw", false},
		{"correct horse battery staple", false},
		{"锦绣山河万里长城", false},
		{"abc!!!!!", false}, // stem "abc" is too short to look up
		{"1password", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsCommon(tt.password); got != tt.want {
			t.Errorf("IsCommon(%q) = %v, want %v", tt.password, got, tt.want)
		}
	}
}

func TestCommonList(t *testing.T) {
	if len(commonText) > 100*1024 {
		t.Errorf("common.txt is %d bytes, over 100 KiB", len(commonText))
	}
	seen := map[string]int{}
	n := 0
	sc := bufio.NewScanner(strings.NewReader(commonText))
	for line := 1; sc.Scan(); line++ {
		s := sc.Text()
		if strings.HasPrefix(s, "#") {
			continue
		}
		n++
		switch {
		case s == "":
			t.Errorf("line %d: empty", line)
		case s != strings.ToLower(s):
			t.Errorf("line %d: %q not lower case", line, s)
		case strings.IndexFunc(s, unicode.IsSpace) >= 0:
			t.Errorf("line %d: %q has white space", line, s)
		case seen[s] > 0:
			t.Errorf("line %d: %q repeats line %d", line, s, seen[s])
		}
		seen[s] = line
	}
	if n > 10000 || n < 9000 {
		t.Errorf("common.txt has %d entries, want 9,000 to 10,000", n)
	}
	if len(commonSet()) != n {
		t.Errorf("commonSet has %d entries, the file %d", len(commonSet()), n)
	}
	for _, s := range []string{"123456", "5201314", "1314520", "woaini", "qq123456", "a123456",
		"88888888", "abc123456", "password", "zhibu", "admin123", "147258369", "11111111", "000000"} {
		if seen[s] == 0 {
			t.Errorf("%q missing from common.txt", s)
		}
	}
	if !strings.Contains(commonText, "MIT") || !strings.Contains(commonText, "@zxcvbn-ts/language-common") {
		t.Error("common.txt does not name its source and licence")
	}
}

func TestExpired(t *testing.T) {
	changed := time.Date(2025, 3, 1, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	day := 24 * time.Hour
	tests := []struct {
		p     Policy
		after time.Duration
		zero  bool
		want  bool
	}{
		{DengBao, 0, false, false},
		{DengBao, 89*day + 23*time.Hour, false, false},
		{DengBao, 90*day - time.Nanosecond, false, false},
		{DengBao, 90 * day, false, true},
		{DengBao, 400 * day, false, true},
		{DengBao, 0, true, true},
		{ASVS, 10 * 365 * day, false, false},
		{ASVS, 0, true, false},
	}
	for _, tt := range tests {
		at := changed
		if tt.zero {
			at = time.Time{}
		}
		now := changed.Add(tt.after)
		if got := tt.p.Expired(at, now); got != tt.want {
			t.Errorf("%s.Expired(changed %v, now %v) = %v, want %v", tt.p.Name, at, now, got, tt.want)
		}
	}
}

func TestPolicyNamed(t *testing.T) {
	tests := []struct {
		name string
		want Policy
		ok   bool
	}{
		{"dengbao", DengBao, true},
		{" DengBao ", DengBao, true},
		{"等保", DengBao, true},
		{"asvs", ASVS, true},
		{"ASVS", ASVS, true},
		{"nist", Policy{}, false},
		{"", Policy{}, false},
	}
	for _, tt := range tests {
		got, ok := PolicyNamed(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("PolicyNamed(%q) = %+v, %v; want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
