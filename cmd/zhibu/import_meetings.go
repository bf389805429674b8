package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"zhibu"
	"zhibu/internal/register"
)

// cmdImportMeetings is `zhibu import meetings FILE --org CODE`: it records
// every meeting of a register (三会一课记录簿, xlsx) for a branch and its
// groups (or for one group), or none. Every problem of the file goes to
// stderr, by sheet, row and column.
func cmdImportMeetings(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("import meetings", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("org", "", "导入到的党支部（或党小组）代码（必填）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fail("请给出一个要导入的文件：zhibu import meetings 文件 --org 代码")
	}
	if *code == "" {
		return fail("请用 --org 指定党支部代码（可用 zhibu org list 查看）")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fail("无法打开文件：%v", err)
	}
	defer f.Close()
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	org, err := s.OrgByCode(sctx, *code)
	if err != nil {
		return fail("组织代码 %s 不存在", *code)
	}
	switch org.Kind {
	case zhibu.KindBranch, zhibu.KindGeneralBranch, zhibu.KindGroup:
	default:
		return fail("%s是%s，不召开三会一课；请指定党支部或党小组的代码", org.Name, org.Kind.Label())
	}
	sheet, err := register.Parse(f, register.DefaultLimits, zhibu.DefaultZone)
	if err != nil {
		if errors.Is(err, zhibu.ErrInvalid) {
			return fail("%s；未导入任何会议。", zhibu.UserMessage(err))
		}
		return fail("无法读取文件：%v", err)
	}
	n, err := s.ImportRegister(sctx, org.ID, sheet)
	if err != nil {
		var ps zhibu.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				fmt.Fprintln(stderr, p.Message)
			}
			return fail("文件中有%d处问题，未导入任何会议。", len(ps))
		}
		return err
	}
	for _, notice := range sheet.Notices() {
		fmt.Fprintln(stderr, "提示："+notice)
	}
	fmt.Fprintf(stdout, "已向%s导入%d条会议记录。\n", org.Name, n)
	return nil
}
