package api

import (
	"net/http"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// The branch's voice, read-only: what the superior and an administrator's
// scripts read — a year's disclosures of an org's branches, the letters'
// counts (never their contents or writers) and the research papers.

// voiceRoutes are the voice's endpoints of the route table.
func (a *api) voiceRoutes() []route {
	return []route{
		{"GET /api/v1/orgs/{id}/disclosures", readOrg, a.disclosures},
		{"GET /api/v1/orgs/{id}/mailbox/counts", readOrg, a.letterCounts},
		{"GET /api/v1/orgs/{id}/papers", readOrg, a.papers},
	}
}

// voiceQuery is the org of the path and the year of ?year= (this year
// when absent).
func (a *api) voiceQuery(r *http.Request) (zhibu.Org, int, error) {
	id, err := pathID(r, "组织")
	if err != nil {
		return zhibu.Org{}, 0, err
	}
	p := params{q: r.URL.Query()}
	year := int(p.int("year", 1900, 9999, "应为四位年份，如2026"))
	if year == 0 {
		year = zhibu.Today(time.Now()).Year
	}
	if err := p.ps.Err(); err != nil {
		return zhibu.Org{}, 0, err
	}
	org, err := a.store.Org(r.Context(), id)
	return org, year, err
}

// disclosures answers GET /api/v1/orgs/{id}/disclosures?year=.
func (a *api) disclosures(w http.ResponseWriter, r *http.Request) error {
	org, year, err := a.voiceQuery(r)
	if err != nil {
		return err
	}
	ds, err := a.store.Disclosures(r.Context(), store.DisclosureFilter{Under: org, Year: year})
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []zhibu.Disclosure{}
	}
	return render(w, http.StatusOK, map[string]any{"disclosures": ds})
}

// letterCounts answers GET /api/v1/orgs/{id}/mailbox/counts?year=.
func (a *api) letterCounts(w http.ResponseWriter, r *http.Request) error {
	org, year, err := a.voiceQuery(r)
	if err != nil {
		return err
	}
	cs, err := a.store.LetterCounts(r.Context(), org, year)
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []zhibu.LetterCounts{}
	}
	return render(w, http.StatusOK, map[string]any{"counts": cs})
}

// papers answers GET /api/v1/orgs/{id}/papers?year=.
func (a *api) papers(w http.ResponseWriter, r *http.Request) error {
	org, year, err := a.voiceQuery(r)
	if err != nil {
		return err
	}
	all, err := a.store.Papers(r.Context(), year)
	if err != nil {
		return err
	}
	out := []zhibu.Paper{}
	for _, p := range all {
		if strings.HasPrefix(p.OrgPath, org.Path) {
			out = append(out, p)
		}
	}
	return render(w, http.StatusOK, map[string]any{"papers": out})
}
