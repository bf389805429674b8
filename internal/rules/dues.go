package rules

import (
	"strings"

	"zhibu"
)

// The dues.* rules (关于中国共产党党费收缴、使用和管理的规定, 2008; 党章第九条).
// They read zhibu.Facts.Dues (each member of the checked orgs with their bases,
// the months paid from the year before the one checked, and recorded
// reasons) and zhibu.Facts.Payments (the payments made in the year). The amounts
// themselves (dues.rate.*) are computed by zhibu.MonthlyDues when a payment
// is recorded; their rules summarize each category and flag impossible bases.
//
// A branch whose members have no dues base at all does not keep its dues
// here yet: no dues rule checks it.

const srcDues = "《关于中国共产党党费收缴、使用和管理的规定》"

func init() {
	RegisterParam(ParamSpec{"arrears_months", "连续未交党费的月数", Lower})
	RegisterParam(ParamSpec{"back_months", "一次补缴最多月数", Lower})
	RegisterParam(ParamSpec{"to_centre_yuan", "自愿一次多交、须上缴中央的金额（元）", Lower})
}

// duesVersions is the national layer of the dues rules.
func duesVersions() []zhibu.RuleVersion {
	n := func(id, title, art string, p zhibu.RuleParams) zhibu.RuleVersion {
		return zhibu.RuleVersion{ID: id, Layer: zhibu.LayerNational, Title: title, Source: srcDues + art, Confidence: "V", Params: p}
	}
	return []zhibu.RuleVersion{
		n("dues.rate.salaried", "在职党员以每月工资收入（税后）为基数：3000元以下（含）0.5%，3000至5000元（含）1%，5000至10000元（含）1.5%，10000元以上2%", "第一、二条", nil),
		n("dues.rate.annual_salary", "实行年薪制的党员以当月实际领取的收入为基数，比例同在职党员", "第三条", nil),
		n("dues.rate.no_salary", "无固定工资收入的党员以上季度月平均纯收入为基数，比例同在职党员", "第四条", nil),
		n("dues.rate.retired", "离退休党员以离退休费为基数：5000元以下（含）0.5%，5000元以上1%", "第五条", nil),
		n("dues.rate.flat", "农民党员每月0.2元至1元；学生、下岗失业、领取救济金和最低生活保障的党员每月0.2元", "第六条", nil),
		n("dues.waiver", "减交或免交党费须经支部党员大会讨论决定，报上级党委批准", "第七条", nil),
		n("dues.probationary", "预备党员从支部大会通过其为预备党员之日起交纳党费", "第八条", nil),
		n("dues.base.change", "工资收入发生变化后，从按新工资标准领取工资的当月起按新基数交纳", "第十条", nil),
		n("dues.voluntary", "自愿多交党费不限；自愿一次多交纳1000元以上的党费，全部上缴中央", "第十一条", zhibu.RuleParams{"to_centre_yuan": 1000}),
		n("dues.monthly", "党员应每月交纳党费（经支部同意可按季度交纳）；补交一般不超过6个月", "第十二条", zhibu.RuleParams{"back_months": zhibu.BackPayMonths}),
		n("dues.arrears", "连续6个月不交纳党费且无正当理由的，按自行脱党处理", "第十三条；《中国共产党章程》第九条", zhibu.RuleParams{"arrears_months": zhibu.ArrearsMonths}),
		n("dues.no_org_payment", "党组织不得以任何理由代党员交纳党费，不得从党员工资中扣缴党费（本人委托的除外）", "第十四条", nil),
	}
}

// duesRules are the dues rules that yield findings.
func duesRules() []Rule {
	return []Rule{
		duesRate{"dues.rate.salaried", zhibu.DuesSalaried},
		duesRate{"dues.rate.annual_salary", zhibu.DuesAnnualSalary},
		duesRate{"dues.rate.no_salary", zhibu.DuesNoSalary},
		duesRate{"dues.rate.retired", zhibu.DuesRetired},
		duesRate{"dues.rate.flat", zhibu.DuesFlat},
		duesWaiver{}, duesProbationary{}, duesBaseChange{}, duesVoluntary{}, duesMonthly{}, duesArrears{}, duesNoOrgPayment{},
	}
}

// duesIndex is zhibu.Facts.Dues and zhibu.Facts.Payments by branch.
type duesIndex struct {
	members  map[int64][]*zhibu.MemberDues // by branch (Person.OrgID)
	payments map[int64][]*zhibu.Payment    // by branch (Payment.OrgID)
	names    map[int64]*zhibu.MemberDues   // by person
}

func duesOf(c *Context) *duesIndex {
	return c.Index("dues", func(f *zhibu.Facts) any {
		x := &duesIndex{members: map[int64][]*zhibu.MemberDues{}, payments: map[int64][]*zhibu.Payment{}, names: map[int64]*zhibu.MemberDues{}}
		for i := range f.Dues {
			md := &f.Dues[i]
			x.members[md.Person.OrgID] = append(x.members[md.Person.OrgID], md)
			x.names[md.Person.ID] = md
		}
		for i := range f.Payments {
			p := &f.Payments[i]
			x.payments[p.OrgID] = append(x.payments[p.OrgID], p)
		}
		return x
	}).(*duesIndex)
}

// duesMembers is the checked branch's members, or nil when it keeps no
// dues here (no member has a base).
func duesMembers(c *Context) []*zhibu.MemberDues {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	ms := duesOf(c).members[c.Org.ID]
	for _, md := range ms {
		if len(md.Bases) > 0 {
			return ms
		}
	}
	return nil
}

func personEvidence(p zhibu.Person) zhibu.Evidence {
	return zhibu.Evidence{Kind: zhibu.EvidencePerson, ID: p.ID, Label: p.Name}
}

// paymentEvidence is a payment and its payer (whose ledger lists it).
func paymentEvidence(p *zhibu.Payment) []zhibu.Evidence {
	return []zhibu.Evidence{
		{Kind: zhibu.EvidencePayment, ID: p.ID, Label: p.PaidOn.Chinese() + " " + p.PersonName + " " + p.Amount.String()},
		{Kind: zhibu.EvidencePerson, ID: p.PersonID, Label: p.PersonName},
	}
}

// unit is the org a member's dues are collected in: their group, if the
// branch has it, else the branch.
func unit(c *Context, p zhibu.Person) zhibu.Org {
	for _, g := range c.Groups {
		if g.ID == p.GroupID {
			return g
		}
	}
	return c.Org
}

func months(c *Context) []zhibu.Month {
	var out []zhibu.Month
	for _, p := range c.Periods(zhibu.PeriodMonth) {
		out = append(out, zhibu.MakeMonth(p.Year, p.Start().Month))
	}
	return out
}

func names(ps []zhibu.Person) string {
	var ns []string
	for _, p := range ps {
		ns = append(ns, p.Name)
	}
	if len(ns) > 5 {
		return strings.Join(ns[:5], "、") + "等" + itoa(len(ns)) + "人"
	}
	return strings.Join(ns, "、")
}

// duesMonthly (dues.monthly): each month every member pays; for each month
// of the year begun by AsOf, one finding per collecting unit (each group,
// with its leader responsible; the branch for members in no group, with the
// organization officer responsible): ok when all who owed paid (or have a
// recorded reason), due within the month, overdue after it. A payment in
// the year that covers a month more than back_months before it was paid is
// a violation (补缴 generally covers ≤6 months).
type duesMonthly struct{}

func (duesMonthly) ID() string { return "dues.monthly" }

func (duesMonthly) Check(c *Context) []zhibu.Finding {
	ms := duesMembers(c)
	if ms == nil {
		return nil
	}
	var out []zhibu.Finding
	units := append([]zhibu.Org{c.Org}, c.Groups...)
	for _, m := range months(c) {
		res, ok := c.Params(m.Last())
		if !ok {
			continue
		}
		for _, u := range units {
			var unpaid []zhibu.Person
			owed, paid := 0, 0
			f := c.New(res, u, m.Period())
			for _, md := range ms {
				if unit(c, md.Person).ID != u.ID {
					continue
				}
				switch md.Cell(m, c.AsOf).State {
				case zhibu.DuesPaid:
					owed++
					paid++
				case zhibu.DuesOpen, zhibu.DuesOverdue:
					owed++
					unpaid = append(unpaid, md.Person)
					f.Evidence = append(f.Evidence, personEvidence(md.Person))
				case zhibu.DuesExcused, zhibu.DuesPending:
					owed++
				}
			}
			if owed == 0 {
				continue
			}
			f.Status = c.Status(len(unpaid) == 0, m.Last())
			f.Deadline = m.Last()
			f.Responsible = zhibu.OrgOfficer
			who := "组织委员"
			if u.ID != c.Org.ID {
				f.Responsible, who = zhibu.GroupLeader, u.Name+"组长"
			}
			prefix := m.Chinese()
			if u.ID != c.Org.ID {
				prefix = u.Name + m.Chinese()
			}
			switch f.Status {
			case zhibu.StatusOK:
				f.Message = prefix + "应交党费的" + itoa(owed) + "名党员均已交纳（已缴" + itoa(paid) + "人）"
			case zhibu.StatusDue:
				f.Message = prefix + "尚有" + itoa(len(unpaid)) + "名党员未交党费（" + names(unpaid) + "），应由" + who + "督促在" + m.Last().Chinese() + "前交纳"
			default:
				f.Message = prefix + "有" + itoa(len(unpaid)) + "名党员未交党费（" + names(unpaid) + "），已逾期，应由" + who + "督促补交"
			}
			out = append(out, f)
		}
	}
	for _, p := range duesOf(c).payments[c.Org.ID] {
		if p.PaidOn.Year != c.Year || p.PaidOn.After(c.AsOf) || len(p.Months) == 0 {
			continue
		}
		res, ok := c.Params(p.PaidOn)
		back := res.Params.Get("back_months")
		if !ok || back <= 0 || zhibu.MonthOfDate(p.PaidOn).Sub(p.Months[0]) <= back {
			continue
		}
		md := duesOf(c).names[p.PersonID]
		subject := c.Org
		if md != nil {
			subject = unit(c, md.Person)
		}
		f := c.New(res, subject, zhibu.MonthOfDate(p.PaidOn).Period())
		f.Status, f.Responsible = zhibu.StatusViolation, zhibu.OrgOfficer
		f.Evidence = paymentEvidence(p)
		f.Message = p.PersonName + "于" + p.PaidOn.Chinese() + "一次补交" + p.MonthsLabel() + "的党费，补交超过" + itoa(back) +
			"个月，应查明长期未交的原因并在支部记录说明"
		out = append(out, f)
	}
	return out
}

// duesArrears (dues.arrears): a member with `arrears_months` consecutive months
// unpaid, ended by AsOf, with no recorded reason, comes under the
// self-withdrawal procedure of 党章第九条. For the last month of the year
// ended by AsOf: one overdue finding per such member; an ok finding for the
// branch when there is none.
type duesArrears struct{}

func (duesArrears) ID() string { return "dues.arrears" }

func (duesArrears) Check(c *Context) []zhibu.Finding {
	ms := duesMembers(c)
	if ms == nil {
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
	limit := res.Params.Get("arrears_months")
	if !ok || limit <= 0 {
		return nil
	}
	var out []zhibu.Finding
	for _, md := range ms {
		from, n := md.Arrears(last, c.AsOf)
		if n < limit {
			continue
		}
		f := c.New(res, c.Org, last.Period())
		f.Status, f.Responsible, f.Deadline = zhibu.StatusOverdue, zhibu.OrgOfficer, last.Last()
		f.Evidence = []zhibu.Evidence{personEvidence(md.Person)}
		since := "自" + from.Chinese() + "起连续" + itoa(n) + "个月"
		if !md.Known.IsZero() && from == md.Known {
			since = "至少自" + from.Chinese() + "起连续" + itoa(n) + "个月以上" // the months before were not read
		}
		f.Message = "党员" + md.Person.Name + since + "未交纳党费且无正当理由，依照《中国共产党章程》第九条" +
			"应按自行脱党处理：由支部查明情况、经支部大会讨论决定除名，并报上级党委批准"
		out = append(out, f)
	}
	if len(out) == 0 {
		f := c.New(res, c.Org, last.Period())
		f.Status, f.Responsible = zhibu.StatusOK, zhibu.OrgOfficer
		f.Message = "截至" + last.Chinese() + "没有连续" + itoa(limit) + "个月未交党费的党员"
		out = append(out, f)
	}
	return out
}

// duesProbationary (dues.probationary): a probationary member pays from
// the month the assembly admitted them. A probationary member with no base
// from that month on is overdue once the month has ended (the finding is in
// the admission month, or January for an earlier one).
type duesProbationary struct{}

func (duesProbationary) ID() string { return "dues.probationary" }

func (duesProbationary) Check(c *Context) []zhibu.Finding {
	ms := duesMembers(c)
	if ms == nil {
		return nil
	}
	var out []zhibu.Finding
	for _, md := range ms {
		p := md.Person
		if p.Status != zhibu.Probationary || p.AdmittedOn.IsZero() || p.AdmittedOn.After(c.AsOf) {
			continue
		}
		adm := zhibu.MonthOfDate(p.AdmittedOn)
		at := adm
		if at.Year < c.Year {
			at = zhibu.MakeMonth(c.Year, 1)
		}
		if at.Year != c.Year {
			continue
		}
		res, ok := c.Params(at.Last())
		if !ok {
			continue
		}
		f := c.New(res, c.Org, at.Period())
		f.Responsible, f.Deadline = zhibu.OrgOfficer, adm.Last()
		f.Evidence = []zhibu.Evidence{personEvidence(p)}
		_, fromAdmission := zhibu.BaseFor(md.Bases, adm)
		f.Status = c.Status(fromAdmission, adm.Last())
		if fromAdmission {
			f.Message = "预备党员" + p.Name + "自" + adm.Chinese() + "（支部大会通过之月）起登记了缴费基数"
		} else {
			f.Message = "预备党员" + p.Name + "应自支部大会通过之日（" + p.AdmittedOn.Chinese() + "）起交纳党费，请登记" + adm.Chinese() + "起的缴费基数并收缴"
		}
		out = append(out, f)
	}
	return out
}

// duesBaseChange (dues.base.change): a new base applies from the month the
// new pay is received. A month paid before a base change that now owes
// more has a shortfall to pay: one finding per member, in the last such
// month of the year, due (it is collected with the next payment).
type duesBaseChange struct{}

func (duesBaseChange) ID() string { return "dues.base.change" }

func (duesBaseChange) Check(c *Context) []zhibu.Finding {
	ms := duesMembers(c)
	if ms == nil {
		return nil
	}
	var out []zhibu.Finding
	for _, md := range ms {
		var short zhibu.Fen
		var list []zhibu.Month
		for _, m := range months(c) {
			if cell := md.Cell(m, c.AsOf); cell.Shortfall > 0 {
				short += cell.Shortfall
				list = append(list, m)
			}
		}
		if len(list) == 0 {
			continue
		}
		last := list[len(list)-1]
		res, ok := c.Params(last.Last())
		if !ok {
			continue
		}
		f := c.New(res, unit(c, md.Person), last.Period())
		f.Status, f.Responsible = zhibu.StatusDue, zhibu.OrgOfficer
		f.Evidence = []zhibu.Evidence{personEvidence(md.Person)}
		f.Message = md.Person.Name + "的缴费基数调整后，已交的" + zhibu.MonthsLabel(list) + "党费按新基数应补交差额" + short.String()
		out = append(out, f)
	}
	return out
}

// duesWaiver (dues.waiver): a reduction or waiver is decided by the branch
// and approved by the superior. A waiver in force in the year: due while
// it awaits approval, ok once approved.
type duesWaiver struct{}

func (duesWaiver) ID() string { return "dues.waiver" }

func (duesWaiver) Check(c *Context) []zhibu.Finding {
	ms := duesMembers(c)
	if ms == nil {
		return nil
	}
	var out []zhibu.Finding
	end := zhibu.MonthOfDate(c.AsOf)
	for _, md := range ms {
		for _, b := range md.Bases {
			if b.Category != zhibu.DuesWaived || b.From.After(end) || b.From.Year > c.Year {
				continue
			}
			at := b.From
			if at.Year < c.Year {
				if !b.Pending() {
					continue // approved in an earlier year
				}
				at = zhibu.MakeMonth(c.Year, 1)
			}
			res, ok := c.Params(at.Last())
			if !ok {
				continue
			}
			f := c.New(res, c.Org, at.Period())
			f.Responsible = zhibu.Secretary
			f.Evidence = []zhibu.Evidence{personEvidence(md.Person)}
			if b.Pending() {
				f.Status = zhibu.StatusDue
				f.Message = md.Person.Name + "自" + b.From.Chinese() + "起减免党费，尚待上级党委批准；批准前应由书记报送上级党委"
			} else {
				f.Status = zhibu.StatusOK
				f.Message = md.Person.Name + "自" + b.From.Chinese() + "起减免党费，已于" + b.ApprovedOn.Chinese() + "经上级党委批准"
			}
			out = append(out, f)
		}
	}
	return out
}

// duesNoOrgPayment (dues.no_org_payment): a payment recorded as paid by
// the organization is a violation; a year without one is ok.
type duesNoOrgPayment struct{}

func (duesNoOrgPayment) ID() string { return "dues.no_org_payment" }

func (duesNoOrgPayment) Check(c *Context) []zhibu.Finding {
	if duesMembers(c) == nil {
		return nil
	}
	var out []zhibu.Finding
	for _, p := range duesOf(c).payments[c.Org.ID] {
		if !p.PaidByOrg || p.PaidOn.Year != c.Year || p.PaidOn.After(c.AsOf) {
			continue
		}
		res, ok := c.Params(p.PaidOn)
		if !ok {
			continue
		}
		f := c.New(res, c.Org, zhibu.MonthOfDate(p.PaidOn).Period())
		f.Status, f.Responsible = zhibu.StatusViolation, zhibu.Secretary
		f.Evidence = paymentEvidence(p)
		f.Message = p.PersonName + "的" + p.MonthsLabel() + "党费登记为组织代交（" + p.PaidOn.Chinese() + "，" + p.Amount.String() +
			"），党组织不得代党员交纳党费，应退回并由本人交纳"
		out = append(out, f)
	}
	if len(out) == 0 {
		y := zhibu.Period{Kind: zhibu.PeriodYear, Year: c.Year, N: 1}
		if res, ok := c.Params(c.Day()); ok {
			f := c.New(res, c.Org, y)
			f.Status, f.Responsible = zhibu.StatusOK, zhibu.Secretary
			f.Message = itoa(c.Year) + "年没有组织代交党费的记录"
			out = append(out, f)
		}
	}
	return out
}

// duesVoluntary (dues.voluntary): a voluntary extra of to_centre_yuan or
// more paid at once ("自愿一次多交纳1000元以上的党费") goes to the centre in
// full. Such a payment is flagged with an ok finding that says so (the
// branch forwards it; zhibu does not track the forwarding). A large
// back-payment of dues owed is no voluntary extra.
type duesVoluntary struct{}

func (duesVoluntary) ID() string { return "dues.voluntary" }

func (duesVoluntary) Check(c *Context) []zhibu.Finding {
	if duesMembers(c) == nil {
		return nil
	}
	var out []zhibu.Finding
	for _, p := range duesOf(c).payments[c.Org.ID] {
		if p.PaidOn.Year != c.Year || p.PaidOn.After(c.AsOf) {
			continue
		}
		res, ok := c.Params(p.PaidOn)
		limit := zhibu.Fen(res.Params.Get("to_centre_yuan")) * 100
		if !ok || limit <= 0 || p.Extra() < limit {
			continue
		}
		f := c.New(res, c.Org, zhibu.MonthOfDate(p.PaidOn).Period())
		f.Status, f.Responsible = zhibu.StatusOK, zhibu.OrgOfficer
		f.Evidence = paymentEvidence(p)
		f.Message = p.PersonName + "于" + p.PaidOn.Chinese() + "一次交纳党费" + p.Amount.String() + "，其中自愿多交" + p.Extra().String() +
			"，一次多交" + itoa(res.Params.Get("to_centre_yuan")) + "元以上，按规定全部上缴中央"
		out = append(out, f)
	}
	return out
}

// duesRate (dues.rate.*): the amount of a category is computed by
// zhibu.MonthlyDues when a payment is recorded. The rule reports, once a
// year for the branch, the members whose base in force on the day checked
// is of its category with what they owe a month (ok), and a violation for
// a base that cannot be right for it: zero where a rate applies, or a flat
// amount outside 0.2–1 yuan (records from before the checks, or edited).
type duesRate struct {
	id  string
	cat zhibu.DuesCategory
}

func (r duesRate) ID() string { return r.id }

func (r duesRate) Check(c *Context) []zhibu.Finding {
	ms := duesMembers(c)
	if ms == nil {
		return nil
	}
	day := c.Day()
	res, ok := c.Params(day)
	if !ok {
		return nil
	}
	y := zhibu.Period{Kind: zhibu.PeriodYear, Year: c.Year, N: 1}
	var out []zhibu.Finding
	var members []zhibu.Person
	var total zhibu.Fen
	for _, md := range ms {
		b, ok := zhibu.BaseFor(md.Bases, zhibu.MonthOfDate(day))
		if !ok || b.Category != r.cat {
			continue
		}
		bad := (r.cat == zhibu.DuesFlat && (b.Base < zhibu.FlatDuesMin || b.Base > zhibu.FlatDuesMax)) || (r.cat != zhibu.DuesFlat && b.Base <= 0)
		if bad {
			f := c.New(res, c.Org, y)
			f.Status, f.Responsible = zhibu.StatusViolation, zhibu.OrgOfficer
			f.Evidence = []zhibu.Evidence{personEvidence(md.Person)}
			f.Message = md.Person.Name + "的缴费基数（" + r.cat.Label() + "，" + b.Base.String() + "）不符合规定，请核实后重新登记"
			out = append(out, f)
			continue
		}
		members = append(members, md.Person)
		total += b.Monthly()
	}
	if len(members) > 0 {
		f := c.New(res, c.Org, y)
		f.Status, f.Responsible = zhibu.StatusOK, zhibu.OrgOfficer
		f.Message = "按“" + r.cat.Label() + "”标准交纳党费的党员" + itoa(len(members)) + "人，每月应交合计" + total.String()
		out = append(out, f)
	}
	return out
}
