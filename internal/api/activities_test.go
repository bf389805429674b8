package api

import (
	"encoding/xml"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// Activities and bulletins through the API: bad input answered in Chinese
// naming each field, nothing saved; an activity recorded with its
// attendance; the published issues as Atom.
func TestActivitiesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		c.do("GET", "/api/v1/orgs/{B1}/activities", "", http.StatusOK, `"activities":[]`)
		before := snapshot(t, s)
		c.do("POST", "/api/v1/orgs/{B1}/activities", `{"kind":"liaison","title":"","held_on":"2099-01-01","organizer_id":{P3}}`,
			http.StatusBadRequest, "活动名称：不能为空", "活动日期：不能晚于今天", "联络员：联络活动须指定联络员")
		c.do("POST", "/api/v1/orgs/{B1}/activities", `{"kind":"themed","title":"活动","held_on":"{today}","organizer_id":{P3}}`,
			http.StatusBadRequest, "组织人：不是本支部的人员")
		c.do("POST", "/api/v1/orgs/{B1}/activities", `{"kind":"themed","title":"活动","held_on":"2026-02-30"}`, http.StatusBadRequest, "held_on")
		c.do("POST", "/api/v1/orgs/{B1}/activities", `{"kind":"themed","title":"活动","held_on":"{today}","organizer_id":{P1},"occasion":"may4"}`,
			http.StatusBadRequest, "时间节点")
		if after := snapshot(t, s); after != before {
			t.Fatal("a refused activity saved something")
		}
		c.do("POST", "/api/v1/orgs/{B1}/activities", `{"kind":"themed","title":"“七一”重温入党誓词","held_on":"{today}","organizer_id":{P1},
			"occasion":"july1","attendance":[{"person_id":{P1},"status":"present"},{"person_id":{P2},"status":"excused","reason":"出差"}]}`,
			http.StatusCreated, `"expected":2`, `"present":1`, `"excused":1`, `"occasion":"july1"`)
		c.do("GET", "/api/v1/orgs/{B1}/activities?year=1900", "", http.StatusBadRequest, "year")
		c.do("GET", "/api/v1/orgs/{B1}/activities", "", http.StatusOK, `"title":"“七一”重温入党誓词"`, `"organizer_name":"李娜"`)
		c.do("POST", "/api/v1/orgs/{G1}/activities", `{}`, http.StatusNotFound)

		// Photos: listed; deleted (picture and row together, audited) only
		// by who may edit the activity; a second deletion finds nothing.
		acts, err := s.Activities(sys, fx.b1.ID, 0)
		if err != nil || len(acts) != 1 {
			t.Fatal(acts, err)
		}
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		added, err := s.AddActivityPhotos(sys, fx.b1.ID, acts[0].ID, []store.NewAttachment{{Filename: "合影.png", Data: png}, {Filename: "留念.png", Data: png}})
		if err != nil {
			t.Fatal(err)
		}
		photos := "/api/v1/orgs/{B1}/activities/" + strconv.FormatInt(acts[0].ID, 10) + "/photos"
		doomed := photos + "/" + strconv.FormatInt(added[0].ID, 10)
		c.do("GET", photos, "", http.StatusOK, `"filename":"合影.png"`, `"filename":"留念.png"`, `"content_type":"image/png"`)
		youth := c
		youth.actor = func() zhibu.Actor {
			roles, grants, scope := zhibu.Rights(0, []zhibu.Holding{{Position: zhibu.YouthOfficer, Org: fx.b1}}, nil)
			return zhibu.Actor{AccountID: 2, Name: "青年委员", Roles: roles, Grants: grants, Scope: scope}
		}()
		youth.do("GET", photos, "", http.StatusOK, `"filename":"合影.png"`)
		youth.do("DELETE", doomed, "", http.StatusForbidden)
		c.do("DELETE", "/api/v1/orgs/{B2}/activities/"+strconv.FormatInt(acts[0].ID, 10)+"/photos/"+strconv.FormatInt(added[0].ID, 10), "", http.StatusNotFound)
		c.do("DELETE", photos+"/x", "", http.StatusNotFound, "照片")
		c.do("DELETE", doomed, "", http.StatusOK, `"filename":"合影.png"`)
		if rec := c.do("GET", photos, "", http.StatusOK, `"filename":"留念.png"`); strings.Contains(rec.Body.String(), "合影.png") {
			t.Errorf("the deleted photo is still listed: %s", rec.Body.String())
		}
		if _, err := s.ActivityPhoto(sys, fx.b1.ID, acts[0].ID, added[0].ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("the deleted picture is still read: %v", err)
		}
		c.do("DELETE", doomed, "", http.StatusNotFound, "照片")
		if recs, _, err := s.AuditRecords(sys, store.AuditFilter{Action: "activity.photo.delete"}); err != nil || len(recs) != 1 || !strings.Contains(recs[0].Detail, "合影.png") {
			t.Errorf("audit of the deletion: %+v %v", recs, err)
		}

		// A published bulletin in the feed; the draft is not.
		b, err := s.SaveBulletin(sys, zhibu.Bulletin{OrgID: fx.b1.ID, Title: "简报一", Body: "第一段。\n\n第二段<b>。"})
		if err != nil {
			t.Fatal(err)
		}
		for _, next := range []zhibu.BulletinStatus{zhibu.BulletinReviewed, zhibu.BulletinApproved, zhibu.BulletinPublished} {
			if _, err := s.StepBulletin(sys, fx.b1.ID, b.ID, next, "", today); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.SaveBulletin(sys, zhibu.Bulletin{OrgID: fx.b1.ID, Title: "草稿二", Body: "未发布"}); err != nil {
			t.Fatal(err)
		}
		c.do("GET", "/api/v1/orgs/{B1}/bulletins", "", http.StatusOK, `"title":"简报一"`, `"issue":1`, `"title":"草稿二"`, `"status":"draft"`)
		rec := c.do("GET", "/api/v1/orgs/{B1}/bulletins/feed.atom?base=https://dj.example/b1", "", http.StatusOK)
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
			t.Errorf("content type %q", ct)
		}
		var feed struct {
			Entries []struct {
				Title string `xml:"title"`
				Link  struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil || len(feed.Entries) != 1 ||
			!strings.HasSuffix(feed.Entries[0].Title, "简报一") || !strings.HasPrefix(feed.Entries[0].Link.Href, "https://dj.example/b1/") {
			t.Fatalf("feed %+v %v\n%s", feed, err, rec.Body.String())
		}
	})
}
