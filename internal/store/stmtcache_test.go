package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The read pool's prepared statements, kept for the texts read twice and
// dropped for those used least recently, answer right while eight readers
// go through three times as many texts as are kept, each text read twice
// or more, so that statements are dropped while others use them.
func TestStatementsKeptUnderChurn(t *testing.T) {
	t.Parallel()
	s := storetest.SQLite(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 800 {
				k := (i*7 + g*100) % 800
				text := fmt.Sprintf("SELECT %d + $1", k) // one text per k
				for range 2 {
					n, err := store.ReadInt(ctx, s, text, g)
					if err != nil || n != k+g {
						errs <- fmt.Errorf("%q with %d: %d, %v", text, g, n, err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
