// Package xlsxtest builds hostile spreadsheets for the tests of the
// packages that read uploads (roster, register, dues): zip bombs, parts
// that lie about their size, damaged data.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"testing"
)

// Sheet1 is the first worksheet's part in a workbook.
const Sheet1 = "xl/worksheets/sheet1.xml"

// ZipOf is a zip holding the named files.
func ZipOf(tb testing.TB, files map[string]string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range files {
		f, err := w.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := io.WriteString(f, body); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BombSheet is deflated worksheet XML, valid and with the header row
// given (a <row> element), that inflates to about mb megabytes of
// whitespace, with its true size and CRC.
func BombSheet(tb testing.TB, mb int, headerRow string) (data []byte, size int64, crc uint32) {
	tb.Helper()
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		tb.Fatal(err)
	}
	h := crc32.NewIEEE()
	w := io.MultiWriter(fw, h)
	head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + headerRow
	tail := `</sheetData></worksheet>`
	io.WriteString(w, head)
	pad := bytes.Repeat([]byte(" "), 1<<20)
	for range mb {
		w.Write(pad)
	}
	io.WriteString(w, tail)
	if err := fw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), int64(len(head)+len(tail)) + int64(mb)<<20, h.Sum32()
}

// WithSheet is the workbook good with its first worksheet replaced by
// deflated data that the zip directory says inflates to declared bytes.
func WithSheet(tb testing.TB, good, data []byte, declared int64, crc uint32) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	replaced := false
	for _, f := range zr.File {
		if f.Name != Sheet1 {
			if err := w.Copy(f); err != nil {
				tb.Fatal(err)
			}
			continue
		}
		replaced = true
		out, err := w.CreateRaw(&zip.FileHeader{
			Name: f.Name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(data)), UncompressedSize64: uint64(declared),
		})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := out.Write(data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	if !replaced {
		tb.Fatal("the workbook has no " + Sheet1)
	}
	return buf.Bytes()
}

// FlipByte is a copy of the workbook good with a byte in the middle of
// its first worksheet's compressed data flipped.
func FlipByte(tb testing.TB, good []byte) []byte {
	tb.Helper()
	data := bytes.Clone(good)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == Sheet1 {
			off, err := f.DataOffset()
			if err != nil {
				tb.Fatal(err)
			}
			data[off+int64(f.CompressedSize64)/2] ^= 0x55
			return data
		}
	}
	tb.Fatal("the workbook has no " + Sheet1)
	return nil
}
