package password

import (
	"bytes"
	"encoding/base32"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// rfcSecret is the SHA-1 seed of RFC 6238 appendix B, "12345678901234567890",
// in base32.
var rfcSecret = base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))

// rfcVectors are RFC 6238 appendix B's SHA-1 test vectors (8 digits).
var rfcVectors = []struct {
	unix int64
	code string
}{
	{59, "94287082"},
	{1111111109, "07081804"},
	{1111111111, "14050471"},
	{1234567890, "89005924"},
	{2000000000, "69279037"},
	{20000000000, "65353130"},
}

func TestTOTPRFC6238(t *testing.T) {
	for _, v := range rfcVectors {
		now := time.Unix(v.unix, 0).UTC()
		got, err := totp.GenerateCodeCustom(rfcSecret, now, totp.ValidateOpts{
			Period: 30, Digits: otp.DigitsEight, Algorithm: otp.AlgorithmSHA1,
		})
		if err != nil {
			t.Fatal(err)
		}
		if got != v.code {
			t.Errorf("8-digit code at %d = %s, want %s", v.unix, got, v.code)
		}
		// A 6-digit code is the same number modulo 10⁶: the vector's
		// last six digits.
		six := v.code[2:]
		step, ok := TOTPStep(rfcSecret, six, now)
		if !ok || step != v.unix/30 {
			t.Errorf("TOTPStep(%s at %d) = %d, %v; want %d, true", six, v.unix, step, ok, v.unix/30)
		}
		wrong := []byte(six)
		wrong[5] = '0' + (wrong[5]-'0'+1)%10
		if ValidateTOTP(rfcSecret, string(wrong), now) {
			t.Errorf("ValidateTOTP(%s at %d) = true for a wrong code", wrong, v.unix)
		}
	}
}

func TestTOTPSkew(t *testing.T) {
	const step = 37037037 // 1111111110 / 30
	mid := time.Unix(step*30+15, 0)
	code := "050471" // the code for this step (RFC vector at 1111111111)
	tests := []struct {
		offset time.Duration
		want   bool
	}{
		{0, true},
		{-14 * time.Second, true},
		{14 * time.Second, true},
		{30 * time.Second, true},  // now is one step later
		{-30 * time.Second, true}, // now is one step earlier
		{44 * time.Second, true},
		{-45 * time.Second, true},
		{46 * time.Second, false}, // two steps later
		{-46 * time.Second, false},
		{60 * time.Second, false},
		{-60 * time.Second, false},
		{10 * time.Minute, false},
	}
	for _, tt := range tests {
		s, ok := TOTPStep(rfcSecret, code, mid.Add(tt.offset))
		if ok != tt.want {
			t.Errorf("code of step %d at %+v: ok = %v, want %v", step, tt.offset, ok, tt.want)
		}
		if ok && s != step {
			t.Errorf("code of step %d at %+v: matched step %d", step, tt.offset, s)
		}
		if got := ValidateTOTP(rfcSecret, code, mid.Add(tt.offset)); got != tt.want {
			t.Errorf("ValidateTOTP at %+v = %v, want %v", tt.offset, got, tt.want)
		}
	}
}

func TestTOTPInput(t *testing.T) {
	now := time.Unix(1111111111, 0)
	tests := []struct {
		secret, code string
		want         bool
	}{
		{rfcSecret, "050471", true},
		{rfcSecret, "050 471", true},
		{rfcSecret, " 050471\n", true},
		{rfcSecret, "０５０４７１", true}, // full-width, from an input method
		{rfcSecret, "050\u3000471", true},
		{rfcSecret, "05047", false},
		{rfcSecret, "0504710", false},
		{rfcSecret, "14050471", false}, // the 8-digit code
		{rfcSecret, "", false},
		{rfcSecret, "abcdef", false},
		{rfcSecret, "050472", false},
		{"", "050471", false},
		{"not base32!", "050471", false},
	}
	for _, tt := range tests {
		if got := ValidateTOTP(tt.secret, tt.code, now); got != tt.want {
			t.Errorf("ValidateTOTP(%q, %q) = %v, want %v", tt.secret, tt.code, got, tt.want)
		}
	}
	// An empty secret is an HMAC key like any other to the library: the
	// code for it must still be refused.
	code, err := totp.GenerateCode("", now)
	if err != nil {
		t.Fatal(err)
	}
	if ValidateTOTP("", code, now) || ValidateTOTP("  ", code, now) {
		t.Error("a code for the empty secret was accepted")
	}
}

// The caller's replay guard: a code is accepted once; a code of an earlier
// or the same step is refused after it.
func TestTOTPReplay(t *testing.T) {
	secret, _, err := NewTOTP("支部工作台", "zhangsan")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Unix(1_800_000_000, 0)
	var last int64 // stored per account by the caller
	accept := func(code string, now time.Time) bool {
		s, ok := TOTPStep(secret, code, now)
		if !ok || s <= last {
			return false
		}
		last = s
		return true
	}
	code0, _ := totp.GenerateCode(secret, t0)
	code1, _ := totp.GenerateCode(secret, t0.Add(30*time.Second))
	if !accept(code0, t0) {
		t.Fatal("first use refused")
	}
	if accept(code0, t0.Add(5*time.Second)) {
		t.Error("the same code accepted twice")
	}
	if !accept(code1, t0.Add(30*time.Second)) {
		t.Error("next step's code refused")
	}
	if accept(code0, t0.Add(31*time.Second)) {
		t.Error("an earlier step's code accepted after a later one")
	}
}

func TestNewTOTP(t *testing.T) {
	secret, raw, err := NewTOTP("支部工作台", "zhangsan@example")
	if err != nil {
		t.Fatal(err)
	}
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil || len(key) != 20 {
		t.Errorf("secret %q: %d bytes, %v; want 20 bytes of base32", secret, len(key), err)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/支部工作台:zhangsan@example" {
		t.Errorf("URL %s: scheme %q host %q path %q", raw, u.Scheme, u.Host, u.Path)
	}
	q := u.Query()
	for k, want := range map[string]string{"secret": secret, "issuer": "支部工作台", "digits": "6", "period": "30", "algorithm": "SHA1"} {
		if q.Get(k) != want {
			t.Errorf("URL %s: %s = %q, want %q", raw, k, q.Get(k), want)
		}
	}
	now := time.Now()
	code, err := totp.GenerateCode(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	if !ValidateTOTP(secret, code, now) {
		t.Errorf("a code an app would show for the new secret is refused")
	}
	if s2, _, _ := NewTOTP("支部工作台", "zhangsan@example"); s2 == secret {
		t.Error("two new secrets are equal")
	}
	for _, bad := range [][2]string{{"", "zhangsan"}, {"zhibu", ""}, {"a:b", "zhangsan"}, {"zhibu", "a:b"}} {
		if _, _, err := NewTOTP(bad[0], bad[1]); err == nil {
			t.Errorf("NewTOTP(%q, %q): no error", bad[0], bad[1])
		}
	}
}

func TestTOTPQRCodePNG(t *testing.T) {
	_, raw, err := NewTOTP("支部工作台", "zhangsan")
	if err != nil {
		t.Fatal(err)
	}
	b, err := TOTPQRCodePNG(raw, 256)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if r := img.Bounds(); r.Dx() != 256 || r.Dy() != 256 {
		t.Errorf("image is %v, want 256×256", r)
	}
	var black, white int
	for y := 0; y < 256; y++ {
		for x := 0; x < 256; x++ {
			if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128 {
				black++
			} else {
				white++
			}
		}
	}
	if black < 256*256/5 || white < 256*256/5 {
		t.Errorf("%d black and %d white pixels: not a QR code", black, white)
	}
	for _, size := range []int{0, -1, 5000} {
		if _, err := TOTPQRCodePNG(raw, size); err == nil {
			t.Errorf("size %d: no error", size)
		}
	}
	if _, err := TOTPQRCodePNG(raw, 10); err == nil {
		t.Error("size 10, smaller than the QR code: no error")
	}
}

// TestTOTPQRCodeScans reads the PNG back with zbarimg (Debian zbar-tools),
// where it is installed.
func TestTOTPQRCodeScans(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil && os.Getenv("CI") != "" {
		t.Fatal("zbarimg is required in CI: .ci/run installs zbar-tools")
	}
	if err != nil {
		t.Skip("zbarimg not installed (apt-get install zbar-tools); QR content not checked")
	}
	_, raw, err := NewTOTP("支部工作台", "zhangsan")
	if err != nil {
		t.Fatal(err)
	}
	b, err := TOTPQRCodePNG(raw, 200)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(zbar, "--quiet", "--raw", file).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != raw {
		t.Errorf("QR code reads %q, want %q", got, raw)
	}
}
