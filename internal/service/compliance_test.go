package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// branchFixture is a committee (C) with a branch (B1) of two groups, four
// members, a committee of three elected in 2024 (李娜 secretary, 王芳
// discipline and propaganda, 赵磊 organisation), 王芳 leading the first
// group, and the first half of 2025 recorded: committee meetings in
// January and March, an assembly in February, one meeting of the first
// group in January, none of the second.
type branchFixture struct {
	s              *store.Store
	c              *service.Compliance
	committee, b1  zhibu.Org
	g1, g2         zhibu.Org
	li, wang, zhao int64
	year           int
	asOf           zhibu.Date
}

func newBranch(t *testing.T, s *store.Store) *branchFixture {
	t.Helper()
	f := &branchFixture{s: s, c: service.New(s, service.Options{}).Compliance, year: 2025, asOf: zhibu.MakeDate(2025, 6, 15)}
	org := func(o zhibu.Org) zhibu.Org {
		t.Helper()
		o, err := s.CreateOrg(sys, o)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	f.committee = org(zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	f.b1 = org(zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: f.committee.ID, FoundedOn: zhibu.MakeDate(2001, 7, 1)})
	f.g1 = org(zhibu.Org{Code: "B1G1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: f.b1.ID})
	f.g2 = org(zhibu.Org{Code: "B1G2", Name: "第二党小组", Kind: zhibu.KindGroup, ParentID: f.b1.ID})
	var ids []int64
	for i, name := range []string{"李娜", "王芳", "赵磊", "张伟"} {
		birth := zhibu.MakeDate(1980+i, 3, 12)
		group := f.g1.ID
		if i >= 2 {
			group = f.g2.ID
		}
		p, err := s.CreatePerson(sys, zhibu.Person{Name: name, Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: birth,
			IDNumber: zhibu.MakeIDNumber("650102", birth, 102+2*i), Status: zhibu.FullMember, AppliedOn: zhibu.MakeDate(2003, 1, 1),
			ActivistOn: zhibu.MakeDate(2004, 1, 1), CandidateOn: zhibu.MakeDate(2005, 1, 1), AdmittedOn: zhibu.MakeDate(2005, 7, 1),
			ConfirmedOn: zhibu.MakeDate(2006, 7, 1), OrgID: f.b1.ID, GroupID: group, JoinedOn: zhibu.MakeDate(2020, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	f.li, f.wang, f.zhao = ids[0], ids[1], ids[2]
	if _, err := s.StartTerm(sys, zhibu.Term{OrgID: f.b1.ID, ElectedOn: zhibu.MakeDate(2024, 3, 1), Seats: []zhibu.Seat{
		{PersonID: f.li, Position: zhibu.Secretary},
		{PersonID: f.wang, Position: zhibu.DisciplineOfficer},
		{PersonID: f.wang, Position: zhibu.PropagandaOfficer},
		{PersonID: f.zhao, Position: zhibu.OrgOfficer},
	}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGroupLeader(sys, f.g1.ID, f.wang, zhibu.MakeDate(2024, 3, 1)); err != nil {
		t.Fatal(err)
	}
	held := func(org int64, typ zhibu.MeetingType, m time.Month, day int) {
		t.Helper()
		if _, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: org, Type: typ, Status: zhibu.MeetingHeld, Expected: 3, Present: 3,
			StartsAt: time.Date(2025, m, day, 9, 0, 0, 0, zhibu.DefaultZone), ChairID: f.li, RecorderID: f.zhao, Minutes: "记录"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	held(f.b1.ID, zhibu.MeetCommittee, 1, 10)
	held(f.b1.ID, zhibu.MeetAssembly, 2, 20)
	held(f.b1.ID, zhibu.MeetCommittee, 3, 5)
	held(f.g1.ID, zhibu.MeetGroup, 1, 16)
	return f
}

// find is the finding of a rule about a subject in a period of the year.
func find(fs []zhibu.Finding, rule string, subject int64, n int) (zhibu.Finding, bool) {
	for _, f := range fs {
		if f.RuleID == rule && f.SubjectID == subject && f.Period.N == n && f.SubjectKind == zhibu.SubjectOrg {
			return f, true
		}
	}
	return zhibu.Finding{}, false
}

// What an org's check holds: a branch its own and its groups' findings; a
// group the branch's findings about it alone, whoever reads it; a
// committee its own, while its report holds its whole subtree.
func TestCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newBranch(t, s)
		fs, cat, err := f.c.Check(sys, f.b1, f.year, f.asOf)
		if err != nil || len(cat) == 0 {
			t.Fatal(err, len(cat))
		}
		if x, ok := find(fs, "meet.committee.monthly", f.b1.ID, 1); !ok || x.Status != zhibu.StatusOK {
			t.Errorf("January's committee meeting: %+v", x)
		}
		if x, ok := find(fs, "meet.committee.monthly", f.b1.ID, 2); !ok || x.Status != zhibu.StatusOverdue {
			t.Errorf("February without a committee meeting: %+v", x)
		}
		if _, ok := find(fs, "meet.group.monthly", f.g2.ID, 1); !ok {
			t.Error("the branch's check lacks its second group's findings")
		}

		// The first group's leader reads the group, not the branch.
		roles, grants, scope := zhibu.Rights(f.wang, []zhibu.Holding{{Position: zhibu.GroupLeader, Org: f.g1}}, nil)
		leader := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 7, PersonID: f.wang, Roles: roles, Grants: grants, Scope: scope})
		gs, _, err := f.c.Check(leader, f.g1, f.year, f.asOf)
		if err != nil || len(gs) == 0 {
			t.Fatalf("the group's check: %d findings, %v", len(gs), err)
		}
		for _, x := range gs {
			if x.SubjectKind != zhibu.SubjectOrg || x.SubjectID != f.g1.ID {
				t.Errorf("the group's check holds a finding about %s", x.SubjectName)
			}
		}
		if x, ok := find(gs, "meet.group.monthly", f.g1.ID, 1); !ok || x.Status != zhibu.StatusOK {
			t.Errorf("the group's January: %+v", x)
		}
		if _, _, err := f.c.Check(leader, f.b1, f.year, f.asOf); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("the leader checks the branch: %v", err)
		}

		// The committee: its own findings; its report, the subtree's.
		own, _, err := f.c.Check(sys, f.committee, f.year, f.asOf)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range own {
			if x.OrgID != f.committee.ID {
				t.Errorf("the committee's own check holds %s's finding %s", x.SubjectName, x.RuleID)
			}
		}
		rep, err := f.c.Report(sys, f.committee, f.year, f.asOf)
		if err != nil {
			t.Fatal(err)
		}
		branchRep, err := f.c.Report(sys, f.b1, f.year, f.asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(branchRep.Findings) != len(fs) || len(rep.Findings) != len(own)+len(fs) {
			t.Errorf("reports: branch %d (check %d), committee %d (own %d)", len(branchRep.Findings), len(fs), len(rep.Findings), len(own))
		}
		sm := rep.Summary
		if sm.OK+sm.Due+sm.Overdue+sm.Violation != len(rep.Findings) || sm.OK == 0 || sm.Overdue == 0 {
			t.Errorf("committee summary %+v of %d findings", sm, len(rep.Findings))
		}
		if rep.Org != (service.ReportOrg{Code: "C", Name: "市公安局党委"}) || rep.Year != 2025 || rep.AsOf != f.asOf {
			t.Errorf("report heading %+v %d %s", rep.Org, rep.Year, rep.AsOf)
		}
	})
}

// The day a year is checked as of: today, or a past year's last day.
func TestCheckDay(t *testing.T) {
	today := zhibu.MakeDate(2026, 3, 2)
	for _, tc := range []struct {
		year int
		want zhibu.Date
	}{
		{2026, today},
		{2025, zhibu.MakeDate(2025, 12, 31)},
		{2027, today},
	} {
		if got := service.CheckDay(tc.year, today); got != tc.want {
			t.Errorf("CheckDay(%d) = %s, want %s", tc.year, got, tc.want)
		}
	}
}

// A person's duties: the orgs of their seats on the day (a group leader's
// in the group's branch), and the findings there they answer for.
func TestDuties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newBranch(t, s)
		on := zhibu.MakeDate(2025, 6, 15)
		all, _, err := f.c.Check(sys, f.b1, f.year, f.asOf)
		if err != nil {
			t.Fatal(err)
		}

		// The secretary answers for everything in the branch.
		d, err := f.c.Duties(sys, f.li, on, f.year, f.asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Orgs) != 1 || d.Orgs[0].Org.ID != f.b1.ID || strings.Join(d.Orgs[0].Labels, "，") != "第一党支部书记" {
			t.Fatalf("secretary's orgs: %+v", d.Orgs)
		}
		if len(d.Findings) != len(all) || len(d.Catalogue) == 0 {
			t.Errorf("the secretary owns %d of the branch's %d findings", len(d.Findings), len(all))
		}

		// 王芳: discipline and propaganda officer, and the first group's
		// leader — its findings, none of the organisation officer's.
		d, err = f.c.Duties(sys, f.wang, on, f.year, f.asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Orgs) != 1 || len(d.Orgs[0].Positions) != 2 || len(d.Orgs[0].Groups) != 1 || len(d.Orgs[0].Labels) != 3 {
			t.Fatalf("王芳's orgs: %+v", d.Orgs[0])
		}
		group := 0
		for _, x := range d.Findings {
			switch {
			case x.Responsible == zhibu.GroupLeader && x.SubjectID != f.g1.ID:
				t.Errorf("王芳 owns another group's %s", x.RuleID)
			case x.Responsible == zhibu.OrgOfficer:
				t.Errorf("王芳 owns the organisation officer's %s", x.RuleID)
			case x.Responsible == zhibu.GroupLeader:
				group++
			}
			if x.Duty != d.Orgs[0] {
				t.Errorf("%s's duty is not the branch's", x.RuleID)
			}
		}
		if group == 0 {
			t.Error("王芳 owns none of her group's findings")
		}

		// Before the election, nobody has a seat.
		if d, err := f.c.Duties(sys, f.li, zhibu.MakeDate(2024, 1, 1), f.year, f.asOf); err != nil || len(d.Orgs) != 0 || len(d.Findings) != 0 || d.Catalogue != nil {
			t.Errorf("before the election: %+v, %v", d, err)
		}
	})
}

// A branch's open development deadlines are read by person for the
// development pages: an applicant not talked to within a month is overdue
// on dev.talk, and nobody is listed for a prefix no rule of theirs has.
func TestOpenByPerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, _ := devBranch(t, s)
		p := person("李明", zhibu.Masses, branch.ID, 0)
		p.BirthDate = devDay(1998, 2, 14)
		p.IDNumber = zhibu.MakeIDNumber("650102", p.BirthDate, 302)
		p.JoinedOn = devDay(2020, 1, 1)
		p, err := s.CreatePerson(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dev(s).Record(sys, p.ID, zhibu.DevRecord{Step: 1, On: devDay(2021, 3, 1), Outcome: zhibu.OutcomeDone}); err != nil {
			t.Fatal(err)
		}
		c := service.New(s, service.Options{}).Compliance
		open, err := c.OpenByPerson(sys, branch, "dev.", devDay(2021, 5, 10))
		if err != nil {
			t.Fatal(err)
		}
		var talk bool
		for _, f := range open[p.ID] {
			talk = talk || (f.RuleID == "dev.talk" && f.Status == zhibu.StatusOverdue)
		}
		if !talk || len(open) != 1 {
			t.Errorf("open development findings by person: %v; want 李明's overdue dev.talk alone", open)
		}
		if none, err := c.OpenByPerson(sys, branch, "dues.", devDay(2021, 5, 10)); err != nil || len(none[p.ID]) != 0 {
			t.Errorf("an applicant owes no dues: %v, %v", none[p.ID], err)
		}
		committee, err := s.Org(sys, branch.ParentID)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := c.OpenByPerson(sys, committee, "dev.", devDay(2021, 5, 10)); err != nil || got != nil {
			t.Errorf("a committee's: %v, %v; want none", got, err)
		}
	})
}
