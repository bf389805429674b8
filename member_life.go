package zhibu

// MemberLife is a member of a checked branch with the last day they took
// part in the organizational life the records show: a held meeting they
// attended or were excused from (an excused absence has its reason). The
// rules read it for member.self_withdrawal.
type MemberLife struct {
	PersonID int64
	Name     string
	OrgID    int64 // their branch
	Since    Date  // the day they joined the branch (a membership's start)
	Last     Date  // the last held meeting they attended or were excused from; zero: none recorded
}
