package demo

import (
	"fmt"

	"zhibu"
)

// The bureau committee's 2025 rectification campaign (its branches' self-
// checks due by the year's end, their remedies by 30 June 2026) and the
// seed branch's part in it: for the first problem its
// 2025 self-check finds, a remedy done in March 2026 and signed off by the
// secretary; for the next, a remedy still open (its deadline passed, so it
// shows as late).
func (l *loader) rectification() error {
	b := l.byCode[BranchCode]
	if _, err := l.svc.Rectification.SaveCampaign(l.ctx, zhibu.RectCampaign{OrgID: l.byCode[CommitteeCode].org.ID, Year: 2025,
		Title: "2025年基层党建基础工作整改", StartOn: zhibu.MakeDate(2025, 10, 15), ChecksDue: zhibu.MakeDate(2025, 12, 31),
		RemediesDue: zhibu.MakeDate(2026, 6, 30)}); err != nil {
		return fmt.Errorf("rectification campaign: %w", err)
	}
	sc, err := l.svc.Rectification.SelfCheck(l.ctx, b.org, 2025, zhibu.MakeDate(2025, 12, 31))
	if err != nil {
		return err
	}
	officer, err := b.id("马文斌")
	if err != nil {
		return err
	}
	secretary, err := b.id("张志刚")
	if err != nil {
		return err
	}
	var found []int
	for _, p := range sc.Problems {
		if len(p.Findings) > 0 {
			found = append(found, p.Problem.N)
		}
	}
	if len(found) == 0 {
		return nil
	}
	first := sc.Problems[found[0]-1]
	done, err := l.svc.Rectification.SaveRemedy(l.ctx, zhibu.Remedy{OrgID: b.org.ID, Year: 2025, Problem: first.Problem.N,
		Issue: first.Findings[0].Message, Measure: "支委会专题研究，逐项列出问题清单，明确责任人和完成时限，按月对照检查",
		OwnerID: officer, Deadline: zhibu.MakeDate(2026, 3, 31), DoneOn: zhibu.MakeDate(2026, 3, 20),
		Evidence: "已逐项整改完毕，相关记录归入2025年党建工作档案"})
	if err != nil {
		return fmt.Errorf("rectification: %w", err)
	}
	sign := zhibu.WithActor(l.ctx, zhibu.Actor{PersonID: secretary, Name: "张志刚", Scope: zhibu.Scope{Paths: []string{b.org.Path}},
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: b.org.Path}, {Perm: zhibu.PermOrgManage, Path: b.org.Path}}})
	if _, err := l.svc.Rectification.SignRemedy(sign, done.ID); err != nil {
		return fmt.Errorf("rectification sign-off: %w", err)
	}
	if len(found) > 1 {
		next := sc.Problems[found[1]-1]
		if _, err := l.svc.Rectification.SaveRemedy(l.ctx, zhibu.Remedy{OrgID: b.org.ID, Year: 2025, Problem: next.Problem.N,
			Issue: next.Findings[0].Message, Measure: "组织委员牵头逐月对照检查，书记每季度听取一次整改情况汇报",
			OwnerID: officer, Deadline: zhibu.MakeDate(2026, 6, 30)}); err != nil {
			return fmt.Errorf("rectification: %w", err)
		}
	}
	return nil
}
