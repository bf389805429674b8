package roster

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"zhibu/internal/xlsx"
	"zhibu/internal/xlsx/xlsxtest"
)

// The hostile workbooks are xlsxtest's; these name the fixture and the
// header row they are built on.
func zipOf(t *testing.T, files map[string]string) []byte { return xlsxtest.ZipOf(t, files) }

func bombSheet(t *testing.T, mb int) (data []byte, size int64, crc uint32) {
	return xlsxtest.BombSheet(t, mb, `<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>`)
}

func withSheet(t *testing.T, data []byte, declared int64, crc uint32) []byte {
	return xlsxtest.WithSheet(t, readFixture(t, "good.xlsx"), data, declared, crc)
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
		data := xlsxtest.FlipByte(t, readFixture(t, "good.xlsx"))
		s, err := parseBytes(t, data, Limits{})
		if got := refusal(t, s, err); got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	})
}
