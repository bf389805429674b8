package server_test

// The year plan's routes (docs/plan.md) use the org's rights: every member
// who reads the org reads its plan (its superiors through their subtree),
// and org.manage (the secretary, the organization officer; the political
// department for the committee and its branches) writes it. An org without
// a plan for the year has no .docx to give and no plan to add items to or
// edit: the handler answers 404 after access allowed it.
func init() {
	for _, r := range []string{"GET /orgs/{id}/plan/plan.docx", "POST /orgs/{id}/plan/items", "POST /orgs/{id}/plan/edit",
		"GET /api/v1/orgs/{id}/plan", "POST /api/v1/orgs/{id}/plan/items"} {
		mayAnswer404[r] = true
	}
}
