package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"zhibu"
	"zhibu/internal/audit"
)

// Limits of a meeting's attachments.
const (
	MaxAttachmentBytes    = 10 << 20 // one file
	MaxAttachments        = 20       // per meeting
	MaxAttachmentNameLen  = 100      // characters of the name kept for display
	attachmentSealContext = "attachments.data:"
)

// Attachment is a file attached to a meeting: a photo or a scanned
// document. It is stored under its own id, sealed with the data key (a
// photo may show people); its original name is only display text.
type Attachment struct {
	ID          int64
	MeetingID   int64
	Filename    string
	ContentType string // image/jpeg, image/png, image/gif, image/webp or application/pdf, from the content
	Size        int64
	CreatedAt   time.Time
	Data        []byte // only from Attachment
}

// IsImage reports whether the attachment is a picture.
func (a Attachment) IsImage() bool { return strings.HasPrefix(a.ContentType, "image/") }

// TypeLabel is the attachment's kind as the page shows it: JPG图片, PDF文件.
func (a Attachment) TypeLabel() string {
	switch a.ContentType {
	case "image/jpeg":
		return "JPG图片"
	case "image/png":
		return "PNG图片"
	case "image/gif":
		return "GIF图片"
	case "image/webp":
		return "WebP图片"
	case "application/pdf":
		return "PDF文件"
	}
	return a.ContentType
}

// NewAttachment is a file to attach, as uploaded.
type NewAttachment struct {
	Filename string
	Data     []byte
}

// attachmentTypes are the content types accepted, as http.DetectContentType
// names them.
var attachmentTypes = map[string]bool{
	"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true, "application/pdf": true,
}

// AttachmentType is the content type of a file to attach, decided by its
// first bytes alone (never by its name or what the browser claimed), or ""
// when it is not a picture (JPEG, PNG, GIF, WebP) or a PDF.
func AttachmentType(data []byte) string {
	ct := http.DetectContentType(data[:min(len(data), 512)])
	if !attachmentTypes[ct] {
		return ""
	}
	if ct == "application/pdf" && !bytes.HasPrefix(data, []byte("%PDF-")) {
		return ""
	}
	return ct
}

// AttachmentExtensions are the file name extensions of each accepted type,
// the first the usual one.
var AttachmentExtensions = map[string][]string{
	"image/jpeg":      {".jpg", ".jpeg", ".jpe", ".jfif"},
	"image/png":       {".png"},
	"image/gif":       {".gif"},
	"image/webp":      {".webp"},
	"application/pdf": {".pdf"},
}

// CleanAttachmentName is a file name as the browser sent it, made display
// text: the last element of a path (some browsers send C:\...\a.jpg), valid
// UTF-8 without control or direction-changing characters, trimmed, at most
// MaxAttachmentNameLen characters (the extension kept), "附件" if nothing
// is left.
func CleanAttachmentName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f,
			r == 0xfeff, r == 0xfffd:
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > MaxAttachmentNameLen {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 10 {
			ext = ""
		}
		stem := []rune(strings.TrimSuffix(name, ext))
		name = strings.TrimSpace(string(stem[:MaxAttachmentNameLen-utf8.RuneCountInString(ext)])) + ext
	}
	if name == "" || name == "." || name == ".." {
		return "附件"
	}
	return name
}

// Messages about files refused.
func attachmentTooLarge(name string) string {
	return name + "：文件过大，每个附件不能超过" + strconv.Itoa(MaxAttachmentBytes>>20) + " MB"
}

// AttachmentTooLarge is the problem of a file larger than
// MaxAttachmentBytes, for a caller that stops reading it early.
func AttachmentTooLarge(name string) zhibu.Problem {
	return zhibu.Problem{Field: "files", Label: "附件", Message: attachmentTooLarge(CleanAttachmentName(name))}
}

// CheckAttachments is every problem of files to attach, each naming its
// file: empty, too large, or not a picture or PDF by its content.
func CheckAttachments(files []NewAttachment) zhibu.Problems {
	var ps zhibu.Problems
	add := func(msg string) { ps = append(ps, zhibu.Problem{Field: "files", Label: "附件", Message: msg}) }
	for _, f := range files {
		name := CleanAttachmentName(f.Filename)
		switch {
		case len(f.Data) == 0:
			add(name + "：文件是空的")
		case len(f.Data) > MaxAttachmentBytes:
			add(attachmentTooLarge(name))
		case AttachmentType(f.Data) == "":
			add(name + "：只能上传图片（JPG、PNG、GIF、WebP）或PDF文件")
		}
	}
	return ps
}

const attachmentColumns = `a.id, a.meeting_id, a.filename, a.content_type, a.size, a.created_at`

func scanAttachment(row interface{ Scan(...any) error }, a *Attachment, extra ...any) error {
	var at timeScan
	if err := row.Scan(append([]any{&a.ID, &a.MeetingID, &a.Filename, &a.ContentType, &a.Size, &at}, extra...)...); err != nil {
		return err
	}
	a.CreatedAt = at.t.UTC()
	return nil
}

// Attachments lists a meeting's attachments (without their data), oldest
// first; none for a meeting outside the actor's scope.
func (s *Store) Attachments(ctx context.Context, meetingID int64) ([]Attachment, error) {
	q := (&query{}).add(`SELECT ` + attachmentColumns + ` FROM attachments a JOIN meetings m ON m.id = a.meeting_id
		JOIN orgs o ON o.id = m.org_id WHERE a.meeting_id = `)
	q.add(q.arg(meetingID))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(" ORDER BY a.created_at, a.id")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	defer rows.Close()
	out := []Attachment{}
	for rows.Next() {
		var a Attachment
		if err := scanAttachment(rows, &a); err != nil {
			return nil, fmt.Errorf("attachments: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Attachment returns one attachment of a meeting with its data, opened;
// ErrNotFound when the meeting is outside the actor's scope or the
// attachment is another meeting's.
func (s *Store) Attachment(ctx context.Context, meetingID, id int64) (Attachment, error) {
	q := (&query{}).add(`SELECT ` + attachmentColumns + `, a.data FROM attachments a JOIN meetings m ON m.id = a.meeting_id
		JOIN orgs o ON o.id = m.org_id WHERE a.id = `)
	q.add(q.arg(id) + " AND a.meeting_id = " + q.arg(meetingID))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	var a Attachment
	var sealed []byte
	err := scanAttachment(s.db.QueryRowContext(ctx, q.String(), q.args...), &a, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return Attachment{}, notFound("附件")
	}
	if err != nil {
		return Attachment{}, fmt.Errorf("attachment %d: %w", id, err)
	}
	plain, err := s.box.Open(string(sealed), attachmentSealContext+strconv.FormatInt(a.MeetingID, 10))
	if err != nil {
		return Attachment{}, fmt.Errorf("attachment %d: %w", id, err)
	}
	a.Data = []byte(plain)
	return a, nil
}

// meetingLabel names a meeting in the audit trail: 会议12（2025-06-10 14:30 支委会）.
func meetingLabel(m zhibu.Meeting) string {
	return "会议" + strconv.FormatInt(m.ID, 10) + "（" + m.StartsAt.In(zhibu.DefaultZone).Format("2006-01-02 15:04") + " " + m.Type.Label() + "）"
}

func attachmentDetail(verb string, m zhibu.Meeting, a Attachment) string {
	return meetingLabel(m) + verb + "附件“" + a.Filename + "”（" + a.ContentType + "，" + strconv.FormatInt(a.Size, 10) + "字节）"
}

// AddAttachments attaches files to a meeting in the actor's scope: all of
// them, or, when any is refused (see CheckAttachments) or they would make
// the meeting's attachments more than MaxAttachments, none (an error of
// kind ErrInvalid with a problem per file). Each file is sealed with the
// data key and audited as "attachment.upload" with its name and size.
func (s *Store) AddAttachments(ctx context.Context, meetingID int64, files []NewAttachment) ([]Attachment, error) {
	if err := s.canMeeting(ctx, zhibu.PermMeetingWrite, meetingID, "上传该会议的附件"); err != nil {
		return nil, err
	}
	m, _, err := s.Meeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, zhibu.Problems{{Field: "files", Label: "附件", Message: "附件：请选择要上传的文件"}}
	}
	if ps := CheckAttachments(files); len(ps) > 0 {
		return nil, ps
	}
	org, err := s.Org(ctx, m.OrgID)
	if err != nil {
		return nil, err
	}
	out := make([]Attachment, 0, len(files))
	err = s.tx(ctx, func(tx *sql.Tx) error {
		// Lock the meeting so two uploads cannot both pass the count.
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM meetings WHERE id = $1`+s.dialect.forUpdate(), m.ID).Scan(&locked); err != nil {
			return err
		}
		var have int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachments WHERE meeting_id = $1`, m.ID).Scan(&have); err != nil {
			return err
		}
		if have+len(files) > MaxAttachments {
			msg := "附件：每个会议最多" + strconv.Itoa(MaxAttachments) + "个附件，已有" + strconv.Itoa(have) + "个，本次上传" +
				strconv.Itoa(len(files)) + "个，请减少后再上传"
			return zhibu.Problems{{Field: "files", Label: "附件", Message: msg}}
		}
		now := s.stamp()
		for _, f := range files {
			a := Attachment{MeetingID: m.ID, Filename: CleanAttachmentName(f.Filename), ContentType: AttachmentType(f.Data),
				Size: int64(len(f.Data)), CreatedAt: now}
			sealed := s.box.Seal(string(f.Data), attachmentSealContext+strconv.FormatInt(m.ID, 10))
			if err := tx.QueryRowContext(ctx, `INSERT INTO attachments (meeting_id, filename, content_type, size, data, created_at)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.MeetingID, a.Filename, a.ContentType, a.Size, []byte(sealed), now).Scan(&a.ID); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, Event{Action: audit.AttachUpload, ObjectType: "attachment", ObjectID: strconv.FormatInt(a.ID, 10),
				OrgPath: org.Path, Result: "ok", Detail: attachmentDetail("上传", m, a)}); err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		var ps zhibu.Problems
		if errors.As(err, &ps) {
			return nil, ps
		}
		return nil, fmt.Errorf("add attachments: %w", err)
	}
	return out, nil
}

// DeleteAttachment removes an attachment of a meeting in the actor's
// scope, audited as "attachment.delete"; ErrNotFound when the meeting has
// no such attachment.
func (s *Store) DeleteAttachment(ctx context.Context, meetingID, id int64) (Attachment, error) {
	if err := s.canMeeting(ctx, zhibu.PermMeetingWrite, meetingID, "删除该会议的附件"); err != nil {
		return Attachment{}, err
	}
	m, _, err := s.Meeting(ctx, meetingID)
	if err != nil {
		return Attachment{}, err
	}
	org, err := s.Org(ctx, m.OrgID)
	if err != nil {
		return Attachment{}, err
	}
	var a Attachment
	err = s.tx(ctx, func(tx *sql.Tx) error {
		err := scanAttachment(tx.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM attachments a WHERE a.id = $1 AND a.meeting_id = $2`,
			id, m.ID), &a)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("附件")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM attachments WHERE id = $1`, a.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.AttachDelete, ObjectType: "attachment", ObjectID: strconv.FormatInt(a.ID, 10),
			OrgPath: org.Path, Result: "ok", Detail: attachmentDetail("删除", m, a)})
	})
	if err != nil {
		if errors.Is(err, zhibu.ErrNotFound) {
			return Attachment{}, err
		}
		return Attachment{}, fmt.Errorf("delete attachment: %w", err)
	}
	return a, nil
}
