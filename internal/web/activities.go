package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/store"
)

// Themed activities and publicity (docs/activities.md): a branch's
// activities with their attendance, summary and photos, its campaigns
// (专项教育) with their progress, its bulletins from draft to published
// issue (.docx, static HTML page, Atom feed), and a stance meeting's record
// of viewpoints. Every object is read through the branch in the path
// ({id}); one of another branch is not found.

var (
	writeActivities = access.On(zhibu.PermActivityWrite, access.PathOrg, "id")
	reviewBulletin  = access.On(zhibu.PermBulletinReview, access.PathOrg, "id")
	approveBulletin = access.On(zhibu.PermBulletinApprove, access.PathOrg, "id")
)

// activityRoutes are the activities stream's routes of the route table.
func (s *server) activityRoutes() []route {
	return []route{
		{"GET /orgs/{id}/activities", readOrg, s.activityList},
		{"GET /orgs/{id}/activities/new", writeActivities, s.activityNew},
		{"POST /orgs/{id}/activities", writeActivities, s.activityCreate},
		{"GET /orgs/{id}/activities/{vid}", readOrg, s.activityShow},
		{"GET /orgs/{id}/activities/{vid}/edit", writeActivities, s.activityEdit},
		{"POST /orgs/{id}/activities/{vid}", writeActivities, s.activityUpdate},
		{"POST /orgs/{id}/activities/{vid}/photos", writeActivities, s.activityPhotoUpload},
		{"GET /orgs/{id}/activities/{vid}/photos/{fid}", readOrg, s.activityPhoto},
		{"POST /orgs/{id}/activities/{vid}/photos/{fid}/delete", writeActivities, s.activityPhotoDelete},
		{"GET /orgs/{id}/campaigns/new", writeActivities, s.campaignNew},
		{"POST /orgs/{id}/campaigns", writeActivities, s.campaignCreate},
		{"GET /orgs/{id}/bulletins/new", writeActivities, s.bulletinNew},
		{"POST /orgs/{id}/bulletins", writeActivities, s.bulletinCreate},
		{"GET /orgs/{id}/bulletins/feed.atom", readOrg, s.bulletinFeed},
		{"GET /orgs/{id}/bulletins/{bid}", readOrg, s.bulletinShow},
		{"POST /orgs/{id}/bulletins/{bid}", writeActivities, s.bulletinUpdate},
		{"POST /orgs/{id}/bulletins/{bid}/review", reviewBulletin, s.bulletinStep(zhibu.BulletinReviewed, "已审核，待书记审批")},
		{"POST /orgs/{id}/bulletins/{bid}/approve", approveBulletin, s.bulletinStep(zhibu.BulletinApproved, "已审批同意发布")},
		{"POST /orgs/{id}/bulletins/{bid}/return", approveBulletin, s.bulletinStep(zhibu.BulletinDraft, "已退回修改")},
		{"POST /orgs/{id}/bulletins/{bid}/publish", writeActivities, s.bulletinStep(zhibu.BulletinPublished, "已发布")},
		{"GET /orgs/{id}/bulletins/{bid}/bulletin.docx", readOrg, s.bulletinDocx},
		{"GET /orgs/{id}/bulletins/{bid}/bulletin.html", readOrg, s.bulletinHTML},
		{"GET /meetings/{id}/stance", readMeeting, s.stanceShow},
		{"POST /meetings/{id}/stance", writeMeeting, s.stanceSave},
	}
}

// activityFix is the form that deals with an open finding of the
// stream's rules: the stance meeting's filing, the activity for 七一 or
// 十一, or a campaign's activity.
func activityFix(f zhibu.Finding) (href, label string) {
	switch f.RuleID {
	case "stance.filing":
		for _, e := range f.Evidence {
			if e.Kind == zhibu.EvidenceMeeting {
				return meetingHref(e.ID) + "#filing", "报备政治部"
			}
		}
	case "activity.occasions":
		o := zhibu.OccasionJuly1
		if f.Period.N == 10 {
			o = zhibu.OccasionOctober1
		}
		return orgHref(f.OrgID) + "/activities/new?occasion=" + string(o), "登记“" + o.Label() + "”活动"
	case "activity.campaign":
		return orgHref(f.OrgID) + "/activities/new", "登记专项教育活动"
	}
	return "", ""
}

func activityHref(orgID, id int64) string {
	return orgHref(orgID) + "/activities/" + strconv.FormatInt(id, 10)
}

func bulletinHref(orgID, id int64) string {
	return orgHref(orgID) + "/bulletins/" + strconv.FormatInt(id, 10)
}

// campaignRow is a campaign with its progress.
type campaignRow struct {
	zhibu.Campaign
	Done, Total int
}

type activitiesPage struct {
	base
	Org        zhibu.Org
	Activities []zhibu.Activity
	Campaigns  []campaignRow
	Bulletins  []zhibu.Bulletin
	CanWrite   bool
}

// activityList is GET /orgs/{id}/activities: the branch's activities,
// campaigns and bulletins.
func (s *server) activityList(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := &activitiesPage{Org: o, CanWrite: o.Kind == zhibu.KindBranch && zhibu.ActorFrom(ctx).Can(zhibu.PermActivityWrite, o.Path)}
	d.Title = o.Name + "专题活动与宣传"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "专题活动与宣传"}); err != nil {
		return err
	}
	if d.Activities, err = s.store.Activities(ctx, o.ID, 0); err != nil {
		return err
	}
	cs, err := s.store.Campaigns(ctx, o.ID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		done, total := c.Progress()
		d.Campaigns = append(d.Campaigns, campaignRow{Campaign: c, Done: done, Total: total})
	}
	if d.Bulletins, err = s.store.Bulletins(ctx, o.ID, false); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "activities", d)
}

// attendee is one member's row of an activity's attendance form.
type attendee struct {
	PersonID int64
	Name     string
	Status   string
	Reason   string
}

type activityFormPage struct {
	base
	Org       zhibu.Org
	Action    string // where the form posts
	Form      form
	Kinds     []option
	Occasions []option
	People    []option
	Items     []option // campaign items: "campaign:item"
	Days      []option // the branch's themed party days
	Attendees []attendee
}

// activityNew is GET /orgs/{id}/activities/new.
func (s *server) activityNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	f := form{"held_on": s.today().String(), "kind": string(zhibu.ActivityThemed), "occasion": r.URL.Query().Get("occasion")}
	return s.activityFormRender(w, r, http.StatusOK, o, 0, f, nil)
}

// activityEdit is GET /orgs/{id}/activities/{vid}/edit: the form filled
// with the activity as recorded.
func (s *server) activityEdit(w http.ResponseWriter, r *http.Request) error {
	o, a, att, err := s.orgActivity(r)
	if err != nil {
		return err
	}
	id := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	f := form{"kind": string(a.Kind), "title": a.Title, "held_on": a.HeldOn.String(), "place": a.Place, "organizer_id": id(a.OrganizerID),
		"liaison_id": id(a.LiaisonID), "occasion": string(a.Occasion), "meeting_id": id(a.MeetingID), "summary": a.Summary}
	if a.ItemID != 0 {
		f["item"] = id(a.CampaignID) + ":" + id(a.ItemID)
	}
	for _, x := range att {
		f["att_"+id(x.PersonID)], f["reason_"+id(x.PersonID)] = string(x.Status), x.Reason
	}
	return s.activityFormRender(w, r, http.StatusOK, o, a.ID, f, zhibu.Problems{})
}

func (s *server) activityFormRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, id int64, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &activityFormPage{Org: o, Form: f, Action: orgHref(o.ID) + "/activities"}
	d.Problems = ps
	d.Title = "登记专题活动"
	if id != 0 {
		d.Title, d.Action = "修改专题活动", activityHref(o.ID, id)
	}
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "专题活动与宣传", Href: orgHref(o.ID) + "/activities"}, crumb{Label: d.Title}); err != nil {
		return err
	}
	for _, k := range zhibu.ActivityKinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: k.Label()})
	}
	d.Occasions = []option{{Value: "", Label: "（无）"}}
	for _, oc := range zhibu.Occasions {
		d.Occasions = append(d.Occasions, option{Value: string(oc), Label: oc.Label()})
	}
	if d.People, err = s.memberOptions(r, o.ID, zhibu.PersonFilter{}); err != nil {
		return err
	}
	cs, err := s.store.Campaigns(ctx, o.ID)
	if err != nil {
		return err
	}
	d.Items = []option{{Value: "", Label: "（不属于专项教育）"}}
	for _, c := range cs {
		for _, it := range c.Items {
			d.Items = append(d.Items, option{Value: strconv.FormatInt(c.ID, 10) + ":" + strconv.FormatInt(it.ID, 10),
				Label: c.Title + "：" + it.Title + "（" + it.DueOn.String() + "前）"})
		}
	}
	ms, err := s.store.Meetings(ctx, store.MeetingFilter{OrgID: o.ID, Type: zhibu.MeetThemedDay, Status: zhibu.MeetingHeld})
	if err != nil {
		return err
	}
	d.Days = []option{{Value: "", Label: "（不是主题党日）"}}
	for _, m := range ms {
		if m.OrgID == o.ID {
			d.Days = append(d.Days, option{Value: strconv.FormatInt(m.ID, 10), Label: m.DateIn(nil).Chinese() + " 主题党日"})
		}
	}
	people, err := s.store.People(ctx, o.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return err
	}
	for _, p := range people {
		id := strconv.FormatInt(p.ID, 10)
		st := f["att_"+id]
		if st == "" && ps == nil {
			st = string(zhibu.AttendPresent)
		}
		d.Attendees = append(d.Attendees, attendee{PersonID: p.ID, Name: p.Name, Status: st, Reason: f["reason_"+id]})
	}
	return s.render(w, r, status, "activity_form", d)
}

// activityCreate is POST /orgs/{id}/activities.
func (s *server) activityCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	return s.activitySave(w, r, o, 0)
}

// activityUpdate is POST /orgs/{id}/activities/{vid}: the activity changed,
// its attendance replaced.
func (s *server) activityUpdate(w http.ResponseWriter, r *http.Request) error {
	o, a, _, err := s.orgActivity(r)
	if err != nil {
		return err
	}
	return s.activitySave(w, r, o, a.ID)
}

func (s *server) activitySave(w http.ResponseWriter, r *http.Request, o zhibu.Org, id int64) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	a := zhibu.Activity{ID: id, OrgID: o.ID, Kind: zhibu.ActivityKind(f["kind"]), Title: f["title"], Place: f["place"],
		OrganizerID: formID(f["organizer_id"]), LiaisonID: formID(f["liaison_id"]), Occasion: zhibu.Occasion(f["occasion"]),
		MeetingID: formID(f["meeting_id"]), Summary: f["summary"]}
	a.HeldOn = f.date("held_on", "活动日期", &ps)
	if c, it, ok := strings.Cut(f["item"], ":"); ok {
		a.CampaignID, a.ItemID = formID(c), formID(it)
	}
	people, err := s.store.People(r.Context(), o.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return err
	}
	var att []zhibu.Attendance
	for _, p := range people {
		id := strconv.FormatInt(p.ID, 10)
		st := zhibu.AttendanceStatus(f["att_"+id])
		if st == "" {
			continue // not listed: not expected
		}
		reason := f["reason_"+id]
		if st != zhibu.AttendExcused {
			reason = ""
		}
		att = append(att, zhibu.Attendance{PersonID: p.ID, PersonName: p.Name, Status: st, Reason: reason})
	}
	if len(ps) == 0 {
		saved, err := s.svc.Activities.Record(r.Context(), a, att)
		if err == nil {
			verb := "已登记专题活动："
			if id != 0 {
				verb = "已修改专题活动："
			}
			return redirect(w, r, activityHref(o.ID, saved.ID), verb+saved.Title)
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(mapField(mapField(err, "campaign_id", "item"), "item_id", "item"))
	} else if err := merge(&ps, a.Validate(s.today(), att)); err != nil {
		return err
	}
	return s.activityFormRender(w, r, http.StatusUnprocessableEntity, o, id, f, ps)
}

type photoRow struct {
	store.Photo
	Href string
}

type activityPage struct {
	base
	Org        zhibu.Org
	A          zhibu.Activity
	Attendance []zhibu.Attendance
	Photos     []photoRow
	CanWrite   bool
	Bulletins  []zhibu.Bulletin
}

// orgActivity is the activity {vid} of the org {id}.
func (s *server) orgActivity(r *http.Request) (zhibu.Org, zhibu.Activity, []zhibu.Attendance, error) {
	o, err := s.org(r)
	if err != nil {
		return o, zhibu.Activity{}, nil, err
	}
	id, err := pathID(r, "vid")
	if err != nil {
		return o, zhibu.Activity{}, nil, err
	}
	a, att, err := s.store.Activity(r.Context(), o.ID, id)
	return o, a, att, err
}

// activityShow is GET /orgs/{id}/activities/{vid}.
func (s *server) activityShow(w http.ResponseWriter, r *http.Request) error {
	o, a, att, err := s.orgActivity(r)
	if err != nil {
		return err
	}
	return s.activityRender(w, r, http.StatusOK, o, a, att, nil)
}

func (s *server) activityRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, a zhibu.Activity, att []zhibu.Attendance, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &activityPage{Org: o, A: a, Attendance: att, CanWrite: zhibu.ActorFrom(ctx).Can(zhibu.PermActivityWrite, o.Path)}
	d.Problems = ps
	d.Title = a.Title
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "专题活动与宣传", Href: orgHref(o.ID) + "/activities"}, crumb{Label: a.Title}); err != nil {
		return err
	}
	photos, err := s.store.ActivityPhotos(ctx, o.ID, a.ID)
	if err != nil {
		return err
	}
	for _, p := range photos {
		d.Photos = append(d.Photos, photoRow{Photo: p, Href: activityHref(o.ID, a.ID) + "/photos/" + strconv.FormatInt(p.ID, 10)})
	}
	bs, err := s.store.Bulletins(ctx, o.ID, false)
	if err != nil {
		return err
	}
	for _, b := range bs {
		if b.ActivityID == a.ID {
			d.Bulletins = append(d.Bulletins, b)
		}
	}
	return s.render(w, r, status, "activity_show", d)
}

// activityPhotoUpload is POST /orgs/{id}/activities/{vid}/photos: the
// pictures of the form, all of them or, if any is refused, none.
func (s *server) activityPhotoUpload(w http.ResponseWriter, r *http.Request) error {
	o, a, att, err := s.orgActivity(r)
	if err != nil {
		return err
	}
	refuse := func(status int, ps zhibu.Problems) error { return s.activityRender(w, r, status, o, a, att, ps) }
	tooLargeBody := zhibu.Problems{{Field: "files", Label: "照片", Message: "照片：提交的文件过大，每次上传合计不能超过" + sizeText(maxAttachmentFiles) + "，请分批上传；未保存任何照片"}}
	if r.ContentLength > maxAttachmentUpload {
		return refuse(http.StatusRequestEntityTooLarge, tooLargeBody)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAttachmentUpload)
	files, tooLarge, ps, err := readAttachments(r)
	switch {
	case errors.Is(err, errUploadTooLarge):
		return refuse(http.StatusRequestEntityTooLarge, tooLargeBody)
	case err != nil:
		return err
	case len(ps) > 0:
		return refuse(http.StatusUnprocessableEntity, zhibu.Problems{{Field: "files", Label: "照片", Message: "照片：请选择要上传的图片"}})
	case len(tooLarge) > 0:
		return refuse(http.StatusRequestEntityTooLarge, append(tooLarge, store.CheckPhotos(files)...))
	}
	added, err := s.svc.Activities.AddPhotos(r.Context(), o.ID, a.ID, files)
	if err != nil {
		if !invalid(err) {
			return err
		}
		return refuse(http.StatusUnprocessableEntity, problemsOf(err))
	}
	return redirect(w, r, activityHref(o.ID, a.ID)+"#photos", "已上传"+strconv.Itoa(len(added))+"张照片")
}

// activityPhoto is GET /orgs/{id}/activities/{vid}/photos/{fid}: the
// picture, of the type its content was found to be, never cached.
func (s *server) activityPhoto(w http.ResponseWriter, r *http.Request) error {
	o, a, _, err := s.orgActivity(r)
	if err != nil {
		return err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	p, err := s.store.ActivityPhoto(r.Context(), o.ID, a.ID, fid)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", p.ContentType)
	h.Set("Content-Disposition", attachmentDisposition("inline", store.Attachment{ID: p.ID, Filename: p.Filename, ContentType: p.ContentType}))
	h.Set("Content-Length", strconv.Itoa(len(p.Data)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(p.Data)
	}
	return nil
}

// activityPhotoDelete is POST /orgs/{id}/activities/{vid}/photos/{fid}/delete:
// the picture goes with its row.
func (s *server) activityPhotoDelete(w http.ResponseWriter, r *http.Request) error {
	o, a, _, err := s.orgActivity(r)
	if err != nil {
		return err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, err := s.svc.Activities.DeletePhoto(r.Context(), o.ID, a.ID, fid)
	if err != nil {
		return err
	}
	return redirect(w, r, activityHref(o.ID, a.ID)+"#photos", "已删除照片："+p.Filename)
}

// Campaigns.

type campaignFormPage struct {
	base
	Org  zhibu.Org
	Form form
}

// campaignNew is GET /orgs/{id}/campaigns/new.
func (s *server) campaignNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	return s.campaignFormRender(w, r, http.StatusOK, o, form{}, nil)
}

func (s *server) campaignFormRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	d := &campaignFormPage{Org: o, Form: f}
	d.Problems = ps
	d.Title = "制定专项教育"
	var err error
	if d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: "专题活动与宣传", Href: orgHref(o.ID) + "/activities"}, crumb{Label: "制定专项教育"}); err != nil {
		return err
	}
	return s.render(w, r, status, "campaign_form", d)
}

// campaignItems reads the planned items, one a line: a date, then the item
// (2026-03-31 动员部署).
func campaignItems(text string, ps *zhibu.Problems) []zhibu.CampaignItem {
	var out []zhibu.CampaignItem
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		label := zhibu.ItemLabel(len(out))
		day, title, _ := strings.Cut(strings.ReplaceAll(line, "　", " "), " ")
		d, err := zhibu.ParseDate(day)
		if err != nil || d.IsZero() {
			ps.Add("items", label, "应先写完成时限再写事项，如“2026-03-31 动员部署”")
			continue
		}
		out = append(out, zhibu.CampaignItem{Title: strings.TrimSpace(title), DueOn: d})
	}
	return out
}

// campaignCreate is POST /orgs/{id}/campaigns.
func (s *server) campaignCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	c := zhibu.Campaign{OrgID: o.ID, Title: f["title"]}
	c.StartsOn = f.date("starts_on", "开始日期", &ps)
	c.EndsOn = f.date("ends_on", "结束日期", &ps)
	c.Items = campaignItems(f["items"], &ps)
	if len(ps) == 0 {
		saved, err := s.svc.Activities.PlanCampaign(r.Context(), c)
		if err == nil {
			return redirect(w, r, orgHref(o.ID)+"/activities#campaigns", "已制定专项教育："+saved.Title)
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	} else if err := merge(&ps, c.Validate()); err != nil {
		return err
	}
	return s.campaignFormRender(w, r, http.StatusUnprocessableEntity, o, f, ps)
}
