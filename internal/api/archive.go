package api

import (
	"net/http"
	"strconv"
	"time"

	"zhibu"
	"zhibu/internal/access"
)

// The archives (docs/archives.md): an org's records of a year under the
// seed's categories, its year-end packages (built in the background,
// then downloaded), and the members' community check-ins.

var archiveOrg = access.On(zhibu.PermArchive, access.PathOrg, "id")

// archiveRoutes are the archive endpoints of the route table.
func (a *api) archiveRoutes() []route {
	return []route{
		{"GET /api/v1/orgs/{id}/archive", archiveOrg, a.archive},
		{"POST /api/v1/orgs/{id}/archive", archiveOrg, a.archiveBuild},
		{"GET /api/v1/orgs/{id}/archive/package", archiveOrg, a.archivePackage},
		{"GET /api/v1/people/{id}/checkins", readPerson, a.checkIns},
		{"POST /api/v1/people/{id}/checkins", writePerson, a.checkInAdd},
	}
}

// archiveYear reads ?year=, by default last year.
func archiveYear(r *http.Request) (int, error) {
	p := params{q: r.URL.Query()}
	year := int(p.int("year", 2000, 2100, "应为四位年份，如2025"))
	if err := p.ps.Err(); err != nil {
		return 0, err
	}
	if year == 0 {
		year = zhibu.Today(time.Now()).Year - 1
	}
	return year, nil
}

// archive answers GET /api/v1/orgs/{id}/archive?year=: the categories
// with their retention and what the year's records hold, and the year's
// packages (newest first, with their progress).
func (a *api) archive(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	year, err := archiveYear(r)
	if err != nil {
		return err
	}
	cats, err := a.svc.Archive.Catalogue(r.Context(), id, year)
	if err != nil {
		return err
	}
	type category struct {
		Category  zhibu.ArchiveCategory `json:"category"`
		Name      string                `json:"name"`
		Contents  string                `json:"contents"`
		Retention string                `json:"retention"`
		Lines     []string              `json:"lines"`
	}
	out := []category{}
	for _, c := range cats {
		out = append(out, category{c.Category, c.Name, c.Contents, c.Retention.Label(), c.Lines})
	}
	jobs, err := a.store.ArchiveJobs(r.Context(), id, year)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, map[string]any{"org_id": id, "year": year, "categories": out, "packages": jobs})
}

// archiveBuild answers POST /api/v1/orgs/{id}/archive with {"year":N}:
// 202 and the job, built in the background; GET …/archive shows its
// progress.
func (a *api) archiveBuild(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		Year int `json:"year"`
	}](w, r)
	if err != nil {
		return err
	}
	j, err := a.svc.Archive.Start(r.Context(), id, in.Year)
	if err != nil {
		return err
	}
	return render(w, http.StatusAccepted, j)
}

// archivePackage answers GET /api/v1/orgs/{id}/archive/package?year=: the
// newest finished package of the year, as a zip.
func (a *api) archivePackage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	year, err := archiveYear(r)
	if err != nil {
		return err
	}
	j, err := a.store.LatestArchive(r.Context(), id, year)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Length", strconv.FormatInt(j.Size, 10))
	w.Header().Set("Content-Disposition", `attachment; filename="archive-`+strconv.Itoa(year)+`.zip"`)
	if err := a.store.WriteArchive(r.Context(), j.ID, w); err != nil {
		a.log.Error("archive download", "job", j.ID, "err", err) // the headers are sent
	}
	return nil
}

// checkIns answers GET /api/v1/people/{id}/checkins.
func (a *api) checkIns(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	cs, err := a.store.CheckIns(r.Context(), id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, cs)
}

// checkInAdd answers POST /api/v1/people/{id}/checkins: 201 and the
// check-in.
func (a *api) checkInAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[zhibu.CommunityCheckIn](w, r)
	if err != nil {
		return err
	}
	in.ID, in.PersonID = 0, id
	saved, err := a.svc.Archive.SaveCheckIn(r.Context(), in)
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, saved)
}
