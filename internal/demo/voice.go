package demo

import (
	"context"
	"fmt"

	"zhibu"
)

// The seed branch's voice (issue 14 part B), 2025–2026, recorded through
// the store's dated writes as the people who made them (a letter as its
// writer, a review as the secrecy officer 陈思远, an approval as the
// secretary 张志刚), with these deliberate gaps:
//
//   - disclosure: every catalogue item of 2025 published through the
//     procedure except the dues of the second half of 2025 (disclose.branch
//     overdue); in 2026 organizational life and dues of the first half
//     published in June, and the 2026 development status proposed on 20
//     June for 28 June and still waiting for its secrecy review
//     (disclose.procedure overdue on 1 July);
//   - the mailbox: four letters of 2025 answered in time; in 2026 an
//     anonymous letter of 1 June not answered (mailbox.reply overdue from
//     17 June) and a named one of 25 June waiting (due to 10 July);
//   - the paper: 2025's on the seed's topic, with suggestions and two
//     drafts, submitted on 28 November before its deadline of 30 November;
//     2026's topic set in March with a suggestion and no draft yet (due).
const (
	PaperTopic2025 = "如何创新党员民警教育方式方法，推进党的创新理论学习教育常态化制度化"
	PaperTopic2026 = "以“学讲话、转作风、促落实”专项教育促进基层党支部标准化建设"
)

// as is ctx acting as the seed branch's person name with grants on it.
func (l *loader) as(b *built, name string, perms ...zhibu.Perm) (context.Context, error) {
	id, err := b.id(name)
	if err != nil {
		return nil, err
	}
	a := zhibu.Actor{AccountID: 0, PersonID: id, Name: name, Roles: []zhibu.Role{zhibu.RoleMember}, Scope: zhibu.Scope{Self: id, Paths: []string{b.org.Path}}}
	for _, p := range append(perms, zhibu.PermOrgRead) {
		a.Grants = append(a.Grants, zhibu.Grant{Perm: p, Path: b.org.Path})
	}
	return zhibu.WithActor(l.ctx, a), nil
}

func (l *loader) voice() error {
	b := l.byCode[BranchCode]
	propaganda, err := l.as(b, "刘晓燕", zhibu.PermDisclose, zhibu.PermMailbox)
	if err != nil {
		return err
	}
	secrecy, err := l.as(b, "陈思远", zhibu.PermSecrecyReview)
	if err != nil {
		return err
	}
	secretary, err := l.as(b, "张志刚", zhibu.PermDisclose, zhibu.PermDiscloseApprove, zhibu.PermMailbox, zhibu.PermPaper)
	if err != nil {
		return err
	}
	s := l.s
	// disclose proposes an item for period p on day on and, unless stop,
	// takes it through review (the next day), approval and publication.
	disclose := func(c zhibu.DisclosureCategory, p zhibu.Period, title, content string, aud zhibu.Audience, on zhibu.Date, stop bool) error {
		d, err := s.ProposeDisclosure(propaganda, zhibu.Disclosure{OrgID: b.org.ID, Category: c, Period: p, Title: title, Content: content,
			Audience: aud, Form: "支部党员大会通报、公示栏", PlannedOn: on.AddDays(8)}, on)
		if err != nil || stop {
			return err
		}
		if _, err := s.ReviewDisclosure(secrecy, d.ID, true, "", on.AddDays(1)); err != nil {
			return err
		}
		if _, err := s.ApproveDisclosure(secretary, d.ID, on.AddDays(2)); err != nil {
			return err
		}
		_, err = s.PublishDisclosure(propaganda, d.ID, on.AddDays(3))
		return err
	}
	y25 := zhibu.Period{Kind: zhibu.PeriodYear, Year: 2025, N: 1}
	h := func(y, n int) zhibu.Period { return zhibu.Period{Kind: zhibu.PeriodHalf, Year: y, N: n} }
	for _, x := range []struct {
		c       zhibu.DisclosureCategory
		p       zhibu.Period
		title   string
		content string
		aud     zhibu.Audience
		on      zhibu.Date
	}{
		{zhibu.DiscloseLife, h(2025, 1), "2025年上半年组织生活情况", "上半年召开支部党员大会2次、支委会6次、党小组会18次，书记讲党课2次。", zhibu.AudienceBranch, day(2025, 6, 20)},
		{zhibu.DiscloseDues, h(2025, 1), "2025年上半年党费收缴情况", "上半年应交党费的党员均按月交纳，党费按规定上缴。", zhibu.AudienceBranch, day(2025, 6, 23)},
		{zhibu.DiscloseLife, h(2025, 2), "2025年下半年组织生活情况", "下半年召开支部党员大会2次、支委会6次，开展主题党日6次。", zhibu.AudienceBranch, day(2025, 12, 10)},
		{zhibu.DiscloseDecisions, y25, "2025年贯彻落实局党委决策部署情况", "全年传达学习局党委文件12份，逐项落实。", zhibu.AudienceBureau, day(2025, 12, 5)},
		{zhibu.DiscloseDevelopment, y25, "2025年党员发展情况", "全年确定入党积极分子2名、发展对象1名。", zhibu.AudiencePublic, day(2025, 12, 8)},
		{zhibu.DiscloseAwards, y25, "2025年党员奖惩情况", "全年党员受表彰3人次，无受处分情况。", zhibu.AudienceBranch, day(2025, 12, 12)},
		{zhibu.DiscloseSecretaryReport, y25, "第三党支部书记2025年抓党建工作述职报告", "述职报告全文及评议结果：好。", zhibu.AudienceBureau, day(2025, 11, 20)},
		{zhibu.DiscloseLife, h(2026, 1), "2026年上半年组织生活情况", "上半年召开支部党员大会2次、支委会6次。", zhibu.AudienceBranch, day(2026, 6, 15)},
		{zhibu.DiscloseDues, h(2026, 1), "2026年上半年党费收缴情况", "上半年党费收缴情况见党费台账。", zhibu.AudienceBranch, day(2026, 6, 16)},
	} {
		if err := disclose(x.c, x.p, x.title, x.content, x.aud, x.on, false); err != nil {
			return fmt.Errorf("disclosure %s: %w", x.title, err)
		}
	}
	if err := disclose(zhibu.DiscloseDevelopment, zhibu.Period{Kind: zhibu.PeriodYear, Year: 2026, N: 1}, "2026年上半年党员发展情况",
		"上半年确定入党积极分子1名。", zhibu.AudienceBranch, day(2026, 6, 20), true); err != nil {
		return fmt.Errorf("disclosure 2026: %w", err)
	}

	// The mailbox.
	for _, x := range []struct {
		writer    string
		to        zhibu.Recipient
		anonymous bool
		subject   string
		on        zhibu.Date
		reply     string
		repliedOn zhibu.Date
	}{
		{"周鹏", zhibu.ToSecretary, true, "建议改进集中学习方式", day(2025, 3, 10), "已在支委会研究，下季度起采用专题研讨方式。", day(2025, 3, 20)},
		{"李春生", zhibu.ToDeputy, false, "反映值班安排问题", day(2025, 5, 6), "已与大队协调，调整值班表。", day(2025, 5, 15)},
		{"周鹏", zhibu.ToSecretary, true, "对党费收缴的疑问", day(2025, 9, 2), "党费按月收缴，基数按税后工资计算，详见党务公开。", day(2025, 9, 12)},
		{"李春生", zhibu.ToSecretary, true, "希望组织谈心谈话", day(2025, 11, 3), "已安排支委分别谈心谈话。", day(2025, 11, 14)},
		{"周鹏", zhibu.ToSecretary, true, "建议增加业务培训", day(2026, 6, 1), "", zhibu.Date{}},
		{"李春生", zhibu.ToDeputy, false, "申请参加主题党日志愿服务", day(2026, 6, 25), "", zhibu.Date{}},
	} {
		writer, err := l.as(b, x.writer)
		if err != nil {
			return err
		}
		letter, _, err := s.WriteLetter(writer, zhibu.Letter{To: x.to, Anonymous: x.anonymous, Subject: x.subject,
			Body: x.subject + "，请支部研究。"}, x.on)
		if err != nil {
			return fmt.Errorf("letter %s: %w", x.subject, err)
		}
		if x.reply == "" {
			continue
		}
		if _, err := s.ReplyLetter(secretary, letter.ID, x.reply, x.repliedOn); err != nil {
			return fmt.Errorf("letter %s: %w", x.subject, err)
		}
		if _, err := s.CloseLetter(secretary, letter.ID, x.repliedOn.AddDays(2)); err != nil {
			return fmt.Errorf("letter %s: %w", x.subject, err)
		}
	}

	// The papers.
	p25, err := s.SetPaper(secretary, zhibu.Paper{OrgID: b.org.ID, Year: 2025, Topic: PaperTopic2025, DueOn: day(2025, 11, 30)})
	if err != nil {
		return fmt.Errorf("paper 2025: %w", err)
	}
	for _, x := range []struct {
		writer    string
		anonymous bool
		body      string
		on        zhibu.Date
	}{
		{"周鹏", true, "把理论学习和执法办案案例结合起来，效果更好。", day(2025, 4, 8)},
		{"李春生", false, "利用警务平台推送微党课，方便一线民警学习。", day(2025, 4, 10)},
	} {
		writer, err := l.as(b, x.writer)
		if err != nil {
			return err
		}
		if _, err := s.Suggest(writer, 2025, zhibu.Suggestion{Anonymous: x.anonymous, Body: x.body}, x.on); err != nil {
			return fmt.Errorf("suggestion: %w", err)
		}
	}
	for i, on := range []zhibu.Date{day(2025, 9, 15), day(2025, 11, 20)} {
		body := "一、当前党员民警教育的现状\n支部共有党员民警二十余名，分布在多个大队。\n二、存在的问题\n集中学习时间难以保证。\n三、对策建议\n结合执法实践开展专题研讨，利用信息化平台推送学习内容。"
		if i == 1 {
			body += "\n四、结语\n以创新方式推动学习教育常态化制度化。"
		}
		if _, err := s.SaveDraft(secretary, p25.ID, zhibu.Draft{Title: "创新党员民警教育方式方法的探索与思考", Body: body}, on); err != nil {
			return fmt.Errorf("paper 2025 draft: %w", err)
		}
	}
	if _, err := s.SubmitPaper(secretary, p25.ID, day(2025, 11, 28)); err != nil {
		return fmt.Errorf("paper 2025: %w", err)
	}
	if _, err := s.SetPaper(secretary, zhibu.Paper{OrgID: b.org.ID, Year: 2026, Topic: PaperTopic2026, DueOn: day(2026, 11, 30)}); err != nil {
		return fmt.Errorf("paper 2026: %w", err)
	}
	writer, err := l.as(b, "周鹏")
	if err != nil {
		return err
	}
	if _, err := s.Suggest(writer, 2026, zhibu.Suggestion{Anonymous: true, Body: "建议调研各大队支部标准化建设的经验。"}, day(2026, 3, 12)); err != nil {
		return fmt.Errorf("suggestion 2026: %w", err)
	}
	return nil
}
