package audit

import "slices"

// Reach is how far an audited write changes what the rules read, so that
// a cache of findings (the matrix's tallies) knows what to check again.
type Reach uint8

const (
	// ReachNone changes no record the rules read: a login, an account, a
	// token, an export, an upload not yet confirmed, an attachment.
	ReachNone Reach = iota
	// ReachOrg changes the findings of the org the event names only, or,
	// for a party group, of the branch that holds it. A write about two
	// orgs (a person moved, a transfer between branches) is audited once on
	// each.
	ReachOrg
	// ReachSubtree changes the findings of the org the event names and of
	// every org below it: a rule version applies from its org down.
	ReachSubtree
	// ReachAll may change anything: an org created or moved in the tree.
	ReachAll
)

// Action is one kind of audited event, declared once below with its
// Chinese name and its reach. Its Name is what the trail stores.
type Action struct {
	Name  string
	Label string // Chinese, for the audit log's readers
	Reach Reach
}

func (a Action) String() string { return a.Name }

// The actions zhibu records.
var (
	Login          = declare("login", "登录", ReachNone)
	LoginFailed    = declare("login.failed", "登录失败", ReachNone)
	Logout         = declare("logout", "退出登录", ReachNone)
	AccountCreate  = declare("account.create", "新建账号", ReachNone)
	AccountEnable  = declare("account.enable", "启用账号", ReachNone)
	AccountDisable = declare("account.disable", "停用账号", ReachNone)
	AccountPass    = declare("account.password", "修改密码", ReachNone)
	AccountReset   = declare("account.password_reset", "重置密码", ReachNone)
	AccountRoles   = declare("account.roles", "变更账号角色", ReachNone)
	AccountTOTPOn  = declare("account.totp_on", "开启双因素认证", ReachNone)
	AccountTOTPOff = declare("account.totp_off", "关闭双因素认证", ReachNone)
	AccountUnlock  = declare("account.unlock", "解除账号锁定", ReachNone)
	TokenCreate    = declare("token.create", "创建接口令牌", ReachNone)
	TokenRevoke    = declare("token.revoke", "吊销接口令牌", ReachNone)
	SettingsChange = declare("settings.change", "修改安全策略", ReachNone)
	FeedCreate     = declare("feed.create", "创建日历订阅", ReachNone)
	FeedRevoke     = declare("feed.revoke", "吊销日历订阅", ReachNone)

	OrgCreate       = declare("org.create", "新建组织", ReachAll)
	OrgUpdate       = declare("org.update", "修改组织", ReachOrg)
	OrgMove         = declare("org.move", "调整上级组织", ReachAll)
	TermStart       = declare("term.start", "支部委员会换届", ReachOrg)
	TermAssembly    = declare("term.assembly", "关联选举大会", ReachOrg)
	TermReport      = declare("term.report", "报告新任书记、副书记", ReachOrg)
	TermApprove     = declare("term.approve", "批准新任书记、副书记", ReachOrg)
	ExtRequest      = declare("term.extension.request", "申请延期（提前）换届", ReachOrg)
	ExtApprove      = declare("term.extension.approve", "批准延期（提前）换届", ReachOrg)
	ExtReject       = declare("term.extension.reject", "不批准延期（提前）换届", ReachOrg)
	GroupLeader     = declare("group.leader", "任免党小组组长", ReachOrg)
	SupervisionSet  = declare("supervision.set", "设置分管民警", ReachOrg)
	RuleVersion     = declare("rule.version", "设置规则参数", ReachSubtree)
	MeetingTypeAdd  = declare("meeting_type.add", "添加会议类型", ReachNone)
	PersonCreate    = declare("person.create", "新增人员", ReachOrg)
	PersonUpdate    = declare("person.update", "修改人员信息", ReachOrg)
	PersonMove      = declare("person.move", "人员调动", ReachOrg)
	PersonUnmasked  = declare("person.view_unmasked", "查看完整身份证号或手机号", ReachNone)
	PeopleImport    = declare("people.import", "导入花名册", ReachOrg)
	RosterUpload    = declare("roster.upload", "上传花名册", ReachNone)
	RosterExport    = declare("roster.export", "导出花名册（含完整信息）", ReachNone)
	RegisterUpload  = declare("register.upload", "上传会议记录簿", ReachNone)
	DuesUpload      = declare("dues.upload", "上传党费表", ReachNone)
	MeetingCreate   = declare("meeting.create", "录入会议", ReachOrg)
	MeetingUpdate   = declare("meeting.update", "修改会议记录", ReachOrg)
	MeetingFile     = declare("meeting.file", "会议报备上级", ReachOrg)
	MeetingAck      = declare("meeting.acknowledge", "上级确认报备", ReachOrg)
	MeetingReturn   = declare("meeting.return", "上级退回报备", ReachOrg)
	MeetingsBulk    = declare("meetings.bulk", "批量录入会议", ReachOrg)
	StreamsBulk     = declare("streams.bulk", "批量写入支部各项工作记录", ReachOrg)
	AttachUpload    = declare("attachment.upload", "上传会议附件", ReachNone)
	AttachDelete    = declare("attachment.delete", "删除会议附件", ReachNone)
	DevStep         = declare("dev.step", "记录发展党员步骤", ReachOrg)
	DevBulk         = declare("dev.bulk", "批量写入发展党员步骤", ReachOrg)
	DevVoid         = declare("dev.void", "撤销发展党员步骤", ReachOrg)
	DevMaterialUp   = declare("dev.material.upload", "上传发展党员材料", ReachNone)
	DevMaterialDel  = declare("dev.material.delete", "删除发展党员材料", ReachNone)
	TransferIssue   = declare("transfer.issue", "开具组织关系介绍信", ReachOrg)
	TransferAccept  = declare("transfer.accept", "接收组织关系转入", ReachOrg)
	TransferReceipt = declare("transfer.receipt", "登记组织关系接收或回执", ReachOrg)
	TransferReturn  = declare("transfer.return", "介绍信退回", ReachOrg)
	TransferCancel  = declare("transfer.cancel", "撤销组织关系介绍信", ReachOrg)
	TransferIn      = declare("transfer.in", "登记系统外转入", ReachOrg)
	DuesBase        = declare("dues.base", "设置党费基数", ReachOrg)
	DuesPay         = declare("dues.pay", "登记党费缴纳", ReachOrg)
	DuesReason      = declare("dues.reason", "登记未缴党费原因", ReachOrg)
	DuesWaiver      = declare("dues.waiver.approve", "批准党费减免", ReachOrg)
	DuesImport      = declare("dues.import", "导入党费表", ReachOrg)
	DuesVoid        = declare("dues.void", "撤销党费缴纳记录", ReachOrg)
	// fixes (issue 12): a held meeting voided, a filing withdrawn.
	MeetingVoid     = declare("meeting.void", "作废会议记录", ReachOrg)
	MeetingWithdraw = declare("meeting.withdraw", "撤回会议报备", ReachOrg)
)

// actions are the declared actions by name.
var actions = map[string]Action{}

func declare(name, label string, r Reach) Action {
	if _, dup := actions[name]; dup {
		panic("audit: action " + name + " declared twice")
	}
	a := Action{Name: name, Label: label, Reach: r}
	actions[name] = a
	return a
}

// Lookup is the declared action of a stored name. A name that is not
// declared (a record written by an older version) is returned with its
// name as its label and ReachAll, so a cache treats it as changing
// anything.
func Lookup(name string) (Action, bool) {
	if a, ok := actions[name]; ok {
		return a, true
	}
	return Action{Name: name, Label: name, Reach: ReachAll}, false
}

// ActionLabel is an action's Chinese name, or the name itself when it is
// not declared.
func ActionLabel(name string) string {
	a, _ := Lookup(name)
	return a.Label
}

// Actions are the declared actions' names, sorted, for a filter's list.
func Actions() []string {
	out := make([]string, 0, len(actions))
	for a := range actions {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}
