package store_test

import (
	"context"
	"errors"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestDisclosureProcedure: an item is published only after the secrecy
// review and the approval, each by its right; published, it reaches its
// audience only; withdrawn, it leaves it.
func TestDisclosureProcedure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := branchWithCommittee(t, s)
		committee, err := s.Org(sys, branch.ParentID)
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.CreateOrg(sys, zhibu.Org{Code: "B9", Name: "第九党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		outsider, err := s.CreatePerson(sys, person("别支部党员", zhibu.FullMember, other.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		day := zhibu.MakeDate(2026, 6, 1)
		as := func(p zhibu.Person, perms ...zhibu.Perm) context.Context {
			a := zhibu.Actor{AccountID: 100 + p.ID, PersonID: p.ID, Name: p.Name, Scope: zhibu.Scope{Self: p.ID, Paths: []string{branch.Path}}}
			for _, x := range perms {
				a.Grants = append(a.Grants, zhibu.Grant{Perm: x, Path: branch.Path})
			}
			return zhibu.WithActor(context.Background(), a)
		}
		propaganda := as(members[2], zhibu.PermOrgRead, zhibu.PermDisclose)
		secrecy := as(members[1], zhibu.PermOrgRead, zhibu.PermSecrecyReview)
		secretary := as(members[0], zhibu.PermOrgRead, zhibu.PermDisclose, zhibu.PermDiscloseApprove)

		_, err = s.ProposeDisclosure(propaganda, zhibu.Disclosure{OrgID: branch.ID, Category: zhibu.DiscloseDues,
			Period: zhibu.Period{Kind: zhibu.PeriodYear, Year: 2026, N: 1}, Audience: "everyone"}, day)
		var ps zhibu.Problems
		if !errors.As(err, &ps) || ps.For("period") == "" || ps.For("title") != "标题：不能为空" || ps.For("audience") == "" || ps.For("form") == "" {
			t.Errorf("bad proposal: %v", err)
		}
		d, err := s.ProposeDisclosure(propaganda, zhibu.Disclosure{OrgID: branch.ID, Category: zhibu.DiscloseDues,
			Period: zhibu.Period{Kind: zhibu.PeriodHalf, Year: 2026, N: 1}, Title: "上半年党费", Content: "收缴情况",
			Audience: zhibu.AudienceBureau, Form: "公示栏", PlannedOn: day.AddDays(5)}, day)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublishDisclosure(secretary, d.ID, day); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("published without a review: %v", err)
		}
		if _, err := s.ApproveDisclosure(secretary, d.ID, day); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("approved without a review: %v", err)
		}
		if _, err := s.ReviewDisclosure(propaganda, d.ID, true, "", day); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("reviewed by the propaganda officer: %v", err)
		}
		if _, err := s.ReviewDisclosure(secrecy, d.ID, true, "", day.AddDays(1)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublishDisclosure(secretary, d.ID, day.AddDays(1)); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("published without the approval: %v", err)
		}
		if _, err := s.ApproveDisclosure(propaganda, d.ID, day.AddDays(2)); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("approved by the propaganda officer: %v", err)
		}
		if _, err := s.ApproveDisclosure(secretary, d.ID, day.AddDays(2)); err != nil {
			t.Fatal(err)
		}
		if d, err = s.PublishDisclosure(propaganda, d.ID, day.AddDays(3)); err != nil || d.Status != zhibu.DisclosurePublished {
			t.Fatalf("publish: %+v %v", d, err)
		}
		// The bureau's item reaches a member of another branch of the committee.
		for _, p := range []zhibu.Person{members[3], outsider} {
			got, err := s.DisclosuresForMe(as(p))
			if err != nil || len(got) != 1 || got[0].ID != d.ID {
				t.Errorf("%s sees %+v, %v", p.Name, got, err)
			}
		}
		// A branch item does not.
		b, err := s.ProposeDisclosure(propaganda, zhibu.Disclosure{OrgID: branch.ID, Category: zhibu.DiscloseLife,
			Period: zhibu.Period{Kind: zhibu.PeriodHalf, Year: 2026, N: 1}, Title: "组织生活", Content: "情况",
			Audience: zhibu.AudienceBranch, Form: "党员大会通报", PlannedOn: day}, day)
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []func() error{
			func() error { _, err := s.ReviewDisclosure(secrecy, b.ID, true, "", day); return err },
			func() error { _, err := s.ApproveDisclosure(secretary, b.ID, day); return err },
			func() error { _, err := s.PublishDisclosure(secretary, b.ID, day); return err },
		} {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := s.DisclosuresForMe(as(outsider)); len(got) != 1 {
			t.Errorf("the other branch's member sees %d items, want the bureau's only", len(got))
		}
		if got, _ := s.DisclosuresForMe(as(members[3])); len(got) != 2 {
			t.Errorf("the branch's member sees %d items, want 2", len(got))
		}
		// Withdrawn: a reason is needed, and it leaves its audience.
		if _, err := s.WithdrawDisclosure(propaganda, d.ID, " ", day.AddDays(4)); !errors.As(err, &ps) || ps.For("reason") == "" {
			t.Errorf("withdraw without a reason: %v", err)
		}
		if _, err := s.WithdrawDisclosure(propaganda, d.ID, "数据有误，更正后重新公开", day.AddDays(4)); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.DisclosuresForMe(as(outsider)); len(got) != 0 {
			t.Errorf("a withdrawn item still reaches %d", len(got))
		}
		// A refused review needs its reason and ends the item.
		r, err := s.ProposeDisclosure(propaganda, zhibu.Disclosure{OrgID: branch.ID, Category: zhibu.DiscloseAwards,
			Period: zhibu.Period{Kind: zhibu.PeriodYear, Year: 2026, N: 1}, Title: "奖惩", Content: "含涉密内容",
			Audience: zhibu.AudiencePublic, Form: "网站", PlannedOn: day}, day)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReviewDisclosure(secrecy, r.ID, false, "", day); !errors.As(err, &ps) || ps.For("note") == "" {
			t.Errorf("refused without a note: %v", err)
		}
		if r, err = s.ReviewDisclosure(secrecy, r.ID, false, "含工作秘密，不宜对外公开", day); err != nil || r.Status != zhibu.DisclosureRefused {
			t.Fatalf("refuse: %+v %v", r, err)
		}
		if _, err := s.ApproveDisclosure(secretary, r.ID, day); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("a refused item approved: %v", err)
		}
	})
}

// TestAnonymousSuggestion: an anonymous suggestion keeps no writer and an
// anonymous audit record; a named one names its writer.
func TestAnonymousSuggestion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := branchWithCommittee(t, s)
		day := zhibu.MakeDate(2026, 4, 1)
		writer := memberCtx(55, members[3])
		if _, err := s.Suggest(writer, 2026, zhibu.Suggestion{Body: "建议"}, day); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("a suggestion without a paper: %v", err)
		}
		p, err := s.SetPaper(sys, zhibu.Paper{OrgID: branch.ID, Year: 2026, Topic: "题目", DueOn: zhibu.MakeDate(2026, 11, 30)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Suggest(writer, 2026, zhibu.Suggestion{Anonymous: true, Body: "匿名建议"}, day); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Suggest(writer, 2026, zhibu.Suggestion{Body: "署名建议"}, day); err != nil {
			t.Fatal(err)
		}
		got, err := s.Suggestions(sys, p.ID)
		if err != nil || len(got) != 2 {
			t.Fatalf("suggestions %+v %v", got, err)
		}
		if got[0].WriterID != 0 || got[0].WriterName != "" || got[1].WriterName != members[3].Name {
			t.Errorf("suggestions %+v", got)
		}
		recs, _, err := s.AuditRecords(sys, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		anonymous := 0
		for _, r := range recs {
			if r.Action == "paper.suggest" && r.AccountID == 0 && r.Actor == "匿名" && r.At.Hour() == 0 && r.At.Minute() == 0 {
				anonymous++
			}
		}
		if anonymous != 1 {
			t.Errorf("%d anonymous audit records of suggestions, want 1", anonymous)
		}
		if _, err := s.SubmitPaper(sys, p.ID, day); err == nil {
			t.Error("a paper without a draft submitted")
		}
	})
}
