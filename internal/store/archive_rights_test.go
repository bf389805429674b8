package store_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
)

func init() { allPerms = append(allPerms, zhibu.PermArchive) } // archives: archive.go

// archiveRights are TestEveryWriteChecksRights's rows for the archives: a
// member's community check-in needs people.write; the year-end package's
// job (start, progress, failure, the finished bytes, the download, which
// is audited) needs archive.build on its org.
func archiveRights(t *testing.T, s *store.Store, branch zhibu.Org, members []zhibu.Person) map[string]writeRight {
	t.Helper()
	running, err := s.StartArchiveJob(sys, branch.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	done, err := s.StartArchiveJob(sys, branch.ID, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FinishArchiveJob(sys, done.ID, strings.NewReader("PK"), 1, strings.Repeat("0", 64)); err != nil {
		t.Fatal(err)
	}
	return map[string]writeRight{
		"SaveCheckIn": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error {
			_, err := s.SaveCheckIn(ctx, zhibu.CommunityCheckIn{PersonID: members[3].ID, Community: "和平路社区", ReportedOn: zhibu.MakeDate(2026, 3, 1)})
			return err
		}},
		"StartArchiveJob": {perm: zhibu.PermArchive, call: func(ctx context.Context) error {
			_, err := s.StartArchiveJob(ctx, branch.ID, 2024)
			return err
		}},
		"ArchiveProgress": {perm: zhibu.PermArchive, call: func(ctx context.Context) error {
			return s.ArchiveProgress(ctx, running.ID, 1, 2, "会议记录")
		}},
		"FailArchiveJob": {perm: zhibu.PermArchive, call: func(ctx context.Context) error {
			return s.FailArchiveJob(ctx, running.ID, "失败")
		}},
		"FinishArchiveJob": {perm: zhibu.PermArchive, call: func(ctx context.Context) error {
			return s.FinishArchiveJob(ctx, running.ID, strings.NewReader("PK"), 1, strings.Repeat("1", 64))
		}},
		"WriteArchive": {perm: zhibu.PermArchive, call: func(ctx context.Context) error {
			return s.WriteArchive(ctx, done.ID, io.Discard)
		}},
	}
}
