package store_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// A year-end package's job: a second build of the same org and year is
// refused while one runs, until the running one has gone ArchiveStale
// without progress (its server stopped), when it reads as failed and a new
// build may start; a finished package is stored in pieces and read back
// whole, and replaces the older package of its year.
func TestArchiveJobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2026, 7, 1, 10, 0, 0, 0, zhibu.DefaultZone)
		s.SetClock(func() time.Time { return now })
		branch, _, _ := branchWithCommittee(t, s)
		first, err := s.StartArchiveJob(sys, branch.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartArchiveJob(sys, branch.ID, 2025); !errors.Is(err, zhibu.ErrConflict) {
			t.Fatalf("a second build while one runs: %v", err)
		}
		now = now.Add(5 * time.Minute)
		if err := s.ArchiveProgress(sys, first.ID, 1, 3, "会议记录"); err != nil {
			t.Fatal(err)
		}
		now = now.Add(store.ArchiveStale - time.Minute)
		if j, _ := s.ArchiveJob(sys, first.ID); j.Status != zhibu.ArchiveRunning || j.Percent() != 33 || j.Step != "会议记录" {
			t.Fatalf("a job with recent progress: %+v", j)
		}
		now = now.Add(2 * time.Minute)
		if j, _ := s.ArchiveJob(sys, first.ID); j.Status != zhibu.ArchiveFailed || !strings.Contains(j.Error, "生成中断") {
			t.Fatalf("a job without progress for %v: %+v", store.ArchiveStale, j)
		}
		second, err := s.StartArchiveJob(sys, branch.ID, 2025)
		if err != nil {
			t.Fatalf("a new build after an interrupted one: %v", err)
		}
		if err := s.FinishArchiveJob(sys, first.ID, strings.NewReader("x"), 1, ""); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("finishing an interrupted job: %v", err)
		}
		data := bytes.Repeat([]byte("0123456789"), 250_000) // 2.5 MB: three pieces
		if err := s.FinishArchiveJob(sys, second.ID, bytes.NewReader(data), 7, strings.Repeat("a", 64)); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := s.WriteArchive(sys, second.ID, &got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), data) {
			t.Fatalf("read back %d bytes of %d", got.Len(), len(data))
		}
		jobs, err := s.ArchiveJobs(sys, branch.ID, 2025)
		if err != nil || len(jobs) != 1 || jobs[0].ID != second.ID || jobs[0].Size != int64(len(data)) || jobs[0].Files != 7 {
			t.Fatalf("jobs after the build: %+v %v", jobs, err)
		}
		if l, err := s.LatestArchive(sys, branch.ID, 2024); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("a year without a package: %+v %v", l, err)
		}
	})
}
