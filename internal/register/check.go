package register

import (
	"fmt"

	"zhibu"
)

// Resolver answers the names of a file within the branch that imports it:
// the caller (the store) knows the branch and its groups.
type Resolver interface {
	// Org finds the branch or one of its groups by name.
	Org(name string) (id int64, kind zhibu.OrgKind, ok bool)
	// Person finds a person of the org orgID by name.
	Person(orgID int64, name string) (id int64, ok bool)
	// Type reports whether the org orgID may hold meetings of t, a type
	// added as data (zhibu.MeetingType.Custom) on its path.
	Type(orgID int64, t zhibu.MeetingType) bool
}

// Check adds the problems that need the branch, after Parse: an org name
// that resolve does not know, a meeting type the org does not hold
// (zhibu.MeetingType.HeldBy: a group meeting held by a branch, a committee
// meeting held by a group; a type nobody added on the org's path), a chair, recorder, lecturer or attendee that is
// not a person of the org, and a meeting whose org, type and start an
// earlier row of the file has too. For what it finds it sets Meeting.OrgID,
// ChairID, RecorderID, LecturerID and the attendance lists' PersonID. Each
// name is asked once. It then orders the problems by sheet, row and column
// and returns Sheet.Problems.Err(). Call Check once.
func (s *Sheet) Check(resolve Resolver) error {
	type org struct {
		id   int64
		kind zhibu.OrgKind
		ok   bool
	}
	type member struct {
		org  int64
		name string
	}
	type meeting struct {
		org int64
		typ zhibu.MeetingType
		at  int64
	}
	type place struct{ sheet, line int }
	orgs := map[string]org{}
	type found struct {
		id int64
		ok bool
	}
	people := map[member]found{}
	first := map[meeting]place{}
	sheetIndex := map[string]int{}
	for i, name := range s.Sheets {
		sheetIndex[name] = i
	}
	for i := range s.Rows {
		r := &s.Rows[i]
		m := &r.Meeting
		sheet := sheetIndex[r.Sheet]
		if r.OrgName == "" {
			continue // Parse reported it
		}
		o, seen := orgs[r.OrgName]
		if !seen {
			o.id, o.kind, o.ok = resolve.Org(r.OrgName)
			orgs[r.OrgName] = o
		}
		if !o.ok {
			s.addProblem(sheet, r.Line, colOrg, "本支部及其党小组中没有“"+r.OrgName+"”")
			continue
		}
		m.OrgID = o.id
		if m.Type.Valid() && !m.Type.HeldBy(o.kind) {
			s.addProblem(sheet, r.Line, colOrg, fmt.Sprintf("“%s”是%s，不能召开%s", r.OrgName, o.kind.Label(), m.Type.Label()))
		}
		if m.Type.Custom() && !resolve.Type(o.id, m.Type) {
			s.addProblem(sheet, r.Line, colType, "“"+m.Type.Label()+"”不是有效的会议类型，应为"+typeLabels()+"之一，或本支部及上级添加的会议类型")
		}
		person := func(col int, name string) int64 {
			k := member{o.id, name}
			p, seen := people[k]
			if !seen {
				p.id, p.ok = resolve.Person(o.id, name)
				people[k] = p
			}
			if !p.ok {
				s.addProblem(sheet, r.Line, col, "“"+name+"”不是“"+r.OrgName+"”的成员")
			}
			return p.id
		}
		for _, x := range []struct {
			col  int
			name string
			id   *int64
		}{{colChair, r.ChairName, &m.ChairID}, {colRecorder, r.RecorderName, &m.RecorderID}, {colLecturer, r.LecturerName, &m.LecturerID}} {
			if x.name != "" {
				*x.id = person(x.col, x.name)
			}
		}
		for _, l := range []struct {
			col   int
			names []NameReason
		}{{colPresent, r.Present}, {colExcused, r.Excused}, {colAbsent, r.Absent}} {
			for j := range l.names {
				l.names[j].PersonID = person(l.col, l.names[j].Name)
			}
		}
		if m.Type.Valid() && !m.StartsAt.IsZero() {
			k := meeting{o.id, m.Type, m.StartsAt.Unix()}
			if at, dup := first[k]; dup {
				s.addProblem(sheet, r.Line, colDate, fmt.Sprintf("与%s 第%d行重复（同一组织、会议类型和时间）", s.Sheets[at.sheet], at.line))
			} else {
				first[k] = place{sheet, r.Line}
			}
		}
	}
	s.sortProblems()
	return s.Problems.Err()
}
