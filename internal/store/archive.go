package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"zhibu"
	"zhibu/internal/audit"
)

// The community check-ins (在职党员到社区报到) and the year-end packages'
// jobs and bytes (docs/archives.md).

const checkInColumns = `c.id, c.person_id, p.name, p.org_id, c.community, c.reported_on, c.services`

func scanCheckIn(row interface{ Scan(...any) error }) (zhibu.CommunityCheckIn, error) {
	var c zhibu.CommunityCheckIn
	err := row.Scan(&c.ID, &c.PersonID, &c.PersonName, &c.OrgID, &c.Community, &c.ReportedOn, &c.Services)
	return c, err
}

// CheckIns are a person's community check-ins, the latest first. The
// person must be readable by the actor.
func (s *Store) CheckIns(ctx context.Context, personID int64) ([]zhibu.CommunityCheckIn, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return nil, err
	}
	return s.checkIns(ctx, `SELECT `+checkInColumns+` FROM community_checkins c JOIN people p ON p.id = c.person_id
		WHERE c.person_id = $1 ORDER BY c.reported_on DESC, c.id DESC`, personID)
}

// OrgCheckIns are the community check-ins of the people of an org's
// subtree reported in a year (0: every year), by day. The org must be
// readable by the actor.
func (s *Store) OrgCheckIns(ctx context.Context, orgID int64, year int) ([]zhibu.CommunityCheckIn, error) {
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	lo, hi := pathRange(o.Path)
	from, to := zhibu.MakeDate(2000, 1, 1), zhibu.MakeDate(9999, 12, 31)
	if year != 0 {
		from, to = zhibu.MakeDate(year, 1, 1), zhibu.MakeDate(year, 12, 31)
	}
	return s.checkIns(ctx, `SELECT `+checkInColumns+` FROM community_checkins c JOIN people p ON p.id = c.person_id JOIN orgs o ON o.id = p.org_id
		WHERE o.path >= $1 AND o.path < $2 AND c.reported_on >= $3 AND c.reported_on <= $4 ORDER BY c.reported_on, c.id`, lo, hi, from, to)
}

func (s *Store) checkIns(ctx context.Context, q string, args ...any) ([]zhibu.CommunityCheckIn, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("check-ins: %w", err)
	}
	defer rows.Close()
	out := []zhibu.CommunityCheckIn{}
	for rows.Next() {
		c, err := scanCheckIn(rows)
		if err != nil {
			return nil, fmt.Errorf("check-ins: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveCheckIn adds a community check-in (ID 0) or updates one of the same
// person; it needs people.write where the person sits.
func (s *Store) SaveCheckIn(ctx context.Context, c zhibu.CommunityCheckIn) (zhibu.CommunityCheckIn, error) {
	if err := s.canPerson(ctx, zhibu.PermPeopleWrite, c.PersonID, "登记该党员到社区报到"); err != nil {
		return c, err
	}
	p, err := s.Person(ctx, c.PersonID)
	if err != nil {
		return c, err
	}
	c.Normalize()
	if err := c.Validate(s.today()); err != nil {
		return c, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		if c.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO community_checkins (person_id, community, reported_on, services, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, c.PersonID, c.Community, c.ReportedOn, c.Services, now).Scan(&c.ID); err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE community_checkins SET community = $1, reported_on = $2, services = $3, updated_at = $4
				WHERE id = $5 AND person_id = $6`, c.Community, c.ReportedOn, c.Services, now, c.ID, c.PersonID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return zhibu.Errorf(zhibu.ErrNotFound, "未找到该报到记录")
			}
		}
		return s.audit(ctx, tx, personEvent(audit.CheckInSave, p.ID, p.OrgPath, p.Name+"：到"+c.Community+"报到，"+c.ReportedOn.String()))
	})
	if err != nil {
		return c, fmt.Errorf("save check-in: %w", err)
	}
	return scanCheckIn(s.db.QueryRowContext(ctx, `SELECT `+checkInColumns+` FROM community_checkins c JOIN people p ON p.id = c.person_id WHERE c.id = $1`, c.ID))
}

const archiveJobColumns = `j.id, j.org_id, o.name, j.year, j.status, j.done_n, j.total_n, j.step, j.files, j.size, j.sha256, j.error, j.requested_by, j.created_at, j.finished_at, j.updated_at`

// ArchiveStale is how long a running job may go without progress before it
// counts as interrupted (its server stopped): it shows as failed and no
// longer holds back a new build.
const ArchiveStale = 10 * time.Minute

// archiveInterrupted is the message of an interrupted job.
const archiveInterrupted = "生成中断（服务已重启或停止），请重新生成"

func (s *Store) scanArchiveJob(row interface{ Scan(...any) error }) (zhibu.ArchiveJob, error) {
	var j zhibu.ArchiveJob
	var updated time.Time
	err := row.Scan(&j.ID, &j.OrgID, &j.OrgName, &j.Year, &j.Status, &j.Done, &j.Total, &j.Step, &j.Files, &j.Size, &j.SHA256, &j.Error,
		&j.RequestedBy, &j.CreatedAt, nullTime{&j.FinishedAt}, &updated)
	if err == nil && j.Status == zhibu.ArchiveRunning && s.now().Sub(updated) > ArchiveStale {
		j.Status, j.Error = zhibu.ArchiveFailed, archiveInterrupted
	}
	return j, err
}

// StartArchiveJob records that the actor starts building the year-end
// package of an org and a year; it needs archive.build on the org. A
// package of the same org and year being built already is a conflict.
func (s *Store) StartArchiveJob(ctx context.Context, orgID int64, year int) (zhibu.ArchiveJob, error) {
	if err := s.canOrg(ctx, zhibu.PermArchive, orgID, "生成该组织的年终档案包"); err != nil {
		return zhibu.ArchiveJob{}, err
	}
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return zhibu.ArchiveJob{}, err
	}
	if err := zhibu.CheckArchiveYear(year, s.today()); err != nil {
		return zhibu.ArchiveJob{}, err
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		// A job without progress for ArchiveStale was interrupted.
		if _, err := tx.ExecContext(ctx, `UPDATE archive_jobs SET status = 'failed', error = $1, finished_at = $2
			WHERE org_id = $3 AND year = $4 AND status = 'running' AND updated_at < $5`, archiveInterrupted, now, orgID, year, now.Add(-ArchiveStale)); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM archive_jobs WHERE org_id = $1 AND year = $2 AND status = 'running'`, orgID, year).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return zhibu.Errorf(zhibu.ErrConflict, o.Name+strconv.Itoa(year)+"年的年终档案包正在生成，请稍候")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO archive_jobs (org_id, year, status, step, requested_by, created_at, updated_at) VALUES ($1, $2, 'running', '排队中', $3, $4, $4) RETURNING id`,
			orgID, year, zhibu.ActorFrom(ctx).Name, now).Scan(&id); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgEvent(audit.ArchiveBuild, o, o.Name+strconv.Itoa(year)+"年年终档案包"))
	})
	if err != nil {
		return zhibu.ArchiveJob{}, fmt.Errorf("start archive job: %w", err)
	}
	return s.ArchiveJob(ctx, id)
}

// ArchiveJob is one job, if the actor holds archive.build on its org.
func (s *Store) ArchiveJob(ctx context.Context, id int64) (zhibu.ArchiveJob, error) {
	j, err := s.scanArchiveJob(s.db.QueryRowContext(ctx, `SELECT `+archiveJobColumns+` FROM archive_jobs j JOIN orgs o ON o.id = j.org_id WHERE j.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return j, zhibu.Errorf(zhibu.ErrNotFound, "未找到该档案包")
	}
	if err != nil {
		return j, fmt.Errorf("archive job: %w", err)
	}
	if err := s.canOrg(ctx, zhibu.PermArchive, j.OrgID, "查看该组织的年终档案包"); err != nil {
		return zhibu.ArchiveJob{}, err
	}
	return j, nil
}

// ArchiveJobs are an org's jobs of a year (0: every year), the newest
// first; the actor needs archive.build on the org.
func (s *Store) ArchiveJobs(ctx context.Context, orgID int64, year int) ([]zhibu.ArchiveJob, error) {
	if err := s.canOrg(ctx, zhibu.PermArchive, orgID, "查看该组织的年终档案包"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+archiveJobColumns+` FROM archive_jobs j JOIN orgs o ON o.id = j.org_id
		WHERE j.org_id = $1 AND ($2 = 0 OR j.year = $2) ORDER BY j.id DESC`, orgID, year)
	if err != nil {
		return nil, fmt.Errorf("archive jobs: %w", err)
	}
	defer rows.Close()
	out := []zhibu.ArchiveJob{}
	for rows.Next() {
		j, err := s.scanArchiveJob(rows)
		if err != nil {
			return nil, fmt.Errorf("archive jobs: %w", err)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// ArchiveProgress records a running job's progress; the actor (the one
// who started it) needs archive.build on its org.
func (s *Store) ArchiveProgress(ctx context.Context, id int64, done, total int, step string) error {
	if _, err := s.ArchiveJob(ctx, id); err != nil {
		return err
	}
	_, err := s.wdb.ExecContext(ctx, `UPDATE archive_jobs SET done_n = $1, total_n = $2, step = $3, updated_at = $4 WHERE id = $5 AND status = 'running'`,
		done, total, step, s.stamp(), id)
	if err != nil {
		return fmt.Errorf("archive progress: %w", err)
	}
	return nil
}

// FailArchiveJob marks a running job failed with a message for the page.
func (s *Store) FailArchiveJob(ctx context.Context, id int64, message string) error {
	if _, err := s.ArchiveJob(ctx, id); err != nil {
		return err
	}
	_, err := s.wdb.ExecContext(ctx, `UPDATE archive_jobs SET status = 'failed', error = $1, finished_at = $2 WHERE id = $3 AND status = 'running'`,
		message, s.stamp(), id)
	if err != nil {
		return fmt.Errorf("fail archive job: %w", err)
	}
	return nil
}

// AttachmentCount is the number of attachments of the meetings held in an
// org's subtree between from and to (to excluded). The org must be
// readable by the actor.
func (s *Store) AttachmentCount(ctx context.Context, orgID int64, from, to time.Time) (int, error) {
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return 0, err
	}
	lo, hi := pathRange(o.Path)
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachments a JOIN meetings m ON m.id = a.meeting_id JOIN orgs o ON o.id = m.org_id
		WHERE o.path >= $1 AND o.path < $2 AND m.status = 'held' AND m.voided_at IS NULL AND m.starts_at >= $3 AND m.starts_at < $4`,
		lo, hi, from.UTC(), to.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("attachment count: %w", err)
	}
	return n, nil
}

// archiveChunk is the size of one stored piece of a package.
const archiveChunk = 1 << 20

// FinishArchiveJob stores a running job's finished package, read from r
// piece by piece, and marks it done with its size and sum, in one
// transaction; the org's older packages of the same year are dropped.
func (s *Store) FinishArchiveJob(ctx context.Context, id int64, r io.Reader, files int, sum string) error {
	j, err := s.ArchiveJob(ctx, id)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		buf := make([]byte, archiveChunk)
		br := bufio.NewReaderSize(r, archiveChunk)
		var size int64
		for seq := 0; ; seq++ {
			n, err := io.ReadFull(br, buf)
			if n > 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO archive_chunks (job_id, seq, data) VALUES ($1, $2, $3)`, id, seq, buf[:n]); err != nil {
					return fmt.Errorf("archive chunk: %w", err)
				}
				size += int64(n)
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				break
			}
			if err != nil {
				return fmt.Errorf("archive chunk: %w", err)
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE archive_jobs SET status = 'done', done_n = total_n, step = '', files = $1, size = $2, sha256 = $3, finished_at = $4
			WHERE id = $5 AND status = 'running'`, files, size, sum, s.stamp(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "该档案包已不在生成中")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM archive_chunks WHERE job_id IN (SELECT id FROM archive_jobs WHERE org_id = $1 AND year = $2 AND id < $3)`,
			j.OrgID, j.Year, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM archive_jobs WHERE org_id = $1 AND year = $2 AND id < $3 AND status <> 'running'`, j.OrgID, j.Year, id)
		return err
	})
}

// LatestArchive is the newest finished package of an org and a year; not
// found when there is none.
func (s *Store) LatestArchive(ctx context.Context, orgID int64, year int) (zhibu.ArchiveJob, error) {
	jobs, err := s.ArchiveJobs(ctx, orgID, year)
	if err != nil {
		return zhibu.ArchiveJob{}, err
	}
	for _, j := range jobs {
		if j.Status == zhibu.ArchiveDone {
			return j, nil
		}
	}
	return zhibu.ArchiveJob{}, zhibu.Errorf(zhibu.ErrNotFound, "尚未生成该年度的年终档案包")
}

// WriteArchive writes a finished package to w piece by piece, and records
// the download in the audit trail; the actor needs archive.build on its
// org.
func (s *Store) WriteArchive(ctx context.Context, id int64, w io.Writer) error {
	j, err := s.ArchiveJob(ctx, id)
	if err != nil {
		return err
	}
	if j.Status != zhibu.ArchiveDone {
		return zhibu.Errorf(zhibu.ErrNotFound, "该档案包尚未生成完毕")
	}
	o, err := s.Org(ctx, j.OrgID)
	if err != nil {
		return err
	}
	if err := s.tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, orgEvent(audit.ArchiveDownload, o, o.Name+strconv.Itoa(j.Year)+"年年终档案包"))
	}); err != nil {
		return err
	}
	for seq := 0; ; seq++ {
		var data []byte
		err := s.db.QueryRowContext(ctx, `SELECT data FROM archive_chunks WHERE job_id = $1 AND seq = $2`, id, seq).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("archive chunk: %w", err)
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
}
