package store_test

import (
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestAppraisal runs a branch's appraisal: self-appraisals by the member
// only, one peer ballot each, counts hidden until the grades are decided
// and then exact, a 不合格 member's handling closed; the roll keeps the day,
// the log no earlier counts, the audit trail no grade of a ballot.
func TestAppraisal(t *testing.T) {
	storetest.EachRaw(t, func(t *testing.T, s *store.Store, raw *sql.DB) {
		s.SetClock(func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, zhibu.DefaultZone) })
		branch, _, members := branchWithCommittee(t, s) // four full members
		on := zhibu.MakeDate(2026, 11, 20)
		r, err := s.OpenAppraisal(sys, branch.ID, 2026, 3, on)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Entries) != 4 || len(r.Voters) != 4 || r.Status != zhibu.AppraisalOpen {
			t.Fatalf("opened: %+v", r)
		}
		if err := s.SaveSelfAppraisal(as(members[0]), r.ID, "认真学习，完成任务", on); err != nil {
			t.Fatal(err)
		}
		outsider := zhibu.Person{ID: 99999, Name: "外人"}
		if err := s.SaveSelfAppraisal(as(outsider), r.ID, "冒名", on); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("an outsider's self-appraisal: %v", err)
		}
		mine, err := s.MyAppraisals(as(members[1]))
		if err != nil || len(mine) != 1 || len(mine[0].Entries) != 4 || mine[0].Entries[0].SelfText != "" && mine[0].Entries[0].PersonID != members[1].ID {
			t.Errorf("my appraisals: %+v %v", mine, err)
		}
		if _, err := s.OpenAppraisalVote(sys, r.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveSelfAppraisal(as(members[1]), r.ID, "晚了", on); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("a self-appraisal after the vote opened: %v", err)
		}
		ballots := []map[int64]zhibu.AppraisalGrade{
			{members[1].ID: zhibu.GradeExcellent, members[2].ID: zhibu.GradeQualified, members[3].ID: zhibu.GradeUnqualified},
			{members[0].ID: zhibu.GradeExcellent, members[2].ID: zhibu.GradeQualified, members[3].ID: zhibu.GradeBasic},
			{members[0].ID: zhibu.GradeQualified, members[1].ID: zhibu.GradeQualified, members[3].ID: zhibu.GradeUnqualified},
		}
		walPath := ""
		if path, ok := s.SQLitePath(); ok {
			walPath = path + "-wal"
		}
		for i, b := range ballots {
			if err := s.CastAppraisalBallot(as(members[i]), r.ID, b, on); err != nil {
				t.Fatal(err)
			}
			if walPath != "" {
				if fi, err := os.Stat(walPath); err == nil && fi.Size() != 0 {
					t.Fatalf("after ballot %d the log holds %d bytes", i+1, fi.Size())
				}
			}
		}
		if err := s.CastAppraisalBallot(as(members[0]), r.ID, ballots[0], on); !errors.Is(err, store.ErrVoted) {
			t.Errorf("a second ballot: %v", err)
		}
		got, err := s.AppraisalRound(sys, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range got.Entries {
			if e.Tally != nil {
				t.Errorf("counts of %s shown while voting", e.Name)
			}
		}
		grades := map[int64]zhibu.AppraisalGrade{members[0].ID: zhibu.GradeExcellent, members[1].ID: zhibu.GradeQualified,
			members[2].ID: zhibu.GradeQualified, members[3].ID: zhibu.GradeUnqualified}
		handlings := map[int64]zhibu.Handling{members[3].ID: {Measure: zhibu.MeasureImprove, DueOn: zhibu.MakeDate(2027, 3, 1)}}
		decided, err := s.DecideAppraisal(sys, r.ID, grades, handlings, 0, on)
		if err != nil {
			t.Fatal(err)
		}
		e3, _ := decided.Entry(members[3].ID)
		if e3.Grade != zhibu.GradeUnqualified || e3.Tally == nil || *e3.Tally != (zhibu.AppraisalTally{Unqualified: 2, Basic: 1}) ||
			e3.Handling == nil || e3.Handling.Measure != zhibu.MeasureImprove {
			t.Errorf("the 不合格 member: %+v %+v", e3, e3.Tally)
		}
		e0, _ := decided.Entry(members[0].ID)
		if e0.Tally == nil || *e0.Tally != (zhibu.AppraisalTally{Excellent: 1, Qualified: 1}) || e0.SelfText != "认真学习，完成任务" {
			t.Errorf("member 0: %+v %+v", e0, e0.Tally)
		}
		// The rules' facts carry the open handling; the superior's view has
		// the branch's decided appraisal; a year without one has none.
		facts, err := s.Facts(sys, branch.ID, 2026, on)
		if err != nil {
			t.Fatal(err)
		}
		if len(facts.Handlings) != 1 || facts.Handlings[0].PersonID != members[3].ID || facts.Handlings[0].DecidedOn != on ||
			facts.Handlings[0].DueOn != zhibu.MakeDate(2027, 3, 1) || facts.Handlings[0].OrgID != branch.ID || facts.Handlings[0].Year != 2026 {
			t.Errorf("handling facts: %+v", facts.Handlings)
		}
		if facts, err := s.Facts(sys, branch.ID, 2025, on); err != nil || len(facts.Handlings) != 0 {
			t.Errorf("2025's handling facts: %+v %v", facts.Handlings, err)
		}
		under, err := s.AppraisalsUnder(sys, branch.ParentID, 2026)
		if err != nil || len(under) != 1 || under[0].ID != r.ID || under[0].Counts() != (zhibu.AppraisalTally{Excellent: 1, Qualified: 2, Unqualified: 1}) {
			t.Errorf("appraisals under the committee: %+v %v", under, err)
		}
		if under, err := s.AppraisalsUnder(sys, branch.ParentID, 2025); err != nil || len(under) != 0 {
			t.Errorf("2025 under the committee: %+v %v", under, err)
		}
		closed, err := s.CloseHandling(sys, r.ID, members[3].ID, "限期内改正，经支部考察合格", zhibu.MakeDate(2027, 3, 1))
		if err != nil {
			t.Fatal(err)
		}
		if e, _ := closed.Entry(members[3].ID); e.Handling.ClosedOn.IsZero() {
			t.Errorf("handling not closed: %+v", e.Handling)
		}
		rows, err := raw.Query(`SELECT detail FROM audit_log WHERE action = 'appraisal.ballot'`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var d string
			rows.Scan(&d)
			n++
			for _, g := range zhibu.AppraisalGrades {
				if strings.Contains(d, g.Label()) || strings.Contains(d, string(g)) {
					t.Errorf("a ballot's audit names a grade: %s", d)
				}
			}
		}
		rows.Close()
		if n != 3 {
			t.Errorf("%d ballots audited", n)
		}
	})
}
