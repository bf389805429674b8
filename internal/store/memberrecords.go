package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"zhibu"
	"zhibu/internal/audit"
)

// MemberFile is the member file on record for a person, if any. The person
// must be readable by the actor.
func (s *Store) MemberFile(ctx context.Context, personID int64) (zhibu.MemberFile, bool, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return zhibu.MemberFile{}, false, err
	}
	f := zhibu.MemberFile{PersonID: personID}
	err := s.db.QueryRowContext(ctx, `SELECT kept_by, number, checked_on FROM member_files WHERE person_id = $1`, personID).
		Scan(&f.KeptBy, &f.Number, &f.CheckedOn)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.MemberFile{PersonID: personID}, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("member file: %w", err)
	}
	return f, true, nil
}

// SetMemberFile records where a person's member file is kept. It needs
// people.write where the person sits; f is validated by the caller's
// service and again here.
func (s *Store) SetMemberFile(ctx context.Context, f zhibu.MemberFile) error {
	if err := s.canPerson(ctx, zhibu.PermPeopleWrite, f.PersonID, "登记该党员的档案"); err != nil {
		return err
	}
	p, err := s.Person(ctx, f.PersonID)
	if err != nil {
		return err
	}
	f.Normalize()
	if err := f.Validate(s.today()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO member_files (person_id, kept_by, number, checked_on, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (person_id) DO UPDATE SET kept_by = excluded.kept_by, number = excluded.number,
				checked_on = excluded.checked_on, updated_at = excluded.updated_at`,
			f.PersonID, f.KeptBy, f.Number, f.CheckedOn, s.stamp()); err != nil {
			return fmt.Errorf("set member file: %w", err)
		}
		return s.audit(ctx, tx, personEvent(audit.MemberFileSet, p.ID, p.OrgPath, p.Name+"：档案保管于"+f.KeptBy+"，核查于"+f.CheckedOn.String()))
	})
}

const absenceColumns = `a.id, a.person_id, p.name, p.org_id, a.kind, a.from_on, a.until_on, a.place, a.last_contact_on, a.note`

func scanAbsence(row interface{ Scan(...any) error }) (zhibu.MemberAbsence, error) {
	var a zhibu.MemberAbsence
	err := row.Scan(&a.ID, &a.PersonID, &a.PersonName, &a.OrgID, &a.Kind, &a.From, &a.Until, &a.Place, &a.LastContact, &a.Note)
	return a, err
}

// Absences are a person's absences, the latest first. The person must be
// readable by the actor.
func (s *Store) Absences(ctx context.Context, personID int64) ([]zhibu.MemberAbsence, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+absenceColumns+` FROM member_absences a JOIN people p ON p.id = a.person_id
		WHERE a.person_id = $1 ORDER BY a.from_on DESC, a.id DESC`, personID)
	if err != nil {
		return nil, fmt.Errorf("absences: %w", err)
	}
	defer rows.Close()
	var out []zhibu.MemberAbsence
	for rows.Next() {
		a, err := scanAbsence(rows)
		if err != nil {
			return nil, fmt.Errorf("absences: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Absence is one absence, if the actor may read its person.
func (s *Store) Absence(ctx context.Context, id int64) (zhibu.MemberAbsence, error) {
	var personID int64
	err := s.db.QueryRowContext(ctx, `SELECT person_id FROM member_absences WHERE id = $1`, id).Scan(&personID)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.MemberAbsence{}, zhibu.Errorf(zhibu.ErrNotFound, "未找到该记录")
	}
	if err != nil {
		return zhibu.MemberAbsence{}, fmt.Errorf("absence: %w", err)
	}
	if _, err := s.Person(ctx, personID); err != nil {
		return zhibu.MemberAbsence{}, err
	}
	return scanAbsence(s.db.QueryRowContext(ctx, `SELECT `+absenceColumns+` FROM member_absences a JOIN people p ON p.id = a.person_id WHERE a.id = $1`, id))
}

// SaveAbsence adds an absence (ID 0) or updates one of the same person;
// it needs people.write where the person sits. A person has at most one
// open absence of each kind.
func (s *Store) SaveAbsence(ctx context.Context, a zhibu.MemberAbsence) (zhibu.MemberAbsence, error) {
	if err := s.canPerson(ctx, zhibu.PermPeopleWrite, a.PersonID, "登记该党员的外出或失联情况"); err != nil {
		return a, err
	}
	p, err := s.Person(ctx, a.PersonID)
	if err != nil {
		return a, err
	}
	if a.ID != 0 {
		old, err := s.Absence(ctx, a.ID)
		if err != nil {
			return a, err
		}
		if old.PersonID != a.PersonID {
			return a, zhibu.Errorf(zhibu.ErrNotFound, "未找到该记录")
		}
	}
	a.Normalize()
	if err := a.Validate(s.today()); err != nil {
		return a, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if a.Open() {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM member_absences WHERE person_id = $1 AND kind = $2 AND until_on IS NULL AND id <> $3`,
				a.PersonID, string(a.Kind), a.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return zhibu.Problems{{Field: "kind", Label: "情形", Message: "情形：该党员已有一条未结束的“" + a.Kind.Label() + "”记录，请先填写其结束日期"}}
			}
		}
		now := s.stamp()
		var detail string
		if a.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO member_absences (person_id, kind, from_on, until_on, place, last_contact_on, note, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
				a.PersonID, string(a.Kind), a.From, a.Until, a.Place, a.LastContact, a.Note, now).Scan(&a.ID); err != nil {
				return err
			}
			detail = p.Name + "：" + a.Kind.Label() + "，自" + a.From.String()
		} else {
			if _, err := tx.ExecContext(ctx, `UPDATE member_absences SET kind = $1, from_on = $2, until_on = $3, place = $4, last_contact_on = $5, note = $6, updated_at = $7 WHERE id = $8`,
				string(a.Kind), a.From, a.Until, a.Place, a.LastContact, a.Note, now, a.ID); err != nil {
				return err
			}
			detail = p.Name + "：" + a.Kind.Label() + "，自" + a.From.String()
			if !a.Until.IsZero() {
				detail += "至" + a.Until.String()
			}
			if !a.LastContact.IsZero() {
				detail += "，最近联系" + a.LastContact.String()
			}
		}
		return s.audit(ctx, tx, personEvent(audit.AbsenceSave, p.ID, p.OrgPath, detail))
	})
	if err != nil {
		return a, fmt.Errorf("save absence: %w", err)
	}
	return s.Absence(ctx, a.ID)
}

// memberRecordFacts reads, for the members of the branches in a path range
// (f.Life), whether each has a member file, and the absences of those
// branches' people open on or ended after the start of the year.
func (s *Store) memberRecordFacts(ctx context.Context, f *zhibu.Facts, lo, hi string, year int) error {
	rows, err := s.db.QueryContext(ctx, `SELECT mf.person_id FROM member_files mf JOIN people p ON p.id = mf.person_id JOIN orgs o ON o.id = p.org_id
		WHERE o.path >= $1 AND o.path < $2`, lo, hi)
	if err != nil {
		return fmt.Errorf("facts member files: %w", err)
	}
	f.Files = map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("facts member files: %w", err)
		}
		f.Files[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	arows, err := s.db.QueryContext(ctx, `SELECT `+absenceColumns+` FROM member_absences a JOIN people p ON p.id = a.person_id JOIN orgs o ON o.id = p.org_id
		WHERE o.path >= $1 AND o.path < $2 AND (a.until_on IS NULL OR a.until_on >= $3) ORDER BY a.person_id, a.from_on`,
		lo, hi, zhibu.MakeDate(year, 1, 1))
	if err != nil {
		return fmt.Errorf("facts absences: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		a, err := scanAbsence(arows)
		if err != nil {
			return fmt.Errorf("facts absences: %w", err)
		}
		f.Absences = append(f.Absences, a)
	}
	return arows.Err()
}
