package store_test

import (
	"slices"
	"testing"

	"zhibu/internal/audit"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// ChangesSince names the actions audited after a mark and their orgs, so
// that a cache can tell a login from a new record, and whose.
func TestChangesSince(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		head, _, _, err := s.ChangesSince(sys, 0, 0)
		if err != nil || head != 0 {
			t.Fatalf("empty trail: %d %v", head, err)
		}
		tree(t, s)
		mark, _, _, _ := s.ChangesSince(sys, 0, 0)
		if mark == 0 {
			t.Fatal("creating orgs moved no mark")
		}
		if h, acts, complete, err := s.ChangesSince(sys, mark, 10); err != nil || h != mark || len(acts) != 0 || !complete {
			t.Errorf("nothing since: %d %v %v %v", h, acts, complete, err)
		}
		s.Audit(sys, store.Event{Action: audit.Login, Result: "ok"})
		s.Audit(sys, store.Event{Action: audit.MeetingCreate, OrgPath: "/1/2/", Result: "ok"})
		h, acts, complete, err := s.ChangesSince(sys, mark, 10)
		if err != nil || h != mark+2 || !complete || !slices.Equal(acts, []store.Written{{"login", ""}, {"meeting.create", "/1/2/"}}) {
			t.Errorf("two since: %d %v %v %v", h, acts, complete, err)
		}
		if _, acts, complete, _ := s.ChangesSince(sys, mark, 1); complete || acts != nil {
			t.Errorf("more than the limit: %v %v", acts, complete)
		}
	})
}
