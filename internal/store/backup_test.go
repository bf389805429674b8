package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/secret"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestBackupUnderWritesAndRestore backs up a SQLite database while four
// writers add people as fast as they can, then restores the copy: every
// person acknowledged before the backup began is in it, every person in it
// matches the live database field for field (ID numbers and phones
// decrypted), and the restored database verifies and matches the copy.
func TestBackupUnderWritesAndRestore(t *testing.T) {
	ctx := context.Background()
	path := storetest.SQLitePath(t)
	s, err := store.Open(ctx, path, storetest.Keys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	committee, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	branch, err := s.CreateOrg(sys, zhibu.Org{Code: "B", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		acked = map[int64]bool{}
		seq   atomic.Int64
		stop  atomic.Bool
		wg    sync.WaitGroup
	)
	write := func() error {
		n := seq.Add(1)
		birth := zhibu.MakeDate(1970+int(n%30), time.Month(1+n%12), 1+int(n%28))
		p, err := s.CreatePerson(sys, zhibu.Person{Name: fmt.Sprintf("人员%d", n), Gender: zhibu.Female, Ethnicity: "汉族",
			BirthDate: birth, IDNumber: zhibu.MakeIDNumber("650102", birth, 2*int(n%400)+2), Phone: fmt.Sprintf("139%08d", n),
			Status: zhibu.Applicant, AppliedOn: zhibu.MakeDate(2024, 1, 1), OrgID: branch.ID})
		if err != nil {
			return err
		}
		mu.Lock()
		acked[p.ID] = true
		mu.Unlock()
		return nil
	}
	for range 40 { // some rows before the writers start
		if err := write(); err != nil {
			t.Fatal(err)
		}
	}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if err := write(); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	time.Sleep(200 * time.Millisecond)
	mu.Lock()
	before := make(map[int64]bool, len(acked))
	for id := range acked {
		before[id] = true
	}
	mu.Unlock()
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(sys, backup); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	if err := s.Backup(sys, backup); !errors.Is(err, zhibu.ErrConflict) {
		t.Errorf("a second backup over the first: %v", err)
	}

	live := peopleByID(t, s, branch.ID)
	copied, err := store.Open(ctx, backup, storetest.Keys)
	if err != nil {
		t.Fatal(err)
	}
	inCopy := peopleByID(t, copied, branch.ID)
	copied.Close()
	lost, mismatched := 0, 0
	for id := range before {
		if _, ok := inCopy[id]; !ok {
			lost++
		}
	}
	for id, p := range inCopy {
		if live[id] != p {
			mismatched++
		}
	}
	t.Logf("%d people live, %d in the backup, %d acknowledged before it began: %d lost, %d mismatched",
		len(live), len(inCopy), len(before), lost, mismatched)
	if lost > 0 || mismatched > 0 || len(inCopy) < len(before) || len(live) <= len(inCopy) {
		t.Fatalf("lost %d, mismatched %d (live %d, copy %d, acknowledged before %d)", lost, mismatched, len(live), len(inCopy), len(before))
	}

	// Restore refuses the live database, which the store holds open.
	if _, err := store.Restore(ctx, backup, path, storetest.Keys); !errors.Is(err, store.ErrInUse) {
		t.Fatalf("restore over a database in use: %v", err)
	}
	// Restore refuses a copy the keys do not open.
	other := filepath.Join(t.TempDir(), "other.db")
	if c, err := store.Restore(ctx, backup, other, store.Keys{Data: secret.Key{7}, Audit: storetest.Keys.Audit}); err != nil || c.Problem == "" {
		t.Fatalf("restore with another data key: %+v, %v", c, err)
	}
	if c, err := store.Restore(ctx, backup, other, store.Keys{Data: storetest.Keys.Data, Audit: secret.Key{7}}); err != nil || c.Problem == "" {
		t.Fatalf("restore with another audit key: %+v, %v", c, err)
	}
	// Restore over a stopped database.
	s.Close()
	c, err := store.Restore(ctx, backup, path, storetest.Keys)
	if err != nil || c.Problem != "" || c.Audit == 0 || c.Sealed != 2*len(inCopy) {
		t.Fatalf("restore: %+v, %v", c, err)
	}
	restored, err := store.Open(ctx, path, storetest.Keys)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	back := peopleByID(t, restored, branch.ID)
	if len(back) != len(inCopy) {
		t.Fatalf("restored %d people, the backup has %d", len(back), len(inCopy))
	}
	for id, p := range inCopy {
		if back[id] != p {
			t.Fatalf("person %d restored as %+v, backed up as %+v", id, back[id], p)
		}
	}
	if _, p, err := restored.VerifyAudit(sys); err != nil || p != nil {
		t.Fatalf("audit verify after restore: %v, %v", p, err)
	}
}

// backedUp is what the backup test compares of a person.
type backedUp struct{ name, idNumber, phone string }

func peopleByID(t *testing.T, s *store.Store, org int64) map[int64]backedUp {
	t.Helper()
	ps, err := s.People(sys, org, zhibu.PersonFilter{})
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[int64]backedUp, len(ps))
	for _, p := range ps {
		m[p.ID] = backedUp{p.Name, p.IDNumber, p.Phone}
	}
	return m
}
