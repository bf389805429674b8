package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/store"
)

// views are the parsed page templates and the static files with their
// content hashes. In dev mode both are read again on every use.
type views struct {
	tmpl   fs.FS
	static fs.FS
	dev    bool

	mu     sync.Mutex
	pages  map[string]*template.Template
	assets map[string]asset
}

// asset is a static file and the hash that its URL carries.
type asset struct {
	hash string
	data []byte
}

// Files of the templates directory that are not pages.
const (
	layoutFile   = "layout.html"
	partialsFile = "partials.html"
)

func newViews(tmpl, static fs.FS, dev bool) (*views, error) {
	v := &views{tmpl: tmpl, static: static, dev: dev}
	if err := v.load(); err != nil {
		return nil, err
	}
	return v, nil
}

// load parses every page and hashes every static file.
func (v *views) load() error {
	pages := map[string]*template.Template{}
	assets := map[string]asset{}
	names, err := fs.Glob(v.static, "*")
	if err != nil {
		return err
	}
	for _, n := range names {
		data, err := fs.ReadFile(v.static, n)
		if err != nil {
			return fmt.Errorf("web: static %s: %w", n, err)
		}
		sum := sha256.Sum256(data)
		assets[n] = asset{hash: hex.EncodeToString(sum[:6]), data: data}
	}
	files, err := fs.Glob(v.tmpl, "*.html")
	if err != nil {
		return err
	}
	for _, f := range files {
		if f == layoutFile || f == partialsFile {
			continue
		}
		t, err := template.New(f).Funcs(funcs(assets)).ParseFS(v.tmpl, layoutFile, partialsFile, f)
		if err != nil {
			return fmt.Errorf("web: template %s: %w", f, err)
		}
		pages[strings.TrimSuffix(f, ".html")] = t
	}
	v.mu.Lock()
	v.pages, v.assets = pages, assets
	v.mu.Unlock()
	return nil
}

func (v *views) page(name string) (*template.Template, error) {
	if v.dev {
		if err := v.load(); err != nil {
			return nil, err
		}
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	t, ok := v.pages[name]
	if !ok {
		return nil, fmt.Errorf("web: no template %q", name)
	}
	return t, nil
}

func (v *views) asset(name string) (asset, bool) {
	if v.dev {
		if err := v.load(); err != nil {
			return asset{}, false
		}
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	a, ok := v.assets[name]
	return a, ok
}

// serveStatic answers /static/{hash}/{file}. The current hash is cached for
// a year; an old hash still gets the file, revalidated every time.
func (s *server) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	a, ok := s.views.asset(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.PathValue("hash") == a.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("ETag", `"`+a.hash+`"`)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.data))
}

// base is what every page's data holds: the layout reads it.
type base struct {
	Title    string
	Crumbs   []crumb
	Flash    string
	Nav      []navLink
	Actor    string
	LoggedIn bool
	viewer   zhibu.Actor
	Problems zhibu.Problems // invalid input, shown at the top and beside each field
	Notice   string         // a message about the input that belongs to no field
	Print    bool           // a page made for printing: no header
	Home     string         // where the viewer starts: the logo's link
	policies map[string]access.Policy
}

func (b *base) page() *base { return b }

// Can reports whether the viewer holds perm on the org at path, so a page
// shows only the buttons its viewer may use (the routes check again).
func (b *base) Can(perm, path string) bool { return b.viewer.Can(zhibu.Perm(perm), path) }

// May reports whether the viewer may follow the route written as the
// route table writes it ("GET /orgs/{id}/meetings/new") on target: an org
// (zhibu.Org), a person (zhibu.Person) or the path of an org (a string).
// It decides by the route's own policy (access.Allows), so a page shows a
// link only to those the route will let through. An unknown pattern is an
// error, so a mistyped one fails the page rather than hiding a link.
func (b *base) May(pattern string, target any) (bool, error) {
	p, ok := b.policies[pattern]
	if !ok {
		return false, fmt.Errorf("web: no route %q", pattern)
	}
	var o access.Object
	switch t := target.(type) {
	case zhibu.Org:
		o.OrgPath = t.Path
	case *zhibu.Org:
		o.OrgPath = t.Path
	case zhibu.Person:
		o = access.Object{OrgPath: t.OrgPath, PersonID: t.ID}
	case *zhibu.Person:
		o = access.Object{OrgPath: t.OrgPath, PersonID: t.ID}
	case string:
		o.OrgPath = t
	case nil:
	default:
		return false, fmt.Errorf("web: May %q: cannot judge a %T", pattern, target)
	}
	return access.Allows(b.viewer, p, o), nil
}

// CanAny reports whether the viewer holds perm on some org.
func (b *base) CanAny(perm string) bool { return access.Holds(b.viewer, zhibu.Perm(perm)) }

// pageData is a page's data: a struct that embeds base.
type pageData interface{ page() *base }

// crumb is one step of the breadcrumb; the last has no link.
type crumb struct {
	Label string
	Href  string
}

type navLink struct {
	Label  string
	Href   string
	Active bool
}

// render writes a page with the layout. Pages may show personal data, so
// none is stored by caches.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, d pageData) error {
	b := d.page()
	actor := zhibu.ActorFrom(r.Context())
	for _, n := range s.nav {
		if !n.shown(actor) {
			continue
		}
		l := navLink{Label: n.Label, Href: n.Href}
		for _, p := range n.Prefixes {
			l.Active = l.Active || strings.HasPrefix(r.URL.Path, p)
		}
		b.Nav = append(b.Nav, l)
	}
	b.Actor = actor.Name
	b.LoggedIn = actor.AccountID != 0
	b.viewer = actor
	b.Home = homeOf(actor)
	b.policies = s.policies
	b.Flash = takeFlash(w, r)
	t, err := s.views.page(name)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	buf.WriteTo(w)
	return nil
}

// handler is a page: it writes a response, or returns an error that
// serveError turns into one.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *server) handle(pattern string, h handler) {
	s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.serveError(w, r, err)
		}
	}))
}

var errPageNotFound = zhibu.Errorf(zhibu.ErrNotFound, "页面不存在")

// errorPage is the data of error.html.
type errorPage struct {
	base
	Status  int
	Message string
}

// serveError is the one place that maps errors to statuses and pages:
// the Chinese message for what users can act on, "内部错误" and a log line
// for everything else.
func (s *server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, access.ErrLogin) {
		to := "/login"
		if r.Method == http.MethodGet {
			to += "?next=" + url.QueryEscape(r.URL.RequestURI())
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	status := http.StatusInternalServerError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.Is(err, zhibu.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, zhibu.ErrForbidden):
		status = http.StatusForbidden
	case errors.Is(err, zhibu.ErrInvalid):
		status = http.StatusUnprocessableEntity
	case errors.Is(err, zhibu.ErrConflict):
		status = http.StatusConflict
	case errors.As(err, &tooLarge):
		status = http.StatusRequestEntityTooLarge
	case store.Unreachable(err):
		status = http.StatusServiceUnavailable
	}
	msg := zhibu.UserMessage(err)
	switch status {
	case http.StatusRequestEntityTooLarge:
		msg = "提交的内容过大（上限" + sizeText(tooLarge.Limit) + "）"
	case http.StatusServiceUnavailable:
		msg = store.UnreachableMessage
		w.Header().Set("Retry-After", "5")
		s.log.ErrorContext(r.Context(), "web: database unreachable", slog.String("path", r.URL.Path), slog.Any("err", err))
	case http.StatusInternalServerError:
		s.log.ErrorContext(r.Context(), "web: internal error", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	d := &errorPage{Status: status, Message: msg}
	switch status {
	case http.StatusNotFound:
		d.Title = "未找到"
	case http.StatusInternalServerError:
		d.Title = "内部错误"
	case http.StatusForbidden:
		d.Title = "无权访问"
	case http.StatusServiceUnavailable:
		d.Title = "暂时无法访问"
	default:
		d.Title = "无法完成操作"
	}
	if rerr := s.render(w, r, status, "error", d); rerr != nil {
		s.log.ErrorContext(r.Context(), "web: render error page", slog.Any("err", rerr))
		http.Error(w, msg, status)
	}
}

// sizeText writes a byte count for a message: 11 MB.
func sizeText(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	if n >= 1<<10 {
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}

// redirect answers a successful POST: 303 to a page, with a flash message
// that the next page shows once.
func redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(flash)),
			Path: "/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

const flashCookie = "zhibu_flash"

// takeFlash reads the flash message and clears it.
func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || len(b) > 500 {
		return ""
	}
	return string(b)
}

// pathID is the id a path segment names; anything but a positive number is
// a page that does not exist.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errPageNotFound
	}
	return id, nil
}

// formID reads an optional id from a form or query value: 0 when empty or
// not a number (the store then reports the field).
func formID(v string) int64 {
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// maxFormBytes bounds an ordinary (not file upload) form.
const maxFormBytes = 1 << 20

// parseForm reads a POSTed form; a body that cannot be read is the user's
// problem, not an internal error.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return zhibu.Errorf(zhibu.ErrInvalid, "无法读取提交的表单")
	}
	return nil
}

// form is a form's values as the user typed them, by field name.
type form map[string]string

func formFrom(v url.Values) form {
	f := form{}
	for k := range v {
		f[k] = clean(v.Get(k))
	}
	return f
}

// clean trims a value a user typed and drops what no field may hold:
// invalid UTF-8 and control characters other than line breaks and tabs
// (PostgreSQL refuses a NUL in text).
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < ' ' && r != '\n' && r != '\r' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// date reads a date field, adding a problem when it cannot be read. The
// value is kept as typed, or normalized when it could be read.
func (f form) date(name, label string, ps *zhibu.Problems) zhibu.Date {
	d, err := zhibu.ParseDate(f[name])
	if err != nil {
		ps.Add(name, label, "“"+f[name]+"”不是有效日期，应如2018-07-01")
		return zhibu.Date{}
	}
	if !d.IsZero() {
		f[name] = d.String()
	}
	return d
}

// merge adds the problems of err (a zhibu.Problems) to ps, except for
// fields that already have one. It returns err when err is not about the
// input.
func merge(ps *zhibu.Problems, err error) error {
	if err == nil {
		return nil
	}
	var more zhibu.Problems
	if !errors.As(err, &more) {
		return err
	}
	for _, p := range more {
		if p.Field == "" || ps.For(p.Field) == "" {
			*ps = append(*ps, p)
		}
	}
	return nil
}

// invalid reports whether err is about the user's input, to be shown on
// the form: problems with fields, or a conflict.
func invalid(err error) bool {
	return errors.Is(err, zhibu.ErrInvalid) || errors.Is(err, zhibu.ErrConflict)
}

func isNotFound(err error) bool { return errors.Is(err, zhibu.ErrNotFound) }

// problemsOf is err as problems to show on a form: its own, or one problem
// with its message.
func problemsOf(err error) zhibu.Problems {
	var ps zhibu.Problems
	if errors.As(err, &ps) {
		return ps
	}
	return zhibu.Problems{{Message: zhibu.UserMessage(err)}}
}

// orgHref is the page of an org.
func orgHref(id int64) string { return "/orgs/" + strconv.FormatInt(id, 10) }

// personHref is the page of a person.
func personHref(id int64) string { return "/people/" + strconv.FormatInt(id, 10) }

// option is one choice of a select.
type option struct {
	Value string
	Label string
}

// field is what the form partials need to draw one input.
type field struct {
	ID       string // the element's id: f-name, or f-form-name for a page with several forms
	Name     string
	Label    string
	Value    string
	Err      string
	Type     string
	Required bool
	List     string // id of a datalist
	Hint     string
	Options  []option
	Checked  bool
}

// funcs are the template functions.
func funcs(assets map[string]asset) template.FuncMap {
	return template.FuncMap{
		"static": func(name string) string {
			return "/static/" + assets[name].hash + "/" + path.Base(name)
		},
		"mask":      maskID,
		"yesno":     func(b bool) string { return map[bool]string{true: "是", false: "否"}[b] },
		"orgURL":    orgHref,
		"personURL": personHref,
		"field": func(ps zhibu.Problems, f form, name, label string, flags ...string) field {
			fd := field{ID: "f-" + name, Name: name, Label: label, Value: f[name], Err: ps.For(name), Type: "text"}
			for _, fl := range flags {
				k, v, _ := strings.Cut(fl, ":")
				switch k {
				case "required":
					fd.Required = true
				case "type":
					fd.Type = v
				case "list":
					fd.List = v
				case "hint":
					fd.Hint = v
				case "form": // one of several forms on the page with this field
					fd.ID = "f-" + v + "-" + name
				}
			}
			fd.Checked = fd.Value != "" && fd.Value != "false" && fd.Value != "0"
			return fd
		},
		"options": func(opts []option, f field) field { f.Options = opts; return f },
		"badge":   func(s zhibu.PartyStatus) string { return "badge st-" + string(s) },
		"depth":   func(d int) string { return "d" + strconv.Itoa(min(max(d, 0), 6)) },
		"add":     func(a, b int) int { return a + b },
		"hours":   zhibu.Hours,   // study.go
		"numeral": zhibu.Numeral, // plan.go
		"list": func(kv ...string) []option { // value, label pairs
			var out []option
			for i := 0; i+1 < len(kv); i += 2 {
				out = append(out, option{Value: kv[i], Label: kv[i+1]})
			}
			return out
		},
		"join": strings.Join,
		"what": problemText,
		"localTime": func(t time.Time) string {
			return t.In(zhibu.DefaultZone).Format("2006-01-02 15:04")
		},
		"hasRole": func(a zhibu.Account, role string) bool {
			for _, r := range a.Roles {
				if string(r.Role) == role {
					return true
				}
			}
			return false
		},
	}
}

// problemText is what a problem says without the row and column that a
// table shows beside it.
func problemText(p zhibu.Problem) string {
	m := strings.TrimPrefix(p.Message, "第"+strconv.Itoa(p.Row)+"行 ")
	return strings.TrimPrefix(m, p.Label+"：")
}

// maskID hides the middle of an ID number: 110101********1234.
func maskID(id string) string {
	if len(id) != 18 {
		if len(id) <= 4 {
			return strings.Repeat("*", len(id))
		}
		return strings.Repeat("*", len(id)-4) + id[len(id)-4:]
	}
	return id[:6] + "********" + id[14:]
}
