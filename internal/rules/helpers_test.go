package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"zhibu"
)

// The test world: a bureau committee, one branch with two groups, a
// five-person committee elected on 1 March 2017 for three years, a leader
// for each group, 30 full members.
const (
	committeeID = 1
	branchID    = 10
	group1      = 11
	group2      = 12
	termID      = 100

	secretary  = 1001
	deputy     = 1002
	orgOfficer = 1003
	discipline = 1004 // 纪检、宣传委员
	secrecy    = 1005 // 保密、青年委员
	leader1    = 1011
	leader2    = 1012
	outsider   = 1099 // a member without a seat
)

func day(y, m, d int) zhibu.Date { return zhibu.MakeDate(y, time.Month(m), d) }

// local is a time in Beijing.
func local(y, m, d, hh, mm int) time.Time {
	return time.Date(y, time.Month(m), d, hh, mm, 0, 0, zhibu.DefaultZone)
}

func month(y, m int) zhibu.Period   { return zhibu.Period{Kind: zhibu.PeriodMonth, Year: y, N: m} }
func quarter(y, q int) zhibu.Period { return zhibu.Period{Kind: zhibu.PeriodQuarter, Year: y, N: q} }
func half(y, h int) zhibu.Period    { return zhibu.Period{Kind: zhibu.PeriodHalf, Year: y, N: h} }
func year(y int) zhibu.Period       { return zhibu.Period{Kind: zhibu.PeriodYear, Year: y, N: 1} }

func seat(id, org, person int64, p zhibu.Position, term int64, from zhibu.Date) zhibu.Seat {
	return zhibu.Seat{ID: id, OrgID: org, TermID: term, PersonID: person, PersonName: fmt.Sprintf("P%d", person), Position: p, StartOn: from}
}

func committeeTerm(id int64, elected zhibu.Date, years int, people ...int64) zhibu.Term {
	positions := []zhibu.Position{zhibu.Secretary, zhibu.DeputySecretary, zhibu.OrgOfficer, zhibu.DisciplineOfficer, zhibu.SecrecyOfficer}
	t := zhibu.Term{ID: id, OrgID: branchID, ElectedOn: elected, Years: years}
	for i, p := range people {
		t.Seats = append(t.Seats, seat(id*10+int64(i), branchID, p, positions[i%len(positions)], id, elected))
	}
	if len(people) >= 5 {
		// The seed's combined posts: 纪检、宣传委员 and 保密、青年委员.
		t.Seats = append(t.Seats, seat(id*10+8, branchID, people[3], zhibu.PropagandaOfficer, id, elected),
			seat(id*10+9, branchID, people[4], zhibu.YouthOfficer, id, elected))
	}
	return t
}

func world(asOf zhibu.Date) zhibu.Facts {
	return zhibu.Facts{
		AsOf: asOf,
		Orgs: []zhibu.Org{
			{ID: committeeID, Name: "模拟局党委", Kind: zhibu.KindCommittee, Path: "/1/"},
			{ID: branchID, Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: committeeID, Path: "/1/10/"},
			{ID: group1, Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: branchID, Path: "/1/10/11/"},
			{ID: group2, Name: "第二党小组", Kind: zhibu.KindGroup, ParentID: branchID, Path: "/1/10/12/"},
		},
		Terms: []zhibu.Term{committeeTerm(termID, day(2017, 3, 1), 3, secretary, deputy, orgOfficer, discipline, secrecy)},
		Seats: []zhibu.Seat{
			seat(201, group1, leader1, zhibu.GroupLeader, 0, day(2016, 1, 1)),
			seat(202, group2, leader2, zhibu.GroupLeader, 0, day(2016, 1, 1)),
		},
		Members: map[int64]int{branchID: 30},
	}
}

var nextMeetingID int64 = 5000

// held is a well-kept held meeting of org at t: chaired by the secretary
// (a group's by its leader), recorded by the organization officer, with
// minutes and everyone of the committee present.
func held(org int64, typ zhibu.MeetingType, t time.Time) zhibu.Meeting {
	nextMeetingID++
	m := zhibu.Meeting{
		ID: nextMeetingID, OrgID: org, Type: typ, Status: zhibu.MeetingHeld, StartsAt: t,
		ChairID: secretary, RecorderID: orgOfficer, Minutes: "会议记录", EnteredAt: t,
		Expected: 5, Present: 5,
	}
	switch org {
	case group1:
		m.ChairID = leader1
	case group2:
		m.ChairID = leader2
	}
	if typ == zhibu.MeetLecture {
		m.LecturerID = secretary
	}
	return m
}

func with(m zhibu.Meeting, change func(*zhibu.Meeting)) zhibu.Meeting {
	change(&m)
	return m
}

// pick is the one finding of rule about subject for period p, or nil.
func pick(t *testing.T, fs []zhibu.Finding, rule string, subject int64, p zhibu.Period) *zhibu.Finding {
	t.Helper()
	var got *zhibu.Finding
	for i := range fs {
		f := &fs[i]
		if f.RuleID == rule && f.SubjectID == subject && f.Period == p {
			if got != nil {
				t.Fatalf("two findings of %s for %d in %s: %q and %q", rule, subject, p, got.Message, f.Message)
			}
			got = f
		}
	}
	return got
}

func statusOf(f *zhibu.Finding) zhibu.FindingStatus {
	if f == nil {
		return "none"
	}
	return f.Status
}

// only keeps the findings of one rule.
func only(fs []zhibu.Finding, rule string) []zhibu.Finding {
	var out []zhibu.Finding
	for _, f := range fs {
		if f.RuleID == rule {
			out = append(out, f)
		}
	}
	return out
}

func describe(fs []zhibu.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n  %s %d %s %s %s", f.RuleID, f.SubjectID, f.Period, f.Status, f.Message)
	}
	return b.String()
}
