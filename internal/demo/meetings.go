package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// The demo's organizational life: every meeting of the three branches and
// their groups from 1 January 2025 to AsOf — the whole of 2025, to check as
// a past year, and the first half of 2026 — recorded with attendance from
// store.Expected, chairs, recorders, lecturers, topics, minutes, votes and
// filings, and the gaps a real year has. The seed branch (ZB03) is told in
// full; ZB01 and ZB02 more briefly.
//
// The gaps planted in ZB03's 2025, which its findings show as overdue and
// nothing else:
//   - no committee meeting in October (the one planned was cancelled for
//     the National Day security duty);
//   - no group meeting of 第二党小组 in February (Spring Festival) and of
//     第三党小组 in October;
//   - no themed party day in February;
//   - three lectures by the secretary: two in the first half, one in the
//     second — short by one of the seed plan's two a half (and four a
//     year), a finding of the branch layer only: the national rule asks
//     for one a year.
//
// In 2026 第一党小组 missed January. ZB01 missed its third-quarter assembly
// of 2025 and two group meetings, and its committee's term ran out on 12 May
// 2026 without an election; ZB02 missed two themed days and a group meeting
// and held its 2025 organizational life meeting only in January 2026.
//
// Each meeting was recorded two or three hours after it began, except a few
// entered late (补录): ZB03's committee meeting of 11 September 2025 and
// 第三党小组's July meeting, ZB01's committee meeting of May 2025 and ZB02's
// third-quarter assembly.

// meetingSpec is one meeting of a branch (or, with group, of its group).
type meetingSpec struct {
	typ      zhibu.MeetingType
	group    int // 1-based group of the branch, for a group meeting
	on       zhibu.Date
	hour     int // 0: the type's usual hour
	min      int
	place    string // "": the type's usual place
	chair    string // "": the usual chair
	deputy   bool   // chaired by the deputy (or a committee member) because the secretary is away on business
	recorder string
	topics   []string
	body     string // the minutes' account; "": the type's usual one
	votes    []voteSpec
	late     int    // entered this many days after the meeting (补录)
	cancel   string // cancelled for this reason, entered a week before
	filing   *filingSpec
}

// voteSpec is a resolution: whoever of the entitled is present votes for
// it, but for the votes against and abstentions.
type voteSpec struct {
	text             string
	against, abstain int
}

// filingSpec is a meeting's filing with the superior: filed, then
// acknowledged; or returned with a note and resubmitted (filed again on
// resubmitted), awaiting acknowledgement.
type filingSpec struct {
	filed, acked          time.Time
	returned, resubmitted time.Time
	note                  string
}

// roles names who does what in a branch's meetings.
type roles struct {
	secretary  string
	deputy     string // chairs when the secretary is away; a committee member where there is no deputy
	orgOfficer string // records committee meetings, assemblies, lectures, appraisals
	propaganda string // records themed days and study sessions
	leaders    []string
	recorders  []string // each group's recorder
	places     []string // each group's meeting room
}

// lifePlan is one branch's meetings.
type lifePlan struct {
	code     string
	roles    roles
	meetings []meetingSpec
}

func lifePlans() []lifePlan {
	return []lifePlan{
		{OfficeBranchCode, officeRoles, officeMeetings()},
		{TrafficBranchCode, trafficRoles, trafficMeetings()},
		{BranchCode, seedRoles, seedMeetings()},
	}
}

// first and last days of the demo's organizational life.
var (
	lifeFrom = day(2025, 1, 1)
	lifeTo   = day(2026, 6, 30)
)

// months is the number of months recorded: January 2025 to June 2026.
const months = 18

// monthStart is the first day of the k-th month from January 2025.
func monthStart(k int) zhibu.Date { return lifeFrom.AddMonths(k) }

// weekday is the first day of weekday w on or after the d-th of month k.
func weekday(k, d int, w time.Weekday) zhibu.Date {
	x := monthStart(k).AddDays(d - 1)
	for x.Time().Weekday() != w {
		x = x.AddDays(1)
	}
	return x
}

func at(d zhibu.Date, hh, mm int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hh, mm, 0, 0, zhibu.DefaultZone)
}

// filed is a filing acknowledged: sent on the first day, acknowledged on the second.
func filed(y, mo, d, ay, amo, ad int) *filingSpec {
	return &filingSpec{filed: at(day(y, mo, d), 10, 0), acked: at(day(ay, amo, ad), 11, 30)}
}

// groupTopics are what the groups of every branch study and do each month.
var groupTopics = [months][]string{
	{"传达学习支部2025年党建工作部署", "收缴1月党费"},
	{"学习春节期间安保维稳工作要求", "开展谈心谈话"},
	{"学习全国两会精神", "收缴2、3月党费"},
	{"学习《中国共产党纪律处分条例》", "向支部推荐入党积极分子人选"},
	{"学习局党委关于纪律作风建设的通知", "开展党员承诺践诺"},
	{"学习习近平总书记关于公安工作的重要论述", "收缴4至6月党费"},
	{"学习《中国共产党章程》", "党员交流学习心得"},
	{"学习中央八项规定及其实施细则精神", "开展廉政警示教育"},
	{"学习局党委文件精神", "征集年度党建论文选题意见建议"},
	{"学习党的二十届四中全会公报", "收缴7至9月党费"},
	{"民主评议党员：党员个人自评和互评", "收缴10、11月党费"},
	{"学习贯彻党的二十届四中全会精神", "总结本组全年工作"},
	{"传达学习支部2026年党建工作部署", "收缴12月和1月党费"},
	{"学习春节期间安保维稳工作要求", "开展谈心谈话"},
	{"学习全国两会精神", "向支部推荐入党积极分子人选"},
	{"学习《中国共产党党员教育管理工作条例》", "收缴2至4月党费"},
	{"学习“十五五”规划纲要", "听取发展对象培养情况"},
	{"学习习近平总书记关于党的建设的重要思想", "收缴5、6月党费"},
}

// themedDays are the bureau's themed party days, the same for every branch:
// the day of the month, the place and the theme.
var themedDays = [months]struct {
	d     int
	place string
	topic string
}{
	{17, "辖区社区", "新春走访慰问困难党员和退休老党员"},
	{20, "联系村", "“民族团结一家亲”结亲走访"},
	{5, "辖区社区", "学雷锋志愿服务，开展防诈骗宣传"},
	{3, "烈士陵园", "清明祭扫烈士陵园，缅怀革命先烈"},
	{22, "联系村", "“民族团结一家亲”结亲走访，宣讲惠民政策"},
	{26, "市中心广场", "国际禁毒日禁毒宣传"},
	{1, "党员活动室", "庆祝建党104周年，重温入党誓词"},
	{21, "廉政警示教育基地", "参观廉政警示教育基地，接受警示教育"},
	{3, "党员活动室", "纪念中国人民抗日战争胜利80周年，集体观看纪念活动"},
	{23, "辖区社区", "在职党员到社区报到，参与社区治理"},
	{20, "党员活动室", "开展“抓作风、促稳定”专题讨论"},
	{4, "局机关三楼会议室", "国家宪法日宪法宣誓和普法宣传"},
	{22, "辖区社区", "新春走访慰问困难党员和退休老党员"},
	{26, "联系村", "“民族团结一家亲”结亲走访"},
	{5, "辖区社区", "学雷锋志愿服务，开展交通安全宣传"},
	{2, "烈士陵园", "清明祭扫烈士陵园，缅怀革命先烈"},
	{21, "党史教育基地", "参观党史教育基地，重温党的光辉历程"},
	{25, "市中心广场", "国际禁毒日前夕开展禁毒宣传"},
}

// groupMeetings are each group's monthly meeting but the months skipped
// (group, month) and with the lateness given: group 1 meets on the Tuesday
// from the 8th, group 2 on the Wednesday from the 8th, group 3 on the
// Tuesday from the 15th.
func groupMeetings(groups int, skip map[[2]int]bool, late map[[2]int]int) []meetingSpec {
	var out []meetingSpec
	days := []struct {
		d int
		w time.Weekday
	}{{8, time.Tuesday}, {8, time.Wednesday}, {15, time.Tuesday}}
	for k := range months {
		for g := 1; g <= groups; g++ {
			if skip[[2]int{g, k}] {
				continue
			}
			out = append(out, meetingSpec{typ: zhibu.MeetGroup, group: g, on: weekday(k, days[g-1].d, days[g-1].w),
				topics: groupTopics[k], late: late[[2]int{g, k}]})
		}
	}
	return out
}

// themed are the themed party days but the months skipped.
func themed(skip ...int) []meetingSpec {
	var out []meetingSpec
	for k, t := range themedDays {
		if contains(skip, k) {
			continue
		}
		out = append(out, meetingSpec{typ: zhibu.MeetThemedDay, on: monthStart(k).AddDays(t.d - 1), place: t.place, topics: []string{t.topic}})
	}
	return out
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

var seedRoles = roles{
	secretary: "张志刚", deputy: "艾力·买买提", orgOfficer: "马文斌", propaganda: "刘晓燕",
	leaders:   []string{"王建新", "李春生", "高文华"},
	recorders: []string{"孙丽娟", "古丽娜尔·艾山", "黄静"},
	places:    []string{"治安管理大队会议室", "禁毒大队会议室", "巡逻特警大队会议室"},
}

// seedMeetings is the seed branch's year and a half, told in full.
func seedMeetings() []meetingSpec {
	c := func(y, mo, d int, topics ...string) meetingSpec {
		return meetingSpec{typ: zhibu.MeetCommittee, on: day(y, mo, d), topics: topics}
	}
	committee := []meetingSpec{
		c(2025, 1, 22, "研究部署2025年支部党建工作", "研究确定苏雅为入党积极分子，指定培养联系人", "研究春节期间党员民警值班备勤安排"),
		c(2025, 2, 20, "传达学习局党委2025年党建工作会议精神", "研究支部贯彻落实2025年机关党建工作要点推进方案"),
		c(2025, 3, 13, "部署“三会一课”工作，研究书记讲党课计划（上半年、下半年各两次）", "研究第一季度支部党员大会议题"),
		c(2025, 4, 10, "研究发展党员工作，确定曹振宇为入党积极分子", "研究推荐立功受奖人员"),
		c(2025, 5, 15, "研究“七一”主题党日活动方案", "分析党员民警思想动态"),
		c(2025, 6, 12, "研究第二季度支部党员大会议题", "研究上半年党费收缴和使用情况"),
		c(2025, 7, 10, "传达学习局党委关于加强纪律作风建设的文件精神", "研究下半年党建工作安排"),
		c(2025, 8, 19, "研究发展党员工作，确定彭博、邓佳为入党积极分子", "研究发声亮剑讨论会方案，会前向局政治部报备"),
		c(2025, 9, 11, "讨论年度党建论文选题", "研究第三季度支部党员大会议题"),
		c(2025, 10, 16, "研究支部书记抓党建工作述职评议安排"),
		c(2025, 11, 4, "研究支部书记抓党建工作述职评议和民主评议党员工作方案", "研究党支部基础工作集中整治自查"),
		c(2025, 12, 4, "研究确定杨帆为发展对象", "研究召开2025年度组织生活会的准备工作", "研究年度党建工作总结"),
		c(2026, 1, 29, "研究部署2026年支部党建工作", "研究确定吴昊为发展对象", "安排支委与入党申请人唐雨欣、谢宇航谈话"),
		c(2026, 2, 26, "传达学习局党委2026年党建工作会议精神", "研究2026年发展党员计划"),
		c(2026, 3, 12, "研究确定海米提·依明为入党积极分子", "安排支委与入党申请人努尔艾力·阿迪力谈话", "研究第一季度支部党员大会议题"),
		c(2026, 4, 16, "研究确定蒋明轩、苏雅为发展对象", "安排发展对象政治审查和集中培训"),
		c(2026, 5, 14, "研究接收预备党员有关事项，将吴昊、杨帆的入党材料报局党委预审", "研究“七一”活动安排"),
		c(2026, 6, 11, "研究召开支部党员大会讨论接收预备党员", "研究上半年党建工作总结"),
	}
	committee[0].votes = []voteSpec{{text: "确定苏雅为入党积极分子"}}
	committee[3].votes = []voteSpec{{text: "确定曹振宇为入党积极分子"}}
	committee[5].deputy = true
	committee[7].votes = []voteSpec{{text: "确定彭博为入党积极分子"}, {text: "确定邓佳为入党积极分子"}}
	committee[8].late = 18
	committee[9].cancel = "局党委统一部署国庆、中秋安保维稳任务，支委会取消"
	committee[11].votes = []voteSpec{{text: "确定杨帆为发展对象"}}
	committee[12].votes = []voteSpec{{text: "确定吴昊为发展对象"}}
	committee[13].deputy = true
	committee[14].votes = []voteSpec{{text: "确定海米提·依明为入党积极分子"}}
	committee[15].votes = []voteSpec{{text: "确定蒋明轩为发展对象"}, {text: "确定苏雅为发展对象"}}

	a := func(y, mo, d int, topics []string, votes ...voteSpec) meetingSpec {
		return meetingSpec{typ: zhibu.MeetAssembly, on: day(y, mo, d), topics: topics, votes: votes}
	}
	assemblies := []meetingSpec{
		a(2025, 3, 27, []string{"传达学习局党委2025年党建工作会议精神", "审议《第三党支部2025年党建工作计划》", "通报2024年度党费收缴情况"},
			voteSpec{text: "通过《第三党支部2025年党建工作计划》"}),
		a(2025, 6, 24, []string{"学习贯彻局党委关于纪律作风建设的部署", "听取各党小组推荐入党积极分子情况", "推选优秀共产党员"},
			voteSpec{text: "推选孙丽娟、陈思远为2025年度局优秀共产党员候选人", abstain: 2}),
		a(2025, 9, 25, []string{"通报上半年党建工作和“三会一课”落实情况", "讨论确定2025年党建论文选题"},
			voteSpec{text: "确定2025年党建论文选题为《创新党员民警教育方式方法的实践与思考》", abstain: 1}),
		a(2025, 12, 11, []string{"通报支部书记抓党建工作述职评议和民主评议党员结果", "审议2025年度支部工作总结"},
			voteSpec{text: "通过2025年度支部工作总结"}),
		a(2026, 3, 26, []string{"审议《第三党支部2026年党建工作计划》", "通报2025年度党费收缴情况"},
			voteSpec{text: "通过《第三党支部2026年党建工作计划》"}),
		a(2026, 6, 26, []string{"讨论接收吴昊为中共预备党员", "讨论接收杨帆为中共预备党员"},
			voteSpec{text: "接收吴昊为中共预备党员"}, voteSpec{text: "接收杨帆为中共预备党员", abstain: 1}),
	}
	assemblies[5].body = "入党介绍人介绍了发展对象的有关情况，党小组和支委会报告了审查情况，与会党员充分讨论后以举手方式表决。表决结果报局党委审批。"

	l := func(y, mo, d int, title string, f *filingSpec) meetingSpec {
		return meetingSpec{typ: zhibu.MeetLecture, on: day(y, mo, d), topics: []string{title}, filing: f}
	}
	lectures := []meetingSpec{
		l(2025, 3, 20, "《坚定理想信念 做党和人民的忠诚卫士》", filed(2025, 3, 21, 2025, 3, 25)),
		l(2025, 6, 19, "《传承红色基因 争做新时代合格党员》", filed(2025, 6, 20, 2025, 6, 24)),
		l(2025, 11, 20, "《深入学习贯彻党的二十届四中全会精神》", filed(2025, 11, 21, 2025, 11, 26)),
		l(2026, 4, 23, "《以严的基调强化正风肃纪 锻造过硬公安队伍》", filed(2026, 4, 24, 2026, 4, 28)),
		l(2026, 6, 18, "《弘扬伟大建党精神 筑牢忠诚警魂》", &filingSpec{
			filed: at(day(2026, 6, 19), 10, 0), returned: at(day(2026, 6, 22), 16, 0),
			note: "课件未附授课提纲和党员学习记录，请补充后重新报备", resubmitted: at(day(2026, 6, 29), 9, 30)}),
	}

	st := func(y, mo, d int, topics []string, f *filingSpec) meetingSpec {
		return meetingSpec{typ: zhibu.MeetStudy, on: day(y, mo, d), topics: topics, filing: f}
	}
	study := []meetingSpec{
		st(2025, 2, 27, []string{"学习习近平总书记在二十届中央纪委四次全会上的重要讲话"}, nil),
		st(2025, 5, 29, []string{"学习《中国共产党党员教育管理工作条例》"}, nil),
		st(2025, 7, 24, []string{"学习习近平总书记关于加强党的作风建设的重要论述"}, nil),
		st(2025, 10, 30, []string{"学习党的二十届四中全会公报"}, nil),
		st(2026, 1, 15, []string{"学习习近平总书记在二十届中央纪委五次全会上的重要讲话"}, nil),
		st(2026, 3, 19, []string{"学习全国两会精神和政府工作报告"}, nil),
		st(2026, 5, 28, []string{"学习“十五五”规划纲要中关于平安中国建设的部署"}, nil),
	}

	other := []meetingSpec{
		{typ: zhibu.MeetAppraisal, on: day(2025, 11, 6), topics: []string{"支部书记抓党建工作述职", "民主评议党员：个人自评、党员互评、民主测评"},
			body: "书记张志刚围绕年度党建工作开展情况、主要成效、存在问题和下一步计划作述职，党员对书记抓党建工作进行评议。党员逐一进行个人自评和互评，开展民主测评，评议等次分为好、较好、一般、较差。评议情况报局政治部。"},
		{typ: zhibu.MeetLife, on: day(2025, 12, 18), hour: 9, min: 30, topics: []string{"2025年度组织生活会：通报支委会对照检查情况", "开展批评和自我批评", "明确整改措施"}},
		{typ: zhibu.MeetStance, on: day(2025, 8, 28), hour: 15, min: 30, topics: []string{"围绕维护社会稳定和长治久安发声亮剑", "揭批“两面人”问题，表明立场、亮明态度"},
			filing: &filingSpec{filed: at(day(2025, 8, 20), 10, 0), acked: at(day(2025, 8, 22), 11, 0)}},
		{typ: zhibu.MeetStance, on: day(2026, 5, 21), hour: 15, min: 30, topics: []string{"围绕落实“五管”和“三敢两绝”措施发声亮剑"},
			filing: &filingSpec{filed: at(day(2026, 5, 13), 10, 0), acked: at(day(2026, 5, 15), 11, 0)}},
		// The bureau committee's own type (WarningType), each half year.
		{typ: WarningType, on: day(2025, 8, 21), topics: []string{"通报近期公安队伍违纪违法典型案例", "观看警示教育片《镜鉴》"}},
		{typ: WarningType, on: day(2026, 2, 12), topics: []string{"学习局党委关于春节期间纪律作风的“十个严禁”", "通报典型案例，党员谈认识体会"}},
	}

	out := append(committee, assemblies...)
	out = append(out, lectures...)
	out = append(out, study...)
	out = append(out, other...)
	out = append(out, themed(1)...)
	// 第二党小组 skipped February 2025, 第三党小组 October 2025, 第一党小组 January 2026.
	out = append(out, groupMeetings(3, map[[2]int]bool{{2, 1}: true, {3, 9}: true, {1, 12}: true}, map[[2]int]int{{3, 6}: 21})...)
	return out
}

// committeeTopics are what a branch committee of the lighter branches
// discusses each month.
var committeeTopics = [months][]string{
	{"研究部署2025年支部党建工作", "研究春节期间值班备勤安排"},
	{"传达学习局党委2025年党建工作会议精神"},
	{"研究第一季度支部党员大会议题", "部署“三会一课”工作"},
	{"研究发展党员工作"},
	{"研究“七一”主题党日活动方案"},
	{"研究上半年党费收缴情况", "研究第二季度支部党员大会议题"},
	{"传达学习局党委关于加强纪律作风建设的文件精神"},
	{"分析党员思想动态", "研究下半年学习计划"},
	{"讨论年度党建论文选题"},
	{"研究国庆、中秋期间党员先锋岗设置"},
	{"研究支部书记抓党建工作述职评议和民主评议党员工作安排"},
	{"研究召开组织生活会的准备工作", "研究年度党建工作总结"},
	{"研究部署2026年支部党建工作"},
	{"传达学习局党委2026年党建工作会议精神"},
	{"研究第一季度支部党员大会议题", "研究2026年发展党员计划"},
	{"研究党支部基础工作自查整改"},
	{"研究“七一”活动安排"},
	{"研究上半年党建工作总结"},
}

// monthlyCommittee is a lighter branch's committee meeting each month from
// month k0, on the Thursday from the d-th.
func monthlyCommittee(k0, d int) []meetingSpec {
	var out []meetingSpec
	for k := k0; k < months; k++ {
		out = append(out, meetingSpec{typ: zhibu.MeetCommittee, on: weekday(k, d, time.Thursday), topics: committeeTopics[k]})
	}
	return out
}

var officeRoles = roles{
	secretary: "王立群", deputy: "宋建华", orgOfficer: "田芳", propaganda: "田芳",
	leaders:   []string{"钱卫东", "许国栋"},
	recorders: []string{"马秀兰", "范小红"},
	places:    []string{"办公室小会议室", "警务保障室会议室"},
}

// officeMeetings is ZB01's: complete but for its third-quarter assembly of
// 2025 and two group meetings; its committee prepares an election that
// has not happened by AsOf.
func officeMeetings() []meetingSpec {
	committee := monthlyCommittee(0, 10)
	committee[4].late = 20
	committee[7].deputy = true
	committee[14].topics = append(committee[14].topics, "研究支部委员会换届选举筹备工作")
	committee[15].topics = []string{"研究换届选举工作方案，向局党委请示召开支部党员大会进行换届选举"}
	committee[17].topics = []string{"研究上半年党建工作总结", "因人员调整，换届选举推迟至7月，向局党委报告情况"}
	a := func(y, mo, d int, topics []string, votes ...voteSpec) meetingSpec {
		return meetingSpec{typ: zhibu.MeetAssembly, on: day(y, mo, d), topics: topics, votes: votes}
	}
	out := append(committee,
		a(2025, 3, 25, []string{"审议《第一党支部2025年党建工作计划》"}, voteSpec{text: "通过《第一党支部2025年党建工作计划》"}),
		a(2025, 6, 25, []string{"学习贯彻局党委文件精神", "推选优秀共产党员"}, voteSpec{text: "推选田芳为2025年度局优秀共产党员候选人", abstain: 1}),
		a(2025, 12, 16, []string{"通报民主评议党员结果", "审议2025年度支部工作总结"}, voteSpec{text: "通过2025年度支部工作总结"}),
		a(2026, 3, 24, []string{"审议《第一党支部2026年党建工作计划》"}, voteSpec{text: "通过《第一党支部2026年党建工作计划》"}),
		a(2026, 6, 23, []string{"学习贯彻局党委文件精神", "通报换届选举筹备情况"}),
		meetingSpec{typ: zhibu.MeetLecture, on: day(2025, 6, 27), topics: []string{"《牢记初心使命 做忠诚干净担当的机关干部》"}, filing: filed(2025, 6, 30, 2025, 7, 3)},
		meetingSpec{typ: zhibu.MeetLecture, on: day(2025, 12, 12), topics: []string{"《学习贯彻党的二十届四中全会精神》"}, filing: filed(2025, 12, 15, 2025, 12, 18)},
		meetingSpec{typ: zhibu.MeetLecture, on: day(2026, 5, 22), topics: []string{"《涵养新风正气 建设模范机关》"}, filing: filed(2026, 5, 25, 2026, 5, 28)},
		meetingSpec{typ: zhibu.MeetAppraisal, on: day(2025, 11, 20), topics: []string{"支部书记抓党建工作述职", "民主评议党员"}},
		meetingSpec{typ: zhibu.MeetLife, on: day(2025, 12, 23), hour: 9, min: 30, topics: []string{"2025年度组织生活会：对照检查，开展批评和自我批评"}},
	)
	out = append(out, themed()...)
	out = append(out, groupMeetings(2, map[[2]int]bool{{2, 7}: true, {2, 13}: true}, nil)...)
	return out
}

var trafficRoles = roles{
	secretary: "刘振华", deputy: "姜红", orgOfficer: "吐尔洪·买买提", propaganda: "姜红",
	leaders:   []string{"程建军", "侯德胜"},
	recorders: []string{"段雪", "阿依古丽·热合曼"},
	places:    []string{"交通警察大队会议室", "指挥调度中心会议室"},
}

// trafficMeetings is ZB02's: its committee elected on 20 March 2025 and
// meeting monthly since; two themed days and a group meeting missed, and
// its 2025 organizational life meeting held in January 2026.
func trafficMeetings() []meetingSpec {
	committee := monthlyCommittee(3, 10)
	committee = append([]meetingSpec{{typ: zhibu.MeetCommittee, on: day(2025, 3, 26), topics: []string{"新一届支部委员会分工", "研究第二季度党建工作安排"}}}, committee...)
	committee[10].deputy = true
	a := func(y, mo, d int, topics []string, votes ...voteSpec) meetingSpec {
		return meetingSpec{typ: zhibu.MeetAssembly, on: day(y, mo, d), topics: topics, votes: votes}
	}
	election := a(2025, 3, 20, []string{"选举产生新一届支部委员会"}, voteSpec{text: "通过《第二党支部委员会选举办法》"})
	election.body = "会议通过选举办法，以无记名投票方式差额选举产生新一届支部委员会，刘振华、吐尔洪·买买提、姜红当选，选举结果报局党委审批。"
	q3 := a(2025, 9, 23, []string{"通报上半年党建工作", "学习贯彻局党委文件精神"})
	q3.late = 15
	out := append(committee, election,
		a(2025, 6, 24, []string{"学习贯彻局党委文件精神", "推选优秀共产党员"}, voteSpec{text: "推选程建军为2025年度局优秀共产党员候选人"}),
		q3,
		a(2025, 12, 16, []string{"通报民主评议党员结果"}),
		a(2026, 3, 24, []string{"审议《第二党支部2026年党建工作计划》"}, voteSpec{text: "通过《第二党支部2026年党建工作计划》", abstain: 1}),
		a(2026, 6, 23, []string{"学习贯彻局党委文件精神", "研究确定孟庆宇为发展对象的情况通报"}),
		meetingSpec{typ: zhibu.MeetLecture, on: day(2025, 7, 1), topics: []string{"《传承红色基因 守护平安畅通》"}, filing: filed(2025, 7, 2, 2025, 7, 7)},
		meetingSpec{typ: zhibu.MeetLecture, on: day(2026, 5, 28), topics: []string{"《践行为民宗旨 做人民满意的交警》"},
			filing: &filingSpec{filed: at(day(2026, 5, 29), 10, 0)}},
		meetingSpec{typ: zhibu.MeetAppraisal, on: day(2025, 12, 9), topics: []string{"民主评议党员"}},
		meetingSpec{typ: zhibu.MeetLife, on: day(2026, 1, 15), hour: 9, min: 30, topics: []string{"2025年度组织生活会：对照检查，开展批评和自我批评"}},
	)
	out = append(out, themed(1, 7)...)
	out = append(out, groupMeetings(2, map[[2]int]bool{{1, 4}: true}, nil)...)
	return out
}

// usual is a type's usual hour, place and way the minutes tell it.
var usual = map[zhibu.MeetingType]struct {
	hour, min int
	place     string
	body      string
}{
	zhibu.MeetCommittee: {16, 0, "支部会议室", "与会支委逐项研究讨论，形成一致意见，明确由相关委员分工落实。"},
	zhibu.MeetAssembly:  {15, 0, "局机关三楼会议室", "与会党员认真学习会议内容，结合工作实际交流发言。"},
	zhibu.MeetGroup:     {16, 30, "", "组长传达学习内容，小组党员结合本职工作逐一交流发言。"},
	zhibu.MeetLecture:   {15, 0, "局机关三楼会议室", "书记围绕专题讲授党课，结合队伍建设和公安业务实际提出要求，党员认真听讲并做好学习笔记。课件按要求报局党委备案。"},
	zhibu.MeetThemedDay: {9, 30, "党员活动室", "支部党员参加活动，活动结束后交流心得体会。"},
	zhibu.MeetLife:      {9, 30, "支部会议室", "书记代表支委会作对照检查，支委和党员逐一开展批评和自我批评，会议明确整改措施和责任人。"},
	zhibu.MeetAppraisal: {15, 0, "局机关三楼会议室", "党员逐一进行个人自评和互评，开展民主测评，评议等次分为好、较好、一般、较差。评议情况报局政治部。"},
	zhibu.MeetStance:    {15, 30, "支部会议室", "会前已向局政治部报备，政治部派员到会指导。与会党员逐一发言，表明立场、亮明态度，记录主要观点和实例。"},
	zhibu.MeetStudy:     {16, 0, "党员活动室", "副书记领学，党员交流学习体会，并完成学习笔记。"},
	WarningType:         {16, 0, "局机关三楼会议室", "纪检委员通报典型案例，党员逐一谈认识体会，对照查摆自身问题。"},
}

// WarningType is the meeting type the bureau committee adds for its
// subtree (a type added as data): a warning-education meeting each half year.
var WarningType = zhibu.CustomMeetingType("警示教育会")

// excuses are the reasons for leave, the commonest first.
var excuses = []string{"出差", "出差", "值班", "值班", "执行安保任务", "病假", "外出办案", "公休假", "参加上级培训"}

// meetings records the demo's organizational life and the seed branch's
// stricter lecture rule (a branch-layer version from 2018).
func (l *loader) meetings() error {
	rng := rand.New(rand.NewPCG(2025, 701))
	cache := map[string][]zhibu.Person{}
	for _, plan := range lifePlans() {
		b, ok := l.byCode[plan.code]
		if !ok {
			return fmt.Errorf("meetings: branch %s not made", plan.code)
		}
		var recs []store.MeetingRecord
		for _, sp := range plan.meetings {
			r, err := l.meeting(b, plan.roles, sp, rng, cache)
			if err != nil {
				return fmt.Errorf("%s %s %s: %w", b.org.Name, sp.on, sp.typ.Label(), err)
			}
			recs = append(recs, r)
		}
		if _, err := l.s.SaveMeetingsBulk(l.ctx, recs); err != nil {
			return fmt.Errorf("%s: %w", b.org.Name, err)
		}
	}
	// The months after AsOf up to today's, from their own generator.
	rng = rand.New(rand.NewPCG(2026, 701))
	for _, plan := range laterPlans(laterMonths(l.today)) {
		b := l.byCode[plan.code]
		var recs []store.MeetingRecord
		for _, sp := range plan.meetings {
			r, err := l.meeting(b, plan.roles, sp, rng, cache)
			if err != nil {
				return fmt.Errorf("%s %s %s: %w", b.org.Name, sp.on, sp.typ.Label(), err)
			}
			recs = append(recs, r)
		}
		if len(recs) == 0 {
			continue
		}
		if _, err := l.s.SaveMeetingsBulk(l.ctx, recs); err != nil {
			return fmt.Errorf("%s: %w", b.org.Name, err)
		}
	}
	for _, v := range rules.SeedBranchLayer(l.byCode[BranchCode].org.ID, day(2018, 1, 1)) {
		if err := l.svc.Compliance.AddRuleVersion(l.ctx, v); err != nil {
			return fmt.Errorf("branch layer: %w", err)
		}
	}
	return nil
}

// meeting makes the record of one meeting: the org, people by their
// roles, attendance drawn for those store.Expected names, votes, minutes,
// the entry time and the filing.
func (l *loader) meeting(b *built, r roles, sp meetingSpec, rng *rand.Rand, cache map[string][]zhibu.Person) (store.MeetingRecord, error) {
	u := usual[sp.typ]
	hour, mins := u.hour, u.min
	if sp.hour != 0 {
		hour, mins = sp.hour, sp.min
	}
	m := zhibu.Meeting{OrgID: b.org.ID, Type: sp.typ, Status: zhibu.MeetingHeld, StartsAt: at(sp.on, hour, mins),
		Place: sp.place, Topics: sp.topics}
	if m.Place == "" {
		m.Place = u.place
	}
	chair, recorder, lecturer := r.secretary, r.orgOfficer, ""
	switch sp.typ {
	case zhibu.MeetGroup:
		m.OrgID = b.groups[sp.group-1]
		chair, recorder = r.leaders[sp.group-1], r.recorders[sp.group-1]
		if sp.place == "" {
			m.Place = r.places[sp.group-1]
		}
	case zhibu.MeetLecture:
		chair, lecturer = r.deputy, r.secretary
	case zhibu.MeetThemedDay, zhibu.MeetStudy:
		recorder = r.propaganda
		if sp.typ == zhibu.MeetStudy {
			chair = r.deputy
		}
	}
	if sp.deputy {
		chair = r.deputy
	}
	if sp.chair != "" {
		chair = sp.chair
	}
	if sp.recorder != "" {
		recorder = sp.recorder
	}
	ids := map[string]int64{}
	for _, name := range []string{chair, recorder, lecturer} {
		if name == "" {
			continue
		}
		id, err := b.id(name)
		if err != nil {
			return store.MeetingRecord{}, err
		}
		ids[name] = id
	}
	m.ChairID, m.RecorderID = ids[chair], ids[recorder]
	if lecturer != "" {
		m.LecturerID = ids[lecturer]
	}
	if sp.cancel != "" {
		m.Status, m.CancelReason = zhibu.MeetingCancelled, sp.cancel
		m.ChairID, m.RecorderID, m.Minutes = 0, 0, ""
		m.EnteredAt = at(sp.on.AddDays(-7), 10, 0)
		return store.MeetingRecord{Meeting: m}, nil
	}

	expected, err := l.expected(b, m.OrgID, sp, cache)
	if err != nil {
		return store.MeetingRecord{}, err
	}
	must := map[int64]bool{m.ChairID: true, m.RecorderID: true, m.LecturerID: true}
	away := int64(0)
	if sp.deputy {
		away, _ = b.id(r.secretary)
	}
	att := make([]zhibu.Attendance, len(expected))
	present := 0
	for i, p := range expected {
		a := zhibu.Attendance{PersonID: p.ID, Status: zhibu.AttendPresent}
		switch x := rng.IntN(100); {
		case p.ID == away:
			a.Status, a.Reason = zhibu.AttendExcused, "出差"
		case must[p.ID]:
		case x < 9:
			a.Status, a.Reason = zhibu.AttendExcused, excuses[rng.IntN(len(excuses))]
		case x < 11 && sp.typ != zhibu.MeetCommittee:
			a.Status = zhibu.AttendAbsent
		}
		if a.Status == zhibu.AttendPresent {
			present++
		}
		att[i] = a
	}
	// More than half are always there: a meeting short of that is put off.
	for i := range att {
		if 2*present > len(att) {
			break
		}
		if att[i].Status != zhibu.AttendPresent && att[i].PersonID != away {
			att[i] = zhibu.Attendance{PersonID: att[i].PersonID, Status: zhibu.AttendPresent}
			present++
		}
	}
	names := map[int64]string{}
	for _, p := range expected {
		names[p.ID] = p.Name
	}
	for _, v := range sp.votes {
		entitled, here := 0, 0
		for i, p := range expected {
			if sp.typ == zhibu.MeetCommittee || (!p.ConfirmedOn.IsZero() && !p.ConfirmedOn.After(sp.on)) {
				entitled++
				if att[i].Status == zhibu.AttendPresent {
					here++
				}
			}
		}
		m.Resolutions = append(m.Resolutions, zhibu.Resolution{Text: v.text, For: here - v.against - v.abstain,
			Against: v.against, Abstain: v.abstain, Entitled: entitled, Present: here})
	}
	m.Minutes = minutes(m, sp, u.body, att, names, chair, recorder, lecturer)

	m.EnteredAt = m.StartsAt.Add(2*time.Hour + time.Duration(rng.IntN(60))*time.Minute)
	if sp.late > 0 {
		m.EnteredAt = at(sp.on.AddDays(sp.late), 9, 0).Add(time.Duration(rng.IntN(480)) * time.Minute)
	}
	if f := sp.filing; f != nil {
		m.Filing, m.FiledAt = zhibu.FilingSubmitted, f.filed
		switch {
		case !f.resubmitted.IsZero():
			m.FiledAt, m.FilingNote = f.resubmitted, f.note
		case !f.acked.IsZero():
			m.Filing, m.AckAt = zhibu.FilingAcknowledged, f.acked
		}
	}
	return store.MeetingRecord{Meeting: m, Attendance: att}, nil
}

// expected is store.Expected for a meeting of sp's type held by org orgID
// of branch b on sp's day. Who is expected changes only when someone joins,
// is admitted or takes a seat, so a call is reused for every day on which
// the branch's tables give the same people: the key is those people.
func (l *loader) expected(b *built, orgID int64, sp meetingSpec, cache map[string][]zhibu.Person) ([]zhibu.Person, error) {
	key := fmt.Sprint(orgID, sp.typ == zhibu.MeetCommittee, ":")
	if sp.typ == zhibu.MeetCommittee {
		var seats []seatSpec
		for _, spec := range branches {
			if spec.code == b.org.Code {
				for _, t := range spec.terms {
					if !t.elected.After(sp.on) {
						seats = t.seats
					}
				}
			}
		}
		for _, st := range seats {
			key += st.name + ","
		}
	} else {
		for _, p := range b.people {
			if (p.GroupID == orgID || p.OrgID == orgID) && !p.AdmittedOn.IsZero() && !p.AdmittedOn.After(sp.on) && !p.JoinedOn.After(sp.on) {
				key += strconv.FormatInt(p.ID, 10) + ","
			}
		}
	}
	if ps, ok := cache[key]; ok {
		return ps, nil
	}
	ps, err := l.s.Expected(l.ctx, orgID, sp.typ, sp.on)
	if err == nil {
		cache[key] = ps
	}
	return ps, err
}

var ordinals = []string{"一", "二", "三", "四", "五", "六"}

// minutes are a meeting's short minutes in Markdown: who chaired and
// recorded, the attendance, the topics, what was said and the votes.
func minutes(m zhibu.Meeting, sp meetingSpec, body string, att []zhibu.Attendance, names map[int64]string, chair, recorder, lecturer string) string {
	var sb strings.Builder
	if lecturer != "" {
		fmt.Fprintf(&sb, "授课人%s，主持人%s，记录人%s。", lecturer, chair, recorder)
	} else {
		fmt.Fprintf(&sb, "会议由%s主持，记录人%s。", chair, recorder)
	}
	var present, excused, absent []string
	for _, a := range att {
		switch a.Status {
		case zhibu.AttendPresent:
			present = append(present, names[a.PersonID])
		case zhibu.AttendExcused:
			excused = append(excused, names[a.PersonID]+"（"+a.Reason+"）")
		default:
			absent = append(absent, names[a.PersonID])
		}
	}
	fmt.Fprintf(&sb, "应到%d人，实到%d人", len(att), len(present))
	if len(excused) > 0 {
		fmt.Fprintf(&sb, "，请假%d人：%s", len(excused), strings.Join(excused, "、"))
	}
	if len(absent) > 0 {
		fmt.Fprintf(&sb, "，缺席%d人：%s", len(absent), strings.Join(absent, "、"))
	}
	sb.WriteString("。\n\n")
	if m.Type == zhibu.MeetLecture {
		sb.WriteString("**党课题目**：" + strings.Join(m.Topics, "；") + "\n\n")
	} else {
		sb.WriteString("**议题**\n\n")
		for i, t := range m.Topics {
			sb.WriteString(strconv.Itoa(i+1) + ". " + t + "\n")
		}
		sb.WriteString("\n")
	}
	if sp.body != "" {
		body = sp.body
	}
	if m.Type == zhibu.MeetGroup && strings.Contains(strings.Join(m.Topics, ""), "党费") {
		body += "会上按时收缴了本组党员党费。"
	}
	sb.WriteString(body + "\n")
	if len(m.Resolutions) > 0 {
		sb.WriteString("\n**表决情况**\n\n")
		for i, r := range m.Resolutions {
			result := "通过"
			if !r.Passed() {
				result = "未通过"
			}
			fmt.Fprintf(&sb, "%s、%s：应到有表决权%d人，到会%d人，赞成%d票，反对%d票，弃权%d票，%s。\n",
				ordinals[i%len(ordinals)], r.Text, r.Entitled, r.Present, r.For, r.Against, r.Abstain, result)
		}
	}
	return sb.String()
}
