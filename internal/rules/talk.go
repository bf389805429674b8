package rules

import (
	"strings"

	"zhibu"
)

// Heart-to-heart talks (docs/talks.md). talk.pairs (national, each year):
//   - every two committee members talk with each other;
//   - every member not on the committee talks with a committee member;
//   - every member not on the committee talks with another such member
//     (members on the year's first day, as for study hours).
//
// talk.seed (the seed's branch layer, each half year): the secretary talks
// with each committee member, and each committee member with each officer
// they supervise (分管民警, the supervisions in force at the half's end or
// on the check day).
//
// A finding about two people names both; its evidence is the two people
// (first, in the pair's order) and the talks between them in the period,
// so the coverage page reads its matrix from the findings.

// talkIndex is the talks of one check by branch and pair, in date order.
type talkIndex map[int64]map[zhibu.Pair][]*zhibu.Talk

func talksOf(c *Context) talkIndex {
	return c.Index("talks", func(f *zhibu.Facts) any {
		x := talkIndex{}
		for i := range f.Talks {
			t := &f.Talks[i]
			if x[t.OrgID] == nil {
				x[t.OrgID] = map[zhibu.Pair][]*zhibu.Talk{}
			}
			k := zhibu.PairOf(t.AID, t.BID)
			x[t.OrgID][k] = append(x[t.OrgID][k], t)
		}
		return x
	}).(talkIndex)
}

// between are the talks of a and b in the branch within p, up to AsOf.
func between(c *Context, a, b int64, p zhibu.Period) []*zhibu.Talk {
	var out []*zhibu.Talk
	for _, t := range talksOf(c)[c.Org.ID][zhibu.PairOf(a, b)] {
		if p.Contains(t.HeldOn) && !t.HeldOn.After(c.AsOf) {
			out = append(out, t)
		}
	}
	return out
}

func talkEvidence(t *zhibu.Talk) zhibu.Evidence {
	return zhibu.Evidence{Kind: EvidenceTalk, ID: t.ID, Label: t.HeldOn.Chinese() + " 谈心谈话（" + t.AName + "、" + t.BName + "）"}
}

// names are the people the talk rules name, from the facts that carry names.
func talkNames(c *Context) map[int64]string {
	return c.Index("talk-names", func(f *zhibu.Facts) any {
		m := map[int64]string{}
		for _, p := range f.People {
			m[p.ID] = p.Name
		}
		for _, p := range f.StudyMembers {
			m[p.PersonID] = p.Name
		}
		for _, t := range f.Terms {
			for _, s := range t.Seats {
				m[s.PersonID] = s.PersonName
			}
		}
		for _, v := range f.Supervisions {
			m[v.SupervisorID], m[v.OfficerID] = v.SupervisorName, v.OfficerName
		}
		return m
	}).(map[int64]string)
}

// pairFinding is the finding about the talks of a and b in p: ok with
// at least min talks, due until the period's end, overdue after.
func pairFinding(c *Context, res Resolved, p zhibu.Period, a, b int64, aRole, bRole string, min int, resp zhibu.Position) zhibu.Finding {
	names := talkNames(c)
	f := c.New(res, c.Org, p)
	f.Responsible, f.Deadline = resp, p.End()
	f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidencePerson, ID: a, Label: names[a]}, {Kind: zhibu.EvidencePerson, ID: b, Label: names[b]}}
	ts := between(c, a, b, p)
	for _, t := range ts {
		f.Evidence = append(f.Evidence, talkEvidence(t))
	}
	who := aRole + names[a] + "与" + bRole + names[b]
	f.Status = c.Status(len(ts) >= min, p.End())
	switch f.Status {
	case zhibu.StatusOK:
		f.Message = p.Label() + who + "已谈心谈话" + itoa(len(ts)) + "次"
	case zhibu.StatusDue:
		f.Message = who + "应于" + p.End().Chinese() + "前谈心谈话"
	default:
		f.Message = p.Label() + who + "未谈心谈话，应补谈并记录"
	}
	return f
}

// positionOf is the first committee position person holds in the org on d.
func positionOf(c *Context, person int64, d zhibu.Date) zhibu.Position {
	for s := range c.seatsOn(c.Org.ID, d) {
		if s.PersonID == person {
			return s.Position
		}
	}
	return zhibu.Secretary
}

type talkPairs struct{}

func (talkPairs) ID() string { return "talk.pairs" }

func (talkPairs) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	year := zhibu.PeriodOf(zhibu.PeriodYear, zhibu.MakeDate(c.Year, 1, 1))
	res, ok := c.Params(year.End())
	if !ok {
		return nil
	}
	min := res.Params.Get("per_year")
	day := c.Day()
	committee := c.Committee(c.Org.ID, day)
	var out []zhibu.Finding
	for i, a := range committee {
		for _, b := range committee[i+1:] {
			out = append(out, pairFinding(c, res, year, a, b, "支部委员", "", min, zhibu.Secretary))
		}
	}
	var members []zhibu.StudyMember
	for _, m := range studyOf(c).members[c.Org.ID] {
		if m.AdmittedOn.Before(year.Start()) && !containsID(committee, m.PersonID) {
			members = append(members, m)
		}
	}
	// with someone of a set: the talks of m in the year with any of them
	with := func(m int64, others []int64) []*zhibu.Talk {
		var ts []*zhibu.Talk
		for _, o := range others {
			if o != m {
				ts = append(ts, between(c, m, o, year)...)
			}
		}
		return ts
	}
	// The other party may be any member on the check day (one admitted
	// in the year too).
	var plain []int64
	for _, m := range studyOf(c).members[c.Org.ID] {
		if !m.AdmittedOn.After(day) && !containsID(committee, m.PersonID) {
			plain = append(plain, m.PersonID)
		}
	}
	// One finding a member: with the committee and with another member.
	for _, m := range members {
		withCommittee, withMember := with(m.PersonID, committee), with(m.PersonID, plain)
		f := c.New(res, c.Org, year)
		f.SubjectKind, f.SubjectID, f.SubjectName = zhibu.SubjectPerson, m.PersonID, m.Name
		f.Responsible, f.Deadline = zhibu.Secretary, year.End()
		f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidencePerson, ID: m.PersonID, Label: m.Name}}
		for _, t := range append(withCommittee, withMember...) {
			f.Evidence = append(f.Evidence, talkEvidence(t))
		}
		var missing []string
		if len(withCommittee) < min {
			missing = append(missing, "支部委员")
		}
		if len(withMember) < min {
			missing = append(missing, "其他党员")
		}
		f.Status = c.Status(len(missing) == 0, year.End())
		what := strings.Join(missing, "、")
		switch f.Status {
		case zhibu.StatusOK:
			f.Message = year.Label() + m.Name + "已与支部委员、其他党员谈心谈话"
		case zhibu.StatusDue:
			f.Message = m.Name + "应于" + year.End().Chinese() + "前与" + what + "谈心谈话"
		default:
			f.Message = year.Label() + m.Name + "未与" + what + "谈心谈话，应补谈并记录"
		}
		out = append(out, f)
	}
	return out
}

type talkSeed struct{}

func (talkSeed) ID() string { return "talk.seed" }

func (talkSeed) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	var out []zhibu.Finding
	for _, p := range c.Periods(zhibu.PeriodHalf) {
		res, ok := c.Params(p.End())
		if !ok {
			continue
		}
		min := res.Params.Get("per_half")
		d := p.End()
		if d.After(c.AsOf) {
			d = c.AsOf
		}
		seen := map[zhibu.Pair]bool{}
		sec := c.Holder(c.Org.ID, zhibu.Secretary, d)
		for _, m := range c.Committee(c.Org.ID, d) {
			if sec == 0 || m == sec || seen[zhibu.PairOf(sec, m)] {
				continue
			}
			seen[zhibu.PairOf(sec, m)] = true
			out = append(out, pairFinding(c, res, p, sec, m, "书记", positionOf(c, m, d).Label(), min, zhibu.Secretary))
		}
		for _, v := range c.Facts.Supervisions {
			if v.OrgID != c.Org.ID || v.StartOn.After(d) || (!v.EndOn.IsZero() && !v.EndOn.After(d)) {
				continue
			}
			if !c.Holds(c.Org.ID, v.SupervisorID, d) {
				continue // no longer on the committee
			}
			k := zhibu.PairOf(v.SupervisorID, v.OfficerID)
			if seen[k] {
				continue
			}
			seen[k] = true
			pos := positionOf(c, v.SupervisorID, d)
			out = append(out, pairFinding(c, res, p, v.SupervisorID, v.OfficerID, pos.Label(), "分管民警", min, pos))
		}
	}
	return out
}
