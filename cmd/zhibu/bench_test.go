package main

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/secret"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// BenchmarkImportPeople10k runs `zhibu import people` on a 10,000-row xlsx
// into an empty branch of a new SQLite database: parse, check against the
// database, insert in one transaction. The file is an export of a
// generated branch. Besides time it reports peak-heap-MB, the highest live
// heap sampled while the imports ran.
//
//	go test -run '^$' -bench ImportPeople10k -benchtime 3x ./cmd/zhibu/
func BenchmarkImportPeople10k(b *testing.B) {
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	keys := writeKeys(b)
	src := storetest.SQLite(b)
	tier := gen.Tier{Name: "import", Branches: 1, GroupsPerBranch: 3, PeoplePerBranch: 10000}
	if _, err := gen.Generate(ctx, src, tier, 1, nil); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(b.TempDir(), "roster.xlsx")
	env := map[string]string{"ZHIBU_DB": srcPath(b, src), "ZHIBU_KEYS": keys}
	if code, _, errs := cli(b, env, "export", "people", "--org", "G00001", "-o", file); code != 0 {
		b.Fatal(errs)
	}
	peak := heapPeak()
	for b.Loop() {
		b.StopTimer()
		db := storetest.SQLitePath(b)
		makeBranch(b, db, "G00001", "第一党小组", "第二党小组", "第三党小组")
		b.StartTimer()
		code, out, errs := cli(b, map[string]string{"ZHIBU_DB": db, "ZHIBU_KEYS": keys}, "import", "people", file, "--org", "G00001")
		if code != 0 || !strings.Contains(out, "10000人") {
			b.Fatalf("import: %d %s %s", code, out, errs)
		}
	}
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
}

// writeKeys writes the test keys as key files, so the commands open the
// stores storetest made.
func writeKeys(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, k := range map[string]secret.Key{"data.key": storetest.Keys.Data, "audit.key": storetest.Keys.Audit} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(base64.StdEncoding.EncodeToString(k[:])+"\n"), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// srcPath is the file of a store opened by storetest.SQLite.
func srcPath(b *testing.B, s *store.Store) string {
	b.Helper()
	p, ok := s.SQLitePath()
	if !ok {
		b.Fatal("not a SQLite store")
	}
	return p
}

// heapPeak samples the live heap every few milliseconds (runtime/metrics
// does not stop the world) until the returned function is called.
func heapPeak() func() uint64 {
	done, result := make(chan struct{}), make(chan uint64)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				result <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-result }
}
