package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

// Member development: each person's development file (the 25 steps) and
// its uploaded materials. The development service (internal/service)
// checks a step and derives what it does to the person; the store saves
// the step, the person's status and stage dates and the audit record in
// one transaction.

const devColumns = `d.id, d.person_id, d.step, d.done_on, d.outcome, d.meeting_id, d.resolution, d.entitled, d.present,
	d.votes_for, d.votes_against, d.abstain, d.people, d.days, d.hours, d.months, d.special, d.note, d.entered_at, d.entered_by`

// scanDev scans devColumns into r, and the columns selected after them
// into more.
func scanDev(row interface{ Scan(...any) error }, r *zhibu.DevRecord, more ...any) error {
	var people string
	var at timeScan
	err := row.Scan(append([]any{&r.ID, &r.PersonID, &r.Step, &r.On, &r.Outcome, idScan{&r.MeetingID}, &r.Resolution, &r.Votes.Entitled,
		&r.Votes.Present, &r.Votes.For, &r.Votes.Against, &r.Votes.Abstain, &people, &r.Days, &r.Hours, &r.Months, &r.Special,
		&r.Note, &at, &r.EnteredBy}, more...)...)
	if err != nil {
		return err
	}
	r.EnteredAt = at.t.UTC()
	for _, s := range strings.Split(people, ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			r.People = append(r.People, id)
		}
	}
	return nil
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// devRecords reads the records a condition on d selects, by person, date,
// id; join names tables joined to d (people p, orgs o) for the condition.
func (s *Store) devRecords(ctx context.Context, join, cond string, args ...any) (map[int64][]zhibu.DevRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+devColumns+` FROM dev_steps d `+join+` WHERE `+cond+` ORDER BY d.person_id, d.done_on, d.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("dev steps: %w", err)
	}
	defer rows.Close()
	out := map[int64][]zhibu.DevRecord{}
	for rows.Next() {
		var r zhibu.DevRecord
		if err := scanDev(rows, &r); err != nil {
			return nil, fmt.Errorf("dev steps: %w", err)
		}
		out[r.PersonID] = append(out[r.PersonID], r)
	}
	return out, rows.Err()
}

// fillNames fills the names of the mentors and sponsors of the records.
func (s *Store) fillNames(ctx context.Context, recs []zhibu.DevRecord) error {
	var ids []int64
	seen := map[int64]bool{}
	for _, r := range recs {
		for _, id := range r.People {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	q := &query{}
	q.add(`SELECT id, name FROM people WHERE id IN (` + q.list(ids) + `)`)
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return fmt.Errorf("dev names: %w", err)
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		names[id] = n
	}
	for i := range recs {
		recs[i].PeopleName = nil
		for _, id := range recs[i].People {
			recs[i].PeopleName = append(recs[i].PeopleName, names[id])
		}
	}
	return rows.Err()
}

// DevDecisions are the development steps meeting meetingID decided (the
// records that name it: an assembly's votes, a committee's designations),
// with each person's name, by resolution, person and date. Records of a
// branch outside the actor's scope are left out.
func (s *Store) DevDecisions(ctx context.Context, meetingID int64) ([]zhibu.DevDecision, error) {
	q := &query{}
	q.add(`SELECT ` + devColumns + `, p.name FROM dev_steps d JOIN people p ON p.id = d.person_id JOIN orgs o ON o.id = d.org_id
		WHERE d.meeting_id = ` + q.arg(meetingID))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(` ORDER BY d.resolution, p.name, d.done_on, d.id`)
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dev decisions of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	var out []zhibu.DevDecision
	for rows.Next() {
		var x zhibu.DevDecision
		if err := scanDev(rows, &x.Record, &x.PersonName); err != nil {
			return nil, fmt.Errorf("dev decisions of meeting %d: %w", meetingID, err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// DevFile is a person's development file, if the actor's scope covers them.
func (s *Store) DevFile(ctx context.Context, personID int64) (zhibu.DevFile, error) {
	p, err := s.Person(ctx, personID)
	if err != nil {
		return zhibu.DevFile{}, err
	}
	recs, err := s.devRecords(ctx, "", `d.person_id = $1`, p.ID)
	if err != nil {
		return zhibu.DevFile{}, err
	}
	f := zhibu.DevFile{Person: p, Records: recs[p.ID]}
	if f.Records == nil {
		f.Records = []zhibu.DevRecord{}
	}
	return f, s.fillNames(ctx, f.Records)
}

// InDevelopment reports whether a person belongs on the development
// overview: on the way to membership, or with a file not yet archived.
func InDevelopment(f zhibu.DevFile) bool {
	switch f.Person.Status {
	case zhibu.Applicant, zhibu.Activist, zhibu.Candidate, zhibu.Probationary:
		return true
	}
	return len(f.Records) > 0 && !f.Done(25) && !f.Revoked()
}

// DevFiles lists the development files of the people of an org's subtree
// who are in development (see InDevelopment), by name, their ID numbers
// and phones masked. Only the people who could be in development are read
// (on the way to membership, or with a file), from the masks stored.
func (s *Store) DevFiles(ctx context.Context, orgID int64) ([]zhibu.DevFile, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	people, err := s.devPeople(ctx, org)
	if err != nil {
		return nil, err
	}
	lo, hi := pathRange(org.Path)
	recs, err := s.devRecords(ctx, `JOIN people p ON p.id = d.person_id JOIN orgs o ON o.id = p.org_id`,
		`o.path >= $1 AND o.path < $2`, lo, hi)
	if err != nil {
		return nil, err
	}
	out := []zhibu.DevFile{}
	var all []zhibu.DevRecord
	for _, p := range people {
		f := zhibu.DevFile{Person: p, Records: recs[p.ID]}
		if InDevelopment(f) {
			out = append(out, f)
			all = append(all, f.Records...)
		}
	}
	if err := s.fillNames(ctx, all); err != nil {
		return nil, err
	}
	k := 0
	for i := range out {
		out[i].Records = all[k : k+len(out[i].Records) : k+len(out[i].Records)]
		k += len(out[i].Records)
	}
	return out, nil
}

// FullMembersOn are the ids of the full members of org orgID (in it or in
// one of its groups) on day d.
func (s *Store) FullMembersOn(ctx context.Context, orgID int64, d zhibu.Date) (map[int64]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id FROM people p JOIN memberships ms ON ms.person_id = p.id
		WHERE ms.org_id = $1 AND ms.start_on <= $2 AND (ms.end_on IS NULL OR ms.end_on > $2) AND p.confirmed_on <= $2`, orgID, d)
	if err != nil {
		return nil, fmt.Errorf("full members: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

var errDevForbidden = zhibu.Errorf(zhibu.ErrForbidden, "无权记录此步骤")

// FillPeopleNames fills the names of the mentors and sponsors the records
// name (DevRecord.PeopleName), for display and for the rules' messages.
func (s *Store) FillPeopleNames(ctx context.Context, recs []zhibu.DevRecord) error {
	return s.fillNames(ctx, recs)
}

// SaveStep persists a step the development service checked: in one
// transaction it adds record r to the person's file, moves the person's
// status and stage dates to after (keeping those it replaces, for
// VoidStep), notes the change in the person's history and audits
// "dev.step" with detail and the change. seen is the number of records
// the file held when it was checked: if another recording came first the
// step is refused with ErrConflict. The actor needs the step's right
// (member.develop, or filing.review for the superior's steps) on the
// person's branch (ErrForbidden).
func (s *Store) SaveStep(ctx context.Context, personID int64, seen int, r zhibu.DevRecord, after zhibu.Stages, detail string) (zhibu.DevRecord, error) {
	p, err := s.Person(ctx, personID)
	if err != nil {
		return zhibu.DevRecord{}, err
	}
	if !zhibu.ValidDevStep(r.Step) {
		return zhibu.DevRecord{}, zhibu.Problems{{Field: "step", Label: "步骤", Message: "步骤：应为1至25之间的步骤"}}
	}
	a := zhibu.ActorFrom(ctx)
	if !a.Can(zhibu.DevSteps[r.Step].Perm(), p.OrgPath) {
		return zhibu.DevRecord{}, errDevForbidden
	}
	np := p.WithStages(after)
	changes := personDiff(p, np)
	if len(changes) > 0 {
		if err := np.Validate(s.today()); err != nil {
			return zhibu.DevRecord{}, err
		}
	}
	def := zhibu.DevSteps[r.Step]
	r.PersonID = p.ID
	err = s.tx(ctx, func(tx *sql.Tx) error {
		// The file must be as it was checked: lock the person and count
		// the steps again, so two recordings cannot both pass.
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE id = $1`+s.dialect.forUpdate(), p.ID).Scan(&locked); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM dev_steps WHERE person_id = $1`, p.ID).Scan(&n); err != nil {
			return err
		}
		if n != seen {
			return zhibu.Errorf(zhibu.ErrConflict, "该同志的发展档案刚被他人修改，请刷新后重新记录")
		}
		now := s.stamp()
		prev := ""
		if len(changes) > 0 {
			prev = p.Stages().String()
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO dev_steps (person_id, org_id, step, done_on, outcome, meeting_id, resolution,
			entitled, present, votes_for, votes_against, abstain, people, days, hours, months, special, note, prev_person, entered_at, entered_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
			p.ID, p.OrgID, r.Step, r.On, string(r.Outcome), nullID(r.MeetingID), r.Resolution, r.Votes.Entitled, r.Votes.Present,
			r.Votes.For, r.Votes.Against, r.Votes.Abstain, joinIDs(r.People), r.Days, r.Hours, r.Months, r.Special, r.Note,
			prev, now, a.Name).Scan(&r.ID)
		if err != nil {
			return err
		}
		r.EnteredAt, r.EnteredBy = now, a.Name
		if len(changes) > 0 {
			if err := s.setStages(ctx, tx, p.ID, np, now); err != nil {
				return err
			}
			summary := "发展党员" + def.Label() + "：" + strings.Join(changes, "；")
			if _, err := tx.ExecContext(ctx, `INSERT INTO person_changes (person_id, changed_at, actor, summary) VALUES ($1, $2, $3, $4)`,
				p.ID, now, a.Name, summary); err != nil {
				return err
			}
			detail += "；" + strings.Join(changes, "；")
		}
		if err := s.syncDevPending(ctx, tx, p.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.DevStep, ObjectType: "person", ObjectID: strconv.FormatInt(p.ID, 10),
			OrgPath: p.OrgPath, Result: "ok", Detail: detail})
	})
	if err != nil {
		if errors.Is(err, zhibu.ErrConflict) {
			return zhibu.DevRecord{}, err
		}
		return zhibu.DevRecord{}, fmt.Errorf("save step: %w", err)
	}
	return r, nil
}

// setStages writes a person's status and stage dates.
func (s *Store) setStages(ctx context.Context, tx *sql.Tx, personID int64, p zhibu.Person, now any) error {
	_, err := tx.ExecContext(ctx, `UPDATE people SET status = $1, applied_on = $2, activist_on = $3, candidate_on = $4,
		admitted_on = $5, confirmed_on = $6, updated_at = $7 WHERE id = $8`, string(p.Status), p.AppliedOn, p.ActivistOn,
		p.CandidateOn, p.AdmittedOn, p.ConfirmedOn, now, personID)
	return err
}

// devFacts adds the development files of the people of a path range and
// the names of the branches' superiors to f, for the dev.* rules. It reads
// one row a person, with every step packed in one text (id;step;date;
// outcome;people;counts, the counts of votes and training only for the
// steps that have them): a bureau's tens of thousands of steps cost a few
// thousand rows.
func (s *Store) devFacts(ctx context.Context, f *zhibu.Facts, lo, hi string) error {
	return s.devFactsOf(ctx, f, lo, hi, 0)
}

// devFactsOf is devFacts for one person of the range, or for everyone in
// it when personID is 0.
func (s *Store) devFactsOf(ctx context.Context, f *zhibu.Facts, lo, hi string, personID int64) error {
	agg := "group_concat(%s, '|')"
	if s.dialect == postgres {
		agg = "string_agg(%s, '|')"
	}
	step := `CAST(d.id AS TEXT) || ';' || CAST(d.step AS TEXT) || ';' || CAST(d.done_on AS TEXT) || ';' || d.outcome || ';' || d.people || ';' ||
		CASE WHEN d.step IN (11, 15, 17, 23) THEN d.entitled || ',' || d.present || ',' || d.votes_for || ',' || d.votes_against || ',' ||
			d.abstain || ',' || d.days || ',' || d.hours || ',' || d.months || ',' || d.resolution || ',' || COALESCE(d.meeting_id, 0) || ',' ||
			CASE WHEN d.special THEN 1 ELSE 0 END ELSE '' END`
	one, args := "", []any{lo, hi}
	if personID != 0 {
		one, args = " AND p.id = $3", append(args, personID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.name, p.birth_date, p.status, p.org_id, `+fmt.Sprintf(agg, step)+`
		FROM dev_steps d JOIN people p ON p.id = d.person_id JOIN orgs o ON o.id = p.org_id
		WHERE o.path >= $1 AND o.path < $2`+one+` GROUP BY p.id, p.name, p.birth_date, p.status, p.org_id ORDER BY p.id`, args...)
	if err != nil {
		return fmt.Errorf("facts development: %w", err)
	}
	for rows.Next() {
		var p zhibu.Person
		var packed string
		if err := rows.Scan(&p.ID, &p.Name, &p.BirthDate, &p.Status, &p.OrgID, &packed); err != nil {
			rows.Close()
			return fmt.Errorf("facts development: %w", err)
		}
		file := zhibu.DevFile{Person: p, Records: make([]zhibu.DevRecord, 0, strings.Count(packed, "|")+1)}
		for _, one := range strings.Split(packed, "|") {
			r, err := unpackStep(one)
			if err != nil {
				rows.Close()
				return fmt.Errorf("facts development: person %d: %w", p.ID, err)
			}
			r.PersonID = p.ID
			file.Records = append(file.Records, r)
		}
		zhibu.SortDevRecords(file.Records)
		f.Development = append(f.Development, file)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	f.DevSuperior = map[int64]string{}
	srows, err := s.db.QueryContext(ctx, `SELECT o.id, sup.name FROM orgs o JOIN orgs sup ON sup.id = o.parent_id
		WHERE o.path >= $1 AND o.path < $2 AND o.kind = 'branch'`, lo, hi)
	if err != nil {
		return fmt.Errorf("facts superiors: %w", err)
	}
	defer srows.Close()
	for srows.Next() {
		var id int64
		var name string
		if err := srows.Scan(&id, &name); err != nil {
			return err
		}
		f.DevSuperior[id] = name
	}
	return srows.Err()
}

// devGuard keeps a person's status and stage dates to their development
// file: once the file has steps, only recording a step changes them, not
// the person form or the API's update.
func (s *Store) devGuard(ctx context.Context, old, p zhibu.Person) error {
	type field struct {
		name, label string
		changed     bool
	}
	fields := []field{
		{"status", "政治面貌", old.Status != p.Status},
		{"applied_on", "入党申请日期", old.AppliedOn != p.AppliedOn},
		{"activist_on", "确定积极分子日期", old.ActivistOn != p.ActivistOn},
		{"candidate_on", "确定发展对象日期", old.CandidateOn != p.CandidateOn},
		{"admitted_on", "入党日期", old.AdmittedOn != p.AdmittedOn},
		{"confirmed_on", "转正日期", old.ConfirmedOn != p.ConfirmedOn},
	}
	any := false
	for _, f := range fields {
		any = any || f.changed
	}
	if !any {
		return nil
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM dev_steps WHERE person_id = $1`, old.ID).Scan(&n); err != nil {
		return fmt.Errorf("dev guard: %w", err)
	}
	if n == 0 {
		return nil
	}
	var ps zhibu.Problems
	for _, f := range fields {
		if f.changed {
			ps.Add(f.name, f.label, "该同志已建立发展档案，"+f.label+"由发展档案中记录的步骤决定，请在发展档案中记录相应步骤")
		}
	}
	return ps
}

// SaveDevStepsBulk writes development records of the people of one branch
// as they are, without the rules' checks and without touching the people:
// for synthetic data (internal/gen, which validates each record first)
// whose people already hold the stage dates the records repeat. Only the system may use it. Audited as one "dev.bulk"
// event with detail.
func (s *Store) SaveDevStepsBulk(ctx context.Context, branchID int64, recs []zhibu.DevRecord, detail string) error {
	a := zhibu.ActorFrom(ctx)
	if !a.Scope.All || a.AccountID != 0 {
		return errDevForbidden
	}
	if len(recs) == 0 {
		return nil
	}
	branch, err := s.Org(ctx, branchID)
	if err != nil {
		return err
	}
	const cols = 20
	err = s.tx(ctx, func(tx *sql.Tx) error {
		b := s.newBulkInsert(tx, `INSERT INTO dev_steps (person_id, org_id, step, done_on, outcome, meeting_id, resolution,
			entitled, present, votes_for, votes_against, abstain, people, days, hours, months, special, note, entered_at, entered_by) VALUES `, cols, 200)
		defer b.close()
		now := s.stamp()
		var ids []int64
		seen := map[int64]bool{}
		for _, r := range recs {
			if !seen[r.PersonID] {
				seen[r.PersonID] = true
				ids = append(ids, r.PersonID)
			}
			entered := r.EnteredAt
			if entered.IsZero() {
				entered = now
			}
			if err := b.add(ctx, r.PersonID, branch.ID, r.Step, r.On, string(r.Outcome), nullID(r.MeetingID), r.Resolution,
				r.Votes.Entitled, r.Votes.Present, r.Votes.For, r.Votes.Against, r.Votes.Abstain, joinIDs(r.People),
				r.Days, r.Hours, r.Months, r.Special, r.Note, entered, a.Name); err != nil {
				return err
			}
		}
		if err := b.flush(ctx); err != nil {
			return err
		}
		if err := s.syncDevPending(ctx, tx, ids...); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.DevBulk, ObjectType: "org", ObjectID: strconv.FormatInt(branch.ID, 10),
			OrgPath: branch.Path, Result: "ok", Detail: detail})
	})
	if err != nil {
		return fmt.Errorf("dev bulk: %w", err)
	}
	return nil
}

// VoidStep persists the voiding of record recordID, the latest of the
// person's file, which the development service chose: in one transaction
// it deletes the record, puts back the status and stage dates the record
// replaced (zhibu.Person.WithStages), notes the change in the person's
// history and audits "dev.void" with detail and the change. The actor
// needs the right of the record's step (ErrForbidden); if the record is
// no longer the latest, or not the person's, ErrConflict.
func (s *Store) VoidStep(ctx context.Context, personID, recordID int64, detail string) (zhibu.DevRecord, error) {
	f, err := s.DevFile(ctx, personID)
	if err != nil {
		return zhibu.DevRecord{}, err
	}
	p := f.Person
	last, ok := f.Latest()
	if !ok || last.ID != recordID {
		return zhibu.DevRecord{}, zhibu.Errorf(zhibu.ErrConflict, "该同志的发展档案刚被他人修改，请刷新后重试")
	}
	a := zhibu.ActorFrom(ctx)
	if !a.Can(last.Def().Perm(), p.OrgPath) {
		return zhibu.DevRecord{}, errDevForbidden
	}
	var prev string
	if err := s.db.QueryRowContext(ctx, `SELECT prev_person FROM dev_steps WHERE id = $1`, last.ID).Scan(&prev); err != nil {
		return zhibu.DevRecord{}, fmt.Errorf("void step: %w", err)
	}
	np := p
	var changes []string
	if prev != "" {
		st, err := zhibu.ParseStages(prev)
		if err != nil {
			return zhibu.DevRecord{}, fmt.Errorf("void step %d: %w", last.ID, err)
		}
		np = p.WithStages(st)
		if changes = personDiff(p, np); len(changes) > 0 {
			if err := np.Validate(s.today()); err != nil {
				return zhibu.DevRecord{}, err
			}
		}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE id = $1`+s.dialect.forUpdate(), p.ID).Scan(&locked); err != nil {
			return err
		}
		var maxID int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM dev_steps WHERE person_id = $1`, p.ID).Scan(&maxID); err != nil {
			return err
		}
		if maxID != last.ID {
			return zhibu.Errorf(zhibu.ErrConflict, "该同志的发展档案刚被他人修改，请刷新后重试")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM dev_steps WHERE id = $1`, last.ID); err != nil {
			return err
		}
		now := s.stamp()
		if len(changes) > 0 {
			if err := s.setStages(ctx, tx, p.ID, np, now); err != nil {
				return err
			}
			summary := "撤销发展党员" + last.Def().Label() + "：" + strings.Join(changes, "；")
			if _, err := tx.ExecContext(ctx, `INSERT INTO person_changes (person_id, changed_at, actor, summary) VALUES ($1, $2, $3, $4)`,
				p.ID, now, a.Name, summary); err != nil {
				return err
			}
			detail += "；" + strings.Join(changes, "；")
		}
		if err := s.syncDevPending(ctx, tx, p.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.DevVoid, ObjectType: "person", ObjectID: strconv.FormatInt(p.ID, 10),
			OrgPath: p.OrgPath, Result: "ok", Detail: detail})
	})
	if err != nil {
		if errors.Is(err, zhibu.ErrConflict) {
			return zhibu.DevRecord{}, err
		}
		return zhibu.DevRecord{}, fmt.Errorf("void step: %w", err)
	}
	return last, nil
}

// unpackStep reads one step as devFacts packs it.
func unpackStep(s string) (zhibu.DevRecord, error) {
	var r zhibu.DevRecord
	f := strings.SplitN(s, ";", 6)
	if len(f) != 6 {
		return r, fmt.Errorf("bad step %q", s)
	}
	var err error
	if r.ID, err = strconv.ParseInt(f[0], 10, 64); err != nil {
		return r, fmt.Errorf("bad step %q", s)
	}
	if r.Step, err = strconv.Atoi(f[1]); err != nil {
		return r, fmt.Errorf("bad step %q", s)
	}
	if r.On, err = zhibu.ParseDate(f[2]); err != nil {
		return r, err
	}
	r.Outcome = zhibu.DevOutcome(f[3])
	if f[4] != "" {
		for _, x := range strings.Split(f[4], ",") {
			if id, err := strconv.ParseInt(x, 10, 64); err == nil {
				r.People = append(r.People, id)
			}
		}
	}
	if f[5] != "" {
		var n [11]int64
		for i, x := range strings.SplitN(f[5], ",", len(n)) {
			n[i], _ = strconv.ParseInt(x, 10, 64)
		}
		r.Votes = zhibu.Resolution{Entitled: int(n[0]), Present: int(n[1]), For: int(n[2]), Against: int(n[3]), Abstain: int(n[4])}
		r.Days, r.Hours, r.Months, r.Resolution, r.MeetingID, r.Special = int(n[5]), int(n[6]), int(n[7]), int(n[8]), n[9], n[10] == 1
	}
	return r, nil
}
