package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// auditCLI runs zhibu audit ARGS and returns its output and error.
func auditCLI(t *testing.T, cfg Config, args ...string) (stdout string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = cmdAudit(context.Background(), cfg, args, &out, &errb)
	return out.String(), err
}

func TestAuditCommands(t *testing.T) {
	for _, engine := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLitePath}, {"postgres", storetest.PostgresDSN}} {
		t.Run(engine.name, func(t *testing.T) {
			cfg := Config{DB: engine.dsn(t), Keys: t.TempDir()}
			ctx := context.Background()

			// An empty trail verifies.
			out, err := auditCLI(t, cfg, "verify")
			if err != nil || out != "审计记录共0条，校验通过。\n" {
				t.Fatalf("empty: %v %q", err, out)
			}

			// Write some records with the keys the commands use.
			s, sctx, err := open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			c, err := s.CreateOrg(sctx, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
			if err != nil {
				t.Fatal(err)
			}
			_, setup, err := s.AuditRecords(sctx, store.AuditFilter{}) // creating an org may be audited
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= 12; i++ {
				actx := zhibu.WithActor(ctx, zhibu.Actor{AccountID: 1, Name: "李娜", Address: "10.0.0.1"})
				e := store.Event{Action: audit.PersonUpdate, ObjectType: "person", ObjectID: fmt.Sprint(i), OrgPath: c.Path,
					Result: audit.OK, Detail: "单位：治安大队 → 办公室"}
				if i > 10 {
					e = store.Event{Action: audit.LoginFailed, ObjectType: "account", ObjectID: "lina", Result: audit.Refused, Detail: "密码错误"}
				}
				if err := s.Audit(actx, e); err != nil {
					t.Fatal(err)
				}
			}

			n := setup + 12
			out, err = auditCLI(t, cfg, "verify", "--db", cfg.DB)
			if err != nil || !strings.HasPrefix(out, fmt.Sprintf("审计记录共%d条，校验通过。\n链尾：第%d条，", n, n)) {
				t.Fatalf("verify: %v %q", err, out)
			}

			out, err = auditCLI(t, cfg, "list")
			if err != nil || strings.Count(out, "\n") != n+1 || !strings.HasPrefix(out, fmt.Sprintf("#%d  ", n)) ||
				!strings.Contains(out, "李娜@10.0.0.1  修改人员信息(person.update)  person:10  成功  "+c.Path+"  单位：治安大队 → 办公室") ||
				!strings.HasSuffix(out, fmt.Sprintf("（共%d条。）\n", n)) {
				t.Errorf("list: %v\n%s", err, out)
			}
			out, err = auditCLI(t, cfg, "list", "--result", "refused", "--limit", "1")
			if err != nil || !strings.Contains(out, fmt.Sprintf("#%d  ", n)) || !strings.Contains(out, "拒绝") || !strings.Contains(out, "共2条，列出最新的1条") {
				t.Errorf("list refused: %v\n%s", err, out)
			}
			out, err = auditCLI(t, cfg, "list", "--org", "C", "--action", "person", "--format", "json")
			var list struct {
				Total   int
				Records []audit.Record
			}
			if err != nil || json.Unmarshal([]byte(out), &list) != nil || list.Total != 10 || len(list.Records) != 10 ||
				list.Records[0].ID != int64(setup+10) || list.Records[0].Actor != "李娜" {
				t.Errorf("list json: %v\n%s", err, out)
			}
			out, err = auditCLI(t, cfg, "list", "--from", "2000-01-01", "--to", "2000-12-31")
			if err != nil || out != "（没有符合条件的审计记录。）\n" {
				t.Errorf("list of another year: %v %q", err, out)
			}
			for _, bad := range [][]string{
				{"list", "--format", "yaml"},
				{"list", "--from", "昨天"},
				{"list", "--from", "2026-03-02", "--to", "2026-03-01"},
				{"list", "--limit", "0"},
				{"list", "--result", "maybe"},
				{"list", "--org", "NOPE"},
				{"verify", "extra"},
			} {
				if _, err := auditCLI(t, cfg, bad...); !errors.As(err, new(cliError)) {
					t.Errorf("%v: %v", bad, err)
				}
			}
			for _, bad := range [][]string{{}, {"purge"}, {"delete"}} {
				if _, err := auditCLI(t, cfg, bad...); !errors.Is(err, errUsage) {
					t.Errorf("%v: %v", bad, err)
				}
			}

			// Tamper with a record behind the store's back.
			driver, dsn := "pgx", cfg.DB
			if engine.name == "sqlite" {
				driver, dsn = "sqlite", "file:"+cfg.DB+"?_pragma=busy_timeout(10000)"
			}
			raw, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec(`UPDATE audit_log SET detail = '单位：无变化' WHERE id = $1`, setup+7); err != nil {
				t.Fatal(err)
			}
			out, err = auditCLI(t, cfg, "verify")
			if !errors.As(err, new(cliError)) || message(err) != "审计记录校验未通过" ||
				out != fmt.Sprintf("审计记录校验未通过：第%d条审计记录被修改。\n此前的%d条记录校验通过。\n", setup+7, setup+6) {
				t.Errorf("tampered: %v %q", err, out)
			}
		})
	}
}
