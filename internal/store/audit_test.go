package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/secret"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// auditor is an actor as the trail records it.
func auditor(id int64, name, addr string, grants ...zhibu.Grant) context.Context {
	return zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: id, Name: name, Address: addr, Grants: grants})
}

var auditAdmin = auditor(9, "审计员", "10.0.0.9", zhibu.Grant{Perm: zhibu.PermAuditRead})

// appendEvents appends n events through s.Audit, from a few actors and
// orgs.
func appendEvents(t testing.TB, s *store.Store, n int) {
	t.Helper()
	actors := []context.Context{
		auditor(1, "李娜", "10.0.0.1"),
		auditor(2, "王芳", "2001:db8::2"),
		auditor(0, "", "192.0.2.7"), // a failed login from nobody known
	}
	for i := 1; i <= n; i++ {
		e := store.Event{Action: audit.PersonUpdate, ObjectType: "person", ObjectID: fmt.Sprint(i), OrgPath: "/1/5/",
			Result: audit.OK, Detail: fmt.Sprintf("手机号：138****%04d → 139****%04d", i, i)}
		if i%7 == 0 {
			e = store.Event{Action: audit.LoginFailed, ObjectType: "account", ObjectID: "lina", Result: audit.Refused, Detail: "密码错误"}
		}
		if err := s.Audit(actors[i%len(actors)], e); err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
}

// exec runs statements on the raw connection.
func exec(t *testing.T, raw *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func macOf(t *testing.T, raw *sql.DB, id int64) string {
	t.Helper()
	var m string
	if err := raw.QueryRow(`SELECT mac FROM audit_log WHERE id = $1`, id).Scan(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestAuditVerify(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		checked, p, err := s.VerifyAudit(sys)
		if err != nil || p != nil || checked != 0 {
			t.Fatalf("empty trail: %d %v %v", checked, p, err)
		}
		appendEvents(t, s, 50)
		checked, p, err = s.VerifyAudit(sys)
		if err != nil || p != nil || checked != 50 {
			t.Fatalf("intact trail: %d %v %v", checked, p, err)
		}
		if _, _, err := s.VerifyAudit(auditor(1, "李娜", "", zhibu.Grant{Perm: zhibu.PermAuditRead, Path: "/1/5/"})); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("a branch's reader verifies the whole trail: %v", err)
		}
		if _, _, err := s.VerifyAudit(auditAdmin); err != nil {
			t.Errorf("the audit administrator cannot verify: %v", err)
		}
	})
}

// TestAuditTamper changes the trail with plain SQL, as someone with the
// database but not the audit key would, and checks that verification names
// the right record.
func TestAuditTamper(t *testing.T) {
	wrongKey := secret.Key{9, 9, 9}
	tests := []struct {
		name   string
		tamper func(t *testing.T, raw *sql.DB)
		kind   string
		id     int64
		msg    string
	}{
		{"edit a field", func(t *testing.T, raw *sql.DB) {
			exec(t, raw, `UPDATE audit_log SET detail = '手机号：无变化' WHERE id = 17`)
		}, audit.Altered, 17, "第17条审计记录被修改"},
		{"edit the actor", func(t *testing.T, raw *sql.DB) {
			exec(t, raw, `UPDATE audit_log SET actor = '赵磊', account_id = 3 WHERE id = 17`)
		}, audit.Altered, 17, "第17条审计记录被修改"},
		{"edit the time", func(t *testing.T, raw *sql.DB) {
			if _, err := raw.Exec(`UPDATE audit_log SET at = $1 WHERE id = 17`, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}, audit.Altered, 17, "第17条审计记录被修改"},
		{"delete one", func(t *testing.T, raw *sql.DB) {
			exec(t, raw, `DELETE FROM audit_log WHERE id = 23`)
		}, audit.Deleted, 23, "第22条之后的审计记录被删除（缺少第23条）"},
		{"delete and renumber", func(t *testing.T, raw *sql.DB) {
			exec(t, raw, `DELETE FROM audit_log WHERE id = 23`,
				`UPDATE audit_log SET id = -(id - 1) WHERE id > 23`,
				`UPDATE audit_log SET id = -id WHERE id < 0`,
				`UPDATE audit_head SET last_id = last_id - 1`)
		}, audit.Deleted, 23, "第22条之后的审计记录被删除（1条），其后记录的编号被前移"},
		{"insert a forged record", func(t *testing.T, raw *sql.DB) {
			// Make room at 30 and put there a record chained from 29 with a
			// key that is not the audit key.
			exec(t, raw, `UPDATE audit_log SET id = -(id + 1) WHERE id >= 30`,
				`UPDATE audit_log SET id = -id WHERE id < 0`,
				`UPDATE audit_head SET last_id = last_id + 1`)
			f := audit.Record{ID: 30, At: time.Now().UTC().Truncate(time.Microsecond), Actor: "李娜", Address: "10.0.0.1",
				Action: "person.update", ObjectType: "person", ObjectID: "99", OrgPath: "/1/5/", Result: audit.OK, Detail: "伪造"}
			f.MAC = audit.Chain(wrongKey, macOf(t, raw, 29), f)
			_, err := raw.Exec(`INSERT INTO audit_log (id, at, actor, address, action, object_type, object_id, org_path, result, detail, mac)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				f.ID, f.At, f.Actor, f.Address, f.Action, f.ObjectType, f.ObjectID, f.OrgPath, f.Result, f.Detail, f.MAC)
			if err != nil {
				t.Fatal(err)
			}
		}, audit.Inserted, 30, "第30条审计记录是插入的（原第30条及其后的记录编号被后移）"},
		{"append a forged record", func(t *testing.T, raw *sql.DB) {
			f := audit.Record{ID: 51, At: time.Now().UTC().Truncate(time.Microsecond), Actor: "李娜", Action: "login", Result: audit.OK}
			f.MAC = audit.Chain(wrongKey, macOf(t, raw, 50), f)
			if _, err := raw.Exec(`INSERT INTO audit_log (id, at, actor, action, result, mac) VALUES ($1, $2, $3, $4, $5, $6)`,
				f.ID, f.At, f.Actor, f.Action, f.Result, f.MAC); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(`UPDATE audit_head SET last_id = 51, last_mac = $1`, f.MAC); err != nil {
				t.Fatal(err)
			}
		}, audit.Altered, 51, "第51条审计记录被修改"},
		{"swap two records", func(t *testing.T, raw *sql.DB) {
			exec(t, raw, `UPDATE audit_log SET id = -1 WHERE id = 31`,
				`UPDATE audit_log SET id = 31 WHERE id = 35`,
				`UPDATE audit_log SET id = 35 WHERE id = -1`)
		}, audit.Reordered, 31, "第31条审计记录的位置被调换（该记录原为第35条）"},
		{"swap neighbours", func(t *testing.T, raw *sql.DB) {
			exec(t, raw, `UPDATE audit_log SET id = -1 WHERE id = 40`,
				`UPDATE audit_log SET id = 40 WHERE id = 41`,
				`UPDATE audit_log SET id = 41 WHERE id = -1`)
		}, audit.Reordered, 40, "第40条审计记录的位置被调换（该记录原为第41条）"},
		{"delete the last three", func(t *testing.T, raw *sql.DB) {
			exec(t, raw, `DELETE FROM audit_log WHERE id > 47`)
		}, audit.Deleted, 48, "第47条之后的审计记录被删除（缺少第48至50条）"},
		{"delete the head", func(t *testing.T, raw *sql.DB) {
			exec(t, raw, `DELETE FROM audit_head`)
		}, audit.Deleted, 51, "审计记录的链尾标记被删除（现有50条记录校验通过，无法确认第50条之后的记录是否被删除）"},
		{"delete everything", func(t *testing.T, raw *sql.DB) {
			exec(t, raw, `DELETE FROM audit_log`)
		}, audit.Deleted, 1, "全部审计记录被删除（缺少第1至50条）"},
		{"another key", func(t *testing.T, raw *sql.DB) {
			rows, err := raw.Query(`SELECT id, at, account_id, actor, address, action, object_type, object_id, org_path, result, detail FROM audit_log ORDER BY id`)
			if err != nil {
				t.Fatal(err)
			}
			var rs []audit.Record
			for rows.Next() {
				var r audit.Record
				var acct sql.NullInt64
				if err := rows.Scan(&r.ID, &r.At, &acct, &r.Actor, &r.Address, &r.Action, &r.ObjectType, &r.ObjectID, &r.OrgPath, &r.Result, &r.Detail); err != nil {
					t.Fatal(err)
				}
				r.AccountID = acct.Int64
				rs = append(rs, r)
			}
			rows.Close()
			prev := ""
			for _, r := range rs {
				prev = audit.Chain(wrongKey, prev, r)
				if _, err := raw.Exec(`UPDATE audit_log SET mac = $1 WHERE id = $2`, prev, r.ID); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := raw.Exec(`UPDATE audit_head SET last_mac = $1`, prev); err != nil {
				t.Fatal(err)
			}
		}, audit.Altered, 1, "第1条审计记录被修改"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.EachRaw(t, func(t *testing.T, s *store.Store, raw *sql.DB) {
				appendEvents(t, s, 50)
				tt.tamper(t, raw)
				_, p, err := s.VerifyAudit(sys)
				if err != nil {
					t.Fatal(err)
				}
				if p == nil {
					t.Fatal("tampering not detected")
				}
				if p.Kind != tt.kind || p.ID != tt.id || p.Message != tt.msg {
					t.Errorf("got %s at %d %q, want %s at %d %q", p.Kind, p.ID, p.Message, tt.kind, tt.id, tt.msg)
				}
			})
		})
	}
}

// TestAuditGarbledTime: a time that no longer reads as one is a change of
// the record, not a failure of the verification.
func TestAuditGarbledTime(t *testing.T) {
	storetest.EachRaw(t, func(t *testing.T, s *store.Store, raw *sql.DB) {
		if s.Engine() != "sqlite" {
			t.Skip("PostgreSQL keeps only valid timestamps")
		}
		appendEvents(t, s, 20)
		exec(t, raw, `UPDATE audit_log SET at = 'yesterday' WHERE id = 12`)
		_, p, err := s.VerifyAudit(sys)
		if err != nil || p == nil || p.Kind != audit.Altered || p.ID != 12 {
			t.Errorf("got %+v, %v; want altered at 12", p, err)
		}
	})
}

// TestAuditRefuses: when the record cannot be written, the action fails
// and leaves nothing behind.
func TestAuditRefuses(t *testing.T) {
	storetest.EachRaw(t, func(t *testing.T, s *store.Store, raw *sql.DB) {
		appendEvents(t, s, 5)
		exec(t, raw, `ALTER TABLE audit_log RENAME TO audit_log_gone`)
		err := s.Audit(auditAdmin, store.Event{Action: audit.PersonUnmasked, ObjectType: "person", ObjectID: "1", Result: audit.OK})
		if err == nil {
			t.Fatal("Audit succeeded without an audit table")
		}
		var head int64
		if err := raw.QueryRow(`SELECT last_id FROM audit_head`).Scan(&head); err != nil || head != 5 {
			t.Errorf("head after a failed append: %d %v", head, err)
		}
		exec(t, raw, `ALTER TABLE audit_log_gone RENAME TO audit_log`)

		// An invalid event is refused too.
		for _, e := range []store.Event{{Result: audit.OK}, {Action: audit.Login, Result: "success"}} {
			if err := s.Audit(auditAdmin, e); err == nil {
				t.Errorf("%+v accepted", e)
			}
		}
		appendEvents(t, s, 5)
		if checked, p, err := s.VerifyAudit(sys); checked != 10 || p != nil || err != nil {
			t.Errorf("after the failures: %d %v %v", checked, p, err)
		}
	})
}

// TestAuditConcurrent appends from several goroutines: the head lock keeps
// the chain whole.
func TestAuditConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for g := range 4 {
			wg.Go(func() {
				ctx := auditor(int64(g+1), fmt.Sprintf("用户%d", g+1), "10.0.0.1")
				for i := range 25 {
					errs <- s.Audit(ctx, store.Event{Action: audit.PersonUnmasked, ObjectType: "person",
						ObjectID: fmt.Sprint(g*100 + i), OrgPath: "/1/", Result: audit.OK})
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		checked, p, err := s.VerifyAudit(sys)
		if checked != 100 || p != nil || err != nil {
			t.Fatalf("after concurrent appends: %d %v %v", checked, p, err)
		}
	})
}

// TestAuditVerifyWhileAppending: verification reads one snapshot, so
// appends during it are no false alarm.
func TestAuditVerifyWhileAppending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		appendEvents(t, s, 200)
		done := make(chan error)
		go func() {
			ctx := auditor(1, "李娜", "10.0.0.1")
			for i := range 100 {
				if err := s.Audit(ctx, store.Event{Action: audit.Login, ObjectID: fmt.Sprint(i), Result: audit.OK}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		last := 0
		for {
			checked, p, err := s.VerifyAudit(sys)
			if p != nil || err != nil || checked < last {
				t.Fatalf("verify during appends: %d %v %v", checked, p, err)
			}
			last = checked
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
				if checked, p, err := s.VerifyAudit(sys); checked != 300 || p != nil || err != nil {
					t.Fatalf("after: %d %v %v", checked, p, err)
				}
				return
			default:
			}
		}
	})
}

// TestAuditText: what PostgreSQL would refuse, and what is too long, is
// cleaned before the MAC, so the record is written and verifies.
func TestAuditText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := store.Event{Action: audit.PersonUpdate, ObjectType: "person", ObjectID: "1\x00", Result: audit.OK,
			Detail: "姓名：\xff张\x00三" + strings.Repeat("很长", 10000)}
		if err := s.Audit(auditor(1, "李\x00娜", "10.0.0.1"), e); err != nil {
			t.Fatal(err)
		}
		rs, _, err := s.AuditRecords(auditAdmin, store.AuditFilter{})
		if err != nil || len(rs) != 1 {
			t.Fatalf("%v %v", rs, err)
		}
		r := rs[0]
		if r.Actor != "李娜" || r.ObjectID != "1" || !strings.HasPrefix(r.Detail, "姓名：\uFFFD张三很长") ||
			!strings.HasSuffix(r.Detail, "…（已截断）") || len(r.Detail) > 16<<10 {
			t.Errorf("stored %q %q %q…%q (%d bytes)", r.Actor, r.ObjectID, r.Detail[:30], r.Detail[len(r.Detail)-30:], len(r.Detail))
		}
		if checked, p, err := s.VerifyAudit(sys); checked != 1 || p != nil || err != nil {
			t.Errorf("verify: %d %v %v", checked, p, err)
		}
	})
}

func TestAuditRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		base := time.Date(2026, 3, 1, 15, 30, 0, 0, time.UTC) // 23:30 in Beijing
		now := base
		s.SetClock(func() time.Time { return now })
		type ev struct {
			ctx  context.Context
			e    store.Event
			hour int
		}
		lina, wang := auditor(1, "李娜", "10.0.0.1"), auditor(2, "王芳", "10.0.0.2")
		evs := []ev{
			{lina, store.Event{Action: audit.Login, ObjectType: "account", ObjectID: "1", Result: audit.OK}, 0},
			{lina, store.Event{Action: audit.PersonUpdate, ObjectType: "person", ObjectID: "11", OrgPath: "/1/5/", Result: audit.OK, Detail: "电话"}, 1},
			{wang, store.Event{Action: audit.PersonUnmasked, ObjectType: "person", ObjectID: "11", OrgPath: "/1/5/", Result: audit.OK}, 2},
			{wang, store.Event{Action: audit.PersonUpdate, ObjectType: "person", ObjectID: "21", OrgPath: "/1/6/", Result: audit.Refused}, 3},
			{lina, store.Event{Action: audit.PersonCreate, ObjectType: "person", ObjectID: "12", OrgPath: "/1/5/7/", Result: audit.OK}, 24},
			{wang, store.Event{Action: audit.LoginFailed, ObjectType: "account", ObjectID: "2", Result: audit.Refused}, 25},
			{wang, store.Event{Action: audit.OrgUpdate, ObjectType: "org", ObjectID: "50", OrgPath: "/1/50/", Result: audit.OK}, 26},
		}
		for _, x := range evs {
			now = base.Add(time.Duration(x.hour) * time.Hour)
			if err := s.Audit(x.ctx, x.e); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(ctx context.Context, f store.AuditFilter) string {
			t.Helper()
			rs, total, err := s.AuditRecords(ctx, f)
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			var out []string
			for _, r := range rs {
				out = append(out, fmt.Sprint(r.ID))
			}
			return fmt.Sprintf("%s/%d", strings.Join(out, ","), total)
		}
		branch := auditor(3, "赵磊", "", zhibu.Grant{Perm: zhibu.PermOrgRead, Path: "/1/5/"}, zhibu.Grant{Perm: zhibu.PermAuditRead, Path: "/1/5/"})
		two := auditor(4, "刘洋", "", zhibu.Grant{Perm: zhibu.PermAuditRead, Path: "/1/5/"}, zhibu.Grant{Perm: zhibu.PermAuditRead, Path: "/1/6/"})
		day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, zhibu.DefaultZone) }
		for _, c := range []struct {
			name string
			ctx  context.Context
			f    store.AuditFilter
			want string
		}{
			{"all, newest first", auditAdmin, store.AuditFilter{}, "7,6,5,4,3,2,1/7"},
			{"the system", sys, store.AuditFilter{}, "7,6,5,4,3,2,1/7"},
			{"a branch's reader", branch, store.AuditFilter{}, "5,3,2/3"},
			{"two branches", two, store.AuditFilter{}, "5,4,3,2/4"},
			{"page", auditAdmin, store.AuditFilter{Limit: 2, Offset: 2}, "5,4/7"},
			{"past the end", auditAdmin, store.AuditFilter{Limit: 2, Offset: 20}, "/7"},
			{"actor", auditAdmin, store.AuditFilter{Actor: "王芳"}, "7,6,4,3/4"},
			{"action prefix", auditAdmin, store.AuditFilter{Action: "person."}, "5,4,3,2/4"},
			{"action", auditAdmin, store.AuditFilter{Action: "login"}, "6,1/2"},
			{"action with a wildcard", auditAdmin, store.AuditFilter{Action: "%"}, "/0"},
			{"result", auditAdmin, store.AuditFilter{Result: audit.Refused}, "6,4/2"},
			{"object", auditAdmin, store.AuditFilter{ObjectType: "person", ObjectID: "11"}, "3,2/2"},
			{"org subtree", auditAdmin, store.AuditFilter{OrgPath: "/1/5/"}, "5,3,2/3"},
			{"org not a prefix of /1/50/", auditAdmin, store.AuditFilter{OrgPath: "/1/5/7/"}, "5/1"},
			{"org outside the reader's scope", branch, store.AuditFilter{OrgPath: "/1/6/"}, "/0"},
			{"from (Beijing dates)", auditAdmin, store.AuditFilter{From: day(2)}, "7,6,5,4,3,2/6"},
			{"to", auditAdmin, store.AuditFilter{To: day(2)}, "1/1"},
			{"range", auditAdmin, store.AuditFilter{From: day(2), To: base.Add(25 * time.Hour)}, "5,4,3,2/4"},
			{"everything", branch, store.AuditFilter{From: day(2), To: day(3), Actor: "李娜", Action: "person", Result: audit.OK, ObjectType: "person", OrgPath: "/1/5/"}, "5,2/2"},
		} {
			if got := ids(c.ctx, c.f); got != c.want {
				t.Errorf("%s: got %s, want %s", c.name, got, c.want)
			}
		}
		for _, ctx := range []context.Context{context.Background(), auditor(5, "陈静", "", zhibu.Grant{Perm: zhibu.PermOrgRead, Path: "/1/5/"})} {
			if _, _, err := s.AuditRecords(ctx, store.AuditFilter{}); !errors.Is(err, zhibu.ErrForbidden) {
				t.Errorf("no audit right: %v", err)
			}
		}
		if _, _, err := s.AuditRecords(auditAdmin, store.AuditFilter{OrgPath: "1/5"}); !errors.Is(err, zhibu.ErrInvalid) {
			t.Errorf("bad org path: %v", err)
		}

		rs, _, err := s.AuditRecords(auditAdmin, store.AuditFilter{Limit: 1, Offset: 5})
		if err != nil || len(rs) != 1 {
			t.Fatal(rs, err)
		}
		want := audit.Record{ID: 2, At: base.Add(time.Hour), AccountID: 1, Actor: "李娜", Address: "10.0.0.1", Action: "person.update",
			ObjectType: "person", ObjectID: "11", OrgPath: "/1/5/", Result: audit.OK, Detail: "电话", MAC: rs[0].MAC}
		got := rs[0]
		if !got.At.Equal(want.At) || got.At.Location() != time.UTC {
			t.Errorf("time %v, want %v in UTC", got.At, want.At)
		}
		got.At = want.At
		if got != want {
			t.Errorf("record\n got %+v\nwant %+v", got, want)
		}
	})
}

func TestAuditOrgs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
		if err != nil {
			t.Fatal(err)
		}
		b1, err := s.CreateOrg(sys, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		b2, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		names := func(ctx context.Context, f store.AuditOrgFilter) string {
			t.Helper()
			list, err := s.AuditOrgs(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, o := range list {
				out = append(out, o.Code)
			}
			return strings.Join(out, ",")
		}
		officer := auditor(3, "赵磊", "", zhibu.Grant{Perm: zhibu.PermAuditRead, Path: b1.Path})
		for _, x := range []struct {
			ctx  context.Context
			f    store.AuditOrgFilter
			want string
		}{
			{auditAdmin, store.AuditOrgFilter{}, "C,B1,B2"},
			{auditAdmin, store.AuditOrgFilter{Limit: 2}, "C,B1"},
			{auditAdmin, store.AuditOrgFilter{Code: "B2"}, "B2"},
			{auditAdmin, store.AuditOrgFilter{Paths: []string{b2.Path, c.Path, "/999/"}}, "C,B2"},
			{auditAdmin, store.AuditOrgFilter{Paths: []string{}}, ""},
			{officer, store.AuditOrgFilter{}, "B1"},
			{officer, store.AuditOrgFilter{Code: "B2"}, ""},
		} {
			if got := names(x.ctx, x.f); got != x.want {
				t.Errorf("%+v: got %s, want %s", x.f, got, x.want)
			}
		}
		if _, err := s.AuditOrgs(context.Background(), store.AuditOrgFilter{}); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("no audit right: %v", err)
		}
	})
}

// BenchmarkAuditAppend is one audited event in its own transaction.
func BenchmarkAuditAppend(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			s := e.Open(b)
			ctx := auditor(1, "李娜", "10.0.0.1")
			ev := store.Event{Action: audit.PersonUpdate, ObjectType: "person", ObjectID: "11", OrgPath: "/1/5/",
				Result: audit.OK, Detail: "手机号：138****5678 → 139****5678；单位：治安大队 → 办公室"}
			for b.Loop() {
				if err := s.Audit(ctx, ev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAuditVerify verifies a trail of 10,000 records.
func BenchmarkAuditVerify(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			s := e.Open(b)
			appendEvents(b, s, 10000)
			for b.Loop() {
				if n, p, err := s.VerifyAudit(sys); n != 10000 || p != nil || err != nil {
					b.Fatal(n, p, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10000, "ns/record")
		})
	}
}
