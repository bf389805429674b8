package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/store"
)

// A meeting's attachments: photos and scanned documents, uploaded on the
// meeting's page, stored sealed under server ids, and served back only to
// those who may read the meeting. What a file is, is decided by its
// content (store.AttachmentType), never by its name or the browser's
// claim; its name is display text.

// maxAttachmentUpload bounds one upload request: its files together and
// the form around them. The files are read into memory as the body
// streams (never into temporary files: a photo may show people), each cut
// off past store.MaxAttachmentBytes.
const (
	maxAttachmentFiles  = 50 << 20
	maxAttachmentUpload = maxAttachmentFiles + 1<<20
)

// attachmentAccept is the file input's hint to the browser's file picker;
// the server decides by content all the same.
const attachmentAccept = "image/jpeg,image/png,image/gif,image/webp,application/pdf,.jpg,.jpeg,.png,.gif,.webp,.pdf"

// attachmentRow is an attachment as the meeting page lists it.
type attachmentRow struct {
	store.Attachment
	Href     string
	SizeText string
}

// attachmentSection is the data of the meeting page's 附件 section.
type attachmentSection struct {
	MeetingID int64
	List      []attachmentRow
	CanWrite  bool // the upload form and the delete buttons are offered
	Full      bool // the meeting holds store.MaxAttachments
	Accept    string
	Hint      string
}

func attachmentHref(meetingID, id int64) string {
	return meetingHref(meetingID) + "/attachments/" + strconv.FormatInt(id, 10)
}

// attachmentSize writes a file's size: 820 字节, 35.2 KB, 4.7 MB.
func attachmentSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}

// attachmentSection lists meeting m's attachments for its page.
func (s *server) attachmentSection(ctx context.Context, m zhibu.Meeting, o zhibu.Org) (attachmentSection, error) {
	list, err := s.store.Attachments(ctx, m.ID)
	if err != nil {
		return attachmentSection{}, err
	}
	sec := attachmentSection{MeetingID: m.ID, CanWrite: zhibu.ActorFrom(ctx).Can(zhibu.PermMeetingWrite, o.Path),
		Full: len(list) >= store.MaxAttachments, Accept: attachmentAccept,
		Hint: "可上传图片（JPG、PNG、GIF、WebP）或PDF文件，可一次选择多个；每个文件不超过" + sizeText(store.MaxAttachmentBytes) +
			"，每次合计不超过" + sizeText(maxAttachmentFiles) + "，每个会议最多" + strconv.Itoa(store.MaxAttachments) + "个附件。"}
	for _, a := range list {
		sec.List = append(sec.List, attachmentRow{Attachment: a, Href: attachmentHref(m.ID, a.ID), SizeText: attachmentSize(a.Size)})
	}
	return sec, nil
}

// filesProblem is a problem of the upload as a whole, shown at the top of
// the meeting page and beside the file input.
func filesProblem(msg string) zhibu.Problems {
	return zhibu.Problems{{Field: "files", Label: "附件", Message: msg}}
}

// errUploadTooLarge is a request body past maxAttachmentUpload.
var errUploadTooLarge = errors.New("upload too large")

// readAttachments reads the files of an upload's "files" inputs as the body
// streams. Files past store.MaxAttachmentBytes are not kept: each is a
// problem (their status is 413). A body that is not a multipart form, or
// holds more files than a meeting may have, is a problem (422); a body
// past the limit is errUploadTooLarge.
func readAttachments(r *http.Request) (files []store.NewAttachment, tooLarge, ps zhibu.Problems, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, filesProblem("附件：请选择要上传的文件"), nil
	}
	unreadable := filesProblem("附件：无法读取上传的内容，请重新选择文件上传")
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, nil, nil, errUploadTooLarge
		}
		if err != nil {
			return nil, nil, unreadable, nil
		}
		name := part.FileName()
		if part.FormName() != "files" || name == "" {
			continue // NextPart skips what is left of it
		}
		if len(files)+len(tooLarge) >= store.MaxAttachments {
			return nil, nil, filesProblem("附件：一次最多上传" + strconv.Itoa(store.MaxAttachments) + "个文件"), nil
		}
		data, err := io.ReadAll(io.LimitReader(part, store.MaxAttachmentBytes+1))
		if errors.As(err, &mbe) {
			return nil, nil, nil, errUploadTooLarge
		}
		if err != nil {
			return nil, nil, unreadable, nil
		}
		if len(data) > store.MaxAttachmentBytes {
			tooLarge = append(tooLarge, store.AttachmentTooLarge(name))
			continue
		}
		files = append(files, store.NewAttachment{Filename: name, Data: data})
	}
	return files, tooLarge, nil, nil
}

// attachmentUpload is POST /meetings/{id}/attachments: the files of the
// form attached to the meeting, all of them or, if any is refused, none.
func (s *server) attachmentUpload(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	refuse := func(status int, ps zhibu.Problems) error {
		return s.meetingRender(w, r, status, m, att, o, form{}, ps)
	}
	tooLargeBody := filesProblem("附件：提交的文件过大，每次上传合计不能超过" + sizeText(maxAttachmentFiles) +
		"（每个文件不超过" + sizeText(store.MaxAttachmentBytes) + "），请分批上传；未保存任何附件")
	if r.ContentLength > maxAttachmentUpload {
		return refuse(http.StatusRequestEntityTooLarge, tooLargeBody)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAttachmentUpload)
	files, tooLarge, ps, err := readAttachments(r)
	switch {
	case errors.Is(err, errUploadTooLarge):
		return refuse(http.StatusRequestEntityTooLarge, tooLargeBody)
	case err != nil:
		return err
	case len(ps) > 0:
		return refuse(http.StatusUnprocessableEntity, ps)
	case len(tooLarge) > 0:
		return refuse(http.StatusRequestEntityTooLarge, append(tooLarge, store.CheckAttachments(files)...))
	}
	added, err := s.store.AddAttachments(r.Context(), m.ID, files)
	if err != nil {
		if !invalid(err) {
			return err
		}
		return refuse(http.StatusUnprocessableEntity, problemsOf(err))
	}
	names := make([]string, len(added))
	for i, a := range added {
		names[i] = a.Filename
	}
	flash := "已上传" + strconv.Itoa(len(added)) + "个附件：" + strings.Join(names, "、")
	if len([]rune(flash)) > 150 {
		flash = "已上传" + strconv.Itoa(len(added)) + "个附件"
	}
	return redirect(w, r, meetingHref(m.ID)+"#attachments", flash)
}

// attachmentName is the name a file is saved under: its display name,
// with the usual extension of its type added when the name has none of
// them (a picture named 会议.exe is saved as 会议.exe.png).
func attachmentName(a store.Attachment) string {
	exts := store.AttachmentExtensions[a.ContentType]
	if len(exts) == 0 || slices.Contains(exts, strings.ToLower(path.Ext(a.Filename))) {
		return a.Filename
	}
	return a.Filename + exts[0]
}

// attachmentDisposition is the Content-Disposition of an attachment: kind
// (inline or attachment), an ASCII name for old clients (attachment-12.png when
// the name has no ASCII letters) and the real name in UTF-8 (RFC 6266).
func attachmentDisposition(kind string, a store.Attachment) string {
	name := attachmentName(a)
	_, utf, _ := strings.Cut(contentDisposition(name), "filename*=UTF-8''")
	ext := path.Ext(name)
	fallback := asciiName(strings.TrimSuffix(name, ext))
	if fallback == "" {
		fallback = "attachment-" + strconv.FormatInt(a.ID, 10)
	}
	return kind + `; filename="` + fallback + asciiName(ext) + `"; filename*=UTF-8''` + utf
}

// attachmentDownload is GET /meetings/{id}/attachments/{aid}: the file, of
// the type its content was found to be, never cached. Pictures open in the
// browser; PDFs are saved.
func (s *server) attachmentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	a, err := s.store.Attachment(r.Context(), id, aid)
	if err != nil {
		return err
	}
	kind := "attachment"
	if a.IsImage() {
		kind = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", attachmentDisposition(kind, a))
	h.Set("Content-Length", strconv.Itoa(len(a.Data)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(a.Data)
	}
	return nil
}

// attachmentDelete is POST /meetings/{id}/attachments/{aid}/delete.
func (s *server) attachmentDelete(w http.ResponseWriter, r *http.Request) error {
	m, _, _, err := s.meeting(r)
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := s.store.DeleteAttachment(r.Context(), m.ID, aid)
	if err != nil {
		return err
	}
	return redirect(w, r, meetingHref(m.ID)+"#attachments", "已删除附件："+a.Filename)
}
