package secret

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "data.key")
	k1, err := LoadOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", fi.Mode(), err)
	}
	k2, err := LoadOrCreate(path)
	if err != nil || k1 != k2 || k1 == (Key{}) {
		t.Fatalf("reload gave another key: %v", err)
	}
	os.Chmod(path, 0o644)
	if _, err := LoadOrCreate(path); err == nil || !strings.Contains(err.Error(), "readable by others") {
		t.Errorf("world-readable key accepted: %v", err)
	}
}

func TestBox(t *testing.T) {
	var k Key
	copy(k[:], "0123456789abcdef0123456789abcdef")
	b, err := NewBox(k)
	if err != nil {
		t.Fatal(err)
	}
	s1 := b.Seal("650102199003070012", "people.id_number")
	s2 := b.Seal("650102199003070012", "people.id_number")
	if s1 == s2 || strings.Contains(s1, "650102") {
		t.Errorf("sealed values: %q %q", s1, s2)
	}
	if got, err := b.Open(s1, "people.id_number"); err != nil || got != "650102199003070012" {
		t.Errorf("open = %q, %v", got, err)
	}
	if _, err := b.Open(s1, "people.phone"); err == nil {
		t.Error("a value opened under another context")
	}
	var other Key
	b2, _ := NewBox(other)
	if _, err := b2.Open(s1, "people.id_number"); err == nil {
		t.Error("a value opened under another key")
	}
	if b.Seal("", "x") != "" {
		t.Error("empty value sealed")
	}
	if Hash(k, "a", "c") == Hash(other, "a", "c") || Hash(k, "a", "c") != Hash(k, "a", "c") || Hash(k, "a", "c") == Hash(k, "a", "d") {
		t.Error("hash does not depend on key, value and context alone")
	}
}

func TestMask(t *testing.T) {
	if got := MaskID("110101199003071234"); got != "110101********1234" {
		t.Errorf("MaskID = %q", got)
	}
	if got := MaskPhone("13812345678"); got != "138****5678" {
		t.Errorf("MaskPhone = %q", got)
	}
}
