package server_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"zhibu/internal/demo/demotest"

	"zhibu/internal/server"
	"zhibu/internal/service"
)

// A calendar feed through the whole server: a demo account makes one on
// its account page; the URL answers without a session, and the request log
// never holds its token.
func TestCalendarFeed(t *testing.T) {
	s := demotest.SQLite(t)
	w := newWorld(t, s)
	var log bytes.Buffer
	h, err := server.New(s, service.New(s, service.Options{}), server.Options{Demo: true, Log: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/account/feeds", strings.NewReader(url.Values{"kind": {"org"}, "org_id": {strconv.FormatInt(w.orgs["ZB03"].ID, 10)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(w.cookies["书记"])
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	m := regexp.MustCompile(`http://example\.com(/ical/([A-Za-z0-9_-]{43})\.ics)`).FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil {
		t.Fatalf("new feed: %d\n%s", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", m[1], nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "BEGIN:VCALENDAR\r\n") || !strings.Contains(rec.Body.String(), "SUMMARY:") {
		t.Fatalf("feed without a session: %d\n%s", rec.Code, rec.Body.String())
	}
	if strings.Contains(log.String(), m[2]) || !strings.Contains(log.String(), "/ical/…") {
		t.Errorf("the request log:\n%s", log.String())
	}
	// A session of another account changes nothing: the token decides.
	req = httptest.NewRequest("GET", m[1], nil)
	req.AddCookie(w.cookies["党员"])
	rec2 := httptest.NewRecorder()
	h.ServeHTTP(rec2, req)
	if rec2.Code != http.StatusOK || strings.Count(rec2.Body.String(), "BEGIN:VEVENT") != strings.Count(rec.Body.String(), "BEGIN:VEVENT") {
		t.Errorf("feed with another account's session: %d", rec2.Code)
	}
}
