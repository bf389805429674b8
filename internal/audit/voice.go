package audit

// The actions of the branch's voice (issue 14 part B): disclosure, the
// mailbox and the research paper. A disclosure published or withdrawn and
// a letter answered change what disclose.* and mailbox.reply read (ReachOrg);
// an anonymous letter or suggestion is recorded without its actor (see
// store.Event.Anonymous).
var (
	DisclosePropose  = declare("disclose.propose", "提出党务公开事项", ReachOrg)
	DiscloseReview   = declare("disclose.review", "党务公开保密审查", ReachOrg)
	DiscloseApprove  = declare("disclose.approve", "审批党务公开事项", ReachOrg)
	DisclosePublish  = declare("disclose.publish", "发布党务公开事项", ReachOrg)
	DiscloseWithdraw = declare("disclose.withdraw", "撤回党务公开事项", ReachOrg)
	DiscloseExport   = declare("disclose.export", "导出对外公开页面", ReachNone)
	LetterWrite      = declare("letter.write", "书记信箱来信", ReachOrg)
	LetterReply      = declare("letter.reply", "答复书记信箱来信", ReachOrg)
	LetterClose      = declare("letter.close", "办结书记信箱来信", ReachOrg)
	PaperSet         = declare("paper.set", "确定调研论文题目", ReachOrg)
	PaperSuggest     = declare("paper.suggest", "提出调研论文意见建议", ReachNone)
	PaperDraft       = declare("paper.draft", "保存调研论文稿", ReachNone)
	PaperSubmit      = declare("paper.submit", "报送调研论文", ReachOrg)
)
