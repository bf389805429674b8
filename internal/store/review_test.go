package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// reviewBranch is a branch of six full members with a review round of
// 2026 opened by its committee, the report filed and presented: the vote
// is open. The store's clock is 1 November 2026.
func reviewBranch(t *testing.T, s *store.Store) (zhibu.Org, []zhibu.Person, zhibu.SecretaryReport) {
	t.Helper()
	s.SetClock(func() time.Time { return time.Date(2026, 11, 1, 10, 0, 0, 0, zhibu.DefaultZone) })
	branch, g1, members := branchWithCommittee(t, s)
	for _, n := range []string{"戊", "己"} {
		p, err := s.CreatePerson(sys, member("党员"+n, branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, p)
	}
	round, err := s.OpenReviewRound(sys, zhibu.ReviewRound{OrgID: branch.ParentID, Year: 2026,
		OpensOn: zhibu.MakeDate(2026, 10, 21), ClosesOn: zhibu.MakeDate(2026, 11, 10)})
	if err != nil {
		t.Fatal(err)
	}
	reports, err := s.RoundReports(sys, round.ID)
	if err != nil || len(reports) != 1 || reports[0].OrgID != branch.ID {
		t.Fatalf("round reports: %+v, %v", reports, err)
	}
	text := zhibu.SecretaryReport{WorkDone: "开展三会一课", Results: "支部建设加强", Problems: "学习不够深入", Plan: "加强学习"}
	if _, err := s.FileReviewReport(sys, reports[0].ID, text, members[0].ID, zhibu.MakeDate(2026, 10, 25)); err != nil {
		t.Fatal(err)
	}
	r, err := s.PresentReviewReport(sys, reports[0].ID, zhibu.MakeDate(2026, 10, 30), 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != zhibu.ReviewVoting || r.Eligible != 6 || r.Voted != 0 || r.Tally != nil {
		t.Fatalf("presented: %+v", r)
	}
	return branch, members, r
}

func as(p zhibu.Person) context.Context {
	return zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 9000 + p.ID, PersonID: p.ID, Name: p.Name,
		Scope: zhibu.Scope{Self: p.ID}, Address: "10.0.0." + fmt.Sprint(p.ID)})
}

// TestReviewBallots: one ballot per member on the roll, the tally exact
// and hidden until the vote closes, the member sees that they voted.
func TestReviewBallots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, members, r := reviewBranch(t, s)
		grades := []zhibu.ReviewGrade{zhibu.ReviewGood, zhibu.ReviewGood, zhibu.ReviewFair, zhibu.ReviewAverage, zhibu.ReviewPoor}
		for i, g := range grades {
			if err := s.CastReviewBallot(as(members[i]), r.ID, g, zhibu.MakeDate(2026, 11, 1)); err != nil {
				t.Fatalf("ballot %d: %v", i, err)
			}
		}
		if err := s.CastReviewBallot(as(members[0]), r.ID, zhibu.ReviewPoor, zhibu.MakeDate(2026, 11, 1)); !errors.Is(err, store.ErrVoted) {
			t.Errorf("second ballot: %v, want ErrVoted", err)
		}
		outsider := zhibu.Person{ID: 99999, Name: "外人"}
		if err := s.CastReviewBallot(as(outsider), r.ID, zhibu.ReviewGood, zhibu.MakeDate(2026, 11, 1)); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("outsider: %v, want forbidden", err)
		}
		mine, err := s.MyReviewBallots(as(members[0]))
		if err != nil || len(mine) != 1 || mine[0].VotedOn != zhibu.MakeDate(2026, 11, 1) || mine[0].Report.Tally != nil {
			t.Errorf("my ballots: %+v, %v", mine, err)
		}
		voters, err := s.ReviewVoters(sys, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var missing []string
		for _, v := range voters {
			if v.VotedOn.IsZero() {
				missing = append(missing, v.Name)
			}
		}
		if len(missing) != 1 || missing[0] != members[5].Name {
			t.Errorf("not voted: %v", missing)
		}
		got, err := s.ReviewReport(sys, r.ID)
		if err != nil || got.Voted != 5 || got.Tally != nil {
			t.Fatalf("while voting: %+v, %v", got, err)
		}
		closed, err := s.CloseReviewVote(sys, r.ID, zhibu.MakeDate(2026, 11, 2))
		if err != nil {
			t.Fatal(err)
		}
		want := zhibu.ReviewTally{Good: 2, Fair: 1, Average: 1, Poor: 1}
		if closed.Tally == nil || *closed.Tally != want || closed.Tally.GoodShareText() != "60.0%" {
			t.Errorf("tally: %+v, want %+v", closed.Tally, want)
		}
		if err := s.CastReviewBallot(as(members[5]), r.ID, zhibu.ReviewGood, zhibu.MakeDate(2026, 11, 1)); !errors.Is(err, zhibu.ErrInvalid) {
			t.Errorf("ballot after close: %v, want invalid", err)
		}
	})
}

// TestReviewAnonymity casts ballots with known grades and then looks for
// any link from a grade to a voter: in every table (columns that name a
// person or account next to anything that holds a grade), in the column
// types of the roll and the counters (a day, never a time), in the audit
// trail, and on SQLite in the database file and its write-ahead log,
// which must hold no earlier state of the counters after any ballot.
func TestReviewAnonymity(t *testing.T) {
	storetest.EachRaw(t, func(t *testing.T, s *store.Store, raw *sql.DB) {
		_, members, r := reviewBranch(t, s)
		pg := strings.HasSuffix(t.Name(), "/postgres")
		walPath := ""
		if path, ok := s.SQLitePath(); ok {
			walPath = path + "-wal"
		}
		grades := []zhibu.ReviewGrade{zhibu.ReviewPoor, zhibu.ReviewGood, zhibu.ReviewFair, zhibu.ReviewGood, zhibu.ReviewAverage, zhibu.ReviewGood}
		for i, g := range grades {
			if err := s.CastReviewBallot(as(members[i]), r.ID, g, zhibu.MakeDate(2026, 11, 1)); err != nil {
				t.Fatal(err)
			}
			if walPath != "" {
				if fi, err := os.Stat(walPath); err == nil && fi.Size() != 0 {
					t.Fatalf("after ballot %d the write-ahead log holds %d bytes: earlier states of the tally", i+1, fi.Size())
				}
			}
		}
		if _, err := s.CloseReviewVote(sys, r.ID, zhibu.MakeDate(2026, 11, 2)); err != nil {
			t.Fatal(err)
		}

		// Every table: no row holds both who (a person, an account, an
		// actor, an address) and a grade.
		gradeWords := []string{"good", "fair", "average", "poor", "较好", "一般", "较差"}
		for _, table := range tables(t, raw, pg) {
			rows, err := raw.Query(`SELECT * FROM ` + table)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				who, grade := "", ""
				for i, c := range cols {
					v := fmt.Sprint(vals[i])
					if b, ok := vals[i].([]byte); ok {
						v = string(b)
					}
					if c == "person_id" || c == "account_id" || c == "actor" || c == "address" || c == "voter_id" {
						if vals[i] != nil && v != "" && v != "0" {
							who = c + "=" + v
						}
						continue
					}
					for _, gw := range gradeWords {
						if v == gw || (table == "audit_log" && strings.Contains(v, gw)) {
							grade = c + "=" + v
						}
					}
				}
				if who != "" && grade != "" && !(table == "review_reports" || table == "appraisal_entries") {
					t.Errorf("table %s links %s to %s", table, who, grade)
				}
			}
			rows.Close()
		}

		// The roll keeps the day, the counters keep no person and no time.
		for _, table := range []string{"review_voters", "review_tally", "appraisal_voters", "appraisal_tally"} {
			for name, typ := range columnTypes(t, raw, pg, table) {
				lt := strings.ToLower(typ)
				if strings.Contains(lt, "time") || strings.HasSuffix(name, "_at") {
					t.Errorf("%s.%s is a %s: a time finer than the day", table, name, typ)
				}
				if table == "review_tally" && (name == "person_id" || name == "account_id") {
					t.Errorf("review_tally names a person: %s", name)
				}
			}
		}
		var tallyRows int
		if err := raw.QueryRow(`SELECT COUNT(*) FROM review_tally WHERE report_id = $1`, r.ID).Scan(&tallyRows); err != nil || tallyRows != 1 {
			t.Errorf("the tally of a report is %d rows (%v), want one row rewritten whole", tallyRows, err)
		}

		// The audit trail names the vote, not the grade.
		var ballots int
		rows, err := raw.Query(`SELECT detail FROM audit_log WHERE action = 'review.ballot'`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var d string
			rows.Scan(&d)
			ballots++
			for _, g := range zhibu.ReviewGrades {
				if strings.Contains(d, string(g)) || strings.Contains(strings.TrimPrefix(d, "参加"), "："+g.Label()) || strings.HasSuffix(d, g.Label()) {
					t.Errorf("audit detail %q names a grade", d)
				}
			}
		}
		rows.Close()
		if ballots != len(grades) {
			t.Errorf("%d ballots audited, want %d", ballots, len(grades))
		}

		// SQLite: the log is empty and no freed page keeps an old state.
		if walPath != "" {
			if fi, err := os.Stat(walPath); err == nil && fi.Size() != 0 {
				t.Errorf("the write-ahead log holds %d bytes after the vote", fi.Size())
			}
			var free int
			if err := raw.QueryRow(`PRAGMA freelist_count`).Scan(&free); err != nil || free != 0 {
				t.Errorf("freelist_count %d (%v): freed pages may keep old states", free, err)
			}
		}
	})
}

// tables lists the database's tables.
func tables(t *testing.T, db *sql.DB, pg bool) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if pg {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		out = append(out, n)
	}
	if len(out) < 10 {
		t.Fatalf("tables: %v", out)
	}
	return out
}

// columnTypes are a table's columns with their declared types.
func columnTypes(t *testing.T, db *sql.DB, pg bool, table string) map[string]string {
	t.Helper()
	q := `SELECT name, type FROM pragma_table_info($1)`
	if pg {
		q = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
	}
	rows, err := db.Query(q, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, typ string
		rows.Scan(&n, &typ)
		out[n] = typ
	}
	if len(out) == 0 {
		t.Fatalf("no columns in %s", table)
	}
	return out
}

// reviewIDs are the reports of the rights fixture: one filed, one voting.
type reviewIDs struct{ filed, voting, appraisal int64 }

// reviewFixture opens a 2026 round over the rights fixture's committee:
// the fixture's branch files its report; another branch presents it.
func reviewFixture(t *testing.T, s *store.Store, branch zhibu.Org, members []zhibu.Person) reviewIDs {
	t.Helper()
	round, err := s.OpenReviewRound(sys, zhibu.ReviewRound{OrgID: branch.ParentID, Year: 2026,
		OpensOn: zhibu.MakeDate(2026, 6, 1), ClosesOn: zhibu.MakeDate(2026, 11, 10)})
	if err != nil {
		t.Fatal(err)
	}
	reports, err := s.RoundReports(sys, round.ID)
	if err != nil || len(reports) < 2 {
		t.Fatalf("round reports: %v %v", reports, err)
	}
	var ids reviewIDs
	text := zhibu.SecretaryReport{WorkDone: "一", Results: "二", Problems: "三", Plan: "四"}
	for _, r := range reports {
		if r.OrgID == branch.ID {
			if _, err := s.FileReviewReport(sys, r.ID, text, members[0].ID, zhibu.MakeDate(2026, 6, 2)); err != nil {
				t.Fatal(err)
			}
			ids.filed = r.ID
		}
	}
	ids.voting = reports[0].ID
	if ids.voting == ids.filed {
		ids.voting = reports[1].ID
	}
	if _, err := s.FileReviewReport(sys, ids.voting, text, 0, zhibu.MakeDate(2026, 6, 2)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PresentReviewReport(sys, ids.voting, zhibu.MakeDate(2026, 6, 3), 0); err != nil {
		t.Fatal(err)
	}
	ap, err := s.OpenAppraisal(sys, branch.ID, 2026, 3, zhibu.MakeDate(2026, 6, 3))
	if err != nil {
		t.Fatal(err)
	}
	ids.appraisal = ap.ID
	return ids
}
