package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

var sys = zhibu.WithActor(context.Background(), zhibu.System)

// tree makes a committee with a branch and two groups.
func tree(t *testing.T, s *store.Store) (committee, branch, g1, g2 zhibu.Org) {
	t.Helper()
	var err error
	committee, err = s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	branch, err = s.CreateOrg(sys, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: committee.ID,
		FoundedOn: zhibu.MakeDate(2001, 7, 1), Units: []string{"治安大队", "办公室"}})
	if err != nil {
		t.Fatal(err)
	}
	g1, err = s.CreateOrg(sys, zhibu.Org{Code: "B1G1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: branch.ID})
	if err != nil {
		t.Fatal(err)
	}
	g2, err = s.CreateOrg(sys, zhibu.Org{Code: "B1G2", Name: "第二党小组", Kind: zhibu.KindGroup, ParentID: branch.ID})
	if err != nil {
		t.Fatal(err)
	}
	return
}

var seq = 100

func person(name string, status zhibu.PartyStatus, orgID, groupID int64) zhibu.Person {
	seq += 2
	birth := zhibu.MakeDate(1980+seq%20, time.Month(1+seq%12), 1+seq%28)
	p := zhibu.Person{Name: name, Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: birth,
		IDNumber: zhibu.MakeIDNumber("650102", birth, seq), Officer: true, Status: status, OrgID: orgID, GroupID: groupID}
	d := birth.AddYears(20)
	for _, st := range []struct {
		s  zhibu.PartyStatus
		at *zhibu.Date
	}{{zhibu.Applicant, &p.AppliedOn}, {zhibu.Activist, &p.ActivistOn}, {zhibu.Candidate, &p.CandidateOn}, {zhibu.Probationary, &p.AdmittedOn}, {zhibu.FullMember, &p.ConfirmedOn}} {
		if status.AtLeast(st.s) {
			*st.at = d
			d = d.AddYears(1)
		}
	}
	return p
}

func TestOrgs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		committee, branch, g1, _ := tree(t, s)
		got, err := s.Org(sys, branch.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Path != committee.Path+itoa(branch.ID)+"/" || got.Depth != 1 || got.FoundedOn != zhibu.MakeDate(2001, 7, 1) ||
			strings.Join(got.Units, ",") != "治安大队,办公室" {
			t.Errorf("branch = %+v", got)
		}
		// Code taken, bad kind under parent, unknown parent: clear problems, nothing saved.
		_, err = s.CreateOrg(sys, zhibu.Org{Code: "B1", Name: "重复", Kind: zhibu.KindBranch, ParentID: committee.ID})
		wantProblem(t, err, "code", "已被其他组织使用")
		_, err = s.CreateOrg(sys, zhibu.Org{Code: "X", Name: "错层", Kind: zhibu.KindBranch, ParentID: g1.ID})
		wantProblem(t, err, "parent_id", "党小组下不能设立党支部")
		_, err = s.CreateOrg(sys, zhibu.Org{Code: "Y", Name: "无上级", Kind: zhibu.KindBranch, ParentID: 9999})
		wantProblem(t, err, "parent_id", "不存在")

		// A second committee, and the branch moves under it with its groups.
		other, err := s.CreateOrg(sys, zhibu.Org{Code: "C2", Name: "分局党委", Kind: zhibu.KindCommittee, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.MoveOrg(sys, branch.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		sub, err := s.Orgs(sys, store.OrgFilter{Under: other.ID})
		if err != nil {
			t.Fatal(err)
		}
		if names := orgNames(sub); names != "分局党委,第一党支部,第一党小组,第二党小组" {
			t.Errorf("subtree after move = %s", names)
		}
		if g, _ := s.Org(sys, g1.ID); g.Depth != 3 || !strings.HasPrefix(g.Path, other.Path) {
			t.Errorf("group after move: %+v", g)
		}
		_, err = s.MoveOrg(sys, committee.ID, g1.ID)
		wantProblem(t, err, "parent_id", "")
		_, err = s.MoveOrg(sys, other.ID, branch.ID)
		wantProblem(t, err, "parent_id", "")

		// Scope: an actor scoped to the branch sees its subtree only.
		b, _ := s.Org(sys, branch.ID)
		scoped := zhibu.WithActor(context.Background(), zhibu.Actor{Scope: zhibu.Scope{Paths: []string{b.Path}}})
		if _, err := s.Org(scoped, committee.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("out-of-scope org: %v", err)
		}
		all, _ := s.Orgs(scoped, store.OrgFilter{})
		if names := orgNames(all); names != "第一党支部,第一党小组,第二党小组" {
			t.Errorf("scoped orgs = %s", names)
		}
		if got, _ := s.Orgs(context.Background(), store.OrgFilter{}); len(got) != 0 {
			t.Errorf("a context without an actor sees %d orgs", len(got))
		}
	})
}

func orgNames(orgs []zhibu.Org) string {
	var n []string
	for _, o := range orgs {
		n = append(n, o.Name)
	}
	return strings.Join(n, ",")
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func wantProblem(t *testing.T, err error, field, text string) {
	t.Helper()
	var ps zhibu.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %v, want a problem with %s", err, field)
	}
	if ps.For(field) == "" || !strings.Contains(ps.For(field), text) {
		t.Errorf("problems %v: want %s containing %q", ps, field, text)
	}
}

func TestPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		committee, branch, g1, g2 := tree(t, s)
		a, err := s.CreatePerson(sys, person("李娜", zhibu.FullMember, branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		if a.GroupName != "第一党小组" || a.OrgName != "第一党支部" || a.AdmittedOn.IsZero() {
			t.Errorf("created %+v", a)
		}
		b, err := s.CreatePerson(sys, person("王芳", zhibu.Activist, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		dup := person("赵敏", zhibu.Masses, branch.ID, 0)
		dup.IDNumber = a.IDNumber
		dup.BirthDate, _ = zhibu.IDBirthDate(a.IDNumber)
		_, err = s.CreatePerson(sys, dup)
		wantProblem(t, err, "id_number", "已有人员使用")
		_, err = s.CreatePerson(sys, person("错组", zhibu.Masses, branch.ID, committee.ID))
		wantProblem(t, err, "group_id", "不是第一党支部的党小组")

		members, err := s.People(sys, branch.ID, zhibu.PersonFilter{Members: true})
		if err != nil || len(members) != 1 || members[0].ID != a.ID {
			t.Errorf("members = %v, %v", members, err)
		}
		byQuery, _ := s.People(sys, branch.ID, zhibu.PersonFilter{Query: "王"})
		if len(byQuery) != 1 || byQuery[0].ID != b.ID {
			t.Errorf("query 王 = %v", byQuery)
		}
		byID, _ := s.People(sys, committee.ID, zhibu.PersonFilter{Query: a.IDNumber[14:]})
		if len(byID) != 1 || byID[0].ID != a.ID {
			t.Errorf("query by ID tail = %v", byID)
		}
		c, err := s.Counts(sys, committee.ID)
		if err != nil || c.People != 2 || c.Members != 1 || c.Activists != 1 || c.Officers != 2 {
			t.Errorf("counts = %+v, %v", c, err)
		}
		if want := "现有民警2人，党员1人，入党积极分子1人"; c.Sentence() != want {
			t.Errorf("sentence = %q", c.Sentence())
		}

		// An edit is kept as history, the ID number's value is not.
		a.Status, a.Unit = zhibu.FullMember, "治安大队"
		a.Phone = "13912345678"
		if _, err := s.UpdatePerson(sys, a); err != nil {
			t.Fatal(err)
		}
		changes, err := s.Changes(sys, a.ID)
		if err != nil || len(changes) != 1 || !strings.Contains(changes[0].Summary, "单位：（空） → 治安大队") ||
			strings.Contains(changes[0].Summary, "13912345678") {
			t.Errorf("changes = %+v, %v", changes, err)
		}
		bad := a
		bad.BirthDate = zhibu.MakeDate(2030, 1, 1)
		_, err = s.UpdatePerson(sys, bad)
		wantProblem(t, err, "birth_date", "不能晚于今天")
		if again, _ := s.Person(sys, a.ID); again.BirthDate != a.BirthDate {
			t.Errorf("refused update was saved: %v", again.BirthDate)
		}

		// A move closes the old membership and opens a new one.
		if _, err := s.MovePerson(sys, a.ID, branch.ID, g2.ID, zhibu.Today(time.Now()), "调整党小组"); err != nil {
			t.Fatal(err)
		}
		moves, err := s.Moves(sys, a.ID)
		if err != nil || len(moves) != 2 || moves[0].GroupName != "第二党小组" || moves[1].EndOn.IsZero() {
			t.Errorf("moves = %+v, %v", moves, err)
		}
		_, err = s.MovePerson(sys, a.ID, branch.ID, g2.ID, zhibu.Today(time.Now()), "")
		wantProblem(t, err, "org_id", "无需调动")
	})
}

func TestCommittee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, branch, g1, _ := tree(t, s)
		var ids []int64
		for _, n := range []string{"甲", "乙", "丙", "丁"} {
			p, err := s.CreatePerson(sys, person("党员"+n, zhibu.FullMember, branch.ID, g1.ID))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		masses, err := s.CreatePerson(sys, person("群众戊", zhibu.Masses, branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		// One person holds two positions, as the seed plan's 纪检、宣传委员.
		first := zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2018, 3, 1), Seats: []zhibu.Seat{
			{PersonID: ids[0], Position: zhibu.Secretary}, {PersonID: ids[1], Position: zhibu.DisciplineOfficer},
			{PersonID: ids[1], Position: zhibu.PropagandaOfficer}, {PersonID: ids[2], Position: zhibu.OrgOfficer}}}
		t1, err := s.StartTerm(sys, first)
		if err != nil {
			t.Fatal(err)
		}
		if t1.Years != 3 || t1.EndsOn() != zhibu.MakeDate(2021, 3, 1) || len(t1.Seats) != 4 {
			t.Errorf("term = %+v", t1)
		}
		t2, err := s.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2021, 3, 5),
			Seats: []zhibu.Seat{{PersonID: ids[3], Position: zhibu.Secretary}, {PersonID: ids[0], Position: zhibu.DeputySecretary}}})
		if err != nil {
			t.Fatal(err)
		}
		terms, err := s.Terms(sys, branch.ID)
		if err != nil || len(terms) != 2 || terms[0].ID != t2.ID || terms[1].ClosedOn != zhibu.MakeDate(2021, 3, 5) {
			t.Fatalf("terms = %+v, %v", terms, err)
		}
		for _, st := range terms[1].Seats {
			if st.EndOn != zhibu.MakeDate(2021, 3, 5) {
				t.Errorf("old seat not ended: %+v", st)
			}
		}
		if err := s.SetGroupLeader(sys, g1.ID, ids[1], zhibu.MakeDate(2021, 4, 1)); err != nil {
			t.Fatal(err)
		}
		groups, err := s.Groups(sys, branch.ID)
		if err != nil || len(groups) != 2 || groups[0].LeaderID != ids[1] || groups[0].Size != 5 {
			t.Errorf("groups = %+v, %v", groups, err)
		}
		if err := s.Supervise(sys, branch.ID, ids[3], masses.ID, zhibu.MakeDate(2021, 4, 1)); err != nil {
			t.Fatal(err)
		}
		sv, err := s.Supervisions(sys, branch.ID)
		if err != nil || len(sv) != 1 || sv[0].OfficerName != "群众戊" {
			t.Errorf("supervisions = %+v, %v", sv, err)
		}
	})
}

func TestImportAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, branch, g1, _ := tree(t, s)
		good := person("甲", zhibu.FullMember, 0, g1.ID)
		clash := person("乙", zhibu.Masses, 0, 0)
		clash.IDNumber = good.IDNumber
		clash.BirthDate, _ = zhibu.IDBirthDate(good.IDNumber)
		clash.Gender = zhibu.IDGender(good.IDNumber)
		if _, err := s.ImportPeople(sys, branch.ID, []zhibu.Person{good, clash}); err == nil {
			t.Fatal("import with a duplicate ID succeeded")
		}
		if c, _ := s.Counts(sys, branch.ID); c.People != 0 {
			t.Fatalf("a failed import left %d people", c.People)
		}
		n, err := s.ImportPeople(sys, branch.ID, []zhibu.Person{good, person("丙", zhibu.Activist, 0, 0)})
		if err != nil || n != 2 {
			t.Fatalf("import = %d, %v", n, err)
		}
		got, _ := s.ExistingIDNumbers(sys, []string{good.IDNumber, "nope"})
		if !got[good.IDNumber] || len(got) != 1 {
			t.Errorf("existing = %v", got)
		}
	})
}

// A group's people and counts are those placed in it, though people belong
// to the branch.
func TestGroupPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, branch, g1, _ := tree(t, s)
		for _, p := range []zhibu.Person{person("甲", zhibu.FullMember, branch.ID, g1.ID), person("乙", zhibu.Masses, branch.ID, 0)} {
			if _, err := s.CreatePerson(sys, p); err != nil {
				t.Fatal(err)
			}
		}
		people, err := s.People(sys, g1.ID, zhibu.PersonFilter{})
		if err != nil || len(people) != 1 || people[0].Name != "甲" {
			t.Errorf("group people = %v, %v", people, err)
		}
		// People in no group sort last on both engines.
		all, _ := s.People(sys, branch.ID, zhibu.PersonFilter{})
		if len(all) != 2 || all[1].Name != "乙" {
			t.Errorf("branch people = %v", all)
		}
		if c, err := s.Counts(sys, g1.ID); err != nil || c.People != 1 || c.Members != 1 {
			t.Errorf("group counts = %+v, %v", c, err)
		}
	})
}

func TestChildCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		committee, branch, g1, _ := tree(t, s)
		other, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []zhibu.Person{person("甲", zhibu.FullMember, branch.ID, g1.ID), person("乙", zhibu.Activist, branch.ID, 0),
			person("丙", zhibu.Masses, other.ID, 0)} {
			if _, err := s.CreatePerson(sys, p); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.ChildCounts(sys, committee.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{branch.ID, other.ID} {
			want, _ := s.Counts(sys, id)
			if got[id] != want {
				t.Errorf("org %d: child counts %+v, counts %+v", id, got[id], want)
			}
		}
		if got[branch.ID].Members != 1 || got[other.ID].People != 1 {
			t.Errorf("child counts = %+v", got)
		}
	})
}
