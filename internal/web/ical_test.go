package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"zhibu"
)

// accountOf makes an account for a person of the fixture and returns its id.
func (f *fixture) accountOf(name string) int64 {
	f.t.Helper()
	a, err := f.s.CreateAccount(sys, zhibu.Account{Login: "u" + strconv.FormatInt(f.id(name), 10), PersonID: f.id(name)}, "")
	if err != nil {
		f.t.Fatal(err)
	}
	return a.ID
}

// asAccount serves a request as an account, with the rights it has now.
func (f *fixture) asAccount(id int64, method, target string, form url.Values) *httptest.ResponseRecorder {
	f.t.Helper()
	a, _, err := f.s.ActorFor(sys, id, "127.0.0.1")
	if err != nil {
		f.t.Fatal(err)
	}
	return f.as(a, method, target, form)
}

var feedURL = regexp.MustCompile(`https?://[^/"<>]+(/ical/[A-Za-z0-9_-]{43}\.ics)`)

// newFeed makes a feed on the account page and returns its path, shown once.
func (f *fixture) newFeed(account int64, form url.Values) string {
	f.t.Helper()
	w := f.asAccount(account, "POST", "/account/feeds", form)
	if w.Code != http.StatusOK {
		f.t.Fatalf("new feed: %d %s", w.Code, w.Body.String())
	}
	m := feedURL.FindStringSubmatch(w.Body.String())
	if m == nil {
		f.t.Fatalf("no feed URL on the page:\n%s", w.Body.String())
	}
	if !strings.Contains(w.Body.String(), `href="webcal://example.com`+m[1]+`"`) {
		f.t.Errorf("no webcal link for %s", m[1])
	}
	return m[1]
}

// feed reads a feed without logging in.
func (f *fixture) feed(path string) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.as(zhibu.Actor{Address: "203.0.113.9"}, "GET", path, nil)
}

// calendar reads a feed and parses it back, checking the form of its
// lines: CRLF, folded at 75 octets.
func (f *fixture) calendar(path string) (*ics.Calendar, map[string]*ics.VEvent) {
	f.t.Helper()
	w := f.feed(path)
	if w.Code != http.StatusOK {
		f.t.Fatalf("feed %s: %d %s", path, w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		f.t.Errorf("Content-Type %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		f.t.Errorf("Cache-Control %q", cc)
	}
	body := w.Body.String()
	if !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		f.t.Errorf("the calendar does not end with a CRLF line")
	}
	for i, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") || len(line) > 75 || !utf8.ValidString(line) {
			f.t.Errorf("line %d is not a folded CRLF line of at most 75 octets: %q", i+1, line)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		f.t.Fatalf("parse: %v\n%s", err, body)
	}
	byUID := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		if byUID[e.Id()] != nil {
			f.t.Errorf("UID %s twice", e.Id())
		}
		byUID[e.Id()] = e
		for _, p := range []ics.ComponentProperty{ics.ComponentPropertyDtstamp, ics.ComponentPropertyDtStart, ics.ComponentPropertySummary} {
			if e.GetProperty(p) == nil {
				f.t.Errorf("event %s without %s", e.Id(), p)
			}
		}
	}
	return cal, byUID
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// meetingUID is the UID of a meeting's event.
func meetingUID(m zhibu.Meeting) string { return "meeting-" + strconv.FormatInt(m.ID, 10) + "@zhibu" }

func TestICalFeeds(t *testing.T) {
	f := newFixture(t)
	now := time.Now().UTC().Truncate(time.Minute)
	today := zhibu.Today(now)
	save := func(m zhibu.Meeting) zhibu.Meeting {
		t.Helper()
		saved, err := f.s.SaveMeeting(sys, m, nil)
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	b := f.branch.ID
	committee := save(zhibu.Meeting{OrgID: b, Type: zhibu.MeetCommittee, Status: zhibu.MeetingPlanned, StartsAt: now.AddDate(0, 0, 10),
		Place: "三楼会议室", Topics: []string{"研究发展党员工作, 部署下月工作; 其他"}})
	long := strings.Repeat("学习贯彻党的二十大精神并结合本单位实际抓好落实", 5)
	assembly := save(zhibu.Meeting{OrgID: b, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: now.AddDate(0, 0, -20),
		Place: "会议室\r\n二楼", Topics: []string{long, "通报\\情况"}})
	group1 := save(zhibu.Meeting{OrgID: f.g1.ID, Type: zhibu.MeetGroup, Status: zhibu.MeetingPlanned, StartsAt: now.AddDate(0, 0, 5)})
	group2 := save(zhibu.Meeting{OrgID: f.g2.ID, Type: zhibu.MeetGroup, Status: zhibu.MeetingPlanned, StartsAt: now.AddDate(0, 0, 6)})
	lecture := save(zhibu.Meeting{OrgID: b, Type: zhibu.MeetLecture, Status: zhibu.MeetingPlanned, StartsAt: now.AddDate(0, 0, 15)})
	if err := f.s.CancelMeeting(sys, lecture.ID, "与专项行动冲突"); err != nil {
		t.Fatal(err)
	}
	old := save(zhibu.Meeting{OrgID: b, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: now.AddDate(0, -5, 0)})
	later := save(zhibu.Meeting{OrgID: b, Type: zhibu.MeetAssembly, Status: zhibu.MeetingPlanned, StartsAt: now.AddDate(0, 13, 0)})

	zhao := f.accountOf("赵磊")  // organization officer, in group 2
	li := f.accountOf("李娜")    // secretary, in group 1
	zhang := f.accountOf("张伟") // a probationary member of group 2, no position

	// The account page offers the orgs the account reads: the branch, not
	// its groups, not the committee above.
	w := f.asAccount(zhao, "GET", "/account", nil)
	wantBody(t, w, 200, "日历订阅", "创建个人日历订阅", `<option value="`+ids(b)+`">第一党支部（党支部）</option>`, "尚无日历订阅")
	if strings.Contains(w.Body.String(), `<option value="`+ids(f.g1.ID)+`"`) || strings.Contains(w.Body.String(), `<option value="`+ids(f.committee.ID)+`"`) {
		t.Error("the org select offers a group or an org the account does not read")
	}
	// Bad requests: no kind, no org, an org out of reach.
	wantBody(t, f.asAccount(zhao, "POST", "/account/feeds", url.Values{}), http.StatusUnprocessableEntity, "请选择个人日历或组织日历")
	wantBody(t, f.asAccount(zhao, "POST", "/account/feeds", url.Values{"kind": {"org"}}), http.StatusUnprocessableEntity, "请选择要订阅的组织")
	wantBody(t, f.asAccount(zhao, "POST", "/account/feeds", url.Values{"kind": {"org"}, "org_id": {ids(f.committee.ID)}}), http.StatusNotFound)
	wantBody(t, f.asAccount(zhao, "POST", "/account/feeds", url.Values{"kind": {"org"}, "org_id": {ids(f.g2.ID)}}), http.StatusUnprocessableEntity, "只能订阅")

	// The branch's feed: its and its groups' meetings in the window, and
	// its open deadlines this year.
	orgFeed := f.newFeed(zhao, url.Values{"kind": {"org"}, "org_id": {ids(b)}})
	cal, events := f.calendar(orgFeed)
	for _, m := range []zhibu.Meeting{committee, assembly, group1, group2, lecture} {
		if events[meetingUID(m)] == nil {
			t.Errorf("the branch's feed lacks meeting %d (%s)", m.ID, m.Type.Label())
		}
	}
	for _, m := range []zhibu.Meeting{old, later} {
		if events[meetingUID(m)] != nil {
			t.Errorf("the branch's feed shows meeting %d outside the window", m.ID)
		}
	}
	if got := prop(cal.Events()[0], ics.ComponentPropertyUniqueId); got == "" {
		t.Error("an event without a UID")
	}
	e := events[meetingUID(committee)]
	if e == nil {
		t.FailNow()
	}
	if got := prop(e, ics.ComponentPropertySummary); got != "第一党支部 支委会" {
		t.Errorf("SUMMARY %q", got)
	}
	if start, err := e.GetStartAt(); err != nil || !start.Equal(committee.StartsAt) || !strings.HasSuffix(prop(e, ics.ComponentPropertyDtStart), "Z") {
		t.Errorf("DTSTART %q: %v", prop(e, ics.ComponentPropertyDtStart), err)
	}
	if end, err := e.GetEndAt(); err != nil || !end.Equal(committee.StartsAt.Add(2*time.Hour)) {
		t.Errorf("DTEND %q: %v", prop(e, ics.ComponentPropertyDtEnd), err)
	}
	if got := prop(e, ics.ComponentPropertyLocation); got != "三楼会议室" {
		t.Errorf("LOCATION %q", got)
	}
	if got := prop(e, ics.ComponentPropertyDescription); !strings.Contains(got, "议题：\n1. 研究发展党员工作, 部署下月工作; 其他") {
		t.Errorf("DESCRIPTION %q", got)
	}
	if got := prop(e, ics.ComponentPropertyStatus); got != "CONFIRMED" {
		t.Errorf("STATUS %q", got)
	}
	if got := prop(e, ics.ComponentPropertyUrl); got != "http://example.com/meetings/"+ids(committee.ID) {
		t.Errorf("URL %q", got)
	}
	e = events[meetingUID(assembly)]
	if got := prop(e, ics.ComponentPropertyDescription); !strings.Contains(got, long) || !strings.Contains(got, "通报\\情况") {
		t.Errorf("a long DESCRIPTION does not come back whole: %q", got)
	}
	if got := prop(e, ics.ComponentPropertyLocation); got != "会议室\n二楼" {
		t.Errorf("LOCATION %q", got)
	}
	e = events[meetingUID(lecture)]
	if got := prop(e, ics.ComponentPropertyStatus); got != "CANCELLED" || !strings.Contains(prop(e, ics.ComponentPropertyDescription), "与专项行动冲突") {
		t.Errorf("cancelled lecture: STATUS %q, DESCRIPTION %q", got, prop(e, ics.ComponentPropertyDescription))
	}
	if got := prop(events[meetingUID(group1)], ics.ComponentPropertySummary); got != "第一党小组 党小组会" {
		t.Errorf("group SUMMARY %q", got)
	}
	// Deadlines: this month's committee meeting is due (one planned is not
	// held), an earlier month's is overdue, the group's month is due.
	month := zhibu.MonthOf(today)
	due := events["finding-meet.committee.monthly-"+ids(b)+"-"+month.String()+"@zhibu"]
	if due == nil {
		t.Fatalf("no deadline of this month's committee meeting; events: %v", keys(events))
	}
	if got := prop(due, ics.ComponentPropertySummary); !strings.HasPrefix(got, "【待办】") {
		t.Errorf("due SUMMARY %q", got)
	}
	if got := prop(due, ics.ComponentPropertyDtStart); got != strings.ReplaceAll(month.End().String(), "-", "") {
		t.Errorf("due DTSTART %q, want the month's last day", got)
	}
	if v := due.GetProperty(ics.ComponentPropertyDtStart); v == nil || len(v.ICalParameters["VALUE"]) != 1 || v.ICalParameters["VALUE"][0] != "DATE" {
		t.Errorf("the deadline is not an all-day event: %+v", v)
	}
	if got := prop(due, ics.ComponentPropertyDtEnd); got != strings.ReplaceAll(month.End().AddDays(1).String(), "-", "") {
		t.Errorf("due DTEND %q", got)
	}
	if today.Month > 1 {
		prev := zhibu.MonthOf(today.AddMonths(-1))
		overdue := events["finding-meet.committee.monthly-"+ids(b)+"-"+prev.String()+"@zhibu"]
		if overdue == nil || !strings.HasPrefix(prop(overdue, ics.ComponentPropertySummary), "【逾期】") {
			t.Errorf("last month's committee meeting is not overdue in the feed: %v", overdue)
		}
	}
	if events["finding-meet.group.monthly-"+ids(f.g1.ID)+"-"+month.String()+"@zhibu"] == nil {
		t.Error("no deadline of group 1's meeting this month")
	}
	for uid, e := range events {
		if strings.HasPrefix(uid, "finding-") && !strings.HasPrefix(prop(e, ics.ComponentPropertySummary), "【") {
			t.Errorf("%s: SUMMARY %q", uid, prop(e, ics.ComponentPropertySummary))
		}
		if strings.HasPrefix(uid, "finding-") && !strings.Contains(uid, "-"+strconv.Itoa(today.Year)) {
			t.Errorf("%s: not this year", uid)
		}
	}
	// The same UIDs on the next request.
	_, again := f.calendar(orgFeed)
	if len(again) != len(events) {
		t.Errorf("%d events, then %d", len(events), len(again))
	}
	for uid := range events {
		if again[uid] == nil {
			t.Errorf("UID %s not stable", uid)
		}
	}
	// Without ".ics" it is the same feed; a token of another shape, or
	// one never issued, is not found.
	if w := f.feed(strings.TrimSuffix(orgFeed, ".ics")); w.Code != 200 {
		t.Errorf("feed without .ics: %d", w.Code)
	}
	for _, p := range []string{"/ical/abc.ics", "/ical/" + strings.Repeat("A", 43) + ".ics", "/ical/" + strings.Repeat("A", 42) + "!.ics"} {
		if w := f.feed(p); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d", p, w.Code)
		}
	}

	// Personal feeds: the meetings the person is expected at, the
	// deadlines their positions make theirs.
	liFeed := f.newFeed(li, url.Values{"kind": {"person"}})
	_, events = f.calendar(liFeed)
	for _, m := range []zhibu.Meeting{committee, assembly, group1, lecture} {
		if events[meetingUID(m)] == nil {
			t.Errorf("the secretary's feed lacks %s", m.Type.Label())
		}
	}
	if events[meetingUID(group2)] != nil {
		t.Error("the secretary's feed shows another group's meeting")
	}
	if events["finding-meet.life.annual-"+ids(b)+"-"+strconv.Itoa(today.Year)+"@zhibu"] == nil {
		t.Errorf("the secretary's feed lacks the life meeting's deadline: %v", keys(events))
	}
	// The secretary answers for the whole branch: the organization
	// officer's deadline is theirs to see too.
	if events["finding-meet.committee.monthly-"+ids(b)+"-"+month.String()+"@zhibu"] == nil {
		t.Error("the secretary's feed lacks the committee meeting's deadline")
	}
	_, events = f.calendar(f.newFeed(zhang, url.Values{"kind": {"person"}}))
	for _, m := range []zhibu.Meeting{assembly, group2, lecture} {
		if events[meetingUID(m)] == nil {
			t.Errorf("the member's feed lacks %s", m.Type.Label())
		}
	}
	for _, m := range []zhibu.Meeting{committee, group1} {
		if events[meetingUID(m)] != nil {
			t.Errorf("the member's feed shows %s they are not expected at", m.Type.Label())
		}
	}
	for uid := range events {
		if strings.HasPrefix(uid, "finding-") {
			t.Errorf("a member without a position has deadline %s", uid)
		}
	}
	zhaoFeed := f.newFeed(zhao, url.Values{"kind": {"person"}})
	if _, events = f.calendar(zhaoFeed); events["finding-meet.committee.monthly-"+ids(b)+"-"+month.String()+"@zhibu"] == nil {
		t.Error("the organization officer's feed lacks the committee meeting's deadline")
	}

	// The account page lists the feeds without their URLs.
	w = f.asAccount(zhao, "GET", "/account", nil)
	wantBody(t, w, 200, "第一党支部 组织日历", "个人日历（本人会议与职责期限）", "吊销")
	if feedURL.MatchString(w.Body.String()) {
		t.Error("the account page shows a feed URL again")
	}

	// 赵磊 leaves the committee: his org feed no longer shows the branch,
	// and his own no longer carries the officer's deadlines.
	if _, err := f.s.StartTerm(sys, zhibu.Term{OrgID: b, ElectedOn: today, Seats: []zhibu.Seat{
		{PersonID: f.id("李娜"), Position: zhibu.Secretary}, {PersonID: f.id("王芳"), Position: zhibu.OrgOfficer}}}); err != nil {
		t.Fatal(err)
	}
	cal, events = f.calendar(orgFeed)
	if len(events) != 0 {
		t.Errorf("the feed of an org the account no longer reads has %d events: %v", len(events), keys(events))
	}
	if strings.Contains(cal.Serialize(), "第一党支部") {
		t.Error("the feed of an org the account no longer reads names it")
	}
	_, events = f.calendar(zhaoFeed)
	if events["finding-meet.committee.monthly-"+ids(b)+"-"+month.String()+"@zhibu"] != nil {
		t.Error("a former officer's feed keeps the officer's deadline")
	}
	if events[meetingUID(committee)] != nil || events[meetingUID(group2)] == nil {
		t.Error("a former committee member's feed: wrong meetings")
	}
	wantBody(t, f.asAccount(zhao, "GET", "/account", nil), 200, "您已无权查看该组织")

	// Revoked: 404. Another account cannot revoke it.
	id := feedID(t, f.asAccount(zhao, "GET", "/account", nil).Body.String(), 0)
	if w := f.asAccount(li, "POST", "/account/feeds/"+ids(id)+"/revoke", url.Values{}); w.Code != http.StatusNotFound {
		t.Errorf("revoking another account's feed: %d", w.Code)
	}
	if w := f.feed(zhaoFeed); w.Code != 200 {
		t.Fatalf("after another account's attempt: %d", w.Code)
	}
	if w := f.asAccount(zhao, "POST", "/account/feeds/"+ids(id)+"/revoke", url.Values{}); w.Code != http.StatusSeeOther {
		t.Fatalf("revoke: %d %s", w.Code, w.Body.String())
	}
	if w := f.feed(zhaoFeed); w.Code != http.StatusNotFound {
		t.Errorf("revoked feed: %d", w.Code)
	}
	if n, detail := f.audited("feed.revoke", "ok"); n != 1 || detail != "个人日历订阅" {
		t.Errorf("revocation audited %d times: %q", n, detail)
	}
	if n, _ := f.audited("feed.create", "ok"); n != 4 {
		t.Errorf("creation audited %d times", n)
	}

	// A disabled account's feeds: 404.
	if err := f.s.SetDisabled(sys, li, true); err != nil {
		t.Fatal(err)
	}
	if w := f.feed(liFeed); w.Code != http.StatusNotFound {
		t.Errorf("a disabled account's feed: %d", w.Code)
	}
	// The token never reaches the log.
	if strings.Contains(f.log.String(), strings.TrimSuffix(strings.TrimPrefix(liFeed, "/ical/"), ".ics")) {
		t.Error("a feed token in the log")
	}
}

// feedID is the id of the n-th revoke button on the account page.
func feedID(t *testing.T, page string, n int) int64 {
	t.Helper()
	m := regexp.MustCompile(`/account/feeds/(\d+)/revoke`).FindAllStringSubmatch(page, -1)
	if len(m) <= n {
		t.Fatalf("no revoke button %d", n)
	}
	id, _ := strconv.ParseInt(m[n][1], 10, 64)
	return id
}

func keys(m map[string]*ics.VEvent) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
