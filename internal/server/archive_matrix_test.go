package server_test

import "zhibu"

func init() {
	// The archives (docs/archives.md): the branch's secretary and
	// organization officer, and the committee above (its members and the
	// political department), build and download the year-end package.
	add := func(role string, gs ...grantSpec) { spec[role] = append(spec[role], gs...) }
	add("书记", grantSpec{zhibu.PermArchive, "ZB03"})
	add("组织委员", grantSpec{zhibu.PermArchive, "ZB03"})
	add("局党委委员", grantSpec{zhibu.PermArchive, "JDW"})
	add("政治部", grantSpec{zhibu.PermArchive, "JDW"})
	// Only the seed branch has a finished package (the demo's 2025 one):
	// the others' download has nothing to give.
	mayAnswer404["GET /orgs/{id}/archive/package"] = true
	mayAnswer404["GET /api/v1/orgs/{id}/archive/package"] = true
}
