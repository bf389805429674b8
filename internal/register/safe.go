package register

// The helpers of this file are those of package roster (read.go, parse.go,
// write.go), where they are unexported: the zip pre-inflation check, the
// error for a damaged xlsx, the formula neutralization and the width of
// Chinese text. Keep the two copies alike until roster exports them (or they
// move to a shared package) and this file can call them instead.

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxZipEntries bounds the parts of an xlsx; Excel writes about a dozen,
// and one more a sheet.
const maxZipEntries = 1000

// checkZip refuses a zip that would inflate past maxUnzip, going by the
// sizes its directory declares, or that is damaged: every part is inflated
// once, to nothing, so that archive/zip checks its size and checksum.
// excelize ignores read errors and would take a damaged or lying part (one
// inflating past its declared size) cut short, losing rows silently.
func checkZip(data []byte, maxUnzip int64) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return corrupt(err)
	}
	bomb := refuse("文件解压后超过%s，疑似压缩炸弹，已拒绝", sizeText(maxUnzip))
	if len(zr.File) > maxZipEntries {
		return bomb
	}
	limit, total := uint64(maxUnzip), uint64(0)
	for _, f := range zr.File {
		if f.UncompressedSize64 > limit-total {
			return bomb
		}
		total += f.UncompressedSize64
	}
	for _, f := range zr.File {
		if err := checkPart(f); err != nil {
			return corrupt(err)
		}
	}
	return nil
}

// checkPart inflates a part to its end.
func checkPart(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(io.Discard, rc)
	return err
}

// corrupt is the error for an xlsx that cannot be read.
func corrupt(err error) error {
	var flateErr flate.CorruptInputError
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &flateErr) {
		return refuse("xlsx文件已损坏（压缩数据不完整或与记录不符），请重新保存后再导入")
	}
	return refuse("无法读取xlsx文件：文件已损坏或不是有效的Excel文件")
}

// sizeText writes a byte count for a message: 10 MB.
func sizeText(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}

// needsQuote reports whether a spreadsheet could take s for a formula
// (= + - @, tab, CR), also after the leading quotes that Parse strips.
func needsQuote(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
}

// neutralize guards a cell against formula injection with a leading single
// quote; unquote takes it back off, so unquote(neutralize(s)) == s for
// every s.
func neutralize(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// unquote undoes neutralize.
func unquote(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// textWidth is the width of s in units of a Latin digit: a Chinese
// character takes two.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x2E80 {
			n++
		}
	}
	return n
}

// letter is the spreadsheet name of the 1-based column n: A, B, ..., AA.
func letter(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}
