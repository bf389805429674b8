package api

import (
	"net/http"

	"zhibu"
	"zhibu/internal/access"
)

// Search (docs/search.md): GET /api/v1/search?q= answers the records the
// token's account may read that hold every term of q, grouped by kind,
// each with its snippet as pieces (hit marks the words asked for).

// searchRoutes are the search endpoints of the route table.
func (a *api) searchRoutes() []route {
	return []route{
		{"GET /api/v1/search", access.LoggedIn, a.search},
	}
}

// search answers GET /api/v1/search?q=.
func (a *api) search(w http.ResponseWriter, r *http.Request) error {
	q, groups, err := a.svc.Search.Find(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	if groups == nil {
		groups = []zhibu.SearchGroup{}
	}
	return render(w, http.StatusOK, map[string]any{"q": q.Text, "groups": groups})
}
