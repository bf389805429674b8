package web

import (
	"net/http"

	"zhibu"
	"zhibu/internal/access"
)

// Search (检索, docs/search.md): the box in the header and the page of
// what was found, grouped by kind, each hit with its snippet (escaped by
// the template, the words asked for marked). Every logged-in account may
// search; the store finds only what the account may read.

// searchRoutes are the search routes of the route table.
func (s *server) searchRoutes() []route {
	return []route{
		{"GET /search", access.LoggedIn, s.searchShow},
	}
}

type searchPage struct {
	base
	Q        string
	Searched bool
	Groups   []zhibu.SearchGroup
	Count    int
}

// searchShow is GET /search?q=: the form, and what q finds.
func (s *server) searchShow(w http.ResponseWriter, r *http.Request) error {
	d := &searchPage{Q: r.URL.Query().Get("q")}
	d.Title = "检索"
	if !r.URL.Query().Has("q") {
		return s.render(w, r, http.StatusOK, "search", d)
	}
	_, groups, err := s.svc.Search.Find(r.Context(), d.Q)
	if invalid(err) {
		d.Problems = problemsOf(err)
		return s.render(w, r, http.StatusUnprocessableEntity, "search", d)
	}
	if err != nil {
		return err
	}
	d.Searched, d.Groups = true, groups
	for _, g := range groups {
		d.Count += len(g.Hits)
	}
	return s.render(w, r, http.StatusOK, "search", d)
}
