package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"zhibu"
)

// TestMeetingTypes: the committee adds a type for its subtree; the branch's
// form offers it and a meeting of it is recorded; bad names are refused
// beside the field and nothing is added.
func TestMeetingTypes(t *testing.T) {
	f := newFixture(t)
	types := "/orgs/" + ids(f.committee.ID) + "/meeting-types"
	w := f.get(types)
	wantBody(t, w, http.StatusOK, "内置类型", "支委会", "尚未添加会议类型", "添加会议类型")

	w = f.post(types, url.Values{"name": {"警示教育会"}, "note": {"每季度一次"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("add: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.get("/orgs/"+ids(f.branch.ID)+"/meeting-types"), http.StatusOK, "警示教育会", "市公安局党委", "每季度一次")

	for name, want := range map[string]string{
		"警示教育会": "类型名称：市公安局党委已添加“警示教育会”",
		"党员大会":  "类型名称：“党员大会”已是支部党员大会，无需添加",
		"":      "类型名称：应为2至20个字",
	} {
		w := f.post("/orgs/"+ids(f.branch.ID)+"/meeting-types", url.Values{"name": {name}})
		wantBody(t, w, http.StatusUnprocessableEntity, want)
	}
	if ts, _ := f.s.AddedMeetingTypes(sys, f.branch.ID); len(ts) != 1 {
		t.Errorf("added types after refusals: %d", len(ts))
	}

	// The group's form offers the committee's type; a meeting of it saves
	// and lists under its name.
	form := f.get("/orgs/" + ids(f.g1.ID) + "/meetings/new")
	wantBody(t, form, http.StatusOK, `value="x:警示教育会"`)
	w = f.post("/orgs/"+ids(f.g1.ID)+"/meetings", url.Values{"type": {"x:警示教育会"}, "status": {"held"}, "date": {"2025-06-10"}, "time": {"15:00"},
		"chair_id": {ids(f.id("王芳"))}, "recorder_id": {ids(f.id("李娜"))}, "minutes": {"观看警示教育片。"},
		// the group's members on the day
		"att_ids": {ids(f.id("李娜")) + "," + ids(f.id("王芳"))}, "att_" + ids(f.id("李娜")): {"present"}, "att_" + ids(f.id("王芳")): {"present"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("record: %d %s", w.Code, w.Body)
	}
	ms := f.meetings()
	if len(ms) != 1 || ms[0].Type != zhibu.CustomMeetingType("警示教育会") {
		t.Fatalf("meetings: %+v", ms)
	}
	list := f.get("/orgs/" + ids(f.branch.ID) + "/meetings?year=2025")
	wantBody(t, list, http.StatusOK, "警示教育会已召开1次")

	// A type nobody added is refused by name.
	w = f.post("/orgs/"+ids(f.g1.ID)+"/meetings", url.Values{"type": {"x:茶话会"}, "status": {"held"}, "date": {"2025-06-11"}, "time": {"15:00"},
		"att_ids": {ids(f.id("李娜")) + "," + ids(f.id("王芳"))}, "att_" + ids(f.id("李娜")): {"present"}, "att_" + ids(f.id("王芳")): {"present"}})
	wantBody(t, w, http.StatusUnprocessableEntity, "均未添加“茶话会”类型")
	if len(f.meetings()) != 1 {
		t.Errorf("a refused meeting was saved")
	}
}
