package web

import (
	"bytes"
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/studyexport"
)

// Heart-to-heart talks (谈心谈话, docs/talks.md): a branch's talk register
// and the coverage of the pairs the rules ask for, by half year; the
// register as xlsx; a person's own talks and the form where a party
// records one. A talk's content shows only to its parties, the secretary
// and the discipline officer: the store blanks it for anyone else.

// talkRoutes are the talk routes of the route table.
func (s *server) talkRoutes() []route {
	return []route{
		{"GET /orgs/{id}/talks", readOrg, s.talkList},
		{"GET /orgs/{id}/talks/register.xlsx", readOrg, s.talkRegister},
		{"GET /people/{id}/talks", readPerson, s.personTalks},
		{"POST /people/{id}/talks", ownPerson, s.talkRecord},
	}
}

type talksPage struct {
	base
	Org   zhibu.Org
	Year  int
	Years []int
	Talks []zhibu.Talk
	Cov   *service.Coverage
}

// talkList is GET /orgs/{id}/talks: the register of a branch's year and
// its coverage; a committee lists its branches.
func (s *server) talkList(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	switch o.Kind {
	case zhibu.KindGroup:
		return zhibu.Errorf(zhibu.ErrNotFound, "谈心谈话按党支部登记，请查看所在支部")
	case zhibu.KindBranch:
	default:
		return s.branchList(w, r, o, "谈心谈话", "/talks")
	}
	ctx := r.Context()
	year := s.yearParam(r)
	d := &talksPage{Org: o, Year: year}
	for y := s.today().Year; y >= s.today().Year-4; y-- {
		d.Years = append(d.Years, y)
	}
	if d.Talks, err = s.store.Talks(ctx, o.ID, year); err != nil {
		return err
	}
	if d.Cov, err = s.svc.Talks.Coverage(ctx, o.ID, year); err != nil {
		return err
	}
	d.Title = o.Name + " " + strconv.Itoa(year) + "年谈心谈话"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "谈心谈话"}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "talks", d)
}

// talkRegister is GET /orgs/{id}/talks/register.xlsx: the talk register of
// a year (the content where the reader may see it).
func (s *server) talkRegister(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	switch o.Kind {
	case zhibu.KindGroup:
		return zhibu.Errorf(zhibu.ErrNotFound, "谈心谈话按党支部登记，请查看所在支部")
	case zhibu.KindBranch:
	default: // kept by branch: the page lists the branches to choose from
		http.Redirect(w, r, orgHref(o.ID)+"/talks", http.StatusSeeOther)
		return nil
	}
	year := s.yearParam(r)
	talks, err := s.store.Talks(r.Context(), o.ID, year)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := studyexport.WriteTalks(&buf, o.Name, year, talks); err != nil {
		return err
	}
	return download(w, o.Name+strconv.Itoa(year)+"年谈心谈话记录本.xlsx", xlsxType, &buf)
}

type personTalksPage struct {
	base
	Person   zhibu.Person
	Talks    []zhibu.Talk
	Own      bool
	Partners []option
	Form     form
}

// personTalks is GET /people/{id}/talks: the talks a person took part in;
// on their own page, the form to record one.
func (s *server) personTalks(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	return s.personTalksRender(w, r, http.StatusOK, p, form{"held_on": s.today().String()}, nil)
}

func (s *server) personTalksRender(w http.ResponseWriter, r *http.Request, status int, p zhibu.Person, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	talks, err := s.store.PersonTalks(ctx, p.ID)
	if err != nil {
		return err
	}
	d := &personTalksPage{Person: p, Talks: talks, Own: zhibu.ActorFrom(ctx).PersonID == p.ID, Form: f}
	d.Problems = ps
	if d.Own {
		partners, err := s.store.TalkPartners(ctx, p.ID)
		if err != nil {
			return err
		}
		d.Partners = []option{{Value: "", Label: "请选择"}}
		for _, x := range partners {
			d.Partners = append(d.Partners, option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
		}
	}
	d.Title = p.Name + " 谈心谈话"
	d.Crumbs = []crumb{{Label: p.Name, Href: personHref(p.ID)}, {Label: "谈心谈话"}}
	return s.render(w, r, status, "talks_person", d)
}

// talkRecord is POST /people/{id}/talks: the person records a talk they
// had with another person of their branch.
func (s *server) talkRecord(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	on := f.date("held_on", "谈话日期", &ps)
	t := zhibu.Talk{AID: p.ID, BID: formID(f["b_id"]), HeldOn: on, Place: f["place"], Topics: f["topics"], FollowUp: f["follow_up"]}
	if len(ps) == 0 {
		saved, err := s.svc.Talks.Record(r.Context(), t)
		if err == nil {
			return redirect(w, r, personHref(p.ID)+"/talks", "已登记与"+saved.BName+"的谈心谈话")
		}
		if !invalid(err) {
			return err
		}
		ps = append(ps, problemsOf(err)...)
	}
	return s.personTalksRender(w, r, http.StatusUnprocessableEntity, p, f, ps)
}
