package demo

import (
	"fmt"
	"slices"

	"zhibu"
	"zhibu/internal/rules"
)

// Study and talks (docs/study.md, docs/talks.md) for 2025 and 2026 up to
// AsOf, in every branch: a monthly study session of the branch (three and
// a half hours, everyone present) and of its committee (four hours: the
// committee reaches the 56 hours the bureau asks of it), the 七一 session
// on AsOf, a self-study note (eight hours) a year for each member and a
// note of the year's first session; the talks of the
// committee's pairs, of each committee member with the officers they
// supervise each half year, of the secretary with each committee member
// each half year, and of the members in pairs. The seed branch has its
// plans (the bureau's and its own) and its 2025 summary, and the seed's
// branch layer of study.records and talk.seed.
//
// The gaps planted, which the findings must show and nothing else:
// StudyGapName missed five of the seed branch's sessions of 2025 and has
// 24.5 hours (member.study.hours), and TalkGapSupervisor did not talk with
// the first officer she supervises in the second half of 2025 (talk.seed).
const (
	StudyGapName      = "徐海涛"
	TalkGapSupervisor = "刘晓燕"
)

// studyTalks loads the study and talk records of every branch.
func (l *loader) studyTalks() error {
	root := l.byCode[CommitteeCode].org
	// The bureau asks 56 hours a year of branch secretaries and committee
	// members (member.study.hours.leaders, RULES.md).
	if err := l.svc.Compliance.AddRuleVersion(l.ctx, zhibu.RuleVersion{ID: "member.study.hours.leaders", Layer: zhibu.LayerSuperior,
		OrgID: root.ID, EffectiveFrom: day(2018, 1, 1), Source: "天山市公安局党委党员干部学习制度", Title: "支部书记、支部委员每年集中学习不少于56学时",
		Params: zhibu.RuleParams{"min_hours": 56}}); err != nil {
		return fmt.Errorf("study layer: %w", err)
	}
	seed := l.byCode[BranchCode]
	for _, v := range rules.StudyTalkSeedLayer(seed.org.ID, day(2018, 1, 1)) {
		if err := l.svc.Compliance.AddRuleVersion(l.ctx, v); err != nil {
			return fmt.Errorf("study layer: %w", err)
		}
	}
	for _, code := range []string{OfficeBranchCode, TrafficBranchCode, BranchCode} {
		b := l.byCode[code]
		if err := l.studyOf(b); err != nil {
			return fmt.Errorf("%s study: %w", b.org.Name, err)
		}
		if err := l.talksOf(b); err != nil {
			return fmt.Errorf("%s talks: %w", b.org.Name, err)
		}
	}
	return l.studyPlans(seed)
}

// committeeOn are the people holding a seat of the branch's term in force
// on day d.
func (l *loader) committeeOn(b *built, d zhibu.Date) ([]int64, error) {
	terms, err := l.s.Terms(l.ctx, b.org.ID)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, t := range terms {
		if t.ElectedOn.After(d) || (!t.ClosedOn.IsZero() && !d.Before(t.ClosedOn)) {
			continue
		}
		for _, s := range t.Seats {
			if s.Active(d) && !slices.Contains(out, s.PersonID) {
				out = append(out, s.PersonID)
			}
		}
	}
	return out, nil
}

// secretaryOn is the branch's secretary on day d, or 0.
func (l *loader) secretaryOn(b *built, d zhibu.Date) (int64, error) {
	terms, err := l.s.Terms(l.ctx, b.org.ID)
	if err != nil {
		return 0, err
	}
	for _, t := range terms {
		for _, s := range t.Seats {
			if s.Position == zhibu.Secretary && s.Active(d) && !t.ElectedOn.After(d) {
				return s.PersonID, nil
			}
		}
	}
	return 0, nil
}

var studyTopics = []string{
	"学习《中国共产党章程》", "学习《中国共产党支部工作条例（试行）》", "学习《中国共产党纪律处分条例》", "学习《中国共产党党员教育管理工作条例》",
	"学习党的二十大报告", "学习党史：新民主主义革命时期", "学习党史：社会主义革命和建设时期", "学习党史：改革开放新时期",
	"学习《公安机关人民警察纪律条令》", "学习民族团结进步教育材料", "学习全面从严治党有关论述", "学习年度工作会议精神",
}

// studyOf records the branch's sessions and its members' notes.
func (l *loader) studyOf(b *built) error {
	members, err := l.s.People(l.ctx, b.org.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return err
	}
	type month struct{ y, m int }
	var months []month
	for m := 1; m <= 12; m++ {
		months = append(months, month{2025, m})
	}
	for m := 1; m <= 6; m++ {
		months = append(months, month{2026, m})
	}
	first := map[int]int64{} // the year's first session, for a note
	for i, mo := range months {
		on := day(mo.y, mo.m, 12)
		var present []int64
		for _, p := range members {
			// The gap: absent from five sessions of 2025.
			if b.org.Code == BranchCode && p.Name == StudyGapName && mo.y == 2025 && mo.m >= 6 && mo.m <= 10 {
				continue
			}
			present = append(present, p.ID)
		}
		x, err := l.svc.Study.AddSession(l.ctx, zhibu.StudySession{OrgID: b.org.ID, HeldOn: on, Topic: studyTopics[i%len(studyTopics)],
			Materials: "支部统一下发学习材料", Minutes: 210, Present: present})
		if err != nil {
			return fmt.Errorf("session %s: %w", on, err)
		}
		if _, ok := first[mo.y]; !ok {
			first[mo.y] = x.ID
		}
		committee, err := l.committeeOn(b, on.AddDays(7))
		if err != nil {
			return err
		}
		if len(committee) > 0 {
			if _, err := l.svc.Study.AddSession(l.ctx, zhibu.StudySession{OrgID: b.org.ID, HeldOn: on.AddDays(7), Topic: "支委会集中学习：" + studyTopics[(i+5)%len(studyTopics)],
				Minutes: 240, Present: committee}); err != nil {
				return fmt.Errorf("committee session %s: %w", on, err)
			}
		}
	}
	var all []int64
	for _, p := range members {
		all = append(all, p.ID)
	}
	if _, err := l.svc.Study.AddSession(l.ctx, zhibu.StudySession{OrgID: b.org.ID, HeldOn: AsOf(), Topic: "七一专题学习：重温入党誓词，学习党的光辉历程",
		Minutes: 210, Present: all}); err != nil {
		return fmt.Errorf("七一 session: %w", err)
	}
	for _, p := range members {
		for _, y := range []int{2025, 2026} {
			if _, err := l.svc.Study.AddNote(l.ctx, zhibu.StudyNote{PersonID: p.ID, SessionID: first[y], WrittenOn: day(y, 1, 13), Title: "学习心得",
				Content: "通过学习，进一步坚定理想信念，增强了“四个意识”。"}); err != nil {
				return fmt.Errorf("note of %s: %w", p.Name, err)
			}
			if b.org.Code == BranchCode && p.Name == StudyGapName && y == 2025 {
				continue // the gap: no self-study either
			}
			if _, err := l.svc.Study.AddNote(l.ctx, zhibu.StudyNote{PersonID: p.ID, WrittenOn: day(y, 3, 20), Title: "自学笔记", Minutes: 480,
				Content: "自学党章党规和有关学习材料，摘录要点并写出体会。"}); err != nil {
				return fmt.Errorf("self-study of %s: %w", p.Name, err)
			}
		}
	}
	return nil
}

// studyPlans records the seed branch's plans of 2025 and 2026 and its 2025
// summary.
func (l *loader) studyPlans(b *built) error {
	for _, y := range []int{2025, 2026} {
		var items []zhibu.StudyPlanItem
		for m := 1; m <= 12; m++ {
			items = append(items, zhibu.StudyPlanItem{Month: m, Topic: studyTopics[m-1], Materials: "局党委统一下发"})
		}
		ys := fmt.Sprint(y)
		for _, p := range []zhibu.StudyPlan{
			{OrgID: b.org.ID, Year: y, Kind: zhibu.StudyPlanSuperior, Title: "天山市公安局党委" + ys + "年政治理论学习计划", IssuedOn: day(y, 1, 8), Items: items},
			{OrgID: b.org.ID, Year: y, Kind: zhibu.StudyPlanBranch, Title: "第三党支部" + ys + "年政治理论学习计划", IssuedOn: day(y, 1, 15), Items: items},
		} {
			if _, err := l.svc.Study.SavePlan(l.ctx, p); err != nil {
				return fmt.Errorf("plan %d: %w", y, err)
			}
		}
	}
	return l.svc.Study.SaveSummary(l.ctx, zhibu.StudySummary{OrgID: b.org.ID, Year: 2025, WrittenOn: day(2025, 12, 26),
		Text: "2025年，支部按照局党委和支部政治理论学习计划，每月组织集中学习，党员普遍记有学习笔记。个别党员参加集中学习次数偏少，学时不足，2026年将加强督促。"})
}

// talksOf records the branch's talks of 2025 and of the first half of 2026.
func (l *loader) talksOf(b *built) error {
	members, err := l.s.People(l.ctx, b.org.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return err
	}
	sup, err := l.s.Supervisions(l.ctx, b.org.ID)
	if err != nil {
		return err
	}
	name := map[int64]string{}
	for _, p := range b.people {
		name[p.ID] = p.Name
	}
	talk := func(a, c int64, on zhibu.Date, topics string) error {
		_, err := l.svc.Talks.Record(l.ctx, zhibu.Talk{AID: a, BID: c, HeldOn: on, Place: "支部办公室", Topics: topics, FollowUp: "持续关注，适时再谈"})
		if err != nil {
			return fmt.Errorf("talk %s—%s %s: %w", name[a], name[c], on, err)
		}
		return nil
	}
	for _, y := range []int{2025, 2026} {
		committee, err := l.committeeOn(b, day(y, 4, 1))
		if err != nil {
			return err
		}
		secretary, err := l.secretaryOn(b, day(y, 4, 1))
		if err != nil {
			return err
		}
		// The committee's pairs (April), and in the seed branch each half
		// the secretary with each committee member (April, October) and
		// each committee member with the officers they supervise (May,
		// November); elsewhere the supervisors' talks once a year.
		halves := []int{4, 10}
		if y == 2026 {
			halves = halves[:1]
		}
		seedLayer := b.org.Code == BranchCode
		if !seedLayer {
			halves = halves[:1] // talk.pairs asks once a year
		}
		for h, m := range halves {
			for i, a := range committee {
				for _, c := range committee[i+1:] {
					// The whole committee's pairs once a year; the
					// secretary's each half.
					if h > 0 && a != secretary && c != secretary {
						continue
					}
					if err := talk(a, c, day(y, m, 10+i), "交流思想和工作，互相提醒"); err != nil {
						return err
					}
				}
			}
			skipped := false
			for _, v := range sup {
				if !slices.Contains(committee, v.SupervisorID) || v.StartOn.After(day(y, m+1, 15)) {
					continue
				}
				if b.org.Code == BranchCode && y == 2025 && m == 10 && v.SupervisorName == TalkGapSupervisor && !skipped {
					skipped = true // the gap
					continue
				}
				if err := talk(v.SupervisorID, v.OfficerID, day(y, m+1, 15), "了解思想、工作和家庭情况"); err != nil {
					return err
				}
			}
		}
		// Members not on the committee and not supervised talk with the
		// secretary; the others in pairs.
		var plain []int64
		for _, p := range members {
			if slices.Contains(committee, p.ID) || !p.AdmittedOn.Before(day(y, 1, 1)) {
				continue // a member admitted in the year is not asked yet
			}
			plain = append(plain, p.ID)
			supervised := false
			for _, v := range sup {
				supervised = supervised || (v.OfficerID == p.ID && slices.Contains(committee, v.SupervisorID) && !v.StartOn.After(day(y, 5, 15)))
			}
			if !supervised && secretary != 0 {
				if err := talk(secretary, p.ID, day(y, 6, 5), "谈心谈话，了解思想动态"); err != nil {
					return err
				}
			}
		}
		for i := 0; i+1 < len(plain); i += 2 {
			if err := talk(plain[i], plain[i+1], day(y, 6, 18), "党员之间交流学习体会"); err != nil {
				return err
			}
		}
		if len(plain)%2 == 1 && len(plain) > 1 {
			if err := talk(plain[len(plain)-1], plain[0], day(y, 6, 18), "党员之间交流学习体会"); err != nil {
				return err
			}
		}
	}
	return nil
}
