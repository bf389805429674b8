package api

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/bulletin"
	"zhibu/internal/store"
)

// Themed activities and bulletins (docs/activities.md). A branch's
// activities are listed and recorded; its bulletins listed, and its
// published issues read as an Atom feed, which the bureau's website takes
// in with an API token of an account that may read the branch.

// activityRoutes are the activities stream's endpoints of the route table.
func (a *api) activityRoutes() []route {
	write := access.On(zhibu.PermActivityWrite, access.PathOrg, "id")
	return []route{
		{"GET /api/v1/orgs/{id}/activities", readOrg, a.listActivities},
		{"POST /api/v1/orgs/{id}/activities", write, a.recordActivity},
		{"GET /api/v1/orgs/{id}/activities/{vid}/photos", readOrg, a.listPhotos},
		{"DELETE /api/v1/orgs/{id}/activities/{vid}/photos/{fid}", write, a.deletePhoto},
		{"GET /api/v1/orgs/{id}/bulletins", readOrg, a.listBulletins},
		{"GET /api/v1/orgs/{id}/bulletins/feed.atom", readOrg, a.bulletinFeed},
	}
}

// listActivities is GET /api/v1/orgs/{id}/activities[?year=2026].
func (a *api) listActivities(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	p := params{q: r.URL.Query()}
	year := p.int("year", 2000, 2100, "应为年份，如2026")
	if err := p.ps.Err(); err != nil {
		return err
	}
	as, err := a.store.Activities(r.Context(), id, int(year))
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, map[string][]zhibu.Activity{"activities": as})
}

// photoOut is an activity's photo as the API lists it (its picture is on
// the activity's page).
type photoOut struct {
	ID          int64     `json:"id"`
	ActivityID  int64     `json:"activity_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
}

func photoJSON(p store.Photo) photoOut {
	return photoOut{ID: p.ID, ActivityID: p.ActivityID, Filename: p.Filename, ContentType: p.ContentType, Size: p.Size, CreatedAt: p.CreatedAt}
}

// listPhotos is GET /api/v1/orgs/{id}/activities/{vid}/photos.
func (a *api) listPhotos(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	vid, err := subID(r, "vid", "活动")
	if err != nil {
		return err
	}
	photos, err := a.store.ActivityPhotos(r.Context(), id, vid)
	if err != nil {
		return err
	}
	out := make([]photoOut, 0, len(photos))
	for _, p := range photos {
		out = append(out, photoJSON(p))
	}
	return render(w, http.StatusOK, map[string][]photoOut{"photos": out})
}

// deletePhoto is DELETE /api/v1/orgs/{id}/activities/{vid}/photos/{fid}:
// the picture goes with its row; the answer is the photo deleted.
func (a *api) deletePhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	vid, err := subID(r, "vid", "活动")
	if err != nil {
		return err
	}
	fid, err := subID(r, "fid", "照片")
	if err != nil {
		return err
	}
	p, err := a.svc.Activities.DeletePhoto(r.Context(), id, vid, fid)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, photoJSON(p))
}

// activityIn is an activity as a client records it.
type activityIn struct {
	Kind        zhibu.ActivityKind `json:"kind"`
	Title       string             `json:"title"`
	HeldOn      zhibu.Date         `json:"held_on"`
	Place       string             `json:"place"`
	OrganizerID int64              `json:"organizer_id"`
	LiaisonID   int64              `json:"liaison_id"`
	Occasion    zhibu.Occasion     `json:"occasion"`
	CampaignID  int64              `json:"campaign_id"`
	ItemID      int64              `json:"item_id"`
	MeetingID   int64              `json:"meeting_id"`
	Summary     string             `json:"summary"`
	Attendance  []zhibu.Attendance `json:"attendance"`
}

// recordActivity is POST /api/v1/orgs/{id}/activities.
func (a *api) recordActivity(w http.ResponseWriter, r *http.Request) error {
	o, err := a.branchOf(r)
	if err != nil {
		return err
	}
	in, err := decode[activityIn](w, r)
	if err != nil {
		return err
	}
	saved, err := a.svc.Activities.Record(r.Context(), zhibu.Activity{OrgID: o.ID, Kind: in.Kind, Title: in.Title, HeldOn: in.HeldOn, Place: in.Place,
		OrganizerID: in.OrganizerID, LiaisonID: in.LiaisonID, Occasion: in.Occasion, CampaignID: in.CampaignID, ItemID: in.ItemID,
		MeetingID: in.MeetingID, Summary: in.Summary}, in.Attendance)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/orgs/"+strconv.FormatInt(o.ID, 10)+"/activities/"+strconv.FormatInt(saved.ID, 10))
	return render(w, http.StatusCreated, saved)
}

// listBulletins is GET /api/v1/orgs/{id}/bulletins.
func (a *api) listBulletins(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	bs, err := a.store.Bulletins(r.Context(), id, false)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, map[string][]zhibu.Bulletin{"bulletins": bs})
}

// bulletinFeed is GET /api/v1/orgs/{id}/bulletins/feed.atom: the
// published issues as Atom; an entry links to its static page under
// ?base= (the website's address of the pages), by default the bulletin's
// page in zhibu.
func (a *api) bulletinFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	o, err := a.store.Org(r.Context(), id)
	if err != nil {
		return err
	}
	bs, err := a.store.Bulletins(r.Context(), id, true)
	if err != nil {
		return err
	}
	base := r.URL.Query().Get("base")
	if base == "" {
		base = "/orgs/" + strconv.FormatInt(o.ID, 10) + "/bulletins"
	}
	host := r.Host
	if h, _, ok := cutPort(host); ok {
		host = h
	}
	var buf bytes.Buffer
	if err := bulletin.WriteFeed(&buf, bs, bulletin.FeedInfo{OrgName: o.Name, OrgCode: o.Code, Host: host, BaseURL: base}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// cutPort splits host:port.
func cutPort(h string) (string, string, bool) {
	for i := len(h) - 1; i >= 0; i-- {
		switch h[i] {
		case ':':
			return h[:i], h[i+1:], true
		case ']':
			return h, "", false
		}
	}
	return h, "", false
}
