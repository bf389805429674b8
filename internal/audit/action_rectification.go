package audit

// The actions of the rectification campaign (seed §8).
var (
	RemedySave   = declare("rectification.remedy.save", "登记整改措施", ReachNone)
	RemedySign   = declare("rectification.remedy.sign", "书记确认整改销号", ReachNone)
	CampaignSave = declare("rectification.campaign.save", "部署整改活动", ReachNone)
)
