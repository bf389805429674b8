package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/bulletin"
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

// Bulletins.

type bulletinPage struct {
	base
	Org        zhibu.Org
	B          zhibu.Bulletin
	Form       form
	Channels   []channelBox
	ActivityID int64
	Activity   string
	CanEdit    bool
	CanReview  bool
	CanApprove bool
	CanPublish bool
}

type channelBox struct {
	Value, Label string
	Checked      bool
}

func channelBoxes(f form) []channelBox {
	var out []channelBox
	for _, c := range zhibu.Channels {
		out = append(out, channelBox{Value: string(c), Label: c.Label(), Checked: f["ch_"+string(c)] != ""})
	}
	return out
}

func bulletinForm(b zhibu.Bulletin) form {
	f := form{"title": b.Title, "body": b.Body, "activity_id": ""}
	if b.ActivityID != 0 {
		f["activity_id"] = strconv.FormatInt(b.ActivityID, 10)
	}
	for _, c := range b.Channels {
		f["ch_"+string(c)] = "true"
	}
	return f
}

// bulletinNew is GET /orgs/{id}/bulletins/new?activity=: a draft, written
// from the activity when one is named.
func (s *server) bulletinNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	b := zhibu.Bulletin{OrgID: o.ID, Status: zhibu.BulletinDraft}
	if id := formID(r.URL.Query().Get("activity")); id != 0 {
		if b, err = s.svc.Activities.DraftFrom(r.Context(), o.ID, id); err != nil {
			return err
		}
	}
	return s.bulletinRender(w, r, http.StatusOK, o, b, bulletinForm(b), nil)
}

func (s *server) bulletinRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, b zhibu.Bulletin, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	a := zhibu.ActorFrom(ctx)
	d := &bulletinPage{Org: o, B: b, Form: f, Channels: channelBoxes(f)}
	d.Problems = ps
	write := o.Kind == zhibu.KindBranch && a.Can(zhibu.PermActivityWrite, o.Path)
	d.CanEdit = write && b.Status == zhibu.BulletinDraft
	d.CanReview = b.ID != 0 && b.Status == zhibu.BulletinDraft && a.Can(zhibu.PermBulletinReview, o.Path)
	d.CanApprove = b.Status == zhibu.BulletinReviewed && a.Can(zhibu.PermBulletinApprove, o.Path)
	d.CanPublish = write && b.Status == zhibu.BulletinApproved
	if id := formID(f["activity_id"]); id != 0 {
		if act, _, err := s.store.Activity(ctx, o.ID, id); err == nil {
			d.ActivityID, d.Activity = act.ID, act.HeldOn.Chinese()+" "+act.Title
		}
	}
	d.Title = "党建信息简报"
	label := "编写简报"
	if b.ID != 0 {
		d.Title, label = b.Title, b.Title
	}
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "专题活动与宣传", Href: orgHref(o.ID) + "/activities"}, crumb{Label: label}); err != nil {
		return err
	}
	return s.render(w, r, status, "bulletin", d)
}

// bulletinFromForm reads the draft's fields.
func bulletinFromForm(f form, o zhibu.Org) zhibu.Bulletin {
	b := zhibu.Bulletin{OrgID: o.ID, Title: f["title"], Body: f["body"], ActivityID: formID(f["activity_id"])}
	for _, c := range zhibu.Channels {
		if f["ch_"+string(c)] != "" {
			b.Channels = append(b.Channels, c)
		}
	}
	return b
}

// bulletinCreate is POST /orgs/{id}/bulletins: a new draft.
func (s *server) bulletinCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	return s.bulletinSave(w, r, o, zhibu.Bulletin{OrgID: o.ID, Status: zhibu.BulletinDraft})
}

func (s *server) bulletinSave(w http.ResponseWriter, r *http.Request, o zhibu.Org, old zhibu.Bulletin) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	f["body"] = strings.TrimSpace(strings.ToValidUTF8(r.PostForm.Get("body"), ""))
	b := bulletinFromForm(f, o)
	b.ID = old.ID
	saved, err := s.svc.Activities.Draft(r.Context(), b)
	if err == nil {
		return redirect(w, r, bulletinHref(o.ID, saved.ID), "已保存简报草稿")
	}
	if !invalid(err) {
		return err
	}
	return s.bulletinRender(w, r, http.StatusUnprocessableEntity, o, old, f, problemsOf(err))
}

// orgBulletin is the bulletin {bid} of the org {id}.
func (s *server) orgBulletin(r *http.Request) (zhibu.Org, zhibu.Bulletin, error) {
	o, err := s.org(r)
	if err != nil {
		return o, zhibu.Bulletin{}, err
	}
	id, err := pathID(r, "bid")
	if err != nil {
		return o, zhibu.Bulletin{}, err
	}
	b, err := s.store.Bulletin(r.Context(), o.ID, id)
	return o, b, err
}

// bulletinShow is GET /orgs/{id}/bulletins/{bid}: the bulletin as it will
// read, with the form of a draft and the steps the viewer may take.
func (s *server) bulletinShow(w http.ResponseWriter, r *http.Request) error {
	o, b, err := s.orgBulletin(r)
	if err != nil {
		return err
	}
	return s.bulletinRender(w, r, http.StatusOK, o, b, bulletinForm(b), nil)
}

// bulletinUpdate is POST /orgs/{id}/bulletins/{bid}: a draft edited.
func (s *server) bulletinUpdate(w http.ResponseWriter, r *http.Request) error {
	o, b, err := s.orgBulletin(r)
	if err != nil {
		return err
	}
	return s.bulletinSave(w, r, o, b)
}

// bulletinStep takes a bulletin of {id} to next: reviewed, approved,
// returned to draft (with a note) or published.
func (s *server) bulletinStep(next zhibu.BulletinStatus, flash string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		o, b, err := s.orgBulletin(r)
		if err != nil {
			return err
		}
		if err := parseForm(w, r); err != nil {
			return err
		}
		f := formFrom(r.PostForm)
		done, err := s.svc.Activities.Step(r.Context(), o.ID, b.ID, next, f["note"])
		if err == nil {
			if next == zhibu.BulletinPublished {
				flash += "为" + done.IssueLabel()
			}
			return redirect(w, r, bulletinHref(o.ID, b.ID), flash)
		}
		if !invalid(err) {
			return err
		}
		form := bulletinForm(b)
		form["note"] = f["note"]
		return s.bulletinRender(w, r, http.StatusUnprocessableEntity, o, b, form, problemsOf(err))
	}
}

// publishedBulletin is the bulletin {bid} once published; before, its
// documents are not there.
func (s *server) publishedBulletin(r *http.Request) (zhibu.Org, zhibu.Bulletin, error) {
	o, b, err := s.orgBulletin(r)
	if err == nil && b.Status != zhibu.BulletinPublished {
		err = zhibu.Errorf(zhibu.ErrNotFound, "简报尚未发布")
	}
	return o, b, err
}

func (s *server) bulletinInfo(r *http.Request, o zhibu.Org, b zhibu.Bulletin) bulletin.Info {
	info := bulletin.Info{OrgName: o.Name}
	if b.ActivityID != 0 {
		if a, _, err := s.store.Activity(r.Context(), o.ID, b.ActivityID); err == nil {
			info.Activity = a.HeldOn.Chinese() + " " + a.Title
		}
	}
	return info
}

// bulletinDocx is GET /orgs/{id}/bulletins/{bid}/bulletin.docx.
func (s *server) bulletinDocx(w http.ResponseWriter, r *http.Request) error {
	o, b, err := s.publishedBulletin(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := bulletin.Doc(b, s.bulletinInfo(r, o, b)).WriteTo(&buf); err != nil {
		return err
	}
	return download(w, bulletin.Masthead+b.IssueLabel()+".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &buf)
}

// bulletinHTML is GET /orgs/{id}/bulletins/{bid}/bulletin.html: the static
// page to put on a website, as a download.
func (s *server) bulletinHTML(w http.ResponseWriter, r *http.Request) error {
	o, b, err := s.publishedBulletin(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := bulletin.WriteHTML(&buf, b, s.bulletinInfo(r, o, b)); err != nil {
		return err
	}
	return download(w, strconv.FormatInt(b.ID, 10)+".html", "text/html; charset=utf-8", &buf)
}

// bulletinFeed is GET /orgs/{id}/bulletins/feed.atom: the branch's
// published issues as an Atom feed; the entries link to their pages as
// the website hosts them (docs/activities.md).
func (s *server) bulletinFeed(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	bs, err := s.store.Bulletins(r.Context(), o.ID, true)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := bulletin.WriteFeed(&buf, bs, bulletin.FeedInfo{OrgName: o.Name, OrgCode: o.Code, Host: hostName(r),
		BaseURL: "bulletins"}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// hostName is the request's host without its port, for the feed's ids.
func hostName(r *http.Request) string {
	h := r.Host
	if i := strings.LastIndex(h, ":"); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	if h == "" {
		h = "localhost"
	}
	return h
}

// Stance meetings.

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
