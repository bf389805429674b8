package demo_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

var sys = zhibu.WithActor(context.Background(), zhibu.System)

func TestLoad(t *testing.T) {
	demotest.Each(t, func(t *testing.T, s *store.Store) {
		branch := org(t, s, demo.BranchCode)
		if want := "治安管理大队,刑事侦查大队,禁毒大队,法制室,巡逻特警大队,网络安全保卫大队,情报信息室"; strings.Join(branch.Units, ",") != want {
			t.Errorf("seed branch units = %v", branch.Units)
		}
		checkGroups(t, s, branch)
		checkCommittee(t, s, branch)
		checkCounts(t, s)
		checkPeople(t, s)
		checkSeats(t, s)
		checkSupervisions(t, s)
		checkRefused(t, s)
	})
}

func org(t *testing.T, s *store.Store, code string) zhibu.Org {
	t.Helper()
	o, err := s.OrgByCode(sys, code)
	if err != nil {
		t.Fatalf("org %s: %v", code, err)
	}
	return o
}

// The seed branch has three groups of eight members, each with a leader,
// over two, two and three units.
func checkGroups(t *testing.T, s *store.Store, branch zhibu.Org) {
	groups, err := s.Groups(sys, branch.ID)
	if err != nil || len(groups) != 3 {
		t.Fatalf("groups = %+v, %v", groups, err)
	}
	want := map[string]struct {
		name  string
		units int
	}{
		demo.GroupCode(demo.BranchCode, 1): {"第一党小组", 2},
		demo.GroupCode(demo.BranchCode, 2): {"第二党小组", 2},
		demo.GroupCode(demo.BranchCode, 3): {"第三党小组", 3},
	}
	for _, g := range groups {
		if w := want[g.Code]; g.Name != w.name || len(g.Units) != w.units {
			t.Errorf("group %s = %s over %v", g.Code, g.Name, g.Units)
		}
		people, err := s.People(sys, branch.ID, zhibu.PersonFilter{GroupID: g.ID})
		if err != nil {
			t.Fatal(err)
		}
		if g.Size != 8 || len(people) != 8 || g.LeaderID == 0 {
			t.Errorf("%s: size %d, leader %q", g.Name, g.Size, g.LeaderName)
		}
		for _, p := range people {
			if !p.Status.IsMember() {
				t.Errorf("%s: %s is %s", g.Name, p.Name, p.Status.Label())
			}
			if !slices.Contains(g.Units, p.Unit) {
				t.Errorf("%s: %s works in %s, not in the group's units %v", g.Name, p.Name, p.Unit, g.Units)
			}
		}
	}
}

// The seed branch's current term has the five positions of the seed plan,
// 纪检、宣传委员 and 保密青年委员 each held by one person; the previous
// term closed on the election.
func checkCommittee(t *testing.T, s *store.Store, branch zhibu.Org) {
	terms, err := s.Terms(sys, branch.ID)
	if err != nil || len(terms) != 2 {
		t.Fatalf("terms = %+v, %v", terms, err)
	}
	cur, prev := terms[0], terms[1]
	if !cur.Current() || cur.ElectedOn != zhibu.MakeDate(2024, 4, 18) || cur.Years != 3 || prev.ClosedOn != cur.ElectedOn {
		t.Errorf("terms: current %+v, previous %+v", cur, prev)
	}
	holder := map[zhibu.Position]int64{}
	people := map[int64]bool{}
	for _, st := range cur.Seats {
		holder[st.Position] = st.PersonID
		people[st.PersonID] = true
		p, err := s.Person(sys, st.PersonID)
		if err != nil || p.GroupID == 0 {
			t.Errorf("committee member %s is in no group (%v)", st.PersonName, err)
		}
	}
	for _, pos := range []zhibu.Position{zhibu.Secretary, zhibu.DeputySecretary, zhibu.DisciplineOfficer, zhibu.PropagandaOfficer,
		zhibu.OrgOfficer, zhibu.SecrecyOfficer, zhibu.YouthOfficer} {
		if holder[pos] == 0 {
			t.Errorf("no %s", pos.Label())
		}
	}
	if len(cur.Seats) != 7 || len(people) != 5 || holder[zhibu.DisciplineOfficer] != holder[zhibu.PropagandaOfficer] ||
		holder[zhibu.SecrecyOfficer] != holder[zhibu.YouthOfficer] {
		t.Errorf("current seats = %+v", cur.Seats)
	}
}

func checkCounts(t *testing.T, s *store.Store) {
	for code, want := range map[string]zhibu.Counts{
		demo.BranchCode:        {People: 39, Officers: 39, Members: 24, Full: 22, Probationary: 2, Candidates: 2, Activists: 4, Applicants: 3, Masses: 6},
		demo.OfficeBranchCode:  {People: 14, Officers: 13, Members: 10, Full: 10, Activists: 1, Applicants: 1, Masses: 2},
		demo.TrafficBranchCode: {People: 17, Officers: 17, Members: 12, Full: 12, Candidates: 1, Activists: 1, Masses: 3},
		demo.CommitteeCode:     {People: 73, Officers: 72, Members: 49, Full: 47, Probationary: 2, Candidates: 3, Activists: 6, Applicants: 4, Masses: 11},
	} {
		got, err := s.Counts(sys, org(t, s, code).ID)
		if err != nil || got != want {
			t.Errorf("counts of %s = %+v, %v; want %+v", code, got, err, want)
		}
	}
}

// Every person is valid on AsOf (so every date is on or before it), aged
// 23 to 58, with a unique ID number and phone.
func checkPeople(t *testing.T, s *store.Store) {
	people, err := s.People(sys, org(t, s, demo.CommitteeCode).ID, zhibu.PersonFilter{})
	if err != nil || len(people) != 73 {
		t.Fatalf("people = %d, %v", len(people), err)
	}
	ids, phones, names := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range people {
		if err := p.Validate(demo.AsOf()); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		if age := p.BirthDate.YearsSince(demo.AsOf()); age < 23 || age > 58 {
			t.Errorf("%s is %d", p.Name, age)
		}
		if ids[p.IDNumber] || phones[p.Phone] || names[p.Name] {
			t.Errorf("%s: ID number, phone or name used twice", p.Name)
		}
		ids[p.IDNumber], phones[p.Phone], names[p.Name] = true, true, true
		if !strings.HasPrefix(p.Phone, "13") && !strings.HasPrefix(p.Phone, "15") && !strings.HasPrefix(p.Phone, "18") {
			t.Errorf("%s: phone %s", p.Name, p.Phone)
		}
		if p.Status == zhibu.Candidate && p.CandidateOn.Before(p.ActivistOn.AddYears(1)) {
			t.Errorf("%s: candidate after less than a year as an activist", p.Name)
		}
	}
}

// Whoever holds or held a seat was a full member when they took it.
func checkSeats(t *testing.T, s *store.Store) {
	people, err := s.People(sys, org(t, s, demo.CommitteeCode).ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		seats, err := s.PersonSeats(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range seats {
			if p.ConfirmedOn.IsZero() || !p.ConfirmedOn.Before(st.StartOn) {
				t.Errorf("%s became %s on %s, confirmed %s", p.Name, st.Position.Label(), st.StartOn, p.ConfirmedOn)
			}
		}
	}
}

// Each committee member supervises several officers, and every officer
// who is not on the committee has a supervisor.
func checkSupervisions(t *testing.T, s *store.Store) {
	for _, code := range []string{demo.BranchCode, demo.OfficeBranchCode, demo.TrafficBranchCode} {
		b := org(t, s, code)
		sv, err := s.Supervisions(sys, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		term, err := s.CurrentTerm(sys, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		per := map[int64]int{}
		for _, v := range sv {
			per[v.SupervisorID]++
		}
		committee := map[int64]bool{}
		for _, st := range term.Seats {
			committee[st.PersonID] = true
			if per[st.PersonID] < 2 {
				t.Errorf("%s: %s supervises %d officers", code, st.PersonName, per[st.PersonID])
			}
		}
		c, _ := s.Counts(sys, b.ID)
		if len(sv) != c.Officers-len(committee) {
			t.Errorf("%s: %d supervisions for %d officers and %d committee members", code, len(sv), c.Officers, len(committee))
		}
	}
}

// A second load is refused and changes nothing.
func checkRefused(t *testing.T, s *store.Store) {
	snapshot := func() (int, zhibu.Counts) {
		orgs, err := s.Orgs(sys, store.OrgFilter{})
		if err != nil {
			t.Fatal(err)
		}
		c, _ := s.Counts(sys, org(t, s, demo.CommitteeCode).ID)
		return len(orgs), c
	}
	n, c := snapshot()
	err := demo.Load(sys, s)
	if !errors.Is(err, zhibu.ErrConflict) || zhibu.UserMessage(err) != "数据库不为空，演示数据只能载入空数据库" {
		t.Errorf("second load: %v", err)
	}
	if n2, c2 := snapshot(); n2 != n || c2 != c {
		t.Errorf("second load changed the data: %d orgs %+v, was %d %+v", n2, c2, n, c)
	}
}

// Two loads make the same people, whatever the day.
func TestDeterministic(t *testing.T) {
	load := func(day time.Time) []zhibu.Person {
		s := storetest.SQLite(t)
		s.SetClock(func() time.Time { return day })
		if err := demo.Load(sys, s); err != nil {
			t.Fatal(err)
		}
		people, err := s.People(sys, org(t, s, demo.CommitteeCode).ID, zhibu.PersonFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return people
	}
	a, b := load(time.Now()), load(time.Now().AddDate(1, 2, 3))
	if len(a) != 73 || !slices.Equal(a, b) {
		t.Errorf("two loads differ")
	}
}

// Each demo account's rights come from its person's positions (or its
// given role): one account per kind of user.
func TestAccounts(t *testing.T) {
	demotest.Each(t, func(t *testing.T, s *store.Store) {
		want := map[string]zhibu.Role{
			"书记": zhibu.RoleSecretary, "组织委员": zhibu.RoleOrgOfficer, "纪检宣传委员": zhibu.RoleDiscipline, "保密委员": zhibu.RoleCommittee,
			"党小组组长": zhibu.RoleGroupLeader, "党员": zhibu.RoleMember, "局党委委员": zhibu.RoleSuperior,
			"政治部": zhibu.RolePolDept, "系统管理员": zhibu.RoleSystemAdmin, "安全管理员": zhibu.RoleSecurityAdmin, "审计管理员": zhibu.RoleAuditAdmin,
		}
		accounts, err := s.DemoAccounts(sys)
		if err != nil || len(accounts) != len(want) {
			t.Fatalf("demo accounts = %d, %v", len(accounts), err)
		}
		for _, a := range accounts {
			actor, _, err := s.ActorFor(sys, a.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			if !actor.Has(want[a.Login]) {
				t.Errorf("%s: roles %v, want %s", a.Login, actor.Roles, want[a.Login])
			}
			if a.Login == "党员" && (len(actor.Scope.Paths) != 0 || actor.Scope.Self == 0) {
				t.Errorf("a member's scope is %+v", actor.Scope)
			}
		}
	})
}
