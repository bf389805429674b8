package store_test

import (
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// A meeting's people are checked on the meeting's day, from the membership
// history, as the attendees expected that day are: a member who has moved
// to another branch since may be recorded at an earlier meeting of their
// old branch, and not at a later one.
func TestMeetingPeopleOnTheDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := branchWithCommittee(t, s) // joined 2016-01-01
		other, err := s.CreateOrg(sys, zhibu.Org{Code: "B9", Name: "第九党支部", Kind: zhibu.KindBranch, ParentID: branch.ParentID})
		if err != nil {
			t.Fatal(err)
		}
		moved := members[3] // 委员丁, moved out on 2019-01-01
		if _, err := s.MovePerson(sys, moved.ID, other.ID, 0, zhibu.MakeDate(2019, 1, 1), "调动"); err != nil {
			t.Fatal(err)
		}
		late := person("新人戊", zhibu.FullMember, branch.ID, 0)
		late.JoinedOn = zhibu.MakeDate(2020, 1, 1)
		if late, err = s.CreatePerson(sys, late); err != nil {
			t.Fatal(err)
		}
		assembly := func(y int, chair int64, people ...zhibu.Person) (zhibu.Meeting, error) {
			var att []zhibu.Attendance
			for _, p := range people {
				att = append(att, zhibu.Attendance{PersonID: p.ID, Status: zhibu.AttendPresent})
			}
			return s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
				StartsAt: local(y, 3, 5, 9, 0), ChairID: chair, RecorderID: members[1].ID, Topics: []string{"学习"}, Minutes: "x"}, att)
		}
		expected, err := s.Expected(sys, branch.ID, zhibu.MeetAssembly, zhibu.MakeDate(2018, 3, 5))
		if err != nil || len(expected) != 4 {
			t.Fatalf("expected on 2018-03-05: %d %v", len(expected), err)
		}
		if _, err := assembly(2018, members[0].ID, members...); err != nil {
			t.Errorf("a 2018 meeting with a member who has moved since: %v", err)
		}
		if _, err := assembly(2019, members[0].ID, append(members[:3:3], moved)...); err == nil || zhibu.Problems(problemsOf(err)).For("attendance") != "出席情况：应为本支部的人员" {
			t.Errorf("a 2019 meeting with a member who had moved: %v", err)
		}
		// One who belongs to the branch now may chair an earlier meeting:
		// a roster imported without 转入本组织日期 joined on the import day.
		if _, err := assembly(2019, late.ID, members[:3]...); err != nil {
			t.Errorf("a 2019 meeting chaired by a member of today who joined in 2020: %v", err)
		}
		// Who is neither, is not.
		if _, err := assembly(2019, moved.ID, members[:3]...); err == nil || zhibu.Problems(problemsOf(err)).For("chair_id") != "主持人：应为本支部的人员" {
			t.Errorf("a 2019 meeting chaired by a member who had moved: %v", err)
		}
	})
}

func problemsOf(err error) zhibu.Problems {
	ps, _ := err.(zhibu.Problems)
	return ps
}
