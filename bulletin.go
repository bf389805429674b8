package zhibu

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// BulletinStatus is where a bulletin (党建信息简报) stands:
//
//	draft → reviewed (the propaganda officer) → approved (the secretary) → published (第N期)
//
// A reviewer or approver may return it to draft with a comment.
type BulletinStatus string

const (
	BulletinDraft     BulletinStatus = "draft"
	BulletinReviewed  BulletinStatus = "reviewed"
	BulletinApproved  BulletinStatus = "approved"
	BulletinPublished BulletinStatus = "published"
)

// Label is the status's Chinese name.
func (s BulletinStatus) Label() string {
	switch s {
	case BulletinDraft:
		return "草稿"
	case BulletinReviewed:
		return "宣传委员已审核，待书记审批"
	case BulletinApproved:
		return "书记已审批，待发布"
	case BulletinPublished:
		return "已发布"
	}
	return string(s)
}

// Channel is a publicity channel a bulletin is pushed to (seed §4).
type Channel string

const (
	ChannelBureauSite Channel = "bureau_site" // 局网站
	ChannelUnitSite   Channel = "unit_site"   // 单位网页
	ChannelToutiao    Channel = "toutiao"     // 今日头条
	ChannelPatrol     Channel = "patrol"      // 巡查执法账号 (self-media)
	ChannelWall       Channel = "wall"        // 支部宣传栏
)

// Channels lists the channels in the order forms show them.
var Channels = []Channel{ChannelBureauSite, ChannelUnitSite, ChannelToutiao, ChannelPatrol, ChannelWall}

// Label is the channel's Chinese name.
func (c Channel) Label() string {
	switch c {
	case ChannelBureauSite:
		return "公安局网站"
	case ChannelUnitSite:
		return "单位网页"
	case ChannelToutiao:
		return "今日头条"
	case ChannelPatrol:
		return "巡查执法自媒体账号"
	case ChannelWall:
		return "支部宣传栏"
	}
	return string(c)
}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	for _, x := range Channels {
		if c == x {
			return true
		}
	}
	return false
}

// Bulletin is a party-building news bulletin of a branch, drafted from an
// activity or on its own, reviewed, approved and published as issue 第N期
// of its year.
type Bulletin struct {
	ID          int64          `json:"id"`
	OrgID       int64          `json:"org_id"`
	ActivityID  int64          `json:"activity_id,omitempty"`
	Title       string         `json:"title"`
	Body        string         `json:"body"` // paragraphs separated by blank lines
	Status      BulletinStatus `json:"status"`
	Channels    []Channel      `json:"channels,omitempty"`
	Year        int            `json:"year,omitempty"`  // of the issue, once published
	Issue       int            `json:"issue,omitempty"` // 第N期 of the year, once published
	PublishedOn Date           `json:"published_on,omitzero"`
	DraftedBy   string         `json:"drafted_by,omitempty"`
	ReviewedBy  string         `json:"reviewed_by,omitempty"`
	ApprovedBy  string         `json:"approved_by,omitempty"`
	Note        string         `json:"note,omitempty"` // the comment when returned
	UpdatedAt   time.Time      `json:"updated_at"`
}

// Limits of a bulletin's texts.
const (
	MaxBulletinTitle = 60
	MaxBulletinBody  = 10000
)

// IssueLabel is the issue's name: "2026年第3期".
func (b Bulletin) IssueLabel() string {
	if b.Issue == 0 {
		return ""
	}
	return strconv.Itoa(b.Year) + "年第" + strconv.Itoa(b.Issue) + "期"
}

// Paragraphs are the body's paragraphs, trimmed, without empty ones.
func (b Bulletin) Paragraphs() []string {
	var out []string
	for _, s := range strings.Split(strings.ReplaceAll(b.Body, "\r\n", "\n"), "\n") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks a bulletin's text and channels as it is drafted or edited.
func (b Bulletin) Validate() error {
	var p Problems
	switch n := utf8.RuneCountInString(strings.TrimSpace(b.Title)); {
	case n == 0:
		p.Add("title", "简报标题", "不能为空")
	case n > MaxBulletinTitle:
		p.Add("title", "简报标题", "不能超过"+strconv.Itoa(MaxBulletinTitle)+"个字")
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(b.Body)); {
	case n == 0:
		p.Add("body", "简报正文", "不能为空")
	case n > MaxBulletinBody:
		p.Add("body", "简报正文", "不能超过"+strconv.Itoa(MaxBulletinBody)+"个字")
	}
	seen := map[Channel]bool{}
	for _, c := range b.Channels {
		if !c.Valid() {
			p.Add("channels", "宣传渠道", "“"+string(c)+"”不是已知的宣传渠道")
			break
		}
		if seen[c] {
			p.Add("channels", "宣传渠道", c.Label()+"选择了不止一次")
			break
		}
		seen[c] = true
	}
	return p.Err()
}

// CheckStep checks that the bulletin may move from its status to next:
// edits only in draft; review after draft, approval after review,
// publication after approval, and a return (to draft, with a comment) from
// review or approval.
func (b Bulletin) CheckStep(next BulletinStatus, note string) error {
	var p Problems
	ok := false
	switch next {
	case BulletinReviewed:
		ok = b.Status == BulletinDraft
	case BulletinApproved:
		ok = b.Status == BulletinReviewed
	case BulletinPublished:
		ok = b.Status == BulletinApproved
	case BulletinDraft: // a return
		ok = b.Status == BulletinReviewed || b.Status == BulletinApproved
		if ok && strings.TrimSpace(note) == "" {
			p.Add("note", "退回意见", "退回时须说明原因")
		}
	}
	if !ok {
		p.Add("status", "简报状态", "当前为“"+b.Status.Label()+"”，不能"+next.verb())
	}
	if utf8.RuneCountInString(note) > 200 {
		p.Add("note", "意见", "不能超过200个字")
	}
	return p.Err()
}

func (s BulletinStatus) verb() string {
	switch s {
	case BulletinReviewed:
		return "提交审核"
	case BulletinApproved:
		return "审批"
	case BulletinPublished:
		return "发布"
	case BulletinDraft:
		return "退回"
	}
	return "处理"
}

// StanceRecord is what a stance meeting (发声亮剑) adds to its meeting: the
// observers invited from the discipline commission and the political
// department, and each participant's main viewpoints and examples. The
// filing to the political department before the day is the meeting's own
// filing (Meeting.Filing, FiledAt), which stance.filing reads.
type StanceRecord struct {
	MeetingID  int64       `json:"meeting_id"`
	Observers  string      `json:"observers,omitempty"` // 纪检委、政治部派员, by name and unit
	Viewpoints []Viewpoint `json:"viewpoints"`
}

// Viewpoint is one participant's statement at a stance meeting.
type Viewpoint struct {
	PersonID   int64  `json:"person_id"`
	PersonName string `json:"person_name,omitempty"`
	Points     string `json:"points"`             // 主要观点
	Examples   string `json:"examples,omitempty"` // 实例
}

// Validate checks a stance record: observers of a sensible length, and
// for each participant (once) their viewpoints.
func (r StanceRecord) Validate() error {
	var p Problems
	if utf8.RuneCountInString(r.Observers) > 200 {
		p.Add("observers", "列席指导人员", "不能超过200个字")
	}
	seen := map[int64]bool{}
	for _, v := range r.Viewpoints {
		who := v.PersonName
		if who == "" {
			who = "发言人"
		}
		switch n := utf8.RuneCountInString(strings.TrimSpace(v.Points)); {
		case v.PersonID == 0:
			p.Add("viewpoints", "发言记录", "请选择发言人")
		case seen[v.PersonID]:
			p.Add("viewpoints", "发言记录", who+"登记了不止一次")
		case n == 0:
			p.Add("viewpoints", "发言记录", who+"的主要观点不能为空")
		case n > 1000 || utf8.RuneCountInString(v.Examples) > 1000:
			p.Add("viewpoints", "发言记录", who+"的观点和实例各不能超过1000个字")
		}
		seen[v.PersonID] = true
	}
	return p.Err()
}
