package server_test

import "zhibu"

func init() {
	// The performance assessment's rights (docs/assessment.md): the
	// committee — its seats and the political department — sets, scores
	// and finalizes its branches' assessment; everyone who reads an org
	// reads its page, where a branch sees only its own finalized years.
	add := func(role string, gs ...grantSpec) { spec[role] = append(spec[role], gs...) }
	add("局党委委员", grantSpec{zhibu.PermAssess, "JDW"})
	add("政治部", grantSpec{zhibu.PermAssess, "JDW"})
	// A branch has no finalized assessment of the current year to export.
	mayAnswer404["GET /orgs/{id}/assessment/scores.xlsx"] = true
}
