package web

import (
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/service"
)

// archiveOrg is the policy of an org's archive: its secretary and
// organization officer, and the committees above.
var archiveOrg = access.On(zhibu.PermArchive, access.PathOrg, "id")

// archivePage is an org's archive for a year (seed §9): its records under
// the seed's categories with their retention, and its year-end packages,
// the newest first, with their progress.
type archivePage struct {
	base
	Org        zhibu.Org
	Year       int
	Categories []service.CategoryLine
	Jobs       []zhibu.ArchiveJob
	Running    bool // a package is being built: the page refreshes itself
	Latest     *zhibu.ArchiveJob
	Years      []int
}

// checkInsPage is a member's community check-ins with the form to add one.
type checkInsPage struct {
	base
	Person   zhibu.Person
	CheckIns []zhibu.CommunityCheckIn
	CanWrite bool
	Form     form
}

// archiveRoutes are the routes of this page family.
func (s *server) archiveRoutes() []route {
	return []route{
		{"GET /orgs/{id}/archive", archiveOrg, s.archiveShow},
		{"POST /orgs/{id}/archive/build", archiveOrg, s.archiveBuild},
		{"GET /orgs/{id}/archive/package", archiveOrg, s.archiveDownload},
		{"GET /people/{id}/checkins", readPerson, s.checkInsShow},
		{"POST /people/{id}/checkins", writePerson, s.checkInAdd},
	}
}

func archiveHref(orgID int64, year int) string {
	return orgHref(orgID) + "/archive?year=" + strconv.Itoa(year)
}

// archiveYear is the ?year= (or form) year, by default last year: the
// year a package is made for.
func (s *server) archiveYear(v string) int {
	if y, err := strconv.Atoi(v); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return s.today().Year - 1
}

// archiveShow is GET /orgs/{id}/archive?year=.
func (s *server) archiveShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	return s.archiveRender(w, r, http.StatusOK, o, s.archiveYear(r.URL.Query().Get("year")), nil)
}

func (s *server) archiveRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, year int, ps zhibu.Problems) error {
	ctx := r.Context()
	if o.Kind == zhibu.KindGroup {
		return redirect(w, r, archiveHref(o.ParentID, year), "")
	}
	d := &archivePage{Org: o, Year: year}
	d.Title = o.Name + " · " + strconv.Itoa(year) + "年度党建档案"
	d.Problems = ps
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "党建档案"}); err != nil {
		return err
	}
	for y := s.today().Year; y >= s.today().Year-5; y-- {
		d.Years = append(d.Years, y)
	}
	if zhibu.CheckArchiveYear(year, s.today()) == nil {
		if d.Categories, err = s.svc.Archive.Catalogue(ctx, o.ID, year); err != nil {
			return err
		}
	}
	if d.Jobs, err = s.store.ArchiveJobs(ctx, o.ID, year); err != nil {
		return err
	}
	for i, j := range d.Jobs {
		switch {
		case j.Status == zhibu.ArchiveRunning:
			d.Running = true
		case j.Status == zhibu.ArchiveDone && d.Latest == nil:
			d.Latest = &d.Jobs[i]
		}
	}
	return s.render(w, r, status, "archive", d)
}

// archiveBuild is POST /orgs/{id}/archive/build: starts the year's
// package in the background and shows its progress.
func (s *server) archiveBuild(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	year, convErr := strconv.Atoi(f["year"])
	if convErr != nil {
		return s.archiveRender(w, r, http.StatusUnprocessableEntity, o, s.archiveYear(""),
			zhibu.Problems{{Field: "year", Label: "年度", Message: "年度：请选择要生成档案包的年度"}})
	}
	_, err = s.svc.Archive.Start(r.Context(), o.ID, year)
	var ps zhibu.Problems
	if err := merge(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.archiveRender(w, r, http.StatusUnprocessableEntity, o, s.archiveYear(f["year"]), ps)
	}
	return redirect(w, r, archiveHref(o.ID, year), "已开始生成"+strconv.Itoa(year)+"年年终档案包，完成后可下载")
}

// archiveDownload is GET /orgs/{id}/archive/package?year=: the newest
// finished package of the year, streamed from the store.
func (s *server) archiveDownload(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	year := s.archiveYear(r.URL.Query().Get("year"))
	j, err := s.store.LatestArchive(r.Context(), o.ID, year)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", contentDisposition(o.Name+strconv.Itoa(year)+"年年终档案包.zip"))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.FormatInt(j.Size, 10))
	if err := s.store.WriteArchive(r.Context(), j.ID, w); err != nil {
		s.log.Error("archive download", "job", j.ID, "err", err) // the headers are sent: the client sees a short file
	}
	return nil
}

// checkInsShow is GET /people/{id}/checkins.
func (s *server) checkInsShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	return s.checkInsRender(w, r, http.StatusOK, p, nil, nil)
}

func (s *server) checkInsRender(w http.ResponseWriter, r *http.Request, status int, p zhibu.Person, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	cs, err := s.store.CheckIns(ctx, p.ID)
	if err != nil {
		return err
	}
	d := &checkInsPage{Person: p, CheckIns: cs, CanWrite: zhibu.ActorFrom(ctx).Can(zhibu.PermPeopleWrite, p.OrgPath)}
	d.Problems = ps
	if f == nil {
		f = form{"reported_on": s.today().String()}
	}
	d.Form = f
	d.Title = p.Name + " · 在职党员到社区报到"
	if d.Crumbs, err = s.personCrumbs(r, p, crumb{Label: "社区报到"}); err != nil {
		return err
	}
	return s.render(w, r, status, "checkins", d)
}

// checkInAdd is POST /people/{id}/checkins.
func (s *server) checkInAdd(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	c := zhibu.CommunityCheckIn{PersonID: p.ID, Community: f["community"], ReportedOn: f.date("reported_on", "报到日期", &ps), Services: f["services"]}
	if len(ps) == 0 {
		_, err = s.svc.Archive.SaveCheckIn(r.Context(), c)
	} else {
		c.ReportedOn = s.today() // its own problem is already listed
		err = c.Validate(s.today())
	}
	if err := merge(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.checkInsRender(w, r, http.StatusUnprocessableEntity, p, f, ps)
	}
	return redirect(w, r, personHref(p.ID)+"/checkins", "已登记到社区报到情况")
}
