package server_test

import "zhibu"

func init() {
	// The study and talk rights of the demo roles (docs/study.md,
	// docs/talks.md): the secretary (who answers for study) and the
	// organization officer record the branch's study, a group leader the
	// group's; the secretary and the discipline officer read every talk.
	add := func(role string, gs ...grantSpec) { spec[role] = append(spec[role], gs...) }
	add("书记", grantSpec{zhibu.PermStudyWrite, "ZB03"}, grantSpec{zhibu.PermTalkRead, "ZB03"})
	add("组织委员", grantSpec{zhibu.PermStudyWrite, "ZB03"})
	add("纪检宣传委员", grantSpec{zhibu.PermTalkRead, "ZB03"})
	add("党小组组长", grantSpec{zhibu.PermStudyWrite, "ZB03-1"})
}
