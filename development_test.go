package zhibu

import (
	"errors"
	"testing"
	"time"
)

func TestProbationEnd(t *testing.T) {
	d := MakeDate
	f := DevFile{}
	if !f.ProbationEnd(12).IsZero() {
		t.Errorf("no admission: %s", f.ProbationEnd(12))
	}
	for _, c := range []struct {
		admitted Date
		extend   []int
		want     Date
	}{
		{d(2024, 2, 29), nil, d(2025, 2, 28)},         // a leap day: 28 February
		{d(2024, 1, 31), nil, d(2025, 1, 31)},         // a month end stays
		{d(2024, 8, 31), []int{6}, d(2026, 2, 28)},    // 18 months to a short month
		{d(2023, 8, 31), []int{6}, d(2025, 2, 28)},    // …and in a year before a leap year
		{d(2022, 8, 31), []int{6}, d(2024, 2, 29)},    // …to a leap February
		{d(2024, 3, 20), []int{6, 6}, d(2026, 3, 20)}, // two extensions add up
		{d(2024, 3, 20), []int{12}, d(2026, 3, 20)},   // one of a year
		{d(2025, 12, 31), nil, d(2026, 12, 31)},       // year end
		{d(2025, 11, 30), []int{3}, d(2027, 2, 28)},   // months of the extension clamp too
	} {
		f := DevFile{Records: []DevRecord{{Step: 15, On: c.admitted, Outcome: OutcomeDone}}}
		for _, m := range c.extend {
			f.Records = append(f.Records, DevRecord{Step: 23, On: c.admitted.AddYears(1), Outcome: OutcomeExtend, Months: m})
		}
		if got := f.ProbationEnd(12); got != c.want {
			t.Errorf("admitted %s extended %v: ends %s, want %s", c.admitted, c.extend, got, c.want)
		}
	}
	// A failed vote does not start the probation.
	failed := DevFile{Records: []DevRecord{{Step: 15, On: d(2024, 3, 1), Outcome: OutcomeFailed}}}
	if !failed.ProbationEnd(12).IsZero() || failed.Done(15) {
		t.Errorf("a failed vote counts")
	}
}

func TestDevRecordValidate(t *testing.T) {
	d := MakeDate(2025, 3, 1)
	for _, c := range []struct {
		r     DevRecord
		field string
	}{
		{DevRecord{Step: 0, On: d}, "step"},
		{DevRecord{Step: 26, On: d}, "step"},
		{DevRecord{Step: 1}, "on"},
		{DevRecord{Step: 1, On: MakeDate(2025, 2, 30)}, "on"},
		{DevRecord{Step: 1, On: d, Outcome: "maybe"}, "outcome"},
		{DevRecord{Step: 1, On: d, Outcome: OutcomeFailed}, "outcome"},
		{DevRecord{Step: 3, On: d, Outcome: OutcomeConfirm}, "outcome"},
		{DevRecord{Step: 23, On: d, Outcome: OutcomeDone, MeetingID: 1, Resolution: 1}, "outcome"},
		{DevRecord{Step: 15, On: d}, "meeting_id"},
		{DevRecord{Step: 11, On: d}, "days"},
		{DevRecord{Step: 1, On: d, Note: string(make([]rune, 501))}, "note"},
		{DevRecord{Step: 10, On: d, Outcome: OutcomeFailed}, ""},
		{DevRecord{Step: 11, On: d, Hours: 24}, ""},
		{DevRecord{Step: 23, On: d, Outcome: OutcomeRevoke, MeetingID: 1, Resolution: 1}, ""},
		// A committee's decision (steps 3, 7, 12) may name its resolution;
		// a step no meeting decides may not name a meeting.
		{DevRecord{Step: 3, On: d, MeetingID: 1, Resolution: 2}, ""},
		{DevRecord{Step: 12, On: d}, ""},
		{DevRecord{Step: 7, On: d, MeetingID: 1}, "resolution"},
		{DevRecord{Step: 5, On: d, MeetingID: 1, Resolution: 1}, "meeting_id"},
	} {
		err := c.r.Validate()
		var ps Problems
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%+v: %v", c.r, err)
		case c.field != "" && (!errors.As(err, &ps) || ps.For(c.field) == ""):
			t.Errorf("%+v: %v, want a problem with %s", c.r, err, c.field)
		}
	}
}

func TestMissingMaterials(t *testing.T) {
	f := DevFile{Records: []DevRecord{{Step: 1, On: MakeDate(2025, 1, 1)}, {Step: 3, On: MakeDate(2025, 2, 1)}}}
	miss := f.Missing([]DevMaterial{{Step: 3, Name: "入党积极分子登记表"}})
	if len(miss) != 2 || miss[0] != (MissingMaterial{1, "入党申请书"}) || miss[1] != (MissingMaterial{3, "推荐和确定入党积极分子的支委会记录"}) {
		t.Errorf("missing %v", miss)
	}
	if !ValidMaterial(1, "入党申请书") || ValidMaterial(1, "政治审查报告") || ValidMaterial(26, "x") {
		t.Errorf("ValidMaterial")
	}
	for n := 1; n <= DevStepCount; n++ {
		if DevSteps[n].N != n {
			t.Errorf("step %d numbered %d", n, DevSteps[n].N)
		}
		for _, a := range DevSteps[n].After {
			if a >= n {
				t.Errorf("step %d depends on a later step %d", n, a)
			}
		}
	}
}

func TestAwaitingSuperior(t *testing.T) {
	d := MakeDate
	done := func(steps ...int) []DevRecord {
		var out []DevRecord
		for i, n := range steps {
			out = append(out, DevRecord{Step: n, On: d(2025, 1, 1).AddDays(i * 10), Outcome: OutcomeDone})
		}
		return out
	}
	for _, c := range []struct {
		name    string
		records []DevRecord
		want    []int
	}{
		{"nothing yet", nil, nil},
		{"an applicant talked to", done(1, 2), nil},
		{"an activist named", done(1, 2, 3), []int{4}},
		{"activist filed", done(1, 2, 3, 4, 5, 6), nil},
		{"a candidate named", done(1, 2, 3, 4, 5, 6, 7), []int{8}},
		{"the committee's review", done(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), []int{13}},
		{"admitted", done(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), []int{16}},
		{"talked to by the superior", done(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16), []int{17}},
		{"confirmed by the assembly", append(done(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22),
			DevRecord{Step: 23, On: d(2026, 5, 1), Outcome: OutcomeConfirm}), []int{24}},
		{"a failed vote", append(done(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14), DevRecord{Step: 15, On: d(2026, 5, 1), Outcome: OutcomeFailed}), nil},
	} {
		got, since := DevFile{Records: c.records}.AwaitingSuperior()
		if len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) {
			t.Errorf("%s: awaiting %v, want %v", c.name, got, c.want)
			continue
		}
		if len(got) > 0 {
			if last := c.records[len(c.records)-1].On; since[0] != last {
				t.Errorf("%s: since %s, want %s", c.name, since[0], last)
			}
		}
	}
}

func TestApply(t *testing.T) {
	d := MakeDate
	admitted := DevFile{
		Person:  Person{Status: Probationary, AppliedOn: d(2022, 1, 5), ActivistOn: d(2022, 3, 1), CandidateOn: d(2023, 3, 1), AdmittedOn: d(2024, 2, 29)},
		Records: []DevRecord{{ID: 1, Step: 15, On: d(2024, 2, 29)}, {ID: 2, Step: 23, On: d(2025, 3, 1), Outcome: OutcomeExtend, Months: 6}},
	}
	for _, c := range []struct {
		name   string
		f      DevFile
		r      DevRecord
		months int
		want   Stages
	}{
		{"application", DevFile{Person: Person{Status: Masses}}, DevRecord{Step: 1, On: d(2024, 1, 2)}, 12,
			Stages{Status: Applicant, AppliedOn: d(2024, 1, 2)}},
		{"activist", DevFile{Person: Person{Status: Applicant, AppliedOn: d(2024, 1, 2)}}, DevRecord{Step: 3, On: d(2024, 7, 2)}, 12,
			Stages{Status: Activist, AppliedOn: d(2024, 1, 2), ActivistOn: d(2024, 7, 2)}},
		{"a step never lowers the status", DevFile{Person: Person{Status: Candidate}}, DevRecord{Step: 3, On: d(2024, 7, 2)}, 12,
			Stages{Status: Candidate, ActivistOn: d(2024, 7, 2)}},
		{"candidate", DevFile{Person: Person{Status: Activist}}, DevRecord{Step: 7, On: d(2025, 7, 2)}, 12,
			Stages{Status: Candidate, CandidateOn: d(2025, 7, 2)}},
		{"admission", DevFile{Person: Person{Status: Candidate}}, DevRecord{Step: 15, On: d(2025, 7, 2)}, 12,
			Stages{Status: Probationary, AdmittedOn: d(2025, 7, 2)}},
		{"a failed vote admits no one", DevFile{Person: Person{Status: Candidate}}, DevRecord{Step: 15, On: d(2025, 7, 2), Outcome: OutcomeFailed}, 12,
			Stages{Status: Candidate}},
		{"confirmation after an extension, from a leap day", admitted, DevRecord{Step: 23, On: d(2025, 9, 1), Outcome: OutcomeConfirm}, 12,
			func() Stages {
				s := admitted.Person.Stages()
				s.Status, s.ConfirmedOn = FullMember, d(2025, 8, 29)
				return s
			}()},
		{"confirmation with no months in force is after a year", admitted, DevRecord{Step: 23, On: d(2025, 9, 1), Outcome: OutcomeConfirm}, 0,
			func() Stages {
				s := admitted.Person.Stages()
				s.Status, s.ConfirmedOn = FullMember, d(2025, 8, 29)
				return s
			}()},
		{"revocation clears every stage", admitted, DevRecord{Step: 23, On: d(2025, 9, 1), Outcome: OutcomeRevoke}, 12,
			Stages{Status: Masses}},
		{"other steps change nothing", admitted, DevRecord{Step: 21, On: d(2024, 9, 1)}, 12, admitted.Person.Stages()},
	} {
		if got := c.f.Apply(c.r, c.months); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestStagesRoundTrip(t *testing.T) {
	for _, st := range []Stages{{}, {Status: Probationary, AppliedOn: MakeDate(2022, 1, 5), AdmittedOn: MakeDate(2024, 2, 29)}} {
		back, err := ParseStages(st.String())
		if err != nil || back != st {
			t.Errorf("%q: %+v, %v", st.String(), back, err)
		}
		if got := (Person{Name: "张三"}).WithStages(st); got.Stages() != st || got.Name != "张三" {
			t.Errorf("WithStages: %+v", got)
		}
	}
	if _, err := ParseStages("probationary|2024-01-01"); err == nil {
		t.Error("a short text parsed")
	}
}

func TestLatestAndSort(t *testing.T) {
	rs := []DevRecord{{ID: 3, On: MakeDate(2024, 1, 1)}, {ID: 1, On: MakeDate(2024, 2, 1)}, {ID: 2, On: MakeDate(2024, 1, 1)}}
	f := DevFile{Records: rs}
	if l, ok := f.Latest(); !ok || l.ID != 3 {
		t.Errorf("latest %d", l.ID)
	}
	SortDevRecords(rs)
	if rs[0].ID != 2 || rs[1].ID != 3 || rs[2].ID != 1 {
		t.Errorf("sorted %v", rs)
	}
	if _, ok := (DevFile{}).Latest(); ok {
		t.Error("an empty file has a latest record")
	}
}

// Current is the highest step that counts, not the record entered last:
// a review (step 6) recorded after the candidacy (7) leaves the file at 7,
// and a failed vote does not count.
func TestDevFileCurrent(t *testing.T) {
	d := func(m, day int) Date { return MakeDate(2025, time.Month(m), day) }
	f := DevFile{Records: []DevRecord{
		{ID: 1, Step: 1, On: d(1, 10)}, {ID: 2, Step: 2, On: d(1, 20)}, {ID: 3, Step: 3, On: d(2, 1)},
		{ID: 4, Step: 7, On: d(6, 1)}, {ID: 5, Step: 6, On: d(6, 5)},
	}}
	if cur, ok := f.Current(); !ok || cur.ID != 4 {
		t.Errorf("current %+v, want the candidacy (record 4)", cur)
	}
	f.Records = append(f.Records, DevRecord{ID: 6, Step: 15, On: d(7, 1), Outcome: OutcomeFailed})
	if cur, _ := f.Current(); cur.ID != 4 {
		t.Errorf("a failed vote is current: %+v", cur)
	}
	if _, ok := (DevFile{}).Current(); ok {
		t.Error("an empty file has a current step")
	}
}
