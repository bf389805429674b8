package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/service"
)

// seatFlags collects repeated --seat 职务=人员 flags.
type seatFlags []string

func (s *seatFlags) String() string     { return strings.Join(*s, " ") }
func (s *seatFlags) Set(v string) error { *s = append(*s, v); return nil }

// positionOf reads a committee position by its code name (secretary) or
// its Chinese name (书记).
func positionOf(v string) (zhibu.Position, bool) {
	v = strings.TrimSpace(v)
	for _, p := range zhibu.CommitteePositions {
		if v == string(p) || v == p.Label() {
			return p, true
		}
	}
	return "", false
}

// cmdTermAdd is `zhibu term add`: an election of an org's committee, past
// or current, checked by the terms service as the web form and the API
// are (every seat holder a member of the org on the election day). Enter
// past committees oldest first.
func cmdTermAdd(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("term add", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("org", "", "组织代码（必填）")
	elected := fs.String("elected", "", "选举日期（必填），如 2021-03-01")
	years := fs.Int("years", 0, "任期年限（1至5；不填按组织类别：党支部、党总支3年，党委5年）")
	assembly := fs.Int64("assembly", 0, "选举大会（已录入的支部党员大会）编号，可不填")
	note := fs.String("note", "", "备注")
	var seats seatFlags
	fs.Var(&seats, "seat", "职务=人员，可重复：如 --seat 书记=张伟 --seat org_officer=李娜；人员为本组织人员的姓名或编号")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fail("多余的参数：%s（请用 --org、--elected、--seat）", strings.Join(pos, " "))
	}
	if *code == "" {
		return fail("请用 --org 指定组织代码（可用 zhibu org list 查看）")
	}
	var ps zhibu.Problems
	t := zhibu.Term{Years: *years, AssemblyID: *assembly, Note: *note}
	if *elected == "" {
		ps.Add("elected_on", "选举日期", "不能为空（--elected）")
	} else if t.ElectedOn, err = zhibu.ParseDate(*elected); err != nil {
		ps.Add("elected_on", "选举日期", "“"+*elected+"”不是有效日期")
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
	t.OrgID = org.ID
	for i, v := range seats {
		label := "第" + strconv.Itoa(i+1) + "个职务"
		name, who, ok := strings.Cut(v, "=")
		if !ok {
			ps.Add("seats", label, "“"+v+"”应写作 职务=人员")
			continue
		}
		p, ok := positionOf(name)
		if !ok {
			ps.Add("seats", label, "“"+name+"”不是支部委员会的职务")
			continue
		}
		id, err := personIn(sctx, s, org, strings.TrimSpace(who))
		if err != nil {
			var vs zhibu.Problems
			if errors.As(err, &vs) {
				ps.Add("seats", label, vs[0].Message)
				continue
			}
			return err
		}
		t.Seats = append(t.Seats, zhibu.Seat{Position: p, PersonID: id})
	}
	if len(ps) > 0 {
		return problemsFail(stderr, ps)
	}
	term, err := service.New(s, service.Options{}).Terms.StartTerm(sctx, t)
	if err != nil {
		var vs zhibu.Problems
		if errors.As(err, &vs) {
			return problemsFail(stderr, vs)
		}
		return err
	}
	fmt.Fprintf(stdout, "已录入%s %s选举的委员会（任期%d年）", org.Name, term.ElectedOn.Chinese(), term.Years)
	if h := term.Heads(); h != "" {
		fmt.Fprintf(stdout, "：%s", h)
	}
	fmt.Fprintln(stdout, "。")
	return nil
}

// personIn finds the person a seat names: an id, or a name that is one
// person's among the org's people (those who left included).
func personIn(ctx context.Context, s interface {
	People(context.Context, int64, zhibu.PersonFilter) ([]zhibu.Person, error)
}, org zhibu.Org, who string) (int64, error) {
	if id, err := strconv.ParseInt(who, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	if who == "" {
		return 0, zhibu.Problems{{Message: "人员不能为空"}}
	}
	var found []zhibu.Person
	for _, left := range []bool{false, true} {
		ps, err := s.People(ctx, org.ID, zhibu.PersonFilter{Query: who, Left: left})
		if err != nil {
			return 0, err
		}
		for _, p := range ps {
			if p.Name == who {
				found = append(found, p)
			}
		}
	}
	switch len(found) {
	case 0:
		return 0, zhibu.Problems{{Message: org.Name + "没有名为“" + who + "”的人员"}}
	case 1:
		return found[0].ID, nil
	}
	return 0, zhibu.Problems{{Message: org.Name + "有" + strconv.Itoa(len(found)) + "人名为“" + who + "”，请用人员编号"}}
}
