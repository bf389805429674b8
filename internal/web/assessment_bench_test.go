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
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/web"
)

// BenchmarkAssessmentM is the committee's assessment page at M (200
// branches) with the default indicators: a draft year, scored live from
// the matrix's tallies once they are made (the first view, logged), and
// the same year once finalized, read from its snapshot.
//
//	go test -run '^$' -bench AssessmentM -benchtime 5x ./internal/web/
func BenchmarkAssessmentM(b *testing.B) {
	s := tierM(b)
	sys := zhibu.WithActor(context.Background(), zhibu.System)
	root, err := s.OrgByCode(sys, "GEN")
	if err != nil {
		b.Fatal(err)
	}
	svc := service.New(s, service.Options{})
	year := s.Now().Year() - 1
	if _, err := s.Assessment(sys, root.ID, year); err != nil {
		if _, err := svc.Assessments.SaveIndicators(sys, root.ID, year, service.DefaultIndicators()); err != nil {
			b.Fatal(err)
		}
	}
	h, err := web.New(s, svc, auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	url := fmt.Sprintf("/orgs/%d/assessment?year=%d", root.ID, year)
	get := func(b *testing.B) {
		for b.Loop() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil).WithContext(sys))
			if rec.Code != http.StatusOK {
				b.Fatalf("GET %s: %d", url, rec.Code)
			}
		}
	}
	// The first view of the year makes the matrix's tallies of the bureau
	// (what the server's warm-up does at start for the current year).
	start := time.Now()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil).WithContext(sys))
	b.Logf("first view (cold tallies): %v, %d", time.Since(start), rec.Code)
	b.Run("draft", get)
	y, err := svc.Assessments.Year(sys, root, year)
	if err != nil {
		b.Fatal(err)
	}
	if !y.Assessment.Final() {
		var ms []zhibu.ManualScore
		for _, x := range y.Assessment.Indicators {
			if x.Kind == zhibu.IndManual {
				for _, br := range y.Scores {
					ms = append(ms, zhibu.ManualScore{IndicatorID: x.ID, OrgID: br.OrgID, Score: 8000})
				}
			}
		}
		if err := svc.Assessments.SaveManualScores(sys, root.ID, year, ms); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Assessments.Finalize(sys, root.ID, year); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("final", get)
}
