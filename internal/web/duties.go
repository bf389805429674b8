package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

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
	Items     []dutyRow
	Counts    service.Counts
	Approvals int        // what waits for the superior's decision, for those who give it (待上级审批事项)
	Plan      []planDuty // plan.go: overdue items of the year plan
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
	orgPath := map[int64][]int64{} // the org on duty for each subject, whose rules apply
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
		orgPath[f.SubjectID] = f.Duty.Org.PathIDs()
	}
	service.SortByDeadline(mine)
	views := make([]findingView, len(mine))
	for i, f := range mine {
		d.Counts.Add(f.Status)
		views[i] = newFindingView(duties.Catalogue, f, q.AsOf, subject[f.SubjectID])
		views[i].Title = service.RuleTitleAt(duties.Catalogue, f.RuleID, orgPath[f.SubjectID], q.AsOf)
	}
	if d.Plan, err = s.planDuties(r, duties.Orgs, q.AsOf); err != nil { // plan.go
		return err
	}
	ls := s.links(r)
	ls.prune(views)
	d.Items = dutyRows(views)
	for i := range d.Items {
		d.Items[i].fallback(ls)
	}
	if access.Holds(a, zhibu.PermFilingReview) {
		if d.Approvals, err = s.approvalCount(ctx); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "compliance_duties", d)
}

// dutyRow is one line of the list of duties: one rule for one subject and
// the same people, in one state, over every period it covers (a member's
// eight unpaid months are one line, not eight).
type dutyRow struct {
	findingView        // the first by deadline: its deadline, message and action
	Periods     string // the periods covered: 2026年4月—11月（8个月）
	Count       int    // how many findings the line stands for
}

// dutyRows folds findings sorted by deadline into lines, in the order of
// each line's first finding.
func dutyRows(vs []findingView) []dutyRow {
	var rows []dutyRow
	var periods [][]zhibu.Period
	at := map[string]int{}
	for _, v := range vs {
		key := dutyLine(v)
		if i, ok := at[key]; ok {
			rows[i].Count++
			periods[i] = append(periods[i], v.Period)
			continue
		}
		at[key] = len(rows)
		rows = append(rows, dutyRow{findingView: v, Count: 1})
		periods = append(periods, []zhibu.Period{v.Period})
	}
	for i := range rows {
		rows[i].Periods = periodsLabel(periods[i])
	}
	return rows
}

// dutyLine is what findings on one line share: the rule, the subject, the
// state, the action and the people or records named.
func dutyLine(v findingView) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%d|%s|%s|%s", v.RuleID, v.SubjectKind, v.SubjectID, v.Status, v.Responsible, v.Fix.Label)
	for _, e := range v.Evidence {
		b.WriteString("|" + e.Label)
	}
	return b.String()
}

// periodsLabel writes the periods of a line: one period as it is, a run
// of months of one year as 2026年4月—11月（8个月）, others one after another.
func periodsLabel(ps []zhibu.Period) string {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b zhibu.Period) int { return a.Start().Time().Compare(b.Start().Time()) })
	ps = slices.Compact(ps)
	if len(ps) == 1 {
		return ps[0].Label()
	}
	run := true
	for i := 1; i < len(ps); i++ {
		if ps[i].Kind != zhibu.PeriodMonth || ps[i-1].Kind != zhibu.PeriodMonth || ps[i] != ps[i-1].Next() {
			run = false
		}
	}
	if run && ps[0].Year == ps[len(ps)-1].Year {
		return fmt.Sprintf("%d年%d月—%d月（%d个月）", ps[0].Year, ps[0].N, ps[len(ps)-1].N, len(ps))
	}
	if run {
		return fmt.Sprintf("%s—%s（%d个月）", ps[0].Label(), ps[len(ps)-1].Label(), len(ps))
	}
	labels := make([]string, len(ps))
	for i, p := range ps {
		labels[i] = p.Label()
	}
	return strings.Join(labels, "、")
}

// fallback gives a line without a form to fill an action all the same:
// to look at what it names, or at the subject's calendar, where the
// viewer may open them.
func (d *dutyRow) fallback(ls *links) {
	if d.Fix.Href != "" {
		return
	}
	for _, e := range d.Evidence {
		if e.Href != "" {
			d.Fix = link{Label: "查看", Href: e.Href}
			return
		}
	}
	for _, id := range []int64{d.SubjectID, d.OrgID} {
		if d.SubjectKind != zhibu.SubjectOrg && id == d.SubjectID {
			continue
		}
		if h := orgHref(id) + "/compliance?year=" + strconv.Itoa(d.Period.Year); ls.ok(h) {
			d.Fix = link{Label: "查看合规日历", Href: h}
			return
		}
	}
}
