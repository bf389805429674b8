package store_test

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/secret"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// rawDB is a migrated store together with a plain connection to the same
// database, to look at (and tamper with) what is stored.
type rawDB struct {
	engine string
	s      *store.Store
	raw    *sql.DB
	path   string // the SQLite file; "" on PostgreSQL
	dsn    string
}

// eachRaw runs fn on SQLite and, when configured, PostgreSQL.
func eachRaw(t *testing.T, fn func(t *testing.T, db rawDB)) {
	t.Run("sqlite", func(t *testing.T) {
		path := storetest.SQLitePath(t)
		db := rawDB{engine: "sqlite", path: path, dsn: path, s: openStore(t, path, storetest.Keys)}
		raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { raw.Close() })
		db.raw = raw
		fn(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresDSN(t)
		db := rawDB{engine: "postgres", dsn: dsn, s: openStore(t, dsn, storetest.Keys)}
		raw, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { raw.Close() })
		db.raw = raw
		fn(t, db)
	})
}

func openStore(t *testing.T, dsn string, keys store.Keys) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, keys)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// secretPeople are people with known ID numbers and phones: created,
// updated, moved and imported, so that every write path stores them.
func secretPeople(t *testing.T, s *store.Store) (committee zhibu.Org, ids, phones []string) {
	t.Helper()
	committee, branch, g1, g2 := tree(t, s)
	var people []zhibu.Person
	for i, name := range []string{"甲", "乙", "丙", "丁"} {
		p := person(name, zhibu.FullMember, branch.ID, g1.ID)
		p.Phone = []string{"13812345678", "15987654321", "0991-7654321", "18600001111"}[i]
		people = append(people, p)
	}
	a, err := s.CreatePerson(sys, people[0])
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreatePerson(sys, people[1])
	if err != nil {
		t.Fatal(err)
	}
	// An update that changes the ID number and phone: the old values must
	// not remain either.
	old := b
	b.IDNumber = zhibu.MakeIDNumber("110101", b.BirthDate, 516)
	b.Phone = "13300002222"
	if _, err := s.UpdatePerson(sys, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MovePerson(sys, a.ID, branch.ID, g2.ID, zhibu.Today(time.Now()), "调整党小组"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportPeople(sys, branch.ID, people[2:]); err != nil {
		t.Fatal(err)
	}
	// An upload waiting for its confirmation holds them too.
	csv := "姓名,身份证号,手机号\n戊," + old.IDNumber + "," + old.Phone + "\n"
	if err := s.SaveUpload(sys, store.UploadRoster, strings.Repeat("ab", 16), branch.ID, "花名册.csv", []byte(csv)); err != nil {
		t.Fatal(err)
	}
	for _, p := range append(people, old, b) {
		ids, phones = append(ids, p.IDNumber), append(phones, p.Phone)
	}
	return committee, ids, phones
}

// leaks lists each ID number or phone, or 10-character part of one (an ID
// number's middle, a phone without its first or last digit), that data
// holds in the clear or as hex.
func leaks(data []byte, ids, phones []string) []string {
	var out []string
	check := func(v string) {
		for i := 0; i+10 <= len(v); i++ {
			part := v[i : i+10]
			if bytes.Contains(data, []byte(part)) || bytes.Contains(data, []byte(hex.EncodeToString([]byte(part)))) {
				out = append(out, v+" ("+part+")")
				return
			}
		}
	}
	for _, v := range ids {
		check(v)
	}
	for _, v := range phones {
		check(strings.ReplaceAll(v, "-", ""))
		check(v)
	}
	return out
}

// Encrypted columns hold no plaintext: not in the SQLite file (nor its
// write-ahead log), not in any column of any table on PostgreSQL.
func TestNoPlaintext(t *testing.T) {
	eachRaw(t, func(t *testing.T, db rawDB) {
		committee, ids, phones := secretPeople(t, db.s)
		// The store still reads them back (ids[1] was changed to ids[5]).
		for _, id := range []string{ids[0], ids[2], ids[3], ids[5]} {
			ps, err := db.s.People(sys, committee.ID, zhibu.PersonFilter{Query: id})
			if err != nil || len(ps) != 1 || ps[0].IDNumber != id {
				t.Fatalf("search %s = %+v, %v", id, ps, err)
			}
		}
		var dump []byte
		switch db.engine {
		case "sqlite":
			db.raw.Close()
			if err := db.s.Close(); err != nil {
				t.Fatal(err)
			}
			for _, suffix := range []string{"", "-wal", "-journal"} {
				b, err := os.ReadFile(db.path + suffix)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				dump = append(dump, b...)
			}
			if len(dump) < 4096 {
				t.Fatalf("database file holds %d bytes", len(dump))
			}
			// The test would see plaintext: the known name is there.
			if !bytes.Contains(dump, []byte("调整党小组")) {
				t.Fatal("the dump lacks the move's reason: the file was not read as it is")
			}
		case "postgres":
			rows, err := db.raw.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
			if err != nil {
				t.Fatal(err)
			}
			var tables []string
			for rows.Next() {
				var name string
				rows.Scan(&name)
				tables = append(tables, name)
			}
			rows.Close()
			if len(tables) < 5 {
				t.Fatalf("tables = %v", tables)
			}
			for _, table := range tables {
				rows, err := db.raw.Query(`SELECT t::text FROM ` + table + ` t`)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var row string
					rows.Scan(&row)
					dump = append(dump, row...)
					dump = append(dump, '\n')
				}
				rows.Close()
			}
			var people string
			if err := db.raw.QueryRow(`SELECT string_agg(p::text, E'\n') FROM people p`).Scan(&people); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(people, "甲") || !strings.Contains(people, "v1:") {
				t.Fatalf("people rows: %s", people)
			}
		}
		if l := leaks(dump, ids, phones); len(l) > 0 {
			t.Errorf("stored in the clear: %v", l)
		}
		// The masks are there, for display and search by the last four.
		if m := secret.MaskID(ids[0]); !bytes.Contains(dump, []byte(m)) {
			t.Errorf("mask %s not stored", m)
		}
	})
}

// Search finds a person by the full ID number (through its keyed hash) or
// by its last four to six characters; the duplicate check uses the hash.
func TestSearchByIDNumber(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		committee, branch, _, _ := tree(t, s)
		mk := func(name string, birth zhibu.Date, seq int) zhibu.Person {
			p := person(name, zhibu.Masses, branch.ID, 0)
			p.BirthDate, p.IDNumber = birth, zhibu.MakeIDNumber("650102", birth, seq)
			p, err := s.CreatePerson(sys, p)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		// 甲 and 乙 share the last four characters of their ID numbers (the
		// same sequence and check digit), not the fifth from the end (the
		// last digit of the birth day).
		first := zhibu.MakeDate(1990, 1, 1)
		var second zhibu.Date
		for day := 2; day <= 28 && second.IsZero(); day++ {
			d := zhibu.MakeDate(1990, 1, day)
			x, y := zhibu.MakeIDNumber("650102", first, 124), zhibu.MakeIDNumber("650102", d, 124)
			if x[14:] == y[14:] && x[13] != y[13] {
				second = d
			}
		}
		a, b := mk("甲", first, 124), mk("乙", second, 124)
		c := mk("丙", zhibu.MakeDate(1991, 2, 3), 998)
		if c.IDNumber[17] != 'X' {
			c = mk("丙二", zhibu.MakeDate(1991, 2, 4), 996)
		}
		search := func(q string, f zhibu.PersonFilter) []string {
			t.Helper()
			f.Query = q
			ps, err := s.People(sys, committee.ID, f)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, p := range ps {
				names = append(names, p.Name)
			}
			return names
		}
		for _, tc := range []struct {
			q    string
			f    zhibu.PersonFilter
			want string
		}{
			{q: a.IDNumber, want: a.Name},
			{q: strings.ToLower(c.IDNumber), want: c.Name},
			{q: strings.ToLower(c.IDNumber[13:]), want: c.Name},
			{q: " " + b.IDNumber + " ", want: b.Name},
			{q: a.IDNumber[14:], want: b.Name + "," + a.Name}, // by name: 乙 before 甲
			{q: a.IDNumber[13:], want: a.Name},
			{q: b.IDNumber[12:], want: b.Name},
			{q: c.IDNumber[14:], want: c.Name},
			{q: a.IDNumber[14:], f: zhibu.PersonFilter{Limit: 1}, want: b.Name},
			{q: a.IDNumber[14:], f: zhibu.PersonFilter{Limit: 1, Offset: 1}, want: a.Name},
			{q: a.IDNumber[13:], f: zhibu.PersonFilter{Limit: 1}, want: a.Name},
			{q: a.IDNumber[13:], f: zhibu.PersonFilter{Limit: 1, Offset: 1}, want: ""},
			{q: a.IDNumber[10:], want: ""},           // 8 characters: neither a tail nor a name
			{q: a.IDNumber[:6], want: ""},            // the region code is not searched
			{q: secret.MaskID(a.IDNumber), want: ""}, // nor the mask
			{q: "甲", want: a.Name},
			{q: "%", want: ""},
		} {
			if got := strings.Join(search(tc.q, tc.f), ","); got != tc.want {
				t.Errorf("search %q %+v = %q, want %q", tc.q, tc.f, got, tc.want)
			}
		}

		// The duplicate check and the unique index work on the hash.
		got, err := s.ExistingIDNumbers(sys, []string{a.IDNumber, strings.ToLower(c.IDNumber), zhibu.MakeIDNumber("650102", a.BirthDate, 777)})
		if err != nil || len(got) != 2 || !got[a.IDNumber] || !got[strings.ToLower(c.IDNumber)] {
			t.Errorf("existing = %v, %v", got, err)
		}
		dup := person("丁", zhibu.Masses, branch.ID, 0)
		dup.IDNumber, dup.BirthDate, dup.Gender = a.IDNumber, a.BirthDate, a.Gender
		_, err = s.CreatePerson(sys, dup)
		wantProblem(t, err, "id_number", "身份证号：已有人员使用该身份证号")
		b.IDNumber = a.IDNumber
		b.BirthDate, b.Gender = a.BirthDate, a.Gender
		_, err = s.UpdatePerson(sys, b)
		wantProblem(t, err, "id_number", "身份证号：已有人员使用该身份证号")
	})
}

// A value that does not decrypt, under another key or moved to another
// column, is an error, never a blank.
func TestUndecryptable(t *testing.T) {
	eachRaw(t, func(t *testing.T, db rawDB) {
		_, branch, _, _ := tree(t, db.s)
		p := person("甲", zhibu.Masses, branch.ID, 0)
		p.Phone = "13812345678"
		p, err := db.s.CreatePerson(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		other := storetest.Keys
		other.Data = secret.Key{9, 9, 9}
		s2, err := store.Open(context.Background(), db.dsn, other)
		if err != nil {
			t.Fatal(err)
		}
		defer s2.Close()
		if got, err := s2.Person(sys, p.ID); err == nil || zhibu.UserMessage(err) != "内部错误" || got.IDNumber != "" {
			t.Errorf("another key: %+v, %v", got, err)
		}
		if _, err := db.s.People(sys, branch.ID, zhibu.PersonFilter{}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.raw.Exec(`UPDATE people SET id_number_enc = phone_enc WHERE id = $1`, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.s.Person(sys, p.ID); err == nil || !strings.Contains(err.Error(), "does not decrypt") {
			t.Errorf("a phone as the ID number: %v", err)
		}
		if ps, err := db.s.People(sys, branch.ID, zhibu.PersonFilter{}); err == nil {
			t.Errorf("people = %+v", ps)
		}
	})
}

// Every write to people is audited in its own transaction: the records
// name the action, the person and the org, and hold no ID number or phone;
// when the record cannot be written, the write is not done.
func TestPeopleAudited(t *testing.T) {
	eachRaw(t, func(t *testing.T, db rawDB) {
		s := db.s
		committee, branch, g1, g2 := tree(t, s)
		p := person("李娜", zhibu.Activist, branch.ID, g1.ID)
		p.Phone = "13812345678"
		p, err := s.CreatePerson(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		p.Unit, p.Phone = "治安大队", "13912345678"
		if _, err := s.UpdatePerson(sys, p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MovePerson(sys, p.ID, branch.ID, g2.ID, zhibu.Today(time.Now()), "调整党小组"); err != nil {
			t.Fatal(err)
		}
		imported := []zhibu.Person{person("王芳", zhibu.Masses, 0, 0), person("张伟", zhibu.Masses, 0, 0)}
		if _, err := s.ImportPeople(sys, branch.ID, imported); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveUpload(sys, store.UploadRoster, strings.Repeat("cd", 16), branch.ID, "名册.xlsx", []byte("PK...")); err != nil {
			t.Fatal(err)
		}
		if _, data, err := s.Upload(sys, strings.Repeat("cd", 16), branch.ID); err != nil || string(data) != "PK..." {
			t.Errorf("upload = %q, %v", data, err)
		}
		people, full, err := s.ExportPeople(sys, committee.ID, zhibu.PersonFilter{}, "xlsx")
		if err != nil || !full || len(people) != 3 || people[0].IDNumber == secret.MaskID(people[0].IDNumber) {
			t.Errorf("export = %d people, full %v, %v", len(people), full, err)
		}

		id := itoa(p.ID)
		want := []struct{ action, objType, objID, path, detail string }{
			{"person.create", "person", id, branch.Path, "新增人员：李娜，身份证号" + secret.MaskID(p.IDNumber) + "，第一党支部 第一党小组"},
			{"person.update", "person", id, p.OrgPath, "手机号已修改；单位：（空） → 治安大队"},
			{"person.move", "person", id, p.OrgPath, "由第一党支部 第一党小组调至第一党支部 第二党小组，调动日期" + zhibu.Today(time.Now()).String() + "，原因：调整党小组"},
			{"people.import", "org", itoa(branch.ID), branch.Path, "导入花名册：2人，至第一党支部"},
			{"roster.upload", "org", itoa(branch.ID), branch.Path, "上传花名册文件“名册.xlsx”（5字节），待确认导入第一党支部"},
			{"roster.export", "org", itoa(committee.ID), committee.Path, "导出市公安局党委花名册（xlsx）：3人，含完整身份证号和手机号"},
		}
		recs := peopleRecords(t, s)
		if len(recs) != len(want) {
			t.Fatalf("audit: %d records: %+v", len(recs), recs)
		}
		for i, w := range want {
			r := recs[i]
			if r.Action != w.action || r.ObjectType != w.objType || r.ObjectID != w.objID || r.OrgPath != w.path ||
				r.Result != "ok" || r.Detail != w.detail || r.Actor != zhibu.System.Name {
				t.Errorf("record %d = %+v\nwant %+v", i+1, r, w)
			}
			if l := leaks([]byte(r.Detail), []string{p.IDNumber}, []string{"13812345678", "13912345678"}); len(l) > 0 {
				t.Errorf("record %d holds %v", i+1, l)
			}
		}

		// A masked export for an actor without the right to see more, and
		// no record of it.
		reader := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 3, Name: "宣传委员",
			Scope:  zhibu.Scope{Paths: []string{branch.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}, {Perm: zhibu.PermSensitive, Path: g1.Path}}})
		people, full, err = s.ExportPeople(reader, branch.ID, zhibu.PersonFilter{}, "csv")
		if err != nil || full || len(people) != 3 {
			t.Fatalf("masked export = %d, %v, %v", len(people), full, err)
		}
		for _, x := range people {
			if x.IDNumber != secret.MaskID(x.IDNumber) || strings.Count(x.IDNumber, "*") != 8 {
				t.Errorf("masked export holds %s", x.IDNumber)
			}
			if x.Name == "李娜" && x.Phone != "139****5678" {
				t.Errorf("masked export holds phone %s", x.Phone)
			}
		}
		if recs := peopleRecords(t, s); len(recs) != len(want) {
			t.Errorf("a masked export was audited: %d records", len(recs))
		}

		// Without an audit trail to write to, no write is done.
		if _, err := db.raw.Exec(`DELETE FROM audit_head`); err != nil {
			t.Fatal(err)
		}
		before, _ := s.People(sys, committee.ID, zhibu.PersonFilter{})
		if _, err := s.CreatePerson(sys, person("赵敏", zhibu.Masses, branch.ID, 0)); err == nil {
			t.Error("create without audit succeeded")
		}
		q := p
		q.Unit = "办公室"
		if _, err := s.UpdatePerson(sys, q); err == nil {
			t.Error("update without audit succeeded")
		}
		if _, err := s.MovePerson(sys, p.ID, branch.ID, g1.ID, zhibu.Today(time.Now()), ""); err == nil {
			t.Error("move without audit succeeded")
		}
		if _, err := s.ImportPeople(sys, branch.ID, []zhibu.Person{person("孙丽", zhibu.Masses, 0, 0)}); err == nil {
			t.Error("import without audit succeeded")
		}
		if err := s.SaveUpload(sys, store.UploadRoster, strings.Repeat("ef", 16), branch.ID, "x.csv", []byte("x")); err == nil {
			t.Error("upload without audit succeeded")
		}
		if _, _, err := s.ExportPeople(sys, branch.ID, zhibu.PersonFilter{}, "csv"); err == nil {
			t.Error("full export without audit succeeded")
		}
		after, _ := s.People(sys, committee.ID, zhibu.PersonFilter{})
		if len(after) != len(before) || after[0].Unit != before[0].Unit || after[0].GroupID != before[0].GroupID {
			t.Errorf("writes without audit were kept:\n%+v\n%+v", before, after)
		}
		changes, _ := s.Changes(sys, p.ID)
		moves, _ := s.Moves(sys, p.ID)
		if len(changes) != 1 || len(moves) != 2 {
			t.Errorf("history grew without audit: %d changes, %d moves", len(changes), len(moves))
		}
	})
}

// peopleRecords are the audit records of people, uploads and exports
// (not those of orgs), oldest first.
func peopleRecords(t *testing.T, s *store.Store) []audit.Record {
	t.Helper()
	var out []audit.Record
	for _, prefix := range []string{"person.", "people.", "roster."} {
		recs, _, err := s.AuditRecords(sys, store.AuditFilter{Action: prefix})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, recs...)
	}
	slices.SortFunc(out, func(a, b audit.Record) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
