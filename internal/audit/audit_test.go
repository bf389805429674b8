package audit_test

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"
	"time"

	"zhibu/internal/audit"
	"zhibu/internal/secret"
)

var (
	key   = secret.Key{7, 7, 7}
	wrong = secret.Key{8, 8, 8}
	t0    = time.Date(2026, 3, 1, 8, 0, 0, 123456000, time.UTC)
)

// chain makes n records chained under k, and the head after them.
func chain(k secret.Key, n int) ([]audit.Record, audit.Head) {
	var rs []audit.Record
	prev := ""
	for i := 1; i <= n; i++ {
		r := audit.Record{ID: int64(i), At: t0.Add(time.Duration(i) * time.Second), AccountID: int64(i % 3), Actor: "李娜",
			Address: "10.0.0.1", Action: "person.update", ObjectType: "person", ObjectID: fmt.Sprint(i),
			OrgPath: "/1/5/", Result: audit.OK, Detail: fmt.Sprintf("电话：138****%04d → 139****%04d", i, i)}
		r.MAC = audit.Chain(k, prev, r)
		prev = r.MAC
		rs = append(rs, r)
	}
	return rs, audit.Head{LastID: int64(n), LastMAC: prev}
}

func TestCanonicalUnambiguous(t *testing.T) {
	a := audit.Record{ID: 1, At: t0, Actor: "ab", Address: "c", Action: "x", Result: "ok"}
	b := audit.Record{ID: 1, At: t0, Actor: "a", Address: "bc", Action: "x", Result: "ok"}
	if bytes.Equal(audit.Canonical(a), audit.Canonical(b)) {
		t.Errorf("\"ab\"+\"c\" and \"a\"+\"bc\" encode the same: %q", audit.Canonical(a))
	}
	if audit.Chain(key, "", a) == audit.Chain(key, "", b) {
		t.Error("same MAC for different records")
	}
	// Every field counts, the MAC does not.
	base := audit.Record{ID: 1, At: t0, AccountID: 2, Actor: "a", Address: "b", Action: "c", ObjectType: "d",
		ObjectID: "e", OrgPath: "f", Result: "g", Detail: "h"}
	edits := []func(*audit.Record){
		func(r *audit.Record) { r.ID++ },
		func(r *audit.Record) { r.At = r.At.Add(time.Microsecond) },
		func(r *audit.Record) { r.AccountID++ },
		func(r *audit.Record) { r.Actor += "x" },
		func(r *audit.Record) { r.Address += "x" },
		func(r *audit.Record) { r.Action += "x" },
		func(r *audit.Record) { r.ObjectType += "x" },
		func(r *audit.Record) { r.ObjectID += "x" },
		func(r *audit.Record) { r.OrgPath += "x" },
		func(r *audit.Record) { r.Result += "x" },
		func(r *audit.Record) { r.Detail += "x" },
	}
	seen := map[string]int{string(audit.Canonical(base)): -1}
	for i, edit := range edits {
		r := base
		edit(&r)
		c := string(audit.Canonical(r))
		if j, ok := seen[c]; ok {
			t.Errorf("edit %d encodes like %d: %q", i, j, c)
		}
		seen[c] = i
	}
	withMAC := base
	withMAC.MAC = "x"
	if !bytes.Equal(audit.Canonical(base), audit.Canonical(withMAC)) {
		t.Error("the MAC is part of the canonical form")
	}
	// The same instant in another zone is the same record.
	local := base
	local.At = base.At.In(time.FixedZone("CST", 8*3600))
	if !bytes.Equal(audit.Canonical(base), audit.Canonical(local)) {
		t.Error("the zone of At changes the canonical form")
	}
	want := "14:zhibu.audit.v1,1:1,27:2026-03-01T08:00:00.123456Z,1:2,1:a,1:b,1:c,1:d,1:e,1:f,1:g,1:h,"
	if got := string(audit.Canonical(base)); got != want {
		t.Errorf("canonical form\n got %q\nwant %q", got, want)
	}
}

func TestChain(t *testing.T) {
	rs, _ := chain(key, 3)
	if audit.Chain(key, rs[0].MAC, rs[1]) != rs[1].MAC {
		t.Error("chain is not deterministic")
	}
	if audit.Chain(key, "", rs[1]) == rs[1].MAC || audit.Chain(key, rs[1].MAC, rs[1]) == rs[1].MAC {
		t.Error("the MAC does not depend on the previous MAC")
	}
	if audit.Chain(wrong, rs[0].MAC, rs[1]) == rs[1].MAC {
		t.Error("the MAC does not depend on the key")
	}
	if n := len(rs[0].MAC); n != 44 {
		t.Errorf("MAC length %d, want 44 (base64 of 32 bytes)", n)
	}
}

func TestVerify(t *testing.T) {
	const n = 50
	swap := func(rs []audit.Record, i, j int) { // swap everything but the ids
		a, b := rs[i-1], rs[j-1]
		a.ID, b.ID = b.ID, a.ID
		rs[i-1], rs[j-1] = b, a
	}
	forge := func(rs []audit.Record, at int) []audit.Record { // insert a record at id at, shifting the rest
		f := audit.Record{ID: int64(at), At: rs[at-1].At, Actor: "伪造", Action: "person.update", Result: audit.OK}
		f.MAC = audit.Chain(wrong, rs[at-2].MAC, f)
		rs = slices.Insert(rs, at-1, f)
		for i := at; i < len(rs); i++ {
			rs[i].ID++
		}
		return rs
	}
	tests := []struct {
		name   string
		tamper func(rs []audit.Record, h *audit.Head) []audit.Record
		kind   string
		id     int64
		msg    string
	}{
		{"intact", nil, "", 0, ""},
		{"edit a field", func(rs []audit.Record, h *audit.Head) []audit.Record {
			rs[16].Detail = "电话：无变化"
			return rs
		}, audit.Altered, 17, "第17条审计记录被修改"},
		{"edit the time", func(rs []audit.Record, h *audit.Head) []audit.Record {
			rs[16].At = rs[16].At.Add(-time.Hour)
			return rs
		}, audit.Altered, 17, "第17条审计记录被修改"},
		{"edit a MAC", func(rs []audit.Record, h *audit.Head) []audit.Record {
			rs[16].MAC = rs[15].MAC
			return rs
		}, audit.Altered, 17, "第17条审计记录被修改"},
		{"edit the first", func(rs []audit.Record, h *audit.Head) []audit.Record {
			rs[0].Actor = "王芳"
			return rs
		}, audit.Altered, 1, "第1条审计记录被修改"},
		{"edit the last", func(rs []audit.Record, h *audit.Head) []audit.Record {
			rs[n-1].Result = audit.Failed
			return rs
		}, audit.Altered, n, "第50条审计记录被修改"},
		{"change an id", func(rs []audit.Record, h *audit.Head) []audit.Record {
			rs[16].ID = 1000
			slices.SortFunc(rs, func(a, b audit.Record) int { return int(a.ID - b.ID) })
			return rs
		}, audit.Reordered, 17, "第17条审计记录的位置被移动（编号被改为1000）"},
		{"delete one", func(rs []audit.Record, h *audit.Head) []audit.Record {
			return slices.Delete(rs, 22, 23)
		}, audit.Deleted, 23, "第22条之后的审计记录被删除（缺少第23条）"},
		{"delete three", func(rs []audit.Record, h *audit.Head) []audit.Record {
			return slices.Delete(rs, 57-50, 60-50)
		}, audit.Deleted, 8, "第7条之后的审计记录被删除（缺少第8至10条）"},
		{"delete the first", func(rs []audit.Record, h *audit.Head) []audit.Record {
			return rs[2:]
		}, audit.Deleted, 1, "开头的审计记录被删除（缺少第1至2条）"},
		{"delete and renumber", func(rs []audit.Record, h *audit.Head) []audit.Record {
			rs = slices.Delete(rs, 22, 24)
			for i := 22; i < len(rs); i++ {
				rs[i].ID -= 2
			}
			h.LastID -= 2
			return rs
		}, audit.Deleted, 23, "第22条之后的审计记录被删除（2条），其后记录的编号被前移"},
		{"delete the first and renumber", func(rs []audit.Record, h *audit.Head) []audit.Record {
			rs = rs[1:]
			for i := range rs {
				rs[i].ID--
			}
			h.LastID--
			return rs
		}, audit.Deleted, 1, "开头的审计记录被删除（1条），其后记录的编号被前移"},
		{"delete the last three", func(rs []audit.Record, h *audit.Head) []audit.Record {
			return rs[:n-3]
		}, audit.Deleted, n - 2, "第47条之后的审计记录被删除（缺少第48至50条）"},
		{"delete all", func(rs []audit.Record, h *audit.Head) []audit.Record {
			return nil
		}, audit.Deleted, 1, "全部审计记录被删除（缺少第1至50条）"},
		{"delete the last and fix the head", func(rs []audit.Record, h *audit.Head) []audit.Record {
			h.LastID = n - 1
			return rs[:n-1]
		}, audit.Altered, n - 1, "审计记录链尾标记被修改（与第49条记录不符）"},
		{"insert one", func(rs []audit.Record, h *audit.Head) []audit.Record {
			h.LastID++
			return forge(rs, 30)
		}, audit.Inserted, 30, "第30条审计记录是插入的（原第30条及其后的记录编号被后移）"},
		{"insert two", func(rs []audit.Record, h *audit.Head) []audit.Record {
			h.LastID += 2
			return forge(forge(rs, 30), 31)
		}, audit.Inserted, 30, "第30至31条审计记录是插入的（原第30条及其后的记录编号被后移）"},
		{"append a forged record", func(rs []audit.Record, h *audit.Head) []audit.Record {
			f := audit.Record{ID: n + 1, At: t0, Actor: "伪造", Action: "login", Result: audit.OK}
			f.MAC = audit.Chain(wrong, rs[n-1].MAC, f)
			h.LastID, h.LastMAC = f.ID, f.MAC
			return append(rs, f)
		}, audit.Altered, n + 1, "第51条审计记录被修改"},
		{"swap neighbours", func(rs []audit.Record, h *audit.Head) []audit.Record {
			swap(rs, 31, 32)
			return rs
		}, audit.Reordered, 31, "第31条审计记录的位置被调换（该记录原为第32条）"},
		{"swap far apart", func(rs []audit.Record, h *audit.Head) []audit.Record {
			swap(rs, 31, 40)
			return rs
		}, audit.Reordered, 31, "第31条审计记录的位置被调换（该记录原为第40条）"},
		{"swap with the last", func(rs []audit.Record, h *audit.Head) []audit.Record {
			swap(rs, 3, n)
			return rs
		}, audit.Reordered, 3, "第3条审计记录的位置被调换（该记录原为第50条）"},
		{"out of id order", func(rs []audit.Record, h *audit.Head) []audit.Record {
			rs[30], rs[31] = rs[31], rs[30]
			return rs
		}, audit.Reordered, 31, "第31条审计记录的顺序被打乱（第32条排在其前）"},
		{"another key", func(rs []audit.Record, h *audit.Head) []audit.Record {
			prev := ""
			for i := range rs {
				rs[i].MAC = audit.Chain(wrong, prev, rs[i])
				prev = rs[i].MAC
			}
			h.LastMAC = prev
			return rs
		}, audit.Altered, 1, "第1条审计记录被修改"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, head := chain(key, n)
			if tt.tamper != nil {
				rs = tt.tamper(rs, &head)
			}
			checked, p, err := audit.Verify(key, head, audit.Each(rs))
			if err != nil {
				t.Fatal(err)
			}
			if tt.kind == "" {
				if p != nil || checked != n {
					t.Fatalf("intact trail: checked %d, problem %+v", checked, p)
				}
				return
			}
			if p == nil {
				t.Fatalf("not detected (checked %d)", checked)
			}
			if p.Kind != tt.kind || p.ID != tt.id || (tt.msg != "" && p.Message != tt.msg) {
				t.Errorf("got %s at %d %q, want %s at %d %q", p.Kind, p.ID, p.Message, tt.kind, tt.id, tt.msg)
			}
			if want := min(int(tt.id)-1, len(rs)); checked != want && tt.kind != audit.Altered {
				t.Errorf("checked %d, want %d", checked, want)
			}
		})
	}
}

func TestVerifyEmpty(t *testing.T) {
	checked, p, err := audit.Verify(key, audit.Head{}, audit.Each(nil))
	if checked != 0 || p != nil || err != nil {
		t.Errorf("empty trail: %d %v %v", checked, p, err)
	}
}

func TestVerifyError(t *testing.T) {
	rs, head := chain(key, 5)
	boom := errors.New("boom")
	var seq iter.Seq2[audit.Record, error] = func(yield func(audit.Record, error) bool) {
		for _, r := range rs[:3] {
			if !yield(r, nil) {
				return
			}
		}
		yield(audit.Record{}, boom)
	}
	checked, p, err := audit.Verify(key, head, seq)
	if !errors.Is(err, boom) || p != nil || checked != 3 {
		t.Errorf("got %d %v %v", checked, p, err)
	}
}

func BenchmarkVerify(b *testing.B) {
	rs, head := chain(key, 10000)
	b.ResetTimer()
	for b.Loop() {
		if _, p, err := audit.Verify(key, head, audit.Each(rs)); p != nil || err != nil {
			b.Fatal(p, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(rs)), "ns/record")
}
