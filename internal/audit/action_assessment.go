package audit

// The actions of the superior's performance assessment (绩效考评).
var (
	AssessmentIndicators = declare("assessment.indicators", "设置绩效考评指标", ReachNone)
	AssessmentScores     = declare("assessment.scores", "录入绩效考评评分", ReachNone)
	AssessmentFinalize   = declare("assessment.finalize", "绩效考评定稿", ReachNone)
)
