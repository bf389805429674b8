package service

import (
	"context"
	"errors"
	"strings"

	"zhibu"
	"zhibu/internal/store"
)

// Transfers is the service of membership transfers (组织关系转接,
// docs/transfers.md): letters issued by a branch to another branch of
// zhibu or to an org outside, accepted, their receipts recorded, returned
// or cancelled, and members transferred in from outside. It decides what
// may be done (the root package's Transfer checks, member.transfer.letter's
// longest validity from the catalogue) and the store persists, checking the
// actor's right on the end it writes.
type Transfers struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newTransfers(st *store.Store, opt Options, c *Compliance) *Transfers {
	return &Transfers{store: st, opt: opt, compliance: c}
}

// asSystem is ctx acting as the system: for the reads a transfer makes
// across branches (the destination of a letter, the person a destination
// accepts) once the actor's right on its own end has been checked.
func asSystem(ctx context.Context) context.Context { return zhibu.WithActor(ctx, zhibu.System) }

// letterMonths is member.transfer.letter's valid_months for an org on a
// day: the longest a letter of the org may be valid.
func (x *Transfers) letterMonths(ctx context.Context, org zhibu.Org, on zhibu.Date) (int, error) {
	cat, err := x.compliance.Catalogue(ctx)
	if err != nil {
		return 0, err
	}
	if res, ok := cat.Resolve("member.transfer.letter", org.PathIDs(), on); ok && res.Params.Get("valid_months") > 0 {
		return res.Params.Get("valid_months"), nil
	}
	return zhibu.DefaultLetterMonths, nil
}

// LetterMonths is how long a letter of the org may be valid today (the
// form's default).
func (x *Transfers) LetterMonths(ctx context.Context, orgID int64) (int, error) {
	org, err := x.store.Org(ctx, orgID)
	if err != nil {
		return 0, err
	}
	return x.letterMonths(ctx, org, x.opt.today())
}

// Issue records a letter taking person t.PersonID out of their branch, to
// a branch inside zhibu (ToOrgID) or an org outside (ToName). ValidMonths 0
// is member.transfer.letter's valid_months; more is refused. The person
// must be a party member on the roster with no transfer under way. When
// t.FromOrgID is set (the branch whose page or endpoint issues it), the
// person must be of that branch. Errors: zhibu.ErrNotFound (the person),
// zhibu.ErrForbidden (no people.write on their branch), zhibu.Problems.
func (x *Transfers) Issue(ctx context.Context, t zhibu.Transfer) (zhibu.Transfer, error) {
	p, err := x.store.Person(ctx, t.PersonID)
	if t.FromOrgID != 0 && (errors.Is(err, zhibu.ErrNotFound) || err == nil && p.OrgID != t.FromOrgID) {
		return zhibu.Transfer{}, zhibu.Problems{{Field: "person_id", Label: "人员", Message: "人员：不是本支部的人员"}}
	}
	if err != nil {
		return zhibu.Transfer{}, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermPeopleWrite, p.OrgPath) {
		return zhibu.Transfer{}, store.ErrNoTransferWrite
	}
	from, err := x.store.Org(ctx, p.OrgID)
	if err != nil {
		return zhibu.Transfer{}, err
	}
	t.Normalize()
	t.FromOrgID, t.FromName = from.ID, ""
	max, err := x.letterMonths(ctx, from, t.IssuedOn)
	if err != nil {
		return zhibu.Transfer{}, err
	}
	if t.ValidMonths == 0 {
		t.ValidMonths = max
	}
	var ps zhibu.Problems
	if err := t.CheckIssue(p, x.opt.today(), max); err != nil {
		if !errors.As(err, &ps) {
			return zhibu.Transfer{}, err
		}
	}
	if t.ToOrgID != 0 {
		to, err := x.store.Org(asSystem(ctx), t.ToOrgID)
		switch {
		case errors.Is(err, zhibu.ErrNotFound) || (err == nil && to.Kind != zhibu.KindBranch):
			ps.Add("to", "转往组织", "应为本系统内的党支部")
		case err != nil:
			return zhibu.Transfer{}, err
		}
	}
	ts, err := x.store.PersonTransfers(asSystem(ctx), p.ID)
	if err != nil {
		return zhibu.Transfer{}, err
	}
	for _, o := range ts {
		if o.Status.Open() {
			ps.Add("person_id", "人员", p.Name+"已有正在办理的组织关系转接")
			break
		}
	}
	if err := ps.Err(); err != nil {
		return zhibu.Transfer{}, err
	}
	return x.store.IssueTransfer(ctx, t)
}

// Accept is the destination branch accepting a letter from another branch
// of zhibu on day on, into group groupID (0 for none) and, when unit is not
// empty, their new unit (大队/室): the member moves there and the transfer
// is completed. A letter past its validity is refused: the sender issues a
// new one. at is the branch whose page or endpoint acts: it must be the
// destination (Transfer.AcceptAt).
func (x *Transfers) Accept(ctx context.Context, at, id int64, on zhibu.Date, groupID int64, unit string) (zhibu.Transfer, error) {
	t, err := x.store.Transfer(ctx, id)
	if err != nil {
		return t, err
	}
	if err := t.AcceptAt(at); err != nil {
		return t, err
	}
	if t, err = x.store.TransferForWrite(ctx, id, false); err != nil {
		return t, err
	}
	var p zhibu.Person
	if t.Inside() && t.Status == zhibu.TransferIssued {
		if p, err = x.store.Person(asSystem(ctx), t.PersonID); err != nil {
			return t, err
		}
	}
	if err := t.CheckAccept(p, on, x.opt.today(), unit); err != nil {
		return t, err
	}
	return x.store.AcceptTransfer(ctx, id, on, groupID, strings.TrimSpace(unit))
}

// RecordReceipt records, for a letter to an org outside zhibu, the day the
// destination accepted the member (receivedOn: they leave the roster then)
// and the day its receipt (回执) came back (receiptOn, zero if not yet); a
// second call adds the receipt. For a letter from outside, the receiving
// branch records the day it sent its receipt back (receiptOn). at is the
// branch whose page or endpoint acts (Transfer.ReceiptAt).
func (x *Transfers) RecordReceipt(ctx context.Context, at, id int64, receivedOn, receiptOn zhibu.Date) (zhibu.Transfer, error) {
	t, err := x.store.Transfer(ctx, id)
	if err != nil {
		return t, err
	}
	if err := t.ReceiptAt(at); err != nil {
		return t, err
	}
	if t, err = x.store.TransferForWrite(ctx, id, t.FromOrgID != 0); err != nil {
		return t, err
	}
	var p zhibu.Person
	if t.Status == zhibu.TransferIssued && !t.Inside() && t.FromOrgID != 0 {
		if p, err = x.store.Person(asSystem(ctx), t.PersonID); err != nil {
			return t, err
		}
	}
	if err := t.CheckReceipt(p, receivedOn, receiptOn, x.opt.today()); err != nil {
		return t, err
	}
	if t.Status == zhibu.TransferReceived {
		receivedOn = t.ReceivedOn
	}
	return x.store.RecordReceipt(ctx, id, receivedOn, receiptOn)
}

// Close ends a letter still waiting to be received: returned (the letter
// came back unused) or cancelled, on day on, with a note. The member stays
// where they are. at is the branch whose page or endpoint acts: it must
// be the sender (Transfer.CloseAt).
func (x *Transfers) Close(ctx context.Context, at, id int64, status zhibu.TransferStatus, on zhibu.Date, note string) (zhibu.Transfer, error) {
	t, err := x.store.Transfer(ctx, id)
	if err != nil {
		return t, err
	}
	if err := t.CloseAt(at); err != nil {
		return t, err
	}
	if t, err = x.store.TransferForWrite(ctx, id, true); err != nil {
		return t, err
	}
	note = strings.TrimSpace(note)
	if err := t.CheckClose(status, on, x.opt.today(), note); err != nil {
		return t, err
	}
	return x.store.CloseTransfer(ctx, id, status, on, note)
}

// In records a member transferred in from an org outside zhibu: the letter
// t (FromName, LetterNo, IssuedOn, ValidMonths — 0 is the default —,
// ReceivedOn, and ReceiptOn if the receipt went back already) and the
// person p, added to branch t.ToOrgID (and p.GroupID) on ReceivedOn. A
// member who left zhibu and comes back is the same person, put back on the
// roster.
func (x *Transfers) In(ctx context.Context, t zhibu.Transfer, p zhibu.Person) (zhibu.Transfer, error) {
	t.Normalize()
	t.FromOrgID, t.FromPath, t.ToName = 0, "", ""
	p.OrgID, p.JoinedOn, p.LeftOn = t.ToOrgID, t.ReceivedOn, zhibu.Date{}
	p.Normalize()
	if t.ValidMonths == 0 {
		t.ValidMonths = zhibu.DefaultLetterMonths
	}
	if err := t.CheckIn(p, x.opt.today()); err != nil {
		return zhibu.Transfer{}, err
	}
	return x.store.TransferIn(ctx, t, p)
}
