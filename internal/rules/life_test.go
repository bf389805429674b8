package rules

import (
	"testing"

	"zhibu"
)

// TestSelfWithdrawal is the organizational-life leg of
// member.self_withdrawal over its edges: the six months end with the last
// month before AsOf; an excused absence counts as taking part; a member
// who joined within the months, or a branch that kept no attendance from
// their start, is not judged.
func TestSelfWithdrawal(t *testing.T) {
	const person = 3001
	tests := []struct {
		name   string
		asOf   zhibu.Date
		since  zhibu.Date
		last   zhibu.Date
		kept   zhibu.Date // zero: the branch never recorded attendance
		period zhibu.Period
		want   zhibu.FindingStatus
	}{
		// AsOf 2018-07-15: the months are 2018-01 to 2018-06.
		{"took part in January", day(2018, 7, 15), day(2015, 1, 1), day(2018, 1, 1), day(2016, 1, 1), month(2018, 6), zhibu.StatusOK},
		{"last took part on 31 December", day(2018, 7, 15), day(2015, 1, 1), day(2017, 12, 31), day(2016, 1, 1), month(2018, 6), zhibu.StatusOverdue},
		{"never took part", day(2018, 7, 15), day(2015, 1, 1), zhibu.Date{}, day(2016, 1, 1), month(2018, 6), zhibu.StatusOverdue},
		{"joined on 2 January: not six months yet", day(2018, 7, 15), day(2018, 1, 2), zhibu.Date{}, day(2016, 1, 1), month(2018, 6), "none"},
		{"joined on 1 January: judged", day(2018, 7, 15), day(2018, 1, 1), zhibu.Date{}, day(2016, 1, 1), month(2018, 6), zhibu.StatusOverdue},
		{"attendance kept only from February", day(2018, 7, 15), day(2015, 1, 1), zhibu.Date{}, day(2018, 2, 1), month(2018, 6), "none"},
		{"no attendance ever kept", day(2018, 7, 15), day(2015, 1, 1), zhibu.Date{}, zhibu.Date{}, month(2018, 6), "none"},
		// A check of a past year ends with its December.
		{"the year 2018 checked in 2019", day(2019, 3, 1), day(2015, 1, 1), day(2018, 6, 30), day(2016, 1, 1), month(2018, 12), zhibu.StatusOverdue},
		{"took part on 1 July 2018", day(2019, 3, 1), day(2015, 1, 1), day(2018, 7, 1), day(2016, 1, 1), month(2018, 12), zhibu.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(tc.asOf)
			f.Life = []zhibu.MemberLife{{PersonID: person, Name: "王五", OrgID: branchID, Since: tc.since, Last: tc.last}}
			f.LifeKept = map[int64]zhibu.Date{}
			if !tc.kept.IsZero() {
				f.LifeKept[branchID] = tc.kept
			}
			got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), "member.self_withdrawal", branchID, tc.period)
			if statusOf(got) != tc.want {
				msg := ""
				if got != nil {
					msg = got.Message
				}
				t.Fatalf("member.self_withdrawal = %s, want %s (%s)", statusOf(got), tc.want, msg)
			}
			if tc.want == zhibu.StatusOverdue && (len(got.Evidence) != 1 || got.Evidence[0].ID != person) {
				t.Errorf("evidence %+v, want the person", got.Evidence)
			}
		})
	}
	// A layer of 3 months flags a member idle since March at AsOf July.
	f := world(day(2018, 7, 15))
	f.Life = []zhibu.MemberLife{{PersonID: person, Name: "王五", OrgID: branchID, Since: day(2015, 1, 1), Last: day(2018, 3, 20)}}
	f.LifeKept = map[int64]zhibu.Date{branchID: day(2016, 1, 1)}
	if got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), "member.self_withdrawal", branchID, month(2018, 6)); statusOf(got) != zhibu.StatusOK {
		t.Fatalf("six months: %s, want ok", statusOf(got))
	}
	cat := append(DefaultCatalogue(), zhibu.RuleVersion{ID: "member.self_withdrawal", Layer: zhibu.LayerBranch, OrgID: branchID, Params: zhibu.RuleParams{"absent_months": 3}})
	if got := pick(t, Check(cat, f, branchID, 2018), "member.self_withdrawal", branchID, month(2018, 6)); statusOf(got) != zhibu.StatusOverdue {
		t.Fatalf("three months in a branch layer: %s, want overdue", statusOf(got))
	}
}
