package gen_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

var sys = zhibu.WithActor(context.Background(), zhibu.System)

func TestGenerateS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		calls := 0
		res, err := gen.Run(sys, s, gen.Tiers["S"], 7, func(done, total int) { calls++ })
		if err != nil {
			t.Fatal(err)
		}
		root := res.Root
		c, err := s.Counts(sys, root.ID)
		if err != nil || c.People != 30 || c.Members == 0 || c.Members == 30 || c.Members != res.Members || res.People != 30 {
			t.Errorf("counts = %+v, %v; result %+v", c, err, res)
		}
		branches, _ := s.Orgs(sys, store.OrgFilter{Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
		if len(branches) != 1 || calls != 1 || res.Branches != 1 || res.Orgs != 5 {
			t.Fatalf("branches = %d, progress calls = %d, result %+v", len(branches), calls, res)
		}
		if _, err := s.CurrentTerm(sys, branches[0].ID); err != nil {
			t.Errorf("no committee: %v", err)
		}
		groups, _ := s.Groups(sys, branches[0].ID)
		for _, g := range groups {
			if g.LeaderID == 0 {
				t.Errorf("group %s has no leader", g.Name)
			}
		}
		// A year of meetings up to gen.Until, each with its attendance.
		ms, err := s.Meetings(sys, store.MeetingFilter{})
		if err != nil || len(ms) != res.Meetings || len(ms) < 40 || len(ms) > 80 {
			t.Fatalf("%d meetings (result %d), %v", len(ms), res.Meetings, err)
		}
		from, to := gen.Until.AddDays(1).AddYears(-1), gen.Until
		types := map[zhibu.MeetingType]int{}
		attended := 0
		for _, m := range ms {
			types[m.Type]++
			if d := m.DateIn(nil); d.Before(from) || d.After(to) {
				t.Errorf("meeting on %s, outside %s to %s", d, from, to)
			}
			_, att, err := s.Meeting(sys, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			attended += len(att)
			if m.Held() && len(att) != m.Expected {
				t.Errorf("%s %s: %d attending of %d", m.DateIn(nil), m.Type.Label(), len(att), m.Expected)
			}
		}
		if attended != res.Attendance || types[zhibu.MeetCommittee] < 9 || types[zhibu.MeetGroup] < 25 || types[zhibu.MeetAssembly] < 2 {
			t.Errorf("types %v, %d attending (result %d)", types, attended, res.Attendance)
		}
		checkStreams(t, s, res) // streams_test.go
		// A database with anything in it is refused.
		_, err = gen.Run(sys, s, gen.Tiers["S"], 7, nil)
		if !errors.Is(err, zhibu.ErrConflict) || zhibu.UserMessage(err) != "数据库不为空，模拟数据只能生成到空数据库" {
			t.Errorf("second run: %v", err)
		}
	})
}

// The same seed gives the same people and meetings; another seed others.
func TestGenerateDeterministic(t *testing.T) {
	type snapshot struct {
		people   []string
		meetings []string
	}
	take := func(seed uint64) snapshot {
		s := storetest.SQLite(t)
		root, err := gen.Generate(sys, s, gen.Tiers["S"], seed, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out snapshot
		people, _ := s.People(sys, root.ID, zhibu.PersonFilter{})
		for _, p := range people {
			out.people = append(out.people, p.IDNumber+p.Name+p.JoinedOn.String())
		}
		ms, _ := s.Meetings(sys, store.MeetingFilter{})
		for _, m := range ms {
			out.meetings = append(out.meetings, m.StartsAt.String()+string(m.Type)+m.Minutes+m.EnteredAt.String()+string(m.Filing))
		}
		// The later streams too: the talks of both years.
		b, _ := s.OrgByCode(sys, "G00001")
		for _, y := range []int{gen.Until.Year - 1, gen.Until.Year} {
			ts, _ := s.Talks(sys, b.ID, y)
			for _, x := range ts {
				out.meetings = append(out.meetings, x.HeldOn.String()+x.AName+x.BName+x.Topics)
			}
		}
		return out
	}
	a, b, c := take(42), take(42), take(43)
	if len(a.people) != 30 || len(b.people) != 30 || len(a.meetings) == 0 {
		t.Fatalf("got %d and %d people, %d meetings", len(a.people), len(b.people), len(a.meetings))
	}
	if !slices.Equal(a.people, b.people) || !slices.Equal(a.meetings, b.meetings) {
		t.Error("two runs with one seed differ")
	}
	if slices.Equal(a.meetings, c.meetings) {
		t.Error("two seeds give the same meetings")
	}
}

// BenchmarkGenerateM makes the M tier (200 branches, 10,000 people, five
// years: about 64,000 meetings and 815,000 attendance rows) in an empty
// database: SQLite, and PostgreSQL when ZHIBU_TEST_POSTGRES is set.
//
//	go test -run '^$' -bench GenerateM -benchtime 1x ./internal/gen/
func BenchmarkGenerateM(b *testing.B) { benchGenerate(b, gen.Tiers["M"]) }

// BenchmarkGenerateL1000 makes one twentieth of L: 1,000 branches of 50
// people, five years of meetings with attendance for the last (about
// 320,000 meetings and 1,000,000 attendance rows); L takes about twenty
// times as long.
//
//	go test -run '^$' -bench GenerateL1000 -benchtime 1x -timeout 1h ./internal/gen/
func BenchmarkGenerateL1000(b *testing.B) {
	t := gen.Tiers["L"]
	t.Branches = 1000
	benchGenerate(b, t)
}

func benchGenerate(b *testing.B, t gen.Tier) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			var res gen.Result
			for b.Loop() {
				b.StopTimer()
				s := e.Open(b)
				b.StartTimer()
				var err error
				if res, err = gen.Run(sys, s, t, 1, nil); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if p, ok := s.SQLitePath(); ok {
					if fi, err := os.Stat(p); err == nil {
						b.ReportMetric(float64(fi.Size())/(1<<20), "db-MB")
					}
				}
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(res.Meetings), "meetings")
			b.ReportMetric(float64(res.Attendance), "attendance")
		})
	}
}
