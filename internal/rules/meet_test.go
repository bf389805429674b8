package rules

import (
	"strings"
	"testing"
	"time"

	"zhibu"
)

// TestPeriodicEdges checks the counting rules at the edges of months,
// quarters, halves and years, with meetings at the edges of local days.
func TestPeriodicEdges(t *testing.T) {
	type tc struct {
		name     string
		rule     string
		subject  int64
		meetings []zhibu.Meeting
		asOf     zhibu.Date
		period   zhibu.Period
		want     zhibu.FindingStatus // "none" for no finding
		extra    func(*zhibu.Facts)
	}
	committee := "meet.committee.monthly"
	assembly := "meet.assembly.quarterly"
	tests := []tc{
		// Months.
		{name: "no meeting, mid-month", rule: committee, subject: branchID, asOf: day(2018, 3, 15), period: month(2018, 3), want: zhibu.StatusDue},
		{name: "no meeting, last day of the month", rule: committee, subject: branchID, asOf: day(2018, 3, 31), period: month(2018, 3), want: zhibu.StatusDue},
		{name: "no meeting, first day after", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3), want: zhibu.StatusOverdue},
		{name: "next month not begun", rule: committee, subject: branchID, asOf: day(2018, 3, 31), period: month(2018, 4), want: "none"},
		{name: "next month on its first day", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 4), want: zhibu.StatusDue},
		{name: "meeting at 00:00 on the first", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, local(2018, 3, 1, 0, 0))}, want: zhibu.StatusOK},
		{name: "meeting at 23:30 local on the 31st", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, local(2018, 3, 31, 23, 30))}, want: zhibu.StatusOK},
		{name: "the same instant given in UTC (15:30)", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, time.Date(2018, 3, 31, 15, 30, 0, 0, time.UTC))}, want: zhibu.StatusOK},
		{name: "23:30 local on the 31st is not in the next month", rule: committee, subject: branchID, asOf: day(2018, 4, 30), period: month(2018, 4),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, local(2018, 3, 31, 23, 30))}, want: zhibu.StatusDue},
		{name: "00:30 local on 1 April (31 March in UTC) is not in March", rule: committee, subject: branchID, asOf: day(2018, 4, 2), period: month(2018, 3),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, time.Date(2018, 3, 31, 16, 30, 0, 0, time.UTC))}, want: zhibu.StatusOverdue},
		{name: "00:30 local on 1 April is in April", rule: committee, subject: branchID, asOf: day(2018, 4, 2), period: month(2018, 4),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, time.Date(2018, 3, 31, 16, 30, 0, 0, time.UTC))}, want: zhibu.StatusOK},
		{name: "29 February in a leap year", rule: committee, subject: branchID, asOf: day(2020, 3, 1), period: month(2020, 2),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, local(2020, 2, 29, 23, 30))}, want: zhibu.StatusOK},
		{name: "29 February is still due on the 29th", rule: committee, subject: branchID, asOf: day(2020, 2, 29), period: month(2020, 2), want: zhibu.StatusDue},
		{name: "28 February ends February in a common year", rule: committee, subject: branchID, asOf: day(2019, 3, 1), period: month(2019, 2), want: zhibu.StatusOverdue},
		{name: "31 December in the year's last month", rule: committee, subject: branchID, asOf: day(2019, 1, 1), period: month(2018, 12),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, local(2018, 12, 31, 23, 59))}, want: zhibu.StatusOK},
		{name: "cancelled meeting does not count", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3),
			meetings: []zhibu.Meeting{with(held(branchID, zhibu.MeetCommittee, local(2018, 3, 5, 9, 0)), func(m *zhibu.Meeting) {
				m.Status, m.CancelReason = zhibu.MeetingCancelled, "临时任务"
			})}, want: zhibu.StatusOverdue},
		{name: "planned meeting does not count", rule: committee, subject: branchID, asOf: day(2018, 3, 20), period: month(2018, 3),
			meetings: []zhibu.Meeting{with(held(branchID, zhibu.MeetCommittee, local(2018, 3, 25, 9, 0)), func(m *zhibu.Meeting) { m.Status = zhibu.MeetingPlanned })},
			want:     zhibu.StatusDue},
		{name: "another type does not count", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetAssembly, local(2018, 3, 5, 9, 0))}, want: zhibu.StatusOverdue},
		{name: "a meeting after the as-of day is not known yet", rule: committee, subject: branchID, asOf: day(2018, 3, 10), period: month(2018, 3),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, local(2018, 3, 20, 9, 0))}, want: zhibu.StatusDue},
		{name: "another zone: 21:00 on 31 March in UTC-5 is 1 April in UTC", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, time.Date(2018, 4, 1, 2, 0, 0, 0, time.UTC))}, want: zhibu.StatusOK,
			extra: func(f *zhibu.Facts) { f.Zone = time.FixedZone("EST", -5*3600) }},
		{name: "a branch's own zone applies to it", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetCommittee, time.Date(2018, 4, 1, 2, 0, 0, 0, time.UTC))}, want: zhibu.StatusOK,
			extra: func(f *zhibu.Facts) { f.Zones = map[int64]*time.Location{branchID: time.FixedZone("EST", -5*3600)} }},
		{name: "a branch founded in the month is not asked for it", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3),
			extra: func(f *zhibu.Facts) { f.Orgs[1].FoundedOn = day(2018, 3, 2) }, want: "none"},
		{name: "a branch founded on the first is", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3),
			extra: func(f *zhibu.Facts) { f.Orgs[1].FoundedOn = day(2018, 3, 1) }, want: zhibu.StatusOverdue},
		{name: "a secretary without a committee holds no committee meetings", rule: committee, subject: branchID, asOf: day(2018, 4, 1), period: month(2018, 3),
			extra: func(f *zhibu.Facts) {
				f.Terms = []zhibu.Term{committeeTerm(termID, day(2017, 3, 1), 3, secretary)}
				f.Members[branchID] = 5
			}, want: "none"},

		// Quarters.
		{name: "quarter: last day still due", rule: assembly, subject: branchID, asOf: day(2018, 3, 31), period: quarter(2018, 1), want: zhibu.StatusDue},
		{name: "quarter: first day after overdue", rule: assembly, subject: branchID, asOf: day(2018, 4, 1), period: quarter(2018, 1), want: zhibu.StatusOverdue},
		{name: "quarter: 23:30 on 31 March is in Q1", rule: assembly, subject: branchID, asOf: day(2018, 4, 1), period: quarter(2018, 1),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetAssembly, local(2018, 3, 31, 23, 30))}, want: zhibu.StatusOK},
		{name: "quarter: 00:30 on 1 April is in Q2", rule: assembly, subject: branchID, asOf: day(2018, 4, 1), period: quarter(2018, 2),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetAssembly, local(2018, 4, 1, 0, 30))}, want: zhibu.StatusOK},
		{name: "quarter: a meeting on its first day", rule: assembly, subject: branchID, asOf: day(2018, 12, 31), period: quarter(2018, 4),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetAssembly, local(2018, 10, 1, 0, 0))}, want: zhibu.StatusOK},

		// Groups, each on its own.
		{name: "group: one group's meeting does not count for the other", rule: "meet.group.monthly", subject: group2, asOf: day(2018, 4, 1), period: month(2018, 3),
			meetings: []zhibu.Meeting{held(group1, zhibu.MeetGroup, local(2018, 3, 31, 23, 30))}, want: zhibu.StatusOverdue},
		{name: "group: its own meeting at 23:30 on the 31st", rule: "meet.group.monthly", subject: group1, asOf: day(2018, 4, 1), period: month(2018, 3),
			meetings: []zhibu.Meeting{held(group1, zhibu.MeetGroup, local(2018, 3, 31, 23, 30))}, want: zhibu.StatusOK},

		// Years.
		{name: "life meeting due all year", rule: "meet.life.annual", subject: branchID, asOf: day(2018, 12, 31), period: year(2018), want: zhibu.StatusDue},
		{name: "life meeting overdue on 1 January", rule: "meet.life.annual", subject: branchID, asOf: day(2019, 1, 1), period: year(2018), want: zhibu.StatusOverdue},
		{name: "life meeting on 1 January counts", rule: "meet.life.annual", subject: branchID, asOf: day(2018, 1, 1), period: year(2018),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetLife, local(2018, 1, 1, 0, 0))}, want: zhibu.StatusOK},
		{name: "appraisal of the year before does not count", rule: "meet.appraisal.annual", subject: branchID, asOf: day(2019, 1, 1), period: year(2018),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetAppraisal, local(2017, 12, 31, 23, 30))}, want: zhibu.StatusOverdue},
		{name: "themed day in the month", rule: "meet.themeday.monthly", subject: branchID, asOf: day(2018, 7, 31), period: month(2018, 7),
			meetings: []zhibu.Meeting{held(branchID, zhibu.MeetThemedDay, local(2018, 7, 1, 9, 0))}, want: zhibu.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(tc.asOf)
			f.Meetings = tc.meetings
			if tc.extra != nil {
				tc.extra(&f)
			}
			fs := Check(DefaultCatalogue(), f, branchID, tc.period.Year)
			got := pick(t, fs, tc.rule, tc.subject, tc.period)
			if statusOf(got) != tc.want {
				t.Fatalf("%s %s = %s, want %s%s", tc.rule, tc.period, statusOf(got), tc.want, describe(only(fs, tc.rule)))
			}
			if got == nil {
				return
			}
			if got.Deadline != tc.period.End() {
				t.Errorf("deadline %v, want %v", got.Deadline, tc.period.End())
			}
			if got.Status == zhibu.StatusOK && len(got.Evidence) == 0 {
				t.Error("ok without evidence")
			}
			if got.Status != zhibu.StatusOK && len(got.Evidence) != 0 {
				t.Errorf("evidence %v for a missing meeting", got.Evidence)
			}
		})
	}
}

func TestMessagesAndResponsible(t *testing.T) {
	f := world(day(2018, 4, 1))
	f.Meetings = []zhibu.Meeting{held(branchID, zhibu.MeetLecture, local(2018, 3, 9, 9, 0))}
	fs := Check(DefaultCatalogue(), f, branchID, 2018)
	tests := []struct {
		rule    string
		subject int64
		period  zhibu.Period
		resp    zhibu.Position
		message string
	}{
		{"meet.committee.monthly", branchID, month(2018, 3), zhibu.OrgOfficer, "2018年3月未召开支委会，应由组织委员组织召开支委会并记录"},
		{"meet.committee.monthly", branchID, month(2018, 4), zhibu.OrgOfficer, "2018年4月尚未召开支委会，应由组织委员组织召开支委会并记录，期限为2018年4月30日"},
		{"meet.group.monthly", group1, month(2018, 3), zhibu.GroupLeader, "第一党小组2018年3月未召开党小组会，应由组长组织召开党小组会并记录"},
		{"meet.lecture.secretary", branchID, year(2018), zhibu.Secretary, "2018年书记已讲党课1次"},
		{"meet.assembly.quarterly", branchID, quarter(2018, 1), zhibu.OrgOfficer, "2018年第一季度未召开支部党员大会，应由组织委员组织召开支部党员大会并记录"},
	}
	for _, tc := range tests {
		got := pick(t, fs, tc.rule, tc.subject, tc.period)
		if got == nil {
			t.Errorf("no %s for %s", tc.rule, tc.period)
			continue
		}
		if got.Message != tc.message || got.Responsible != tc.resp {
			t.Errorf("%s %s: %s %q, want %s %q", tc.rule, tc.period, got.Responsible, got.Message, tc.resp, tc.message)
		}
		if got.Layer != zhibu.LayerNational || !strings.Contains(got.Source, "支部工作条例") || got.OrgID != branchID {
			t.Errorf("%s: layer %s source %q org %d", tc.rule, got.Layer, got.Source, got.OrgID)
		}
	}
	ev := pick(t, fs, "meet.lecture.secretary", branchID, year(2018)).Evidence
	if len(ev) != 1 || ev[0].Kind != "meeting" || ev[0].Label != "2018年3月9日 党课" {
		t.Errorf("evidence %v", ev)
	}
}

// TestMidYearVersion: the superior committee asks for two committee
// meetings a month from 1 July to 30 September 2018: June needs one, July
// two, October one again.
func TestMidYearVersion(t *testing.T) {
	cat := append(DefaultCatalogue(), zhibu.RuleVersion{
		ID: "meet.committee.monthly", Layer: zhibu.LayerSuperior, OrgID: committeeID,
		EffectiveFrom: day(2018, 7, 1), EffectiveTo: day(2018, 10, 1),
		Source: "局党委2018年第3号通知", Params: zhibu.RuleParams{"min": 2},
	})
	f := world(day(2018, 11, 1))
	for _, m := range []int{6, 7, 8, 8, 9, 9, 10} {
		f.Meetings = append(f.Meetings, held(branchID, zhibu.MeetCommittee, local(2018, m, 10+len(f.Meetings), 9, 0)))
	}
	fs := Check(cat, f, branchID, 2018)
	tests := []struct {
		m     int
		want  zhibu.FindingStatus
		layer zhibu.Layer
	}{
		{6, zhibu.StatusOK, zhibu.LayerNational},
		{7, zhibu.StatusOverdue, zhibu.LayerSuperior},
		{8, zhibu.StatusOK, zhibu.LayerSuperior},
		{9, zhibu.StatusOK, zhibu.LayerSuperior},
		{10, zhibu.StatusOK, zhibu.LayerNational},
	}
	for _, tc := range tests {
		got := pick(t, fs, "meet.committee.monthly", branchID, month(2018, tc.m))
		if statusOf(got) != tc.want || got.Layer != tc.layer {
			t.Errorf("month %d: %s (%s), want %s (%s)", tc.m, statusOf(got), got.Layer, tc.want, tc.layer)
		}
	}
	july := pick(t, fs, "meet.committee.monthly", branchID, month(2018, 7))
	if want := "2018年7月仅召开支委会1次，少于要求的2次"; !strings.HasPrefix(july.Message, want) || july.Source != "局党委2018年第3号通知" {
		t.Errorf("July: %q from %q", july.Message, july.Source)
	}
	// Another branch outside the committee's subtree is not bound by it.
	f.Orgs[1].Path, f.Orgs[1].ParentID = "/10/", 0
	fs = Check(cat, f, branchID, 2018)
	if got := pick(t, fs, "meet.committee.monthly", branchID, month(2018, 7)); statusOf(got) != zhibu.StatusOK {
		t.Errorf("outside the subtree, July = %s", statusOf(got))
	}
}

// TestSeedLectures: the seed's branch layer (4 a year, 2 in each half)
// tightens the national once a year.
func TestSeedLectures(t *testing.T) {
	seed := append(DefaultCatalogue(), SeedBranchLayer(branchID, day(2018, 1, 1))...)
	lecture := func(at time.Time) zhibu.Meeting { return held(branchID, zhibu.MeetLecture, at) }
	tests := []struct {
		name     string
		cat      Catalogue
		lectures []zhibu.Meeting
		asOf     zhibu.Date
		period   zhibu.Period
		want     zhibu.FindingStatus
		layer    zhibu.Layer
	}{
		{"national: one lecture in H1 is the year's", DefaultCatalogue(), []zhibu.Meeting{lecture(local(2018, 3, 9, 9, 0))}, day(2019, 1, 1), year(2018), zhibu.StatusOK, zhibu.LayerNational},
		{"national: no half findings", DefaultCatalogue(), []zhibu.Meeting{lecture(local(2018, 3, 9, 9, 0))}, day(2019, 1, 1), half(2018, 1), "none", ""},
		{"seed: one lecture in H1 is short at its end", seed, []zhibu.Meeting{lecture(local(2018, 3, 9, 9, 0))}, day(2018, 7, 1), half(2018, 1), zhibu.StatusOverdue, zhibu.LayerBranch},
		{"seed: still due on 30 June", seed, []zhibu.Meeting{lecture(local(2018, 3, 9, 9, 0))}, day(2018, 6, 30), half(2018, 1), zhibu.StatusDue, zhibu.LayerBranch},
		{"seed: the year is due in July", seed, []zhibu.Meeting{lecture(local(2018, 3, 9, 9, 0))}, day(2018, 7, 1), year(2018), zhibu.StatusDue, zhibu.LayerBranch},
		{"seed: H2 begins on 1 July", seed, nil, day(2018, 7, 1), half(2018, 2), zhibu.StatusDue, zhibu.LayerBranch},
		{"seed: H2 not begun on 30 June", seed, nil, day(2018, 6, 30), half(2018, 2), "none", ""},
		{"seed: 1 January and 30 June 23:30 make H1", seed, []zhibu.Meeting{lecture(local(2018, 1, 1, 0, 0)), lecture(local(2018, 6, 30, 23, 30))}, day(2018, 7, 1), half(2018, 1), zhibu.StatusOK, zhibu.LayerBranch},
		{"seed: 1 July 00:10 (30 June in UTC) is H2", seed, []zhibu.Meeting{lecture(local(2018, 1, 1, 0, 0)), lecture(time.Date(2018, 6, 30, 16, 10, 0, 0, time.UTC))}, day(2018, 7, 2), half(2018, 1), zhibu.StatusOverdue, zhibu.LayerBranch},
		{"seed: four in the year, two in each half", seed, []zhibu.Meeting{lecture(local(2018, 2, 1, 9, 0)), lecture(local(2018, 5, 1, 9, 0)), lecture(local(2018, 8, 1, 9, 0)), lecture(local(2018, 11, 1, 9, 0))}, day(2019, 1, 1), year(2018), zhibu.StatusOK, zhibu.LayerBranch},
		{"seed: three in the year", seed, []zhibu.Meeting{lecture(local(2018, 2, 1, 9, 0)), lecture(local(2018, 5, 1, 9, 0)), lecture(local(2018, 8, 1, 9, 0))}, day(2019, 1, 1), year(2018), zhibu.StatusOverdue, zhibu.LayerBranch},
		{"seed layer from next year does not apply", append(DefaultCatalogue(), SeedBranchLayer(branchID, day(2019, 1, 1))...), []zhibu.Meeting{lecture(local(2018, 3, 9, 9, 0))}, day(2019, 1, 1), year(2018), zhibu.StatusOK, zhibu.LayerNational},
		{"seed of another branch does not apply", append(DefaultCatalogue(), SeedBranchLayer(99, day(2018, 1, 1))...), []zhibu.Meeting{lecture(local(2018, 3, 9, 9, 0))}, day(2019, 1, 1), year(2018), zhibu.StatusOK, zhibu.LayerNational},
		{"a lecture by another does not count", DefaultCatalogue(), []zhibu.Meeting{with(lecture(local(2018, 3, 9, 9, 0)), func(m *zhibu.Meeting) { m.LecturerID = deputy })}, day(2019, 1, 1), year(2018), zhibu.StatusOverdue, zhibu.LayerNational},
		{"a lecture by the secretary after the seat ended does not count", DefaultCatalogue(), []zhibu.Meeting{lecture(local(2018, 3, 9, 9, 0))}, day(2019, 1, 1), year(2018), zhibu.StatusOverdue, zhibu.LayerNational},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(tc.asOf)
			f.Meetings = tc.lectures
			if i == len(tests)-1 {
				f.Terms[0].Seats[0].EndOn = day(2018, 3, 1)
			}
			fs := Check(tc.cat, f, branchID, 2018)
			got := pick(t, fs, "meet.lecture.secretary", branchID, tc.period)
			if statusOf(got) != tc.want {
				t.Fatalf("%s = %s, want %s%s", tc.period, statusOf(got), tc.want, describe(only(fs, "meet.lecture.secretary")))
			}
			if got != nil && got.Layer != tc.layer {
				t.Errorf("layer %s, want %s", got.Layer, tc.layer)
			}
		})
	}
	f := world(day(2018, 7, 1))
	f.Meetings = []zhibu.Meeting{lecture(local(2018, 3, 9, 9, 0)), with(lecture(local(2018, 4, 9, 9, 0)), func(m *zhibu.Meeting) { m.LecturerID = outsider })}
	got := pick(t, Check(seed, f, branchID, 2018), "meet.lecture.secretary", branchID, half(2018, 1))
	if want := "2018年上半年书记仅讲党课1次，少于要求的2次，应由书记讲党课（另有1次党课非书记讲授，不计入）"; got.Message != want {
		t.Errorf("message %q, want %q", got.Message, want)
	}
	if !strings.Contains(got.Source, "支部党建工作计划") {
		t.Errorf("source %q", got.Source)
	}
}

func TestChair(t *testing.T) {
	tests := []struct {
		name string
		m    zhibu.Meeting
		want zhibu.FindingStatus
	}{
		{"secretary chairs the committee", held(branchID, zhibu.MeetCommittee, local(2018, 3, 5, 9, 0)), zhibu.StatusOK},
		{"deputy chairs on the secretary's behalf", with(held(branchID, zhibu.MeetCommittee, local(2018, 3, 5, 9, 0)), func(m *zhibu.Meeting) { m.ChairID = deputy }), zhibu.StatusOK},
		{"a committee member chairs the assembly", with(held(branchID, zhibu.MeetAssembly, local(2018, 3, 5, 9, 0)), func(m *zhibu.Meeting) { m.ChairID = secrecy }), zhibu.StatusOK},
		{"a member without a seat chairs the committee", with(held(branchID, zhibu.MeetCommittee, local(2018, 3, 5, 9, 0)), func(m *zhibu.Meeting) { m.ChairID = outsider }), zhibu.StatusViolation},
		{"a group leader chairs the assembly", with(held(branchID, zhibu.MeetAssembly, local(2018, 3, 5, 9, 0)), func(m *zhibu.Meeting) { m.ChairID = leader1 }), zhibu.StatusViolation},
		{"the leader chairs the group", held(group1, zhibu.MeetGroup, local(2018, 3, 5, 9, 0)), zhibu.StatusOK},
		{"the other group's leader chairs the group", with(held(group1, zhibu.MeetGroup, local(2018, 3, 5, 9, 0)), func(m *zhibu.Meeting) { m.ChairID = leader2 }), zhibu.StatusViolation},
		{"the secretary chairs a group meeting", with(held(group1, zhibu.MeetGroup, local(2018, 3, 5, 9, 0)), func(m *zhibu.Meeting) { m.ChairID = secretary }), zhibu.StatusViolation},
		{"the deputy after the seat ended", with(held(branchID, zhibu.MeetCommittee, local(2018, 3, 5, 9, 0)), func(m *zhibu.Meeting) { m.ChairID = deputy }), zhibu.StatusViolation},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(day(2018, 4, 1))
			f.Meetings = []zhibu.Meeting{tc.m}
			f.People = []zhibu.Person{{ID: outsider, Name: "赵六"}}
			if i == len(tests)-1 {
				f.Terms[0].Seats[1].EndOn = day(2018, 3, 5) // the deputy left that morning
			}
			fs := only(Check(DefaultCatalogue(), f, branchID, 2018), "meet.chair")
			if len(fs) != 1 || fs[0].Status != tc.want {
				t.Fatalf("want one %s finding:%s", tc.want, describe(fs))
			}
			if fs[0].Evidence[0].ID != tc.m.ID || fs[0].Period != month(2018, 3) {
				t.Errorf("evidence %v period %v", fs[0].Evidence, fs[0].Period)
			}
			if tc.m.ChairID == outsider && !strings.Contains(fs[0].Message, "赵六") {
				t.Errorf("message %q does not name the chair", fs[0].Message)
			}
		})
	}
}

func TestQuorum(t *testing.T) {
	committee := func(change func(*zhibu.Meeting)) zhibu.Meeting {
		return with(held(branchID, zhibu.MeetCommittee, local(2018, 3, 5, 9, 0)), change)
	}
	assembly := func(r zhibu.Resolution) zhibu.Meeting {
		return with(held(branchID, zhibu.MeetAssembly, local(2018, 3, 6, 9, 0)), func(m *zhibu.Meeting) {
			m.Expected, m.Present, m.Resolutions = 20, 20, []zhibu.Resolution{r}
		})
	}
	present := func(ids ...int64) []zhibu.Attendance {
		var out []zhibu.Attendance
		for _, id := range ids {
			out = append(out, zhibu.Attendance{PersonID: id, Status: zhibu.AttendPresent})
		}
		return out
	}
	tests := []struct {
		name       string
		rule       string
		m          zhibu.Meeting
		attendance []zhibu.Attendance
		pct        int // superior layer's above_percent, 0 for none
		want       zhibu.FindingStatus
	}{
		{"3 of 5 committee members", "meet.committee.quorum", committee(func(m *zhibu.Meeting) { m.Present = 3 }), nil, 0, zhibu.StatusOK},
		{"2 of 5 committee members", "meet.committee.quorum", committee(func(m *zhibu.Meeting) { m.Present = 2 }), nil, 0, zhibu.StatusViolation},
		{"attendance: 3 present but one is not on the committee", "meet.committee.quorum", committee(func(m *zhibu.Meeting) { m.Present = 3 }), present(secretary, deputy, outsider), 0, zhibu.StatusViolation},
		{"attendance: 3 committee members present", "meet.committee.quorum", committee(func(m *zhibu.Meeting) { m.Present = 2 }), present(secretary, deputy, orgOfficer), 0, zhibu.StatusOK},
		{"a superior asks for more than 60%: 3 of 5 is not enough", "meet.committee.quorum", committee(func(m *zhibu.Meeting) { m.Present = 3 }), nil, 60, zhibu.StatusViolation},
		{"assembly vote with 11 of 20", "meet.quorum", assembly(zhibu.Resolution{Text: "发展张三为预备党员", For: 11, Entitled: 20}), nil, 0, zhibu.StatusOK},
		{"assembly vote with exactly half", "meet.quorum", assembly(zhibu.Resolution{Text: "发展张三为预备党员", For: 10, Entitled: 20}), nil, 0, zhibu.StatusViolation},
		{"assembly vote with the present count given", "meet.quorum", assembly(zhibu.Resolution{Text: "表决", For: 8, Entitled: 20, Present: 12}), nil, 0, zhibu.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(day(2018, 4, 1))
			f.Meetings = []zhibu.Meeting{tc.m}
			if tc.attendance != nil {
				f.Attendance = map[int64][]zhibu.Attendance{tc.m.ID: tc.attendance}
			}
			cat := DefaultCatalogue()
			if tc.pct > 0 {
				cat = append(cat, zhibu.RuleVersion{ID: tc.rule, Layer: zhibu.LayerSuperior, OrgID: committeeID, Source: "局党委", Params: zhibu.RuleParams{"above_percent": tc.pct}})
			}
			fs := only(Check(cat, f, branchID, 2018), tc.rule)
			if len(fs) != 1 || fs[0].Status != tc.want {
				t.Fatalf("want one %s finding:%s", tc.want, describe(fs))
			}
		})
	}
	// Meetings the rules cannot judge give no finding, not an ok one: an
	// assembly without a vote, a committee meeting with no one on record.
	f0 := world(day(2018, 4, 1))
	f0.Terms = nil
	f0.Meetings = []zhibu.Meeting{held(branchID, zhibu.MeetAssembly, local(2018, 3, 6, 9, 0)), committee(func(m *zhibu.Meeting) { m.Expected = 0 })}
	fs0 := Check(DefaultCatalogue(), f0, branchID, 2018)
	for _, rule := range []string{"meet.quorum", "meet.committee.quorum", "meet.chair"} {
		if got := only(fs0, rule); len(got) != 0 {
			t.Errorf("%s judged what it cannot:%s", rule, describe(got))
		}
	}
	// With a secretary alone and no term size, the meeting's expected count stands for the committee.
	f := world(day(2018, 4, 1))
	f.Terms = nil
	f.Meetings = []zhibu.Meeting{committee(func(m *zhibu.Meeting) { m.Expected, m.Present = 7, 3 })}
	if fs := only(Check(DefaultCatalogue(), f, branchID, 2018), "meet.committee.quorum"); len(fs) != 1 || fs[0].Status != zhibu.StatusViolation ||
		fs[0].Message != "2018年3月5日的支委会到会委员3人，未超过委员总数7人的半数，不符合规定，应由书记在超过半数的委员到会时重新召开" {
		t.Errorf("by expected count:%s", describe(fs))
	}
}

func TestMinutes(t *testing.T) {
	bare := with(held(branchID, zhibu.MeetCommittee, local(2018, 3, 31, 23, 30)), func(m *zhibu.Meeting) { m.Minutes, m.RecorderID = "", 0 })
	groupBare := with(held(group1, zhibu.MeetGroup, local(2018, 3, 5, 9, 0)), func(m *zhibu.Meeting) { m.Minutes = "" })
	tests := []struct {
		name    string
		m       zhibu.Meeting
		asOf    zhibu.Date
		want    zhibu.FindingStatus
		subject int64
		resp    zhibu.Position
	}{
		{"complete", held(branchID, zhibu.MeetCommittee, local(2018, 3, 5, 9, 0)), day(2018, 4, 1), zhibu.StatusOK, branchID, zhibu.OrgOfficer},
		{"no minutes, on the 7th day", bare, day(2018, 4, 7), zhibu.StatusDue, branchID, zhibu.OrgOfficer},
		{"no minutes, on the 8th day", bare, day(2018, 4, 8), zhibu.StatusOverdue, branchID, zhibu.OrgOfficer},
		{"group meeting without minutes", groupBare, day(2018, 4, 1), zhibu.StatusOverdue, group1, zhibu.GroupLeader},
		{"lecture without a lecturer", with(held(branchID, zhibu.MeetLecture, local(2018, 3, 5, 9, 0)), func(m *zhibu.Meeting) { m.LecturerID = 0 }), day(2018, 3, 6), zhibu.StatusDue, branchID, zhibu.OrgOfficer},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(tc.asOf)
			f.Meetings = []zhibu.Meeting{tc.m}
			fs := only(Check(DefaultCatalogue(), f, branchID, 2018), "meet.minutes")
			if len(fs) != 1 || fs[0].Status != tc.want || fs[0].SubjectID != tc.subject || fs[0].Responsible != tc.resp {
				t.Fatalf("want one %s finding about %d for %s:%s", tc.want, tc.subject, tc.resp, describe(fs))
			}
			if fs[0].Period != month(2018, 3) {
				t.Errorf("period %v", fs[0].Period)
			}
		})
	}
	f := world(day(2018, 4, 7))
	f.Meetings = []zhibu.Meeting{bare}
	got := only(Check(DefaultCatalogue(), f, branchID, 2018), "meet.minutes")[0]
	if want := "2018年3月31日的支委会缺少记录人、会议记录，应由组织委员在2018年4月7日前补全并存档备查"; got.Message != want || got.Deadline != day(2018, 4, 7) {
		t.Errorf("%q (deadline %v), want %q", got.Message, got.Deadline, want)
	}
}

func TestLateEvidence(t *testing.T) {
	f := world(day(2018, 4, 1))
	f.Meetings = []zhibu.Meeting{with(held(branchID, zhibu.MeetCommittee, local(2018, 3, 31, 23, 30)), func(m *zhibu.Meeting) {
		m.EnteredAt = local(2018, 4, 1, 0, 10)
	})}
	got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), "meet.committee.monthly", branchID, month(2018, 3))
	if statusOf(got) != zhibu.StatusOK || got.Evidence[0].Label != "2018年3月31日 支委会（补录）" {
		t.Errorf("%s %v", statusOf(got), got.Evidence)
	}
}

func TestNoFindingsBeforeTheYear(t *testing.T) {
	if fs := Check(DefaultCatalogue(), world(day(2017, 12, 31)), branchID, 2018); len(fs) != 0 {
		t.Errorf("findings for a year not begun:%s", describe(fs))
	}
	// A zero AsOf re-checks the whole year.
	fs := Check(DefaultCatalogue(), world(zhibu.Date{}), branchID, 2018)
	if got := pick(t, fs, "meet.committee.monthly", branchID, month(2018, 12)); statusOf(got) != zhibu.StatusDue {
		t.Errorf("December with zero AsOf: %s", statusOf(got))
	}
	// Re-checking 2018 from 2019 sees the whole year overdue.
	fs = Check(DefaultCatalogue(), world(day(2019, 6, 1)), branchID, 2018)
	if n := len(only(fs, "meet.committee.monthly")); n != 12 {
		t.Errorf("%d committee findings for 2018", n)
	}
	for _, f := range only(fs, "meet.committee.monthly") {
		if f.Status != zhibu.StatusOverdue {
			t.Errorf("%s %s", f.Period, f.Status)
		}
	}
}
