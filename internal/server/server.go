// Package server puts zhibu's web UI and JSON API behind the middleware
// every request passes: panic recovery, a request log, security headers,
// cross-origin (CSRF) protection, and the acting person.
package server

import (
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/api"
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/web"
)

// Options configure the handler.
type Options struct {
	Log    *slog.Logger
	Dev    bool             // read templates and static files from disk
	Demo   bool             // offer one-click login as the demo accounts
	Secure bool             // the server runs TLS: Secure cookies and HSTS
	Now    func() time.Time // the clock of sessions and logins (tests)
}

// New returns the whole HTTP handler: the UI at / and the API at /api/v1/,
// both calling the services svc.
func New(s *store.Store, svc *service.Services, opt Options) (http.Handler, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	au := auth.New(s, opt.Now)
	ui, err := web.New(s, svc, au, web.Options{Log: opt.Log, Dev: opt.Dev, Demo: opt.Demo, Secure: opt.Secure})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", api.New(s, svc, opt.Log))
	mux.Handle("/", ui)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	var h http.Handler = mux
	h = authenticate(h, au, opt)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(denyCrossOrigin))
	h = cop.Handler(h)
	h = limitBodies(h)
	h = withHeaders(h)
	h = withLog(h, opt.Log)
	return h, nil
}

// authenticate puts the acting person on the request's context, where
// every route's policy and every store query read it: from an API bearer
// token, or from the session cookie. A request with neither carries no
// actor, and the routes that need one send it to the login page (or
// answer 401 under /api/).
func authenticate(next http.Handler, au *auth.Service, opt Options) http.Handler {
	cookie := auth.CookieName(opt.Secure)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		addr := clientAddress(r)
		var (
			actor zhibu.Actor
			duty  auth.Duty
			err   error
		)
		if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && strings.HasPrefix(r.URL.Path, "/api/") {
			actor, err = au.Token(ctx, strings.TrimSpace(bearer), addr)
		} else if c, cerr := r.Cookie(cookie); cerr == nil {
			actor, duty, err = au.Session(ctx, c.Value, addr)
			if errors.Is(err, auth.ErrNoSession) {
				http.SetCookie(w, &http.Cookie{Name: cookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: opt.Secure, SameSite: http.SameSiteLaxMode})
			}
		}
		switch {
		case errors.Is(err, auth.ErrNoSession):
			actor = zhibu.Actor{Address: addr}
		case err != nil && store.Unreachable(err):
			opt.Log.Error("authenticate: database unreachable", "err", err)
			unavailable(w, r)
			return
		case err != nil:
			opt.Log.Error("authenticate", "err", err)
			http.Error(w, "内部错误", http.StatusInternalServerError)
			return
		}
		if actor.AccountID == 0 {
			actor.Address = addr
		}
		ctx = zhibu.WithActor(ctx, actor)
		ctx = web.WithDuty(ctx, duty)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Bounds on every request body, before any handler reads it: an upload
// (multipart) may be as large as the largest a route takes — 50 MiB of
// meeting attachments and the form around them — and any other body (a
// form, JSON) 1 MiB. The routes bound their bodies more tightly still.
const (
	maxUploadBytes = 51 << 20
	maxBodyBytes   = 1 << 20
)

// limitBodies refuses a body over its bound with 413 before reading it
// when its length is declared, and cuts it off there when it is not.
func limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxBodyBytes)
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
			limit = maxUploadBytes
		}
		if r.ContentLength > limit {
			w.Header().Set("Connection", "close")
			msg := fmt.Sprintf("提交的内容过大：上限为 %d MiB", limit>>20)
			if strings.HasPrefix(r.URL.Path, "/api/") {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.WriteHeader(http.StatusRequestEntityTooLarge)
				fmt.Fprintf(w, `{"error":{"code":"invalid","message":%q}}`+"\n", msg)
				return
			}
			http.Error(w, msg, http.StatusRequestEntityTooLarge)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// unavailable answers 503 with Retry-After while the database cannot be
// reached; the pool reconnects by itself once it is back.
func unavailable(w http.ResponseWriter, r *http.Request) {
	const msg = store.UnreachableMessage
	w.Header().Set("Retry-After", "5")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, `{"error":{"code":"unavailable","message":%q}}`+"\n", msg)
		return
	}
	http.Error(w, msg, http.StatusServiceUnavailable)
}

// clientAddress is the request's remote IP, for the audit trail.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// denyCrossOrigin answers a state-changing request from another site.
func denyCrossOrigin(w http.ResponseWriter, r *http.Request) {
	const msg = "拒绝来自其他网站的请求（跨站请求伪造防护）"
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"error":{"code":"forbidden","message":"` + msg + `"}}` + "\n"))
		return
	}
	http.Error(w, msg, http.StatusForbidden)
}

// csp allows only the server's own scripts, styles and images: no inline
// script, nothing from elsewhere, no framing.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func withHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withLog logs each request and turns a panic into a 500 page.
func withLog(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("panic", "method", r.Method, "path", logPath(r.URL.Path), "panic", p)
				if sw.status == 0 {
					http.Error(sw, "内部错误", http.StatusInternalServerError)
				}
			}
			if !strings.HasPrefix(r.URL.Path, "/static/") {
				log.Info("request", "method", r.Method, "path", logPath(r.URL.Path), "status", sw.status, "ms", time.Since(start).Milliseconds())
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// logPath is a request's path as the log keeps it: a calendar feed's path
// holds its token, a credential, and is cut.
func logPath(p string) string {
	if strings.HasPrefix(p, "/ical/") {
		return "/ical/…"
	}
	return p
}
