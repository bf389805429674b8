package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/secret"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/web"
)

// as serves a GET or a form POST to the UI acting as a.
func (f *fixture) as(a zhibu.Actor, method, target string, form url.Values) *httptest.ResponseRecorder {
	f.t.Helper()
	ui, err := web.New(f.s, service.New(f.s, service.Options{}), auth.New(f.s, nil), web.Options{Log: slog.New(slog.NewTextHandler(f.log, nil))})
	if err != nil {
		f.t.Fatal(err)
	}
	var r *http.Request
	if form != nil {
		r = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	w := httptest.NewRecorder()
	ui.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), a)))
	return w
}

// actor may read the branch and do what perms allow on it.
func (f *fixture) actor(name string, perms ...zhibu.Perm) zhibu.Actor {
	a := zhibu.Actor{AccountID: int64(10 + len(perms)), Name: name, Scope: zhibu.Scope{Paths: []string{f.branch.Path}}}
	for _, p := range append([]zhibu.Perm{zhibu.PermOrgRead}, perms...) {
		a.Grants = append(a.Grants, zhibu.Grant{Perm: p, Path: f.branch.Path})
	}
	return a
}

// audited is how many records of action with result the trail holds, and
// the newest one's detail.
func (f *fixture) audited(action, result string) (int, string) {
	f.t.Helper()
	recs, total, err := f.s.AuditRecords(sys, store.AuditFilter{Action: action, Result: result})
	if err != nil {
		f.t.Fatal(err)
	}
	if total == 0 {
		return 0, ""
	}
	return total, recs[0].Detail
}

// ID numbers and phones are masked in pages and exports unless the actor
// holds PermSensitive; every unmasked view is audited before it is shown.
func TestSensitive(t *testing.T) {
	f := newFixture(t)
	wf := f.people["王芳"]
	wf.Phone = "13812345678"
	if _, err := f.s.UpdatePerson(sys, wf); err != nil {
		t.Fatal(err)
	}
	page, b := "/people/"+ids(wf.ID), "/orgs/"+ids(f.branch.ID)
	maskedID, maskedPhone := secret.MaskID(wf.IDNumber), "138****5678"
	reader := f.actor("宣传委员")
	writer := f.actor("党小组组长", zhibu.PermPeopleWrite)
	officer := f.actor("组织委员", zhibu.PermPeopleWrite, zhibu.PermSensitive)
	full := func(t *testing.T, w *httptest.ResponseRecorder) {
		t.Helper()
		if body := w.Body.String(); strings.Contains(body, wf.IDNumber) || strings.Contains(body, wf.Phone) {
			t.Errorf("%d: shows the full ID number or phone", w.Code)
		}
	}
	views := func() int { n, _ := f.audited("person.view_unmasked", "ok"); return n }

	t.Run("reader", func(t *testing.T) {
		w := f.as(reader, "GET", page, nil)
		wantBody(t, w, http.StatusOK, maskedID, maskedPhone, "已脱敏")
		full(t, w)
		if body := w.Body.String(); strings.Contains(body, "unmask=1") || strings.Contains(body, "/edit") {
			t.Error("a reader is offered the full numbers or the edit form")
		}
		w = f.as(reader, "GET", page+"?unmask=1", nil)
		wantBody(t, w, http.StatusForbidden, "无权查看完整的身份证号和手机号")
		full(t, w)
		if n, _ := f.audited("person.view_unmasked", "refused"); n != 1 {
			t.Errorf("%d refusals recorded", n)
		}
		w = f.as(reader, "GET", page+"/edit", nil)
		wantBody(t, w, http.StatusForbidden)
		full(t, w)
		w = f.as(reader, "GET", b, nil)
		wantBody(t, w, http.StatusOK, maskedID)
		full(t, w)
	})

	t.Run("writer edits masked", func(t *testing.T) {
		w := f.as(writer, "GET", page+"/edit", nil)
		wantBody(t, w, http.StatusOK, `value="`+maskedID+`"`, `value="`+maskedPhone+`"`, "保持不变即不修改")
		full(t, w)
		form := url.Values{"name": {"王芳"}, "gender": {"女"}, "ethnicity": {"汉族"}, "birth_date": {wf.BirthDate.String()},
			"id_number": {maskedID}, "phone": {maskedPhone}, "unit": {"办公室"}, "education": {wf.Education},
			"status": {string(wf.Status)}, "officer": {"true"}, "applied_on": {wf.AppliedOn.String()},
			"activist_on": {wf.ActivistOn.String()}, "candidate_on": {wf.CandidateOn.String()},
			"admitted_on": {wf.AdmittedOn.String()}, "confirmed_on": {wf.ConfirmedOn.String()}}
		w = f.as(writer, "POST", page, form)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", w.Code, w.Body.String())
		}
		got, err := f.s.Person(sys, wf.ID)
		if err != nil || got.IDNumber != wf.IDNumber || got.Phone != wf.Phone || got.Unit != "办公室" {
			t.Errorf("saved %+v, %v", got, err)
		}
		// A problem shows the form again, still masked.
		form.Set("name", "")
		w = f.as(writer, "POST", page, form)
		wantBody(t, w, http.StatusUnprocessableEntity, "姓名", maskedID)
		full(t, w)
		if n := views(); n != 0 {
			t.Errorf("%d unmasked views recorded for masked pages", n)
		}
	})

	t.Run("officer", func(t *testing.T) {
		w := f.as(officer, "GET", page, nil)
		wantBody(t, w, http.StatusOK, maskedID, maskedPhone, `href="`+page+`?unmask=1"`, "显示完整身份证号和手机号", "编辑")
		full(t, w)
		if n := views(); n != 0 {
			t.Errorf("a masked page was recorded as unmasked")
		}
		w = f.as(officer, "GET", page+"?unmask=1", nil)
		wantBody(t, w, http.StatusOK, wf.IDNumber, wf.Phone, "已记入审计日志", "隐藏完整身份证号和手机号")
		if n, detail := f.audited("person.view_unmasked", "ok"); n != 1 || detail != "查看王芳的完整身份证号和手机号" {
			t.Errorf("%d views recorded, the last %q", n, detail)
		}
		w = f.as(officer, "GET", page+"/edit", nil)
		wantBody(t, w, http.StatusOK, `value="`+wf.IDNumber+`"`, `value="`+wf.Phone+`"`)
		if strings.Contains(w.Body.String(), "保持不变即不修改") {
			t.Error("the full form says it is masked")
		}
		if n, detail := f.audited("person.view_unmasked", "ok"); n != 2 || !strings.Contains(detail, "编辑时查看王芳") {
			t.Errorf("%d views recorded, the last %q", n, detail)
		}
		// Roster tables are masked whoever looks.
		for _, target := range []string{b, b + "/print"} {
			w = f.as(officer, "GET", target, nil)
			wantBody(t, w, http.StatusOK, "王芳", maskedID)
			full(t, w)
		}
		w = f.as(officer, "GET", b+"?q="+wf.IDNumber, nil) // the search box keeps what was typed
		if roster := rosterOf(w.Body.String()); !containsAll(roster, "王芳", maskedID) || strings.Contains(roster, "李娜") ||
			strings.Contains(roster, wf.IDNumber) {
			t.Errorf("search by ID number:\n%s", roster)
		}
	})

	t.Run("exports", func(t *testing.T) {
		w := f.as(reader, "GET", b+"/export.xlsx", nil)
		text := xlsxText(t, w.Body.Bytes())
		if !containsAll(text, "第一党支部人员花名册（身份证号、手机号已脱敏）", maskedID, maskedPhone) ||
			strings.Contains(text, wf.IDNumber) || strings.Contains(text, wf.Phone) {
			t.Errorf("masked xlsx:\n%s", text)
		}
		if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("第一党支部花名册（已脱敏）.xlsx")) {
			t.Errorf("Content-Disposition %q", cd)
		}
		w = f.as(reader, "GET", b+"/export.csv", nil)
		if body := w.Body.String(); !containsAll(body, maskedID, maskedPhone) || strings.Contains(body, wf.IDNumber) {
			t.Errorf("masked csv:\n%s", body)
		}
		if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("第一党支部花名册（已脱敏）.csv")) {
			t.Errorf("Content-Disposition %q", cd)
		}
		if n, _ := f.audited("roster.export", ""); n != 0 {
			t.Errorf("masked exports recorded: %d", n)
		}
		w = f.as(officer, "GET", b+"/export.xlsx", nil)
		if text := xlsxText(t, w.Body.Bytes()); !containsAll(text, wf.IDNumber, wf.Phone) || strings.Contains(text, "脱敏") {
			t.Errorf("full xlsx:\n%s", text)
		}
		w = f.as(officer, "GET", b+"/export.csv?status=full", nil)
		if body := w.Body.String(); !strings.Contains(body, wf.IDNumber) {
			t.Errorf("full csv:\n%s", body)
		}
		if n, detail := f.audited("roster.export", "ok"); n != 2 || detail != "导出第一党支部花名册（csv）：3人，含完整身份证号和手机号" {
			t.Errorf("%d exports recorded, the last %q", n, detail)
		}
	})

	// When the view cannot be recorded, the full numbers are not shown.
	t.Run("audit fails", func(t *testing.T) {
		path, _ := f.s.SQLitePath()
		raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.ExecContext(context.Background(), `DELETE FROM audit_head`); err != nil {
			t.Fatal(err)
		}
		for _, target := range []string{page + "?unmask=1", page + "/edit", b + "/export.xlsx", b + "/export.csv"} {
			f.log.Reset()
			w := f.as(officer, "GET", target, nil)
			wantBody(t, w, http.StatusInternalServerError, "内部错误")
			full(t, w)
			if !bytes.Contains(f.log.Bytes(), []byte("audit")) {
				t.Errorf("%s: log %s", target, f.log)
			}
		}
		// Masked pages do not need the trail.
		wantBody(t, f.as(officer, "GET", page, nil), http.StatusOK, maskedID)
	})
}
