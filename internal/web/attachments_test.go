package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/web"
)

// attFile is one file of an upload: its name, what the browser claims it
// is, and its bytes.
type attFile struct {
	name, ctype string
	data        []byte
}

// attBody is a multipart form with files under "files".
func attBody(files ...attFile) (*bytes.Buffer, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("note", "ignored")
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="files"; filename="`+f.name+`"`)
		h.Set("Content-Type", f.ctype)
		pw, _ := mw.CreatePart(h)
		pw.Write(f.data)
	}
	mw.Close()
	return &body, mw.FormDataContentType()
}

// attServe serves r to the UI acting as a (the system when a is nil).
func (f *fixture) attServe(a *zhibu.Actor, r *http.Request) *httptest.ResponseRecorder {
	f.t.Helper()
	if a == nil {
		return f.do(r)
	}
	ui, err := web.New(f.s, service.New(f.s, service.Options{}), auth.New(f.s, nil), web.Options{Log: slog.New(slog.NewTextHandler(f.log, nil))})
	if err != nil {
		f.t.Fatal(err)
	}
	w := httptest.NewRecorder()
	ui.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), *a)))
	return w
}

// attach uploads files to a meeting.
func (f *fixture) attach(a *zhibu.Actor, meetingID int64, files ...attFile) *httptest.ResponseRecorder {
	body, ctype := attBody(files...)
	r := httptest.NewRequest(http.MethodPost, "/meetings/"+ids(meetingID)+"/attachments", body)
	r.Header.Set("Content-Type", ctype)
	return f.attServe(a, r)
}

func (f *fixture) attachments(meetingID int64) []store.Attachment {
	f.t.Helper()
	list, err := f.s.Attachments(sys, meetingID)
	if err != nil {
		f.t.Fatal(err)
	}
	return list
}

// attPNG is a small picture with a marker after it.
func attPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 3, 3))
	img.Set(0, 0, color.RGBA{200, 16, 46, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	buf.WriteString("web-attachment-marker")
	return buf.Bytes()
}

const attPDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

var attExe = []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00")

// Pictures and PDFs are attached, listed, served back as what their content
// is, and deleted; uploads and deletions are audited.
func TestAttachments(t *testing.T) {
	f := newFixture(t)
	m := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: at(2025, 6, 10, 9, 0)}, nil)
	mid := "/meetings/" + ids(m.ID)
	wantBody(t, f.get(mid), http.StatusOK, `id="attachments"`, "尚无附件", `enctype="multipart/form-data"`, `name="files" type="file" multiple`,
		"每个文件不超过10 MB")

	pic := attPNG(t)
	w := f.attach(nil, m.ID, attFile{"会议照片.png", "image/png", pic}, attFile{"签到表（扫描件）.pdf", "application/octet-stream", []byte(attPDF)})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != mid+"#attachments" {
		t.Fatalf("upload: %d %s\n%s", w.Code, w.Header().Get("Location"), w.Body.String())
	}
	list := f.attachments(m.ID)
	if len(list) != 2 || list[0].ContentType != "image/png" || list[1].ContentType != "application/pdf" {
		t.Fatalf("attachments %+v", list)
	}
	page := f.follow(w)
	wantBody(t, page, http.StatusOK, "已上传2个附件", "附件（2）", "会议照片.png", "签到表（扫描件）.pdf", "PNG图片", "PDF文件",
		`href="`+mid+`/attachments/`+ids(list[0].ID)+`"`, `href="`+mid+`/attachments/`+ids(list[1].ID)+`" download`,
		`action="`+mid+`/attachments/`+ids(list[0].ID)+`/delete"`, "删除")

	for _, tc := range []struct {
		a     store.Attachment
		ctype string
		data  []byte
		disp  string
	}{
		{list[0], "image/png", pic, "inline; "},
		{list[1], "application/pdf", []byte(attPDF), "attachment; "},
	} {
		w := f.get(mid + "/attachments/" + ids(tc.a.ID))
		if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), tc.data) {
			t.Fatalf("download %s: %d, %d bytes", tc.a.Filename, w.Code, w.Body.Len())
		}
		h := w.Header()
		if h.Get("Content-Type") != tc.ctype || h.Get("Cache-Control") != "no-store" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(h.Get("Content-Disposition"), tc.disp) ||
			!strings.Contains(h.Get("Content-Disposition"), "filename*=UTF-8''"+url.PathEscape(tc.a.Filename)) {
			t.Errorf("download %s headers: %v", tc.a.Filename, h)
		}
	}
	if n, detail := f.audited("attachment.upload", "ok"); n != 2 || !strings.Contains(detail, "字节") {
		t.Errorf("uploads audited: %d %q", n, detail)
	}

	// A picture with a name of another kind is saved with its own
	// extension added.
	w = f.attach(nil, m.ID, attFile{"会议照片.exe", "application/x-msdownload", pic})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("a PNG named .exe: %d\n%s", w.Code, w.Body.String())
	}
	renamed := f.attachments(m.ID)[2]
	if d := f.get(mid + "/attachments/" + ids(renamed.ID)).Header().Get("Content-Disposition"); !strings.Contains(d, url.PathEscape("会议照片.exe.png")) {
		t.Errorf("a PNG named .exe is served as %q", d)
	}

	// Delete: gone from the list and the server, audited.
	w = f.post(mid+"/attachments/"+ids(renamed.ID)+"/delete", url.Values{})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d\n%s", w.Code, w.Body.String())
	}
	wantBody(t, f.follow(w), http.StatusOK, "已删除附件：会议照片.exe", "附件（2）")
	wantBody(t, f.get(mid+"/attachments/"+ids(renamed.ID)), http.StatusNotFound)
	wantBody(t, f.post(mid+"/attachments/"+ids(renamed.ID)+"/delete", url.Values{}), http.StatusNotFound)
	if n, detail := f.audited("attachment.delete", "ok"); n != 1 || !strings.Contains(detail, "会议照片.exe") {
		t.Errorf("deletion audited: %d %q", n, detail)
	}

	// An attachment is served only under its own meeting.
	other := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: at(2025, 7, 10, 9, 0)}, nil)
	wantBody(t, f.get("/meetings/"+ids(other.ID)+"/attachments/"+ids(list[0].ID)), http.StatusNotFound)
	wantBody(t, f.post("/meetings/"+ids(other.ID)+"/attachments/"+ids(list[0].ID)+"/delete", url.Values{}), http.StatusNotFound)
	for _, bad := range []string{"/attachments/0", "/attachments/x", "/attachments/-1", "/attachments/99999"} {
		wantBody(t, f.get(mid+bad), http.StatusNotFound)
	}
}

// Files are judged by their content: anything but a picture or a PDF is
// refused with its name, and then nothing of the upload is saved.
func TestAttachmentsRefused(t *testing.T) {
	f := newFixture(t)
	m := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: at(2025, 6, 10, 9, 0)}, nil)
	pic := attPNG(t)

	// A program renamed .png, claimed image/png by the browser.
	w := f.attach(nil, m.ID, attFile{"好照片.png", "image/png", pic}, attFile{"会议照片.png", "image/png", attExe})
	wantBody(t, w, http.StatusUnprocessableEntity, "会议照片.png：只能上传图片（JPG、PNG、GIF、WebP）或PDF文件", `aria-invalid="true"`, "附件（0）")
	w = f.attach(nil, m.ID, attFile{"会议照片.exe", "image/jpeg", attExe})
	wantBody(t, w, http.StatusUnprocessableEntity, "会议照片.exe：只能上传图片（JPG、PNG、GIF、WebP）或PDF文件")
	for _, bad := range []attFile{
		{"页面.png", "image/png", []byte("<html><script>alert(1)</script></html>")},
		{"图.svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
		{"空.png", "image/png", nil},
	} {
		if w := f.attach(nil, m.ID, bad); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), bad.name+"：") {
			t.Errorf("%s: %d", bad.name, w.Code)
		}
	}
	if n := len(f.attachments(m.ID)); n != 0 {
		t.Fatalf("%d attachments saved from refused uploads", n)
	}
	if n, _ := f.audited("attachment.upload", "ok"); n != 0 {
		t.Errorf("%d refused files audited as uploaded", n)
	}

	// No file chosen, or not a multipart form.
	wantBody(t, f.attach(nil, m.ID), http.StatusUnprocessableEntity, "请选择要上传的文件")
	wantBody(t, f.post("/meetings/"+ids(m.ID)+"/attachments", url.Values{"files": {"x"}}), http.StatusUnprocessableEntity, "请选择要上传的文件")

	// Too large: one file past 10 MB, named, with the meeting's page.
	big := append(append([]byte{}, pic...), make([]byte, store.MaxAttachmentBytes)...)
	w = f.attach(nil, m.ID, attFile{"大照片.png", "image/png", big}, attFile{"小照片.png", "image/png", pic})
	wantBody(t, w, http.StatusRequestEntityTooLarge, "大照片.png：文件过大，每个附件不能超过10 MB", "附件（0）", "大会")
	if n := len(f.attachments(m.ID)); n != 0 {
		t.Fatalf("%d attachments saved from an upload with a file too large", n)
	}

	// Too many for one upload.
	var many []attFile
	for range store.MaxAttachments + 1 {
		many = append(many, attFile{"p.png", "image/png", pic})
	}
	wantBody(t, f.attach(nil, m.ID, many...), http.StatusUnprocessableEntity, "一次最多上传20个文件")
	// And more than the meeting may hold.
	if w := f.attach(nil, m.ID, many[:18]...); w.Code != http.StatusSeeOther {
		t.Fatalf("18 files: %d\n%s", w.Code, w.Body.String())
	}
	wantBody(t, f.attach(nil, m.ID, many[:3]...), http.StatusUnprocessableEntity, "每个会议最多20个附件，已有18个，本次上传3个")
	if n := len(f.attachments(m.ID)); n != 18 {
		t.Fatalf("%d attachments, want 18", n)
	}
	if w := f.attach(nil, m.ID, many[:2]...); w.Code != http.StatusSeeOther {
		t.Fatalf("the last 2: %d", w.Code)
	}
	page := f.get("/meetings/" + ids(m.ID)).Body.String()
	if !strings.Contains(page, "已达每个会议的附件上限") || strings.Contains(page, `name="files"`) {
		t.Error("a full meeting still offers the upload form")
	}
}

// A body past the upload limit is refused as it streams, with the kind
// page, and nothing is saved.
func TestAttachmentsTooLargeStreamed(t *testing.T) {
	f := newFixture(t)
	m := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: at(2025, 6, 10, 9, 0)}, nil)
	pic := attPNG(t)
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for i := 0; i < 8; i++ { // 8 files of 8 MB: each allowed, together past the limit
			fw, err := mw.CreateFormFile("files", "照片.png")
			if err == nil {
				_, err = fw.Write(append(append([]byte{}, pic...), make([]byte, 8<<20)...))
			}
			if err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		mw.Close()
		pw.Close()
	}()
	r := httptest.NewRequest(http.MethodPost, "/meetings/"+ids(m.ID)+"/attachments", pr)
	r.ContentLength = -1
	r.Header.Set("Content-Type", mw.FormDataContentType())
	w := f.do(r)
	pr.CloseWithError(io.ErrClosedPipe)
	wantBody(t, w, http.StatusRequestEntityTooLarge, "提交的文件过大", "请分批上传", "附件（0）")

	// A declared length past the limit is refused before reading.
	r = httptest.NewRequest(http.MethodPost, "/meetings/"+ids(m.ID)+"/attachments", strings.NewReader("x"))
	r.ContentLength = 100 << 20
	r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	wantBody(t, f.do(r), http.StatusRequestEntityTooLarge, "提交的文件过大")
	if n := len(f.attachments(m.ID)); n != 0 {
		t.Fatalf("%d attachments saved", n)
	}
}

// Reading a meeting is not changing its attachments, and outside the scope
// they do not exist.
func TestAttachmentRights(t *testing.T) {
	f := newFixture(t)
	m := f.saveMeeting(zhibu.Meeting{OrgID: f.branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: at(2025, 6, 10, 9, 0)}, nil)
	mid := "/meetings/" + ids(m.ID)
	pic := attPNG(t)
	if w := f.attach(nil, m.ID, attFile{"会议照片.png", "image/png", pic}); w.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d", w.Code)
	}
	a := f.attachments(m.ID)[0]
	file := mid + "/attachments/" + ids(a.ID)

	reader := f.actor("纪检委员")
	wantBody(t, f.attach(&reader, m.ID, attFile{"x.png", "image/png", pic}), http.StatusForbidden, "无权")
	wantBody(t, f.as(reader, "POST", file+"/delete", url.Values{}), http.StatusForbidden, "无权")
	w := f.as(reader, "GET", file, nil)
	if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), pic) {
		t.Errorf("a reader downloads: %d", w.Code)
	}
	page := f.as(reader, "GET", mid, nil).Body.String()
	if !strings.Contains(page, "会议照片.png") || strings.Contains(page, `name="files"`) || strings.Contains(page, "/delete") {
		t.Error("a reader sees the list but not the upload form and delete buttons")
	}
	if n := len(f.attachments(m.ID)); n != 1 {
		t.Fatalf("%d attachments after a reader's posts", n)
	}

	writer := f.actor("组织委员", zhibu.PermMeetingWrite)
	if w := f.attach(&writer, m.ID, attFile{"y.png", "image/png", pic}); w.Code != http.StatusSeeOther {
		t.Fatalf("a writer uploads: %d\n%s", w.Code, w.Body.String())
	}

	// Another branch's meeting: not found, whatever is asked.
	other := f.org(zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: f.committee.ID})
	stranger := zhibu.Actor{AccountID: 78, Name: "他人", Scope: zhibu.Scope{Paths: []string{other.Path}},
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: other.Path}, {Perm: zhibu.PermMeetingWrite, Path: other.Path}}}
	wantBody(t, f.attach(&stranger, m.ID, attFile{"z.png", "image/png", pic}), http.StatusNotFound)
	wantBody(t, f.as(stranger, "GET", file, nil), http.StatusNotFound)
	wantBody(t, f.as(stranger, "POST", file+"/delete", url.Values{}), http.StatusNotFound)
	if page := f.as(stranger, "GET", file, nil).Body.String(); bytes.Contains([]byte(page), pic[:8]) {
		t.Error("a stranger got the file")
	}
	if n := len(f.attachments(m.ID)); n != 2 {
		t.Fatalf("%d attachments after a stranger's posts", n)
	}
}
