package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/devexport"
	"zhibu/internal/store"
)

// A development file's materials (uploads, downloads, deletions) and its
// record as a Word document.

// devMaterialUpload is POST /people/{id}/development/materials: files for
// one material of the checklist, all or none.
func (s *server) devMaterialUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	refuse := func(status int, ps zhibu.Problems) error {
		return s.devFileRender(w, r, status, id, form{}, form{}, ps)
	}
	if r.ContentLength > maxAttachmentUpload {
		return refuse(http.StatusRequestEntityTooLarge, filesProblem("附件：提交的文件过大，请分批上传；未保存任何文件"))
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAttachmentUpload)
	material, files, tooLarge, ps, err := readMaterials(r)
	switch {
	case errors.Is(err, errUploadTooLarge):
		return refuse(http.StatusRequestEntityTooLarge, filesProblem("附件：提交的文件过大，请分批上传；未保存任何文件"))
	case err != nil:
		return err
	case len(ps) > 0:
		return refuse(http.StatusUnprocessableEntity, ps)
	case len(tooLarge) > 0:
		return refuse(http.StatusRequestEntityTooLarge, tooLarge)
	}
	stepText, name, _ := strings.Cut(material, "/")
	step, _ := strconv.Atoi(stepText)
	added, err := s.store.AddDevMaterials(r.Context(), id, step, name, files)
	if err != nil {
		if !invalid(err) {
			return err
		}
		return refuse(http.StatusUnprocessableEntity, problemsOf(err))
	}
	return redirect(w, r, devHref(id)+"#materials", "已上传"+strconv.Itoa(len(added))+"个文件："+name)
}

// readMaterials reads an upload of materials: the "material" field and
// the "files" inputs, as readAttachments does.
func readMaterials(r *http.Request) (material string, files []store.NewAttachment, tooLarge, ps zhibu.Problems, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, nil, filesProblem("附件：请选择要上传的文件"), nil
	}
	unreadable := filesProblem("附件：无法读取上传的内容，请重新选择文件上传")
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, nil, nil, errUploadTooLarge
		}
		if err != nil {
			return "", nil, nil, unreadable, nil
		}
		if part.FormName() == "material" && part.FileName() == "" {
			b, _ := io.ReadAll(io.LimitReader(part, 300))
			material = clean(string(b))
			continue
		}
		name := part.FileName()
		if part.FormName() != "files" || name == "" {
			continue
		}
		if len(files)+len(tooLarge) >= store.MaxAttachments {
			return "", nil, nil, filesProblem("附件：一次最多上传" + strconv.Itoa(store.MaxAttachments) + "个文件"), nil
		}
		data, err := io.ReadAll(io.LimitReader(part, store.MaxAttachmentBytes+1))
		if errors.As(err, &mbe) {
			return "", nil, nil, nil, errUploadTooLarge
		}
		if err != nil {
			return "", nil, nil, unreadable, nil
		}
		if len(data) > store.MaxAttachmentBytes {
			tooLarge = append(tooLarge, store.AttachmentTooLarge(name))
			continue
		}
		files = append(files, store.NewAttachment{Filename: name, Data: data})
	}
	return material, files, tooLarge, nil, nil
}

var errNoMaterial = zhibu.Errorf(zhibu.ErrInvalid, "请指定要查看的材料")

// devMaterialDownload is GET /people/{id}/development/material?m=ID.
func (s *server) devMaterialDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	mid := formID(r.URL.Query().Get("m"))
	if mid == 0 {
		return errNoMaterial
	}
	m, data, err := s.store.DevMaterial(r.Context(), id, mid)
	if err != nil {
		return err
	}
	a := store.Attachment{Filename: m.Filename, ContentType: m.ContentType, Size: m.Size, ID: m.ID}
	kind := "attachment"
	if a.IsImage() {
		kind = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", m.ContentType)
	h.Set("Content-Disposition", attachmentDisposition(kind, a))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
	return nil
}

// devMaterialDelete is POST /people/{id}/development/material/delete (m=ID).
func (s *server) devMaterialDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	mid := formID(r.PostForm.Get("m"))
	if mid == 0 {
		return errNoMaterial
	}
	if err := s.store.DeleteDevMaterial(r.Context(), id, mid); err != nil {
		return err
	}
	return redirect(w, r, devHref(id)+"#materials", "已删除材料")
}

// devRecordDocx is GET /people/{id}/development/record.docx.
func (s *server) devRecordDocx(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.store.DevFile(ctx, id)
	if err != nil {
		return err
	}
	f.Person = store.Masked(f.Person)
	ms, err := s.store.DevMaterials(ctx, id)
	if err != nil {
		return err
	}
	info := devexport.RecordInfo{OrgName: f.Person.OrgName, AsOf: s.today(), Missing: f.Missing(ms)}
	var buf bytes.Buffer
	if _, err := devexport.Record(f, info).WriteTo(&buf); err != nil {
		return err
	}
	return download(w, f.Person.Name+"发展党员纪实.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &buf)
}
