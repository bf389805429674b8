package gen

import (
	"strconv"

	"zhibu"
	"zhibu/internal/store"
)

var (
	letterSubjects = []string{"关于值班安排的建议", "反映辅警待遇问题", "关于加强学习培训的建议", "反映执法办案中的困难", "对支部工作的意见"}
	paperTopics    = []string{"新时代公安基层党支部标准化规范化建设研究", "以党建引领推进执法规范化建设的实践与思考", "公安机关党员教育管理的问题与对策"}
	discloseForms  = []string{"会议通报", "公示栏", "局内网"}
)

// voice is the branch's voice of each stream year:
//   - its part of each review round the superior opened: a diligent
//     branch files the report, presents it and reports the result within
//     the window; a patchy one may report late or leave the vote open.
//     The full members on the roll vote (nine in ten) on one day; only the
//     counts are kept, as CastReviewBallot keeps them;
//   - each disclosure of the catalogue (disclose.branch) for each period
//     that has ended by Until, proposed, reviewed, approved and published
//     in order near the period's end — or, as the branch keeps things,
//     left unpublished or stopped at a step;
//   - a few letters to the secretary or deputy, a third anonymous (no
//     writer), most answered within the reply days, some late, some open;
//   - the research paper: topic set in March, due at the end of November,
//     submitted by then (or late, or not).
func (sb *streamBranch) voice(b *store.StreamsBatch, res *StreamsResult, reports map[int]map[int64]int64) {
	for _, y := range sb.years {
		end := yearEnd(y)
		if id, ok := reports[y][sb.b.ID]; ok {
			sb.review(b, res, y, id)
		}
		sb.disclosures(b, res, y, end)
		for range sb.r.IntN(4) {
			l := zhibu.Letter{OrgID: sb.b.ID, To: zhibu.ToSecretary, Subject: letterSubjects[sb.r.IntN(len(letterSubjects))],
				Body: "支部书记：您好！现将有关情况反映如下，请予研究。", WrittenOn: sb.dayIn(zhibu.MakeDate(y, 1, 1), end)}
			if sb.r.IntN(4) == 0 {
				l.To = zhibu.ToDeputy
			}
			pos := zhibu.Secretary
			if l.To == zhibu.ToDeputy {
				pos = zhibu.DeputySecretary
			}
			l.HandlerID = sb.holder(pos, l.WrittenOn)
			if sb.r.IntN(3) == 0 {
				l.Anonymous = true
			} else if ms := sb.membersOn(l.WrittenOn); len(ms) > 0 {
				l.WriterID = ms[sb.r.IntN(len(ms))].ID
			} else {
				l.Anonymous = true
			}
			reply := l.WrittenOn.AddDays(2 + sb.r.IntN(zhibu.DefaultReplyDays-2))
			if !sb.kept() {
				reply = l.WrittenOn.AddDays(zhibu.DefaultReplyDays + 5 + sb.r.IntN(30))
			}
			if !reply.After(Until) {
				l.Reply, l.RepliedOn = "来信收悉，支部已研究，答复如下：将认真研究落实。", reply
				if sb.r.IntN(2) == 0 {
					l.ClosedOn = reply.AddDays(1 + sb.r.IntN(5))
					if l.ClosedOn.After(Until) {
						l.ClosedOn = zhibu.Date{}
					}
				}
			}
			b.Letters = append(b.Letters, l)
			res.Letters++
		}
		if y == Until.Year && Until.Month < 3 || !sb.kept() && sb.r.IntN(2) == 0 {
			continue // no topic set
		}
		p := zhibu.Paper{OrgID: sb.b.ID, Year: y, Topic: paperTopics[sb.r.IntN(len(paperTopics))], DueOn: zhibu.MakeDate(y, 11, 30)}
		if sub := sb.dayIn(zhibu.MakeDate(y, 10, 15), p.DueOn); sb.kept() && !sub.After(Until) {
			p.SubmittedOn = sub
		} else if late := p.DueOn.AddDays(5 + sb.r.IntN(20)); !late.After(Until) && sb.r.IntN(2) == 0 {
			p.SubmittedOn = late
		}
		b.Papers = append(b.Papers, p)
		res.Papers++
	}
}

// review is the branch's part of year y's round: report id.
func (sb *streamBranch) review(b *store.StreamsBatch, res *StreamsResult, y int, id int64) {
	opens, closes := zhibu.ReviewWindow(y, zhibu.DefaultReviewFrom, zhibu.DefaultReviewTo)
	sec := sb.holder(zhibu.Secretary, opens)
	r := store.ReviewRecord{ReportID: id, Report: zhibu.SecretaryReport{Status: zhibu.ReviewFiled, SecretaryID: sec,
		WorkDone: strconv.Itoa(y) + "年，支部认真落实“三会一课”等组织生活制度，按计划开展主题党日和政治理论学习。",
		Results:  "支部战斗堡垒作用和党员先锋模范作用得到发挥，圆满完成各项安保任务。",
		Problems: "理论学习的深度不够，个别党员参加组织生活不够经常。",
		Plan:     "加强政治理论学习，严格落实组织生活制度，推进支部标准化规范化建设。",
		FiledOn:  opens.AddDays(1 + sb.r.IntN(5))}}
	diligent := sb.kept()
	if !diligent && sb.r.IntN(3) == 0 {
		b.Reviews = append(b.Reviews, r) // filed, never presented
		return
	}
	r.Report.Status, r.Report.PresentedOn = zhibu.ReviewVoting, r.Report.FiledOn.AddDays(2+sb.r.IntN(4))
	for _, p := range sb.members {
		if p.Status == zhibu.FullMember && !p.JoinedOn.After(r.Report.PresentedOn) {
			r.Roll = append(r.Roll, p.ID)
		}
	}
	r.Voted, r.VotedOn = map[int64]bool{}, r.Report.PresentedOn
	for _, id := range r.Roll {
		if sb.r.IntN(10) == 0 {
			continue
		}
		r.Voted[id] = true
		switch x := sb.r.IntN(100); {
		case x < 72:
			r.Tally.Good++
		case x < 95:
			r.Tally.Fair++
		case x < 99:
			r.Tally.Average++
		default:
			r.Tally.Poor++
		}
	}
	res.Reviews++
	res.Ballots += len(r.Voted)
	switch {
	case diligent:
		r.Report.Status, r.Report.ReportedOn = zhibu.ReviewReported, r.Report.PresentedOn.AddDays(1+sb.r.IntN(3))
		if r.Report.ReportedOn.After(closes) {
			r.Report.ReportedOn = closes
		}
	case sb.r.IntN(2) == 0:
		r.Report.Status, r.Report.ReportedOn = zhibu.ReviewReported, closes.AddDays(5+sb.r.IntN(20)) // late
	}
	b.Reviews = append(b.Reviews, r)
}

// disclosures are the catalogue's items of year y for the periods ended
// by end.
func (sb *streamBranch) disclosures(b *store.StreamsBatch, res *StreamsResult, y int, end zhibu.Date) {
	elected := false
	for _, t := range sb.terms {
		elected = elected || (t.ElectedOn.Year == y && !t.ElectedOn.After(end))
	}
	secName := sb.name(sb.holder(zhibu.Secretary, end))
	propName := sb.name(sb.holder(zhibu.PropagandaOfficer, end))
	for _, cat := range zhibu.DisclosureCategories {
		if cat == zhibu.DiscloseElection && !elected {
			continue
		}
		for _, p := range zhibu.PeriodsOf(cat.Period(), y) {
			if p.End().After(end) {
				continue
			}
			d := zhibu.Disclosure{OrgID: sb.b.ID, Category: cat, Period: p, Title: p.Label() + cat.Label(),
				Content: p.Label() + cat.Label() + "如下，欢迎党员监督。", Audience: zhibu.AudienceBranch, Form: discloseForms[sb.r.IntN(len(discloseForms))],
				PlannedOn: p.End().AddDays(-5), Status: zhibu.DisclosureProposed, ProposedBy: propName, ProposedOn: p.End().AddDays(-15 - sb.r.IntN(10))}
			if cat == zhibu.DiscloseDecisions {
				d.Audience = zhibu.AudienceBureau
			}
			switch {
			case sb.kept():
				d.Status, d.ReviewedBy, d.ReviewedOn = zhibu.DisclosurePublished, "保密委员", d.ProposedOn.AddDays(1+sb.r.IntN(3))
				d.ApprovedBy, d.ApprovedOn = secName, d.ReviewedOn.AddDays(1+sb.r.IntN(2))
				d.PublishedOn = d.ApprovedOn.AddDays(1 + sb.r.IntN(3))
			case sb.r.IntN(2) == 0:
				continue // not proposed at all
			case sb.r.IntN(2) == 0:
				d.Status, d.ReviewedBy, d.ReviewedOn = zhibu.DisclosureReviewed, "保密委员", d.ProposedOn.AddDays(2)
			}
			b.Disclosures = append(b.Disclosures, d)
			res.Disclosures++
		}
	}
}
