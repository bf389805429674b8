package service_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/register"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The names of a register: groups' members first, then the branch; a
// name two people share where it is looked up is not guessed; spaces and
// the dots of transliterated names do not matter; the actor's scope
// bounds what is known.
func TestRegisterNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, branch, g1, g2 := meetTree(t, s)
		made := map[string]int64{}
		for _, p := range []struct {
			key, name string
			group     int64
		}{{"张伟1", "张伟", g1.ID}, {"张伟2", "张伟", g2.ID}, {"李娜", "李娜", g1.ID}, {"王芳", "王芳", 0}, {"买买提", "买买提·艾力", g2.ID}} {
			created, err := s.CreatePerson(sys, meetPerson(p.name, zhibu.FullMember, branch.ID, p.group))
			if err != nil {
				t.Fatal(err)
			}
			made[p.key] = created.ID
		}
		n, err := service.MeetingsRegisterNames(service.New(s, service.Options{}).Meetings, sys, branch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if id, kind, ok := n.Org("第一党小组"); !ok || id != g1.ID || kind != zhibu.KindGroup {
			t.Errorf("Org(第一党小组) = %d %s %v", id, kind, ok)
		}
		if id, kind, ok := n.Org("第一党支部"); !ok || id != branch.ID || kind != zhibu.KindBranch {
			t.Errorf("Org(第一党支部) = %d %s %v", id, kind, ok)
		}
		if _, _, ok := n.Org("第九党小组"); ok {
			t.Error("an unknown group resolved")
		}
		for _, c := range []struct {
			org  int64
			name string
			want int64 // 0: not resolved
		}{
			{branch.ID, "张伟", 0}, // two in the branch
			{g1.ID, "张伟", made["张伟1"]},
			{g2.ID, "张伟", made["张伟2"]},
			{g1.ID, "王芳", made["王芳"]}, // not in the group: from the branch
			{branch.ID, "李 娜", made["李娜"]},
			{branch.ID, "买买提•艾力", made["买买提"]},
			{branch.ID, "孙八", 0},
			{9999, "李娜", 0},
		} {
			id, ok := n.Person(c.org, c.name)
			if id != c.want || ok != (c.want != 0) {
				t.Errorf("Person(%d, %s) = %d %v, want %d", c.org, c.name, id, ok, c.want)
			}
		}

		// A group leader's scope: the group, its members.
		leader := zhibu.WithActor(sys, zhibu.Actor{AccountID: 5, Name: "组长", Scope: zhibu.Scope{Paths: []string{g1.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: g1.Path}, {Perm: zhibu.PermMeetingWrite, Path: g1.Path}}})
		n, err = service.MeetingsRegisterNames(service.New(s, service.Options{}).Meetings, leader, g1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, ok := n.Org("第一党支部"); ok {
			t.Error("a group's import knows its branch")
		}
		if id, ok := n.Person(g1.ID, "张伟"); !ok || id != made["张伟1"] {
			t.Errorf("leader: Person(张伟) = %d %v", id, ok)
		}
		if _, ok := n.Person(g1.ID, "王芳"); ok {
			t.Error("a person outside the leader's scope resolved")
		}
		if _, err := service.MeetingsRegisterNames(service.New(s, service.Options{}).Meetings, leader, branch.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("names of a branch out of scope: %v", err)
		}
	})
}

// registerOf writes rows as a register of 2024 and parses it back.
func meetRegisterOf(t *testing.T, rows []register.Row) *register.Sheet {
	t.Helper()
	var buf bytes.Buffer
	if err := register.WriteXLSX(&buf, "", 2024, rows); err != nil {
		t.Fatal(err)
	}
	sheet, err := register.Parse(&buf, register.DefaultLimits, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sheet
}

// A register is checked against the branch and the database, and recorded
// all or nothing.
func TestImportRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, branch, g1, g2 := meetTree(t, s)
		for _, p := range []struct {
			name  string
			group int64
		}{{"张伟", g1.ID}, {"张伟", g2.ID}, {"李娜", g1.ID}, {"王芳", 0}, {"买买提·艾力", 0}} {
			if _, err := s.CreatePerson(sys, meetPerson(p.name, zhibu.FullMember, branch.ID, p.group)); err != nil {
				t.Fatal(err)
			}
		}
		held := func(typ zhibu.MeetingType, org string, month int, chair string, present, excused []string) register.Row {
			return register.Row{Meeting: zhibu.Meeting{Type: typ, Status: zhibu.MeetingHeld, StartsAt: local(2024, time.Month(1+month), 10, 9, 0)},
				OrgName: org, ChairName: chair, Present: present, Excused: excused}
		}
		good := []register.Row{
			held(zhibu.MeetCommittee, "第一党支部", 0, "李娜", []string{"李娜", "王芳"}, nil),
			held(zhibu.MeetGroup, "第一党小组", 1, "张伟", []string{"张伟", "李娜"}, []string{"王芳（出差）"}),
		}
		bad := append(good[:2:2],
			held(zhibu.MeetAssembly, "第一党支部", 2, "张伟", []string{"李娜"}, []string{"王芳"}),
			held(zhibu.MeetStudy, "第一党支部", 3, "", []string{"买买提·艾力", "买买提•艾力"}, nil),
		)
		svc := service.New(s, service.Options{}).Meetings
		sheet := meetRegisterOf(t, bad)
		_, err := svc.CheckRegister(sys, branch.ID, sheet)
		if !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("bad register: %v", err)
		}
		got := meetMessages(sheet.Problems)
		for _, want := range []string{
			"支部党员大会 第3行 主持人：“第一党支部”有2人名为“张伟”，无法确定是哪一位",
			"支部党员大会 第3行 请假：王芳请假须填写原因，请写在姓名后的括号中，如王芳（出差）",
			"理论学习 第3行 出席：“买买提•艾力”与“买买提·艾力”是同一人",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("problems lack %q:\n%s", want, got)
			}
		}
		if strings.Contains(got, "党小组会") || strings.Contains(got, "支委会") {
			t.Errorf("problems of good rows:\n%s", got)
		}
		if n, err := svc.ImportRegister(sys, branch.ID, meetRegisterOf(t, bad)); n != 0 || err == nil {
			t.Fatalf("bad register imported %d: %v", n, err)
		}
		if ms, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID}); len(ms) != 0 {
			t.Fatalf("%d meetings after a refused import", len(ms))
		}

		n, err := svc.ImportRegister(sys, branch.ID, meetRegisterOf(t, good))
		if err != nil || n != 2 {
			t.Fatalf("good register: %d %v", n, err)
		}
		ms, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID})
		if len(ms) != 2 || !ms[0].Late() || ms[1].OrgID != g1.ID || ms[1].Present != 2 || ms[1].Excused != 1 || ms[1].Expected != 3 {
			t.Fatalf("imported %+v", ms)
		}
		_, att, _ := s.Meeting(sys, ms[1].ID)
		reasons := 0
		for _, a := range att {
			if a.Status == zhibu.AttendExcused && a.Reason == "出差" {
				reasons++
			}
		}
		if len(att) != 3 || reasons != 1 {
			t.Errorf("attendance %+v", att)
		}

		// Again: every meeting is there already.
		sheet = meetRegisterOf(t, good)
		if _, err := svc.ImportRegister(sys, branch.ID, sheet); err == nil || len(sheet.Problems) != 2 ||
			!strings.Contains(sheet.Problems[0].Message, "系统中已有这次会议（2024-01-10 09:00 支委会，已召开）") {
			t.Fatalf("second import: %v", err)
		}
	})
}

func meetMessages(ps zhibu.Problems) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Message + "\n")
	}
	return b.String()
}
