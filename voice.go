package zhibu

// The rights of the branch's voice (issue 14 part B): disclosure, the
// mailbox and the research paper. Rights grants them through voicePerms.
const (
	PermDisclose        Perm = "disclose.write"   // propose, publish and withdraw disclosures (secretary, deputy, propaganda officer)
	PermSecrecyReview   Perm = "disclose.review"  // review a proposed disclosure for secrets (the secrecy officer, 保密委员)
	PermDiscloseApprove Perm = "disclose.approve" // approve a reviewed disclosure (secretary, deputy)
	PermMailbox         Perm = "mailbox.handle"   // read, answer and close the mailbox's letters (secretary, deputy, discipline officer)
	PermPaper           Perm = "paper.write"      // set the research paper's topic, read suggestions, save drafts, submit (secretary, deputy)
)

// VoicePerms are the rights above, for tests that grant every right.
var VoicePerms = []Perm{PermDisclose, PermSecrecyReview, PermDiscloseApprove, PermMailbox, PermPaper}

// voicePerms are the rights of the voice a branch committee position
// gives on its branch. The seed's committee combines 纪检+宣传 and 保密+青年,
// so one person may receive several of these through their seats.
func voicePerms(p Position) []Perm {
	switch p {
	case Secretary, DeputySecretary:
		return []Perm{PermDisclose, PermDiscloseApprove, PermMailbox, PermPaper}
	case PropagandaOfficer:
		return []Perm{PermDisclose}
	case SecrecyOfficer:
		return []Perm{PermSecrecyReview}
	case DisciplineOfficer:
		return []Perm{PermMailbox}
	}
	return nil
}
