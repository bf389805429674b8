package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

const (
	bulkDuesRows  = 200
	bulkMonthRows = 500
)

// RecordDuesBulk stores a batch the dues service checked and priced, in
// one transaction, all or nothing: the import of payroll and bank sheets,
// and the generator. Every person of the batch must be in the actor's
// scope (else zhibu.ErrNotFound) and the actor must hold dues.write on
// them (else zhibu.ErrForbidden). A member-month recorded meanwhile is
// zhibu.ErrConflict. It returns the number of payments stored.
func (s *Store) RecordDuesBulk(ctx context.Context, b zhibu.DuesBatch) (int, error) {
	if err := s.canDuesBatch(ctx, b); err != nil {
		return 0, err
	}
	if len(b.Bases)+len(b.Payments) == 0 {
		return 0, nil
	}
	now := s.stamp()
	actor := zhibu.ActorFrom(ctx)
	ids := map[int64]bool{}
	for _, x := range b.Bases {
		ids[x.PersonID] = true
	}
	for _, x := range b.Payments {
		ids[x.PersonID] = true
		if len(x.Dues) != len(x.Months) {
			return 0, fmt.Errorf("dues bulk: %d months priced for %d", len(x.Dues), len(x.Months))
		}
	}
	people, err := s.duesPeople(ctx, ids)
	if err != nil {
		return 0, err
	}
	for id := range ids {
		md, ok := people[id]
		if !ok || !actor.Scope.Covers(md.Person.OrgPath) && actor.Scope.Self != id {
			return 0, notFound("人员")
		}
		if !actor.Can(zhibu.PermDuesWrite, md.Person.OrgPath) {
			return 0, zhibu.Errorf(zhibu.ErrForbidden, "无权登记"+md.Person.Name+"的党费")
		}
	}
	for i := range b.Payments {
		p := &b.Payments[i]
		md := people[p.PersonID]
		p.Due = 0
		for _, x := range p.Dues {
			p.Due += x
		}
		p.OrgID, p.PersonName, p.RecordedBy, p.RecordedAt = md.Person.OrgID, md.Person.Name, actor.Name, now
	}
	var paths []string
	for _, md := range people {
		paths = append(paths, md.Person.OrgPath)
	}
	common := commonPath(paths)
	var total zhibu.Fen
	err = s.tx(ctx, func(tx *sql.Tx) error {
		bi := s.newBulkInsert(tx, `INSERT INTO dues_bases (person_id, category, base_fen, from_month, note, created_at) VALUES `, 6, bulkDuesRows)
		defer bi.close()
		for _, x := range b.Bases {
			if err := bi.add(ctx, x.PersonID, string(x.Category), int64(x.Base), x.From, x.Note, now); err != nil {
				return err
			}
		}
		if err := bi.flush(ctx); err != nil {
			return err
		}
		pids := make([]int64, len(b.Payments))
		if err := s.reserveIDs(ctx, tx, "dues_payments", pids); err != nil {
			return err
		}
		pi := s.newBulkInsert(tx, `INSERT INTO dues_payments (id, person_id, org_id, amount_fen, due_fen, method, paid_on, paid_by_org, recorded_by, recorded_at, note) VALUES `,
			11, bulkDuesRows)
		defer pi.close()
		for i, p := range b.Payments {
			b.Payments[i].ID = pids[i]
			total += p.Amount
			if err := pi.add(ctx, pids[i], p.PersonID, p.OrgID, int64(p.Amount), int64(p.Due), string(p.Method), p.PaidOn, p.PaidByOrg,
				p.RecordedBy, p.RecordedAt, p.Note); err != nil {
				return err
			}
		}
		if err := pi.flush(ctx); err != nil {
			return err
		}
		mi := s.newBulkInsert(tx, `INSERT INTO dues_months (payment_id, person_id, org_id, month, paid_on, due_fen) VALUES `, 6, bulkMonthRows)
		defer mi.close()
		for i, p := range b.Payments {
			for j, m := range p.Months {
				if err := mi.add(ctx, pids[i], p.PersonID, p.OrgID, m, p.PaidOn, int64(p.Dues[j])); err != nil {
					return s.bulkTaken(err)
				}
			}
		}
		if err := mi.flush(ctx); err != nil {
			return s.bulkTaken(err)
		}
		what := b.Audit
		if what == "" {
			what = "批量登记党费"
		}
		return s.audit(ctx, tx, Event{Action: audit.DuesImport, ObjectType: "org", ObjectID: lastID(common), OrgPath: common, Result: "ok",
			Detail: fmt.Sprintf("%s：缴费基数%d条，缴费%d笔，合计%s元", what, len(b.Bases), len(b.Payments), total.Yuan())})
	})
	if err != nil {
		return 0, err
	}
	return len(b.Payments), nil
}

// bulkTaken is a unique violation on dues_months (someone recorded one of
// the batch's member-months meanwhile) as a conflict.
func (s *Store) bulkTaken(err error) error {
	if s.dialect.isUniqueViolation(err) {
		return zhibu.Errorf(zhibu.ErrConflict, "导入期间有人登记了其中某位党员某月的党费，本次导入未保存，请重新预览")
	}
	return err
}

// DuesOf is the dues of the people with the ids (with their bases,
// reasons and every month paid), by id, whoever they are (member or not:
// the caller checks); people outside the actor's scope are left out. It
// reads in a few queries per 500 people and decrypts nothing.
func (s *Store) DuesOf(ctx context.Context, ids []int64) (map[int64]*zhibu.MemberDues, error) {
	set := make(map[int64]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	people, err := s.duesPeople(ctx, set)
	if err != nil {
		return nil, err
	}
	actor := zhibu.ActorFrom(ctx)
	for id, md := range people {
		if !actor.Scope.Covers(md.Person.OrgPath) && actor.Scope.Self != id {
			delete(people, id)
		}
	}
	return people, nil
}

// duesPeople loads the people of a batch with their bases and paid months.
func (s *Store) duesPeople(ctx context.Context, ids map[int64]bool) (map[int64]*zhibu.MemberDues, error) {
	out := map[int64]*zhibu.MemberDues{}
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sort.Slice(list, func(i, j int) bool { return list[i] < list[j] })
	const batch = 500
	for start := 0; start < len(list); start += batch {
		q := &query{}
		in := make([]string, 0, batch)
		for _, id := range list[start:min(start+batch, len(list))] {
			in = append(in, q.arg(id))
		}
		mds, err := s.memberDues(ctx, `p.id IN (`+strings.Join(in, ",")+`)`, q.args, zhibu.Month{}, zhibu.Month{}, zhibu.Date{})
		if err != nil {
			return nil, err
		}
		for i := range mds {
			out[mds[i].Person.ID] = &mds[i]
		}
	}
	return out, nil
}

// reserveIDs takes len(ids) new ids of a table in the transaction, as
// reserveMeetingIDs does for meetings.
func (s *Store) reserveIDs(ctx context.Context, tx *sql.Tx, table string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if s.dialect == postgres {
		rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('`+table+`', 'id')) FROM generate_series(1, $1)`, len(ids))
		if err != nil {
			return fmt.Errorf("reserve %s ids: %w", table, err)
		}
		defer rows.Close()
		i := 0
		for rows.Next() && i < len(ids) {
			if err := rows.Scan(&ids[i]); err != nil {
				return err
			}
			i++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if i != len(ids) {
			return fmt.Errorf("reserve %s ids: got %d of %d", table, i, len(ids))
		}
		return nil
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&last); err != nil {
		return fmt.Errorf("reserve %s ids: %w", table, err)
	}
	for i := range ids {
		ids[i] = last + int64(i) + 1
	}
	return nil
}
