package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/service"
)

var transferHref = regexp.MustCompile(`/orgs/\d+/transfers/(\d+)`)

// A letter through the forms: issued by one branch, refused to the sender
// as an acceptance, accepted by the other; a member in from outside; the
// letter printed.
func TestTransferForms(t *testing.T) {
	f := newFixture(t)
	b2 := f.org(zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: f.committee.ID})
	b1 := "/orgs/" + ids(f.branch.ID)
	today := zhibu.Today(time.Now()).String()

	wantBody(t, f.get(b1+"/transfers"), http.StatusOK, "第一党支部组织关系转接", "没有转出的介绍信", "开具介绍信（转出）")
	wantBody(t, f.get(b1+"/transfers/new"), http.StatusOK, "介绍信编号", "B1-", "第二党支部", "不超过3个月")
	wantBody(t, f.post(b1+"/transfers", url.Values{"letter_no": {""}, "issued_on": {"2026-13-01"}}), http.StatusUnprocessableEntity,
		"人员：请选择转出的党员", "开具日期")
	wantBody(t, f.post(b1+"/transfers", url.Values{"person_id": {ids(f.id("张伟"))}, "letter_no": {"B1-1"}, "issued_on": {today},
		"valid_months": {"4"}, "to_org_id": {ids(b2.ID)}}), http.StatusUnprocessableEntity, "有效期（月）：应为1至3个月")
	w := f.post(b1+"/transfers", url.Values{"person_id": {ids(f.id("张伟"))}, "letter_no": {"B1-1"}, "issued_on": {today},
		"valid_months": {"3"}, "to_org_id": {ids(b2.ID)}, "reason": {"工作调动"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("issue: %d %s", w.Code, w.Body.String())
	}
	m := transferHref.FindStringSubmatch(w.Header().Get("Location"))
	if m == nil {
		t.Fatalf("redirect to %q", w.Header().Get("Location"))
	}
	tid := m[1]
	wantBody(t, f.follow(w), http.StatusOK, "已开具介绍信B1-1", "待接收", "第二党支部", "打印介绍信", "退回或撤销")
	wantBody(t, f.get(b1+"/transfers/"+tid+"/letter"), http.StatusOK, "中国共产党党员组织关系介绍信", "张伟同志", "********", "回　执", "编号：B1-1",
		"党费已交到　　　年　　月")
	// With dues kept here, the letter says the month they are paid to.
	this := zhibu.MonthOfDate(zhibu.Today(time.Now()))
	svc := service.New(f.s, service.Options{}).Dues
	if _, err := svc.SetBase(sys, zhibu.DuesBase{PersonID: f.id("张伟"), Category: zhibu.DuesSalaried, Base: 400000, From: this.Add(-2)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordPayment(sys, zhibu.Payment{PersonID: f.id("张伟"), Months: []zhibu.Month{this.Add(-2), this.Add(-1)}, Amount: 8000,
		Method: zhibu.PayCash, PaidOn: zhibu.Today(time.Now())}); err != nil {
		t.Fatal(err)
	}
	paid := this.Add(-1)
	wantBody(t, f.get(b1+"/transfers/"+tid+"/letter"), http.StatusOK, fmt.Sprintf("党费已交到%d年%d月", paid.Year, int(paid.Month)))

	// The sender cannot accept its own letter; the destination does.
	wantBody(t, f.post(b1+"/transfers/"+tid+"/accept", url.Values{"on": {today}}), http.StatusUnprocessableEntity, "不是系统内其他支部开往本支部的")
	b2p := "/orgs/" + ids(b2.ID)
	wantBody(t, f.get(b2p+"/transfers/"+tid), http.StatusOK, "确认接收", "编入党小组")
	wantBody(t, f.post(b2p+"/transfers/"+tid+"/accept", url.Values{"on": {"2001-01-01"}}), http.StatusUnprocessableEntity, "接收日期：不能早于介绍信开具日期")
	w = f.post(b2p+"/transfers/"+tid+"/accept", url.Values{"on": {today}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", w.Code, w.Body.String())
	}
	if p, _ := f.s.Person(sys, f.id("张伟")); p.OrgID != b2.ID {
		t.Errorf("张伟 is in org %d", p.OrgID)
	}
	wantBody(t, f.get(b1+"/transfers"), http.StatusOK, "B1-1", "已完成")
	wantBody(t, f.get("/people/"+ids(f.id("张伟"))), http.StatusOK, "组织关系转接", "B1-1", "第一党支部 → 第二党支部", "开具组织关系介绍信")

	// Out of zhibu: received (off the roster), then the receipt.
	w = f.post(b1+"/transfers", url.Values{"person_id": {ids(f.id("赵磊"))}, "letter_no": {"B1-2"}, "issued_on": {today},
		"valid_months": {"2"}, "to_name": {"某市某局机关党支部"}})
	tid2 := transferHref.FindStringSubmatch(w.Header().Get("Location"))[1]
	wantBody(t, f.get(b1+"/transfers/"+tid2), http.StatusOK, "登记接收和回执", "接收方接收日期")
	wantBody(t, f.follow(f.post(b1+"/transfers/"+tid2+"/receipt", url.Values{"on": {today}})), http.StatusOK,
		"已登记接收，赵磊已转出本支部，待退回回执", "已接收，回执未退回")
	wantBody(t, f.get("/people/"+ids(f.id("赵磊"))), http.StatusOK, "已于"+today+"转出本系统")
	wantBody(t, f.get(b1+"/transfers"), http.StatusOK, "已转出本系统的人员", "赵磊")
	if roster := f.get(b1).Body.String(); rosterOf(roster) != "" && strings.Contains(rosterOf(roster), "赵磊") {
		t.Error("赵磊 still on the roster")
	}
	wantBody(t, f.follow(f.post(b1+"/transfers/"+tid2+"/receipt", url.Values{"receipt_on": {today}})), http.StatusOK, "已登记回执，组织关系转接完成")

	// In from outside: the letter and the person, all or nothing.
	wantBody(t, f.post(b1+"/transfers/in", url.Values{"name": {"转入者"}, "status": {"masses"}}), http.StatusUnprocessableEntity,
		"转出组织：不能为空", "介绍信编号：不能为空", "政治面貌：转入组织关系的应为预备党员或正式党员")
	in := person("孙敏", zhibu.FullMember, f.branch.ID, 0)
	v := personValues(in)
	v.Set("from_name", "外省某局机关党支部")
	v.Set("letter_no", "外-7")
	v.Set("issued_on", today)
	v.Set("valid_months", "3")
	v.Set("received_on", today)
	w = f.post(b1+"/transfers/in", v)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("transfer in: %d %s", w.Code, w.Body.String())
	}
	wantBody(t, f.follow(w), http.StatusOK, "已登记转入：孙敏", "已接收，回执未退回", "登记退回回执")
	wantBody(t, f.get(b1+"/compliance"), http.StatusOK, "组织关系介绍信有效期不超过3个月")
}

// The election's assembly on the term form, and a postponement asked for
// and approved.
func TestExtensionForms(t *testing.T) {
	f := newFixture(t)
	b1 := "/orgs/" + ids(f.branch.ID)
	wantBody(t, f.get(b1+"/terms/new"), http.StatusOK, "选举大会", "（未登记）")
	// The election's assembly, recorded after the fact.
	wantBody(t, f.get(b1), http.StatusOK, "登记选举大会")
	a := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: at(2024, 3, 1, 9, 0),
		ChairID: f.id("李娜"), RecorderID: f.id("赵磊"), Minutes: "选举"}, nil)
	wantBody(t, f.get(b1+"/terms/assembly"), http.StatusOK, "2024年3月1日 支部党员大会")
	wantBody(t, f.post(b1+"/terms/assembly", url.Values{"assembly_id": {""}}), http.StatusUnprocessableEntity, "选举大会：请选择")
	wantBody(t, f.follow(f.post(b1+"/terms/assembly", url.Values{"assembly_id": {ids(a.ID)}})), http.StatusOK,
		"已登记本届选举的支部党员大会", `<a href="/meetings/`+ids(a.ID)+`">支部党员大会</a>`)
	wantBody(t, f.get(b1+"/terms/extensions"), http.StatusOK, "延期（提前）换届", "2027年3月1日届满", "没有申请", "提交上级审批")
	wantBody(t, f.post(b1+"/terms/extensions", url.Values{"months": {"六"}, "reason": {"x"}}), http.StatusUnprocessableEntity, "调整月数：应为整数")
	wantBody(t, f.post(b1+"/terms/extensions", url.Values{"months": {"13"}, "reason": {"x"}}), http.StatusUnprocessableEntity, "不超过12个月")
	w := f.post(b1+"/terms/extensions", url.Values{"months": {"6"}, "reason": {"集中整训"}})
	wantBody(t, f.follow(w), http.StatusOK, "已提交申请，换届时间调整至2027年9月1日", "待上级党委审批", "批准")
	exts, err := f.s.Extensions(sys, f.branch.ID)
	if err != nil || len(exts) != 1 {
		t.Fatalf("extensions %+v, %v", exts, err)
	}
	wantBody(t, f.post(b1+"/terms/extensions/"+ids(exts[0].ID)+"/decide", url.Values{"decision": {"maybe"}}), http.StatusUnprocessableEntity, "请选择批准或不批准")
	w = f.post(b1+"/terms/extensions/"+ids(exts[0].ID)+"/decide", url.Values{"decision": {"approve"}, "note": {"同意"}})
	wantBody(t, f.follow(w), http.StatusOK, "已审批：已批准", "同意")

	// The new secretary reported, then approved.
	wantBody(t, f.get(b1), http.StatusOK, "书记、副书记人选：尚未报上级党委批准", "已报上级审批")
	wantBody(t, f.post(b1+"/terms/approve", nil), http.StatusConflict, "支部尚未报批")
	wantBody(t, f.follow(f.post(b1+"/terms/report", nil)), http.StatusOK, "已登记：书记、副书记人选已报上级党委审批", "报上级党委，待批准")
	wantBody(t, f.get("/terms/approvals"), http.StatusOK, "书记、副书记人选报批（1）", "第一党支部", "没有待审批的申请")
	w = f.post(b1+"/terms/approve", url.Values{"next": {"/terms/approvals"}})
	if loc := w.Header().Get("Location"); loc != "/terms/approvals" {
		t.Fatalf("back to %q", loc)
	}
	wantBody(t, f.follow(w), http.StatusOK, "已批准第一党支部书记、副书记人选", "没有待批准的人选")
	wantBody(t, f.get(b1), http.StatusOK, "经上级党委批准")
}
