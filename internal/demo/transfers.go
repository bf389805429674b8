package demo

import (
	"fmt"
	"strconv"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// The demo's membership transfers and postponed election, made after the
// meetings (so that the people they add change no meeting's attendance):
//
//   - ZB03 sent 马德明, a member who retired, to his residential community
//     outside zhibu: letter ZB03-2024-017 of 2 December 2024, received on 12
//     December (he left the roster then), the receipt back on 20 December —
//     completed before the demo's meetings begin, so no meeting expected him;
//   - ZB02 has issued a letter for 邵杰, who moved from the command centre
//     to ZB03's public order brigade, ten days before the demo is loaded
//     (after AsOf, so that it is in progress whenever the demo is loaded):
//     ZB03 has it to accept;
//   - ZB01's committee, elected on 12 May 2023, ran out on 12 May 2026; the
//     branch asked on 28 April to hold the election two months later
//     (its committee meetings of April and June 2026 say so) and the bureau
//     committee approved on 8 May: the term ends on 12 July 2026;
//   - ZB03's election of 18 April 2024 is linked to the general assembly
//     that held it (entered here, everyone expected present);
//   - each branch reported the secretary and deputy of its last election the
//     day after it, and the bureau committee approved them a week after it.
const (
	retiree       = "马德明"
	retireeLetter = "ZB03-2024-017"
	moverName     = "邵杰"
	moverLetter   = "ZB02-2026-003"
)

func (l *loader) transfers() error {
	svc := l.svc.Transfers
	seed, traffic, office := l.byCode[BranchCode], l.byCode[TrafficBranchCode], l.byCode[OfficeBranchCode]
	// The retiree: a member of ZB03 since 2016, in no group.
	p := l.gen.person(personSpec{retiree, male, "", 60, full}, true, seed.org.Units[0])
	p.OrgID, p.JoinedOn = seed.org.ID, day(2016, 9, 1)
	saved, err := l.s.CreatePerson(l.ctx, p)
	if err != nil {
		return fmt.Errorf("%s: %w", retiree, err)
	}
	out, err := svc.Issue(l.ctx, zhibu.Transfer{PersonID: saved.ID, ToName: "天山市天山区幸福路街道社区党委", LetterNo: retireeLetter,
		IssuedOn: day(2024, 12, 2), Reason: "退休，组织关系转入居住地社区党组织"})
	if err != nil {
		return fmt.Errorf("%s: %w", retireeLetter, err)
	}
	if _, err := svc.RecordReceipt(l.ctx, seed.org.ID, out.ID, day(2024, 12, 12), day(2024, 12, 20)); err != nil {
		return fmt.Errorf("%s: %w", retireeLetter, err)
	}

	// 邵杰's letter from ZB02 to ZB03, waiting.
	if issued := later(AsOf().AddDays(1), l.today.AddDays(-10)); !issued.After(l.s.Today()) {
		id, err := traffic.id(moverName)
		if err != nil {
			return err
		}
		if _, err := svc.Issue(l.ctx, zhibu.Transfer{PersonID: id, ToOrgID: seed.org.ID, LetterNo: moverLetter,
			IssuedOn: issued, Reason: "工作调动，由指挥调度中心调入治安管理大队"}); err != nil {
			return fmt.Errorf("%s: %w", moverLetter, err)
		}
	}

	// ZB01's election postponed by two months, approved by the bureau committee.
	ext, err := l.svc.Terms.RequestExtension(l.ctx, zhibu.Extension{OrgID: office.org.ID, Months: 2, RequestedOn: day(2026, 4, 28),
		Reason: "支部委员会部分委员工作调整，换届选举推迟至7月进行"})
	if err != nil {
		return fmt.Errorf("extension: %w", err)
	}
	bureau := zhibu.WithActor(l.ctx, zhibu.Actor{Name: "天山市公安局党委", Scope: zhibu.Scope{All: true}})
	if _, err := l.svc.Terms.DecideExtension(bureau, office.org.ID, ext.ID, true, day(2026, 5, 8), "同意推迟至2026年7月12日前完成换届选举"); err != nil {
		return fmt.Errorf("extension: %w", err)
	}
	// ZB03's committee of 18 April 2024 was elected at a general assembly,
	// entered with everyone expected present and linked to the term.
	if err := l.electionAssembly(seed, day(2024, 4, 18)); err != nil {
		return fmt.Errorf("election assembly: %w", err)
	}
	// Each branch reported its secretary (and deputy) after its last
	// election, and the bureau committee approved them within the week.
	for _, b := range []*built{office, traffic, seed} {
		cur, err := l.s.CurrentTerm(l.ctx, b.org.ID)
		if err != nil {
			return err
		}
		if _, err := l.svc.Terms.ReportSecretary(l.ctx, b.org.ID, cur.ElectedOn.AddDays(1)); err != nil {
			return fmt.Errorf("%s report: %w", b.org.Name, err)
		}
		if _, err := l.svc.Terms.ApproveSecretary(bureau, b.org.ID, cur.ElectedOn.AddDays(7)); err != nil {
			return fmt.Errorf("%s approval: %w", b.org.Name, err)
		}
	}
	return nil
}

// later is the later of two days.
func later(a, b zhibu.Date) zhibu.Date {
	if a.After(b) {
		return a
	}
	return b
}

// electionAssembly enters the held general assembly of branch b on day on
// that elected its current committee, and links it to the term.
func (l *loader) electionAssembly(b *built, on zhibu.Date) error {
	expected, err := l.s.Expected(l.ctx, b.org.ID, zhibu.MeetAssembly, on)
	if err != nil {
		return err
	}
	att := make([]zhibu.Attendance, len(expected))
	for i, p := range expected {
		att[i] = zhibu.Attendance{PersonID: p.ID, Status: zhibu.AttendPresent}
	}
	chair, err := b.id("张志刚")
	if err != nil {
		return err
	}
	recorder, err := b.id("马文斌")
	if err != nil {
		return err
	}
	n := len(expected)
	// Saved in bulk, which keeps the day it was entered (the day itself).
	ids, err := l.s.SaveMeetingsBulk(l.ctx, []store.MeetingRecord{{Meeting: zhibu.Meeting{OrgID: b.org.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
		StartsAt: time.Date(on.Year, on.Month, on.Day, 9, 30, 0, 0, zhibu.DefaultZone), Place: "三楼会议室",
		ChairID: chair, RecorderID: recorder, Topics: []string{"听取和审议上届支部委员会工作报告", "选举产生新一届支部委员会"},
		Minutes:     "会议由书记张志刚主持。\n\n应到党员" + strconv.Itoa(n) + "人，实到" + strconv.Itoa(n) + "人。以无记名投票方式差额选举产生新一届支部委员会委员5名。",
		Resolutions: []zhibu.Resolution{{Text: "选举产生第三党支部新一届支部委员会", For: n, Entitled: n}},
		EnteredAt:   time.Date(on.Year, on.Month, on.Day, 17, 0, 0, 0, zhibu.DefaultZone)}, Attendance: att}})
	if err != nil {
		return err
	}
	cur, err := l.s.CurrentTerm(l.ctx, b.org.ID)
	if err != nil {
		return err
	}
	_, err = l.svc.Terms.LinkAssembly(l.ctx, b.org.ID, cur.ID, ids[0])
	return err
}
