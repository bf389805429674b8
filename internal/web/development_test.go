package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhibu"
)

// A development file through the pages: a step too early is refused on
// the form with its rule; the steps recorded move the status; the
// superior's steps go through their own form; materials are uploaded and
// counted; the register and the record download as real files.
func TestDevelopmentPages(t *testing.T) {
	f := newFixture(t)
	p := f.id("陈静")
	file := "/people/" + ids(p) + "/development"
	// A full member who has been in the branch since 2010 (the fixture's
	// people joined today).
	senior := person("李娜", zhibu.FullMember, f.branch.ID, f.g1.ID)
	senior.Name, senior.JoinedOn = "周红", zhibu.MakeDate(2010, 1, 1)
	senior, err := f.s.CreatePerson(sys, senior)
	if err != nil {
		t.Fatal(err)
	}
	wantBody(t, f.get(file), http.StatusOK, "陈静 发展档案", "尚未记录发展步骤", "第1步 递交入党申请书", "记录支部的步骤", "上级党委的步骤")

	w := f.post(file+"/steps", url.Values{"step": {"3"}, "on": {"2025-01-01"}})
	wantBody(t, w, http.StatusUnprocessableEntity, "dev.order", "须在第1步 递交入党申请书之后")
	wantBody(t, f.follow(f.post(file+"/steps", url.Values{"step": {"1"}, "on": {"2025-01-10"}})), http.StatusOK,
		"已记录第1步 递交入党申请书（2025-01-10）", "入党申请人", "缺少1份材料")
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"4"}, "on": {"2025-02-01"}}), http.StatusUnprocessableEntity, "由上级党委记录")
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"2"}, "on": {"2025-1-20"}}), http.StatusSeeOther)
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"3"}, "on": {"2025-02-01"}}), http.StatusSeeOther)
	wantBody(t, f.post(file+"/approvals", url.Values{"step": {"3"}, "on": {"2025-02-01"}}), http.StatusUnprocessableEntity, "由支部记录")
	wantBody(t, f.post(file+"/approvals", url.Values{"step": {"4"}, "on": {"2025-02-03"}}), http.StatusSeeOther)
	// A mentor who is not a full member is refused by dev.mentors.
	w = f.post(file+"/steps", url.Values{"step": {"5"}, "on": {"2025-02-03"}, "person1": {ids(f.id("张伟"))}})
	wantBody(t, w, http.StatusUnprocessableEntity, "dev.mentors", "张伟")
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"5"}, "on": {"2025-02-03"}, "person1": {ids(senior.ID)}}), http.StatusSeeOther)
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"6"}, "on": {"2025-07-03"}}), http.StatusSeeOther)
	w = f.post(file+"/steps", url.Values{"step": {"7"}, "on": {"2026-01-31"}})
	wantBody(t, w, http.StatusUnprocessableEntity, "dev.candidate.after", "最早可于2026-02-01确定为发展对象")
	got, _ := f.s.Person(sys, p)
	if got.Status != zhibu.Activist || got.ActivistOn != zhibu.MakeDate(2025, 2, 1) {
		t.Errorf("status %s activist on %s", got.Status, got.ActivistOn)
	}
	wantBody(t, f.get(file), http.StatusOK, "第7步 确定发展对象，最早可于<strong>2026-02-01</strong>办理", "培养联系人：周红")
	// A step recorded in error is voided: the latest one only.
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"6"}, "on": {"2025-09-03"}}), http.StatusSeeOther)
	fl, _ := f.s.DevFile(sys, p)
	last := fl.Records[len(fl.Records)-1]
	wantBody(t, f.get(file), http.StatusOK, `name="record" value="`+ids(last.ID)+`"`, "撤销")
	wantBody(t, f.post(file+"/steps/void", url.Values{"record": {ids(fl.Records[0].ID)}}), http.StatusUnprocessableEntity, "只能撤销最近录入的一条记录")
	wantBody(t, f.post(file+"/approvals/void", url.Values{"record": {ids(last.ID)}}), http.StatusUnprocessableEntity, "由支部记录，也由支部撤销")
	wantBody(t, f.follow(f.post(file+"/steps/void", url.Values{"record": {ids(last.ID)}})), http.StatusOK, "已撤销第6步 培养教育和考察（2025-09-03）")
	if fl2, _ := f.s.DevFile(sys, p); len(fl2.Records) != len(fl.Records)-1 {
		t.Errorf("after the void: %d records", len(fl2.Records))
	}
	wantBody(t, f.post(file+"/steps/void", url.Values{}), http.StatusUnprocessableEntity, "请指定要撤销的记录")

	// Bad input is a message on the form, never a 500.
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"x"}, "on": {"昨天"}, "days": {"-1"}}), http.StatusUnprocessableEntity,
		"请选择要记录的步骤", "不是有效日期")
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"15"}}), http.StatusUnprocessableEntity, "请选择作出决议的支部党员大会")

	// Materials: a PDF for the application; a program is refused.
	pdf := []byte("%PDF-1.4\n申请书\n%%EOF")
	up := func(material, name string, data []byte) *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("material", material)
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(data)
		mw.Close()
		r := httptest.NewRequest(http.MethodPost, file+"/materials", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		return f.do(r)
	}
	wantBody(t, up("1/入党申请书", "a.exe", []byte("MZ\x90\x00")), http.StatusUnprocessableEntity, "只能上传图片")
	wantBody(t, up("1/入党申请书", "申请书.pdf", pdf), http.StatusSeeOther)
	page := f.get(file)
	wantBody(t, page, http.StatusOK, "申请书.pdf")
	if strings.Contains(page.Body.String(), "第1步入党申请书") {
		t.Errorf("the application is still listed as missing")
	}
	ms, _ := f.s.DevMaterials(sys, p)
	if len(ms) != 1 {
		t.Fatalf("%d materials", len(ms))
	}
	dl := f.get(file + "/material?m=" + ids(ms[0].ID))
	if dl.Code != http.StatusOK || dl.Body.String() != string(pdf) || dl.Header().Get("Content-Type") != "application/pdf" {
		t.Errorf("download: %d %q", dl.Code, dl.Header().Get("Content-Type"))
	}
	wantBody(t, f.get(file+"/material"), http.StatusUnprocessableEntity, "请指定要查看的材料")

	// The overview: the pipeline and the year's plan.
	wantBody(t, f.get("/orgs/"+ids(f.branch.ID)+"/development"), http.StatusOK, "年度党员发展计划", "陈静", "刘洋",
		"入党积极分子（2人）", "第7步 确定发展对象")

	// The committee's overview: its branch with the numbers its files give,
	// linking to the branch's overview.
	files, err := f.s.DevFiles(sys, f.branch.ID)
	if err != nil || len(files) < 3 {
		t.Fatalf("files: %d %v", len(files), err)
	}
	by := map[zhibu.PartyStatus]int{}
	for _, fl := range files {
		by[fl.Person.Status]++
	}
	row := `<a href="/orgs/` + ids(f.branch.ID) + `/development">第一党支部</a></td>`
	for _, st := range []zhibu.PartyStatus{zhibu.Applicant, zhibu.Activist, zhibu.Candidate, zhibu.Probationary, zhibu.FullMember} {
		row += `<td class="num">` + strconv.Itoa(by[st]) + `</td>`
	}
	row += `<td class="num">` + strconv.Itoa(len(files)) + `</td>`
	wantBody(t, f.get("/orgs/"+ids(f.committee.ID)+"/development"), http.StatusOK, "各支部发展党员情况", row)

	// The register opens in excelize with a title, a header and a row each.
	x := f.get("/orgs/" + ids(f.branch.ID) + "/development/register.xlsx")
	if x.Code != http.StatusOK {
		t.Fatalf("register: %d", x.Code)
	}
	book, err := excelize.OpenReader(bytes.NewReader(x.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("发展党员")
	if err != nil || len(rows) < 4 || !strings.Contains(rows[0][0], "第一党支部发展党员工作登记簿") || rows[1][1] != "姓名" {
		t.Fatalf("register rows: %v %v", rows, err)
	}
	found := false
	for _, r := range rows[2:] {
		if r[1] == "陈静" {
			found = true
			if r[5] != "入党积极分子" || r[6] != "2025-01-10" || r[8] != "周红" {
				t.Errorf("陈静's row: %v", r)
			}
		}
	}
	if !found {
		t.Errorf("陈静 not in the register")
	}

	// The record is a Word document naming the steps.
	d := f.get(file + "/record.docx")
	zr, err := zip.NewReader(bytes.NewReader(d.Body.Bytes()), int64(d.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			doc = string(b)
		}
	}
	for _, want := range []string{"陈静同志发展党员纪实", "确定入党积极分子", "培养联系人：周红", "2025年1月10日"} {
		if !strings.Contains(doc, want) {
			t.Errorf("record lacks %q", want)
		}
	}
}

// Who may record what: the branch's officer the branch's steps, the
// superior the approvals; a reader neither.
func TestDevelopmentRights(t *testing.T) {
	f := newFixture(t)
	p := f.id("陈静")
	file := "/people/" + ids(p) + "/development"
	officer := f.actor("赵磊", zhibu.PermOrgRead, zhibu.PermDevelop)
	reader := f.actor("王芳", zhibu.PermOrgRead)
	if w := f.as(reader, http.MethodPost, file+"/steps", url.Values{"step": {"1"}, "on": {"2025-01-10"}}); w.Code != http.StatusForbidden {
		t.Errorf("a reader records a step: %d", w.Code)
	}
	wantBody(t, f.as(reader, http.MethodGet, file, nil), http.StatusOK, "陈静 发展档案")
	if strings.Contains(f.as(reader, http.MethodGet, file, nil).Body.String(), "记录支部的步骤") {
		t.Errorf("a reader is offered the form")
	}
	if w := f.as(officer, http.MethodPost, file+"/steps", url.Values{"step": {"1"}, "on": {"2025-01-10"}}); w.Code != http.StatusSeeOther {
		t.Errorf("the officer records step 1: %d %s", w.Code, w.Body.String())
	}
	if w := f.as(officer, http.MethodPost, file+"/approvals", url.Values{"step": {"4"}, "on": {"2025-01-10"}}); w.Code != http.StatusForbidden {
		t.Errorf("the officer approves for the superior: %d", w.Code)
	}
}
