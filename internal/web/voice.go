package web

import (
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/rules"
)

// voiceRoutes are the routes of the branch's voice (issue 14 part B):
// the mailbox (mailbox.go), disclosure (disclosure.go) and the research
// paper (paper.go). An item, a letter or a paper acted on is named by a
// form field, and the store checks the right on its own branch.
func (s *server) voiceRoutes() []route {
	mailboxOrg := access.On(zhibu.PermMailbox, access.PathOrg, "id")
	disclose := access.On(zhibu.PermDisclose, access.PathOrg, "id")
	paper := access.On(zhibu.PermPaper, access.PathOrg, "id")
	return []route{
		// mailbox.go: a member writes and reads replies by receipt code;
		// the handlers answer; the superior sees counts.
		{"GET /mailbox", access.LoggedIn, s.mailboxShow},
		{"POST /mailbox/letters", access.LoggedIn, s.mailboxWrite},
		{"POST /mailbox/receipt", access.LoggedIn, s.mailboxReceipt},
		{"GET /orgs/{id}/mailbox", mailboxOrg, s.branchMailbox},
		{"POST /orgs/{id}/mailbox/reply", mailboxOrg, s.mailboxReply},
		{"POST /orgs/{id}/mailbox/close", mailboxOrg, s.mailboxClose},
		{"GET /orgs/{id}/mailbox/counts", readOrg, s.mailboxCounts},

		// disclosure.go
		{"GET /disclosures", access.LoggedIn, s.myDisclosures},
		{"GET /orgs/{id}/disclosures", readOrg, s.disclosureList},
		{"POST /orgs/{id}/disclosures", disclose, s.disclosurePropose},
		{"POST /orgs/{id}/disclosures/review", access.On(zhibu.PermSecrecyReview, access.PathOrg, "id"), s.disclosureReview},
		{"POST /orgs/{id}/disclosures/approve", access.On(zhibu.PermDiscloseApprove, access.PathOrg, "id"), s.disclosureApprove},
		{"POST /orgs/{id}/disclosures/publish", disclose, s.disclosurePublish},
		{"POST /orgs/{id}/disclosures/withdraw", disclose, s.disclosureWithdraw},
		{"GET /orgs/{id}/disclosures/public.html", disclose, s.disclosurePublic},

		// paper.go
		{"GET /paper", access.LoggedIn, s.myPaper},
		{"POST /paper/suggestions", access.LoggedIn, s.paperSuggest},
		{"GET /orgs/{id}/paper", readOrg, s.paperShow},
		{"POST /orgs/{id}/paper", paper, s.paperSet},
		{"POST /orgs/{id}/paper/drafts", paper, s.paperDraft},
		{"POST /orgs/{id}/paper/submit", paper, s.paperSubmit},
		{"GET /orgs/{id}/paper/paper.docx", readOrg, s.paperDocx},
	}
}

// formItem is the id a form names in field name; 0 when missing or bad.
func formItem(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(r.PostForm.Get(name), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// yearOf is the year a page shows: ?year= when it is a sensible one, else
// this year.
func (s *server) yearOf(r *http.Request) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return s.today().Year
}

// missing is the answer to a form that names no object to act on.
func missing(field, label string) error {
	return zhibu.Problems{{Field: field, Label: label, Message: label + "：未指定"}}
}

// voiceHref is where a finding's disclosure, letter or paper is shown.
func voiceHref(f zhibu.Finding, e zhibu.Evidence) string {
	year := strconv.Itoa(f.Period.Year)
	switch e.Kind {
	case rules.EvidenceDisclosure:
		return orgHref(f.OrgID) + "/disclosures?year=" + year + "#item-" + strconv.FormatInt(e.ID, 10)
	case rules.EvidenceLetter:
		return orgHref(f.OrgID) + "/mailbox#letter-" + strconv.FormatInt(e.ID, 10)
	}
	return orgHref(f.OrgID) + "/paper?year=" + year
}
