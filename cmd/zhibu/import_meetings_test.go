package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/register"
	"zhibu/internal/store"
)

// The register fixtures of package register (internal/register/testdata):
// good.xlsx is the register of 一大队党支部, broken.xlsx that of 一支部,
// both with the groups 第一党小组 (张三, 李四) and 第二党小组 (王五, 赵六).
const registerTestdata = "../../internal/register/testdata/"

// registerBranch makes, in the database of env, a committee and a branch
// named name (code code) with the groups and people of the register
// fixtures, and returns the store (with the keys the CLI will use).
func registerBranch(t *testing.T, env map[string]string, code, name string) (*store.Store, zhibu.Org) {
	t.Helper()
	s, ctx, err := open(context.Background(), Config{DB: env["ZHIBU_DB"], Keys: env["ZHIBU_KEYS"]})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, err := s.CreateOrg(ctx, zhibu.Org{Code: "C", Name: "党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateOrg(ctx, zhibu.Org{Code: code, Name: name, Kind: zhibu.KindBranch, ParentID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	seq := 300
	for i, g := range []struct {
		name   string
		people []string
	}{{"第一党小组", []string{"张三", "李四"}}, {"第二党小组", []string{"王五", "赵六"}}} {
		group, err := s.CreateOrg(ctx, zhibu.Org{Code: code + "-g" + string(rune('1'+i)), Name: g.name, Kind: zhibu.KindGroup, ParentID: b.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range g.people {
			seq += 2
			birth := zhibu.MakeDate(1975+seq%5, time.Month(1+seq%12), 1+seq%28)
			p := zhibu.Person{Name: n, Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: birth, IDNumber: zhibu.MakeIDNumber("650102", birth, seq),
				Officer: true, Status: zhibu.FullMember, OrgID: b.ID, GroupID: group.ID,
				AppliedOn: zhibu.MakeDate(2000, 1, 1), ActivistOn: zhibu.MakeDate(2000, 6, 1), CandidateOn: zhibu.MakeDate(2001, 1, 1),
				AdmittedOn: zhibu.MakeDate(2001, 7, 1), ConfirmedOn: zhibu.MakeDate(2002, 7, 1)}
			if _, err := s.CreatePerson(ctx, p); err != nil {
				t.Fatalf("%s: %v", n, err)
			}
		}
	}
	return s, b
}

func TestImportMeetings(t *testing.T) {
	for name, dsn := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			env := map[string]string{"ZHIBU_DB": dsn(t), "ZHIBU_KEYS": t.TempDir()}
			s, branch := registerBranch(t, env, "YD", "一大队党支部")
			good := registerTestdata + "good.xlsx"

			code, out, errs := cli(t, env, "import", "meetings", good, "--org", "YD")
			if code != 0 || !strings.Contains(out, "已向一大队党支部导入9条会议记录") {
				t.Fatalf("import: %d %q %q", code, out, errs)
			}
			if !strings.Contains(errs, "提示：以下列无法识别，已忽略：备注") || !strings.Contains(errs, "说明") {
				t.Errorf("notices: %q", errs)
			}
			sys := zhibu.WithActor(context.Background(), zhibu.System)
			ms, err := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID})
			if err != nil || len(ms) != 9 {
				t.Fatalf("%d meetings stored: %v", len(ms), err)
			}
			first, att, err := s.Meeting(sys, ms[0].ID)
			if err != nil || first.Type != zhibu.MeetCommittee || first.Expected != 4 || first.Excused != 1 || len(att) != 4 || !first.Late() {
				t.Errorf("first meeting %+v with %+v: %v", first, att, err)
			}

			// The same file again: every meeting is there; nothing more is
			// recorded.
			code, _, errs = cli(t, env, "import", "meetings", good, "--org", "YD")
			if code != 1 || !strings.Contains(errs, "支委会 第3行 日期：系统中已有这次会议") || !strings.Contains(errs, "错误：文件中有9处问题，未导入任何会议。") {
				t.Fatalf("second import: %d %q", code, errs)
			}
			if ms, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID}); len(ms) != 9 {
				t.Fatalf("%d meetings after the second import", len(ms))
			}
		})
	}
}

func TestImportMeetingsProblems(t *testing.T) {
	for name, dsn := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			env := map[string]string{"ZHIBU_DB": dsn(t), "ZHIBU_KEYS": t.TempDir()}
			s, branch := registerBranch(t, env, "YZ", "一支部")
			code, out, errs := cli(t, env, "import", "meetings", registerTestdata+"broken.xlsx", "--org", "YZ")
			if code != 1 || out != "" || !strings.Contains(errs, "未导入任何会议") {
				t.Fatalf("broken: %d %q %q", code, out, errs)
			}
			// Every problem, one a line, in the order of sheets and rows.
			for _, want := range []string{
				"支委会 第4行 日期：不能为空",
				"支委会 第5行 日期：“2024-02-30”不是有效日期",
				"支委会 第9行 组织：本支部及其党小组中没有“五支部”",
				"支委会 第10行 主持人：“孙八”不是“一支部”的成员",
				"支委会 第11行 组织：“第一党小组”是党小组，不能召开支委会",
				"支委会 第12行 日期：与支委会 第3行重复（同一组织、会议类型和时间）",
				"其他 第4行 授课人：党课须填写授课人",
				"其他 第6行 缺席：“钱七”不是“一支部”的成员",
			} {
				if !strings.Contains(errs, want+"\n") {
					t.Errorf("stderr lacks %q:\n%s", want, errs)
				}
			}
			if strings.Index(errs, "支委会 第4行") > strings.Index(errs, "其他 第2行") {
				t.Errorf("problems out of order:\n%s", errs)
			}
			sys := zhibu.WithActor(context.Background(), zhibu.System)
			if ms, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID}); len(ms) != 0 {
				t.Fatalf("%d meetings after a broken register", len(ms))
			}

			// Refused files and wrong arguments.
			dir := t.TempDir()
			notXLSX := filepath.Join(dir, "register.xlsx")
			os.WriteFile(notXLSX, []byte("日期,组织\n"), 0o600)
			if code, _, errs := cli(t, env, "import", "meetings", notXLSX, "--org", "YZ"); code != 1 ||
				!strings.Contains(errs, "文件不是xlsx格式") || !strings.Contains(errs, "未导入任何会议") {
				t.Errorf("not an xlsx: %d %q", code, errs)
			}
			var empty bytes.Buffer
			if err := register.WriteXLSX(&empty, "", 2024, nil); err != nil {
				t.Fatal(err)
			}
			template := filepath.Join(dir, "template.xlsx")
			os.WriteFile(template, empty.Bytes(), 0o600)
			if code, _, errs := cli(t, env, "import", "meetings", template, "--org", "YZ"); code != 1 || !strings.Contains(errs, "表头下没有会议记录") {
				t.Errorf("empty register: %d %q", code, errs)
			}
			if code, _, errs := cli(t, env, "import", "meetings", template, "--org", "C"); code != 1 || !strings.Contains(errs, "不召开三会一课") {
				t.Errorf("into a committee: %d %q", code, errs)
			}
			if code, _, errs := cli(t, env, "import", "meetings", "--org", "YZ"); code != 1 || !strings.Contains(errs, "请给出一个要导入的文件") {
				t.Errorf("without a file: %d %q", code, errs)
			}
			if code, _, errs := cli(t, env, "import", "meetings", template); code != 1 || !strings.Contains(errs, "--org") {
				t.Errorf("without --org: %d %q", code, errs)
			}
			if code, _, errs := cli(t, env, "import", "meetings", template, "--org", "NOPE"); code != 1 || !strings.Contains(errs, "组织代码 NOPE 不存在") {
				t.Errorf("unknown org: %d %q", code, errs)
			}
		})
	}
}
