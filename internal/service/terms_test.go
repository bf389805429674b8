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

// termsProblem fails unless err is a zhibu.Problems naming field with a
// message containing want.
func termsProblem(t *testing.T, err error, field, want string) {
	t.Helper()
	var ps zhibu.Problems
	if !errors.As(err, &ps) || !strings.Contains(ps.For(field), want) {
		t.Fatalf("%v, want a problem of %s with %q", err, field, want)
	}
}

func termsForbidden(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, zhibu.ErrForbidden) {
		t.Fatalf("%v, want forbidden", err)
	}
}

// termsActor is a person holding positions, as a signed-in account.
func termsActor(personID int64, holdings ...zhibu.Holding) context.Context {
	roles, grants, scope := zhibu.Rights(personID, holdings, nil)
	return zhibu.WithActor(sys, zhibu.Actor{AccountID: personID, PersonID: personID, Name: "测试", Roles: roles, Grants: grants, Scope: scope})
}

// termsOnJuly1 sets the clock of the store (and so of the services) to 1
// July 2026 in Beijing.
func termsOnJuly1(s *store.Store) {
	s.SetClock(func() time.Time { return time.Date(2026, 7, 1, 10, 0, 0, 0, zhibu.DefaultZone) })
}

// An extension is capped by org.term.extension's max_months in force on
// the org's path: the national 12 months, or what a superior sets.
func TestRequestExtension(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		terms := service.New(s, service.Options{}).Terms
		branch, _, _ := devBranch(t, s)
		_, err := terms.RequestExtension(sys, zhibu.Extension{OrgID: branch.ID, Months: 13, Reason: "集中整训"})
		termsProblem(t, err, "months", "不超过12个月")

		if err := s.AddRuleVersion(sys, zhibu.RuleVersion{ID: "org.term.extension", Layer: zhibu.LayerSuperior, OrgID: branch.ParentID,
			Source: "局党委规定", EffectiveFrom: zhibu.MakeDate(2000, 1, 1), Params: zhibu.RuleParams{"max_months": 6}}); err != nil {
			t.Fatal(err)
		}
		_, err = terms.RequestExtension(sys, zhibu.Extension{OrgID: branch.ID, Months: 9, Reason: "集中整训"})
		termsProblem(t, err, "months", "不超过6个月")
		ext, err := terms.RequestExtension(sys, zhibu.Extension{OrgID: branch.ID, Months: -6, Reason: "  提前换届  "})
		if err != nil || ext.NewEnd != zhibu.MakeDate(2019, 12, 1) || ext.Reason != "提前换届" {
			t.Fatalf("request %+v %v", ext, err)
		}
		got, err := terms.DecideExtension(sys, branch.ID, ext.ID, true, zhibu.Date{}, "同意")
		if err != nil || got.Status != zhibu.ExtensionApproved {
			t.Fatalf("decide %+v %v", got, err)
		}

		bare, err := s.CreateOrg(sys, zhibu.Org{Code: "B9", Name: "第九党支部", Kind: zhibu.KindBranch, ParentID: branch.ParentID})
		if err != nil {
			t.Fatal(err)
		}
		_, err = terms.RequestExtension(sys, zhibu.Extension{OrgID: bare.ID, Months: 2, Reason: "x"})
		termsProblem(t, err, "months", "没有现任委员会")
	})
}

// An election: its seats, the general assembly that held it, its order
// after the current term; a party group has no committee.
func TestStartTerm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		termsOnJuly1(s)
		terms := service.New(s, service.Options{}).Terms
		branch, g1, members := devBranch(t, s)
		masses := person("群众戊", zhibu.Masses, branch.ID, g1.ID)
		masses.JoinedOn = zhibu.MakeDate(2016, 1, 1)
		masses, err := s.CreatePerson(sys, masses)
		if err != nil {
			t.Fatal(err)
		}
		elect := func(on zhibu.Date, assembly int64, seats ...zhibu.Seat) (zhibu.Term, error) {
			return terms.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: on, AssemblyID: assembly, Seats: seats})
		}
		sec := zhibu.Seat{PersonID: members[0].ID, Position: zhibu.Secretary}
		_, err = elect(zhibu.MakeDate(2020, 5, 31), 0, zhibu.Seat{PersonID: masses.ID, Position: zhibu.Secretary})
		termsProblem(t, err, "seats", "群众戊不是党员，不能担任书记")
		_, err = elect(zhibu.MakeDate(2020, 5, 31), 0, zhibu.Seat{PersonID: members[1].ID, Position: zhibu.OrgOfficer})
		termsProblem(t, err, "seats", "委员会应设书记")
		_, err = elect(zhibu.MakeDate(2020, 5, 31), 0, sec, zhibu.Seat{PersonID: members[1].ID, Position: zhibu.Secretary})
		termsProblem(t, err, "seats", "书记只能有一人")
		_, err = elect(zhibu.MakeDate(2020, 5, 31), 0, sec, zhibu.Seat{PersonID: 99999, Position: zhibu.OrgOfficer})
		termsProblem(t, err, "seats", "人员不存在")
		_, err = elect(zhibu.MakeDate(2020, 5, 31), 0, sec, zhibu.Seat{PersonID: members[1].ID, Position: "chief"})
		termsProblem(t, err, "seats", "职务不正确")
		_, err = elect(zhibu.MakeDate(2027, 1, 1), 0, sec)
		termsProblem(t, err, "elected_on", "不能晚于今天")
		_, err = elect(zhibu.MakeDate(2017, 6, 1), 0, sec)
		termsProblem(t, err, "elected_on", "应晚于本届选举日期（2017-06-01）")
		_, err = terms.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2020, 5, 31), Note: strings.Repeat("注", 201), Seats: []zhibu.Seat{sec}})
		termsProblem(t, err, "note", "备注：不能超过200个字")
		_, err = terms.StartTerm(sys, zhibu.Term{OrgID: g1.ID, ElectedOn: zhibu.MakeDate(2020, 5, 31)})
		termsProblem(t, err, "org_id", "党小组不设委员会")

		assembly := devAssembly(t, s, branch, members, zhibu.MakeDate(2020, 5, 31), 4, 4)
		cm, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
			StartsAt: local(2020, 5, 31, 9, 0), ChairID: members[0].ID, RecorderID: members[1].ID, Minutes: "x"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = elect(zhibu.MakeDate(2020, 6, 1), assembly.ID, sec)
		termsProblem(t, err, "assembly_id", "与选举日期不一致")
		_, err = elect(zhibu.MakeDate(2020, 5, 31), cm.ID, sec)
		termsProblem(t, err, "assembly_id", "应为第一党支部的支部党员大会")
		_, err = elect(zhibu.MakeDate(2020, 5, 31), 99999, sec)
		termsProblem(t, err, "assembly_id", "未找到该会议")
		if n, _ := s.Terms(sys, branch.ID); len(n) != 1 {
			t.Fatalf("a refused election was stored: %+v", n)
		}
		term, err := elect(zhibu.MakeDate(2020, 5, 31), assembly.ID, sec, zhibu.Seat{PersonID: members[1].ID, Position: zhibu.OrgOfficer})
		if err != nil || term.AssemblyID != assembly.ID || term.Years != 3 || term.EndsOn() != zhibu.MakeDate(2023, 5, 31) {
			t.Fatalf("term %+v, %v", term, err)
		}

		// The election entered first, its assembly later.
		all, _ := s.Terms(sys, branch.ID)
		old := all[len(all)-1] // elected on 2017-06-01
		_, err = terms.LinkAssembly(sys, branch.ID, old.ID, assembly.ID)
		termsProblem(t, err, "assembly_id", "与选举日期不一致")
		_, err = terms.LinkAssembly(sys, branch.ID, term.ID, assembly.ID)
		termsProblem(t, err, "assembly_id", "本届已登记选举大会")
		_, err = terms.LinkAssembly(sys, branch.ID, old.ID, 0)
		termsProblem(t, err, "assembly_id", "请选择")
		if _, err := terms.LinkAssembly(sys, branch.ID, 99999, assembly.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("a term of no org: %v", err)
		}
		held2017 := devAssembly(t, s, branch, members, zhibu.MakeDate(2017, 6, 1), 4, 4)
		if linked, err := terms.LinkAssembly(sys, branch.ID, old.ID, held2017.ID); err != nil || linked.AssemblyID != held2017.ID {
			t.Errorf("linked %+v, %v", linked, err)
		}

		// Someone without the right learns nothing of the state.
		reader := termsActor(members[3].ID)
		_, err = terms.StartTerm(reader, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2017, 1, 1)})
		if !errors.Is(err, zhibu.ErrForbidden) && !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("a member starts a term: %v", err)
		}
	})
}

// The secretary reported and approved; a request to move the election,
// and the superior's decision.
func TestReportAndExtension(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		termsOnJuly1(s)
		terms := service.New(s, service.Options{}).Terms
		branch, _, members := devBranch(t, s)
		committee, err := s.Org(sys, branch.ParentID)
		if err != nil {
			t.Fatal(err)
		}
		sec := termsActor(members[0].ID, zhibu.Holding{Position: zhibu.Secretary, Org: branch})
		sup := termsActor(8888, zhibu.Holding{Position: zhibu.Secretary, Org: committee})
		term, err := terms.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2020, 5, 31), Seats: []zhibu.Seat{
			{PersonID: members[0].ID, Position: zhibu.Secretary}, {PersonID: members[1].ID, Position: zhibu.DeputySecretary}}})
		if err != nil {
			t.Fatal(err)
		}

		_, err = terms.ApproveSecretary(sup, branch.ID, zhibu.Date{})
		termsProblem(t, err, "id", "批准：支部尚未报批")
		_, err = terms.ReportSecretary(sec, branch.ID, zhibu.MakeDate(2020, 5, 30))
		termsProblem(t, err, "on", "报批日期：应在选举日期（2020-05-31）与今天之间")
		_, err = terms.ReportSecretary(sec, branch.ID, zhibu.MakeDate(2026, 7, 2))
		termsProblem(t, err, "on", "应在选举日期")
		_, err = terms.ApproveSecretary(sec, branch.ID, zhibu.Date{})
		termsForbidden(t, err)
		reported, err := terms.ReportSecretary(sec, branch.ID, zhibu.MakeDate(2020, 6, 1))
		if err != nil || reported.ReportedOn != zhibu.MakeDate(2020, 6, 1) {
			t.Fatalf("reported %+v, %v", reported, err)
		}
		_, err = terms.ApproveSecretary(sup, branch.ID, zhibu.MakeDate(2020, 5, 31))
		termsProblem(t, err, "on", "批准日期：应在报批日期（2020-06-01）与今天之间")
		approved, err := terms.ApproveSecretary(sup, branch.ID, zhibu.MakeDate(2020, 6, 8))
		if err != nil || approved.ApprovedOn != zhibu.MakeDate(2020, 6, 8) || approved.ApprovedBy != "测试" {
			t.Fatalf("approved %+v, %v", approved, err)
		}
		_, err = terms.ApproveSecretary(sup, branch.ID, zhibu.Date{})
		termsProblem(t, err, "id", "批准：已于2020-06-08批准")
		_, err = terms.ReportSecretary(sec, branch.ID, zhibu.Date{})
		termsProblem(t, err, "id", "报批：上级党委已于2020-06-08批准")

		// A committee elected with no secretary nor deputy has none to report.
		b2, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := terms.StartTerm(sys, zhibu.Term{OrgID: b2.ID, ElectedOn: zhibu.MakeDate(2025, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		_, err = terms.ReportSecretary(sys, b2.ID, zhibu.Date{})
		termsProblem(t, err, "id", "本届委员会没有选举产生的书记、副书记")

		_, err = terms.RequestExtension(sec, zhibu.Extension{OrgID: branch.ID, Months: 3})
		termsProblem(t, err, "reason", "不能为空")
		_, err = terms.RequestExtension(sec, zhibu.Extension{OrgID: branch.ID, Months: 3, Reason: "x", RequestedOn: zhibu.MakeDate(2020, 5, 1)})
		termsProblem(t, err, "requested_on", "申请日期：应在本届选举日期（2020-05-31）与今天之间")
		ext, err := terms.RequestExtension(sec, zhibu.Extension{OrgID: branch.ID, Months: 9, Reason: "集中整训，推迟换届"})
		if err != nil {
			t.Fatal(err)
		}
		if ext.NewEnd != zhibu.MakeDate(2024, 2, 29) || ext.TermID != term.ID || ext.Status != zhibu.ExtensionRequested || ext.RequestedOn != zhibu.MakeDate(2026, 7, 1) {
			t.Errorf("request %+v", ext) // 31 May 2023 + 9 months: 29 February 2024
		}
		_, err = terms.RequestExtension(sec, zhibu.Extension{OrgID: branch.ID, Months: 2, Reason: "再次申请"})
		termsProblem(t, err, "months", "已有待上级审批的申请")

		_, err = terms.DecideExtension(sec, branch.ID, ext.ID, true, zhibu.Date{}, "")
		termsForbidden(t, err)
		if _, err := terms.DecideExtension(sup, b2.ID, ext.ID, true, zhibu.Date{}, ""); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("another org's request: %v", err)
		}
		_, err = terms.DecideExtension(sup, branch.ID, ext.ID, true, zhibu.Date{}, strings.Repeat("意", 201))
		termsProblem(t, err, "note", "审批意见：不能超过200个字")
		_, err = terms.DecideExtension(sup, branch.ID, ext.ID, true, zhibu.MakeDate(2026, 6, 30), "")
		termsProblem(t, err, "decided_on", "审批日期：应在申请日期（2026-07-01）与今天之间")
		got, err := terms.DecideExtension(sup, branch.ID, ext.ID, true, zhibu.Date{}, "  同意  ")
		if err != nil || got.Status != zhibu.ExtensionApproved || got.Note != "同意" || got.DecidedOn != zhibu.MakeDate(2026, 7, 1) {
			t.Fatalf("decided %+v, %v", got, err)
		}
		_, err = terms.DecideExtension(sup, branch.ID, ext.ID, false, zhibu.Date{}, "")
		termsProblem(t, err, "id", "申请：已已批准")
		if list, _ := s.Extensions(sys, branch.ID); len(list) != 1 || list[0].Status != zhibu.ExtensionApproved {
			t.Errorf("stored %+v", list)
		}
	})
}

// A group's leader is a party member of the group.
func TestSetGroupLeader(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		terms := service.New(s, service.Options{}).Terms
		branch, g1, members := devBranch(t, s)
		masses, err := s.CreatePerson(sys, person("群众戊", zhibu.Masses, branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		outside, err := s.CreatePerson(sys, person("党员己", zhibu.FullMember, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		day := zhibu.MakeDate(2021, 4, 1)
		termsProblem(t, terms.SetGroupLeader(sys, g1.ID, masses.ID, day), "person_id", "组长：群众戊不是党员")
		termsProblem(t, terms.SetGroupLeader(sys, g1.ID, outside.ID, day), "person_id", "组长：应为本党小组的成员")
		termsProblem(t, terms.SetGroupLeader(sys, g1.ID, 99999, day), "person_id", "组长：应为本党小组的成员")
		termsProblem(t, terms.SetGroupLeader(sys, branch.ID, members[1].ID, day), "group_id", "党小组：所选组织不是党小组")
		termsProblem(t, terms.SetGroupLeader(sys, g1.ID, members[1].ID, s.Today().AddDays(1)), "start_on", "任职日期：不能晚于今天")
		termsForbidden(t, terms.SetGroupLeader(termsActor(members[3].ID, zhibu.Holding{Position: zhibu.GroupLeader, Org: g1}), g1.ID, members[1].ID, day))
		if err := terms.SetGroupLeader(sys, g1.ID, members[1].ID, day); err != nil {
			t.Fatal(err)
		}
		groups, err := s.Groups(sys, branch.ID)
		if err != nil || len(groups) != 1 || groups[0].LeaderID != members[1].ID {
			t.Errorf("groups %+v, %v", groups, err)
		}
	})
}

// A member of the committee in office supervises an officer of the org.
func TestSupervise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		terms := service.New(s, service.Options{}).Terms
		branch, g1, members := devBranch(t, s)
		officer := person("民警戊", zhibu.Masses, branch.ID, g1.ID)
		officer.Officer = true
		officer, err := s.CreatePerson(sys, officer)
		if err != nil {
			t.Fatal(err)
		}
		day := zhibu.MakeDate(2021, 4, 1)
		termsProblem(t, terms.Supervise(sys, branch.ID, members[3].ID, officer.ID, day), "supervisor_id", "分管委员：应为现任支部委员")
		termsProblem(t, terms.Supervise(sys, branch.ID, members[0].ID, 99999, day), "officer_id", "分管民警：应为本组织的民警")
		termsProblem(t, terms.Supervise(sys, branch.ID, members[0].ID, officer.ID, s.Today().AddDays(1)), "start_on", "起始日期：不能晚于今天")
		bare, err := s.CreateOrg(sys, zhibu.Org{Code: "B9", Name: "第九党支部", Kind: zhibu.KindBranch, ParentID: branch.ParentID})
		if err != nil {
			t.Fatal(err)
		}
		termsProblem(t, terms.Supervise(sys, bare.ID, members[0].ID, officer.ID, day), "supervisor_id", "本组织没有现任委员会")
		termsForbidden(t, terms.Supervise(termsActor(members[2].ID, zhibu.Holding{Position: zhibu.DisciplineOfficer, Org: branch}), branch.ID, members[0].ID, officer.ID, day))
		if err := terms.Supervise(sys, branch.ID, members[0].ID, officer.ID, day); err != nil {
			t.Fatal(err)
		}
		sv, err := s.Supervisions(sys, branch.ID)
		if err != nil || len(sv) != 1 || sv[0].OfficerName != "民警戊" || sv[0].StartOn != day {
			t.Errorf("supervisions %+v, %v", sv, err)
		}
	})
}

// The seats of an election are checked on the election day: who belonged
// to the branch then (the membership history), not who belongs to it now.
// A member who has since moved to another branch may hold a seat of a past
// committee; one who joined after the election may not, nor one admitted
// after it.
func TestStartTermSeatsOnElectionDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		termsOnJuly1(s)
		terms := service.New(s, service.Options{}).Terms
		branch, _, members := devBranch(t, s) // members joined 2016-01-01; a term of 2017-06-01
		other, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: branch.ParentID})
		if err != nil {
			t.Fatal(err)
		}
		// 委员甲 moves to the second branch in 2021, after the 2020 election.
		if _, err := s.MovePerson(sys, members[0].ID, other.ID, 0, zhibu.MakeDate(2021, 3, 1), "调动"); err != nil {
			t.Fatal(err)
		}
		late := person("新人己", zhibu.FullMember, branch.ID, 0)
		late.JoinedOn = zhibu.MakeDate(2022, 1, 1)
		late, err = s.CreatePerson(sys, late)
		if err != nil {
			t.Fatal(err)
		}
		young := person("新党员庚", zhibu.Probationary, branch.ID, 0)
		young.JoinedOn = zhibu.MakeDate(2016, 1, 1)
		young.AdmittedOn = zhibu.MakeDate(2021, 1, 1)
		young.AppliedOn, young.ActivistOn, young.CandidateOn = zhibu.MakeDate(2019, 1, 1), zhibu.MakeDate(2019, 6, 1), zhibu.MakeDate(2020, 6, 1)
		young, err = s.CreatePerson(sys, young)
		if err != nil {
			t.Fatal(err)
		}
		on := zhibu.MakeDate(2020, 5, 31)
		elect := func(seats ...zhibu.Seat) (zhibu.Term, error) {
			return terms.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: on, Seats: seats})
		}
		_, err = elect(zhibu.Seat{PersonID: late.ID, Position: zhibu.Secretary})
		termsProblem(t, err, "seats", "新人己在选举日（2020-05-31）不是第一党支部的人员")
		_, err = elect(zhibu.Seat{PersonID: young.ID, Position: zhibu.Secretary})
		termsProblem(t, err, "seats", "新党员庚在选举日（2020-05-31）尚未入党")
		term, err := elect(zhibu.Seat{PersonID: members[0].ID, Position: zhibu.Secretary}, zhibu.Seat{PersonID: members[1].ID, Position: zhibu.OrgOfficer})
		if err != nil {
			t.Fatalf("a past committee with a member who has moved since: %v", err)
		}
		if len(term.Seats) != 2 {
			t.Errorf("seats %+v", term.Seats)
		}
	})
}
