package api

import (
	"context"
	"net/http"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// ComplianceReport is what `zhibu check --format json` prints and GET
// /api/v1/orgs/{id}/compliance answers (docs/compliance.md): the org
// checked, the year, the day it was checked as of, every finding in the
// order of the rule registry, and the findings counted by status. Its field
// names are stable.
type ComplianceReport struct {
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

// CheckDay is the day a check of year is made as of when none is asked
// for: today, or the year's last day when that is earlier (a past year is
// checked whole).
func CheckDay(year int, today zhibu.Date) zhibu.Date {
	if end := zhibu.MakeDate(year, 12, 31); today.After(end) {
		return end
	}
	return today
}

// Compliance checks org for year as of asOf (never zero: see CheckDay)
// with the rule catalogue in the database:
//   - a branch: its findings and its groups';
//   - a committee or general branch: those of every org in its subtree, in
//     the tree's order;
//   - a group: its branch's findings about the group. The branch's records
//     are read whatever the actor's scope (a group leader reads their
//     group, not its branch); only the group's findings are returned.
func Compliance(ctx context.Context, s *store.Store, org zhibu.Org, year int, asOf zhibu.Date) (ComplianceReport, error) {
	rep := ComplianceReport{Org: ReportOrg{Code: org.Code, Name: org.Name}, Year: year, AsOf: asOf, Findings: []zhibu.Finding{}}
	cat, err := s.Catalogue(ctx)
	if err != nil {
		return rep, err
	}
	switch org.Kind {
	case zhibu.KindGroup:
		facts, err := s.Facts(zhibu.WithActor(ctx, zhibu.System), org.ParentID, year, asOf)
		if err != nil {
			return rep, err
		}
		for _, f := range rules.Check(cat, facts, org.ParentID, year) {
			if f.SubjectKind == zhibu.SubjectOrg && f.SubjectID == org.ID {
				rep.Findings = append(rep.Findings, f)
			}
		}
	case zhibu.KindBranch:
		facts, err := s.Facts(ctx, org.ID, year, asOf)
		if err != nil {
			return rep, err
		}
		rep.Findings = append(rep.Findings, rules.Check(cat, facts, org.ID, year)...)
	default:
		facts, err := s.Facts(ctx, org.ID, year, asOf)
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

// compliance answers GET /api/v1/orgs/{id}/compliance?year=2018&as_of=2018-12-31:
// the same JSON as zhibu check. The year defaults to this year; as_of to
// today, or the year's end for a past year.
func (a *api) compliance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	p := params{q: r.URL.Query()}
	today := zhibu.Today(time.Now())
	year := int(p.int("year", 1900, 9999, "应为四位年份，如2018"))
	if year == 0 {
		year = today.Year
	}
	asOf := CheckDay(year, today)
	if v := p.q.Get("as_of"); v != "" {
		d, err := zhibu.ParseDate(v)
		if err != nil || d.IsZero() {
			p.bad("as_of", "应为有效日期，如2018-12-31")
		} else {
			asOf = d
		}
	}
	if err := p.ps.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	org, err := a.store.Org(ctx, id)
	if err != nil {
		return err
	}
	rep, err := Compliance(ctx, a.store, org, year, asOf)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, rep)
}
