package service

import (
	"context"
	"fmt"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// Two servers on one PostgreSQL database — two stores, each with its own
// pool and prepared statements, and two Services, each with its own
// tallies — give the same answers: a meeting voided through one is seen
// by the other's matrix, the branch's calendar and its secretary's duties
// at once, without telling it (its tallies follow the audit trail's head,
// read from the database). PostgreSQL only: SQLite is one process's file.
func TestTwoServersAgree(t *testing.T) {
	t.Parallel()
	dsn := storetest.PostgresDSN(t) // skips without ZHIBU_TEST_POSTGRES, required in CI
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	open := func() *store.Store {
		s, err := store.Open(ctx, dsn, storetest.Keys)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return s
	}
	sa, sb := open(), open()
	tier := gen.Tier{Name: "test", Branches: 3, GroupsPerBranch: 1, PeoplePerBranch: 20, Years: 1}
	root, err := gen.Generate(ctx, sa, tier, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, zhibu.DefaultZone)
	year, asOf := 2026, zhibu.MakeDate(2026, 6, 15)
	a := New(sa, Options{Now: func() time.Time { return now }})
	b := New(sb, Options{Now: func() time.Time { return now }})

	branches, err := sb.Orgs(ctx, store.OrgFilter{Under: root.ID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil || len(branches) != 3 {
		t.Fatalf("branches: %d %v", len(branches), err)
	}
	// What a server answers: the root's matrix, each branch's calendar,
	// each branch secretary's duties.
	var secretaries []int64
	for _, br := range branches {
		term, err := sb.CurrentTerm(ctx, br.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, seat := range term.Seats {
			if seat.Position == zhibu.Secretary {
				secretaries = append(secretaries, seat.PersonID)
			}
		}
	}
	if len(secretaries) != 3 {
		t.Fatalf("secretaries: %v", secretaries)
	}
	answers := func(s *Services) string {
		t.Helper()
		m, err := s.Compliance.Matrix(ctx, root, year, asOf)
		if err != nil {
			t.Fatal(err)
		}
		out := fmt.Sprintf("matrix %v %+v\n", m.Rules, m.Counts)
		for _, r := range m.Rows {
			out += fmt.Sprintf("  %d %+v %v\n", r.Org.ID, r.Counts, r.Cells)
		}
		for _, br := range branches {
			fs, _, err := s.Compliance.Check(ctx, br, year, asOf)
			if err != nil {
				t.Fatal(err)
			}
			out += fmt.Sprintf("calendar %d:", br.ID)
			for _, f := range fs {
				out += fmt.Sprintf(" %s/%d/%s", f.RuleID, f.SubjectID, f.Status)
			}
			out += "\n"
		}
		for _, p := range secretaries {
			d, err := s.Compliance.Duties(ctx, p, asOf, year, asOf)
			if err != nil {
				t.Fatal(err)
			}
			out += fmt.Sprintf("duties %d:", p)
			for _, f := range d.Findings {
				out += fmt.Sprintf(" %s/%d/%s", f.RuleID, f.SubjectID, f.Status)
			}
			out += "\n"
		}
		return out
	}
	before := answers(b) // b's tallies are made and kept
	if got := answers(a); got != before {
		t.Fatalf("the two servers disagree before any write:\nA %s\nB %s", got, before)
	}

	// Void the branches' held meetings through A, one at a time, until the
	// answers change; B must give A's new answers at once.
	var ids []int64
	for _, br := range branches {
		ids = append(ids, br.ID)
	}
	ms, err := sa.MeetingsOf(ctx, ids, time.Date(year, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone), now)
	if err != nil || len(ms) == 0 {
		t.Fatalf("meetings: %d %v", len(ms), err)
	}
	changed := false
	for i, m := range ms {
		if !m.Held() {
			continue
		}
		if _, err := a.Meetings.Void(ctx, m.ID, "录入错误，测试作废"); err != nil {
			t.Fatal(err)
		}
		got := answers(b)
		if want := answers(a); got != want {
			t.Fatalf("after meeting %d was voided through A, B answers\n%s\nA answers\n%s", m.ID, got, want)
		}
		if got != before {
			t.Logf("the answers changed after %d meetings voided", i+1)
			changed = true
			break
		}
	}
	if !changed {
		t.Fatal("voiding the branches' meetings changed no answer")
	}
}
