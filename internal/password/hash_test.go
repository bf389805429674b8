package password

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var phc = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashVerify(t *testing.T) {
	for _, pw := range []string{
		"Kqmz7#vtrw",
		"correct horse battery staple",
		"密码要足够长才行",
		" leading and trailing spaces ",
		"",
	} {
		h, err := Hash(pw)
		if err != nil {
			t.Fatalf("Hash(%q): %v", pw, err)
		}
		if !phc.MatchString(h) {
			t.Errorf("Hash(%q) = %q, not a PHC argon2id string with the current parameters", pw, h)
		}
		if ok, err := Verify(h, pw); !ok || err != nil {
			t.Errorf("Verify(Hash(%q), same) = %v, %v; want true, nil", pw, ok, err)
		}
		for _, wrong := range []string{pw + "x", strings.TrimSpace(pw), strings.ToUpper(pw), "x"} {
			if wrong == pw {
				continue
			}
			if ok, err := Verify(h, wrong); ok || err != nil {
				t.Errorf("Verify(Hash(%q), %q) = %v, %v; want false, nil", pw, wrong, ok, err)
			}
		}
		if h2, _ := Hash(pw); h2 == h {
			t.Errorf("two hashes of %q are equal: salt not random", pw)
		}
	}
}

func TestHashTooLong(t *testing.T) {
	if _, err := Hash(strings.Repeat("a", maxBytes+1)); err == nil {
		t.Error("Hash of a password over maxBytes: no error")
	}
}

// Full-width characters typed by a Chinese input method match their ASCII
// forms, because both sides are NFKC-normalized.
func TestVerifyNormalizes(t *testing.T) {
	h, err := Hash("Pass 123")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := Verify(h, "Ｐａｓｓ\u3000１２３"); !ok || err != nil {
		t.Errorf("full-width form: Verify = %v, %v; want true, nil", ok, err)
	}
}

// Hashes made by the reference implementation (Debian's argon2 command,
// 0~20171227), with the current and with other parameters, verify: the
// parameters, salt and key length are read from the string.
func TestVerifyReferenceVectors(t *testing.T) {
	tests := []struct {
		encoded, password string
		rehash            bool
	}{
		// echo -n "correct horse" | argon2 saltsaltsalt1234 -id -t 2 -k 19456 -p 1 -l 32 -e
		{"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0MTIzNA$vWSoMy/UBm7ShOEEO3CVOYYYpe0ltdjB2r2WSXbPFfc", "correct horse", false},
		// echo -n "密码 test" | argon2 othersalt8 -id -t 1 -k 8192 -p 2 -l 24 -e
		{"$argon2id$v=19$m=8192,t=1,p=2$b3RoZXJzYWx0OA$1XHgqlYfFzwSKPjVkorApGf/xtJNhshi", "密码 test", true},
	}
	for _, tt := range tests {
		if ok, err := Verify(tt.encoded, tt.password); !ok || err != nil {
			t.Errorf("Verify(%q, %q) = %v, %v; want true, nil", tt.encoded, tt.password, ok, err)
		}
		if ok, _ := Verify(tt.encoded, tt.password+" "); ok {
			t.Errorf("Verify(%q, wrong) = true", tt.encoded)
		}
		if got := NeedsRehash(tt.encoded); got != tt.rehash {
			t.Errorf("NeedsRehash(%q) = %v, want %v", tt.encoded, got, tt.rehash)
		}
	}
}

func TestDecodeParameters(t *testing.T) {
	p, salt, key, err := decode("$argon2id$v=19$m=8192,t=1,p=2$b3RoZXJzYWx0OA$1XHgqlYfFzwSKPjVkorApGf/xtJNhshi")
	if err != nil {
		t.Fatal(err)
	}
	want := params{memory: 8192, time: 1, threads: 2, saltLen: 10, keyLen: 24}
	if p != want {
		t.Errorf("params = %+v, want %+v", p, want)
	}
	if string(salt) != "othersalt8" || len(key) != 24 {
		t.Errorf("salt = %q, key length %d", salt, len(key))
	}
}

func TestVerifyTampered(t *testing.T) {
	const pw = "correct horse"
	good := "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0MTIzNA$vWSoMy/UBm7ShOEEO3CVOYYYpe0ltdjB2r2WSXbPFfc"
	tests := []struct {
		name, old, new string
		malformed      bool // else it parses but does not match
	}{
		{"key changed", "$vWSo", "$vWSp", false},
		{"salt changed", "$c2Fs", "$c2Ft", false},
		{"memory changed", "m=19456", "m=19457", false},
		{"time changed", "t=2", "t=3", false},
		{"parallelism changed", "p=1$", "p=2$", false},
		{"argon2i", "$argon2id$", "$argon2i$", true},
		{"argon2d", "$argon2id$", "$argon2d$", true},
		{"old version", "v=19", "v=16", true},
		{"no version", "$v=19", "", true},
		{"parameters reordered", "m=19456,t=2,p=1", "t=2,m=19456,p=1", true},
		{"parameter missing", "m=19456,t=2,p=1", "m=19456,t=2", true},
		{"leading zero", "m=19456", "m=019456", true},
		{"sign", "t=2", "t=+2", true},
		{"zero memory", "m=19456", "m=0", true},
		{"memory too high", "m=19456", "m=4194304", true},
		{"time zero", "t=2", "t=0", true},
		{"time too high", "t=2", "t=1000", true},
		{"zero parallelism", "p=1$", "p=0$", true},
		{"not a number", "m=19456", "m=lots", true},
		{"overflow", "m=19456", "m=99999999999", true},
		{"padding", "PFfc", "PFfc=", true},
		{"not base64", "$vWSo", "$vW*o", true},
		{"non-canonical base64", "PFfc", "PFfd", true},
		{"key too short", "vWSoMy/UBm7ShOEEO3CVOYYYpe0ltdjB2r2WSXbPFfc", "vWSoMy/UBm7ShOE", true},
		{"salt too short", "c2FsdHNhbHRzYWx0MTIzNA", "c2FsdA", true},
		{"extra field", "PFfc", "PFfc$x", true},
		{"empty", good, "", true},
		{"bcrypt", good, "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(good, tt.old) {
				t.Fatalf("test case: %q not in the hash", tt.old)
			}
			enc := strings.Replace(good, tt.old, tt.new, 1)
			ok, err := Verify(enc, pw)
			if ok {
				t.Fatalf("Verify(%q) = true", enc)
			}
			if got := errors.Is(err, ErrMalformedHash); got != tt.malformed {
				t.Errorf("Verify(%q): err = %v, want malformed %v", enc, err, tt.malformed)
			}
			if tt.malformed && !NeedsRehash(enc) {
				t.Errorf("NeedsRehash(%q) = false for a malformed hash", enc)
			}
		})
	}
	if ok, err := Verify(good, pw); !ok || err != nil {
		t.Fatalf("untouched hash: Verify = %v, %v", ok, err)
	}
}

func TestNeedsRehash(t *testing.T) {
	h, err := Hash("Kqmz7#vtrw")
	if err != nil {
		t.Fatal(err)
	}
	if NeedsRehash(h) {
		t.Errorf("NeedsRehash(Hash(...)) = true")
	}
	older := params{memory: 12 * 1024, time: 3, threads: 1, saltLen: 16, keyLen: 32}
	salt := []byte("0123456789abcdef")
	old := encode(older, salt, derive(older, []byte("Kqmz7#vtrw"), salt))
	if ok, err := Verify(old, "Kqmz7#vtrw"); !ok || err != nil {
		t.Fatalf("hash with older parameters: Verify = %v, %v", ok, err)
	}
	if !NeedsRehash(old) {
		t.Errorf("NeedsRehash(hash with m=12288,t=3) = false")
	}
	shortSalt := encode(current, salt[:8], derive(current, []byte("x"), salt[:8]))
	if !NeedsRehash(shortSalt) {
		t.Errorf("NeedsRehash(hash with an 8-byte salt) = false")
	}
}

func TestDummyVerify(t *testing.T) {
	if NeedsRehash(dummy) {
		t.Fatalf("dummy hash %q does not have the current parameters, so DummyVerify would not cost what Verify does", dummy)
	}
	for _, pw := range []string{"", "password", "Kqmz7#vtrw"} {
		if ok, err := Verify(dummy, pw); ok || err != nil {
			t.Errorf("Verify(dummy, %q) = %v, %v; want false, nil", pw, ok, err)
		}
	}
	DummyVerify("anything")
}

// The key comparison must be subtle.ConstantTimeCompare, and no byte-slice
// equality that returns at the first difference may appear in the package.
func TestConstantTimeCompare(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var inVerify bool
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if fn, ok := n.(*ast.FuncDecl); ok && fn.Name.Name == "verify" {
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					if isCall(n, "subtle", "ConstantTimeCompare") {
						inVerify = true
					}
					return true
				})
			}
			for _, bad := range [][2]string{{"bytes", "Equal"}, {"bytes", "Compare"}, {"reflect", "DeepEqual"}} {
				if isCall(n, bad[0], bad[1]) {
					t.Errorf("%s: %s.%s in the package", fset.Position(n.Pos()), bad[0], bad[1])
				}
			}
			return true
		})
	}
	if !inVerify {
		t.Error("verify does not call subtle.ConstantTimeCompare")
	}
}

func isCall(n ast.Node, pkg, name string) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg && sel.Sel.Name == name
}

func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := Hash("Kqmz7#vtrw"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	h, err := Hash("Kqmz7#vtrw")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, _ := Verify(h, "Kqmz7#vtrw"); !ok {
			b.Fatal("no match")
		}
	}
}

func BenchmarkDummyVerify(b *testing.B) {
	for b.Loop() {
		DummyVerify("Kqmz7#vtrw")
	}
}
