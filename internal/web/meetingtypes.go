package web

import (
	"context"
	"net/http"

	"zhibu"
	"zhibu/internal/store"
)

// meetingTypesPage lists the types of meeting an org's meetings may have:
// the built-in ones and those added on its path, with the form to add one.
type meetingTypesPage struct {
	base
	Org     zhibu.Org
	Builtin []zhibu.MeetingType
	Added   []store.AddedMeetingType
	CanAdd  bool
	Form    form
}

// meetingTypes are the types an org's meeting list filters by: every
// built-in type (a branch's list holds its groups' meetings too) and those
// added on its path.
func (s *server) meetingTypes(ctx context.Context, o zhibu.Org) ([]zhibu.MeetingType, error) {
	added, err := s.store.AddedMeetingTypes(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	out := append([]zhibu.MeetingType(nil), zhibu.MeetingTypes...)
	for _, t := range added {
		out = append(out, t.Type)
	}
	return out, nil
}

// meetingTypesShow is GET /orgs/{id}/meeting-types.
func (s *server) meetingTypesShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	return s.meetingTypesRender(w, r, http.StatusOK, o, form{}, nil)
}

func (s *server) meetingTypesRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &meetingTypesPage{Org: o, Builtin: zhibu.MeetingTypes, Form: f}
	d.Problems = ps
	d.Title = o.Name + " · 会议类型"
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "会议类型"}); err != nil {
		return err
	}
	if d.Added, err = s.store.AddedMeetingTypes(ctx, o.ID); err != nil {
		return err
	}
	d.CanAdd = o.Kind != zhibu.KindGroup && zhibu.ActorFrom(ctx).Can(zhibu.PermRulesEdit, o.Path)
	return s.render(w, r, status, "meeting_types", d)
}

// meetingTypeAdd is POST /orgs/{id}/meeting-types: a committee adds a type
// for its subtree, a branch for itself and its groups.
func (s *server) meetingTypeAdd(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	t, err := s.svc.Meetings.AddType(r.Context(), o.ID, f["name"], f["note"])
	if invalid(err) {
		return s.meetingTypesRender(w, r, http.StatusUnprocessableEntity, o, f, problemsOf(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, orgHref(o.ID)+"/meeting-types", "已添加会议类型："+t.Name)
}
