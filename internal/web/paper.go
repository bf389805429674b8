package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zhibu"
)

// paperPage is a branch's research paper of a year: its topic and
// deadline, the suggestions (for those who write it), the drafts, and the
// forms to set the topic, save a draft and submit.
type paperPage struct {
	base
	Org         zhibu.Org
	Year        int
	Paper       *zhibu.Paper
	Suggestions []zhibu.Suggestion
	Drafts      []zhibu.Draft
	CanWrite    bool
	Form        form
}

// paperShow is GET /orgs/{id}/paper: a branch's paper, or, for a
// committee, the papers of its branches (topic, deadline, submitted).
func (s *server) paperShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	switch o.Kind {
	case zhibu.KindBranch:
		return s.paperRender(w, r, http.StatusOK, o, s.yearOf(r), nil, nil)
	case zhibu.KindGroup:
		return zhibu.Errorf(zhibu.ErrNotFound, "该组织不是党支部")
	}
	ctx := r.Context()
	d := &papersPage{Org: o, Year: s.yearOf(r)}
	d.Title = o.Name + " · " + strconv.Itoa(d.Year) + "年各支部党建调研论文"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "调研论文"}); err != nil {
		return err
	}
	all, err := s.store.Papers(ctx, d.Year)
	if err != nil {
		return err
	}
	for _, p := range all {
		if strings.HasPrefix(p.OrgPath, o.Path) {
			d.Papers = append(d.Papers, p)
		}
	}
	return s.render(w, r, http.StatusOK, "papers", d)
}

// papersPage is the superior's list of its branches' papers.
type papersPage struct {
	base
	Org    zhibu.Org
	Year   int
	Papers []zhibu.Paper
}

func (s *server) paperRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, year int, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &paperPage{Org: o, Year: year, Form: f}
	d.Problems = ps
	d.Title = o.Name + " · " + strconv.Itoa(year) + "年党建调研论文"
	d.CanWrite = zhibu.ActorFrom(ctx).Can(zhibu.PermPaper, o.Path)
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "调研论文"}); err != nil {
		return err
	}
	p, err := s.store.Paper(ctx, o.ID, year)
	switch {
	case isNotFound(err):
	case err != nil:
		return err
	default:
		d.Paper = &p
		if d.Drafts, err = s.store.Drafts(ctx, p.ID); err != nil {
			return err
		}
		if d.CanWrite {
			if d.Suggestions, err = s.store.Suggestions(ctx, p.ID); err != nil {
				return err
			}
		}
	}
	if d.Form == nil {
		d.Form = form{"due_on": strconv.Itoa(year) + "-11-30"}
		if d.Paper != nil {
			d.Form["topic"], d.Form["due_on"] = d.Paper.Topic, d.Paper.DueOn.String()
		}
		if len(d.Drafts) > 0 {
			d.Form["title"], d.Form["body"] = d.Drafts[0].Title, d.Drafts[0].Body
		}
	}
	return s.render(w, r, status, "paper", d)
}

// paperYear is the year a paper form names (field year), else this year.
func (s *server) paperYear(r *http.Request) int {
	if y, err := strconv.Atoi(r.PostForm.Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return s.today().Year
}

func paperHref(o zhibu.Org, year int) string {
	return orgHref(o.ID) + "/paper?year=" + strconv.Itoa(year)
}

// paperSet is POST /orgs/{id}/paper (year, topic, due_on).
func (s *server) paperSet(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f, year := formFrom(r.PostForm), s.paperYear(r)
	p := zhibu.Paper{OrgID: o.ID, Year: year, Topic: f["topic"]}
	p.DueOn, _ = zhibu.ParseDate(f["due_on"])
	p, err = s.svc.Papers.Set(r.Context(), p)
	if invalid(err) {
		return s.paperRender(w, r, http.StatusUnprocessableEntity, o, year, f, problemsOf(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, paperHref(o, year), "已确定调研论文题目")
}

// paperOf is the branch's paper of the form's year, or the problem that
// there is none.
func (s *server) paperOf(r *http.Request, o zhibu.Org, year int) (zhibu.Paper, error) {
	p, err := s.store.Paper(r.Context(), o.ID, year)
	if isNotFound(err) {
		return p, zhibu.Problems{{Field: "topic", Label: "调研题目", Message: "调研题目：请先确定" + strconv.Itoa(year) + "年的调研论文题目"}}
	}
	return p, err
}

// paperDraft is POST /orgs/{id}/paper/drafts (year, title, body).
func (s *server) paperDraft(w http.ResponseWriter, r *http.Request) error {
	return s.paperAct(w, r, "已保存论文稿", func(p zhibu.Paper, f form) error {
		_, err := s.svc.Papers.SaveDraft(r.Context(), p.ID, zhibu.Draft{Title: f["title"], Body: r.PostForm.Get("body")})
		return err
	})
}

// paperSubmit is POST /orgs/{id}/paper/submit (year).
func (s *server) paperSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.paperAct(w, r, "已报送上级", func(p zhibu.Paper, _ form) error {
		_, err := s.svc.Papers.Submit(r.Context(), p.ID)
		return err
	})
}

func (s *server) paperAct(w http.ResponseWriter, r *http.Request, done string, act func(zhibu.Paper, form) error) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f, year := formFrom(r.PostForm), s.paperYear(r)
	p, err := s.paperOf(r, o, year)
	if err == nil {
		err = act(p, f)
	}
	if invalid(err) {
		return s.paperRender(w, r, http.StatusUnprocessableEntity, o, year, f, problemsOf(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, paperHref(o, year), done)
}

// paperDocx is GET /orgs/{id}/paper/paper.docx?year=&version=: the
// submitted draft (or the latest, or the version asked) as .docx.
func (s *server) paperDocx(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	p, err := s.store.Paper(r.Context(), o.ID, s.yearOf(r))
	if err != nil {
		return err
	}
	v, _ := strconv.Atoi(r.URL.Query().Get("version"))
	b, name, err := s.svc.Papers.Docx(r.Context(), p.ID, v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", "attachment; filename=\"paper.docx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(b)
	return err
}

// myPaperPage is a member's view of their branch's paper: the topic and
// the form to suggest.
type myPaperPage struct {
	base
	Year  int
	Paper *zhibu.Paper
	Form  form
}

func (s *server) myPaperRender(w http.ResponseWriter, r *http.Request, status int, f form, ps zhibu.Problems) error {
	d := &myPaperPage{Year: s.today().Year, Form: f}
	d.Problems = ps
	d.Title = "党建调研论文意见建议"
	if d.Form == nil {
		d.Form = form{"anonymous": "true"}
	}
	if zhibu.ActorFrom(r.Context()).PersonID != 0 {
		p, err := s.store.MyPaper(r.Context(), d.Year)
		switch {
		case err == nil:
			d.Paper = &p
		case !isNotFound(err):
			return err
		}
	}
	return s.render(w, r, status, "paper_mine", d)
}

// myPaper is GET /paper.
func (s *server) myPaper(w http.ResponseWriter, r *http.Request) error {
	return s.myPaperRender(w, r, http.StatusOK, nil, nil)
}

// paperSuggest is POST /paper/suggestions (body, anonymous).
func (s *server) paperSuggest(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	if zhibu.ActorFrom(r.Context()).PersonID == 0 {
		return s.myPaperRender(w, r, http.StatusUnprocessableEntity, f, zhibu.Problems{{Message: "只有党员本人的账号可以提出意见建议"}})
	}
	_, err := s.svc.Papers.Suggest(r.Context(), s.today().Year, zhibu.Suggestion{Anonymous: f["anonymous"] == "true", Body: f["body"]})
	if isNotFound(err) {
		err = zhibu.Problems{{Field: "body", Label: "意见建议", Message: "意见建议：本支部尚未确定今年的调研论文题目"}}
	}
	if invalid(err) {
		return s.myPaperRender(w, r, http.StatusUnprocessableEntity, f, problemsOf(err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/paper", "已提交意见建议")
}
