package auth_test

import (
	"errors"
	"sync"
	"testing"

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
			if !errors.Is(err, auth.ErrBadLogin) {
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
