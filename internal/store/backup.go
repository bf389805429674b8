package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"zhibu"
)

// Backup writes a consistent copy of a live SQLite database to dest, which
// must not exist yet, while the server goes on reading and writing: VACUUM
// INTO reads one snapshot of the database (WAL mode lets writers go on)
// and writes it compacted, with no WAL of its own. The copy is made under
// a temporary name beside dest, synced and renamed, so dest is never a
// half-written file. The copy has mode 0600; like the database, it holds
// the ID numbers and phones encrypted under the data key, which it does
// not contain. PostgreSQL is backed up with pg_dump instead. Only the
// system (the console) may make one: it is every record at once.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if a := zhibu.ActorFrom(ctx); !a.Scope.All || a.AccountID != 0 {
		return zhibu.Errorf(zhibu.ErrForbidden, "只有在服务器控制台上才能备份数据库")
	}
	if s.dialect != sqlite {
		return zhibu.Errorf(zhibu.ErrInvalid, "PostgreSQL 数据库请用 pg_dump 备份（见 README）")
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return zhibu.Errorf(zhibu.ErrConflict, "备份文件 "+dest+" 已存在，不会覆盖")
	}
	tmp := abs + ".tmp"
	os.Remove(tmp)
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO $1`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: vacuum into: %w", err)
	}
	if err := syncAndRename(tmp, abs); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// syncAndRename makes tmp private and durable and moves it to dest.
func syncAndRename(tmp, dest string) error {
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	f, err := os.Open(tmp)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(dest)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// CopyCheck is what checking a backup found.
type CopyCheck struct {
	Schema  string // the newest migration the copy has applied
	Audit   int    // audit records verified
	Sealed  int    // encrypted values opened with the data key
	Problem string // why the copy is refused, in Chinese; "" when it is sound
}

// CheckCopy checks a database (a backup, or one just restored): every
// migration it has applied is one this binary knows (a copy from a newer
// zhibu is refused), its audit trail verifies under the audit key, and the
// data key opens every encrypted ID number and phone. It answers a
// CopyCheck with Problem set for a copy that fails, and an error only when
// the check itself could not run.
func (s *Store) CheckCopy(ctx context.Context) (CopyCheck, error) {
	var c CopyCheck
	files, err := migrationFiles(string(s.dialect))
	if err != nil {
		return c, err
	}
	known := map[string]bool{}
	for _, f := range files {
		known[strings.TrimSuffix(filepath.Base(f), ".sql")] = true
	}
	rows, err := s.db.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		c.Problem = "不是 zhibu 的数据库（没有 schema_migrations 表）"
		return c, nil
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return c, err
		}
		if !known[v] {
			c.Problem = "数据库结构版本 " + v + " 来自更新版本的 zhibu，请用该版本恢复"
		}
		c.Schema = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	if c.Problem != "" {
		return c, nil
	}
	if c.Schema == "" {
		c.Problem = "数据库是空的（没有任何结构版本）"
		return c, nil
	}
	checked, p, err := s.VerifyAudit(zhibu.WithActor(ctx, zhibu.System))
	if err != nil {
		return c, err
	}
	c.Audit = checked
	if p != nil {
		c.Problem = "审计记录校验未通过：" + p.Message + "（或审计密钥 audit.key 不是这个数据库的）"
		return c, nil
	}
	n, err := s.openSealed(ctx)
	c.Sealed = n
	var bad *sealError
	if errors.As(err, &bad) {
		c.Problem = "数据密钥 data.key 无法解密" + bad.what + "：密钥不是这个数据库的，或数据已损坏"
		return c, nil
	}
	return c, err
}

type sealError struct{ what string }

func (e *sealError) Error() string { return "cannot open " + e.what }

// openSealed decrypts every person's ID number and phone, returning how
// many values it opened, or a *sealError naming the first that did not
// open.
func (s *Store) openSealed(ctx context.Context) (int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, id_number_enc, phone_enc FROM people ORDER BY id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var idEnc, phoneEnc string
		if err := rows.Scan(&id, &idEnc, &phoneEnc); err != nil {
			return n, err
		}
		if _, err := s.box.Open(idEnc, idNumberContext); err != nil {
			return n, &sealError{fmt.Sprintf("第%d号人员的身份证号", id)}
		}
		if _, err := s.box.Open(phoneEnc, phoneContext); err != nil {
			return n, &sealError{fmt.Sprintf("第%d号人员的手机号", id)}
		}
		n += 2
	}
	return n, rows.Err()
}

// ErrInUse is Restore's answer when another process has the database open.
var ErrInUse = zhibu.Errorf(zhibu.ErrConflict, "数据库正在使用中（zhibu 服务是否仍在运行？）：请先停止服务再恢复")

// Restore replaces the SQLite database at dst with the backup at src,
// after checking the backup with the keys (CheckCopy). It refuses while
// any other process has dst open: it takes SQLite's exclusive lock on dst
// first, which a running server's connections prevent. The backup is
// copied beside dst, checked there, synced and renamed over dst, so that
// dst is either the old database or the whole new one.
func Restore(ctx context.Context, src, dst string, keys Keys) (CopyCheck, error) {
	var c CopyCheck
	if isPostgres(dst) {
		return c, zhibu.Errorf(zhibu.ErrInvalid, "PostgreSQL 数据库请用 pg_restore 恢复，再运行 zhibu audit verify（见 README）")
	}
	if _, err := os.Stat(src); err != nil {
		return c, zhibu.Errorf(zhibu.ErrNotFound, "找不到备份文件 "+src)
	}
	abs, err := filepath.Abs(dst)
	if err != nil {
		return c, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return c, err
	}
	unlock, err := lockExclusive(ctx, abs)
	if err != nil {
		return c, err
	}
	tmp := abs + ".restore"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(f)
	}
	defer os.Remove(tmp)
	if err := copyFile(src, tmp); err != nil {
		unlock()
		return c, fmt.Errorf("restore: copy: %w", err)
	}
	s, err := Open(ctx, tmp, keys)
	if err != nil {
		unlock()
		return c, fmt.Errorf("restore: open the copy: %w", err)
	}
	c, err = s.CheckCopy(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil || c.Problem != "" {
		unlock()
		return c, err
	}
	// Closing the lock's connection before the rename keeps it from
	// touching the new file's -wal and -shm names; the old ones go too.
	unlock()
	for _, f := range []string{abs + "-wal", abs + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return c, fmt.Errorf("restore: %w", err)
		}
	}
	if err := syncAndRename(tmp, abs); err != nil {
		return c, fmt.Errorf("restore: %w", err)
	}
	return c, nil
}

// lockExclusive takes SQLite's exclusive lock on the database at path (if
// it exists), without waiting: a server with the database open in WAL mode
// makes that fail. unlock releases it.
func lockExclusive(ctx context.Context, path string) (unlock func(), err error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return func() {}, nil
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)&_pragma=locking_mode(EXCLUSIVE)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err == nil {
		_, err = conn.ExecContext(ctx, `BEGIN EXCLUSIVE; COMMIT`)
	}
	if err != nil {
		if conn != nil {
			conn.Close()
		}
		db.Close()
		if strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "locked") {
			return nil, ErrInUse
		}
		return nil, fmt.Errorf("restore: lock %s: %w", path, err)
	}
	return func() { conn.Close(); db.Close() }, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
