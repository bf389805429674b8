package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhibu/internal/assessexport"
)

// TestAssessmentPages: the committee sets a year's indicators (bad sets
// refused beside their rows, nothing saved), enters a manual score (out
// of range refused), finalizes, and exports the scores; the branch then
// sees its own finalized year; a finalized year refuses changes.
func TestAssessmentPages(t *testing.T) {
	f := newFixture(t)
	c, b := ids(f.committee.ID), ids(f.branch.ID)
	page := "/orgs/" + c + "/assessment?year=2025"
	wantBody(t, f.get(page), http.StatusOK, "本年度尚未设置考评指标", "“三会一课”按时召开", "保存指标")

	rows := func(kv ...string) url.Values {
		v := url.Values{"rows": {"3"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	indicators := "/orgs/" + c + "/assessment/indicators?year=2025"
	wantBody(t, f.post(indicators, rows("name_0", "三会一课", "kind_0", "meetings", "weight_0", "60", "name_2", "上级评定", "kind_2", "manual", "weight_2", "30")),
		http.StatusUnprocessableEntity, "权重合计：各项指标的权重之和应为100，现为90")
	wantBody(t, f.post(indicators, rows("name_0", "三会一课", "kind_0", "meetings", "weight_0", "60", "name_1", "上级评定", "kind_1", "votes", "weight_1", "40")),
		http.StatusUnprocessableEntity, "第2项指标的计分方式：“votes”不是可用的计分方式", `id="f-kind_1"`)
	wantBody(t, f.post(indicators, rows("name_0", "三会一课", "kind_0", "meetings", "weight_0", "六十")),
		http.StatusUnprocessableEntity, "第1项指标的权重：应为1至100的整数")
	wantBody(t, f.post("/orgs/"+c+"/assessment/indicators", rows("name_0", "三会一课", "kind_0", "meetings", "weight_0", "100")),
		http.StatusUnprocessableEntity, "考评年度：应为四位年份")
	if _, err := f.s.Assessment(sys, f.committee.ID, 2025); err == nil {
		t.Fatal("a refused set was saved")
	}
	wantBody(t, f.post("/orgs/"+b+"/assessment/indicators?year=2025", rows("name_0", "三会一课", "kind_0", "meetings", "weight_0", "100")),
		http.StatusUnprocessableEntity, "绩效考评由上级党委对所属党支部进行")
	if w := f.post(indicators, rows("name_0", "三会一课", "kind_0", "meetings", "weight_0", "60", "name_1", "上级评定", "kind_1", "manual", "weight_1", "40")); w.Code != http.StatusSeeOther {
		t.Fatalf("indicators: %d %s", w.Code, w.Body)
	}
	a, err := f.s.Assessment(sys, f.committee.ID, 2025)
	if err != nil || len(a.Indicators) != 2 {
		t.Fatalf("saved: %+v %v", a, err)
	}
	wantBody(t, f.get(page), http.StatusOK, "考评中", "第一党支部", "<svg", "手工评分", "尚未评分：第一党支部“上级评定”")

	key := "score_" + ids(a.Indicators[1].ID) + "_" + b
	scores := "/orgs/" + c + "/assessment/scores?year=2025"
	wantBody(t, f.post(scores, url.Values{key: {"101"}}), http.StatusUnprocessableEntity, "第一党支部“上级评定”的得分“101”：应在0至100之间")
	wantBody(t, f.post(scores, url.Values{key: {"很好"}}), http.StatusUnprocessableEntity, "第一党支部“上级评定”的得分“很好”：应为0至100之间的数")
	wantBody(t, f.post("/orgs/"+c+"/assessment/finalize?year=2025", nil), http.StatusUnprocessableEntity, "手工评分：尚未评分的有第一党支部“上级评定”")
	if w := f.post(scores, url.Values{key: {"85.5"}, "note_" + strings.TrimPrefix(key, "score_"): {"工作扎实"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("scores: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.post("/orgs/"+c+"/assessment/finalize", nil), http.StatusUnprocessableEntity, "考评年度：应为四位年份")
	if w := f.post("/orgs/"+c+"/assessment/finalize?year=2025", nil); w.Code != http.StatusSeeOther {
		t.Fatalf("finalize: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.get(page), http.StatusOK, "已定稿", "85.5", "工作扎实")
	wantBody(t, f.post(indicators, rows("name_0", "三会一课", "kind_0", "meetings", "weight_0", "100")), http.StatusUnprocessableEntity, "已定稿，不能再修改指标")

	w := f.get("/orgs/" + c + "/assessment/scores.xlsx?year=2025")
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", w.Code, w.Header())
	}
	x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := x.GetRows(assessexport.ScoresSheet)
	if err != nil || len(got) != 3 || got[2][1] != "第一党支部" || got[2][3] != "85.5" || got[1][3] != "上级评定（40分）" {
		t.Errorf("xlsx rows: %q %v", got, err)
	}

	wantBody(t, f.get("/orgs/"+b+"/assessment"), http.StatusOK, "2025年度：", "第1名（共1个党支部）", "工作扎实", "<svg")
	if w := f.get("/orgs/" + b + "/assessment/scores.xlsx?year=2025"); w.Code != http.StatusOK {
		t.Errorf("the branch's xlsx: %d", w.Code)
	}
	if w := f.get("/orgs/" + b + "/assessment/scores.xlsx?year=2024"); w.Code != http.StatusNotFound {
		t.Errorf("the branch's xlsx of a year not finalized: %d", w.Code)
	}
}
