package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"zhibu"
)

// TestPlanPages: a branch starts its plan with the seed's ten sections,
// bad items are refused beside their fields with nothing saved, an item
// without rules is marked done with its evidence, the plan downloads as
// .docx and is copied to the next year; the committee publishes its
// 工作要点 and the branch builds its plan on it.
func TestPlanPages(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	wantBody(t, f.get(b+"/plan?year=2025"), http.StatusOK, "尚未制定2025年工作计划", "新建计划（十个部分）")
	wantBody(t, f.post(b+"/plan/new?year=2025", url.Values{"title": {""}}), http.StatusUnprocessableEntity, "计划标题：不能为空")
	if w := f.post(b+"/plan/new?year=2025", url.Values{"title": {"2025年党建工作计划"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("new: %d %s %s", w.Code, w.Body, f.log)
	}
	wantBody(t, f.post(b+"/plan/new?year=2025", url.Values{"title": {"再来一份"}}), http.StatusUnprocessableEntity, "已有2025年工作计划")
	wantBody(t, f.get(b+"/plan?year=2025"), http.StatusOK, "一、明确支部组织架构，细化责任分工", "十、做好党建工作调研和论文撰写工作", "添加计划事项")

	items := b + "/plan/items?year=2025"
	wantBody(t, f.post(items, url.Values{"section": {"2"}, "text": {""}, "owner": {"chairman"}, "rules": {"meet.nosuch"}, "due_on": {"2024-05-01"}}),
		http.StatusUnprocessableEntity, "工作内容：不能为空", "责任人：请选择一个职务", "完成时限：应为2025年内的有效日期")
	wantBody(t, f.post(items, url.Values{"section": {"2"}, "text": {"每月召开支委会"}, "owner": {"org_officer"}, "rules": {"meet.nosuch"}}),
		http.StatusUnprocessableEntity, "对应规则：规则库中没有“meet.nosuch”")
	wantBody(t, f.post(items, url.Values{"section": {"2"}, "text": {"七一党课"}, "owner": {"secretary"}, "due_on": {"2025-02-30"}}),
		http.StatusUnprocessableEntity, "完成时限：“2025-02-30”不是有效日期")
	p, err := f.s.Plan(sys, f.branch.ID, 2025)
	if err != nil || len(p.Sections) != 10 || len(p.Sections[1].Items) != 0 {
		t.Fatalf("refused items were saved: %+v %v", p.Sections, err)
	}
	if w := f.post(items, url.Values{"section": {"2"}, "text": {"每月召开支委会"}, "owner": {"org_officer"}, "rules": {"meet.committee.monthly"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("add: %d %s", w.Code, w.Body)
	}
	if w := f.post(items, url.Values{"section": {"9"}, "text": {"全年档案分类建档"}, "owner": {"org_officer"}, "due_on": {"2025-12-31"}, "record": {"archive"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("add: %d %s", w.Code, w.Body)
	}
	if p, err = f.s.Plan(sys, f.branch.ID, 2025); err != nil || len(p.Sections[8].Items) != 1 {
		t.Fatalf("items: %+v %v", p.Sections, err)
	}
	archive := strconv.FormatInt(p.Sections[8].Items[0].ID, 10)
	rule := strconv.FormatInt(p.Sections[1].Items[0].ID, 10)
	wantBody(t, f.post(b+"/plan/items/done?year=2025", url.Values{"item": {archive}, "done_on": {"2025-12-20"}}), http.StatusUnprocessableEntity,
		"完成情况及佐证：标记完成时须写明完成情况及佐证")
	wantBody(t, f.post(b+"/plan/items/done?year=2025", url.Values{"item": {rule}, "done_on": {"2025-12-20"}, "evidence": {"x"}}), http.StatusUnprocessableEntity,
		"对应规则的事项由检查结果自动判断完成")
	wantBody(t, f.post(b+"/plan/items/done?year=2025", url.Values{"item": {"99999"}, "done_on": {"2025-12-20"}}), http.StatusUnprocessableEntity,
		"计划事项：未找到本组织的这个事项")
	wantBody(t, f.post(b+"/plan/items/link?year=2025", url.Values{"item": {archive}, "kind": {"talk"}, "record_id": {"99999"}}), http.StatusUnprocessableEntity,
		"记录编号：本组织没有这条谈心谈话记录")
	if w := f.post(b+"/plan/items/done?year=2025", url.Values{"item": {archive}, "done_on": {"2025-12-20"}, "evidence": {"已分类建档"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("done: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.get(b+"/plan?year=2025"), http.StatusOK, "2025-12-20标记完成：已分类建档", "meet.committee.monthly 每月至少召开一次支委会", "组织委员")
	wantBody(t, f.post(b+"/plan/items/delete?year=2025", url.Values{"item": {"0"}}), http.StatusUnprocessableEntity, "计划事项：未找到本组织的这个事项")

	w := f.get(b + "/plan/plan.docx?year=2025")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" || w.Body.Len() < 1000 {
		t.Fatalf("docx: %d %q %d", w.Code, w.Header().Get("Content-Type"), w.Body.Len())
	}

	// Copy to 2026: the items come with their due dates a year on, the
	// completion dropped.
	if w := f.post(b+"/plan/new?year=2026", url.Values{"from": {"last"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("copy: %d %s", w.Code, w.Body)
	}
	next, err := f.s.Plan(sys, f.branch.ID, 2026)
	if err != nil || next.Title != "2026年党建工作计划" || len(next.Sections[8].Items) != 1 {
		t.Fatalf("copy: %+v %v", next, err)
	}
	if it := next.Sections[8].Items[0]; it.DueOn != zhibu.MakeDate(2026, 12, 31) || !it.DoneOn.IsZero() || it.Evidence != "" {
		t.Errorf("copied item %+v", it)
	}
	wantBody(t, f.post(b+"/plan/new?year=2030", url.Values{"from": {"last"}}), http.StatusUnprocessableEntity, "年度：2029年没有工作计划可以复制")

	// The committee publishes its 工作要点 of 2027; the branch builds on it.
	c := "/orgs/" + ids(f.committee.ID)
	wantBody(t, f.post(b+"/plan/new?year=2027", url.Values{"from": {"superior"}, "title": {"2027年计划"}}), http.StatusUnprocessableEntity, "上级党委尚未发布2027年工作要点")
	if w := f.post(c+"/plan/new?year=2027", url.Values{"title": {"2027年机关党建工作要点"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("committee: %d %s", w.Code, w.Body)
	}
	if w := f.post(c+"/plan/items?year=2027", url.Values{"section": {"2"}, "text": {"各支部每季度召开支部党员大会"}, "owner": {"secretary"}, "rules": {"meet.assembly.quarterly"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("committee item: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.post(b+"/plan/edit?year=2026", url.Values{"title": {"2026年党建工作计划"}, "intro": {""}, "published": {"true"}}), http.StatusUnprocessableEntity,
		"只有党委（党总支）的工作要点可以发布")
	if w := f.post(c+"/plan/edit?year=2027", url.Values{"title": {"2027年机关党建工作要点"}, "intro": {"结合实际"}, "published": {"true"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.get(b+"/plan?year=2027"), http.StatusOK, "依据上级《2027年机关党建工作要点》制定")
	if w := f.post(b+"/plan/new?year=2027", url.Values{"from": {"superior"}, "title": {"2027年党建工作计划"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("build: %d %s", w.Code, w.Body)
	}
	wantBody(t, f.get(b+"/plan?year=2027"), http.StatusOK, "各支部每季度召开支部党员大会", "依据：2027年机关党建工作要点 二、1")
	// The committee sees its branches' plans side by side.
	wantBody(t, f.get(c+"/plan?year=2027"), http.StatusOK, "各支部工作计划进度", f.branch.Name, "2027年党建工作计划")
}
