package web

import (
	"context"
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/dues"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// The import of payroll or bank sheets of dues: upload, preview with every
// problem by row and column, confirm; all or nothing (docs/dues.md).

// duesImportPage is the data of dues_import.html.
type duesImportPage struct {
	base
	Org      zhibu.Org
	Labels   []string
	MaxSize  string
	Filename string
	Rows     []dues.Row
	Total    int
	Amount   zhibu.Fen
	Bases    int
	Token    string
	Methods  []option
	Method   string
	Form     form
	Back     string
}

func (s *server) duesImportRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, d *duesImportPage) error {
	d.Org, d.Labels, d.MaxSize = o, dues.Labels[:], sizeText(dues.DefaultLimits.MaxBytes)
	d.Title = "导入党费缴费表：" + o.Name
	d.Back = duesHref(o.ID, s.today().Year)
	for _, m := range zhibu.PayMethods {
		d.Methods = append(d.Methods, option{Value: string(m), Label: m.Label()})
	}
	if d.Method == "" {
		d.Method = string(zhibu.PayPayroll)
	}
	d.Form = form{"method": d.Method}
	var err error
	if d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: "党费", Href: d.Back}, crumb{Label: "导入缴费表"}); err != nil {
		return err
	}
	return s.render(w, r, status, "dues_import", d)
}

// duesImportForm is GET /orgs/{id}/dues/import.
func (s *server) duesImportForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	return s.duesImportRender(w, r, http.StatusOK, o, &duesImportPage{})
}

// duesSheet reads a sheet and checks it against the branch (a preview,
// or the import itself) through the dues service. A file refused outright
// is an error of kind ErrInvalid; problems of rows come back in the page.
func (s *server) duesSheet(ctx context.Context, o zhibu.Org, data []byte, method zhibu.PayMethod, filename string, d *duesImportPage, record bool) (int, error) {
	var sh *service.DuesSheet
	var n int
	var err error
	if record {
		sh, n, err = s.svc.Dues.ImportSheet(ctx, o.ID, data, filename, method)
	} else {
		sh, err = s.svc.Dues.ReadSheet(ctx, o.ID, data, filename, method)
	}
	if sh != nil {
		d.Filename, d.Total = filename, len(sh.Rows)
		d.Rows = sh.Rows[:min(len(sh.Rows), maxPreviewRows)]
		d.Amount, d.Bases, d.Problems = sh.Amount, len(sh.Batch.Bases), sh.Problems
	}
	return n, err
}

// duesImportPreview is POST /orgs/{id}/dues/import.
func (s *server) duesImportPreview(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	name, data, refusal, err := readUpload(w, r, dues.DefaultLimits.MaxBytes+1<<20)
	if err != nil {
		return err
	}
	d := &duesImportPage{}
	switch refusal {
	case uploadTooLarge:
		d.Notice = "文件过大：不能超过" + sizeText(dues.DefaultLimits.MaxBytes)
		return s.duesImportRender(w, r, http.StatusRequestEntityTooLarge, o, d)
	case uploadNoFile:
		d.Notice = "请选择要导入的xlsx文件"
		return s.duesImportRender(w, r, http.StatusUnprocessableEntity, o, d)
	case uploadUnreadable:
		d.Notice = "无法读取上传的内容，请重新选择文件上传"
		return s.duesImportRender(w, r, http.StatusUnprocessableEntity, o, d)
	}
	method, ok := zhibu.ParsePayMethod(r.FormValue("method"))
	if !ok {
		method = zhibu.PayPayroll
	}
	d.Method = string(method)
	if _, err := s.duesSheet(r.Context(), o, data, method, name, d, false); err != nil {
		if invalid(err) {
			d.Notice = zhibu.UserMessage(err)
			return s.duesImportRender(w, r, http.StatusUnprocessableEntity, o, d)
		}
		return err
	}
	status := http.StatusOK
	if len(d.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	} else {
		d.Token = newToken()
		if err := s.store.SaveUpload(r.Context(), store.UploadDues, d.Token, o.ID, name, data); err != nil {
			return err
		}
	}
	return s.duesImportRender(w, r, status, o, d)
}

// duesImportConfirm is POST /orgs/{id}/dues/import/confirm: the kept file
// read and checked again, and recorded whole or not at all.
func (s *server) duesImportConfirm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	d := &duesImportPage{}
	token := r.PostForm.Get("token")
	expired := "上传的文件已过期或已导入，请重新上传"
	if !validToken(token) {
		d.Notice = expired
		return s.duesImportRender(w, r, http.StatusUnprocessableEntity, o, d)
	}
	name, data, err := s.store.Upload(ctx, token, o.ID)
	switch {
	case isNotFound(err):
		d.Notice = expired
		return s.duesImportRender(w, r, http.StatusUnprocessableEntity, o, d)
	case err != nil:
		return err
	}
	method, ok := zhibu.ParsePayMethod(r.PostForm.Get("method"))
	if !ok {
		method = zhibu.PayPayroll
	}
	d.Method = string(method)
	n, err := s.duesSheet(ctx, o, data, method, name, d, true)
	if err != nil && !invalid(err) {
		return err
	}
	if err := s.store.DeleteUpload(ctx, token); err != nil {
		return err
	}
	if err != nil || len(d.Problems) > 0 {
		d.Notice = "导入未完成，没有保存任何缴费记录"
		if err != nil {
			d.Notice += "：" + zhibu.UserMessage(err)
		}
		return s.duesImportRender(w, r, http.StatusUnprocessableEntity, o, d)
	}
	return redirect(w, r, d.Back, "已导入"+strconv.Itoa(n)+"笔缴费，合计"+d.Amount.String())
}
