package audit

// The actions of the activities stream (docs/activities.md). Activities,
// campaigns and stance records change what the rules read (activity.*,
// stance.filing) for their branch; bulletins and photos change none.
var (
	ActivityCreate      = declare("activity.create", "登记专题活动", ReachOrg)
	ActivityUpdate      = declare("activity.update", "修改专题活动", ReachOrg)
	ActivityPhoto       = declare("activity.photo", "上传活动照片", ReachNone)
	ActivityPhotoDelete = declare("activity.photo.delete", "删除活动照片", ReachNone)
	CampaignCreate      = declare("campaign.create", "制定专项教育", ReachOrg)
	BulletinDraft       = declare("bulletin.draft", "编辑简报草稿", ReachNone)
	BulletinReview      = declare("bulletin.review", "宣传委员审核简报", ReachNone)
	BulletinApprove     = declare("bulletin.approve", "书记审批简报", ReachNone)
	BulletinReturn      = declare("bulletin.return", "退回简报", ReachNone)
	BulletinPublish     = declare("bulletin.publish", "发布简报", ReachNone)
	StanceRecord        = declare("stance.record", "记录发声亮剑发言", ReachNone)
)
