package web

import (
	"net/http"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/service"
)

// My duties.

// dutiesPage is the data of compliance_duties.html.
type dutiesPage struct {
	base
	NoPerson  bool
	Year      int
	AsOf      zhibu.Date
	Positions []string
	Items     []findingView
	Counts    service.Counts
	Approvals int // what waits for the superior's decision, for those who give it (待上级审批事项)
}

// duties is GET /duties: what the signed-in person's positions make them
// responsible for (a finding whose responsible position is one they hold,
// in the org where they hold it; a group leader's for their group), not
// yet done or done wrongly, due soonest first. Each org is checked once,
// as the system: the list holds only the person's own duties.
func (s *server) duties(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := zhibu.ActorFrom(ctx)
	q, err := s.checkParams(r)
	if err != nil {
		return err
	}
	d := &dutiesPage{Year: q.Year, AsOf: q.AsOf}
	d.Title = "我的职责"
	if a.PersonID == 0 {
		d.NoPerson = true
		return s.render(w, r, http.StatusOK, "compliance_duties", d)
	}
	duties, err := s.svc.Compliance.Duties(ctx, a.PersonID, s.today(), q.Year, q.AsOf)
	if err != nil {
		return err
	}
	var mine []zhibu.Finding
	subject := map[int64]string{}
	for _, du := range duties.Orgs {
		d.Positions = append(d.Positions, du.Labels...)
	}
	for _, f := range duties.Findings {
		if !service.IsOpen(f.Status) {
			continue
		}
		mine = append(mine, f.Finding)
		name := f.Duty.Org.Name
		if f.SubjectID != f.Duty.Org.ID && f.SubjectKind == zhibu.SubjectOrg {
			name += " · " + f.SubjectName
		}
		subject[f.SubjectID] = name
	}
	service.SortByDeadline(mine)
	for _, f := range mine {
		d.Counts.Add(f.Status)
		d.Items = append(d.Items, newFindingView(duties.Catalogue, f, q.AsOf, subject[f.SubjectID]))
	}
	s.links(r).prune(d.Items)
	if access.Holds(a, zhibu.PermFilingReview) {
		if d.Approvals, err = s.approvalCount(ctx); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "compliance_duties", d)
}
