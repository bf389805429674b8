package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

// The dues records: bases, payments with their months, and reasons for not
// paying. Writes check the person through Person (scoped to the actor); the
// routes check the permissions (dues.write, filing.review for a waiver).

func duesEvent(action audit.Action, p zhibu.Person, detail string) Event {
	return Event{Action: action, ObjectType: "person", ObjectID: strconv.FormatInt(p.ID, 10), OrgPath: p.OrgPath, Result: "ok", Detail: detail}
}

// DuesBases is a person's history of bases, oldest first.
func (s *Store) DuesBases(ctx context.Context, personID int64) ([]zhibu.DuesBase, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return nil, err
	}
	return s.bases(ctx, s.db, `b.person_id = $1`, personID)
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func (s *Store) bases(ctx context.Context, db querier, cond string, args ...any) ([]zhibu.DuesBase, error) {
	rows, err := db.QueryContext(ctx, `SELECT b.id, b.person_id, b.category, b.base_fen, b.from_month, b.note, b.approved_on, b.approved_by
		FROM dues_bases b WHERE `+cond+` ORDER BY b.person_id, b.from_month, b.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("dues bases: %w", err)
	}
	defer rows.Close()
	var out []zhibu.DuesBase
	for rows.Next() {
		var b zhibu.DuesBase
		if err := rows.Scan(&b.ID, &b.PersonID, &b.Category, &b.Base, &b.From, &b.Note, &b.ApprovedOn, &b.ApprovedBy); err != nil {
			return nil, fmt.Errorf("dues bases: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// SetDuesBase stores a base the dues service checked: a member's base
// from a month on (a new pay, a new category, a waiver awaiting approval).
// An earlier base stays as history. The person must be in the actor's
// scope.
func (s *Store) SetDuesBase(ctx context.Context, b zhibu.DuesBase) (zhibu.DuesBase, error) {
	if err := s.canPerson(ctx, zhibu.PermDuesWrite, b.PersonID, "登记该党员的党费"); err != nil {
		return b, err
	}
	p, err := s.Person(ctx, b.PersonID)
	if err != nil {
		return b, err
	}
	b.ApprovedOn, b.ApprovedBy = zhibu.Date{}, ""
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO dues_bases (person_id, category, base_fen, from_month, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, b.PersonID, string(b.Category), int64(b.Base), b.From, b.Note, s.stamp()).Scan(&b.ID); err != nil {
			return fmt.Errorf("dues base: %w", err)
		}
		detail := fmt.Sprintf("%s自%s起缴费类别%s，基数%s元，每月应缴%s元", p.Name, b.From.Chinese(), b.Category.Label(), b.Base.Yuan(), b.Monthly().Yuan())
		if b.Category == zhibu.DuesWaived {
			detail = fmt.Sprintf("%s自%s起申请减免党费（待上级党委批准）：%s", p.Name, b.From.Chinese(), b.Note)
		}
		return s.audit(ctx, tx, duesEvent(audit.DuesBase, p, detail))
	})
	return b, err
}

// ApproveDuesWaiver records the superior's approval of a waiver (党费规定第七条).
func (s *Store) ApproveDuesWaiver(ctx context.Context, personID, baseID int64) error {
	if err := s.canPerson(ctx, zhibu.PermFilingReview, personID, "批准党费减免"); err != nil {
		return err
	}
	p, err := s.Person(ctx, personID)
	if err != nil {
		return err
	}
	a := zhibu.ActorFrom(ctx)
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE dues_bases SET approved_on = $1, approved_by = $2
			WHERE id = $3 AND person_id = $4 AND category = 'waived' AND approved_on IS NULL`, s.today(), a.Name, baseID, personID)
		if err != nil {
			return fmt.Errorf("approve waiver: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhibu.Errorf(zhibu.ErrNotFound, "未找到待批准的党费减免")
		}
		return s.audit(ctx, tx, duesEvent(audit.DuesWaiver, p, p.Name+"的党费减免经上级党委批准"))
	})
}

// AddDuesReason stores a reason the dues service checked: why a member
// did not pay in a run of months (经批准缓交 and the like); those months do
// not count toward arrears.
func (s *Store) AddDuesReason(ctx context.Context, r zhibu.DuesReason) (zhibu.DuesReason, error) {
	if err := s.canPerson(ctx, zhibu.PermDuesWrite, r.PersonID, "登记该党员的党费"); err != nil {
		return r, err
	}
	p, err := s.Person(ctx, r.PersonID)
	if err != nil {
		return r, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO dues_reasons (person_id, from_month, to_month, reason, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, r.PersonID, r.From, r.To, r.Reason, s.stamp()).Scan(&r.ID); err != nil {
			return fmt.Errorf("dues reason: %w", err)
		}
		return s.audit(ctx, tx, duesEvent(audit.DuesReason, p, fmt.Sprintf("%s %s至%s未交党费的原因：%s", p.Name, r.From.Chinese(), r.To.Chinese(), r.Reason)))
	})
	return r, err
}

func (s *Store) reasons(ctx context.Context, cond string, args ...any) ([]zhibu.DuesReason, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.person_id, r.from_month, r.to_month, r.reason FROM dues_reasons r WHERE `+cond+
		` ORDER BY r.person_id, r.from_month, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("dues reasons: %w", err)
	}
	defer rows.Close()
	var out []zhibu.DuesReason
	for rows.Next() {
		var r zhibu.DuesReason
		if err := rows.Scan(&r.ID, &r.PersonID, &r.From, &r.To, &r.Reason); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RecordPayment stores a payment the dues service checked and priced
// (d.Dues: what each month owes). The table of covered months is unique by
// person and month, so two people recording the same member-month at once
// yield one payment and the other is told so (zhibu.ErrConflict).
func (s *Store) RecordPayment(ctx context.Context, d zhibu.PaymentDraft) (zhibu.Payment, error) {
	p := d.Payment
	if err := s.canPerson(ctx, zhibu.PermDuesWrite, p.PersonID, "登记该党员的党费"); err != nil {
		return p, err
	}
	if len(d.Dues) != len(p.Months) {
		return p, fmt.Errorf("dues payment: %d months priced for %d", len(d.Dues), len(p.Months))
	}
	person, err := s.Person(ctx, p.PersonID)
	if err != nil {
		return p, err
	}
	a := zhibu.ActorFrom(ctx)
	p.Due = 0
	for _, x := range d.Dues {
		p.Due += x
	}
	p.OrgID, p.PersonName, p.RecordedBy, p.RecordedAt = person.OrgID, person.Name, a.Name, s.stamp()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO dues_payments (person_id, org_id, amount_fen, due_fen, method, paid_on, paid_by_org, recorded_by, recorded_at, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, p.PersonID, p.OrgID, int64(p.Amount), int64(p.Due), string(p.Method), p.PaidOn,
			p.PaidByOrg, p.RecordedBy, p.RecordedAt, p.Note).Scan(&p.ID); err != nil {
			return fmt.Errorf("dues payment: %w", err)
		}
		for i, m := range p.Months {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dues_months (payment_id, person_id, org_id, month, paid_on, due_fen) VALUES ($1, $2, $3, $4, $5, $6)`,
				p.ID, p.PersonID, p.OrgID, m, p.PaidOn, int64(d.Dues[i])); err != nil {
				if s.dialect.isUniqueViolation(err) {
					return monthsTaken(person, []zhibu.Month{m})
				}
				return fmt.Errorf("dues month: %w", err)
			}
		}
		detail := fmt.Sprintf("%s缴纳%s党费%s元（应缴%s元，%s）", person.Name, p.MonthsLabel(), p.Amount.Yuan(), p.Due.Yuan(), p.Method.Label())
		if p.PaidByOrg {
			detail += "，登记为组织代缴"
		}
		return s.audit(ctx, tx, duesEvent(audit.DuesPay, person, detail))
	})
	if err != nil {
		return p, err
	}
	return p, nil
}

// monthsTaken is a month recorded meanwhile by someone else (the unique
// index of dues_months refused it).
func monthsTaken(p zhibu.Person, ms []zhibu.Month) error {
	return zhibu.Errorf(zhibu.ErrConflict, zhibu.UserMessage(zhibu.MonthsPaid(p.Name, ms, 0))+"；如是同时登记，以先保存的一笔为准")
}

// PaymentFilter selects payments.
type PaymentFilter struct {
	PersonID int64
	OrgID    int64 // an org's subtree
	Year     int   // paid in the year; 0 for any
	ID       int64
}

// Payments lists payments in the actor's scope, by day paid.
func (s *Store) Payments(ctx context.Context, f PaymentFilter) ([]zhibu.Payment, error) {
	q := (&query{}).add(`SELECT dp.id, dp.person_id, p.name, dp.org_id, dp.amount_fen, dp.due_fen, dp.method, dp.paid_on, dp.paid_by_org,
		dp.recorded_by, dp.recorded_at, dp.note FROM dues_payments dp JOIN people p ON p.id = dp.person_id JOIN orgs o ON o.id = p.org_id
		LEFT JOIN orgs g ON g.id = p.group_id WHERE 1=1`)
	// Whoever may see the person may see their payments.
	q.scopeSelf(zhibu.ActorFrom(ctx), "COALESCE(g.path, o.path)", "dp.person_id")
	if f.PersonID != 0 {
		q.add(" AND dp.person_id = " + q.arg(f.PersonID))
	}
	if f.ID != 0 {
		q.add(" AND dp.id = " + q.arg(f.ID))
	}
	if f.OrgID != 0 {
		org, err := s.Org(ctx, f.OrgID)
		if err != nil {
			return nil, err
		}
		lo, hi := pathRange(org.Path)
		q.add(" AND o.path >= " + q.arg(lo) + " AND o.path < " + q.arg(hi))
	}
	if f.Year != 0 {
		q.add(" AND dp.paid_on >= " + q.arg(zhibu.MakeDate(f.Year, 1, 1)) + " AND dp.paid_on <= " + q.arg(zhibu.MakeDate(f.Year, 12, 31)))
	}
	q.add(" ORDER BY dp.paid_on, dp.id")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("payments: %w", err)
	}
	var out []zhibu.Payment
	byID := map[int64]int{}
	for rows.Next() {
		var p zhibu.Payment
		var at timeScan
		if err := rows.Scan(&p.ID, &p.PersonID, &p.PersonName, &p.OrgID, &p.Amount, &p.Due, &p.Method, &p.PaidOn, &p.PaidByOrg,
			&p.RecordedBy, &at, &p.Note); err != nil {
			rows.Close()
			return nil, fmt.Errorf("payments: %w", err)
		}
		p.RecordedAt = at.t.UTC()
		byID[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.fillMonths(ctx, out, byID)
}

// fillMonths loads the months of payments, in batches.
func (s *Store) fillMonths(ctx context.Context, ps []zhibu.Payment, byID map[int64]int) error {
	const batch = 500
	for start := 0; start < len(ps); start += batch {
		var ids []int64
		for _, p := range ps[start:min(start+batch, len(ps))] {
			ids = append(ids, p.ID)
		}
		q := &query{}
		q.add(`SELECT payment_id, month FROM dues_months WHERE payment_id IN (` + q.list(ids) + `) ORDER BY payment_id, month`)
		rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return fmt.Errorf("payment months: %w", err)
		}
		for rows.Next() {
			var id int64
			var m zhibu.Month
			if err := rows.Scan(&id, &m); err != nil {
				rows.Close()
				return err
			}
			ps[byID[id]].Months = append(ps[byID[id]].Months, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Payment is one payment in the actor's scope.
func (s *Store) Payment(ctx context.Context, id int64) (zhibu.Payment, error) {
	ps, err := s.Payments(ctx, PaymentFilter{ID: id})
	if err != nil {
		return zhibu.Payment{}, err
	}
	if len(ps) == 0 {
		return zhibu.Payment{}, notFound("缴费记录")
	}
	return ps[0], nil
}

// MemberDues is a person's dues: bases, months paid and reasons.
func (s *Store) MemberDues(ctx context.Context, personID int64) (zhibu.MemberDues, error) {
	p, err := s.Person(ctx, personID)
	if err != nil {
		return zhibu.MemberDues{}, err
	}
	mds, err := s.memberDues(ctx, `p.id = $1`, []any{personID}, zhibu.Month{}, zhibu.Month{}, zhibu.Date{})
	if err != nil || len(mds) == 0 {
		return zhibu.MemberDues{Person: p, Paid: map[zhibu.Month]zhibu.PaidMonth{}}, err
	}
	mds[0].Person = p
	return mds[0], nil
}

// DuesMembers is the dues of the members (full and probationary) of an
// org's subtree, with the months paid between from and to (inclusive; zero
// for no bound) by payments made on or before paidBy (zero: any), by org,
// group and name. It reads in four queries whatever the size of the
// subtree and decrypts nothing.
func (s *Store) DuesMembers(ctx context.Context, orgID int64, from, to zhibu.Month, paidBy zhibu.Date) ([]zhibu.MemberDues, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	lo, hi := pathRange(org.Path)
	// A group's subtree holds the people of the group: where a person
	// sits is their group's path, or their org's.
	cond := `o.path >= $1 AND o.path < $2 AND p.status IN ('probationary', 'full') AND p.left_on IS NULL`
	if org.Kind == zhibu.KindGroup {
		return s.memberDues(ctx, `p.group_id = $1 AND p.status IN ('probationary', 'full') AND p.left_on IS NULL`, []any{org.ID}, from, to, paidBy)
	}
	return s.memberDues(ctx, cond, []any{lo, hi}, from, to, paidBy)
}

func (s *Store) memberDues(ctx context.Context, cond string, args []any, from, to zhibu.Month, paidBy zhibu.Date) ([]zhibu.MemberDues, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.name, p.status, p.admitted_on, p.org_id, o.name, COALESCE(g.path, o.path), p.group_id, COALESCE(g.name, ''),
		(SELECT m.start_on FROM memberships m WHERE m.person_id = p.id AND m.end_on IS NULL)`+personFrom+` WHERE `+cond+
		` ORDER BY o.path, COALESCE(g.id, 0), p.name, p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("dues members: %w", err)
	}
	var out []zhibu.MemberDues
	byID := map[int64]int{}
	for rows.Next() {
		var p zhibu.Person
		if err := rows.Scan(&p.ID, &p.Name, &p.Status, &p.AdmittedOn, &p.OrgID, &p.OrgName, &p.OrgPath, idScan{&p.GroupID}, &p.GroupName, &p.JoinedOn); err != nil {
			rows.Close()
			return nil, fmt.Errorf("dues members: %w", err)
		}
		byID[p.ID] = len(out)
		out = append(out, zhibu.MemberDues{Person: p, Paid: map[zhibu.Month]zhibu.PaidMonth{}, Known: from})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	sub := `person_id IN (SELECT p.id` + personFrom + ` WHERE ` + cond + `)`
	bases, err := s.bases(ctx, s.db, strings.ReplaceAll(sub, "person_id", "b.person_id"), args...)
	if err != nil {
		return nil, err
	}
	for _, b := range bases {
		if i, ok := byID[b.PersonID]; ok {
			out[i].Bases = append(out[i].Bases, b)
		}
	}
	reasons, err := s.reasons(ctx, strings.ReplaceAll(sub, "person_id", "r.person_id"), args...)
	if err != nil {
		return nil, err
	}
	for _, r := range reasons {
		if i, ok := byID[r.PersonID]; ok {
			out[i].Reasons = append(out[i].Reasons, r)
		}
	}
	// One row per member with their months as text ("2025-01:3000:17,..."):
	// a ledger reads some twenty months of thousands of members, and rows
	// cost more than the text.
	q := (&query{args: append([]any(nil), args...)}).add(`SELECT dm.person_id, ` +
		s.dialect.groupConcat(`dm.month || ':' || dm.due_fen || ':' || dm.payment_id || ':' || dm.paid_on`) + ` FROM dues_months dm WHERE dm.` + sub)
	if !from.IsZero() {
		q.add(" AND dm.month >= " + q.arg(from))
	}
	if !to.IsZero() {
		q.add(" AND dm.month <= " + q.arg(to))
	}
	if !paidBy.IsZero() {
		q.add(" AND dm.paid_on <= " + q.arg(paidBy))
	}
	q.add(" GROUP BY dm.person_id")
	mrows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dues months: %w", err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var id int64
		var list string
		if err := mrows.Scan(&id, &list); err != nil {
			return nil, err
		}
		i, ok := byID[id]
		if !ok {
			continue
		}
		for len(list) > 0 {
			item, rest, _ := strings.Cut(list, ",")
			list = rest
			ms, nums, _ := strings.Cut(item, ":")
			due, pid, _ := strings.Cut(nums, ":")
			pid, paidOn, _ := strings.Cut(pid, ":")
			m, err := zhibu.ParseMonth(ms)
			if err != nil {
				return nil, fmt.Errorf("dues months: %w", err)
			}
			d, err1 := strconv.ParseInt(due, 10, 64)
			p, err2 := strconv.ParseInt(pid, 10, 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("dues months: bad item %q", item)
			}
			on, _ := zhibu.ParseDate(paidOn)
			out[i].Paid[m] = zhibu.PaidMonth{PaymentID: p, Due: zhibu.Fen(d), PaidOn: on}
		}
	}
	return out, mrows.Err()
}

// groupConcat aggregates text joined by commas.
func (d dialect) groupConcat(expr string) string {
	if d == postgres {
		return "string_agg(" + expr + ", ',')"
	}
	return "group_concat(" + expr + ", ',')"
}

// DuesLedger is the year's dues of the members of an org's subtree, as of
// a day (a past year: its last day).
func (s *Store) DuesLedger(ctx context.Context, orgID int64, year int, asOf zhibu.Date) (zhibu.DuesLedger, error) {
	// The months before the year matter for a run of arrears into it.
	mds, err := s.DuesMembers(ctx, orgID, zhibu.MakeMonth(year-1, 1), zhibu.MakeMonth(year, 12), asOf)
	if err != nil {
		return zhibu.DuesLedger{}, err
	}
	return zhibu.BuildDuesLedger(mds, year, asOf), nil
}

// factDues loads the dues facts of a path range for a year as of a day:
// every member with their bases, reasons and the months paid (by payments
// made by that day) from January of the year before (for a run of arrears
// into the year), and the payments made to the range's branches in the
// year with their months.
func (s *Store) factDues(ctx context.Context, lo, hi string, year int, asOf zhibu.Date, f *zhibu.Facts) error {
	// A subtree that keeps no dues here (no member has a base) has nothing
	// for the dues rules: one indexed probe instead of reading its members.
	var kept int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM dues_bases b JOIN people p ON p.id = b.person_id
		JOIN orgs o ON o.id = p.org_id WHERE o.path >= $1 AND o.path < $2 LIMIT 1) x`, lo, hi).Scan(&kept)
	if err != nil {
		return fmt.Errorf("facts dues: %w", err)
	}
	if kept == 0 {
		return nil
	}
	mds, err := s.memberDues(ctx, `o.path >= $1 AND o.path < $2 AND p.status IN ('probationary', 'full') AND p.left_on IS NULL`, []any{lo, hi},
		zhibu.MakeMonth(year-1, 1), zhibu.MakeMonth(year, 12), asOf)
	if err != nil {
		return err
	}
	f.Dues = mds
	const from = ` FROM dues_payments dp JOIN orgs o ON o.id = dp.org_id WHERE o.path >= $1 AND o.path < $2 AND dp.paid_on >= $3 AND dp.paid_on <= $4`
	args := []any{lo, hi, zhibu.MakeDate(year, 1, 1), zhibu.MakeDate(year, 12, 31)}
	rows, err := s.db.QueryContext(ctx, `SELECT dp.id, dp.person_id, p.name, dp.org_id, dp.amount_fen, dp.due_fen, dp.method, dp.paid_on, dp.paid_by_org
		FROM dues_payments dp JOIN people p ON p.id = dp.person_id JOIN orgs o ON o.id = dp.org_id
		WHERE o.path >= $1 AND o.path < $2 AND dp.paid_on >= $3 AND dp.paid_on <= $4 ORDER BY dp.paid_on, dp.id`, args...)
	if err != nil {
		return fmt.Errorf("facts payments: %w", err)
	}
	byID := map[int64]int{}
	for rows.Next() {
		var p zhibu.Payment
		if err := rows.Scan(&p.ID, &p.PersonID, &p.PersonName, &p.OrgID, &p.Amount, &p.Due, &p.Method, &p.PaidOn, &p.PaidByOrg); err != nil {
			rows.Close()
			return fmt.Errorf("facts payments: %w", err)
		}
		byID[p.ID] = len(f.Payments)
		f.Payments = append(f.Payments, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	mrows, err := s.db.QueryContext(ctx, `SELECT dm.payment_id, dm.month FROM dues_months dm WHERE dm.payment_id IN (SELECT dp.id`+from+`) ORDER BY dm.payment_id, dm.month`, args...)
	if err != nil {
		return fmt.Errorf("facts payment months: %w", err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var id int64
		var m zhibu.Month
		if err := mrows.Scan(&id, &m); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			f.Payments[i].Months = append(f.Payments[i].Months, m)
		}
	}
	return mrows.Err()
}

// VoidPayment takes back a payment recorded by mistake (the wrong member,
// months or amount), with the reason the dues service checked: its months
// are free to record again. The audit trail keeps what it was.
func (s *Store) VoidPayment(ctx context.Context, personID, paymentID int64, reason string) error {
	if err := s.canPerson(ctx, zhibu.PermDuesWrite, personID, "撤销该党员的党费缴纳记录"); err != nil {
		return err
	}
	p, err := s.Person(ctx, personID)
	if err != nil {
		return err
	}
	pay, err := s.Payment(ctx, paymentID)
	if err != nil {
		return err
	}
	if pay.PersonID != personID {
		return notFound("缴费记录")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM dues_months WHERE payment_id = $1`, paymentID); err != nil {
			return fmt.Errorf("void payment: %w", err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM dues_payments WHERE id = $1`, paymentID)
		if err != nil {
			return fmt.Errorf("void payment: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("缴费记录")
		}
		return s.audit(ctx, tx, duesEvent(audit.DuesVoid, p, fmt.Sprintf("撤销%s的缴费记录%s（%s，%s元，%s缴纳，%s登记）：%s",
			p.Name, pay.Receipt(), pay.MonthsLabel(), pay.Amount.Yuan(), pay.PaidOn.Chinese(), pay.RecordedBy, reason)))
	})
}

// PendingWaiver is a waiver of dues waiting for the superior's approval.
type PendingWaiver struct {
	Base   zhibu.DuesBase
	Person zhibu.Person // with OrgName
}

// PendingWaivers lists the waivers (bases of category waived not yet
// approved) of members in the actor's scope whose branch the actor
// approves for (zhibu.PermFilingReview), oldest first.
func (s *Store) PendingWaivers(ctx context.Context) ([]PendingWaiver, error) {
	a := zhibu.ActorFrom(ctx)
	q := &query{}
	q.add(`b.category = 'waived' AND b.approved_on IS NULL AND b.person_id IN (SELECT p.id FROM people p JOIN orgs o ON o.id = p.org_id WHERE p.left_on IS NULL`)
	q.scope(a, "o.path")
	q.add(`)`)
	bases, err := s.bases(ctx, s.db, q.String(), q.args...)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(bases))
	for i, b := range bases {
		ids[i] = b.PersonID
	}
	people, err := s.peopleByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []PendingWaiver
	for _, b := range bases {
		if p, ok := people[b.PersonID]; ok && a.Can(zhibu.PermFilingReview, p.OrgPath) {
			out = append(out, PendingWaiver{Base: b, Person: p})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Base.From.Before(out[j].Base.From) })
	return out, nil
}
