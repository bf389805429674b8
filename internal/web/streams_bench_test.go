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
	"strconv"
	"syscall"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/auth"
	"zhibu/internal/gen"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
	"zhibu/internal/web"
)

// BenchmarkStreamsM measures, in one run on one SQLite database of the M
// tier, the pages that read the later streams' findings, first without
// those streams (gen.Tier.NoStreams) and then after gen.Streams added them
// (activities, study and talks, the review, disclosure, letters, papers,
// member files for 2025–2026), so that the ratio of each pair is the
// streams' cost:
//
//   - facts: store.Facts of the bureau's subtree for 2025 (every loader);
//   - matrix: the bureau's matrix for 2025 from nothing (a write it cannot
//     place before each request: facts, check, sums and page);
//   - calendar: a branch's calendar for 2025;
//   - duties: 我的职责 of that branch's secretary.
//
// ZHIBU_BENCH_BRANCHES makes a share of M (its first n branches):
//
//	ZHIBU_BENCH_BRANCHES=40 go test -run '^$' -bench StreamsM -benchtime 3x ./internal/web/
func BenchmarkStreamsM(b *testing.B) {
	sys := zhibu.WithActor(context.Background(), zhibu.System)
	s, err := store.Open(sys, filepath.Join(b.TempDir(), "m.db"), storetest.Keys)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(sys); err != nil {
		b.Fatal(err)
	}
	tier := gen.Tiers["M"]
	if n, err := strconv.Atoi(os.Getenv("ZHIBU_BENCH_BRANCHES")); err == nil && n > 0 {
		tier.Branches = n // a share of M, for a profile
	}
	tier.NoStreams = true
	res, err := gen.Run(sys, s, tier, 1, nil)
	if err != nil {
		b.Fatal(err)
	}
	branch, err := s.OrgByCode(sys, fmt.Sprintf("G%05d", min(100, tier.Branches)))
	if err != nil {
		b.Fatal(err)
	}
	term, err := s.CurrentTerm(sys, branch.ID)
	if err != nil {
		b.Fatal(err)
	}
	var sec int64
	for _, st := range term.Seats {
		if st.Position == zhibu.Secretary {
			sec = st.PersonID
		}
	}
	roles, grants, scope := zhibu.Rights(sec, []zhibu.Holding{{Org: branch, Position: zhibu.Secretary}}, nil)
	secCtx := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 1, PersonID: sec, Name: "书记", Roles: roles, Grants: grants, Scope: scope})
	h, err := web.New(s, service.New(s, service.Options{}), auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	get := func(b *testing.B, ctx context.Context, url string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil).WithContext(ctx))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", url, rec.Code)
		}
	}
	run := func(b *testing.B) {
		b.Run("facts", func(b *testing.B) {
			defer cpuPerOp(b)()
			for b.Loop() {
				f, err := s.Facts(sys, res.Root.ID, csYear, zhibu.MakeDate(csYear, 12, 31))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(f.Activities)+len(f.StudySessions)+len(f.StudyNotes)+len(f.Talks)+len(f.Disclosures)), "stream-records")
			}
		})
		b.Run("matrix", func(b *testing.B) {
			url := fmt.Sprintf("/orgs/%d/matrix?year=%d&as_of=%d-12-31", res.Root.ID, csYear, csYear)
			defer cpuPerOp(b)()
			for b.Loop() {
				b.StopTimer()
				if err := s.Audit(sys, store.Event{Action: audit.Action{Name: "bench.change"}, Result: "ok"}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				get(b, sys, url)
			}
		})
		b.Run("calendar", func(b *testing.B) {
			url := fmt.Sprintf("/orgs/%d/compliance?year=%d&as_of=%d-12-31", branch.ID, csYear, csYear)
			defer cpuPerOp(b)()
			for b.Loop() {
				get(b, sys, url)
			}
		})
		b.Run("duties", func(b *testing.B) {
			defer cpuPerOp(b)()
			for b.Loop() {
				get(b, secCtx, "/duties")
			}
		})
	}
	b.Run("without", run)
	if _, err := gen.Streams(sys, s, res.Root, gen.Tiers["M"], 1, nil); err != nil {
		b.Fatal(err)
	}
	if err := s.Analyze(sys); err != nil {
		b.Fatal(err)
	}
	b.Run("with", run)
}

// cpuPerOp reports, when the function it returns is called, the process's
// CPU time (user and system) per operation since it was called: on a
// machine shared many ways the wall time of an operation says more about
// the neighbours than about zhibu.
func cpuPerOp(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			return 0
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	return func() {
		b.ReportMetric(float64((cpu()-start).Milliseconds())/float64(max(b.N, 1)), "cpu-ms/op")
	}
}
