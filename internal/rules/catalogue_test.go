package rules

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"zhibu"
)

func TestResolveLayers(t *testing.T) {
	path := []int64{committeeID, branchID}
	cat := append(DefaultCatalogue(),
		// The superior asks for minutes within 5 days from 2019.
		zhibu.RuleVersion{ID: "meet.minutes", Layer: zhibu.LayerSuperior, OrgID: committeeID, EffectiveFrom: day(2019, 1, 1), Source: "局党委", Params: zhibu.RuleParams{"within_days": 5}},
		// The branch would allow 10 days: looser, ignored; and 3 days from 2020: tighter.
		zhibu.RuleVersion{ID: "meet.minutes", Layer: zhibu.LayerBranch, OrgID: branchID, EffectiveFrom: day(2019, 1, 1), EffectiveTo: day(2020, 1, 1), Source: "支部A", Params: zhibu.RuleParams{"within_days": 10}},
		zhibu.RuleVersion{ID: "meet.minutes", Layer: zhibu.LayerBranch, OrgID: branchID, EffectiveFrom: day(2020, 1, 1), Source: "支部B", Params: zhibu.RuleParams{"within_days": 3}},
		// A branch adds a rule no one above has.
		zhibu.RuleVersion{ID: "talk.seed", Layer: zhibu.LayerBranch, OrgID: branchID, Source: "支部工作计划第七部分", Params: zhibu.RuleParams{"per_half": 1}},
		// The branch tightens a minimum.
		zhibu.RuleVersion{ID: "meet.committee.monthly", Layer: zhibu.LayerBranch, OrgID: branchID, Source: "支部C", Params: zhibu.RuleParams{"min": 2}},
		// ... and tries to lower one.
		zhibu.RuleVersion{ID: "meet.assembly.quarterly", Layer: zhibu.LayerBranch, OrgID: branchID, Source: "支部D", Params: zhibu.RuleParams{"min": 0}},
	)
	tests := []struct {
		rule   string
		on     zhibu.Date
		param  string
		want   int
		layer  zhibu.Layer
		source string
	}{
		{"meet.minutes", day(2018, 12, 31), "within_days", 7, zhibu.LayerNational, ""},
		{"meet.minutes", day(2019, 1, 1), "within_days", 5, zhibu.LayerSuperior, "局党委"},
		{"meet.minutes", day(2019, 12, 31), "within_days", 5, zhibu.LayerSuperior, "局党委"},
		{"meet.minutes", day(2020, 1, 1), "within_days", 3, zhibu.LayerBranch, "支部B"},
		{"talk.seed", day(2018, 1, 1), "per_half", 1, zhibu.LayerBranch, "支部工作计划第七部分"},
		{"meet.committee.monthly", day(2018, 1, 1), "min", 2, zhibu.LayerBranch, "支部C"},
		{"meet.assembly.quarterly", day(2018, 1, 1), "min", 1, zhibu.LayerNational, ""},
	}
	for _, tc := range tests {
		res, ok := cat.Resolve(tc.rule, path, tc.on)
		if !ok || res.Params.Get(tc.param) != tc.want || res.Layer != tc.layer || (tc.source != "" && res.Source != tc.source) {
			t.Errorf("%s on %v: %v %s %q, want %s=%d %s %q", tc.rule, tc.on, res.Params, res.Layer, res.Source, tc.param, tc.want, tc.layer, tc.source)
		}
	}
	// Another branch under the same committee gets the superior's, not the branch's.
	if res, _ := cat.Resolve("meet.minutes", []int64{committeeID, 20}, day(2020, 6, 1)); res.Params.Get("within_days") != 5 {
		t.Errorf("sibling branch: %v", res.Params)
	}
	// The catalogue's own versions are not changed by resolution.
	if cat[0].ID != "meet.committee.monthly" || cat[0].Params.Get("min") != 1 {
		t.Error("resolution wrote into the catalogue")
	}
	if _, ok := cat.Resolve("no.such.rule", path, day(2018, 1, 1)); ok {
		t.Error("unknown rule resolved")
	}
}

func TestValidate(t *testing.T) {
	orgs := world(day(2018, 1, 1)).Orgs
	cat := append(DefaultCatalogue(),
		// 0: a branch loosening the national minimum.
		zhibu.RuleVersion{ID: "meet.committee.monthly", Layer: zhibu.LayerBranch, OrgID: branchID, Source: "支部", Params: zhibu.RuleParams{"min": 0}},
		// 1: a superior tightening: fine.
		zhibu.RuleVersion{ID: "meet.assembly.quarterly", Layer: zhibu.LayerSuperior, OrgID: committeeID, Source: "局党委", Params: zhibu.RuleParams{"min": 2}},
		// 2: a branch asking less than its superior (but as much as the nation).
		zhibu.RuleVersion{ID: "meet.assembly.quarterly", Layer: zhibu.LayerBranch, OrgID: branchID, Source: "支部", Params: zhibu.RuleParams{"min": 1}},
		// 3: a superior loosening "within days" from a later date on.
		zhibu.RuleVersion{ID: "meet.minutes", Layer: zhibu.LayerSuperior, OrgID: committeeID, EffectiveFrom: day(2019, 1, 1), Source: "局党委", Params: zhibu.RuleParams{"within_days": 10}},
		// 4: an unknown parameter and a negative one.
		zhibu.RuleVersion{ID: "meet.life.annual", Layer: zhibu.LayerBranch, OrgID: branchID, Source: "支部", Params: zhibu.RuleParams{"often": 3, "min": -1}},
		// 5: a national version tied to an org, ending before it starts.
		zhibu.RuleVersion{ID: "meet.chair", Layer: zhibu.LayerNational, OrgID: 5, EffectiveFrom: day(2019, 1, 1), EffectiveTo: day(2018, 1, 1)},
		// 6, 7: two versions of one rule, layer and org taking effect together.
		zhibu.RuleVersion{ID: "meet.group.monthly", Layer: zhibu.LayerSuperior, OrgID: committeeID, EffectiveFrom: day(2018, 1, 1), Params: zhibu.RuleParams{"min": 2}},
		zhibu.RuleVersion{ID: "meet.group.monthly", Layer: zhibu.LayerSuperior, OrgID: committeeID, EffectiveFrom: day(2018, 1, 1), Params: zhibu.RuleParams{"min": 3}},
		// 8: a lower layer without an org.
		zhibu.RuleVersion{ID: "meet.group.monthly", Layer: zhibu.LayerBranch, Params: zhibu.RuleParams{"min": 3}},
		// 9: the national layer of a later year is looser than this superior version from that day on.
		zhibu.RuleVersion{ID: "meet.themeday.monthly", Layer: zhibu.LayerSuperior, OrgID: committeeID, EffectiveFrom: day(2018, 1, 1), Params: zhibu.RuleParams{"min": 1}},
		zhibu.RuleVersion{ID: "meet.themeday.monthly", Layer: zhibu.LayerNational, EffectiveFrom: day(2020, 1, 1), Params: zhibu.RuleParams{"min": 2}},
	)
	n := len(DefaultCatalogue())
	problems := cat.Validate(orgs)
	type key struct {
		index int
		param string
	}
	got := map[key]string{}
	for _, p := range problems {
		got[key{p.Index - n, p.Param}] = p.Message
		if p.Message == "" || p.RuleID != cat[p.Index].ID {
			t.Errorf("problem %+v", p)
		}
	}
	want := []key{{0, "min"}, {2, "min"}, {3, "within_days"}, {4, "often"}, {4, "min"}, {5, ""}, {7, ""}, {8, ""}, {9, "min"}}
	for _, k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("no problem reported for version %d param %q", k.index, k.param)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems: %v", problems)
	}
	if _, ok := got[key{1, "min"}]; ok {
		t.Error("a tightening was reported")
	}
	if m := got[key{0, "min"}]; !strings.Contains(m, "宽松") || !strings.Contains(m, "不予适用") {
		t.Errorf("message %q", m)
	}
	// Without the tree, the branch is compared with the nation only: asking
	// as much as the nation is no problem then.
	for _, p := range cat.Validate(nil) {
		if p.Index == n+2 {
			t.Errorf("reported without the tree: %s", p.Message)
		}
	}
	// The default catalogue and the seed layer are clean.
	if ps := append(DefaultCatalogue(), SeedBranchLayer(branchID, day(2018, 1, 1))...).Validate(orgs); len(ps) != 0 {
		t.Errorf("default catalogue: %v", ps)
	}
	// Every default rule is implemented.
	for _, v := range DefaultCatalogue() {
		if !Builtin().Has(v.ID) {
			t.Errorf("%s has no code", v.ID)
		}
		for k := range v.Params {
			if _, ok := Spec(k); !ok {
				t.Errorf("%s: param %s has no spec", v.ID, k)
			}
		}
	}
}

func TestLooseningIgnoredWhenChecking(t *testing.T) {
	cat := append(DefaultCatalogue(), zhibu.RuleVersion{ID: "meet.committee.monthly", Layer: zhibu.LayerBranch, OrgID: branchID, Source: "支部", Params: zhibu.RuleParams{"min": 0}})
	fs := Check(cat, world(day(2018, 4, 1)), branchID, 2018)
	got := pick(t, fs, "meet.committee.monthly", branchID, month(2018, 3))
	if statusOf(got) != zhibu.StatusOverdue || got.Layer != zhibu.LayerNational {
		t.Errorf("a loosening branch layer was applied: %s (%s)", statusOf(got), got.Layer)
	}
}

// TestPlugIn: a rule of a later issue plugs in with its own facts and index.
func TestPlugIn(t *testing.T) {
	builds := 0
	dues := NewRule("plugin.example", func(c *Context) []zhibu.Finding {
		paid := c.Index("paid", func(f *zhibu.Facts) any {
			builds++
			return map[int64]bool{branchID: true}
		}).(map[int64]bool)
		res, ok := c.Params(c.Day())
		if !ok {
			return nil
		}
		f := c.New(res, c.Org, year(c.Year))
		f.Status = c.Status(paid[c.Org.ID], c.Day())
		f.Message = "党费"
		return []zhibu.Finding{f}
	})
	reg := Builtin()
	if err := reg.Register(dues); err != nil {
		t.Fatal(err)
	}
	if err := reg.Register(dues); err == nil {
		t.Error("registered twice")
	}
	cat := append(DefaultCatalogue(), zhibu.RuleVersion{ID: "plugin.example", Layer: zhibu.LayerNational, Source: "示例规定", Confidence: "V"})
	f := world(day(2018, 6, 1))
	f.Orgs = append(f.Orgs, zhibu.Org{ID: 20, Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committeeID, Path: "/1/20/"})
	all := reg.CheckAll(cat, f, 2018)
	if builds != 1 {
		t.Errorf("index built %d times", builds)
	}
	if got := pick(t, all[branchID], "plugin.example", branchID, year(2018)); statusOf(got) != zhibu.StatusOK || got.Source != "示例规定" {
		t.Errorf("plug-in: %s", statusOf(got))
	}
	if got := pick(t, all[20], "plugin.example", 20, year(2018)); statusOf(got) != zhibu.StatusDue {
		t.Errorf("plug-in for branch 20: %s", statusOf(got))
	}
	// Without a version in the catalogue the rule does not apply.
	if got := pick(t, reg.Check(DefaultCatalogue(), f, branchID, 2018), "plugin.example", branchID, year(2018)); got != nil {
		t.Error("a rule without a version applied")
	}
}

func TestCheckAllMatchesCheck(t *testing.T) {
	facts := genFacts(5, 2014, 2018, 7)
	facts.AsOf = day(2018, 9, 15)
	cat := append(DefaultCatalogue(), SeedBranchLayer(facts.Orgs[1].ID, day(2018, 1, 1))...)
	all := CheckAll(cat, facts, 2018)
	for _, o := range facts.Orgs {
		if o.Kind == zhibu.KindGroup {
			if _, ok := all[o.ID]; ok {
				t.Errorf("group %d checked on its own", o.ID)
			}
			continue
		}
		one := Check(cat, facts, o.ID, 2018)
		if !reflect.DeepEqual(one, all[o.ID]) {
			t.Fatalf("org %d: Check and CheckAll differ", o.ID)
		}
		if again := Check(cat, facts, o.ID, 2018); !reflect.DeepEqual(one, again) {
			t.Fatalf("org %d: not deterministic", o.ID)
		}
	}
	// Every status shows up somewhere in a year with gaps.
	seen := map[zhibu.FindingStatus]int{}
	for _, fs := range all {
		for _, f := range fs {
			seen[f.Status]++
			if f.Message == "" || f.Source == "" || f.Responsible == "" || !f.Period.Valid() || f.Evidence == nil {
				t.Fatalf("incomplete finding %+v", f)
			}
		}
	}
	for _, s := range zhibu.FindingStatuses {
		if seen[s] == 0 {
			t.Errorf("no %s finding in the generated year: %v", s, seen)
		}
	}
	b, err := json.Marshal(all[facts.Orgs[1].ID][0])
	if err != nil || !strings.Contains(string(b), `"evidence":`) {
		t.Errorf("JSON %s %v", b, err)
	}
}
