package zhibu_test

import (
	"encoding/json"
	"strings"
	"testing"

	"zhibu"
)

func TestParseScore(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want zhibu.Score
		err  string
	}{
		{"0", 0, ""}, {"100", 10000, ""}, {"85", 8500, ""}, {"85.5", 8550, ""}, {" 85.25 ", 8525, ""}, {"0.01", 1, ""},
		{"100.00", 10000, ""}, {"100.01", 0, "0至100"}, {"101", 0, "0至100"}, {"1000", 0, "0至100"},
		{"", 0, "不能为空"}, {"-1", 0, "两位小数"}, {"85.", 0, "两位小数"}, {".5", 0, "两位小数"}, {"85.123", 0, "两位小数"},
		{"八十", 0, "两位小数"}, {"1e2", 0, "两位小数"},
	} {
		got, err := zhibu.ParseScore(c.in)
		switch {
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("ParseScore(%q) = %v, %v; want %v", c.in, got, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(zhibu.UserMessage(err), c.err)):
			t.Errorf("ParseScore(%q) = %v, %v; want an error with %q", c.in, got, err, c.err)
		}
	}
}

func TestScoreString(t *testing.T) {
	t.Parallel()
	for s, want := range map[zhibu.Score]string{0: "0", 8500: "85", 8550: "85.5", 8525: "85.25", 1: "0.01", 10000: "100", 8505: "85.05"} {
		if got := s.String(); got != want {
			t.Errorf("Score(%d) = %q, want %q", int(s), got, want)
		}
		if back, err := zhibu.ParseScore(s.String()); err != nil || back != s {
			t.Errorf("round trip of %d: %v, %v", int(s), back, err)
		}
	}
}

func TestScoreJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(zhibu.BranchScore{Total: 8550})
	if err != nil || !strings.Contains(string(b), `"total":85.5`) {
		t.Errorf("marshal: %s %v", b, err)
	}
	var m zhibu.ManualScore
	if err := json.Unmarshal([]byte(`{"score":92.25}`), &m); err != nil || m.Score != 9225 {
		t.Errorf("unmarshal: %v %v", m.Score, err)
	}
	if err := json.Unmarshal([]byte(`{"score":100.5}`), &m); err == nil {
		t.Error("a score over 100 was read")
	}
}

func TestShare(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		ok, all int
		want    zhibu.Score
		applies bool
	}{
		{0, 0, 0, false}, {3, 0, 0, false}, {0, 5, 0, true}, {5, 5, 10000, true}, {11, 12, 9167, true}, // 91.666… rounds up
		{1, 3, 3333, true}, {2, 3, 6667, true}, {1, 8, 1250, true}, {9, 5, 10000, true}, {-1, 5, 0, true},
	} {
		got, ok := zhibu.Share(c.ok, c.all)
		if got != c.want || ok != c.applies {
			t.Errorf("Share(%d, %d) = %v, %v; want %v, %v", c.ok, c.all, got, ok, c.want, c.applies)
		}
	}
}

func TestWeightedTotal(t *testing.T) {
	t.Parallel()
	inds := []zhibu.Indicator{{ID: 1, Weight: 40}, {ID: 2, Weight: 30}, {ID: 3, Weight: 30}}
	r := func(id int64, s zhibu.Score, ok bool) zhibu.IndicatorResult {
		return zhibu.IndicatorResult{IndicatorID: id, Score: s, Applicable: ok}
	}
	for _, c := range []struct {
		name    string
		results []zhibu.IndicatorResult
		want    zhibu.Score
		applies bool
	}{
		{"all full", []zhibu.IndicatorResult{r(1, 10000, true), r(2, 10000, true), r(3, 10000, true)}, 10000, true},
		{"weighted", []zhibu.IndicatorResult{r(1, 10000, true), r(2, 5000, true), r(3, 0, true)}, 5500, true},
		// 2 does not apply: its 30 points spread over 1 and 3 (40:30).
		{"redistributed", []zhibu.IndicatorResult{r(1, 10000, true), r(2, 0, false), r(3, 3000, true)}, 7000, true},
		{"missing counts as not applicable", []zhibu.IndicatorResult{r(1, 8000, true)}, 8000, true},
		{"none applies", []zhibu.IndicatorResult{r(1, 9000, false), r(2, 9000, false)}, 0, false},
		{"rounds half up", []zhibu.IndicatorResult{r(1, 1, true), r(2, 0, true), r(3, 0, true)}, 0, true},   // 0.4 hundredths
		{"rounds half up 2", []zhibu.IndicatorResult{r(1, 3, true), r(2, 0, true), r(3, 2, true)}, 2, true}, // (120+60)/100 = 1.8
		{"unknown indicator ignored", []zhibu.IndicatorResult{r(9, 0, true), r(1, 10000, true)}, 10000, true},
	} {
		got, ok := zhibu.WeightedTotal(inds, c.results)
		if got != c.want || ok != c.applies {
			t.Errorf("%s: %v, %v; want %v, %v", c.name, got, ok, c.want, c.applies)
		}
	}
}

func TestRankScores(t *testing.T) {
	t.Parallel()
	bs := []zhibu.BranchScore{
		{OrgName: "丁", Total: 8000, Scored: true}, {OrgName: "甲", Total: 9000, Scored: true},
		{OrgName: "戊", Scored: false}, {OrgName: "丙", Total: 9000, Scored: true}, {OrgName: "乙", Total: 7000, Scored: true},
	}
	zhibu.RankScores(bs)
	var got []string
	for _, b := range bs {
		got = append(got, b.OrgName+":"+string(rune('0'+b.Rank)))
	}
	// equal totals share a rank (by name within it), the next skips; the unscored come last unranked
	if want := "丙:1 甲:1 丁:3 乙:4 戊:0"; strings.Join(got, " ") != want {
		t.Errorf("ranks %v, want %s", got, want)
	}
}

func TestAssessmentValidate(t *testing.T) {
	t.Parallel()
	ok := func() zhibu.Assessment {
		return zhibu.Assessment{Year: 2025, Indicators: []zhibu.Indicator{
			{Name: "三会一课", Kind: zhibu.IndMeetings, Weight: 60}, {Name: "上级评定", Kind: zhibu.IndManual, Weight: 40}}}
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("a good set: %v", err)
	}
	for _, c := range []struct {
		name, field, text string
		change            func(a *zhibu.Assessment)
	}{
		{"weights short of 100", "weights", "应为100，现为90", func(a *zhibu.Assessment) { a.Indicators[1].Weight = 30 }},
		{"weights over 100", "weights", "现为110", func(a *zhibu.Assessment) { a.Indicators[1].Weight = 50 }},
		{"unknown kind", "indicators.1.kind", "第2项指标的计分方式：“votes”不是可用的计分方式", func(a *zhibu.Assessment) { a.Indicators[1].Kind = "votes" }},
		{"zero weight", "indicators.0.weight", "第1项指标的权重：应为1至100的整数", func(a *zhibu.Assessment) { a.Indicators[0].Weight = 0 }},
		{"weight over 100", "indicators.0.weight", "1至100", func(a *zhibu.Assessment) { a.Indicators[0].Weight = 101 }},
		{"no name", "indicators.1.name", "第2项指标的名称：不能为空", func(a *zhibu.Assessment) { a.Indicators[1].Name = "" }},
		{"twice the same name", "indicators.1.name", "与第1项重复", func(a *zhibu.Assessment) { a.Indicators[1].Name = "三会一课" }},
		{"no indicator", "indicators", "至少设置一项", func(a *zhibu.Assessment) { a.Indicators = nil }},
		{"bad year", "year", "四位年份", func(a *zhibu.Assessment) { a.Year = 25 }},
		{"long note", "indicators.0.note", "500", func(a *zhibu.Assessment) { a.Indicators[0].Note = strings.Repeat("字", 501) }},
	} {
		a := ok()
		c.change(&a)
		err := a.Validate()
		ps, isPs := err.(zhibu.Problems)
		if !isPs || !strings.Contains(ps.For(c.field), c.text) {
			t.Errorf("%s: %v; want %s with %q", c.name, err, c.field, c.text)
		}
	}
}

func TestManualScoreValidate(t *testing.T) {
	t.Parallel()
	if err := (zhibu.ManualScore{Score: 9000, Note: "工作扎实"}).Validate("第一党支部“上级评定”"); err != nil {
		t.Errorf("a good score: %v", err)
	}
	err := (zhibu.ManualScore{Score: 10001}).Validate("第一党支部“上级评定”")
	if ps, _ := err.(zhibu.Problems); !strings.Contains(ps.For("score"), "第一党支部“上级评定”的得分：应在0至100之间") {
		t.Errorf("out of range: %v", err)
	}
	err = (zhibu.ManualScore{Score: 9000, Note: strings.Repeat("字", 201)}).Validate("X")
	if ps, _ := err.(zhibu.Problems); ps.For("note") == "" {
		t.Errorf("long note: %v", err)
	}
}

func TestIndicatorKindCovers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		k    zhibu.IndicatorKind
		id   string
		want bool
	}{
		{zhibu.IndMeetings, "meet.committee.monthly", true}, {zhibu.IndMeetings, "member.study.hours", false},
		{zhibu.IndStudy, "member.study.hours", true}, {zhibu.IndStudy, "study.records", true},
		{zhibu.IndTerms, "org.term.due", true}, {zhibu.IndTerms, "org.group.leader", false},
		{zhibu.IndDues, "dues.monthly", true}, {zhibu.IndDevelopment, "dev.order", true}, {zhibu.IndTalks, "talk.seed", true},
		{zhibu.IndManual, "meet.minutes", false}, {zhibu.IndPlan, "meet.minutes", false},
	} {
		if got := c.k.Covers(c.id); got != c.want {
			t.Errorf("%s covers %s: %v", c.k, c.id, got)
		}
	}
	for _, k := range zhibu.IndicatorKinds {
		if !k.Valid() || k.Label() == string(k) {
			t.Errorf("kind %s: no label", k)
		}
	}
}
