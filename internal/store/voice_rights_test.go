package store_test

import (
	"context"
	"testing"

	"zhibu"
	"zhibu/internal/store"
)

// memberCtx is ctx acting as person p with no grant: a member writing a
// letter or a suggestion as themself.
func memberCtx(account int64, p zhibu.Person) context.Context {
	return zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: account, PersonID: p.ID, Name: p.Name, Roles: []zhibu.Role{zhibu.RoleMember},
		Scope: zhibu.Scope{Self: p.ID}})
}

// voiceRights are TestEveryWriteChecksRights's rows for disclosure, the
// mailbox and the paper. Writing a letter or a suggestion is a member's
// own act: it needs no grant but a person, so the test's actors (accounts
// without a person) are refused; TestLetterWriter checks the rest.
func voiceRights(t *testing.T, s *store.Store, branch zhibu.Org, members []zhibu.Person) map[string]writeRight {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	day := zhibu.MakeDate(2026, 6, 1)
	h1 := zhibu.Period{Kind: zhibu.PeriodHalf, Year: 2026, N: 1}
	item := func(title string) zhibu.Disclosure {
		d, err := s.ProposeDisclosure(sys, zhibu.Disclosure{OrgID: branch.ID, Category: zhibu.DiscloseDues, Period: h1, Title: title,
			Content: "上半年收缴党费情况", Audience: zhibu.AudienceBranch, Form: "支部党员大会通报", PlannedOn: day}, day)
		must(err)
		return d
	}
	proposed, reviewed, approved, published := item("待审查"), item("待审批"), item("待发布"), item("已发布")
	for _, d := range []zhibu.Disclosure{reviewed, approved, published} {
		_, err := s.ReviewDisclosure(sys, d.ID, true, "", day)
		must(err)
	}
	for _, d := range []zhibu.Disclosure{approved, published} {
		_, err := s.ApproveDisclosure(sys, d.ID, day)
		must(err)
	}
	_, err := s.PublishDisclosure(sys, published.ID, day)
	must(err)
	writer := memberCtx(9001, members[3])
	open, _, err := s.WriteLetter(writer, zhibu.Letter{To: zhibu.ToSecretary, Anonymous: true, Subject: "建议", Body: "建议改进学习方式"}, day)
	must(err)
	replied, _, err := s.WriteLetter(writer, zhibu.Letter{To: zhibu.ToSecretary, Subject: "反映", Body: "反映情况"}, day)
	must(err)
	_, err = s.ReplyLetter(sys, replied.ID, "已研究", day)
	must(err)
	paper, err := s.SetPaper(sys, zhibu.Paper{OrgID: branch.ID, Year: 2026, Topic: "创新党员民警教育方式", DueOn: zhibu.MakeDate(2026, 11, 30)})
	must(err)
	_, err = s.SaveDraft(sys, paper.ID, zhibu.Draft{Title: "初稿", Body: "正文"}, day)
	must(err)
	ignore := func(_ any, err error) error { return err }
	return map[string]writeRight{
		"ProposeDisclosure": {perm: zhibu.PermDisclose, call: func(ctx context.Context) error {
			return ignore(s.ProposeDisclosure(ctx, zhibu.Disclosure{OrgID: branch.ID, Category: zhibu.DiscloseLife, Period: h1, Title: "组织生活",
				Content: "情况", Audience: zhibu.AudienceBranch, Form: "通报", PlannedOn: day}, day))
		}},
		"ReviewDisclosure": {perm: zhibu.PermSecrecyReview, call: func(ctx context.Context) error {
			return ignore(s.ReviewDisclosure(ctx, proposed.ID, true, "", day))
		}},
		"ApproveDisclosure": {perm: zhibu.PermDiscloseApprove, call: func(ctx context.Context) error {
			return ignore(s.ApproveDisclosure(ctx, reviewed.ID, day))
		}},
		"PublishDisclosure": {perm: zhibu.PermDisclose, call: func(ctx context.Context) error {
			return ignore(s.PublishDisclosure(ctx, approved.ID, day))
		}},
		"WithdrawDisclosure": {perm: zhibu.PermDisclose, call: func(ctx context.Context) error {
			return ignore(s.WithdrawDisclosure(ctx, published.ID, "内容有误", day))
		}},
		"WriteLetter": {perm: zhibu.PermOrgRead, call: func(ctx context.Context) error {
			_, _, err := s.WriteLetter(ctx, zhibu.Letter{To: zhibu.ToDeputy, Anonymous: true, Subject: "主题", Body: "内容"}, day)
			return err
		}},
		"ReplyLetter": {perm: zhibu.PermMailbox, call: func(ctx context.Context) error { return ignore(s.ReplyLetter(ctx, open.ID, "答复", day)) }},
		"CloseLetter": {perm: zhibu.PermMailbox, call: func(ctx context.Context) error { return ignore(s.CloseLetter(ctx, replied.ID, day)) }},
		"SetPaper": {perm: zhibu.PermPaper, call: func(ctx context.Context) error {
			return ignore(s.SetPaper(ctx, zhibu.Paper{OrgID: branch.ID, Year: 2026, Topic: "另一题目", DueOn: zhibu.MakeDate(2026, 12, 1)}))
		}},
		"Suggest": {perm: zhibu.PermOrgRead, call: func(ctx context.Context) error {
			return ignore(s.Suggest(ctx, 2026, zhibu.Suggestion{Anonymous: true, Body: "建议"}, day))
		}},
		"SaveDraft": {perm: zhibu.PermPaper, call: func(ctx context.Context) error {
			return ignore(s.SaveDraft(ctx, paper.ID, zhibu.Draft{Title: "二稿", Body: "正文"}, day))
		}},
		"SubmitPaper": {perm: zhibu.PermPaper, call: func(ctx context.Context) error { return ignore(s.SubmitPaper(ctx, paper.ID, day)) }},
	}
}
