package auth_test

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zhibu/internal/auth"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestLockoutUnderParallelGuesses sends 30 wrong passwords at once: the
// count of failures must reach the threshold and lock the account, so that
// the right password is refused afterwards. Counting in Go from a value
// read before the hash lost all but one or two of them.
func TestLockoutUnderParallelGuesses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		c := newClock()
		a := auth.New(s, c.now)
		ctx := anon("10.9.9.9")
		const guesses = 30
		var wg sync.WaitGroup
		errs := make(chan error, guesses)
		for i := 0; i < guesses; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := a.Login(ctx, "shuji", "wrong-guess", "", "10.9.9.9", "")
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if !errors.Is(err, auth.ErrBadLogin) && !errors.Is(err, auth.ErrBusy) {
				t.Fatalf("a guess answered %v", err)
			}
		}
		if _, err := a.Login(ctx, "shuji", pw, "", "10.9.9.9", ""); !errors.Is(err, auth.ErrBadLogin) {
			t.Fatalf("after %d parallel wrong guesses the right password logged in: %v", guesses, err)
		}
		acct, err := s.AccountByLogin(sys, "shuji")
		if err != nil {
			t.Fatal(err)
		}
		if acct.LockedUntil.IsZero() {
			t.Fatal("account not locked")
		}
	})
}

// TestConcurrentHashesBounded sends 48 logins for unknown accounts at once
// and samples the heap meanwhile: each argon2id hash takes 19 MiB, so
// unbounded hashing grew the process by about 1 GB. At most GOMAXPROCS
// hashes may run at once; the rest wait briefly or are told to retry.
func TestConcurrentHashesBounded(t *testing.T) {
	s := storetest.SQLite(t)
	setup(t, s)
	// The cap follows GOMAXPROCS; two, as on this project's machines, keep
	// the bound far from what 48 hashes at once take on any machine.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	a := auth.New(s, nil)
	const logins = 48
	const hashMiB = 19
	limit := uint64(2*runtime.GOMAXPROCS(0)*hashMiB+96) << 20 // live hashes, their garbage, and slack
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
		}
	}()
	var wg sync.WaitGroup
	var busy, bad atomic.Int32
	for i := 0; i < logins; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := a.Login(anon("10.7.7.7"), fmt.Sprintf("nobody%d", i), "wrong-guess", "", "10.7.7.7", "")
			switch {
			case errors.Is(err, auth.ErrBusy):
				busy.Add(1)
			case errors.Is(err, auth.ErrBadLogin):
				bad.Add(1)
			default:
				t.Errorf("login %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	close(done)
	grew := peak.Load() - min(base, peak.Load())
	t.Logf("%d logins at once: heap grew by %d MiB at most (bound %d MiB); %d refused as wrong, %d told to retry",
		logins, grew>>20, limit>>20, bad.Load(), busy.Load())
	if grew > limit {
		t.Errorf("heap grew by %d MiB under %d concurrent logins, over the bound of %d MiB", grew>>20, logins, limit>>20)
	}
	if bad.Load() == 0 {
		t.Error("no login was checked at all")
	}
}
