package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"unicode/utf8"

	"zhibu"
)

// uploadRefusal says why readUpload turned an upload down; the callers
// show their own message for each.
type uploadRefusal int

const (
	uploadAccepted   uploadRefusal = iota
	uploadTooLarge                 // the request is over the limit: 413
	uploadNoFile                   // not multipart, or no file field: 422
	uploadUnreadable               // the multipart form is damaged: 422
)

// readUpload reads the file of an import form (field "file") from a
// request of at most limit bytes, the file and the form around it. It
// returns the cleaned file name, cut to 100 characters, and the file's
// content. A refusal other than uploadAccepted means the request was
// turned down and err is nil; err is for failures of the server.
func readUpload(w http.ResponseWriter, r *http.Request, limit int64) (name string, data []byte, refusal uploadRefusal, err error) {
	if r.ContentLength > limit {
		return "", nil, uploadTooLarge, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseMultipartForm(limit); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return "", nil, uploadTooLarge, nil
		case errors.Is(err, http.ErrNotMultipart):
			return "", nil, uploadNoFile, nil
		}
		return "", nil, uploadUnreadable, nil
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, uploadNoFile, nil
	}
	defer file.Close()
	data, err = io.ReadAll(file)
	if err != nil {
		return "", nil, uploadAccepted, err
	}
	name = clean(hdr.Filename)
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	return name, data, uploadAccepted, nil
}

// An import is an upload → preview → confirm flow, the same for every
// file a branch imports (the roster, the meetings register, and the
// imports to come), with one preview template (import_preview.html):
//
//  1. GET  {path}: the upload form (the import's own template, with the
//     format of its file);
//  2. POST {path}: the file is read (importFlow.read: parsed into domain
//     drafts and checked by the service against the org) and previewed:
//     every problem with its sheet, row and column, and the first
//     maxPreviewRows drafts; a file without problems waits, sealed, in the
//     store's holding area (store.SaveUpload) under a random token;
//  3. POST {path}/confirm: the kept file is read and checked again and
//     saved all or nothing (importRead.save); the upload is deleted.
//
// An import plugs in by describing itself in an importFlow and adding
// three handlers that call flowForm, flowPreview and flowConfirm with
// it (see rosterImport in roster.go, registerImport in meeting_import.go
// and duesImport in dues_import.go). Its read func parses the file into
// drafts, has the service check them, and returns an importRead: the
// problems as importIssues, the preview as a header and rows of cells, and
// a save func that records the drafts through the service. Fields of the
// upload form besides the file (the dues' 缴费方式) are named in carry: the
// preview posts them again with the confirmation, so that the file is read
// the same way twice.
type importFlow struct {
	kind     string                                                      // the upload's kind in the holding area: store.UploadRoster, ...
	org      func(r *http.Request) (zhibu.Org, error)                    // the org the path names, which may import
	title    string                                                      // "导入花名册", followed by the org's name
	crumbs   func(o zhibu.Org) []crumb                                   // the crumbs between the org and the import
	form     string                                                      // the upload form's template
	formData func(ctx context.Context, o zhibu.Org, d *importPage) error // what the upload form shows besides (columns, types)
	path     func(o zhibu.Org) string                                    // the import's URL: /orgs/1/import
	noun     string                                                      // what the file holds: 人员, 会议记录
	count    func(n int) string                                          // n of them: 2人, 2条会议记录
	maxBytes int64                                                       // the largest file
	noFile   string                                                      // the message when no file was chosen
	confirm  string                                                      // what confirming does besides saving, or ""
	carry    []string                                                    // fields of the upload form the confirmation posts again
	// read parses and checks the file called name; ErrInvalid refuses it outright.
	read func(ctx context.Context, o zhibu.Org, name string, data []byte) (*importRead, error)
}

// importRead is a file read and checked: what the preview shows and how
// to save it.
type importRead struct {
	Total   int      // drafts read from the file
	Sum     string   // what the preview's first line says after their count: "，合计¥45.50"
	Notices []string // what does not block the import (unknown columns, skipped sheets)
	Issues  []importIssue
	Head    []string       // the preview's columns
	Rows    [][]importCell // the first maxPreviewRows drafts
	// save records every draft or none, and says where to go and what to
	// tell the user; a zhibu.Problems error is shown as issues (issues
	// names them), another refusal as a notice.
	save   func(ctx context.Context) (to, flash string, err error)
	issues func(err error) []importIssue
}

// importIssue is one problem of a file as the preview's table shows it.
type importIssue struct {
	Sheet  string // "" for a file of one sheet
	Row    int    // 0: the file as a whole
	Column string
	What   string
}

// importCell is one cell of the preview: its text, the cell's class, a
// badge (the text in a badge of that class) and a note after it in a
// warning badge (补录).
type importCell struct {
	Text, Class, Badge, Note string
}

// maxPreviewRows bounds the rows a preview lists; every problem is listed.
const maxPreviewRows = 1000

// importPage is the data of an import's upload form and of
// import_preview.html.
type importPage struct {
	base
	Org      zhibu.Org
	Path     string // the import's URL
	Noun     string
	MaxSize  string
	Columns  []string // the roster's columns
	Types    []string // the meeting types' names
	Methods  []option // the dues' payment methods
	Form     form     // the upload form's fields besides the file
	Filename string
	Notices  []string
	Issues   []importIssue
	Sheets   bool // the issues are named by sheet
	Total    int
	Count    string // Total of them: 2人
	Sum      string
	Shown    string // the rows listed, the same way
	Confirm  string
	Head     []string
	Rows     [][]importCell
	Token    string
	Carry    []carried // posted again with the confirmation
}

// carried is a field of the upload form that the confirmation posts again.
type carried struct{ Name, Value string }

func (s *server) importRender(w http.ResponseWriter, r *http.Request, status int, name string, fl *importFlow, o zhibu.Org, d *importPage) error {
	ctx := r.Context()
	d.Org, d.Path, d.Noun, d.MaxSize, d.Confirm = o, fl.path(o), fl.noun, sizeText(fl.maxBytes), fl.confirm
	d.Count, d.Shown = fl.count(d.Total), fl.count(len(d.Rows))
	for _, is := range d.Issues {
		d.Sheets = d.Sheets || is.Sheet != ""
	}
	if d.Token != "" {
		for _, name := range fl.carry {
			d.Carry = append(d.Carry, carried{name, r.PostForm.Get(name)})
		}
	}
	if name == fl.form && fl.formData != nil {
		if err := fl.formData(ctx, o, d); err != nil {
			return err
		}
	}
	d.Title = fl.title + "：" + o.Name
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, append(fl.crumbs(o), crumb{Label: fl.title})...); err != nil {
		return err
	}
	return s.render(w, r, status, name, d)
}

// importRefused shows the upload form again with what is wrong with the
// file.
func (s *server) importRefused(w http.ResponseWriter, r *http.Request, status int, fl *importFlow, o zhibu.Org, msg string) error {
	d := &importPage{}
	d.Notice = msg
	return s.importRender(w, r, status, fl.form, fl, o, d)
}

// flowForm is GET {path}: the upload form.
func (s *server) flowForm(w http.ResponseWriter, r *http.Request, fl *importFlow) error {
	o, err := fl.org(r)
	if err != nil {
		return err
	}
	return s.importRender(w, r, http.StatusOK, fl.form, fl, o, &importPage{})
}

// preview fills the page from what was read.
func (d *importPage) preview(read *importRead) {
	d.Total, d.Sum, d.Notices, d.Issues, d.Head, d.Rows = read.Total, read.Sum, read.Notices, read.Issues, read.Head, read.Rows
}

// flowPreview is POST {path}: read the uploaded file, list every
// problem, and keep a file without problems for the confirmation.
func (s *server) flowPreview(w http.ResponseWriter, r *http.Request, fl *importFlow) error {
	o, err := fl.org(r)
	if err != nil {
		return err
	}
	name, data, refusal, err := readUpload(w, r, fl.maxBytes+1<<20)
	if err != nil {
		return err
	}
	switch refusal {
	case uploadTooLarge:
		return s.importRefused(w, r, http.StatusRequestEntityTooLarge, fl, o, "文件过大：导入的文件不能超过"+sizeText(fl.maxBytes)+"，请删去多余的内容或分批导入")
	case uploadNoFile:
		return s.importRefused(w, r, http.StatusUnprocessableEntity, fl, o, fl.noFile)
	case uploadUnreadable:
		return s.importRefused(w, r, http.StatusUnprocessableEntity, fl, o, "无法读取上传的内容，请重新选择文件上传")
	}
	read, err := fl.read(r.Context(), o, name, data)
	if err != nil {
		if invalid(err) {
			return s.importRefused(w, r, http.StatusUnprocessableEntity, fl, o, zhibu.UserMessage(err))
		}
		return err
	}
	d := &importPage{Filename: name}
	d.preview(read)
	status := http.StatusOK
	if len(read.Issues) > 0 {
		status = http.StatusUnprocessableEntity
	} else {
		d.Token = newToken()
		if err := s.store.SaveUpload(r.Context(), fl.kind, d.Token, o.ID, name, data); err != nil {
			return err
		}
	}
	return s.importRender(w, r, status, "import_preview", fl, o, d)
}

// flowConfirm is POST {path}/confirm: read the kept file again, check it
// again, and save all of it or nothing.
func (s *server) flowConfirm(w http.ResponseWriter, r *http.Request, fl *importFlow) error {
	o, err := fl.org(r)
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
		return s.importRefused(w, r, http.StatusUnprocessableEntity, fl, o, expired)
	}
	name, data, err := s.store.Upload(ctx, token, o.ID)
	switch {
	case isNotFound(err):
		return s.importRefused(w, r, http.StatusUnprocessableEntity, fl, o, expired)
	case err != nil:
		return err
	}
	read, err := fl.read(ctx, o, name, data)
	if err != nil {
		if !invalid(err) {
			return err
		}
		if err := s.store.DeleteUpload(ctx, token); err != nil {
			return err
		}
		return s.importRefused(w, r, http.StatusUnprocessableEntity, fl, o, zhibu.UserMessage(err))
	}
	d := &importPage{Filename: name}
	d.preview(read)
	d.Notice = "导入未完成，没有保存任何" + fl.noun
	if len(read.Issues) == 0 {
		to, flash, err := read.save(ctx)
		if err == nil {
			if err := s.store.DeleteUpload(ctx, token); err != nil {
				s.log.WarnContext(ctx, "web: delete upload", "err", err)
			}
			return redirect(w, r, to, flash)
		}
		if !invalid(err) {
			return err
		}
		if d.Issues = read.issues(err); len(d.Issues) == 0 {
			d.Notice += "：" + zhibu.UserMessage(err)
		}
	}
	if err := s.store.DeleteUpload(ctx, token); err != nil {
		return err
	}
	return s.importRender(w, r, http.StatusUnprocessableEntity, "import_preview", fl, o, d)
}

// newToken names an upload: 128 random bits as 32 hex digits.
func newToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func validToken(t string) bool {
	if len(t) != 32 {
		return false
	}
	_, err := hex.DecodeString(t)
	return err == nil
}
