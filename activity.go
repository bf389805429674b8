package zhibu

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// ActivityKind is a kind of themed activity (专题组织活动, seed §4).
type ActivityKind string

const (
	ActivityThemed   ActivityKind = "themed"   // 主题活动 (on 七一, 十一 and other dates)
	ActivityCampaign ActivityKind = "campaign" // 专项教育活动, an item of a campaign
	ActivityUnified  ActivityKind = "unified"  // 上级统一组织的活动
	ActivityLiaison  ActivityKind = "liaison"  // 联络活动 (民族团结一家亲), with a liaison officer
)

// ActivityKinds lists the kinds in the order forms show them.
var ActivityKinds = []ActivityKind{ActivityThemed, ActivityCampaign, ActivityUnified, ActivityLiaison}

// Label is the kind's Chinese name.
func (k ActivityKind) Label() string {
	switch k {
	case ActivityThemed:
		return "主题活动"
	case ActivityCampaign:
		return "专项教育活动"
	case ActivityUnified:
		return "上级统一组织的活动"
	case ActivityLiaison:
		return "联络活动"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k ActivityKind) Valid() bool {
	for _, x := range ActivityKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Occasion is the date an activity marks (重大时间节点): 七一 or 十一, or none.
type Occasion string

const (
	OccasionNone     Occasion = ""
	OccasionJuly1    Occasion = "july1"    // 七一, the Party's founding day
	OccasionOctober1 Occasion = "october1" // 十一, National Day
)

// Occasions are the dates the seed names, in the order of the year.
var Occasions = []Occasion{OccasionJuly1, OccasionOctober1}

// Label is the occasion's Chinese name.
func (o Occasion) Label() string {
	switch o {
	case OccasionJuly1:
		return "七一"
	case OccasionOctober1:
		return "十一"
	case OccasionNone:
		return "无"
	}
	return string(o)
}

// Valid reports whether o is a known occasion (or none).
func (o Occasion) Valid() bool {
	return o == OccasionNone || o == OccasionJuly1 || o == OccasionOctober1
}

// Day is the occasion's day in year y.
func (o Occasion) Day(y int) Date {
	if o == OccasionOctober1 {
		return MakeDate(y, 10, 1)
	}
	return MakeDate(y, 7, 1)
}

// Activity is one themed activity of a branch: its date, organizer,
// participants with their attendance (as for meetings), a summary and
// photos (stored apart). An activity held as the month's themed party day
// links that meeting (MeetingID): the meeting is what meet.themeday.monthly
// counts, the activity adds its photos and bulletin, and nothing is
// counted twice (docs/activities.md).
type Activity struct {
	ID          int64        `json:"id"`
	OrgID       int64        `json:"org_id"`
	Kind        ActivityKind `json:"kind"`
	Title       string       `json:"title"`
	HeldOn      Date         `json:"held_on"`
	Place       string       `json:"place,omitempty"`
	OrganizerID int64        `json:"organizer_id"`
	LiaisonID   int64        `json:"liaison_id,omitempty"` // 联络员, for a liaison programme
	Occasion    Occasion     `json:"occasion,omitempty"`
	CampaignID  int64        `json:"campaign_id,omitempty"`
	ItemID      int64        `json:"item_id,omitempty"`    // the campaign's planned item it carries out
	MeetingID   int64        `json:"meeting_id,omitempty"` // the themed party day it was held as
	Summary     string       `json:"summary,omitempty"`
	Expected    int          `json:"expected"`
	Present     int          `json:"present"`
	Excused     int          `json:"excused"`
	Absent      int          `json:"absent"`

	OrganizerName string `json:"organizer_name,omitempty"`
	LiaisonName   string `json:"liaison_name,omitempty"`
	Photos        int    `json:"photos"`
}

// Limits of an activity's texts.
const (
	MaxActivityTitle   = 60
	MaxActivitySummary = 5000
)

// Validate checks an activity as a user records it on day today: a known
// kind and occasion, a title, a date not in the future, an organizer, a
// liaison officer for a liaison programme (and only there), a campaign for
// a campaign's activity, texts of a sensible length, and attendance that
// is possible.
func (a Activity) Validate(today Date, att []Attendance) error {
	var p Problems
	if !a.Kind.Valid() {
		p.Add("kind", "活动类型", "应为主题活动、专项教育活动、上级统一组织的活动或联络活动")
	}
	if !a.Occasion.Valid() {
		p.Add("occasion", "时间节点", "应为七一、十一或不填")
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(a.Title)); {
	case n == 0:
		p.Add("title", "活动名称", "不能为空")
	case n > MaxActivityTitle:
		p.Add("title", "活动名称", "不能超过"+strconv.Itoa(MaxActivityTitle)+"个字")
	}
	switch {
	case a.HeldOn.IsZero():
		p.Add("held_on", "活动日期", "不能为空")
	case !a.HeldOn.Valid():
		p.Add("held_on", "活动日期", "不是有效日期")
	case a.HeldOn.After(today):
		p.Add("held_on", "活动日期", "不能晚于今天（活动开展后再登记）")
	}
	if utf8.RuneCountInString(a.Place) > 60 {
		p.Add("place", "活动地点", "不能超过60个字")
	}
	if a.OrganizerID == 0 {
		p.Add("organizer_id", "组织人", "不能为空")
	}
	if a.Kind == ActivityLiaison && a.LiaisonID == 0 {
		p.Add("liaison_id", "联络员", "联络活动须指定联络员")
	}
	if a.Kind.Valid() && a.Kind != ActivityLiaison && a.LiaisonID != 0 {
		p.Add("liaison_id", "联络员", "只有联络活动指定联络员")
	}
	if a.Kind == ActivityCampaign && a.CampaignID == 0 {
		p.Add("campaign_id", "专项教育", "专项教育活动须选择所属的专项教育")
	}
	if a.ItemID != 0 && a.CampaignID == 0 {
		p.Add("item_id", "计划事项", "须先选择专项教育")
	}
	if utf8.RuneCountInString(a.Summary) > MaxActivitySummary {
		p.Add("summary", "活动小结", "不能超过"+strconv.Itoa(MaxActivitySummary)+"个字")
	}
	seen := make(map[int64]bool, len(att))
	for _, x := range att {
		if seen[x.PersonID] {
			p.Add("attendance", "参加人员", "同一人只能登记一次")
			break
		}
		seen[x.PersonID] = true
		if what := x.Problem(); what != "" {
			p.Add("attendance", "参加人员", what)
		}
	}
	return p.Err()
}

// Normalize trims the texts.
func (a *Activity) Normalize() {
	a.Title, a.Place, a.Summary = strings.TrimSpace(a.Title), strings.TrimSpace(a.Place), strings.TrimSpace(a.Summary)
}

// Count sets the counts 应到, 实到, 请假 and 缺席 from the attendance.
func (a *Activity) Count(att []Attendance) {
	a.Expected, a.Present, a.Excused, a.Absent = len(att), 0, 0, 0
	for _, x := range att {
		switch x.Status {
		case AttendPresent:
			a.Present++
		case AttendExcused:
			a.Excused++
		case AttendAbsent:
			a.Absent++
		}
	}
}

// Campaign is a special education campaign (专项教育, e.g. “学讲话、转作风、
// 促落实”) a branch runs over a period, with its planned items.
type Campaign struct {
	ID       int64          `json:"id"`
	OrgID    int64          `json:"org_id"`
	Title    string         `json:"title"`
	StartsOn Date           `json:"starts_on"`
	EndsOn   Date           `json:"ends_on"`
	Items    []CampaignItem `json:"items"`
}

// CampaignItem is one planned item of a campaign, due by a day; it is done
// by an activity recorded for it (DoneOn is that activity's date).
type CampaignItem struct {
	ID         int64  `json:"id"`
	CampaignID int64  `json:"campaign_id"`
	Title      string `json:"title"`
	DueOn      Date   `json:"due_on"`
	ActivityID int64  `json:"activity_id,omitempty"`
	DoneOn     Date   `json:"done_on,omitzero"`
}

// ItemLabel names planned item i (from 0) in problems: "第1项计划".
func ItemLabel(i int) string { return "第" + strconv.Itoa(i+1) + "项计划" }

// Validate checks a campaign: a title, a period that ends after it starts
// and lasts at most two years, at least one planned item, each with a title
// and a due day inside the period.
func (c Campaign) Validate() error {
	var p Problems
	switch n := utf8.RuneCountInString(strings.TrimSpace(c.Title)); {
	case n == 0:
		p.Add("title", "专项教育名称", "不能为空")
	case n > MaxActivityTitle:
		p.Add("title", "专项教育名称", "不能超过"+strconv.Itoa(MaxActivityTitle)+"个字")
	}
	period := true
	switch {
	case c.StartsOn.IsZero() || !c.StartsOn.Valid():
		p.Add("starts_on", "开始日期", "不能为空")
		period = false
	case c.EndsOn.IsZero() || !c.EndsOn.Valid():
		p.Add("ends_on", "结束日期", "不能为空")
		period = false
	case c.EndsOn.Before(c.StartsOn):
		p.Add("ends_on", "结束日期", "不能早于开始日期")
		period = false
	case c.EndsOn.After(c.StartsOn.AddYears(2)):
		p.Add("ends_on", "结束日期", "专项教育不能超过两年")
		period = false
	}
	if len(c.Items) == 0 {
		p.Add("items", "计划事项", "至少填写一项")
	}
	for i, it := range c.Items {
		switch n := utf8.RuneCountInString(strings.TrimSpace(it.Title)); {
		case n == 0:
			p.Add("items", ItemLabel(i), "事项不能为空")
		case n > 100:
			p.Add("items", ItemLabel(i), "事项不能超过100个字")
		case it.DueOn.IsZero() || !it.DueOn.Valid():
			p.Add("items", ItemLabel(i), "完成时限不能为空")
		case period && (it.DueOn.Before(c.StartsOn) || it.DueOn.After(c.EndsOn)):
			p.Add("items", ItemLabel(i), "完成时限应在专项教育期间（"+c.StartsOn.String()+"至"+c.EndsOn.String()+"）")
		}
	}
	return p.Err()
}

// Progress is how many planned items are done, of how many.
func (c Campaign) Progress() (done, total int) {
	for _, it := range c.Items {
		if it.ActivityID != 0 {
			done++
		}
	}
	return done, len(c.Items)
}
