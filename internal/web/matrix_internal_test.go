package web

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"zhibu"
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

	q := checkQuery{Year: 2026, AsOf: zhibu.MakeDate(2026, 6, 15)}
	cat, err := s.Catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := s.Facts(ctx, root.ID, q.Year, q.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]*orgTally{}
	for id, fs := range rules.CheckAll(cat, facts, q.Year) {
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
	srv := &server{store: s}
	compare := func(name string, set *tallySet) {
		t.Helper()
		got := map[int64]*orgTally{}
		for id, x := range set.orgs {
			y := *x
			y.org = zhibu.Org{ID: id}
			got[id] = &y
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(orgTally{}, tally{}, counts{})); diff != "" {
			t.Errorf("%s (-whole +shares):\n%s", name, diff)
		}
	}
	defer func(n int) { spanBranches = n }(spanBranches)
	spanBranches = 4
	set := &tallySet{orgs: map[int64]*orgTally{}, subtrees: map[int64][]zhibu.Org{}}
	if err := srv.tallyTree(ctx, cat, set, orgs, q); err != nil {
		t.Fatal(err)
	}
	compare("cold, in runs of 4", set)

	// The root's matrix: the six branches under it, and a row for each
	// county that sums up its branches.
	m := newMatrixData(cat, set, root, orgs)
	rows := map[string]matrixTally{}
	for _, r := range m.rows {
		rows[r.org.Code] = r
	}
	if m.branches != 14 || len(rows) < 8 || rows["XA"].branches != 6 || rows["XB"].branches != 2 || rows["G00001"].org.ID != 0 {
		t.Errorf("root's matrix: %d branches, rows %v", m.branches, slices.Collect(maps.Keys(rows)))
	}
	var sum counts
	for _, n := range []int{1, 3, 5, 7, 9, 11} {
		b, _ := s.OrgByCode(ctx, fmt.Sprintf("G%05d", n))
		sum.plus(set.orgs[b.ID].counts)
	}
	if xa, _ := s.OrgByCode(ctx, "XA"); true {
		sum.plus(set.orgs[xa.ID].counts)
	}
	if rows["XA"].counts != sum || sum.All == 0 {
		t.Errorf("county XA sums %+v, its orgs %+v", rows["XA"].counts, sum)
	}

	// Dropped tallies are made again one by one.
	for _, o := range orgs[:5] {
		delete(set.orgs, o.ID)
	}
	if err := srv.fillTallies(ctx, set, orgs, q); err != nil {
		t.Fatal(err)
	}
	compare("five made again", set)

	// A write about a group drops its branch's tally; a rule version, all.
	g, err := s.OrgByCode(ctx, "G00003-1")
	if err != nil {
		t.Fatal(err)
	}
	dirty, whole := set.stale([]store.Written{{Action: "login"}, {Action: "meeting.create", OrgPath: g.Path}})
	if b, _ := s.OrgByCode(ctx, "G00003"); whole || len(dirty) != 1 || dirty[0] != b.ID {
		t.Errorf("a group meeting drops %v (all %v), want its branch %d", dirty, whole, b.ID)
	}
	xb, err := s.OrgByCode(ctx, "XB")
	if err != nil {
		t.Fatal(err)
	}
	if dirty, whole := set.stale([]store.Written{{Action: "rule.version", OrgPath: xb.Path}}); whole || len(dirty) != 3 {
		t.Errorf("a county's rule version drops %v (all %v), want the county and its 2 branches", dirty, whole)
	}
	if dirty, whole := set.stale([]store.Written{{Action: "rule.version", OrgPath: root.Path}}); whole || len(dirty) != 17 {
		t.Errorf("the root's rule version drops %d tallies (all %v), want 17", len(dirty), whole)
	}
	if _, whole := set.stale([]store.Written{{Action: "org.move", OrgPath: xb.Path}}); !whole {
		t.Error("an org moved drops less than every tally")
	}
}

// Matrices for other days evict one another, not this year's as of today,
// which the warm-up made.
func TestTallySetsKeepToday(t *testing.T) {
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	s := storetest.SQLite(t)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, zhibu.DefaultZone)
	srv := &server{store: s, now: func() time.Time { return now }}
	today := zhibu.Today(now)
	key := func(d zhibu.Date) tallyKey { return tallyKey{s, d.Year, d} }
	tallyCache.Lock()
	defer tallyCache.Unlock()
	if _, err := srv.currentTallies(ctx, key(today)); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= tallySets+2; i++ {
		if _, err := srv.currentTallies(ctx, key(today.AddDays(-i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := tallyCache.sets[key(today)]; !ok {
		t.Error("today's tallies were evicted")
	}
	if _, ok := tallyCache.sets[key(today.AddDays(-1))]; ok {
		t.Error("the oldest other day's tallies were kept")
	}
	if n := len(tallyCache.order); n != tallySets {
		t.Errorf("%d sets kept, want %d", n, tallySets)
	}
	for _, k := range slices.Clone(tallyCache.order) {
		if k.store == s {
			delete(tallyCache.sets, k)
		}
	}
	tallyCache.order = slices.DeleteFunc(tallyCache.order, func(k tallyKey) bool { return k.store == s })
}
