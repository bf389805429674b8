package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// Many meetings at once: counts from the attendance, an entry time kept
// (补录 only when after the meeting's day), filings kept, one audit event;
// a bad record refuses the batch, naming it.
func TestSaveMeetingsBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, g1, members := branchWithCommittee(t, s)
		at := local(2018, 3, 5, 9, 30)
		att := []zhibu.Attendance{{PersonID: members[0].ID, Status: zhibu.AttendPresent}, {PersonID: members[1].ID, Status: zhibu.AttendPresent},
			{PersonID: members[2].ID, Status: zhibu.AttendExcused, Reason: "出差"}}
		recs := []store.MeetingRecord{
			{Meeting: zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: at,
				ChairID: members[0].ID, RecorderID: members[1].ID, Topics: []string{"研究发展党员工作"}, Minutes: "记录",
				EnteredAt: at.Add(3 * time.Hour)}, Attendance: att},
			{Meeting: zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: local(2018, 3, 20, 15, 0),
				ChairID: members[0].ID, RecorderID: members[1].ID, Minutes: "记录", EnteredAt: local(2018, 4, 9, 10, 0),
				Resolutions: []zhibu.Resolution{{Text: "通过年度工作计划", For: 4, Entitled: 4}, {Text: "确定入党积极分子", For: 3, Abstain: 1, Entitled: 4}}},
				Attendance: []zhibu.Attendance{{PersonID: members[0].ID, Status: zhibu.AttendPresent}, {PersonID: members[1].ID, Status: zhibu.AttendPresent},
					{PersonID: members[2].ID, Status: zhibu.AttendPresent}, {PersonID: members[3].ID, Status: zhibu.AttendAbsent}}},
			{Meeting: zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetLecture, Status: zhibu.MeetingHeld, StartsAt: local(2018, 3, 28, 15, 0),
				LecturerID: members[0].ID, RecorderID: members[1].ID, Minutes: "课件", Expected: 4, Present: 4,
				Filing: zhibu.FilingSubmitted, FiledAt: local(2018, 4, 2, 9, 0), FilingNote: "请补充课件"}},
			{Meeting: zhibu.Meeting{OrgID: g1.ID, Type: zhibu.MeetGroup, Status: zhibu.MeetingHeld, StartsAt: local(2018, 3, 10, 9, 0),
				ChairID: members[3].ID}},
		}
		ids, err := s.SaveMeetingsBulk(sys, recs)
		if err != nil || len(ids) != 4 {
			t.Fatalf("bulk: %v, %v", ids, err)
		}
		m, gotAtt, err := s.Meeting(sys, ids[0])
		if err != nil || m.Expected != 3 || m.Present != 2 || m.Excused != 1 || len(gotAtt) != 3 || m.Late() ||
			!m.EnteredAt.Equal(at.Add(3*time.Hour)) || m.Filing != zhibu.FilingNone {
			t.Errorf("committee meeting %+v, %d attending, %v", m, len(gotAtt), err)
		}
		m, _, _ = s.Meeting(sys, ids[1])
		if !m.Late() || len(m.Resolutions) != 2 || m.Resolutions[1].Abstain != 1 || m.Absent != 1 {
			t.Errorf("assembly %+v", m)
		}
		m, _, _ = s.Meeting(sys, ids[2])
		if m.Filing != zhibu.FilingSubmitted || !m.FiledAt.Equal(local(2018, 4, 2, 9, 0)) || m.FilingNote != "请补充课件" || m.Expected != 4 {
			t.Errorf("lecture %+v", m)
		}
		if !m.Late() {
			t.Errorf("a lecture entered now is not 补录: %+v", m)
		}
		if m, _, _ = s.Meeting(sys, ids[3]); m.OrgID != g1.ID || !m.Late() {
			t.Errorf("group meeting without an entry time: %+v", m)
		}
		recsAudit, _, err := s.AuditRecords(sys, store.AuditFilter{Action: "meetings."})
		if err != nil || len(recsAudit) != 1 || !strings.Contains(recsAudit[0].Detail, "批量录入会议4次（其中补录3次），出席记录7条") ||
			recsAudit[0].OrgPath != branch.Path {
			t.Errorf("audit: %+v, %v", recsAudit, err)
		}

		// The second record is bad in two ways, the third in one: nothing saved.
		stranger := zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: at}
		bad := []store.MeetingRecord{
			{Meeting: stranger},
			{Meeting: zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetGroup, Status: zhibu.MeetingHeld, StartsAt: at, EnteredAt: time.Now().Add(time.Hour)}},
			{Meeting: stranger, Attendance: []zhibu.Attendance{{PersonID: members[0].ID, Status: zhibu.AttendExcused}}},
		}
		_, err = s.SaveMeetingsBulk(sys, bad)
		wantProblem(t, err, "entered_at", "不能晚于当前时间")
		if msg := zhibu.UserMessage(err); !strings.Contains(msg, "第2条会议：录入时间") || !strings.Contains(msg, "第3条会议：出席情况：请假须填写原因") {
			t.Errorf("problems: %s", msg)
		}
		bad[1].Meeting.EnteredAt = time.Time{}
		bad[2].Attendance = nil
		_, err = s.SaveMeetingsBulk(sys, bad)
		wantProblem(t, err, "type", "不召开党小组会")
		if all, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID}); len(all) != 4 {
			t.Errorf("refused batches saved meetings: %d", len(all))
		}
		// A group leader may record the group's meetings, not the branch's.
		leader := zhibu.WithActor(sys, zhibu.Actor{AccountID: 7, Name: "组长", Scope: zhibu.Scope{Paths: []string{branch.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermMeetingWrite, Path: g1.Path}}})
		groupMeeting := store.MeetingRecord{Meeting: zhibu.Meeting{OrgID: g1.ID, Type: zhibu.MeetGroup, Status: zhibu.MeetingHeld,
			StartsAt: local(2018, 4, 10, 9, 0), ChairID: members[3].ID}}
		if _, err := s.SaveMeetingsBulk(leader, []store.MeetingRecord{groupMeeting, {Meeting: stranger}}); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("a leader records a committee meeting: %v", err)
		}
		if _, err := s.SaveMeetingsBulk(leader, []store.MeetingRecord{groupMeeting}); err != nil {
			t.Errorf("a leader records a group meeting: %v", err)
		}

		// A later single save gets the next id.
		one, err := s.SaveMeeting(sys, stranger, nil)
		if err != nil || one.ID <= ids[3] {
			t.Errorf("a meeting after the batch: %d, %v", one.ID, err)
		}

		// A batch longer than one statement of each kind.
		var many []store.MeetingRecord
		for i := range 250 {
			org, typ := g1.ID, zhibu.MeetGroup
			var res []zhibu.Resolution
			if i%2 == 1 {
				org, typ = branch.ID, zhibu.MeetAssembly
				res = []zhibu.Resolution{{Text: "决议一", For: 4, Entitled: 4}, {Text: "决议二", For: 3, Against: 1, Entitled: 4}}
			}
			var a []zhibu.Attendance
			for _, p := range members {
				a = append(a, zhibu.Attendance{PersonID: p.ID, Status: zhibu.AttendPresent})
			}
			many = append(many, store.MeetingRecord{Meeting: zhibu.Meeting{OrgID: org, Type: typ, Status: zhibu.MeetingHeld,
				StartsAt: local(2019, 1, 1, 9, 0).AddDate(0, 0, i), ChairID: members[3].ID, Resolutions: res}, Attendance: a})
		}
		ids, err = s.SaveMeetingsBulk(sys, many)
		if err != nil || len(ids) != 250 {
			t.Fatalf("250 meetings: %d, %v", len(ids), err)
		}
		all, err := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID, From: local(2019, 1, 1, 0, 0)})
		if err != nil || len(all) != 250 {
			t.Fatalf("250 meetings read back: %d, %v", len(all), err)
		}
		resolutions := 0
		for i, m := range all {
			resolutions += len(m.Resolutions)
			if m.ID != ids[i] || m.Expected != 4 || m.Present != 4 {
				t.Fatalf("meeting %d: %+v", i, m)
			}
		}
		if _, att, _ := s.Meeting(sys, ids[249]); resolutions != 250 || len(att) != 4 {
			t.Errorf("%d resolutions, last meeting attended by %d", resolutions, len(att))
		}
	})
}
