package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/web"
)

var superiorOnce sync.Once

// BenchmarkSuperiorPagesM is the pages the issue found slow for the
// superior one at a time at M (target < 20 ms each): 我的职责 (/duties,
// with the count of what waits for their approval), the queue
// (/terms/approvals) and the bureau's development overview
// (/orgs/{root}/development), as the secretary of the bureau's committee.
//
//	go test -run '^$' -bench SuperiorPagesM -benchtime 20x ./internal/web/
func BenchmarkSuperiorPagesM(b *testing.B) {
	s := tierM(b)
	sys := zhibu.WithActor(context.Background(), zhibu.System)
	root, err := s.OrgByCode(sys, "GEN")
	if err != nil {
		b.Fatal(err)
	}
	branch, err := s.OrgByCode(sys, "G00001")
	if err != nil {
		b.Fatal(err)
	}
	members, err := s.People(sys, branch.ID, zhibu.PersonFilter{Status: zhibu.FullMember})
	if err != nil || len(members) == 0 {
		b.Fatal(err)
	}
	sec := members[len(members)-1]
	var setup error
	superiorOnce.Do(func() { // the tier's database is shared by the binary's benchmarks
		_, setup = s.StartTerm(sys, zhibu.Term{OrgID: root.ID, ElectedOn: zhibu.MakeDate(2024, 3, 1), Years: 5,
			Seats: []zhibu.Seat{{PersonID: sec.ID, Position: zhibu.Secretary}}})
	})
	if setup != nil {
		b.Fatal(setup)
	}
	roles, grants, scope := zhibu.Rights(sec.ID, []zhibu.Holding{{Org: root, Position: zhibu.Secretary}}, nil)
	ctx := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 1, PersonID: sec.ID, Name: sec.Name, Roles: roles, Grants: grants, Scope: scope})
	h, err := web.New(s, service.New(s, service.Options{}), auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	for _, page := range []struct{ name, url string }{
		{"duties", "/duties"},
		{"queue", "/terms/approvals"},
		{"development", fmt.Sprintf("/orgs/%d/development", root.ID)},
	} {
		b.Run(page.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("GET", page.url, nil).WithContext(ctx)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d %s", page.url, rec.Code, rec.Body.String())
				}
			}
		})
	}
}
