package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"zhibu/internal/service"
)

// cmdArchive is zhibu archive --org CODE --year YYYY [-o FILE]: the
// year-end package of an org (docs/archives.md), the same zip the web
// page builds, written entry by entry to FILE (default CODE-YYYY.zip in
// the working directory) with mode 0600; progress goes to stderr.
func cmdArchive(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("archive", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("org", "", "组织代码（必填）：党支部，或党委、党总支连同其下全部党支部")
	yearText := fs.String("year", "", "年度（必填），如2025")
	out := fs.String("o", "", "输出文件（默认 组织代码-年度.zip）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fail("多余的参数：%s", strings.Join(pos, " "))
	}
	if *code == "" {
		return fail("请用 --org 指定组织代码（可用 zhibu org list 查看）")
	}
	if *yearText == "" {
		return fail("请用 --year 指定年度，如 --year 2025")
	}
	year, err := strconv.Atoi(*yearText)
	if err != nil {
		return fail("--year 应为四位年份，如2025")
	}
	if *out == "" {
		*out = *code + "-" + *yearText + ".zip"
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
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if os.IsExist(err) {
			return fail("输出文件 %s 已存在，请换一个文件名或先删除它", *out)
		}
		return fail("无法创建输出文件 %s：%v", *out, err)
	}
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 256<<10)
	last := -1
	n, err := service.New(s, service.Options{}).Archive.Build(sctx, org.ID, year, bw, func(done, total int, step string) {
		if total > 0 && done*10/total != last {
			last = done * 10 / total
			fmt.Fprintf(stderr, "%3d%% %s\n", done*100/total, step)
		}
	})
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out) // nothing half-written is left behind
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s：%s%d年年终档案包，%d个文件，%d字节\nSHA-256：%s\n", *out, org.Name, year, n, st.Size(), hex.EncodeToString(h.Sum(nil)))
	return nil
}
