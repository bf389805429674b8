package service

import (
	"context"

	"zhibu"
	"zhibu/internal/store"
)

// Mailbox is the secretary's and deputy's mailbox (书记、副书记信箱). See
// docs/mailbox.md for what an anonymous letter keeps, and what it does not.
type Mailbox struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newMailbox(st *store.Store, opt Options, c *Compliance) *Mailbox {
	return &Mailbox{store: st, opt: opt, compliance: c}
}

// Write stores the actor's letter to their branch, dated today (the day
// only), and returns it with its receipt code, shown once.
func (x *Mailbox) Write(ctx context.Context, l zhibu.Letter) (zhibu.Letter, string, error) {
	return x.store.WriteLetter(ctx, l, x.opt.today())
}

// Read is the letter a receipt code opens, with its reply.
func (x *Mailbox) Read(ctx context.Context, code string) (zhibu.Letter, error) {
	return x.store.LetterByReceipt(ctx, code)
}

// Reply answers letter id today; the actor becomes its handler.
func (x *Mailbox) Reply(ctx context.Context, id int64, reply string) (zhibu.Letter, error) {
	return x.store.ReplyLetter(ctx, id, reply, x.opt.today())
}

// Close closes a replied letter today.
func (x *Mailbox) Close(ctx context.Context, id int64) (zhibu.Letter, error) {
	return x.store.CloseLetter(ctx, id, x.opt.today())
}

// Deadlines are the reply deadlines of a branch's letters by letter id, as
// mailbox.reply sets them (its reply_days parameter, in the branch's
// layers), from the check of the year as of today.
func (x *Mailbox) Deadlines(ctx context.Context, org zhibu.Org) (map[int64]zhibu.Date, error) {
	today := x.opt.today()
	out := map[int64]zhibu.Date{}
	for _, y := range []int{today.Year - 1, today.Year} {
		fs, _, err := x.compliance.Check(zhibu.WithActor(ctx, zhibu.System), org, y, today)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if f.RuleID == "mailbox.reply" && len(f.Evidence) == 1 {
				out[f.Evidence[0].ID] = f.Deadline
			}
		}
	}
	return out, nil
}
