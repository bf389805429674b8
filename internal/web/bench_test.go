package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/gen"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
	"zhibu/internal/web"
)

var (
	tierOnce sync.Once
	tierDB   string
	tierErr  error
)

// tierM is a SQLite database of the M tier (a bureau: 200 branches, 600
// groups, 10,000 people), made once per test binary.
func tierM(b *testing.B) *store.Store {
	b.Helper()
	tierOnce.Do(func() {
		dir, err := os.MkdirTemp("", "zhibu-bench-m")
		if err != nil {
			tierErr = err
			return
		}
		tierDB = filepath.Join(dir, "m.db")
		ctx := zhibu.WithActor(context.Background(), zhibu.System)
		s, err := store.Open(ctx, tierDB, storetest.Keys)
		if err == nil {
			err = s.Migrate(ctx)
		}
		if err == nil {
			_, err = gen.Generate(ctx, s, gen.Tiers["M"], 1, nil)
		}
		if s != nil {
			s.Close()
		}
		tierErr = err
	})
	if tierErr != nil {
		b.Fatal(tierErr)
	}
	s, err := store.Open(context.Background(), tierDB, storetest.Keys)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchPage measures GET path on the M tier through the whole UI handler.
func benchPage(b *testing.B, path func(ctx context.Context, s *store.Store) string) {
	s := tierM(b)
	h, err := web.New(s, service.New(s, service.Options{}), auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	url := path(ctx, s)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", url, nil).WithContext(ctx)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", url, rec.Code)
		}
	}
}

// BenchmarkBranchPageM is one branch's page (committee, groups, the roster
// of 50) in a bureau of 10,000 people.
func BenchmarkBranchPageM(b *testing.B) {
	benchPage(b, func(ctx context.Context, s *store.Store) string {
		o, err := s.OrgByCode(ctx, "G00100")
		if err != nil {
			b.Fatal(err)
		}
		return fmt.Sprintf("/orgs/%d", o.ID)
	})
}

// BenchmarkCommitteePageM is the bureau committee's page: every branch with
// its counts.
func BenchmarkCommitteePageM(b *testing.B) {
	benchPage(b, func(ctx context.Context, s *store.Store) string {
		o, err := s.OrgByCode(ctx, "GEN")
		if err != nil {
			b.Fatal(err)
		}
		return fmt.Sprintf("/orgs/%d", o.ID)
	})
}

// BenchmarkOrgTreeM is the org tree of the whole bureau (801 orgs).
func BenchmarkOrgTreeM(b *testing.B) {
	benchPage(b, func(context.Context, *store.Store) string { return "/orgs" })
}
