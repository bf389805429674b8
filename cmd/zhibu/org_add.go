package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"zhibu"
	"zhibu/internal/service"
)

// orgKindOf reads --kind: the code name (committee, branch…) or the
// Chinese one (党委、党支部…).
func orgKindOf(v string) (zhibu.OrgKind, bool) {
	v = strings.TrimSpace(v)
	for _, k := range zhibu.OrgKinds {
		if v == string(k) || v == k.Label() {
			return k, true
		}
	}
	return "", false
}

// cmdOrgAdd is `zhibu org add`: an org of the tree, through the same
// service as the web form and the API. Without --parent it founds a
// top-level committee (the first step on an empty database).
func cmdOrgAdd(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("org add", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("code", "", "组织代码（必填），字母、数字、-或_，如 JDW、ZB03")
	name := fs.String("name", "", "组织名称（必填）")
	kind := fs.String("kind", "", "组织类别（必填）：committee/党委、general_branch/党总支、branch/党支部、group/党小组")
	parent := fs.String("parent", "", "上级组织代码；不填则建立顶级党委")
	founded := fs.String("founded", "", "成立日期，如 2018-07-01")
	units := fs.String("units", "", "所辖单位，用逗号或顿号分隔")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fail("多余的参数：%s（请用 --code、--name、--kind、--parent）", strings.Join(pos, " "))
	}
	var ps zhibu.Problems
	o := zhibu.Org{Code: *code, Name: *name}
	if *kind == "" {
		ps.Add("kind", "组织类别", "不能为空（--kind）")
	} else if k, ok := orgKindOf(*kind); ok {
		o.Kind = k
	} else {
		ps.Add("kind", "组织类别", "“"+*kind+"”应为党委、党总支、党支部或党小组")
	}
	if *founded != "" {
		d, err := zhibu.ParseDate(*founded)
		if err != nil {
			ps.Add("founded_on", "成立日期", "“"+*founded+"”不是有效日期")
		}
		o.FoundedOn = d
	}
	for _, u := range strings.FieldsFunc(*units, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if u = strings.TrimSpace(u); u != "" {
			o.Units = append(o.Units, u)
		}
	}
	if len(ps) > 0 {
		return problemsFail(stderr, ps)
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	created, err := service.New(s, service.Options{}).Orgs.Create(sctx, service.NewOrg{Org: o, ParentCode: *parent})
	if err != nil {
		var vs zhibu.Problems
		if errors.As(err, &vs) {
			return problemsFail(stderr, vs)
		}
		return err
	}
	fmt.Fprintf(stdout, "已新建%s：%s（%s）\n", created.Kind.Label(), created.Name, created.Code)
	return nil
}

// problemsFail prints each problem on stderr and fails with their count.
func problemsFail(stderr io.Writer, ps zhibu.Problems) error {
	for _, p := range ps {
		fmt.Fprintln(stderr, p.Message)
	}
	return fail("有%d处问题，未保存。", len(ps))
}
