package zhibu

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// problemsOf is the messages of err's problems, joined.
func problemsOf(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("not problems: %v", err)
	}
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, p.Message)
	}
	return strings.Join(msgs, "；")
}

func TestMeetingRecord(t *testing.T) {
	att := []Attendance{{PersonID: 1, Status: AttendPresent}, {PersonID: 2, Status: AttendExcused, Reason: "出差"},
		{PersonID: 3, Status: AttendAbsent}, {PersonID: 4, Status: AttendPresent}}
	for _, tc := range []struct {
		name     string
		m        Meeting
		att      []Attendance
		counts   [4]int
		entitled []int
	}{
		{"held: counts and a blank entitled from the attendance", Meeting{Status: MeetingHeld, Expected: 9, Present: 9,
			Resolutions: []Resolution{{Text: "a", For: 2}, {Text: "b", For: 1, Entitled: 3}}}, att, [4]int{4, 2, 1, 1}, []int{4, 3}},
		{"held without attendance: the counts stand", Meeting{Status: MeetingHeld, Expected: 5, Present: 5,
			Resolutions: []Resolution{{Text: "a"}}}, nil, [4]int{5, 5, 0, 0}, []int{5}},
		{"held with no one expected: a blank stays blank", Meeting{Status: MeetingHeld, Resolutions: []Resolution{{Text: "a"}}},
			nil, [4]int{}, []int{0}},
		{"planned: no attendance, a blank stays blank", Meeting{Status: MeetingPlanned, Resolutions: []Resolution{{Text: "a"}}},
			nil, [4]int{}, []int{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m
			m.Record(tc.att)
			if got := [4]int{m.Expected, m.Present, m.Excused, m.Absent}; got != tc.counts {
				t.Errorf("counts %v, want %v", got, tc.counts)
			}
			for i, r := range m.Resolutions {
				if r.Entitled != tc.entitled[i] {
					t.Errorf("resolution %d: entitled %d, want %d", i, r.Entitled, tc.entitled[i])
				}
			}
		})
	}
}

func TestMeetingValidateResolutions(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, DefaultZone)
	base := Meeting{Type: MeetAssembly, Status: MeetingHeld, StartsAt: now.AddDate(0, 0, -1), Filing: FilingNone}
	for _, tc := range []struct {
		name string
		r    Resolution
		want string
	}{
		{"valid", Resolution{Text: "同意", For: 3, Entitled: 4}, ""},
		{"200 characters", Resolution{Text: strings.Repeat("议", 200), For: 1, Entitled: 1}, ""},
		{"201 characters", Resolution{Text: strings.Repeat("议", 201), For: 1, Entitled: 1}, "第1项表决：表决事项不能超过200个字"},
		{"no text", Resolution{Text: " ", For: 1, Entitled: 1}, "第1项表决：表决事项不能为空"},
		{"blank entitled", Resolution{Text: "同意", For: 1}, "第1项表决：请填写有表决权人数"},
		{"more votes than voters", Resolution{Text: "同意", For: 5, Entitled: 4}, "第1项表决：赞成、反对、弃权票数之和不能多于到会有表决权的党员人数"},
		{"negative", Resolution{Text: "同意", For: -1, Entitled: 4}, "第1项表决：票数不能为负数"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := base
			m.Resolutions = []Resolution{tc.r}
			if got := problemsOf(t, m.Validate(now)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMeetingAttendance(t *testing.T) {
	held := Meeting{Status: MeetingHeld}
	for _, tc := range []struct {
		name string
		m    Meeting
		att  []Attendance
		want string
	}{
		{"valid", held, []Attendance{{PersonID: 1, Status: AttendPresent}, {PersonID: 2, Status: AttendExcused, Reason: "出差"}}, ""},
		{"leave without reason", held, []Attendance{{PersonID: 2, PersonName: "王芳", Status: AttendExcused, Reason: " "}}, "出席情况：王芳请假须填写原因"},
		{"leave without reason, unnamed", held, []Attendance{{PersonID: 2, Status: AttendExcused}}, "出席情况：请假须填写原因"},
		{"a long reason", held, []Attendance{{PersonID: 2, PersonName: "王芳", Status: AttendExcused, Reason: strings.Repeat("病", 101)}},
			"出席情况：王芳的请假原因不能超过100个字"},
		{"twice", held, []Attendance{{PersonID: 1, PersonName: "李娜", Status: AttendPresent}, {PersonID: 1, PersonName: "李娜", Status: AttendAbsent}},
			"出席情况：李娜登记了不止一次"},
		{"unknown status", held, []Attendance{{PersonID: 1, PersonName: "李娜", Status: "late"}}, "出席情况：李娜的出席状态应为出席（present）、请假（excused）或缺席（absent）"},
		{"a planned meeting", Meeting{Status: MeetingPlanned}, []Attendance{{PersonID: 1, Status: AttendPresent}}, "出席情况：只有已召开的会议登记出席情况"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := problemsOf(t, tc.m.CheckAttendance(tc.att)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMeetingCancelAndChange(t *testing.T) {
	for _, tc := range []struct {
		status MeetingStatus
		reason string
		want   string
	}{
		{MeetingPlanned, " 上级临时部署任务 ", ""},
		{MeetingPlanned, "", "取消原因：不能为空"},
		{MeetingPlanned, strings.Repeat("因", 201), "取消原因：不能超过200个字"},
		{MeetingHeld, "误录", "会议状态：已召开的会议不能取消"},
		{MeetingCancelled, "再次", "会议状态：只有计划中的会议可以取消"},
	} {
		m := Meeting{Status: tc.status}
		if got := problemsOf(t, m.Cancel(tc.reason)); got != tc.want {
			t.Errorf("%s %q: got %q, want %q", tc.status, tc.reason, got, tc.want)
		}
		if tc.want == "" && (m.Status != MeetingCancelled || m.CancelReason != "上级临时部署任务") {
			t.Errorf("cancelled: %+v", m)
		}
	}
	held := Meeting{Status: MeetingHeld}
	if got := problemsOf(t, (Meeting{Status: MeetingCancelled}).CheckChange(held)); got != "会议状态：已召开的会议不能取消" {
		t.Errorf("a held meeting cancelled by an edit: %q", got)
	}
	if err := (Meeting{Status: MeetingCancelled}).CheckChange(Meeting{Status: MeetingPlanned}); err != nil {
		t.Errorf("a planned meeting cancelled by an edit: %v", err)
	}
}

func TestMeetingFiling(t *testing.T) {
	for _, tc := range []struct {
		m    Meeting
		want string
	}{
		{Meeting{Type: MeetAssembly, Status: MeetingHeld, Filing: FilingNone}, ""},
		{Meeting{Type: MeetAssembly, Status: MeetingHeld, Filing: FilingReturned}, ""},
		{Meeting{Type: MeetStance, Status: MeetingPlanned}, ""},
		{Meeting{Type: MeetStance, Status: MeetingCancelled}, "报备：只有已召开的会议（发声亮剑可会前报备）才能报备"},
		{Meeting{Type: MeetAssembly, Status: MeetingPlanned}, "报备：只有已召开的会议（发声亮剑可会前报备）才能报备"},
		{Meeting{Type: MeetAssembly, Status: MeetingHeld, Filing: FilingSubmitted}, "报备：已报备，无需重复"},
	} {
		if got := problemsOf(t, tc.m.CheckFile()); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.m, got, tc.want)
		}
	}
	submitted := Meeting{Filing: FilingSubmitted}
	if got := problemsOf(t, submitted.CheckReview(false, " ")); got != "退回意见：退回时须说明原因" {
		t.Errorf("return without a note: %q", got)
	}
	if got := problemsOf(t, (Meeting{Filing: FilingAcknowledged}).CheckReview(true, "")); got != "报备：该会议未在待确认状态" {
		t.Errorf("review of an acknowledged filing: %q", got)
	}
	if err := submitted.CheckReview(true, ""); err != nil {
		t.Error(err)
	}
}

func TestMeetingCheckHeldBy(t *testing.T) {
	for _, tc := range []struct {
		kind OrgKind
		t    MeetingType
		want string
	}{
		{KindBranch, MeetCommittee, ""},
		{KindGroup, MeetGroup, ""},
		{KindBranch, MeetGroup, "会议类型：党支部不召开党小组会"},
		{KindGroup, MeetCommittee, "会议类型：党小组不召开支委会"},
		{KindCommittee, MeetStudy, "组织：会议应由党支部或党小组召开"},
	} {
		if got := problemsOf(t, (Meeting{Type: tc.t}).CheckHeldBy(Org{Kind: tc.kind})); got != tc.want {
			t.Errorf("%s %s: got %q, want %q", tc.kind, tc.t, got, tc.want)
		}
	}
}
