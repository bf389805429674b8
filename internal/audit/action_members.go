package audit

// The actions on a member's own records: their file, their absences
// (member.file, member.lost_contact, member.mobile).
var (
	MemberFileSet = declare("member.file.set", "登记党员档案", ReachOrg)
	AbsenceSave   = declare("member.absence.save", "登记党员外出或失联情况", ReachOrg)
)
