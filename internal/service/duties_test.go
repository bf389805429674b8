package service

import (
	"testing"

	"zhibu"
)

// Whose duty a finding is: the responsible position, the group leader of
// the group it is about, and the secretary and deputy for everything.
func TestDutyOwns(t *testing.T) {
	g1, g2 := zhibu.Org{ID: 11, Kind: zhibu.KindGroup}, zhibu.Org{ID: 12, Kind: zhibu.KindGroup}
	committee := zhibu.Finding{RuleID: "meet.committee.monthly", Responsible: zhibu.OrgOfficer, SubjectKind: zhibu.SubjectOrg, SubjectID: 10}
	lecture := zhibu.Finding{RuleID: "meet.lecture.secretary", Responsible: zhibu.Secretary, SubjectKind: zhibu.SubjectOrg, SubjectID: 10}
	group2 := zhibu.Finding{RuleID: "meet.group.monthly", Responsible: zhibu.GroupLeader, SubjectKind: zhibu.SubjectOrg, SubjectID: 12}
	tests := []struct {
		name string
		d    Duty
		f    zhibu.Finding
		want bool
	}{
		{"officer's own", Duty{Positions: []zhibu.Position{zhibu.OrgOfficer}}, committee, true},
		{"officer, the secretary's", Duty{Positions: []zhibu.Position{zhibu.OrgOfficer}}, lecture, false},
		{"secretary, the officer's", Duty{Positions: []zhibu.Position{zhibu.Secretary}}, committee, true},
		{"deputy, the secretary's", Duty{Positions: []zhibu.Position{zhibu.DeputySecretary}}, lecture, true},
		{"discipline officer", Duty{Positions: []zhibu.Position{zhibu.DisciplineOfficer, zhibu.PropagandaOfficer}}, committee, false},
		{"leader of that group", Duty{Groups: []zhibu.Org{g2}}, group2, true},
		{"leader of another group", Duty{Groups: []zhibu.Org{g1}}, group2, false},
	}
	for _, tc := range tests {
		if got := tc.d.Owns(tc.f); got != tc.want {
			t.Errorf("%s: Owns = %v, want %v", tc.name, got, tc.want)
		}
	}
}
