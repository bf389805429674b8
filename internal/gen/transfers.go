package gen

import (
	"context"
	"fmt"

	"zhibu"
)

// transfers has branch n's last election approved (but one branch in ten),
// and gives it two letters out of zhibu that move no one, so
// that the facts the rules read hold transfers as a real bureau's do: one
// returned a year before Until, one still waiting (issued within the last
// four months before Until, so some are due and some overdue on Until).
// The days follow from n alone: the generator's random sequence, and so
// the rest of the data, is the same with or without them.
func (g *generator) transfers(ctx context.Context, b zhibu.Org, n int) error {
	// Nine branches in ten reported their secretary after the last
	// election and had them approved a week later.
	if cur, err := g.s.CurrentTerm(ctx, b.ID); err == nil && n%10 != 0 && !cur.ElectedOn.AddDays(7).After(Until) {
		if _, err := g.s.ReportTerm(ctx, b.ID, cur.ElectedOn.AddDays(1)); err != nil {
			return err
		}
		if _, err := g.s.ApproveTerm(ctx, b.ID, cur.ElectedOn.AddDays(7)); err != nil {
			return err
		}
	}
	people, err := g.s.People(ctx, b.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return err
	}
	first := Until.AddYears(-1).AddDays(-n % 90)
	var members []zhibu.Person // members who joined the branch before the first letter
	for _, p := range people {
		if !p.JoinedOn.After(first) && len(members) < 2 {
			members = append(members, p)
		}
	}
	if len(members) < 2 {
		return nil
	}
	// Synthetic letters are written as they are (the store's persistence;
	// gen sits below the services, whose tests generate tiers with it).
	old, err := g.s.IssueTransfer(ctx, zhibu.Transfer{PersonID: members[0].ID, ToName: "外地某单位党支部",
		LetterNo: fmt.Sprintf("%s-%d-001", b.Code, Until.Year-1), IssuedOn: first, ValidMonths: zhibu.DefaultLetterMonths})
	if err != nil {
		return err
	}
	if _, err := g.s.CloseTransfer(ctx, old.ID, zhibu.TransferReturned, old.IssuedOn.AddDays(20), "本人工作变动取消"); err != nil {
		return err
	}
	_, err = g.s.IssueTransfer(ctx, zhibu.Transfer{PersonID: members[1].ID, ToName: "外地某社区党委",
		LetterNo: fmt.Sprintf("%s-%d-001", b.Code, Until.Year), IssuedOn: Until.AddDays(-n % 120), Reason: "退休", ValidMonths: zhibu.DefaultLetterMonths})
	return err
}
