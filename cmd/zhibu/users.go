package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/password"
	"zhibu/internal/store"
)

// cmdUser is `zhibu user add|list|disable|enable|reset`.
func cmdUser(ctx context.Context, cfg Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	sub, args := args[0], args[1:]
	fs := flags("user "+sub, stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录")
	admin := fs.Bool("admin", false, "授予系统管理员角色（管理账号）")
	role := fs.String("role", "", "授予的管理员角色：system_admin、security_admin 或 audit_admin")
	person := fs.Int64("person", 0, "关联的人员编号（党员、民警的账号）")
	name := fs.String("name", "", "显示名称（不关联人员时）")
	pwFile := fs.String("password-file", "", "从文件读取密码（第一行）；不给出时从终端读取")
	format := fs.String("format", "text", "输出格式：text 或 json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	switch sub {
	case "add":
		if len(pos) != 1 {
			return fail("请给出用户名：zhibu user add 用户名 [--admin]")
		}
		a := zhibu.Account{Login: pos[0], PersonID: *person, Name: *name}
		if *admin {
			*role = string(zhibu.RoleSystemAdmin)
		}
		if *role != "" {
			a.Roles = []zhibu.AccountRole{{Role: zhibu.Role(*role)}}
		}
		if a.PersonID == 0 && len(a.Roles) == 0 {
			return fail("账号须关联人员（--person）或授予管理员角色（--admin 或 --role）")
		}
		hash, err := newPasswordHash(sctx, s, *pwFile, a.Login, cmpOr(a.Name, a.Login), stdin, stderr)
		if err != nil {
			return err
		}
		created, err := s.CreateAccount(sctx, a, hash)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已新建账号 %s（编号%d）。\n", created.Login, created.ID)
	case "list":
		accounts, err := s.Accounts(sctx)
		if err != nil {
			return err
		}
		if *format == "json" {
			return json.NewEncoder(stdout).Encode(map[string]any{"accounts": accounts})
		}
		for _, a := range accounts {
			var roles []string
			for _, r := range a.Roles {
				roles = append(roles, r.Role.Label())
			}
			state := "正常"
			if a.Disabled {
				state = "已停用"
			}
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\n", a.ID, a.Login, a.Name, cmpOr(strings.Join(roles, "、"), "职务角色"), state)
		}
	case "disable", "enable":
		a, err := accountArg(sctx, s, pos)
		if err != nil {
			return err
		}
		if err := s.SetDisabled(sctx, a.ID, sub == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "账号 %s 已%s。\n", a.Login, map[string]string{"disable": "停用", "enable": "启用"}[sub])
	case "reset":
		a, err := accountArg(sctx, s, pos)
		if err != nil {
			return err
		}
		hash, err := newPasswordHash(sctx, s, *pwFile, a.Login, a.Name, stdin, stderr)
		if err != nil {
			return err
		}
		if err := s.SetPassword(sctx, a.ID, hash); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "账号 %s 的密码已重置，其会话已全部结束。\n", a.Login)
	default:
		return errUsage
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func accountArg(ctx context.Context, s *store.Store, pos []string) (zhibu.Account, error) {
	if len(pos) != 1 {
		return zhibu.Account{}, fail("请给出一个用户名")
	}
	a, err := s.AccountByLogin(ctx, pos[0])
	if err != nil {
		return zhibu.Account{}, fail("账号 %s 不存在", pos[0])
	}
	return a, nil
}

// newPasswordHash reads a new password from a file or the terminal (never
// from a flag, where it would show in the process list), checks it against
// the security policy and hashes it.
func newPasswordHash(ctx context.Context, s *store.Store, file, login, name string, stdin io.Reader, stderr io.Writer) (string, error) {
	var pw string
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fail("无法读取密码文件：%v", err)
		}
		pw, _, _ = strings.Cut(string(b), "\n")
		pw = strings.TrimSuffix(pw, "\r")
	default:
		f, ok := stdin.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return "", fail("请在终端中运行以输入密码，或使用 --password-file 文件")
		}
		read := func(prompt string) (string, error) {
			fmt.Fprint(stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(stderr)
			return string(b), err
		}
		var err error
		if pw, err = read("密码："); err != nil {
			return "", err
		}
		again, err := read("再次输入密码：")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", fail("两次输入的密码不一致")
		}
	}
	st, err := auth.New(s, nil).Settings(ctx)
	if err != nil {
		return "", err
	}
	if err := st.Policy.Check(pw, login, name); err != nil {
		return "", err
	}
	return password.Hash(pw)
}

// cmdToken is `zhibu token create|list|revoke`.
func cmdToken(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	sub, args := args[0], args[1:]
	fs := flags("token "+sub, stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录")
	user := fs.String("user", "", "令牌所属账号的用户名")
	name := fs.String("name", "命令行创建", "令牌名称")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	switch sub {
	case "create":
		if *user == "" {
			return fail("请用 --user 指定账号")
		}
		a, err := accountArg(sctx, s, []string{*user})
		if err != nil {
			return err
		}
		token, _, err := auth.New(s, nil).NewAPIToken(sctx, a.ID, *name)
		if err != nil {
			return err
		}
		fmt.Fprintln(stderr, "新令牌如下，只显示这一次，请妥善保存：")
		fmt.Fprintln(stdout, token)
	case "list":
		tokens, err := s.Tokens(sctx)
		if err != nil {
			return err
		}
		w := bufio.NewWriter(stdout)
		for _, t := range tokens {
			state := "有效"
			if !t.Revoked.IsZero() {
				state = "已吊销"
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\n", t.ID, t.Login, t.Name, state)
		}
		return w.Flush()
	case "revoke":
		if len(pos) != 1 {
			return fail("请给出令牌编号：zhibu token revoke 编号")
		}
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil {
			return fail("令牌编号应为数字")
		}
		if err := s.RevokeToken(sctx, id); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "令牌已吊销。")
	default:
		return errUsage
	}
	return nil
}
