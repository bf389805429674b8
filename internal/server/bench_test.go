package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/password"
	"zhibu/internal/server"
	"zhibu/internal/service"
	"zhibu/internal/web"
)

// BenchmarkLogin is a password login: argon2id, the lockout bookkeeping,
// a new session and its audit record.
//
//	go test -run '^$' -bench 'Login|PageView' ./internal/server/
func BenchmarkLogin(b *testing.B) {
	s := demotest.SQLite(b)
	hash, err := password.Hash("Bench-登录-2026")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateAccount(sys, zhibu.Account{Login: "bench", Name: "基准"}, hash); err != nil {
		b.Fatal(err)
	}
	a := auth.New(s, nil)
	ctx := zhibu.WithActor(context.Background(), zhibu.Actor{})
	for b.Loop() {
		if _, err := a.Login(ctx, "bench", "Bench-登录-2026", "", "127.0.0.1", "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPageView compares the seed branch's page seen by its secretary
// through the whole server (session lookup, rights derived from positions,
// the route's policy, scoped queries) with the same page from the UI
// handler alone for the system actor (no session, no policy work).
func BenchmarkPageView(b *testing.B) {
	s := demotest.SQLite(b)
	branch, err := s.OrgByCode(sys, demo.BranchCode)
	if err != nil {
		b.Fatal(err)
	}
	path := "/orgs/" + strconv.FormatInt(branch.ID, 10)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	run := func(b *testing.B, h http.Handler, prepare func(*http.Request) *http.Request) {
		b.ReportAllocs()
		for b.Loop() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, prepare(httptest.NewRequest("GET", path, nil)))
			if rec.Code != http.StatusOK {
				b.Fatalf("GET %s: %d", path, rec.Code)
			}
		}
	}
	b.Run("with-policy", func(b *testing.B) {
		h, err := server.New(s, service.New(s, service.Options{}), server.Options{Demo: true, Log: log})
		if err != nil {
			b.Fatal(err)
		}
		accounts, _ := s.DemoAccounts(sys)
		w := &world{h: h}
		var cookie *http.Cookie
		for _, a := range accounts {
			if a.Login == "书记" {
				cookie = w.login(b, a.ID)
			}
		}
		run(b, h, func(r *http.Request) *http.Request { r.AddCookie(cookie); return r })
	})
	b.Run("without", func(b *testing.B) {
		h, err := web.New(s, service.New(s, service.Options{}), auth.New(s, nil), web.Options{Log: log})
		if err != nil {
			b.Fatal(err)
		}
		run(b, h, func(r *http.Request) *http.Request { return r.WithContext(sys) })
	})
}
