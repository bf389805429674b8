package store

import (
	"context"
	"database/sql"
	"fmt"

	"zhibu"
)

// What development files wait for from the superior is kept in
// dev_pending (migration 0008), one row a step: the superior's queue
// (PendingDevelopment) reads those rows, not every step of its subtree.
// The rows of a person are rewritten from their file's records in the
// transaction of each write to the file (SaveStep, VoidStep,
// SaveDevStepsBulk), with zhibu.DevFile.AwaitingSuperior deciding, as it
// did when the queue read the records; the migration fills them for the
// files recorded before it (fillDevPending).

// What a list of every file of a subtree needs is kept in dev_files
// (migration 0024), one row a file: its number of records, the latest
// record's step and day, and whether it is closed (archived at step 25 or
// revoked). Rewritten with dev_pending, from the same read of the records.

// syncDevPending rewrites the dev_pending and dev_files rows of the people
// named, from their records as tx sees them.
func (s *Store) syncDevPending(ctx context.Context, tx *sql.Tx, personIDs ...int64) error {
	if len(personIDs) == 0 {
		return nil
	}
	// SQLite allows 32,766 parameters; a branch is far below.
	for len(personIDs) > 0 {
		n := min(len(personIDs), 5000)
		q := &query{}
		list := q.list(personIDs[:n])
		for _, table := range []string{"dev_pending", "dev_files"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE person_id IN (`+list+`)`, q.args...); err != nil {
				return fmt.Errorf("dev pending: %w", err)
			}
		}
		if err := s.writeDevKept(ctx, tx, true, true, `person_id IN (`+list+`)`, q.args...); err != nil {
			return err
		}
		personIDs = personIDs[n:]
	}
	return nil
}

// fillDevPending fills dev_pending for every file recorded (the migration
// that adds the table).
func (s *Store) fillDevPending(ctx context.Context, tx *sql.Tx) error {
	return s.writeDevKept(ctx, tx, true, false, `1=1`)
}

// fillDevFiles fills dev_files for every file recorded (the migration that
// adds the table).
func (s *Store) fillDevFiles(ctx context.Context, tx *sql.Tx) error {
	return s.writeDevKept(ctx, tx, false, true, `1=1`)
}

// devSummary is a dev_files row.
type devSummary struct {
	person  int64
	records int
	last    zhibu.DevRecord
	closed  bool
}

// summarize is the dev_files row of a file with records.
func summarize(f zhibu.DevFile) devSummary {
	return devSummary{person: f.Person.ID, records: len(f.Records), last: f.Records[len(f.Records)-1],
		closed: f.Done(zhibu.DevStepCount) || f.Revoked()}
}

// writeDevKept inserts the dev_pending rows (pending) and the dev_files
// rows (files) of the files whose records cond selects (whole files: cond
// names people, not records).
func (s *Store) writeDevKept(ctx context.Context, tx *sql.Tx, pending, files bool, cond string, args ...any) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, person_id, step, done_on, outcome FROM dev_steps WHERE `+cond+`
		ORDER BY person_id, done_on, id`, args...)
	if err != nil {
		return fmt.Errorf("dev pending: %w", err)
	}
	type waiting struct {
		person int64
		step   int
		since  zhibu.Date
	}
	var out []waiting
	var sums []devSummary
	var file zhibu.DevFile
	flush := func() {
		if pending {
			steps, since := file.AwaitingSuperior()
			for i, n := range steps {
				out = append(out, waiting{file.Person.ID, n, since[i]})
			}
		}
		if files {
			sums = append(sums, summarize(file))
		}
	}
	for rows.Next() {
		var r zhibu.DevRecord
		if err := rows.Scan(&r.ID, &r.PersonID, &r.Step, &r.On, &r.Outcome); err != nil {
			rows.Close()
			return fmt.Errorf("dev pending: %w", err)
		}
		if r.PersonID != file.Person.ID {
			if file.Person.ID != 0 {
				flush()
			}
			file = zhibu.DevFile{Person: zhibu.Person{ID: r.PersonID}, Records: file.Records[:0]}
		}
		file.Records = append(file.Records, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("dev pending: %w", err)
	}
	if file.Person.ID != 0 {
		flush()
	}
	if len(out) > 0 {
		b := s.newBulkInsert(tx, `INSERT INTO dev_pending (person_id, step, since) VALUES `, 3, 300)
		defer b.close()
		for _, p := range out {
			if err := b.add(ctx, p.person, p.step, p.since); err != nil {
				return fmt.Errorf("dev pending: %w", err)
			}
		}
		if err := b.flush(ctx); err != nil {
			return fmt.Errorf("dev pending: %w", err)
		}
	}
	if len(sums) > 0 {
		b := s.newBulkInsert(tx, `INSERT INTO dev_files (person_id, records, last_step, last_on, closed) VALUES `, 5, 200)
		defer b.close()
		for _, x := range sums {
			if err := b.add(ctx, x.person, x.records, x.last.Step, x.last.On, x.closed); err != nil {
				return fmt.Errorf("dev files: %w", err)
			}
		}
		if err := b.flush(ctx); err != nil {
			return fmt.Errorf("dev files: %w", err)
		}
	}
	return nil
}

// PendingDev is a step of the superior a development file waits for.
type PendingDev struct {
	Person zhibu.Person // with OrgName
	Step   int
	Since  zhibu.Date // when its prerequisites were done
}

// PendingDevelopment lists what development files in the actor's scope
// wait for from the superior (zhibu.DevFile.AwaitingSuperior, kept in
// dev_pending), for the orgs on which the actor holds
// zhibu.PermFilingReview, oldest first.
func (s *Store) PendingDevelopment(ctx context.Context) ([]PendingDev, error) {
	a := zhibu.ActorFrom(ctx)
	q := &query{}
	q.add(`SELECT ` + personColumnsMasked + `, d.step, d.since FROM dev_pending d JOIN people p ON p.id = d.person_id
		JOIN orgs o ON o.id = p.org_id LEFT JOIN orgs g ON g.id = p.group_id WHERE p.left_on IS NULL`)
	q.scope(a, "o.path")
	q.add(` ORDER BY d.since, p.id, d.step`)
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dev pending: %w", err)
	}
	defer rows.Close()
	var out []PendingDev
	for rows.Next() {
		var x PendingDev
		if err := s.scanPersonAs(rows, &x.Person, true, &x.Step, &x.Since); err != nil {
			return nil, fmt.Errorf("dev pending: %w", err)
		}
		if a.Can(zhibu.PermFilingReview, x.Person.OrgPath) {
			out = append(out, x)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("dev pending: %w", err)
	}
	return out, nil
}

// devPeopleQuery selects cols of the people of org (its subtree; a group's
// members) who may be in development: on the way to membership, or with a
// development file (dev_files f, left joined, has their row); by name as
// People orders them. more adds to the WHERE clause.
func devPeopleQuery(ctx context.Context, org zhibu.Org, cols, more string) *query {
	q := (&query{}).add(`SELECT ` + cols + personFrom + ` LEFT JOIN dev_files f ON f.person_id = p.id WHERE p.left_on IS NULL`)
	switch org.Kind {
	case zhibu.KindGroup:
		q.add(" AND p.group_id = " + q.arg(org.ID))
	case zhibu.KindBranch:
		q.add(" AND p.org_id = " + q.arg(org.ID))
	default:
		lo, hi := pathRange(org.Path)
		q.add(" AND o.path >= " + q.arg(lo) + " AND o.path < " + q.arg(hi))
	}
	q.add(" AND (p.status IN (" + argList(q, []string{string(zhibu.Applicant), string(zhibu.Activist), string(zhibu.Candidate),
		string(zhibu.Probationary)}) + ") OR f.person_id IS NOT NULL" + more + ")")
	q.scopeSelf(zhibu.ActorFrom(ctx), "COALESCE(g.path, o.path)", "p.id")
	q.add(" ORDER BY o.path, CASE WHEN g.code IS NULL THEN 1 ELSE 0 END, g.code, p.name, p.id")
	return q
}

// devPeople are the people of org who may be in development
// (devPeopleQuery), masked.
func (s *Store) devPeople(ctx context.Context, org zhibu.Org) ([]zhibu.Person, error) {
	q := devPeopleQuery(ctx, org, personColumnsMasked, "")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dev people: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Person
	for rows.Next() {
		var p zhibu.Person
		if err := s.scanPersonAs(rows, &p, true); err != nil {
			return nil, fmt.Errorf("dev people: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DevSummary is where a development file stands, from dev_files: what a
// list of every file of a subtree shows without reading the records.
type DevSummary struct {
	Person   zhibu.Person // masked
	Records  int          // records in the file
	LastStep int          // the latest record's step, by date (0: none)
	LastOn   zhibu.Date
}

// DevSummaries lists the people of an org's subtree who are in
// development (InDevelopment, decided from dev_files), by name as DevFiles
// orders them, with their files' summaries: DevFiles without the records.
func (s *Store) DevSummaries(ctx context.Context, orgID int64) ([]DevSummary, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	q := devPeopleQuery(ctx, org, personColumnsMasked+", COALESCE(f.records, 0), COALESCE(f.last_step, 0), f.last_on",
		" AND NOT f.closed")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dev files: %w", err)
	}
	defer rows.Close()
	out := []DevSummary{}
	for rows.Next() {
		var x DevSummary
		if err := s.scanPersonAs(rows, &x.Person, true, &x.Records, &x.LastStep, &x.LastOn); err != nil {
			return nil, fmt.Errorf("dev files: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// DevMaterialsIn lists the materials (without their data) of the
// development files of the people of org's subtree whom the actor's scope
// covers, by person: the overview's count of what each file misses, in
// one query instead of one a file.
func (s *Store) DevMaterialsIn(ctx context.Context, orgID int64) (map[int64][]zhibu.DevMaterial, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	lo, hi := pathRange(org.Path)
	col := "o.path" // a group's members: their group's path
	if org.Kind == zhibu.KindGroup {
		col = "COALESCE(g.path, o.path)"
	}
	q := &query{}
	q.add(`SELECT ` + devMaterialColumns + ` FROM dev_materials m JOIN people p ON p.id = m.person_id
		JOIN orgs o ON o.id = p.org_id LEFT JOIN orgs g ON g.id = p.group_id
		WHERE ` + col + ` >= ` + q.arg(lo) + ` AND ` + col + ` < ` + q.arg(hi))
	q.scopeSelf(zhibu.ActorFrom(ctx), "COALESCE(g.path, o.path)", "p.id")
	q.add(` ORDER BY m.person_id, m.step, m.created_at, m.id`)
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dev materials: %w", err)
	}
	defer rows.Close()
	out := map[int64][]zhibu.DevMaterial{}
	for rows.Next() {
		var m zhibu.DevMaterial
		if err := scanDevMaterial(rows, &m); err != nil {
			return nil, fmt.Errorf("dev materials: %w", err)
		}
		out[m.PersonID] = append(out[m.PersonID], m)
	}
	return out, rows.Err()
}

// DevCounts are a branch's numbers of people in development by status
// (InDevelopment, from dev_files), and of those whose files wait for the
// superior (dev_pending).
type DevCounts struct {
	ByStatus map[zhibu.PartyStatus]int
	Pending  int
}

// DevCountsByBranch counts, for each branch of an org's subtree that has
// any, the people in development the actor's scope covers, from the rows
// kept (dev_files, dev_pending), by branch id: a committee's overview of
// development without reading a file.
func (s *Store) DevCountsByBranch(ctx context.Context, orgID int64) (map[int64]DevCounts, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	q := devPeopleQuery(ctx, org, "p.org_id, p.status, (SELECT COUNT(*) FROM dev_pending d WHERE d.person_id = p.id)",
		" AND NOT f.closed")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dev counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]DevCounts{}
	for rows.Next() {
		var id int64
		var st zhibu.PartyStatus
		var pending int
		if err := rows.Scan(&id, &st, &pending); err != nil {
			return nil, fmt.Errorf("dev counts: %w", err)
		}
		c := out[id]
		if c.ByStatus == nil {
			c.ByStatus = map[zhibu.PartyStatus]int{}
		}
		c.ByStatus[st]++
		if pending > 0 {
			c.Pending++
		}
		out[id] = c
	}
	return out, rows.Err()
}
