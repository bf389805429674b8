package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"testing"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// pendingFromFiles is the superior's queue computed from every record of
// every file, as PendingDevelopment computed it before dev_pending kept it.
func pendingFromFiles(t *testing.T, ctx context.Context, s *store.Store, rootID int64) []string {
	t.Helper()
	files, err := s.DevFiles(ctx, rootID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		steps, since := f.AwaitingSuperior()
		for i, n := range steps {
			out = append(out, fmt.Sprintf("%d/%d/%s", f.Person.ID, n, since[i]))
		}
	}
	sort.Strings(out)
	return out
}

func pendingKept(t *testing.T, ctx context.Context, s *store.Store) []string {
	t.Helper()
	q, err := s.PendingDevelopment(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range q {
		out = append(out, fmt.Sprintf("%d/%d/%s", x.Person.ID, x.Step, x.Since))
	}
	sort.Strings(out)
	return out
}

// filesFromRecords is every file of the subtree in development with its
// count of records and latest record, from the records (DevFiles).
func filesFromRecords(t *testing.T, ctx context.Context, s *store.Store, rootID int64) []string {
	t.Helper()
	files, err := s.DevFiles(ctx, rootID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		last := zhibu.DevRecord{}
		if n := len(f.Records); n > 0 {
			last = f.Records[n-1]
		}
		out = append(out, fmt.Sprintf("%d %s/%d/%d/%s", f.Person.ID, f.Person.Status, len(f.Records), last.Step, last.On))
	}
	return out
}

// filesKept is the same list from dev_files (DevSummaries), in its order.
func filesKept(t *testing.T, ctx context.Context, s *store.Store, rootID int64) []string {
	t.Helper()
	files, err := s.DevSummaries(ctx, rootID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		out = append(out, fmt.Sprintf("%d %s/%d/%d/%s", f.Person.ID, f.Person.Status, f.Records, f.LastStep, f.LastOn))
	}
	return out
}

// TestPendingDevelopmentKept checks that the queue kept in dev_pending is
// the queue the files' records give: after a bulk write, after a step is
// recorded and voided, and after the migration that adds the table fills
// it from records already there. The same for the summaries of the files
// kept in dev_files (DevSummaries against DevFiles).
func TestPendingDevelopmentKept(t *testing.T) {
	storetest.EachRaw(t, func(t *testing.T, s *store.Store, raw *sql.DB) {
		sys := zhibu.WithActor(context.Background(), zhibu.System)
		tier := gen.Tier{Name: "dev", Branches: 2, GroupsPerBranch: 2, PeoplePerBranch: 40, DevHeavy: true}
		root, err := gen.Generate(sys, s, tier, 3, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := pendingFromFiles(t, sys, s, root.ID)
		if len(want) < 5 {
			t.Fatalf("the set should leave files waiting for the superior, got %v", want)
		}
		if got := pendingKept(t, sys, s); !slices.Equal(got, want) {
			t.Fatalf("after the bulk write:\n got %v\nwant %v", got, want)
		}
		files := filesFromRecords(t, sys, s, root.ID)
		if len(files) < 20 {
			t.Fatalf("the set should have files in development, got %v", files)
		}
		if got := filesKept(t, sys, s, root.ID); !slices.Equal(got, files) {
			t.Fatalf("files after the bulk write:\n got %v\nwant %v", got, files)
		}
		sameFiles := func(when string) {
			t.Helper()
			want := filesFromRecords(t, sys, s, root.ID)
			if got := filesKept(t, sys, s, root.ID); !slices.Equal(got, want) {
				t.Fatalf("files %s:\n got %v\nwant %v", when, got, want)
			}
		}

		// Record the superior's step a file waits for: it leaves the queue
		// (and what it unblocks may join it); void it: it is back.
		q, err := s.PendingDevelopment(sys)
		if err != nil {
			t.Fatal(err)
		}
		x := q[0]
		f, err := s.DevFile(sys, x.Person.ID)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := s.SaveStep(sys, x.Person.ID, len(f.Records), zhibu.DevRecord{Step: x.Step, On: x.Since.AddDays(3), Outcome: zhibu.OutcomeDone},
			f.Person.Stages(), "上级审批")
		if err != nil {
			t.Fatal(err)
		}
		after := pendingKept(t, sys, s)
		if slices.Contains(after, fmt.Sprintf("%d/%d/%s", x.Person.ID, x.Step, x.Since)) {
			t.Fatalf("step %d of person %d still waits after it was recorded", x.Step, x.Person.ID)
		}
		if want := pendingFromFiles(t, sys, s, root.ID); !slices.Equal(after, want) {
			t.Fatalf("after a step:\n got %v\nwant %v", after, want)
		}
		sameFiles("after a step")
		if slices.Equal(filesKept(t, sys, s, root.ID), files) {
			t.Fatal("a step recorded left every file's summary as it was")
		}
		if _, err := s.VoidStep(sys, x.Person.ID, rec.ID, "撤销"); err != nil {
			t.Fatal(err)
		}
		if got := pendingKept(t, sys, s); !slices.Equal(got, want) {
			t.Fatalf("after voiding the step:\n got %v\nwant %v", got, want)
		}
		if got := filesKept(t, sys, s, root.ID); !slices.Equal(got, files) {
			t.Fatalf("files after voiding the step:\n got %v\nwant %v", got, files)
		}

		// A database migrated before dev_pending and dev_files: the
		// migrations fill them.
		for _, stmt := range []string{`DROP TABLE dev_pending`, `DROP TABLE dev_files`,
			`DELETE FROM schema_migrations WHERE version IN ('0008_dev_pending', '0024_dev_files')`} {
			if _, err := raw.Exec(stmt); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Migrate(sys); err != nil {
			t.Fatal(err)
		}
		if got := pendingKept(t, sys, s); !slices.Equal(got, want) {
			t.Fatalf("after the migration:\n got %v\nwant %v", got, want)
		}
		if got := filesKept(t, sys, s, root.ID); !slices.Equal(got, files) {
			t.Fatalf("files after the migration:\n got %v\nwant %v", got, files)
		}
	})
}
