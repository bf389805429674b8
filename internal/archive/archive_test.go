package archive_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/archive"
)

func build(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := archive.NewWriter(&buf, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	for _, e := range []archive.Entry{
		{Path: "01三会一课/会议记录/记录.docx", Category: zhibu.ArchiveMeetings, Title: "支委会记录", Date: zhibu.MakeDate(2025, 3, 1)},
		{Path: "01三会一课/会议记录/记录.docx", Category: zhibu.ArchiveMeetings, Title: "支委会记录", Date: zhibu.MakeDate(2025, 4, 1)},
		{Path: "/../04社区报到/登记表.xlsx", Category: zhibu.ArchiveCommunity, Title: "登记表"},
	} {
		if err := w.AddBytes(e, []byte(e.Title+e.Date.String())); err != nil {
			t.Fatal(err)
		}
	}
	sum := map[zhibu.ArchiveCategory][]string{zhibu.ArchiveMeetings: {"全年召开会议2次。"}}
	if err := w.Close(archive.Info{OrgName: "第三党支部", Year: 2025, Made: zhibu.MakeDate(2026, 1, 5), Summary: sum}); err != nil {
		t.Fatal(err)
	}
	if w.Files() != 6 {
		t.Errorf("%d files, want 3 records, 2 catalogues and the manifest", w.Files())
	}
	return buf.Bytes()
}

// A package lists every entry in its manifest with the right sum; names
// are made unique and kept inside the package; the catalogue lists each
// record with its category's retention.
func TestWriterAndVerify(t *testing.T) {
	t.Parallel()
	data := build(t)
	paths, err := archive.Verify(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"01三会一课/会议记录/记录.docx", "01三会一课/会议记录/记录(2).docx", "04社区报到/登记表.xlsx", archive.IndexDocx, archive.IndexXLSX}
	if strings.Join(paths, "|") != strings.Join(want, "|") {
		t.Errorf("manifest lists %q, want %q", paths, want)
	}
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var book []byte
	for _, f := range zr.File {
		if f.Name == archive.IndexXLSX {
			rc, _ := f.Open()
			book, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("卷内目录")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2+3 || rows[3][2] != "支委会记录" || rows[3][5] != "30年" || rows[4][5] != "10年" {
		t.Errorf("catalogue rows %q", rows)
	}
	sum, _ := x.GetRows("分类汇总")
	if len(sum) != 2+5 || sum[2][2] != "2" || !strings.Contains(sum[2][4], "全年召开会议2次") || sum[3][1] != "永久" {
		t.Errorf("summary rows %q", sum)
	}
}

// Verify refuses a package whose entry was altered after its manifest was
// written, and one with an entry the manifest does not list.
func TestVerifyTampered(t *testing.T) {
	t.Parallel()
	data := build(t)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, c := range []struct {
		name   string
		change func(name string, body []byte) []byte
		extra  bool
	}{
		{"altered entry", func(name string, b []byte) []byte {
			if name == "04社区报到/登记表.xlsx" {
				return append(b, 'x')
			}
			return b
		}, false},
		{"unlisted entry", func(_ string, b []byte) []byte { return b }, true},
	} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			out, _ := zw.Create(f.Name)
			out.Write(c.change(f.Name, b))
		}
		if c.extra {
			out, _ := zw.Create("extra.txt")
			out.Write([]byte("x"))
		}
		zw.Close()
		if _, err := archive.Verify(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err == nil {
			t.Errorf("%s: verified", c.name)
		}
	}
}

// A package of more files than DocListMax prints its folders in the .docx
// (the .xlsx still lists every file).
func TestLargeCatalogue(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := archive.NewWriter(&buf, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	for i := 0; i <= archive.DocListMax; i++ {
		dir := []string{"01三会一课/B1/会议记录/", "01三会一课/B2/会议记录/"}[i%2]
		if err := w.AddBytes(archive.Entry{Path: dir + "记录.docx", Category: zhibu.ArchiveMeetings, Title: "记录", Date: zhibu.MakeDate(2025, time.Month(1+i%12), 1)}, []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(archive.Info{OrgName: "局党委", Year: 2025}); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	read := func(name string) []byte {
		for _, f := range zr.File {
			if f.Name == name {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				return b
			}
		}
		t.Fatalf("no %s", name)
		return nil
	}
	dz, _ := zip.NewReader(bytes.NewReader(read(archive.IndexDocx)), int64(len(read(archive.IndexDocx))))
	var doc []byte
	for _, f := range dz.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			doc, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	for _, want := range []string{"案卷目录", "01三会一课/B1/会议记录", "1001", "2025-01-01至2025-11-01", "2025-02-01至2025-12-01"} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("the folder catalogue lacks %q", want)
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(read(archive.IndexXLSX)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if rows, _ := x.GetRows("卷内目录"); len(rows) != 2+archive.DocListMax+1 {
		t.Errorf("the .xlsx lists %d files", len(rows)-2)
	}
}
