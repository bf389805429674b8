package rules

import (
	"strconv"

	"zhibu"
)

// The branch's voice (issue 14 part B): disclose.branch and
// disclose.procedure (RULES.md), and two rules of the seed plan that
// RULES.md does not name yet: mailbox.reply (a letter to the secretary's
// or deputy's mailbox is answered within reply_days) and paper.annual
// (the year's research paper is submitted to the superior by its
// deadline). They read zhibu.Facts.Disclosures, .Letters and .Papers.

// Evidence kinds of these rules.
const (
	EvidenceDisclosure = "disclosure"
	EvidenceLetter     = "letter"
	EvidencePaper      = "paper"
)

func voiceRules() []Rule {
	return []Rule{discloseBranch{}, discloseProcedure{}, mailboxReply{}, paperAnnual{}}
}

const (
	srcDisclosure = "《中国共产党党务公开条例（试行）》"
	srcSeed       = "支部党建工作计划（2018）"
)

func init() {
	RegisterParam(ParamSpec{"reply_days", "信件答复期限（天）", Lower})
}

func voiceCatalogue() Catalogue {
	n := func(id, title, source, conf string, p zhibu.RuleParams) zhibu.RuleVersion {
		return zhibu.RuleVersion{ID: id, Layer: zhibu.LayerNational, Title: title, Source: source, Confidence: conf, Params: p}
	}
	return Catalogue{
		n("disclose.branch", "支部按党务公开目录公开：贯彻落实上级决策部署、组织生活、发展党员、党费收缴使用、换届选举、奖惩；计划增加书记述职报告、改选情况、党员发展情况",
			srcDisclosure+"；"+srcSeed+"第六部分", "U", nil),
		n("disclose.procedure", "党务公开按程序办理：提出（内容、范围、时间、形式）→保密审查→书记审批→发布", srcDisclosure+"第十五条", "S", nil),
		n("mailbox.reply", "书记、副书记信箱来信按期答复", srcSeed+"第六部分", "", zhibu.RuleParams{"reply_days": zhibu.DefaultReplyDays}),
		n("paper.annual", "每年围绕专题撰写党建调研论文，按期报送上级", srcSeed+"第十部分", "", nil),
	}
}

func disclosureEvidence(d *zhibu.Disclosure) zhibu.Evidence {
	return zhibu.Evidence{Kind: EvidenceDisclosure, ID: d.ID, Label: d.Title}
}

// disclosuresOf indexes the disclosures by branch.
func disclosuresOf(c *Context) map[int64][]*zhibu.Disclosure {
	return c.Index("disclosures", func(f *zhibu.Facts) any {
		m := map[int64][]*zhibu.Disclosure{}
		for i := range f.Disclosures {
			d := &f.Disclosures[i]
			m[d.OrgID] = append(m[d.OrgID], d)
		}
		return m
	}).(map[int64][]*zhibu.Disclosure)
}

// discloseBranch (disclose.branch): for each catalogue item and each of
// its periods of the year that has begun by AsOf, the branch has an item
// of that category for that period published (and not withdrawn) by
// AsOf: ok; else due until the period's last day, overdue after. The
// election is disclosed only in a year the branch elected its committee.
// The propaganda officer is responsible (seed: disclosure is theirs).
type discloseBranch struct{}

func (discloseBranch) ID() string { return "disclose.branch" }

func (discloseBranch) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	elected := false
	for _, t := range c.Terms(c.Org.ID) {
		elected = elected || (t.ElectedOn.Year == c.Year && !t.ElectedOn.After(c.AsOf))
	}
	var out []zhibu.Finding
	for _, cat := range zhibu.DisclosureCategories {
		if cat == zhibu.DiscloseElection && !elected {
			continue
		}
		for _, p := range zhibu.PeriodsOf(cat.Period(), c.Year) {
			if p.Start().After(c.AsOf) {
				continue
			}
			res, ok := c.Params(p.Start())
			if !ok {
				continue
			}
			f := c.New(res, c.Org, p)
			f.Responsible, f.Deadline = zhibu.PropagandaOfficer, p.End()
			var done *zhibu.Disclosure
			for _, d := range disclosuresOf(c)[c.Org.ID] {
				if d.Category == cat && d.Period == p && d.Disclosed(c.AsOf) {
					done = d
					break
				}
			}
			f.Status = c.Status(done != nil, p.End())
			switch {
			case done != nil:
				f.Evidence = []zhibu.Evidence{disclosureEvidence(done)}
				f.Message = p.Label() + "“" + cat.Label() + "”已于" + done.PublishedOn.Chinese() + "公开"
			case f.Status == zhibu.StatusOverdue:
				f.Message = p.Label() + "未公开“" + cat.Label() + "”，应按程序补充公开"
			default:
				f.Message = p.Label() + "“" + cat.Label() + "”尚未公开，应于" + p.End().Chinese() + "前经保密审查、书记审批后公开"
			}
			out = append(out, f)
		}
	}
	return out
}

// discloseProcedure (disclose.procedure): a published item went through
// the secrecy review and the approval, in that order, before it was
// published (ok; else a violation). An item under way waits for its next
// step until its planned day (due), and is overdue after it; the step's
// holder is responsible: the secrecy officer for the review, the
// secretary for the approval, the propaganda officer for publishing.
type discloseProcedure struct{}

func (discloseProcedure) ID() string { return "disclose.procedure" }

func (discloseProcedure) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	day := c.Day()
	var out []zhibu.Finding
	for _, d := range disclosuresOf(c)[c.Org.ID] {
		if d.ProposedOn.After(day) {
			continue
		}
		res, ok := c.Params(d.ProposedOn)
		if !ok {
			continue
		}
		f := c.New(res, c.Org, zhibu.MonthOf(day))
		f.Evidence = []zhibu.Evidence{disclosureEvidence(d)}
		name := "公开事项“" + d.Title + "”"
		published := !d.PublishedOn.IsZero() && !d.PublishedOn.After(day)
		switch {
		case published:
			f.Period, f.Responsible = zhibu.MonthOf(d.PublishedOn), zhibu.Secretary
			inOrder := !d.ReviewedOn.IsZero() && !d.ApprovedOn.IsZero() &&
				!d.ApprovedOn.Before(d.ReviewedOn) && !d.PublishedOn.Before(d.ApprovedOn)
			if d.PublishedOn.Year != c.Year {
				continue
			}
			if inOrder {
				f.Status, f.Message = zhibu.StatusOK, name+"经保密审查、书记审批后于"+d.PublishedOn.Chinese()+"发布"
			} else {
				f.Status, f.Message = zhibu.StatusViolation, name+"发布前未依次经过保密审查和书记审批，应撤回并按程序重新办理"
			}
		case d.Status == zhibu.DisclosureRefused || d.Status == zhibu.DisclosureWithdrawn:
			continue
		default:
			f.Deadline = d.PlannedOn
			f.Status = c.Status(false, d.PlannedOn)
			var next string
			switch d.Status {
			case zhibu.DisclosureProposed:
				f.Responsible, next = zhibu.SecrecyOfficer, "待保密委员作保密审查"
			case zhibu.DisclosureReviewed:
				f.Responsible, next = zhibu.Secretary, "待书记审批"
			default:
				f.Responsible, next = zhibu.PropagandaOfficer, "已审批，待发布"
			}
			if f.Status == zhibu.StatusOverdue {
				f.Message = name + "拟于" + d.PlannedOn.Chinese() + "公开，至今" + next + "，已逾期"
			} else {
				f.Message = name + next + "，拟于" + d.PlannedOn.Chinese() + "公开"
			}
		}
		out = append(out, f)
	}
	return out
}

// mailboxReply (mailbox.reply): each letter is answered within reply_days
// of the day it was written. An open letter is due up to its deadline and
// overdue after it, in the month of the check day; a replied one is ok (a
// violation when late) in the month of its reply. The secretary or the
// deputy it was written to is responsible. The finding names the letter
// by its number and day, never its writer or contents.
type mailboxReply struct{}

func (mailboxReply) ID() string { return "mailbox.reply" }

func (mailboxReply) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	day := c.Day()
	var out []zhibu.Finding
	for i := range c.Facts.Letters {
		l := &c.Facts.Letters[i]
		if l.OrgID != c.Org.ID || l.WrittenOn.After(day) {
			continue
		}
		res, ok := c.Params(l.WrittenOn)
		if !ok {
			continue
		}
		deadline := l.WrittenOn.AddDays(res.Params.Get("reply_days"))
		replied := !l.RepliedOn.IsZero() && !l.RepliedOn.After(day)
		closed := !l.ClosedOn.IsZero() && !l.ClosedOn.After(day)
		name := l.WrittenOn.Chinese() + "致" + l.To.Label() + "的来信（第" + strconv.FormatInt(l.ID, 10) + "号）"
		f := c.New(res, c.Org, zhibu.MonthOf(day))
		f.Responsible, f.Deadline = l.To.Position(), deadline
		f.Evidence = []zhibu.Evidence{{Kind: EvidenceLetter, ID: l.ID, Label: "第" + strconv.FormatInt(l.ID, 10) + "号来信"}}
		switch {
		case replied:
			if l.RepliedOn.Year != c.Year {
				continue
			}
			f.Period = zhibu.MonthOf(l.RepliedOn)
			if l.RepliedOn.After(deadline) {
				f.Status, f.Message = zhibu.StatusViolation, name+"于"+l.RepliedOn.Chinese()+"答复，超过答复期限"+deadline.Chinese()
			} else {
				f.Status, f.Message = zhibu.StatusOK, name+"已于"+l.RepliedOn.Chinese()+"答复"
			}
		case closed:
			continue
		default:
			f.Status = c.Status(false, deadline)
			if f.Status == zhibu.StatusOverdue {
				f.Message = name + "超过答复期限" + deadline.Chinese() + "仍未答复，应尽快答复"
			} else {
				f.Message = name + "待答复，答复期限" + deadline.Chinese()
			}
		}
		out = append(out, f)
	}
	return out
}

// paperAnnual (paper.annual): a branch submits its research paper of the
// year to the superior by the paper's deadline. Without a paper (no topic
// set) it is due to the year's end and overdue after it; set but not
// submitted, due to its deadline and overdue after; submitted late, a
// violation. The secretary is responsible (seed §10: 党支部书记负责).
type paperAnnual struct{}

func (paperAnnual) ID() string { return "paper.annual" }

func (paperAnnual) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	year := zhibu.PeriodsOf(zhibu.PeriodYear, c.Year)[0]
	res, ok := c.Params(year.Start())
	if !ok {
		return nil
	}
	f := c.New(res, c.Org, year)
	f.Responsible = zhibu.Secretary
	var p *zhibu.Paper
	for i := range c.Facts.Papers {
		if x := &c.Facts.Papers[i]; x.OrgID == c.Org.ID && x.Year == c.Year {
			p = x
		}
	}
	if p == nil {
		f.Deadline = year.End()
		f.Status = c.Status(false, year.End())
		f.Message = strconv.Itoa(c.Year) + "年尚未确定党建调研论文题目，应听取党员意见建议后撰写论文并报送上级"
		return []zhibu.Finding{f}
	}
	f.Deadline = p.DueOn
	f.Evidence = []zhibu.Evidence{{Kind: EvidencePaper, ID: p.ID, Label: "调研论文：" + p.Topic}}
	submitted := !p.SubmittedOn.IsZero() && !p.SubmittedOn.After(c.AsOf)
	switch {
	case submitted && p.SubmittedOn.After(p.DueOn):
		f.Status, f.Message = zhibu.StatusViolation, strconv.Itoa(c.Year)+"年调研论文于"+p.SubmittedOn.Chinese()+"报送，晚于期限"+p.DueOn.Chinese()
	case submitted:
		f.Status, f.Message = zhibu.StatusOK, strconv.Itoa(c.Year)+"年调研论文已于"+p.SubmittedOn.Chinese()+"报送上级"
	default:
		f.Status = c.Status(false, p.DueOn)
		if f.Status == zhibu.StatusOverdue {
			f.Message = strconv.Itoa(c.Year) + "年调研论文超过报送期限" + p.DueOn.Chinese() + "仍未报送，应尽快定稿报送"
		} else {
			f.Message = strconv.Itoa(c.Year) + "年调研论文应于" + p.DueOn.Chinese() + "前定稿报送上级"
		}
	}
	return []zhibu.Finding{f}
}
