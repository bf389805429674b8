package register_test

import (
	"bytes"
	"testing"

	"zhibu"
	"zhibu/internal/register"
)

// FuzzParse feeds the meetings register parser arbitrary files (seeds in
// testdata/fuzz/FuzzParse: the test workbooks): it must never panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	lim := register.Limits{MaxBytes: 1 << 20, MaxRows: 200, MaxCellChars: 500, MaxUnzipBytes: 4 << 20, MaxUnzipXMLBytes: 2 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		sh, err := register.Parse(bytes.NewReader(data), lim, zhibu.DefaultZone)
		if err == nil && sh == nil {
			t.Fatal("nil sheet without an error")
		}
	})
}
