package rules

import "zhibu"

// lifeCatalogue is the national layer of member.self_withdrawal.
func lifeCatalogue() Catalogue {
	return Catalogue{{
		ID: "member.self_withdrawal", Layer: zhibu.LayerNational, Confidence: "V",
		Title:  "党员连续6个月不参加党的组织生活、不交纳党费或不做党所分配的工作且无正当理由的，按自行脱党处理",
		Source: srcEducation + "第三十一条；《中国共产党章程》第九条",
		Params: zhibu.RuleParams{"absent_months": 6},
	}}
}

func init() {
	RegisterParam(ParamSpec{"absent_months", "连续未参加组织生活的月数", Lower})
}

// selfWithdrawal (member.self_withdrawal), its organizational-life leg: a
// member who took part in no held meeting (present, or excused with a
// reason) in the absent_months months ended by the last month of the year
// before AsOf. Judged only where the branch kept attendance from the start
// of those months and the member belonged to the branch for all of them;
// elsewhere the records cannot tell. The dues leg is dues.arrears; the
// leg of assigned work has no record to judge (docs/rules.md).
type selfWithdrawal struct{}

func (selfWithdrawal) ID() string { return "member.self_withdrawal" }

func (selfWithdrawal) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch || c.Facts.LifeKept == nil {
		return nil
	}
	last := zhibu.MonthOfDate(c.AsOf).Add(-1)
	if dec := zhibu.MakeMonth(c.Year, 12); last.After(dec) {
		last = dec
	}
	if last.Year != c.Year {
		return nil
	}
	res, ok := c.Params(last.Last())
	n := res.Params.Get("absent_months")
	if !ok || n <= 0 {
		return nil
	}
	first := last.Add(-(n - 1)).First()
	kept, ok := c.Facts.LifeKept[c.Org.ID]
	if !ok || kept.After(first) {
		return nil
	}
	var out []zhibu.Finding
	judged := 0
	for _, l := range c.Facts.Life {
		if l.OrgID != c.Org.ID || l.Since.After(first) {
			continue
		}
		judged++
		if !l.Last.Before(first) {
			continue
		}
		f := c.New(res, c.Org, last.Period())
		f.Status, f.Responsible, f.Deadline = zhibu.StatusOverdue, zhibu.OrgOfficer, last.Last()
		f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidencePerson, ID: l.PersonID, Label: l.Name}}
		since := "自" + first.Chinese() + "起"
		if !l.Last.IsZero() {
			since = "自" + l.Last.Chinese() + "后"
		}
		f.Message = "党员" + l.Name + since + "连续" + itoa(n) + "个月以上未参加党的组织生活（无出席或请假记录），" +
			"无正当理由的应按自行脱党处理：由支部查明情况、经支部大会讨论决定除名，并报上级党委批准"
		out = append(out, f)
	}
	if len(out) == 0 && judged > 0 {
		f := c.New(res, c.Org, last.Period())
		f.Status, f.Responsible = zhibu.StatusOK, zhibu.OrgOfficer
		f.Message = "支部党员近" + itoa(n) + "个月均参加过党的组织生活"
		out = append(out, f)
	}
	return out
}
