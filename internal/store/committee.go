package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

// Terms lists an org's committee terms, newest first, each with its seats
// (ended seats included, so the history shows).
func (s *Store) Terms(ctx context.Context, orgID int64) ([]zhibu.Term, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, org_id, elected_on, years, closed_on, note, assembly_id, reported_on, approved_on, approved_by FROM terms
		WHERE org_id = $1 ORDER BY elected_on DESC, id DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("terms: %w", err)
	}
	defer rows.Close()
	var terms []zhibu.Term
	byID := map[int64]int{}
	for rows.Next() {
		var t zhibu.Term
		if err := rows.Scan(&t.ID, &t.OrgID, &t.ElectedOn, &t.Years, &t.ClosedOn, &t.Note, idScan{&t.AssemblyID}, &t.ReportedOn, &t.ApprovedOn, &t.ApprovedBy); err != nil {
			return nil, fmt.Errorf("terms: %w", err)
		}
		t.Seats = []zhibu.Seat{}
		byID[t.ID] = len(terms)
		terms = append(terms, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seats, err := s.seats(ctx, `s.org_id = $1 AND s.term_id IS NOT NULL`, orgID)
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

// CurrentTerm is the org's open term, or ErrNotFound.
func (s *Store) CurrentTerm(ctx context.Context, orgID int64) (zhibu.Term, error) {
	terms, err := s.Terms(ctx, orgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	for _, t := range terms {
		if t.Current() {
			return t, nil
		}
	}
	return zhibu.Term{}, notFound("届次")
}

func (s *Store) seats(ctx context.Context, cond string, args ...any) ([]zhibu.Seat, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.org_id, s.term_id, s.person_id, p.name, s.position, s.start_on, s.end_on
		FROM seats s JOIN people p ON p.id = s.person_id WHERE `+cond+` ORDER BY s.start_on, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("seats: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Seat
	for rows.Next() {
		var st zhibu.Seat
		if err := rows.Scan(&st.ID, &st.OrgID, idScan{&st.TermID}, &st.PersonID, &st.PersonName, &st.Position, &st.StartOn, &st.EndOn); err != nil {
			return nil, fmt.Errorf("seats: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// PersonSeats lists every position a person holds or held.
func (s *Store) PersonSeats(ctx context.Context, personID int64) ([]zhibu.Seat, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return nil, err
	}
	return s.seats(ctx, `s.person_id = $1`, personID)
}

// StartTerm records an election, as the terms service decided it may be
// made: the org's open term (if any) closes on the election date, its
// seats end, and the new term opens with the given seats. Years 0 is the
// usual term of the org's kind.
func (s *Store) StartTerm(ctx context.Context, t zhibu.Term) (zhibu.Term, error) {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, t.OrgID, "为该组织换届"); err != nil {
		return zhibu.Term{}, err
	}
	org, err := s.Org(ctx, t.OrgID)
	if err != nil {
		return zhibu.Term{}, err
	}
	if t.Years == 0 {
		t.Years = zhibu.TermYears(org.Kind)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		// Everyone who leaves or takes a seat gets other rights: their
		// sessions end.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id IN (SELECT a.id FROM accounts a JOIN seats st ON st.person_id = a.person_id
			WHERE st.org_id = $1 AND st.term_id IS NOT NULL AND st.end_on IS NULL)`, t.OrgID); err != nil {
			return err
		}
		holders := make([]int64, len(t.Seats))
		for i, st := range t.Seats {
			holders[i] = st.PersonID
		}
		if err := endSessions(ctx, tx, holders...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE seats SET end_on = $1 WHERE org_id = $2 AND term_id IS NOT NULL AND end_on IS NULL`, t.ElectedOn, t.OrgID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE terms SET closed_on = $1 WHERE org_id = $2 AND closed_on IS NULL`, t.ElectedOn, t.OrgID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO terms (org_id, elected_on, years, note, assembly_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			t.OrgID, t.ElectedOn, t.Years, t.Note, nullID(t.AssemblyID), now).Scan(&t.ID); err != nil {
			return err
		}
		var seats []string
		for _, st := range t.Seats {
			if _, err := tx.ExecContext(ctx, `INSERT INTO seats (org_id, term_id, person_id, position, start_on, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				t.OrgID, t.ID, st.PersonID, string(st.Position), t.ElectedOn, now); err != nil {
				return err
			}
			seats = append(seats, fmt.Sprintf("%s：人员%d", st.Position.Label(), st.PersonID))
		}
		held := ""
		if t.AssemblyID != 0 {
			held = fmt.Sprintf("（支部党员大会，会议%d）", t.AssemblyID)
		}
		return s.audit(ctx, tx, Event{Action: audit.TermStart, ObjectType: "org", ObjectID: fmt.Sprint(t.OrgID), OrgPath: org.Path, Result: "ok",
			Detail: fmt.Sprintf("%s%s选举产生新一届委员会，任期%d年；%s", t.ElectedOn, held, t.Years, strings.Join(seats, "，"))})
	})
	if err != nil {
		return zhibu.Term{}, fmt.Errorf("start term: %w", err)
	}
	return s.CurrentTerm(ctx, t.OrgID)
}

// Group is a party group with its leader and member count.
type Group struct {
	zhibu.Org
	LeaderID   int64  `json:"leader_id,omitempty"`
	LeaderName string `json:"leader_name,omitempty"`
	Size       int    `json:"size"`
}

// Groups lists a branch's party groups with their current leaders.
func (s *Store) Groups(ctx context.Context, branchID int64) ([]Group, error) {
	orgs, err := s.Orgs(ctx, OrgFilter{ParentID: branchID, Kinds: []zhibu.OrgKind{zhibu.KindGroup}})
	if err != nil {
		return nil, err
	}
	groups := make([]Group, len(orgs))
	byID := map[int64]*Group{}
	for i, o := range orgs {
		groups[i].Org = o
		byID[o.ID] = &groups[i]
	}
	leaders, err := s.seats(ctx, `s.position = $1 AND s.end_on IS NULL AND s.org_id IN (SELECT id FROM orgs WHERE parent_id = $2)`,
		string(zhibu.GroupLeader), branchID)
	if err != nil {
		return nil, err
	}
	for _, l := range leaders {
		if g := byID[l.OrgID]; g != nil {
			g.LeaderID, g.LeaderName = l.PersonID, l.PersonName
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT group_id, COUNT(*) FROM people WHERE org_id = $1 AND group_id IS NOT NULL GROUP BY group_id`, branchID)
	if err != nil {
		return nil, fmt.Errorf("group sizes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		if g := byID[id]; g != nil {
			g.Size = n
		}
	}
	return groups, rows.Err()
}

// SetGroupLeader makes a person the group's leader from a date (today if
// zero), as the terms service decided they may be; the previous leader's
// seat ends that day.
func (s *Store) SetGroupLeader(ctx context.Context, groupID, personID int64, on zhibu.Date) error {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, groupID, "任免该党小组组长"); err != nil {
		return err
	}
	g, err := s.Org(ctx, groupID)
	if err != nil {
		return err
	}
	p, err := s.Person(ctx, personID)
	if err != nil {
		return err
	}
	if on.IsZero() {
		on = s.today()
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id IN (SELECT a.id FROM accounts a JOIN seats st ON st.person_id = a.person_id
			WHERE st.org_id = $1 AND st.position = $2 AND st.end_on IS NULL)`, groupID, string(zhibu.GroupLeader)); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, personID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE seats SET end_on = $1 WHERE org_id = $2 AND position = $3 AND end_on IS NULL`,
			on, groupID, string(zhibu.GroupLeader)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO seats (org_id, person_id, position, start_on, created_at) VALUES ($1, $2, $3, $4, $5)`,
			groupID, personID, string(zhibu.GroupLeader), on, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.GroupLeader, ObjectType: "org", ObjectID: fmt.Sprint(groupID), OrgPath: g.Path, Result: "ok",
			Detail: fmt.Sprintf("%s起由%s任组长", on, p.Name)})
	})
}

// Supervisions lists who supervises whom in an org, current ones only.
func (s *Store) Supervisions(ctx context.Context, orgID int64) ([]zhibu.Supervision, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT v.id, v.org_id, v.supervisor_id, a.name, v.officer_id, b.name, v.start_on, v.end_on
		FROM supervisions v JOIN people a ON a.id = v.supervisor_id JOIN people b ON b.id = v.officer_id
		WHERE v.org_id = $1 AND v.end_on IS NULL ORDER BY a.name, b.name`, orgID)
	if err != nil {
		return nil, fmt.Errorf("supervisions: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Supervision
	for rows.Next() {
		var v zhibu.Supervision
		if err := rows.Scan(&v.ID, &v.OrgID, &v.SupervisorID, &v.SupervisorName, &v.OfficerID, &v.OfficerName, &v.StartOn, &v.EndOn); err != nil {
			return nil, fmt.Errorf("supervisions: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Supervise records that a committee member of the org is responsible for
// an officer of the same org from a date (today if zero), as the terms
// service decided they may be; the officer's previous supervision ends.
func (s *Store) Supervise(ctx context.Context, orgID, supervisorID, officerID int64, on zhibu.Date) error {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, orgID, "设置该组织的分管民警"); err != nil {
		return err
	}
	officer, err := s.Person(ctx, officerID)
	if err != nil {
		return err
	}
	if on.IsZero() {
		on = s.today()
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE supervisions SET end_on = $1 WHERE org_id = $2 AND officer_id = $3 AND end_on IS NULL`, on, orgID, officerID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO supervisions (org_id, supervisor_id, officer_id, start_on, created_at) VALUES ($1, $2, $3, $4, $5)`,
			orgID, supervisorID, officerID, on, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.SupervisionSet, ObjectType: "org", ObjectID: fmt.Sprint(orgID), OrgPath: officer.OrgPath, Result: "ok",
			Detail: fmt.Sprintf("%s起人员%d分管%s", on, supervisorID, officer.Name)})
	})
}
