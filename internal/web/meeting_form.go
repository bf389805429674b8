package web

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/service"
)

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
	SameDay     []meetingRow // others of the type on the day: the form asks to confirm
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
	// The secretary chairs the committee's meetings (支委会由书记主持).
	if t == zhibu.MeetCommittee {
		seats, err := s.committeeSeats(r.Context(), o)
		if err != nil {
			return err
		}
		if len(seats) > 0 && seats[0].Position == zhibu.Secretary {
			f["chair_id"] = strconv.FormatInt(seats[0].PersonID, 10)
		}
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
	seats, err := s.committeeSeats(r.Context(), o)
	if err != nil {
		return nil, err
	}
	return committeeFirst(opts, seats), nil
}

// committeeSeats are the seats of the current committee of o's branch (o
// itself, or the branch of a group) held today, the secretary first; none
// when there is no committee or the viewer may not read it.
func (s *server) committeeSeats(ctx context.Context, o zhibu.Org) ([]zhibu.Seat, error) {
	branchID := o.ID
	if o.Kind == zhibu.KindGroup {
		branchID = o.ParentID
	}
	t, err := s.store.CurrentTerm(ctx, branchID)
	if isNotFound(err) || errors.Is(err, zhibu.ErrForbidden) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	today := s.today()
	var out []zhibu.Seat
	for _, st := range t.Seats {
		if st.Active(today) {
			out = append(out, st)
		}
	}
	slices.SortStableFunc(out, func(a, b zhibu.Seat) int {
		return boolRank(a.Position == zhibu.Secretary) - boolRank(b.Position == zhibu.Secretary)
	})
	return out, nil
}

// boolRank orders true before false.
func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}

// committeeFirst lists the committee's members (seats) first among the
// choices opts, after the empty choice, each with their position.
func committeeFirst(opts []option, seats []zhibu.Seat) []option {
	if len(opts) == 0 || len(seats) == 0 {
		return opts
	}
	out := []option{opts[0]}
	taken := map[string]bool{}
	for _, st := range seats {
		v := strconv.FormatInt(st.PersonID, 10)
		for _, o := range opts[1:] {
			if o.Value == v && !taken[v] {
				out = append(out, option{Value: v, Label: o.Label + "（" + st.Position.Label() + "）"})
				taken[v] = true
			}
		}
	}
	for _, o := range opts[1:] {
		if !taken[o.Value] {
			out = append(out, o)
		}
	}
	return out
}

// attendees is who the form lists for a meeting of type t of org o on
// day: those expected that day, and, for a meeting edited without a
// change of type or day, whoever its record lists besides. Their
// statuses and reasons come from the form f.
func (s *server) attendees(ctx context.Context, o zhibu.Org, old zhibu.Meeting, stored []zhibu.Attendance, t zhibu.MeetingType, day zhibu.Date, f form) ([]attendeeRow, error) {
	expected, err := s.svc.Meetings.Expected(ctx, o, old, stored, t, day)
	if err != nil {
		return nil, err
	}
	var rows []attendeeRow
	for _, e := range expected {
		row := attendeeRow{PersonID: e.PersonID, Name: e.PersonName, Status: f[attField(e.PersonID)], Reason: f[reasonField(e.PersonID)]}
		if row.Status == "" {
			row.Status = string(zhibu.AttendPresent)
		}
		rows = append(rows, row)
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
	stored []zhibu.Attendance, f form, ps zhibu.Problems, sameDay ...zhibu.Meeting) error {
	ctx := r.Context()
	d := &meetingFormPage{Org: o, Meeting: m, Form: f}
	for _, x := range sameDay {
		d.SameDay = append(d.SameDay, meetingRow{Meeting: x, OrgName: o.Name, Late: x.Late()})
	}
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
		saved, err := s.svc.Meetings.SaveConfirmed(ctx, m, att, f["confirm_same_day"] != "")
		var sameDay *service.SameDayError
		if errors.As(err, &sameDay) {
			return s.meetingFormRender(w, r, http.StatusConflict, o, old, stored, f, nil, sameDay.Others...)
		}
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
