package dues_test

import (
	"bytes"
	"testing"

	"zhibu"
	"zhibu/internal/dues"
	"zhibu/internal/xlsx"
)

// FuzzParse feeds the payroll and bank sheet parser arbitrary files (seeds
// in testdata/fuzz/FuzzParse): it must never panic, and keeps to its row
// limit.
func FuzzParse(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	lim := xlsx.Limits{MaxBytes: 1 << 20, MaxRows: 200, MaxCellChars: 200, MaxUnzipBytes: 4 << 20, MaxUnzipXMLBytes: 2 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		sh, err := dues.Parse(bytes.NewReader(data), lim, today, zhibu.PayPayroll)
		if err != nil {
			return
		}
		if sh == nil {
			t.Fatal("nil sheet without an error")
		}
		if len(sh.Rows) > lim.MaxRows {
			t.Fatalf("%d rows over the limit", len(sh.Rows))
		}
	})
}
