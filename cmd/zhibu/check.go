package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// cmdCheck is zhibu check --org CODE --year YYYY [--as-of DATE] [--format
// text|json]: the findings of the rules engine for an org's year, as text
// grouped by org and rule, or as the JSON of docs/compliance.md. It reports:
// the exit status is 0 whatever the findings, non-zero only when the check
// cannot be made.
func cmdCheck(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("check", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	code := fs.String("org", "", "检查的组织代码（必填）：党支部连同其党小组；党委、党总支连同其下全部组织")
	yearText := fs.String("year", "", "检查的年度（必填），如2018")
	asOfText := fs.String("as-of", "", "检查截至的日期（默认今天；往年为该年12月31日）")
	format := fs.String("format", "text", "输出格式：text 或 json")
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
	year, err := strconv.Atoi(*yearText)
	if *yearText == "" {
		return fail("请用 --year 指定检查的年度，如 --year 2018")
	}
	if err != nil || year < 1900 || year > 9999 {
		return fail("--year 应为四位年份，如2018")
	}
	asOf := service.CheckDay(year, zhibu.Today(time.Now()))
	if *asOfText != "" {
		d, err := zhibu.ParseDate(*asOfText)
		if err != nil || d.IsZero() {
			return fail("--as-of 应为有效日期，如2018-12-31")
		}
		asOf = d
	}
	if *format != "text" && *format != "json" {
		return fail("--format 应为 text 或 json")
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
	rep, err := service.New(s, service.Options{}).Compliance.Report(sctx, org, year, asOf)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	root := org.ID
	if org.Kind == zhibu.KindGroup {
		root = org.ParentID
	}
	orgs, err := s.Orgs(sctx, store.OrgFilter{Under: root})
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(orgs))
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	writeCheckText(stdout, org, rep, names)
	return nil
}

// writeCheckText writes a report for people: a heading with the counts,
// then the findings by subject (an org, then each of its groups) and by
// rule, one line each: period, status, message. names gives the orgs'
// names, to name a group's branch.
func writeCheckText(w io.Writer, org zhibu.Org, rep service.Report, names map[int64]string) {
	fmt.Fprintf(w, "%s（%s）%d年合规检查，截至%s\n", org.Name, org.Code, rep.Year, rep.AsOf.Chinese())
	sm := rep.Summary
	fmt.Fprintf(w, "%s%d项，%s%d项，%s%d项，%s%d项\n", zhibu.StatusOK.Label(), sm.OK, zhibu.StatusDue.Label(), sm.Due,
		zhibu.StatusOverdue.Label(), sm.Overdue, zhibu.StatusViolation.Label(), sm.Violation)
	if len(rep.Findings) == 0 {
		fmt.Fprintln(w, "\n（没有检查结果：该年度尚未开始，或没有适用的规则。）")
		return
	}
	// Subjects: each checked org in order of appearance, its groups after it.
	type subject struct {
		org, id int64
		kind    string
	}
	type block struct {
		name  string
		rules []string
		by    map[string][]zhibu.Finding
	}
	var orgOrder []int64
	seenOrg := map[int64]bool{}
	subjects := map[int64][]subject{}
	blocks := map[subject]*block{}
	for _, f := range rep.Findings {
		if !seenOrg[f.OrgID] {
			seenOrg[f.OrgID] = true
			orgOrder = append(orgOrder, f.OrgID)
		}
		k := subject{f.OrgID, f.SubjectID, f.SubjectKind}
		b := blocks[k]
		if b == nil {
			name := f.SubjectName
			if f.SubjectKind == zhibu.SubjectOrg && f.SubjectID != f.OrgID && names[f.OrgID] != "" {
				name = names[f.OrgID] + " · " + name
			}
			b = &block{name: name, by: map[string][]zhibu.Finding{}}
			blocks[k] = b
			if f.SubjectKind == zhibu.SubjectOrg && f.SubjectID == f.OrgID {
				subjects[f.OrgID] = append([]subject{k}, subjects[f.OrgID]...)
			} else {
				subjects[f.OrgID] = append(subjects[f.OrgID], k)
			}
		}
		if _, ok := b.by[f.RuleID]; !ok {
			b.rules = append(b.rules, f.RuleID)
		}
		b.by[f.RuleID] = append(b.by[f.RuleID], f)
	}
	for _, o := range orgOrder {
		for _, k := range subjects[o] {
			b := blocks[k]
			fmt.Fprintf(w, "\n【%s】\n", b.name)
			for _, id := range b.rules {
				fs := b.by[id]
				var from []string
				for _, f := range fs {
					if src := f.Layer.Label() + "：" + f.Source; !slices.Contains(from, src) {
						from = append(from, src)
					}
				}
				fmt.Fprintf(w, "  %s %s（%s）\n", id, service.NationalTitle(id), strings.Join(from, "；"))
				for _, f := range fs {
					fmt.Fprintf(w, "    %s  %s  %s\n", f.Period.Label(), f.Status.Label(), f.Message)
				}
			}
		}
	}
}
