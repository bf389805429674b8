package service

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/gen"
	"zhibu/internal/rules"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The tallies made a share of the tree at a time — runs of siblings of at
// most spanBranches branches, a sub-committee too large for a run on its
// own, a few missing one by one — are those of one check of the whole
// tree.
func TestTallyTreeInShares(t *testing.T) {
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	s := storetest.SQLite(t)
	tier := gen.Tier{Name: "test", Branches: 14, GroupsPerBranch: 1, PeoplePerBranch: 8, Years: 1}
	root, err := gen.Generate(ctx, s, tier, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Two county committees under the root: one of 6 branches (more than a
	// run), one of 2; 6 branches stay directly under the root.
	county := func(code string, branches ...int) {
		c, err := s.CreateOrg(ctx, zhibu.Org{Code: code, Name: code + "县公安局党委", Kind: zhibu.KindCommittee, ParentID: root.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range branches {
			b, err := s.OrgByCode(ctx, fmt.Sprintf("G%05d", n))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.MoveOrg(ctx, b.ID, c.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	county("XA", 1, 3, 5, 7, 9, 11)
	county("XB", 2, 4)

	year, asOf := 2026, zhibu.MakeDate(2026, 6, 15)
	cat, err := New(s, Options{}).Compliance.Catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := s.Facts(ctx, root.ID, year, asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]*orgTally{}
	for id, fs := range rules.CheckAll(cat, facts, year) {
		want[id] = tallyOf(zhibu.Org{ID: id}, fs)
	}
	all, err := s.Orgs(ctx, store.OrgFilter{Under: root.ID})
	if err != nil {
		t.Fatal(err)
	}
	var orgs []zhibu.Org
	for _, o := range all {
		if o.Kind != zhibu.KindGroup {
			orgs = append(orgs, o)
		}
	}
	if len(orgs) != 17 || len(want) != 17 {
		t.Fatalf("%d orgs checked, %d by the whole check", len(orgs), len(want))
	}
	c := New(s, Options{}).Compliance
	c.spanBranches = 4
	compare := func(name string, set *tallySet) {
		t.Helper()
		got := map[int64]*orgTally{}
		for id, x := range set.orgs {
			y := *x
			y.org = zhibu.Org{ID: id}
			got[id] = &y
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(orgTally{})); diff != "" {
			t.Errorf("%s (-whole +shares):\n%s", name, diff)
		}
	}
	set := &tallySet{orgs: map[int64]*orgTally{}, subtrees: map[int64][]zhibu.Org{}}
	if err := c.tallyTree(ctx, cat, set, orgs, year, asOf); err != nil {
		t.Fatal(err)
	}
	compare("cold, in runs of 4", set)

	// The root's matrix: the six branches under it, and a row for each
	// county that sums up its branches.
	m := newMatrix(cat, set, root, orgs)
	rows := map[string]MatrixRow{}
	for _, r := range m.Rows {
		rows[r.Org.Code] = r
	}
	if m.Branches != 14 || len(rows) < 8 || rows["XA"].Branches != 6 || rows["XB"].Branches != 2 || rows["G00001"].Org.ID != 0 {
		t.Errorf("root's matrix: %d branches, rows %v", m.Branches, slices.Collect(maps.Keys(rows)))
	}
	var sum Counts
	for _, n := range []int{1, 3, 5, 7, 9, 11} {
		b, _ := s.OrgByCode(ctx, fmt.Sprintf("G%05d", n))
		sum.Plus(set.orgs[b.ID].counts)
	}
	if xa, _ := s.OrgByCode(ctx, "XA"); true {
		sum.Plus(set.orgs[xa.ID].counts)
	}
	if rows["XA"].Counts != sum || sum.All == 0 {
		t.Errorf("county XA sums %+v, its orgs %+v", rows["XA"].Counts, sum)
	}

	// Dropped tallies are made again one by one.
	for _, o := range orgs[:5] {
		delete(set.orgs, o.ID)
	}
	if err := c.fillTallies(ctx, cat, set, orgs, year, asOf); err != nil {
		t.Fatal(err)
	}
	compare("five made again", set)

	// What a write drops is its action's reach (audit.Lookup).
	org := func(code string) zhibu.Org {
		t.Helper()
		o, err := s.OrgByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	g3, b3, xb := org("G00003-1"), org("G00003"), org("XB")
	for _, tc := range []struct {
		name    string
		written []store.Written
		want    int   // tallies dropped
		only    int64 // the one dropped, when want is 1
		all     bool
	}{
		{"a login", []store.Written{{Action: audit.Login.Name}}, 0, 0, false},
		{"a group's meeting: its branch", []store.Written{{Action: audit.Login.Name}, {Action: audit.MeetingCreate.Name, OrgPath: g3.Path}}, 1, b3.ID, false},
		{"one meeting's minutes edited: its branch", []store.Written{{Action: audit.MeetingUpdate.Name, OrgPath: b3.Path}}, 1, b3.ID, false},
		{"a county's rule version: the county and its 2 branches", []store.Written{{Action: audit.RuleVersion.Name, OrgPath: xb.Path}}, 3, 0, false},
		{"the root's rule version: all 17", []store.Written{{Action: audit.RuleVersion.Name, OrgPath: root.Path}}, 17, 0, false},
		{"an org moved: everything", []store.Written{{Action: audit.OrgMove.Name, OrgPath: xb.Path}}, 0, 0, true},
		{"an action not declared: everything", []store.Written{{Action: "meeting.teleport", OrgPath: b3.Path}}, 0, 0, true},
		{"a write about no org: everything", []store.Written{{Action: audit.MeetingUpdate.Name}}, 0, 0, true},
	} {
		dirty, whole := set.stale(tc.written)
		if whole != tc.all || len(dirty) != tc.want || (tc.want == 1 && dirty[0] != tc.only) {
			t.Errorf("%s: drops %v (all %v), want %d (all %v)", tc.name, dirty, whole, tc.want, tc.all)
		}
	}
}

// Editing one meeting's minutes, through the store, makes the matrix check
// that meeting's branch again and no other: the next update of the tallies
// drops that branch's tally alone.
func TestTallyMeetingUpdateDropsItsBranch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := zhibu.WithActor(context.Background(), zhibu.System)
		tier := gen.Tier{Name: "test", Branches: 4, GroupsPerBranch: 1, PeoplePerBranch: 20, Years: 1}
		root, err := gen.Generate(ctx, s, tier, 5, nil)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 6, 15, 10, 0, 0, 0, zhibu.DefaultZone)
		c := New(s, Options{Now: func() time.Time { return now }}).Compliance
		year, asOf := 2026, zhibu.MakeDate(2026, 6, 15)
		// The warm-up at start makes today's tallies of the tree.
		c.warm(ctx)
		set := c.tallies.sets[tallyKey{year, asOf}]
		if set == nil {
			t.Fatal("the warm-up made no tallies for today")
		}
		before := len(set.orgs)
		if before != 5 {
			t.Fatalf("%d tallies after the warm-up, want the root and 4 branches", before)
		}
		branches, err := s.Orgs(ctx, store.OrgFilter{Under: root.ID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, b := range branches {
			ids = append(ids, b.ID)
		}
		ms, err := s.MeetingsOf(ctx, ids, time.Date(year, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone), now)
		if err != nil || len(ms) == 0 {
			t.Fatalf("the branches' meetings: %d, %v", len(ms), err)
		}
		branch, err := s.Org(ctx, ms[0].OrgID)
		if err != nil {
			t.Fatal(err)
		}
		m, att, err := s.Meeting(ctx, ms[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		m.Minutes += "（补记）"
		if _, err := s.SaveMeeting(ctx, m, att); err != nil {
			t.Fatal(err)
		}
		c.tallies.mu.Lock()
		got, err := c.currentTallies(ctx, tallyKey{year, asOf})
		c.tallies.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if got != set {
			t.Fatal("the meeting's edit dropped every tally")
		}
		if _, ok := set.orgs[branch.ID]; ok || len(set.orgs) != before-1 {
			t.Errorf("after the edit %d of %d tallies are kept, the branch's kept: %v", len(set.orgs), before, ok)
		}
		// The matrix makes it again, with the same result as a check.
		if _, err := c.Matrix(ctx, root, year, asOf); err != nil {
			t.Fatal(err)
		}
		if len(set.orgs) != before {
			t.Errorf("%d tallies after the next matrix, want %d", len(set.orgs), before)
		}
	})
}

// Matrices for other days evict one another, not this year's as of today,
// which the warm-up made.
func TestTallySetsKeepToday(t *testing.T) {
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	s := storetest.SQLite(t)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, zhibu.DefaultZone)
	c := New(s, Options{Now: func() time.Time { return now }}).Compliance
	today := zhibu.Today(now)
	key := func(d zhibu.Date) tallyKey { return tallyKey{d.Year, d} }
	c.tallies.mu.Lock()
	defer c.tallies.mu.Unlock()
	if _, err := c.currentTallies(ctx, key(today)); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= tallySets+2; i++ {
		if _, err := c.currentTallies(ctx, key(today.AddDays(-i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := c.tallies.sets[key(today)]; !ok {
		t.Error("today's tallies were evicted")
	}
	if _, ok := c.tallies.sets[key(today.AddDays(-1))]; ok {
		t.Error("the oldest other day's tallies were kept")
	}
	if n := len(c.tallies.order); n != tallySets {
		t.Errorf("%d sets kept, want %d", n, tallySets)
	}
}
