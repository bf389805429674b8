package service

import (
	"context"

	"zhibu"
	"zhibu/internal/rules"
)

// Report is what `zhibu check --format json` prints and GET
// /api/v1/orgs/{id}/compliance answers (docs/compliance.md): the org
// checked, the year, the day it was checked as of, every finding in the
// order of the rule registry, and the findings counted by status. Its field
// names are stable.
type Report struct {
	Org      ReportOrg       `json:"org"`
	Year     int             `json:"year"`
	AsOf     zhibu.Date      `json:"as_of"`
	Findings []zhibu.Finding `json:"findings"`
	Summary  Summary         `json:"summary"`
}

// ReportOrg names the org a report is about.
type ReportOrg struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Summary counts a report's findings by status.
type Summary struct {
	OK        int `json:"ok"`
	Due       int `json:"due"`
	Overdue   int `json:"overdue"`
	Violation int `json:"violation"`
}

// Add counts one finding.
func (s *Summary) Add(st zhibu.FindingStatus) {
	switch st {
	case zhibu.StatusOK:
		s.OK++
	case zhibu.StatusDue:
		s.Due++
	case zhibu.StatusOverdue:
		s.Overdue++
	case zhibu.StatusViolation:
		s.Violation++
	}
}

// Report checks org for year as of asOf (never zero: see CheckDay) with
// the rule catalogue in the database:
//   - a branch: its findings and its groups';
//   - a committee or general branch: those of every org in its subtree, in
//     the tree's order;
//   - a group: its branch's findings about the group. The branch's records
//     are read whatever the actor's scope (a group leader reads their
//     group, not its branch); only the group's findings are returned.
func (c *Compliance) Report(ctx context.Context, org zhibu.Org, year int, asOf zhibu.Date) (Report, error) {
	rep := Report{Org: ReportOrg{Code: org.Code, Name: org.Name}, Year: year, AsOf: asOf, Findings: []zhibu.Finding{}}
	switch org.Kind {
	case zhibu.KindGroup, zhibu.KindBranch:
		fs, _, err := c.Check(ctx, org, year, asOf)
		if err != nil {
			return rep, err
		}
		rep.Findings = append(rep.Findings, fs...)
	default:
		cat, err := c.Catalogue(ctx)
		if err != nil {
			return rep, err
		}
		facts, err := c.store.Facts(ctx, org.ID, year, asOf)
		if err != nil {
			return rep, err
		}
		all := rules.CheckAll(cat, facts, year)
		for _, o := range facts.Orgs {
			rep.Findings = append(rep.Findings, all[o.ID]...)
		}
	}
	for _, f := range rep.Findings {
		rep.Summary.Add(f.Status)
	}
	return rep, nil
}
