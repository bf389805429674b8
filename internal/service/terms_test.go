package service_test

import (
	"errors"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// termsProblem fails unless err is a zhibu.Problems naming field with a
// message containing want.
func termsProblem(t *testing.T, err error, field, want string) {
	t.Helper()
	var ps zhibu.Problems
	if !errors.As(err, &ps) || !strings.Contains(ps.For(field), want) {
		t.Fatalf("%v, want a problem of %s with %q", err, field, want)
	}
}

// An extension is capped by org.term.extension's max_months in force on
// the org's path: the national 12 months, or what a superior sets.
func TestRequestExtension(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		terms := service.New(s, service.Options{}).Terms
		branch, _, _ := devBranch(t, s)
		_, err := terms.RequestExtension(devSys, zhibu.Extension{OrgID: branch.ID, Months: 13, Reason: "集中整训"})
		termsProblem(t, err, "months", "不超过12个月")

		if err := s.AddRuleVersion(devSys, zhibu.RuleVersion{ID: "org.term.extension", Layer: zhibu.LayerSuperior, OrgID: branch.ParentID,
			Source: "局党委规定", EffectiveFrom: zhibu.MakeDate(2000, 1, 1), Params: zhibu.RuleParams{"max_months": 6}}); err != nil {
			t.Fatal(err)
		}
		_, err = terms.RequestExtension(devSys, zhibu.Extension{OrgID: branch.ID, Months: 9, Reason: "集中整训"})
		termsProblem(t, err, "months", "不超过6个月")
		ext, err := terms.RequestExtension(devSys, zhibu.Extension{OrgID: branch.ID, Months: -6, Reason: "  提前换届  "})
		if err != nil || ext.NewEnd != zhibu.MakeDate(2019, 12, 1) || ext.Reason != "提前换届" {
			t.Fatalf("request %+v %v", ext, err)
		}
		got, err := terms.DecideExtension(devSys, ext.ID, true, zhibu.Date{}, "同意")
		if err != nil || got.Status != zhibu.ExtensionApproved {
			t.Fatalf("decide %+v %v", got, err)
		}

		bare, err := s.CreateOrg(devSys, zhibu.Org{Code: "B9", Name: "第九党支部", Kind: zhibu.KindBranch, ParentID: branch.ParentID})
		if err != nil {
			t.Fatal(err)
		}
		_, err = terms.RequestExtension(devSys, zhibu.Extension{OrgID: bare.ID, Months: 2, Reason: "x"})
		termsProblem(t, err, "months", "没有现任委员会")
	})
}
