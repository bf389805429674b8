package zhibu

import (
	"strings"
	"unicode/utf8"
)

// The invariants of re-elections (换届) that need no other record than the
// ones given: who an election seats, the general assembly that held it, the
// report and approval of the secretary, the superior's decision on a
// request to move the election, a party group's leader. The terms service
// reads the records and calls them; the messages name the field in Chinese.

// Validate checks a new term by itself: an election day not after today,
// a term of 1 to 5 years, a note of at most 200 characters.
func (t Term) Validate(today Date) error {
	var p Problems
	if t.ElectedOn.IsZero() || !t.ElectedOn.Valid() {
		p.Add("elected_on", "选举日期", "不能为空，且须为有效日期")
	} else if t.ElectedOn.After(today) {
		p.Add("elected_on", "选举日期", "不能晚于今天")
	}
	if t.Years < 1 || t.Years > 5 {
		p.Add("years", "任期年限", "应为1至5年")
	}
	if utf8.RuneCountInString(t.Note) > 200 {
		p.Add("note", "备注", "不能超过200个字")
	}
	return p.Err()
}

// Heads are the secretary and deputy elected with the term, by name
// ("书记张三、副书记李四"), for the report and the audit trail; "" when the
// term has neither.
func (t Term) Heads() string {
	var out []string
	for _, st := range t.Seats {
		if (st.Position == Secretary || st.Position == DeputySecretary) && st.StartOn == t.ElectedOn {
			out = append(out, st.Position.Label()+st.PersonName)
		}
	}
	return strings.Join(out, "、")
}

// CheckSeats checks the seats of an election of org; holders are the
// seat holders found (a holder missing is a person that does not exist),
// each with OrgID the org they belonged to on the election day (0:
// none), not their org today. A committee has one secretary, one deputy…
// and a secretary; every seat holder was a party member of the org on the
// election day.
func (t Term) CheckSeats(org Org, holders map[int64]Person) error {
	var ps Problems
	held := map[Position]bool{}
	for i, st := range t.Seats {
		label := "第" + itoa(i+1) + "个职务"
		if !st.Position.ValidCommitteePosition() {
			ps.Add("seats", label, "职务不正确")
			continue
		}
		if held[st.Position] && st.Position != CommitteeMember {
			ps.Add("seats", label, st.Position.Label()+"只能有一人")
		}
		held[st.Position] = true
		p, ok := holders[st.PersonID]
		switch {
		case !ok:
			ps.Add("seats", label, "人员不存在")
		case !p.Status.IsMember():
			ps.Add("seats", label, p.Name+"不是党员，不能担任"+st.Position.Label())
		case p.OrgID != org.ID:
			ps.Add("seats", label, p.Name+"在选举日（"+t.ElectedOn.String()+"）不是"+org.Name+"的人员")
		case !p.AdmittedOn.IsZero() && p.AdmittedOn.After(t.ElectedOn):
			ps.Add("seats", label, p.Name+"在选举日（"+t.ElectedOn.String()+"）尚未入党，不能担任"+st.Position.Label())
		}
	}
	if len(t.Seats) > 0 && !held[Secretary] {
		ps.Add("seats", "职务", "委员会应设书记")
	}
	return ps.Err()
}

// CheckCommittee checks that org may elect a committee: a party group has
// none.
func (o Org) CheckCommittee() error {
	if o.Kind == KindGroup {
		return Problems{{Field: "org_id", Label: "组织", Message: "组织：党小组不设委员会"}}
	}
	return nil
}

// CheckAfter checks that the term is elected after the org's current term
// cur (zero: the org has none).
func (t Term) CheckAfter(cur Term) error {
	if cur.ID != 0 && !cur.ElectedOn.Before(t.ElectedOn) {
		return Problems{{Field: "elected_on", Label: "选举日期", Message: "选举日期：应晚于本届选举日期（" + cur.ElectedOn.String() + "）"}}
	}
	return nil
}

// assemblyProblem is a problem of the general assembly that held an
// election.
func assemblyProblem(msg string) error {
	return Problems{{Field: "assembly_id", Label: "选举大会", Message: "选举大会：" + msg}}
}

// NoAssembly is the problem of an assembly named that does not exist (or
// is out of the actor's sight).
func NoAssembly() error { return assemblyProblem("未找到该会议") }

// CheckAssembly checks meeting m as the general assembly that held the
// term's election in org: a held general assembly of the org on the
// election day.
func (t Term) CheckAssembly(org Org, m Meeting) error {
	switch {
	case m.OrgID != org.ID || m.Type != MeetAssembly:
		return assemblyProblem("应为" + org.Name + "的支部党员大会")
	case m.Status != MeetingHeld:
		return assemblyProblem("该会议尚未召开或已取消")
	}
	if d := DateOf(m.StartsAt.In(DefaultZone)); d != t.ElectedOn {
		return assemblyProblem("会议日期（" + d.String() + "）与选举日期不一致")
	}
	return nil
}

// CheckLinkAssembly checks that an assembly may be recorded, after the
// election was entered, for the term: none is recorded yet and one is
// chosen.
func (t Term) CheckLinkAssembly(assemblyID int64) error {
	switch {
	case t.AssemblyID != 0:
		return assemblyProblem("本届已登记选举大会")
	case assemblyID == 0:
		return assemblyProblem("请选择")
	}
	return nil
}

// termProblem is a problem of a report or an approval.
func termProblem(field, label, msg string) error {
	return Problems{{Field: field, Label: label, Message: label + "：" + msg}}
}

// CheckReport checks the report of the term's secretary and deputy to the
// superior on day on (zero: today) and returns the day: the term elected
// them, is not yet approved, and on lies between the election and today.
func (t Term) CheckReport(on, today Date) (Date, error) {
	switch {
	case t.Heads() == "":
		return on, termProblem("id", "报批", "本届委员会没有选举产生的书记、副书记")
	case !t.ApprovedOn.IsZero():
		return on, termProblem("id", "报批", "上级党委已于"+t.ApprovedOn.String()+"批准")
	case on.IsZero():
		return today, nil
	case on.After(today) || on.Before(t.ElectedOn):
		return on, termProblem("on", "报批日期", "应在选举日期（"+t.ElectedOn.String()+"）与今天之间")
	}
	return on, nil
}

// CheckApprove checks the superior's approval of the term's secretary and
// deputy on day on (zero: today) and returns the day: they were reported,
// not yet approved, and on lies between the report and today.
func (t Term) CheckApprove(on, today Date) (Date, error) {
	switch {
	case t.ReportedOn.IsZero():
		return on, termProblem("id", "批准", "支部尚未报批")
	case !t.ApprovedOn.IsZero():
		return on, termProblem("id", "批准", "已于"+t.ApprovedOn.String()+"批准")
	case on.IsZero():
		return today, nil
	case on.After(today) || on.Before(t.ReportedOn):
		return on, termProblem("on", "批准日期", "应在报批日期（"+t.ReportedOn.String()+"）与今天之间")
	}
	return on, nil
}

// CheckRequestedOn checks the day of a request to move the election of the
// current term cur (zero: today) and returns it: between cur's election
// and today.
func (e Extension) CheckRequestedOn(cur Term, today Date) (Date, error) {
	switch on := e.RequestedOn; {
	case on.IsZero():
		return today, nil
	case on.After(today) || on.Before(cur.ElectedOn):
		return on, termProblem("requested_on", "申请日期", "应在本届选举日期（"+cur.ElectedOn.String()+"）与今天之间")
	default:
		return on, nil
	}
}

// CheckDecide checks the superior's decision on the request on day on
// (zero: today), with note (trimmed), and returns the day: the request
// still waits, the note is at most 200 characters, and on lies between
// the request and today.
func (e Extension) CheckDecide(on, today Date, note string) (Date, error) {
	if e.Status != ExtensionRequested {
		return on, termProblem("id", "申请", "已"+e.Status.Label())
	}
	if utf8.RuneCountInString(strings.TrimSpace(note)) > 200 {
		return on, termProblem("note", "审批意见", "不能超过200个字")
	}
	switch {
	case on.IsZero():
		return today, nil
	case on.After(today) || on.Before(e.RequestedOn):
		return on, termProblem("decided_on", "审批日期", "应在申请日期（"+e.RequestedOn.String()+"）与今天之间")
	}
	return on, nil
}

// CheckLeader checks person p (nil: no such person) as the leader of party
// group g from day on: g is a group, p a party member in it, on not after
// today.
func (g Org) CheckLeader(p *Person, on, today Date) error {
	var ps Problems
	if on.After(today) {
		ps.Add("start_on", "任职日期", "不能晚于今天")
	}
	switch {
	case g.Kind != KindGroup:
		ps.Add("group_id", "党小组", "所选组织不是党小组")
	case p == nil || p.GroupID != g.ID:
		ps.Add("person_id", "组长", "应为本党小组的成员")
	case !p.Status.IsMember():
		ps.Add("person_id", "组长", p.Name+"不是党员")
	}
	return ps.Err()
}

// CheckSupervision checks that seat holder supervisorID of org's current
// committee cur (zero: it has none) may be responsible, from day on, for
// officer (nil: no such person): a member of the committee in office, an
// officer (民警) of the org, on not after today.
func CheckSupervision(org Org, cur Term, supervisorID int64, officer *Person, on, today Date) error {
	var ps Problems
	if on.After(today) {
		ps.Add("start_on", "起始日期", "不能晚于今天")
	}
	onCommittee := false
	for _, st := range cur.Seats {
		if st.PersonID == supervisorID && st.EndOn.IsZero() {
			onCommittee = true
		}
	}
	switch {
	case cur.ID == 0:
		ps.Add("supervisor_id", "分管委员", "本组织没有现任委员会")
	case !onCommittee:
		ps.Add("supervisor_id", "分管委员", "应为现任支部委员")
	case officer == nil || officer.OrgID != org.ID || !officer.Officer:
		ps.Add("officer_id", "分管民警", "应为本组织的民警")
	}
	return ps.Err()
}
