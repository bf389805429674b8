package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"zhibu"
	"zhibu/internal/audit"
)

// uploadTTL is how long an uploaded file waits for its confirmation.
const uploadTTL = time.Hour

// uploadContext seals an uploaded file: a roster holds ID numbers and
// phones, which are never kept in the clear, not even for an hour.
const uploadContext = "uploads.data"

// Upload kinds: what a held file is, for the audit trail.
const (
	UploadRoster   = "roster"   // a roster (人员花名册)
	UploadRegister = "register" // a meetings register (会议记录簿)
	UploadDues     = "dues"     // a payroll or bank sheet of dues (党费缴费表)
)

// uploadKinds are the upload kinds with their audited action and the
// right that may upload them (the right of the import they wait for).
var uploadKinds = map[string]struct {
	action audit.Action
	perm   zhibu.Perm
}{
	UploadRoster:   {audit.RosterUpload, zhibu.PermPeopleWrite},
	UploadRegister: {audit.RegisterUpload, zhibu.PermMeetingWrite},
	UploadDues:     {audit.DuesUpload, zhibu.PermDuesWrite},
}

// SaveUpload keeps a file between its preview and its confirmation, under
// a token the caller made (unguessable), sealed with the data key; it drops
// uploads that expired, and audits the upload as its kind's action.
func (s *Store) SaveUpload(ctx context.Context, kind, token string, orgID int64, filename string, data []byte) error {
	u, ok := uploadKinds[kind]
	if !ok {
		return fmt.Errorf("save upload: unknown kind %q", kind)
	}
	if err := s.canOrg(ctx, u.perm, orgID, "上传该组织的文件"); err != nil {
		return err
	}
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return err
	}
	sealed := s.box.Seal(string(data), uploadContext+":"+token)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM uploads WHERE created_at < $1`, s.stamp().Add(-uploadTTL)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO uploads (token, org_id, filename, data, created_at) VALUES ($1, $2, $3, $4, $5)`,
			token, orgID, filename, []byte(sealed), s.stamp())
		if err != nil {
			return err
		}
		what := map[string]string{UploadRoster: "花名册", UploadRegister: "会议记录簿", UploadDues: "党费缴费表"}[kind]
		return s.audit(ctx, tx, Event{Action: u.action, ObjectType: "org", ObjectID: strconv.FormatInt(orgID, 10),
			OrgPath: org.Path, Result: "ok",
			Detail: "上传" + what + "文件“" + filename + "”（" + strconv.Itoa(len(data)) + "字节），待确认导入" + org.Name})
	})
}

// Upload returns a saved file for its org, or ErrNotFound once it expired.
func (s *Store) Upload(ctx context.Context, token string, orgID int64) (filename string, data []byte, err error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return "", nil, err
	}
	var at timeScan
	var sealed []byte
	err = s.db.QueryRowContext(ctx, `SELECT filename, data, created_at FROM uploads WHERE token = $1 AND org_id = $2`, token, orgID).Scan(&filename, &sealed, &at)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && at.t.Before(s.stamp().Add(-uploadTTL))) {
		return "", nil, zhibu.Errorf(zhibu.ErrNotFound, "上传的文件已过期，请重新上传")
	}
	if err != nil {
		return "", nil, fmt.Errorf("upload: %w", err)
	}
	plain, err := s.box.Open(string(sealed), uploadContext+":"+token)
	if err != nil {
		return "", nil, fmt.Errorf("upload: %w", err)
	}
	return filename, []byte(plain), nil
}

// DeleteUpload drops a saved file once it was imported.
func (s *Store) DeleteUpload(ctx context.Context, token string) error {
	if err := s.canUpload(ctx, token); err != nil {
		return err
	}
	_, err := s.wdb.ExecContext(ctx, `DELETE FROM uploads WHERE token = $1`, token)
	return err
}
