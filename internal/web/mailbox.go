package web

import (
	"net/http"

	"zhibu"
	"zhibu/internal/store"
)

// The mailbox's pages. The receipt code of a letter is shown once, on the
// page that answers the POST that wrote it; it is never in a URL, and it
// is typed back into a POST form to read the reply.

// mailboxPage is what a member sees: the form to write, the code just
// given, the letter a code opened, and their own named letters.
type mailboxPage struct {
	base
	Form       form
	Recipients []option
	Code       string        // the receipt code of the letter just written (shown once)
	Opened     *zhibu.Letter // the letter a receipt code opened
	Mine       []zhibu.Letter
	NoPerson   bool
}

func (s *server) mailboxRender(w http.ResponseWriter, r *http.Request, status int, d *mailboxPage) error {
	ctx := r.Context()
	d.Title = "书记、副书记信箱"
	d.Recipients = []option{{string(zhibu.ToSecretary), zhibu.ToSecretary.Label()}, {string(zhibu.ToDeputy), zhibu.ToDeputy.Label()}}
	d.NoPerson = zhibu.ActorFrom(ctx).PersonID == 0
	if d.Form == nil {
		d.Form = form{"to": string(zhibu.ToSecretary), "anonymous": "true"}
	}
	var err error
	if d.Mine, err = s.store.MyLetters(ctx); err != nil {
		return err
	}
	return s.render(w, r, status, "mailbox", d)
}

// mailboxShow is GET /mailbox.
func (s *server) mailboxShow(w http.ResponseWriter, r *http.Request) error {
	return s.mailboxRender(w, r, http.StatusOK, &mailboxPage{})
}

// mailboxWrite is POST /mailbox/letters: the letter is stored and the
// receipt code shown on the answer, once.
func (s *server) mailboxWrite(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	if zhibu.ActorFrom(r.Context()).PersonID == 0 {
		d := &mailboxPage{Form: f}
		d.Notice = "只有党员本人的账号可以写信"
		return s.mailboxRender(w, r, http.StatusUnprocessableEntity, d)
	}
	l := zhibu.Letter{To: zhibu.Recipient(f["to"]), Anonymous: f["anonymous"] == "true", Subject: f["subject"], Body: f["body"]}
	l, code, err := s.svc.Mailbox.Write(r.Context(), l)
	if invalid(err) {
		d := &mailboxPage{Form: f}
		d.Problems = problemsOf(err)
		return s.mailboxRender(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	d := &mailboxPage{Code: code}
	d.Flash = "信件已送达" + l.To.Label()
	w.Header().Set("Cache-Control", "no-store")
	return s.mailboxRender(w, r, http.StatusOK, d)
}

// mailboxReceipt is POST /mailbox/receipt: the letter a code opens.
func (s *server) mailboxReceipt(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	l, err := s.svc.Mailbox.Read(r.Context(), r.PostForm.Get("code"))
	if invalid(err) || isNotFound(err) {
		d := &mailboxPage{}
		d.Problems = zhibu.Problems{{Field: "code", Label: "回执码", Message: zhibu.UserMessage(err)}}
		if ps := problemsOf(err); invalid(err) && len(ps) > 0 {
			d.Problems = ps
		}
		return s.mailboxRender(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.mailboxRender(w, r, http.StatusOK, &mailboxPage{Opened: &l})
}

// branchMailboxPage is the handlers' view of a branch's letters.
type branchMailboxPage struct {
	base
	Org       zhibu.Org
	Letters   []zhibu.Letter
	Deadlines map[int64]zhibu.Date
	Form      form
	Today     zhibu.Date
}

// branchMailbox is GET /orgs/{id}/mailbox.
func (s *server) branchMailbox(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	return s.branchMailboxRender(w, r, http.StatusOK, o, nil, nil)
}

func (s *server) branchMailboxRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &branchMailboxPage{Org: o, Form: f, Today: s.today()}
	d.Problems = ps
	d.Title = o.Name + " · 书记、副书记信箱"
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "书记信箱"}); err != nil {
		return err
	}
	if d.Letters, err = s.store.Letters(ctx, store.LetterFilter{OrgID: o.ID}); err != nil {
		return err
	}
	if d.Deadlines, err = s.svc.Mailbox.Deadlines(ctx, o); err != nil {
		return err
	}
	return s.render(w, r, status, "mailbox_branch", d)
}

// mailboxReply is POST /orgs/{id}/mailbox/reply (letter, reply).
func (s *server) mailboxReply(w http.ResponseWriter, r *http.Request) error {
	return s.mailboxAct(w, r, "已答复信件", func(id int64, f form) error {
		_, err := s.svc.Mailbox.Reply(r.Context(), id, f["reply"])
		return err
	})
}

// mailboxClose is POST /orgs/{id}/mailbox/close (letter).
func (s *server) mailboxClose(w http.ResponseWriter, r *http.Request) error {
	return s.mailboxAct(w, r, "已办结信件", func(id int64, _ form) error {
		_, err := s.svc.Mailbox.Close(r.Context(), id)
		return err
	})
}

func (s *server) mailboxAct(w http.ResponseWriter, r *http.Request, done string, act func(int64, form) error) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	id := formItem(r, "letter")
	if id == 0 {
		return s.branchMailboxRender(w, r, http.StatusUnprocessableEntity, o, f, problemsOf(missing("letter", "信件")))
	}
	err = act(id, f)
	if invalid(err) {
		return s.branchMailboxRender(w, r, http.StatusUnprocessableEntity, o, f, problemsOf(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, orgHref(o.ID)+"/mailbox", done)
}

// mailboxCountsPage is what the superior sees of the mailboxes: counts,
// never contents or writers.
type mailboxCountsPage struct {
	base
	Org    zhibu.Org
	Year   int
	Counts []zhibu.LetterCounts
}

// mailboxCounts is GET /orgs/{id}/mailbox/counts: the letters of the
// year by branch under the org (in the viewer's scope).
func (s *server) mailboxCounts(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := &mailboxCountsPage{Org: o, Year: s.yearOf(r)}
	d.Title = o.Name + " · 书记信箱来信统计"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "信箱统计"}); err != nil {
		return err
	}
	if d.Counts, err = s.store.LetterCounts(ctx, o, d.Year); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "mailbox_counts", d)
}
