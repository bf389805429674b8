package gen

import (
	"maps"
	"slices"
	"strconv"

	"zhibu"
	"zhibu/internal/store"
)

var (
	studyTopics = []string{"学习党的二十大精神", "学习《中国共产党章程》", "学习《中国共产党纪律处分条例》", "学习习近平法治思想",
		"学习新时代公安工作要求", "学习《中国共产党支部工作条例（试行）》", "学习全国公安工作会议精神", "学习英模先进事迹"}
	talkTopics = []string{"思想动态和工作情况", "家庭困难和工作压力", "落实全面从严治党要求", "执法规范化和作风建设", "对支部工作的意见建议"}
)

// study is the branch's study and talks of each stream year:
//   - the superior's plan received and the branch's own plan in January or
//     February (a lax branch may have none);
//   - a branch study session of three hours most months, members present
//     mostly (attendance as for meetings), with a note by some of those
//     present, and self-study notes of two to four hours, two to four a
//     year, so that most members reach 32 hours and some do not;
//   - the year's summary in December (none for Until's year, not over);
//   - from the first stream year, each committee member but the secretary
//     supervising two or three officers (分管民警);
//   - heart-to-heart talks: each half, the secretary with each committee
//     member and each supervisor with their officers; each year the other
//     committee pairs, and each member with a committee member and with
//     another member — each kept as the branch keeps things.
func (sb *streamBranch) study(b *store.StreamsBatch, res *StreamsResult) {
	first := zhibu.MakeDate(sb.years[0], 1, 1)
	sup := sb.supervise(b, first)
	for _, y := range sb.years {
		end := yearEnd(y)
		for _, kind := range []zhibu.StudyPlanKind{zhibu.StudyPlanSuperior, zhibu.StudyPlanBranch} {
			if kind == zhibu.StudyPlanBranch && !sb.kept() {
				continue
			}
			p := zhibu.StudyPlan{OrgID: sb.b.ID, Year: y, Kind: kind, IssuedOn: sb.dayIn(zhibu.MakeDate(y, 1, 5), zhibu.MakeDate(y, 2, 25)),
				Title: strconv.Itoa(y) + "年度党支部政治理论学习计划"}
			if kind == zhibu.StudyPlanSuperior {
				p.Title = strconv.Itoa(y) + "年度局党委理论学习中心组学习计划"
			}
			for m := 1; m <= 12; m++ {
				p.Items = append(p.Items, zhibu.StudyPlanItem{Month: m, Topic: studyTopics[(m+y)%len(studyTopics)], Materials: "学习材料汇编"})
			}
			b.StudyPlans = append(b.StudyPlans, p)
		}
		for month := zhibu.MonthOf(zhibu.MakeDate(y, 1, 1)); !month.Start().After(end); month = month.Next() {
			if !sb.kept() || sb.r.IntN(12) == 0 {
				continue
			}
			day := sb.dayIn(month.Start(), month.End())
			if day.After(end) {
				continue
			}
			x := zhibu.StudySession{OrgID: sb.b.ID, HeldOn: day, Topic: studyTopics[sb.r.IntN(len(studyTopics))], Materials: "学习材料汇编", Minutes: 180}
			for _, a := range sb.attendance(sb.membersOn(day)) {
				if a.Status == zhibu.AttendPresent {
					x.Present = append(x.Present, a.PersonID)
				}
			}
			b.StudySessions = append(b.StudySessions, x)
			res.StudySessions++
			for _, id := range x.Present {
				if sb.r.IntN(3) == 0 {
					b.StudyNotes = append(b.StudyNotes, store.StudyNoteRecord{Session: len(b.StudySessions),
						Note: zhibu.StudyNote{PersonID: id, WrittenOn: day, Title: x.Topic + "心得", Content: "通过学习，进一步提高了思想认识。"}})
					res.StudyNotes++
				}
			}
		}
		for _, p := range sb.membersOn(end) {
			n := 2 + sb.r.IntN(3)
			if sb.r.IntN(100) >= sb.keep {
				n = sb.r.IntN(2)
			}
			for range n {
				day := sb.dayIn(zhibu.MakeDate(y, 1, 10), end)
				if day.Before(p.AdmittedOn) {
					continue
				}
				mins := 120 + 60*sb.r.IntN(3)
				b.StudyNotes = append(b.StudyNotes, store.StudyNoteRecord{Note: zhibu.StudyNote{PersonID: p.ID, WrittenOn: day,
					Title: "自学" + studyTopics[sb.r.IntN(len(studyTopics))], Content: "自学笔记：联系工作实际，谈学习体会。", Minutes: mins}})
				res.StudyNotes++
			}
		}
		if y < Until.Year && sb.kept() {
			b.StudySummaries = append(b.StudySummaries, zhibu.StudySummary{OrgID: sb.b.ID, Year: y, WrittenOn: sb.dayIn(zhibu.MakeDate(y, 12, 15), zhibu.MakeDate(y, 12, 30)),
				Text: strconv.Itoa(y) + "年度支部政治理论学习总结：全年按计划组织集中学习，党员撰写学习笔记。"})
		}
		sb.talks(b, res, y, end, sup)
	}
}

// supervise has each committee member on day from but the secretary
// supervise two or three members not on the committee, recorded in the
// batch; it returns them by supervisor.
func (sb *streamBranch) supervise(b *store.StreamsBatch, from zhibu.Date) map[int64][]int64 {
	committee := sb.committee(from)
	sec := sb.holder(zhibu.Secretary, from)
	var officers []int64
	for _, p := range sb.membersOn(from) {
		if !containsID(committee, p.ID) {
			officers = append(officers, p.ID)
		}
	}
	out := map[int64][]int64{}
	k := 0
	for _, c := range committee {
		if c == sec {
			continue
		}
		for range 2 + sb.r.IntN(2) {
			if k >= len(officers) {
				break
			}
			out[c] = append(out[c], officers[k])
			b.Supervisions = append(b.Supervisions, zhibu.Supervision{OrgID: sb.b.ID, SupervisorID: c, OfficerID: officers[k], StartOn: from})
			k++
		}
	}
	return out
}

// talks are the heart-to-heart talks of year y (to end).
func (sb *streamBranch) talks(b *store.StreamsBatch, res *StreamsResult, y int, end zhibu.Date, sup map[int64][]int64) {
	talk := func(a, other int64, from, to zhibu.Date) {
		if a == 0 || other == 0 || a == other || !sb.kept() {
			return
		}
		b.Talks = append(b.Talks, zhibu.Talk{OrgID: sb.b.ID, AID: a, BID: other, HeldOn: sb.dayIn(from, to), Place: "支部办公室",
			Topics: talkTopics[sb.r.IntN(len(talkTopics))], FollowUp: "已跟进落实", RecordedBy: a})
		res.Talks++
	}
	halves := []struct{ from, to zhibu.Date }{{zhibu.MakeDate(y, 1, 1), zhibu.MakeDate(y, 6, 30)}, {zhibu.MakeDate(y, 7, 1), zhibu.MakeDate(y, 12, 31)}}
	talked := map[zhibu.Pair]bool{}
	for _, h := range halves {
		if h.from.After(end) {
			continue
		}
		to := h.to
		if to.After(end) {
			to = end
		}
		sec := sb.holder(zhibu.Secretary, to)
		for _, c := range sb.committee(to) {
			talk(sec, c, h.from, to)
			talked[zhibu.PairOf(sec, c)] = true
		}
		for _, c := range slices.Sorted(maps.Keys(sup)) {
			for _, o := range sup[c] {
				talk(c, o, h.from, to)
				talked[zhibu.PairOf(c, o)] = true
			}
		}
	}
	from := zhibu.MakeDate(y, 1, 1)
	committee := sb.committee(end)
	for i, a := range committee {
		for _, c := range committee[i+1:] {
			if !talked[zhibu.PairOf(a, c)] {
				talk(a, c, from, end)
			}
		}
	}
	var plain []int64
	for _, p := range sb.membersOn(end) {
		if !containsID(committee, p.ID) {
			plain = append(plain, p.ID)
		}
	}
	for i, p := range plain {
		supervised := false
		for c, os := range sup {
			if containsID(os, p) && containsID(committee, c) {
				supervised = true
			}
		}
		if !supervised && len(committee) > 0 {
			talk(committee[sb.r.IntN(len(committee))], p, from, end)
		}
		if i%2 == 0 && i+1 < len(plain) {
			talk(p, plain[i+1], from, end)
		} else if i%2 == 0 && i > 0 {
			talk(p, plain[i-1], from, end)
		}
	}
}
