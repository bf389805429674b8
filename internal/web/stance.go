package web

import (
	"net/http"
	"strconv"
	"strings"

	"zhibu"
)

// Stance meetings (发声亮剑) of the activities stream (docs/activities.md):
// the observers invited and each participant's viewpoints and examples.

type speakerRow struct {
	PersonID         int64
	Name             string
	Points, Examples string
}

type stancePage struct {
	base
	M        zhibu.Meeting
	Org      zhibu.Org
	Form     form
	Speakers []speakerRow
	CanWrite bool
	Stance   bool
}

// stanceShow is GET /meetings/{id}/stance: a stance meeting's observers
// and each participant's viewpoints.
func (s *server) stanceShow(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	f := form{}
	if m.Type == zhibu.MeetStance {
		rec, err := s.store.StanceRecord(r.Context(), m.ID)
		if err != nil {
			return err
		}
		f["observers"] = rec.Observers
		for _, v := range rec.Viewpoints {
			id := strconv.FormatInt(v.PersonID, 10)
			f["points_"+id], f["examples_"+id] = v.Points, v.Examples
		}
	}
	return s.stanceRender(w, r, http.StatusOK, m, att, o, f, nil)
}

func (s *server) stanceRender(w http.ResponseWriter, r *http.Request, status int, m zhibu.Meeting, att []zhibu.Attendance, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &stancePage{M: m, Org: o, Form: f, Stance: m.Type == zhibu.MeetStance, CanWrite: zhibu.ActorFrom(ctx).Can(zhibu.PermMeetingWrite, o.Path)}
	d.Problems = ps
	d.Title = m.DateIn(nil).Chinese() + " 发声亮剑发言记录"
	if !d.Stance {
		d.Notice = "只有发声亮剑会记录发言观点，该会议是" + m.Type.Label() + "。"
	}
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "会议", Href: orgHref(o.ID) + "/meetings"},
		crumb{Label: m.Type.Label(), Href: meetingHref(m.ID)}, crumb{Label: "发言记录"}); err != nil {
		return err
	}
	speakers := att
	if len(speakers) == 0 {
		people, err := s.store.People(ctx, o.ID, zhibu.PersonFilter{Members: true})
		if err != nil {
			return err
		}
		for _, p := range people {
			speakers = append(speakers, zhibu.Attendance{PersonID: p.ID, PersonName: p.Name, Status: zhibu.AttendPresent})
		}
	}
	for _, a := range speakers {
		if a.Status != zhibu.AttendPresent {
			continue
		}
		id := strconv.FormatInt(a.PersonID, 10)
		d.Speakers = append(d.Speakers, speakerRow{PersonID: a.PersonID, Name: a.PersonName, Points: f["points_"+id], Examples: f["examples_"+id]})
	}
	return s.render(w, r, status, "stance", d)
}

// stanceSave is POST /meetings/{id}/stance.
func (s *server) stanceSave(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	rec := zhibu.StanceRecord{MeetingID: m.ID, Observers: f["observers"]}
	for k := range f {
		id, ok := strings.CutPrefix(k, "points_")
		if !ok {
			continue
		}
		if f[k] == "" && f["examples_"+id] == "" {
			continue
		}
		pid := formID(id)
		name := ""
		for _, a := range att {
			if a.PersonID == pid {
				name = a.PersonName
			}
		}
		rec.Viewpoints = append(rec.Viewpoints, zhibu.Viewpoint{PersonID: pid, PersonName: name, Points: f[k], Examples: f["examples_"+id]})
	}
	sortViewpoints(rec.Viewpoints)
	err = s.svc.Activities.RecordStance(r.Context(), rec)
	if err == nil {
		return redirect(w, r, meetingHref(m.ID), "已保存发声亮剑发言记录（"+strconv.Itoa(len(rec.Viewpoints))+"人）")
	}
	if !invalid(err) {
		return err
	}
	return s.stanceRender(w, r, http.StatusUnprocessableEntity, m, att, o, f, problemsOf(err))
}

// sortViewpoints orders the viewpoints by person id, so a record reads the
// same whatever the order of the form's fields.
func sortViewpoints(vs []zhibu.Viewpoint) {
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && vs[j].PersonID < vs[j-1].PersonID; j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}
