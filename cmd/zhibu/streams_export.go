package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/bulletin"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/studyexport"
)

// The exports of the branch's life (docs/study.md, docs/talks.md,
// docs/activities.md) that an administrator scripts: the study register
// and the talk register of a year as xlsx, and a branch's published
// bulletins as static HTML pages with their Atom feed for the bureau's
// website. They write what the web pages download, with the same writers,
// acting as the system (as every command does), and follow zhibu
// archive's conventions: mode 0600, never over an existing file, nothing
// half-written left behind.

// cmdStudy is `zhibu study export`.
func cmdStudy(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return errUsage
	}
	return registerExport(ctx, cfg, "study export", "理论学习登记簿", args[1:], stdout, stderr,
		func(sctx context.Context, s *store.Store, svc *service.Services, o zhibu.Org, year int, w io.Writer) error {
			if o.Kind != zhibu.KindBranch && o.Kind != zhibu.KindGroup {
				return zhibu.Problems{{Field: "org", Label: "组织", Message: "组织：理论学习登记簿按党支部或党小组导出，“" + o.Code + "”是" + o.Kind.Label()}}
			}
			return writeStudyRegister(sctx, svc, o, year, w)
		})
}

// cmdTalks is `zhibu talks export`.
func cmdTalks(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return errUsage
	}
	return registerExport(ctx, cfg, "talks export", "谈心谈话记录本", args[1:], stdout, stderr,
		func(sctx context.Context, s *store.Store, svc *service.Services, o zhibu.Org, year int, w io.Writer) error {
			if err := needBranch(o, "谈心谈话记录本按党支部导出"); err != nil {
				return err
			}
			talks, err := s.Talks(sctx, o.ID, year)
			if err != nil {
				return err
			}
			return studyexport.WriteTalks(w, o.Name, year, talks)
		})
}

// registerExport reads --org, --year and -o, writes the register of the
// org's year with write into memory, then to the file (default
// CODE-YYYY-title.xlsx).
func registerExport(ctx context.Context, cfg Config, name, title string, args []string, stdout, stderr io.Writer,
	write func(context.Context, *store.Store, *service.Services, zhibu.Org, int, io.Writer) error) error {
	fs := flags(name, stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("org", "", "党支部代码（必填）")
	yearText := fs.String("year", "", "年度（必填），如2025")
	out := fs.String("o", "", "输出文件（默认 组织代码-年度-"+title+".xlsx）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fail("多余的参数：%s（请用 --org、--year、-o）", strings.Join(pos, " "))
	}
	year, ps := cliYear(*yearText)
	if *out == "" {
		*out = *code + "-" + *yearText + "-" + title + ".xlsx"
	}
	return withOrg(ctx, cfg, *code, stderr, ps, func(sctx context.Context, s *store.Store, svc *service.Services, o zhibu.Org) error {
		if today := zhibu.Today(s.Now()); year < 2000 || year > today.Year {
			return zhibu.Problems{{Field: "year", Label: "年度", Message: "年度：须为2000年至" + strconv.Itoa(today.Year) + "年之间的年份（--year）"}}
		}
		var buf bytes.Buffer
		if err := write(sctx, s, svc, o, year, &buf); err != nil {
			return err
		}
		if err := writeNew(*out, "-o", buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s：%s%d年%s，%d字节\n", *out, o.Name, year, title, buf.Len())
		return nil
	})
}

// writeStudyRegister is the study register as the web page downloads it
// (internal/web/study.go): the service's register in the register's rows.
func writeStudyRegister(ctx context.Context, svc *service.Services, o zhibu.Org, year int, w io.Writer) error {
	reg, err := svc.Study.Register(ctx, o.ID, year)
	if err != nil {
		return err
	}
	return reg.WriteXLSX(w)
}

// cmdBulletins is `zhibu bulletins feed`: the branch's published bulletins
// as static pages (ID.html, as the web page downloads them) and feed.atom
// in a folder the bureau's website takes in; --base is the address the
// folder is published at (the entries' links, the host of the feed's ids).
func cmdBulletins(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "feed" {
		return errUsage
	}
	fs := flags("bulletins feed", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("org", "", "党支部代码（必填）")
	dir := fs.String("o", "", "输出目录（默认 组织代码-党建信息简报；其中不能已有同名文件）")
	base := fs.String("base", ".", "网站上存放这些网页的地址，如 https://gaj.example.cn/jianbao（订阅条目的链接）")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fail("多余的参数：%s（请用 --org、-o、--base）", strings.Join(pos, " "))
	}
	var ps zhibu.Problems
	host := "localhost"
	if u, err := url.Parse(*base); err != nil || *base == "" || (u.Scheme != "" && u.Host == "") {
		ps.Add("base", "网页地址", "“"+*base+"”不是有效的地址（--base），应如 https://gaj.example.cn/jianbao")
	} else if u.Host != "" {
		host = u.Hostname()
	}
	if *dir == "" {
		*dir = *code + "-" + bulletin.Masthead
	}
	return withOrg(ctx, cfg, *code, stderr, ps, func(sctx context.Context, s *store.Store, svc *service.Services, o zhibu.Org) error {
		if err := needBranch(o, "党建信息简报由党支部编发"); err != nil {
			return err
		}
		bs, err := s.Bulletins(sctx, o.ID, true)
		if err != nil {
			return err
		}
		files := map[string][]byte{}
		names := []string{"feed.atom"}
		var buf bytes.Buffer
		if err := bulletin.WriteFeed(&buf, bs, bulletin.FeedInfo{OrgName: o.Name, OrgCode: o.Code, Host: host,
			BaseURL: strings.TrimSuffix(*base, "/")}); err != nil {
			return err
		}
		files["feed.atom"] = bytes.Clone(buf.Bytes())
		for _, b := range bs {
			info := bulletin.Info{OrgName: o.Name}
			if b.ActivityID != 0 {
				if a, _, err := s.Activity(sctx, o.ID, b.ActivityID); err == nil {
					info.Activity = a.HeldOn.Chinese() + " " + a.Title
				}
			}
			buf.Reset()
			if err := bulletin.WriteHTML(&buf, b, info); err != nil {
				return err
			}
			name := strconv.FormatInt(b.ID, 10) + ".html"
			files[name] = bytes.Clone(buf.Bytes())
			names = append(names, name)
		}
		// Nothing is written unless every file is new.
		for _, n := range names {
			if _, err := os.Lstat(filepath.Join(*dir, n)); err == nil {
				return fail("输出目录 %s 中已有 %s，请用 -o 换一个目录或先删除它", *dir, n)
			}
		}
		made := false
		if _, err := os.Stat(*dir); errors.Is(err, os.ErrNotExist) {
			if err := os.MkdirAll(*dir, 0o700); err != nil {
				return fail("无法创建输出目录 %s（-o）：%v", *dir, err)
			}
			made = true
		}
		var done []string
		for _, n := range names {
			if err := writeNew(filepath.Join(*dir, n), "-o", files[n]); err != nil {
				for _, d := range done {
					os.Remove(d)
				}
				if made {
					os.Remove(*dir)
				}
				return err
			}
			done = append(done, filepath.Join(*dir, n))
		}
		fmt.Fprintf(stdout, "%s：%s已发布的%s%d期（%d个网页）和订阅源 feed.atom\n", *dir, o.Name, bulletin.Masthead, len(bs), len(bs))
		return nil
	})
}

// needBranch refuses an org that is not a branch, naming --org.
func needBranch(o zhibu.Org, why string) error {
	if o.Kind == zhibu.KindBranch {
		return nil
	}
	return zhibu.Problems{{Field: "org", Label: "组织", Message: "组织：" + why + "，“" + o.Code + "”是" + o.Kind.Label() + "（--org）"}}
}

// cliYear reads --year: four digits, required.
func cliYear(v string) (int, zhibu.Problems) {
	var ps zhibu.Problems
	if v == "" {
		ps.Add("year", "年度", "不能为空（--year），如 --year 2025")
		return 0, ps
	}
	y, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 {
		ps.Add("year", "年度", "“"+v+"”应为四位年份（--year），如2025")
	}
	return y, ps
}

// writeNew writes data to a new file of mode 0600, never over an existing
// one, and leaves nothing behind when the write fails; flag names where
// the path came from.
func writeNew(path, flag string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if os.IsExist(err) {
			return fail("输出文件 %s 已存在（%s），请换一个文件名或先删除它", path, flag)
		}
		return fail("无法创建输出文件 %s（%s）：%v", path, flag, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fail("无法写入输出文件 %s（%s）：%v", path, flag, err)
	}
	return nil
}
