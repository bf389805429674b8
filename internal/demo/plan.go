package demo

import (
	"fmt"

	"zhibu"
)

// The demo's year plans for 2026: the committee's published 工作要点 and
// the seed branch's plan, the seed plan's ten sections reproduced as items
// with the engine's rule ids where it has them; the seed branch's plan is
// built on the committee's (its items refer to the committee's where one
// answers another).
func (l *loader) plans() error {
	c := l.byCode[CommitteeCode]
	b := l.byCode[BranchCode]
	d := func(m, dd int) zhibu.Date { return day(2026, m, dd) }
	up := zhibu.Plan{OrgID: c.org.ID, Year: 2026, Published: true, Title: "2026年机关党建工作要点",
		Intro: "各党支部结合工作实际，将党建工作纳入日常化、制度化渠道，与业务工作同步推进。",
		Sections: []zhibu.PlanSection{
			{Title: "严格落实“三会一课”制度", Items: []zhibu.PlanItem{
				{Text: "各党支部每月召开支委会、每季度召开支部党员大会，支部书记每年讲党课不少于四次", Owner: zhibu.Secretary,
					Rules: []string{"meet.committee.monthly", "meet.assembly.quarterly", "meet.lecture.secretary"}},
			}},
			{Title: "规范发展党员工作", Items: []zhibu.PlanItem{
				{Text: "坚持标准、严格程序发展党员，材料报政治部审核备案", Owner: zhibu.OrgOfficer, Rules: []string{"dev.order"}},
			}},
			{Title: "开展党支部书记抓党建工作述职评议", Items: []zhibu.PlanItem{
				{Text: "10月下旬至11月上旬开展党支部书记抓党建工作述职评议，评议情况报政治部", Owner: zhibu.Secretary,
					Rules: []string{"review.secretary"}, DueOn: d(11, 10)},
			}},
		}}
	upPlan, err := l.svc.Plans.Create(l.ctx, up)
	if err != nil {
		return fmt.Errorf("committee plan: %w", err)
	}
	ref := func(sec int) int64 { return upPlan.Sections[sec].Items[0].ID }
	item := func(text string, owner zhibu.Position, rules ...string) zhibu.PlanItem {
		return zhibu.PlanItem{Text: text, Owner: owner, Rules: rules}
	}
	withRef := func(it zhibu.PlanItem, id int64) zhibu.PlanItem { it.RefID = id; return it }
	due := func(it zhibu.PlanItem, on zhibu.Date, record string) zhibu.PlanItem {
		it.DueOn, it.Record = on, record
		return it
	}
	window := func(it zhibu.PlanItem, from zhibu.Date) zhibu.PlanItem { it.FromOn = from; return it }
	all := func(it zhibu.PlanItem) zhibu.PlanItem { it.All = true; return it }
	secs := []zhibu.PlanSection{
		{Title: "明确支部组织架构，细化责任分工", Items: []zhibu.PlanItem{
			item("党支部设书记、副书记、组织委员、纪检委员、宣传委员、保密委员、青年委员，一人可兼数职，届满按期换届", zhibu.Secretary,
				"org.committee.positions", "org.term.due"),
			item("支部下设三个党小组，每组设组长一名，原则上由骨干党员担任", zhibu.OrgOfficer, "org.group.leader"),
			item("各党小组每月至少召开一次小组会，传达学习上级党委的文件、精神，指定专人负责会议记录，存档备查", zhibu.GroupLeader, "meet.group.monthly"),
			item("各党小组按时收缴本小组党员的党费", zhibu.GroupLeader, "dues.monthly"),
		}},
		{Title: "全面贯彻落实“三会一课”制度", Items: []zhibu.PlanItem{
			withRef(item("党支部每月至少召开一次支委会，研究贯彻落实局党委的重要决策部署、发展新党员、确定支部大会议题等（由组织委员负责组织、记录，存档备查）",
				zhibu.OrgOfficer, "meet.committee.monthly"), ref(0)),
			withRef(item("党支部每季度至少召开一次支部大会，学习传达局党委文件、精神，民主评议，选举、表决需要集体表决的事项（由组织委员负责记录、存档备查）",
				zhibu.OrgOfficer, "meet.assembly.quarterly"), ref(0)),
			withRef(item("支部书记上党课每年不少于四次（上半年、下半年各两次），由支部书记准备课件，并报局党委备案", zhibu.Secretary, "meet.lecture.secretary"), ref(0)),
			item("每次会议有主持人、记录人和会议记录，会后及时整理，存档备查", zhibu.OrgOfficer, "meet.minutes"),
		}},
		{Title: "认真做好支部党员发展工作", Items: []zhibu.PlanItem{
			withRef(item("按照局党委的统一要求扎实开展党员发展工作，完善相关程序、材料，并报政治部统一审核、备案", zhibu.OrgOfficer,
				"dev.order", "dev.vote", "dev.review"), ref(1)),
			due(item("本年度拟计划发展党员（届时根据实际情况确定），由组织委员负责实施", zhibu.OrgOfficer), d(12, 31), "development"),
		}},
		{Title: "积极开展支部专题组织活动", Items: []zhibu.PlanItem{
			all(item("深入学习贯彻党的二十大精神，认真开展“学讲话、转作风、促落实”等专项教育（由宣传委员负责实施、全体党员干部参与）", zhibu.PropagandaOfficer, "activity.campaign")),
			all(item("在“七一”“十一”等重大时间节点组织开展专题组织活动", zhibu.PropagandaOfficer, "activity.occasions")),
			due(item("持续推进“民族团结一家亲”活动，指定支部联络员，定期组织开展活动", zhibu.PropagandaOfficer), d(6, 30), "activity"),
			due(item("及时编辑党建信息简报，在局网页上推送发布，积极营造良好氛围", zhibu.PropagandaOfficer), d(12, 31), "bulletin"),
		}},
		{Title: "扎实推进党员述职评议工作", Items: []zhibu.PlanItem{
			withRef(due(item("10月下旬至11月上旬，支部书记围绕年度党建工作拟定述职报告并在支部内述职，组织评议（好、较好、一般、较差），评议情况报送政治部",
				zhibu.Secretary, "review.secretary"), d(11, 10), "review"), ref(2)),
			due(item("开展民主评议党员", zhibu.OrgOfficer, "meet.appraisal.annual"), zhibu.Date{}, "meeting:"+string(zhibu.MeetAppraisal)),
		}},
		{Title: "不断落实党务公开制度", Items: []zhibu.PlanItem{
			item("规范党务公开内容，将书记抓党建工作报告、支部改选情况、党员发展情况及时向全体党员干部通报和公示", zhibu.Secretary, "disclose.branch", "disclose.procedure"),
			item("利用好书记、副书记信箱，及时倾听党员干部心声，摸清思想底数", zhibu.Secretary, "mailbox.reply"),
		}},
		{Title: "长期抓好思想政治工作", Items: []zhibu.PlanItem{
			item("按照局党委和党支部政治理论学习计划，有学习、有记录、有总结；党员有学习笔记（书记负总责、副书记牵头实施）", zhibu.DeputySecretary, "study.records"),
			item("每半年不少于一次开展谈心谈话，书记和班子成员之间、班子成员与分管民警之间，谈话有专门记录", zhibu.Secretary, "talk.pairs"),
			due(item("上半年采取座谈会、讨论会等形式组织发声亮剑，记录主要观点和实例，会前向政治部报备，邀请纪检委、政治部派员指导", zhibu.DisciplineOfficer), d(6, 30),
				"meeting:"+string(zhibu.MeetStance)),
			window(due(item("下半年组织发声亮剑讨论会，记录主要观点和实例，会前向政治部报备", zhibu.DisciplineOfficer), d(11, 30),
				"meeting:"+string(zhibu.MeetStance)), d(7, 1)),
		}},
		{Title: "做好党支部基础工作的集中整治", Items: []zhibu.PlanItem{
			all(due(item("从不按期换届、“三会一课”执行不到位、党费交纳不规范、不按程序发展党员和档案管理不规范、组织关系转接不及时五个方面开展集中自查，及时整改并向局党委上报整改情况材料",
				zhibu.OrgOfficer), d(11, 30), "rectification")),
		}},
		{Title: "做好各类党建档案的保管和留存工作", Items: []zhibu.PlanItem{
			all(due(item("对“三会一课”、党员及入党积极分子卡片和档案、专项教育活动档案、在职党员到社区报到卡片、全年政治学习资料分类建档留存", zhibu.OrgOfficer),
				d(12, 31), "archive")),
		}},
		{Title: "做好党建工作调研和论文撰写工作", Items: []zhibu.PlanItem{
			item("围绕创新党员民警教育方式方法这一专题，广泛听取党员干部意见建议，撰写年度党建论文（党支部书记负责）", zhibu.Secretary, "paper.annual"),
		}},
	}
	plan := zhibu.Plan{OrgID: b.org.ID, Year: 2026, SourceID: upPlan.ID, Title: "贯彻落实《2026年机关党建工作要点》推进方案及工作计划",
		Intro:    "为全面贯彻落实局党委2026年党建工作部署，结合《2026年机关党建工作要点》及局党委对各支部党建工作绩效考评的相关工作要求，立足支部工作实际，将党建工作纳入日常化、制度化渠道，与业务工作同步推进，现将本计划方案内容明确如下：",
		Sections: secs}
	bp, err := l.svc.Plans.Create(l.ctx, plan)
	if err != nil {
		return fmt.Errorf("branch plan: %w", err)
	}
	// The 2025 campaign's remedies were done in March (rectification.go):
	// the organization officer marks §8 done with its evidence.
	rect := bp.Sections[7].Items[0]
	if _, err := l.svc.Plans.MarkDone(l.ctx, rect.ID, d(3, 20), "五个方面问题自查完毕，整改情况材料已报局党委"); err != nil {
		return fmt.Errorf("branch plan: %w", err)
	}
	// The liaison programme's visits of the first half fulfil §4.3.
	as, err := l.s.Activities(l.ctx, b.org.ID, 2026)
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.Kind == zhibu.ActivityLiaison && !a.HeldOn.After(d(6, 30)) {
			if _, err := l.s.LinkPlanRecord(l.ctx, bp.Sections[3].Items[2].ID, "activity", a.ID); err != nil {
				return fmt.Errorf("branch plan: %w", err)
			}
		}
	}
	return nil
}
