package service_test

import (
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/api"
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
	"zhibu/internal/web"
)

// termsDoor reports, through one door, that the org reported the
// secretary and deputy of its current term today; it returns what the
// user is told: "ok", "refused" or "not found", and the messages.
type termsDoor func(t *testing.T, s *store.Store, svc *service.Services, orgID int64) (outcome string, messages []string)

func termsOutcome(status int) string {
	switch {
	case status < 400:
		return "ok"
	case status == 404:
		return "not found"
	}
	return "refused"
}

var termsErrorMessage = regexp.MustCompile(`<p class="error-message">(.*?)</p>`)

// The button on the org's committee panel (POST /orgs/{id}/terms/report).
func termsByForm(t *testing.T, s *store.Store, svc *service.Services, orgID int64) (string, []string) {
	h, err := web.New(s, svc, auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/orgs/"+strconv.FormatInt(orgID, 10)+"/terms/report", strings.NewReader(""))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r.WithContext(sys))
	var out []string
	for _, m := range termsErrorMessage.FindAllStringSubmatch(w.Body.String(), -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return termsOutcome(w.Code), out
}

// The JSON API (POST /api/v1/orgs/{id}/terms/report, no day: today).
func termsByAPI(t *testing.T, s *store.Store, svc *service.Services, orgID int64) (string, []string) {
	h := api.New(s, svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	r := httptest.NewRequest("POST", "/api/v1/orgs/"+strconv.FormatInt(orgID, 10)+"/terms/report", strings.NewReader(`{}`))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r.WithContext(sys))
	if w.Code < 400 {
		return termsOutcome(w.Code), nil
	}
	var e struct {
		Error struct {
			Message  string         `json:"message"`
			Problems zhibu.Problems `json:"problems"`
		} `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("API answer %s: %v", w.Body, err)
	}
	if len(e.Error.Problems) == 0 {
		return termsOutcome(w.Code), []string{e.Error.Message}
	}
	var out []string
	for _, x := range e.Error.Problems {
		out = append(out, x.Message)
	}
	return termsOutcome(w.Code), out
}

// termsReportBranches are three branches: one whose committee elected a
// secretary and deputy, one whose committee elected neither, one with no
// committee.
func termsReportBranches(t *testing.T, s *store.Store, svc *service.Services) (heads, headless, bare zhibu.Org) {
	t.Helper()
	c, err := s.CreateOrg(sys, zhibu.Org{Code: "TC", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	var bs []zhibu.Org
	for i, n := range []string{"第一党支部", "第二党支部", "第三党支部"} {
		b, err := s.CreateOrg(sys, zhibu.Org{Code: "TB" + strconv.Itoa(i+1), Name: n, Kind: zhibu.KindBranch, ParentID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		bs = append(bs, b)
	}
	var ids []int64
	for _, n := range []string{"书记甲", "副书记乙"} {
		in := person(n, zhibu.FullMember, bs[0].ID, 0)
		in.JoinedOn = zhibu.MakeDate(2020, 1, 1) // in the branch on the election day
		p, err := s.CreatePerson(sys, in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if _, err := svc.Terms.StartTerm(sys, zhibu.Term{OrgID: bs[0].ID, ElectedOn: zhibu.MakeDate(2026, 3, 1), Seats: []zhibu.Seat{
		{PersonID: ids[0], Position: zhibu.Secretary}, {PersonID: ids[1], Position: zhibu.DeputySecretary}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Terms.StartTerm(sys, zhibu.Term{OrgID: bs[1].ID, ElectedOn: zhibu.MakeDate(2026, 3, 1)}); err != nil {
		t.Fatal(err)
	}
	return bs[0], bs[1], bs[2]
}

// termsReportRun is what one door did with the same reports: each
// attempt's outcome and messages, then the stored report and approval.
func termsReportRun(t *testing.T, s *store.Store, door termsDoor) []string {
	termsOnJuly1(s)
	svc := service.New(s, service.Options{})
	heads, headless, bare := termsReportBranches(t, s, svc)
	var out []string
	try := func(what string, org zhibu.Org) {
		outcome, msgs := door(t, s, svc, org.ID)
		out = append(out, what+": "+outcome+" "+strings.Join(msgs, "；"))
	}
	try("no heads", headless)
	try("no committee", bare)
	try("heads", heads)
	if _, err := svc.Terms.ApproveSecretary(sys, heads.ID, zhibu.MakeDate(2026, 7, 1)); err != nil {
		t.Fatal(err)
	}
	try("approved", heads)
	for _, o := range []zhibu.Org{heads, headless} {
		cur, err := s.CurrentTerm(sys, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, o.Name+" stored: reported "+cur.ReportedOn.String()+", approved "+cur.ApprovedOn.String())
	}
	return out
}

// The same reports of a new secretary through the web page and the API
// give the same outcomes, the same problems and the same stored term.
func TestTermsDoorsAgree(t *testing.T) {
	want := []string{
		"no heads: refused 报批：本届委员会没有选举产生的书记、副书记",
		"no committee: not found 未找到该届次",
		"heads: ok ",
		"approved: refused 报批：上级党委已于2026-07-01批准",
		"第一党支部 stored: reported 2026-07-01, approved 2026-07-01",
		"第二党支部 stored: reported , approved ",
	}
	doors := map[string]termsDoor{"form": termsByForm, "api": termsByAPI}
	for _, name := range []string{"form", "api"} {
		t.Run(name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				if got := termsReportRun(t, s, doors[name]); !slices.Equal(got, want) {
					t.Errorf("through the %s:\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			})
		})
	}
}
