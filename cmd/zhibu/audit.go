package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/store"
)

// cmdAudit is zhibu audit verify and zhibu audit list. The trail has no
// command that deletes or changes it.
func cmdAudit(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "verify":
			return cmdAuditVerify(ctx, cfg, args[1:], stdout, stderr)
		case "list":
			return cmdAuditList(ctx, cfg, args[1:], stdout, stderr)
		}
	}
	return errUsage
}

// cmdAuditVerify checks the chain of the whole trail. It prints the head it
// verified, to be noted outside the database: a later verification that
// finds fewer records, or another MAC at that id, shows a truncation even
// if the head row was rewritten with it.
func cmdAuditVerify(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("audit verify", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fail("多余的参数：%s", strings.Join(pos, " "))
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	checked, p, err := s.VerifyAudit(sctx)
	if err != nil {
		return err
	}
	if p != nil {
		fmt.Fprintf(stdout, "审计记录校验未通过：%s。\n", p.Message)
		if checked > 0 {
			fmt.Fprintf(stdout, "此前的%d条记录校验通过。\n", checked)
		}
		return fail("审计记录校验未通过")
	}
	fmt.Fprintf(stdout, "审计记录共%d条，校验通过。\n", checked)
	if checked > 0 {
		last, _, err := s.AuditRecords(sctx, store.AuditFilter{Limit: 1, Offset: 0})
		if err == nil && len(last) == 1 && last[0].ID == int64(checked) {
			fmt.Fprintf(stdout, "链尾：第%d条，%s，校验码 %s\n", checked, last[0].At.In(zhibu.DefaultZone).Format("2006-01-02 15:04:05"), last[0].MAC)
		}
	}
	return nil
}

// cmdAuditList prints the records a filter selects, newest first.
func cmdAuditList(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("audit list", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	from := fs.String("from", "", "起始日期（含），如 2026-03-01")
	to := fs.String("to", "", "截止日期（含）")
	var f store.AuditFilter
	fs.StringVar(&f.Actor, "actor", "", "操作人姓名")
	fs.StringVar(&f.Action, "action", "", "操作，或其开头（如 person. 或 login）")
	fs.StringVar(&f.Result, "result", "", "结果：ok、refused 或 failed")
	fs.StringVar(&f.ObjectType, "object-type", "", "对象类型（如 person、org、account）")
	fs.StringVar(&f.ObjectID, "object-id", "", "对象编号")
	org := fs.String("org", "", "组织代码：只列出该组织及其下级的记录")
	fs.IntVar(&f.Limit, "limit", 100, "最多列出的条数（不超过 10000）")
	format := fs.String("format", "text", "输出格式：text 或 json")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fail("多余的参数：%s", strings.Join(pos, " "))
	}
	if *format != "text" && *format != "json" {
		return fail("--format 应为 text 或 json")
	}
	if f.Limit < 1 || f.Limit > 10000 {
		return fail("--limit 应在 1 至 10000 之间")
	}
	switch f.Result {
	case "", audit.OK, audit.Refused, audit.Failed:
	default:
		return fail("--result 应为 ok、refused 或 failed")
	}
	var err error
	if f.From, err = dayStart(*from, "--from", 0); err != nil {
		return err
	}
	if f.To, err = dayStart(*to, "--to", 1); err != nil {
		return err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return fail("--from 应早于或等于 --to")
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if *org != "" {
		orgs, err := s.AuditOrgs(sctx, store.AuditOrgFilter{Code: *org})
		if err != nil {
			return err
		}
		if len(orgs) == 0 {
			return fail("组织代码 %s 不存在", *org)
		}
		f.OrgPath = orgs[0].Path
	}
	records, total, err := s.AuditRecords(sctx, f)
	if err != nil {
		return err
	}
	if *format == "json" {
		if records == nil {
			records = []audit.Record{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"total": total, "records": records})
	}
	for _, r := range records {
		fmt.Fprintln(stdout, auditLine(r))
	}
	switch {
	case total == 0:
		fmt.Fprintln(stdout, "（没有符合条件的审计记录。）")
	case total > len(records):
		fmt.Fprintf(stdout, "（共%d条，列出最新的%d条；可用 --limit 或缩小条件查看更多。）\n", total, len(records))
	default:
		fmt.Fprintf(stdout, "（共%d条。）\n", total)
	}
	return nil
}

// auditLine is a record on one line: number, Beijing time, actor and
// address, action, object, result, org, detail.
func auditLine(r audit.Record) string {
	actor := r.Actor
	if actor == "" {
		actor = "（未登录）"
	}
	if r.Address != "" {
		actor += "@" + r.Address
	}
	object := r.ObjectType
	if r.ObjectID != "" {
		object += ":" + r.ObjectID
	}
	fields := []string{fmt.Sprintf("#%d", r.ID), r.At.In(zhibu.DefaultZone).Format("2006-01-02 15:04:05"), actor, audit.ActionLabel(r.Action) + "(" + r.Action + ")",
		orDash(object), audit.ResultLabel(r.Result), orDash(r.OrgPath)}
	line := strings.Join(fields, "  ")
	if r.Detail != "" {
		line += "  " + strings.NewReplacer("\r", " ", "\n", " ").Replace(r.Detail)
	}
	return line
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// dayStart is the start (in Beijing) of the date in v plus days, or zero
// for no date.
func dayStart(v, flag string, days int) (time.Time, error) {
	d, err := zhibu.ParseDate(v)
	if err != nil || (!d.IsZero() && !d.Valid()) {
		return time.Time{}, fail("%s 应为日期，如 2026-03-01", flag)
	}
	if d.IsZero() {
		return time.Time{}, nil
	}
	return time.Date(d.Year, d.Month, d.Day+days, 0, 0, 0, 0, zhibu.DefaultZone), nil
}
