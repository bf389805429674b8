package server_test

import (
	"strconv"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
)

// activityObjects are the activities stream's objects of each org (by org
// id), for the matrix's {vid} (an activity), {fid} (its photo) and {bid}
// (a published bulletin): the seed branch's from the demo, and one of each
// made here for the other branch, so its cells are walked too.
type activityObjects struct {
	activity, photo, bulletin map[int64]int64
	doomed                    map[int64]int64 // a second photo, for the deletion route: the first allowed role deletes it
}

func (w *world) addActivityObjects(t *testing.T, s *store.Store) {
	t.Helper()
	w.acts = activityObjects{activity: map[int64]int64{}, photo: map[int64]int64{}, bulletin: map[int64]int64{}, doomed: map[int64]int64{}}
	other := w.orgs["ZB01"]
	a, err := s.SaveActivity(sys, zhibu.Activity{OrgID: other.ID, Kind: zhibu.ActivityThemed, Title: "矩阵活动", HeldOn: zhibu.MakeDate(2026, 6, 1),
		OrganizerID: w.people[2].ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pic := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)
	if _, err := s.AddActivityPhotos(sys, other.ID, a.ID, []store.NewAttachment{{Filename: "矩阵.png", Data: pic}}); err != nil {
		t.Fatal(err)
	}
	b, err := s.SaveBulletin(sys, zhibu.Bulletin{OrgID: other.ID, Title: "矩阵简报", Body: "正文"})
	if err != nil {
		t.Fatal(err)
	}
	for _, next := range []zhibu.BulletinStatus{zhibu.BulletinReviewed, zhibu.BulletinApproved, zhibu.BulletinPublished} {
		if _, err := s.StepBulletin(sys, other.ID, b.ID, next, "", zhibu.MakeDate(2026, 6, 2)); err != nil {
			t.Fatal(err)
		}
	}
	for _, code := range []string{"ZB03", "ZB01"} {
		o := w.orgs[code]
		acts, err := s.Activities(sys, o.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			photos, err := s.ActivityPhotos(sys, o.ID, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(photos) > 0 {
				w.acts.activity[o.ID], w.acts.photo[o.ID] = a.ID, photos[0].ID
				more, err := s.AddActivityPhotos(sys, o.ID, a.ID, []store.NewAttachment{{Filename: "待删除.png", Data: pic}})
				if err != nil {
					t.Fatal(err)
				}
				w.acts.doomed[o.ID] = more[0].ID
				break
			}
		}
		bs, err := s.Bulletins(sys, o.ID, true)
		if err != nil || len(bs) == 0 {
			t.Fatalf("no published bulletin of %s: %v", code, err)
		}
		w.acts.bulletin[o.ID] = bs[0].ID
	}
}

// activityPath fills the stream's placeholders of p for org id; false when
// the org has no such object.
func (w *world) activityPath(id int64, p string) (string, bool) {
	photo := w.acts.photo
	if strings.HasSuffix(p, "/delete") || strings.HasPrefix(p, "/api/") { // the API's {fid} is only its deletion
		photo = w.acts.doomed
	}
	for _, x := range []struct {
		name string
		of   map[int64]int64
	}{{"{vid}", w.acts.activity}, {"{fid}", photo}, {"{bid}", w.acts.bulletin}} {
		if !strings.Contains(p, x.name) {
			continue
		}
		if x.of[id] == 0 {
			return p, false
		}
		p = strings.Replace(p, x.name, strconv.FormatInt(x.of[id], 10), 1)
	}
	return p, true
}
