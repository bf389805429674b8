package zhibu

import (
	"strings"
	"time"
	"unicode/utf8"
)

// PermArchive is the right to build and download an org's year-end
// package (年终档案包) and to read its archive catalogue: the branch's
// secretary, deputy and organization officer, and the committees above
// (their seat holders and the political department).
const PermArchive Perm = "archive.build"

// archivePerms are the archive rights a branch position carries.
func archivePerms(p Position) []Perm {
	switch p {
	case Secretary, DeputySecretary, OrgOfficer:
		return []Perm{PermArchive}
	}
	return nil
}

// ArchiveCategory is one of the classes the seed plan (§9) files the
// branch's records under.
type ArchiveCategory string

const (
	ArchiveMeetings  ArchiveCategory = "meetings"  // “三会一课”
	ArchiveMembers   ArchiveCategory = "members"   // 党员及入党积极分子卡片和档案
	ArchiveCampaigns ArchiveCategory = "campaigns" // 各党建专项教育活动档案
	ArchiveCommunity ArchiveCategory = "community" // 在职党员到社区报到卡片
	ArchiveStudy     ArchiveCategory = "study"     // 全年政治学习资料
)

// Retention is how long a class of records is kept: 永久, or a number of
// years (定期).
type Retention int

// RetainForever is the retention of records kept permanently.
const RetainForever Retention = 0

// Label is the retention as the catalogue prints it: 永久, 30年.
func (r Retention) Label() string {
	if r == RetainForever {
		return "永久"
	}
	return itoa(int(r)) + "年"
}

// Until is the last year a record of year y is kept ("" when kept
// forever).
func (r Retention) Until(year int) string {
	if r == RetainForever {
		return ""
	}
	return itoa(year + int(r))
}

// CategoryInfo is a category of the archive with its Chinese name, what
// is filed under it and its retention period. The periods are the
// branch's setting, in the classes of 机关文件材料归档范围和文书档案保管期限规定
// (永久, 定期30年, 定期10年); see docs/archives.md.
type CategoryInfo struct {
	Category  ArchiveCategory
	Name      string
	Folder    string // the package's folder for it
	Contents  string
	Retention Retention
}

// ArchiveCategories are the seed's five categories, in its order.
var ArchiveCategories = []CategoryInfo{
	{ArchiveMeetings, "“三会一课”", "01三会一课", "会议登记簿、会议记录、会议附件、书记述职报告", 30},
	{ArchiveMembers, "党员及入党积极分子卡片和档案", "02党员和积极分子档案", "人员花名册、发展党员工作登记簿、党费收缴登记簿", RetainForever},
	{ArchiveCampaigns, "党建专项教育活动档案", "03专项教育活动", "专题组织活动、专项教育及其照片、党建信息简报", 30},
	{ArchiveCommunity, "在职党员到社区报到卡片", "04社区报到", "在职党员到社区报到登记表", 10},
	{ArchiveStudy, "全年政治学习资料", "05政治学习", "理论学习计划、学习登记簿、谈心谈话记录本", 10},
}

// Info is the category's row of ArchiveCategories.
func (c ArchiveCategory) Info() CategoryInfo {
	for _, x := range ArchiveCategories {
		if x.Category == c {
			return x
		}
	}
	return CategoryInfo{Category: c, Name: string(c), Folder: string(c)}
}

// Label is the category's Chinese name.
func (c ArchiveCategory) Label() string { return c.Info().Name }

// CommunityCheckIn is a serving member's registration with their
// residential community (在职党员到社区报到): the community, the day they
// reported, and the services they have done there.
type CommunityCheckIn struct {
	ID         int64  `json:"id"`
	PersonID   int64  `json:"person_id"`
	PersonName string `json:"person_name,omitempty"`
	OrgID      int64  `json:"org_id,omitempty"` // the member's org (read only)
	Community  string `json:"community"`        // 报到社区
	ReportedOn Date   `json:"reported_on"`      // 报到日期
	Services   string `json:"services,omitempty"`
}

// Normalize trims the text fields.
func (c *CommunityCheckIn) Normalize() {
	c.Community, c.Services = strings.TrimSpace(c.Community), strings.TrimSpace(c.Services)
}

// Validate checks a check-in as of today.
func (c CommunityCheckIn) Validate(today Date) error {
	var ps Problems
	switch n := utf8.RuneCountInString(c.Community); {
	case n == 0:
		ps.Add("community", "报到社区", "不能为空")
	case n > 60:
		ps.Add("community", "报到社区", "不能超过60个字")
	}
	checkDay(&ps, "reported_on", "报到日期", c.ReportedOn, today)
	if utf8.RuneCountInString(c.Services) > 500 {
		ps.Add("services", "服务情况", "不能超过500个字")
	}
	return ps.Err()
}

// ArchiveStatus is where a year-end package's build is.
type ArchiveStatus string

const (
	ArchiveRunning ArchiveStatus = "running"
	ArchiveDone    ArchiveStatus = "done"
	ArchiveFailed  ArchiveStatus = "failed"
)

// Label is the status's Chinese name.
func (s ArchiveStatus) Label() string {
	switch s {
	case ArchiveRunning:
		return "生成中"
	case ArchiveDone:
		return "已生成"
	case ArchiveFailed:
		return "生成失败"
	}
	return string(s)
}

// ArchiveJob is one build of an org's year-end package.
type ArchiveJob struct {
	ID          int64         `json:"id"`
	OrgID       int64         `json:"org_id"`
	OrgName     string        `json:"org_name,omitempty"`
	Year        int           `json:"year"`
	Status      ArchiveStatus `json:"status"`
	Done        int           `json:"done"`  // steps done
	Total       int           `json:"total"` // steps planned (0 until known)
	Step        string        `json:"step,omitempty"`
	Files       int           `json:"files"` // entries in the finished zip, the manifest included
	Size        int64         `json:"size"`
	SHA256      string        `json:"sha256,omitempty"` // of the finished zip
	Error       string        `json:"error,omitempty"`
	RequestedBy string        `json:"requested_by,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
	FinishedAt  time.Time     `json:"finished_at,omitzero"`
}

// Percent is the job's progress, 0–100.
func (j ArchiveJob) Percent() int {
	switch {
	case j.Status == ArchiveDone:
		return 100
	case j.Total <= 0:
		return 0
	}
	return min(99, j.Done*100/j.Total)
}

// CheckArchiveYear checks the year of a package: a year already begun,
// from 2000.
func CheckArchiveYear(year int, today Date) error {
	if year < 2000 || year > today.Year {
		return Problems{{Field: "year", Label: "年度", Message: "年度：须为2000年至" + itoa(today.Year) + "年之间的年份"}}
	}
	return nil
}
