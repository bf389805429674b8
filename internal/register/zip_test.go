package register

import (
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
	return xlsxtest.BombSheet(t, mb, `<row r="1"><c r="A1" t="inlineStr"><is><t>日期</t></is></c><c r="B1" t="inlineStr"><is><t>组织</t></is></c></row>`)
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

// A zip bomb, made here at run time, is refused before it is inflated.
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
	t.Run("lower limit", func(t *testing.T) {
		small, size, crc := bombSheet(t, 2)
		s, err := parseBytes(t, withSheet(t, small, size, crc), Limits{MaxUnzipBytes: 1 << 20})
		if got, want := refusal(t, s, err), "文件解压后超过1 MB，疑似压缩炸弹，已拒绝"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	})
}

// A truncated or damaged workbook is refused, not read in part.
func TestParseCorruptXLSX(t *testing.T) {
	const want = "xlsx文件已损坏（压缩数据不完整或与记录不符），请重新保存后再导入"
	good := readFixture(t, "good.xlsx")
	t.Run("truncated", func(t *testing.T) {
		s, err := parseBytes(t, good[:len(good)*2/3], Limits{})
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
