package audit

// The actions of theory study and heart-to-heart talks (docs/study.md,
// docs/talks.md). Each changes what study.records, member.study.hours or
// the talk rules read of its branch.
var (
	StudyPlan    = declare("study.plan", "保存理论学习计划", ReachOrg)
	StudySession = declare("study.session", "登记集中学习", ReachOrg)
	StudyNote    = declare("study.note", "记录学习笔记", ReachOrg)
	StudySummary = declare("study.summary", "保存年度学习总结", ReachOrg)
	TalkRecord   = declare("talk.record", "登记谈心谈话", ReachOrg)
)
