package service

import (
	"testing"

	"zhibu"
	"zhibu/internal/rules"
)

// A rule's title states the parameters in force for the org: the national
// words while nothing changed them, the layer's own title where it gave
// one, else the numbers the layers set.
func TestRuleTitleAt(t *testing.T) {
	on := zhibu.Date{Year: 2026, Month: 12, Day: 1}
	from := zhibu.Date{Year: 2018, Month: 1, Day: 1}
	seed := append(rules.DefaultCatalogue(), rules.SeedBranchLayer(3, from)...)
	untitled := append(rules.DefaultCatalogue(),
		zhibu.RuleVersion{ID: "meet.lecture.secretary", Layer: zhibu.LayerSuperior, OrgID: 1, EffectiveFrom: from,
			Params: zhibu.RuleParams{"per_year": 2}},
		zhibu.RuleVersion{ID: "meet.lecture.secretary", Layer: zhibu.LayerBranch, OrgID: 3, EffectiveFrom: from,
			Params: zhibu.RuleParams{"per_year": 4, "per_half": 2}},
		zhibu.RuleVersion{ID: "meet.committee.monthly", Layer: zhibu.LayerSuperior, OrgID: 1, EffectiveFrom: from,
			Params: zhibu.RuleParams{"min": 2}})
	for _, c := range []struct {
		name string
		cat  rules.Catalogue
		id   string
		path []int64
		want string
	}{
		{"national", rules.DefaultCatalogue(), "meet.lecture.secretary", []int64{1, 3}, "支部书记每年至少讲一次党课"},
		{"another branch", seed, "meet.lecture.secretary", []int64{1, 4}, "支部书记每年至少讲一次党课"},
		{"the layer's own title", seed, "meet.lecture.secretary", []int64{1, 3}, "支部书记上党课每年不少于四次，上半年、下半年各两次，课件报局党委备案"},
		{"from the parameters", untitled, "meet.lecture.secretary", []int64{1, 3}, "支部书记每年至少讲4次党课，每半年至少2次"},
		{"the superior's", untitled, "meet.lecture.secretary", []int64{1, 4}, "支部书记每年至少讲2次党课"},
		{"a counting rule", untitled, "meet.committee.monthly", []int64{1, 4}, "每月至少召开2次支委会"},
		{"a rule without a form", untitled, "meet.chair", []int64{1, 4}, "支部党员大会、支委会由书记召集主持，党小组会由组长召集主持"},
	} {
		if got := RuleTitleAt(c.cat, c.id, c.path, on); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
