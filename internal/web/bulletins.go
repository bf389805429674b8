package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/bulletin"
)

// Bulletins (党建信息简报) of the activities stream (docs/activities.md):
// from draft through the propaganda officer's review and the secretary's
// approval to a published, numbered issue as .docx, static HTML and Atom.

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
