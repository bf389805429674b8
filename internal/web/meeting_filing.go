package web

import (
	"net/http"
	"slices"

	"zhibu"
	"zhibu/internal/store"
)

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
