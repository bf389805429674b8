package web

import (
	"context"
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/dues"
	"zhibu/internal/store"
)

// The import of payroll or bank sheets of dues (docs/dues.md), on the
// import flow of upload.go: the upload is read and checked by the dues
// service (service.Dues.ReadSheet) and every problem listed by row and
// column; a sheet without problems waits until the user confirms; the
// confirmation reads and checks it again and records all its payments and
// bases or none (service.Dues.RecordBatch). The upload form's 缴费方式,
// for the rows that name none, is carried to the confirmation.

// duesImport is the dues sheet's import flow for the request r. The
// method of the rows without one is read from r's form when the flow
// needs it: the form is parsed by then.
func (s *server) duesImport(r *http.Request) *importFlow {
	return &importFlow{
		kind: store.UploadDues, org: s.branch, title: "导入党费缴费表", form: "dues_import",
		crumbs: func(o zhibu.Org) []crumb { return []crumb{{Label: "党费", Href: duesHref(o.ID, s.today().Year)}} },
		formData: func(_ context.Context, _ zhibu.Org, d *importPage) error {
			for _, m := range zhibu.PayMethods {
				d.Methods = append(d.Methods, option{Value: string(m), Label: m.Label()})
			}
			d.Form = form{"method": string(duesMethod(r))}
			return nil
		},
		path:     func(o zhibu.Org) string { return orgHref(o.ID) + "/dues/import" },
		noun:     "缴费记录",
		count:    func(n int) string { return strconv.Itoa(n) + "笔缴费" },
		maxBytes: dues.DefaultLimits.MaxBytes,
		noFile:   "请选择要导入的xlsx文件",
		carry:    []string{"method"},
		read: func(ctx context.Context, o zhibu.Org, name string, data []byte) (*importRead, error) {
			return s.readDues(ctx, o, name, data, duesMethod(r))
		},
	}
}

// duesMethod is the method the upload form (or the confirmation, which
// carries it) names for the rows without one; 工资代扣 when it names none.
// It reads only a form already parsed.
func duesMethod(r *http.Request) zhibu.PayMethod {
	if m, ok := zhibu.ParsePayMethod(r.PostForm.Get("method")); ok {
		return m
	}
	return zhibu.PayPayroll
}

// duesImportForm is GET /orgs/{id}/dues/import.
func (s *server) duesImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.flowForm(w, r, s.duesImport(r))
}

// duesImportPreview is POST /orgs/{id}/dues/import.
func (s *server) duesImportPreview(w http.ResponseWriter, r *http.Request) error {
	return s.flowPreview(w, r, s.duesImport(r))
}

// duesImportConfirm is POST /orgs/{id}/dues/import/confirm.
func (s *server) duesImportConfirm(w http.ResponseWriter, r *http.Request) error {
	return s.flowConfirm(w, r, s.duesImport(r))
}

// readDues reads a sheet and has the dues service check it against the
// branch (service.Dues.ReadSheet); rows without a 缴费方式 are paid by
// method. A file refused outright is an error of kind ErrInvalid; problems
// of rows are issues, each with its row and column.
func (s *server) readDues(ctx context.Context, o zhibu.Org, name string, data []byte, method zhibu.PayMethod) (*importRead, error) {
	sh, err := s.svc.Dues.ReadSheet(ctx, o.ID, data, name, method)
	if err != nil {
		return nil, err
	}
	read := &importRead{Total: len(sh.Rows), Sum: "，合计" + sh.Amount.String(),
		Notices: []string{"表中未写缴费方式的按“" + method.Label() + "”登记。"},
		Issues:  duesIssues(sh.Problems),
		issues:  func(err error) []importIssue { return duesIssues(problemsOf(err)) },
		Head:    []string{"行", "姓名", "月份", "金额（元）", "缴费基数（元）", "缴费日期", "方式", "备注"}}
	if n := len(sh.Batch.Bases); n > 0 {
		read.Sum += "，其中" + strconv.Itoa(n) + "行将登记新的缴费基数"
	}
	for _, row := range sh.Rows[:min(len(sh.Rows), maxPreviewRows)] {
		months := ""
		for i, m := range row.Months {
			if i > 0 {
				months += "、"
			}
			months += m.Chinese()
		}
		base := ""
		if row.Base != 0 {
			base = row.Base.Yuan()
		}
		read.Rows = append(read.Rows, []importCell{{Text: strconv.Itoa(row.Line), Class: "num"}, {Text: row.Name}, {Text: months},
			{Text: row.Amount.Yuan(), Class: "num"}, {Text: base, Class: "num"}, {Text: row.PaidOn.String()}, {Text: row.Method.Label()}, {Text: row.Note}})
	}
	read.save = func(ctx context.Context) (string, string, error) {
		n, err := s.svc.Dues.RecordBatch(ctx, sh.Batch)
		return duesHref(o.ID, s.today().Year), "已导入" + strconv.Itoa(n) + "笔缴费，合计" + sh.Amount.String(), err
	}
	return read, nil
}

// duesIssues are a sheet's problems as the preview lists them: row,
// column and what is wrong.
func duesIssues(ps zhibu.Problems) []importIssue {
	out := make([]importIssue, 0, len(ps))
	for _, p := range ps {
		out = append(out, importIssue{Row: p.Row, Column: p.Label, What: problemText(p)})
	}
	return out
}
