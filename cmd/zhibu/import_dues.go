package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"zhibu"
	"zhibu/internal/dues"
	"zhibu/internal/service"
)

// cmdImportDues is `zhibu import dues FILE --org CODE [--method M]`: it
// records every payment of a payroll or bank sheet (xlsx) for a branch's
// members, or none. Every problem goes to stderr by row and column.
func cmdImportDues(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	method := string(zhibu.PayPayroll)
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--method" {
			method = args[i+1]
			args = append(args[:i:i], args[i+2:]...)
			break
		}
	}
	m, ok := zhibu.ParsePayMethod(method)
	if !ok {
		return fail("--method 应为 cash、transfer、online 或 payroll（现金、银行转账、网上缴纳、本人委托代扣）")
	}
	f, s, sctx, org, err := importArgs(ctx, cfg, "import dues", "导入到的党支部代码（必填）", args, stderr)
	if err != nil {
		return err
	}
	defer f.Close()
	defer s.Close()
	// The parser refuses a file over the limit; reading one byte more
	// lets it tell.
	data, err := io.ReadAll(io.LimitReader(f, dues.DefaultLimits.MaxBytes+1))
	if err != nil {
		return fail("无法读取文件：%v", err)
	}
	svc := service.New(s, service.Options{}).Dues
	sh, n, err := svc.ImportSheet(sctx, org.ID, data, f.Name(), m)
	if err != nil {
		if errors.Is(err, zhibu.ErrInvalid) || errors.Is(err, zhibu.ErrConflict) {
			return fail("%s；未导入任何缴费记录。", zhibu.UserMessage(err))
		}
		return err
	}
	ps, total := sh.Problems, sh.Amount
	if len(ps) > 0 {
		for _, p := range ps {
			fmt.Fprintln(stderr, p.Message)
		}
		return fail("文件中有%d处问题，未导入任何缴费记录。", len(ps))
	}
	fmt.Fprintf(stdout, "已向%s导入%d笔党费，合计%s。\n", org.Name, n, total)
	return nil
}
