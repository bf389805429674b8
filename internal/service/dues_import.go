package service

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/dues"
)

// CheckBatch checks and prices a batch of dues drafts against the records,
// as RecordPayment and SetBase check one: every person is in the actor's
// scope, a member, and the actor holds dues.write on them; each base and
// payment is valid; each month has a base, is not before admission, not
// waived and not already paid (in the store, or by an earlier row of the
// batch); each amount covers its months' dues. It fills each payment's
// Dues and returns every problem, each naming its row ("第3行 …"), sorted
// by row. Problems are no error: err is for what stops the check itself.
func (d *Dues) CheckBatch(ctx context.Context, b *zhibu.DuesBatch) (zhibu.Problems, error) {
	today := d.opt.today()
	actor := zhibu.ActorFrom(ctx)
	var ps zhibu.Problems
	bad := func(row int, err error) {
		var p zhibu.Problems
		if errors.As(err, &p) {
			for _, x := range p {
				x.Row = row
				x.Message = "第" + strconv.Itoa(row) + "行 " + x.Message
				ps = append(ps, x)
			}
			return
		}
		x := zhibu.Problem{Row: row, Message: "第" + strconv.Itoa(row) + "行 " + zhibu.UserMessage(err)}
		if errors.Is(err, zhibu.ErrConflict) {
			x.Field, x.Label = "months", "缴费月份"
		}
		ps = append(ps, x)
	}
	row := func(r, i int) int {
		if r > 0 {
			return r
		}
		return i + 1
	}
	var ids []int64
	for _, x := range b.Bases {
		ids = append(ids, x.PersonID)
	}
	for _, x := range b.Payments {
		ids = append(ids, x.PersonID)
	}
	people, err := d.store.DuesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	person := func(id int64) (*zhibu.MemberDues, error) {
		md, ok := people[id]
		if !ok {
			return nil, zhibu.Problems{{Field: "person_id", Label: "人员", Message: "人员：未找到"}}
		}
		if !actor.Can(zhibu.PermDuesWrite, md.Person.OrgPath) {
			return nil, zhibu.Errorf(zhibu.ErrForbidden, "无权登记"+md.Person.Name+"的党费")
		}
		return md, md.Person.PayerCheck()
	}
	for i := range b.Bases {
		x := &b.Bases[i]
		x.Note = strings.TrimSpace(x.Note)
		x.ApprovedOn, x.ApprovedBy = zhibu.Date{}, ""
		md, err := person(x.PersonID)
		if err == nil {
			err = x.Validate(today)
		}
		if err != nil {
			bad(row(x.Row, i), err)
			continue
		}
		md.Bases = append(md.Bases, x.DuesBase)
	}
	for i := range b.Payments {
		p := &b.Payments[i]
		p.Note = strings.TrimSpace(p.Note)
		slices.SortFunc(p.Months, func(a, c zhibu.Month) int { return a.Sub(c) })
		p.Dues = nil
		md, err := person(p.PersonID)
		if err == nil {
			err = p.Validate(today)
		}
		if err == nil {
			p.Dues, err = md.Price(p.Payment)
		}
		if err != nil {
			bad(row(p.Row, i), err)
			continue
		}
		p.Due = 0
		for j, m := range p.Months {
			md.Paid[m] = zhibu.PaidMonth{} // a later row paying it again is refused
			p.Due += p.Dues[j]
		}
	}
	sort.SliceStable(ps, func(a, c int) bool { return ps[a].Row < ps[c].Row })
	return ps, nil
}

// RecordBatch checks a batch (CheckBatch) and stores it whole, or nothing
// when there is any problem (returned as zhibu.Problems). It returns the
// number of payments stored.
func (d *Dues) RecordBatch(ctx context.Context, b zhibu.DuesBatch) (int, error) {
	ps, err := d.CheckBatch(ctx, &b)
	if err != nil {
		return 0, err
	}
	if err := ps.Err(); err != nil {
		return 0, err
	}
	return d.store.RecordDuesBulk(ctx, b)
}

// DuesSheet is a payroll or bank sheet read and checked against a branch:
// the rows as read, the drafts they make, and every problem (the sheet's
// own, the matching's and the records'), each with its row and, where it
// is one cell's, its column (Field, Label). It is what an import's preview
// shows; it may be recorded (ImportSheet) only when Problems is empty.
type DuesSheet struct {
	Branch   zhibu.Org
	Filename string
	Rows     []dues.Row
	Batch    zhibu.DuesBatch
	Problems zhibu.Problems
	Amount   zhibu.Fen // the payments' total
}

// ReadSheet reads a payroll or bank sheet (xlsx) for a branch's members and
// checks it against the records without storing anything: the preview of
// an import. Each row is matched to a member by name (and ID number where
// the sheet has them), and the rows that matched are checked even when
// others did not, so that one preview lists every problem. Rows without a
// 缴费方式 are paid by method, rows without a 缴费日期 today. A file refused
// outright (not an xlsx, too large, no header, the org not a branch) is an
// error of kind zhibu.ErrInvalid.
func (d *Dues) ReadSheet(ctx context.Context, branchID int64, data []byte, filename string, method zhibu.PayMethod) (*DuesSheet, error) {
	org, err := d.store.Org(ctx, branchID)
	if err != nil {
		return nil, err
	}
	if org.Kind != zhibu.KindBranch {
		return nil, zhibu.Errorf(zhibu.ErrInvalid, org.Name+"不是党支部，缴费表应导入到党支部")
	}
	sh, err := dues.Parse(bytes.NewReader(data), dues.DefaultLimits, d.opt.today(), method)
	if err != nil {
		return nil, err
	}
	members, err := d.store.DuesMembers(ctx, branchID, zhibu.Month{}, zhibu.Month{}, zhibu.Date{})
	if err != nil {
		return nil, err
	}
	if sh.HasID {
		people, err := d.store.People(ctx, branchID, zhibu.PersonFilter{Members: true})
		if err != nil {
			return nil, err
		}
		ids := make(map[int64]string, len(people))
		for _, p := range people {
			ids[p.ID] = p.IDNumber
		}
		for i := range members {
			members[i].Person.IDNumber = ids[members[i].Person.ID]
		}
	}
	out := &DuesSheet{Branch: org, Filename: filename, Rows: sh.Rows}
	out.Batch = sh.Match(members)
	out.Batch.Audit = "导入党费缴费表“" + filename + "”"
	for _, p := range out.Batch.Payments {
		out.Amount += p.Amount
	}
	ps, err := d.CheckBatch(ctx, &out.Batch)
	if err != nil {
		return nil, err
	}
	out.Problems = append(sh.Problems, ps...)
	sort.SliceStable(out.Problems, func(i, j int) bool { return out.Problems[i].Row < out.Problems[j].Row })
	return out, nil
}

// ImportSheet reads and checks a sheet as ReadSheet does and, when it has
// no problem, records it whole (RecordBatch): the confirmation of an
// import. With problems nothing is stored and the sheet comes back with
// them; n is the number of payments stored.
func (d *Dues) ImportSheet(ctx context.Context, branchID int64, data []byte, filename string, method zhibu.PayMethod) (sh *DuesSheet, n int, err error) {
	sh, err = d.ReadSheet(ctx, branchID, data, filename, method)
	if err != nil || len(sh.Problems) > 0 {
		return sh, 0, err
	}
	n, err = d.store.RecordDuesBulk(ctx, sh.Batch)
	return sh, n, err
}
