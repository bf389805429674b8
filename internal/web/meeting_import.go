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

// The import of a meetings register (三会一课记录簿) from xlsx, as the
// roster import does it (roster.go): the upload is read and checked and
// every problem listed by sheet, row and column; a file without problems
// waits, sealed, in the store's holding area (SaveUpload) until the user
// confirms; the confirmation reads and checks it again and records all
// its meetings or none (store.ImportRegister, SaveMeetingsBulk). Meetings
// are entered now, so those of past days are 补录.

// maxRegisterUploadBytes bounds a register import request: the file and
// the form around it.
var maxRegisterUploadBytes = register.DefaultLimits.MaxBytes + 1<<20

// registerIssue is one problem of the file as the preview's table shows
// it.
type registerIssue struct {
	Sheet  string
	Row    int
	Column string
	What   string
}

// registerRow is one meeting of the file as the preview lists it.
type registerRow struct {
	Sheet    string
	Line     int
	Date     string // 2024-03-31 23:30
	Type     string
	OrgName  string
	Chair    string
	Status   zhibu.MeetingStatus
	Counts   bool // the counts mean something: held, or given
	Expected int
	Present  int
	Excused  int
	Absent   int
	Late     bool // dated before today: recorded as 补录
}

// meetingImportPage is the data of meeting_import.html and
// meeting_import_preview.html.
type meetingImportPage struct {
	base
	Org      zhibu.Org
	MaxSize  string
	Types    []string // the types' names, for the help
	Filename string
	Notices  []string
	Issues   []registerIssue
	Total    int           // meetings read from the file
	Rows     []registerRow // the first maxPreviewRows of them
	Token    string
}

func (s *server) meetingImportRender(w http.ResponseWriter, r *http.Request, status int, name string, o zhibu.Org, d *meetingImportPage) error {
	d.Org, d.MaxSize = o, sizeText(register.DefaultLimits.MaxBytes)
	types, err := s.meetingTypes(r.Context(), o)
	if err != nil {
		return err
	}
	for _, t := range types {
		d.Types = append(d.Types, t.Label())
	}
	d.Title = "导入三会一课记录簿：" + o.Name
	d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: "三会一课", Href: orgHref(o.ID) + "/meetings"}, crumb{Label: "导入记录簿"})
	if err != nil {
		return err
	}
	return s.render(w, r, status, name, d)
}

// meetingImportRefused shows the upload form again with what is wrong
// with the file.
func (s *server) meetingImportRefused(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, msg string) error {
	d := &meetingImportPage{}
	d.Notice = msg
	return s.meetingImportRender(w, r, status, "meeting_import", o, d)
}

// meetingImportForm is GET /orgs/{id}/meetings/import.
func (s *server) meetingImportForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.meetingOrg(r)
	if err != nil {
		return err
	}
	return s.meetingImportRender(w, r, http.StatusOK, "meeting_import", o, &meetingImportPage{})
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

// meetingImportPreview is POST /orgs/{id}/meetings/import: read the
// uploaded register, list every problem, and keep a file without problems
// for the confirmation.
func (s *server) meetingImportPreview(w http.ResponseWriter, r *http.Request) error {
	o, err := s.meetingOrg(r)
	if err != nil {
		return err
	}
	name, data, refusal, err := readUpload(w, r, maxRegisterUploadBytes)
	if err != nil {
		return err
	}
	switch refusal {
	case uploadTooLarge:
		return s.meetingImportRefused(w, r, http.StatusRequestEntityTooLarge, o, "文件过大：导入的文件不能超过"+sizeText(register.DefaultLimits.MaxBytes)+"，请删去多余的内容或分批导入")
	case uploadNoFile:
		return s.meetingImportRefused(w, r, http.StatusUnprocessableEntity, o, "请选择要导入的记录簿文件（.xlsx）")
	case uploadUnreadable:
		return s.meetingImportRefused(w, r, http.StatusUnprocessableEntity, o, "无法读取上传的内容，请重新选择文件上传")
	}
	sheet, err := s.readRegister(r.Context(), o, data)
	if err != nil {
		if invalid(err) {
			return s.meetingImportRefused(w, r, http.StatusUnprocessableEntity, o, zhibu.UserMessage(err))
		}
		return err
	}
	d := &meetingImportPage{Filename: name}
	s.registerPreview(d, sheet)
	status := http.StatusOK
	if len(sheet.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	} else {
		d.Token = newToken()
		if err := s.store.SaveUpload(r.Context(), store.UploadRegister, d.Token, o.ID, name, data); err != nil {
			return err
		}
	}
	return s.meetingImportRender(w, r, status, "meeting_import_preview", o, d)
}

// readRegister parses a register and checks it against the org. A file
// refused outright is an error of kind ErrInvalid; problems of rows are in
// the sheet.
func (s *server) readRegister(ctx context.Context, o zhibu.Org, data []byte) (*register.Sheet, error) {
	sheet, err := register.Parse(bytes.NewReader(data), register.DefaultLimits, zhibu.DefaultZone)
	if err != nil {
		return nil, err
	}
	if _, err := s.svc.Meetings.CheckRegister(ctx, o.ID, sheet); err != nil && !(errors.Is(err, zhibu.ErrInvalid) && len(sheet.Problems) > 0) {
		return nil, err
	}
	return sheet, nil
}

// registerPreview fills the page from the sheet: its notices, every
// problem and the first maxPreviewRows meetings.
func (s *server) registerPreview(d *meetingImportPage, sheet *register.Sheet) {
	d.Notices = sheet.Notices()
	d.Issues = registerIssues(sheet)
	d.Total = len(sheet.Rows)
	today := s.today()
	for _, row := range sheet.Rows[:min(len(sheet.Rows), maxPreviewRows)] {
		m := row.Meeting
		v := registerRow{Sheet: row.Sheet, Line: row.Line, Type: m.Type.Label(), OrgName: row.OrgName, Chair: row.ChairName,
			Status: m.Status, Expected: m.Expected, Present: m.Present, Excused: m.Excused, Absent: m.Absent,
			Counts: m.Held() || m.Expected > 0}
		if !m.StartsAt.IsZero() {
			v.Date = m.StartsAt.In(zhibu.DefaultZone).Format("2006-01-02 15:04")
			v.Late = zhibu.DateOf(m.StartsAt.In(zhibu.DefaultZone)).Before(today)
		}
		d.Rows = append(d.Rows, v)
	}
}

// registerIssues are the sheet's problems split into sheet, row, column
// and what is wrong: "支委会 第5行 日期：不能为空".
func registerIssues(sheet *register.Sheet) []registerIssue {
	out := make([]registerIssue, 0, len(sheet.Problems))
	for _, p := range sheet.Problems {
		is := registerIssue{Row: p.Row, Column: p.Label, What: p.Message}
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

// meetingImportConfirm is POST /orgs/{id}/meetings/import/confirm: read
// the kept file again, check it again, and record all its meetings or
// none.
func (s *server) meetingImportConfirm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.meetingOrg(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	token := r.PostForm.Get("token")
	expired := "上传的文件已过期或已导入，请重新上传"
	if !validToken(token) {
		return s.meetingImportRefused(w, r, http.StatusUnprocessableEntity, o, expired)
	}
	name, data, err := s.store.Upload(ctx, token, o.ID)
	switch {
	case isNotFound(err):
		return s.meetingImportRefused(w, r, http.StatusUnprocessableEntity, o, expired)
	case err != nil:
		return err
	}
	sheet, err := register.Parse(bytes.NewReader(data), register.DefaultLimits, zhibu.DefaultZone)
	if err != nil {
		if !invalid(err) {
			return err
		}
		if err := s.store.DeleteUpload(ctx, token); err != nil {
			return err
		}
		return s.meetingImportRefused(w, r, http.StatusUnprocessableEntity, o, zhibu.UserMessage(err))
	}
	n, err := s.svc.Meetings.ImportRegister(ctx, o.ID, sheet)
	if err == nil {
		if err := s.store.DeleteUpload(ctx, token); err != nil {
			s.log.WarnContext(ctx, "web: delete upload", "err", err)
		}
		return redirect(w, r, orgHref(o.ID)+"/meetings?year="+strconv.Itoa(lastYear(sheet)), "已导入"+strconv.Itoa(n)+"条会议记录")
	}
	if !invalid(err) {
		return err
	}
	d := &meetingImportPage{Filename: name}
	s.registerPreview(d, sheet)
	d.Notice = "导入未完成，没有保存任何会议记录"
	if len(sheet.Problems) == 0 {
		d.Notice += "：" + zhibu.UserMessage(err)
	}
	if err := s.store.DeleteUpload(ctx, token); err != nil {
		return err
	}
	return s.meetingImportRender(w, r, http.StatusUnprocessableEntity, "meeting_import_preview", o, d)
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
