package rules

import (
	"math/rand/v2"
	"testing"
	"time"

	"zhibu"
)

// genFacts makes a bureau of n branches with three groups each and their
// records for the years y0..y1, deterministic for seed: about 90% of the
// required meetings held, a few cancelled, chaired by the wrong person,
// without quorum or minutes; some small branches with a secretary alone;
// some terms re-elected late or not at all.
func genFacts(n, y0, y1 int, seed uint64) zhibu.Facts {
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	f := zhibu.Facts{
		Orgs:    []zhibu.Org{{ID: 1, Code: "GEN", Name: "模拟市公安局党委", Kind: zhibu.KindCommittee, Path: "/1/"}},
		Members: map[int64]int{},
	}
	var mid, sid int64 = 0, 0
	meeting := func(org int64, typ zhibu.MeetingType, at time.Time, chair, recorder int64, expected int) {
		mid++
		m := zhibu.Meeting{
			ID: mid, OrgID: org, Type: typ, Status: zhibu.MeetingHeld, StartsAt: at,
			ChairID: chair, RecorderID: recorder, Minutes: "会议记录", EnteredAt: at.Add(2 * time.Hour),
			Expected: expected, Present: expected,
		}
		switch r := rnd.IntN(100); {
		case r < 2:
			m.Status, m.CancelReason = zhibu.MeetingCancelled, "临时任务"
		case r < 4:
			m.ChairID = chair + 50 // a member without a seat
		case r < 6:
			m.Minutes = ""
		case r < 8:
			m.Present = expected / 2
		case r < 12:
			m.EnteredAt = at.AddDate(0, 0, 10) // 补录
		}
		if typ == zhibu.MeetLecture {
			m.LecturerID = chair
		}
		f.Meetings = append(f.Meetings, m)
	}
	when := func(y, m int) time.Time {
		// Any day of the month, sometimes its last evening.
		last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if rnd.IntN(20) == 0 {
			return time.Date(y, time.Month(m), last, 23, 30, 0, 0, zhibu.DefaultZone)
		}
		return time.Date(y, time.Month(m), 1+rnd.IntN(last), 8+rnd.IntN(12), rnd.IntN(60), 0, 0, zhibu.DefaultZone)
	}
	for b := 0; b < n; b++ {
		bid := int64(1000 + 10*b)
		pid := int64(100000 + 100*b)
		f.Orgs = append(f.Orgs, zhibu.Org{ID: bid, Name: "第" + itoa(b+1) + "党支部", Kind: zhibu.KindBranch, ParentID: 1, Path: "/1/" + itoa(int(bid)) + "/"})
		small := rnd.IntN(10) == 0
		members := 20 + rnd.IntN(30)
		people := []int64{pid + 1, pid + 2, pid + 3, pid + 4, pid + 5}
		if small {
			members = 3 + rnd.IntN(4)
			people = people[:1]
		}
		f.Members[bid] = members
		for g := int64(1); g <= 3; g++ {
			f.Orgs = append(f.Orgs, zhibu.Org{ID: bid + g, Name: "第" + itoa(int(g)) + "党小组", Kind: zhibu.KindGroup, ParentID: bid, Path: "/1/" + itoa(int(bid)) + "/" + itoa(int(bid+g)) + "/"})
			sid++
			f.Seats = append(f.Seats, zhibu.Seat{ID: sid, OrgID: bid + g, PersonID: pid + 10 + g, Position: zhibu.GroupLeader, StartOn: zhibu.MakeDate(y0-3, 1, 1)})
		}
		// Terms: every three years, sometimes late, the last sometimes never renewed.
		elected := zhibu.MakeDate(y0-1-rnd.IntN(2), time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28))
		for tid := int64(1); !elected.After(zhibu.MakeDate(y1, 12, 31)); tid++ {
			t := committeeTerm(bid*10+tid, elected, 3, people...)
			t.OrgID = bid
			for i := range t.Seats {
				t.Seats[i].OrgID = bid
			}
			f.Terms = append(f.Terms, t)
			elected = t.EndsOn()
			if rnd.IntN(5) == 0 {
				elected = elected.AddMonths(2 + rnd.IntN(7))
			}
			if rnd.IntN(20) == 0 {
				break
			}
		}
		for y := y0; y <= y1; y++ {
			for m := 1; m <= 12; m++ {
				if !small && rnd.IntN(10) < 9 {
					meeting(bid, zhibu.MeetCommittee, when(y, m), pid+1, pid+3, len(people))
				}
				if rnd.IntN(10) < 9 {
					meeting(bid, zhibu.MeetThemedDay, when(y, m), pid+1, pid+3, members)
				}
				if m%3 == 0 && rnd.IntN(10) < 9 {
					meeting(bid, zhibu.MeetAssembly, when(y, m-rnd.IntN(3)), pid+1, pid+3, members)
				}
				for g := int64(1); g <= 3; g++ {
					if rnd.IntN(10) < 9 {
						meeting(bid+g, zhibu.MeetGroup, when(y, m), pid+10+g, pid+20+g, members/3)
					}
				}
			}
			for q := 1; q <= 4; q++ {
				if rnd.IntN(100) < 85 {
					meeting(bid, zhibu.MeetLecture, when(y, 3*q-rnd.IntN(3)), pid+1, pid+3, members)
				}
			}
			if rnd.IntN(100) < 95 {
				meeting(bid, zhibu.MeetLife, when(y, 10+rnd.IntN(3)), pid+1, pid+3, members)
			}
			if rnd.IntN(100) < 95 {
				meeting(bid, zhibu.MeetAppraisal, when(y, 10+rnd.IntN(3)), pid+1, pid+3, members)
			}
		}
	}
	return f
}

// BenchmarkCheckAllM checks every branch of the M tier (200 branches, 600
// groups, five years of meetings) for one year, in memory. Target: well
// under 200 ms.
func BenchmarkCheckAllM(b *testing.B) {
	facts := genFacts(200, 2014, 2018, 1)
	facts.AsOf = day(2018, 12, 31)
	cat := append(DefaultCatalogue(), SeedBranchLayer(1000, day(2018, 1, 1))...)
	n := 0
	for b.Loop() {
		all := CheckAll(cat, facts, 2018)
		n = 0
		for _, fs := range all {
			n += len(fs)
		}
	}
	b.ReportMetric(float64(len(facts.Meetings)), "meetings")
	b.ReportMetric(float64(n), "findings")
}

// BenchmarkCheckBranchM checks one branch of the M tier for one year from
// the facts of that branch alone (what the store loads for a branch's calendar).
func BenchmarkCheckBranchM(b *testing.B) {
	all := genFacts(200, 2014, 2018, 1)
	facts := zhibu.Facts{AsOf: day(2018, 12, 31), Members: all.Members}
	keep := map[int64]bool{1: true, 1000: true, 1001: true, 1002: true, 1003: true}
	for _, o := range all.Orgs {
		if keep[o.ID] {
			facts.Orgs = append(facts.Orgs, o)
		}
	}
	for _, t := range all.Terms {
		if keep[t.OrgID] {
			facts.Terms = append(facts.Terms, t)
		}
	}
	for _, s := range all.Seats {
		if keep[s.OrgID] {
			facts.Seats = append(facts.Seats, s)
		}
	}
	for _, m := range all.Meetings {
		if keep[m.OrgID] {
			facts.Meetings = append(facts.Meetings, m)
		}
	}
	cat := append(DefaultCatalogue(), SeedBranchLayer(1000, day(2018, 1, 1))...)
	for b.Loop() {
		Check(cat, facts, 1000, 2018)
	}
}
