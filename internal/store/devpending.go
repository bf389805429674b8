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

// syncDevPending rewrites the dev_pending rows of the people named, from
// their records as tx sees them.
func (s *Store) syncDevPending(ctx context.Context, tx *sql.Tx, personIDs ...int64) error {
	if len(personIDs) == 0 {
		return nil
	}
	// SQLite allows 32,766 parameters; a branch is far below.
	for len(personIDs) > 0 {
		n := min(len(personIDs), 5000)
		q := &query{}
		list := q.list(personIDs[:n])
		if _, err := tx.ExecContext(ctx, `DELETE FROM dev_pending WHERE person_id IN (`+list+`)`, q.args...); err != nil {
			return fmt.Errorf("dev pending: %w", err)
		}
		if err := s.writeDevPending(ctx, tx, `person_id IN (`+list+`)`, q.args...); err != nil {
			return err
		}
		personIDs = personIDs[n:]
	}
	return nil
}

// fillDevPending fills dev_pending for every file recorded (the migration
// that adds the table).
func (s *Store) fillDevPending(ctx context.Context, tx *sql.Tx) error {
	return s.writeDevPending(ctx, tx, `1=1`)
}

// writeDevPending inserts the dev_pending rows of the files whose records
// cond selects (whole files: cond names people, not records).
func (s *Store) writeDevPending(ctx context.Context, tx *sql.Tx, cond string, args ...any) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, person_id, step, done_on, outcome FROM dev_steps WHERE `+cond+`
		ORDER BY person_id, done_on, id`, args...)
	if err != nil {
		return fmt.Errorf("dev pending: %w", err)
	}
	type pending struct {
		person int64
		step   int
		since  zhibu.Date
	}
	var out []pending
	var file zhibu.DevFile
	flush := func() {
		steps, since := file.AwaitingSuperior()
		for i, n := range steps {
			out = append(out, pending{file.Person.ID, n, since[i]})
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
	if len(out) == 0 {
		return nil
	}
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
