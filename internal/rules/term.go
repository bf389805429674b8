package rules

import (
	"sort"

	"zhibu"
)

// bodyName is what the elected body of an org is called: 支委会 of a branch,
// 党总支委员会, 党委.
func bodyName(o zhibu.Org) string {
	switch o.Kind {
	case zhibu.KindCommittee:
		return "党委"
	case zhibu.KindGeneralBranch:
		return "党总支委员会"
	}
	return "支委会"
}

func termEvidence(t *zhibu.Term) zhibu.Evidence {
	return zhibu.Evidence{Kind: zhibu.EvidenceTerm, ID: t.ID, Label: t.ElectedOn.Chinese() + "选举产生（任期" + itoa(t.Years) + "年）"}
}

// termYears is the term's length: its Years, or org.term.length's when unset.
func termYears(c *Context, t *zhibu.Term) int {
	if t.Years > 0 {
		return t.Years
	}
	if res, ok := c.ParamsOf("org.term.length", t.ElectedOn); ok {
		if n := maxYears(c.Org, res.Params); n > 0 {
			return n
		}
	}
	return zhibu.TermYears(c.Org.Kind)
}

// maxYears is the longest term org.term.length allows an org: years for a
// branch or general branch, committee_years for a committee (党的基层委员会).
func maxYears(o zhibu.Org, p zhibu.RuleParams) int {
	if o.Kind == zhibu.KindCommittee && p.Has("committee_years") {
		return p.Get("committee_years")
	}
	return p.Get("years")
}

// termEnd is the day the term runs out: its election plus its years (29
// February plus three years is 28 February), moved by an approved extension
// in zhibu.Facts.Extensions — capped at org.term.extension's max_months past the
// natural end.
func termEnd(c *Context, t *zhibu.Term) (end, natural zhibu.Date) {
	natural = t.ElectedOn.AddYears(termYears(c, t))
	end = natural
	if ext, ok := c.Facts.Extensions[t.ID]; ok && !ext.IsZero() {
		end = ext
		if res, ok := c.ParamsOf("org.term.extension", natural); ok && res.Params.Get("max_months") > 0 {
			if limit := natural.AddMonths(res.Params.Get("max_months")); end.After(limit) {
				end = limit
			}
		}
	}
	return end, natural
}

// renewal is when term i of ts was followed, as known on AsOf: the next
// term's election, or the term's closing; zero if neither has happened.
func renewal(c *Context, ts []*zhibu.Term, i int) (zhibu.Date, *zhibu.Term) {
	if i+1 < len(ts) && !ts[i+1].ElectedOn.After(c.AsOf) {
		return ts[i+1].ElectedOn, ts[i+1]
	}
	if t := ts[i]; !t.ClosedOn.IsZero() && !t.ClosedOn.After(c.AsOf) {
		return t.ClosedOn, nil
	}
	return zhibu.Date{}, nil
}

// termDue (org.term.due): re-election is due when the term ends. For each
// term, one finding per month of the year checked:
//   - each month from the first reminder (remind_first months before the
//     end; the month begins on the reminder's day) to the month of the end:
//     due until the end (saying so more urgently from the second reminder,
//     remind_second months before), overdue after it, ok if the election
//     came in time;
//   - every month after the end, until a new term is recorded: overdue
//     (monthly while overdue);
//   - the month of the re-election: ok (saying so when it was late).
//
// Months before the first reminder, and months not begun by AsOf, have none.
type termDue struct{}

func (termDue) ID() string { return "org.term.due" }

func (termDue) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind == zhibu.KindGroup {
		return nil
	}
	ts := c.Terms(c.Org.ID)
	var out []zhibu.Finding
	for i, t := range ts {
		if t.ElectedOn.After(c.AsOf) {
			break
		}
		end, _ := termEnd(c, t)
		res, ok := c.Params(end)
		if !ok {
			continue
		}
		renewed, next := renewal(c, ts, i)
		onTime := !renewed.IsZero() && !renewed.After(end)
		body := "本届" + bodyName(c.Org)
		type entry struct {
			p       zhibu.Period
			status  zhibu.FindingStatus
			message string
		}
		var es []entry
		add := func(p zhibu.Period, st zhibu.FindingStatus, msg string) {
			if p.Year != c.Year {
				return
			}
			for i := range es {
				if es[i].p == p {
					es[i] = entry{p, st, msg}
					return
				}
			}
			es = append(es, entry{p, st, msg})
		}
		first, second := end, zhibu.Date{}
		if m := res.Params.Get("remind_second"); m > 0 {
			second = end.AddMonths(-m)
			first = second
		}
		if m := res.Params.Get("remind_first"); m > 0 && end.AddMonths(-m).Before(first) {
			first = end.AddMonths(-m)
		}
		// The months of the window, as of AsOf.
		pending := func(p zhibu.Period) (zhibu.FindingStatus, string) {
			switch {
			case onTime:
				return zhibu.StatusOK, body + "已于" + renewed.Chinese() + "按期完成换届选举"
			case c.AsOf.After(end):
				return zhibu.StatusOverdue, body + "已于" + end.Chinese() + "届满，尚未换届，应尽快完成换届选举"
			case !second.IsZero() && !c.AsOf.Before(second) && !p.End().Before(second):
				return zhibu.StatusDue, body + "将于" + end.Chinese() + "届满（已不足" + itoa(res.Params.Get("remind_second")) + "个月），应在届满前完成换届选举"
			}
			return zhibu.StatusDue, body + "将于" + end.Chinese() + "届满，应在届满前完成换届选举"
		}
		endMonth := zhibu.MonthOf(end)
		for p := zhibu.MonthOf(first); !p.Start().After(endMonth.Start()) && p.Year <= c.Year; p = p.Next() {
			begins := p.Start()
			if begins.Before(first) {
				begins = first
			}
			if begins.After(c.AsOf) || (!renewed.IsZero() && renewed.Before(begins)) {
				break
			}
			st, msg := pending(p)
			add(p, st, msg)
		}
		if !onTime {
			p := endMonth.Next()
			if jan := zhibu.MonthOf(zhibu.MakeDate(c.Year, 1, 1)); p.Start().Before(jan.Start()) {
				p = jan
			}
			for ; p.Year == c.Year && !p.Start().After(c.AsOf); p = p.Next() {
				if !renewed.IsZero() && !renewed.After(p.End()) {
					break
				}
				add(p, zhibu.StatusOverdue, body+"已于"+end.Chinese()+"届满，至"+p.Label()+"仍未换届，应尽快完成换届选举")
			}
		}
		if !renewed.IsZero() {
			msg := body + "已于" + renewed.Chinese() + "完成换届选举"
			if !onTime {
				msg = body + "已于" + end.Chinese() + "届满，" + renewed.Chinese() + "完成换届选举，逾期换届"
			}
			add(zhibu.MonthOf(renewed), zhibu.StatusOK, msg)
		}
		sort.Slice(es, func(i, j int) bool { return es[i].p.Start().Before(es[j].p.Start()) })
		for _, x := range es {
			f := c.New(res, c.Org, x.p)
			f.Status, f.Message = x.status, x.message
			f.Deadline = end
			f.Responsible = zhibu.Secretary
			f.Evidence = []zhibu.Evidence{termEvidence(t)}
			if next != nil {
				f.Evidence = append(f.Evidence, termEvidence(next))
			}
			out = append(out, f)
		}
	}
	return out
}

// standingTerm is the org's term to judge for the year: the one in force on
// c.Day(), or nil.
func standingTerm(c *Context) *zhibu.Term {
	if c.Org.Kind == zhibu.KindGroup {
		return nil
	}
	return c.TermOn(c.Org.ID, c.Day())
}

func yearPeriod(c *Context) zhibu.Period {
	return zhibu.PeriodOf(zhibu.PeriodYear, zhibu.MakeDate(c.Year, 1, 1))
}

// termLength (org.term.length): the term in force is no longer than years
// (committee_years for a committee; the version in force when it was
// elected). One finding for the year.
type termLength struct{}

func (termLength) ID() string { return "org.term.length" }

func (termLength) Check(c *Context) []zhibu.Finding {
	t := standingTerm(c)
	if t == nil || t.Years <= 0 {
		return nil
	}
	res, ok := c.Params(t.ElectedOn)
	if !ok {
		if res, ok = c.Params(c.Day()); !ok {
			return nil
		}
	}
	max := maxYears(c.Org, res.Params)
	if max <= 0 {
		return nil
	}
	f := c.New(res, c.Org, yearPeriod(c))
	f.Evidence = []zhibu.Evidence{termEvidence(t)}
	f.Responsible = zhibu.Secretary
	if t.Years > max {
		f.Status = zhibu.StatusViolation
		f.Message = "本届" + bodyName(c.Org) + "任期" + itoa(t.Years) + "年，超过规定的" + itoa(max) + "年，应按规定任期届满换届"
	} else {
		f.Status = zhibu.StatusOK
		f.Message = "本届" + bodyName(c.Org) + "任期" + itoa(t.Years) + "年，符合规定"
	}
	return []zhibu.Finding{f}
}

// termExtension (org.term.extension): an approved postponement moves the
// end by at most max_months; a longer one is a violation (and the engine
// counts the term as ending at the limit). One finding for the year, for
// the term in force with an extension recorded.
type termExtension struct{}

func (termExtension) ID() string { return "org.term.extension" }

func (termExtension) Check(c *Context) []zhibu.Finding {
	t := standingTerm(c)
	if t == nil {
		return nil
	}
	ext, ok := c.Facts.Extensions[t.ID]
	if !ok || ext.IsZero() {
		return nil
	}
	natural := t.ElectedOn.AddYears(termYears(c, t))
	res, ok := c.Params(natural)
	if !ok {
		return nil
	}
	f := c.New(res, c.Org, yearPeriod(c))
	f.Evidence = []zhibu.Evidence{termEvidence(t)}
	f.Responsible = zhibu.Secretary
	f.Deadline = ext
	body := "本届" + bodyName(c.Org)
	limit := natural.AddMonths(res.Params.Get("max_months"))
	switch {
	case ext.Before(natural):
		f.Status = zhibu.StatusOK
		f.Message = body + "经批准提前至" + ext.Chinese() + "换届"
	case res.Params.Get("max_months") > 0 && ext.After(limit):
		f.Status = zhibu.StatusViolation
		f.Deadline = limit
		f.Message = body + "延期至" + ext.Chinese() + "，超过届满后最长" + itoa(res.Params.Get("max_months")) + "个月的期限（" + limit.Chinese() + "），应在此前完成换届选举"
	default:
		f.Status = zhibu.StatusOK
		f.Message = body + "经上级党委批准延期至" + ext.Chinese() + "换届"
	}
	return []zhibu.Finding{f}
}

// committeeRequired (org.committee.required): a branch with threshold or
// more full members has a committee of min_size to max_size people; a
// smaller one has at least a secretary. Judged on c.Day() for the year,
// for branches whose member count the facts give.
type committeeRequired struct{}

func (committeeRequired) ID() string { return "org.committee.required" }

func (committeeRequired) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	members, known := c.Facts.Members[c.Org.ID]
	if !known {
		return nil
	}
	d := c.Day()
	res, ok := c.Params(d)
	if !ok {
		return nil
	}
	threshold, lo, hi := res.Params.Get("threshold"), res.Params.Get("min_size"), res.Params.Get("max_size")
	t := c.TermOn(c.Org.ID, d)
	size := len(c.Committee(c.Org.ID, d))
	f := c.New(res, c.Org, yearPeriod(c))
	f.Responsible = zhibu.Secretary
	if t != nil {
		f.Evidence = []zhibu.Evidence{termEvidence(t)}
	}
	head := "支部有正式党员" + itoa(members) + "人，"
	switch {
	case members >= threshold && size < lo:
		f.Status = zhibu.StatusOverdue
		f.Message = head + "应选举产生" + itoa(lo) + "至" + itoa(hi) + "人的支部委员会，现有委员" + itoa(size) + "人，应尽快补选"
	case members >= threshold && hi > 0 && size > hi:
		f.Status = zhibu.StatusViolation
		f.Message = head + "支部委员会有委员" + itoa(size) + "人，超过规定的" + itoa(hi) + "人"
	case members < threshold && c.Holder(c.Org.ID, zhibu.Secretary, d) == 0:
		f.Status = zhibu.StatusOverdue
		f.Message = head + "不足" + itoa(threshold) + "人的支部不设委员会，但应选举产生支部书记，现无书记"
	default:
		f.Status = zhibu.StatusOK
		if members >= threshold {
			f.Message = head + "已设立" + itoa(size) + "人的支部委员会"
		} else {
			f.Message = head + "已选举产生支部书记"
		}
	}
	return []zhibu.Finding{f}
}

// committeePositions (org.committee.positions): a committee (three or more
// people) has a secretary and organization, propaganda and discipline
// officers (one person may hold several; a deputy is optional); a branch
// with a secretary alone has its secretary. Judged for the term in force on c.Day().
type committeePositions struct{}

func (committeePositions) ID() string { return "org.committee.positions" }

func (committeePositions) Check(c *Context) []zhibu.Finding {
	t := standingTerm(c)
	if t == nil || c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	d := c.Day()
	res, ok := c.Params(d)
	if !ok {
		return nil
	}
	need := []zhibu.Position{zhibu.Secretary}
	if len(c.Committee(c.Org.ID, d)) >= 3 {
		need = append(need, zhibu.OrgOfficer, zhibu.PropagandaOfficer, zhibu.DisciplineOfficer)
	}
	var missing []string
	for _, p := range need {
		if c.Holder(c.Org.ID, p, d) == 0 {
			missing = append(missing, p.Label())
		}
	}
	f := c.New(res, c.Org, yearPeriod(c))
	f.Responsible = zhibu.Secretary
	f.Evidence = []zhibu.Evidence{termEvidence(t)}
	if len(missing) > 0 {
		f.Status = zhibu.StatusOverdue
		f.Message = "支部委员会缺少" + joinCN(missing) + "，应及时补选"
	} else {
		f.Status = zhibu.StatusOK
		f.Message = "支部委员会职务齐全"
	}
	return []zhibu.Finding{f}
}

// groupLeader (org.group.leader): every group of the branch has a leader on
// c.Day(). One finding per group for the year.
type groupLeader struct{}

func (groupLeader) ID() string { return "org.group.leader" }

func (groupLeader) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	d := c.Day()
	res, ok := c.Params(d)
	if !ok {
		return nil
	}
	var out []zhibu.Finding
	for _, g := range c.Groups {
		if g.FoundedOn.After(d) {
			continue
		}
		f := c.New(res, g, yearPeriod(c))
		f.Responsible = zhibu.Secretary
		for s := range c.seatsOn(g.ID, d) {
			if s.Position == zhibu.GroupLeader {
				f.Evidence = append(f.Evidence, zhibu.Evidence{Kind: zhibu.EvidenceSeat, ID: s.ID, Label: g.Name + "组长" + s.PersonName})
			}
		}
		if len(f.Evidence) > 0 {
			f.Status = zhibu.StatusOK
			f.Message = g.Name + "已设组长"
		} else {
			f.Status = zhibu.StatusOverdue
			f.Message = g.Name + "没有组长，应由支部委员会指定组长"
		}
		out = append(out, f)
	}
	return out
}
