package web

import (
	"context"

	"zhibu"
)

// dutyOrg is one org a person's current seats make them answer for: a
// committee seat in its own org, a group leader's in the group's branch,
// for that group only.
type dutyOrg struct {
	check     zhibu.Org        // the org the rules are checked for
	positions []zhibu.Position // committee positions held there
	groups    []zhibu.Org      // groups led there
	labels    []string         // e.g. 第三党支部书记, 第三党支部第一党小组组长
}

// owns reports whether finding f of this org is the person's to act on:
// its responsible position is one they hold here, or it is about a group
// they lead. The secretary and the deputy, who run the branch, answer for
// everything in it (支部书记负总责: they see at a glance what is done, due
// and overdue).
func (d *dutyOrg) owns(f zhibu.Finding) bool {
	for _, p := range d.positions {
		if p == zhibu.Secretary || p == zhibu.DeputySecretary {
			return true
		}
	}
	if f.Responsible == zhibu.GroupLeader {
		for _, g := range d.groups {
			if f.SubjectKind == zhibu.SubjectOrg && f.SubjectID == g.ID {
				return true
			}
		}
		return false
	}
	for _, p := range d.positions {
		if p == f.Responsible {
			return true
		}
	}
	return false
}

// dutyOrgs lists, in seat order, the orgs whose findings a person answers
// for on a day. It reads as the system: the result holds only the
// person's own positions.
func (s *server) dutyOrgs(ctx context.Context, personID int64, on zhibu.Date) ([]*dutyOrg, error) {
	sys := zhibu.WithActor(ctx, zhibu.System)
	seats, err := s.store.PersonSeats(sys, personID)
	if err != nil {
		return nil, err
	}
	var out []*dutyOrg
	byOrg := map[int64]*dutyOrg{}
	for _, st := range seats {
		if !st.Active(on) {
			continue
		}
		org, err := s.store.Org(sys, st.OrgID)
		if err != nil {
			return nil, err
		}
		checked, label := org, org.Name+st.Position.Label()
		if org.Kind == zhibu.KindGroup {
			if checked, err = s.store.Org(sys, org.ParentID); err != nil {
				return nil, err
			}
			label = checked.Name + org.Name + st.Position.Label()
		}
		d := byOrg[checked.ID]
		if d == nil {
			d = &dutyOrg{check: checked}
			byOrg[checked.ID] = d
			out = append(out, d)
		}
		d.labels = append(d.labels, label)
		if org.Kind == zhibu.KindGroup {
			d.groups = append(d.groups, org)
		} else {
			d.positions = append(d.positions, st.Position)
		}
	}
	return out, nil
}
