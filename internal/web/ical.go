package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// iCalendar feeds: a person's own calendar (the meetings they are expected
// at and the deadlines of the findings their positions make them
// responsible for) or an org's (its and its groups' meetings and the
// deadlines of its open findings), read by calendar apps without logging
// in. The token in the URL stands for the account: each request derives
// the account's rights afresh (store.ActorFor), so a feed shows only what
// the account may read at that moment, and a revoked token or a disabled
// account answers 404.

// The window of meetings a feed shows, around the time of the request.
const (
	feedMonthsBack  = 3
	feedMonthsAhead = 12
	meetingLength   = 2 * time.Hour // meetings have no end time: a calendar shows two hours
	// feedZone names zhibu.DefaultZone (UTC+8, no daylight saving) for
	// calendar apps; every time in a feed is in UTC.
	feedZone = "Asia/Shanghai"
)

// newFeedToken is 32 random bytes, URL-safe: 43 characters.
func newFeedToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// feedTokenShape reports whether s could be a feed token, so that anything
// else is refused before the database is asked.
func feedTokenShape(s string) bool {
	if len(s) != 43 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// The account page's card.

// feedCard is the "日历订阅" card of the account page.
type feedCard struct {
	Person    bool     // the account is a person's: it has a calendar of its own
	Orgs      []option // the orgs whose calendar it may subscribe to now
	Feeds     []feedRow
	Max       int
	NewURL    string       // a feed just made: its URL, shown once
	NewWebcal template.URL // the same for calendar apps (webcal://)
	NewLabel  string
}

// feedRow is one live feed in the card's list.
type feedRow struct {
	ID      int64
	Label   string
	Created time.Time
	Stale   bool // an org the account may no longer read: the feed is empty
}

// loadFeeds fills the card for the acting account.
func (s *server) loadFeeds(ctx context.Context, c *feedCard) error {
	a := zhibu.ActorFrom(ctx)
	c.Person, c.Max = a.PersonID != 0, store.MaxFeeds
	if len(a.Scope.Paths) > 0 || a.Scope.All {
		orgs, err := s.store.Orgs(ctx, store.OrgFilter{Kinds: store.FeedOrgKinds})
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if a.Can(zhibu.PermOrgRead, o.Path) {
				c.Orgs = append(c.Orgs, option{strconv.FormatInt(o.ID, 10), o.Name + "（" + o.Kind.Label() + "）"})
			}
		}
	}
	feeds, err := s.store.Feeds(ctx)
	if err != nil {
		return err
	}
	for _, f := range feeds {
		row := feedRow{ID: f.ID, Label: "个人日历（本人会议与职责期限）", Created: f.Created}
		if !f.Person() {
			row.Label = f.OrgName + " 组织日历"
			row.Stale = !a.Can(zhibu.PermOrgRead, f.OrgPath)
		}
		c.Feeds = append(c.Feeds, row)
	}
	return nil
}

// feedURL is where a token's feed is served, on the host the request came
// to.
func (s *server) feedURL(r *http.Request, token string) (https string, webcal template.URL) {
	scheme := "http"
	if s.secure || r.TLS != nil {
		scheme = "https"
	}
	p := "/ical/" + token + ".ics"
	// r.Host was checked by net/http; the URL goes back to the one who
	// asked. html/template allows only http(s) links unless told.
	return scheme + "://" + r.Host + p, template.URL("webcal://" + r.Host + p)
}

// accountFeedCreate is POST /account/feeds: a new feed of the acting
// account, kind=person for its own calendar, kind=org with org_id for an
// org's. Its URL is shown once.
func (s *server) accountFeedCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	var orgID int64
	switch f["kind"] {
	case "person":
	case "org":
		if orgID = formID(f["org_id"]); orgID == 0 {
			ps.Add("org_id", "组织", "请选择要订阅的组织")
		}
	default:
		ps.Add("kind", "订阅范围", "请选择个人日历或组织日历")
	}
	if len(ps) == 0 {
		token := newFeedToken()
		feed, err := s.store.CreateFeed(ctx, orgID, auth.Hash(token))
		if err == nil {
			d := &accountPage{Form: form{}}
			d.Feeds.NewURL, d.Feeds.NewWebcal = s.feedURL(r, token)
			d.Feeds.NewLabel = "个人日历"
			if !feed.Person() {
				d.Feeds.NewLabel = feed.OrgName + " 组织日历"
			}
			return s.renderAccount(w, r, http.StatusOK, d)
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	d := &accountPage{Form: form{"org_id": f["org_id"]}}
	d.Problems = ps
	return s.renderAccount(w, r, http.StatusUnprocessableEntity, d)
}

// accountFeedRevoke is POST /account/feeds/{id}/revoke: only the acting
// account's own feeds; any other is not found.
func (s *server) accountFeedRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.RevokeFeed(r.Context(), id); err != nil {
		return err
	}
	return redirect(w, r, "/account#feeds", "日历订阅已吊销，原订阅地址不再可用。")
}

// The feed.

// icalFeed is GET /ical/{file}: the feed of the token that {file} is
// (with or without ".ics"). It is public: the token is the credential.
// Errors are answered here, so that the token in the path never reaches a
// log line.
func (s *server) icalFeed(w http.ResponseWriter, r *http.Request) error {
	token := strings.TrimSuffix(r.PathValue("file"), ".ics")
	if !feedTokenShape(token) {
		return errPageNotFound
	}
	ctx := r.Context()
	feed, err := s.store.FeedByHash(ctx, auth.Hash(token))
	if isNotFound(err) {
		return errPageNotFound
	}
	if err != nil {
		return s.feedFailed(w, r, err)
	}
	actor, _, err := s.store.ActorFor(ctx, feed.AccountID, zhibu.ActorFrom(ctx).Address)
	if isNotFound(err) || errors.Is(err, zhibu.ErrForbidden) {
		return errPageNotFound // the account was disabled since the lookup
	}
	if err != nil {
		return s.feedFailed(w, r, err)
	}
	cal, err := s.feedCalendar(zhibu.WithActor(ctx, actor), feed, s.siteURL(r))
	if isNotFound(err) {
		return errPageNotFound
	}
	if err != nil {
		return s.feedFailed(w, r, err)
	}
	var buf bytes.Buffer
	if err := cal.SerializeTo(&buf, ics.WithNewLineWindows); err != nil {
		return s.feedFailed(w, r, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	buf.WriteTo(w)
	return nil
}

// feedFailed answers an internal error of a feed, logging it without the
// token.
func (s *server) feedFailed(w http.ResponseWriter, r *http.Request, err error) error {
	s.log.ErrorContext(r.Context(), "web: internal error", slog.String("method", r.Method), slog.String("path", "/ical/…"), slog.Any("err", err))
	http.Error(w, "内部错误", http.StatusInternalServerError)
	return nil
}

// siteURL is the scheme and host of the request, for links in a feed.
func (s *server) siteURL(r *http.Request) string {
	scheme := "http"
	if s.secure || r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// feedCalendar builds the calendar of a feed with the actor of ctx (the
// feed's account, with its rights now).
func (s *server) feedCalendar(ctx context.Context, feed store.Feed, site string) (*ics.Calendar, error) {
	now := s.now()
	b := &calBuilder{now: now, today: zhibu.Today(now), site: site, actor: zhibu.ActorFrom(ctx)}
	from, to := now.AddDate(0, -feedMonthsBack, 0), now.AddDate(0, feedMonthsAhead, 0)
	var err error
	if feed.Person() {
		err = s.personFeed(ctx, b, from, to)
	} else {
		err = s.orgFeed(ctx, b, feed, from, to)
	}
	if err != nil {
		return nil, err
	}
	return b.calendar(), nil
}

// orgFeed is an org's calendar: its and its groups' meetings, and the
// deadlines of its open findings this year, as the account reads them now.
// An org the account may no longer read gives an empty calendar.
func (s *server) orgFeed(ctx context.Context, b *calBuilder, feed store.Feed, from, to time.Time) error {
	b.name, b.desc = "组织生活日历", "该账号已无权查看此组织，日历为空。"
	org, err := s.store.Org(ctx, feed.OrgID)
	if isNotFound(err) || (err == nil && !b.actor.Can(zhibu.PermOrgRead, org.Path)) {
		return nil
	}
	if err != nil {
		return err
	}
	b.name, b.desc = org.Name+" 组织生活日历", org.Name+"及其党小组的会议安排和本年度待办事项的截止日期。"
	groups, err := s.store.Orgs(ctx, store.OrgFilter{ParentID: org.ID, Kinds: []zhibu.OrgKind{zhibu.KindGroup}})
	if err != nil {
		return err
	}
	orgs := append([]zhibu.Org{org}, groups...)
	ids := make([]int64, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
		b.org(o)
	}
	meetings, err := s.store.MeetingsOf(ctx, ids, from, to)
	if err != nil {
		return err
	}
	b.meetings = meetings
	fs, cat, err := s.svc.Compliance.Check(ctx, org, b.today.Year, b.today)
	if err != nil {
		return err
	}
	b.cat = cat
	for _, f := range fs {
		if deadlineOpen(f.Status) {
			b.findings = append(b.findings, f)
		}
	}
	b.link = orgHref(org.ID) + "/compliance?year=" + strconv.Itoa(b.today.Year)
	return nil
}

// personFeed is a person's own calendar: the meetings they are expected
// at (their branch's, except committee meetings unless they sit on its
// committee; their group's; the committee meetings of any org where they
// hold a seat; a group they lead) and the deadlines of the open findings
// their current positions make them responsible for, as on 我的职责. The
// records are read as the system, like that page: the person's own
// duties, and the meetings they are expected at, whether or not their
// positions let them read the org. An account without a person has no
// such calendar.
func (s *server) personFeed(ctx context.Context, b *calBuilder, from, to time.Time) error {
	if b.actor.PersonID == 0 {
		return errPageNotFound
	}
	sys := zhibu.WithActor(ctx, zhibu.System)
	p, err := s.store.Person(sys, b.actor.PersonID)
	if err != nil {
		return err
	}
	b.name, b.desc = p.Name+"的组织生活日历", "应参加的会议和本人职责内待办事项的截止日期。"
	duties, err := s.svc.Compliance.Duties(ctx, p.ID, b.today, b.today.Year, b.today)
	if err != nil {
		return err
	}
	onCommittee, leads := map[int64]bool{}, map[int64]bool{}
	for _, du := range duties.Orgs {
		b.org(du.Org)
		if len(du.Positions) > 0 {
			onCommittee[du.Org.ID] = true
		}
		for _, g := range du.Groups {
			b.org(g)
			leads[g.ID] = true
		}
	}
	member := p.Status.AtLeast(zhibu.Probationary)
	ids := map[int64]bool{}
	if member {
		ids[p.OrgID] = true
		if p.GroupID != 0 {
			ids[p.GroupID] = true
		}
	}
	for id := range onCommittee {
		ids[id] = true
	}
	for id := range leads {
		ids[id] = true
	}
	for id := range ids {
		if _, ok := b.orgs[id]; !ok {
			org, err := s.store.Org(sys, id)
			if err != nil {
				return err
			}
			b.org(org)
		}
	}
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sort.Slice(list, func(i, j int) bool { return list[i] < list[j] })
	meetings, err := s.store.MeetingsOf(sys, list, from, to)
	if err != nil {
		return err
	}
	for _, m := range meetings {
		var expected bool
		switch {
		case leads[m.OrgID] || (member && p.GroupID != 0 && m.OrgID == p.GroupID):
			expected = true
		case m.Type == zhibu.MeetCommittee:
			expected = onCommittee[m.OrgID]
		case m.OrgID == p.OrgID:
			expected = member
		}
		if expected {
			b.meetings = append(b.meetings, m)
		}
	}
	if len(duties.Orgs) == 0 {
		return nil
	}
	b.cat = duties.Catalogue
	for _, f := range duties.Findings {
		if deadlineOpen(f.Status) {
			b.findings = append(b.findings, f.Finding)
		}
	}
	b.link = "/duties"
	return nil
}

// deadlineOpen reports whether a finding has a deadline still to meet (or
// already missed): due or overdue. A violation is done, wrongly; it has no
// date to put in a calendar.
func deadlineOpen(st zhibu.FindingStatus) bool {
	return st == zhibu.StatusDue || st == zhibu.StatusOverdue
}

// calBuilder collects a feed's events and writes them as a calendar.
type calBuilder struct {
	now        time.Time
	today      zhibu.Date
	site       string // scheme and host, for links
	actor      zhibu.Actor
	name, desc string
	orgs       map[int64]zhibu.Org
	meetings   []zhibu.Meeting
	findings   []zhibu.Finding
	cat        rules.Catalogue
	link       string // the page of the findings, for their events
}

func (b *calBuilder) org(o zhibu.Org) {
	if b.orgs == nil {
		b.orgs = map[int64]zhibu.Org{}
	}
	b.orgs[o.ID] = o
}

// calendar writes the collected events: the meetings by start time, then
// the deadlines by date. Every time is in UTC; the calendar names the
// org's zone for the apps that show it.
func (b *calBuilder) calendar() *ics.Calendar {
	cal := ics.NewCalendarFor("zhibu")
	cal.SetProductId("-//zhibu//支部工作台//ZH")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(feedText(b.name))
	cal.SetXWRCalName(feedText(b.name))
	cal.SetDescription(feedText(b.desc))
	cal.SetXWRCalDesc(feedText(b.desc))
	cal.SetXWRTimezone(feedZone)
	cal.SetRefreshInterval("PT1H")
	cal.SetXPublishedTTL("PT1H")
	// A calendar holds at least one component (RFC 5545 §3.6), even when
	// it has no events: the zone, which has had no daylight saving since
	// 1991.
	tz := cal.AddTimezone(feedZone)
	std := tz.AddStandard()
	std.SetProperty(ics.ComponentPropertyDtStart, "19700101T000000")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0800")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0800")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "CST")

	for _, m := range b.meetings {
		b.meeting(cal, m)
	}
	fs := append([]zhibu.Finding(nil), b.findings...)
	sort.SliceStable(fs, func(i, j int) bool { return feedDeadline(fs[i]).Before(feedDeadline(fs[j])) })
	uids := findingUIDs(fs)
	for i, f := range fs {
		b.finding(cal, uids[i], f)
	}
	return cal
}

// meeting is a meeting's event: two hours from its start, with its org and
// type, place, topics and status.
func (b *calBuilder) meeting(cal *ics.Calendar, m zhibu.Meeting) {
	o := b.orgs[m.OrgID]
	e := cal.AddEvent(fmt.Sprintf("meeting-%d@zhibu", m.ID))
	e.SetDtStampTime(b.now)
	e.SetStartAt(m.StartsAt)
	e.SetEndAt(m.StartsAt.Add(meetingLength))
	e.SetSummary(feedText(strings.TrimSpace(o.Name + " " + m.Type.Label())))
	if place := feedText(m.Place); place != "" {
		e.SetLocation(place)
	}
	desc := []string{"状态：" + m.Status.Label()}
	if m.Status == zhibu.MeetingCancelled && strings.TrimSpace(m.CancelReason) != "" {
		desc = append(desc, "取消原因："+m.CancelReason)
	}
	if len(m.Topics) > 0 {
		desc = append(desc, "议题：")
		for i, t := range m.Topics {
			desc = append(desc, strconv.Itoa(i+1)+". "+t)
		}
	}
	if b.actor.Can(zhibu.PermOrgRead, o.Path) && o.Path != "" {
		link := b.site + "/meetings/" + strconv.FormatInt(m.ID, 10)
		e.SetURL(link)
		desc = append(desc, "详情："+link)
	}
	e.SetDescription(feedText(strings.Join(desc, "\n")))
	if m.Status == zhibu.MeetingCancelled {
		e.SetStatus(ics.ObjectStatusCancelled)
	} else {
		e.SetStatus(ics.ObjectStatusConfirmed)
	}
}

// finding is an open finding's deadline: an all-day event that does not
// block the day.
func (b *calBuilder) finding(cal *ics.Calendar, uid string, f zhibu.Finding) {
	day := feedDeadline(f)
	e := cal.AddEvent(uid)
	e.SetDtStampTime(b.now)
	e.SetAllDayStartAt(day.Time())
	e.SetAllDayEndAt(day.AddDays(1).Time())
	e.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
	prefix := "【待办】"
	if f.Status == zhibu.StatusOverdue {
		prefix = "【逾期】"
	}
	e.SetSummary(feedText(prefix + f.Message))
	desc := []string{"规则：" + feedRuleTitle(b.cat, f.RuleID) + "（" + f.RuleID + "）"}
	if f.SubjectName != "" {
		desc = append(desc, "对象："+f.SubjectName)
	}
	if label := f.Period.Label(); label != "" {
		desc = append(desc, "期间："+label)
	}
	desc = append(desc, "期限："+day.Chinese(), "状态："+f.Status.Label())
	if f.Responsible != "" {
		desc = append(desc, "责任人："+f.Responsible.Label())
	}
	if f.Source != "" {
		desc = append(desc, "依据："+f.Source)
	}
	if b.link != "" {
		e.SetURL(b.site + b.link)
		desc = append(desc, "详情："+b.site+b.link)
	}
	e.SetDescription(feedText(strings.Join(desc, "\n")))
	e.AddCategory("待办事项")
}

// feedDeadline is the day a finding must be dealt with by: its deadline,
// or the last day of its period when it has none.
func feedDeadline(f zhibu.Finding) zhibu.Date {
	if !f.Deadline.IsZero() {
		return f.Deadline
	}
	return f.Period.End()
}

// findingUIDs gives each finding a UID that stays the same from one
// request to the next: finding-<rule>-<org>-<period>@zhibu, the org being
// the subject (a group for a group's finding); a person's finding names
// its org and the person. Findings of one rule, subject and period (one
// per meeting, such as incomplete minutes) are told apart by their
// evidence.
func findingUIDs(fs []zhibu.Finding) []string {
	base := make([]string, len(fs))
	count := map[string]int{}
	for i, f := range fs {
		subject := strconv.FormatInt(f.SubjectID, 10)
		if f.SubjectKind != zhibu.SubjectOrg {
			subject = strconv.FormatInt(f.OrgID, 10) + "-" + f.SubjectKind + strconv.FormatInt(f.SubjectID, 10)
		}
		period := f.Period.String()
		if period == "" {
			period = feedDeadline(f).String()
		}
		base[i] = "finding-" + f.RuleID + "-" + subject + "-" + period
		count[base[i]]++
	}
	out := make([]string, len(fs))
	seen := map[string]int{}
	for i, f := range fs {
		uid := base[i]
		if count[uid] > 1 {
			if len(f.Evidence) > 0 {
				uid += "-" + f.Evidence[0].Kind + strconv.FormatInt(f.Evidence[0].ID, 10)
			}
			seen[uid]++
			if n := seen[uid]; n > 1 {
				uid += "-" + strconv.Itoa(n)
			}
		}
		out[i] = uid + "@zhibu"
	}
	return out
}

// feedRuleTitle is what rule id asks, from the catalogue.
func feedRuleTitle(cat rules.Catalogue, id string) string {
	for _, v := range cat {
		if v.ID == id && v.Title != "" {
			return v.Title
		}
	}
	return id
}

// feedText is s as a TEXT value takes it: line breaks as "\n" (the library
// escapes them, and commas, semicolons and backslashes), no other control
// characters, valid UTF-8.
func feedText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if (r < ' ' && r != '\n' && r != '\t') || r == 0x7f {
			return -1
		}
		return r
	}, s))
}
