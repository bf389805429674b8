package zhibu

import (
	"errors"
	"testing"
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
