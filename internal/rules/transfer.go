package rules

import (
	"strconv"

	"zhibu"
)

// The member.transfer.* rules read zhibu.Facts.Transfers and zhibu.Facts.Movers. A
// transfer is read as of AsOf from its dates, so a past year is judged as
// it stood then: a letter received after AsOf was still waiting on AsOf.
//
// Their findings are about the branch (the subject is the org; the message
// names the member) and fall in one month of the year checked: a settled
// transfer in the month it was settled, an open one in the month of the
// check day (c.Day()), where the calendar shows what is to be done now.

// transferState is a transfer as it stood on a day.
type transferState struct {
	received, receipt, closed bool
}

func stateOn(t *zhibu.Transfer, d zhibu.Date) transferState {
	on := func(x zhibu.Date) bool { return !x.IsZero() && !x.After(d) }
	return transferState{received: on(t.ReceivedOn), receipt: on(t.ReceiptOn), closed: on(t.ClosedOn)}
}

// transfersOf indexes zhibu.Facts.Transfers by the orgs at their ends, once per check.
func transfersOf(c *Context) map[int64][]*zhibu.Transfer {
	return c.Index("transfers", func(f *zhibu.Facts) any {
		m := map[int64][]*zhibu.Transfer{}
		for i := range f.Transfers {
			t := &f.Transfers[i]
			if t.FromOrgID != 0 {
				m[t.FromOrgID] = append(m[t.FromOrgID], t)
			}
			if t.ToOrgID != 0 {
				m[t.ToOrgID] = append(m[t.ToOrgID], t)
			}
		}
		return m
	}).(map[int64][]*zhibu.Transfer)
}

func transferEvidence(t *zhibu.Transfer) zhibu.Evidence {
	return zhibu.Evidence{Kind: zhibu.EvidenceTransfer, ID: t.ID, Label: "介绍信" + t.LetterNo + "（" + t.PersonName + "）"}
}

// letterName is "周鹏的介绍信（编号2026-01）".
func letterName(t *zhibu.Transfer) string {
	return t.PersonName + "的组织关系介绍信（" + t.LetterNo + "）"
}

// transferLetter (member.transfer.letter): a letter is valid for at most
// valid_months months and the receiver returns a receipt. For each letter
// with an end in the branch, as of AsOf:
//
// The sending branch (which stays responsible for the member until the
// destination accepts):
//   - waiting to be received: due up to its last valid day (Transfer.ExpiresOn,
//     inclusive), overdue after it;
//   - received outside zhibu, the receipt not back: due up to the last valid
//     day, overdue after it;
//   - received (and the receipt back): ok; received after the last valid
//     day: a violation (an expired letter was used);
//   - a letter valid longer than valid_months: a violation.
//
// The receiving branch:
//   - a letter from another branch waiting for it to accept: due up to
//     the last valid day, overdue after it;
//   - a letter from outside it received, its receipt not yet sent back:
//     due up to the last valid day, overdue after it;
//   - accepted (receipt sent): ok.
//
// Returned and cancelled letters have no finding. The responsible position
// is the organization officer of the branch concerned.
type transferLetter struct{}

func (transferLetter) ID() string { return "member.transfer.letter" }

func (transferLetter) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	day := c.Day()
	var out []zhibu.Finding
	for _, t := range transfersOf(c)[c.Org.ID] {
		if t.IssuedOn.After(day) {
			continue
		}
		res, ok := c.Params(t.IssuedOn)
		if !ok {
			continue
		}
		st := stateOn(t, day)
		if st.closed {
			continue
		}
		expires := t.ExpiresOn()
		sending := t.FromOrgID == c.Org.ID
		f := c.New(res, c.Org, zhibu.MonthOf(day))
		f.Responsible = zhibu.OrgOfficer
		f.Evidence = []zhibu.Evidence{transferEvidence(t)}
		f.Deadline = expires
		settle := func(d zhibu.Date, msg string) bool {
			if d.Year != c.Year {
				return false // settled in another year: that year's finding
			}
			f.Period, f.Status, f.Message = zhibu.MonthOf(d), zhibu.StatusOK, msg
			return true
		}
		valid := "有效期至" + expires.Chinese()
		switch {
		case sending && !st.received:
			f.Status = c.Status(false, expires)
			if f.Status == zhibu.StatusOverdue {
				f.Message = letterName(t) + "已于" + expires.Chinese() + "过期，" + t.Destination() + "仍未接收，应联系接收方，或收回后重新开具"
			} else {
				f.Message = letterName(t) + "已开往" + t.Destination() + "，" + valid + "，待接收方接收"
			}
		case sending && t.ToOrgID == 0 && !st.receipt:
			f.Status = c.Status(false, expires)
			if f.Status == zhibu.StatusOverdue {
				f.Message = t.Destination() + "已于" + t.ReceivedOn.Chinese() + "接收" + t.PersonName + "，回执逾期未退回，应催要回执"
			} else {
				f.Message = t.Destination() + "已于" + t.ReceivedOn.Chinese() + "接收" + t.PersonName + "，待退回回执（" + valid + "）"
			}
		case !sending && t.FromOrgID != 0 && !st.received:
			f.Status = c.Status(false, expires)
			if f.Status == zhibu.StatusOverdue {
				f.Message = t.Source() + "开来的" + letterName(t) + "已于" + expires.Chinese() + "过期未接收，应与转出支部联系重新开具"
			} else {
				f.Message = t.Source() + "开来的" + letterName(t) + valid + "，应及时办理接收"
			}
		case !sending && t.FromOrgID == 0 && !st.receipt:
			f.Status = c.Status(false, expires)
			if f.Status == zhibu.StatusOverdue {
				f.Message = "已接收" + t.Source() + "转来的" + t.PersonName + "，回执逾期未退回转出组织，应尽快退回"
			} else {
				f.Message = "已接收" + t.Source() + "转来的" + t.PersonName + "，应在" + expires.Chinese() + "前向转出组织退回回执"
			}
		default:
			done := t.ReceiptOn
			if done.IsZero() || done.After(day) {
				done = t.ReceivedOn
			}
			msg := letterName(t) + "已于" + t.ReceivedOn.Chinese() + "接收，转接完成"
			if !sending {
				msg = "已于" + t.ReceivedOn.Chinese() + "接收" + t.Source() + "转来的" + t.PersonName + "，转接完成"
			}
			if !settle(done, msg) {
				continue
			}
			if t.ReceivedOn.After(expires) {
				f.Status = zhibu.StatusViolation
				f.Message = letterName(t) + "有效期至" + expires.Chinese() + "，" + t.ReceivedOn.Chinese() + "才接收，介绍信已过期"
			}
		}
		if max := res.Params.Get("valid_months"); sending && max > 0 && t.ValidMonths > max && f.Status != zhibu.StatusOverdue {
			f.Status = zhibu.StatusViolation
			f.Message = letterName(t) + "有效期" + strconv.Itoa(t.ValidMonths) + "个月，超过规定的" + strconv.Itoa(max) + "个月"
		}
		out = append(out, f)
	}
	return out
}

// transferRequired (member.transfer.required): a member whose work unit is
// none of their branch's units has changed unit, and their membership
// should follow them; until the new org accepts, the old one stays
// responsible. For each such member (zhibu.Facts.Movers), as of AsOf: ok while a
// transfer out of theirs is under way; otherwise due for away_months months
// from the change (zhibu.Mover.Since) and overdue after. The rule's other case
// (six months away at a fixed place) needs records of members' absences,
// which zhibu does not keep yet.
type transferRequired struct{}

func (transferRequired) ID() string { return "member.transfer.required" }

func (transferRequired) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	day := c.Day()
	var out []zhibu.Finding
	for _, m := range c.Facts.Movers {
		if m.OrgID != c.Org.ID || m.Since.After(day) {
			continue
		}
		res, ok := c.Params(day)
		if !ok {
			continue
		}
		f := c.New(res, c.Org, zhibu.MonthOf(day))
		f.Responsible = zhibu.OrgOfficer
		f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidencePerson, ID: m.PersonID, Label: m.Name + "（" + m.Unit + "）"}}
		var pending *zhibu.Transfer
		for _, t := range transfersOf(c)[c.Org.ID] {
			if t.PersonID == m.PersonID && t.FromOrgID == c.Org.ID && !t.IssuedOn.After(day) && !stateOn(t, day).closed {
				pending = t
			}
		}
		head := m.Name + "现在" + m.Unit + "工作，不在本支部所辖单位"
		if pending != nil {
			f.Status = zhibu.StatusOK
			f.Message = head + "，已开具组织关系介绍信（" + pending.LetterNo + "）"
			f.Evidence = append(f.Evidence, transferEvidence(pending))
			out = append(out, f)
			continue
		}
		if months := res.Params.Get("away_months"); months > 0 {
			f.Deadline = m.Since.AddMonths(months)
		} else {
			f.Deadline = m.Since
		}
		f.Status = c.Status(false, f.Deadline)
		if f.Status == zhibu.StatusOverdue {
			f.Message = head + "，自" + m.Since.Chinese() + "起已超过" + strconv.Itoa(res.Params.Get("away_months")) + "个月未转接组织关系，应及时办理"
		} else {
			f.Message = head + "，应转接组织关系；转接前仍由本支部管理"
		}
		out = append(out, f)
	}
	return out
}
