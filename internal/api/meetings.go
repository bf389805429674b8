package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/store"
)

// Policies of the meeting endpoints. A meeting's org is the branch or group
// holding it: PathMeeting finds it from the meeting the path names.
var (
	writeMeetings = access.On(zhibu.PermMeetingWrite, access.PathOrg, "id")
	readMeeting   = access.On(zhibu.PermOrgRead, access.PathMeeting, "id")
	writeMeeting  = access.On(zhibu.PermMeetingWrite, access.PathMeeting, "id")
	reviewMeeting = access.On(zhibu.PermFilingReview, access.PathMeeting, "id")
)

func meetingURL(id int64) string { return "/api/v1/meetings/" + strconv.FormatInt(id, 10) }

// meetingIn is the body of POST /api/v1/orgs/{id}/meetings and of PUT
// /api/v1/meetings/{id}. The read-only members of a GET answer are
// accepted and ignored, so that an answer may be sent back changed.
type meetingIn struct {
	Type         zhibu.MeetingType   `json:"type"`
	Status       zhibu.MeetingStatus `json:"status"`
	StartsAt     string              `json:"starts_at"`
	Place        string              `json:"place"`
	ChairID      int64               `json:"chair_id"`
	RecorderID   int64               `json:"recorder_id"`
	LecturerID   int64               `json:"lecturer_id"`
	Topics       []string            `json:"topics"`
	Minutes      string              `json:"minutes"`
	CancelReason string              `json:"cancel_reason"`
	Resolutions  []resolutionIn      `json:"resolutions"`
	Attendance   []zhibu.Attendance  `json:"attendance"`

	ID         json.RawMessage `json:"id"`
	OrgID      json.RawMessage `json:"org_id"`
	OrgName    json.RawMessage `json:"org_name"`
	EnteredAt  json.RawMessage `json:"entered_at"`
	Late       json.RawMessage `json:"late"`
	Expected   json.RawMessage `json:"expected"`
	Present    json.RawMessage `json:"present"`
	Excused    json.RawMessage `json:"excused"`
	Absent     json.RawMessage `json:"absent"`
	Filing     json.RawMessage `json:"filing"`
	FiledAt    json.RawMessage `json:"filed_at"`
	AckAt      json.RawMessage `json:"ack_at"`
	FilingNote json.RawMessage `json:"filing_note"`
}

// resolutionIn is a resolution of a body; its computed members are ignored.
type resolutionIn struct {
	zhibu.Resolution
	Attending json.RawMessage `json:"attending"`
	QuorumMet json.RawMessage `json:"quorum_met"`
	Passed    json.RawMessage `json:"passed"`
}

// review is the body of POST /api/v1/meetings/{id}/review.
type review struct {
	Acknowledge *bool  `json:"acknowledge"`
	Note        string `json:"note"`
}

// meetingOut is a meeting as the API shows it: with its org's name,
// whether it was recorded late (补录), and each resolution's outcome.
type meetingOut struct {
	zhibu.Meeting
	OrgName     string          `json:"org_name"`
	Late        bool            `json:"late"`
	Resolutions []resolutionOut `json:"resolutions"`
}

type resolutionOut struct {
	zhibu.Resolution
	Attending int  `json:"attending"`
	QuorumMet bool `json:"quorum_met"`
	Passed    bool `json:"passed"`
}

// meetingDetail is a meeting with its attendance.
type meetingDetail struct {
	meetingOut
	Attendance []zhibu.Attendance `json:"attendance"`
}

func newMeetingOut(m zhibu.Meeting, orgName string) meetingOut {
	out := meetingOut{Meeting: m, OrgName: orgName, Late: m.Late(), Resolutions: []resolutionOut{}}
	if out.Topics == nil {
		out.Topics = []string{}
	}
	for _, r := range m.Resolutions {
		out.Resolutions = append(out.Resolutions, resolutionOut{Resolution: r, Attending: r.Attending(), QuorumMet: r.QuorumMet(), Passed: r.Passed()})
	}
	return out
}

// meetingTime is when a meeting begins, as the API takes it: RFC 3339 with
// an offset ("2026-03-02T14:30:00+08:00"), or a local time in China
// ("2026-03-02 14:30", seconds optional).
func meetingTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, zhibu.DefaultZone); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// listMeetings answers GET /api/v1/orgs/{id}/meetings?year=&type=&status=&filing=.
func (a *api) listMeetings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	p := params{q: r.URL.Query()}
	year := int(p.int("year", 1900, 9999, "应为四位年份，如 2026"))
	if year == 0 {
		year = zhibu.Today(time.Now()).Year
	}
	f := store.MeetingFilter{OrgID: id, Type: zhibu.MeetingType(p.q.Get("type")), Status: zhibu.MeetingStatus(p.q.Get("status")),
		Filing: zhibu.FilingStatus(p.q.Get("filing"))}
	if f.Type != "" && !f.Type.Valid() {
		p.bad("type", "应为 committee、assembly、group、lecture、themed_day、life_meeting、appraisal、stance 或 study")
	}
	if f.Status != "" && !f.Status.Valid() {
		p.bad("status", "应为 planned、held 或 cancelled")
	}
	if f.Filing != "" && !f.Filing.Valid() {
		p.bad("filing", "应为 none、submitted、acknowledged 或 returned")
	}
	if err := p.ps.Err(); err != nil {
		return err
	}
	f.From = time.Date(year, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)
	f.To = time.Date(year+1, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)
	ctx := r.Context()
	ms, err := a.store.Meetings(ctx, f)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	out := make([]meetingOut, 0, len(ms))
	for _, m := range ms {
		name, ok := names[m.OrgID]
		if !ok {
			o, err := a.store.Org(ctx, m.OrgID)
			if err != nil {
				return err
			}
			name, names[m.OrgID] = o.Name, o.Name
		}
		out = append(out, newMeetingOut(m, name))
	}
	return render(w, http.StatusOK, map[string][]meetingOut{"meetings": out})
}

// detail loads a meeting with its attendance, as GET shows it.
func (a *api) detail(ctx context.Context, id int64) (meetingDetail, zhibu.Org, error) {
	m, att, err := a.store.Meeting(ctx, id)
	if err != nil {
		return meetingDetail{}, zhibu.Org{}, err
	}
	o, err := a.store.Org(ctx, m.OrgID)
	if err != nil {
		return meetingDetail{}, zhibu.Org{}, err
	}
	if att == nil {
		att = []zhibu.Attendance{}
	}
	return meetingDetail{meetingOut: newMeetingOut(m, o.Name), Attendance: att}, o, nil
}

// getMeeting answers GET /api/v1/meetings/{id}.
func (a *api) getMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "会议")
	if err != nil {
		return err
	}
	d, _, err := a.detail(r.Context(), id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, d)
}

// meeting checks a body and makes it a meeting of org o (a change of old
// when old.ID is not 0) with its attendance. A held meeting lists the
// attendance of everyone expected on its day (for a meeting changed
// without a change of type or day, also of whoever its record lists); a
// planned or cancelled one lists none.
func (a *api) meeting(ctx context.Context, in meetingIn, o zhibu.Org, old zhibu.Meeting, stored []zhibu.Attendance) (zhibu.Meeting, []zhibu.Attendance, error) {
	var ps zhibu.Problems
	m := zhibu.Meeting{ID: old.ID, OrgID: o.ID, Type: in.Type, Status: in.Status, Place: strings.TrimSpace(in.Place),
		ChairID: in.ChairID, RecorderID: in.RecorderID, LecturerID: in.LecturerID, Minutes: in.Minutes}
	if m.Status == zhibu.MeetingCancelled {
		m.CancelReason = strings.TrimSpace(in.CancelReason)
	}
	for _, t := range in.Topics {
		m.Topics = append(m.Topics, strings.TrimSpace(t))
	}
	if old.Held() && m.Status == zhibu.MeetingCancelled {
		ps.Add("status", "会议状态", "已召开的会议不能取消")
	}
	if m.Type.Valid() && !m.Type.HeldBy(o.Kind) {
		ps.Add("type", "会议类型", o.Kind.Label()+"不召开"+m.Type.Label())
	}
	if in.StartsAt != "" {
		t, ok := meetingTime(in.StartsAt)
		if !ok {
			ps.Add("starts_at", "会议时间", "“"+in.StartsAt+"”不是有效时间，应如“2026-03-02T14:30:00+08:00”或“2026-03-02 14:30”（北京时间）")
		}
		m.StartsAt = t
	}
	for i, r := range in.Resolutions {
		label := "第" + strconv.Itoa(i+1) + "项表决"
		switch n := utf8.RuneCountInString(strings.TrimSpace(r.Text)); {
		case n == 0:
			ps.Add("resolutions", label, "表决事项不能为空")
		case n > 200:
			ps.Add("resolutions", label, "表决事项不能超过200个字")
		}
		m.Resolutions = append(m.Resolutions, r.Resolution)
	}
	att := []zhibu.Attendance{}
	switch {
	case m.Status != zhibu.MeetingHeld:
		if len(in.Attendance) > 0 {
			ps.Add("attendance", "出席情况", "只有已召开的会议登记出席情况")
		}
	case m.Type.Valid() && m.Type.HeldBy(o.Kind) && !m.StartsAt.IsZero():
		day := m.DateIn(zhibu.DefaultZone)
		expected, err := a.store.Expected(ctx, o.ID, m.Type, day)
		if err != nil {
			return m, nil, err
		}
		names := map[int64]string{}
		var order []int64
		for _, p := range expected {
			names[p.ID] = p.Name
			order = append(order, p.ID)
		}
		if old.ID != 0 && old.Type == m.Type && old.DateIn(zhibu.DefaultZone) == day {
			for _, x := range stored {
				if _, ok := names[x.PersonID]; !ok {
					names[x.PersonID] = x.PersonName
					order = append(order, x.PersonID)
				}
			}
		}
		given := map[int64]bool{}
		for _, x := range in.Attendance {
			name, ok := names[x.PersonID]
			switch {
			case !ok:
				ps.Add("attendance", "出席情况", "人员（编号"+strconv.FormatInt(x.PersonID, 10)+"）不是该会议的应到人员")
			case given[x.PersonID]:
				ps.Add("attendance", "出席情况", name+"登记了不止一次")
			case !x.Status.Valid():
				ps.Add("attendance", "出席情况", name+"的出席状态应为 present、excused 或 absent")
			case x.Status == zhibu.AttendExcused && strings.TrimSpace(x.Reason) == "":
				ps.Add("attendance", "出席情况", name+"请假须填写原因")
			case utf8.RuneCountInString(strings.TrimSpace(x.Reason)) > 100:
				ps.Add("attendance", "出席情况", name+"的请假原因不能超过100个字")
			}
			given[x.PersonID] = true
			reason := strings.TrimSpace(x.Reason)
			if x.Status != zhibu.AttendExcused {
				reason = ""
			}
			att = append(att, zhibu.Attendance{PersonID: x.PersonID, Status: x.Status, Reason: reason})
		}
		var missing []string
		for _, id := range order {
			if !given[id] {
				missing = append(missing, names[id])
			}
		}
		if len(missing) > 0 {
			ps.Add("attendance", "出席情况", "缺少应到人员"+strings.Join(missing, "、")+"的出席情况")
		}
	}
	for _, x := range att {
		switch x.Status {
		case zhibu.AttendPresent:
			m.Present++
		case zhibu.AttendExcused:
			m.Excused++
		case zhibu.AttendAbsent:
			m.Absent++
		}
	}
	m.Expected = len(att)
	// Validate's problems, except a second one for a field already named
	// (a time that could not be read is not also missing).
	var more zhibu.Problems
	if errors.As(m.Validate(a.now()), &more) {
		for _, p := range more {
			if p.Field == "resolutions" || ps.For(p.Field) == "" {
				ps = append(ps, p)
			}
		}
	}
	return m, att, ps.Err()
}

// now is the time a meeting is validated at.
func (a *api) now() time.Time { return time.Now() }

// createMeeting answers POST /api/v1/orgs/{id}/meetings.
func (a *api) createMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[meetingIn](w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := a.store.Org(ctx, id)
	if err != nil {
		return err
	}
	m, att, err := a.meeting(ctx, in, o, zhibu.Meeting{}, nil)
	if err != nil {
		return err
	}
	saved, err := a.store.SaveMeeting(ctx, m, att)
	if err != nil {
		return err
	}
	d, _, err := a.detail(ctx, saved.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", meetingURL(saved.ID))
	return render(w, http.StatusCreated, d)
}

// updateMeeting answers PUT /api/v1/meetings/{id}.
func (a *api) updateMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "会议")
	if err != nil {
		return err
	}
	in, err := decode[meetingIn](w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	old, stored, err := a.store.Meeting(ctx, id)
	if err != nil {
		return err
	}
	o, err := a.store.Org(ctx, old.OrgID)
	if err != nil {
		return err
	}
	m, att, err := a.meeting(ctx, in, o, old, stored)
	if err != nil {
		return err
	}
	if _, err := a.store.SaveMeeting(ctx, m, att); err != nil {
		return err
	}
	d, _, err := a.detail(ctx, id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, d)
}

// fileMeeting answers POST /api/v1/meetings/{id}/file. It reads no body.
func (a *api) fileMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "会议")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := a.store.FileMeeting(ctx, id); err != nil {
		return err
	}
	d, _, err := a.detail(ctx, id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, d)
}

// reviewMeeting answers POST /api/v1/meetings/{id}/review.
func (a *api) reviewMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "会议")
	if err != nil {
		return err
	}
	in, err := decode[review](w, r)
	if err != nil {
		return err
	}
	var ps zhibu.Problems
	if in.Acknowledge == nil {
		ps = append(ps, zhibu.Problem{Field: "acknowledge", Label: "确认", Message: "字段 acknowledge：不能为空，应为 true（确认）或 false（退回）"})
	}
	if utf8.RuneCountInString(in.Note) > 500 {
		ps.Add("note", "退回意见", "不能超过500个字")
	}
	if err := ps.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	if err := a.store.ReviewFiling(ctx, id, *in.Acknowledge, in.Note); err != nil {
		return err
	}
	d, _, err := a.detail(ctx, id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, d)
}
