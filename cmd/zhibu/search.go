package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"zhibu/internal/service"
)

// cmdSearch is `zhibu search reindex`: the full-text index built again
// from every record, in one transaction (docs/search.md). The store keeps
// the index in step with every write; a reindex is for a database restored
// or changed outside zhibu, and gives the same rows.
func cmdSearch(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "reindex" {
		return errUsage
	}
	fs := flags("search reindex", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	if pos, err := parse(fs, args[1:]); err != nil {
		return err
	} else if len(pos) > 0 {
		return fail("多余的参数：%s", strings.Join(pos, " "))
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	n, err := service.New(s, service.Options{}).Search.Reindex(sctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "检索索引已重建：%d条记录，用时%.1f秒。\n", n, time.Since(start).Seconds())
	return nil
}
