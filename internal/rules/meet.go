package rules

import (
	"slices"
	"strconv"

	"zhibu"
)

func builtinRules() []Rule {
	return slices.Concat([]Rule{
		countRule{id: "meet.committee.monthly", typ: zhibu.MeetCommittee, kind: zhibu.PeriodMonth, committee: true, responsible: zhibu.OrgOfficer},
		committeeQuorum{},
		countRule{id: "meet.assembly.quarterly", typ: zhibu.MeetAssembly, kind: zhibu.PeriodQuarter, responsible: zhibu.OrgOfficer},
		countRule{id: "meet.group.monthly", typ: zhibu.MeetGroup, kind: zhibu.PeriodMonth, groups: true, responsible: zhibu.GroupLeader},
		chairRule{},
		lectureRule{},
		countRule{id: "meet.themeday.monthly", typ: zhibu.MeetThemedDay, kind: zhibu.PeriodMonth, responsible: zhibu.OrgOfficer},
		countRule{id: "meet.life.annual", typ: zhibu.MeetLife, kind: zhibu.PeriodYear, responsible: zhibu.Secretary},
		countRule{id: "meet.appraisal.annual", typ: zhibu.MeetAppraisal, kind: zhibu.PeriodYear, responsible: zhibu.OrgOfficer},
		assemblyQuorum{},
		minutesRule{},
		termLength{},
		termDue{},
		termExtension{},
		secretaryApproval{},
		committeeRequired{},
		committeePositions{},
		groupLeader{},
		transferRequired{},
		transferLetter{},
	},
		duesRules(),
		devRules(),
		orgRules(), []Rule{selfWithdrawal{}}, memberRules(), // org.go, life.go, memberrecords.go
		activityRules(),  // activities stream
		studyTalkRules(), // study and talks (study.go, talk.go)
		reviewRules(),    // review stream: reviewRules
		voiceRules(),     // voiceRules: disclosure, mailbox, paper (voice.go)
	)
}

// verb is what one does with a meeting of type t: 召开 a meeting, 开展 a
// themed day or an appraisal, 讲 a lecture.
func verb(t zhibu.MeetingType) string {
	switch t {
	case zhibu.MeetThemedDay, zhibu.MeetAppraisal, zhibu.MeetStudy, zhibu.MeetStance:
		return "开展"
	case zhibu.MeetLecture:
		return "讲"
	}
	return "召开"
}

func itoa(n int) string { return strconv.Itoa(n) }

// countRule is a periodic rule: at least zhibu.RuleParams["min"] held meetings of a
// type in each period, by the branch or by each of its groups.
type countRule struct {
	id          string
	typ         zhibu.MeetingType
	kind        zhibu.PeriodKind
	groups      bool // each group of the branch, rather than the branch
	committee   bool // only while the branch has a committee (not a secretary alone)
	responsible zhibu.Position
}

func (r countRule) ID() string { return r.id }

func (r countRule) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	subjects := []zhibu.Org{c.Org}
	if r.groups {
		subjects = c.Groups
	}
	out := make([]zhibu.Finding, 0, len(subjects)*12/r.kind.Months())
	for _, s := range subjects {
		prefix := ""
		if r.groups {
			prefix = s.Name
		}
		for _, p := range c.PeriodsFor(s, r.kind) {
			res, ok := c.Params(p.End())
			min := res.Params.Get("min")
			if !ok || min <= 0 || (r.committee && !hasCommittee(c, p)) {
				continue
			}
			f := c.New(res, s, p)
			n := 0
			for h := range c.Meetings(s.ID, p) {
				if h.Type == r.typ {
					n++
					f.Evidence = append(f.Evidence, h.Evidence())
				}
			}
			f.Status = c.Status(n >= min, p.End())
			f.Deadline = p.End()
			f.Responsible = r.responsible
			v := verb(r.typ) + r.typ.Label()
			act := "应由" + r.responsible.Label() + "组织" + v + "并记录"
			f.Message = countMessage(prefix+p.Label(), v, n, min, f.Status, act, p.End())
			out = append(out, f)
		}
	}
	return out
}

// countMessage is the sentence of a periodic count: what was done, what is
// missing and who must act by when. what is e.g. "召开支委会"; act e.g.
// "应由组织委员组织召开支委会并记录".
func countMessage(when, what string, n, min int, st zhibu.FindingStatus, act string, deadline zhibu.Date) string {
	switch {
	case st == zhibu.StatusOK:
		return when + "已" + what + itoa(n) + "次"
	case st == zhibu.StatusDue && n == 0:
		return when + "尚未" + what + "，" + act + "，期限为" + deadline.Chinese()
	case st == zhibu.StatusDue:
		return when + "已" + what + itoa(n) + "次，还差" + itoa(min-n) + "次，" + act + "，期限为" + deadline.Chinese()
	case n == 0:
		return when + "未" + what + "，" + act
	}
	return when + "仅" + what + itoa(n) + "次，少于要求的" + itoa(min) + "次，" + act
}

// hasCommittee reports whether the branch had a committee (three or more
// members) at the end of p (or on AsOf, if earlier). With no term recorded,
// it follows the member count: a committee is required at
// org.committee.required's threshold; with no count either, it is assumed.
func hasCommittee(c *Context, p zhibu.Period) bool {
	d := p.End()
	if d.After(c.AsOf) {
		d = c.AsOf
	}
	if len(c.Terms(c.Org.ID)) > 0 {
		return len(c.Committee(c.Org.ID, d)) >= 3
	}
	n, known := c.Facts.Members[c.Org.ID]
	if !known {
		return true
	}
	res, ok := c.ParamsOf("org.committee.required", d)
	threshold := 7
	if ok && res.Params.Get("threshold") > 0 {
		threshold = res.Params.Get("threshold")
	}
	return n >= threshold
}

// perMeeting runs check on each held meeting of the given types by the
// branch (and, with groups, by its groups) in each month of the year: each
// meeting that breaks the rule gives its own finding; the meetings of a
// month that keep it give one ok finding together, saying okText of them,
// with resp responsible (a group's leader for a group).
func perMeeting(c *Context, groups bool, types []zhibu.MeetingType, okText string, resp zhibu.Position, check func(res Resolved, subject zhibu.Org, h Held) (zhibu.Finding, verdict)) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	subjects := []zhibu.Org{c.Org}
	if groups {
		subjects = append(subjects, c.Groups...)
	}
	out := make([]zhibu.Finding, 0, 12*len(subjects))
	for _, s := range subjects {
		for _, p := range zhibu.PeriodsOf(zhibu.PeriodMonth, c.Year) {
			if p.Start().After(c.AsOf) {
				break
			}
			var good []zhibu.Evidence
			for h := range c.Meetings(s.ID, p) {
				if !hasType(types, h.Type) {
					continue
				}
				res, ok := c.Params(h.Date)
				if !ok {
					continue
				}
				switch f, v := check(res, s, h); v {
				case broken:
					f.Period = p
					f.Evidence = []zhibu.Evidence{h.Evidence()}
					out = append(out, f)
				case kept:
					good = append(good, h.Evidence())
				}
			}
			if len(good) == 0 {
				continue
			}
			res, ok := c.Params(p.End())
			if !ok {
				continue
			}
			f := c.New(res, s, p)
			f.Status = zhibu.StatusOK
			f.Evidence = good
			f.Responsible = resp
			prefix := ""
			if s.Kind == zhibu.KindGroup {
				f.Responsible, prefix = zhibu.GroupLeader, s.Name
			}
			f.Message = prefix + p.Label() + "的" + itoa(len(good)) + "次会议" + okText
			out = append(out, f)
		}
	}
	return out
}

// anySeat reports whether org orgID has any seat held on day d.
func anySeat(c *Context, orgID int64, d zhibu.Date) bool {
	for range c.seatsOn(orgID, d) {
		return true
	}
	return false
}

// verdict is what a per-meeting rule says of one meeting.
type verdict int

const (
	notJudged verdict = iota // the rule does not apply, or the facts do not tell
	kept
	broken
)

func hasType(types []zhibu.MeetingType, t zhibu.MeetingType) bool {
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// committeeQuorum: a committee meeting needs more than above_percent of the
// committee present. The committee is the term's seat holders on the day
// (or the meeting's expected count when no term is recorded); those present
// are counted from the attendance when recorded, else from the meeting's count.
type committeeQuorum struct{}

func (committeeQuorum) ID() string { return "meet.committee.quorum" }

func (committeeQuorum) Check(c *Context) []zhibu.Finding {
	return perMeeting(c, false, []zhibu.MeetingType{zhibu.MeetCommittee}, "到会委员人数符合规定", zhibu.Secretary, func(res Resolved, s zhibu.Org, h Held) (zhibu.Finding, verdict) {
		members := c.Committee(c.Org.ID, h.Date)
		size := len(members)
		present := h.Present
		if size == 0 {
			size = h.Expected
		} else if att, ok := c.Facts.Attendance[h.ID]; ok {
			present = 0
			for _, a := range att {
				if a.Status == zhibu.AttendPresent && containsID(members, a.PersonID) {
					present++
				}
			}
		}
		present = min(present, size)
		pct := res.Params.Get("above_percent")
		switch {
		case size == 0:
			return zhibu.Finding{}, notJudged
		case present*100 > pct*size:
			return zhibu.Finding{}, kept
		}
		f := c.New(res, s, zhibu.Period{})
		f.Status = zhibu.StatusViolation
		f.Responsible = zhibu.Secretary
		f.Message = h.Date.Chinese() + "的支委会到会委员" + itoa(present) + "人，未超过委员总数" + itoa(size) + "人的" + share(pct) +
			"，不符合规定，应由书记在超过" + share(pct) + "的委员到会时重新召开"
		return f, broken
	})
}

// share names a percentage: 半数 for 50, 60% otherwise.
func share(pct int) string {
	if pct == 50 {
		return "半数"
	}
	return itoa(pct) + "%"
}

// assemblyQuorum: an assembly that decides anything (has resolutions) needs
// more than above_percent of the members entitled to vote present.
type assemblyQuorum struct{}

func (assemblyQuorum) ID() string { return "meet.quorum" }

func (assemblyQuorum) Check(c *Context) []zhibu.Finding {
	return perMeeting(c, false, []zhibu.MeetingType{zhibu.MeetAssembly}, "表决时到会人数符合规定", zhibu.Secretary, func(res Resolved, s zhibu.Org, h Held) (zhibu.Finding, verdict) {
		pct := res.Params.Get("above_percent")
		v := notJudged
		for _, r := range h.Resolutions {
			entitled, present := r.Entitled, r.Attending()
			if entitled == 0 {
				entitled = h.Expected
			}
			if present == 0 {
				present = h.Present
			}
			if entitled == 0 {
				continue
			}
			if present*100 > pct*entitled {
				v = kept
				continue
			}
			f := c.New(res, s, zhibu.Period{})
			f.Status = zhibu.StatusViolation
			f.Responsible = zhibu.Secretary
			f.Message = h.Date.Chinese() + "的支部党员大会表决“" + r.Text + "”时到会有表决权的党员" + itoa(present) +
				"人，未超过应到" + itoa(entitled) + "人的" + share(pct) + "，表决无效，应由书记重新召开支部党员大会表决"
			return f, broken
		}
		return zhibu.Finding{}, v
	})
}

// chairRule (meet.chair): committee meetings and assemblies are chaired by
// the secretary or, on the secretary's behalf, the deputy or a committee
// member — anyone holding a seat of the term in force; group meetings by
// the group's leader. A meeting with no chair recorded is left to
// meet.minutes; one whose org has no seats recorded that day is not judged.
type chairRule struct{}

func (chairRule) ID() string { return "meet.chair" }

func (chairRule) Check(c *Context) []zhibu.Finding {
	types := []zhibu.MeetingType{zhibu.MeetCommittee, zhibu.MeetAssembly, zhibu.MeetGroup}
	return perMeeting(c, true, types, "主持人符合规定", zhibu.Secretary, func(res Resolved, s zhibu.Org, h Held) (zhibu.Finding, verdict) {
		if h.ChairID == 0 || !anySeat(c, s.ID, h.Date) {
			return zhibu.Finding{}, notJudged
		}
		who := "由非支部委员主持"
		want := "应由书记召集主持（或由其委托副书记、委员主持）"
		ok := false
		if s.Kind == zhibu.KindGroup {
			ok = c.Holds(s.ID, h.ChairID, h.Date, zhibu.GroupLeader)
			who, want = "未由组长主持", "应由组长召集主持"
		} else {
			ok = c.Holds(s.ID, h.ChairID, h.Date)
		}
		if ok {
			return zhibu.Finding{}, kept
		}
		if name := c.PersonName(h.ChairID); name != "" {
			who = "由" + name + "主持，" + name + "不是支部委员"
			if s.Kind == zhibu.KindGroup {
				who = "由" + name + "主持，" + name + "不是组长"
			}
		}
		prefix := ""
		resp := zhibu.Secretary
		if s.Kind == zhibu.KindGroup {
			prefix, resp = s.Name, zhibu.GroupLeader
		}
		f := c.New(res, s, zhibu.Period{})
		f.Status = zhibu.StatusViolation
		f.Responsible = resp
		f.Message = prefix + h.Date.Chinese() + "的" + h.Type.Label() + who + "，" + want
		return f, broken
	})
}

// lectureRule (meet.lecture.secretary): the secretary lectures per_year
// times a year and, where a layer sets them, per_half times in each half
// and per_quarter in each quarter. Only lectures whose lecturer held the
// secretary's seat on the day count.
type lectureRule struct{}

func (lectureRule) ID() string { return "meet.lecture.secretary" }

func (lectureRule) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	var out []zhibu.Finding
	for _, k := range []struct {
		kind  zhibu.PeriodKind
		param string
	}{{zhibu.PeriodQuarter, "per_quarter"}, {zhibu.PeriodHalf, "per_half"}, {zhibu.PeriodYear, "per_year"}} {
		for _, p := range c.Periods(k.kind) {
			res, ok := c.Params(p.End())
			need := res.Params.Get(k.param)
			if !ok || need <= 0 {
				continue
			}
			f := c.New(res, c.Org, p)
			n, others := 0, 0
			for h := range c.Meetings(c.Org.ID, p) {
				if h.Type != zhibu.MeetLecture {
					continue
				}
				if c.Holds(c.Org.ID, h.LecturerID, h.Date, zhibu.Secretary) {
					n++
					f.Evidence = append(f.Evidence, h.Evidence())
				} else {
					others++
				}
			}
			f.Status = c.Status(n >= need, p.End())
			f.Deadline = p.End()
			f.Responsible = zhibu.Secretary
			f.Message = countMessage(p.Label()+"书记", "讲党课", n, need, f.Status, "应由书记讲党课", p.End())
			if others > 0 {
				f.Message += "（另有" + itoa(others) + "次党课非书记讲授，不计入）"
			}
			out = append(out, f)
		}
	}
	return out
}

// minutesRule (meet.minutes): every held meeting has a chair (a lecture a
// lecturer), a recorder and minutes within within_days of its date. Until
// then a gap is due, after it overdue. The organization officer keeps the
// branch's records (seed §2); a group's leader has its records kept.
type minutesRule struct{}

func (minutesRule) ID() string { return "meet.minutes" }

func (minutesRule) Check(c *Context) []zhibu.Finding {
	return perMeeting(c, true, zhibu.MeetingTypes, "主持人、记录人和会议记录齐全", zhibu.OrgOfficer, func(res Resolved, s zhibu.Org, h Held) (zhibu.Finding, verdict) {
		var missing []string
		if h.Type == zhibu.MeetLecture {
			if h.LecturerID == 0 {
				missing = append(missing, "授课人")
			}
		} else if h.ChairID == 0 {
			missing = append(missing, "主持人")
		}
		if h.RecorderID == 0 {
			missing = append(missing, "记录人")
		}
		if h.Minutes == "" {
			missing = append(missing, "会议记录")
		}
		if len(missing) == 0 {
			return zhibu.Finding{}, kept
		}
		days := res.Params.Get("within_days")
		deadline := h.Date.AddDays(days)
		f := c.New(res, s, zhibu.Period{})
		f.Status = c.Status(false, deadline)
		f.Deadline = deadline
		f.Responsible = zhibu.OrgOfficer
		prefix := ""
		if s.Kind == zhibu.KindGroup {
			f.Responsible, prefix = zhibu.GroupLeader, s.Name
		}
		what := prefix + h.Date.Chinese() + "的" + h.Type.Label() + "缺少" + joinCN(missing)
		if f.Status == zhibu.StatusDue {
			f.Message = what + "，应由" + f.Responsible.Label() + "在" + deadline.Chinese() + "前补全并存档备查"
		} else {
			f.Message = what + "，会后" + itoa(days) + "日内未补全，应由" + f.Responsible.Label() + "尽快补全并存档备查"
		}
		return f, broken
	})
}

func joinCN(xs []string) string {
	s := ""
	for i, x := range xs {
		if i > 0 {
			s += "、"
		}
		s += x
	}
	return s
}
