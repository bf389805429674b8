// Package password hashes and checks passwords and one-time codes. It is pure:
// no database, no HTTP, no clock of its own.
//
//   - Hash, Verify, NeedsRehash and DummyVerify: argon2id in PHC string form
//     ($argon2id$v=19$m=19456,t=2,p=1$salt$hash).
//   - Policy, DengBao, ASVS: what a new password must satisfy, with messages
//     in Chinese, and when an old one expires.
//   - NewTOTP, ValidateTOTP, TOTPStep, TOTPQRCodePNG: the second factor
//     (RFC 6238, as phone authenticator apps implement it).
//
// Passwords are normalized to Unicode NFKC before they are hashed, verified
// or checked, so that the full-width characters a Chinese input method types
// (１２３ａｂｃ, the ideographic space) match their ASCII forms.
//
// The list of common passwords in common.txt comes from the npm package
// @zxcvbn-ts/language-common 4.1.3 (MIT licence, reproduced at the top of the
// file) plus weak passwords common in China.
package password

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// ErrMalformedHash is returned (wrapped) by Verify for a stored hash that is
// not an argon2id PHC string this package can check.
var ErrMalformedHash = errors.New("password: malformed hash")

// maxBytes bounds the password Hash accepts and Verify considers, after
// normalization; the policies stop far below it.
const maxBytes = 4096

// params are argon2id's cost parameters and sizes.
type params struct {
	memory  uint32 // KiB
	time    uint32 // passes
	threads uint8
	saltLen int // bytes
	keyLen  int // bytes
}

// current are the parameters new hashes get: OWASP's argon2id minimum
// (19 MiB, 2 passes, 1 lane), about 20 ms on this project's 2-core machines.
// Raise them here; NeedsRehash then reports older hashes, and the caller
// rehashes at the next successful login.
var current = params{memory: 19 * 1024, time: 2, threads: 1, saltLen: 16, keyLen: 32}

// Limits on the parameters Verify accepts from a stored string, so that an
// edited row cannot make a login take minutes or gigabytes.
const (
	maxMemory  = 1 << 20 // KiB: 1 GiB
	maxTime    = 64
	maxThreads = 64
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
)

var b64 = base64.RawStdEncoding.Strict()

// Hash returns the argon2id hash of password in PHC string form, with a new
// random salt and the current parameters.
func Hash(password string) (string, error) {
	pw := norm.NFKC.String(password)
	if len(pw) > maxBytes {
		return "", fmt.Errorf("password: hash: longer than %d bytes", maxBytes)
	}
	salt := make([]byte, current.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: hash: salt: %w", err)
	}
	return encode(current, salt, derive(current, []byte(pw), salt)), nil
}

func derive(p params, password, salt []byte) []byte {
	return argon2.IDKey(password, salt, p.time, p.memory, p.threads, uint32(p.keyLen))
}

func encode(p params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Verify reports whether password matches the encoded hash, comparing in
// constant time. The parameters are read from encoded, so hashes made with
// older parameters still verify. The error, wrapping ErrMalformedHash, is
// only for an encoded string that cannot be checked; a wrong password is
// (false, nil).
//
// Each call (like Hash and DummyVerify) takes the hash's memory, 19 MiB
// with the current parameters, for about 20 ms: a login handler bounds how
// many run at once.
func Verify(encoded, password string) (ok bool, err error) {
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, err
	}
	return verify(p, salt, want, password), nil
}

func verify(p params, salt, want []byte, password string) bool {
	pw := norm.NFKC.String(password)
	if len(pw) > maxBytes {
		return false
	}
	got := derive(p, []byte(pw), salt)
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NeedsRehash reports whether encoded was made with other parameters than
// Hash now uses (or cannot be read at all), so that the caller, holding the
// password after a successful login, should store Hash(password) instead.
func NeedsRehash(encoded string) bool {
	p, _, _, err := decode(encoded)
	return err != nil || p != current
}

// dummy is a hash with the current parameters that no password is expected
// to match: its key is fixed bytes, not the output of argon2id.
var dummy = encode(current,
	bytes.Repeat([]byte{0x5a}, current.saltLen),
	bytes.Repeat([]byte{0xa5}, current.keyLen))

// DummyVerify does the work of Verify against a fixed hash with the current
// parameters and throws the result away. Call it when a login names no
// account (or a disabled one), so that the answer takes as long as for a
// real account with a wrong password.
func DummyVerify(password string) {
	_, _ = Verify(dummy, password)
}

// decode parses "$argon2id$v=19$m=M,t=T,p=P$SALT$KEY".
func decode(encoded string) (p params, salt, key []byte, err error) {
	bad := func(what string) (params, []byte, []byte, error) {
		return params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformedHash, what)
	}
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[0] != "" {
		return bad("not a PHC string with 5 fields")
	}
	if f[1] != "argon2id" {
		return bad("algorithm is not argon2id")
	}
	if f[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("version is not " + strconv.Itoa(argon2.Version))
	}
	kv := strings.Split(f[3], ",")
	if len(kv) != 3 {
		return bad("parameters are not m,t,p")
	}
	var n [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(kv[i], name+"=")
		if !ok {
			return bad("parameters are not m,t,p")
		}
		// Leading zeros and signs are refused so that one set of
		// parameters has one spelling.
		if v == "" || (v[0] == '0' && len(v) > 1) || v[0] == '+' {
			return bad("parameter " + name + " is not a plain number")
		}
		if n[i], err = strconv.ParseUint(v, 10, 32); err != nil {
			return bad("parameter " + name + " is not a number")
		}
	}
	switch {
	case n[2] < 1 || n[2] > maxThreads:
		return bad("parallelism out of range")
	case n[0] < 8*n[2] || n[0] > maxMemory:
		return bad("memory out of range")
	case n[1] < 1 || n[1] > maxTime:
		return bad("time out of range")
	}
	if salt, err = b64.DecodeString(f[4]); err != nil {
		return bad("salt is not base64")
	}
	if key, err = b64.DecodeString(f[5]); err != nil {
		return bad("key is not base64")
	}
	if len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return bad("salt length out of range")
	}
	if len(key) < minKeyLen || len(key) > maxKeyLen {
		return bad("key length out of range")
	}
	p = params{memory: uint32(n[0]), time: uint32(n[1]), threads: uint8(n[2]), saltLen: len(salt), keyLen: len(key)}
	return p, salt, key, nil
}
