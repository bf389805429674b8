package rules

import (
	"testing"

	"zhibu"
)

func TestBranchSize(t *testing.T) {
	tests := []struct {
		name    string
		members int
		rule    string
		want    zhibu.FindingStatus
		message string
	}{
		{"two members are too few", 2, "org.branch.min", zhibu.StatusViolation, "支部有正式党员2人，不足3人，应报上级党委与邻近单位联合成立党支部"},
		{"three members may form a branch", 3, "org.branch.min", zhibu.StatusOK, "支部有正式党员3人，达到成立支部的人数"},
		{"no members at all", 0, "org.branch.min", zhibu.StatusViolation, ""},
		{"fifty is within the limit", 50, "org.branch.max", zhibu.StatusOK, "支部有正式党员50人，未超过50人"},
		{"fifty-one may form a general branch", 51, "org.branch.max", zhibu.StatusViolation, "支部有正式党员51人，超过50人，应报上级党委研究成立党总支或分设支部"},
		{"one hundred is a general branch's size", 100, "org.branch.max", zhibu.StatusViolation, "支部有正式党员100人，超过50人，应报上级党委研究成立党总支或分设支部"},
		{"one hundred and one may form a committee", 101, "org.branch.max", zhibu.StatusViolation, "支部有正式党员101人，超过100人，应报上级党委研究成立基层党委"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(day(2018, 6, 1))
			f.Members[branchID] = tc.members
			got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), tc.rule, branchID, year(2018))
			if statusOf(got) != tc.want {
				t.Fatalf("%s = %s, want %s (%s)", tc.rule, statusOf(got), tc.want, got.Message)
			}
			if tc.message != "" && got.Message != tc.message {
				t.Errorf("message %q, want %q", got.Message, tc.message)
			}
		})
	}
	// A layer may lower the limit: a branch layer of 40 flags 45 members.
	f := world(day(2018, 6, 1))
	f.Members[branchID] = 45
	cat := append(DefaultCatalogue(), zhibu.RuleVersion{ID: "org.branch.max", Layer: zhibu.LayerBranch, OrgID: branchID,
		Params: zhibu.RuleParams{"general_above": 40, "committee_above": 100}})
	if got := pick(t, Check(cat, f, branchID, 2018), "org.branch.max", branchID, year(2018)); got.Status != zhibu.StatusViolation {
		t.Errorf("with a branch layer of 40, 45 members = %s, want violation", got.Status)
	}
	// Without a member count neither rule says anything.
	f = world(day(2018, 6, 1))
	delete(f.Members, branchID)
	for _, fd := range Check(DefaultCatalogue(), f, branchID, 2018) {
		if fd.RuleID == "org.branch.min" || fd.RuleID == "org.branch.max" {
			t.Errorf("without a member count: %+v", fd)
		}
	}
}
