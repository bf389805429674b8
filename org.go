package zhibu

import (
	"strconv"
	"strings"
	"time"
)

// OrgKind is the level of an org in the tree.
type OrgKind string

const (
	KindCommittee     OrgKind = "committee"      // 党委 (局党委)
	KindGeneralBranch OrgKind = "general_branch" // 党总支
	KindBranch        OrgKind = "branch"         // 党支部
	KindGroup         OrgKind = "group"          // 党小组
)

// OrgKinds lists the kinds from the top of the tree down.
var OrgKinds = []OrgKind{KindCommittee, KindGeneralBranch, KindBranch, KindGroup}

// Label is the kind's Chinese name.
func (k OrgKind) Label() string {
	switch k {
	case KindCommittee:
		return "党委"
	case KindGeneralBranch:
		return "党总支"
	case KindBranch:
		return "党支部"
	case KindGroup:
		return "党小组"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, x := range OrgKinds {
		if k == x {
			return true
		}
	}
	return false
}

// CanHold reports whether an org of kind k may have a child of kind c:
// committees hold committees, general branches and branches; general
// branches hold branches; branches hold groups; groups hold nothing.
func (k OrgKind) CanHold(c OrgKind) bool {
	switch k {
	case KindCommittee:
		return c == KindCommittee || c == KindGeneralBranch || c == KindBranch
	case KindGeneralBranch:
		return c == KindBranch
	case KindBranch:
		return c == KindGroup
	}
	return false
}

// Org is a node of the organization tree: a committee, general branch,
// branch or party group.
type Org struct {
	ID        int64    `json:"id"`
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Kind      OrgKind  `json:"kind"`
	ParentID  int64    `json:"parent_id,omitempty"` // 0 for a root
	Path      string   `json:"-"`                   // "/1/5/23/": ids from the root, for subtree queries
	Depth     int      `json:"depth"`
	FoundedOn Date     `json:"founded_on"`
	Units     []string `json:"units"` // 大队/室 the org covers
}

// InSubtreeOf reports whether o is root or below it.
func (o Org) InSubtreeOf(root Org) bool { return strings.HasPrefix(o.Path, root.Path) }

// Validate checks the fields a user supplies.
func (o Org) Validate() error {
	var p Problems
	o.Code = strings.TrimSpace(o.Code)
	switch {
	case o.Code == "":
		p.Add("code", "组织代码", "不能为空")
	case len(o.Code) > 32:
		p.Add("code", "组织代码", "不能超过32个字符")
	case !codeChars(o.Code):
		p.Add("code", "组织代码", "只能包含字母、数字、-和_")
	}
	if n := len([]rune(strings.TrimSpace(o.Name))); n == 0 {
		p.Add("name", "组织名称", "不能为空")
	} else if n > 60 {
		p.Add("name", "组织名称", "不能超过60个字")
	}
	if !o.Kind.Valid() {
		p.Add("kind", "组织类别", "应为党委、党总支、党支部或党小组")
	}
	if !o.FoundedOn.IsZero() && !o.FoundedOn.Valid() {
		p.Add("founded_on", "成立日期", "不是有效日期")
	}
	for _, u := range o.Units {
		if n := len([]rune(u)); n == 0 || n > 40 {
			p.Add("units", "所辖单位", "每个单位名称应为1至40个字")
			break
		}
	}
	return p.Err()
}

func codeChars(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Position is a post held in an org: a committee position of a branch (or
// general branch, or committee), or the leader of a group.
type Position string

const (
	Secretary         Position = "secretary"
	DeputySecretary   Position = "deputy_secretary"
	OrgOfficer        Position = "org_officer"
	PropagandaOfficer Position = "propaganda_officer"
	DisciplineOfficer Position = "discipline_officer"
	SecrecyOfficer    Position = "secrecy_officer"
	YouthOfficer      Position = "youth_officer"
	CommitteeMember   Position = "committee_member" // 委员 without a named portfolio
	GroupLeader       Position = "group_leader"
)

// CommitteePositions are the positions of a branch committee, in the order
// documents list them (the seed plan writes 纪检、宣传委员).
var CommitteePositions = []Position{Secretary, DeputySecretary, OrgOfficer, DisciplineOfficer, PropagandaOfficer, SecrecyOfficer, YouthOfficer, CommitteeMember}

// Label is the position's Chinese name.
func (p Position) Label() string {
	switch p {
	case Secretary:
		return "书记"
	case DeputySecretary:
		return "副书记"
	case OrgOfficer:
		return "组织委员"
	case PropagandaOfficer:
		return "宣传委员"
	case DisciplineOfficer:
		return "纪检委员"
	case SecrecyOfficer:
		return "保密委员"
	case YouthOfficer:
		return "青年委员"
	case CommitteeMember:
		return "委员"
	case GroupLeader:
		return "组长"
	}
	return string(p)
}

// ValidCommitteePosition reports whether p is a committee position.
func (p Position) ValidCommitteePosition() bool {
	for _, x := range CommitteePositions {
		if p == x {
			return true
		}
	}
	return false
}

// DefaultTermYears is a branch committee's term (org.term.length).
const DefaultTermYears = 3

// DefaultCommitteeTermYears is a grassroots party committee's term (党的
// 基层委员会, such as a bureau's 局党委): five years (党章 art.30), where a
// general branch's and a branch's committee serve three.
const DefaultCommitteeTermYears = 5

// TermYears is the usual term of an org of kind k.
func TermYears(k OrgKind) int {
	if k == KindCommittee {
		return DefaultCommitteeTermYears
	}
	return DefaultTermYears
}

// Term is one elected committee of an org (届).
type Term struct {
	ID        int64  `json:"id"`
	OrgID     int64  `json:"org_id"`
	ElectedOn Date   `json:"elected_on"`
	Years     int    `json:"years"`
	ClosedOn  Date   `json:"closed_on,omitempty"` // when the next term took over
	Note      string `json:"note,omitempty"`
	// AssemblyID is the general assembly (a held meeting of the org) that
	// held the election; 0 when not recorded.
	AssemblyID int64 `json:"assembly_id,omitempty"`
	// ReportedOn is when the branch reported the newly elected secretary
	// and deputy to the superior, ApprovedOn when the superior approved
	// them (org.secretary.approval), and ApprovedBy who recorded it.
	ReportedOn Date   `json:"reported_on,omitzero"`
	ApprovedOn Date   `json:"approved_on,omitzero"`
	ApprovedBy string `json:"approved_by,omitempty"`
	Seats      []Seat `json:"seats"`
}

// EndsOn is when the term runs out: Years after the election.
func (t Term) EndsOn() Date { return t.ElectedOn.AddYears(t.Years) }

// Current reports whether the term has not been closed.
func (t Term) Current() bool { return t.ClosedOn.IsZero() }

// Seat is one person holding one position, from a date until a date (or
// still). A person holding two positions (纪检、宣传委员) has two seats.
type Seat struct {
	ID         int64    `json:"id"`
	OrgID      int64    `json:"org_id"`
	TermID     int64    `json:"term_id,omitempty"` // 0 for a group leader
	PersonID   int64    `json:"person_id"`
	PersonName string   `json:"person_name"`
	Position   Position `json:"position"`
	StartOn    Date     `json:"start_on"`
	EndOn      Date     `json:"end_on,omitempty"`
}

// Active reports whether the seat is held on day d.
func (s Seat) Active(d Date) bool {
	return !s.StartOn.After(d) && (s.EndOn.IsZero() || d.Before(s.EndOn))
}

// Counts are the figures the year plan quotes: 现有民警N人，党员N人，入党积极分子N人.
type Counts struct {
	People       int `json:"people"`       // everyone on the roster
	Officers     int `json:"officers"`     // 民警
	Members      int `json:"members"`      // 党员: full and probationary
	Full         int `json:"full"`         // 正式党员
	Probationary int `json:"probationary"` // 预备党员
	Candidates   int `json:"candidates"`   // 发展对象
	Activists    int `json:"activists"`    // 入党积极分子
	Applicants   int `json:"applicants"`   // 入党申请人
	Masses       int `json:"masses"`       // 群众
}

// Add counts n people of a status, officers or not.
func (c *Counts) Add(st PartyStatus, officer bool, n int) {
	c.People += n
	if officer {
		c.Officers += n
	}
	switch st {
	case FullMember:
		c.Full += n
	case Probationary:
		c.Probationary += n
	case Candidate:
		c.Candidates += n
	case Activist:
		c.Activists += n
	case Applicant:
		c.Applicants += n
	default:
		c.Masses += n
	}
	c.Members = c.Full + c.Probationary
}

// Sentence is the year plan's sentence for these counts.
func (c Counts) Sentence() string {
	return "现有民警" + itoa(c.Officers) + "人，党员" + itoa(c.Members) + "人，入党积极分子" + itoa(c.Activists) + "人"
}

// Supervision records that a committee member is responsible for an officer (分管民警).
type Supervision struct {
	ID             int64  `json:"id"`
	OrgID          int64  `json:"org_id"`
	SupervisorID   int64  `json:"supervisor_id"`
	SupervisorName string `json:"supervisor_name"`
	OfficerID      int64  `json:"officer_id"`
	OfficerName    string `json:"officer_name"`
	StartOn        Date   `json:"start_on"`
	EndOn          Date   `json:"end_on,omitempty"`
}

// Today is the calendar date of now in the zone party records use by
// default (org.timezone, Asia/Shanghai).
func Today(now time.Time) Date { return DateOf(now.In(DefaultZone)) }

// DefaultZone is China Standard Time. It is built in rather than loaded, so
// the binary needs no zoneinfo on the host.
var DefaultZone = time.FixedZone("CST", 8*3600)

// PathIDs are the ids of the org's path from the root to the org itself,
// read from Path ("/1/5/23/").
func (o Org) PathIDs() []int64 {
	var ids []int64
	for _, p := range strings.Split(strings.Trim(o.Path, "/"), "/") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 || ids[len(ids)-1] != o.ID {
		ids = append(ids, o.ID)
	}
	return ids
}
