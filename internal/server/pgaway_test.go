package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"zhibu/internal/demo/demotest"

	"zhibu/internal/server"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// cutProxy forwards TCP connections to a server until cut: then it drops
// every open connection and every new one, until restored. It stands for
// PostgreSQL going away (restart, network) without touching the shared
// server.
type cutProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]bool
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(c)
		}
	}()
	return p
}

func (p *cutProxy) serve(c net.Conn) {
	p.mu.Lock()
	if p.down {
		p.mu.Unlock()
		c.Close()
		return
	}
	p.mu.Unlock()
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()
	go func() { io.Copy(up, c); up.Close() }()
	io.Copy(c, up)
	c.Close()
}

// cut drops every connection and refuses new ones.
func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

func (p *cutProxy) restore() {
	p.mu.Lock()
	p.down = false
	p.mu.Unlock()
}

// TestPostgresGoesAway runs zhibu on PostgreSQL through a proxy and cuts
// it: meanwhile requests, a login among them, fail at once with 503,
// Retry-After and a Chinese message saying the database cannot be reached; once the proxy is back,
// requests succeed again without a restart.
func TestPostgresGoesAway(t *testing.T) {
	dsn := demotest.PostgresDSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newCutProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	u.RawQuery += "&connect_timeout=5"
	ctx := context.Background()
	s, err := store.Open(ctx, u.String(), storetest.Keys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const token = "zb_pg-away-test-token-not-a-secret"
	zb03 := demoWithToken(t, s, token, "断连测试")
	h, err := server.New(s, service.New(s, service.Options{}), server.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	get := func() (*httptest.ResponseRecorder, time.Duration) {
		req := httptest.NewRequest("GET", "/api/v1/orgs/"+strconv.FormatInt(zb03.ID, 10), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		return rec, time.Since(start)
	}
	if rec, _ := get(); rec.Code != http.StatusOK {
		t.Fatalf("before the cut: %d %s", rec.Code, rec.Body)
	}
	proxy.cut()
	for i := range 5 {
		rec, took := get()
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "数据库") {
			t.Errorf("request %d while PostgreSQL is away: %d %q (Retry-After %q)", i+1, rec.Code, rec.Body, rec.Header().Get("Retry-After"))
		}
		if took > 10*time.Second {
			t.Errorf("request %d while PostgreSQL is away took %v", i+1, took)
		}
	}
	// A login meanwhile (no session yet: the login's own reads fail) and
	// the API with a token the handler itself reads the database for.
	login := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"login": {"书记"}, "password": {"not-the-password-1A!"}}.Encode()))
	login.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, login)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "数据库暂时无法连接") {
		t.Errorf("a login while PostgreSQL is away: %d %q (Retry-After %q)", rec.Code, rec.Body, rec.Header().Get("Retry-After"))
	}
	proxy.restore()
	deadline := time.Now().Add(15 * time.Second)
	for {
		rec, _ := get()
		if rec.Code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("15 s after PostgreSQL came back: %d %s", rec.Code, rec.Body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for i := range 5 {
		if rec, _ := get(); rec.Code != http.StatusOK {
			t.Fatalf("request %d after PostgreSQL came back: %d %s", i+1, rec.Code, rec.Body)
		}
	}
}
