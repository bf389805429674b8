package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestCompliance: GET /api/v1/orgs/{id}/compliance answers the JSON of
// zhibu check for a branch, a group (its own findings, for its leader too)
// and a committee (its subtree), on both engines.
func TestCompliance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		held := func(org int64, typ zhibu.MeetingType, m time.Month, day int) zhibu.Meeting {
			t.Helper()
			saved, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: org, Type: typ, Status: zhibu.MeetingHeld,
				StartsAt: time.Date(2025, m, day, 9, 0, 0, 0, zhibu.DefaultZone), ChairID: fx.li.ID, RecorderID: fx.li.ID, Minutes: "记录"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return saved
		}
		assembly := held(fx.b1.ID, zhibu.MeetAssembly, 2, 20)
		held(fx.g1.ID, zhibu.MeetGroup, 1, 16)
		get := func(actor zhibu.Actor, path string) (*httptest.ResponseRecorder, service.Report) {
			t.Helper()
			var logs bytes.Buffer
			rec := serve(s, actor, &logs, httptest.NewRequest(http.MethodGet, fx.expand(path), nil))
			var rep service.Report
			if rec.Code == http.StatusOK {
				if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
			}
			return rec, rep
		}

		rec, rep := get(zhibu.System, "/api/v1/orgs/{B1}/compliance?year=2025&as_of=2025-06-15")
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("branch: %d %s", rec.Code, rec.Body.String())
		}
		sum := rep.Summary
		if rep.Org != (service.ReportOrg{Code: "B1", Name: "第一党支部"}) || rep.Year != 2025 || rep.AsOf.String() != "2025-06-15" ||
			sum.OK+sum.Due+sum.Overdue+sum.Violation != len(rep.Findings) || sum.OK == 0 || sum.Overdue == 0 {
			t.Errorf("branch report: %+v %+v", rep.Org, sum)
		}
		found := false
		for _, f := range rep.Findings {
			if f.RuleID == "meet.assembly.quarterly" && f.Period.N == 1 {
				found = f.Status == zhibu.StatusOK && len(f.Evidence) == 1 && f.Evidence[0].ID == assembly.ID
			}
		}
		if !found {
			t.Error("the first quarter's assembly is not its evidence")
		}
		// The same JSON as zhibu check writes (both call Report).
		want, err := service.New(s, service.Options{}).Compliance.Report(sys, fx.b1, 2025, zhibu.MakeDate(2025, 6, 15))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(want)
		if buf.String() != rec.Body.String() {
			t.Error("the API's JSON differs from Report's")
		}
		for _, key := range []string{`"org":{"code":"B1","name":"第一党支部"}`, `"year":2025`, `"as_of":"2025-06-15"`, `"findings":[{"rule_id":`,
			`"summary":{"ok":`, `"due":`, `"overdue":`, `"violation":`} {
			if !strings.Contains(rec.Body.String(), key) {
				t.Errorf("JSON lacks %s", key)
			}
		}

		// The committee: every branch of its subtree.
		_, all := get(zhibu.System, "/api/v1/orgs/{C}/compliance?year=2025&as_of=2025-06-15")
		orgs := map[int64]bool{}
		for _, f := range all.Findings {
			orgs[f.OrgID] = true
		}
		if !orgs[fx.b1.ID] || !orgs[fx.b2.ID] {
			t.Errorf("committee report covers %v", orgs)
		}

		// The group's leader reads the group's findings, not the branch's.
		roles, grants, scope := zhibu.Rights(fx.li.ID, []zhibu.Holding{{Position: zhibu.GroupLeader, Org: fx.g1}}, nil)
		leader := zhibu.Actor{AccountID: 7, PersonID: fx.li.ID, Roles: roles, Grants: grants, Scope: scope}
		rec, group := get(leader, "/api/v1/orgs/{G1}/compliance?year=2025&as_of=2025-06-15")
		if rec.Code != http.StatusOK || len(group.Findings) == 0 {
			t.Fatalf("group: %d %s", rec.Code, rec.Body.String())
		}
		for _, f := range group.Findings {
			if f.SubjectID != fx.g1.ID {
				t.Errorf("the group's report holds a finding about %s", f.SubjectName)
			}
		}
		// Their own branch: they know it exists, so 403 rather than 404
		// (issue 12); another branch stays 404.
		if rec, _ := get(leader, "/api/v1/orgs/{B1}/compliance?year=2025"); rec.Code != http.StatusForbidden {
			t.Errorf("leader on the branch: %d, want 403", rec.Code)
		}
		if rec, _ := get(leader, "/api/v1/orgs/{B2}/compliance?year=2025"); rec.Code != http.StatusNotFound {
			t.Errorf("leader on another branch: %d, want 404", rec.Code)
		}

		// Bad parameters name themselves.
		rec, _ = get(zhibu.System, "/api/v1/orgs/{B1}/compliance?year=twenty&as_of=2025-13-01")
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"field":"year"`) || !strings.Contains(rec.Body.String(), `"field":"as_of"`) {
			t.Errorf("bad parameters: %d %s", rec.Code, rec.Body.String())
		}
		if rec, _ := get(zhibu.System, "/api/v1/orgs/99999/compliance"); rec.Code != http.StatusNotFound {
			t.Errorf("no such org: %d", rec.Code)
		}
	})
}
