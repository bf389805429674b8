package service_test

import (
	"errors"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// committee makes the tree with two committee members, 李娜 and 王芳, and
// a member of the branch outside the committee, 赵磊.
func meetCommittee(t *testing.T, s *store.Store) (branch zhibu.Org, people map[string]zhibu.Person) {
	t.Helper()
	_, branch, g1, _ := meetTree(t, s)
	people = map[string]zhibu.Person{}
	for _, name := range []string{"李娜", "王芳", "赵磊"} {
		p, err := s.CreatePerson(sys, meetPerson(name, zhibu.FullMember, branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		people[name] = p
	}
	if _, err := s.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2024, 3, 1), Seats: []zhibu.Seat{
		{PersonID: people["李娜"].ID, Position: zhibu.Secretary}, {PersonID: people["王芳"].ID, Position: zhibu.OrgOfficer}}}); err != nil {
		t.Fatal(err)
	}
	return branch, people
}

func wantMeetingProblem(t *testing.T, err error, want string) {
	t.Helper()
	if !errors.Is(err, zhibu.ErrInvalid) || !strings.Contains(zhibu.UserMessage(err), want) {
		t.Errorf("got %v, want a problem %q", err, want)
	}
}

// Save checks a meeting against the domain and the database, fills what
// the domain fills, and records it; Cancel, File and Review follow the
// meeting's invariants.
func TestMeetingsService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc := service.New(s, service.Options{}).Meetings
		branch, people := meetCommittee(t, s)
		li, wang := people["李娜"].ID, people["王芳"].ID
		held := zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: local(2025, 6, 10, 14, 30),
			Resolutions: []zhibu.Resolution{{Text: "同意确定赵磊为发展对象", For: 2}}}
		att := []zhibu.Attendance{{PersonID: li, Status: zhibu.AttendPresent}, {PersonID: wang, Status: zhibu.AttendPresent}}

		// Refused: nothing saved.
		for _, tc := range []struct {
			name string
			m    zhibu.Meeting
			att  []zhibu.Attendance
			want string
		}{
			{"leave without reason", held, []zhibu.Attendance{{PersonID: li, Status: zhibu.AttendPresent}, {PersonID: wang, Status: zhibu.AttendExcused}},
				"王芳请假须填写原因"},
			{"someone missing", held, att[:1], "缺少应到人员王芳的出席情况"},
			{"someone not expected", held, append(att[:2:2], zhibu.Attendance{PersonID: people["赵磊"].ID, Status: zhibu.AttendPresent}),
				"不是该会议的应到人员"},
			{"listed twice", held, append(att[:2:2], att[0]), "李娜登记了不止一次"},
			{"a group meeting of a branch", func() zhibu.Meeting { m := held; m.Type = zhibu.MeetGroup; return m }(), nil, "党支部不召开党小组会"},
			{"an unknown org", func() zhibu.Meeting { m := held; m.OrgID = 99999; return m }(), att, "组织：不存在"},
			{"a lecturer of a committee meeting", func() zhibu.Meeting { m := held; m.LecturerID = li; return m }(), att, "只有党课填写授课人"},
		} {
			if _, err := svc.Save(sys, tc.m, tc.att); err == nil {
				t.Errorf("%s: saved", tc.name)
			} else {
				wantMeetingProblem(t, err, tc.want)
			}
		}
		if ms, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID}); len(ms) != 0 {
			t.Fatalf("%d meetings after refusals", len(ms))
		}

		// Saved: the counts and a blank 有表决权人数 from the attendance.
		saved, err := svc.Save(sys, held, att)
		if err != nil {
			t.Fatal(err)
		}
		if saved.Expected != 2 || saved.Present != 2 || saved.Resolutions[0].Entitled != 2 || !saved.Resolutions[0].Passed() {
			t.Errorf("saved %+v", saved)
		}
		// An edit cannot cancel it, nor can Cancel.
		edit := saved
		edit.Status, edit.CancelReason = zhibu.MeetingCancelled, "误录"
		_, err = svc.Save(sys, edit, nil)
		wantMeetingProblem(t, err, "已召开的会议不能取消")
		_, err = svc.Cancel(sys, saved.ID, "误录")
		wantMeetingProblem(t, err, "已召开的会议不能取消")

		// Filing: submitted, returned with a note, resubmitted, acknowledged.
		_, err = svc.Review(sys, saved.ID, true, "")
		wantMeetingProblem(t, err, "该会议未在待确认状态")
		if _, err := svc.File(sys, saved.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.File(sys, saved.ID)
		wantMeetingProblem(t, err, "已报备，无需重复")
		_, err = svc.Review(sys, saved.ID, false, " ")
		wantMeetingProblem(t, err, "退回时须说明原因")
		_, err = svc.Review(sys, saved.ID, false, strings.Repeat("意", 501))
		wantMeetingProblem(t, err, "退回意见：不能超过500个字")
		if _, err := svc.Review(sys, saved.ID, false, "请补充会议记录"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.File(sys, saved.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Review(sys, saved.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if m, _, _ := s.Meeting(sys, saved.ID); m.Filing != zhibu.FilingAcknowledged || m.FilingNote != "" && m.FilingNote != "请补充会议记录" {
			t.Errorf("filing %s %q", m.Filing, m.FilingNote)
		}

		// A planned meeting is cancelled with its reason.
		planned, err := svc.Save(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingPlanned,
			StartsAt: local(2099, 1, 5, 9, 0)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Cancel(sys, planned.ID, "")
		wantMeetingProblem(t, err, "取消原因：不能为空")
		if _, err := svc.Cancel(sys, planned.ID, " 上级临时部署任务 "); err != nil {
			t.Fatal(err)
		}
		if m, _, _ := s.Meeting(sys, planned.ID); m.Status != zhibu.MeetingCancelled || m.CancelReason != "上级临时部署任务" {
			t.Errorf("cancelled %+v", m)
		}
		_, err = svc.Cancel(sys, planned.ID, "再次")
		wantMeetingProblem(t, err, "只有计划中的会议可以取消")

		// An added type is held once added.
		reading := zhibu.Meeting{OrgID: branch.ID, Type: zhibu.CustomMeetingType("读书会"), Status: zhibu.MeetingPlanned, StartsAt: local(2099, 2, 5, 9, 0)}
		_, err = svc.Save(sys, reading, nil)
		wantMeetingProblem(t, err, "均未添加“读书会”")
		if _, err := svc.AddType(sys, branch.ID, "读书会", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Save(sys, reading, nil); err != nil {
			t.Fatal(err)
		}
	})
}
