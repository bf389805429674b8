package service

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/rules"
)

// maxParam is the largest value a layer may give a parameter.
const maxParam = 10000

// AddRuleVersion records a version of a rule in the layer its org sets (the
// superior layer for a committee or general branch, the branch layer for a
// branch; a group sets none), from a day, with the rule's parameters, once
// CheckRuleVersion finds nothing wrong with it. An empty Layer is the org's
// layer; an empty Source names the org and its layer.
//
// Errors: zhibu.ErrNotFound for an org the actor does not read;
// zhibu.ErrInvalid for a group; zhibu.Problems for a version refused.
func (c *Compliance) AddRuleVersion(ctx context.Context, v zhibu.RuleVersion) error {
	org, err := c.store.Org(ctx, v.OrgID)
	if err != nil {
		return err
	}
	v, ps, err := c.ruleVersion(ctx, org, v)
	if err != nil {
		return err
	}
	if err := ps.Err(); err != nil {
		return err
	}
	return c.store.AddRuleVersion(ctx, v)
}

// CheckRuleVersion is what AddRuleVersion would refuse in v, without
// recording it: for a door that shows its own problems of decoding beside
// these. The problems name the fields rule_id, effective_from, source and
// p_NAME for parameter NAME.
func (c *Compliance) CheckRuleVersion(ctx context.Context, v zhibu.RuleVersion) (zhibu.Problems, error) {
	org, err := c.store.Org(ctx, v.OrgID)
	if err != nil {
		return nil, err
	}
	_, ps, err := c.ruleVersion(ctx, org, v)
	return ps, err
}

// ruleVersion completes v (its layer and source) and checks it against the
// catalogue: a rule that takes parameters, a start, a source of at most 200
// characters, only parameters the rule takes, each a whole number from 1 to
// 10,000, at least one, and — checked by rules.Catalogue.Validate with v
// added — neither the same start as another version of the org's layer nor
// a parameter looser than a higher layer (a lower layer may tighten, never
// loosen).
func (c *Compliance) ruleVersion(ctx context.Context, org zhibu.Org, v zhibu.RuleVersion) (zhibu.RuleVersion, zhibu.Problems, error) {
	layer := LayerOf(org)
	if layer == "" {
		return v, nil, zhibu.Errorf(zhibu.ErrInvalid, "党小组不设规则参数，请在所属党支部设定")
	}
	var ps zhibu.Problems
	if v.Layer == "" {
		v.Layer = layer
	} else if v.Layer != layer {
		ps.Add("layer", "层级", org.Name+"设定的是"+layer.Label()+"，不能设定"+v.Layer.Label())
	}
	cat, err := c.Catalogue(ctx)
	if err != nil {
		return v, nil, err
	}
	names := RuleParams(cat, v.ID)
	if len(names) == 0 {
		ps.Add("rule_id", "规则", "请选择有参数的规则")
	}
	if v.EffectiveFrom.IsZero() {
		ps.Add("effective_from", "生效日期", "不能为空")
	}
	v.Source = strings.TrimSpace(v.Source)
	if v.Source == "" {
		v.Source = org.Name + "确定的" + layer.Label()
	}
	if len([]rune(v.Source)) > 200 {
		ps.Add("source", "依据", "不能超过200个字")
	}
	for _, k := range RuleParams(rules.Catalogue{{ID: "", Params: v.Params}}, "") {
		switch n := v.Params[k]; {
		case len(names) == 0:
		case !slices.Contains(names, k):
			ps.Add("p_"+k, ParamLabel(k), "规则"+v.ID+"没有此参数")
		case n <= 0 || n > maxParam:
			ps.Add("p_"+k, ParamLabel(k), "“"+strconv.Itoa(n)+"”应为正整数")
		}
	}
	if len(names) > 0 && len(v.Params) == 0 && len(ps) == 0 {
		ps.Add("", "参数", "请至少填写一个参数")
	}
	if len(ps) > 0 {
		return v, ps, nil
	}
	next := append(cat, v)
	for _, p := range next.Validate([]zhibu.Org{org}) {
		if p.Index != len(next)-1 {
			continue // an older version's problem is not this one's
		}
		field, label := "", "规则参数"
		if p.Param != "" {
			field, label = "p_"+p.Param, ParamLabel(p.Param)
		} else if strings.Contains(p.Message, "同日生效") {
			field, label = "effective_from", "生效日期"
		}
		ps = append(ps, zhibu.Problem{Field: field, Label: label, Message: label + "：" + p.Message})
	}
	return v, ps, nil
}
