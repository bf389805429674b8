package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/archive"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// zhibu archive writes the year-end package to the file named, mode 0600,
// with one minutes per meeting held and a manifest whose sums match; it
// refuses to overwrite a file, and a bad year or an unknown org, with a
// Chinese message and no file left behind.
func TestArchiveCommand(t *testing.T) {
	t.Parallel()
	db := storetest.SQLitePath(t)
	checkDB(t, db)
	env := map[string]string{"ZHIBU_KEYS": writeKeys(t), "ZHIBU_DB": db}
	dir := t.TempDir()
	out := filepath.Join(dir, "B1-2025.zip")
	code, stdout, errs := cli(t, env, "archive", "--org", "B1", "--year", "2025", "-o", out)
	if code != 0 {
		t.Fatalf("archive: %d %q", code, errs)
	}
	if !strings.Contains(stdout, "第一党支部2025年年终档案包") || !strings.Contains(stdout, "SHA-256：") || !strings.Contains(errs, "100% 完成") {
		t.Errorf("stdout %q, stderr %q", stdout, errs)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	paths, err := archive.Verify(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	s, err := store.Open(ctx, db, storetest.Keys)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.OrgByCode(ctx, "B1")
	ms, err := s.Meetings(ctx, store.MeetingFilter{OrgID: b.ID, From: time.Date(2025, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone), To: time.Date(2026, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	held, minutes := 0, 0
	for _, m := range ms {
		if m.Held() {
			held++
		}
	}
	for _, p := range paths {
		if strings.Contains(p, "/会议记录/") {
			minutes++
		}
	}
	if held == 0 || minutes != held {
		t.Errorf("%d minutes for %d meetings held", minutes, held)
	}
	if !strings.Contains(stdout, strconv.Itoa(len(paths)+1)+"个文件") {
		t.Errorf("stdout %q does not count %d files", stdout, len(paths)+1)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--org", "B1", "--year", "2025", "-o", out}, "已存在"},
		{[]string{"--org", "B1", "--year", "1999", "-o", filepath.Join(dir, "a.zip")}, "年度：须为2000年至"},
		{[]string{"--org", "B1G1", "--year", "2025", "-o", filepath.Join(dir, "b.zip")}, "党小组"},
		{[]string{"--org", "NONE", "--year", "2025", "-o", filepath.Join(dir, "c.zip")}, "组织代码 NONE 不存在"},
		{[]string{"--org", "B1", "--year", "二〇二五"}, "--year 应为四位年份"},
	} {
		code, _, errs := cli(t, env, append([]string{"archive"}, c.args...)...)
		if code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("archive %q: %d %q, want %q", c.args, code, errs, c.want)
		}
	}
	for _, name := range []string{"a.zip", "b.zip", "c.zip"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s left behind: %v", name, err)
		}
	}
}
