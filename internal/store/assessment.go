package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

// The superior's performance assessment (绩效考评, docs/assessment.md): a
// committee's indicators for a year, its manual scores, and the snapshot
// of every branch's scores kept when the year is finalized. Everything is
// read through the committee (its readers), but a branch's own finalized
// scores, which its readers see (BranchAssessments).

// Assessment is committee's assessment of year with its indicators in
// their order; zhibu.ErrNotFound when none was set.
func (s *Store) Assessment(ctx context.Context, committeeID int64, year int) (zhibu.Assessment, error) {
	if _, err := s.Org(ctx, committeeID); err != nil {
		return zhibu.Assessment{}, err
	}
	return s.assessment(ctx, s.db, committeeID, year)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Store) assessment(ctx context.Context, db queryer, committeeID int64, year int) (zhibu.Assessment, error) {
	var a zhibu.Assessment
	err := db.QueryRowContext(ctx, `SELECT id, committee_id, year, status, finalized_on, finalized_by FROM assessments
		WHERE committee_id = $1 AND year = $2`, committeeID, year).Scan(&a.ID, &a.CommitteeID, &a.Year, &a.Status, &a.FinalizedOn, &a.FinalizedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return a, zhibu.Errorf(zhibu.ErrNotFound, strconv.Itoa(year)+"年度尚未设置绩效考评指标")
	}
	if err != nil {
		return a, fmt.Errorf("assessment: %w", err)
	}
	a.Indicators, err = indicators(ctx, db, a.ID)
	return a, err
}

func indicators(ctx context.Context, db queryer, assessmentID int64) ([]zhibu.Indicator, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, name, kind, weight, note FROM assessment_indicators WHERE assessment_id = $1 ORDER BY pos, id`, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("indicators: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Indicator
	for rows.Next() {
		var x zhibu.Indicator
		if err := rows.Scan(&x.ID, &x.Name, &x.Kind, &x.Weight, &x.Note); err != nil {
			return nil, fmt.Errorf("indicators: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// AssessmentYears are the years committee has an assessment for, oldest
// first, with their status.
func (s *Store) AssessmentYears(ctx context.Context, committeeID int64) ([]zhibu.Assessment, error) {
	if _, err := s.Org(ctx, committeeID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, committee_id, year, status, finalized_on, finalized_by FROM assessments
		WHERE committee_id = $1 ORDER BY year`, committeeID)
	if err != nil {
		return nil, fmt.Errorf("assessment years: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Assessment
	for rows.Next() {
		var a zhibu.Assessment
		if err := rows.Scan(&a.ID, &a.CommitteeID, &a.Year, &a.Status, &a.FinalizedOn, &a.FinalizedBy); err != nil {
			return nil, fmt.Errorf("assessment years: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// committeeForAssessment checks the actor's right to set committee's
// assessments and that it is a committee.
func (s *Store) committeeForAssessment(ctx context.Context, committeeID int64) (zhibu.Org, error) {
	if err := s.canOrg(ctx, zhibu.PermAssess, committeeID, "设置该组织的绩效考评"); err != nil {
		return zhibu.Org{}, err
	}
	o, err := s.Org(ctx, committeeID)
	if err != nil {
		return o, err
	}
	if o.Kind != zhibu.KindCommittee {
		return o, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：绩效考评由上级党委对所属党支部进行，请在党委页面设置"}}
	}
	return o, nil
}

// SaveIndicators sets committee's indicators for year (PermAssess),
// making the year's assessment if there is none: an indicator with an ID
// of the year's is changed in place, one with ID 0 added, and one left out
// removed with its manual scores. A finalized year is refused
// (zhibu.ErrConflict); the set must pass zhibu.Assessment.Validate.
func (s *Store) SaveIndicators(ctx context.Context, committeeID int64, year int, inds []zhibu.Indicator) (zhibu.Assessment, error) {
	o, err := s.committeeForAssessment(ctx, committeeID)
	if err != nil {
		return zhibu.Assessment{}, err
	}
	a := zhibu.Assessment{CommitteeID: committeeID, Year: year, Indicators: inds}
	a.Normalize()
	if err := a.Validate(); err != nil {
		return a, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		old, err := s.assessment(ctx, tx, committeeID, year)
		switch {
		case errors.Is(err, zhibu.ErrNotFound):
			if err := tx.QueryRowContext(ctx, `INSERT INTO assessments (committee_id, year, status, created_at, updated_at) VALUES ($1, $2, 'draft', $3, $3) RETURNING id`,
				committeeID, year, now).Scan(&old.ID); err != nil {
				return err
			}
		case err != nil:
			return err
		case old.Final():
			return zhibu.Errorf(zhibu.ErrConflict, strconv.Itoa(year)+"年度绩效考评已定稿，不能再修改指标")
		}
		have := map[int64]bool{}
		for _, x := range old.Indicators {
			have[x.ID] = true
		}
		keep := map[int64]bool{}
		for i, x := range a.Indicators {
			if x.ID != 0 {
				if !have[x.ID] {
					return zhibu.Problems{{Field: "indicators." + strconv.Itoa(i) + ".id", Label: "第" + strconv.Itoa(i+1) + "项指标",
						Message: "第" + strconv.Itoa(i+1) + "项指标：不是本年度的指标，请刷新页面后重试"}}
				}
				keep[x.ID] = true
				if _, err := tx.ExecContext(ctx, `UPDATE assessment_indicators SET pos = $1, name = $2, kind = $3, weight = $4, note = $5 WHERE id = $6`,
					i, x.Name, x.Kind, x.Weight, x.Note, x.ID); err != nil {
					return err
				}
				if x.Kind != zhibu.IndManual {
					if _, err := tx.ExecContext(ctx, `DELETE FROM assessment_manual_scores WHERE indicator_id = $1`, x.ID); err != nil {
						return err
					}
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_indicators (assessment_id, pos, name, kind, weight, note) VALUES ($1, $2, $3, $4, $5, $6)`,
				old.ID, i, x.Name, x.Kind, x.Weight, x.Note); err != nil {
				return err
			}
		}
		for id := range have {
			if keep[id] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM assessment_manual_scores WHERE indicator_id = $1`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM assessment_indicators WHERE id = $1`, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assessments SET updated_at = $1 WHERE id = $2`, now, old.ID); err != nil {
			return err
		}
		detail := strconv.Itoa(year) + "年度绩效考评指标" + strconv.Itoa(len(a.Indicators)) + "项"
		return s.audit(ctx, tx, Event{Action: audit.AssessmentIndicators, ObjectType: "assessment", ObjectID: strconv.FormatInt(old.ID, 10),
			OrgPath: o.Path, Result: "ok", Detail: detail})
	})
	if err != nil {
		return a, fmt.Errorf("save indicators: %w", err)
	}
	return s.Assessment(ctx, committeeID, year)
}

// ManualScores are the manual scores of an assessment of committee.
func (s *Store) ManualScores(ctx context.Context, committeeID int64, year int) ([]zhibu.ManualScore, error) {
	a, err := s.Assessment(ctx, committeeID, year)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.indicator_id, m.org_id, m.score, m.note FROM assessment_manual_scores m
		JOIN assessment_indicators i ON i.id = m.indicator_id WHERE i.assessment_id = $1 ORDER BY i.pos, m.org_id`, a.ID)
	if err != nil {
		return nil, fmt.Errorf("manual scores: %w", err)
	}
	defer rows.Close()
	var out []zhibu.ManualScore
	for rows.Next() {
		var m zhibu.ManualScore
		if err := rows.Scan(&m.IndicatorID, &m.OrgID, &m.Score, &m.Note); err != nil {
			return nil, fmt.Errorf("manual scores: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SaveManualScores records the superior's scores of committee's year on
// its manual indicators (PermAssess), all or none: each names a manual
// indicator of the year and a branch under the committee. A finalized
// year is refused (zhibu.ErrConflict).
func (s *Store) SaveManualScores(ctx context.Context, committeeID int64, year int, ms []zhibu.ManualScore) error {
	o, err := s.committeeForAssessment(ctx, committeeID)
	if err != nil {
		return err
	}
	a, err := s.Assessment(ctx, committeeID, year)
	if err != nil {
		return err
	}
	if a.Final() {
		return zhibu.Errorf(zhibu.ErrConflict, strconv.Itoa(year)+"年度绩效考评已定稿，不能再修改评分")
	}
	branches, err := s.Orgs(ctx, OrgFilter{Under: committeeID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, b := range branches {
		names[b.ID] = b.Name
	}
	manual := map[int64]string{}
	for _, x := range a.Indicators {
		if x.Kind == zhibu.IndManual {
			manual[x.ID] = x.Name
		}
	}
	var ps zhibu.Problems
	for _, m := range ms {
		key := "score." + strconv.FormatInt(m.IndicatorID, 10) + "." + strconv.FormatInt(m.OrgID, 10)
		name, okInd := manual[m.IndicatorID]
		branch, okOrg := names[m.OrgID]
		switch {
		case !okInd:
			ps = append(ps, zhibu.Problem{Field: key, Label: "考评指标", Message: "考评指标：不是本年度需要手工评分的指标"})
		case !okOrg:
			ps = append(ps, zhibu.Problem{Field: key, Label: "党支部", Message: "党支部：不是本党委所属的党支部"})
		default:
			if err := m.Validate(branch + "“" + name + "”"); err != nil {
				for _, p := range err.(zhibu.Problems) {
					p.Field = key
					ps = append(ps, p)
				}
			}
		}
	}
	if err := ps.Err(); err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		for _, m := range ms {
			if _, err := tx.ExecContext(ctx, `DELETE FROM assessment_manual_scores WHERE indicator_id = $1 AND org_id = $2`, m.IndicatorID, m.OrgID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_manual_scores (indicator_id, org_id, score, note, updated_at) VALUES ($1, $2, $3, $4, $5)`,
				m.IndicatorID, m.OrgID, m.Score, m.Note, now); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, Event{Action: audit.AssessmentScores, ObjectType: "assessment", ObjectID: strconv.FormatInt(a.ID, 10),
			OrgPath: o.Path, Result: "ok", Detail: strconv.Itoa(year) + "年度绩效考评手工评分" + strconv.Itoa(len(ms)) + "项"})
	})
	if err != nil {
		return fmt.Errorf("save manual scores: %w", err)
	}
	return nil
}

// FinalizeAssessment finalizes committee's year on day (PermAssess),
// keeping scores, computed by the caller from the records as they are now,
// as the year's snapshot. Each score must name a branch under the
// committee and give a result for every indicator. A year already
// finalized is refused (zhibu.ErrConflict).
func (s *Store) FinalizeAssessment(ctx context.Context, committeeID int64, year int, day zhibu.Date, scores []zhibu.BranchScore) (zhibu.Assessment, error) {
	o, err := s.committeeForAssessment(ctx, committeeID)
	if err != nil {
		return zhibu.Assessment{}, err
	}
	a, err := s.Assessment(ctx, committeeID, year)
	if err != nil {
		return a, err
	}
	if a.Final() {
		return a, zhibu.Errorf(zhibu.ErrConflict, strconv.Itoa(year)+"年度绩效考评已于"+a.FinalizedOn.Chinese()+"定稿")
	}
	branches, err := s.Orgs(ctx, OrgFilter{Under: committeeID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return a, err
	}
	under := map[int64]bool{}
	for _, b := range branches {
		under[b.ID] = true
	}
	for _, b := range scores {
		if !under[b.OrgID] || len(b.Results) != len(a.Indicators) {
			return a, fmt.Errorf("finalize assessment: scores of org %d do not fit the year's %d indicators", b.OrgID, len(a.Indicators))
		}
		for i, r := range b.Results {
			if r.IndicatorID != a.Indicators[i].ID || r.Score < 0 || r.Score > zhibu.MaxScore {
				return a, fmt.Errorf("finalize assessment: result %d of org %d does not fit", i, b.OrgID)
			}
		}
	}
	name := zhibu.ActorFrom(ctx).Name
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE assessments SET status = 'final', finalized_on = $1, finalized_by = $2, updated_at = $3 WHERE id = $4 AND status = 'draft'`,
			day, name, s.stamp(), a.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, strconv.Itoa(year)+"年度绩效考评已定稿")
		}
		for _, b := range scores {
			if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_totals (assessment_id, org_id, org_name, total, scored, place) VALUES ($1, $2, $3, $4, $5, $6)`,
				a.ID, b.OrgID, b.OrgName, b.Total, boolInt(b.Scored), b.Rank); err != nil {
				return err
			}
			for _, r := range b.Results {
				if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_results (assessment_id, org_id, indicator_id, applicable, score, basis) VALUES ($1, $2, $3, $4, $5, $6)`,
					a.ID, b.OrgID, r.IndicatorID, boolInt(r.Applicable), r.Score, r.Basis); err != nil {
					return err
				}
			}
		}
		return s.audit(ctx, tx, Event{Action: audit.AssessmentFinalize, ObjectType: "assessment", ObjectID: strconv.FormatInt(a.ID, 10),
			OrgPath: o.Path, Result: "ok", Detail: strconv.Itoa(year) + "年度绩效考评定稿，" + strconv.Itoa(len(scores)) + "个党支部"})
	})
	if err != nil {
		return a, fmt.Errorf("finalize assessment: %w", err)
	}
	return s.Assessment(ctx, committeeID, year)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AssessmentSnapshot is the kept scores of a finalized assessment of
// committee, by rank: what its readers see of the year.
func (s *Store) AssessmentSnapshot(ctx context.Context, committeeID int64, year int) ([]zhibu.BranchScore, error) {
	a, err := s.Assessment(ctx, committeeID, year)
	if err != nil {
		return nil, err
	}
	return s.snapshot(ctx, a.ID, 0)
}

// snapshot reads the kept scores of assessment id (of one org, if not 0).
func (s *Store) snapshot(ctx context.Context, id, orgID int64) ([]zhibu.BranchScore, error) {
	q := `SELECT org_id, org_name, total, scored, place FROM assessment_totals WHERE assessment_id = $1`
	args := []any{id}
	if orgID != 0 {
		q += ` AND org_id = $2`
		args = append(args, orgID)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("assessment snapshot: %w", err)
	}
	var out []zhibu.BranchScore
	at := map[int64]int{}
	for rows.Next() {
		var b zhibu.BranchScore
		var scored int
		if err := rows.Scan(&b.OrgID, &b.OrgName, &b.Total, &scored, &b.Rank); err != nil {
			rows.Close()
			return nil, fmt.Errorf("assessment snapshot: %w", err)
		}
		b.Scored = scored == 1
		at[b.OrgID] = len(out)
		out = append(out, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rs, err := s.db.QueryContext(ctx, `SELECT r.org_id, r.indicator_id, r.applicable, r.score, r.basis FROM assessment_results r
		JOIN assessment_indicators i ON i.id = r.indicator_id WHERE r.assessment_id = $1 ORDER BY i.pos, i.id`, id)
	if err != nil {
		return nil, fmt.Errorf("assessment snapshot: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var org int64
		var r zhibu.IndicatorResult
		var applicable int
		if err := rs.Scan(&org, &r.IndicatorID, &applicable, &r.Score, &r.Basis); err != nil {
			return nil, fmt.Errorf("assessment snapshot: %w", err)
		}
		r.Applicable = applicable == 1
		if i, ok := at[org]; ok {
			out[i].Results = append(out[i].Results, r)
		}
	}
	// The kept ranks, in the order RankScores gave them.
	slices.SortStableFunc(out, func(a, b zhibu.BranchScore) int {
		if a.Scored != b.Scored {
			return boolInt(b.Scored) - boolInt(a.Scored)
		}
		if a.Rank != b.Rank {
			return a.Rank - b.Rank
		}
		return strings.Compare(a.OrgName, b.OrgName)
	})
	return out, rs.Err()
}

// BranchYear is a branch's finalized score of one year: the year's
// indicators, its line and how many branches were ranked.
type BranchYear struct {
	Assessment zhibu.Assessment
	Score      zhibu.BranchScore
	Of         int
}

// BranchAssessments are branch's finalized assessments, oldest first: what
// the branch's readers see of their own scores (not another branch's, not
// a year still in progress).
func (s *Store) BranchAssessments(ctx context.Context, branchID int64) ([]BranchYear, error) {
	if _, err := s.Org(ctx, branchID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.committee_id, a.year, a.status, a.finalized_on, a.finalized_by,
		(SELECT COUNT(*) FROM assessment_totals n WHERE n.assessment_id = a.id AND n.scored = 1)
		FROM assessments a JOIN assessment_totals t ON t.assessment_id = a.id
		WHERE t.org_id = $1 AND a.status = 'final' ORDER BY a.year`, branchID)
	if err != nil {
		return nil, fmt.Errorf("branch assessments: %w", err)
	}
	var out []BranchYear
	for rows.Next() {
		var y BranchYear
		a := &y.Assessment
		if err := rows.Scan(&a.ID, &a.CommitteeID, &a.Year, &a.Status, &a.FinalizedOn, &a.FinalizedBy, &y.Of); err != nil {
			rows.Close()
			return nil, fmt.Errorf("branch assessments: %w", err)
		}
		out = append(out, y)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		y := &out[i]
		if y.Assessment.Indicators, err = indicators(ctx, s.db, y.Assessment.ID); err != nil {
			return nil, err
		}
		bs, err := s.snapshot(ctx, y.Assessment.ID, branchID)
		if err != nil {
			return nil, err
		}
		if len(bs) == 1 {
			y.Score = bs[0]
		}
	}
	return out, nil
}
