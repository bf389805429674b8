package zhibu

import "testing"

func TestPlanItemState(t *testing.T) {
	t.Parallel()
	d := func(m, dd int) Date { return MakeDate(2026, 7, 1).AddMonths(m - 7).AddDays(dd - 1) }
	link := func(on Date) []PlanLink { return []PlanLink{{Kind: "meeting", ID: 1, On: on}} }
	for _, c := range []struct {
		name string
		it   PlanItem
		day  Date
		want PlanState
	}{
		{"no date, no record", PlanItem{}, d(12, 31), PlanDue},
		{"before its due date", PlanItem{DueOn: d(11, 30)}, d(11, 30), PlanDue},
		{"the day after", PlanItem{DueOn: d(11, 30)}, d(12, 1), PlanOverdue},
		{"a record on the due date", PlanItem{DueOn: d(11, 30), Links: link(d(11, 30))}, d(12, 31), PlanDone},
		{"a record after it", PlanItem{DueOn: d(11, 30), Links: link(d(12, 1))}, d(12, 31), PlanOverdue},
		{"a record before the window", PlanItem{FromOn: d(7, 1), DueOn: d(11, 30), Links: link(d(6, 30))}, d(12, 31), PlanOverdue},
		{"a record on the window's first day", PlanItem{FromOn: d(7, 1), DueOn: d(11, 30), Links: link(d(7, 1))}, d(12, 31), PlanDone},
		{"marked done", PlanItem{DueOn: d(3, 31), DoneOn: d(3, 20)}, d(12, 31), PlanDone},
	} {
		if got := c.it.StateByRecords(c.day); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	fs := func(ss ...FindingStatus) []Finding {
		var out []Finding
		for _, s := range ss {
			out = append(out, Finding{Status: s})
		}
		return out
	}
	for _, c := range []struct {
		fs   []Finding
		want PlanState
		ok   bool
	}{
		{nil, "", false},
		{fs(StatusOK, StatusOK), PlanDone, true},
		{fs(StatusOK, StatusDue), PlanDue, true},
		{fs(StatusDue, StatusOverdue, StatusOK), PlanOverdue, true},
		{fs(StatusOK, StatusViolation), PlanOverdue, true},
	} {
		if got, ok := StateFromFindings(c.fs); got != c.want || ok != c.ok {
			t.Errorf("%v: %s %v, want %s %v", c.fs, got, ok, c.want, c.ok)
		}
	}
}

func TestNumeral(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 23: "二十三", 99: "九十九", 0: "0", 100: "100"} {
		if got := Numeral(n); got != want {
			t.Errorf("Numeral(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestPlanItemValidate(t *testing.T) {
	t.Parallel()
	today := MakeDate(2026, 12, 7)
	ok := PlanItem{Section: 1, Text: "每月召开支委会", Owner: OrgOfficer, Rules: []string{"meet.committee.monthly"}}
	if err := ok.Validate(2026, today); err != nil {
		t.Fatal(err)
	}
	for field, it := range map[string]PlanItem{
		"text":     {Section: 1, Owner: OrgOfficer},
		"owner":    {Section: 1, Text: "x", Owner: "chairman"},
		"section":  {Section: 0, Text: "x", Owner: OrgOfficer},
		"rules":    {Section: 1, Text: "x", Owner: OrgOfficer, Rules: []string{"Meet Committee"}},
		"due_on":   {Section: 1, Text: "x", Owner: OrgOfficer, DueOn: MakeDate(2027, 1, 1)},
		"from_on":  {Section: 1, Text: "x", Owner: OrgOfficer, FromOn: MakeDate(2026, 12, 1), DueOn: MakeDate(2026, 11, 30)},
		"record":   {Section: 1, Text: "x", Owner: OrgOfficer, Record: "party"},
		"done_on":  {Section: 1, Text: "x", Owner: OrgOfficer, DoneOn: MakeDate(2026, 12, 8), Evidence: "y"},
		"evidence": {Section: 1, Text: "x", Owner: OrgOfficer, DoneOn: MakeDate(2026, 12, 1)},
	} {
		err := it.Validate(2026, today)
		ps, _ := err.(Problems)
		if ps.For(field) == "" {
			t.Errorf("%s: %v, want a problem with the field", field, err)
		}
	}
	marked := ok
	marked.DoneOn, marked.Evidence = MakeDate(2026, 12, 1), "已召开"
	if err := marked.Validate(2026, today); err == nil {
		t.Error("an item with rules marked done by hand was accepted")
	}
}
