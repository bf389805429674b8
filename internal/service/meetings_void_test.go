package service_test

import (
	"errors"
	"testing"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// A second meeting of the same type, day and org is saved only when
// confirmed; a held meeting recorded in error is voided with a reason,
// stays readable and leaves the facts the rules count; a filed meeting is
// changed only after its filing is withdrawn.
func TestMeetingsSameDayVoidWithdraw(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc := service.New(s, service.Options{}).Meetings
		branch, people := meetCommittee(t, s)
		li, wang := people["李娜"].ID, people["王芳"].ID
		att := []zhibu.Attendance{{PersonID: li, Status: zhibu.AttendPresent}, {PersonID: wang, Status: zhibu.AttendPresent}}
		held := zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: local(2025, 6, 10, 14, 30)}

		first, err := svc.SaveConfirmed(sys, held, att, false)
		if err != nil {
			t.Fatal(err)
		}
		// The same type on the same day, at another hour: a warning, nothing saved.
		again := held
		again.StartsAt = local(2025, 6, 10, 19, 0)
		_, err = svc.SaveConfirmed(sys, again, att, false)
		var sd *service.SameDayError
		if !errors.As(err, &sd) || len(sd.Others) != 1 || sd.Others[0].ID != first.ID || !errors.Is(err, zhibu.ErrConflict) {
			t.Fatalf("second meeting the same day: %v", err)
		}
		if ms, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID}); len(ms) != 1 {
			t.Fatalf("%d meetings after the warning", len(ms))
		}
		// Another day, or another type, is no warning; an edit keeping its day is none.
		other := held
		other.StartsAt = local(2025, 6, 11, 9, 0)
		if _, err := svc.SaveConfirmed(sys, other, att, false); err != nil {
			t.Fatalf("another day: %v", err)
		}
		edit := first
		edit.Place = "会议室"
		if _, err := svc.SaveConfirmed(sys, edit, att, false); err != nil {
			t.Fatalf("edit of the same meeting: %v", err)
		}
		// Confirmed: saved.
		dup, err := svc.SaveConfirmed(sys, again, att, true)
		if err != nil {
			t.Fatal(err)
		}

		// Voiding: a reason is required; then it is not held, not in the facts, and not changed.
		_, err = svc.Void(sys, dup.ID, " ")
		wantMeetingProblem(t, err, "作废原因：不能为空")
		voided, err := svc.Void(sys, dup.ID, "重复录入")
		if err != nil {
			t.Fatal(err)
		}
		if !voided.Voided() || voided.Held() || voided.VoidReason != "重复录入" {
			t.Errorf("voided %+v", voided)
		}
		_, err = svc.Void(sys, dup.ID, "再次")
		wantMeetingProblem(t, err, "该会议已作废")
		voided.Place = "改"
		_, err = svc.Save(sys, voided, att)
		wantMeetingProblem(t, err, "已作废的会议不能修改")
		_, err = svc.File(sys, dup.ID)
		wantMeetingProblem(t, err, "已作废的会议不能报备")
		facts, err := s.Facts(sys, branch.ID, 2025, zhibu.MakeDate(2025, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range facts.Meetings {
			if m.ID == dup.ID {
				t.Errorf("the voided meeting is in the facts")
			}
		}
		if len(facts.Meetings) != 2 {
			t.Errorf("%d meetings in the facts, want 2", len(facts.Meetings))
		}
		if ms, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID, Status: zhibu.MeetingHeld}); len(ms) != 2 {
			t.Errorf("%d held meetings listed, want 2", len(ms))
		}
		// A new meeting that day is no longer warned of the voided one only.
		if others, _ := svc.SameDay(sys, again); len(others) != 1 {
			t.Errorf("same day: %d others, want 1 (the voided one does not count)", len(others))
		}

		// Filed: a change asks for the filing to be withdrawn, then goes through.
		if _, err := svc.File(sys, first.ID); err != nil {
			t.Fatal(err)
		}
		filed, _, _ := s.Meeting(sys, first.ID)
		filed.Place = "党员活动室"
		_, err = svc.Save(sys, filed, att)
		wantMeetingProblem(t, err, "请先撤回报备")
		_, err = svc.Void(sys, first.ID, "误录")
		wantMeetingProblem(t, err, "请先撤回报备再作废")
		if _, err := svc.Withdraw(sys, first.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Withdraw(sys, first.ID)
		wantMeetingProblem(t, err, "该会议未报备，无需撤回")
		if _, err := svc.Save(sys, filed, att); err != nil {
			t.Fatalf("after withdrawing: %v", err)
		}
	})
}
