// Package secret keeps the keys that protect zhibu's sensitive data and
// uses them with the national (国密) algorithms: SM4-GCM to encrypt fields
// at rest (ID numbers, phones), HMAC-SM3 for keyed hashes (exact-match
// search of encrypted fields) and for the audit trail's chain. Keys live in
// files outside the database, created at first start with mode 0600.
package secret

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// Key is 32 bytes of secret: the first 16 are the SM4 key, all 32 key the
// HMAC-SM3. A Key for hashing only uses all 32.
type Key [32]byte

// LoadOrCreate reads the key in file path, or, if the file does not exist,
// makes a new random key and writes it there with mode 0600 (its folder
// 0700). A key file readable by others is refused.
func LoadOrCreate(path string) (Key, error) {
	var k Key
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := rand.Read(k[:]); err != nil {
			return k, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return k, fmt.Errorf("key folder: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return k, fmt.Errorf("create key: %w", err)
		}
		if _, err := f.WriteString(base64.StdEncoding.EncodeToString(k[:]) + "\n"); err != nil {
			f.Close()
			return k, fmt.Errorf("write key: %w", err)
		}
		return k, f.Close()
	}
	if err != nil {
		return k, fmt.Errorf("read key: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return k, fmt.Errorf("key file %s is readable by others (mode %o): chmod 600 it", path, fi.Mode().Perm())
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(raw) != len(k) {
		return k, fmt.Errorf("key file %s is not a 32-byte base64 key", path)
	}
	copy(k[:], raw)
	return k, nil
}

// Box encrypts and decrypts short fields with SM4-GCM.
type Box struct{ aead cipher.AEAD }

// NewBox makes a Box from a key.
func NewBox(k Key) (*Box, error) {
	block, err := sm4.NewCipher(k[:16])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead}, nil
}

// version prefixes every sealed value, so the format can change later.
const version = "v1:"

// Seal encrypts plaintext with a fresh random nonce; "" stays "". The
// context (e.g. "people.id_number") is authenticated, so a value copied
// into another column does not decrypt.
func (b *Box) Seal(plaintext, context string) string {
	if plaintext == "" {
		return ""
	}
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	out := b.aead.Seal(nonce, nonce, []byte(plaintext), []byte(context))
	return version + base64.RawStdEncoding.EncodeToString(out)
}

// Open decrypts what Seal made with the same context.
func (b *Box) Open(sealed, context string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	if !strings.HasPrefix(sealed, version) {
		return "", errors.New("secret: unknown format")
	}
	raw, err := base64.RawStdEncoding.DecodeString(sealed[len(version):])
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", errors.New("secret: malformed value")
	}
	n := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], []byte(context))
	if err != nil {
		return "", errors.New("secret: value does not decrypt with this key")
	}
	return string(plain), nil
}

// MAC is HMAC-SM3 of data under k.
func MAC(k Key, data []byte) []byte {
	m := hmac.New(sm3.New, k[:])
	m.Write(data)
	return m.Sum(nil)
}

// Hash is a keyed hash of a value for exact-match search, hex-free and
// short enough for an index: base64 of HMAC-SM3(context || 0 || value).
func Hash(k Key, value, context string) string {
	return base64.RawStdEncoding.EncodeToString(MAC(k, []byte(context+"\x00"+value)))
}

// MaskID shows an ID number as 110101********1234.
func MaskID(id string) string {
	if len(id) != 18 {
		return strings.Repeat("*", len(id))
	}
	return id[:6] + "********" + id[14:]
}

// MaskPhone shows a phone number as 138****5678.
func MaskPhone(p string) string {
	switch {
	case len(p) == 11:
		return p[:3] + "****" + p[7:]
	case len(p) > 4:
		return strings.Repeat("*", len(p)-4) + p[len(p)-4:]
	}
	return strings.Repeat("*", len(p))
}
