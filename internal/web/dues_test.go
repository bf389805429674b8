package web_test

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/store"
)

func thisMonth() zhibu.Month { return zhibu.MonthOfDate(zhibu.Today(time.Now())) }

func TestDuesPages(t *testing.T) {
	f := newFixture(t)
	li := ids(f.id("李娜"))
	m := thisMonth()
	prev := m.Add(-1)
	b := "/orgs/" + ids(f.branch.ID)

	// A base, then a payment of two months with the amount left empty.
	w := f.post("/people/"+li+"/dues/bases", url.Values{"category": {"salaried"}, "base": {"5000.01"}, "from": {prev.String()}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("base: %d\n%s", w.Code, w.Body.String())
	}
	w = f.post("/people/"+li+"/dues/payments", url.Values{"from": {prev.String()}, "to": {m.String()}, "method": {"cash"},
		"paid_on": {zhibu.Today(time.Now()).String()}})
	// Back to the branch's ledger, the receipt one click away.
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), b+"/dues?year=") || !strings.Contains(w.Header().Get("Location"), "&receipt=") {
		t.Fatalf("payment: %d %s\n%s", w.Code, w.Header().Get("Location"), w.Body.String())
	}
	ledger := f.get(w.Header().Get("Location"))
	wantBody(t, ledger, http.StatusOK, "已登记李娜", "查看并打印收据")
	receipt := regexp.MustCompile(`href="(/people/\d+/dues/receipt\?payment=\d+)"`).FindStringSubmatch(ledger.Body.String())
	if receipt == nil {
		t.Fatal("no receipt link on the ledger")
	}
	// The member's page has one form to take back a payment, not one per row.
	if n := strings.Count(f.get("/people/"+li+"/dues").Body.String(), "/dues/void"); n != 1 {
		t.Errorf("%d void forms on the member's page, want 1", n)
	}
	wantBody(t, f.get(html.UnescapeString(receipt[1])), http.StatusOK, "党费收据", "李娜", "150.00元（人民币壹佰伍拾元整）", prev.Chinese()+"—"+m.Chinese(), "现金", "收款人")
	// The same month again: refused on the form, in Chinese.
	wantBody(t, f.post("/people/"+li+"/dues/payments", url.Values{"from": {m.String()}, "method": {"cash"}, "paid_on": {zhibu.Today(time.Now()).String()}}),
		http.StatusUnprocessableEntity, "李娜"+m.Chinese()+"的党费已经登记缴纳", "不能重复登记")
	// Bad input names its fields.
	wantBody(t, f.post("/people/"+li+"/dues/payments", url.Values{"from": {"2026-13"}, "amount": {"abc"}, "method": {"x"}, "paid_on": {"2026-02-30"}}),
		http.StatusUnprocessableEntity, "起始月份：“2026-13”不是有效月份", "金额：“abc”不是有效金额", "缴费日期：“2026-02-30”不是有效日期")
	wantBody(t, f.post("/people/"+li+"/dues/bases", url.Values{"category": {"flat"}, "base": {"5"}, "from": {m.String()}}),
		http.StatusUnprocessableEntity, "定额缴纳每月应为0.20元至1.00元")
	wantBody(t, f.post("/people/"+ids(f.id("刘洋"))+"/dues/bases", url.Values{"category": {"salaried"}, "base": {"100"}, "from": {m.String()}}),
		http.StatusUnprocessableEntity, "不是党员")
	if ps, _ := f.s.Payments(sys, store.PaymentFilter{PersonID: f.id("李娜")}); len(ps) != 1 || ps[0].Amount != 15000 {
		t.Fatalf("payments after refusals: %+v", ps)
	}

	year := ids(int64(m.Year))
	wantBody(t, f.get(b+"/dues?year="+year), http.StatusOK, "第一党支部 · "+year+"年党费", "李娜", "75.00", `title="在职（按月工资），基数¥5,000.01">75.00`, "未登记基数", "登记缴费", "导出登记簿")
	wantBody(t, f.get("/people/"+li+"/dues?year="+year), http.StatusOK, "李娜 · "+year+"年党费", "DF"+year+"-", "登记缴费", "登记缴费基数", "登记未交原因", "每月应缴¥75.00")
	wantBody(t, f.get("/orgs/"+ids(f.committee.ID)+"/dues?year="+year), http.StatusOK, "各支部党费收缴情况", "第一党支部", "150.00")
	// A group's page lists the group's members only.
	w = f.get("/orgs/" + ids(f.g1.ID) + "/dues?year=" + year)
	wantBody(t, w, http.StatusOK, "第一党小组 · "+year+"年党费", "李娜", "王芳")
	if strings.Contains(w.Body.String(), "赵磊") {
		t.Error("the group's page lists another group's member")
	}

	// The register opens in the library that reads xlsx, with its title and a row for 李娜.
	w = f.get(b + "/dues/ledger.xlsx?year=" + year)
	if w.Code != http.StatusOK {
		t.Fatalf("export: %d", w.Code)
	}
	x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("党费收缴登记簿")
	if len(rows) < 4 || !strings.Contains(rows[0][0], "党费收缴登记簿（"+year+"年）") || rows[1][1] != "姓名" {
		t.Fatalf("register rows %q", rows)
	}
	found := false
	for _, r := range rows {
		if len(r) > int(m.Month)+5 && r[1] == "李娜" && r[5+int(m.Month)] == "75.00" {
			found = true
		}
	}
	if !found {
		t.Errorf("李娜's row with 75.00 in %s: %q", m, rows)
	}
}

// A group leader records the group's dues, not another group's; a reader
// records nothing; the superior approves a waiver.
func TestDuesRights(t *testing.T) {
	f := newFixture(t)
	m := thisMonth().String()
	leader := zhibu.Actor{AccountID: 31, Name: "王芳", PersonID: f.id("王芳"), Scope: zhibu.Scope{Paths: []string{f.branch.Path}},
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: f.branch.Path}, {Perm: zhibu.PermDuesWrite, Path: f.g1.Path}}}
	base := url.Values{"category": {"salaried"}, "base": {"3000"}, "from": {m}}
	if w := f.as(leader, "POST", "/people/"+ids(f.id("李娜"))+"/dues/bases", base); w.Code != http.StatusSeeOther {
		t.Fatalf("leader, own group: %d\n%s", w.Code, w.Body.String())
	}
	wantBody(t, f.as(leader, "POST", "/people/"+ids(f.id("赵磊"))+"/dues/bases", base), http.StatusForbidden, "无权")
	reader := f.actor("纪检委员")
	wantBody(t, f.as(reader, "POST", "/people/"+ids(f.id("李娜"))+"/dues/payments", url.Values{"from": {m}, "method": {"cash"}}), http.StatusForbidden)
	if body := f.as(reader, "GET", "/people/"+ids(f.id("李娜"))+"/dues", nil).Body.String(); strings.Contains(body, `id="pay"`) {
		t.Error("a reader is offered the payment form")
	}

	zhao := f.id("赵磊")
	if w := f.post("/people/"+ids(zhao)+"/dues/bases", url.Values{"category": {"waived"}, "from": {m}, "note": {"重病"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("waiver: %d\n%s", w.Code, w.Body.String())
	}
	bases, _ := f.s.DuesBases(sys, zhao)
	approve := "/people/" + ids(zhao) + "/dues/approve"
	form := url.Values{"base_id": {ids(bases[0].ID)}}
	officer := f.actor("组织委员", zhibu.PermDuesWrite)
	wantBody(t, f.as(officer, "POST", approve, form), http.StatusForbidden)
	superior := zhibu.Actor{AccountID: 77, Name: "上级", Scope: zhibu.Scope{Paths: []string{f.committee.Path}},
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: f.committee.Path}, {Perm: zhibu.PermFilingReview, Path: f.committee.Path}}}
	wantBody(t, f.as(superior, "GET", "/people/"+ids(zhao)+"/dues", nil), http.StatusOK, "批准减免")
	if w := f.as(superior, "POST", approve, form); w.Code != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", w.Code, w.Body.String())
	}
	if bases, _ := f.s.DuesBases(sys, zhao); bases[0].ApprovedBy != "上级" {
		t.Errorf("approved by %q", bases[0].ApprovedBy)
	}
}

// duesUpload posts an xlsx of rows to the import's preview, the rows
// without a method paid by payroll.
func (f *fixture) duesUpload(rows ...[]any) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.duesUploadBy("payroll", rows...)
}

// duesUploadBy posts an xlsx of rows to the import's preview, the rows
// without a method paid by method.
func (f *fixture) duesUploadBy(method string, rows ...[]any) *httptest.ResponseRecorder {
	f.t.Helper()
	x := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			f.t.Fatal(err)
		}
	}
	var file bytes.Buffer
	x.WriteTo(&file)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "7月代扣.xlsx")
	fw.Write(file.Bytes())
	mw.WriteField("method", method)
	mw.Close()
	r := httptest.NewRequest("POST", "/orgs/"+ids(f.branch.ID)+"/dues/import", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return f.do(r)
}

func TestDuesImport(t *testing.T) {
	f := newFixture(t)
	m := thisMonth()
	prev := m.Add(-1).String()
	head := []any{"姓名", "月份", "金额", "缴费基数"}
	// A bad row refuses the whole sheet, naming row and column.
	w := f.duesUpload(head, []any{"李娜", prev, 15, 3000}, []any{"赵磊", prev, 10, 3000}, []any{"陈静", prev, 1, ""})
	wantBody(t, w, http.StatusUnprocessableEntity, "发现2处问题，未导入任何缴费记录", "应不少于所选月份的应缴党费¥15.00", "本支部没有名为“陈静”的党员", "陈静")
	if strings.Contains(w.Body.String(), `name="token"`) {
		t.Error("a sheet with problems may be confirmed")
	}
	if ps, _ := f.s.Payments(sys, store.PaymentFilter{OrgID: f.branch.ID}); len(ps) != 0 {
		t.Fatalf("a preview saved %d payments", len(ps))
	}
	// A good sheet: preview, then confirm.
	w = f.duesUpload([]any{"2026年党费代扣表"}, head, []any{"李娜", prev, 15, 3000}, []any{"赵磊", prev, 30.5, "3050"})
	wantBody(t, w, http.StatusOK, "检查通过", "确认导入2笔", "2行将登记新的缴费基数", "¥45.50")
	token := w.Body.String()
	i := strings.Index(token, `name="token" value="`)
	token = token[i+len(`name="token" value="`):]
	token = token[:strings.IndexByte(token, '"')]
	w = f.post("/orgs/"+ids(f.branch.ID)+"/dues/import/confirm", url.Values{"token": {token}, "method": {"payroll"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", w.Code, w.Body.String())
	}
	ps, _ := f.s.Payments(sys, store.PaymentFilter{OrgID: f.branch.ID})
	if len(ps) != 2 || ps[0].Method != zhibu.PayPayroll {
		t.Fatalf("payments %+v", ps)
	}
	// The token is spent.
	wantBody(t, f.post("/orgs/"+ids(f.branch.ID)+"/dues/import/confirm", url.Values{"token": {token}}), http.StatusUnprocessableEntity, "已过期或已导入")
	// The same months again are refused.
	wantBody(t, f.duesUpload(head, []any{"李娜", prev, 15, ""}), http.StatusUnprocessableEntity, "已经登记缴纳")
	wantBody(t, f.get("/orgs/"+ids(f.branch.ID)+"/dues/import"), http.StatusOK, "上传工资或银行代扣表", "姓名", "月份", "金额")
}

// hiddenValue is the value of the hidden input called name in a page.
func hiddenValue(t *testing.T, page, name string) string {
	t.Helper()
	at := `name="` + name + `" value="`
	i := strings.Index(page, at)
	if i < 0 {
		t.Fatalf("no hidden %s in\n%s", name, page)
	}
	v := page[i+len(at):]
	return v[:strings.IndexByte(v, '"')]
}

// The dues sheet goes through the shared import flow: a bad row is shown
// with its row and column in the shared preview and nothing is saved; the
// method chosen on upload is carried to the confirmation; a confirmation
// that the records refuse by then saves none of the sheet.
func TestDuesImportFlow(t *testing.T) {
	f := newFixture(t)
	prev := thisMonth().Add(-1).String()
	head := []any{"姓名", "月份", "金额", "缴费基数"}
	path := "/orgs/" + ids(f.branch.ID) + "/dues/import"
	payments := func() int {
		t.Helper()
		ps, err := f.s.Payments(sys, store.PaymentFilter{OrgID: f.branch.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}

	// Row 3's amount is below its dues: the problem table of
	// import_preview.html names row 3 and the column 金额.
	w := f.duesUploadBy("cash", head, []any{"李娜", prev, 15, 3000}, []any{"赵磊", prev, 10, 3000})
	wantBody(t, w, http.StatusUnprocessableEntity, `id="h-problems"`, "发现1处问题，未导入任何缴费记录",
		`<tr><td class="num">3</td><td>金额</td><td class="wrap-cell">应不少于所选月份的应缴党费¥15.00</td></tr>`,
		"文件中的缴费记录", "共读到2笔缴费，合计¥25.00，其中2行将登记新的缴费基数", "现金")
	if strings.Contains(w.Body.String(), `name="token"`) {
		t.Error("a sheet with problems may be confirmed")
	}
	if n := payments(); n != 0 {
		t.Fatalf("a preview with a bad row saved %d payments", n)
	}

	// A good sheet paid in cash: the confirmation carries the method.
	w = f.duesUploadBy("cash", head, []any{"李娜", prev, 15, 3000}, []any{"赵磊", prev, 15, 3000})
	wantBody(t, w, http.StatusOK, "检查通过", "确认导入2笔缴费", "将导入的缴费记录", "表中未写缴费方式的按“现金”登记")
	page := w.Body.String()
	if m := hiddenValue(t, page, "method"); m != "cash" {
		t.Fatalf("the confirmation carries method %q", m)
	}
	// Meanwhile 李娜's month is paid through her page: the confirmation
	// reads and checks the sheet again and saves none of it.
	li := ids(f.id("李娜"))
	if w := f.post("/people/"+li+"/dues/bases", url.Values{"category": {"salaried"}, "base": {"3000"}, "from": {prev}}); w.Code != http.StatusSeeOther {
		t.Fatalf("base: %d\n%s", w.Code, w.Body.String())
	}
	if w := f.post("/people/"+li+"/dues/payments", url.Values{"from": {prev}, "method": {"cash"}, "paid_on": {zhibu.Today(time.Now()).String()}}); w.Code != http.StatusSeeOther {
		t.Fatalf("payment: %d\n%s", w.Code, w.Body.String())
	}
	w = f.post(path+"/confirm", url.Values{"token": {hiddenValue(t, page, "token")}, "method": {hiddenValue(t, page, "method")}})
	wantBody(t, w, http.StatusUnprocessableEntity, "导入未完成，没有保存任何缴费记录", `<td class="num">2</td>`, "已经登记缴纳")
	if n := payments(); n != 1 {
		t.Fatalf("after a refused confirmation %d payments, want the form's 1", n)
	}

	// Without 李娜's row the sheet is saved whole, in cash.
	w = f.duesUploadBy("cash", head, []any{"赵磊", prev, 15, 3000})
	page = w.Body.String()
	w = f.post(path+"/confirm", url.Values{"token": {hiddenValue(t, page, "token")}, "method": {hiddenValue(t, page, "method")}})
	if w.Code != http.StatusSeeOther || !strings.Contains(w.Header().Get("Location"), "/dues?year=") {
		t.Fatalf("confirm: %d %s\n%s", w.Code, w.Header().Get("Location"), w.Body.String())
	}
	ps, _ := f.s.Payments(sys, store.PaymentFilter{PersonID: f.id("赵磊")})
	if len(ps) != 1 || ps[0].Method != zhibu.PayCash || ps[0].Amount != 1500 {
		t.Fatalf("赵磊's payments %+v", ps)
	}
}

// A payment recorded by mistake is taken back with a reason; its months
// may be recorded again; the trail keeps what it was.
func TestDuesVoid(t *testing.T) {
	f := newFixture(t)
	li := ids(f.id("李娜"))
	m := thisMonth().String()
	f.post("/people/"+li+"/dues/bases", url.Values{"category": {"salaried"}, "base": {"3000"}, "from": {m}})
	if w := f.post("/people/"+li+"/dues/payments", url.Values{"from": {m}, "method": {"cash"}, "paid_on": {zhibu.Today(time.Now()).String()}}); w.Code != http.StatusSeeOther {
		t.Fatalf("payment: %d", w.Code)
	}
	ps, _ := f.s.Payments(sys, store.PaymentFilter{PersonID: f.id("李娜")})
	pid := ids(ps[0].ID)
	wantBody(t, f.post("/people/"+li+"/dues/void", url.Values{"payment_id": {pid}}), http.StatusUnprocessableEntity, "撤销原因：不能为空")
	// Another person's payment is not found through this one.
	wang := ids(f.id("王芳"))
	if w := f.post("/people/"+wang+"/dues/void", url.Values{"payment_id": {pid}, "reason": {"误录"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("void through another person: %d", w.Code)
	}
	if ps, _ := f.s.Payments(sys, store.PaymentFilter{PersonID: f.id("李娜")}); len(ps) != 1 {
		t.Fatal("a payment voided through another person")
	}
	if w := f.post("/people/"+li+"/dues/void", url.Values{"payment_id": {pid}, "reason": {"金额录错"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("void: %d\n%s", w.Code, w.Body.String())
	}
	if ps, _ := f.s.Payments(sys, store.PaymentFilter{PersonID: f.id("李娜")}); len(ps) != 0 {
		t.Fatal("the payment is still there")
	}
	if n, detail := f.audited("dues.void", "ok"); n != 1 || !strings.Contains(detail, "金额录错") || !strings.Contains(detail, "15.00元") {
		t.Errorf("audit: %d %q", n, detail)
	}
	if w := f.post("/people/"+li+"/dues/payments", url.Values{"from": {m}, "method": {"cash"}, "paid_on": {zhibu.Today(time.Now()).String()}}); w.Code != http.StatusSeeOther {
		t.Fatalf("the month again after the void: %d\n%s", w.Code, w.Body.String())
	}
}
