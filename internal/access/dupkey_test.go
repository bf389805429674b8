package access_test

import (
	"testing"

	"zhibu/internal/access"
)

func TestDuplicateKey(t *testing.T) {
	for _, c := range []struct {
		body string
		key  string // "" for none
	}{
		{`{"org_id":9,"name":"a"}`, ""},
		{`{"org_id":9,"ORG_ID":5}`, "ORG_ID"},
		{`{"org_id":9,"org_id":5}`, "org_id"},
		{`{"ſ":1,"S":2}`, "S"}, // encoding/json folds ſ to S
		{`{"a":{"b":1,"B":2}}`, "B"},
		{`{"a":[{"b":1},{"b":2}],"c":[1,[2,{"d":3,"D":4}]]}`, "D"},
		{`{"a":[{"b":1,"x":{"y":[]}},{"b":2}],"A2":{},"a2":[]}`, "a2"},
		{`[{"a":1},{"a":2}]`, ""},
		{`{"a":1,`, ""},
		{`not json`, ""},
	} {
		key, ok := access.DuplicateKey([]byte(c.body))
		if key != c.key || ok != (c.key != "") {
			t.Errorf("DuplicateKey(%s) = %q, %v; want %q", c.body, key, ok, c.key)
		}
	}
}
