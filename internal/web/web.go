// Package web is zhibu's server-rendered user interface, in Chinese. It
// works without JavaScript: every page is a GET that changes nothing, and
// every change is a POST answered by a redirect (or, on invalid input, by
// the same form again with status 422 and a message beside each field).
//
// Templates and static files are embedded; Options.Dev reads them from disk
// instead. Static files are served under content-hashed URLs with long cache
// lifetimes. Each request's context must carry a zhibu.Actor: every store
// call is scoped by it.
package web

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

//go:embed templates static
var embedded embed.FS

// Options configure the UI.
type Options struct {
	Log *slog.Logger
	// Dev reads templates and static files from disk (internal/web/templates,
	// internal/web/static, relative to the working directory) on every
	// request instead of from the binary.
	Dev bool
}

// server holds what the handlers share.
type server struct {
	store *store.Store
	log   *slog.Logger
	mux   *http.ServeMux
	views *views
	now   func() time.Time
	// nav is the header's menu; later modules add their entries here.
	nav []navItem
}

// navItem is one entry of the header's menu, active on the paths that
// start with one of its prefixes.
type navItem struct {
	Label    string
	Href     string
	Prefixes []string
}

// New returns the UI handler for every path except /api/.
func New(s *store.Store, opt Options) (http.Handler, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	tmpl, static := mustSub(embedded, "templates"), mustSub(embedded, "static")
	if opt.Dev {
		tmpl, static = os.DirFS("internal/web/templates"), os.DirFS("internal/web/static")
	}
	v, err := newViews(tmpl, static, opt.Dev)
	if err != nil {
		return nil, err
	}
	srv := &server{
		store: s,
		log:   opt.Log,
		mux:   http.NewServeMux(),
		views: v,
		now:   time.Now,
		nav: []navItem{
			{Label: "组织架构", Href: "/orgs", Prefixes: []string{"/orgs", "/people"}},
		},
	}
	srv.routes()
	return srv.mux, nil
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

func (s *server) routes() {
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/orgs", http.StatusFound)
	})
	s.mux.Handle("GET /static/{hash}/{file}", http.HandlerFunc(s.serveStatic))
	s.handle("GET /", func(w http.ResponseWriter, r *http.Request) error {
		return errPageNotFound
	})

	// orgs.go
	s.handle("GET /orgs", s.orgTree)
	s.handle("GET /orgs/new", s.orgNew)
	s.handle("POST /orgs", s.orgCreate)
	s.handle("GET /orgs/{id}", s.orgShow)
	s.handle("GET /orgs/{id}/edit", s.orgEdit)
	s.handle("POST /orgs/{id}", s.orgUpdate)
	s.handle("GET /orgs/{id}/move", s.orgMoveForm)
	s.handle("POST /orgs/{id}/move", s.orgMove)

	// committee.go
	s.handle("GET /orgs/{id}/terms/new", s.termNew)
	s.handle("POST /orgs/{id}/terms/new", s.termCreate)
	s.handle("POST /orgs/{id}/terms", s.termCreate)
	s.handle("GET /orgs/{id}/groups/{gid}/leader", s.leaderForm)
	s.handle("POST /orgs/{id}/groups/{gid}/leader", s.leaderSet)
	s.handle("GET /orgs/{id}/supervisions/new", s.supervisionNew)
	s.handle("POST /orgs/{id}/supervisions/new", s.supervisionCreate)
	s.handle("POST /orgs/{id}/supervisions", s.supervisionCreate)

	// roster.go
	s.handle("GET /orgs/{id}/print", s.rosterPrint)
	s.handle("GET /orgs/{id}/export.xlsx", s.exportXLSX)
	s.handle("GET /orgs/{id}/export.csv", s.exportCSV)
	s.handle("GET /orgs/{id}/import", s.importForm)
	s.handle("POST /orgs/{id}/import", s.importPreview)
	s.handle("POST /orgs/{id}/import/confirm", s.importConfirm)
	s.handle("GET /orgs/{id}/import/template.xlsx", s.importTemplate)

	// people.go
	s.handle("GET /people/new", s.personNew)
	s.handle("POST /people", s.personCreate)
	s.handle("GET /people/{id}", s.personShow)
	s.handle("GET /people/{id}/edit", s.personEdit)
	s.handle("POST /people/{id}", s.personUpdate)
	s.handle("GET /people/{id}/move", s.personMoveForm)
	s.handle("POST /people/{id}/move", s.personMove)
}

// today is the calendar date the UI validates input on.
func (s *server) today() zhibu.Date { return zhibu.Today(s.now()) }
