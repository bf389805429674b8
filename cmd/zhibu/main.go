// Command zhibu is the workbench of a party branch and of the committee
// above it: a web UI and JSON API over SQLite or PostgreSQL, and the
// commands to run, fill, import into and export from it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"zhibu"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// env is where configuration comes from besides the flags (os.Getenv).
type env func(string) string

// Config is everything the commands read from flags and the environment.
type Config struct {
	DB   string // DSN: a SQLite file path or a postgres:// URL
	Keys string // the folder of the key files; "" for the default beside the database
	Addr string
}

// defaults returns the configuration before flags: ZHIBU_DB and ZHIBU_ADDR
// stand in for --db and --addr.
func defaults(getenv env) Config {
	c := Config{DB: "zhibu.db", Addr: "127.0.0.1:8080"}
	if v := getenv("ZHIBU_DB"); v != "" {
		c.DB = v
	}
	if v := getenv("ZHIBU_ADDR"); v != "" {
		c.Addr = v
	}
	c.Keys = getenv("ZHIBU_KEYS")
	return c
}

const usage = `zhibu —— 支部工作台

用法：
  zhibu serve  [--db DSN] [--addr 127.0.0.1:8080] [--demo] [--tls-cert 文件 --tls-key 文件]
                                                              启动网页界面和 /api/v1 接口
  zhibu demo   [--db DSN]                                     向空数据库载入演示数据
  zhibu org list [--db DSN] [--format text|json]              列出组织架构及各组织代码
  zhibu org add --code 代码 --name 名称 --kind 类别 [--parent 上级代码] [--founded 日期] [--units 单位]
                                                              新建组织（不填 --parent 则建立顶级党委）
  zhibu term add --org 代码 --elected 日期 --seat 职务=人员 ... [--years N] [--assembly 编号]
                                                              录入一届委员会（选举日期与委员职务）
  zhibu review open --org 党委代码 --year 年份 [--from 日期 --to 日期] [--note 说明]
                                                              对所属党支部开展书记述职评议（不填日期按规则参数）
  zhibu appraisal open --org 支部代码 --year 年份              开展党支部的民主评议党员（今年或上一年）
  zhibu appraisal export --org 代码 --year 年份 [-o 文件]      导出民主评议等次表（xlsx；党委为各支部并列的汇总表）
  zhibu study export --org 代码 --year 年份 [-o 文件]           导出党支部或党小组的理论学习登记簿（xlsx）
  zhibu talks export --org 支部代码 --year 年份 [-o 文件]       导出谈心谈话记录本（xlsx，含谈话内容）
  zhibu bulletins feed --org 支部代码 [-o 目录] [--base 网址]   导出已发布的党建信息简报（静态网页和 Atom 订阅源）
  zhibu import people 文件 --org 代码 [--db DSN]              导入人员花名册（xlsx 或 csv）
  zhibu import meetings 文件 --org 代码 [--db DSN]            导入三会一课记录簿（xlsx），有问题时不导入任何会议
  zhibu import dues 文件 --org 代码 [--method payroll|transfer|online|cash] [--db DSN]
                                                              导入党费工资代扣或银行缴费表（xlsx），有问题时不导入任何缴费
  zhibu export people --org 代码 [--format xlsx|csv] [-o 文件] [--db DSN]
                                                              导出人员花名册
  zhibu user add 用户名 [--admin | --role 角色] [--person 编号] [--password-file 文件]
                                                              新建账号（密码从终端或文件读取）
  zhibu user list | disable 用户名 | enable 用户名 | reset 用户名 [--password-file 文件]
                                                              列出、停用、启用账号，重置密码
  zhibu token create --user 用户名 [--name 名称] | list | revoke 编号
                                                              接口令牌（Bearer）
  zhibu check  --org 代码 --year 年份 [--as-of 日期] [--format text|json] [--db DSN]
                                                              检查组织一年的合规情况（三会一课、换届等），逾期不影响退出码
  zhibu archive --org 代码 --year 年份 [-o 文件] [--db DSN]   生成组织一年的年终档案包（zip：目录、登记簿、会议记录、附件和校验清单）
  zhibu audit verify [--db DSN]                               校验审计记录链（发现篡改时退出码为 1）
  zhibu audit list [--from 日期] [--to 日期] [--actor 姓名] [--action 操作] [--result ok|refused|failed]
                   [--org 代码] [--limit N] [--format text|json]   查询审计记录（最新的在前）
  zhibu backup 文件 [--db DSN]                                 备份运行中的 SQLite 数据库（一致副本；密钥须另行保管）
  zhibu restore 文件 [--db DSN]                                检查备份并恢复（服务须先停止；PostgreSQL 用 pg_restore）
  zhibu gen    --scale S|M|L [--db DSN] [--seed N]             向空数据库生成模拟数据（带进度条）
  zhibu search reindex [--db DSN]                             重建全文检索索引（写入时已自动更新，恢复备份后可重建）
  zhibu migrate [--db DSN]                                    升级数据库结构
  zhibu version                                               显示版本

DSN 为 SQLite 文件路径（默认 zhibu.db）或 postgres://用户@主机:端口/库名。
环境变量 ZHIBU_DB、ZHIBU_ADDR、ZHIBU_KEYS 可代替 --db、--addr、--keys。
密钥文件（data.key、audit.key）默认存放在数据库文件旁的 zhibu-keys 目录，
首次启动时生成；请与数据库分开备份，丢失后加密数据无法恢复。
`

// run is the whole program: it returns the exit status.
func run(ctx context.Context, args []string, getenv env, stdin io.Reader, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, getenv, stdin, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprint(stderr, usage)
		return 2
	}
	fmt.Fprintln(stderr, "错误："+message(err))
	return 1
}

var errUsage = errors.New("usage")

// message is the Chinese text for err: the user message of a zhibu error,
// or the error itself for a failure of the machine (file, network,
// database), which an operator needs to see as it is.
func message(err error) string {
	var c cliError
	if errors.As(err, &c) {
		return c.msg
	}
	if m := zhibu.UserMessage(err); m != "内部错误" {
		return m
	}
	return "内部错误：" + err.Error()
}

// cliError is a Chinese message for a mistake on the command line.
type cliError struct{ msg string }

func (e cliError) Error() string { return e.msg }

func fail(format string, a ...any) error { return cliError{fmt.Sprintf(format, a...)} }

func dispatch(ctx context.Context, args []string, getenv env, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	cfg := defaults(getenv)
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, cfg, rest, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, cfg, rest, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, cfg, rest, stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "zhibu %s\n", version)
		return nil
	case "user":
		return cmdUser(ctx, cfg, rest, stdin, stdout, stderr)
	case "token":
		return cmdToken(ctx, cfg, rest, stdout, stderr)
	case "audit":
		return cmdAudit(ctx, cfg, rest, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, cfg, rest, stdout, stderr) // backup.go
	case "restore":
		return cmdRestore(ctx, cfg, rest, stdout, stderr)
	case "gen":
		return cmdGen(ctx, cfg, rest, stdout, stderr)
	case "search":
		return cmdSearch(ctx, cfg, rest, stdout, stderr) // search.go
	case "check":
		return cmdCheck(ctx, cfg, rest, stdout, stderr)
	case "archive": // archive.go
		return cmdArchive(ctx, cfg, rest, stdout, stderr)
	case "org":
		if len(rest) > 0 && rest[0] == "list" {
			return cmdOrgList(ctx, cfg, rest[1:], stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "add" { // issue 12: org_add.go
			return cmdOrgAdd(ctx, cfg, rest[1:], stdout, stderr)
		}
	case "term": // issue 12: term_add.go
		if len(rest) > 0 && rest[0] == "add" {
			return cmdTermAdd(ctx, cfg, rest[1:], stdout, stderr)
		}
	case "review": // review stream: review.go
		return cmdReview(ctx, cfg, rest, stdout, stderr)
	case "appraisal": // review stream: review.go
		return cmdAppraisal(ctx, cfg, rest, stdout, stderr)
	case "study": // streams_export.go
		return cmdStudy(ctx, cfg, rest, stdout, stderr)
	case "talks": // streams_export.go
		return cmdTalks(ctx, cfg, rest, stdout, stderr)
	case "bulletins": // streams_export.go
		return cmdBulletins(ctx, cfg, rest, stdout, stderr)
	case "import":
		if len(rest) > 0 && rest[0] == "people" {
			return cmdImportPeople(ctx, cfg, rest[1:], stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "meetings" {
			return cmdImportMeetings(ctx, cfg, rest[1:], stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "dues" {
			return cmdImportDues(ctx, cfg, rest[1:], stdout, stderr)
		}
	case "export":
		if len(rest) > 0 && rest[0] == "people" {
			return cmdExportPeople(ctx, cfg, rest[1:], stdout, stderr)
		}
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return errUsage
}

// flags makes a flag set that reports its errors in Chinese on stderr.
func flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "zhibu %s 的参数：\n", name)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come before or after positional arguments
// (zhibu import people FILE --org CODE) and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fail("参数有误：%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
