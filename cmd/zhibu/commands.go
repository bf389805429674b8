package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/roster"
	"zhibu/internal/secret"
	"zhibu/internal/server"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// open opens and migrates the database with its keys; every command acts
// as the system.
func open(ctx context.Context, cfg Config) (*store.Store, context.Context, error) {
	keys, err := loadKeys(cfg)
	if err != nil {
		return nil, nil, err
	}
	s, err := store.Open(ctx, cfg.DB, keys)
	if err != nil {
		return nil, nil, fail("无法打开数据库 %s：%v", redact(cfg.DB), err)
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, nil, fail("数据库升级失败：%v", err)
	}
	return s, zhibu.WithActor(ctx, zhibu.System), nil
}

// loopback reports whether addr listens on this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// keysDir is where the key files are: --keys, or a zhibu-keys folder beside
// a SQLite file, or in the working directory for PostgreSQL.
func keysDir(cfg Config) string {
	if cfg.Keys != "" {
		return cfg.Keys
	}
	if strings.Contains(cfg.DB, "://") {
		return "zhibu-keys"
	}
	return filepath.Join(filepath.Dir(cfg.DB), "zhibu-keys")
}

// loadKeys reads the data and audit keys, making them at first start.
func loadKeys(cfg Config) (store.Keys, error) {
	dir := keysDir(cfg)
	var keys store.Keys
	var err error
	if keys.Data, err = secret.LoadOrCreate(filepath.Join(dir, "data.key")); err != nil {
		return keys, fail("无法读取数据密钥：%v", err)
	}
	if keys.Audit, err = secret.LoadOrCreate(filepath.Join(dir, "audit.key")); err != nil {
		return keys, fail("无法读取审计密钥：%v", err)
	}
	return keys, nil
}

// redact hides the password of a DSN in messages.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.LastIndex(dsn, "@"); at > i {
			cred := dsn[i+3 : at]
			if c := strings.Index(cred, ":"); c >= 0 {
				return dsn[:i+3] + cred[:c] + ":***" + dsn[at:]
			}
		}
	}
	return dsn
}

func cmdMigrate(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("migrate", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, _, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintln(stdout, "数据库结构已是最新。")
	return nil
}

func cmdDemo(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("demo", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := demo.Load(sctx, s); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "演示数据已载入。")
	return nil
}

func cmdServe(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("serve", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "监听地址")
	withDemo := fs.Bool("demo", false, "演示模式：数据库为空时先载入演示数据，登录页提供各角色一键登录（只能监听本机地址）")
	dev := fs.Bool("dev", false, "从磁盘读取模板和静态文件（开发用）")
	cert := fs.String("tls-cert", "", "TLS 证书文件（PEM）")
	key := fs.String("tls-key", "", "TLS 私钥文件（PEM）")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return fail("--tls-cert 和 --tls-key 须同时给出")
	}
	if *withDemo && !loopback(cfg.Addr) {
		return fail("演示模式只能监听本机地址（如 127.0.0.1:8080），不能监听 %s", cfg.Addr)
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if *withDemo {
		empty, err := s.Empty(sctx)
		if err != nil {
			return err
		}
		if empty {
			if err := demo.Load(sctx, s); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "已载入演示数据。")
		} else {
			fmt.Fprintln(stdout, "数据库不为空，未载入演示数据。")
		}
	}
	secure := *cert != ""
	svc := service.New(s, service.Options{Log: log})
	h, err := server.New(s, svc, server.Options{Log: log, Dev: *dev, Demo: *withDemo, Secure: secure})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fail("无法监听 %s：%v", cfg.Addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	scheme := "http"
	if secure {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "zhibu 已启动，请在浏览器中打开 %s://%s/\n", scheme, ln.Addr())
	if !*withDemo {
		if n, err := s.AccountCount(sctx); err == nil && n == 0 {
			fmt.Fprintln(stdout, "尚无账号：请先运行 zhibu user add 用户名 --admin 新建系统管理员。")
		}
	}
	// The superiors' matrices are made in the background, ended before the
	// store closes.
	wctx, stopWarm := context.WithCancel(sctx)
	warmed := make(chan struct{})
	go func() {
		defer close(warmed)
		svc.Compliance.Warm(wctx)
	}()
	defer func() { stopWarm(); <-warmed }()
	errc := make(chan error, 1)
	go func() {
		if secure {
			errc <- srv.ServeTLS(ln, *cert, *key)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "zhibu 已停止。")
	return nil
}

func cmdOrgList(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("org list", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	format := fs.String("format", "text", "输出格式：text 或 json")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return fail("--format 应为 text 或 json")
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	orgs, err := s.Orgs(sctx, store.OrgFilter{})
	if err != nil {
		return err
	}
	if *format == "json" {
		type row struct {
			zhibu.Org
			ParentCode string `json:"parent_code,omitempty"`
		}
		codes := map[int64]string{}
		out := make([]row, len(orgs))
		for i, o := range orgs {
			codes[o.ID] = o.Code
			out[i] = row{o, codes[o.ParentID]}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"orgs": out})
	}
	for _, o := range orgs {
		line := fmt.Sprintf("%s%s  %s（%s）", strings.Repeat("  ", o.Depth), o.Code, o.Name, o.Kind.Label())
		if len(o.Units) > 0 {
			line += "  " + strings.Join(o.Units, "、")
		}
		fmt.Fprintln(stdout, line)
	}
	if len(orgs) == 0 {
		fmt.Fprintln(stdout, "（尚无组织。可运行 zhibu demo 载入演示数据。）")
	}
	return nil
}

func cmdImportPeople(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	f, s, sctx, org, err := importArgs(ctx, cfg, "import people", "导入到的党支部代码（必填）", args, stderr)
	if err != nil {
		return err
	}
	defer f.Close()
	defer s.Close()
	sheet, err := checkRoster(sctx, s, org, f)
	if err != nil {
		var ps zhibu.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				fmt.Fprintln(stderr, p.Message)
			}
			return fail("文件中有%d处问题，未导入任何人员。", len(ps))
		}
		return err
	}
	for _, u := range sheet.Unknown {
		fmt.Fprintf(stderr, "提示：未知列“%s”已忽略。\n", u)
	}
	people := make([]zhibu.Person, len(sheet.Rows))
	for i, r := range sheet.Rows {
		people[i] = r.Person
	}
	n, err := s.ImportPeople(sctx, org.ID, people)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已向%s导入%d人。\n", org.Name, n)
	return nil
}

// importArgs reads the arguments that the import commands share: the flags
// --db, --keys and --org (orgUsage is the help of --org), and one FILE. It
// opens the file and the store and finds the org by its code; the caller
// closes the file and the store. name is the command, "import people", as
// the usage message shows it.
func importArgs(ctx context.Context, cfg Config, name, orgUsage string, args []string, stderr io.Writer) (f *os.File, s *store.Store, sctx context.Context, org zhibu.Org, err error) {
	fs := flags(name, stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("org", "", orgUsage)
	pos, err := parse(fs, args)
	if err != nil {
		return nil, nil, nil, org, err
	}
	if len(pos) != 1 {
		return nil, nil, nil, org, fail("请给出一个要导入的文件：zhibu %s 文件 --org 代码", name)
	}
	if *code == "" {
		return nil, nil, nil, org, fail("请用 --org 指定党支部代码（可用 zhibu org list 查看）")
	}
	f, err = os.Open(pos[0])
	if err != nil {
		return nil, nil, nil, org, fail("无法打开文件：%v", err)
	}
	s, sctx, err = open(ctx, cfg)
	if err != nil {
		f.Close()
		return nil, nil, nil, org, err
	}
	org, err = s.OrgByCode(sctx, *code)
	if err != nil {
		s.Close()
		f.Close()
		return nil, nil, nil, org, fail("组织代码 %s 不存在", *code)
	}
	return f, s, sctx, org, nil
}

// checkRoster parses a roster file and checks it against the org: its
// groups and the ID numbers already stored.
func checkRoster(ctx context.Context, s *store.Store, org zhibu.Org, r io.Reader) (*roster.Sheet, error) {
	if org.Kind != zhibu.KindBranch {
		return nil, fail("%s不是党支部，人员应导入到党支部", org.Name)
	}
	sheet, err := roster.Parse(r, roster.DefaultLimits, zhibu.Today(time.Now()))
	if err != nil {
		return nil, err
	}
	groups, err := s.Groups(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	byName := map[string]int64{}
	for _, g := range groups {
		byName[g.Name] = g.ID
	}
	return sheet, sheet.Check(byName, func(ids []string) (map[string]bool, error) {
		return s.ExistingIDNumbers(ctx, ids)
	})
}

func cmdExportPeople(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("export people", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("org", "", "导出的组织代码（必填）")
	format := fs.String("format", "xlsx", "文件格式：xlsx 或 csv")
	out := fs.String("o", "", "输出文件（默认写到标准输出）")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *code == "" {
		return fail("请用 --org 指定组织代码（可用 zhibu org list 查看）")
	}
	if *format != "xlsx" && *format != "csv" {
		return fail("--format 应为 xlsx 或 csv")
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	org, err := s.OrgByCode(sctx, *code)
	if err != nil {
		return fail("组织代码 %s 不存在", *code)
	}
	// The command runs as the system, which sees full values: the export
	// is audited.
	people, _, err := s.ExportPeople(sctx, org.ID, zhibu.PersonFilter{}, *format)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if *format == "csv" {
		err = roster.WriteCSV(&buf, people)
	} else {
		err = roster.WriteXLSX(&buf, org.Name+"人员花名册", people)
	}
	if err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o600); err != nil {
		return fail("无法写入文件：%v", err)
	}
	fmt.Fprintf(stderr, "已导出%d人到 %s\n", len(people), *out)
	return nil
}
