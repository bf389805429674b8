package gen

import (
	"context"
	"math/rand/v2"
	"testing"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// Terms are re-elected on time mostly, late sometimes, and sometimes not
// by Until; the first was elected in the three years before the history.
func TestElections(t *testing.T) {
	h := newHistory(Tiers["M"])
	if h.from != zhibu.MakeDate(2021, 7, 1) || h.to != Until || h.attendFrom != h.from {
		t.Fatalf("history %+v", h)
	}
	if l := newHistory(Tiers["L"]); l.attendFrom != zhibu.MakeDate(2025, 7, 1) {
		t.Errorf("L records attendance from %s", l.attendFrom)
	}
	r := rand.New(rand.NewPCG(1, 2))
	onTime, late, overdue := 0, 0, 0
	const n = 2000
	for range n {
		first := h.firstElection(r)
		if !first.Before(h.from) || first.Before(h.from.AddYears(-3)) {
			t.Fatalf("first election %s", first)
		}
		es := h.elections(r, first)
		for i := 1; i < len(es); i++ {
			end := es[i-1].AddYears(3)
			if es[i].After(end) {
				late++
			} else {
				onTime++
			}
		}
		if end := es[len(es)-1].AddYears(3); end.Before(h.to) {
			overdue++ // the term in office at Until has run out
		}
	}
	if onTime < 3*late || late == 0 {
		t.Errorf("%d re-elections on time, %d late", onTime, late)
	}
	if pct := 100 * overdue / n; pct < 5 || pct > 30 {
		t.Errorf("%d%% of branches with an overdue term at Until", pct)
	}
}

// Five years of a few branches: the findings show the gaps of real
// branches, year after year — some months missed, some terms overdue —
// and attendance is recorded for the last year only when the tier says so.
func TestMeetingsFiveYears(t *testing.T) {
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	s := storetest.SQLite(t)
	tier := Tier{Name: "test", Branches: 6, GroupsPerBranch: 3, PeoplePerBranch: 50, Years: 5, AttendanceYears: 1}
	res, err := Run(ctx, s, tier, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Meetings < 6*5*50 || res.Terms < 6 {
		t.Fatalf("result %+v", res)
	}
	ms, err := s.Meetings(ctx, store.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	late, cancelled, withAttendance := 0, 0, 0
	attendFrom := newHistory(tier).attendFrom
	for _, m := range ms {
		if m.Late() {
			late++
		}
		if m.Status == zhibu.MeetingCancelled {
			cancelled++
			continue
		}
		_, att, err := s.Meeting(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(att) > 0 {
			withAttendance++
		}
		if (len(att) > 0) != !m.DateIn(nil).Before(attendFrom) || m.Present+m.Excused+m.Absent != m.Expected {
			t.Fatalf("%s %s: %d attending, counts %d/%d", m.DateIn(nil), m.Type.Label(), len(att), m.Present, m.Expected)
		}
	}
	if pct := 100 * late / len(ms); pct < 2 || pct > 12 {
		t.Errorf("%d%% entered late", pct)
	}
	if cancelled == 0 || withAttendance == 0 || withAttendance > len(ms)/3 {
		t.Errorf("%d cancelled, %d of %d with attendance", cancelled, withAttendance, len(ms))
	}

	cat, err := service.New(s, service.Options{}).Compliance.Catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]map[zhibu.FindingStatus]int{}
	for year := 2022; year <= 2025; year++ {
		facts, err := s.Facts(ctx, res.Root.ID, year, zhibu.MakeDate(year, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		for _, fs := range rules.CheckAll(cat, facts, year) {
			for _, f := range fs {
				if status[f.RuleID] == nil {
					status[f.RuleID] = map[zhibu.FindingStatus]int{}
				}
				status[f.RuleID][f.Status]++
			}
		}
	}
	missed := func(rule string) int {
		st := status[rule]
		return 100 * st[zhibu.StatusOverdue] / (st[zhibu.StatusOK] + st[zhibu.StatusOverdue])
	}
	if pct := missed("meet.committee.monthly"); pct < 2 || pct > 15 {
		t.Errorf("%d%% of committee months missed: %v", pct, status["meet.committee.monthly"])
	}
	if pct := missed("meet.group.monthly"); pct < 3 || pct > 15 {
		t.Errorf("%d%% of group months missed: %v", pct, status["meet.group.monthly"])
	}
	if st := status["org.term.due"]; st[zhibu.StatusOK] == 0 || st[zhibu.StatusOverdue] == 0 {
		t.Errorf("term findings %v: want terms renewed and terms overdue", st)
	}
	if st := status["meet.quorum"]; st[zhibu.StatusOK] == 0 {
		t.Errorf("no assembly voted: %v", st)
	}
	if st := status["meet.lecture.secretary"]; st[zhibu.StatusOK] == 0 {
		t.Errorf("lecture findings %v", st)
	}
}
