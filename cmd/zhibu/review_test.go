package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhibu"
)

// An administrator's year at the console: the bureau opens the
// secretaries' review round for its branches, a branch opens its
// democratic appraisal, and the grades leave as xlsx, every branch side by
// side. Bad input is refused with a Chinese message naming the field, and
// nothing is saved (the same round opens afterwards).
func TestReviewAndAppraisalCommands(t *testing.T) {
	for name, dsn := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			env := map[string]string{"ZHIBU_DB": dsn(t), "ZHIBU_KEYS": t.TempDir()}
			mustRun := func(args ...string) string {
				t.Helper()
				code, out, errs := cli(t, env, args...)
				if code != 0 {
					t.Fatalf("%s: %d %q %q", strings.Join(args, " "), code, out, errs)
				}
				return out
			}
			refused := func(want string, args ...string) {
				t.Helper()
				code, out, errs := cli(t, env, args...)
				if code != 1 || !strings.Contains(errs, want) {
					t.Errorf("%s: %d %q %q; want refused with %q", strings.Join(args, " "), code, out, errs, want)
				}
			}
			mustRun("org", "add", "--code", "JDW", "--name", "市公安局党委", "--kind", "党委")
			mustRun("org", "add", "--code", "ZB1", "--name", "第一党支部", "--kind", "branch", "--parent", "JDW")
			mustRun("org", "add", "--code", "ZB2", "--name", "第二党支部", "--kind", "branch", "--parent", "JDW")

			today := zhibu.Today(time.Now())
			year := strconv.Itoa(today.Year)
			from, to := zhibu.MakeDate(today.Year, 1, 1).String(), today.AddDays(10).String()
			refused("组织：请用 --org 指定组织代码", "review", "open", "--year", year)
			refused("组织：组织代码“NOPE”不存在", "review", "open", "--org", "NOPE", "--year", year, "--from", from, "--to", to)
			refused("开始日期：“2026-13-01”不是有效日期", "review", "open", "--org", "JDW", "--year", year, "--from", "2026-13-01", "--to", to)
			refused("--from 与 --to 应同时填写", "review", "open", "--org", "JDW", "--year", year, "--from", from)
			refused("组织：述职评议由党委或党总支对所属党支部开展", "review", "open", "--org", "ZB1", "--year", year, "--from", from, "--to", to)
			refused("截止日期：不能早于今天", "review", "open", "--org", "JDW", "--year", year, "--from", from, "--to", today.AddDays(-1).String())
			if out := mustRun("review", "open", "--org", "JDW", "--year", year, "--from", from, "--to", to); !strings.Contains(out, "已开展"+year+"年度书记述职评议") || !strings.Contains(out, "共2个党支部") {
				t.Errorf("review open: %q", out)
			}
			refused("年度："+year+"年的述职评议已经开展", "review", "open", "--org", "JDW", "--year", year, "--from", from, "--to", to)

			refused("年度：不能为空（--year）", "appraisal", "open", "--org", "ZB1")
			refused("年度：应为今年或上一年", "appraisal", "open", "--org", "ZB1", "--year", "1990")
			refused("组织：民主评议党员由党支部开展", "appraisal", "open", "--org", "JDW", "--year", year)
			if out := mustRun("appraisal", "open", "--org", "ZB1", "--year", year); !strings.Contains(out, "第一党支部已开展"+year+"年度民主评议党员") {
				t.Errorf("appraisal open: %q", out)
			}
			refused("年度："+year+"年的民主评议已经开展", "appraisal", "open", "--org", "ZB1", "--year", year)
			refused("年度：第二党支部没有"+year+"年度的民主评议", "appraisal", "export", "--org", "ZB2", "--year", year)

			file := filepath.Join(t.TempDir(), "汇总.xlsx")
			mustRun("appraisal", "export", "--org", "JDW", "--year", year, "-o", file)
			book, err := excelize.OpenFile(file)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := book.GetRows("民主评议汇总")
			if err != nil || len(rows) != 4 || rows[2][1] != "第一党支部" || rows[2][2] != "个人自评中" || rows[3][1] != "第二党支部" || rows[3][2] != "未开展" {
				t.Errorf("side-by-side sheet: %q %v", rows, err)
			}
			out := mustRun("appraisal", "export", "--org", "ZB1", "--year", year)
			book, err = excelize.OpenReader(strings.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if title, _ := book.GetCellValue("民主评议等次", "A1"); title != "第一党支部"+year+"年度民主评议党员等次表" {
				t.Errorf("branch sheet title %q", title)
			}
		})
	}
}
