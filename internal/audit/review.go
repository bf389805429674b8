package audit

// The review stream's actions (docs/review.md). A ballot's record names
// the vote, never the grade.
var (
	ReviewOpen        = declare("review.open", "开展书记述职评议", ReachSubtree)
	ReviewFile        = declare("review.file", "提交述职报告", ReachOrg)
	ReviewPresent     = declare("review.present", "述职并开始评议投票", ReachOrg)
	ReviewBallot      = declare("review.ballot", "参加述职评议投票", ReachNone)
	ReviewClose       = declare("review.close", "结束评议并报送结果", ReachOrg)
	AppraisalOpen     = declare("appraisal.open", "开展民主评议党员", ReachOrg)
	AppraisalSelf     = declare("appraisal.self", "提交个人自评", ReachNone)
	AppraisalVoteOpen = declare("appraisal.vote_open", "开始民主评议互评投票", ReachOrg)
	AppraisalBallot   = declare("appraisal.ballot", "参加民主评议互评投票", ReachNone)
	AppraisalDecide   = declare("appraisal.decide", "确定民主评议等次", ReachOrg)
	AppraisalHandle   = declare("appraisal.handle", "登记不合格党员处置结果", ReachOrg)
)
