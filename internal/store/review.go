package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"zhibu"
	"zhibu/internal/audit"
)

// The secretary's report and review (述职评议, docs/review.md). A committee
// opens a round (filing.review on the committee): every branch below it gets
// a report row and a tally row. The branch (review.write) files the report,
// records its presentation (which fixes the roll: the branch's full
// members) and closes the vote. A member on the roll casts one ballot.
//
// Anonymity: review_voters keeps who voted and the day; review_tally keeps
// four counters per report and nothing else. A ballot updates the voter's
// row and the whole tally row (every column) in one transaction, and then
// the SQLite log is checkpointed and truncated, so the file keeps no
// earlier state of the tally to compare with. The counts are shown only
// once the vote is closed. The audit record of a ballot names the vote,
// not the grade.

const reportColumns = `r.id, r.round_id, rr.year, rr.opens_on, rr.closes_on, r.org_id, o.name, o.path, r.status,
	r.secretary_id, COALESCE(sp.name, ''), r.work_done, r.results, r.problems, r.plan, r.filed_on, r.presented_on, r.meeting_id, r.reported_on,
	(SELECT COUNT(*) FROM review_voters v WHERE v.report_id = r.id),
	(SELECT COUNT(*) FROM review_voters v WHERE v.report_id = r.id AND v.voted_on IS NOT NULL),
	t.good, t.fair, t.average, t.poor`

const reportFrom = ` FROM review_reports r JOIN review_rounds rr ON rr.id = r.round_id JOIN orgs o ON o.id = r.org_id
	JOIN review_tally t ON t.report_id = r.id LEFT JOIN people sp ON sp.id = r.secretary_id`

func (s *Store) queryReports(ctx context.Context, q *query) ([]zhibu.SecretaryReport, error) {
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("review reports: %w", err)
	}
	defer rows.Close()
	out := []zhibu.SecretaryReport{}
	for rows.Next() {
		var r zhibu.SecretaryReport
		var t zhibu.ReviewTally
		var filed, presented, reported sql.Null[zhibu.Date]
		if err := rows.Scan(&r.ID, &r.RoundID, &r.Year, &r.OpensOn, &r.ClosesOn, &r.OrgID, &r.OrgName, &r.OrgPath, &r.Status,
			idScan{&r.SecretaryID}, &r.SecretaryName, &r.WorkDone, &r.Results, &r.Problems, &r.Plan, &filed, &presented, idScan{&r.MeetingID}, &reported,
			&r.Eligible, &r.Voted, &t.Good, &t.Fair, &t.Average, &t.Poor); err != nil {
			return nil, fmt.Errorf("review reports: %w", err)
		}
		r.FiledOn, r.PresentedOn, r.ReportedOn = filed.V, presented.V, reported.V
		// The counts move with each ballot: they are shown once the vote
		// is closed, never while it is open.
		if r.Status == zhibu.ReviewReported {
			r.Tally = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviewReport returns one branch's report, if the actor's scope covers
// the branch.
func (s *Store) ReviewReport(ctx context.Context, id int64) (zhibu.SecretaryReport, error) {
	q := (&query{}).add(`SELECT ` + reportColumns + reportFrom + ` WHERE r.id = `)
	q.add(q.arg(id))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	rs, err := s.queryReports(ctx, q)
	if err != nil {
		return zhibu.SecretaryReport{}, err
	}
	if len(rs) == 0 {
		return zhibu.SecretaryReport{}, notFound("述职评议")
	}
	return rs[0], nil
}

// BranchReviews lists a branch's reports, newest year first.
func (s *Store) BranchReviews(ctx context.Context, orgID int64) ([]zhibu.SecretaryReport, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return nil, err
	}
	q := (&query{}).add(`SELECT ` + reportColumns + reportFrom + ` WHERE r.org_id = `)
	q.add(q.arg(orgID))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(" ORDER BY rr.year DESC, r.id DESC")
	return s.queryReports(ctx, q)
}

// RoundReports lists the reports of a round that the actor may read, by
// branch: the political department's side-by-side view.
func (s *Store) RoundReports(ctx context.Context, roundID int64) ([]zhibu.SecretaryReport, error) {
	q := (&query{}).add(`SELECT ` + reportColumns + reportFrom + ` WHERE r.round_id = `)
	q.add(q.arg(roundID))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(" ORDER BY o.path")
	return s.queryReports(ctx, q)
}

// ReviewRounds lists the rounds opened by org orgID, newest first.
func (s *Store) ReviewRounds(ctx context.Context, orgID int64) ([]zhibu.ReviewRound, error) {
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT rr.id, rr.year, rr.opens_on, rr.closes_on, rr.note,
		(SELECT COUNT(*) FROM review_reports r WHERE r.round_id = rr.id)
		FROM review_rounds rr WHERE rr.org_id = $1 ORDER BY rr.year DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("review rounds: %w", err)
	}
	defer rows.Close()
	out := []zhibu.ReviewRound{}
	for rows.Next() {
		r := zhibu.ReviewRound{OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}
		if err := rows.Scan(&r.ID, &r.Year, &r.OpensOn, &r.ClosesOn, &r.Note, &r.Branches); err != nil {
			return nil, fmt.Errorf("review rounds: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviewRound returns one round, if the actor may read its committee.
func (s *Store) ReviewRound(ctx context.Context, id int64) (zhibu.ReviewRound, error) {
	var orgID int64
	err := s.db.QueryRowContext(ctx, `SELECT org_id FROM review_rounds WHERE id = $1`, id).Scan(&orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.ReviewRound{}, notFound("述职评议")
	}
	if err != nil {
		return zhibu.ReviewRound{}, fmt.Errorf("review round: %w", err)
	}
	rounds, err := s.ReviewRounds(ctx, orgID)
	if err != nil {
		return zhibu.ReviewRound{}, err
	}
	for _, r := range rounds {
		if r.ID == id {
			return r, nil
		}
	}
	return zhibu.ReviewRound{}, notFound("述职评议")
}

// OpenReviewRound stores a round the review service checked, opened by the
// committee r.OrgID for every branch below it. The actor must hold
// filing.review on the committee. A second round of the same year is a
// conflict.
func (s *Store) OpenReviewRound(ctx context.Context, r zhibu.ReviewRound) (zhibu.ReviewRound, error) {
	if err := s.canOrg(ctx, zhibu.PermFilingReview, r.OrgID, "开展该组织的述职评议"); err != nil {
		return r, err
	}
	o, err := s.Org(ctx, r.OrgID)
	if err != nil {
		return r, err
	}
	lo, hi := pathRange(o.Path)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM review_rounds WHERE org_id = $1 AND year = $2`, o.ID, r.Year).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return zhibu.Problems{{Field: "year", Label: "年度", Message: "年度：" + strconv.Itoa(r.Year) + "年的述职评议已经开展"}}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO review_rounds (org_id, year, opens_on, closes_on, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, o.ID, r.Year, r.OpensOn, r.ClosesOn, r.Note, s.stamp()).Scan(&r.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_reports (round_id, org_id, status)
			SELECT $1, id, 'open' FROM orgs WHERE path >= $2 AND path < $3 AND kind = 'branch' ORDER BY path`, r.ID, lo, hi); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_tally (report_id) SELECT id FROM review_reports WHERE round_id = $1`, r.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.ReviewOpen, ObjectType: "review_round", ObjectID: strconv.FormatInt(r.ID, 10),
			OrgPath: o.Path, Result: "ok", Detail: o.Name + "开展" + strconv.Itoa(r.Year) + "年度支部书记抓党建述职评议，" +
				r.OpensOn.Chinese() + "至" + r.ClosesOn.Chinese()})
	})
	if err != nil {
		return r, fmt.Errorf("open review round: %w", err)
	}
	return s.ReviewRound(ctx, r.ID)
}

// reportForWrite reads a report for a write by the actor: not found
// outside the scope, refused without review.write on the branch.
func (s *Store) reportForWrite(ctx context.Context, id int64, what string) (zhibu.SecretaryReport, error) {
	r, err := s.ReviewReport(ctx, id)
	if err != nil {
		return r, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermReviewWrite, r.OrgPath) {
		return r, forbidden(what)
	}
	return r, nil
}

func reportEvent(action audit.Action, r zhibu.SecretaryReport, detail string) Event {
	return Event{Action: action, ObjectType: "review_report", ObjectID: strconv.FormatInt(r.ID, 10), OrgPath: r.OrgPath, Result: "ok", Detail: detail}
}

// FileReviewReport stores the report's four sections, checked by the
// review service, written by secretaryID on day on. The actor must hold
// review.write on the branch. The report may be rewritten until it is
// presented.
func (s *Store) FileReviewReport(ctx context.Context, id int64, text zhibu.SecretaryReport, secretaryID int64, on zhibu.Date) (zhibu.SecretaryReport, error) {
	r, err := s.reportForWrite(ctx, id, "提交该支部的述职报告")
	if err != nil {
		return r, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE review_reports SET status = 'filed', secretary_id = $1, work_done = $2, results = $3,
			problems = $4, plan = $5, filed_on = $6 WHERE id = $7 AND status IN ('open', 'filed')`,
			nullID(secretaryID), text.WorkDone, text.Results, text.Problems, text.Plan, on, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "已述职，报告不能再修改")
		}
		return s.audit(ctx, tx, reportEvent(audit.ReviewFile, r, r.OrgName+"于"+on.Chinese()+"提交"+strconv.Itoa(r.Year)+"年度述职报告"))
	})
	if err != nil {
		return r, fmt.Errorf("file review report: %w", err)
	}
	return s.ReviewReport(ctx, id)
}

// PresentReviewReport records that the report was presented at a branch
// meeting (meetingID, 0 for none named) on day on, and opens the vote:
// the roll is the branch's full members on the roster now. The actor must
// hold review.write on the branch.
func (s *Store) PresentReviewReport(ctx context.Context, id int64, on zhibu.Date, meetingID int64) (zhibu.SecretaryReport, error) {
	r, err := s.reportForWrite(ctx, id, "组织该支部的述职评议")
	if err != nil {
		return r, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE review_reports SET status = 'voting', presented_on = $1, meeting_id = $2 WHERE id = $3 AND status = 'filed'`,
			on, nullID(meetingID), r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "该述职报告不在待述职状态")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_voters (report_id, person_id)
			SELECT $1, id FROM people WHERE org_id = $2 AND status = 'full' AND left_on IS NULL ORDER BY id`, r.ID, r.OrgID); err != nil {
			return err
		}
		return s.audit(ctx, tx, reportEvent(audit.ReviewPresent, r, r.OrgName+"书记于"+on.Chinese()+"述职，开始评议投票"))
	})
	if err != nil {
		return r, fmt.Errorf("present review report: %w", err)
	}
	return s.ReviewReport(ctx, id)
}

// ErrNotOnRoll refuses a ballot from someone not on the roll of the vote.
var ErrNotOnRoll = zhibu.Errorf(zhibu.ErrForbidden, "您不在本次评议的投票名单中")

// ErrVoted refuses a second ballot.
var ErrVoted = zhibu.Errorf(zhibu.ErrConflict, "您已投票，每人只能投一票")

// CastReviewBallot records the acting member's ballot, grade g, in the
// vote of report id, checked by the review service. The member must be on
// the roll and not have voted; on is the day (the day only is kept). Their row of the roll gets the day; the
// report's tally row is rewritten whole; nothing else is written but an
// audit record that names the vote and not the grade.
func (s *Store) CastReviewBallot(ctx context.Context, id int64, g zhibu.ReviewGrade, on zhibu.Date) error {
	a := zhibu.ActorFrom(ctx)
	if a.PersonID == 0 {
		return ErrNotOnRoll
	}
	r, err := s.ReviewReport(system(ctx), id)
	if err != nil {
		return err
	}
	inc := func(x zhibu.ReviewGrade) int {
		if g == x {
			return 1
		}
		return 0
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM review_reports WHERE id = $1`+s.dialect.forUpdate(), r.ID).Scan(&status); err != nil {
			return err
		}
		if status != string(zhibu.ReviewVoting) {
			return zhibu.Problems{{Field: "status", Label: "评议投票", Message: "评议投票：本次评议不在投票中"}}
		}
		if err := s.markVoted(ctx, tx, `review_voters`, `report_id`, r.ID, a.PersonID, on); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE review_tally SET good = good + $1, fair = fair + $2, average = average + $3, poor = poor + $4
			WHERE report_id = $5`, inc(zhibu.ReviewGood), inc(zhibu.ReviewFair), inc(zhibu.ReviewAverage), inc(zhibu.ReviewPoor), r.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, reportEvent(audit.ReviewBallot, r, "参加"+r.OrgName+strconv.Itoa(r.Year)+"年度书记述职评议投票"))
	})
	if err != nil {
		return fmt.Errorf("review ballot: %w", err)
	}
	s.forgetHistory(ctx)
	return nil
}

// markVoted marks person as having voted on day on in the roll table (by its
// key column), refusing one not on the roll or who already voted.
func (s *Store) markVoted(ctx context.Context, tx *sql.Tx, table, key string, id, person int64, on zhibu.Date) error {
	var voted sql.Null[zhibu.Date]
	err := tx.QueryRowContext(ctx, `SELECT voted_on FROM `+table+` WHERE `+key+` = $1 AND person_id = $2`, id, person).Scan(&voted)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrNotOnRoll
	case err != nil:
		return err
	case voted.Valid:
		return ErrVoted
	}
	res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET voted_on = $1 WHERE `+key+` = $2 AND person_id = $3 AND voted_on IS NULL`, on, id, person)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrVoted
	}
	return nil
}

// forgetHistory drops the earlier states of the database that its log
// still holds: on SQLite, the write-ahead log is checkpointed into the
// database file and truncated, so the file keeps the tally as it is now
// and not as it was before the last ballot. A checkpoint that cannot
// complete (a reader holds an old snapshot) is left to the next ballot or
// the close of the vote. PostgreSQL keeps its own log: see docs/review.md.
func (s *Store) forgetHistory(ctx context.Context) {
	if s.dialect != sqlite {
		return
	}
	var busy, logged, done int
	_ = s.wdb.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done)
}

// ReviewVoters is the roll of a report's vote with the day each member
// voted, for the branch (who has not voted yet). The actor must read the
// branch.
func (s *Store) ReviewVoters(ctx context.Context, id int64) ([]zhibu.Voter, error) {
	r, err := s.ReviewReport(ctx, id)
	if err != nil {
		return nil, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermOrgRead, r.OrgPath) {
		return nil, forbidden("查看投票名单")
	}
	return s.voters(ctx, `review_voters`, `report_id`, r.ID)
}

func (s *Store) voters(ctx context.Context, table, key string, id int64) ([]zhibu.Voter, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT v.person_id, p.name, v.voted_on FROM `+table+` v JOIN people p ON p.id = v.person_id
		WHERE v.`+key+` = $1 ORDER BY p.name, p.id`, id)
	if err != nil {
		return nil, fmt.Errorf("voters: %w", err)
	}
	defer rows.Close()
	out := []zhibu.Voter{}
	for rows.Next() {
		var v zhibu.Voter
		var on sql.Null[zhibu.Date]
		if err := rows.Scan(&v.PersonID, &v.Name, &on); err != nil {
			return nil, fmt.Errorf("voters: %w", err)
		}
		v.VotedOn = on.V
		out = append(out, v)
	}
	return out, rows.Err()
}

// MyReviewBallot is a vote the acting member is on the roll of.
type MyReviewBallot struct {
	Report  zhibu.SecretaryReport
	VotedOn zhibu.Date
}

// MyReviewBallots lists the votes the acting member is on the roll of,
// newest first: whether they have voted, and on which day.
func (s *Store) MyReviewBallots(ctx context.Context) ([]MyReviewBallot, error) {
	a := zhibu.ActorFrom(ctx)
	if a.PersonID == 0 {
		return nil, nil
	}
	q := (&query{}).add(`SELECT ` + reportColumns + reportFrom + ` WHERE r.id IN (SELECT report_id FROM review_voters WHERE person_id = `)
	q.add(q.arg(a.PersonID) + ") ORDER BY rr.year DESC")
	rs, err := s.queryReports(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]MyReviewBallot, 0, len(rs))
	for _, r := range rs {
		var on sql.Null[zhibu.Date]
		if err := s.db.QueryRowContext(ctx, `SELECT voted_on FROM review_voters WHERE report_id = $1 AND person_id = $2`, r.ID, a.PersonID).Scan(&on); err != nil {
			return nil, fmt.Errorf("my ballots: %w", err)
		}
		out = append(out, MyReviewBallot{Report: r, VotedOn: on.V})
	}
	return out, nil
}

// CloseReviewVote closes the vote of report id on day on and reports its
// result to the superior. The actor must hold review.write on the branch.
func (s *Store) CloseReviewVote(ctx context.Context, id int64, on zhibu.Date) (zhibu.SecretaryReport, error) {
	r, err := s.reportForWrite(ctx, id, "报送该支部的评议结果")
	if err != nil {
		return r, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE review_reports SET status = 'reported', reported_on = $1 WHERE id = $2 AND status = 'voting'`, on, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "本次评议不在投票中")
		}
		return s.audit(ctx, tx, reportEvent(audit.ReviewClose, r, r.OrgName+"于"+on.Chinese()+"结束述职评议投票并报送结果（"+
			strconv.Itoa(r.Voted)+"/"+strconv.Itoa(r.Eligible)+"人投票）"))
	})
	if err != nil {
		return r, fmt.Errorf("close review vote: %w", err)
	}
	s.forgetHistory(ctx)
	return s.ReviewReport(ctx, id)
}

// factReviews are the reports of the branches in a path range for a year.
func (s *Store) factReviews(ctx context.Context, lo, hi string, year int) ([]zhibu.SecretaryReport, error) {
	q := (&query{}).add(`SELECT ` + reportColumns + reportFrom + ` WHERE o.path >= $1 AND o.path < $2 AND rr.year = $3 ORDER BY r.id`)
	q.args = []any{lo, hi, year}
	rs, err := s.queryReports(ctx, q)
	for i := range rs {
		rs[i].Tally = nil // the rules read the steps, not the counts
	}
	return rs, err
}
