package web

import (
	"html/template"
	"net/http"
	"strconv"

	"zhibu"
)

// resolutionView is a resolution with its outcome.
type resolutionView struct {
	zhibu.Resolution
	N         int // its position, from 1: the anchor a development step links to
	Attending int
	QuorumMet bool
	Passed    bool
	Decided   []decisionView // the development steps it decided
}

// decisionView is a person's development step a resolution decided, with
// the link to it when the viewer may open the file.
type decisionView struct {
	Name, Step, Href string
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
	CanVoid     bool // a held meeting recorded in error may be voided
	CanWithdraw bool // the filing may be withdrawn so that the meeting can be edited
	Filed       bool // with the superior: editing asks for the filing to be withdrawn
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
	decided, err := s.store.DevDecisions(ctx, m.ID)
	if err != nil {
		return err
	}
	ls := s.links(r)
	for i, res := range m.Resolutions {
		v := resolutionView{Resolution: res, N: i + 1, Attending: res.Attending(), QuorumMet: res.QuorumMet(), Passed: res.Passed()}
		for _, x := range decided {
			if x.Record.Resolution != i+1 {
				continue
			}
			dv := decisionView{Name: x.PersonName, Step: zhibu.DevSteps[x.Record.Step].Label()}
			if x.Record.Outcome != zhibu.OutcomeDone {
				dv.Step += "（" + x.Record.Outcome.Label() + "）"
			}
			if h := devHref(x.Record.PersonID); ls.ok(h) {
				dv.Href = h + "#step-" + strconv.FormatInt(x.Record.ID, 10)
			}
			v.Decided = append(v.Decided, dv)
		}
		d.Resolutions = append(d.Resolutions, v)
	}
	actor := zhibu.ActorFrom(ctx)
	write := actor.Can(zhibu.PermMeetingWrite, o.Path)
	d.Filed = filed(m)
	d.CanEdit = write && m.Status != zhibu.MeetingCancelled && !m.Voided() && !d.Filed
	d.CanVoid = write && m.CheckVoid("-") == nil
	d.CanWithdraw = write && d.Filed && m.CheckWithdraw() == nil
	d.CanCancel = write && m.Status == zhibu.MeetingPlanned
	d.CanFile = write && m.CheckFile() == nil
	d.CanReview = actor.Can(zhibu.PermFilingReview, o.Path) && m.CheckReview(true, "") == nil
	if d.Attachments, err = s.attachmentSection(ctx, m, o); err != nil {
		return err
	}
	return s.render(w, r, status, "meeting_show", d)
}
