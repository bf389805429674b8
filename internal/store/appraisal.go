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

// The democratic appraisal of members (民主评议党员, docs/review.md). The
// branch (review.write) opens the year's appraisal: every member on the
// roster (full and probationary) is appraised and votes. Each member writes
// their self-appraisal; the branch opens the peer vote; each member casts
// one ballot grading every other member; the branch decides the grades at
// its appraisal meeting and opens a handling for each member graded 不合格.
//
// Anonymity as for the review: appraisal_voters keeps who voted and the
// day; appraisal_tally one row of four counters per member appraised, and
// a ballot rewrites every row of the round (the voter's own with zeros) in
// one transaction, followed by the SQLite checkpoint. The peer counts are
// shown only once every member has voted or the grades are decided.

// AppraisalRound returns a branch's appraisal with its entries and roll,
// if the actor's scope covers the branch.
func (s *Store) AppraisalRound(ctx context.Context, id int64) (zhibu.AppraisalRound, error) {
	var orgID int64
	err := s.db.QueryRowContext(ctx, `SELECT org_id FROM appraisal_rounds WHERE id = $1`, id).Scan(&orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.AppraisalRound{}, notFound("民主评议")
	}
	if err != nil {
		return zhibu.AppraisalRound{}, fmt.Errorf("appraisal: %w", err)
	}
	rounds, err := s.BranchAppraisals(ctx, orgID)
	if err != nil {
		return zhibu.AppraisalRound{}, err
	}
	for _, r := range rounds {
		if r.ID == id {
			return r, nil
		}
	}
	return zhibu.AppraisalRound{}, notFound("民主评议")
}

// BranchAppraisals lists a branch's appraisals, newest first, with their
// entries (the peer counts once decided) and rolls.
func (s *Store) BranchAppraisals(ctx context.Context, orgID int64) ([]zhibu.AppraisalRound, error) {
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, year, status, excellent_one_in, opened_on, meeting_id, decided_on
		FROM appraisal_rounds WHERE org_id = $1 ORDER BY year DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("appraisals: %w", err)
	}
	var out []zhibu.AppraisalRound
	for rows.Next() {
		r := zhibu.AppraisalRound{OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}
		if err := rows.Scan(&r.ID, &r.Year, &r.Status, &r.ExcellentOneIn, &r.OpenedOn, idScan{&r.MeetingID}, &r.DecidedOn); err != nil {
			rows.Close()
			return nil, fmt.Errorf("appraisals: %w", err)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.appraisalDetails(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// appraisalDetails reads a round's entries, counts (once decided),
// handlings and roll.
func (s *Store) appraisalDetails(ctx context.Context, r *zhibu.AppraisalRound) error {
	rows, err := s.db.QueryContext(ctx, `SELECT e.person_id, p.name, e.self_text, e.self_on, COALESCE(e.grade, ''),
		t.excellent, t.qualified, t.basic, t.unqualified
		FROM appraisal_entries e JOIN people p ON p.id = e.person_id
		JOIN appraisal_tally t ON t.round_id = e.round_id AND t.person_id = e.person_id
		WHERE e.round_id = $1 ORDER BY p.name, p.id`, r.ID)
	if err != nil {
		return fmt.Errorf("appraisal entries: %w", err)
	}
	r.Entries = nil
	var tallies []zhibu.AppraisalTally
	for rows.Next() {
		var e zhibu.AppraisalEntry
		var t zhibu.AppraisalTally
		if err := rows.Scan(&e.PersonID, &e.Name, &e.SelfText, &e.SelfOn, &e.Grade, &t.Excellent, &t.Qualified, &t.Basic, &t.Unqualified); err != nil {
			rows.Close()
			return fmt.Errorf("appraisal entries: %w", err)
		}
		tallies = append(tallies, t)
		r.Entries = append(r.Entries, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if r.Voters, err = s.voters(ctx, `appraisal_voters`, `round_id`, r.ID); err != nil {
		return err
	}
	// The counts are shown once no ballot can follow them: every member
	// has voted, or the grades are decided.
	all := r.Status == zhibu.AppraisalVoting
	for _, v := range r.Voters {
		all = all && !v.VotedOn.IsZero()
	}
	if r.Status == zhibu.AppraisalDecided || all {
		for i := range r.Entries {
			r.Entries[i].Tally = &tallies[i]
		}
	}
	hrows, err := s.db.QueryContext(ctx, `SELECT id, person_id, measure, due_on, outcome, closed_on FROM appraisal_handlings WHERE round_id = $1`, r.ID)
	if err != nil {
		return fmt.Errorf("appraisal handlings: %w", err)
	}
	for hrows.Next() {
		var h zhibu.Handling
		if err := hrows.Scan(&h.ID, &h.PersonID, &h.Measure, &h.DueOn, &h.Outcome, &h.ClosedOn); err != nil {
			hrows.Close()
			return fmt.Errorf("appraisal handlings: %w", err)
		}
		for i := range r.Entries {
			if r.Entries[i].PersonID == h.PersonID {
				hh := h
				r.Entries[i].Handling = &hh
			}
		}
	}
	hrows.Close()
	return hrows.Err()
}

func appraisalEvent(action audit.Action, r zhibu.AppraisalRound, detail string) Event {
	return Event{Action: action, ObjectType: "appraisal", ObjectID: strconv.FormatInt(r.ID, 10), OrgPath: r.OrgPath, Result: "ok", Detail: detail}
}

// OpenAppraisal opens branch orgID's appraisal of year on day on, with 优秀
// limited to one in oneIn; every member on the roster is appraised and
// votes. The actor must hold review.write on the branch.
func (s *Store) OpenAppraisal(ctx context.Context, orgID int64, year, oneIn int, on zhibu.Date) (zhibu.AppraisalRound, error) {
	if err := s.canOrg(ctx, zhibu.PermReviewWrite, orgID, "开展该支部的民主评议"); err != nil {
		return zhibu.AppraisalRound{}, err
	}
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return zhibu.AppraisalRound{}, err
	}
	r := zhibu.AppraisalRound{OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path, Year: year}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM appraisal_rounds WHERE org_id = $1 AND year = $2`, o.ID, year).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return zhibu.Problems{{Field: "year", Label: "年度", Message: "年度：" + strconv.Itoa(year) + "年的民主评议已经开展"}}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO appraisal_rounds (org_id, year, status, excellent_one_in, opened_on)
			VALUES ($1, $2, 'open', $3, $4) RETURNING id`, o.ID, year, oneIn, on).Scan(&r.ID); err != nil {
			return err
		}
		const members = `SELECT $1, id FROM people WHERE org_id = $2 AND status IN ('full', 'probationary') AND left_on IS NULL ORDER BY id`
		for _, table := range []string{"appraisal_entries", "appraisal_voters", "appraisal_tally"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (round_id, person_id) `+members, r.ID, o.ID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, appraisalEvent(audit.AppraisalOpen, r, o.Name+"于"+on.Chinese()+"开展"+strconv.Itoa(year)+"年度民主评议党员"))
	})
	if err != nil {
		return r, fmt.Errorf("open appraisal: %w", err)
	}
	return s.AppraisalRound(ctx, r.ID)
}

// appraisalForWrite reads a round for a write by the actor with
// review.write on its branch.
func (s *Store) appraisalForWrite(ctx context.Context, id int64, what string) (zhibu.AppraisalRound, error) {
	r, err := s.AppraisalRound(ctx, id)
	if err != nil {
		return r, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermReviewWrite, r.OrgPath) {
		return r, forbidden(what)
	}
	return r, nil
}

// MyAppraisals lists the appraisals the acting member is appraised in,
// newest first, with the names of the others (for the ballot) and the
// roll's day of the member's own ballot.
func (s *Store) MyAppraisals(ctx context.Context) ([]zhibu.AppraisalRound, error) {
	a := zhibu.ActorFrom(ctx)
	if a.PersonID == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.org_id FROM appraisal_entries e JOIN appraisal_rounds r ON r.id = e.round_id
		WHERE e.person_id = $1 GROUP BY r.org_id`, a.PersonID)
	if err != nil {
		return nil, fmt.Errorf("my appraisals: %w", err)
	}
	var orgs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		orgs = append(orgs, id)
	}
	rows.Close()
	var out []zhibu.AppraisalRound
	for _, id := range orgs {
		rounds, err := s.BranchAppraisals(system(ctx), id)
		if err != nil {
			return nil, err
		}
		for _, r := range rounds {
			if _, ok := r.Entry(a.PersonID); !ok {
				continue
			}
			// Another member's self-appraisal, grade and counts are the
			// branch's to read; the member sees the names, their own entry
			// and whether they voted.
			for i := range r.Entries {
				if r.Entries[i].PersonID != a.PersonID {
					r.Entries[i].SelfText, r.Entries[i].Grade, r.Entries[i].Tally, r.Entries[i].Handling = "", "", nil, nil
				}
			}
			var voters []zhibu.Voter
			for _, v := range r.Voters {
				if v.PersonID == a.PersonID {
					voters = append(voters, v)
				}
			}
			r.Voters = voters
			out = append(out, r)
		}
	}
	return out, nil
}

// SaveSelfAppraisal stores the acting member's self-appraisal in round id
// on day on, checked by the service. Only the member appraised may write it.
func (s *Store) SaveSelfAppraisal(ctx context.Context, id int64, text string, on zhibu.Date) error {
	a := zhibu.ActorFrom(ctx)
	if a.PersonID == 0 {
		return forbidden("填写该自评")
	}
	r, err := s.AppraisalRound(system(ctx), id)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE appraisal_entries SET self_text = $1, self_on = $2 WHERE round_id = $3 AND person_id = $4
			AND EXISTS (SELECT 1 FROM appraisal_rounds WHERE id = $3 AND status = 'open')`, text, on, id, a.PersonID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return forbidden("填写该自评")
		}
		return s.audit(ctx, tx, appraisalEvent(audit.AppraisalSelf, r, a.Name+"提交"+strconv.Itoa(r.Year)+"年度民主评议个人自评"))
	})
}

// OpenAppraisalVote ends the self-appraisals of round id and opens the
// peer vote. The actor must hold review.write on the branch.
func (s *Store) OpenAppraisalVote(ctx context.Context, id int64) (zhibu.AppraisalRound, error) {
	r, err := s.appraisalForWrite(ctx, id, "组织该支部的民主评议")
	if err != nil {
		return r, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE appraisal_rounds SET status = 'voting' WHERE id = $1 AND status = 'open'`, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "民主评议不在自评阶段")
		}
		return s.audit(ctx, tx, appraisalEvent(audit.AppraisalVoteOpen, r, r.OrgName+strconv.Itoa(r.Year)+"年度民主评议开始互评投票"))
	})
	if err != nil {
		return r, fmt.Errorf("open appraisal vote: %w", err)
	}
	return s.AppraisalRound(ctx, id)
}

// CastAppraisalBallot records the acting member's peer ballot in round id,
// checked by the service: grades of every other member. The member must be
// on the roll and not have voted; every tally row of the round is
// rewritten (the voter's own with zeros).
func (s *Store) CastAppraisalBallot(ctx context.Context, id int64, grades map[int64]zhibu.AppraisalGrade, on zhibu.Date) error {
	a := zhibu.ActorFrom(ctx)
	if a.PersonID == 0 {
		return ErrNotOnRoll
	}
	r, err := s.AppraisalRound(system(ctx), id)
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM appraisal_rounds WHERE id = $1`+s.dialect.forUpdate(), r.ID).Scan(&status); err != nil {
			return err
		}
		if status != string(zhibu.AppraisalVoting) {
			return zhibu.Problems{{Field: "status", Label: "互评投票", Message: "互评投票：当前不在互评投票阶段"}}
		}
		if err := s.markVoted(ctx, tx, `appraisal_voters`, `round_id`, r.ID, a.PersonID, on); err != nil {
			return err
		}
		for _, e := range r.Entries { // in the entries' order, whatever the grades
			inc := [4]int{}
			for i, g := range zhibu.AppraisalGrades {
				if e.PersonID != a.PersonID && grades[e.PersonID] == g {
					inc[i] = 1
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE appraisal_tally SET excellent = excellent + $1, qualified = qualified + $2,
				basic = basic + $3, unqualified = unqualified + $4 WHERE round_id = $5 AND person_id = $6`,
				inc[0], inc[1], inc[2], inc[3], r.ID, e.PersonID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, appraisalEvent(audit.AppraisalBallot, r, "参加"+r.OrgName+strconv.Itoa(r.Year)+"年度民主评议互评投票"))
	})
	if err != nil {
		return fmt.Errorf("appraisal ballot: %w", err)
	}
	s.forgetHistory(ctx)
	return nil
}

// DecideAppraisal stores the branch's grades of round id, decided at the
// held appraisal meeting meetingID on day on, and a handling for each
// member graded 不合格, all checked by the service. The actor must hold
// review.write on the branch.
func (s *Store) DecideAppraisal(ctx context.Context, id int64, grades map[int64]zhibu.AppraisalGrade, handlings map[int64]zhibu.Handling,
	meetingID int64, on zhibu.Date) (zhibu.AppraisalRound, error) {
	r, err := s.appraisalForWrite(ctx, id, "确定该支部的民主评议等次")
	if err != nil {
		return r, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE appraisal_rounds SET status = 'decided', meeting_id = $1, decided_on = $2 WHERE id = $3 AND status = 'voting'`,
			nullID(meetingID), on, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "民主评议不在互评投票阶段")
		}
		counts := map[zhibu.AppraisalGrade]int{}
		for _, e := range r.Entries {
			g := grades[e.PersonID]
			counts[g]++
			if _, err := tx.ExecContext(ctx, `UPDATE appraisal_entries SET grade = $1 WHERE round_id = $2 AND person_id = $3`, string(g), r.ID, e.PersonID); err != nil {
				return err
			}
			if g == zhibu.GradeUnqualified {
				h := handlings[e.PersonID]
				if _, err := tx.ExecContext(ctx, `INSERT INTO appraisal_handlings (round_id, person_id, measure, due_on) VALUES ($1, $2, $3, $4)`,
					r.ID, e.PersonID, string(h.Measure), h.DueOn); err != nil {
					return err
				}
			}
		}
		detail := r.OrgName + "于" + on.Chinese() + "确定" + strconv.Itoa(r.Year) + "年度民主评议等次："
		for i, g := range zhibu.AppraisalGrades {
			if i > 0 {
				detail += "，"
			}
			detail += g.Label() + strconv.Itoa(counts[g]) + "人"
		}
		return s.audit(ctx, tx, appraisalEvent(audit.AppraisalDecide, r, detail))
	})
	if err != nil {
		return r, fmt.Errorf("decide appraisal: %w", err)
	}
	s.forgetHistory(ctx)
	return s.AppraisalRound(ctx, id)
}

// CloseHandling records the outcome of the handling of a member graded
// 不合格 in round id, checked by the service, on day on. The actor must
// hold review.write on the branch.
func (s *Store) CloseHandling(ctx context.Context, id, personID int64, outcome string, on zhibu.Date) (zhibu.AppraisalRound, error) {
	r, err := s.appraisalForWrite(ctx, id, "登记该党员的处置结果")
	if err != nil {
		return r, err
	}
	e, ok := r.Entry(personID)
	if !ok || e.Handling == nil {
		return r, notFound("处置记录")
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE appraisal_handlings SET outcome = $1, closed_on = $2 WHERE id = $3 AND closed_on IS NULL`, outcome, on, e.Handling.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "该处置已办结")
		}
		return s.audit(ctx, tx, appraisalEvent(audit.AppraisalHandle, r, e.Name+"（"+strconv.Itoa(r.Year)+"年度民主评议不合格）的处置（"+
			e.Handling.Measure.Label()+"）于"+on.Chinese()+"办结"))
	})
	if err != nil {
		return r, fmt.Errorf("close handling: %w", err)
	}
	return s.AppraisalRound(ctx, id)
}

// factHandlings reads the handlings of members graded 不合格 in the
// appraisals of the orgs whose paths are in [lo, hi) that appraisal.handling
// judges in year: decided by the year's end and not closed before it
// began. Their outcomes are not read.
func (s *Store) factHandlings(ctx context.Context, lo, hi string, year int) ([]zhibu.HandlingFact, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT h.id, h.person_id, p.name, r.org_id, r.year, r.decided_on, h.measure, h.due_on, h.closed_on
		FROM appraisal_handlings h JOIN appraisal_rounds r ON r.id = h.round_id JOIN orgs o ON o.id = r.org_id JOIN people p ON p.id = h.person_id
		WHERE o.path >= $1 AND o.path < $2 AND r.decided_on <= $3 AND (h.closed_on IS NULL OR h.closed_on >= $4)
		ORDER BY h.due_on, h.id`, lo, hi, zhibu.MakeDate(year, 12, 31), zhibu.MakeDate(year, 1, 1))
	if err != nil {
		return nil, fmt.Errorf("facts handlings: %w", err)
	}
	defer rows.Close()
	var out []zhibu.HandlingFact
	for rows.Next() {
		var h zhibu.HandlingFact
		if err := rows.Scan(&h.ID, &h.PersonID, &h.Name, &h.OrgID, &h.Year, &h.DecidedOn, &h.Measure, &h.DueOn, &h.ClosedOn); err != nil {
			return nil, fmt.Errorf("facts handlings: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// AppraisalsUnder lists the appraisals of year of the branches in org
// orgID's subtree that the actor's scope covers, in the tree's order,
// with their entries, counts (once decided) and handlings: the superior's
// view of every branch side by side.
func (s *Store) AppraisalsUnder(ctx context.Context, orgID int64, year int) ([]zhibu.AppraisalRound, error) {
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	lo, hi := pathRange(o.Path)
	q := &query{}
	q.add(`SELECT r.id, r.org_id, o.name, o.path, r.year, r.status, r.excellent_one_in, r.opened_on, r.meeting_id, r.decided_on
		FROM appraisal_rounds r JOIN orgs o ON o.id = r.org_id WHERE o.path >= ` + q.arg(lo) + ` AND o.path < ` + q.arg(hi) + ` AND r.year = ` + q.arg(year))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(" ORDER BY o.path")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("appraisals under: %w", err)
	}
	var out []zhibu.AppraisalRound
	for rows.Next() {
		var r zhibu.AppraisalRound
		if err := rows.Scan(&r.ID, &r.OrgID, &r.OrgName, &r.OrgPath, &r.Year, &r.Status, &r.ExcellentOneIn, &r.OpenedOn, idScan{&r.MeetingID}, &r.DecidedOn); err != nil {
			rows.Close()
			return nil, fmt.Errorf("appraisals under: %w", err)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.appraisalDetails(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
