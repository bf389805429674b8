package service

import (
	"context"

	"zhibu"
	"zhibu/internal/rules"
)

// Duty is one org a person's current seats make them answer for: a
// committee seat in its own org, a group leader's in the group's branch,
// for that group only.
type Duty struct {
	Org       zhibu.Org        // the org the rules are checked for
	Positions []zhibu.Position // committee positions held there
	Groups    []zhibu.Org      // groups led there
	Labels    []string         // e.g. 第三党支部书记, 第三党支部第一党小组组长
}

// Owns reports whether finding f of this org is the person's to act on:
// its responsible position is one they hold here, or it is about a group
// they lead. The secretary and the deputy, who run the branch, answer for
// everything in it (支部书记负总责: they see at a glance what is done, due
// and overdue).
func (d *Duty) Owns(f zhibu.Finding) bool {
	for _, p := range d.Positions {
		if p == zhibu.Secretary || p == zhibu.DeputySecretary {
			return true
		}
	}
	if f.Responsible == zhibu.GroupLeader {
		for _, g := range d.Groups {
			if f.SubjectKind == zhibu.SubjectOrg && f.SubjectID == g.ID {
				return true
			}
		}
		return false
	}
	for _, p := range d.Positions {
		if p == f.Responsible {
			return true
		}
	}
	return false
}

// DutiesOf lists, in seat order, the orgs whose findings a person answers
// for on a day. It reads as the system: the result holds only the
// person's own positions.
func (c *Compliance) DutiesOf(ctx context.Context, personID int64, on zhibu.Date) ([]*Duty, error) {
	sys := zhibu.WithActor(ctx, zhibu.System)
	seats, err := c.store.PersonSeats(sys, personID)
	if err != nil {
		return nil, err
	}
	var out []*Duty
	byOrg := map[int64]*Duty{}
	for _, st := range seats {
		if !st.Active(on) {
			continue
		}
		org, err := c.store.Org(sys, st.OrgID)
		if err != nil {
			return nil, err
		}
		checked, label := org, org.Name+st.Position.Label()
		if org.Kind == zhibu.KindGroup {
			if checked, err = c.store.Org(sys, org.ParentID); err != nil {
				return nil, err
			}
			label = checked.Name + org.Name + st.Position.Label()
		}
		d := byOrg[checked.ID]
		if d == nil {
			d = &Duty{Org: checked}
			byOrg[checked.ID] = d
			out = append(out, d)
		}
		d.Labels = append(d.Labels, label)
		if org.Kind == zhibu.KindGroup {
			d.Groups = append(d.Groups, org)
		} else {
			d.Positions = append(d.Positions, st.Position)
		}
	}
	return out, nil
}

// Duties is what a person answers for: the orgs of their seats on a day
// and, from each org's check for a year as of a day, the findings they
// own (whatever their status, in the order of the checks).
type Duties struct {
	Orgs     []*Duty
	Findings []DutyFinding
	// Catalogue is what the findings were checked against; nil when the
	// person holds no seat.
	Catalogue rules.Catalogue
}

// DutyFinding is a finding a person owns and the duty that makes it
// theirs.
type DutyFinding struct {
	zhibu.Finding
	Duty *Duty
}

// Duties checks, as the system, each org whose findings person answers
// for on day on (their seats then), for year as of asOf, and keeps the
// findings that are theirs: what 我的职责 and the person's calendar feed
// list. Each org is checked once; the result holds only the person's own
// duties.
func (c *Compliance) Duties(ctx context.Context, personID int64, on zhibu.Date, year int, asOf zhibu.Date) (Duties, error) {
	var d Duties
	orgs, err := c.DutiesOf(ctx, personID, on)
	if err != nil {
		return d, err
	}
	d.Orgs = orgs
	sys := zhibu.WithActor(ctx, zhibu.System)
	for _, du := range orgs {
		fs, cat, err := c.Check(sys, du.Org, year, asOf)
		if err != nil {
			return d, err
		}
		d.Catalogue = cat
		for _, f := range fs {
			if du.Owns(f) {
				d.Findings = append(d.Findings, DutyFinding{Finding: f, Duty: du})
			}
		}
	}
	return d, nil
}
