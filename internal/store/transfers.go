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

// Membership transfers (组织关系转接). A transfer is a letter (介绍信) from
// the branch that holds a member to another org:
//
//   - inside zhibu, the destination branch accepts it (PermPeopleWrite on
//     the destination): the member moves there on that day, their
//     membership history kept (moveTx), their sessions ended;
//   - outside zhibu, the sending branch records the day the destination
//     accepted the member (off the roster from then: people.left_on) and
//     the day the receipt (回执) came back;
//   - from outside, the receiving branch records the letter and the day it
//     received the member, who is added to its roster.
//
// Until the destination accepts, the sending branch stays responsible for
// the member (member.transfer.required). Every write is audited; a write
// about a transfer between two branches of zhibu is audited on both, so
// that each branch's findings are checked again.

const transferColumns = `t.id, t.person_id, p.name, t.from_org_id, fo.name, fo.path, t.from_name, t.to_org_id, tg.name, tg.path, t.to_name,
	t.letter_no, t.issued_on, t.valid_months, t.reason, t.status, t.received_on, t.receipt_on, t.closed_on, t.note`

const transferFrom = ` FROM transfers t JOIN people p ON p.id = t.person_id
	LEFT JOIN orgs fo ON fo.id = t.from_org_id LEFT JOIN orgs tg ON tg.id = t.to_org_id`

func scanTransfer(row interface{ Scan(...any) error }, t *zhibu.Transfer) error {
	return row.Scan(&t.ID, &t.PersonID, &t.PersonName, idScan{&t.FromOrgID}, textScan{&t.FromOrgName}, textScan{&t.FromPath}, &t.FromName,
		idScan{&t.ToOrgID}, textScan{&t.ToOrgName}, textScan{&t.ToPath}, &t.ToName,
		&t.LetterNo, &t.IssuedOn, &t.ValidMonths, &t.Reason, &t.Status, &t.ReceivedOn, &t.ReceiptOn, &t.ClosedOn, &t.Note)
}

// scopeTransfer restricts a query of transfers to those with an end in the
// actor's scope.
func scopeTransfer(q *query, a zhibu.Actor) {
	if a.Scope.All {
		return
	}
	var conds []string
	for _, p := range a.Scope.Paths {
		lo, hi := pathRange(p)
		conds = append(conds, "(fo.path >= "+q.arg(lo)+" AND fo.path < "+q.arg(hi)+")",
			"(tg.path >= "+q.arg(lo)+" AND tg.path < "+q.arg(hi)+")")
	}
	if a.Scope.Self != 0 {
		conds = append(conds, "t.person_id = "+q.arg(a.Scope.Self))
	}
	if len(conds) == 0 {
		q.add(" AND 1=0")
		return
	}
	q.add(" AND (" + strings.Join(conds, " OR ") + ")")
}

func (s *Store) queryTransfers(ctx context.Context, q *query) ([]zhibu.Transfer, error) {
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("transfers: %w", err)
	}
	defer rows.Close()
	out := []zhibu.Transfer{}
	for rows.Next() {
		var t zhibu.Transfer
		if err := scanTransfer(rows, &t); err != nil {
			return nil, fmt.Errorf("transfers: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Transfer returns one transfer, if the actor's scope covers one of its
// ends (or it is the actor's own).
func (s *Store) Transfer(ctx context.Context, id int64) (zhibu.Transfer, error) {
	q := (&query{}).add(`SELECT ` + transferColumns + transferFrom + ` WHERE t.id = `)
	q.add(q.arg(id))
	scopeTransfer(q, zhibu.ActorFrom(ctx))
	ts, err := s.queryTransfers(ctx, q)
	if err != nil {
		return zhibu.Transfer{}, err
	}
	if len(ts) == 0 {
		return zhibu.Transfer{}, notFound("组织关系转接")
	}
	return ts[0], nil
}

// Transfers lists the transfers out of and into a branch, or, for a
// committee or general branch, with an end in its subtree; newest letter
// first.
func (s *Store) Transfers(ctx context.Context, orgID int64) ([]zhibu.Transfer, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	q := (&query{}).add(`SELECT ` + transferColumns + transferFrom + ` WHERE `)
	if org.Kind == zhibu.KindBranch || org.Kind == zhibu.KindGroup {
		q.add("(t.from_org_id = " + q.arg(orgID) + " OR t.to_org_id = " + q.arg(orgID) + ")")
	} else {
		lo, hi := pathRange(org.Path)
		l, h := q.arg(lo), q.arg(hi)
		q.add(`t.id IN (SELECT x.id FROM transfers x JOIN orgs xo ON xo.id = x.from_org_id WHERE xo.path >= ` + l + ` AND xo.path < ` + h + `
			UNION SELECT y.id FROM transfers y JOIN orgs yo ON yo.id = y.to_org_id WHERE yo.path >= ` + l + ` AND yo.path < ` + h + `)`)
	}
	scopeTransfer(q, zhibu.ActorFrom(ctx))
	q.add(" ORDER BY t.issued_on DESC, t.id DESC")
	return s.queryTransfers(ctx, q)
}

// PersonTransfers lists a person's transfers, newest first.
func (s *Store) PersonTransfers(ctx context.Context, personID int64) ([]zhibu.Transfer, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return nil, err
	}
	q := (&query{}).add(`SELECT ` + transferColumns + transferFrom + ` WHERE t.person_id = `)
	q.add(q.arg(personID) + " ORDER BY t.issued_on DESC, t.id DESC")
	return s.queryTransfers(ctx, q)
}

// Today is the calendar date in China by the store's clock: the day its
// writes are checked against.
func (s *Store) Today() zhibu.Date { return s.today() }

// system is ctx acting as the system: for the reads a transfer makes across
// branches (the destination of a letter, the person a destination accepts)
// after the actor's permission on its own end has been checked.
func system(ctx context.Context) context.Context { return zhibu.WithActor(ctx, zhibu.System) }

// TransferTargets are the branches a letter may name inside zhibu: every
// branch but from, by path (names only: a sender need not see the
// destination's records to address a letter to it).
func (s *Store) TransferTargets(ctx context.Context, from int64) ([]zhibu.Org, error) {
	orgs, err := s.Orgs(system(ctx), OrgFilter{Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return nil, err
	}
	out := orgs[:0]
	for _, o := range orgs {
		if o.ID != from {
			out = append(out, o)
		}
	}
	return out, nil
}

// transferEvent audits a write about t on the branch at path.
func transferEvent(action audit.Action, t zhibu.Transfer, path, detail string) Event {
	return Event{Action: action, ObjectType: "transfer", ObjectID: strconv.FormatInt(t.ID, 10), OrgPath: path, Result: "ok", Detail: detail}
}

// auditTransfer records the write on each end of t inside zhibu.
func (s *Store) auditTransfer(ctx context.Context, tx *sql.Tx, action audit.Action, t zhibu.Transfer, detail string) error {
	for _, path := range []string{t.FromPath, t.ToPath} {
		if path == "" {
			continue
		}
		if err := s.audit(ctx, tx, transferEvent(action, t, path, detail)); err != nil {
			return err
		}
	}
	return nil
}

func letterLabel(t zhibu.Transfer) string {
	return "介绍信" + t.LetterNo + "（" + t.PersonName + "，" + t.Source() + "→" + t.Destination() + "）"
}

// ErrNoTransferWrite refuses a transfer's write to an actor without
// people.write on the end it writes.
var ErrNoTransferWrite = zhibu.Errorf(zhibu.ErrForbidden, "无权办理该组织关系转接")

// IssueTransfer stores a letter the transfers service checked, taking
// person t.PersonID out of their branch, to a branch inside zhibu
// (ToOrgID) or an org outside (ToName). The actor must hold people.write on
// the person's branch.
func (s *Store) IssueTransfer(ctx context.Context, t zhibu.Transfer) (zhibu.Transfer, error) {
	p, err := s.Person(ctx, t.PersonID)
	if err != nil {
		return zhibu.Transfer{}, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermPeopleWrite, p.OrgPath) {
		return zhibu.Transfer{}, ErrNoTransferWrite
	}
	from, err := s.Org(ctx, p.OrgID)
	if err != nil {
		return zhibu.Transfer{}, err
	}
	t.FromOrgID, t.FromName, t.FromPath, t.FromOrgName, t.PersonName = from.ID, "", from.Path, from.Name, p.Name
	if t.ToOrgID != 0 {
		to, err := s.Org(system(ctx), t.ToOrgID)
		if err != nil {
			return zhibu.Transfer{}, err
		}
		t.ToPath, t.ToOrgName = to.Path, to.Name
	}
	t.Status = zhibu.TransferIssued
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO transfers (person_id, from_org_id, to_org_id, to_name, letter_no, issued_on, valid_months,
			reason, status, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			p.ID, from.ID, nullID(t.ToOrgID), t.ToName, t.LetterNo, t.IssuedOn, t.ValidMonths, t.Reason, string(t.Status), t.Note, now).Scan(&t.ID); err != nil {
			return err
		}
		return s.auditTransfer(ctx, tx, audit.TransferIssue, t, "开具"+letterLabel(t)+"，"+t.IssuedOn.String()+"开具，有效期"+
			strconv.Itoa(t.ValidMonths)+"个月（至"+t.ExpiresOn().String()+"）"+reasonSuffix(t.Reason))
	})
	if err != nil {
		return zhibu.Transfer{}, fmt.Errorf("issue transfer: %w", err)
	}
	return s.Transfer(ctx, t.ID)
}

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return "，原因：" + r
}

// TransferForWrite reads a transfer for a write by the actor on one of its
// ends: the sender (out true) or the receiver. An actor who sees neither
// end does not find it (zhibu.ErrNotFound); one who may not write people on
// that end is refused (ErrNoTransferWrite).
func (s *Store) TransferForWrite(ctx context.Context, id int64, out bool) (zhibu.Transfer, error) {
	t, err := s.Transfer(ctx, id)
	if err != nil {
		return t, err
	}
	path := t.ToPath
	if out {
		path = t.FromPath
	}
	if path == "" || !zhibu.ActorFrom(ctx).Can(zhibu.PermPeopleWrite, path) {
		return t, ErrNoTransferWrite
	}
	return t, nil
}

// AcceptTransfer stores the destination branch's acceptance, checked by
// the transfers service, of a letter from another branch of zhibu on day
// on, into group groupID (0 for none) and, when unit is not empty, their
// new unit: the member moves there (their history kept, their sessions
// ended, their seats in the old branch ended) and the transfer is
// completed. The actor must hold people.write on the destination.
func (s *Store) AcceptTransfer(ctx context.Context, id int64, on zhibu.Date, groupID int64, unit string) (zhibu.Transfer, error) {
	t, err := s.TransferForWrite(ctx, id, false)
	if err != nil {
		return t, err
	}
	sys := system(ctx)
	p, err := s.Person(sys, t.PersonID)
	if err != nil {
		return t, err
	}
	if _, _, err := s.placement(sys, t.ToOrgID, groupID); err != nil {
		return t, err
	}
	reason := "组织关系转入（" + t.FromOrgName + "，介绍信" + t.LetterNo + "）"
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.moveTx(ctx, tx, p, t.ToOrgID, groupID, on, reason); err != nil {
			return err
		}
		if unit != "" && unit != p.Unit {
			if _, err := tx.ExecContext(ctx, `UPDATE people SET unit = $1 WHERE id = $2`, unit, p.ID); err != nil {
				return err
			}
			if err := s.indexSearch(ctx, tx, zhibu.SearchPerson, p.ID); err != nil { // search.go
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO person_changes (person_id, changed_at, actor, summary) VALUES ($1, $2, $3, $4)`,
				p.ID, s.stamp(), zhibu.ActorFrom(ctx).Name, "单位："+orDash(p.Unit)+" → "+unit); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE transfers SET status = $1, received_on = $2, receipt_on = $2, updated_at = $3 WHERE id = $4`,
			string(zhibu.TransferCompleted), on, s.stamp(), t.ID); err != nil {
			return err
		}
		return s.auditTransfer(ctx, tx, audit.TransferAccept, t, t.ToOrgName+"于"+on.String()+"接收"+letterLabel(t)+"，组织关系转接完成")
	})
	if err != nil {
		return t, fmt.Errorf("accept transfer: %w", err)
	}
	return s.Transfer(ctx, t.ID)
}

// RecordReceipt stores what the transfers service checked of a letter with
// one end outside zhibu: the day the destination accepted the member
// (receivedOn: they leave the roster then, if the letter was still
// issued) and the day its receipt (回执) came back (receiptOn, zero if not
// yet). For a letter from outside, receiptOn is the day the receiving
// branch sent its receipt back. The actor must hold people.write on the
// end inside zhibu.
func (s *Store) RecordReceipt(ctx context.Context, id int64, receivedOn, receiptOn zhibu.Date) (zhibu.Transfer, error) {
	t, err := s.Transfer(ctx, id)
	if err != nil {
		return t, err
	}
	incoming := t.FromOrgID == 0
	if t, err = s.TransferForWrite(ctx, id, !incoming); err != nil {
		return t, err
	}
	var p zhibu.Person
	if t.Status == zhibu.TransferIssued && !incoming {
		if p, err = s.Person(system(ctx), t.PersonID); err != nil {
			return t, err
		}
	}
	status := zhibu.TransferReceived
	if !receiptOn.IsZero() {
		status = zhibu.TransferCompleted
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if t.Status == zhibu.TransferIssued && !incoming {
			if err := s.leaveTx(ctx, tx, p, receivedOn, "组织关系转出至"+t.ToName+"（介绍信"+t.LetterNo+"）"); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE transfers SET status = $1, received_on = $2, receipt_on = $3, updated_at = $4 WHERE id = $5`,
			string(status), receivedOn, receiptOn, s.stamp(), t.ID); err != nil {
			return err
		}
		detail := letterLabel(t) + "："
		if t.Status == zhibu.TransferIssued && !incoming {
			detail += t.ToName + "于" + receivedOn.String() + "接收；"
		}
		if receiptOn.IsZero() {
			detail += "回执尚未退回"
		} else if incoming {
			detail += "回执已于" + receiptOn.String() + "退回转出组织"
		} else {
			detail += "回执于" + receiptOn.String() + "退回，转接完成"
		}
		return s.auditTransfer(ctx, tx, audit.TransferReceipt, t, detail)
	})
	if err != nil {
		return t, fmt.Errorf("record receipt: %w", err)
	}
	return s.Transfer(ctx, t.ID)
}

// leaveTx takes person p off zhibu's roster on day on: their membership
// closes (no new one opens), they leave their group, their seats and
// supervisions end and their sessions end. Their record and history stay.
func (s *Store) leaveTx(ctx context.Context, tx *sql.Tx, p zhibu.Person, on zhibu.Date, reason string) error {
	now := s.stamp()
	if _, err := tx.ExecContext(ctx, `UPDATE memberships SET end_on = $1 WHERE person_id = $2 AND end_on IS NULL`, on, p.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET left_on = $1, group_id = NULL, updated_at = $2 WHERE id = $3`, on, now, p.ID); err != nil {
		return err
	}
	if err := s.indexSearch(ctx, tx, zhibu.SearchPerson, p.ID); err != nil { // search.go
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO person_changes (person_id, changed_at, actor, summary) VALUES ($1, $2, $3, $4)`,
		p.ID, now, zhibu.ActorFrom(ctx).Name, on.String()+reason); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE seats SET end_on = $1 WHERE person_id = $2 AND end_on IS NULL`, on, p.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE supervisions SET end_on = $1 WHERE (supervisor_id = $2 OR officer_id = $2) AND end_on IS NULL`, on, p.ID); err != nil {
		return err
	}
	return endSessions(ctx, tx, p.ID)
}

// CloseTransfer stores the end, checked by the transfers service, of a
// letter still waiting to be received: returned (the letter came back
// unused) or cancelled, on day on. The member stays where they are. The
// actor must hold people.write on the sender.
func (s *Store) CloseTransfer(ctx context.Context, id int64, status zhibu.TransferStatus, on zhibu.Date, note string) (zhibu.Transfer, error) {
	t, err := s.TransferForWrite(ctx, id, true)
	if err != nil {
		return t, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE transfers SET status = $1, closed_on = $2, note = $3, updated_at = $4 WHERE id = $5`,
			string(status), on, note, s.stamp(), t.ID); err != nil {
			return err
		}
		action, verb := audit.TransferCancel, "撤销"
		if status == zhibu.TransferReturned {
			action, verb = audit.TransferReturn, "退回"
		}
		return s.auditTransfer(ctx, tx, action, t, letterLabel(t)+"于"+on.String()+verb+reasonSuffix(note))
	})
	if err != nil {
		return t, fmt.Errorf("close transfer: %w", err)
	}
	return s.Transfer(ctx, t.ID)
}

// TransferIn stores a member transferred in from an org outside zhibu,
// checked by the transfers service: the letter t and the person p, added to
// branch t.ToOrgID (and p.GroupID) on t.ReceivedOn. A member who left zhibu
// and comes back (the same ID number) is the same person, put back on the
// roster; one still on it is refused. The actor must hold people.write on
// the branch.
func (s *Store) TransferIn(ctx context.Context, t zhibu.Transfer, p zhibu.Person) (zhibu.Transfer, error) {
	if err := s.canTarget(ctx, zhibu.PermPeopleWrite, t.ToOrgID, "为该支部登记转入"); err != nil {
		return zhibu.Transfer{}, err
	}
	org, group, err := s.placement(ctx, p.OrgID, p.GroupID)
	if err != nil {
		return zhibu.Transfer{}, err
	}
	if org.Kind != zhibu.KindBranch {
		return zhibu.Transfer{}, zhibu.Problems{{Field: "org_id", Label: "接收支部", Message: "接收支部：应为党支部"}}
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermPeopleWrite, org.Path) {
		return zhibu.Transfer{}, ErrNoTransferWrite
	}
	t.Status = zhibu.TransferReceived
	if !t.ReceiptOn.IsZero() {
		t.Status = zhibu.TransferCompleted
	}
	t.ToPath, t.ToOrgName, t.PersonName = org.Path, org.Name, p.Name
	// A member who left zhibu and comes back is the same person: their
	// record is put back on the roster (whatever branch they left from).
	var back struct {
		id   int64
		left zhibu.Date
	}
	err = s.db.QueryRowContext(ctx, `SELECT id, left_on FROM people WHERE id_number_hash = $1`, s.idHash(p.IDNumber)).Scan(&back.id, &back.left)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return zhibu.Transfer{}, fmt.Errorf("transfer in: %w", err)
	case back.left.IsZero():
		return zhibu.Transfer{}, zhibu.Problems{{Field: "id_number", Label: "身份证号", Message: "身份证号：该人员仍在本系统的组织中，应由其所在支部开具介绍信"}}
	case t.ReceivedOn.Before(back.left):
		return zhibu.Transfer{}, zhibu.Problems{{Field: "received_on", Label: "接收日期", Message: "接收日期：该人员于" + back.left.String() + "转出本系统，接收日期不能早于此日"}}
	}
	reason := "组织关系转入（" + t.FromName + "，介绍信" + t.LetterNo + "）"
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if back.id != 0 {
			p.ID = back.id
			if err := s.returnTx(ctx, tx, p, reason); err != nil {
				return err
			}
		} else {
			people := []zhibu.Person{p}
			if err := s.insertPeople(ctx, tx, people, reason); err != nil {
				return err
			}
			p.ID = people[0].ID
		}
		now := s.stamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO transfers (person_id, from_name, to_org_id, letter_no, issued_on, valid_months, reason,
			status, received_on, receipt_on, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			p.ID, t.FromName, org.ID, t.LetterNo, t.IssuedOn, t.ValidMonths, t.Reason, string(t.Status), t.ReceivedOn, t.ReceiptOn, t.Note, now).Scan(&t.ID); err != nil {
			return err
		}
		return s.auditTransfer(ctx, tx, audit.TransferIn, t, orgGroup(org.Name, group.Name)+"于"+t.ReceivedOn.String()+"接收"+letterLabel(t)+reasonSuffix(t.Reason))
	})
	if err != nil {
		return zhibu.Transfer{}, fmt.Errorf("transfer in: %w", err)
	}
	return s.Transfer(ctx, t.ID)
}

// returnTx puts back on the roster person p (their stored record, with the
// fields given now) who had left zhibu: org, group, left_on cleared, a new
// membership from p.JoinedOn, and what changed in their history.
func (s *Store) returnTx(ctx context.Context, tx *sql.Tx, p zhibu.Person, reason string) error {
	old, err := s.Person(system(ctx), p.ID)
	if err != nil {
		return err
	}
	now := s.stamp()
	sl := s.seal(p)
	if _, err := tx.ExecContext(ctx, `UPDATE people SET name = $1, gender = $2, ethnicity = $3, birth_date = $4,
		id_number_enc = $5, id_number_hash = $6, id_number_mask = $7, phone_enc = $8, phone_mask = $9,
		unit = $10, officer = $11, education = $12, status = $13, applied_on = $14, activist_on = $15,
		candidate_on = $16, admitted_on = $17, confirmed_on = $18, org_id = $19, group_id = $20, left_on = NULL, updated_at = $21 WHERE id = $22`,
		p.Name, string(p.Gender), p.Ethnicity, p.BirthDate, sl.idEnc, sl.idHash, sl.idMask, sl.phoneEnc, sl.phoneMask,
		p.Unit, p.Officer, p.Education, string(p.Status), p.AppliedOn, p.ActivistOn, p.CandidateOn, p.AdmittedOn,
		p.ConfirmedOn, p.OrgID, nullID(p.GroupID), now, p.ID); err != nil {
		return err
	}
	if err := s.indexPerson(ctx, tx, p.ID); err != nil { // search.go
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (person_id, org_id, group_id, start_on, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, p.ID, p.OrgID, nullID(p.GroupID), p.JoinedOn, reason, now); err != nil {
		return err
	}
	summary := append([]string{p.JoinedOn.String() + "重新转入本系统（" + old.LeftOn.String() + "转出）"}, personDiff(old, p)...)
	_, err = tx.ExecContext(ctx, `INSERT INTO person_changes (person_id, changed_at, actor, summary) VALUES ($1, $2, $3, $4)`,
		p.ID, now, zhibu.ActorFrom(ctx).Name, strings.Join(summary, "；"))
	return err
}

// factTransfers are the transfers with an end in a path range that matter
// to a year: letters issued by its end and not closed before it began.
func (s *Store) factTransfers(ctx context.Context, lo, hi string, year int) ([]zhibu.Transfer, error) {
	// Each end by its own index: an OR over the two joined orgs would scan
	// every transfer of the database.
	q := (&query{}).add(`SELECT ` + transferColumns + transferFrom + ` WHERE t.id IN (
		SELECT x.id FROM transfers x JOIN orgs xo ON xo.id = x.from_org_id WHERE xo.path >= $1 AND xo.path < $2
		UNION SELECT y.id FROM transfers y JOIN orgs yo ON yo.id = y.to_org_id WHERE yo.path >= $1 AND yo.path < $2)
		AND t.issued_on <= $3 AND (t.status IN ('issued', 'received') OR COALESCE(t.receipt_on, t.received_on, t.closed_on) >= $4)
		ORDER BY t.issued_on, t.id`)
	q.args = []any{lo, hi, zhibu.MakeDate(year, 12, 31), zhibu.MakeDate(year-1, 1, 1)}
	return s.queryTransfers(ctx, q)
}

// addProblems appends the problems err holds (if it is zhibu.Problems).
func addProblems(ps *zhibu.Problems, err error) {
	var more zhibu.Problems
	if errors.As(err, &more) {
		*ps = append(*ps, more...)
	}
}

// factMovers are the members of the branches in a path range whose unit is
// none of their branch's units (a branch that lists no units is not
// judged), with the day their unit was last recorded as changed (from
// their edit history), else the day they joined the branch.
func (s *Store) factMovers(ctx context.Context, lo, hi string) ([]zhibu.Mover, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.name, p.org_id, p.unit,
		(SELECT m.start_on FROM memberships m WHERE m.person_id = p.id AND m.end_on IS NULL),
		(SELECT MAX(c.changed_at) FROM person_changes c WHERE c.person_id = p.id AND c.summary LIKE $3)
		FROM orgs o JOIN people p ON p.org_id = o.id LEFT JOIN org_units u ON u.org_id = p.org_id AND u.name = p.unit
		WHERE o.path >= $1 AND o.path < $2 AND o.kind = 'branch' AND u.name IS NULL
		AND p.left_on IS NULL AND p.status IN ('probationary', 'full') AND p.unit <> ''
		AND EXISTS (SELECT 1 FROM org_units w WHERE w.org_id = o.id)
		ORDER BY p.org_id, p.name, p.id`, lo, hi, "%单位：%")
	if err != nil {
		return nil, fmt.Errorf("facts movers: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Mover
	for rows.Next() {
		var m zhibu.Mover
		var changed any
		if err := rows.Scan(&m.PersonID, &m.Name, &m.OrgID, &m.Unit, &m.Since, &changed); err != nil {
			return nil, fmt.Errorf("facts movers: %w", err)
		}
		if changed != nil {
			var t timeScan
			if err := t.Scan(changed); err != nil {
				return nil, fmt.Errorf("facts movers: %w", err)
			}
			if d := zhibu.DateOf(t.t.In(zhibu.DefaultZone)); d.After(m.Since) {
				m.Since = d
			}
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
