package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/dues"
)

// DuesBatch is many dues records written at once: bases first, then
// payments whose months they price. Row, when set, is the sheet row each
// record came from, for the problems (1-based; 0: its place in the batch).
type DuesBatch struct {
	Bases    []zhibu.DuesBase
	BaseRows []int
	Payments []zhibu.Payment
	PayRows  []int
	// Audit says what the batch is in the audit trail (e.g. "导入缴费表
	// 工资.xlsx"); empty: "批量登记党费".
	Audit string
	// DryRun checks the batch and writes nothing (an import's preview).
	DryRun bool
}

const (
	bulkDuesRows  = 200
	bulkMonthRows = 500
)

// RecordDuesBulk writes a batch of bases and payments in one transaction,
// all or nothing: the import of payroll and bank sheets, and the
// generator. Each record is checked as SetDuesBase and RecordPayment check
// it (the actor holds dues.write on every person, who is a member; each
// month has a base, is not before admission and is not already paid — in
// the store or twice in the batch; the amount covers the months' dues). Any
// problem refuses the batch, each problem naming its row.
func (s *Store) RecordDuesBulk(ctx context.Context, b DuesBatch) (int, error) {
	if err := s.canDuesBatch(ctx, b); err != nil {
		return 0, err
	}
	if len(b.Bases)+len(b.Payments) == 0 {
		return 0, nil
	}
	today, now := s.today(), s.stamp()
	actor := zhibu.ActorFrom(ctx)
	var ps zhibu.Problems
	row := func(rows []int, i int) int {
		if i < len(rows) && rows[i] > 0 {
			return rows[i]
		}
		return i + 1
	}
	bad := func(r int, err error) {
		if p, ok := err.(zhibu.Problems); ok {
			for _, x := range p {
				x.Row = r
				x.Message = "第" + strconv.Itoa(r) + "行 " + x.Message
				ps = append(ps, x)
			}
			return
		}
		ps = append(ps, zhibu.Problem{Row: r, Message: "第" + strconv.Itoa(r) + "行 " + zhibu.UserMessage(err)})
	}
	// The people, in one query, with their bases and the months they paid.
	ids := map[int64]bool{}
	for _, x := range b.Bases {
		ids[x.PersonID] = true
	}
	for _, x := range b.Payments {
		ids[x.PersonID] = true
	}
	people, err := s.duesPeople(ctx, ids)
	if err != nil {
		return 0, err
	}
	for i := range b.Bases {
		x := &b.Bases[i]
		x.Note = strings.TrimSpace(x.Note)
		x.ApprovedOn, x.ApprovedBy = zhibu.Date{}, ""
		if err := s.bulkPerson(people, x.PersonID, actor); err != nil {
			bad(row(b.BaseRows, i), err)
			continue
		}
		if err := x.Validate(today); err != nil {
			bad(row(b.BaseRows, i), err)
			continue
		}
		md := people[x.PersonID]
		md.Bases = append(md.Bases, *x)
	}
	months := make([][]zhibu.Fen, len(b.Payments))
	for i := range b.Payments {
		p := &b.Payments[i]
		r := row(b.PayRows, i)
		p.Note = strings.TrimSpace(p.Note)
		sort.Slice(p.Months, func(a, c int) bool { return p.Months[a].Before(p.Months[c]) })
		if err := s.bulkPerson(people, p.PersonID, actor); err != nil {
			bad(r, err)
			continue
		}
		if err := p.Validate(today); err != nil {
			bad(r, err)
			continue
		}
		md := people[p.PersonID]
		start := md.Person.DuesStartMonth()
		var pp zhibu.Problems
		p.Due = 0
		months[i] = make([]zhibu.Fen, len(p.Months))
		for j, m := range p.Months {
			base, ok := zhibu.BaseFor(md.Bases, m)
			switch {
			case m.Before(start):
				pp.Add("months", "缴费月份", m.Chinese()+"早于入党（"+md.Person.AdmittedOn.Chinese()+"）")
			case !ok:
				pp.Add("months", "缴费月份", md.Person.Name+m.Chinese()+"没有适用的缴费基数")
			case base.Category == zhibu.DuesWaived && !base.Pending():
				pp.Add("months", "缴费月份", m.Chinese()+"已经上级党委批准免交党费")
			default:
				if _, paid := md.Paid[m]; paid {
					pp.Add("months", "缴费月份", md.Person.Name+m.Chinese()+"的党费已经登记缴纳，不能重复登记")
					continue
				}
				md.Paid[m] = zhibu.PaidMonth{}
				months[i][j] = base.Monthly()
				p.Due += months[i][j]
			}
		}
		if len(pp) == 0 && p.Amount < p.Due {
			pp.Add("amount", "金额", "应不少于所缴月份的应缴党费"+p.Due.String())
		}
		if len(pp) > 0 {
			bad(r, pp)
			continue
		}
		p.OrgID, p.PersonName, p.RecordedBy, p.RecordedAt = md.Person.OrgID, md.Person.Name, actor.Name, now
	}
	if len(ps) > 0 {
		sort.SliceStable(ps, func(a, c int) bool { return ps[a].Row < ps[c].Row })
		return 0, ps
	}
	if b.DryRun {
		return len(b.Payments), nil
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
				if err := mi.add(ctx, pids[i], p.PersonID, p.OrgID, m, p.PaidOn, int64(months[i][j])); err != nil {
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

// bulkPerson checks that the batch may write the dues of person id.
func (s *Store) bulkPerson(people map[int64]*zhibu.MemberDues, id int64, actor zhibu.Actor) error {
	md, ok := people[id]
	if !ok || !actor.Scope.Covers(md.Person.OrgPath) && actor.Scope.Self != id {
		return zhibu.Problems{{Field: "person_id", Label: "人员", Message: "人员：未找到"}}
	}
	if !actor.Can(zhibu.PermDuesWrite, md.Person.OrgPath) {
		return zhibu.Errorf(zhibu.ErrForbidden, "无权登记"+md.Person.Name+"的党费")
	}
	if !md.Person.Status.IsMember() {
		return zhibu.Problems{{Field: "person_id", Label: "人员", Message: md.Person.Name + "不是党员（" + md.Person.Status.Label() + "），不交纳党费"}}
	}
	return nil
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

// ImportDuesSheet checks a parsed payroll or bank sheet against a branch's
// members and the records, and (unless dry) records it whole: it matches
// each row to a member (dues.Sheet.Match, by name and ID number), then
// checks and writes the batch. Every problem — the sheet's own, the
// matching's and the records' — comes back in problems, by row, and then
// nothing is written. The actor must hold dues.write on the members.
func (s *Store) ImportDuesSheet(ctx context.Context, branchID int64, sh *dues.Sheet, filename string, dry bool) (n int, total zhibu.Fen, bases int, problems zhibu.Problems, err error) {
	if err := s.canOrg(ctx, zhibu.PermDuesWrite, branchID, "导入该支部的党费表"); err != nil {
		return 0, 0, 0, nil, err
	}
	org, err := s.Org(ctx, branchID)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	if org.Kind != zhibu.KindBranch {
		return 0, 0, 0, nil, zhibu.Errorf(zhibu.ErrInvalid, org.Name+"不是党支部，缴费表应导入到党支部")
	}
	members, err := s.DuesMembers(ctx, branchID, zhibu.Month{}, zhibu.Month{}, zhibu.Date{})
	if err != nil {
		return 0, 0, 0, nil, err
	}
	if sh.HasID {
		people, err := s.People(ctx, branchID, zhibu.PersonFilter{Members: true})
		if err != nil {
			return 0, 0, 0, nil, err
		}
		ids := make(map[int64]string, len(people))
		for _, p := range people {
			ids[p.ID] = p.IDNumber
		}
		for i := range members {
			members[i].Person.IDNumber = ids[members[i].Person.ID]
		}
	}
	pays, payRows, newBases, baseRows := sh.Match(members)
	for _, p := range pays {
		total += p.Amount
	}
	// The rows that matched are checked against the records even when
	// others did not, so that one preview lists every problem.
	problems = append(problems, sh.Problems...)
	n, err = s.RecordDuesBulk(ctx, DuesBatch{Bases: newBases, BaseRows: baseRows, Payments: pays, PayRows: payRows,
		Audit: "导入党费缴费表“" + filename + "”", DryRun: dry || len(problems) > 0})
	var ps zhibu.Problems
	if errors.As(err, &ps) {
		problems, err = append(problems, ps...), nil
	}
	if err != nil {
		return 0, total, len(newBases), nil, err
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Row < problems[j].Row })
	if len(problems) > 0 {
		return 0, total, len(newBases), problems, nil
	}
	return n, total, len(newBases), nil, nil
}
