package service

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"zhibu"
	"zhibu/internal/register"
	"zhibu/internal/store"
)

// registerNames answers the names of a meetings register (package
// register) imported into one org, as register.Resolver: the org itself
// and its party groups by name, and the people of its branch by name, as
// far as the actor may see them.
//
// A group's people are looked up among the group's members first, then
// among the rest of its branch (a group meeting may be chaired or attended
// by someone of the branch, which the store allows). A name that several
// orgs or people share where it is looked up is ambiguous: it is not
// resolved, and explain says so instead of "not a member".
type registerNames struct {
	orgs      map[string][]zhibu.Org // by registerNameKey
	orgByID   map[int64]zhibu.Org
	people    map[string][]store.NamedPerson // by registerNameKey
	fileNames map[int64][]string             // the names the file gave each org, as asked
	types     map[zhibu.MeetingType]bool     // the types added on the org's path (its groups add none)

	ambiguousOrgs   map[string]int              // a name as asked → how many orgs bear it
	ambiguousPeople map[registerPersonAsked]int // (org, name as asked) → how many people bear it
}

type registerPersonAsked struct {
	org  int64
	name string
}

// names loads the names a register imported into org orgID may use: the
// org (a branch, a general branch or a group) and the groups under it, and
// the people of its branch (for a group, of the group's branch). Orgs and
// people outside the actor's scope are not known.
func (s *Meetings) names(ctx context.Context, orgID int64) (*registerNames, error) {
	home, err := s.store.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	n := &registerNames{orgs: map[string][]zhibu.Org{}, orgByID: map[int64]zhibu.Org{}, people: map[string][]store.NamedPerson{},
		fileNames: map[int64][]string{}, ambiguousOrgs: map[string]int{}, ambiguousPeople: map[registerPersonAsked]int{},
		types: map[zhibu.MeetingType]bool{}}
	added, err := s.store.AddedMeetingTypes(ctx, home.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range added {
		n.types[t.Type] = true
	}
	orgs := []zhibu.Org{home}
	branchID := home.ID
	if home.Kind == zhibu.KindGroup {
		branchID = home.ParentID
	} else {
		groups, err := s.store.Orgs(ctx, store.OrgFilter{ParentID: home.ID, Kinds: []zhibu.OrgKind{zhibu.KindGroup}})
		if err != nil {
			return nil, err
		}
		orgs = append(orgs, groups...)
	}
	for _, o := range orgs {
		k := registerNameKey(o.Name)
		n.orgs[k] = append(n.orgs[k], o)
		n.orgByID[o.ID] = o
	}
	people, err := s.store.BranchPeople(ctx, branchID)
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		k := registerNameKey(p.Name)
		n.people[k] = append(n.people[k], p)
	}
	return n, nil
}

// registerNameKey is a name as it is compared: without spaces (张 三 is 张三), and
// with the dots of transliterated names (买买提·艾力) made one.
func registerNameKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case r == '•' || r == '・' || r == '‧' || r == '．' || r == '.' || r == '∙' || r == '⋅':
			return '·'
		}
		return r
	}, s)
}

// Org finds the org or one of its groups by name.
func (n *registerNames) Org(name string) (int64, zhibu.OrgKind, bool) {
	found := n.orgs[registerNameKey(name)]
	switch len(found) {
	case 0:
		return 0, "", false
	case 1:
		o := found[0]
		if !slices.Contains(n.fileNames[o.ID], name) {
			n.fileNames[o.ID] = append(n.fileNames[o.ID], name)
		}
		return o.ID, o.Kind, true
	}
	n.ambiguousOrgs[name] = len(found)
	return 0, "", false
}

// Type reports whether org orgID (the org or one of its groups) may hold
// meetings of the added type t: it was added on the org's path.
func (n *registerNames) Type(orgID int64, t zhibu.MeetingType) bool {
	_, ok := n.orgByID[orgID]
	return ok && n.types[t]
}

// Person finds a person of org orgID by name: for a group, among its
// members, else among the rest of its branch.
func (n *registerNames) Person(orgID int64, name string) (int64, bool) {
	o, ok := n.orgByID[orgID]
	if !ok {
		return 0, false
	}
	all := n.people[registerNameKey(name)]
	found := all
	if o.Kind == zhibu.KindGroup {
		var members []store.NamedPerson
		for _, p := range all {
			if p.GroupID == o.ID {
				members = append(members, p)
			}
		}
		if len(members) > 0 {
			found = members
		}
	}
	switch len(found) {
	case 0:
		return 0, false
	case 1:
		return found[0].ID, true
	}
	n.ambiguousPeople[registerPersonAsked{orgID, name}] = len(found)
	return 0, false
}

// explain rewrites the problems that Sheet.Check reported for an ambiguous
// name ("not a member", "no such org") to say that several bear it.
func (n *registerNames) explain(ps zhibu.Problems) {
	for i := range ps {
		m := ps[i].Message
		for name, count := range n.ambiguousOrgs {
			if old := "本支部及其党小组中没有“" + name + "”"; strings.HasSuffix(m, old) {
				m = strings.TrimSuffix(m, old) + "有" + strconv.Itoa(count) + "个组织名为“" + name + "”，无法确定是哪一个"
			}
		}
		for k, count := range n.ambiguousPeople {
			for _, org := range n.fileNames[k.org] {
				if old := "“" + k.name + "”不是“" + org + "”的成员"; strings.HasSuffix(m, old) {
					m = strings.TrimSuffix(m, old) + "“" + org + "”有" + strconv.Itoa(count) + "人名为“" + k.name +
						"”，无法确定是哪一位，请在系统中逐条录入这次会议"
				}
			}
		}
		ps[i].Message = m
	}
}

// CheckRegister checks a register that register.Parse read against the org
// orgID it is to be imported into, and returns the meetings to record, in
// the order of its rows. It runs sheet.Check with the names of the org's
// branch and adds the problems a meeting is refused for: the invariants
// of zhibu.Meeting (a held meeting dated in the future, a lecturer of a
// meeting that is not a lecture, a leave without its reason), counts
// without the names when names are listed, one person listed twice, and a
// meeting that the database already holds (same org, type and time).
// Every problem goes into sheet.Problems, in the order of sheets and rows,
// named by sheet, row and column, and is returned as the error
// (zhibu.ErrInvalid). Call it once per parsed sheet.
func (s *Meetings) CheckRegister(ctx context.Context, orgID int64, sheet *register.Sheet) ([]store.MeetingRecord, error) {
	names, err := s.names(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := sheet.Check(names); err != nil && !errors.Is(err, zhibu.ErrInvalid) {
		return nil, err
	}
	names.explain(sheet.Problems)
	now := s.opt.Now()
	existing, err := s.existingMeetings(ctx, orgID, sheet.Rows)
	if err != nil {
		return nil, err
	}
	var extra zhibu.Problems
	for _, r := range sheet.Rows {
		extra = append(extra, rowProblems(r, now, existing)...)
	}
	if len(extra) > 0 {
		sheet.Problems = append(sheet.Problems, extra...)
		sortRegisterProblems(sheet)
	}
	if len(sheet.Problems) > 0 {
		return nil, sheet.Problems
	}
	recs := make([]store.MeetingRecord, len(sheet.Rows))
	var ps zhibu.Problems
	for i, r := range sheet.Rows {
		recs[i] = store.MeetingRecord{Meeting: r.Meeting, Attendance: r.Attendance()}
		// What the store checks first, so that a preview without
		// problems is a file the store takes.
		m := recs[i].Meeting
		m.Record(recs[i].Attendance)
		err := m.Validate(now)
		if err == nil {
			err = m.CheckAttendance(recs[i].Attendance)
		}
		if err != nil {
			ps = append(ps, registerRowOf(sheet, i, err)...)
		}
	}
	if len(ps) > 0 {
		sheet.Problems = ps
		return nil, ps
	}
	return recs, nil
}

// ImportRegister records every meeting of a register, or none: it checks
// the sheet as CheckRegister does and saves the meetings with
// store.SaveMeetingsBulk (entered now, so past meetings are 补录; the actor
// needs zhibu.PermMeetingWrite on their orgs). It returns how many were
// recorded. Problems, its own or the store's, go into sheet.Problems, named
// by sheet and row, and are returned as the error.
func (s *Meetings) ImportRegister(ctx context.Context, orgID int64, sheet *register.Sheet) (int, error) {
	recs, err := s.CheckRegister(ctx, orgID, sheet)
	if err != nil {
		return 0, err
	}
	ids, err := s.store.SaveMeetingsBulk(ctx, recs)
	var ps zhibu.Problems
	if errors.As(err, &ps) {
		var out zhibu.Problems
		for _, p := range ps {
			if p.Row >= 1 && p.Row <= len(sheet.Rows) {
				out = append(out, registerRowOf(sheet, p.Row-1, zhibu.Problems{{Field: p.Field, Label: p.Label,
					Message: strings.TrimPrefix(p.Message, "第"+strconv.Itoa(p.Row)+"条会议：")}})...)
				continue
			}
			out = append(out, p)
		}
		sheet.Problems = out
		return 0, out
	}
	if err != nil {
		return 0, err
	}
	return len(ids), nil
}

// registerRowOf names the problems of meeting i of the sheet by its sheet and row:
// "支委会 第5行 会议时间：不能为空".
func registerRowOf(sheet *register.Sheet, i int, err error) zhibu.Problems {
	r := sheet.Rows[i]
	var in zhibu.Problems
	if !errors.As(err, &in) {
		in = zhibu.Problems{{Message: zhibu.UserMessage(err)}}
	}
	out := make(zhibu.Problems, len(in))
	for j, p := range in {
		out[j] = zhibu.Problem{Row: r.Line, Field: registerField(p.Field), Label: p.Label,
			Message: r.Sheet + " 第" + strconv.Itoa(r.Line) + "行 " + p.Message}
	}
	return out
}

// registerField is the register's name (its Problem.Field) for a field of
// zhibu.Meeting's problems.
func registerField(f string) string {
	switch f {
	case "starts_at":
		return "date"
	case "chair_id":
		return "chair"
	case "recorder_id":
		return "recorder"
	case "lecturer_id":
		return "lecturer"
	case "attendance":
		return "present"
	}
	return f
}

// meetingKey is what makes two records the same meeting.
type meetingKey struct {
	org int64
	typ zhibu.MeetingType
	at  int64
}

// existingMeetings are the meetings of org orgID (and its groups) stored
// between the first and the last meeting of rows, by key.
func (s *Meetings) existingMeetings(ctx context.Context, orgID int64, rows []register.ImportRow) (map[meetingKey]zhibu.Meeting, error) {
	var from, to int64
	for _, r := range rows {
		if t := r.Meeting.StartsAt; !t.IsZero() {
			if from == 0 || t.Unix() < from {
				from = t.Unix()
			}
			to = max(to, t.Unix())
		}
	}
	out := map[meetingKey]zhibu.Meeting{}
	if from == 0 {
		return out, nil
	}
	ms, err := s.store.Meetings(ctx, store.MeetingFilter{OrgID: orgID, From: time.Unix(from, 0), To: time.Unix(to+1, 0)})
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		out[meetingKey{m.OrgID, m.Type, m.StartsAt.Unix()}] = m
	}
	return out, nil
}

// rowProblems are the problems of a row that Sheet.Check leaves to the
// service, in the register's words: the invariants of zhibu.Meeting with
// how to write the register to meet them.
func rowProblems(r register.ImportRow, now time.Time, existing map[meetingKey]zhibu.Meeting) zhibu.Problems {
	var ps zhibu.Problems
	add := func(field, label, what string) {
		ps = append(ps, zhibu.Problem{Row: r.Line, Field: field, Label: label,
			Message: r.Sheet + " 第" + strconv.Itoa(r.Line) + "行 " + label + "：" + what})
	}
	m := r.Meeting
	if m.Status == zhibu.MeetingHeld && !m.StartsAt.IsZero() && m.StartsAt.After(now) {
		add("date", "日期", "已召开的会议不能晚于当前时间；尚未召开的会议，状态请填“计划”")
	}
	if r.LecturerName != "" && m.Type.Valid() && m.Type != zhibu.MeetLecture {
		add("lecturer", "授课人", "只有党课填写授课人，此行是"+m.Type.Label())
	}
	for _, n := range r.Excused {
		a := zhibu.Attendance{PersonName: n.Name, Status: zhibu.AttendExcused, Reason: n.Reason}
		if what := a.Problem(); what != "" {
			if strings.TrimSpace(n.Reason) == "" {
				what += "，请写在姓名后的括号中，如" + n.Name + "（出差）"
			}
			add("excused", "请假", what)
		}
	}
	if len(r.Present)+len(r.Excused)+len(r.Absent) > 0 {
		for _, l := range []struct {
			field, label string
			names        []register.NameReason
			count        int
		}{
			{"present_count", "实到", r.Present, m.Present},
			{"excused_count", "请假人数", r.Excused, m.Excused},
			{"absent_count", "缺席人数", r.Absent, m.Absent},
		} {
			if len(l.names) == 0 && l.count > 0 {
				add(l.field, l.label, strconv.Itoa(l.count)+"人未列出姓名；填写了名单时，出席、请假、缺席人员须都列出姓名（或都只填人数）")
			}
		}
	}
	seen := map[int64]string{}
	for _, l := range []struct {
		field, label string
		names        []register.NameReason
	}{{"present", "出席", r.Present}, {"excused", "请假", r.Excused}, {"absent", "缺席", r.Absent}} {
		for _, n := range l.names {
			if n.PersonID == 0 {
				continue
			}
			if first, dup := seen[n.PersonID]; dup {
				if first != n.Name { // the same name twice: Parse said so
					add(l.field, l.label, "“"+n.Name+"”与“"+first+"”是同一人")
				}
				continue
			}
			seen[n.PersonID] = n.Name
		}
	}
	if m.OrgID != 0 && m.Type.Valid() && !m.StartsAt.IsZero() {
		if old, ok := existing[meetingKey{m.OrgID, m.Type, m.StartsAt.Unix()}]; ok {
			add("date", "日期", "系统中已有这次会议（"+old.StartsAt.In(zhibu.DefaultZone).Format("2006-01-02 15:04")+" "+
				old.Type.Label()+"，"+old.Status.Label()+"），不能重复导入")
		}
	}
	return ps
}

// sortRegisterProblems orders the sheet's problems by sheet and row, keeping the
// order of each row's problems.
func sortRegisterProblems(sheet *register.Sheet) {
	sheetOf := func(p zhibu.Problem) int {
		for i, name := range sheet.Sheets {
			if strings.HasPrefix(p.Message, name+" 第"+strconv.Itoa(p.Row)+"行 ") {
				return i
			}
		}
		return len(sheet.Sheets)
	}
	slices.SortStableFunc(sheet.Problems, func(a, b zhibu.Problem) int {
		if c := sheetOf(a) - sheetOf(b); c != 0 {
			return c
		}
		return a.Row - b.Row
	})
}
