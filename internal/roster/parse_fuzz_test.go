package roster_test

import (
	"bytes"
	"testing"

	"zhibu"
	"zhibu/internal/roster"
)

// FuzzParse feeds the roster parser arbitrary files, xlsx and CSV alike
// (the seeds in testdata/fuzz/FuzzParse are the test workbooks and CSVs):
// it must never panic, and a file it accepts has every row within the
// limits.
func FuzzParse(f *testing.F) {
	f.Add([]byte("姓名,性别,民族,出生日期,身份证号,政治面貌\n张三,男,汉族,1980-05-01,650102198005010011,中共党员\n"))
	lim := roster.Limits{MaxBytes: 1 << 20, MaxRows: 200, MaxCellChars: 200, MaxUnzipBytes: 4 << 20, MaxUnzipXMLBytes: 2 << 20}
	today := zhibu.MakeDate(2026, 3, 1)
	f.Fuzz(func(t *testing.T, data []byte) {
		sh, err := roster.Parse(bytes.NewReader(data), lim, today)
		if err != nil {
			return
		}
		if sh == nil {
			t.Fatal("nil sheet without an error")
		}
		if len(sh.Rows) > lim.MaxRows {
			t.Fatalf("%d rows over the limit of %d", len(sh.Rows), lim.MaxRows)
		}
	})
}
