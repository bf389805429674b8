package audit

// The actions of the year plan (plan.go).
var (
	PlanSave     = declare("plan.save", "保存工作计划", ReachNone)
	PlanItemSave = declare("plan.item.save", "保存工作计划事项", ReachNone)
	PlanItemDrop = declare("plan.item.delete", "删除工作计划事项", ReachNone)
	PlanLink     = declare("plan.link", "关联工作计划事项的记录", ReachNone)
)
