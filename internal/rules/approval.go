package rules

import (
	"strings"

	"zhibu"
)

// secretaryApproval (org.secretary.approval): the secretary and deputy
// elected with a term are reported to the superior for approval. For the
// term of a branch or general branch elected with either: ok in the month
// the superior approved them (as of AsOf); while the term is in force and
// not approved, due in the month of the check day — reported and waiting,
// or not yet reported. The rule sets no time limit, so it is never overdue.
type secretaryApproval struct{}

func (secretaryApproval) ID() string { return "org.secretary.approval" }

func (secretaryApproval) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch && c.Org.Kind != zhibu.KindGeneralBranch {
		return nil
	}
	day := c.Day()
	inForce := c.TermOn(c.Org.ID, day)
	var out []zhibu.Finding
	for _, t := range c.Terms(c.Org.ID) {
		if t.ElectedOn.After(day) {
			continue
		}
		var heads []string
		for _, s := range t.Seats {
			if (s.Position == zhibu.Secretary || s.Position == zhibu.DeputySecretary) && s.StartOn == t.ElectedOn {
				heads = append(heads, s.Position.Label()+s.PersonName)
			}
		}
		if len(heads) == 0 {
			continue
		}
		res, ok := c.Params(t.ElectedOn)
		if !ok {
			continue
		}
		who := "选举产生的" + strings.Join(heads, "、")
		on := func(d zhibu.Date) bool { return !d.IsZero() && !d.After(day) }
		f := c.New(res, c.Org, zhibu.MonthOf(day))
		f.Responsible = zhibu.Secretary
		f.Evidence = []zhibu.Evidence{termEvidence(t)}
		switch {
		case on(t.ApprovedOn):
			if t.ApprovedOn.Year != c.Year {
				continue
			}
			f.Period, f.Status = zhibu.MonthOf(t.ApprovedOn), zhibu.StatusOK
			f.Message = t.ElectedOn.Chinese() + who + "已于" + t.ApprovedOn.Chinese() + "经上级党委批准"
		case t != inForce:
			continue // a past term: moot
		case on(t.ReportedOn):
			f.Status = zhibu.StatusDue
			f.Message = t.ElectedOn.Chinese() + who + "已于" + t.ReportedOn.Chinese() + "报上级党委，待批准"
		default:
			f.Status = zhibu.StatusDue
			f.Message = t.ElectedOn.Chinese() + who + "，应报上级党委批准"
		}
		out = append(out, f)
	}
	return out
}
