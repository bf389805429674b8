package web

import (
	"bytes"
	"context"
	"errors"
	"html"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/docx"
	"zhibu/internal/register"
	"zhibu/internal/store"
)

// Policies of the meeting routes. A meeting's org is the branch or group
// holding it: PathMeeting finds it from the meeting the path names.
var (
	writeMeetings = access.On(zhibu.PermMeetingWrite, access.PathOrg, "id")
	readMeeting   = access.On(zhibu.PermOrgRead, access.PathMeeting, "id")
	writeMeeting  = access.On(zhibu.PermMeetingWrite, access.PathMeeting, "id")
	reviewMeeting = access.On(zhibu.PermFilingReview, access.PathMeeting, "id")
	reviewAny     = access.On(zhibu.PermFilingReview, access.Anywhere, "")
)

// maxResolutions is how many resolutions the form offers.
const maxResolutions = 3

// The downloads made by other packages: the year's register (xlsx) and a
// meeting's minutes (docx).
const (
	registerExport = true // GET /orgs/{id}/meetings/register.xlsx
	minutesDocx    = true // GET /meetings/{id}/minutes.docx
)

func meetingHref(id int64) string { return "/meetings/" + strconv.FormatInt(id, 10) }

// meetingTitle names a meeting: 2026年3月2日 支委会.
func meetingTitle(m zhibu.Meeting) string {
	return m.DateIn(zhibu.DefaultZone).Chinese() + " " + m.Type.Label()
}

// holdsMeetings reports whether an org of kind k holds meetings.
func holdsMeetings(k zhibu.OrgKind) bool {
	return k == zhibu.KindBranch || k == zhibu.KindGeneralBranch || k == zhibu.KindGroup
}

var errNoMeetings = zhibu.Errorf(zhibu.ErrNotFound, "该组织不召开三会一课")

// meetingRow is a meeting as the lists show it.
type meetingRow struct {
	zhibu.Meeting
	OrgName   string
	ChairName string
	Late      bool
}

// Date is the meeting's date in the default zone: 2026-03-02.
func (m meetingRow) Date() string { return m.StartsAt.In(zhibu.DefaultZone).Format("2006-01-02") }

// Clock is the meeting's starting time in the default zone: 09:30.
func (m meetingRow) Clock() string { return m.StartsAt.In(zhibu.DefaultZone).Format("15:04") }

// StatusClass is the badge of the meeting's status.
func (m meetingRow) StatusClass() string {
	switch m.Status {
	case zhibu.MeetingHeld:
		return "badge st-full"
	case zhibu.MeetingPlanned:
		return "badge st-applicant"
	}
	return "badge st-masses"
}

// FilingClass is the badge of the meeting's filing status.
func (m meetingRow) FilingClass() string {
	switch m.Filing {
	case zhibu.FilingSubmitted:
		return "badge st-activist"
	case zhibu.FilingAcknowledged:
		return "badge st-full"
	case zhibu.FilingReturned:
		return "badge warn"
	}
	return "badge st-masses"
}

// nameBook gives the names of people by id, as far as the actor may read
// them; it remembers what it looked up.
type nameBook struct {
	s     *store.Store
	ctx   context.Context
	names map[int64]string
}

func (p *nameBook) name(id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	if n, ok := p.names[id]; ok {
		return n, nil
	}
	person, err := p.s.Person(p.ctx, id)
	switch {
	case isNotFound(err):
		p.names[id] = "（编号" + strconv.FormatInt(id, 10) + "）"
	case err != nil:
		return "", err
	default:
		p.names[id] = person.Name
	}
	return p.names[id], nil
}

// orgCache gives orgs by id, remembering them.
type orgCache struct {
	s    *store.Store
	ctx  context.Context
	byID map[int64]zhibu.Org
}

func (o *orgCache) get(id int64) (zhibu.Org, error) {
	if org, ok := o.byID[id]; ok {
		return org, nil
	}
	org, err := o.s.Org(o.ctx, id)
	if err != nil {
		return zhibu.Org{}, err
	}
	o.byID[id] = org
	return org, nil
}

func (s *server) meetingRows(ctx context.Context, ms []zhibu.Meeting) ([]meetingRow, error) {
	ps := &nameBook{s: s.store, ctx: ctx, names: map[int64]string{}}
	os := &orgCache{s: s.store, ctx: ctx, byID: map[int64]zhibu.Org{}}
	rows := make([]meetingRow, 0, len(ms))
	for _, m := range ms {
		o, err := os.get(m.OrgID)
		if err != nil {
			return nil, err
		}
		chair, err := ps.name(m.ChairID)
		if err != nil {
			return nil, err
		}
		rows = append(rows, meetingRow{Meeting: m, OrgName: o.Name, ChairName: chair, Late: m.Late()})
	}
	return rows, nil
}

// meetingListPage is the data of meeting_list.html.
type meetingListPage struct {
	base
	Org       zhibu.Org
	Year      int
	Form      form
	Years     []option
	Types     []option
	Rows      []meetingRow
	Summary   []typeCount
	CanWrite  bool
	NewGroups []zhibu.Org // the org's groups whose meetings the viewer may record
	Register  bool        // the register export is offered
}

type typeCount struct {
	Label   string
	Held    int
	Planned int
}

// meetingYear reads ?year=: a year from 2000 to five years ahead, or this
// year.
func (s *server) meetingYear(v string) int {
	this := s.today().Year
	y, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || y < 2000 || y > this+5 {
		return this
	}
	return y
}

// yearRange is the instants of a year in the default zone.
func yearRange(y int) (from, to time.Time) {
	return time.Date(y, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone), time.Date(y+1, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)
}

// meetingList is GET /orgs/{id}/meetings?year=&type=: a year's meetings of
// an org and its subtree (a branch with its groups).
func (s *server) meetingList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.org(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := &meetingListPage{Org: o, Year: s.meetingYear(q.Get("year"))}
	typ := zhibu.MeetingType(q.Get("type"))
	if !typ.Valid() {
		typ = ""
	}
	d.Form = form{"year": strconv.Itoa(d.Year), "type": string(typ)}
	d.Title = o.Name + " " + strconv.Itoa(d.Year) + "年三会一课"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "三会一课"}); err != nil {
		return err
	}
	this := s.today().Year
	for y := this + 1; y >= this-9; y-- {
		d.Years = append(d.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y) + "年"})
	}
	switch y := (option{Value: strconv.Itoa(d.Year), Label: strconv.Itoa(d.Year) + "年"}); {
	case d.Year < this-9:
		d.Years = append(d.Years, y)
	case d.Year > this+1:
		d.Years = append([]option{y}, d.Years...)
	}
	types, err := s.meetingTypes(ctx, o)
	if err != nil {
		return err
	}
	d.Types = []option{{Value: "", Label: "全部类型"}}
	for _, t := range types {
		d.Types = append(d.Types, option{Value: string(t), Label: t.Label()})
	}
	from, to := yearRange(d.Year)
	ms, err := s.store.Meetings(ctx, store.MeetingFilter{OrgID: o.ID, From: from, To: to, Type: typ})
	if err != nil {
		return err
	}
	if d.Rows, err = s.meetingRows(ctx, ms); err != nil {
		return err
	}
	for _, t := range types {
		c := typeCount{Label: t.Label()}
		for _, m := range ms {
			switch {
			case m.Type != t:
			case m.Status == zhibu.MeetingHeld:
				c.Held++
			case m.Status == zhibu.MeetingPlanned:
				c.Planned++
			}
		}
		if c.Held+c.Planned > 0 {
			d.Summary = append(d.Summary, c)
		}
	}
	actor := zhibu.ActorFrom(ctx)
	d.CanWrite = holdsMeetings(o.Kind) && actor.Can(zhibu.PermMeetingWrite, o.Path)
	if o.Kind == zhibu.KindBranch {
		groups, err := s.store.Orgs(ctx, store.OrgFilter{ParentID: o.ID})
		if err != nil {
			return err
		}
		for _, g := range groups {
			if g.Kind == zhibu.KindGroup && actor.Can(zhibu.PermMeetingWrite, g.Path) {
				d.NewGroups = append(d.NewGroups, g)
			}
		}
	}
	d.Register = registerExport
	return s.render(w, r, http.StatusOK, "meeting_list", d)
}

// attendeeRow is one expected attendee on the form.
type attendeeRow struct {
	PersonID int64
	Name     string
	Status   string
	Reason   string
	Err      string
}

// resolutionRow is one resolution's inputs on the form.
type resolutionRow struct {
	N   int
	Err string
}

// meetingFormPage is the data of meeting_form.html.
type meetingFormPage struct {
	base
	Org         zhibu.Org
	Meeting     zhibu.Meeting // the meeting edited; ID 0 for a new one
	Action      string
	Cancel      string // where 取消 leads
	Form        form
	Types       []option
	Statuses    []option
	People      []option
	Day         zhibu.Date // the day the attendees are expected on
	Attendees   []attendeeRow
	AttIDs      string
	Resolutions []resolutionRow
}

// Names of the form's fields for one attendee or resolution.
func attField(id int64) string    { return "att_" + strconv.FormatInt(id, 10) }
func reasonField(id int64) string { return "reason_" + strconv.FormatInt(id, 10) }
func resField(what string, n int) string {
	return "res_" + what + "_" + strconv.Itoa(n)
}

// meetingFormOf is a meeting's fields as form values.
func meetingFormOf(m zhibu.Meeting) form {
	f := form{"type": string(m.Type), "status": string(m.Status), "place": m.Place, "topics": strings.Join(m.Topics, "\n"),
		"minutes": m.Minutes, "cancel_reason": m.CancelReason}
	if !m.StartsAt.IsZero() {
		at := m.StartsAt.In(zhibu.DefaultZone)
		f["date"], f["time"] = at.Format("2006-01-02"), at.Format("15:04")
	}
	for name, id := range map[string]int64{"chair_id": m.ChairID, "recorder_id": m.RecorderID, "lecturer_id": m.LecturerID} {
		if id != 0 {
			f[name] = strconv.FormatInt(id, 10)
		}
	}
	for i, r := range m.Resolutions {
		if i >= maxResolutions {
			break
		}
		n := i + 1
		f[resField("text", n)] = r.Text
		f[resField("for", n)] = strconv.Itoa(r.For)
		f[resField("against", n)] = strconv.Itoa(r.Against)
		f[resField("abstain", n)] = strconv.Itoa(r.Abstain)
		f[resField("entitled", n)] = strconv.Itoa(r.Entitled)
	}
	return f
}

// meetingOrg loads the org the path's {id} names, which must hold meetings.
func (s *server) meetingOrg(r *http.Request) (zhibu.Org, error) {
	o, err := s.org(r)
	if err == nil && !holdsMeetings(o.Kind) {
		return zhibu.Org{}, errNoMeetings
	}
	return o, err
}

// meeting loads the meeting the path's {id} names, with its attendance
// and its org.
func (s *server) meeting(r *http.Request) (zhibu.Meeting, []zhibu.Attendance, zhibu.Org, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return zhibu.Meeting{}, nil, zhibu.Org{}, err
	}
	m, att, err := s.store.Meeting(r.Context(), id)
	if err != nil {
		return zhibu.Meeting{}, nil, zhibu.Org{}, err
	}
	o, err := s.store.Org(r.Context(), m.OrgID)
	return m, att, o, err
}

// meetingNew is GET /orgs/{id}/meetings/new?type=&date=&status=: the form
// to plan or record a meeting of the org. The compliance calendar links
// here with the type and a day of the period to fill: a type the org does
// not hold, or a date that cannot be read, is ignored (the org's usual
// meeting, today). A day after today presets a planned meeting, since a
// held one cannot be in the future.
func (s *server) meetingNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.meetingOrg(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	t := zhibu.MeetingType(q.Get("type"))
	if !t.Valid() || !t.HeldBy(o.Kind) {
		t = zhibu.MeetCommittee
		if o.Kind == zhibu.KindGroup {
			t = zhibu.MeetGroup
		}
	}
	today := s.today()
	day := today
	if d, err := zhibu.ParseDate(q.Get("date")); err == nil && !d.IsZero() {
		day = d
	}
	f := form{"type": string(t), "status": string(zhibu.MeetingHeld), "date": day.String()}
	if st := zhibu.MeetingStatus(q.Get("status")); st == zhibu.MeetingPlanned || day.After(today) {
		f["status"] = string(zhibu.MeetingPlanned)
	}
	return s.meetingFormRender(w, r, http.StatusOK, o, zhibu.Meeting{}, nil, f, nil)
}

// meetingEdit is GET /meetings/{id}/edit.
func (s *server) meetingEdit(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	f := meetingFormOf(m)
	for _, a := range att {
		f[attField(a.PersonID)] = string(a.Status)
		f[reasonField(a.PersonID)] = a.Reason
	}
	return s.meetingFormRender(w, r, http.StatusOK, o, m, att, f, nil)
}

// memberChoices are the people a meeting's chair, recorder and lecturer are
// chosen from: the members of the branch (for a group, of its branch, or of
// the group when the viewer may not read the branch).
func (s *server) memberChoices(r *http.Request, o zhibu.Org) ([]option, error) {
	opts, err := s.memberOptions(r, o.ID, zhibu.PersonFilter{Members: true})
	if o.Kind == zhibu.KindGroup {
		if branch, berr := s.memberOptions(r, o.ParentID, zhibu.PersonFilter{Members: true}); berr == nil {
			opts, err = branch, nil
		} else if !isNotFound(berr) {
			return nil, berr
		}
	}
	if err != nil {
		return nil, err
	}
	opts[0].Label = "（未填）"
	return opts, nil
}

// attendees is who the form lists for a meeting of type t of org o on
// day: those expected that day, and, for a meeting edited without a
// change of type or day, whoever its record lists besides. Their
// statuses and reasons come from the form f.
func (s *server) attendees(ctx context.Context, o zhibu.Org, old zhibu.Meeting, stored []zhibu.Attendance, t zhibu.MeetingType, day zhibu.Date, f form) ([]attendeeRow, error) {
	var rows []attendeeRow
	seen := map[int64]bool{}
	if t.Valid() && t.HeldBy(o.Kind) && !day.IsZero() {
		expected, err := s.store.Expected(ctx, o.ID, t, day)
		if err != nil {
			return nil, err
		}
		for _, p := range expected {
			rows = append(rows, attendeeRow{PersonID: p.ID, Name: p.Name})
			seen[p.ID] = true
		}
	}
	if old.ID != 0 && old.Type == t && old.DateIn(zhibu.DefaultZone) == day {
		for _, a := range stored {
			if !seen[a.PersonID] {
				rows = append(rows, attendeeRow{PersonID: a.PersonID, Name: a.PersonName})
				seen[a.PersonID] = true
			}
		}
	}
	for i := range rows {
		rows[i].Status = f[attField(rows[i].PersonID)]
		rows[i].Reason = f[reasonField(rows[i].PersonID)]
		if rows[i].Status == "" {
			rows[i].Status = string(zhibu.AttendPresent)
		}
	}
	return rows, nil
}

func attIDs(rows []attendeeRow) string {
	ids := make([]string, len(rows))
	for i, a := range rows {
		ids[i] = strconv.FormatInt(a.PersonID, 10)
	}
	return strings.Join(ids, ",")
}

func (s *server) meetingFormRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, m zhibu.Meeting,
	stored []zhibu.Attendance, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &meetingFormPage{Org: o, Meeting: m, Form: f}
	d.Problems = ps
	types, err := s.store.MeetingTypesFor(ctx, o.ID)
	if err != nil {
		return err
	}
	for _, t := range types {
		d.Types = append(d.Types, option{Value: string(t), Label: t.Label()})
	}
	if m.Type != "" && !slices.Contains(types, m.Type) { // added above an org that has since moved
		d.Types = append(d.Types, option{Value: string(m.Type), Label: m.Type.Label()})
	}
	d.Statuses = []option{{Value: string(zhibu.MeetingHeld), Label: "已召开（录入记录）"}, {Value: string(zhibu.MeetingPlanned), Label: "计划召开"}}
	if m.Status == zhibu.MeetingCancelled {
		d.Statuses = append(d.Statuses, option{Value: string(zhibu.MeetingCancelled), Label: zhibu.MeetingCancelled.Label()})
	}
	if d.People, err = s.memberChoices(r, o); err != nil {
		return err
	}
	// The people already named keep their place in the selects.
	names := &nameBook{s: s.store, ctx: ctx, names: map[int64]string{}}
	for _, name := range []string{"chair_id", "recorder_id", "lecturer_id"} {
		v := f[name]
		if formID(v) == 0 || slices.ContainsFunc(d.People, func(o option) bool { return o.Value == v }) {
			continue
		}
		n, err := names.name(formID(v))
		if err != nil {
			return err
		}
		d.People = append(d.People, option{Value: v, Label: n})
	}
	var none zhibu.Problems
	d.Day = f.date("date", "会议日期", &none)
	if d.Attendees, err = s.attendees(ctx, o, m, stored, zhibu.MeetingType(f["type"]), d.Day, f); err != nil {
		return err
	}
	for i := range d.Attendees {
		d.Attendees[i].Err = ps.For(attField(d.Attendees[i].PersonID))
	}
	d.AttIDs = attIDs(d.Attendees)
	for n := 1; n <= maxResolutions; n++ {
		d.Resolutions = append(d.Resolutions, resolutionRow{N: n, Err: ps.For("res_" + strconv.Itoa(n))})
	}
	label := "新建会议"
	if m.ID == 0 {
		d.Title = o.Name + "：新建会议"
		d.Action = orgHref(o.ID) + "/meetings"
		d.Cancel = orgHref(o.ID) + "/meetings"
	} else {
		label = "编辑"
		d.Title = "编辑会议：" + meetingTitle(m)
		d.Action = meetingHref(m.ID)
		d.Cancel = meetingHref(m.ID)
	}
	more := []crumb{{Label: "三会一课", Href: orgHref(o.ID) + "/meetings"}}
	if m.ID != 0 {
		more = append(more, crumb{Label: meetingTitle(m), Href: meetingHref(m.ID)})
	}
	if d.Crumbs, err = s.orgCrumbs(ctx, o, append(more, crumb{Label: label})...); err != nil {
		return err
	}
	return s.render(w, r, status, "meeting_form", d)
}

// clockRe matches a time of day as typed: 9:30, 09:30, 09:30:00, 9：30.
var clockRe = regexp.MustCompile(`^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$`)

// clock reads the time field: hours and minutes of a day.
func (f form) clock(name, label string, ps *zhibu.Problems) (hour, minute int, ok bool) {
	v := f[name]
	if v == "" {
		ps.Add(name, label, "不能为空")
		return 0, 0, false
	}
	m := clockRe.FindStringSubmatch(v)
	if m != nil {
		hour, _ = strconv.Atoi(m[1])
		minute, _ = strconv.Atoi(m[2])
		sec := 0
		if m[3] != "" {
			sec, _ = strconv.Atoi(m[3])
		}
		if hour < 24 && minute < 60 && sec < 60 {
			f[name] = strconv.Itoa(100 + hour)[1:] + ":" + strconv.Itoa(100 + minute)[1:]
			return hour, minute, true
		}
	}
	ps.Add(name, label, "“"+v+"”不是有效时间，应如09:30")
	return 0, 0, false
}

// count reads a count of votes: empty is zero.
func (f form) count(name, label string, ps *zhibu.Problems, field string) int {
	v := f[name]
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 100000 {
		ps.Add(field, label, "“"+v+"”应为不小于0的整数")
		return 0
	}
	return n
}

// personChoice reads a select of people: 0 for none; a value that is not
// an id is a problem.
func (f form) personChoice(name, label string, ps *zhibu.Problems) int64 {
	v := f[name]
	if v == "" {
		return 0
	}
	id := formID(v)
	if id == 0 {
		ps.Add(name, label, "所选人员不存在")
	}
	return id
}

// meetingFromForm reads a meeting of org o and its attendance from the
// form, adding a problem for each input that cannot be read. rows are the
// attendees the form listed. It returns, for each resolution of the
// meeting, the number of its row on the form (the form may leave a row
// empty). What the meeting must be is for the meetings service to say.
func meetingFromForm(f form, o zhibu.Org, rows []attendeeRow, ps *zhibu.Problems) (zhibu.Meeting, []zhibu.Attendance, []int) {
	m := zhibu.Meeting{
		OrgID:      o.ID,
		Type:       zhibu.MeetingType(f["type"]),
		Status:     zhibu.MeetingStatus(f["status"]),
		Place:      f["place"],
		ChairID:    f.personChoice("chair_id", "主持人", ps),
		RecorderID: f.personChoice("recorder_id", "记录人", ps),
		LecturerID: f.personChoice("lecturer_id", "授课人", ps),
		Minutes:    strings.ReplaceAll(f["minutes"], "\r\n", "\n"),
	}
	if m.Status == zhibu.MeetingCancelled {
		m.CancelReason = f["cancel_reason"]
	}
	if f["type"] == "" {
		ps.Add("type", "会议类型", "请选择会议类型")
	}
	day := f.date("date", "会议日期", ps)
	if f["date"] == "" && ps.For("date") == "" {
		ps.Add("date", "会议日期", "不能为空")
	}
	hour, minute, ok := f.clock("time", "开始时间", ps)
	if ok && !day.IsZero() {
		m.StartsAt = time.Date(day.Year, day.Month, day.Day, hour, minute, 0, 0, zhibu.DefaultZone)
	} else {
		m.StartsAt = time.Unix(0, 0) // a placeholder: the problems above stand for it
	}
	for _, line := range strings.Split(f["topics"], "\n") {
		if t := strings.TrimSpace(line); t != "" {
			m.Topics = append(m.Topics, t)
		}
	}
	var resRows []int
	for n := 1; n <= maxResolutions; n++ {
		text := f[resField("text", n)]
		field, label := "res_"+strconv.Itoa(n), "第"+strconv.Itoa(n)+"项表决"
		var bad zhibu.Problems
		res := zhibu.Resolution{Text: text,
			For:      f.count(resField("for", n), label+"赞成票", &bad, field),
			Against:  f.count(resField("against", n), label+"反对票", &bad, field),
			Abstain:  f.count(resField("abstain", n), label+"弃权票", &bad, field),
			Entitled: f.count(resField("entitled", n), label+"有表决权人数", &bad, field)}
		empty := text == "" && f[resField("for", n)] == "" && f[resField("against", n)] == "" &&
			f[resField("abstain", n)] == "" && f[resField("entitled", n)] == ""
		if empty {
			continue
		}
		if len(bad) > 0 {
			*ps = append(*ps, bad[0])
			continue
		}
		m.Resolutions = append(m.Resolutions, res)
		resRows = append(resRows, n)
	}
	if m.Status != zhibu.MeetingHeld {
		return m, []zhibu.Attendance{}, resRows // only a held meeting has attendance; none is kept
	}
	att := []zhibu.Attendance{}
	for _, a := range rows {
		st := zhibu.AttendanceStatus(a.Status)
		reason := a.Reason
		if !st.Valid() {
			*ps = append(*ps, zhibu.Problem{Field: attField(a.PersonID), Label: a.Name, Message: "出席情况：请选择" + a.Name + "出席、请假或缺席"})
		}
		if st != zhibu.AttendExcused {
			reason = ""
		}
		att = append(att, zhibu.Attendance{PersonID: a.PersonID, PersonName: a.Name, Status: st, Reason: reason})
	}
	return m, att, resRows
}

// formProblems puts the problems the meetings service found beside the
// form's inputs: the time of the meeting beside its date, a resolution's
// beside its row (named by its row), an attendee's beside their row.
func formProblems(err error, rows []attendeeRow, resRows []int) error {
	var ps zhibu.Problems
	if !errors.As(err, &ps) {
		return err
	}
	out := make(zhibu.Problems, 0, len(ps))
	for _, p := range ps {
		switch p.Field {
		case "starts_at":
			p.Field = "date"
		case "resolutions":
			for i, n := range resRows {
				if label := zhibu.ResolutionLabel(i); p.Label == label {
					p.Field, p.Label = "res_"+strconv.Itoa(n), "第"+strconv.Itoa(n)+"项表决"
					p.Message = p.Label + strings.TrimPrefix(p.Message, label)
					break
				}
			}
		case "attendance":
			what := strings.TrimPrefix(p.Message, "出席情况：")
			for _, a := range rows {
				if a.Name != "" && strings.HasPrefix(what, a.Name) && !strings.HasPrefix(what, a.Name+"登记") {
					p.Field, p.Label = attField(a.PersonID), a.Name
					break
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// meetingCreate is POST /orgs/{id}/meetings.
func (s *server) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.meetingOrg(r)
	if err != nil {
		return err
	}
	return s.meetingSave(w, r, o, zhibu.Meeting{}, nil)
}

// meetingUpdate is POST /meetings/{id}.
func (s *server) meetingUpdate(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	return s.meetingSave(w, r, o, m, att)
}

// meetingSave records the posted form as a new meeting of o (old.ID 0) or
// as a change of old. The attendance rows are recomputed for the posted
// type and day; a form that listed others (the day changed without 刷新)
// is shown again with the new list. "refresh" shows the form again for
// the new day without saving.
func (s *server) meetingSave(w http.ResponseWriter, r *http.Request, o zhibu.Org, old zhibu.Meeting, stored []zhibu.Attendance) error {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	var dayProblems zhibu.Problems
	day := f.date("date", "会议日期", &dayProblems)
	rows, err := s.attendees(ctx, o, old, stored, zhibu.MeetingType(f["type"]), day, f)
	if err != nil {
		return err
	}
	if f["refresh"] != "" {
		if len(dayProblems) > 0 {
			return s.meetingFormRender(w, r, http.StatusUnprocessableEntity, o, old, stored, f, dayProblems)
		}
		return s.meetingFormRender(w, r, http.StatusOK, o, old, stored, f, nil)
	}
	m, att, resRows := meetingFromForm(f, o, rows, &ps)
	m.ID = old.ID
	if m.Status == zhibu.MeetingHeld && f["att_ids"] != attIDs(rows) {
		ps.Add("attendance", "出席情况", "应到人员已按会议日期和类型重新列出，请核对后再提交")
	}
	if len(ps) > 0 {
		if err := merge(&ps, formProblems(s.svc.Meetings.Check(ctx, &m, att), rows, resRows)); err != nil {
			return err
		}
	} else {
		saved, err := s.svc.Meetings.Save(ctx, m, att)
		if err == nil {
			flash := "已保存会议：" + meetingTitle(saved)
			if old.ID == 0 {
				flash = "已录入会议：" + meetingTitle(saved)
				if saved.Status == zhibu.MeetingPlanned {
					flash = "已计划会议：" + meetingTitle(saved)
				}
			}
			if saved.Late() {
				flash += "（补录）"
			}
			return redirect(w, r, meetingHref(saved.ID), flash)
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(formProblems(err, rows, resRows))
	}
	// A blank 有表决权人数 shows as the meeting records it.
	m.Record(att)
	for i, n := range resRows {
		if f[resField("entitled", n)] == "" && m.Resolutions[i].Entitled > 0 {
			f[resField("entitled", n)] = strconv.Itoa(m.Resolutions[i].Entitled)
		}
	}
	return s.meetingFormRender(w, r, http.StatusUnprocessableEntity, o, old, stored, f, ps)
}

// resolutionView is a resolution with its outcome.
type resolutionView struct {
	zhibu.Resolution
	Attending int
	QuorumMet bool
	Passed    bool
}

// meetingPage is the data of meeting_show.html.
type meetingPage struct {
	base
	Org         zhibu.Org
	M           meetingRow
	Chair       string
	Recorder    string
	Lecturer    string
	Present     []zhibu.Attendance
	Excused     []zhibu.Attendance
	Absent      []zhibu.Attendance
	Resolutions []resolutionView
	Minutes     template.HTML
	Form        form
	CanEdit     bool
	CanCancel   bool
	CanFile     bool
	CanReview   bool
	MinutesDocx bool // the minutes download is offered
	Attachments attachmentSection
}

// meetingShow is GET /meetings/{id}.
func (s *server) meetingShow(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	return s.meetingRender(w, r, http.StatusOK, m, att, o, form{}, nil)
}

func (s *server) meetingRender(w http.ResponseWriter, r *http.Request, status int, m zhibu.Meeting, att []zhibu.Attendance,
	o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &meetingPage{Org: o, M: meetingRow{Meeting: m, OrgName: o.Name, Late: m.Late()}, Form: f, Minutes: minutesHTML(m.Minutes),
		MinutesDocx: minutesDocx}
	d.Problems = ps
	d.Title = meetingTitle(m)
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "三会一课", Href: orgHref(o.ID) + "/meetings?year=" +
		strconv.Itoa(m.DateIn(zhibu.DefaultZone).Year)}, crumb{Label: d.Title}); err != nil {
		return err
	}
	names := &nameBook{s: s.store, ctx: ctx, names: map[int64]string{}}
	for _, a := range att {
		names.names[a.PersonID] = a.PersonName
	}
	for _, x := range []struct {
		id  int64
		out *string
	}{{m.ChairID, &d.Chair}, {m.RecorderID, &d.Recorder}, {m.LecturerID, &d.Lecturer}} {
		if *x.out, err = names.name(x.id); err != nil {
			return err
		}
	}
	for _, a := range att {
		switch a.Status {
		case zhibu.AttendPresent:
			d.Present = append(d.Present, a)
		case zhibu.AttendExcused:
			d.Excused = append(d.Excused, a)
		default:
			d.Absent = append(d.Absent, a)
		}
	}
	for _, res := range m.Resolutions {
		d.Resolutions = append(d.Resolutions, resolutionView{Resolution: res, Attending: res.Attending(), QuorumMet: res.QuorumMet(), Passed: res.Passed()})
	}
	actor := zhibu.ActorFrom(ctx)
	write := actor.Can(zhibu.PermMeetingWrite, o.Path)
	d.CanEdit = write && m.Status != zhibu.MeetingCancelled
	d.CanCancel = write && m.Status == zhibu.MeetingPlanned
	d.CanFile = write && (m.Held() || m.Type == zhibu.MeetStance) && m.Status != zhibu.MeetingCancelled &&
		(m.Filing == zhibu.FilingNone || m.Filing == "" || m.Filing == zhibu.FilingReturned)
	d.CanReview = actor.Can(zhibu.PermFilingReview, o.Path) && m.Filing == zhibu.FilingSubmitted
	if d.Attachments, err = s.attachmentSection(ctx, m, o); err != nil {
		return err
	}
	return s.render(w, r, status, "meeting_show", d)
}

// meetingCancel is POST /meetings/{id}/cancel: a planned meeting is
// cancelled with a reason.
func (s *server) meetingCancel(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	if _, err := s.svc.Meetings.Cancel(r.Context(), m.ID, f["cancel_reason"]); err != nil {
		if !invalid(err) {
			return err
		}
		return s.meetingRender(w, r, http.StatusUnprocessableEntity, m, att, o, f, problemsOf(err))
	}
	return redirect(w, r, meetingHref(m.ID), "已取消会议："+meetingTitle(m))
}

// meetingFile is POST /meetings/{id}/file: the record goes to the
// superior (报备), or goes again after it was returned.
func (s *server) meetingFile(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	_, err = s.svc.Meetings.File(r.Context(), m.ID)
	if err == nil {
		flash := "已报备上级"
		if m.Filing == zhibu.FilingReturned {
			flash = "已重新报备上级"
		}
		return redirect(w, r, meetingHref(m.ID), flash)
	}
	if !invalid(err) {
		return err
	}
	return s.meetingRender(w, r, http.StatusUnprocessableEntity, m, att, o, formFrom(r.PostForm), problemsOf(err))
}

// meetingReview is POST /meetings/{id}/review: the superior acknowledges
// a filing (ack=1) or returns it with a note.
func (s *server) meetingReview(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	ack := f["ack"] == "1"
	if _, err := s.svc.Meetings.Review(r.Context(), m.ID, ack, f["note"]); err != nil {
		if !invalid(err) {
			return err
		}
		return s.meetingRender(w, r, http.StatusUnprocessableEntity, m, att, o, f, problemsOf(err))
	}
	flash := "已确认报备：" + meetingTitle(m)
	if !ack {
		flash = "已退回报备：" + meetingTitle(m)
	}
	to := meetingHref(m.ID)
	if f["next"] == "/filings" {
		to = "/filings"
	}
	return redirect(w, r, to, flash)
}

// filingsPage is the data of meeting_filings.html.
type filingsPage struct {
	base
	Rows []meetingRow
}

// filingList is GET /filings: the filings awaiting the superior's answer,
// in the subtrees where the viewer reviews them, oldest first.
func (s *server) filingList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ms, err := s.store.Meetings(ctx, store.MeetingFilter{Filing: zhibu.FilingSubmitted})
	if err != nil {
		return err
	}
	actor := zhibu.ActorFrom(ctx)
	os := &orgCache{s: s.store, ctx: ctx, byID: map[int64]zhibu.Org{}}
	var mine []zhibu.Meeting
	for _, m := range ms {
		o, err := os.get(m.OrgID)
		if err != nil {
			return err
		}
		if actor.Can(zhibu.PermFilingReview, o.Path) {
			mine = append(mine, m)
		}
	}
	slices.SortStableFunc(mine, func(a, b zhibu.Meeting) int { return a.FiledAt.Compare(b.FiledAt) })
	d := &filingsPage{}
	if d.Rows, err = s.meetingRows(ctx, mine); err != nil {
		return err
	}
	d.Title = "待确认的报备"
	d.Crumbs = []crumb{{Label: "待确认的报备"}}
	return s.render(w, r, http.StatusOK, "meeting_filings", d)
}

// minutesHTML shows minutes typed in Markdown: headings (#), lists (- or
// 1.), bold (**), paragraphs and line breaks. Everything else is text:
// the input is escaped before any tag is added, so nothing typed becomes
// markup.
func minutesHTML(md string) template.HTML {
	var b strings.Builder
	list := ""
	para := false
	closeAll := func() {
		if para {
			b.WriteString("</p>\n")
			para = false
		}
		if list != "" {
			b.WriteString("</" + list + ">\n")
			list = ""
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			closeAll()
		case strings.HasPrefix(t, "#"):
			closeAll()
			level := min(len(t)-len(strings.TrimLeft(t, "#")), 3)
			tag := "h" + strconv.Itoa(level+2)
			b.WriteString("<" + tag + ">" + inline(strings.TrimSpace(strings.TrimLeft(t, "#"))) + "</" + tag + ">\n")
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || orderedItem.MatchString(t):
			kind, item := "ul", strings.TrimSpace(t[2:])
			if m := orderedItem.FindStringSubmatch(t); m != nil {
				kind, item = "ol", m[1]
			}
			if para {
				b.WriteString("</p>\n")
				para = false
			}
			if list != kind {
				if list != "" {
					b.WriteString("</" + list + ">\n")
				}
				b.WriteString("<" + kind + ">\n")
				list = kind
			}
			b.WriteString("<li>" + inline(item) + "</li>\n")
		default:
			if list != "" {
				b.WriteString("</" + list + ">\n")
				list = ""
			}
			if para {
				b.WriteString("<br>\n")
			} else {
				b.WriteString("<p>")
				para = true
			}
			b.WriteString(inline(t))
		}
	}
	closeAll()
	return template.HTML(b.String())
}

var (
	orderedItem = regexp.MustCompile(`^\d{1,3}[.、)]\s*(.*)$`)
	boldRe      = regexp.MustCompile(`\*\*([^*]+)\*\*`)
)

// inline escapes a line and then marks its **bold** spans.
func inline(s string) string {
	return boldRe.ReplaceAllString(html.EscapeString(s), "<strong>$1</strong>")
}

// attendanceNames are the names of those present, excused (with the
// reason: 张三（出差）) and absent.
func attendanceNames(att []zhibu.Attendance) (present, excused, absent []string) {
	for _, a := range att {
		switch a.Status {
		case zhibu.AttendPresent:
			present = append(present, a.PersonName)
		case zhibu.AttendExcused:
			name := a.PersonName
			if a.Reason != "" {
				name += "（" + a.Reason + "）"
			}
			excused = append(excused, name)
		default:
			absent = append(absent, a.PersonName)
		}
	}
	return present, excused, absent
}

// meetingRegister is GET /orgs/{id}/meetings/register.xlsx?year=: the
// year's register of the org's meetings (and its groups'), one sheet per
// type.
func (s *server) meetingRegister(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.org(r)
	if err != nil {
		return err
	}
	year := s.meetingYear(r.URL.Query().Get("year"))
	from, to := yearRange(year)
	ms, err := s.store.Meetings(ctx, store.MeetingFilter{OrgID: o.ID, From: from, To: to})
	if err != nil {
		return err
	}
	book := &nameBook{s: s.store, ctx: ctx, names: map[int64]string{}}
	os := &orgCache{s: s.store, ctx: ctx, byID: map[int64]zhibu.Org{}}
	rows := make([]register.Row, 0, len(ms))
	for _, m := range ms {
		row := register.Row{Meeting: m}
		if m.Held() {
			_, att, err := s.store.Meeting(ctx, m.ID)
			if err != nil {
				return err
			}
			row.Present, row.Excused, row.Absent = attendanceNames(att)
		}
		mo, err := os.get(m.OrgID)
		if err != nil {
			return err
		}
		row.OrgName = mo.Name
		for _, x := range []struct {
			id  int64
			out *string
		}{{m.ChairID, &row.ChairName}, {m.RecorderID, &row.RecorderName}, {m.LecturerID, &row.LecturerName}} {
			if *x.out, err = book.name(x.id); err != nil {
				return err
			}
		}
		rows = append(rows, row)
	}
	var buf bytes.Buffer
	if err := register.WriteXLSX(&buf, o.Name+register.DefaultTitle, year, rows); err != nil {
		return err
	}
	return download(w, o.Name+strconv.Itoa(year)+"年"+register.DefaultTitle+".xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}

// meetingMinutes is GET /meetings/{id}/minutes.docx: the meeting's record
// in the official layout.
func (s *server) meetingMinutes(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	info := docx.MinutesInfo{OrgName: o.Name}
	info.Present, info.Excused, info.Absent = attendanceNames(att)
	book := &nameBook{s: s.store, ctx: r.Context(), names: map[int64]string{}}
	for _, a := range att {
		book.names[a.PersonID] = a.PersonName
	}
	for _, x := range []struct {
		id  int64
		out *string
	}{{m.ChairID, &info.ChairName}, {m.RecorderID, &info.RecorderName}, {m.LecturerID, &info.LecturerName}} {
		if *x.out, err = book.name(x.id); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if _, err := docx.Minutes(m, info).WriteTo(&buf); err != nil {
		return err
	}
	name := o.Name + m.DateIn(zhibu.DefaultZone).String() + m.Type.Label() + "记录.docx"
	return download(w, name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &buf)
}
