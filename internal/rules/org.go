package rules

import "zhibu"

// orgCatalogue is the national layer of the rules about an org's size
// (RULES.md, org.branch.min and org.branch.max).
func orgCatalogue() Catalogue {
	n := func(id, title, source string, p zhibu.RuleParams) zhibu.RuleVersion {
		return zhibu.RuleVersion{ID: id, Layer: zhibu.LayerNational, Title: title, Source: source, Confidence: "S", Params: p}
	}
	return Catalogue{
		n("org.branch.min", "正式党员3人以上的单位成立党支部；不足3人的与邻近单位联合成立党支部", srcBranchRules+"第二章",
			zhibu.RuleParams{"min_members": 3}),
		n("org.branch.max", "党支部党员人数一般不超过50人；超过50人的可成立党总支，超过100人的可成立基层党委", srcBranchRules+"第二章；"+srcOrgans+"第六条",
			zhibu.RuleParams{"general_above": 50, "committee_above": 100}),
	}
}

func orgRules() []Rule { return []Rule{branchMin{}, branchMax{}} }

func init() {
	RegisterParam(ParamSpec{"min_members", "成立支部的最少正式党员人数", Higher})
	RegisterParam(ParamSpec{"general_above", "党员人数超过此数可成立党总支", Lower})
	RegisterParam(ParamSpec{"committee_above", "党员人数超过此数可成立基层党委", Lower})
}

// branchMin (org.branch.min): a branch has at least min_members full
// members; fewer should join a neighbouring unit in a joint branch. Judged
// on c.Day() for branches whose member count the facts give.
type branchMin struct{}

func (branchMin) ID() string { return "org.branch.min" }

func (branchMin) Check(c *Context) []zhibu.Finding {
	members, res, ok := branchSize(c)
	if !ok {
		return nil
	}
	least := res.Params.Get("min_members")
	f := c.New(res, c.Org, yearPeriod(c))
	f.Responsible = zhibu.Secretary
	head := "支部有正式党员" + itoa(members) + "人，"
	if members < least {
		f.Status = zhibu.StatusViolation
		f.Message = head + "不足" + itoa(least) + "人，应报上级党委与邻近单位联合成立党支部"
	} else {
		f.Status = zhibu.StatusOK
		f.Message = head + "达到成立支部的人数"
	}
	return []zhibu.Finding{f}
}

// branchMax (org.branch.max): a branch generally has no more than
// general_above members; above it a general branch may be formed, above
// committee_above a primary committee. A branch over the limit is a
// violation to be raised with the superior, who decides.
type branchMax struct{}

func (branchMax) ID() string { return "org.branch.max" }

func (branchMax) Check(c *Context) []zhibu.Finding {
	members, res, ok := branchSize(c)
	if !ok {
		return nil
	}
	general, committee := res.Params.Get("general_above"), res.Params.Get("committee_above")
	f := c.New(res, c.Org, yearPeriod(c))
	f.Responsible = zhibu.Secretary
	head := "支部有正式党员" + itoa(members) + "人，"
	switch {
	case committee > 0 && members > committee:
		f.Status = zhibu.StatusViolation
		f.Message = head + "超过" + itoa(committee) + "人，应报上级党委研究成立基层党委"
	case general > 0 && members > general:
		f.Status = zhibu.StatusViolation
		f.Message = head + "超过" + itoa(general) + "人，应报上级党委研究成立党总支或分设支部"
	default:
		f.Status = zhibu.StatusOK
		f.Message = head + "未超过" + itoa(general) + "人"
	}
	return []zhibu.Finding{f}
}

// branchSize is the full members of the checked branch as of c.Day() and
// the rule's parameters then; ok is false for an org that is not a branch,
// a branch whose count the facts do not give, or a rule not in force.
func branchSize(c *Context) (int, Resolved, bool) {
	if c.Org.Kind != zhibu.KindBranch {
		return 0, Resolved{}, false
	}
	members, known := c.Facts.Members[c.Org.ID]
	if !known {
		return 0, Resolved{}, false
	}
	res, ok := c.Params(c.Day())
	return members, res, ok
}
