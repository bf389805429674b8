package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"zhibu"
	"zhibu/internal/access"
)

// FuzzDecode feeds arbitrary bodies to the API's JSON decoding, as a
// person and as a move: nothing may panic; every refusal is an ErrInvalid
// error (a message for the client, never an internal error); what is
// accepted is one valid JSON object without keys that differ only in case.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"name":"赵敏","gender":"男","birth_date":"1990-05-06","org_id":3}`,
		`{"org_id":9,"ORG_ID":5}`, `{"org_id":9,"on":"2026-01-15","reason":"调动"}`,
		`{"a":{"b":1,"B":2}}`, `[1,2]`, `{}`, `{"org_id":"9"}`, `{"birth_date":"2018-02-30"}`, "{\"name\":\"\xff\"}", `{"org_id":1}{}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		check := func(err error) {
			if err == nil {
				if !json.Valid(body) {
					t.Fatalf("accepted invalid JSON %q", body)
				}
				if k, dup := access.DuplicateKey(body); dup {
					t.Fatalf("accepted %q with key %q twice", body, k)
				}
				return
			}
			if !errors.Is(err, zhibu.ErrInvalid) {
				t.Fatalf("body %q: %v is not ErrInvalid", body, err)
			}
		}
		for _, decodeAs := range []func(http.ResponseWriter, *http.Request) error{
			func(w http.ResponseWriter, r *http.Request) error { _, err := decode[zhibu.Person](w, r); return err },
			func(w http.ResponseWriter, r *http.Request) error { _, err := decode[personMove](w, r); return err },
		} {
			r := httptest.NewRequest("POST", "/api/v1/people", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			check(decodeAs(httptest.NewRecorder(), r))
		}
	})
}
