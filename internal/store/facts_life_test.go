package store_test

import (
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The facts of member.self_withdrawal: each member's last held meeting
// attended or excused from (a group's counts, an absence or a planned
// meeting does not), and the first meeting with attendance of the branch.
func TestFactsLife(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, g1, members := branchWithCommittee(t, s)
		p := member("闲置", branch.ID, g1.ID)
		p.JoinedOn = zhibu.MakeDate(2016, 1, 1)
		// Fixed dates: person() derives them from a counter the other tests move.
		p.BirthDate = zhibu.MakeDate(1975, 5, 5)
		p.IDNumber = zhibu.MakeIDNumber("650102", p.BirthDate, 290)
		p.AppliedOn, p.ActivistOn, p.CandidateOn = zhibu.MakeDate(2000, 1, 1), zhibu.MakeDate(2000, 6, 1), zhibu.MakeDate(2001, 7, 1)
		p.AdmittedOn, p.ConfirmedOn = zhibu.MakeDate(2002, 1, 1), zhibu.MakeDate(2003, 1, 1)
		idle, err := s.CreatePerson(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		save := func(org int64, typ zhibu.MeetingType, st zhibu.MeetingStatus, y, m, d int, att []zhibu.Attendance) {
			t.Helper()
			mt := zhibu.Meeting{OrgID: org, Type: typ, Status: st, StartsAt: local(y, time.Month(m), d, 23, 30), Place: "会议室",
				ChairID: members[0].ID, RecorderID: members[1].ID, Topics: []string{"学习"}}
			if st == zhibu.MeetingHeld {
				mt.Minutes = "记录"
			}
			if _, err := s.SaveMeeting(sys, mt, att); err != nil {
				t.Fatal(err)
			}
		}
		present := func(p zhibu.Person) zhibu.Attendance {
			return zhibu.Attendance{PersonID: p.ID, Status: zhibu.AttendPresent}
		}
		save(branch.ID, zhibu.MeetCommittee, zhibu.MeetingHeld, 2018, 3, 31, []zhibu.Attendance{present(members[0]), present(members[1]),
			{PersonID: members[2].ID, Status: zhibu.AttendExcused, Reason: "出差"}, {PersonID: idle.ID, Status: zhibu.AttendAbsent}})
		save(g1.ID, zhibu.MeetGroup, zhibu.MeetingHeld, 2018, 5, 10, []zhibu.Attendance{present(members[1]), {PersonID: idle.ID, Status: zhibu.AttendAbsent}})
		f, err := s.Facts(sys, branch.ID, 2018, zhibu.MakeDate(2018, 10, 15))
		if err != nil {
			t.Fatal(err)
		}
		last := map[int64]zhibu.Date{}
		for _, l := range f.Life {
			if l.OrgID != branch.ID {
				t.Errorf("%s in org %d", l.Name, l.OrgID)
			}
			last[l.PersonID] = l.Last
		}
		want := map[int64]zhibu.Date{members[0].ID: zhibu.MakeDate(2018, 3, 31), members[1].ID: zhibu.MakeDate(2018, 5, 10),
			members[2].ID: zhibu.MakeDate(2018, 3, 31), idle.ID: {}}
		for id, d := range want {
			if got, ok := last[id]; !ok || got != d {
				t.Errorf("person %d: last %v (listed %v), want %v", id, got, ok, d)
			}
		}
		if got := f.LifeKept[branch.ID]; got != zhibu.MakeDate(2018, 3, 31) {
			t.Errorf("attendance kept from %v, want 2018-03-31", got)
		}
		// As of 15 October the months are April to September: the group
		// meeting keeps members[1]; the others took no part in them
		// (an excused absence in March is before them).
		flagged := map[int64]bool{}
		for _, fd := range rules.Check(rules.DefaultCatalogue(), f, branch.ID, 2018) {
			if fd.RuleID == "member.self_withdrawal" && fd.Status == zhibu.StatusOverdue {
				flagged[fd.Evidence[0].ID] = true
			}
		}
		for _, p := range []zhibu.Person{idle, members[0], members[2], members[3]} {
			if !flagged[p.ID] {
				t.Errorf("%s is not flagged (flagged %v)", p.Name, flagged)
			}
		}
		if flagged[members[1].ID] || len(flagged) != 4 {
			t.Errorf("flagged %v: want four, not %s", flagged, members[1].Name)
		}

		// A year on, the last meetings are found however old: one in the
		// last thirteen months of the range's meetings (read together), the
		// older ones member by member.
		save(branch.ID, zhibu.MeetCommittee, zhibu.MeetingHeld, 2019, 3, 1, []zhibu.Attendance{present(members[0]), present(members[2]),
			{PersonID: members[1].ID, Status: zhibu.AttendAbsent}})
		f, err = s.Facts(sys, branch.ID, 2019, zhibu.MakeDate(2019, 6, 15))
		if err != nil {
			t.Fatal(err)
		}
		last = map[int64]zhibu.Date{}
		for _, l := range f.Life {
			last[l.PersonID] = l.Last
		}
		want = map[int64]zhibu.Date{members[0].ID: zhibu.MakeDate(2019, 3, 1), members[1].ID: zhibu.MakeDate(2018, 5, 10),
			members[2].ID: zhibu.MakeDate(2019, 3, 1), members[3].ID: {}, idle.ID: {}}
		for id, d := range want {
			if got, ok := last[id]; !ok || got != d {
				t.Errorf("2019: person %d: last %v (listed %v), want %v", id, got, ok, d)
			}
		}
	})
}
