package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"zhibu"
	"zhibu/internal/register"
	"zhibu/internal/service"
)

// cmdImportMeetings is `zhibu import meetings FILE --org CODE`: it records
// every meeting of a register (三会一课记录簿, xlsx) for a branch and its
// groups (or for one group), or none. Every problem of the file goes to
// stderr, by sheet, row and column.
func cmdImportMeetings(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	f, s, sctx, org, err := importArgs(ctx, cfg, "import meetings", "导入到的党支部（或党小组）代码（必填）", args, stderr)
	if err != nil {
		return err
	}
	defer f.Close()
	defer s.Close()
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
	n, err := service.New(s, service.Options{}).Meetings.ImportRegister(sctx, org.ID, sheet)
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
