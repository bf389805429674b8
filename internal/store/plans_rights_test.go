package store_test

import (
	"context"
	"testing"

	"zhibu"
	"zhibu/internal/store"
)

// planRights are the rows of the year plan's writes (plans.go): each needs
// org.manage on the plan's org. Its objects are made as the system.
func planRights(t *testing.T, s *store.Store, branch zhibu.Org, held zhibu.Meeting) map[string]writeRight {
	t.Helper()
	ignore := func(_ any, err error) error { return err }
	p, err := s.CreatePlan(sys, zhibu.Plan{OrgID: branch.ID, Year: 2026, Title: "2026年党建工作计划", Sections: []zhibu.PlanSection{
		{N: 1, Title: "全面贯彻落实“三会一课”制度", Items: []zhibu.PlanItem{{N: 1, Text: "每月召开支委会", Owner: zhibu.OrgOfficer, Record: "meeting:committee"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	item := p.Sections[0].Items[0]
	return map[string]writeRight{
		"CreatePlan": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			return ignore(s.CreatePlan(ctx, zhibu.Plan{OrgID: branch.ID, Year: 2027, Title: "2027年计划"}))
		}},
		"UpdatePlan": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			q := p
			q.Title = "改过的标题"
			return ignore(s.UpdatePlan(ctx, q))
		}},
		"SavePlanItem": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			return ignore(s.SavePlanItem(ctx, zhibu.PlanItem{PlanID: p.ID, Section: 1, Text: "每季度召开支部大会", Owner: zhibu.OrgOfficer}))
		}},
		"DeletePlanItem": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error { return s.DeletePlanItem(ctx, item.ID) }},
		"LinkPlanRecord": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			return ignore(s.LinkPlanRecord(ctx, item.ID, "meeting", held.ID))
		}},
	}
}
