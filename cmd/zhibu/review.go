package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/reviewexport"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// The review stream's commands (docs/review.md), what a bureau's
// administrator scripts each year: open the secretaries' review round for
// the branches below a committee, open a branch's democratic appraisal,
// and take the appraisal's grades out as xlsx. Each calls the review
// service, as the pages do, acting as the system.

// cmdReview is `zhibu review open`.
func cmdReview(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "open" {
		return errUsage
	}
	fs := flags("review open", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("org", "", "开展述职评议的党委或党总支代码（必填）")
	year := fs.Int("year", 0, "年度（必填），如 2026")
	from := fs.String("from", "", "开始日期，如 2026-10-21（不填按 review.secretary 的参数）")
	to := fs.String("to", "", "截止日期，如 2026-11-10（不填按 review.secretary 的参数）")
	note := fs.String("note", "", "说明")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fail("多余的参数：%s（请用 --org、--year、--from、--to）", strings.Join(pos, " "))
	}
	var ps zhibu.Problems
	r := zhibu.ReviewRound{Year: *year, Note: *note}
	if *year == 0 {
		ps.Add("year", "年度", "不能为空（--year）")
	}
	r.OpensOn = cliDate(*from, "opens_on", "开始日期", &ps)
	r.ClosesOn = cliDate(*to, "closes_on", "截止日期", &ps)
	if (*from == "") != (*to == "") {
		ps.Add("closes_on", "截止日期", "--from 与 --to 应同时填写，或都不填")
	}
	return withOrg(ctx, cfg, *code, stderr, ps, func(sctx context.Context, s *store.Store, svc *service.Services, o zhibu.Org) error {
		r.OrgID = o.ID
		done, err := svc.Review.OpenRound(sctx, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已开展%d年度书记述职评议（%s至%s），共%d个党支部\n", done.Year, done.OpensOn.Chinese(), done.ClosesOn.Chinese(), done.Branches)
		return nil
	})
}

// cmdAppraisal is `zhibu appraisal open` and `zhibu appraisal export`.
func cmdAppraisal(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "open" && args[0] != "export") {
		return errUsage
	}
	sub := args[0]
	fs := flags("appraisal "+sub, stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("org", "", "党支部代码（必填）；导出时也可为党委，各支部并列")
	year := fs.Int("year", 0, "年度（必填），如 2026")
	out := fs.String("o", "", "导出的文件（默认写到标准输出）")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fail("多余的参数：%s（请用 --org、--year）", strings.Join(pos, " "))
	}
	var ps zhibu.Problems
	if *year == 0 {
		ps.Add("year", "年度", "不能为空（--year）")
	}
	return withOrg(ctx, cfg, *code, stderr, ps, func(sctx context.Context, s *store.Store, svc *service.Services, o zhibu.Org) error {
		if sub == "open" {
			r, err := svc.Review.OpenAppraisal(sctx, o.ID, *year)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s已开展%d年度民主评议党员，共%d名党员参评\n", o.Name, r.Year, len(r.Entries))
			return nil
		}
		var buf bytes.Buffer
		switch o.Kind {
		case zhibu.KindBranch:
			rounds, err := s.BranchAppraisals(sctx, o.ID)
			if err != nil {
				return err
			}
			cur := zhibu.AppraisalRound{}
			for _, r := range rounds {
				if r.Year == *year {
					cur = r
				}
			}
			if cur.ID == 0 {
				return zhibu.Problems{{Field: "year", Label: "年度", Message: "年度：" + o.Name + "没有" + strconv.Itoa(*year) + "年度的民主评议"}}
			}
			err = reviewexport.WriteAppraisal(&buf, cur)
			if err != nil {
				return err
			}
		case zhibu.KindGroup:
			return zhibu.Problems{{Field: "org", Label: "组织", Message: "组织：应为党支部或党委（党小组没有民主评议）"}}
		default:
			side, err := svc.Review.AppraisalsUnder(sctx, o.ID, *year)
			if err != nil {
				return err
			}
			if err := reviewexport.WriteAppraisals(&buf, o.Name, *year, side, zhibu.Today(s.Now())); err != nil {
				return err
			}
		}
		if *out == "" || *out == "-" {
			_, err := stdout.Write(buf.Bytes())
			return err
		}
		if err := os.WriteFile(*out, buf.Bytes(), 0o600); err != nil {
			return fail("无法写入文件：%v", err)
		}
		fmt.Fprintf(stderr, "已导出%s%d年度民主评议结果到 %s\n", o.Name, *year, *out)
		return nil
	})
}

// cliDate reads an optional date flag, adding a problem naming it when it
// is not a valid day.
func cliDate(v, field, label string, ps *zhibu.Problems) zhibu.Date {
	if v == "" {
		return zhibu.Date{}
	}
	d, err := zhibu.ParseDate(v)
	if err != nil || d.IsZero() {
		ps.Add(field, label, "“"+v+"”不是有效日期，应如2026-10-21")
	}
	return d
}

// withOrg checks --org and the problems found so far, opens the database,
// finds the org by its code and runs act as the system with the services;
// the service's problems are printed one a line, nothing saved.
func withOrg(ctx context.Context, cfg Config, code string, stderr io.Writer, ps zhibu.Problems,
	act func(context.Context, *store.Store, *service.Services, zhibu.Org) error) error {
	if code == "" {
		ps = append(zhibu.Problems{{Field: "org", Label: "组织", Message: "组织：请用 --org 指定组织代码（可用 zhibu org list 查看）"}}, ps...)
	}
	if len(ps) > 0 {
		return problemsFail(stderr, ps)
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	o, err := s.OrgByCode(sctx, code)
	if errors.Is(err, zhibu.ErrNotFound) {
		return problemsFail(stderr, zhibu.Problems{{Field: "org", Label: "组织", Message: "组织：组织代码“" + code + "”不存在（--org，可用 zhibu org list 查看）"}})
	}
	if err != nil {
		return err
	}
	err = act(sctx, s, service.New(s, service.Options{}), o)
	var vs zhibu.Problems
	if errors.As(err, &vs) {
		return problemsFail(stderr, vs)
	}
	return err
}
