package demo

import (
	"fmt"
	"strings"
	"time"

	"zhibu"
)

// After AsOf the demo goes on as a branch's ordinary months do: from July
// 2026 up to the last month complete on the day the demo is loaded (today's
// month is left to do), every branch meets as it should, with no gaps — the
// committee monthly, each group monthly, a themed party day each month, an
// assembly each quarter, the appraisal in November and the organizational
// life meeting in December; the seed branch's secretary lectures twice a
// half (in the second and fourth month of each), filed and acknowledged,
// and its study sessions go on every other month; ZB01's and ZB02's
// secretaries lecture once a year from 2027. Every meeting is entered on its
// day. These months are drawn from their own fixed-seed generator, so 2025
// and the first half of 2026 are the same whatever the day, and the months
// added depend only on today's date.

// laterMonths is the number of months recorded after June 2026 when the
// demo is loaded on today: July 2026 up to the month before today's.
func laterMonths(today zhibu.Date) int {
	return max(0, (today.Year-lifeTo.Year)*12+int(today.Month)-int(lifeTo.Month)-1)
}

// laterPlans are the branches' meetings in the n months after June 2026.
func laterPlans(n int) []lifePlan {
	plans := []lifePlan{
		{OfficeBranchCode, officeRoles, nil},
		{TrafficBranchCode, trafficRoles, nil},
		{BranchCode, seedRoles, nil},
	}
	for i := range plans {
		seed := plans[i].code == BranchCode
		groups := len(plans[i].roles.leaders)
		var out []meetingSpec
		for k := months; k < months+n; k++ {
			out = append(out, laterMonth(plans[i].code, seed, groups, k)...)
		}
		plans[i].meetings = out
	}
	return plans
}

// laterMonth is a branch's meetings in month k (from January 2025).
func laterMonth(code string, seed bool, groups, k int) []meetingSpec {
	first := monthStart(k)
	y, m := first.Year, int(first.Month)
	yf := func(s string) string {
		if !strings.Contains(s, "%d") {
			return s
		}
		return fmt.Sprintf(s, y)
	}
	var out []meetingSpec

	committeeDay := 10
	if seed {
		committeeDay = 8
	}
	var topics []string
	for _, t := range laterCommitteeTopics[m-1] {
		topics = append(topics, yf(t))
	}
	out = append(out, meetingSpec{typ: zhibu.MeetCommittee, on: weekday(k, committeeDay, time.Thursday), topics: topics})

	if m%3 == 0 {
		q := laterAssemblies[m/3-1]
		out = append(out, meetingSpec{typ: zhibu.MeetAssembly, on: weekday(k, 22, time.Tuesday),
			topics: []string{yf(q.topics[0]), yf(q.topics[1])}, votes: []voteSpec{{text: yf(q.vote), abstain: q.abstain}}})
	}

	days := []struct {
		d int
		w time.Weekday
	}{{8, time.Tuesday}, {8, time.Wednesday}, {15, time.Tuesday}}
	gt := laterGroupTopics[m-1]
	for g := 1; g <= groups; g++ {
		out = append(out, meetingSpec{typ: zhibu.MeetGroup, group: g, on: weekday(k, days[g-1].d, days[g-1].w),
			topics: []string{yf(gt[0]), yf(gt[1])}})
	}

	td := laterThemedDays[m-1]
	topic := td.topic
	if m == 7 {
		topic = fmt.Sprintf(topic, y-1921)
	}
	out = append(out, meetingSpec{typ: zhibu.MeetThemedDay, on: first.AddDays(td.d - 1), place: td.place, topics: []string{topic}})

	lecture := ""
	switch {
	case seed:
		lecture = laterSeedLectures[m]
	case code == OfficeBranchCode && m == 6 && y > 2026:
		lecture = "《牢记初心使命 做忠诚干净担当的机关干部》"
	case code == TrafficBranchCode && m == 5 && y > 2026:
		lecture = "《践行为民宗旨 守护平安畅通》"
	}
	if lecture != "" {
		on := weekday(k, 15, time.Thursday)
		out = append(out, meetingSpec{typ: zhibu.MeetLecture, on: on, topics: []string{lecture},
			filing: &filingSpec{filed: at(on.AddDays(1), 10, 0), acked: at(on.AddDays(4), 11, 30)}})
	}

	if seed && m%2 == 1 {
		out = append(out, meetingSpec{typ: zhibu.MeetStudy, on: weekday(k, 22, time.Thursday), topics: []string{laterStudy[m/2]}})
	}

	switch m {
	case 11:
		out = append(out, meetingSpec{typ: zhibu.MeetAppraisal, on: weekday(k, 1, time.Thursday),
			topics: []string{"支部书记抓党建工作述职", "民主评议党员：个人自评、党员互评、民主测评"}})
	case 12:
		out = append(out, meetingSpec{typ: zhibu.MeetLife, on: weekday(k, 15, time.Thursday), hour: 9, min: 30,
			topics: []string{yf("%d年度组织生活会：通报支委会对照检查情况"), "开展批评和自我批评", "明确整改措施"}})
	}
	return out
}

// laterCommitteeTopics are what a committee discusses in each calendar
// month after June 2026 (%d: the year).
var laterCommitteeTopics = [12][]string{
	{"研究部署%d年支部党建工作", "研究春节期间党员民警值班备勤安排"},
	{"传达学习局党委%d年党建工作会议精神", "研究%d年发展党员计划"},
	{"研究第一季度支部党员大会议题", "研究书记讲党课计划（上半年、下半年各两次）"},
	{"研究发展党员工作", "分析党员民警思想动态"},
	{"研究“七一”主题党日活动方案", "研究推荐优秀共产党员人选"},
	{"研究第二季度支部党员大会议题", "研究上半年党建工作总结"},
	{"传达学习局党委关于加强纪律作风建设的文件精神", "研究下半年党建工作安排"},
	{"分析党员民警思想动态", "研究预备党员教育考察工作"},
	{"研究第三季度支部党员大会议题", "讨论年度党建论文选题"},
	{"研究国庆、中秋期间党员先锋岗设置", "研究入党积极分子培养考察情况"},
	{"研究支部书记抓党建工作述职评议和民主评议党员工作方案"},
	{"研究召开%d年度组织生活会的准备工作", "研究年度党建工作总结"},
}

// laterAssemblies are each quarter's assembly: two topics and a vote.
var laterAssemblies = [4]struct {
	topics  [2]string
	vote    string
	abstain int
}{
	{[2]string{"审议支部%d年党建工作计划", "通报上年度党费收缴情况"}, "通过支部%d年党建工作计划", 0},
	{[2]string{"学习贯彻局党委关于纪律作风建设的部署", "推选%d年度局优秀共产党员候选人"}, "推选%d年度局优秀共产党员候选人", 1},
	{[2]string{"通报上半年党建工作和“三会一课”落实情况", "讨论确定%d年党建论文选题"}, "确定%d年党建论文选题", 0},
	{[2]string{"通报支部书记抓党建工作述职评议和民主评议党员结果", "审议%d年度支部工作总结"}, "通过%d年度支部工作总结", 0},
}

// laterGroupTopics are what the groups study and do each calendar month.
var laterGroupTopics = [12][2]string{
	{"传达学习支部%d年党建工作部署", "收缴12月和1月党费"},
	{"学习春节期间安保维稳工作要求", "开展谈心谈话"},
	{"学习全国两会精神", "向支部推荐入党积极分子人选"},
	{"学习《中国共产党纪律处分条例》", "收缴2至4月党费"},
	{"学习局党委关于纪律作风建设的通知", "开展党员承诺践诺"},
	{"学习习近平总书记关于公安工作的重要论述", "收缴5、6月党费"},
	{"学习《中国共产党章程》", "党员交流学习心得"},
	{"学习中央八项规定及其实施细则精神", "开展廉政警示教育"},
	{"学习局党委文件精神", "收缴7至9月党费"},
	{"学习习近平总书记关于党的建设的重要思想", "征集%d年党建论文选题意见建议"},
	{"民主评议党员：党员个人自评和互评", "收缴10、11月党费"},
	{"学习党中央最新会议精神", "总结本组全年工作"},
}

// laterThemedDays are the bureau's themed party days each calendar month
// (July's theme takes the party's age).
var laterThemedDays = [12]struct {
	d     int
	place string
	topic string
}{
	{20, "辖区社区", "新春走访慰问困难党员和退休老党员"},
	{24, "联系村", "“民族团结一家亲”结亲走访"},
	{5, "辖区社区", "学雷锋志愿服务，开展防诈骗宣传"},
	{3, "烈士陵园", "清明祭扫烈士陵园，缅怀革命先烈"},
	{21, "党史教育基地", "参观党史教育基地，重温党的光辉历程"},
	{25, "市中心广场", "国际禁毒日前夕开展禁毒宣传"},
	{3, "党员活动室", "庆祝建党%d周年，重温入党誓词"},
	{20, "廉政警示教育基地", "参观廉政警示教育基地，接受警示教育"},
	{18, "联系村", "“民族团结一家亲”结亲走访，宣讲惠民政策"},
	{22, "辖区社区", "在职党员到社区报到，参与社区治理"},
	{19, "党员活动室", "开展“抓作风、促稳定”专题讨论"},
	{4, "局机关三楼会议室", "国家宪法日宪法宣誓和普法宣传"},
}

// laterSeedLectures are the seed branch secretary's lectures by calendar
// month: two a half.
var laterSeedLectures = map[int]string{
	2:  "《坚定理想信念 做党和人民的忠诚卫士》",
	4:  "《以严的基调强化正风肃纪 锻造过硬公安队伍》",
	8:  "《牢记初心使命 争做新时代合格党员民警》",
	10: "《学习贯彻党的创新理论 推动公安工作高质量发展》",
}

// laterStudy are the seed branch's study sessions, in odd months.
var laterStudy = [6]string{
	"学习习近平总书记在中央纪委全会上的重要讲话",
	"学习全国两会精神和政府工作报告",
	"学习《中国共产党党员教育管理工作条例》",
	"学习习近平总书记关于加强党的作风建设的重要论述",
	"学习习近平总书记关于公安工作的重要论述",
	"学习中央经济工作会议精神",
}
