package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/roster"
)

// A bureau from an empty database at the console: the top committee, a
// branch and its group, the roster with the day each member joined, a
// past and the current committee with their election dates. The same
// service checks as the web form and the API refuse bad input with a
// Chinese message and save nothing.
func TestOrgAndTermAddFromEmpty(t *testing.T) {
	for name, dsn := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			env := map[string]string{"ZHIBU_DB": dsn(t), "ZHIBU_KEYS": t.TempDir()}
			run := func(args ...string) (int, string, string) { return cli(t, env, args...) }
			mustRun := func(args ...string) string {
				t.Helper()
				code, out, errs := run(args...)
				if code != 0 {
					t.Fatalf("%s: %d %q %q", strings.Join(args, " "), code, out, errs)
				}
				return out
			}
			refused := func(want string, args ...string) {
				t.Helper()
				code, out, errs := run(args...)
				if code != 1 || !strings.Contains(errs, want) {
					t.Errorf("%s: %d %q %q; want refused with %q", strings.Join(args, " "), code, out, errs, want)
				}
			}
			refused("上级组织：只有党委可以没有上级组织", "org", "add", "--code", "ZB1", "--name", "第一党支部", "--kind", "branch")
			refused("组织类别：“支部”应为党委、党总支、党支部或党小组", "org", "add", "--code", "ZB1", "--name", "第一党支部", "--kind", "支部")
			refused("组织名称：不能为空", "org", "add", "--code", "JDW", "--kind", "党委")
			if out := mustRun("org", "add", "--code", "JDW", "--name", "市公安局党委", "--kind", "党委"); !strings.Contains(out, "已新建党委：市公安局党委（JDW）") {
				t.Errorf("org add: %q", out)
			}
			refused("上级组织：组织代码“NOPE”不存在", "org", "add", "--code", "ZB1", "--name", "第一党支部", "--kind", "branch", "--parent", "NOPE")
			mustRun("org", "add", "--code", "ZB1", "--name", "第一党支部", "--kind", "branch", "--parent", "JDW", "--founded", "2001-07-01", "--units", "治安大队、办公室")
			mustRun("org", "add", "--code", "ZB1-1", "--name", "第一党小组", "--kind", "党小组", "--parent", "ZB1")
			refused("组织代码：“ZB1”已被其他组织使用", "org", "add", "--code", "ZB1", "--name", "又一支部", "--kind", "branch", "--parent", "JDW")
			if out := mustRun("org", "list"); !strings.Contains(out, "  ZB1  第一党支部（党支部）  治安大队、办公室") || !strings.Contains(out, "ZB1-1  第一党小组") {
				t.Errorf("org list:\n%s", out)
			}

			// The roster, with the day each member joined the branch.
			header := strings.Join(roster.Columns, ",")
			row := func(name string, seq int, joined string) string {
				birth := zhibu.MakeDate(1980, 3, 1+seq/2)
				return name + ",女,汉族," + birth.String() + "," + zhibu.MakeIDNumber("650102", birth, seq) +
					",,治安大队,是,大学本科,正式党员,2000-01-01,2000-06-01,2001-01-01,2002-01-01,2003-01-01,第一党小组," + joined
			}
			file := filepath.Join(t.TempDir(), "roster.csv")
			csv := header + "\n" + row("李娜", 2, "2015-03-01") + "\n" + row("王芳", 4, "2015-03-01") + "\n" + row("赵敏", 6, "2022-09-01") + "\n"
			if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
				t.Fatal(err)
			}
			mustRun("import", "people", file, "--org", "ZB1")

			refused("选举日期：不能为空（--elected）", "term", "add", "--org", "ZB1", "--seat", "书记=李娜")
			refused("第1个职务：“校长”不是支部委员会的职务", "term", "add", "--org", "ZB1", "--elected", "2020-05-31", "--seat", "校长=李娜")
			refused("第1个职务：第一党支部没有名为“张三”的人员", "term", "add", "--org", "ZB1", "--elected", "2020-05-31", "--seat", "书记=张三")
			// 赵敏 joined in 2022: not a member of the branch on the day of
			// the 2020 election.
			refused("赵敏在选举日（2020-05-31）不是第一党支部的人员", "term", "add", "--org", "ZB1", "--elected", "2020-05-31",
				"--seat", "书记=李娜", "--seat", "org_officer=赵敏")
			if out := mustRun("term", "add", "--org", "ZB1", "--elected", "2020-05-31", "--seat", "书记=李娜", "--seat", "组织委员=王芳"); !strings.Contains(out, "书记李娜") {
				t.Errorf("term add: %q", out)
			}
			mustRun("term", "add", "--org", "ZB1", "--elected", "2023-06-01", "--seat", "书记=王芳", "--seat", "org_officer=赵敏")
			refused("选举日期：应晚于本届选举日期（2023-06-01）", "term", "add", "--org", "ZB1", "--elected", "2021-01-01", "--seat", "书记=李娜")
		})
	}
}
