package zhibu

import "time"

// Facts are the records the rules read, loaded by the store for the orgs to
// check (a branch with its groups, or a committee's subtree).
//
// Later kinds of records (development steps, payments, transfers) are added
// here as fields; the rules that read them build their own indexes once per
// check through Context.Index, so the engine itself does not change.
type Facts struct {
	AsOf  Date                     // the day the check is made; zero: the end of the year checked
	Zone  *time.Location           // the zone meetings are dated in; nil: DefaultZone
	Zones map[int64]*time.Location // by org id, for an org whose zone differs (a branch's zone applies to its groups)

	Orgs  []Org  // every org to check, with its groups (and its ancestors, for the superior layers: Path suffices)
	Terms []Term // every term of those orgs, with its Seats
	Seats []Seat // seats outside terms: the group leaders (TermID 0, OrgID the group)
	// Extensions holds, by term id, the day an approved postponement (or
	// advancement) of the election moved the end of the term to.
	Extensions map[int64]Date
	Members    map[int64]int // full members of each branch as of AsOf; a branch missing from it is not counted

	Meetings   []Meeting              // meetings of the orgs and their groups (any status; only held ones count)
	Attendance map[int64][]Attendance // by meeting id, where recorded (the quorum uses it before the counts)
	People     []Person               // optional: names for the messages

	// Transfers are the membership transfers with an end among Orgs, in
	// their current state (the rules read each as of AsOf from its dates).
	Transfers []Transfer
	// Movers are the members whose unit (大队/室) is none of their
	// branch's units, for member.transfer.required.
	Movers []Mover

	Dues     []MemberDues // the members of the checked branches with their dues bases, months paid (from the year before) and reasons
	Payments []Payment    // the payments made to those branches in the year, with their months

	// Development is the development file of everyone in development in
	// the orgs (dev.*); DevSuperior names each branch's superior committee
	// for the messages of the superior's steps.
	Development []DevFile
	DevSuperior map[int64]string

	// Life is each member of the checked branches with their last
	// organizational life (member.self_withdrawal); LifeKept is, by
	// branch, the day of the first held meeting of the branch or its
	// groups with recorded attendance: before it, absence cannot be judged.
	Life     []MemberLife
	LifeKept map[int64]Date

	// Files is, by person, whether a member of the checked branches has a
	// member file on record (member.file; nil: not read). Absences are
	// their open absences and those ended in the year (member.lost_contact,
	// member.mobile).
	Files    map[int64]bool
	Absences []MemberAbsence
	// The activities stream (docs/activities.md): the year's themed
	// activities, the campaigns running in it with their planned items,
	// and when each stance meeting was filed (by meeting id; a meeting
	// missing from it is not filed).
	Activities  []Activity
	Campaigns   []Campaign
	StanceFiled map[int64]time.Time
	// Study and talks (docs/study.md, docs/talks.md): the year's study
	// plans, sessions, notes (without their texts) and summaries of the
	// branches, their members, their talks (without content) and the
	// supervisions in force in the year.
	StudyPlans     []StudyPlan
	StudySessions  []StudySession
	StudyNotes     []StudyNote
	StudySummaries []StudySummary
	StudyMembers   []StudyMember
	Talks          []Talk
	Supervisions   []Supervision
	// Reviews are the branches' parts of the secretary's review rounds of
	// the year (review.secretary; review stream), without their counts.
	Reviews []SecretaryReport
	// The branch's voice (issue 14 part B): the disclosures of the orgs,
	// their letters without contents or writers (days and state only), and
	// their research papers.
	Disclosures []Disclosure
	Letters     []Letter
	Papers      []Paper
	// Handlings are the handlings of members graded 不合格 in the
	// appraisals of the orgs, decided by the year's end and not closed
	// before it began (appraisal.handling).
	Handlings []HandlingFact
}

// Mover is a member working in a unit their branch does not cover: their
// membership should follow them (member.transfer.required).
type Mover struct {
	PersonID int64
	Name     string
	OrgID    int64 // their branch
	Unit     string
	Since    Date // the day the unit was recorded as changed, else the day they joined the branch
}

// RuleParams are a rule version's parameters: small integers by name ("min": 1
// a month, "within_days": 7). A name means the same thing in every rule, and
// its ParamSpec says which way is stricter.
type RuleParams map[string]int

// Get is the value of name, or 0 when it is not set.
func (p RuleParams) Get(name string) int { return p[name] }

// Has reports whether name is set.
func (p RuleParams) Has(name string) bool {
	_, ok := p[name]
	return ok
}

// RuleVersion is one version of one rule in one layer: where it comes from,
// from when (and until when) it is in force, which orgs it applies to and
// its parameters. Regulations and plans change by adding versions, not code.
type RuleVersion struct {
	ID         string `json:"id"` // rule id, e.g. meet.committee.monthly
	Layer      Layer  `json:"layer"`
	Title      string `json:"title,omitempty"`      // what it asks, Chinese
	Source     string `json:"source"`               // regulation and article, or the plan's section, Chinese
	Confidence string `json:"confidence,omitempty"` // V, S or U (RULES.md); "" for a plan's own rule
	// EffectiveFrom is the first day the version is in force (zero: always
	// was). EffectiveTo, when set, is the first day it is no longer in force,
	// as a seat's end: a version that a newer one replaces on 1 July 2018 has
	// EffectiveTo 2018-07-01, and the newer one EffectiveFrom 2018-07-01.
	EffectiveFrom Date `json:"effective_from,omitzero"`
	EffectiveTo   Date `json:"effective_to,omitzero"`
	// OrgID is 0 for the national layer; for the superior and branch layers
	// it is the org that set the version, which applies to its subtree.
	OrgID  int64      `json:"org_id,omitempty"`
	Params RuleParams `json:"params,omitempty"`
}

// InForce reports whether v is in force on day d.
func (v RuleVersion) InForce(d Date) bool {
	return !d.Before(v.EffectiveFrom) && (v.EffectiveTo.IsZero() || d.Before(v.EffectiveTo))
}
