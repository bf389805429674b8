package zhibu

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// RectProblem is one of the five basic-work problems of the seed plan's
// rectification campaign (§8), as a check over the findings (RULES.md,
// "The five basic-work problems").
type RectProblem struct {
	N      int
	Title  string
	prefix []string // rule ids, or prefixes ending in "."
}

// RectProblems are the five problems in the seed's order.
var RectProblems = []RectProblem{
	{1, "支部委员会未按期换届", []string{"org.term."}},
	{2, "“三会一课”制度落实不到位", []string{"meet."}},
	{3, "党员未按规定交纳党费", []string{"dues.monthly", "dues.arrears", "dues.no_org_payment"}},
	{4, "发展党员不按程序、党员档案不规范", []string{"dev.", "member.file"}},
	{5, "党员组织关系未及时转接", []string{"member.transfer."}},
}

// Covers reports whether a finding of rule id falls under the problem.
func (p RectProblem) Covers(id string) bool {
	for _, x := range p.prefix {
		if id == x || strings.HasSuffix(x, ".") && strings.HasPrefix(id, x) {
			return true
		}
	}
	return false
}

// RectProblemOf is the problem numbered n, if any.
func RectProblemOf(n int) (RectProblem, bool) {
	if n < 1 || n > len(RectProblems) {
		return RectProblem{}, false
	}
	return RectProblems[n-1], true
}

// Remedy is what a branch does about one problem found in its
// rectification self-check: the measure, who carries it out and by when,
// the evidence that closes it, and the secretary's sign-off.
type Remedy struct {
	ID        int64  `json:"id"`
	OrgID     int64  `json:"org_id"`
	Year      int    `json:"year"`
	Problem   int    `json:"problem"`              // 1–5, RectProblems
	Issue     string `json:"issue"`                // the problem as found (a finding's message, or the branch's own words)
	Measure   string `json:"measure"`              // 整改措施
	OwnerID   int64  `json:"owner_id"`             // 责任人
	OwnerName string `json:"owner_name,omitempty"` // read only
	Deadline  Date   `json:"deadline"`             // 整改时限
	Evidence  string `json:"evidence,omitempty"`   // 整改结果及佐证
	DoneOn    Date   `json:"done_on,omitempty"`    // 完成日期
	SignedOn  Date   `json:"signed_on,omitempty"`  // 书记签字确认日期
	SignedBy  string `json:"signed_by,omitempty"`  // read only
	// Links are the records that close the remedy besides its text
	// evidence (a meeting held, an activity, a bulletin, a person's file).
	Links []RecordLink `json:"links,omitempty"`
}

// RecordLink names a record by its kind and id; Title and Href are read
// only (the record's title and page, from the search index).
type RecordLink struct {
	Kind  SearchKind `json:"kind"`
	ID    int64      `json:"id"`
	Title string     `json:"title,omitempty"`
	Href  string     `json:"href,omitempty"`
}

// remedyLinkKinds are the kinds of record a remedy may link, with the
// address of each kind's page (its id is the last number).
var remedyLinkKinds = []struct {
	kind SearchKind
	re   *regexp.Regexp
}{
	{SearchMeeting, regexp.MustCompile(`^/meetings/(\d+)(/.*)?$`)},
	{SearchActivity, regexp.MustCompile(`^/orgs/\d+/activities/(\d+)(/.*)?$`)},
	{SearchBulletin, regexp.MustCompile(`^/orgs/\d+/bulletins/(\d+)(/.*)?$`)},
	{SearchPerson, regexp.MustCompile(`^/people/(\d+)(/.*)?$`)},
}

// MaxRemedyLinks is how many records a remedy may link.
const MaxRemedyLinks = 10

// ParseRecordLinks reads the addresses of records copied from the
// browser (a meeting /meetings/12, an activity /orgs/3/activities/7, a
// bulletin /orgs/3/bulletins/9, a person /people/5, or the same with the
// server's address in front), separated by spaces or lines. Errors:
// Problems naming the field links and the address.
func ParseRecordLinks(text string) ([]RecordLink, error) {
	var out []RecordLink
	var ps Problems
	for i, f := range strings.Fields(text) {
		path := f
		if u, err := url.Parse(f); err == nil && u.Path != "" {
			path = u.Path
		}
		found := false
		for _, k := range remedyLinkKinds {
			if m := k.re.FindStringSubmatch(path); m != nil {
				id, err := strconv.ParseInt(m[1], 10, 64)
				if err == nil && id > 0 {
					out = append(out, RecordLink{Kind: k.kind, ID: id})
					found = true
				}
				break
			}
		}
		if !found {
			ps = append(ps, Problem{Field: "links", Label: "关联记录", Message: "关联记录：第" + itoa(i+1) + "个地址“" + f + "”不是会议、活动、简报或人员的页面地址"})
		}
	}
	return out, ps.Err()
}

// RemedyState is where a remedy stands.
type RemedyState string

const (
	RemedyOpen   RemedyState = "open"   // 整改中
	RemedyLate   RemedyState = "late"   // 逾期未完成
	RemedyDone   RemedyState = "done"   // 已完成，待书记确认
	RemedySigned RemedyState = "signed" // 已销号
)

// Label is the state's Chinese name.
func (s RemedyState) Label() string {
	switch s {
	case RemedyOpen:
		return "整改中"
	case RemedyLate:
		return "逾期未完成"
	case RemedyDone:
		return "已完成，待书记确认"
	case RemedySigned:
		return "已销号"
	}
	return string(s)
}

// State is the remedy's state on day.
func (r Remedy) State(day Date) RemedyState {
	switch {
	case !r.SignedOn.IsZero():
		return RemedySigned
	case !r.DoneOn.IsZero():
		return RemedyDone
	case day.After(r.Deadline):
		return RemedyLate
	}
	return RemedyOpen
}

// Normalize trims the text fields.
func (r *Remedy) Normalize() {
	r.Issue, r.Measure, r.Evidence = strings.TrimSpace(r.Issue), strings.TrimSpace(r.Measure), strings.TrimSpace(r.Evidence)
}

// Validate checks a remedy as of today: a known problem, the issue and the
// measure, an owner, a deadline in the campaign's year or the next, and a
// completion with its evidence, not in the future. A sign-off needs a
// completion.
func (r Remedy) Validate(today Date) error {
	var ps Problems
	if _, ok := RectProblemOf(r.Problem); !ok {
		ps.Add("problem", "问题类别", "请选择五类问题之一")
	}
	text := func(field, label, v string, max int, required bool) {
		switch n := utf8.RuneCountInString(v); {
		case required && n == 0:
			ps.Add(field, label, "不能为空")
		case n > max:
			ps.Add(field, label, "不能超过"+itoa(max)+"个字")
		}
	}
	text("issue", "存在问题", r.Issue, 500, true)
	text("measure", "整改措施", r.Measure, 1000, true)
	text("evidence", "整改结果及佐证", r.Evidence, 1000, false)
	if r.OwnerID == 0 {
		ps.Add("owner_id", "责任人", "请选择责任人")
	}
	switch {
	case r.Deadline.IsZero() || !r.Deadline.Valid():
		ps.Add("deadline", "整改时限", "不能为空，且须为有效日期")
	case r.Deadline.Year < r.Year || r.Deadline.Year > r.Year+1:
		ps.Add("deadline", "整改时限", "应在"+itoa(r.Year)+"年或次年内")
	}
	if !r.DoneOn.IsZero() {
		switch {
		case !r.DoneOn.Valid():
			ps.Add("done_on", "完成日期", "须为有效日期")
		case r.DoneOn.After(today):
			ps.Add("done_on", "完成日期", "不能晚于今天")
		case r.Evidence == "":
			ps.Add("evidence", "整改结果及佐证", "填写完成日期时须写明整改结果及佐证")
		}
	}
	if len(r.Links) > MaxRemedyLinks {
		ps.Add("links", "关联记录", "最多关联"+itoa(MaxRemedyLinks)+"条记录")
	}
	for i, l := range r.Links {
		ok := l.ID > 0
		if ok {
			ok = false
			for _, k := range remedyLinkKinds {
				ok = ok || k.kind == l.Kind
			}
		}
		if !ok {
			ps.Add("links", "关联记录", "第"+itoa(i+1)+"条不是会议、活动、简报或人员")
		}
	}
	if !r.SignedOn.IsZero() {
		switch {
		case r.DoneOn.IsZero():
			ps.Add("signed_on", "书记确认", "整改完成后才能确认销号")
		case r.SignedOn.After(today) || r.SignedOn.Before(r.DoneOn):
			ps.Add("signed_on", "书记确认", "确认日期应在完成日期之后、不晚于今天")
		}
	}
	return ps.Err()
}

// RectCampaign is a committee's rectification campaign for a year over its
// branches (seed §8): its title and its own days — when it starts, when the
// branches' self-checks are due and when their remedies are due. A branch
// is under the campaign of its nearest committee above that opened one for
// the year; a remedy's deadline may not be later than its remedies-due day.
type RectCampaign struct {
	ID          int64  `json:"id"`
	OrgID       int64  `json:"org_id"`             // the committee
	OrgName     string `json:"org_name,omitempty"` // read only
	Year        int    `json:"year"`
	Title       string `json:"title"`        // 整改活动名称
	StartOn     Date   `json:"start_on"`     // 开始日期
	ChecksDue   Date   `json:"checks_due"`   // 自查完成日期
	RemediesDue Date   `json:"remedies_due"` // 整改完成日期
}

// Normalize trims the title.
func (c *RectCampaign) Normalize() { c.Title = strings.TrimSpace(c.Title) }

// Validate checks a campaign: a title, a four-digit year, and its days in
// the year or the next, in order (start, self-checks due, remedies due).
func (c RectCampaign) Validate() error {
	var ps Problems
	switch n := utf8.RuneCountInString(c.Title); {
	case n == 0:
		ps.Add("title", "整改活动名称", "不能为空")
	case n > 100:
		ps.Add("title", "整改活动名称", "不能超过100个字")
	}
	if c.Year < 1900 || c.Year > 9999 {
		ps.Add("year", "年度", "应为四位年份，如2025")
		return ps.Err()
	}
	day := func(field, label string, d Date) bool {
		switch {
		case d.IsZero() || !d.Valid():
			ps.Add(field, label, "不能为空，且须为有效日期")
		case d.Year < c.Year || d.Year > c.Year+1:
			ps.Add(field, label, "应在"+itoa(c.Year)+"年或次年内")
		default:
			return true
		}
		return false
	}
	start := day("start_on", "开始日期", c.StartOn)
	checks := day("checks_due", "自查完成日期", c.ChecksDue)
	remedies := day("remedies_due", "整改完成日期", c.RemediesDue)
	if start && c.StartOn.Year != c.Year {
		ps.Add("start_on", "开始日期", "应在"+itoa(c.Year)+"年内")
	}
	if start && checks && c.ChecksDue.Before(c.StartOn) {
		ps.Add("checks_due", "自查完成日期", "不能早于开始日期")
	}
	if checks && remedies && c.RemediesDue.Before(c.ChecksDue) {
		ps.Add("remedies_due", "整改完成日期", "不能早于自查完成日期")
	}
	return ps.Err()
}

// CheckDeadline checks a remedy's deadline against the campaign: not later
// than its remedies-due day.
func (c RectCampaign) CheckDeadline(r Remedy) error {
	if r.Deadline.IsZero() || !r.Deadline.After(c.RemediesDue) {
		return nil
	}
	return Problems{{Field: "deadline", Label: "整改时限", Message: "整改时限：不能晚于“" + c.Title + "”规定的整改完成日期" + c.RemediesDue.Chinese()}}
}
