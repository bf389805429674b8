package store_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
)

// attachmentMarker is text a test picture carries in the clear; it must
// not appear in the database.
const attachmentMarker = "ZHIBU-PHOTO-OF-PEOPLE-8c1f"

// testPNG is a small PNG image followed by the marker.
func testPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 16, 46, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	buf.WriteString(attachmentMarker)
	return buf.Bytes()
}

const testPDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func TestAttachmentType(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"png", testPNG(t), "image/png"},
		{"jpeg", append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 20)...), "image/jpeg"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "image/gif"},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"), "image/webp"},
		{"pdf", []byte(testPDF), "application/pdf"},
		{"exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), ""},
		{"html", []byte("<html><script>alert(1)</script>"), ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ""},
		{"text", []byte("会议照片"), ""},
		{"pdf not at the start", []byte(" %PDF-1.4\n"), ""},
		{"zip", []byte("PK\x03\x04\x14\x00"), ""},
		{"empty", nil, ""},
	} {
		if got := store.AttachmentType(tc.data); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCleanAttachmentName(t *testing.T) {
	long := strings.Repeat("长", 150) + ".jpg"
	for _, tc := range []struct{ in, want string }{
		{"会议照片.jpg", "会议照片.jpg"},
		{`C:\Users\民警\Desktop\会议照片.jpg`, "会议照片.jpg"},
		{"../../etc/passwd.png", "passwd.png"},
		{"a\x00b\r\nc\x7f.pdf", "abc.pdf"},
		{"photo\u202egnp.exe", "photognp.exe"},
		{"  记录 .pdf  ", "记录 .pdf"},
		{"bad\xffutf8.png", "badutf8.png"},
		{"", "附件"},
		{"/", "附件"},
		{"..", "附件"},
		{long, strings.Repeat("长", 96) + ".jpg"},
	} {
		if got := store.CleanAttachmentName(tc.in); got != tc.want {
			t.Errorf("CleanAttachmentName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAttachments(t *testing.T) {
	eachRaw(t, func(t *testing.T, db rawDB) {
		s := db.s
		_, branch, _, _ := tree(t, s)
		m, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
			StartsAt: local(2025, 6, 10, 9, 0)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
			StartsAt: local(2025, 7, 10, 9, 0)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		pic := testPNG(t)
		added, err := s.AddAttachments(sys, m.ID, []store.NewAttachment{{Filename: `D:\照片\会议照片.png`, Data: pic}, {Filename: "记录.pdf", Data: []byte(testPDF)}})
		if err != nil {
			t.Fatal(err)
		}
		if len(added) != 2 || added[0].Filename != "会议照片.png" || added[0].ContentType != "image/png" || added[0].Size != int64(len(pic)) ||
			added[1].ContentType != "application/pdf" || added[0].ID == 0 {
			t.Fatalf("added %+v", added)
		}

		// Round trip: listed without data, read back whole.
		list, err := s.Attachments(sys, m.ID)
		if err != nil || len(list) != 2 || list[0].ID != added[0].ID || list[0].Data != nil || list[0].CreatedAt.IsZero() {
			t.Fatalf("list %+v, %v", list, err)
		}
		// Read three times: the later reads go through the statement the
		// store keeps for a text read again.
		for range 3 {
			got, err := s.Attachment(sys, m.ID, added[0].ID)
			if err != nil || !bytes.Equal(got.Data, pic) || got.ContentType != "image/png" || got.Filename != "会议照片.png" {
				t.Fatalf("attachment %+v, %v", got.Filename, err)
			}
		}
		// Only under its own meeting.
		if _, err := s.Attachment(sys, other.ID, added[0].ID); !isNotFound(err) {
			t.Errorf("attachment under another meeting: %v", err)
		}

		// Sealed: the database holds no plaintext, and the sealed value is
		// bound to its meeting.
		var sealed []byte
		if err := db.raw.QueryRow(`SELECT data FROM attachments WHERE id = $1`, added[0].ID).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(sealed, []byte(attachmentMarker)) || bytes.Contains(sealed, pic[:16]) || !bytes.HasPrefix(sealed, []byte("v1:")) {
			t.Errorf("stored data is not sealed: %.40q", sealed)
		}
		if db.path != "" {
			for _, f := range []string{db.path, db.path + "-wal"} {
				raw, err := os.ReadFile(f)
				if err == nil && bytes.Contains(raw, []byte(attachmentMarker)) {
					t.Errorf("%s holds the picture in the clear", f)
				}
			}
		}
		if _, err := db.raw.Exec(`UPDATE attachments SET meeting_id = $1 WHERE id = $2`, other.ID, added[1].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Attachment(sys, other.ID, added[1].ID); err == nil || isNotFound(err) {
			t.Errorf("a sealed file moved to another meeting opened: %v", err)
		}
		if _, err := db.raw.Exec(`UPDATE attachments SET meeting_id = $1 WHERE id = $2`, m.ID, added[1].ID); err != nil {
			t.Fatal(err)
		}

		// Audited with the name and size.
		recs, total, err := s.AuditRecords(sys, store.AuditFilter{Action: "attachment.upload"})
		if err != nil || total != 2 || !strings.Contains(recs[1].Detail, "会议照片.png") || !strings.Contains(recs[1].Detail, "字节") {
			t.Errorf("upload audit %d %+v %v", total, recs, err)
		}

		// Refused: by content, empty, too large; nothing saved if any is.
		count := func() int {
			list, err := s.Attachments(sys, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		exe := []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")
		_, err = s.AddAttachments(sys, m.ID, []store.NewAttachment{{Filename: "好.png", Data: pic}, {Filename: "会议照片.exe", Data: exe}})
		wantProblem(t, err, "files", "会议照片.exe：只能上传图片（JPG、PNG、GIF、WebP）或PDF文件")
		_, err = s.AddAttachments(sys, m.ID, []store.NewAttachment{{Filename: "伪装.png", Data: exe}})
		wantProblem(t, err, "files", "伪装.png：只能上传图片")
		_, err = s.AddAttachments(sys, m.ID, []store.NewAttachment{{Filename: "空.png", Data: nil}})
		wantProblem(t, err, "files", "空.png：文件是空的")
		big := append(append([]byte{}, pic...), make([]byte, store.MaxAttachmentBytes)...)
		_, err = s.AddAttachments(sys, m.ID, []store.NewAttachment{{Filename: "大.png", Data: big}})
		wantProblem(t, err, "files", "大.png：文件过大")
		_, err = s.AddAttachments(sys, m.ID, nil)
		wantProblem(t, err, "files", "请选择")
		if n := count(); n != 2 {
			t.Fatalf("%d attachments after refused uploads", n)
		}
		// Exactly the limit is accepted.
		exact := append(append([]byte{}, pic...), make([]byte, store.MaxAttachmentBytes-len(pic))...)
		if _, err := s.AddAttachments(sys, other.ID, []store.NewAttachment{{Filename: "正好.png", Data: exact}}); err != nil {
			t.Fatalf("a file of exactly the limit: %v", err)
		}

		// At most MaxAttachments per meeting.
		var many []store.NewAttachment
		for range store.MaxAttachments - 1 {
			many = append(many, store.NewAttachment{Filename: "p.png", Data: pic})
		}
		_, err = s.AddAttachments(sys, m.ID, many)
		wantProblem(t, err, "files", "最多20个附件，已有2个，本次上传19个")
		if n := count(); n != 2 {
			t.Fatalf("%d attachments after an upload over the count", n)
		}
		if _, err := s.AddAttachments(sys, m.ID, many[:store.MaxAttachments-2]); err != nil {
			t.Fatal(err)
		}
		_, err = s.AddAttachments(sys, m.ID, many[:1])
		wantProblem(t, err, "files", "已有20个")

		// Out of scope: not found, and nothing listed.
		outsider := zhibu.WithActor(sys, zhibu.Actor{AccountID: 9, Name: "他人", Scope: zhibu.Scope{Paths: []string{"/999/"}}})
		if list, err := s.Attachments(outsider, m.ID); err != nil || len(list) != 0 {
			t.Errorf("outsider lists %d, %v", len(list), err)
		}
		if _, err := s.Attachment(outsider, m.ID, added[0].ID); !isNotFound(err) {
			t.Errorf("outsider reads: %v", err)
		}
		if _, err := s.AddAttachments(outsider, m.ID, []store.NewAttachment{{Filename: "x.png", Data: pic}}); !isNotFound(err) {
			t.Errorf("outsider adds: %v", err)
		}
		if _, err := s.DeleteAttachment(outsider, m.ID, added[0].ID); !isNotFound(err) {
			t.Errorf("outsider deletes: %v", err)
		}

		// Delete: only under its meeting, audited.
		if _, err := s.DeleteAttachment(sys, other.ID, added[0].ID); !isNotFound(err) {
			t.Errorf("delete under another meeting: %v", err)
		}
		gone, err := s.DeleteAttachment(sys, m.ID, added[0].ID)
		if err != nil || gone.Filename != "会议照片.png" {
			t.Fatalf("delete: %+v %v", gone, err)
		}
		if _, err := s.Attachment(sys, m.ID, added[0].ID); !isNotFound(err) {
			t.Errorf("deleted attachment reads: %v", err)
		}
		if _, err := s.DeleteAttachment(sys, m.ID, added[0].ID); !isNotFound(err) {
			t.Errorf("second delete: %v", err)
		}
		recs, total, err = s.AuditRecords(sys, store.AuditFilter{Action: "attachment.delete"})
		if err != nil || total != 1 || !strings.Contains(recs[0].Detail, "会议照片.png") || !strings.Contains(recs[0].Detail, "字节") {
			t.Errorf("delete audit %d %+v %v", total, recs, err)
		}
		if n, problem, err := s.VerifyAudit(sys); err != nil || problem != nil || n == 0 {
			t.Errorf("audit chain: %d %v %v", n, problem, err)
		}
	})
}

func isNotFound(err error) bool { return errors.Is(err, zhibu.ErrNotFound) }
