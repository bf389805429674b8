package server_test

import "zhibu"

// The rights of the branch's voice (disclosure, mailbox, paper) as the
// issue states them, added to the matrix's spec: the secretary proposes,
// approves and publishes disclosures, answers the mailbox and writes the
// paper; the discipline and propaganda officer (纪检、宣传委员) proposes and
// publishes disclosures (propaganda) and answers the mailbox (discipline).
// The secrecy officer (保密委员) reviews disclosures for secrets.
func init() {
	spec["保密委员"] = []grantSpec{{zhibu.PermOrgRead, "ZB03"}, {zhibu.PermSecrecyReview, "ZB03"}}
	spec["书记"] = append(spec["书记"], grantSpec{zhibu.PermDisclose, "ZB03"}, grantSpec{zhibu.PermDiscloseApprove, "ZB03"},
		grantSpec{zhibu.PermMailbox, "ZB03"}, grantSpec{zhibu.PermPaper, "ZB03"})
	spec["纪检宣传委员"] = append(spec["纪检宣传委员"], grantSpec{zhibu.PermDisclose, "ZB03"}, grantSpec{zhibu.PermMailbox, "ZB03"})
	// A branch without a paper this year has no .docx to give.
	mayAnswer404["GET /orgs/{id}/paper/paper.docx"] = true
}
