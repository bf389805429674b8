package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"zhibu/internal/store"
)

// cmdBackup is zhibu backup FILE: a consistent copy of a live SQLite
// database, made while the server runs. The keys are not in it: the
// command says where they are and that they are kept apart.
func cmdBackup(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	cfg, file, err := sqliteFileArgs("backup", cfg, args, stderr,
		"PostgreSQL 数据库请用 pg_dump 备份，例如：pg_dump -Fc -f zhibu.dump \"$ZHIBU_DB\"；恢复后运行 zhibu audit verify（见 README）")
	if err != nil {
		return err
	}
	if _, err := os.Stat(cfg.DB); err != nil {
		return fail("找不到数据库文件 %s", cfg.DB)
	}
	if err := keysExist(cfg); err != nil {
		return err
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(sctx, file); err != nil {
		return err
	}
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	dir, _ := filepath.Abs(keysDir(cfg))
	fmt.Fprintf(stdout, "已备份到 %s（%d 字节），是备份开始时数据库的完整一致副本。\n", file, info.Size())
	fmt.Fprintf(stdout, "密钥不在备份中：data.key 和 audit.key 在 %s。\n", dir)
	fmt.Fprintln(stdout, "请把密钥另行备份，且与数据库备份分开保管：没有 data.key 无法读取身份证号和手机号，没有 audit.key 无法校验审计记录；两者放在一起，拿到备份的人就能读取全部敏感信息。")
	return nil
}

// cmdRestore is zhibu restore FILE: it checks the backup with the keys and
// puts it in place of the database, which no server may have open.
func cmdRestore(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	cfg, file, err := sqliteFileArgs("restore", cfg, args, stderr,
		"PostgreSQL 数据库请用 pg_restore 恢复，例如：pg_restore --clean --if-exists -d \"$ZHIBU_DB\" zhibu.dump；然后运行 zhibu audit verify 检查（见 README）")
	if err != nil {
		return err
	}
	if err := keysExist(cfg); err != nil {
		return err
	}
	keys, err := loadKeys(cfg)
	if err != nil {
		return err
	}
	c, err := store.Restore(ctx, file, cfg.DB, keys)
	if errors.Is(err, store.ErrInUse) {
		return err
	}
	if err != nil {
		return fail("恢复失败，数据库未改动：%v", err)
	}
	if c.Problem != "" {
		return fail("备份未通过检查，数据库未改动：%s", c.Problem)
	}
	fmt.Fprintf(stdout, "已从 %s 恢复到 %s：结构版本 %s，审计记录%d条校验通过，数据密钥解开了全部%d项加密数据。\n",
		file, cfg.DB, c.Schema, c.Audit, c.Sealed)
	return nil
}

// keysExist refuses to go on without both key files: backup and restore
// must never make new keys, which would not open the data.
func keysExist(cfg Config) error {
	dir := keysDir(cfg)
	for _, name := range []string{"data.key", "audit.key"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return fail("找不到密钥文件 %s：请用 --keys 指定密钥目录", filepath.Join(dir, name))
		}
	}
	return nil
}

// sqliteFileArgs reads the command line of backup and restore: one FILE,
// --db and --keys. A PostgreSQL database is refused with forPostgres,
// which says what to use instead.
func sqliteFileArgs(name string, cfg Config, args []string, stderr io.Writer, forPostgres string) (Config, string, error) {
	fs := flags(name, stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	pos, err := parse(fs, args)
	if err != nil {
		return cfg, "", err
	}
	if len(pos) != 1 {
		return cfg, "", fail("用法：zhibu %s FILE [--db DSN] [--keys DIR]", name)
	}
	if strings.Contains(cfg.DB, "://") {
		return cfg, "", fail("%s", forPostgres)
	}
	return cfg, pos[0], nil
}
