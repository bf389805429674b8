package password

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"strings"
	"time"
	"unicode"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
	"golang.org/x/text/unicode/norm"
)

// TOTP settings: what authenticator apps on phones support.
const (
	totpPeriod     = 30 // seconds
	totpSecretSize = 20 // bytes (160 bits, RFC 4226's recommendation for SHA-1)
	totpSkew       = 1  // steps accepted either side of now
)

var totpOpts = hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTP makes a new TOTP secret for account at issuer: 20 random bytes in
// base32 (no padding), for 6-digit codes every 30 s with HMAC-SHA1. The
// caller stores secret (encrypted) once the person has entered a first code,
// and shows otpauthURL as a QR code (TOTPQRCodePNG) and the secret as text.
// issuer and account must not be empty nor contain ':'.
func NewTOTP(issuer, account string) (secret, otpauthURL string, err error) {
	if strings.Contains(issuer, ":") || strings.Contains(account, ":") {
		return "", "", errors.New("password: totp: issuer and account must not contain ':'")
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  totpSecretSize,
		Digits:      totpOpts.Digits,
		Algorithm:   totpOpts.Algorithm,
	})
	if err != nil {
		return "", "", fmt.Errorf("password: totp: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// ValidateTOTP reports whether code is the code for secret at now, or one
// step (30 s) before or after it. Spaces in code are ignored and full-width
// digits read as ASCII ones. A code is valid for 90 s, so a caller that must
// refuse a replayed code uses TOTPStep instead.
func ValidateTOTP(secret, code string, now time.Time) bool {
	_, ok := TOTPStep(secret, code, now)
	return ok
}

// TOTPStep is ValidateTOTP that also returns the time step (Unix time / 30)
// that code matched. To refuse replays, the caller stores the step of the
// last code it accepted for the account and refuses a code whose step is
// not greater: a code then works once, and no earlier code works after it.
func TOTPStep(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, norm.NFKC.String(code))
	if strings.TrimSpace(secret) == "" || len(code) != totpOpts.Digits.Length() {
		return 0, false
	}
	cur := floorDiv(now.Unix(), totpPeriod)
	// Every candidate step is computed, whichever matches, so the time
	// taken does not say which one did.
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		s := cur + d
		if s < 0 {
			continue
		}
		match, err := hotp.ValidateCustom(code, uint64(s), secret, totpOpts)
		if err != nil {
			return 0, false // secret is not base32
		}
		if match && !ok {
			step, ok = s, true
		}
	}
	return step, ok
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// TOTPQRCodePNG returns a size×size grey PNG of the QR code of otpauthURL,
// with a white margin, for an enrollment page. size must leave room for the
// code's modules (about 50 for a typical URL); 200 to 300 scans well from a
// screen.
func TOTPQRCodePNG(otpauthURL string, size int) ([]byte, error) {
	if size < 1 || size > 4096 {
		return nil, fmt.Errorf("password: totp qr code: size %d out of range", size)
	}
	key, err := otp.NewKeyFromURL(otpauthURL)
	if err != nil {
		return nil, fmt.Errorf("password: totp qr code: %w", err)
	}
	// A white margin (the "quiet zone" scanners look for) of a tenth of
	// the size on every side, so the page need not add one.
	margin := size / 10
	code, err := key.Image(size-2*margin, size-2*margin)
	if err != nil {
		return nil, fmt.Errorf("password: totp qr code: %w", err)
	}
	img := image.NewGray(image.Rect(0, 0, size, size))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(img, code.Bounds().Add(image.Pt(margin, margin)), code, code.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("password: totp qr code: %w", err)
	}
	return buf.Bytes(), nil
}
