package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/auth"
	"zhibu/internal/gen/gentest"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/web"
)

// BenchmarkMatrixL is the province's matrix through the whole UI handler
// over a share of the L tier: ZHIBU_BENCH_L_BRANCHES branches (default
// 1,000) under county committees of 200, five years of meetings, checked
// for 2025. ZHIBU_BENCH_L_DSN may name a database `zhibu gen --scale L`
// filled, read as it is. Per engine (PostgreSQL with ZHIBU_TEST_POSTGRES):
//
//   - cold: every tally made again (after a write the tallies cannot
//     place), a share of the tree at a time;
//
//   - after-meeting: a meeting recorded in one branch before each request,
//     whose tally alone is made again;
//
//   - warm: nothing written, the county committee's matrix;
//
//     ZHIBU_BENCH_L_BRANCHES=2000 ZHIBU_TEST_POSTGRES=postgres://… \
//     go test -run '^$' -bench MatrixL -benchtime 5x -timeout 2h ./internal/web/
func BenchmarkMatrixL(b *testing.B) {
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			s := gentest.ShareOfL(b, engine)
			h, err := web.New(s, service.New(s, service.Options{}), auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				b.Fatal(err)
			}
			org := func(code string) zhibu.Org {
				o, err := s.OrgByCode(ctx, code)
				if err != nil {
					b.Fatal(err)
				}
				return o
			}
			root, county, branch := org("GEN"), org("GC001"), org("G00001")
			get := func(o zhibu.Org) {
				u := fmt.Sprintf("/orgs/%d/matrix?year=2025&as_of=2025-12-31", o.ID)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", u, nil).WithContext(ctx))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", u, rec.Code)
				}
			}
			run := func(name string, o zhibu.Org, before func(i int)) {
				b.Run(name, func(b *testing.B) {
					get(o)
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						if before != nil {
							b.StopTimer()
							i++
							before(i)
							b.StartTimer()
						}
						get(o)
					}
				})
			}
			run("cold", root, func(int) {
				if err := s.Audit(ctx, store.Event{Action: audit.Action{Name: "bench.change"}, Result: "ok"}); err != nil {
					b.Fatal(err)
				}
			})
			run("after-meeting", root, func(i int) {
				m := zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetStudy, Status: zhibu.MeetingHeld,
					StartsAt: time.Date(2025, time.Month(1+i%12), 1+i%28, 8, 0, 0, 0, zhibu.DefaultZone)}
				if _, err := s.SaveMeeting(ctx, m, nil); err != nil {
					b.Fatal(err)
				}
			})
			run("warm-county", county, nil)
		})
	}
}
