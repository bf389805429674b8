package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// TestBackupRestoreCommands backs up the demo database while a store (as
// a server would) holds it open, refuses to restore over it while open,
// restores it once closed, and refuses a backup the keys do not open.
func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db, keys := filepath.Join(dir, "z.db"), filepath.Join(dir, "keys")
	env := map[string]string{"ZHIBU_DB": db, "ZHIBU_KEYS": keys}
	if code, _, errs := cli(t, env, "demo"); code != 0 {
		t.Fatal(errs)
	}
	live, _, err := open(context.Background(), Config{DB: db, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "备份.db")
	code, out, errs := cli(t, env, "backup", backup)
	if code != 0 || !strings.Contains(out, "已备份到") || !strings.Contains(out, "data.key") || !strings.Contains(out, "分开保管") {
		t.Fatalf("backup: %d %s %s", code, out, errs)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v", fi, err)
	}
	if code, _, errs := cli(t, env, "backup", backup); code != 1 || !strings.Contains(errs, "已存在") {
		t.Errorf("backup over a file: %d %s", code, errs)
	}
	if code, _, errs := cli(t, env, "restore", backup); code != 1 || !strings.Contains(errs, "正在使用") {
		t.Errorf("restore over a database in use: %d %s", code, errs)
	}
	live.Close()
	code, out, errs = cli(t, env, "restore", backup)
	if code != 0 || !strings.Contains(out, "已从") || !strings.Contains(out, "校验通过") {
		t.Fatalf("restore: %d %s %s", code, out, errs)
	}
	if code, out, errs := cli(t, env, "audit", "verify"); code != 0 || !strings.Contains(out, "校验通过") {
		t.Fatalf("audit verify after restore: %d %s %s", code, out, errs)
	}
	// Another machine's keys do not open this backup: refused, nothing changed.
	other := map[string]string{"ZHIBU_DB": filepath.Join(t.TempDir(), "o.db"), "ZHIBU_KEYS": filepath.Join(t.TempDir(), "k")}
	if code, _, errs := cli(t, other, "migrate"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := cli(t, other, "restore", backup); code != 1 || !strings.Contains(errs, "未通过检查") {
		t.Errorf("restore with other keys: %d %s", code, errs)
	}
	// No keys at all: nothing is made up.
	if code, _, errs := cli(t, map[string]string{"ZHIBU_DB": db, "ZHIBU_KEYS": filepath.Join(dir, "none")}, "restore", backup); code != 1 || !strings.Contains(errs, "找不到密钥文件") {
		t.Errorf("restore without keys: %d %s", code, errs)
	}
}

// TestAuditVerifyHeadDeleted: with the audit_head row deleted, audit
// verify named an internal error; it names the deleted head.
func TestAuditVerifyHeadDeleted(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "z.db")
	env := map[string]string{"ZHIBU_DB": db, "ZHIBU_KEYS": filepath.Join(dir, "keys")}
	if code, _, errs := cli(t, env, "demo"); code != 0 {
		t.Fatal(errs)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM audit_head`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, out, errs := cli(t, env, "audit", "verify")
	if code != 1 || !strings.Contains(out, "链尾标记被删除") || strings.Contains(errs, "内部错误") {
		t.Errorf("audit verify with the head deleted: %d %q %q", code, out, errs)
	}
}
