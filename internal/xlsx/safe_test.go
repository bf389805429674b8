package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhibu"
)

// The messages of CheckZip and Corrupt, as the importers show them.
const (
	damaged  = "xlsx文件已损坏（压缩数据不完整或与记录不符），请重新保存后再导入"
	unusable = "无法读取xlsx文件：文件已损坏或不是有效的Excel文件"
)

// bombMessage is the message for a zip that would inflate past maxUnzip.
func bombMessage(maxUnzip string) string {
	return "文件解压后超过" + maxUnzip + "，疑似压缩炸弹，已拒绝"
}

// part is a zip entry: its deflated body, and the size and checksum the
// zip directory declares for it.
type part struct {
	name     string
	deflated []byte
	size     int64
	crc      uint32
}

// deflated is a part holding n bytes of whitespace, deflated, with its
// true size and checksum.
func deflated(t *testing.T, name string, n int64) part {
	t.Helper()
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	h := crc32.NewIEEE()
	pad := bytes.Repeat([]byte(" "), 1<<20)
	for left := n; left > 0; left -= int64(len(pad)) {
		chunk := pad[:min(left, int64(len(pad)))]
		fw.Write(chunk)
		h.Write(chunk)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return part{name: name, deflated: buf.Bytes(), size: n, crc: h.Sum32()}
}

// zipOf is a zip of the parts, each written as it is, true or not.
func zipOf(t *testing.T, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, p := range parts {
		out, err := w.CreateRaw(&zip.FileHeader{
			Name: p.name, Method: zip.Deflate, CRC32: p.crc,
			CompressedSize64: uint64(len(p.deflated)), UncompressedSize64: uint64(p.size),
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := out.Write(p.deflated); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// emptyParts are n empty parts.
func emptyParts(t *testing.T, n int) []part {
	parts := make([]part, n)
	empty := deflated(t, "", 0)
	for i := range parts {
		parts[i] = empty
		parts[i].name = "x/" + strconv.Itoa(i)
	}
	return parts
}

// message is the Chinese message of err, a *zhibu.Error of kind
// zhibu.ErrInvalid, or "" for nil.
func message(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *zhibu.Error
	if !errors.As(err, &e) || !errors.Is(err, zhibu.ErrInvalid) {
		t.Fatalf("error %#v is not a *zhibu.Error of kind ErrInvalid", err)
	}
	return e.Message
}

// checkQuickly runs CheckZip and fails the test if that takes a second.
func checkQuickly(t *testing.T, data []byte, maxUnzip int64) string {
	t.Helper()
	start := time.Now()
	err := CheckZip(data, maxUnzip)
	if d := time.Since(start); d > time.Second {
		t.Errorf("CheckZip took %v", d)
	}
	return message(t, err)
}

func TestCheckZip(t *testing.T) {
	const mb = 1 << 20
	good := zipOf(t, deflated(t, "[Content_Types].xml", 1000), deflated(t, "xl/worksheets/sheet1.xml", 100000))
	bomb := deflated(t, "xl/worksheets/sheet1.xml", 300*mb)
	lying := bomb
	lying.size = 10000 // the directory claims 10 kB: reading stops with an error there
	badCRC := deflated(t, "xl/worksheets/sheet1.xml", 100000)
	badCRC.crc++
	flipped := bytes.Clone(good)
	zr, err := zip.NewReader(bytes.NewReader(flipped), int64(len(flipped)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			flipped[off+int64(f.CompressedSize64)/2] ^= 0x55
		}
	}
	for _, c := range []struct {
		name     string
		data     []byte
		maxUnzip int64
		want     string
	}{
		{"good", good, 64 * mb, ""},
		{"bomb", zipOf(t, bomb), 64 * mb, bombMessage("64 MB")},
		{"bomb, lower limit", zipOf(t, deflated(t, "a", 2*mb)), mb, bombMessage("1 MB")},
		{"limit in bytes", good, 1000, bombMessage("1000 字节")},
		{"parts together", zipOf(t, deflated(t, "a", mb/2), deflated(t, "b", mb/2+1)), mb, bombMessage("1 MB")},
		{"exactly the limit", zipOf(t, deflated(t, "a", mb/2), deflated(t, "b", mb/2)), mb, ""},
		{"many parts", zipOf(t, emptyParts(t, MaxZipEntries+1)...), 64 * mb, bombMessage("64 MB")},
		{"most parts", zipOf(t, emptyParts(t, MaxZipEntries)...), 64 * mb, ""},
		{"lying", zipOf(t, lying), 64 * mb, damaged},
		{"bad checksum", zipOf(t, badCRC), 64 * mb, damaged},
		{"flipped byte", flipped, 64 * mb, damaged},
		{"truncated", good[:len(good)*2/3], 64 * mb, damaged},
		{"not a zip", []byte("PK\x03\x04 no more"), 64 * mb, damaged},
		{"empty", nil, 64 * mb, damaged},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := checkQuickly(t, c.data, c.maxUnzip); got != c.want {
				t.Errorf("message %q, want %q", got, c.want)
			}
		})
	}
}

func TestCorrupt(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{zip.ErrFormat, damaged},
		{zip.ErrChecksum, damaged},
		{io.ErrUnexpectedEOF, damaged},
		{flate.CorruptInputError(42), damaged},
		{fmt.Errorf("open sheet: %w", zip.ErrChecksum), damaged},
		{fmt.Errorf("inflate: %w", flate.CorruptInputError(7)), damaged},
		{errors.New("XML syntax error on line 1"), unusable},
		{io.EOF, unusable},
	} {
		if got := message(t, Corrupt(c.err)); got != c.want {
			t.Errorf("Corrupt(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

func TestNeutralize(t *testing.T) {
	cases := map[string]string{
		"":          "",
		"张三":        "张三",
		"=1+1":      "'=1+1",
		"+86138":    "'+86138",
		"-三大队":      "'-三大队",
		"@值班室":      "'@值班室",
		"\tx":       "'\tx",
		"\rx":       "'\rx",
		"a=1":       "a=1",
		"'":         "'",
		"'普通":       "'普通",
		"'=引号":      "''=引号",
		"''=两个引号":   "'''=两个引号",
		"0991-1234": "0991-1234",
	}
	for in, want := range cases {
		got := Neutralize(in)
		if got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
		if back := Unquote(got); back != in {
			t.Errorf("Unquote(%q) = %q, want %q", got, back, in)
		}
		if got != "" && strings.IndexByte("=+-@\t\r", got[0]) >= 0 {
			t.Errorf("Neutralize(%q) = %q starts with a formula character", in, got)
		}
		if NeedsQuote(in) != (got != in) {
			t.Errorf("NeedsQuote(%q) = %v, but Neutralize gives %q", in, NeedsQuote(in), got)
		}
	}
}

func TestTextWidth(t *testing.T) {
	for s, want := range map[string]int{
		"":             0,
		"0991-1234":    9,
		"张三":           4,
		"A张":           3,
		"党员（预备）":       12,
		"⺀":            2, // U+2E80, the first CJK radical
		"\u2e7f":       1,
		"一大队-2024年度记录": 19,
	} {
		if got := TextWidth(s); got != want {
			t.Errorf("TextWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestColumnLetter(t *testing.T) {
	for n, want := range map[int]string{1: "A", 16: "P", 26: "Z", 27: "AA", 52: "AZ", 16384: "XFD", 0: ""} {
		if got := ColumnLetter(n); got != want {
			t.Errorf("ColumnLetter(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{
		0:          "0 字节",
		1000:       "1000 字节",
		1<<20 - 1:  "1048575 字节",
		1 << 20:    "1 MB",
		10 << 20:   "10 MB",
		64<<20 + 1: "64 MB",
	} {
		if got := SizeText(n); got != want {
			t.Errorf("SizeText(%d) = %q, want %q", n, got, want)
		}
	}
}
