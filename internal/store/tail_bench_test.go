package store_test

import (
	"context"
	"crypto/sha256"
	"slices"
	"sync"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// BenchmarkReadTail is the latency of one person's development file (the
// person, the records, the sponsors' names: three reads) with 64 readers
// at once on SQLite, under read-pool settings: p50 and p99 in ms, and how
// many connections the pool closed for being idle beyond its limit
// (closed/op) — the cause of SQLite's tail (docs/performance.md):
//
//   - open4-idle2: four connections, database/sql's default of two idle,
//     the settings before: a connection returned beyond two is closed and
//     the next reader opens a new one (the pragmas, the statements
//     prepared again);
//
//   - open4-idle4: as Open sets the pool now;
//
//   - open4-idle4-fifo4: the same with the readers let in four at a time in
//     the order they came (a channel's waiting senders are served in
//     order), where database/sql hands a freed connection to a random
//     waiter: whether the order of waiters makes the tail;
//
//   - floor, floor-fifo4: work of the same cost on the CPU alone, no
//     database (gate<0 below): the tail the machine and Go's scheduler give
//     by themselves.
//
//     go test -run '^$' -bench ReadTail -benchtime 2000x ./internal/store/
func BenchmarkReadTail(b *testing.B) {
	s := openTierDev(b, "sqlite")
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	root, err := s.OrgByCode(ctx, "GEN")
	if err != nil {
		b.Fatal(err)
	}
	people, err := s.People(ctx, root.ID, zhibu.PersonFilter{Status: zhibu.Probationary})
	if err != nil || len(people) < 64 {
		b.Fatal(len(people), err)
	}
	// The floor: the same 64 goroutines doing work of the same cost on the
	// CPU alone (hashing), no database: the tail the machine and the Go
	// scheduler give by themselves.
	t0 := time.Now()
	for i := range 50 {
		if _, err := s.DevFile(ctx, people[i].ID); err != nil {
			b.Fatal(err)
		}
	}
	one := time.Since(t0) / 50
	work := 1
	for t := time.Now(); ; work *= 2 {
		t = time.Now()
		spin(work)
		if time.Since(t) >= one {
			break
		}
	}
	for _, pool := range []struct {
		name             string
		open, idle, gate int
	}{{"open4-idle2", 4, 2, 0}, {"open4-idle4", 4, 4, 0}, {"open4-idle4-fifo4", 4, 4, 4},
		{"floor", 4, 4, -1}, {"floor-fifo4", 4, 4, -4}} {
		b.Run(pool.name, func(b *testing.B) {
			store.SetReadPool(s, pool.open, pool.idle)
			var gate chan struct{}
			if pool.gate > 0 || pool.gate < -1 {
				gate = make(chan struct{}, max(pool.gate, -pool.gate))
			}
			closed0, waits0 := store.ReadPoolClosed(s)
			var mu sync.Mutex
			var lat []time.Duration
			b.SetParallelism(32) // 64 readers on two cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				var mine []time.Duration
				for pb.Next() {
					i++
					t := time.Now()
					if gate != nil {
						gate <- struct{}{} // blocked senders are served in order
					}
					var err error
					if pool.gate < 0 {
						spin(work)
					} else {
						_, err = s.DevFile(ctx, people[i%len(people)].ID)
					}
					if gate != nil {
						<-gate
					}
					if err != nil {
						b.Error(err)
						return
					}
					mine = append(mine, time.Since(t))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
			b.StopTimer()
			slices.Sort(lat)
			if len(lat) == 0 {
				return
			}
			closed, waits := store.ReadPoolClosed(s)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")
			b.ReportMetric(float64(closed-closed0)/float64(len(lat)), "closed/op")
			b.ReportMetric(float64(waits-waits0)/float64(len(lat)), "waits/op")
		})
	}
}

// spin hashes n blocks of 4 KiB.
func spin(n int) {
	var buf [4096]byte
	for range n {
		sum := sha256.Sum256(buf[:])
		buf[0] = sum[0]
	}
}
