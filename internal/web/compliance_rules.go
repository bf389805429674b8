package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/service"
)

// Rule parameters.

// rulesPage is the data of compliance_rules.html.
type rulesPage struct {
	base
	Org      zhibu.Org
	On       zhibu.Date
	Layer    zhibu.Layer // the layer this org sets; "" for a group
	CanEdit  bool
	Rules    []ruleView
	Versions []versionView
	Form     form
	Choices  []option // the rules a version may be added for
	Params   []field  // the chosen rule's parameters
	Calendar string
}

// ruleView is a rule as it applies to the org on a day.
type ruleView struct {
	ID      string
	Title   string
	Layer   string
	Source  string
	Params  []paramView
	InForce bool
}

// paramView is one resolved parameter and the layer its value came from.
type paramView struct {
	Name      string
	Label     string
	Value     int
	Layer     string
	Direction string
}

// versionView is one version of the catalogue that applies to the org.
type versionView struct {
	RuleID string
	Layer  string
	Org    string
	From   string
	To     string
	Params string
	Source string
}

// rulesShow is GET /orgs/{id}/rules?on=DATE: the rules in force for the
// org with their resolved parameters and the layer each came from, the
// versions that apply to it, and — for an actor who sets this org's layer
// — the form that adds a version.
func (s *server) rulesShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := form{}
	for k := range q {
		f[k] = clean(q.Get(k))
	}
	return s.rulesRender(w, r, http.StatusOK, o, f, nil)
}

func (s *server) rulesRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	cat, err := s.svc.Compliance.Catalogue(ctx)
	if err != nil {
		return err
	}
	on := s.today()
	if v := f["on"]; v != "" {
		if d, err := zhibu.ParseDate(v); err == nil && !d.IsZero() {
			on = d
		}
	}
	d := &rulesPage{Org: o, On: on, Layer: service.LayerOf(o), Form: f, Calendar: orgHref(o.ID) + "/compliance"}
	d.Problems = ps
	d.CanEdit = d.Layer != "" && zhibu.ActorFrom(ctx).Can(zhibu.PermRulesEdit, o.Path)
	d.Title = o.Name + "规则参数"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "规则参数"}); err != nil {
		return err
	}
	path := o.PathIDs()
	onPath := map[int64]bool{}
	for _, id := range path {
		onPath[id] = true
	}
	// The layers above, one catalogue each, to tell where a value came from.
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
	sort.SliceStable(ids, func(i, j int) bool { return service.RuleRank(ids[i]) < service.RuleRank(ids[j]) })
	for _, id := range ids {
		rv := ruleView{ID: id, Title: service.RuleTitle(cat, id)}
		res, ok := cat.Resolve(id, path, on)
		if ok {
			rv.InForce, rv.Layer, rv.Source = true, res.Layer.Label(), res.Source
			for _, k := range service.RuleParams(rules.Catalogue{{ID: id, Params: res.Params}}, id) {
				val, set := res.Params[k]
				if !set {
					continue
				}
				pv := paramView{Name: k, Label: service.ParamLabel(k), Value: val, Direction: service.ParamDirection(k)}
				for i, l := range zhibu.Layers {
					if r, ok := upTo[i].Resolve(id, path, on); ok && r.Params.Has(k) && r.Params[k] == val {
						pv.Layer = l.Label()
						break
					}
				}
				rv.Params = append(rv.Params, pv)
			}
		}
		d.Rules = append(d.Rules, rv)
		if len(service.RuleParams(cat, id)) > 0 {
			d.Choices = append(d.Choices, option{Value: id, Label: id + " " + rv.Title})
		}
	}
	// The versions that apply here, by rule, layer and start.
	names := map[int64]string{}
	sys := zhibu.WithActor(ctx, zhibu.System)
	for _, v := range cat {
		if v.OrgID != 0 && !onPath[v.OrgID] {
			continue
		}
		org := "全国"
		if v.OrgID != 0 {
			if _, ok := names[v.OrgID]; !ok {
				a, err := s.store.Org(sys, v.OrgID) // a superior's name, even where the actor reads only the branch
				if err != nil {
					return err
				}
				names[v.OrgID] = a.Name
			}
			org = names[v.OrgID]
		}
		vv := versionView{RuleID: v.ID, Layer: v.Layer.Label(), Org: org, Source: v.Source, From: "一直有效", To: "—"}
		if !v.EffectiveFrom.IsZero() {
			vv.From = v.EffectiveFrom.Chinese()
		}
		if !v.EffectiveTo.IsZero() {
			vv.To = v.EffectiveTo.Chinese()
		}
		var ps []string
		for _, k := range service.RuleParams(rules.Catalogue{v}, v.ID) {
			if val, ok := v.Params[k]; ok {
				ps = append(ps, k+"="+strconv.Itoa(val))
			}
		}
		vv.Params = strings.Join(ps, "，")
		d.Versions = append(d.Versions, vv)
	}
	sort.SliceStable(d.Versions, func(i, j int) bool {
		return service.RuleRank(d.Versions[i].RuleID) < service.RuleRank(d.Versions[j].RuleID)
	})
	if d.CanEdit && len(d.Choices) > 0 {
		chosen := f["rule_id"]
		if len(service.RuleParams(cat, chosen)) == 0 {
			chosen = d.Choices[0].Value
		}
		f["rule_id"] = chosen
		if f["effective_from"] == "" {
			f["effective_from"] = s.today().String()
		}
		res, _ := cat.Resolve(chosen, path, on)
		typed := false
		for _, k := range service.RuleParams(cat, chosen) {
			typed = typed || f["p_"+k] != ""
		}
		for _, k := range service.RuleParams(cat, chosen) {
			if !typed {
				if v, ok := res.Params[k]; ok {
					f["p_"+k] = strconv.Itoa(v)
				}
			}
			fd := field{Name: "p_" + k, Label: service.ParamLabel(k), Value: f["p_"+k], Err: ps.For("p_" + k), Type: "number",
				Hint: service.ParamDirection(k) + "；留空则沿用上级"}
			d.Params = append(d.Params, fd)
		}
	}
	return s.render(w, r, status, "compliance_rules", d)
}

// rulesAdd is POST /orgs/{id}/rules: a new version of a rule in this org's
// layer (superior for a committee or general branch, branch for a branch),
// from a day, with the rule's parameters. The form is decoded here (each
// parameter p_NAME a whole number, the day a date); what the version may
// be — a rule with parameters, only those, positive, no looser than a
// higher layer — service.Compliance.AddRuleVersion decides, for every
// door. A refused version comes back on the form naming the parameter.
func (s *server) rulesAdd(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	if service.LayerOf(o) == "" {
		return zhibu.Errorf(zhibu.ErrInvalid, "党小组不设规则参数，请在所属党支部设定")
	}
	ctx := r.Context()
	var ps zhibu.Problems
	id := f["rule_id"]
	from := f.date("effective_from", "生效日期", &ps)
	v := zhibu.RuleVersion{ID: id, OrgID: o.ID, EffectiveFrom: from, Params: zhibu.RuleParams{}, Source: f["source"]}
	for k, val := range f {
		name, ok := strings.CutPrefix(k, "p_")
		if !ok || val == "" {
			continue
		}
		n, err := strconv.Atoi(val)
		if err != nil {
			ps.Add(k, service.ParamLabel(name), "“"+val+"”应为正整数")
			continue
		}
		v.Params[name] = n
	}
	if len(ps) > 0 {
		// Shown with what the service finds besides, the version unsaved.
		more, err := s.svc.Compliance.CheckRuleVersion(ctx, v)
		if err != nil {
			return err
		}
		if err := merge(&ps, more.Err()); err != nil {
			return err
		}
		return s.rulesRender(w, r, http.StatusUnprocessableEntity, o, f, ps)
	}
	if err := s.svc.Compliance.AddRuleVersion(ctx, v); err != nil {
		if err := merge(&ps, err); err != nil {
			return err
		}
		return s.rulesRender(w, r, http.StatusUnprocessableEntity, o, f, ps)
	}
	return redirect(w, r, orgHref(o.ID)+"/rules", "已新增规则参数："+id+"自"+from.Chinese()+"起生效")
}
