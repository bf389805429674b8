package rules

import (
	"testing"

	"zhibu"
)

// studyWorld is the test world with members for the study and talk rules:
// the five of the committee and two others (outsider, 1098), all admitted
// long ago, and 1097 admitted on 1 January 2018; the seed's branch layer
// from 2018 and a superior layer asking 56 hours of the committee.
func studyWorld(asOf zhibu.Date) (zhibu.Facts, Catalogue) {
	f := world(asOf)
	for _, id := range []int64{secretary, deputy, orgOfficer, discipline, secrecy, outsider, 1098} {
		f.StudyMembers = append(f.StudyMembers, zhibu.StudyMember{PersonID: id, Name: "P" + itoa(int(id)), OrgID: branchID, AdmittedOn: day(2010, 1, 1)})
	}
	f.StudyMembers = append(f.StudyMembers, zhibu.StudyMember{PersonID: 1097, Name: "P1097", OrgID: branchID, AdmittedOn: day(2018, 1, 1)})
	cat := append(DefaultCatalogue(), StudyTalkSeedLayer(branchID, day(2018, 1, 1))...)
	cat = append(cat, zhibu.RuleVersion{ID: "member.study.hours.leaders", Layer: zhibu.LayerSuperior, OrgID: committeeID,
		Source: "局党委", Params: zhibu.RuleParams{"min_hours": 56}})
	return f, cat
}

var nextStudyID int64 = 7000

func session(org int64, on zhibu.Date, minutes int, present ...int64) zhibu.StudySession {
	nextStudyID++
	return zhibu.StudySession{ID: nextStudyID, OrgID: org, HeldOn: on, Topic: "学习", Minutes: minutes, Present: present}
}

func selfStudy(person int64, on zhibu.Date, minutes int) zhibu.StudyNote {
	nextStudyID++
	return zhibu.StudyNote{ID: nextStudyID, PersonID: person, WrittenOn: on, Title: "自学", Minutes: minutes}
}

func talk(a, b int64, on zhibu.Date) zhibu.Talk {
	nextStudyID++
	return zhibu.Talk{ID: nextStudyID, OrgID: branchID, AID: a, BID: b, HeldOn: on}
}

// The hours: sessions of the branch and its groups attended, plus
// self-study, up to the check day; 32 hours for a member, 56 for the
// committee by the superior's layer; a member admitted in the year is not
// counted; due until 31 December, overdue from 1 January.
func TestStudyHoursEdges(t *testing.T) {
	for _, c := range []struct {
		name     string
		asOf     zhibu.Date
		sessions []zhibu.StudySession
		notes    []zhibu.StudyNote
		person   int64
		rule     string
		want     zhibu.FindingStatus
	}{
		{"nothing yet, mid-year", day(2018, 6, 30), nil, nil, outsider, "member.study.hours", zhibu.StatusDue},
		{"31.5 hours on 31 December", day(2018, 12, 31), []zhibu.StudySession{session(branchID, day(2018, 3, 1), 31*60+30, outsider)}, nil,
			outsider, "member.study.hours", zhibu.StatusDue},
		{"31.5 hours checked after the year", day(2019, 1, 1), []zhibu.StudySession{session(branchID, day(2018, 3, 1), 31*60+30, outsider)}, nil,
			outsider, "member.study.hours", zhibu.StatusOverdue},
		{"32 hours from a group session and self-study", day(2019, 1, 1),
			[]zhibu.StudySession{session(group1, day(2018, 12, 31), 30*60, outsider)}, []zhibu.StudyNote{selfStudy(outsider, day(2018, 1, 1), 120)},
			outsider, "member.study.hours", zhibu.StatusOK},
		{"a session after the check day does not count yet", day(2018, 6, 30),
			[]zhibu.StudySession{session(branchID, day(2018, 7, 1), 32*60, outsider)}, nil, outsider, "member.study.hours", zhibu.StatusDue},
		{"absent from the session", day(2019, 1, 1), []zhibu.StudySession{session(branchID, day(2018, 3, 1), 40*60, 1098)}, nil,
			outsider, "member.study.hours", zhibu.StatusOverdue},
		{"the committee: 40 hours is short of 56", day(2019, 1, 1), []zhibu.StudySession{session(branchID, day(2018, 3, 1), 40*60, deputy)}, nil,
			deputy, "member.study.hours.leaders", zhibu.StatusOverdue},
		{"the committee: 56 hours", day(2019, 1, 1), []zhibu.StudySession{session(branchID, day(2018, 3, 1), 40*60, deputy)},
			[]zhibu.StudyNote{selfStudy(deputy, day(2018, 5, 1), 16*60)}, deputy, "member.study.hours.leaders", zhibu.StatusOK},
		{"the committee is not checked by the members' rule", day(2019, 1, 1), nil, nil, deputy, "member.study.hours", "none"},
		{"admitted in the year: not counted", day(2019, 1, 1), nil, nil, 1097, "member.study.hours", "none"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, cat := studyWorld(c.asOf)
			f.StudySessions, f.StudyNotes = c.sessions, c.notes
			fs := Check(cat, f, branchID, 2018)
			if got := statusOf(pick(t, fs, c.rule, c.person, year(2018))); got != c.want {
				t.Errorf("%s = %s, want %s%s", c.rule, got, c.want, describe(only(fs, c.rule)))
			}
		})
	}
}

// study.records: the plan by 31 March, a branch session each quarter (a
// group's does not count), notes in the year, the summary asked for in
// December and due until 31 January; only where the seed's layer applies.
func TestStudyRecordsEdges(t *testing.T) {
	plan := zhibu.StudyPlan{ID: 1, OrgID: branchID, Year: 2018, Kind: zhibu.StudyPlanBranch, IssuedOn: day(2018, 2, 1)}
	for _, c := range []struct {
		name     string
		asOf     zhibu.Date
		plans    []zhibu.StudyPlan
		sessions []zhibu.StudySession
		summary  []zhibu.StudySummary
		subject  int64
		period   zhibu.Period
		want     zhibu.FindingStatus
	}{
		{"no plan on 31 March", day(2018, 3, 31), nil, nil, nil, branchID, year(2018), zhibu.StatusDue},
		{"no plan on 1 April", day(2018, 4, 1), nil, nil, nil, branchID, year(2018), zhibu.StatusOverdue},
		{"the plan", day(2018, 4, 1), []zhibu.StudyPlan{plan}, nil, nil, branchID, year(2018), zhibu.StatusOK},
		{"the superior's plan is not the branch's", day(2018, 4, 1),
			[]zhibu.StudyPlan{{ID: 2, OrgID: branchID, Year: 2018, Kind: zhibu.StudyPlanSuperior, IssuedOn: day(2018, 1, 5)}}, nil, nil, branchID, year(2018), zhibu.StatusOverdue},
		{"Q1 session on 31 March", day(2018, 4, 1), nil, []zhibu.StudySession{session(branchID, day(2018, 3, 31), 60, outsider)}, nil,
			branchID, quarter(2018, 1), zhibu.StatusOK},
		{"Q1: a group's session only", day(2018, 4, 1), nil, []zhibu.StudySession{session(group1, day(2018, 3, 1), 60, outsider)}, nil,
			branchID, quarter(2018, 1), zhibu.StatusOverdue},
		{"Q2 begun on 1 April", day(2018, 4, 1), nil, nil, nil, branchID, quarter(2018, 2), zhibu.StatusDue},
		{"Q3 not begun on 30 June", day(2018, 6, 30), nil, nil, nil, branchID, quarter(2018, 3), "none"},
		{"no summary asked before December", day(2018, 11, 30), nil, nil, nil, branchID, month(2018, 12), "none"},
		{"summary due on 31 January", day(2019, 1, 31), nil, nil, nil, branchID, month(2018, 12), zhibu.StatusDue},
		{"summary overdue on 1 February", day(2019, 2, 1), nil, nil, nil, branchID, month(2018, 12), zhibu.StatusOverdue},
		{"summary written in January", day(2019, 2, 1), nil, nil, []zhibu.StudySummary{{OrgID: branchID, Year: 2018, WrittenOn: day(2019, 1, 10)}},
			branchID, month(2018, 12), zhibu.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, cat := studyWorld(c.asOf)
			f.StudyPlans, f.StudySessions, f.StudySummaries = c.plans, c.sessions, c.summary
			fs := only(Check(cat, f, branchID, 2018), "study.records")
			var got *zhibu.Finding
			for i := range fs {
				if fs[i].SubjectKind == zhibu.SubjectOrg && fs[i].Period == c.period {
					got = &fs[i]
				}
			}
			if statusOf(got) != c.want {
				t.Errorf("study.records %s = %s, want %s%s", c.period, statusOf(got), c.want, describe(fs))
			}
		})
	}
	// Notes: one in the year is enough; none by the year's end is overdue.
	f, cat := studyWorld(day(2019, 1, 1))
	f.StudyNotes = []zhibu.StudyNote{{ID: 1, PersonID: outsider, SessionID: 1, WrittenOn: day(2018, 12, 31), Title: "笔记"}}
	fs := Check(cat, f, branchID, 2018)
	if got := statusOf(pick(t, only(fs, "study.records"), "study.records", outsider, year(2018))); got != zhibu.StatusOK {
		t.Errorf("notes of %d = %s", outsider, got)
	}
	if got := statusOf(pick(t, only(fs, "study.records"), "study.records", 1098, year(2018))); got != zhibu.StatusOverdue {
		t.Errorf("notes of 1098 = %s", got)
	}
	// Without the seed's layer there is no study.records finding.
	if fs := only(Check(DefaultCatalogue(), f, branchID, 2018), "study.records"); len(fs) != 0 {
		t.Errorf("the national layer alone: %s", describe(fs))
	}
}

// talk.seed: each half, the secretary with each committee member and each
// committee member with each officer they supervise; a talk on 30 June is
// the first half's, one on 1 July the second's. A finding names the pair.
func TestTalkSeedEdges(t *testing.T) {
	const officer = 2001
	sup := zhibu.Supervision{ID: 1, OrgID: branchID, SupervisorID: discipline, SupervisorName: "P1004", OfficerID: officer, OfficerName: "民警甲", StartOn: day(2017, 1, 1)}
	pairOf := func(fs []zhibu.Finding, a, b int64, p zhibu.Period) *zhibu.Finding {
		for i := range fs {
			f := &fs[i]
			if f.RuleID == "talk.seed" && f.Period == p && len(f.Evidence) >= 2 && f.Evidence[0].ID == a && f.Evidence[1].ID == b {
				return f
			}
		}
		return nil
	}
	for _, c := range []struct {
		name  string
		asOf  zhibu.Date
		talks []zhibu.Talk
		a, b  int64
		p     zhibu.Period
		want  zhibu.FindingStatus
	}{
		{"secretary and deputy, none by 30 June", day(2018, 6, 30), nil, secretary, deputy, half(2018, 1), zhibu.StatusDue},
		{"none by 1 July", day(2018, 7, 1), nil, secretary, deputy, half(2018, 1), zhibu.StatusOverdue},
		{"talked on 30 June", day(2018, 7, 1), []zhibu.Talk{talk(deputy, secretary, day(2018, 6, 30))}, secretary, deputy, half(2018, 1), zhibu.StatusOK},
		{"a talk on 1 July is the second half's", day(2018, 7, 1), []zhibu.Talk{talk(secretary, deputy, day(2018, 7, 1))}, secretary, deputy, half(2018, 2), zhibu.StatusOK},
		{"the second half not begun on 30 June", day(2018, 6, 30), nil, secretary, deputy, half(2018, 2), "none"},
		{"supervisor and officer", day(2018, 12, 31), nil, discipline, officer, half(2018, 2), zhibu.StatusDue},
		{"supervisor and officer talked", day(2019, 1, 1), []zhibu.Talk{talk(officer, discipline, day(2018, 12, 31))}, discipline, officer, half(2018, 2), zhibu.StatusOK},
		{"another pair's talk does not count", day(2019, 1, 1), []zhibu.Talk{talk(officer, deputy, day(2018, 12, 31))}, discipline, officer, half(2018, 2), zhibu.StatusOverdue},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, cat := studyWorld(c.asOf)
			f.Supervisions = []zhibu.Supervision{sup}
			f.Talks = c.talks
			fs := Check(cat, f, branchID, 2018)
			got := pairOf(fs, c.a, c.b, c.p)
			if statusOf(got) != c.want {
				t.Errorf("talk.seed %d-%d %s = %s, want %s%s", c.a, c.b, c.p, statusOf(got), c.want, describe(only(fs, "talk.seed")))
			}
		})
	}
	// Pairs: secretary with the four others, and the one supervision.
	f, cat := studyWorld(day(2018, 7, 1))
	f.Supervisions = []zhibu.Supervision{sup}
	fs := only(Check(cat, f, branchID, 2018), "talk.seed")
	if n := len(fs); n != 2*5 {
		t.Errorf("%d talk.seed findings, want 5 pairs in each of two halves%s", n, describe(fs))
	}
	if f := pairOf(fs, discipline, officer, half(2018, 1)); f == nil || f.Message != "2018年上半年纪检委员P1004与分管民警民警甲未谈心谈话，应补谈并记录" || f.Responsible != zhibu.DisciplineOfficer {
		t.Errorf("the pair's finding: %+v", f)
	}
	if fs := only(Check(DefaultCatalogue(), f, branchID, 2018), "talk.seed"); len(fs) != 0 {
		t.Errorf("the national layer alone: %s", describe(fs))
	}
}

// talk.pairs: the committee's pairs, and one finding a member: with the
// committee and with another member, once a year.
func TestTalkPairs(t *testing.T) {
	f, cat := studyWorld(day(2019, 1, 1))
	f.Talks = []zhibu.Talk{talk(secretary, outsider, day(2018, 3, 1)), talk(outsider, 1098, day(2018, 12, 31)), talk(secretary, deputy, day(2018, 1, 1))}
	fs := only(Check(cat, f, branchID, 2018), "talk.pairs")
	want := map[zhibu.FindingStatus]int{zhibu.StatusOK: 1 + 1, zhibu.StatusOverdue: 9 + 1}
	got := map[zhibu.FindingStatus]int{}
	for _, x := range fs {
		got[x.Status]++
	}
	if got[zhibu.StatusOK] != want[zhibu.StatusOK] || got[zhibu.StatusOverdue] != want[zhibu.StatusOverdue] || len(fs) != 12 {
		t.Errorf("talk.pairs = %v, want %v%s", got, want, describe(fs))
	}
	for _, x := range fs {
		if x.SubjectID == 1098 && x.Status == zhibu.StatusOverdue && x.Message != "2018年P1098未与支部委员谈心谈话，应补谈并记录" {
			t.Errorf("message: %s", x.Message)
		}
	}
}
