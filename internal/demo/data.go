package demo

import (
	"time"

	"zhibu"
)

// The tables below are the whole demo. People are named in their group's
// list or in their branch's; seats, leaders and supervisors refer to them
// by name. Ages are on AsOf; everything else about a person (birth date,
// ID number, phone, education, party dates) is drawn from a fixed seed.

// Short names for the table rows.
const (
	male   = zhibu.Male
	female = zhibu.Female

	uyghur = "维吾尔族"
	kazakh = "哈萨克族"
	hui    = "回族"

	full      = zhibu.FullMember
	prob      = zhibu.Probationary
	candidate = zhibu.Candidate
	activist  = zhibu.Activist
	applicant = zhibu.Applicant
	masses    = zhibu.Masses
)

// personSpec is one person: ethnicity "" is 汉族; age is on AsOf.
type personSpec struct {
	name   string
	gender zhibu.Gender
	eth    string
	age    int
	status zhibu.PartyStatus
}

// groupSpec is a party group over some units, with its leaders in order of
// appointment (the last one leads now).
type groupSpec struct {
	name    string
	units   []string
	leaders []tenure
	people  []personSpec
}

type tenure struct {
	name string
	from zhibu.Date
}

// termSpec is one election of a branch committee; one person may hold
// several seats.
type termSpec struct {
	elected zhibu.Date
	seats   []seatSpec
}

type seatSpec struct {
	name     string
	position zhibu.Position
}

// supervisorSpec gives a committee member the officers of some units.
type supervisorSpec struct {
	name  string
	units []string
}

// branchSpec is a branch with its groups, the people in no group, its
// committee elections and its supervisions.
type branchSpec struct {
	code, name     string
	founded        zhibu.Date
	groupsFounded  zhibu.Date
	groups         []groupSpec
	others         []personSpec // officers in no group
	staff          []personSpec // civilian staff (not officers), in no group
	terms          []termSpec   // oldest first
	supervisedFrom zhibu.Date
	supervisors    []supervisorSpec
}

// transferSpec is an earlier place in a person's history: they joined the
// branch fromCode ("" for their own branch, in group fromGroup, 1-based) on
// joined, and came to where the tables put them on moved.
type transferSpec struct {
	fromCode      string
	fromGroup     int
	joined, moved zhibu.Date
	reason        string
}

// transfers are the demo's moves, by name; the branch moved from is made
// before the branch moved to.
var transfers = map[string]transferSpec{
	"周鹏":  {fromCode: OfficeBranchCode, joined: day(2016, 8, 1), moved: day(2022, 3, 15), reason: "工作调动，由办公室调入治安管理大队"},
	"何俊杰": {fromGroup: 3, joined: day(2019, 7, 10), moved: day(2023, 9, 1), reason: "调整党小组，调入禁毒大队"},
}

func day(y, mo, d int) zhibu.Date { return zhibu.MakeDate(y, time.Month(mo), d) }

var committeeOrg = zhibu.Org{Code: CommitteeCode, Name: "天山市公安局党委", Kind: zhibu.KindCommittee, FoundedOn: day(1983, 9, 1)}

// branches are created in this order.
var branches = []branchSpec{officeBranch, trafficBranch, seedBranch}

// seedBranch is the seed plan's branch: a five-position committee with two
// combined posts, three groups of eight over five 大队 and two 室.
var seedBranch = branchSpec{
	code: BranchCode, name: "第三党支部", founded: day(1998, 6, 18), groupsFounded: day(2018, 3, 20),
	groups: []groupSpec{
		{name: "第一党小组", units: []string{"治安管理大队", "刑事侦查大队"},
			leaders: []tenure{{"王建新", day(2018, 3, 20)}},
			people: []personSpec{
				{"王建新", male, "", 53, full},
				{"张志刚", male, "", 51, full},
				{"赵国庆", male, "", 44, full},
				{"孙丽娟", female, "", 38, full},
				{"阿不都热依木·吐尔逊", male, uyghur, 41, full},
				{"周鹏", male, "", 33, full},
				{"吴昊", male, "", 29, prob},
				{"郑雪梅", female, "", 36, full},
			}},
		{name: "第二党小组", units: []string{"禁毒大队", "法制室"},
			leaders: []tenure{{"胡永明", day(2018, 3, 20)}, {"李春生", day(2021, 5, 8)}},
			people: []personSpec{
				{"李春生", male, "", 49, full},
				{"艾力·买买提", male, uyghur, 47, full},
				{"刘晓燕", female, "", 42, full},
				{"胡永明", male, "", 55, full},
				{"古丽娜尔·艾山", female, uyghur, 35, full},
				{"何俊杰", male, "", 30, full},
				{"杨帆", female, "", 28, prob},
				{"韩磊", male, "", 40, full},
			}},
		{name: "第三党小组", units: []string{"巡逻特警大队", "网络安全保卫大队", "情报信息室"},
			leaders: []tenure{{"冯晓东", day(2018, 3, 20)}, {"高文华", day(2024, 4, 25)}},
			people: []personSpec{
				{"高文华", male, "", 46, full},
				{"马文斌", male, hui, 39, full},
				{"陈思远", male, "", 31, full},
				{"李婷", female, "", 34, full},
				{"叶尔兰·努尔兰", male, kazakh, 37, full},
				{"徐海涛", male, "", 43, full},
				{"黄静", female, "", 32, full},
				{"冯晓东", male, "", 50, full},
			}},
	},
	others: []personSpec{
		{"朱明", male, "", 26, masses},
		{"买合木提·阿布都拉", male, uyghur, 45, masses},
		{"林志强", male, "", 57, masses},
		{"沈佳怡", female, "", 24, masses},
		{"热依拉·阿不力孜", female, uyghur, 29, masses},
		{"罗成", male, "", 35, masses},
		{"谢宇航", male, "", 25, applicant},
		{"唐雨欣", female, "", 24, applicant},
		{"努尔艾力·阿迪力", male, uyghur, 27, applicant},
		{"曹振宇", male, "", 28, activist},
		{"邓佳", female, "", 27, activist},
		{"海米提·依明", male, uyghur, 30, activist},
		{"彭博", male, "", 26, activist},
		{"蒋明轩", male, "", 29, candidate},
		{"苏雅", female, "", 28, candidate},
	},
	terms: []termSpec{
		{day(2021, 4, 16), []seatSpec{
			{"张志刚", zhibu.Secretary},
			{"王建新", zhibu.DeputySecretary},
			{"艾力·买买提", zhibu.DisciplineOfficer},
			{"艾力·买买提", zhibu.PropagandaOfficer},
			{"马文斌", zhibu.OrgOfficer},
			{"李婷", zhibu.SecrecyOfficer},
			{"李婷", zhibu.YouthOfficer},
		}},
		{day(2024, 4, 18), []seatSpec{
			{"张志刚", zhibu.Secretary},
			{"艾力·买买提", zhibu.DeputySecretary},
			{"刘晓燕", zhibu.DisciplineOfficer},
			{"刘晓燕", zhibu.PropagandaOfficer},
			{"马文斌", zhibu.OrgOfficer},
			{"陈思远", zhibu.SecrecyOfficer},
			{"陈思远", zhibu.YouthOfficer},
		}},
	},
	supervisedFrom: day(2024, 4, 25),
	supervisors: []supervisorSpec{
		{"张志刚", []string{"法制室", "情报信息室"}},
		{"艾力·买买提", []string{"禁毒大队"}},
		{"刘晓燕", []string{"治安管理大队"}},
		{"马文斌", []string{"刑事侦查大队"}},
		{"陈思远", []string{"巡逻特警大队", "网络安全保卫大队"}},
	},
}

// officeBranch is the bureau's offices: a three-member committee, two
// groups of five and a civilian employee.
var officeBranch = branchSpec{
	code: OfficeBranchCode, name: "第一党支部", founded: day(1985, 7, 1), groupsFounded: day(2016, 4, 1),
	groups: []groupSpec{
		{name: "第一党小组", units: []string{"办公室", "政治处"},
			leaders: []tenure{{"钱卫东", day(2023, 5, 20)}},
			people: []personSpec{
				{"钱卫东", male, "", 50, full},
				{"王立群", male, "", 54, full},
				{"田芳", female, "", 45, full},
				{"马秀兰", female, hui, 48, full},
				{"迪丽拜尔·吾买尔", female, uyghur, 33, full},
			}},
		{name: "第二党小组", units: []string{"警务保障室"},
			leaders: []tenure{{"许国栋", day(2023, 5, 20)}},
			people: []personSpec{
				{"许国栋", male, "", 52, full},
				{"宋建华", male, "", 46, full},
				{"范小红", female, "", 39, full},
				{"巴合提亚尔·叶尔肯", male, kazakh, 36, full},
				{"孔令辉", male, "", 31, full},
			}},
	},
	others: []personSpec{
		{"陆浩", male, "", 27, masses},
		{"袁梦", female, "", 26, activist},
		{"潘子豪", male, "", 24, applicant},
	},
	staff: []personSpec{
		{"常丽", female, "", 43, masses},
	},
	terms: []termSpec{
		{day(2023, 5, 12), []seatSpec{
			{"王立群", zhibu.Secretary},
			{"田芳", zhibu.OrgOfficer},
			{"宋建华", zhibu.DisciplineOfficer},
		}},
	},
	supervisedFrom: day(2023, 5, 20),
	supervisors: []supervisorSpec{
		{"王立群", []string{"政治处"}},
		{"田芳", []string{"办公室"}},
		{"宋建华", []string{"警务保障室"}},
	},
}

// trafficBranch is the traffic police and the command centre: a
// three-member committee with 纪检、宣传委员 combined, two groups of six.
var trafficBranch = branchSpec{
	code: TrafficBranchCode, name: "第二党支部", founded: day(1993, 3, 15), groupsFounded: day(2018, 3, 20),
	groups: []groupSpec{
		{name: "第一党小组", units: []string{"交通警察大队", "车辆管理所"},
			leaders: []tenure{{"程建军", day(2025, 3, 28)}},
			people: []personSpec{
				{"程建军", male, "", 48, full},
				{"刘振华", male, "", 50, full},
				{"吐尔洪·买买提", male, uyghur, 44, full},
				{"曾庆祥", male, "", 38, full},
				{"段雪", female, "", 33, full},
				{"马超", male, hui, 29, full},
			}},
		{name: "第二党小组", units: []string{"指挥调度中心"},
			leaders: []tenure{{"侯德胜", day(2025, 3, 28)}},
			people: []personSpec{
				{"侯德胜", male, "", 47, full},
				{"姜红", female, "", 41, full},
				{"董浩然", male, "", 35, full},
				{"阿依古丽·热合曼", female, uyghur, 30, full},
				{"邵杰", male, "", 34, full},
				{"于洋", male, "", 27, full},
			}},
	},
	others: []personSpec{
		{"白志勇", male, "", 52, masses},
		{"石磊", male, "", 25, masses},
		{"帕提古丽·努尔", female, uyghur, 26, masses},
		{"卢俊", male, "", 28, activist},
		{"孟庆宇", male, "", 30, candidate},
	},
	terms: []termSpec{
		{day(2025, 3, 20), []seatSpec{
			{"刘振华", zhibu.Secretary},
			{"吐尔洪·买买提", zhibu.OrgOfficer},
			{"姜红", zhibu.DisciplineOfficer},
			{"姜红", zhibu.PropagandaOfficer},
		}},
	},
	supervisedFrom: day(2025, 3, 28),
	supervisors: []supervisorSpec{
		{"刘振华", []string{"指挥调度中心"}},
		{"吐尔洪·买买提", []string{"交通警察大队"}},
		{"姜红", []string{"车辆管理所"}},
	},
}

// anchors fix the latest stage of the people still on the way to
// membership: one assembly admitted this year's probationary members, one
// committee meeting chose the candidates; activists and applicants are
// spread over a window. Earlier stages are drawn backwards from there.
var anchors = map[zhibu.PartyStatus][2]zhibu.Date{
	prob:      {day(2026, 6, 26), day(2026, 6, 26)},
	candidate: {day(2026, 4, 16), day(2026, 4, 16)},
	activist:  {day(2025, 3, 1), day(2026, 3, 31)},
	applicant: {day(2025, 9, 1), day(2026, 6, 15)},
}

// gaps are the months between one stage and the next: application →
// activist → candidate (at least a year of cultivation) → admission →
// confirmation (exactly the one-year probation).
var gaps = [4][2]int{{4, 12}, {12, 20}, {2, 6}, {12, 12}}

// Full members applied between 18 and maxApplyAge (and at least
// applyMargin years before AsOf), so that their whole path lies in the past.
const (
	maxApplyAge = 23
	applyMargin = 6
)

// ID number regions: Urumqi's districts and Xinjiang cities for everyone,
// and the provinces many Han officers come from.
var (
	localRegions = []string{"650102", "650103", "650104", "650105", "650106", "652301", "654002", "652901"}
	farRegions   = []string{"620102", "410102", "510104", "610103", "370102"}
)

var (
	phonePrefixes = []string{"133", "135", "136", "138", "139", "150", "151", "153", "158", "159", "180", "181", "186", "187", "189"}
	// educations are drawn with these weights; 硕士 only from 26 on.
	educations = []string{"大学本科", "大学本科", "大学本科", "大学本科", "大学本科", "大学本科", "大学本科", "大学专科", "大学专科", "硕士研究生"}
)
