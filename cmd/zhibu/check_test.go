package main

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkDB makes a database with a committee, a branch (B1) with two groups
// and a committee of three, and the first half of 2025 of its meetings:
// committee meetings in January and March (March's without a quorum),
// an assembly in February, the secretary's lecture, one group meeting, and
// an April committee meeting whose minutes are missing.
func checkDB(t *testing.T, dsn string) {
	t.Helper()
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	s, err := store.Open(ctx, dsn, storetest.Keys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	must := func(o zhibu.Org, err error) zhibu.Org {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	c := must(s.CreateOrg(ctx, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee}))
	b := must(s.CreateOrg(ctx, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID, FoundedOn: zhibu.MakeDate(2001, 7, 1)}))
	g1 := must(s.CreateOrg(ctx, zhibu.Org{Code: "B1G1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: b.ID}))
	must(s.CreateOrg(ctx, zhibu.Org{Code: "B1G2", Name: "第二党小组", Kind: zhibu.KindGroup, ParentID: b.ID}))
	var ids []int64
	for i, name := range []string{"李娜", "王芳", "赵磊"} {
		birth := zhibu.MakeDate(1980+i, 3, 12)
		p, err := s.CreatePerson(ctx, zhibu.Person{Name: name, Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: birth,
			IDNumber: zhibu.MakeIDNumber("650102", birth, 102+2*i), Status: zhibu.FullMember, AppliedOn: zhibu.MakeDate(2003, 1, 1),
			ActivistOn: zhibu.MakeDate(2004, 1, 1), CandidateOn: zhibu.MakeDate(2005, 1, 1), AdmittedOn: zhibu.MakeDate(2005, 7, 1),
			ConfirmedOn: zhibu.MakeDate(2006, 7, 1), OrgID: b.ID, GroupID: g1.ID, JoinedOn: zhibu.MakeDate(2020, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	li, wang, zhao := ids[0], ids[1], ids[2]
	if _, err := s.StartTerm(ctx, zhibu.Term{OrgID: b.ID, ElectedOn: zhibu.MakeDate(2024, 3, 1), Years: 3, Seats: []zhibu.Seat{
		{PersonID: li, Position: zhibu.Secretary}, {PersonID: zhao, Position: zhibu.OrgOfficer}, {PersonID: wang, Position: zhibu.DisciplineOfficer}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGroupLeader(ctx, g1.ID, wang, zhibu.MakeDate(2024, 3, 2)); err != nil {
		t.Fatal(err)
	}
	at := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 9, 0, 0, 0, zhibu.DefaultZone) }
	for _, m := range []zhibu.Meeting{
		{OrgID: b.ID, Type: zhibu.MeetCommittee, StartsAt: at(1, 10), ChairID: li, RecorderID: zhao, Minutes: "记录", Expected: 3, Present: 3},
		{OrgID: b.ID, Type: zhibu.MeetAssembly, StartsAt: at(2, 20), ChairID: li, RecorderID: zhao, Minutes: "记录", Expected: 3, Present: 3},
		{OrgID: b.ID, Type: zhibu.MeetCommittee, StartsAt: at(3, 5), ChairID: li, RecorderID: zhao, Minutes: "记录", Expected: 3, Present: 1, Absent: 2},
		{OrgID: b.ID, Type: zhibu.MeetLecture, StartsAt: at(3, 28), LecturerID: li, RecorderID: zhao, Minutes: "记录"},
		{OrgID: b.ID, Type: zhibu.MeetCommittee, StartsAt: at(4, 8), ChairID: li, Expected: 3, Present: 3},
		{OrgID: g1.ID, Type: zhibu.MeetGroup, StartsAt: at(1, 16), ChairID: wang, RecorderID: wang, Minutes: "记录"},
	} {
		m.Status = zhibu.MeetingHeld
		if _, err := s.SaveMeeting(ctx, m, nil); err != nil {
			t.Fatal(err)
		}
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestCheck -update to make it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -run TestCheck -update rewrites it):\n%s", name, got)
	}
}

// TestCheck prints a branch's first half of 2025 as text and as JSON; both
// are stable (golden files), and overdue findings do not fail the command.
func TestCheck(t *testing.T) {
	db := storetest.SQLitePath(t)
	checkDB(t, db)
	env := map[string]string{"ZHIBU_KEYS": t.TempDir()}
	args := []string{"check", "--db", db, "--org", "B1", "--year", "2025", "--as-of", "2025-06-15"}
	code, out, errs := cli(t, env, args...)
	if code != 0 || errs != "" {
		t.Fatalf("check: %d %q", code, errs)
	}
	golden(t, "check.txt", out)
	for _, s := range []string{"第一党支部（B1）2025年合规检查，截至2025年6月15日", "已逾期", "【第一党支部 · 第一党小组】",
		"meet.committee.monthly 每月至少召开一次支委会（党内法规：《中国共产党支部工作条例（试行）》第十二条）",
		"2025年2月  已逾期  2025年2月未召开支委会"} {
		if !strings.Contains(out, s) {
			t.Errorf("text lacks %q", s)
		}
	}

	code, out, errs = cli(t, env, append(args, "--format", "json")...)
	if code != 0 || errs != "" {
		t.Fatalf("check json: %d %q", code, errs)
	}
	golden(t, "check.json", out)
	var rep service.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	n := rep.Summary.OK + rep.Summary.Due + rep.Summary.Overdue + rep.Summary.Violation
	if rep.Org.Code != "B1" || rep.Year != 2025 || rep.AsOf != zhibu.MakeDate(2025, 6, 15) || n != len(rep.Findings) ||
		rep.Summary.Overdue == 0 || rep.Summary.Violation != 1 {
		t.Errorf("report: %+v %+v", rep.Org, rep.Summary)
	}
	for _, f := range rep.Findings {
		if f.Evidence == nil || f.RuleID == "" || f.Message == "" {
			t.Errorf("finding %+v", f)
		}
	}

	// A group: its own findings only. The committee: its whole subtree.
	_, out, _ = cli(t, env, "check", "--db", db, "--org", "B1G1", "--year", "2025", "--as-of", "2025-06-15", "--format", "json")
	var group service.Report
	if err := json.Unmarshal([]byte(out), &group); err != nil || len(group.Findings) == 0 {
		t.Fatalf("group: %v %q", err, out)
	}
	for _, f := range group.Findings {
		if f.SubjectName != "第一党小组" {
			t.Errorf("group report holds %s's finding", f.SubjectName)
		}
	}
	_, out, _ = cli(t, env, "check", "--db", db, "--org", "C", "--year", "2025", "--as-of", "2025-06-15", "--format", "json")
	var all service.Report
	if err := json.Unmarshal([]byte(out), &all); err != nil || len(all.Findings) != len(rep.Findings) {
		t.Errorf("committee: %v, %d findings, want the branch's %d", err, len(all.Findings), len(rep.Findings))
	}
	// A year not begun: nothing found, still a report.
	if code, out, _ := cli(t, env, "check", "--db", db, "--org", "B1", "--year", "2999"); code != 0 || !strings.Contains(out, "没有检查结果") {
		t.Errorf("future year: %d %q", code, out)
	}

	// Errors: non-zero with a Chinese message.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--db", db, "--year", "2025"}, "请用 --org 指定组织代码"},
		{[]string{"check", "--db", db, "--org", "B1"}, "请用 --year 指定检查的年度"},
		{[]string{"check", "--db", db, "--org", "B1", "--year", "25"}, "--year 应为四位年份"},
		{[]string{"check", "--db", db, "--org", "B1", "--year", "2025", "--as-of", "2025-02-30"}, "--as-of 应为有效日期"},
		{[]string{"check", "--db", db, "--org", "B1", "--year", "2025", "--format", "xml"}, "--format 应为 text 或 json"},
		{[]string{"check", "--db", db, "--org", "NOPE", "--year", "2025"}, "组织代码 NOPE 不存在"},
	} {
		if code, _, errs := cli(t, env, tc.args...); code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: %d %q, want %q", tc.args, code, errs, tc.want)
		}
	}
}

// The check reads PostgreSQL too, with the same findings as on SQLite.
func TestCheckPostgres(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	checkDB(t, dsn)
	sqlite := storetest.SQLitePath(t)
	checkDB(t, sqlite)
	env := map[string]string{"ZHIBU_KEYS": t.TempDir()}
	args := []string{"check", "--org", "B1", "--year", "2025", "--as-of", "2025-06-15", "--format", "json", "--db"}
	_, pg, errs := cli(t, env, append(args, dsn)...)
	_, lite, _ := cli(t, env, append(args, sqlite)...)
	if pg != lite || errs != "" {
		t.Errorf("PostgreSQL and SQLite differ (%q):\n%s\n---\n%s", errs, pg, lite)
	}
}
