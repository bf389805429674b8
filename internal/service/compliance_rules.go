package service

import (
	"context"
	"slices"
	"sort"
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

// RuleInForce is a rule as it applies to an org on a day: the layer and
// source that decided it, and its parameters, each with the layer its
// value came from. InForce is false for a rule a version names that no
// version puts in force on the day.
type RuleInForce struct {
	ID      string
	Title   string
	InForce bool
	Layer   zhibu.Layer
	Source  string
	Params  []ParamInForce
}

// ParamInForce is one resolved parameter: its value and the highest layer
// that sets it to that value.
type ParamInForce struct {
	Name  string
	Value int
	From  zhibu.Layer
}

// OrgRules is what the rules page of an org shows: the rules that apply to
// it on a day, in the registry's order; the versions of the catalogue on
// its path (the national ones and those of its org and the orgs above it),
// in the same order; and the names of the orgs that set them.
type OrgRules struct {
	Rules     []RuleInForce
	Versions  []zhibu.RuleVersion
	OrgNames  map[int64]string
	Catalogue rules.Catalogue
}

// RulesOf resolves every rule that applies to org o on day on. The names
// of the orgs above o that set a version are read as the system: a branch
// sees which superior asks what, even where the reader reads only the
// branch.
func (c *Compliance) RulesOf(ctx context.Context, o zhibu.Org, on zhibu.Date) (OrgRules, error) {
	var out OrgRules
	cat, err := c.Catalogue(ctx)
	if err != nil {
		return out, err
	}
	out.Catalogue = cat
	path := o.PathIDs()
	onPath := map[int64]bool{}
	for _, id := range path {
		onPath[id] = true
	}
	// The layers from the top down to each, one catalogue each, to tell
	// where a value came from.
	rank := func(l zhibu.Layer) int {
		for i, x := range zhibu.Layers {
			if x == l {
				return i
			}
		}
		return len(zhibu.Layers)
	}
	upTo := make([]rules.Catalogue, len(zhibu.Layers))
	for i := range zhibu.Layers {
		for _, v := range cat {
			if rank(v.Layer) <= i {
				upTo[i] = append(upTo[i], v)
			}
		}
	}
	var ids []string
	seen := map[string]bool{}
	for _, v := range cat {
		if !seen[v.ID] && (v.OrgID == 0 || onPath[v.OrgID]) {
			seen[v.ID] = true
			ids = append(ids, v.ID)
		}
	}
	sort.SliceStable(ids, func(i, j int) bool { return RuleRank(ids[i]) < RuleRank(ids[j]) })
	for _, id := range ids {
		ri := RuleInForce{ID: id, Title: RuleTitleAt(cat, id, path, on)}
		if res, ok := cat.Resolve(id, path, on); ok {
			ri.InForce, ri.Layer, ri.Source = true, res.Layer, res.Source
			for _, k := range RuleParams(rules.Catalogue{{ID: id, Params: res.Params}}, id) {
				val, set := res.Params[k]
				if !set {
					continue
				}
				p := ParamInForce{Name: k, Value: val}
				for i, l := range zhibu.Layers {
					if r, ok := upTo[i].Resolve(id, path, on); ok && r.Params.Has(k) && r.Params[k] == val {
						p.From = l
						break
					}
				}
				ri.Params = append(ri.Params, p)
			}
		}
		out.Rules = append(out.Rules, ri)
	}
	out.OrgNames = map[int64]string{}
	sys := zhibu.WithActor(ctx, zhibu.System)
	for _, v := range cat {
		if v.OrgID != 0 && !onPath[v.OrgID] {
			continue
		}
		if _, ok := out.OrgNames[v.OrgID]; v.OrgID != 0 && !ok {
			a, err := c.store.Org(sys, v.OrgID)
			if err != nil {
				return out, err
			}
			out.OrgNames[v.OrgID] = a.Name
		}
		out.Versions = append(out.Versions, v)
	}
	sort.SliceStable(out.Versions, func(i, j int) bool { return RuleRank(out.Versions[i].ID) < RuleRank(out.Versions[j].ID) })
	return out, nil
}
