package roster

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"strconv"
	"testing"
	"time"

	"zhibu/internal/xlsx"
)

// zipOf is a zip holding the named files.
func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bombSheet is deflated worksheet XML, valid and with a header row, that
// inflates to about mb megabytes of whitespace.
func bombSheet(t *testing.T, mb int) (data []byte, size int64, crc uint32) {
	t.Helper()
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	h := crc32.NewIEEE()
	w := io.MultiWriter(fw, h)
	head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>`
	tail := `</sheetData></worksheet>`
	io.WriteString(w, head)
	pad := bytes.Repeat([]byte(" "), 1<<20)
	for range mb {
		w.Write(pad)
	}
	io.WriteString(w, tail)
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), int64(len(head)+len(tail)) + int64(mb)<<20, h.Sum32()
}

// withSheet is good.xlsx with its worksheet replaced by deflated data that
// the zip directory says inflates to declared bytes.
func withSheet(t *testing.T, data []byte, declared int64, crc uint32) []byte {
	t.Helper()
	good := readFixture(t, "good.xlsx")
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			if err := w.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		out, err := w.CreateRaw(&zip.FileHeader{
			Name: f.Name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(data)), UncompressedSize64: uint64(declared),
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := out.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// parseQuickly parses data and fails the test if that takes a second.
func parseQuickly(t *testing.T, data []byte) string {
	t.Helper()
	start := time.Now()
	s, err := parseBytes(t, data, Limits{})
	if d := time.Since(start); d > time.Second {
		t.Errorf("Parse took %v", d)
	}
	return refusal(t, s, err)
}

func TestZipBomb(t *testing.T) {
	sheet, size, crc := bombSheet(t, 300)
	t.Run("declared", func(t *testing.T) {
		data := withSheet(t, sheet, size, crc)
		t.Logf("bomb: %d bytes inflating to %d", len(data), size)
		if got, want := parseQuickly(t, data), "文件解压后超过64 MB，疑似压缩炸弹，已拒绝"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	})
	t.Run("lying", func(t *testing.T) {
		// The directory claims 10 kB: reading stops with an error there.
		data := withSheet(t, sheet, 10000, crc)
		if got, want := parseQuickly(t, data), "xlsx文件已损坏（压缩数据不完整或与记录不符），请重新保存后再导入"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	})
	t.Run("many parts", func(t *testing.T) {
		files := map[string]string{}
		for i := range xlsx.MaxZipEntries + 1 {
			files["x/"+strconv.Itoa(i)] = ""
		}
		if got, want := parseQuickly(t, zipOf(t, files)), "文件解压后超过64 MB，疑似压缩炸弹，已拒绝"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	})
}

// A worksheet above MaxUnzipXMLBytes is read from a temporary file, still
// as a stream.
func TestParseLargeSheetViaTempFile(t *testing.T) {
	var buf bytes.Buffer
	people := benchPeople(3000)
	if err := WriteXLSX(&buf, "", people); err != nil {
		t.Fatal(err)
	}
	s, err := parseBytes(t, buf.Bytes(), Limits{MaxUnzipXMLBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != len(people) || len(s.Problems) > 0 || s.Rows[len(people)-1].Line != len(people)+2 {
		t.Errorf("%d rows, %d problems, last line %d", len(s.Rows), len(s.Problems), s.Rows[len(s.Rows)-1].Line)
	}
}

func TestParseCorruptXLSX(t *testing.T) {
	const want = "xlsx文件已损坏（压缩数据不完整或与记录不符），请重新保存后再导入"
	t.Run("truncated", func(t *testing.T) {
		s, err := parseBytes(t, readFixture(t, "truncated.xlsx"), Limits{})
		if got := refusal(t, s, err); got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	})
	t.Run("flipped byte", func(t *testing.T) {
		data := readFixture(t, "good.xlsx")
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if f.Name == "xl/worksheets/sheet1.xml" {
				off, err := f.DataOffset()
				if err != nil {
					t.Fatal(err)
				}
				data[off+int64(f.CompressedSize64)/2] ^= 0x55
			}
		}
		s, err := parseBytes(t, data, Limits{})
		if got := refusal(t, s, err); got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	})
}
