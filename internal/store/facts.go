package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"zhibu"
	"zhibu/internal/audit"
)

// Facts gathers what the rules engine reads about an org's subtree for a
// year, as of a day: the orgs (with their ancestors' paths), every term
// with its seats, the group leaders, each branch's full members as of the
// day, and the year's meetings with their resolutions. It reads in a few
// queries whatever the size of the subtree.
func (s *Store) Facts(ctx context.Context, rootID int64, year int, asOf zhibu.Date) (zhibu.Facts, error) {
	root, err := s.Org(ctx, rootID)
	if err != nil {
		return zhibu.Facts{}, err
	}
	lo, hi := pathRange(root.Path)
	return s.factsRange(ctx, lo, hi, year, asOf)
}

// FactsSpan is Facts for a run of sibling orgs, first to last in the order
// of their paths (zhibu.Org.Path compared as strings), with their
// subtrees: a share of a large tree, checked a share at a time.
func (s *Store) FactsSpan(ctx context.Context, first, last zhibu.Org, year int, asOf zhibu.Date) (zhibu.Facts, error) {
	if first.ParentID != last.ParentID || first.Path > last.Path {
		return zhibu.Facts{}, fmt.Errorf("facts span: %s and %s are not siblings in order", first.Code, last.Code)
	}
	for _, o := range []zhibu.Org{first, last} {
		if !zhibu.ActorFrom(ctx).Scope.Covers(o.Path) {
			return zhibu.Facts{}, notFound("组织")
		}
	}
	_, hi := pathRange(last.Path)
	return s.factsRange(ctx, first.Path, hi, year, asOf)
}

// FactsOwn is Facts for the org alone, without its subtree: what a
// committee's own findings (its terms) are read from.
func (s *Store) FactsOwn(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) (zhibu.Facts, error) {
	if !zhibu.ActorFrom(ctx).Scope.Covers(o.Path) {
		return zhibu.Facts{}, notFound("组织")
	}
	// Paths are digits and slashes: "!" sorts below both, so the range
	// holds the org's path and no path below it.
	return s.factsRange(ctx, o.Path, o.Path+"!", year, asOf)
}

// PersonDevFacts is what the dev.* rules read about one person of branch
// b (or of one of its groups) as of a day: the branch with its groups, the
// person's development file and the branch's superior. A development
// file's page checks its one file with them instead of its whole branch's
// facts.
func (s *Store) PersonDevFacts(ctx context.Context, b zhibu.Org, personID int64, asOf zhibu.Date) (zhibu.Facts, error) {
	if !zhibu.ActorFrom(ctx).Scope.Covers(b.Path) {
		return zhibu.Facts{}, notFound("组织")
	}
	lo, hi := pathRange(b.Path)
	var err error
	f := zhibu.Facts{AsOf: asOf, Zone: zhibu.DefaultZone, Members: map[int64]int{}, Extensions: map[int64]zhibu.Date{}}
	if f.Orgs, err = s.Orgs(ctx, OrgFilter{lo: lo, hi: hi}); err != nil {
		return f, err
	}
	return f, s.devFactsOf(ctx, &f, lo, hi, personID)
}

// factsRange is Facts for the orgs whose paths are in [lo, hi).
func (s *Store) factsRange(ctx context.Context, lo, hi string, year int, asOf zhibu.Date) (zhibu.Facts, error) {
	var err error
	f := zhibu.Facts{AsOf: asOf, Zone: zhibu.DefaultZone, Members: map[int64]int{}, Extensions: map[int64]zhibu.Date{}}
	if f.Orgs, err = s.Orgs(ctx, OrgFilter{lo: lo, hi: hi}); err != nil {
		return f, err
	}
	if f.Terms, err = s.subtreeTerms(ctx, lo, hi, f.Extensions); err != nil {
		return f, err
	}
	if f.Seats, err = s.seats(ctx, `s.term_id IS NULL AND s.org_id IN (SELECT id FROM orgs WHERE path >= $1 AND path < $2)`, lo, hi); err != nil {
		return f, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.org_id, COUNT(*) FROM people p JOIN orgs o ON o.id = p.org_id
		WHERE o.path >= $1 AND o.path < $2 AND p.confirmed_on <= $3 AND (p.left_on IS NULL OR p.left_on > $3) GROUP BY p.org_id`, lo, hi, asOf)
	if err != nil {
		return f, fmt.Errorf("facts members: %w", err)
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return f, err
		}
		f.Members[id] = n
	}
	rows.Close()
	for _, o := range f.Orgs {
		if _, ok := f.Members[o.ID]; !ok && o.Kind == zhibu.KindBranch {
			f.Members[o.ID] = 0
		}
	}
	if f.Transfers, err = s.factTransfers(ctx, lo, hi, year); err != nil {
		return f, err
	}
	if f.Movers, err = s.factMovers(ctx, lo, hi); err != nil {
		return f, err
	}
	if err := s.devFacts(ctx, &f, lo, hi); err != nil {
		return f, err
	}
	if err := s.lifeFacts(ctx, &f, lo, hi); err != nil { // facts_life.go
		return f, err
	}
	if err := s.memberRecordFacts(ctx, &f, lo, hi, year); err != nil { // memberrecords.go
		return f, err
	}
	if err := s.activityFacts(ctx, &f, lo, hi, year); err != nil { // activities stream
		return f, err
	}
	if f.Reviews, err = s.factReviews(ctx, lo, hi, year); err != nil { // review stream
		return f, err
	}
	if err := s.voiceFacts(ctx, &f, lo, hi, year); err != nil { // disclosure, mailbox, paper (voice_facts.go)
		return f, err
	}
	if f.Handlings, err = s.factHandlings(ctx, lo, hi, year); err != nil { // appraisal.handling (appraisal.go)
		return f, err
	}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)
	if f.Meetings, err = s.factMeetings(ctx, lo, hi, start.AddDate(0, 0, -1), start.AddDate(1, 0, 1)); err != nil {
		return f, err
	}
	if err := s.studyTalkFacts(ctx, &f, lo, hi, year); err != nil { // study and talks (study.go)
		return f, err
	}
	return f, s.factDues(ctx, lo, hi, year, asOf, &f)
}

// factMeetings reads the meetings of a path range between two times as the
// rules need them: without their texts (Minutes holds "1" when there are
// minutes, Topics is empty), with their resolutions read by a join rather
// than a long IN list. For the M tier this is a third of Meetings' time.
func (s *Store) factMeetings(ctx context.Context, lo, hi string, from, to time.Time) ([]zhibu.Meeting, error) {
	const cond = ` FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE o.path >= $1 AND o.path < $2 AND m.starts_at >= $3 AND m.starts_at < $4 AND m.voided_at IS NULL` // voided: fixes
	args := []any{lo, hi, from.UTC(), to.UTC()}
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, m.org_id, m.type, m.status, m.starts_at, m.chair_id, m.recorder_id, m.lecturer_id,
		CASE WHEN m.minutes <> '' THEN '1' ELSE '' END, m.entered_at, m.expected, m.present, m.excused, m.absent, m.filing`+cond+` ORDER BY m.starts_at, m.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("facts meetings: %w", err)
	}
	var out []zhibu.Meeting
	byID := map[int64]int{}
	for rows.Next() {
		var m zhibu.Meeting
		var starts, entered timeScan
		if err := rows.Scan(&m.ID, &m.OrgID, &m.Type, &m.Status, &starts, idScan{&m.ChairID}, idScan{&m.RecorderID}, idScan{&m.LecturerID},
			&m.Minutes, &entered, &m.Expected, &m.Present, &m.Excused, &m.Absent, &m.Filing); err != nil {
			rows.Close()
			return nil, fmt.Errorf("facts meetings: %w", err)
		}
		m.StartsAt, m.EnteredAt = starts.t.UTC(), entered.t.UTC()
		byID[m.ID] = len(out)
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rrows, err := s.db.QueryContext(ctx, `SELECT r.meeting_id, r.text, r.votes_for, r.votes_against, r.abstain, r.entitled, r.present
		FROM resolutions r JOIN meetings m ON m.id = r.meeting_id JOIN orgs o ON o.id = m.org_id
		WHERE o.path >= $1 AND o.path < $2 AND m.starts_at >= $3 AND m.starts_at < $4 AND m.voided_at IS NULL ORDER BY r.meeting_id, r.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("facts resolutions: %w", err)
	}
	defer rrows.Close()
	for rrows.Next() {
		var id int64
		var r zhibu.Resolution
		if err := rrows.Scan(&id, &r.Text, &r.For, &r.Against, &r.Abstain, &r.Entitled, &r.Present); err != nil {
			return nil, err
		}
		if i, ok := byID[id]; ok {
			out[i].Resolutions = append(out[i].Resolutions, r)
		}
	}
	return out, rrows.Err()
}

// subtreeTerms is every term of the orgs in a path range, with its seats;
// the new end of each term's latest approved extension goes into ext.
func (s *Store) subtreeTerms(ctx context.Context, lo, hi string, ext map[int64]zhibu.Date) ([]zhibu.Term, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.org_id, t.elected_on, t.years, t.closed_on, t.note, t.assembly_id, t.reported_on, t.approved_on, t.approved_by,
		(SELECT e.new_end FROM term_extensions e WHERE e.term_id = t.id AND e.status = 'approved' ORDER BY e.decided_on DESC, e.id DESC LIMIT 1) FROM terms t
		JOIN orgs o ON o.id = t.org_id WHERE o.path >= $1 AND o.path < $2 ORDER BY t.org_id, t.elected_on`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("facts terms: %w", err)
	}
	var terms []zhibu.Term
	byID := map[int64]int{}
	for rows.Next() {
		var t zhibu.Term
		var newEnd zhibu.Date
		if err := rows.Scan(&t.ID, &t.OrgID, &t.ElectedOn, &t.Years, &t.ClosedOn, &t.Note, idScan{&t.AssemblyID}, &t.ReportedOn, &t.ApprovedOn, &t.ApprovedBy, &newEnd); err != nil {
			rows.Close()
			return nil, err
		}
		if !newEnd.IsZero() {
			ext[t.ID] = newEnd
		}
		byID[t.ID] = len(terms)
		terms = append(terms, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seats, err := s.seats(ctx, `s.term_id IS NOT NULL AND s.org_id IN (SELECT id FROM orgs WHERE path >= $1 AND path < $2)`, lo, hi)
	if err != nil {
		return nil, err
	}
	for _, st := range seats {
		if i, ok := byID[st.TermID]; ok {
			terms[i].Seats = append(terms[i].Seats, st)
		}
	}
	return terms, nil
}

// RuleVersions are the superior and branch layers' versions of the rules
// recorded in the database, in the order they were added (the national
// layer is not stored).
func (s *Store) RuleVersions(ctx context.Context) ([]zhibu.RuleVersion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT rule_id, layer, org_id, effective_from, effective_to, params, source FROM rule_versions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("rule versions: %w", err)
	}
	defer rows.Close()
	var out []zhibu.RuleVersion
	for rows.Next() {
		var v zhibu.RuleVersion
		var params string
		if err := rows.Scan(&v.ID, &v.Layer, &v.OrgID, &v.EffectiveFrom, &v.EffectiveTo, &params, &v.Source); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(params), &v.Params); err != nil {
			return nil, fmt.Errorf("rule version %s: %w", v.ID, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AddRuleVersion records a superior or branch layer's version of a rule.
func (s *Store) AddRuleVersion(ctx context.Context, v zhibu.RuleVersion) error {
	if err := s.canOrg(ctx, zhibu.PermRulesEdit, v.OrgID, "设置该组织的规则参数"); err != nil {
		return err
	}
	org, err := s.Org(ctx, v.OrgID)
	if err != nil {
		return err
	}
	params, err := json.Marshal(v.Params)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rule_versions (rule_id, layer, org_id, effective_from, effective_to, params, source, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, v.ID, string(v.Layer), v.OrgID, v.EffectiveFrom, v.EffectiveTo, string(params), v.Source, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.RuleVersion, ObjectType: "org", ObjectID: fmt.Sprint(v.OrgID), OrgPath: org.Path, Result: "ok",
			Detail: fmt.Sprintf("%s自%s起参数%s", v.ID, v.EffectiveFrom, params)})
	})
}
