package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/service"
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
	// ConfirmSameDay saves a meeting though others of its type are recorded
	// for the org on its day; without it the answer is 409 naming them.
	ConfirmSameDay bool `json:"confirm_same_day"`

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
	VoidedAt   json.RawMessage `json:"voided_at"`
	VoidReason json.RawMessage `json:"void_reason"`
}

// sameDayAnswer is the 409 answer to a meeting saved beside others of its
// type, org and day without confirm_same_day: the error and the others.
type sameDayAnswer struct {
	Error   errorBody    `json:"error"`
	SameDay []meetingOut `json:"same_day"`
}

// saveMeeting saves m through the service, asking for confirmation of a
// second meeting of its type on its day; it answers the 409 itself (done).
func (a *api) saveMeeting(ctx context.Context, w http.ResponseWriter, m zhibu.Meeting, att []zhibu.Attendance, o zhibu.Org, confirm bool) (saved zhibu.Meeting, done bool, err error) {
	saved, err = a.svc.Meetings.SaveConfirmed(ctx, m, att, confirm)
	var sd *service.SameDayError
	if errors.As(err, &sd) {
		ans := sameDayAnswer{Error: errorBody{Code: "conflict", Message: sd.Error() + "；确认后请在请求中加上 \"confirm_same_day\": true"}}
		for _, x := range sd.Others {
			ans.SameDay = append(ans.SameDay, newMeetingOut(x, o.Name))
		}
		return saved, true, render(w, http.StatusConflict, ans)
	}
	return saved, false, err
}

// voidIn is the body of POST /api/v1/meetings/{id}/void.
type voidIn struct {
	Reason string `json:"reason"`
}

// voidMeeting answers POST /api/v1/meetings/{id}/void: a held meeting
// recorded in error is voided with a reason.
func (a *api) voidMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "会议")
	if err != nil {
		return err
	}
	in, err := decode[voidIn](w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := a.svc.Meetings.Void(ctx, id, in.Reason); err != nil {
		return err
	}
	d, _, err := a.detail(ctx, id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, d)
}

// withdrawMeeting answers POST /api/v1/meetings/{id}/withdraw: the filing
// is withdrawn so that the meeting can be changed. It reads no body.
func (a *api) withdrawMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "会议")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := a.svc.Meetings.Withdraw(ctx, id); err != nil {
		return err
	}
	d, _, err := a.detail(ctx, id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, d)
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

// meeting decodes a body into a meeting of org o (a change of the stored
// meeting id when not 0) with its attendance. What the meeting must be is
// for the meetings service to say: with a time that cannot be read, the
// body's other problems come from service.Meetings.Check; else Save
// checks and records it.
func (a *api) meeting(ctx context.Context, in meetingIn, o zhibu.Org, id int64) (zhibu.Meeting, []zhibu.Attendance, error) {
	var ps zhibu.Problems
	m := zhibu.Meeting{ID: id, OrgID: o.ID, Type: in.Type, Status: in.Status, Place: strings.TrimSpace(in.Place),
		ChairID: in.ChairID, RecorderID: in.RecorderID, LecturerID: in.LecturerID, Minutes: in.Minutes}
	if m.Status == zhibu.MeetingCancelled {
		m.CancelReason = strings.TrimSpace(in.CancelReason)
	}
	for _, t := range in.Topics {
		m.Topics = append(m.Topics, strings.TrimSpace(t))
	}
	if in.StartsAt != "" {
		t, ok := meetingTime(in.StartsAt)
		if !ok {
			ps.Add("starts_at", "会议时间", "“"+in.StartsAt+"”不是有效时间，应如“2026-03-02T14:30:00+08:00”或“2026-03-02 14:30”（北京时间）")
		}
		m.StartsAt = t
	}
	for _, r := range in.Resolutions {
		m.Resolutions = append(m.Resolutions, r.Resolution)
	}
	att := []zhibu.Attendance{}
	for _, x := range in.Attendance {
		reason := strings.TrimSpace(x.Reason)
		if x.Status != zhibu.AttendExcused {
			reason = ""
		}
		att = append(att, zhibu.Attendance{PersonID: x.PersonID, Status: x.Status, Reason: reason})
	}
	if len(ps) > 0 {
		var more zhibu.Problems
		if err := a.svc.Meetings.Check(ctx, &m, att); errors.As(err, &more) {
			for _, p := range more {
				if ps.For(p.Field) == "" {
					ps = append(ps, p)
				}
			}
		} else if err != nil {
			return m, nil, err
		}
	}
	return m, att, ps.Err()
}

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
	m, att, err := a.meeting(ctx, in, o, 0)
	if err != nil {
		return err
	}
	saved, done, err := a.saveMeeting(ctx, w, m, att, o, in.ConfirmSameDay)
	if done || err != nil {
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
	old, _, err := a.store.Meeting(ctx, id)
	if err != nil {
		return err
	}
	o, err := a.store.Org(ctx, old.OrgID)
	if err != nil {
		return err
	}
	m, att, err := a.meeting(ctx, in, o, id)
	if err != nil {
		return err
	}
	if _, done, err := a.saveMeeting(ctx, w, m, att, o, in.ConfirmSameDay); done || err != nil {
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
	if _, err := a.svc.Meetings.File(ctx, id); err != nil {
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
	if err := ps.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := a.svc.Meetings.Review(ctx, id, *in.Acknowledge, in.Note); err != nil {
		return err
	}
	d, _, err := a.detail(ctx, id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, d)
}

// fixesRoutes are the meeting endpoints issue 12's fixes add: voiding a
// held meeting recorded in error, withdrawing a filing.
func (a *api) fixesRoutes() []route {
	return []route{
		{"POST /api/v1/meetings/{id}/void", writeMeeting, a.voidMeeting},
		{"POST /api/v1/meetings/{id}/withdraw", writeMeeting, a.withdrawMeeting},
	}
}
