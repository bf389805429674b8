package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/register"
	"zhibu/internal/store"
)

// The import of a meetings register (三会一课记录簿) from xlsx, on the
// import flow of upload.go: the upload is read, checked by the meetings
// service and every problem listed by sheet, row and column; a file
// without problems waits until the user confirms; the confirmation reads
// and checks it again and records all its meetings or none
// (service.Meetings.ImportRegister). Meetings are entered now, so those of
// past days are 补录.

// registerImport is the register's import flow.
func (s *server) registerImport() *importFlow {
	return &importFlow{
		kind: store.UploadRegister, org: s.meetingOrg, title: "导入三会一课记录簿", form: "meeting_import",
		crumbs: func(o zhibu.Org) []crumb { return []crumb{{Label: "三会一课", Href: orgHref(o.ID) + "/meetings"}} },
		formData: func(ctx context.Context, o zhibu.Org, d *importPage) error {
			types, err := s.meetingTypes(ctx, o)
			for _, t := range types {
				d.Types = append(d.Types, t.Label())
			}
			return err
		},
		path:     func(o zhibu.Org) string { return orgHref(o.ID) + "/meetings/import" },
		noun:     "会议记录",
		count:    func(n int) string { return strconv.Itoa(n) + "条会议记录" },
		maxBytes: register.DefaultLimits.MaxBytes,
		noFile:   "请选择要导入的记录簿文件（.xlsx）",
		confirm:  "日期早于今天的记录标为“补录”。",
		read:     s.readRegister,
	}
}

// meetingImportForm is GET /orgs/{id}/meetings/import.
func (s *server) meetingImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.flowForm(w, r, s.registerImport())
}

// meetingImportPreview is POST /orgs/{id}/meetings/import.
func (s *server) meetingImportPreview(w http.ResponseWriter, r *http.Request) error {
	return s.flowPreview(w, r, s.registerImport())
}

// meetingImportConfirm is POST /orgs/{id}/meetings/import/confirm.
func (s *server) meetingImportConfirm(w http.ResponseWriter, r *http.Request) error {
	return s.flowConfirm(w, r, s.registerImport())
}

// meetingImportTemplate is GET /orgs/{id}/meetings/import/template.xlsx:
// an empty register of this year, with the sheets and headers the import
// reads.
func (s *server) meetingImportTemplate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.meetingOrg(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := register.WriteXLSX(&buf, o.Name+register.DefaultTitle, s.today().Year, nil); err != nil {
		return err
	}
	return download(w, register.DefaultTitle+"模板.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}

// readRegister parses a register and has the meetings service check it
// against the org. A file refused outright is an error of kind
// ErrInvalid; problems of rows are issues.
func (s *server) readRegister(ctx context.Context, o zhibu.Org, _ string, data []byte) (*importRead, error) {
	sheet, err := register.Parse(bytes.NewReader(data), register.DefaultLimits, zhibu.DefaultZone)
	if err != nil {
		return nil, err
	}
	if _, err := s.svc.Meetings.CheckRegister(ctx, o.ID, sheet); err != nil && !(errors.Is(err, zhibu.ErrInvalid) && len(sheet.Problems) > 0) {
		return nil, err
	}
	read := &importRead{Total: len(sheet.Rows), Notices: sheet.Notices(), Issues: registerIssues(sheet),
		issues: func(error) []importIssue { return registerIssues(sheet) },
		Head:   []string{"工作表", "行", "日期", "会议类型", "组织", "主持人", "应到", "实到", "请假", "缺席", "状态"}}
	today := s.today()
	for _, row := range sheet.Rows[:min(len(sheet.Rows), maxPreviewRows)] {
		m := row.Meeting
		var date string
		late := ""
		if !m.StartsAt.IsZero() {
			date = m.StartsAt.In(zhibu.DefaultZone).Format("2006-01-02 15:04")
			if zhibu.DateOf(m.StartsAt.In(zhibu.DefaultZone)).Before(today) {
				late = "补录"
			}
		}
		cells := []importCell{{Text: row.Sheet}, {Text: strconv.Itoa(row.Line), Class: "num"}, {Text: date}, {Text: m.Type.Label()},
			{Text: row.OrgName}, {Text: row.ChairName}}
		for _, n := range []int{m.Expected, m.Present, m.Excused, m.Absent} {
			if m.Held() || m.Expected > 0 {
				cells = append(cells, importCell{Text: strconv.Itoa(n), Class: "num"})
			} else {
				cells = append(cells, importCell{Text: "—", Class: "num muted"})
			}
		}
		read.Rows = append(read.Rows, append(cells, importCell{Text: m.Status.Label(), Note: late}))
	}
	read.save = func(ctx context.Context) (string, string, error) {
		n, err := s.svc.Meetings.ImportRegister(ctx, o.ID, sheet)
		return orgHref(o.ID) + "/meetings?year=" + strconv.Itoa(lastYear(sheet)), "已导入" + strconv.Itoa(n) + "条会议记录", err
	}
	return read, nil
}

// registerIssues are the sheet's problems split into sheet, row, column
// and what is wrong: "支委会 第5行 日期：不能为空".
func registerIssues(sheet *register.Sheet) []importIssue {
	out := make([]importIssue, 0, len(sheet.Problems))
	for _, p := range sheet.Problems {
		is := importIssue{Row: p.Row, Column: p.Label, What: p.Message}
		for _, name := range sheet.Sheets {
			if rest, ok := strings.CutPrefix(p.Message, name+" 第"+strconv.Itoa(p.Row)+"行 "); ok {
				is.Sheet, is.What = name, rest
				break
			}
		}
		is.What = strings.TrimPrefix(is.What, p.Label+"：")
		out = append(out, is)
	}
	return out
}

// lastYear is the year of the sheet's latest meeting, in Beijing time: the
// meetings list shows it after the import.
func lastYear(sheet *register.Sheet) int {
	y := 0
	for _, row := range sheet.Rows {
		y = max(y, row.Meeting.StartsAt.In(zhibu.DefaultZone).Year())
	}
	return y
}
