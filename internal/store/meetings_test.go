package store_test

import (
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// branchWithCommittee is tree() with three members on a committee elected
// in 2017 and a fourth member in group 1.
func branchWithCommittee(t *testing.T, s *store.Store) (branch, g1 zhibu.Org, members []zhibu.Person) {
	t.Helper()
	_, branch, g1, _ = tree(t, s)
	for _, n := range []string{"甲", "乙", "丙", "丁"} {
		p := person("委员"+n, zhibu.FullMember, branch.ID, g1.ID)
		p.BirthDate = zhibu.MakeDate(1975, 5, 5)
		p.IDNumber = zhibu.MakeIDNumber("650102", p.BirthDate, 200+len(members)*2)
		p.AppliedOn, p.ActivistOn, p.CandidateOn = zhibu.MakeDate(2000, 1, 1), zhibu.MakeDate(2000, 6, 1), zhibu.MakeDate(2001, 7, 1)
		p.AdmittedOn, p.ConfirmedOn = zhibu.MakeDate(2002, 1, 1), zhibu.MakeDate(2003, 1, 1)
		p.JoinedOn = zhibu.MakeDate(2016, 1, 1)
		created, err := s.CreatePerson(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, created)
	}
	if _, err := s.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2017, 6, 1), Seats: []zhibu.Seat{
		{PersonID: members[0].ID, Position: zhibu.Secretary}, {PersonID: members[1].ID, Position: zhibu.OrgOfficer},
		{PersonID: members[2].ID, Position: zhibu.DisciplineOfficer}}}); err != nil {
		t.Fatal(err)
	}
	return branch, g1, members
}

func local(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, zhibu.DefaultZone)
}

func TestMeetings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, g1, members := branchWithCommittee(t, s)
		expected, err := s.Expected(sys, branch.ID, zhibu.MeetCommittee, zhibu.MakeDate(2018, 3, 5))
		if err != nil || len(expected) != 3 {
			t.Fatalf("expected at a committee meeting: %d, %v", len(expected), err)
		}
		if all, _ := s.Expected(sys, branch.ID, zhibu.MeetAssembly, zhibu.MakeDate(2018, 3, 5)); len(all) != 4 {
			t.Errorf("expected at an assembly: %d", len(all))
		}
		if none, _ := s.Expected(sys, branch.ID, zhibu.MeetAssembly, zhibu.MakeDate(2015, 3, 5)); len(none) != 0 {
			t.Errorf("expected before anyone joined: %d", len(none))
		}
		m := zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: local(2018, 3, 31, 23, 30),
			Place: "三楼会议室", ChairID: members[0].ID, RecorderID: members[1].ID, Topics: []string{"研究发展党员工作", "部署三月工作"},
			Minutes: "会议由书记主持。", Resolutions: []zhibu.Resolution{{Text: "同意确定积极分子", For: 3, Entitled: 3}}}
		att := []zhibu.Attendance{{PersonID: members[0].ID, Status: zhibu.AttendPresent}, {PersonID: members[1].ID, Status: zhibu.AttendPresent},
			{PersonID: members[2].ID, Status: zhibu.AttendExcused, Reason: "出差"}}
		saved, err := s.SaveMeeting(sys, m, att)
		if err != nil {
			t.Fatal(err)
		}
		got, gotAtt, err := s.Meeting(sys, saved.ID)
		if err != nil || got.Expected != 3 || got.Present != 2 || got.Excused != 1 || len(gotAtt) != 3 || !got.Late() ||
			len(got.Topics) != 2 || len(got.Resolutions) != 1 || !got.StartsAt.Equal(m.StartsAt) {
			t.Fatalf("saved meeting %+v, attendance %+v, %v", got, gotAtt, err)
		}
		if got.DateIn(zhibu.DefaultZone) != zhibu.MakeDate(2018, 3, 31) {
			t.Errorf("a meeting at 23:30 local on 31 March is dated %v", got.DateIn(zhibu.DefaultZone))
		}

		// Bad input: each problem named, nothing saved.
		bad := m
		bad.OrgID, bad.Type = branch.ID, zhibu.MeetGroup
		_, err = s.SaveMeeting(sys, bad, nil)
		wantProblem(t, err, "type", "不召开党小组会")
		bad = m
		bad.Status, bad.CancelReason = zhibu.MeetingCancelled, ""
		_, err = s.SaveMeeting(sys, bad, nil)
		wantProblem(t, err, "cancel_reason", "不能为空")
		bad = m
		bad.Type, bad.LecturerID = zhibu.MeetLecture, 0
		_, err = s.SaveMeeting(sys, bad, nil)
		wantProblem(t, err, "lecturer_id", "授课人")
		_, err = s.SaveMeeting(sys, m, []zhibu.Attendance{{PersonID: members[2].ID, Status: zhibu.AttendExcused}})
		wantProblem(t, err, "attendance", "请假须填写原因")
		if all, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID}); len(all) != 1 {
			t.Fatalf("refused meetings were saved: %d", len(all))
		}

		// Filing: submitted, returned with a comment, resubmitted, acknowledged.
		if err := s.FileMeeting(sys, saved.ID); err != nil {
			t.Fatal(err)
		}
		err = s.ReviewFiling(sys, saved.ID, false, "")
		wantProblem(t, err, "note", "须说明原因")
		if err := s.ReviewFiling(sys, saved.ID, false, "请补充会议记录"); err != nil {
			t.Fatal(err)
		}
		if err := s.FileMeeting(sys, saved.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.ReviewFiling(sys, saved.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := s.Meeting(sys, saved.ID); got.Filing != zhibu.FilingAcknowledged || got.AckAt.IsZero() {
			t.Errorf("filing = %s", got.Filing)
		}

		// A group meeting and a cancelled one.
		if _, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: g1.ID, Type: zhibu.MeetGroup, Status: zhibu.MeetingHeld,
			StartsAt: local(2018, 3, 10, 9, 0), ChairID: members[3].ID}, nil); err != nil {
			t.Fatal(err)
		}
		planned, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingPlanned,
			StartsAt: local(2018, 3, 20, 9, 0)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CancelMeeting(sys, planned.ID, "上级临时部署任务"); err != nil {
			t.Fatal(err)
		}
		march, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID, From: local(2018, 3, 1, 0, 0), To: local(2018, 4, 1, 0, 0)})
		if len(march) != 3 {
			t.Errorf("March meetings of the branch and its groups: %d", len(march))
		}
	})
}

// The facts the store gathers give the engine's findings: March has its
// committee meeting, February does not.
func TestFactsAndFindings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := branchWithCommittee(t, s)
		if _, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
			StartsAt: local(2018, 3, 31, 23, 30), ChairID: members[0].ID, RecorderID: members[1].ID, Minutes: "记录",
			Expected: 3, Present: 3}, nil); err != nil {
			t.Fatal(err)
		}
		facts, err := s.Facts(sys, branch.ID, 2018, zhibu.MakeDate(2018, 4, 15))
		if err != nil {
			t.Fatal(err)
		}
		if len(facts.Terms) != 1 || len(facts.Terms[0].Seats) != 3 || facts.Members[branch.ID] != 4 || len(facts.Meetings) != 1 {
			t.Fatalf("facts: %d terms, members %v, %d meetings", len(facts.Terms), facts.Members, len(facts.Meetings))
		}
		cat, err := service.New(s, service.Options{}).Compliance.Catalogue(sys)
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]zhibu.FindingStatus{}
		for _, f := range rules.Check(cat, facts, branch.ID, 2018) {
			if f.RuleID == "meet.committee.monthly" {
				status[f.Period.Label()] = f.Status
			}
		}
		if status["2018年2月"] != zhibu.StatusOverdue || status["2018年3月"] != zhibu.StatusOK || status["2018年4月"] != zhibu.StatusDue {
			t.Errorf("committee meetings by month: %v", status)
		}
		if _, ok := status["2018年5月"]; ok {
			t.Error("a finding for a month that has not begun")
		}
	})
}
