package web

import (
	"net/http"
	"net/url"
	"strings"

	"zhibu/internal/access"
)

// links decides, for the links a page builds in Go (a finding's fix or
// evidence, a calendar cell), whether its viewer may follow them: the
// route the mux gives the link and that route's policy, checked by
// access.Check exactly as the request itself would be (an object outside
// the viewer's scope is not found, so its link is not shown either). The
// route table stays the one source of who may open what. Answers are kept
// per link for the page being built.
type links struct {
	s    *server
	r    *http.Request
	memo map[string]bool
}

func (s *server) links(r *http.Request) *links {
	return &links{s: s, r: r, memo: map[string]bool{}}
}

// ok reports whether the viewer may follow href (a GET link of this site;
// a fragment alone is the page itself).
func (l *links) ok(href string) bool {
	if href == "" {
		return false
	}
	if v, ok := l.memo[href]; ok {
		return v
	}
	v := l.check(href)
	l.memo[href] = v
	return v
}

func (l *links) check(href string) bool {
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return false
	}
	if u.Path == "" {
		return true // "#anchor": this page
	}
	req, err := http.NewRequestWithContext(l.r.Context(), http.MethodGet, u.RequestURI(), nil)
	if err != nil {
		return false
	}
	_, pattern := l.s.mux.Handler(req)
	p, ok := l.s.policies[pattern]
	if !ok {
		return false // no page of the route table: the catch-all's "not found"
	}
	_, path, _ := strings.Cut(pattern, " ")
	want, got := strings.Split(path, "/"), strings.Split(u.Path, "/")
	for i, seg := range want {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && i < len(got) {
			name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}"), "...")
			if name != "$" {
				req.SetPathValue(name, got[i])
			}
		}
	}
	return access.Check(req.Context(), l.s.store, p, req) == nil
}

// prune drops the links of findings the viewer may not follow.
func (l *links) prune(vs []findingView) {
	for i := range vs {
		v := &vs[i]
		if !l.ok(v.Fix.Href) {
			v.Fix = link{}
		}
		for j := range v.Evidence {
			if !l.ok(v.Evidence[j].Href) {
				v.Evidence[j].Href = "" // named, not linked
			}
		}
	}
}

// pruneCells drops the links of calendar cells the viewer may not follow.
func (l *links) pruneCells(sections []calSection) {
	for i := range sections {
		for j := range sections[i].Rows {
			for k := range sections[i].Rows[j].Cells {
				if c := &sections[i].Rows[j].Cells[k]; !l.ok(c.Href) {
					c.Href = ""
				}
			}
		}
	}
}
