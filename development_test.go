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
