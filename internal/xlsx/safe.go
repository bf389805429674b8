// Package xlsx holds what the packages reading and writing zhibu's
// spreadsheets (roster, register) share. Reading untrusted files safely:
// the zip check run before excelize opens an uploaded xlsx, the error for
// a damaged xlsx, the limits, the neutralization of cells a spreadsheet
// would take for formulas. Writing registers in the layout offices expect
// (layout.go): the styles, the title and header rows with frozen panes,
// and A4 landscape printing; and the widths and column names they use.
//
// The errors are of kind zhibu.ErrInvalid with a Chinese message for the
// user; the packages' tests assert those messages byte for byte.
package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"zhibu"
)

// Limits bound what a parser accepts from an untrusted file; roster and
// register each have their own DefaultLimits.
type Limits struct {
	MaxBytes         int64 // size of the uploaded file
	MaxRows          int   // data rows (blank rows are not counted)
	MaxCellChars     int   // characters in one cell
	MaxUnzipBytes    int64 // an xlsx's parts inflated, all together
	MaxUnzipXMLBytes int64 // a sheet or shared-string part kept in memory; larger ones go to a temporary file
}

// OrDefault fills the zero (or negative) fields of l from d. A missing
// MaxUnzipXMLBytes is d's, but no more than MaxUnzipBytes.
func (l Limits) OrDefault(d Limits) Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxCellChars <= 0 {
		l.MaxCellChars = d.MaxCellChars
	}
	if l.MaxUnzipBytes <= 0 {
		l.MaxUnzipBytes = d.MaxUnzipBytes
	}
	if l.MaxUnzipXMLBytes <= 0 {
		l.MaxUnzipXMLBytes = min(d.MaxUnzipXMLBytes, l.MaxUnzipBytes)
	}
	return l
}

// MaxZipEntries bounds the parts of an xlsx; Excel writes about a dozen,
// and one more a sheet.
const MaxZipEntries = 1000

// CheckZip refuses a zip that would inflate past maxUnzip, going by the
// sizes its directory declares, or that is damaged: every part is inflated
// once, to nothing, so that archive/zip checks its size and checksum.
// excelize ignores read errors and would take a damaged or lying part (one
// inflating past its declared size) cut short, losing rows silently.
//
// A zip of more than MaxZipEntries parts is refused as a bomb too. The
// error is a *zhibu.Error of kind zhibu.ErrInvalid.
func CheckZip(data []byte, maxUnzip int64) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Corrupt(err)
	}
	bomb := invalid(fmt.Sprintf("文件解压后超过%s，疑似压缩炸弹，已拒绝", SizeText(maxUnzip)))
	if len(zr.File) > MaxZipEntries {
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
			return Corrupt(err)
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

// Corrupt is the error for an xlsx that cannot be read, err being what
// archive/zip or excelize returned: a *zhibu.Error of kind
// zhibu.ErrInvalid that says the compressed data is damaged when err says
// so, and else that the file is damaged or not an Excel file.
func Corrupt(err error) error {
	var flateErr flate.CorruptInputError
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &flateErr) {
		return invalid("xlsx文件已损坏（压缩数据不完整或与记录不符），请重新保存后再导入")
	}
	return invalid("无法读取xlsx文件：文件已损坏或不是有效的Excel文件")
}

// invalid is the error for a file that will not be read at all.
func invalid(message string) error {
	return zhibu.Errorf(zhibu.ErrInvalid, message)
}

// SizeText writes a byte count for a message: 10 MB.
func SizeText(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}

// NeedsQuote reports whether a spreadsheet could take s for a formula
// (= + - @, tab, CR), also after the leading quotes that the importers'
// Parse strips (through Unquote).
func NeedsQuote(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
}

// Neutralize guards a cell against formula injection with a leading single
// quote; Unquote takes it back off, so Unquote(Neutralize(s)) == s for
// every s.
func Neutralize(s string) string {
	if NeedsQuote(s) {
		return "'" + s
	}
	return s
}

// Unquote undoes Neutralize.
func Unquote(s string) string {
	if len(s) > 1 && s[0] == '\'' && NeedsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// TextWidth is the width of s in units of a Latin digit: a Chinese
// character takes two.
func TextWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x2E80 {
			n++
		}
	}
	return n
}

// ColumnLetter is the spreadsheet name of the 1-based column n: A, B, ...,
// AA.
func ColumnLetter(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}
