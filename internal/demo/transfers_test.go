package demo

import (
	"context"
	"testing"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// loaded is the demo for this package's own tests, loaded once per engine
// (the external tests share demotest's; these cannot import it).
var loaded = storetest.NewTemplate("demoint", func(ctx context.Context, s *store.Store) error {
	return Load(zhibu.WithActor(ctx, zhibu.System), s)
})

// The demo's transfers show as membership history.
func TestTransfers(t *testing.T) {
	loaded.Each(t, func(t *testing.T, s *store.Store) {
		ctx := zhibu.WithActor(context.Background(), zhibu.System)
		branch, err := s.OrgByCode(ctx, BranchCode)
		if err != nil {
			t.Fatal(err)
		}
		people, err := s.People(ctx, branch.ID, zhibu.PersonFilter{})
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, p := range people {
			tr, ok := transfers[p.Name]
			if !ok {
				continue
			}
			found++
			moves, err := s.Moves(ctx, p.ID)
			if err != nil || len(moves) != 2 {
				t.Fatalf("%s: moves %+v, %v", p.Name, moves, err)
			}
			if moves[0].StartOn != tr.moved || moves[0].Reason != tr.reason || moves[1].StartOn != tr.joined || moves[1].EndOn != tr.moved {
				t.Errorf("%s: moves %+v", p.Name, moves)
			}
			if p.JoinedOn != tr.moved || p.OrgID != branch.ID {
				t.Errorf("%s now: %+v", p.Name, p)
			}
		}
		if found != len(transfers) {
			t.Errorf("found %d of %d transfers", found, len(transfers))
		}
	})
}

// The demo's transfer letters and the postponed election of ZB01.
func TestTransferLetters(t *testing.T) {
	loaded.Each(t, func(t *testing.T, s *store.Store) {
		ctx := zhibu.WithActor(context.Background(), zhibu.System)
		seed, _ := s.OrgByCode(ctx, BranchCode)
		ts, err := s.Transfers(ctx, seed.ID)
		if err != nil || len(ts) != 2 {
			t.Fatalf("ZB03 transfers %+v, %v", ts, err)
		}
		var out, in zhibu.Transfer
		for _, tr := range ts {
			if tr.FromOrgID == seed.ID {
				out = tr
			} else {
				in = tr
			}
		}
		if out.PersonName != retiree || out.Status != zhibu.TransferCompleted || out.ToOrgID != 0 || out.ReceiptOn != day(2024, 12, 20) {
			t.Errorf("out: %+v", out)
		}
		if in.PersonName != moverName || in.Status != zhibu.TransferIssued || in.ToOrgID != seed.ID || in.FromOrgName != "第二党支部" || in.IssuedOn.After(s.Today()) {
			t.Errorf("in: %+v", in)
		}
		left, err := s.People(ctx, seed.ID, zhibu.PersonFilter{Left: true})
		if err != nil || len(left) != 1 || left[0].Name != retiree || left[0].LeftOn != day(2024, 12, 12) {
			t.Errorf("left: %+v, %v", left, err)
		}
		// Today, the letter waits at ZB03: due (or overdue once expired).
		cat, _ := service.New(s, service.Options{}).Compliance.Catalogue(ctx)
		today := s.Today()
		facts, err := s.Facts(ctx, seed.ID, today.Year, today)
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, f := range rules.Check(cat, facts, seed.ID, today.Year) {
			if f.RuleID == "member.transfer.letter" && f.Evidence[0].ID == in.ID {
				found = f.Status == zhibu.StatusDue || f.Status == zhibu.StatusOverdue
			}
		}
		if !found {
			t.Error("no finding for the waiting letter")
		}
		cur, err := s.CurrentTerm(ctx, seed.ID)
		if err != nil || cur.AssemblyID == 0 || cur.ApprovedOn != day(2024, 4, 25) {
			t.Fatalf("ZB03's term %+v, %v", cur, err)
		}
		if m, _, err := s.Meeting(ctx, cur.AssemblyID); err != nil || m.DateIn(nil) != day(2024, 4, 18) || m.Type != zhibu.MeetAssembly || m.Late() {
			t.Errorf("the election's assembly %+v, %v", m, err)
		}
		office, _ := s.OrgByCode(ctx, OfficeBranchCode)
		exts, err := s.Extensions(ctx, office.ID)
		if err != nil || len(exts) != 1 || exts[0].Status != zhibu.ExtensionApproved || exts[0].NewEnd != day(2026, 7, 12) {
			t.Errorf("ZB01 extensions %+v, %v", exts, err)
		}
		facts, _ = s.Facts(ctx, office.ID, 2026, AsOf())
		for _, f := range rules.Check(cat, facts, office.ID, 2026) {
			if f.RuleID == "org.term.due" && f.Status != zhibu.StatusDue {
				t.Errorf("ZB01 as of AsOf, with the extension: %s %s", f.Period, f.Status)
			}
		}
	})
}
