package api

import (
	"net/http"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/service"
)

// setupRoutes are the endpoints a bureau uses to bring its branches in
// (issue 12): their committees with the election dates, current and past,
// and the branch's rule versions. Orgs and people have their own.
func (a *api) setupRoutes() []route {
	return []route{
		{"POST /api/v1/orgs/{id}/terms", manageOrg, a.startTerm},
		{"GET /api/v1/orgs/{id}/rules", readOrg, a.orgRules},
		{"POST /api/v1/orgs/{id}/rules", access.On(zhibu.PermRulesEdit, access.PathOrg, "id"), a.addRuleVersion},
	}
}

// newTerm is the body of POST /api/v1/orgs/{id}/terms.
type newTerm struct {
	ElectedOn  zhibu.Date `json:"elected_on"`
	Years      int        `json:"years"`
	Note       string     `json:"note"`
	AssemblyID int64      `json:"assembly_id"`
	Seats      []struct {
		Position zhibu.Position `json:"position"`
		PersonID int64          `json:"person_id"`
	} `json:"seats"`
}

// startTerm answers POST /api/v1/orgs/{id}/terms: an election, checked by
// the terms service as the web form's is (the seats on the election day).
// Past committees are entered oldest first: each election must be later
// than the current one's.
func (a *api) startTerm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[newTerm](w, r)
	if err != nil {
		return err
	}
	t := zhibu.Term{OrgID: id, ElectedOn: in.ElectedOn, Years: in.Years, Note: in.Note, AssemblyID: in.AssemblyID}
	for _, st := range in.Seats {
		t.Seats = append(t.Seats, zhibu.Seat{Position: st.Position, PersonID: st.PersonID})
	}
	term, err := a.svc.Terms.StartTerm(r.Context(), t)
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, term)
}

// ruleInForce is one rule as it applies to an org on a day.
type ruleInForce struct {
	ID      string         `json:"id"`
	Title   string         `json:"title"`
	InForce bool           `json:"in_force"`
	Layer   zhibu.Layer    `json:"layer"`
	Source  string         `json:"source"`
	Params  []paramInForce `json:"params"`
}

type paramInForce struct {
	Name  string      `json:"name"`
	Label string      `json:"label"`
	Value int         `json:"value"`
	From  zhibu.Layer `json:"from"`
}

// orgRules answers GET /api/v1/orgs/{id}/rules[?on=DATE]: the rules that
// apply to the org on the day (default today) with the parameters in force
// and the layer each comes from, and the rule versions on its path.
func (a *api) orgRules(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	o, err := a.store.Org(r.Context(), id)
	if err != nil {
		return err
	}
	on := zhibu.Today(time.Now())
	if v := r.URL.Query().Get("on"); v != "" {
		if on, err = zhibu.ParseDate(v); err != nil {
			return invalid("on：“" + v + "”不是有效日期")
		}
	}
	rs, err := a.svc.Compliance.RulesOf(r.Context(), o, on)
	if err != nil {
		return err
	}
	out := struct {
		On       zhibu.Date          `json:"on"`
		Rules    []ruleInForce       `json:"rules"`
		Versions []zhibu.RuleVersion `json:"versions"`
	}{On: on, Rules: []ruleInForce{}, Versions: rs.Versions}
	for _, x := range rs.Rules {
		rf := ruleInForce{ID: x.ID, Title: x.Title, InForce: x.InForce, Layer: x.Layer, Source: x.Source, Params: []paramInForce{}}
		for _, p := range x.Params {
			rf.Params = append(rf.Params, paramInForce{Name: p.Name, Label: service.ParamLabel(p.Name), Value: p.Value, From: p.From})
		}
		out.Rules = append(out.Rules, rf)
	}
	if out.Versions == nil {
		out.Versions = []zhibu.RuleVersion{}
	}
	return render(w, http.StatusOK, out)
}

// newRuleVersion is the body of POST /api/v1/orgs/{id}/rules.
type newRuleVersion struct {
	RuleID        string         `json:"rule_id"`
	EffectiveFrom zhibu.Date     `json:"effective_from"`
	Params        map[string]int `json:"params"`
	Source        string         `json:"source"`
}

// addRuleVersion answers POST /api/v1/orgs/{id}/rules: a rule version of
// the org's layer (a branch's own plan, or a superior's), from a day,
// checked by the compliance service as the rules page's form is.
func (a *api) addRuleVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	o, err := a.store.Org(r.Context(), id)
	if err != nil {
		return err
	}
	if service.LayerOf(o) == "" {
		return invalid("党小组不设规则参数，请在所属党支部设定")
	}
	in, err := decode[newRuleVersion](w, r)
	if err != nil {
		return err
	}
	v := zhibu.RuleVersion{ID: in.RuleID, OrgID: o.ID, EffectiveFrom: in.EffectiveFrom, Params: zhibu.RuleParams{}, Source: in.Source}
	for k, n := range in.Params {
		v.Params[k] = n
	}
	if err := a.svc.Compliance.AddRuleVersion(r.Context(), v); err != nil {
		return err
	}
	w.Header().Set("Location", orgURL(o.ID)+"/rules")
	return render(w, http.StatusCreated, v)
}
