package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/store"
)

func duesSheet(t *testing.T, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "代扣.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportDues(t *testing.T) {
	for name, dsn := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			env := map[string]string{"ZHIBU_DB": dsn(t), "ZHIBU_KEYS": t.TempDir()}
			s, branch := registerBranch(t, env, "YD", "一大队党支部")
			head := []any{"姓名", "月份", "金额", "缴费基数", "缴费日期"}
			bad := duesSheet(t, head, []any{"张三", "2026-01", 15, 3000, "2026-01-10"}, []any{"无名", "2026-01", 15, 3000, "2026-01-10"},
				[]any{"李四", "2026-01", 14.99, 3000, "2026-01-10"})
			code, _, errs := cli(t, env, "import", "dues", bad, "--org", "YD")
			if code != 1 || !strings.Contains(errs, "第3行 姓名：本支部没有名为“无名”的党员") || !strings.Contains(errs, "第4行 金额：应不少于") ||
				!strings.Contains(errs, "文件中有2处问题，未导入任何缴费记录") {
				t.Fatalf("bad sheet: %d %q", code, errs)
			}
			sys := zhibu.WithActor(context.Background(), zhibu.System)
			if ps, _ := s.Payments(sys, store.PaymentFilter{OrgID: branch.ID}); len(ps) != 0 {
				t.Fatalf("%d payments after a refused import", len(ps))
			}
			good := duesSheet(t, head, []any{"张三", "2026-01至2026-02", 30, 3000, "2026-02-10"}, []any{"李四", "2026-01", 15, 3000, "2026-01-10"})
			code, out, errs := cli(t, env, "import", "dues", good, "--org", "YD", "--method", "transfer")
			if code != 0 || !strings.Contains(out, "已向一大队党支部导入2笔党费，合计¥45.00") {
				t.Fatalf("import: %d %q %q", code, out, errs)
			}
			ps, _ := s.Payments(sys, store.PaymentFilter{OrgID: branch.ID})
			if len(ps) != 2 || ps[0].Method != zhibu.PayTransfer {
				t.Fatalf("payments %+v", ps)
			}
			if code, _, errs := cli(t, env, "import", "dues", good, "--org", "YD"); code != 1 || !strings.Contains(errs, "已经登记缴纳") {
				t.Errorf("the same sheet again: %d %q", code, errs)
			}
			if code, _, errs := cli(t, env, "import", "dues", good, "--org", "YD", "--method", "cheque"); code != 1 || !strings.Contains(errs, "--method") {
				t.Errorf("a bad method: %d %q", code, errs)
			}
		})
	}
}
