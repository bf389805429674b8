package rules

import (
	"errors"
	"strings"
	"testing"

	"zhibu"
)

const devPerson = 7001

var devPath = []int64{committeeID, branchID}

// rec is a record of step n on day d.
func rec(n int, d zhibu.Date) zhibu.DevRecord {
	r := zhibu.DevRecord{PersonID: devPerson, Step: n, On: d, Outcome: zhibu.OutcomeDone}
	switch n {
	case 5:
		r.People = []int64{secretary}
	case 9:
		r.People = []int64{secretary, deputy}
	case 11:
		r.Days = 3
	case 15, 23:
		r.MeetingID, r.Resolution = 1, 1
		r.Votes = zhibu.Resolution{Entitled: 10, Present: 9, For: 9}
	}
	if n == 23 {
		r.Outcome = zhibu.OutcomeConfirm
	}
	return r
}

// file is a file of a person born on birth with the records given.
func file(birth zhibu.Date, rs ...zhibu.DevRecord) zhibu.DevFile {
	return zhibu.DevFile{Person: zhibu.Person{ID: devPerson, Name: "李明", BirthDate: birth, OrgID: branchID}, Records: rs}
}

// walk is a file up to (and not including) step stop, with the activist
// designated on act and admitted (step 15) on adm when reached.
func walk(stop int, act, adm zhibu.Date) zhibu.DevFile {
	f := file(day(1995, 5, 5))
	for n := 1; n < stop; n++ {
		d := act.AddMonths(-2)
		switch {
		case n == 3 || (n > 3 && n < 7):
			d = act
		case n >= 7 && n < 15:
			d = act.AddYears(1)
		case n >= 15:
			d = adm
		}
		f.Records = append(f.Records, rec(n, d))
	}
	return f
}

// confirmedOn moves a walked file's confirmation vote (its last record,
// step 23) to day d.
func confirmedOn(f zhibu.DevFile, d zhibu.Date) zhibu.DevFile {
	f.Records[len(f.Records)-1].On = d
	return f
}

func members(ids ...int64) map[int64]bool {
	m := map[int64]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// check runs CheckStep and returns the rule ids refused ("" for none) and
// the record as it would be saved.
func check(t *testing.T, cat Catalogue, f zhibu.DevFile, r zhibu.DevRecord) (string, zhibu.DevRecord) {
	t.Helper()
	v := r.Votes
	in := StepInput{File: f, Record: r, Path: devPath, Today: day(2030, 1, 1), FullMembers: members(secretary, deputy, orgOfficer), Vote: &v}
	if !zhibu.DevSteps[r.Step].Vote {
		in.Vote = nil
	}
	got, err := CheckStep(cat, in)
	if err == nil {
		return "", got
	}
	var rs Refusals
	if !errors.As(err, &rs) {
		return "invalid", got
	}
	if !errors.Is(err, zhibu.ErrInvalid) {
		t.Errorf("refusals are not ErrInvalid")
	}
	ids := make([]string, len(rs))
	for i, x := range rs {
		ids[i] = x.RuleID
		if !strings.Contains(x.Problem().Message, x.RuleID) || x.Source == "" {
			t.Errorf("refusal %+v does not name its rule and source", x)
		}
	}
	return strings.Join(ids, ","), got
}

func TestCheckStepIntervals(t *testing.T) {
	cat := DefaultCatalogue()
	type tc struct {
		name string
		f    zhibu.DevFile
		r    zhibu.DevRecord
		want string
	}
	withPeople := func(r zhibu.DevRecord, ids ...int64) zhibu.DevRecord { r.People = ids; return r }
	training := func(d, h int) zhibu.DevRecord { r := rec(11, day(2026, 3, 1)); r.Days, r.Hours = d, h; return r }
	extend := func(on zhibu.Date, months int) zhibu.DevRecord {
		r := rec(23, on)
		r.Outcome, r.Months = zhibu.OutcomeExtend, months
		return r
	}
	born := day(2008, 2, 29) // 18 on 28 February 2026 (no 29th)
	cases := []tc{
		// dev.age: the day before, of and after the 18th birthday of a leap-day child.
		{"age day before", file(born), rec(1, day(2026, 2, 27)), "dev.age"},
		{"age day of (28 Feb)", file(born), rec(1, day(2026, 2, 28)), ""},
		{"age day after", file(born), rec(1, day(2026, 3, 1)), ""},
		{"age ordinary birthday before", file(day(2000, 7, 15)), rec(1, day(2018, 7, 14)), "dev.age"},
		{"age ordinary birthday", file(day(2000, 7, 15)), rec(1, day(2018, 7, 15)), ""},

		// dev.candidate.after: a year after the activist, month ends and leap days.
		{"candidate day before a year", walk(7, day(2025, 1, 31), zhibu.Date{}), rec(7, day(2026, 1, 30)), "dev.candidate.after"},
		{"candidate a year to the day", walk(7, day(2025, 1, 31), zhibu.Date{}), rec(7, day(2026, 1, 31)), ""},
		{"candidate day after", walk(7, day(2025, 1, 31), zhibu.Date{}), rec(7, day(2026, 2, 1)), ""},
		{"candidate from 29 Feb: 27 Feb", walk(7, day(2024, 2, 29), zhibu.Date{}), rec(7, day(2025, 2, 27)), "dev.candidate.after"},
		{"candidate from 29 Feb: 28 Feb", walk(7, day(2024, 2, 29), zhibu.Date{}), rec(7, day(2025, 2, 28)), ""},
		{"candidate from 29 Feb: 1 Mar", walk(7, day(2024, 2, 29), zhibu.Date{}), rec(7, day(2025, 3, 1)), ""},

		// dev.confirm.after: a year from the vote, not from the oath.
		{"confirm day before", walk(23, day(2022, 1, 10), day(2024, 2, 29)), rec(23, day(2025, 2, 27)), "dev.confirm.after"},
		{"confirm day of (28 Feb)", walk(23, day(2022, 1, 10), day(2024, 2, 29)), rec(23, day(2025, 2, 28)), ""},
		{"confirm day after", walk(23, day(2022, 1, 10), day(2024, 2, 29)), rec(23, day(2025, 3, 1)), ""},
		{"extend before the end", walk(23, day(2022, 1, 10), day(2024, 3, 31)), extend(day(2025, 3, 30), 6), "dev.confirm.after"},
		{"revoke during probation", walk(23, day(2022, 1, 10), day(2024, 3, 31)), func() zhibu.DevRecord {
			r := rec(23, day(2024, 9, 1))
			r.Outcome = zhibu.OutcomeRevoke
			return r
		}(), ""},

		// dev.extension: 6–12 months, in all.
		{"extension 5 months", walk(23, day(2022, 1, 10), day(2024, 3, 31)), extend(day(2025, 3, 31), 5), "dev.extension"},
		{"extension 6 months", walk(23, day(2022, 1, 10), day(2024, 3, 31)), extend(day(2025, 3, 31), 6), ""},
		{"extension 12 months", walk(23, day(2022, 1, 10), day(2024, 3, 31)), extend(day(2025, 3, 31), 12), ""},
		{"extension 13 months", walk(23, day(2022, 1, 10), day(2024, 3, 31)), extend(day(2025, 3, 31), 13), "dev.extension"},

		// dev.mentors: one or two full members, not the person.
		{"no mentor", walk(5, day(2025, 1, 10), zhibu.Date{}), withPeople(rec(5, day(2025, 1, 10))), "dev.mentors"},
		{"one mentor", walk(5, day(2025, 1, 10), zhibu.Date{}), withPeople(rec(5, day(2025, 1, 10)), secretary), ""},
		{"two mentors", walk(5, day(2025, 1, 10), zhibu.Date{}), withPeople(rec(5, day(2025, 1, 10)), secretary, deputy), ""},
		{"three mentors", walk(5, day(2025, 1, 10), zhibu.Date{}), withPeople(rec(5, day(2025, 1, 10)), secretary, deputy, orgOfficer), "dev.mentors"},
		{"mentor not a full member", walk(5, day(2025, 1, 10), zhibu.Date{}), withPeople(rec(5, day(2025, 1, 10)), outsider), "dev.mentors"},
		{"mentor is the person", walk(5, day(2025, 1, 10), zhibu.Date{}), withPeople(rec(5, day(2025, 1, 10)), devPerson), "dev.mentors"},

		// dev.sponsors: exactly two.
		{"one sponsor", walk(9, day(2024, 1, 10), zhibu.Date{}), withPeople(rec(9, day(2025, 1, 10)), secretary), "dev.sponsors"},
		{"two sponsors", walk(9, day(2024, 1, 10), zhibu.Date{}), withPeople(rec(9, day(2025, 1, 10)), secretary, deputy), ""},
		{"three sponsors", walk(9, day(2024, 1, 10), zhibu.Date{}), withPeople(rec(9, day(2025, 1, 10)), secretary, deputy, orgOfficer), "dev.sponsors"},
		{"the same sponsor twice", walk(9, day(2024, 1, 10), zhibu.Date{}), withPeople(rec(9, day(2025, 1, 10)), secretary, secretary), "dev.sponsors"},

		// dev.training: 3 days or 24 hours.
		{"training 2 days 23 hours", walk(11, day(2024, 1, 10), zhibu.Date{}), training(2, 23), "dev.training"},
		{"training 3 days", walk(11, day(2024, 1, 10), zhibu.Date{}), training(3, 0), ""},
		{"training 24 hours", walk(11, day(2024, 1, 10), zhibu.Date{}), training(0, 24), ""},

		// dev.order: prerequisites, their dates, no repeats.
		{"activist before application and talk", file(day(1995, 5, 5)), rec(3, day(2025, 1, 1)), "dev.order,dev.order"},
		{"activist dated before the application", file(day(1995, 5, 5), rec(1, day(2025, 1, 10)), rec(2, day(2025, 1, 10))), rec(3, day(2025, 1, 9)), "dev.order,dev.order"},
		{"activist on the application's day", file(day(1995, 5, 5), rec(1, day(2025, 1, 10)), rec(2, day(2025, 1, 10))), rec(3, day(2025, 1, 10)), ""},
		// issue 12: the talk (step 2) comes before the activist (step 3).
		{"activist before the talk", file(day(1995, 5, 5), rec(1, day(2025, 1, 10))), rec(3, day(2025, 2, 10)), "dev.order"},
		{"activist dated before the talk", file(day(1995, 5, 5), rec(1, day(2025, 1, 10)), rec(2, day(2025, 2, 10))), rec(3, day(2025, 2, 9)), "dev.order"},
		{"application twice", file(day(1995, 5, 5), rec(1, day(2025, 1, 10))), rec(1, day(2025, 2, 10)), "dev.order"},
		{"vote without the form", walk(14, day(2024, 1, 10), zhibu.Date{}), rec(15, day(2025, 3, 1)), "dev.order"},
		{"admitted twice", walk(16, day(2024, 1, 10), day(2025, 3, 1)), rec(15, day(2025, 4, 1)), "dev.order"},
		{"approval before the superior's talk", walk(16, day(2024, 1, 10), day(2025, 3, 1)), rec(17, day(2025, 4, 1)), "dev.order"},
	}
	for _, c := range cases {
		got, _ := check(t, cat, c.f, c.r)
		if got != c.want {
			t.Errorf("%s: refused by %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCheckStepReviewAndVote(t *testing.T) {
	cat := DefaultCatalogue()
	f := walk(15, day(2024, 1, 10), zhibu.Date{})
	failed := rec(10, day(2025, 1, 20))
	failed.Outcome = zhibu.OutcomeFailed
	bad := f
	bad.Records = append(append([]zhibu.DevRecord(nil), f.Records...), failed)
	if got, _ := check(t, cat, bad, rec(15, day(2025, 3, 1))); got != "dev.review" {
		t.Errorf("a failed political review: refused by %q, want dev.review", got)
	}
	// dev.vote: quorum more than half present; more than half of all
	// entitled voters in favour. A failed vote is recorded, as failed.
	for _, c := range []struct {
		entitled, present, yes int
		want                   zhibu.DevOutcome
	}{
		{10, 5, 5, zhibu.OutcomeFailed}, // half present: no quorum
		{10, 6, 5, zhibu.OutcomeFailed}, // half of all in favour is not more than half
		{10, 6, 6, zhibu.OutcomeDone},
		{9, 5, 5, zhibu.OutcomeDone},
		{9, 9, 4, zhibu.OutcomeFailed},
	} {
		r := rec(15, day(2025, 3, 1))
		r.Votes = zhibu.Resolution{Entitled: c.entitled, Present: c.present, For: c.yes}
		got, saved := check(t, cat, f, r)
		if got != "" || saved.Outcome != c.want || saved.Votes.For != c.yes {
			t.Errorf("vote %d/%d/%d: refused %q, outcome %s, want %s", c.entitled, c.present, c.yes, got, saved.Outcome, c.want)
		}
	}
	// An admission asked as "failed" that was carried is done; a
	// confirmation carried must say what was decided.
	asked := rec(15, day(2025, 3, 1))
	asked.Outcome = zhibu.OutcomeFailed
	if got, saved := check(t, cat, f, asked); got != "" || saved.Outcome != zhibu.OutcomeDone {
		t.Errorf("carried admission asked as failed: %q %s", got, saved.Outcome)
	}
	conf := rec(23, day(2026, 3, 1))
	conf.Outcome = zhibu.OutcomeFailed
	if got, _ := check(t, cat, walk(23, day(2022, 1, 10), day(2025, 2, 1)), conf); got != "dev.vote" {
		t.Errorf("carried confirmation without a decision: %q", got)
	}
	r := rec(15, day(2025, 3, 1))
	r.Votes = zhibu.Resolution{}
	if got, _ := check(t, cat, f, r); got != "dev.vote" {
		t.Errorf("no entitled voters: %q", got)
	}
	// A failed vote does not admit: the vote may be held again.
	lost := rec(15, day(2025, 3, 1))
	lost.Outcome = zhibu.OutcomeFailed
	again := f
	again.Records = append(append([]zhibu.DevRecord(nil), f.Records...), lost)
	if got, _ := check(t, cat, again, rec(15, day(2025, 4, 1))); got != "" {
		t.Errorf("second vote after a failed one refused by %q", got)
	}
	if got, _ := check(t, cat, again, rec(16, day(2025, 4, 1))); got != "dev.order" {
		t.Errorf("superior's talk after a failed vote: %q", got)
	}
}

func TestCheckStepFutureAndInvalid(t *testing.T) {
	cat := DefaultCatalogue()
	in := StepInput{File: file(day(1995, 1, 1)), Record: rec(1, day(2026, 7, 2)), Path: devPath, Today: day(2026, 7, 1)}
	if _, err := CheckStep(cat, in); err == nil || !strings.Contains(zhibu.UserMessage(err), "不能晚于今天") {
		t.Errorf("future date: %v", err)
	}
	in.Record = zhibu.DevRecord{Step: 26, On: day(2026, 1, 1)}
	if _, err := CheckStep(cat, in); !errors.Is(err, zhibu.ErrInvalid) {
		t.Errorf("step 26: %v", err)
	}
	in.Record = zhibu.DevRecord{Step: 23, On: day(2026, 1, 1), Outcome: zhibu.OutcomeDone, MeetingID: 1, Resolution: 1}
	if _, err := CheckStep(cat, in); err == nil || !strings.Contains(zhibu.UserMessage(err), "转为正式党员") {
		t.Errorf("step 23 without a decision: %v", err)
	}
}

// TestRevisionIsData: a revision of the rules is a new version with its
// date; a step is checked by the version in force on its own date.
func TestRevisionIsData(t *testing.T) {
	cat := append(DefaultCatalogue(), zhibu.RuleVersion{ID: "dev.candidate.after", Layer: zhibu.LayerNational,
		Title: "（示例修订）", Source: "修订后的细则", EffectiveFrom: day(2026, 5, 1), Params: zhibu.RuleParams{"after_months": 18}})
	f := walk(7, day(2025, 4, 1), zhibu.Date{})
	if got, _ := check(t, cat, f, rec(7, day(2026, 4, 30))); got != "" {
		t.Errorf("before the revision: %q", got)
	}
	got, _ := check(t, cat, f, rec(7, day(2026, 5, 1)))
	if got != "dev.candidate.after" {
		t.Errorf("after the revision: %q", got)
	}
	if got, _ := check(t, cat, f, rec(7, day(2026, 10, 1))); got != "" {
		t.Errorf("18 months after: %q", got)
	}
	// A branch layer may tighten (18 months) but not loosen (6).
	loose := append(DefaultCatalogue(), zhibu.RuleVersion{ID: "dev.candidate.after", Layer: zhibu.LayerBranch, OrgID: branchID,
		Source: "支部", EffectiveFrom: day(2020, 1, 1), Params: zhibu.RuleParams{"after_months": 6}})
	if got, _ := check(t, loose, f, rec(7, day(2025, 10, 1))); got != "dev.candidate.after" {
		t.Errorf("a looser branch layer applied: %q", got)
	}
}

func TestNextStep(t *testing.T) {
	cat := DefaultCatalogue()
	f := walk(7, day(2025, 1, 31), zhibu.Date{})
	n, earliest := NextStep(cat, devPath, f)
	if n != 7 || earliest != day(2026, 1, 31) {
		t.Errorf("next %d from %s, want 7 from 2026-01-31", n, earliest)
	}
	f = walk(23, day(2022, 1, 10), day(2024, 2, 29))
	if n, earliest := NextStep(cat, devPath, f); n != 23 || earliest != day(2025, 2, 28) {
		t.Errorf("next %d from %s, want 23 from 2025-02-28", n, earliest)
	}
	if n, _ := NextStep(cat, devPath, file(day(1990, 1, 1))); n != 1 {
		t.Errorf("empty file: next %d", n)
	}
}

// devWorld is the test world with one development file.
func devWorld(asOf zhibu.Date, f zhibu.DevFile) zhibu.Facts {
	w := world(asOf)
	w.Development = []zhibu.DevFile{f}
	w.DevSuperior = map[int64]string{branchID: "模拟局党委"}
	return w
}

// devStatus is the status of rule id's finding about the person in the
// month of p, or "" when there is none.
func devStatus(t *testing.T, fs []zhibu.Finding, id string, p zhibu.Period) zhibu.FindingStatus {
	t.Helper()
	var got zhibu.FindingStatus
	for _, f := range fs {
		if f.RuleID == id && f.SubjectKind == zhibu.SubjectPerson && f.Period == p {
			if got != "" {
				t.Errorf("%s: two findings in %s", id, p.Label())
			}
			got = f.Status
			if f.Message == "" || f.Responsible == "" {
				t.Errorf("%s: finding without message or responsible: %+v", id, f)
			}
		}
	}
	return got
}

func TestDevDeadlines(t *testing.T) {
	cat := DefaultCatalogue()
	applied := day(2026, 1, 31) // talk within a month: by 28 February
	cases := []struct {
		name string
		f    zhibu.DevFile
		asOf zhibu.Date
		id   string
		p    zhibu.Period
		want zhibu.FindingStatus
	}{
		{"talk due on the deadline", file(day(1995, 1, 1), rec(1, applied)), day(2026, 2, 28), "dev.talk", month(2026, 2), zhibu.StatusDue},
		{"talk overdue the day after", file(day(1995, 1, 1), rec(1, applied)), day(2026, 3, 1), "dev.talk", month(2026, 2), zhibu.StatusOverdue},
		{"talk on the last day", file(day(1995, 1, 1), rec(1, applied), rec(2, day(2026, 2, 28))), day(2026, 3, 1), "dev.talk", month(2026, 2), zhibu.StatusOK},
		{"talk a day late", file(day(1995, 1, 1), rec(1, applied), rec(2, day(2026, 3, 1))), day(2026, 3, 1), "dev.talk", month(2026, 3), zhibu.StatusViolation},
		{"talk leap year", file(day(1995, 1, 1), rec(1, day(2024, 1, 31))), day(2024, 2, 29), "dev.talk", month(2024, 2), zhibu.StatusDue},
		{"talk not yet asked", file(day(1995, 1, 1), rec(1, applied)), day(2026, 1, 30), "dev.talk", month(2026, 2), ""},

		// Approval within three months of the vote (30 Nov → 28 Feb).
		{"approval due", walk(16, day(2023, 1, 10), day(2025, 11, 30)), day(2026, 2, 28), "dev.approval", month(2026, 2), zhibu.StatusDue},
		{"approval overdue", walk(16, day(2023, 1, 10), day(2025, 11, 30)), day(2026, 3, 1), "dev.approval", month(2026, 2), zhibu.StatusOverdue},
		{"approval overdue from last year, seen this year", walk(16, day(2023, 1, 10), day(2025, 1, 10)), day(2026, 5, 3), "dev.approval", month(2026, 5), zhibu.StatusOverdue},

		{"approval late, special, within six months", func() zhibu.DevFile {
			f := walk(17, day(2023, 1, 10), day(2025, 11, 30))
			ap := rec(17, day(2026, 5, 30))
			ap.Special = true
			f.Records = append(f.Records, ap)
			return f
		}(), day(2026, 6, 1), "dev.approval", month(2026, 5), zhibu.StatusOK},
		{"approval late, special, past six months", func() zhibu.DevFile {
			f := walk(17, day(2023, 1, 10), day(2025, 11, 30))
			ap := rec(17, day(2026, 5, 31))
			ap.Special = true
			f.Records = append(f.Records, ap)
			return f
		}(), day(2026, 6, 1), "dev.approval", month(2026, 5), zhibu.StatusViolation},
		{"approval late, not special", func() zhibu.DevFile {
			f := walk(17, day(2023, 1, 10), day(2025, 11, 30))
			f.Records = append(f.Records, rec(17, day(2026, 3, 1)))
			return f
		}(), day(2026, 6, 1), "dev.approval", month(2026, 3), zhibu.StatusViolation},

		// The superior approves a confirmation within three months (30 Nov → 28 Feb).
		{"confirmation approval due", confirmedOn(walk(24, day(2022, 1, 10), day(2024, 11, 30)), day(2025, 11, 30)), day(2026, 2, 28),
			"dev.confirm.approval", month(2026, 2), zhibu.StatusDue},
		{"confirmation approval overdue", confirmedOn(walk(24, day(2022, 1, 10), day(2024, 11, 30)), day(2025, 11, 30)), day(2026, 3, 1),
			"dev.confirm.approval", month(2026, 2), zhibu.StatusOverdue},

		// Confirmation: probation ends a year after the vote; the assembly
		// is due from a month before and overdue a month after.
		{"confirm reminder not yet", walk(23, day(2023, 1, 10), day(2025, 6, 26)), day(2026, 5, 25), "dev.probation", month(2026, 7), ""},
		{"confirm due", walk(23, day(2023, 1, 10), day(2025, 6, 26)), day(2026, 5, 26), "dev.probation", month(2026, 7), zhibu.StatusDue},
		{"confirm overdue", walk(23, day(2023, 1, 10), day(2025, 6, 26)), day(2026, 7, 27), "dev.probation", month(2026, 7), zhibu.StatusOverdue},

		// Activist reviewed every six months (31 Aug → 28 Feb).
		{"review due", walk(6, day(2025, 8, 31), zhibu.Date{}), day(2026, 2, 28), "dev.activist.review", month(2026, 2), zhibu.StatusDue},
		{"review overdue", walk(6, day(2025, 8, 31), zhibu.Date{}), day(2026, 3, 1), "dev.activist.review", month(2026, 2), zhibu.StatusOverdue},
		{"review done", func() zhibu.DevFile {
			f := walk(6, day(2025, 8, 31), zhibu.Date{})
			f.Records = append(f.Records, rec(6, day(2026, 2, 20)))
			return f
		}(), day(2026, 3, 1), "dev.activist.review", month(2026, 2), zhibu.StatusOK},
	}
	for _, c := range cases {
		fs := Check(cat, devWorld(c.asOf, c.f), branchID, c.asOf.Year)
		if got := devStatus(t, fs, c.id, c.p); got != c.want {
			t.Errorf("%s: %s in %s is %q, want %q", c.name, c.id, c.p.Label(), got, c.want)
		}
	}
	// The superior's deadline names the superior.
	fs := Check(cat, devWorld(day(2026, 3, 1), walk(16, day(2023, 1, 10), day(2025, 11, 30))), branchID, 2026)
	found := false
	for _, f := range fs {
		if f.RuleID == "dev.approval" && strings.Contains(f.Message, "模拟局党委") {
			found = true
		}
	}
	if !found {
		t.Errorf("dev.approval does not name the superior")
	}
}

func TestDevReplayViolation(t *testing.T) {
	// A candidate designated ten months after the activist (say, imported):
	// the engine reports the record as a violation of dev.candidate.after.
	f := walk(7, day(2025, 3, 1), zhibu.Date{})
	f.Records = append(f.Records, rec(7, day(2026, 1, 1)))
	fs := Check(DefaultCatalogue(), devWorld(day(2026, 6, 30), f), branchID, 2026)
	if got := devStatus(t, fs, "dev.candidate.after", month(2026, 1)); got != zhibu.StatusViolation {
		t.Errorf("replayed violation: %q", got)
	}
	if got := devStatus(t, fs, "dev.order", month(2026, 1)); got != "" {
		t.Errorf("dev.order: %q", got)
	}
}
