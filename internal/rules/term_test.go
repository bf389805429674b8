package rules

import (
	"strings"
	"testing"

	"zhibu"
)

// termDue runs org.term.due for the branch with the given terms and
// extensions, as of asOf, for year y; it returns status by month (1–12).
func termDueMonths(t *testing.T, terms []zhibu.Term, ext map[int64]zhibu.Date, asOf zhibu.Date, y int) (map[int]zhibu.FindingStatus, []zhibu.Finding) {
	t.Helper()
	f := world(asOf)
	f.Terms = terms
	f.Extensions = ext
	fs := only(Check(DefaultCatalogue(), f, branchID, y), "org.term.due")
	got := map[int]zhibu.FindingStatus{}
	for _, x := range fs {
		if x.Period.Kind != zhibu.PeriodMonth || x.Period.Year != y {
			t.Fatalf("period %v", x.Period)
		}
		if _, dup := got[x.Period.N]; dup {
			t.Fatalf("two findings for month %d:%s", x.Period.N, describe(fs))
		}
		got[x.Period.N] = x.Status
	}
	return got, fs
}

func TestTermDue(t *testing.T) {
	const (
		ok  = zhibu.StatusOK
		due = zhibu.StatusDue
		ovd = zhibu.StatusOverdue
	)
	base := committeeTerm(termID, day(2018, 3, 1), 3, secretary, deputy, orgOfficer, discipline, secrecy) // ends 2021-03-01
	next := func(on zhibu.Date) zhibu.Term {
		return committeeTerm(termID+1, on, 3, secretary, deputy, orgOfficer, discipline, secrecy)
	}
	leap := func(years int) zhibu.Term {
		return committeeTerm(termID, day(2020, 2, 29), years, secretary, deputy, orgOfficer, discipline, secrecy)
	}
	tests := []struct {
		name     string
		terms    []zhibu.Term
		ext      map[int64]zhibu.Date
		asOf     zhibu.Date
		year     int
		want     map[int]zhibu.FindingStatus
		deadline zhibu.Date
	}{
		{"before the first reminder", []zhibu.Term{base}, nil, day(2020, 8, 31), 2020, map[int]zhibu.FindingStatus{}, zhibu.Date{}},
		{"the first reminder's day, 6 months before", []zhibu.Term{base}, nil, day(2020, 9, 1), 2020, map[int]zhibu.FindingStatus{9: due}, day(2021, 3, 1)},
		{"due every month of the window", []zhibu.Term{base}, nil, day(2020, 12, 31), 2020, map[int]zhibu.FindingStatus{9: due, 10: due, 11: due, 12: due}, day(2021, 3, 1)},
		{"due on the last day of the term", []zhibu.Term{base}, nil, day(2021, 3, 1), 2021, map[int]zhibu.FindingStatus{1: due, 2: due, 3: due}, day(2021, 3, 1)},
		{"overdue the day after", []zhibu.Term{base}, nil, day(2021, 3, 2), 2021, map[int]zhibu.FindingStatus{1: ovd, 2: ovd, 3: ovd}, day(2021, 3, 1)},
		{"monthly while overdue", []zhibu.Term{base}, nil, day(2021, 6, 1), 2021, map[int]zhibu.FindingStatus{1: ovd, 2: ovd, 3: ovd, 4: ovd, 5: ovd, 6: ovd}, day(2021, 3, 1)},
		{"overdue months of the year after", []zhibu.Term{base}, nil, day(2022, 2, 10), 2022, map[int]zhibu.FindingStatus{1: ovd, 2: ovd}, day(2021, 3, 1)},
		{"re-elected in time", []zhibu.Term{base, next(day(2021, 2, 20))}, nil, day(2021, 6, 1), 2021, map[int]zhibu.FindingStatus{1: ok, 2: ok}, day(2021, 3, 1)},
		{"re-elected on the last day", []zhibu.Term{base, next(day(2021, 3, 1))}, nil, day(2021, 6, 1), 2021, map[int]zhibu.FindingStatus{1: ok, 2: ok, 3: ok}, day(2021, 3, 1)},
		{"re-elected late: overdue until then, ok in its month", []zhibu.Term{base, next(day(2021, 5, 10))}, nil, day(2021, 6, 15), 2021, map[int]zhibu.FindingStatus{1: ovd, 2: ovd, 3: ovd, 4: ovd, 5: ok}, day(2021, 3, 1)},
		{"a re-election not yet known on the as-of day", []zhibu.Term{base, next(day(2021, 5, 10))}, nil, day(2021, 4, 15), 2021, map[int]zhibu.FindingStatus{1: ovd, 2: ovd, 3: ovd, 4: ovd}, day(2021, 3, 1)},
		{"re-elected early, before any reminder", []zhibu.Term{base, next(day(2020, 6, 1))}, nil, day(2020, 12, 31), 2020, map[int]zhibu.FindingStatus{6: ok}, day(2021, 3, 1)},
		{"closed without a new term recorded", []zhibu.Term{func() zhibu.Term { t := base; t.ClosedOn = day(2021, 1, 15); return t }()}, nil, day(2021, 6, 1), 2021, map[int]zhibu.FindingStatus{1: ok}, day(2021, 3, 1)},
		{"extension moves the end", []zhibu.Term{base}, map[int64]zhibu.Date{termID: day(2021, 9, 1)}, day(2021, 6, 1), 2021, map[int]zhibu.FindingStatus{3: due, 4: due, 5: due, 6: due}, day(2021, 9, 1)},
		{"extension beyond a year is cut at a year", []zhibu.Term{base}, map[int64]zhibu.Date{termID: day(2022, 9, 1)}, day(2022, 3, 2), 2022, map[int]zhibu.FindingStatus{1: ovd, 2: ovd, 3: ovd}, day(2022, 3, 1)},
		{"29 February + 3 years ends 28 February", []zhibu.Term{leap(3)}, nil, day(2023, 2, 28), 2023, map[int]zhibu.FindingStatus{1: due, 2: due}, day(2023, 2, 28)},
		{"... and is overdue on 1 March", []zhibu.Term{leap(3)}, nil, day(2023, 3, 1), 2023, map[int]zhibu.FindingStatus{1: ovd, 2: ovd, 3: ovd}, day(2023, 2, 28)},
		{"... its first reminder comes on 28 August", []zhibu.Term{leap(3)}, nil, day(2022, 8, 28), 2022, map[int]zhibu.FindingStatus{8: due}, day(2023, 2, 28)},
		{"... not on 27 August", []zhibu.Term{leap(3)}, nil, day(2022, 8, 27), 2022, map[int]zhibu.FindingStatus{}, zhibu.Date{}},
		{"29 February + 4 years ends 29 February", []zhibu.Term{leap(4)}, nil, day(2024, 2, 29), 2024, map[int]zhibu.FindingStatus{1: due, 2: due}, day(2024, 2, 29)},
		{"... and is overdue on 1 March 2024", []zhibu.Term{leap(4)}, nil, day(2024, 3, 1), 2024, map[int]zhibu.FindingStatus{1: ovd, 2: ovd, 3: ovd}, day(2024, 2, 29)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, fs := termDueMonths(t, tc.terms, tc.ext, tc.asOf, tc.year)
			if len(got) != len(tc.want) {
				t.Fatalf("months %v, want %v%s", got, tc.want, describe(fs))
			}
			for m, st := range tc.want {
				if got[m] != st {
					t.Fatalf("months %v, want %v%s", got, tc.want, describe(fs))
				}
			}
			for _, f := range fs {
				if f.Deadline != tc.deadline || f.Responsible != zhibu.Secretary || len(f.Evidence) == 0 || f.Evidence[0].Kind != "term" {
					t.Errorf("%s: deadline %v (want %v), responsible %s, evidence %v", f.Period, f.Deadline, tc.deadline, f.Responsible, f.Evidence)
				}
			}
		})
	}
	_, fs := termDueMonths(t, []zhibu.Term{base}, nil, day(2020, 9, 1), 2020)
	if want := "本届支委会将于2021年3月1日届满，应在届满前完成换届选举"; fs[0].Message != want {
		t.Errorf("message %q, want %q", fs[0].Message, want)
	}
	// The second reminder, three months before the end, is more urgent from its month on.
	_, fs = termDueMonths(t, []zhibu.Term{base}, nil, day(2020, 12, 1), 2020)
	if len(fs) != 4 || strings.Contains(fs[2].Message, "不足3个月") || !strings.Contains(fs[3].Message, "不足3个月") {
		t.Errorf("second reminder:%s", describe(fs))
	}
	_, fs = termDueMonths(t, []zhibu.Term{base}, nil, day(2020, 11, 30), 2020)
	if strings.Contains(fs[len(fs)-1].Message, "不足3个月") {
		t.Errorf("second reminder before its day:%s", describe(fs))
	}
}

func TestTermLengthAndExtension(t *testing.T) {
	five := committeeTerm(termID, day(2017, 3, 1), 5, secretary, deputy, orgOfficer, discipline, secrecy)
	tests := []struct {
		name string
		term zhibu.Term
		ext  map[int64]zhibu.Date
		rule string
		want zhibu.FindingStatus
	}{
		{"three years", world(day(2018, 6, 1)).Terms[0], nil, "org.term.length", zhibu.StatusOK},
		{"five years", five, nil, "org.term.length", zhibu.StatusViolation},
		{"extension of six months", world(day(2018, 6, 1)).Terms[0], map[int64]zhibu.Date{termID: day(2020, 9, 1)}, "org.term.extension", zhibu.StatusOK},
		{"extension of exactly a year", world(day(2018, 6, 1)).Terms[0], map[int64]zhibu.Date{termID: day(2021, 3, 1)}, "org.term.extension", zhibu.StatusOK},
		{"extension of a year and a day", world(day(2018, 6, 1)).Terms[0], map[int64]zhibu.Date{termID: day(2021, 3, 2)}, "org.term.extension", zhibu.StatusViolation},
		{"no extension, no finding", world(day(2018, 6, 1)).Terms[0], nil, "org.term.extension", "none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(day(2018, 6, 1))
			f.Terms = []zhibu.Term{tc.term}
			f.Extensions = tc.ext
			got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), tc.rule, branchID, year(2018))
			if statusOf(got) != tc.want {
				t.Fatalf("%s = %s, want %s", tc.rule, statusOf(got), tc.want)
			}
		})
	}
}

func TestCommitteeRules(t *testing.T) {
	nine := committeeTerm(termID, day(2017, 3, 1), 3, secretary, deputy, orgOfficer, discipline, secrecy, 2001, 2002, 2003, 2004)
	noOrgOfficer := world(day(2018, 6, 1)).Terms[0]
	noOrgOfficer.Seats = append([]zhibu.Seat(nil), noOrgOfficer.Seats...)
	noOrgOfficer.Seats[2].EndOn = day(2018, 5, 1)
	tests := []struct {
		name    string
		terms   []zhibu.Term
		members int
		rule    string
		want    zhibu.FindingStatus
		message string
	}{
		{"30 members, committee of 5", world(day(2018, 6, 1)).Terms, 30, "org.committee.required", zhibu.StatusOK, "支部有正式党员30人，已设立5人的支部委员会"},
		{"7 members need a committee", []zhibu.Term{committeeTerm(termID, day(2017, 3, 1), 3, secretary)}, 7, "org.committee.required", zhibu.StatusOverdue, "支部有正式党员7人，应选举产生3至7人的支部委员会，现有委员1人，应尽快补选"},
		{"6 members: a secretary is enough", []zhibu.Term{committeeTerm(termID, day(2017, 3, 1), 3, secretary)}, 6, "org.committee.required", zhibu.StatusOK, ""},
		{"6 members, no term", nil, 6, "org.committee.required", zhibu.StatusOverdue, ""},
		{"committee of 9 is too big", []zhibu.Term{nine}, 60, "org.committee.required", zhibu.StatusViolation, ""},
		{"positions complete", world(day(2018, 6, 1)).Terms, 30, "org.committee.positions", zhibu.StatusOK, "支部委员会职务齐全"},
		{"organization officer left", []zhibu.Term{noOrgOfficer}, 30, "org.committee.positions", zhibu.StatusOverdue, "支部委员会缺少组织委员，应及时补选"},
		{"secretary alone needs only a secretary", []zhibu.Term{committeeTerm(termID, day(2017, 3, 1), 3, secretary)}, 6, "org.committee.positions", zhibu.StatusOK, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(day(2018, 6, 1))
			f.Terms = tc.terms
			f.Members[branchID] = tc.members
			got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), tc.rule, branchID, year(2018))
			if statusOf(got) != tc.want {
				t.Fatalf("%s = %s, want %s", tc.rule, statusOf(got), tc.want)
			}
			if tc.message != "" && got.Message != tc.message {
				t.Errorf("message %q, want %q", got.Message, tc.message)
			}
		})
	}
	// Without a member count the rule says nothing.
	f := world(day(2018, 6, 1))
	f.Members = nil
	if got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), "org.committee.required", branchID, year(2018)); got != nil {
		t.Errorf("finding without a count: %s", got.Message)
	}
}

func TestGroupLeader(t *testing.T) {
	f := world(day(2018, 6, 1))
	f.Seats[1].EndOn = day(2018, 6, 1) // the second group's leader left today
	fs := Check(DefaultCatalogue(), f, branchID, 2018)
	if got := pick(t, fs, "org.group.leader", group1, year(2018)); statusOf(got) != zhibu.StatusOK || got.Evidence[0].Kind != "seat" {
		t.Errorf("group 1: %s", statusOf(got))
	}
	got := pick(t, fs, "org.group.leader", group2, year(2018))
	if statusOf(got) != zhibu.StatusOverdue || got.Message != "第二党小组没有组长，应由支部委员会指定组长" || got.SubjectName != "第二党小组" {
		t.Errorf("group 2: %s %q", statusOf(got), got.Message)
	}
	// Re-checked as of the end of May, the leader was there.
	f.AsOf = day(2018, 5, 31)
	if got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), "org.group.leader", group2, year(2018)); statusOf(got) != zhibu.StatusOK {
		t.Errorf("group 2 in May: %s", statusOf(got))
	}
}

// A party committee (党的基层委员会) serves five years, a branch's committee
// three: org.term.length and the term's end read the org's kind.
func TestCommitteeTermLength(t *testing.T) {
	for _, c := range []struct {
		name  string
		years int
		want  zhibu.FindingStatus
	}{
		{"a committee of five years", 5, zhibu.StatusOK},
		{"a committee of six years", 6, zhibu.StatusViolation},
		{"a committee of three years", 3, zhibu.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := world(day(2018, 6, 1))
			term := committeeTerm(termID+1, day(2017, 3, 1), c.years, 3001)
			term.OrgID = committeeID
			f.Terms = append(f.Terms, term)
			got := pick(t, Check(DefaultCatalogue(), f, committeeID, 2018), "org.term.length", committeeID, year(2018))
			if statusOf(got) != c.want {
				t.Fatalf("org.term.length = %s, want %s", statusOf(got), c.want)
			}
		})
	}
	// A committee term of unset length runs five years: elected 29 February
	// 2016, due from 28 February 2021 — not overdue in 2020.
	f := world(day(2020, 12, 31))
	term := committeeTerm(termID+1, day(2016, 2, 29), 0, 3001)
	term.OrgID = committeeID
	f.Terms = append(f.Terms, term)
	for _, x := range Check(DefaultCatalogue(), f, committeeID, 2020) {
		if x.RuleID == "org.term.due" && x.Status == zhibu.StatusOverdue {
			t.Errorf("a five-year committee term is overdue in 2020: %s", x.Message)
		}
	}
	if zhibu.TermYears(zhibu.KindCommittee) != 5 || zhibu.TermYears(zhibu.KindBranch) != 3 || zhibu.TermYears(zhibu.KindGeneralBranch) != 3 {
		t.Error("usual term lengths by kind")
	}
}
