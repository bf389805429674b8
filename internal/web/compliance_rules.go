package web

import (
	"net/http"
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
	Title  string // the version's own title, or the rule's
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
	on := s.today()
	if v := f["on"]; v != "" {
		if d, err := zhibu.ParseDate(v); err == nil && !d.IsZero() {
			on = d
		}
	}
	rs, err := s.svc.Compliance.RulesOf(ctx, o, on)
	if err != nil {
		return err
	}
	cat := rs.Catalogue
	d := &rulesPage{Org: o, On: on, Layer: service.LayerOf(o), Form: f, Calendar: orgHref(o.ID) + "/compliance"}
	d.Problems = ps
	d.CanEdit = d.Layer != "" && zhibu.ActorFrom(ctx).Can(zhibu.PermRulesEdit, o.Path)
	d.Title = o.Name + "规则参数"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "规则参数"}); err != nil {
		return err
	}
	inForce := map[string]zhibu.RuleParams{}
	for _, ri := range rs.Rules {
		rv := ruleView{ID: ri.ID, Title: ri.Title, InForce: ri.InForce}
		if ri.InForce {
			rv.Layer, rv.Source = ri.Layer.Label(), ri.Source
		}
		inForce[ri.ID] = zhibu.RuleParams{}
		for _, p := range ri.Params {
			rv.Params = append(rv.Params, paramView{Name: p.Name, Label: service.ParamLabel(p.Name), Value: p.Value,
				Layer: p.From.Label(), Direction: service.ParamDirection(p.Name)})
			inForce[ri.ID][p.Name] = p.Value
		}
		d.Rules = append(d.Rules, rv)
		if len(service.RuleParams(cat, ri.ID)) > 0 {
			d.Choices = append(d.Choices, option{Value: ri.ID, Label: rv.Title + "（" + ri.ID + "）"})
		}
	}
	// The versions that apply here, by rule, layer and start.
	for _, v := range rs.Versions {
		org := "全国"
		if v.OrgID != 0 {
			org = rs.OrgNames[v.OrgID]
		}
		vv := versionView{RuleID: v.ID, Title: v.Title, Layer: v.Layer.Label(), Org: org, Source: v.Source, From: "一直有效", To: "—"}
		if vv.Title == "" {
			vv.Title = service.RuleTitle(rs.Catalogue, v.ID)
		}
		if !v.EffectiveFrom.IsZero() {
			vv.From = v.EffectiveFrom.Chinese()
		}
		if !v.EffectiveTo.IsZero() {
			vv.To = v.EffectiveTo.Chinese()
		}
		var ps []string
		for _, k := range service.RuleParams(rules.Catalogue{v}, v.ID) {
			if val, ok := v.Params[k]; ok {
				ps = append(ps, service.ParamLabel(k)+"："+strconv.Itoa(val))
			}
		}
		vv.Params = strings.Join(ps, "，")
		d.Versions = append(d.Versions, vv)
	}
	if d.CanEdit && len(d.Choices) > 0 {
		chosen := f["rule_id"]
		if len(service.RuleParams(cat, chosen)) == 0 {
			chosen = d.Choices[0].Value
		}
		f["rule_id"] = chosen
		if f["effective_from"] == "" {
			f["effective_from"] = s.today().String()
		}
		typed := false
		for _, k := range service.RuleParams(cat, chosen) {
			typed = typed || f["p_"+k] != ""
		}
		for _, k := range service.RuleParams(cat, chosen) {
			if !typed {
				if v, ok := inForce[chosen][k]; ok {
					f["p_"+k] = strconv.Itoa(v)
				}
			}
			fd := field{ID: "f-p_" + k, Name: "p_" + k, Label: service.ParamLabel(k), Value: f["p_"+k], Err: ps.For("p_" + k), Type: "number",
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
