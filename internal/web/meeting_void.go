package web

import (
	"net/http"

	"zhibu"
	"zhibu/internal/access"
)

// fixesRoutes are the routes issue 12's fixes add to the meetings: a held
// meeting recorded in error is voided, a filing is withdrawn so that the
// meeting can be changed.
func (s *server) fixesRoutes() []route {
	return []route{
		{"POST /meetings/{id}/void", writeMeeting, s.meetingVoid},
		{"POST /meetings/{id}/withdraw", writeMeeting, s.meetingWithdraw},
		// development.go: 新建档案 from the development overview.
		{"GET /orgs/{id}/development/new", access.On(zhibu.PermDevelop, access.PathOrg, "id"), s.devNewFile},
	}
}

// meetingVoid is POST /meetings/{id}/void: a held meeting recorded in
// error is voided (作废) with a reason; it stays on the page and in the
// register, struck, and counts for nothing.
func (s *server) meetingVoid(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	if _, err := s.svc.Meetings.Void(r.Context(), m.ID, f["void_reason"]); err != nil {
		if !invalid(err) {
			return err
		}
		return s.meetingRender(w, r, http.StatusUnprocessableEntity, m, att, o, f, problemsOf(err))
	}
	return redirect(w, r, meetingHref(m.ID), "已作废会议记录："+meetingTitle(m))
}

// meetingWithdraw is POST /meetings/{id}/withdraw: the filing with the
// superior is withdrawn (撤回报备) so that the meeting can be edited.
func (s *server) meetingWithdraw(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.svc.Meetings.Withdraw(r.Context(), m.ID); err != nil {
		if !invalid(err) {
			return err
		}
		return s.meetingRender(w, r, http.StatusUnprocessableEntity, m, att, o, formFrom(r.PostForm), problemsOf(err))
	}
	return redirect(w, r, meetingHref(m.ID), "已撤回报备，可以编辑该会议")
}

// filed reports whether the meeting is with the superior (submitted or
// acknowledged): it is changed only after the filing is withdrawn.
func filed(m zhibu.Meeting) bool {
	return m.Filing == zhibu.FilingSubmitted || m.Filing == zhibu.FilingAcknowledged
}
