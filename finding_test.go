package zhibu

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestPeriodEdges(t *testing.T) {
	tests := []struct {
		p          Period
		start, end Date
		label      string
		code       string
	}{
		{Period{PeriodMonth, 2018, 3}, MakeDate(2018, 3, 1), MakeDate(2018, 3, 31), "2018年3月", "2018-03"},
		{Period{PeriodMonth, 2020, 2}, MakeDate(2020, 2, 1), MakeDate(2020, 2, 29), "2020年2月", "2020-02"},
		{Period{PeriodMonth, 2019, 2}, MakeDate(2019, 2, 1), MakeDate(2019, 2, 28), "2019年2月", "2019-02"},
		{Period{PeriodMonth, 2018, 12}, MakeDate(2018, 12, 1), MakeDate(2018, 12, 31), "2018年12月", "2018-12"},
		{Period{PeriodQuarter, 2018, 1}, MakeDate(2018, 1, 1), MakeDate(2018, 3, 31), "2018年第一季度", "2018-Q1"},
		{Period{PeriodQuarter, 2018, 2}, MakeDate(2018, 4, 1), MakeDate(2018, 6, 30), "2018年第二季度", "2018-Q2"},
		{Period{PeriodQuarter, 2018, 4}, MakeDate(2018, 10, 1), MakeDate(2018, 12, 31), "2018年第四季度", "2018-Q4"},
		{Period{PeriodHalf, 2018, 1}, MakeDate(2018, 1, 1), MakeDate(2018, 6, 30), "2018年上半年", "2018-H1"},
		{Period{PeriodHalf, 2018, 2}, MakeDate(2018, 7, 1), MakeDate(2018, 12, 31), "2018年下半年", "2018-H2"},
		{Period{PeriodYear, 2018, 1}, MakeDate(2018, 1, 1), MakeDate(2018, 12, 31), "2018年", "2018"},
	}
	for _, tc := range tests {
		if got := tc.p.Start(); got != tc.start {
			t.Errorf("%v.Start() = %v, want %v", tc.p, got, tc.start)
		}
		if got := tc.p.End(); got != tc.end {
			t.Errorf("%v.End() = %v, want %v", tc.p, got, tc.end)
		}
		if got := tc.p.Label(); got != tc.label {
			t.Errorf("%v.Label() = %q, want %q", tc.p, got, tc.label)
		}
		if got := tc.p.String(); got != tc.code {
			t.Errorf("String() = %q, want %q", got, tc.code)
		}
		// The first and last day belong to the period; the days around it do not.
		for _, d := range []Date{tc.start, tc.end} {
			if !tc.p.Contains(d) || PeriodOf(tc.p.Kind, d) != tc.p {
				t.Errorf("%v does not hold its own edge %v", tc.p, d)
			}
		}
		for _, d := range []Date{tc.start.AddDays(-1), tc.end.AddDays(1)} {
			if tc.p.Contains(d) || PeriodOf(tc.p.Kind, d) == tc.p {
				t.Errorf("%v holds %v", tc.p, d)
			}
		}
		if got := tc.p.Next().Start(); got != tc.end.AddDays(1) {
			t.Errorf("%v.Next() starts %v, want %v", tc.p, got, tc.end.AddDays(1))
		}
	}
	if n := len(PeriodsOf(PeriodQuarter, 2018)); n != 4 {
		t.Errorf("%d quarters", n)
	}
	if (Period{PeriodMonth, 2018, 13}).Valid() || (Period{PeriodHalf, 2018, 3}).Valid() || (Period{"week", 2018, 1}).Valid() {
		t.Error("invalid period accepted")
	}
}

func TestFindingJSON(t *testing.T) {
	f := Finding{
		RuleID: "meet.committee.monthly", Layer: LayerNational, Source: "《中国共产党支部工作条例（试行）》第十二条", Confidence: "S",
		OrgID: 10, SubjectKind: SubjectOrg, SubjectID: 10, SubjectName: "第一党支部",
		Period: Period{PeriodMonth, 2018, 3}, Status: StatusOverdue, Deadline: MakeDate(2018, 3, 31),
		Evidence:    []Evidence{{Kind: EvidenceMeeting, ID: 7, Label: "2018年3月5日 支委会"}},
		Responsible: OrgOfficer, Message: "2018年3月未召开支委会，应由组织委员组织召开支委会并记录",
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"rule_id":"meet.committee.monthly","layer":"national","source":"《中国共产党支部工作条例（试行）》第十二条","confidence":"S",` +
		`"org_id":10,"subject_kind":"org","subject_id":10,"subject_name":"第一党支部",` +
		`"period":{"kind":"month","year":2018,"n":3,"start":"2018-03-01","end":"2018-03-31","label":"2018年3月"},` +
		`"status":"overdue","deadline":"2018-03-31","evidence":[{"kind":"meeting","id":7,"label":"2018年3月5日 支委会"}],` +
		`"responsible":"org_officer","message":"2018年3月未召开支委会，应由组织委员组织召开支委会并记录"}`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
	var back Finding
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Period != f.Period || back.Deadline != f.Deadline || back.Evidence[0] != f.Evidence[0] {
		t.Errorf("round trip: %+v", back)
	}
	f.Deadline = Date{}
	b, _ = json.Marshal(f)
	if strings.Contains(string(b), "deadline") {
		t.Errorf("zero deadline written: %s", b)
	}
}

func TestFindingStatusSeverity(t *testing.T) {
	if !(StatusOK.Severity() < StatusDue.Severity() && StatusDue.Severity() < StatusOverdue.Severity() && StatusOverdue.Severity() < StatusViolation.Severity()) {
		t.Error("severity order")
	}
	if FindingStatus("x").Severity() != -1 {
		t.Error("unknown status has a severity")
	}
}

func TestMeetingDate(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		loc  *time.Location
		want Date
	}{
		{"23:30 local on the 31st", time.Date(2018, 3, 31, 23, 30, 0, 0, DefaultZone), nil, MakeDate(2018, 3, 31)},
		{"the same instant read from UTC", time.Date(2018, 3, 31, 15, 30, 0, 0, time.UTC), nil, MakeDate(2018, 3, 31)},
		{"00:30 local on the 1st is still the 31st in UTC", time.Date(2018, 3, 31, 16, 30, 0, 0, time.UTC), nil, MakeDate(2018, 4, 1)},
		{"another zone", time.Date(2018, 4, 1, 2, 0, 0, 0, time.UTC), time.FixedZone("EST", -5*3600), MakeDate(2018, 3, 31)},
	}
	for _, tc := range tests {
		if got := (Meeting{StartsAt: tc.at}).DateIn(tc.loc); got != tc.want {
			t.Errorf("%s: DateIn = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMeetingLate(t *testing.T) {
	held := time.Date(2018, 3, 31, 23, 30, 0, 0, DefaultZone)
	tests := []struct {
		entered time.Time
		late    bool
	}{
		{time.Time{}, false},
		{held.Add(20 * time.Minute), false},                    // 23:50 the same evening
		{time.Date(2018, 3, 31, 16, 10, 0, 0, time.UTC), true}, // 00:10 on 1 April in Beijing
		{held.AddDate(0, 0, 3), true},
	}
	for _, tc := range tests {
		if got := (Meeting{StartsAt: held, EnteredAt: tc.entered}).Late(); got != tc.late {
			t.Errorf("entered %v: Late = %v, want %v", tc.entered, got, tc.late)
		}
	}
}

func TestResolution(t *testing.T) {
	tests := []struct {
		r              Resolution
		quorum, passed bool
	}{
		{Resolution{For: 11, Entitled: 20}, true, true},
		{Resolution{For: 10, Entitled: 20}, false, false}, // exactly half present: no quorum
		{Resolution{For: 10, Against: 1, Entitled: 20}, true, false},
		{Resolution{For: 10, Entitled: 20, Present: 15}, true, false}, // half of the entitled is not more than half
		{Resolution{For: 11, Abstain: 4, Entitled: 20, Present: 15}, true, true},
		{Resolution{}, false, false},
	}
	for _, tc := range tests {
		if got := tc.r.QuorumMet(); got != tc.quorum {
			t.Errorf("%+v: QuorumMet = %v", tc.r, got)
		}
		if got := tc.r.Passed(); got != tc.passed {
			t.Errorf("%+v: Passed = %v", tc.r, got)
		}
	}
	if (Resolution{For: 5, Entitled: 4}).Validate() == nil {
		t.Error("more votes than voters accepted")
	}
}

func TestMeetingValidate(t *testing.T) {
	now := time.Date(2018, 4, 1, 12, 0, 0, 0, DefaultZone)
	ok := Meeting{Type: MeetLecture, Status: MeetingHeld, StartsAt: now.Add(-time.Hour), LecturerID: 1, Expected: 5, Present: 4, Excused: 1}
	if err := ok.Validate(now); err != nil {
		t.Fatalf("valid meeting refused: %v", err)
	}
	tests := []struct {
		name   string
		change func(*Meeting)
		field  string
	}{
		{"type", func(m *Meeting) { m.Type = "party" }, "type"},
		{"future held", func(m *Meeting) { m.StartsAt = now.Add(time.Hour) }, "starts_at"},
		{"cancel without reason", func(m *Meeting) { m.Status = MeetingCancelled }, "cancel_reason"},
		{"lecture without lecturer", func(m *Meeting) { m.LecturerID = 0 }, "lecturer_id"},
		{"counts", func(m *Meeting) { m.Absent = 1 }, "attendance"},
	}
	for _, tc := range tests {
		m := ok
		tc.change(&m)
		var ps Problems
		err := m.Validate(now)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		ps = err.(Problems)
		if ps.For(tc.field) == "" {
			t.Errorf("%s: problems %v do not name %s", tc.name, ps, tc.field)
		}
	}
	for _, s := range []string{"支委会", "支部大会", "党课", "committee", "主题党日"} {
		if _, ok := ParseMeetingType(s); !ok {
			t.Errorf("ParseMeetingType(%q) failed", s)
		}
	}
	if MeetGroup.HeldBy(KindBranch) || !MeetGroup.HeldBy(KindGroup) || MeetCommittee.HeldBy(KindGroup) {
		t.Error("HeldBy")
	}
}
