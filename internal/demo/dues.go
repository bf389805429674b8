package demo

import (
	"fmt"

	"zhibu"
)

// The seed branch's dues (ZB03): every member on a salaried base from
// January 2025 (or from the month the assembly admitted them), a raise for
// half of them from January 2026, and payments month by month through last
// month, with the gaps a real branch has:
//   - 韩磊 has paid nothing since April 2026: six months and more unpaid
//     without a recorded reason, a dues.arrears finding (党章第九条);
//   - 何俊杰 paid nothing from September 2025 to March 2026 and paid those
//     seven months at once on 15 April 2026: a back-payment of more than six
//     months, flagged by dues.monthly;
//   - 刘晓燕 did not pay February and March 2026, with a recorded reason
//     (经批准缓交, in hospital), and paid them in April;
//   - 王建新 added 1000 yuan on 1 July 2026: a single payment that goes to
//     the centre (dues.voluntary).
//
// Who is a member comes from the people as loaded (person.go's statuses),
// so the dues follow whatever the other demo files make of them.

// duesBases are the monthly bases in fen, in roster order, chosen to fall
// on and beside the brackets' edges (3000.00, 5000.00, 5000.01, 10000.00).
var duesBases = []zhibu.Fen{300000, 486050, 500000, 500001, 623000, 745080, 812000, 987550, 1000000, 1025030, 1180000, 688000,
	534200, 598700, 702300, 455000, 912000, 640500, 566600, 720000, 830000, 615000, 505000, 770000}

func (l *loader) dues() error {
	b, ok := l.byCode[BranchCode]
	if !ok {
		return fmt.Errorf("dues: branch %s not made", BranchCode)
	}
	svc := l.svc.Dues
	members, err := l.s.DuesMembers(l.ctx, b.org.ID, zhibu.Month{}, zhibu.Month{}, zhibu.Date{})
	if err != nil {
		return err
	}
	first := zhibu.MakeMonth(2025, 1)
	last := zhibu.MonthOfDate(l.today).Add(-1)
	for i, md := range members {
		p := md.Person
		start := first
		if adm := p.DuesStartMonth(); adm.After(start) {
			start = adm
		}
		base := duesBases[i%len(duesBases)]
		if _, err := svc.SetBase(l.ctx, zhibu.DuesBase{PersonID: p.ID, Category: zhibu.DuesSalaried, Base: base, From: start,
			Note: "按2024年12月税后工资核定"}); err != nil {
			return fmt.Errorf("dues: %s: %w", p.Name, err)
		}
		raise := zhibu.MakeMonth(2026, 1)
		if i%2 == 0 && raise.After(start) {
			base += base / 100 * 3
			if _, err := svc.SetBase(l.ctx, zhibu.DuesBase{PersonID: p.ID, Category: zhibu.DuesSalaried, Base: base, From: raise,
				Note: "2026年1月起调资"}); err != nil {
				return fmt.Errorf("dues: %s: %w", p.Name, err)
			}
		}
		pay := func(ms []zhibu.Month, on zhibu.Date, extra zhibu.Fen, note string) error {
			if len(ms) == 0 || on.After(l.today) {
				return nil
			}
			bases, err := l.s.DuesBases(l.ctx, p.ID)
			if err != nil {
				return err
			}
			var due zhibu.Fen
			for _, m := range ms {
				b, _ := zhibu.BaseFor(bases, m)
				due += b.Monthly()
			}
			method := zhibu.PayOnline
			if i%3 == 0 {
				method = zhibu.PayCash
			}
			_, err = svc.RecordPayment(l.ctx, zhibu.Payment{PersonID: p.ID, Months: ms, Amount: due + extra, Method: method, PaidOn: on, Note: note})
			if err != nil {
				return fmt.Errorf("dues: %s %s: %w", p.Name, zhibu.MonthsLabel(ms), err)
			}
			return nil
		}
		var held []zhibu.Month // months held back to pay later
		for m := start; !m.After(last); m = m.Add(1) {
			on := zhibu.MakeDate(m.Year, m.Month, 5+i%18)
			switch {
			case p.Name == "韩磊" && !m.Before(zhibu.MakeMonth(2026, 4)):
				continue
			case p.Name == "何俊杰" && !m.Before(zhibu.MakeMonth(2025, 9)) && m.Before(zhibu.MakeMonth(2026, 4)):
				held = append(held, m)
				continue
			case p.Name == "何俊杰" && m == zhibu.MakeMonth(2026, 4):
				if err := pay(held, zhibu.MakeDate(2026, 4, 15), 0, "补交2025年9月至2026年3月党费"); err != nil {
					return err
				}
				held = nil
			case p.Name == "刘晓燕" && (m == zhibu.MakeMonth(2026, 2) || m == zhibu.MakeMonth(2026, 3)):
				held = append(held, m)
				continue
			case p.Name == "刘晓燕" && m == zhibu.MakeMonth(2026, 4):
				if _, err := svc.AddReason(l.ctx, zhibu.DuesReason{PersonID: p.ID, From: zhibu.MakeMonth(2026, 2), To: zhibu.MakeMonth(2026, 3),
					Reason: "住院治疗，经支部同意缓交"}); err != nil {
					return err
				}
				if err := pay(held, zhibu.MakeDate(2026, 4, 9), 0, "补交缓交的2、3月党费"); err != nil {
					return err
				}
				held = nil
			case p.Name == "王建新" && m == zhibu.MakeMonth(2026, 7):
				if err := pay([]zhibu.Month{m}, zhibu.MakeDate(2026, 7, 1), ToCentreExtra, "七一自愿多交党费1000元"); err != nil {
					return err
				}
				continue
			}
			if err := pay([]zhibu.Month{m}, on, 0, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// ToCentreExtra is 王建新's voluntary extra on 1 July 2026.
const ToCentreExtra zhibu.Fen = 100000
