package register

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"zhibu"
)

// shanghai is Asia/Shanghai from the zone database.
func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skipf("no zoneinfo: %v", err)
	}
	return loc
}

// at is a time in zone loc: at(loc, "2024-03-31 23:30").
func at(t *testing.T, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseBytes(t *testing.T, data []byte, lim Limits) (*Sheet, error) {
	t.Helper()
	return Parse(bytes.NewReader(data), lim, shanghai(t))
}

func mustParse(t *testing.T, name string) *Sheet {
	t.Helper()
	s, err := parseBytes(t, readFixture(t, name), Limits{})
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return s
}

// refusal is the user message of an error that refused the file.
func refusal(t *testing.T, s *Sheet, err error) string {
	t.Helper()
	if err == nil {
		t.Fatalf("Parse accepted the file: %d rows", len(s.Rows))
	}
	var e *zhibu.Error
	if !errors.As(err, &e) || !errors.Is(err, zhibu.ErrInvalid) {
		t.Fatalf("error %v is not an invalid-input error", err)
	}
	return e.Message
}

// problem is a zhibu.Problem without its label, which the message repeats.
type problem struct {
	Row     int
	Field   string
	Message string
}

func problems(ps zhibu.Problems) []problem {
	var out []problem
	for _, p := range ps {
		out = append(out, problem{p.Row, p.Field, p.Message})
	}
	return out
}

// branch is a Resolver for the branch 一支部 (also answering to
// 一大队党支部) with its groups 第一党小组 and 第二党小组. It counts the
// questions asked.
type branch struct{ orgCalls, personCalls int }

var (
	branchOrgs = map[string]struct {
		id   int64
		kind zhibu.OrgKind
	}{
		"一支部":    {1, zhibu.KindBranch},
		"一大队党支部": {1, zhibu.KindBranch},
		"第一党小组":  {2, zhibu.KindGroup},
		"第二党小组":  {3, zhibu.KindGroup},
	}
	branchPeople = map[int64]map[string]int64{
		1: {"张三": 11, "李四": 12, "王五": 13, "赵六": 14},
		2: {"张三": 11, "李四": 12},
		3: {"王五": 13, "赵六": 14},
	}
)

func (b *branch) Org(name string) (int64, zhibu.OrgKind, bool) {
	b.orgCalls++
	o, ok := branchOrgs[name]
	return o.id, o.kind, ok
}

func (b *branch) Type(orgID int64, t zhibu.MeetingType) bool {
	return t == zhibu.CustomMeetingType("读书会") // added for the whole branch
}

func (b *branch) Person(orgID int64, name string) (int64, bool) {
	b.personCalls++
	id, ok := branchPeople[orgID][name]
	return id, ok
}
