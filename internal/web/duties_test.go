package web

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
		d    dutyOrg
		f    zhibu.Finding
		want bool
	}{
		{"officer's own", dutyOrg{positions: []zhibu.Position{zhibu.OrgOfficer}}, committee, true},
		{"officer, the secretary's", dutyOrg{positions: []zhibu.Position{zhibu.OrgOfficer}}, lecture, false},
		{"secretary, the officer's", dutyOrg{positions: []zhibu.Position{zhibu.Secretary}}, committee, true},
		{"deputy, the secretary's", dutyOrg{positions: []zhibu.Position{zhibu.DeputySecretary}}, lecture, true},
		{"discipline officer", dutyOrg{positions: []zhibu.Position{zhibu.DisciplineOfficer, zhibu.PropagandaOfficer}}, committee, false},
		{"leader of that group", dutyOrg{groups: []zhibu.Org{g2}}, group2, true},
		{"leader of another group", dutyOrg{groups: []zhibu.Org{g1}}, group2, false},
	}
	for _, tc := range tests {
		if got := tc.d.owns(tc.f); got != tc.want {
			t.Errorf("%s: owns = %v, want %v", tc.name, got, tc.want)
		}
	}
}
