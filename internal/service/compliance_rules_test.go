package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// A rule version is checked against the catalogue and the layers whatever
// the door: a rule without parameters, a parameter the rule does not take,
// a value that is not positive, a version looser than a higher layer (the
// national one, or the superior's), a day another version of the layer
// starts on — each refused, naming the field, and nothing saved. A
// tightening version is saved and changes the findings.
func TestAddRuleVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newBranch(t, s)
		jan := zhibu.MakeDate(2025, 1, 1)
		branch := func(rule string, ps zhibu.RuleParams) zhibu.RuleVersion {
			return zhibu.RuleVersion{ID: rule, OrgID: f.b1.ID, EffectiveFrom: jan, Params: ps}
		}
		// The superior layer: two committee meetings a month from 2025.
		if err := f.c.AddRuleVersion(sys, zhibu.RuleVersion{ID: "meet.committee.monthly", OrgID: f.committee.ID, EffectiveFrom: jan,
			Params: zhibu.RuleParams{"min": 2}, Source: "市局2025年工作要点"}); err != nil {
			t.Fatal(err)
		}
		stored, err := s.RuleVersions(sys)
		if err != nil || len(stored) != 1 || stored[0].Layer != zhibu.LayerSuperior || stored[0].Source != "市局2025年工作要点" {
			t.Fatalf("stored versions: %+v, %v", stored, err)
		}

		for _, tc := range []struct {
			name  string
			v     zhibu.RuleVersion
			field string
			want  string
		}{
			{"unknown rule", branch("meet.nothing", zhibu.RuleParams{"min": 2}), "rule_id", "请选择有参数的规则"},
			{"rule without parameters", branch("meet.chair", zhibu.RuleParams{"min": 2}), "rule_id", "请选择有参数的规则"},
			{"foreign parameter", branch("meet.committee.monthly", zhibu.RuleParams{"min": 3, "years": 2}), "p_years", "规则meet.committee.monthly没有此参数"},
			{"negative", branch("meet.committee.monthly", zhibu.RuleParams{"min": -1}), "p_min", "“-1”应为正整数"},
			{"zero", branch("meet.committee.monthly", zhibu.RuleParams{"min": 0}), "p_min", "“0”应为正整数"},
			{"too large", branch("meet.committee.monthly", zhibu.RuleParams{"min": 10001}), "p_min", "应为正整数"},
			{"no parameter", branch("meet.committee.monthly", nil), "", "请至少填写一个参数"},
			{"no day", zhibu.RuleVersion{ID: "meet.committee.monthly", OrgID: f.b1.ID, Params: zhibu.RuleParams{"min": 3}}, "effective_from", "生效日期：不能为空"},
			{"looser than the national layer", branch("meet.minutes", zhibu.RuleParams{"within_days": 10}), "p_within_days", "宽松，下级只能从严"},
			{"looser than the superior layer", branch("meet.committee.monthly", zhibu.RuleParams{"min": 1}), "p_min", "比上级党委要求"},
			{"the superior's day again", zhibu.RuleVersion{ID: "meet.committee.monthly", OrgID: f.committee.ID, EffectiveFrom: jan,
				Params: zhibu.RuleParams{"min": 3}}, "effective_from", "同日生效"},
			{"another layer than the org's", zhibu.RuleVersion{ID: "meet.committee.monthly", Layer: zhibu.LayerNational, OrgID: f.b1.ID,
				EffectiveFrom: jan, Params: zhibu.RuleParams{"min": 3}}, "layer", "不能设定"},
			{"a source too long", zhibu.RuleVersion{ID: "meet.committee.monthly", OrgID: f.b1.ID, EffectiveFrom: jan,
				Params: zhibu.RuleParams{"min": 3}, Source: strings.Repeat("规", 201)}, "source", "不能超过200个字"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := f.c.AddRuleVersion(sys, tc.v)
				var ps zhibu.Problems
				if !errors.As(err, &ps) {
					t.Fatalf("err %v, want problems", err)
				}
				found := false
				for _, p := range ps {
					found = found || (p.Field == tc.field && strings.Contains(p.Message, tc.want))
				}
				if !found {
					t.Errorf("problems %+v, want %s on %q", ps, tc.want, tc.field)
				}
				checked, err := f.c.CheckRuleVersion(sys, tc.v)
				if err != nil || len(checked) != len(ps) {
					t.Errorf("CheckRuleVersion: %+v, %v; AddRuleVersion: %+v", checked, err, ps)
				}
			})
		}
		if vs, _ := s.RuleVersions(sys); len(vs) != 1 {
			t.Fatalf("refused versions were saved: %d", len(vs))
		}
		// A group sets no layer; an org out of scope is not found.
		if err := f.c.AddRuleVersion(sys, zhibu.RuleVersion{ID: "meet.group.monthly", OrgID: f.g1.ID, EffectiveFrom: jan,
			Params: zhibu.RuleParams{"min": 2}}); !errors.Is(err, zhibu.ErrInvalid) || !strings.Contains(err.Error(), "党小组不设规则参数") {
			t.Errorf("a group's version: %v", err)
		}
		other := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 9, Scope: zhibu.Scope{Paths: []string{"/999999/"}}})
		if err := f.c.AddRuleVersion(other, branch("meet.committee.monthly", zhibu.RuleParams{"min": 3})); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("out of scope: %v", err)
		}

		// The superior's version is in the catalogue and in the findings:
		// January's one committee meeting no longer suffices.
		cat, err := f.c.Catalogue(sys)
		if err != nil || len(cat) != len(rules.DefaultCatalogue())+1 {
			t.Fatalf("catalogue of %d, %v", len(cat), err)
		}
		fs, _, err := f.c.Check(sys, f.b1, f.year, f.asOf)
		if err != nil {
			t.Fatal(err)
		}
		if x, ok := find(fs, "meet.committee.monthly", f.b1.ID, 1); !ok || x.Status == zhibu.StatusOK || x.Layer != zhibu.LayerSuperior {
			t.Errorf("January under the superior's version: %+v", x)
		}
		// The branch may tighten further; its source defaults to its name.
		if err := f.c.AddRuleVersion(sys, branch("meet.committee.monthly", zhibu.RuleParams{"min": 3})); err != nil {
			t.Fatal(err)
		}
		if vs, _ := s.RuleVersions(sys); len(vs) != 2 || vs[1].Layer != zhibu.LayerBranch || vs[1].Source != "第一党支部确定的支部工作计划" {
			t.Errorf("the branch's version: %+v", vs)
		}

		// The branch's rules page: the value in force and the layer it
		// came from, before and after the versions; the versions on its
		// path with the names of the orgs that set them.
		param := func(on zhibu.Date) (service.RuleInForce, service.ParamInForce) {
			t.Helper()
			rs, err := f.c.RulesOf(sys, f.b1, on)
			if err != nil {
				t.Fatal(err)
			}
			layered := 0
			for _, v := range rs.Versions {
				if v.OrgID != 0 {
					layered++
				}
			}
			if len(rs.Versions) != len(rules.DefaultCatalogue())+2 || layered != 2 || rs.OrgNames[f.committee.ID] != "市公安局党委" || rs.OrgNames[f.b1.ID] != "第一党支部" {
				t.Errorf("%d versions, %d of lower layers, names %v", len(rs.Versions), layered, rs.OrgNames)
			}
			for _, r := range rs.Rules {
				if r.ID == "meet.committee.monthly" {
					for _, p := range r.Params {
						if p.Name == "min" {
							return r, p
						}
					}
				}
			}
			t.Fatal("no min of meet.committee.monthly")
			return service.RuleInForce{}, service.ParamInForce{}
		}
		if r, p := param(zhibu.MakeDate(2024, 12, 31)); p.Value != 1 || p.From != zhibu.LayerNational || r.Layer != zhibu.LayerNational {
			t.Errorf("in 2024: %+v from %s", p, r.Layer)
		}
		if r, p := param(zhibu.MakeDate(2025, 6, 1)); p.Value != 3 || p.From != zhibu.LayerBranch || r.Source != "第一党支部确定的支部工作计划" {
			t.Errorf("in 2025: %+v from %s", p, r.Source)
		}
	})
}
