package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/audit"
)

// Themed activities, campaigns, bulletins and stance records
// (docs/activities.md). Every object belongs to a branch and is read
// through it: the pages name the branch ({id}) and the object, and an
// object of another branch is not found. Writes need activity.write on the
// branch, a bulletin's review bulletin.review and its approval
// bulletin.approve; a stance record is part of its meeting
// (meeting.write).

// Limits of an activity's photos.
const (
	MaxActivityPhotos = 20
	photoSealContext  = "activity_photos.data:"
)

// Photo is a picture of an activity, sealed with the data key like a
// meeting's attachment; its type is decided by its content.
type Photo struct {
	ID          int64
	ActivityID  int64
	Filename    string
	ContentType string
	Size        int64
	CreatedAt   time.Time
	Data        []byte // only from ActivityPhoto
}

// canActivityOrg checks perm on the branch orgID and that it is a branch
// (or general branch) that holds activities.
func (s *Store) canActivityOrg(ctx context.Context, perm zhibu.Perm, orgID int64, what string) (zhibu.Org, error) {
	if err := s.canOrg(ctx, perm, orgID, what); err != nil {
		return zhibu.Org{}, err
	}
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return zhibu.Org{}, err
	}
	if o.Kind != zhibu.KindBranch && o.Kind != zhibu.KindGeneralBranch {
		return zhibu.Org{}, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：专题活动和简报由党支部开展"}}
	}
	return o, nil
}

const activityColumns = `a.id, a.org_id, a.kind, a.title, a.held_on, a.place, a.organizer_id, COALESCE(op.name, ''), a.liaison_id, COALESCE(lp.name, ''),
	a.occasion, a.campaign_id, a.item_id, a.meeting_id, a.summary, a.expected, a.present, a.excused, a.absent,
	(SELECT COUNT(*) FROM activity_photos ph WHERE ph.activity_id = a.id)`

const activityFrom = ` FROM activities a JOIN orgs o ON o.id = a.org_id LEFT JOIN people op ON op.id = a.organizer_id LEFT JOIN people lp ON lp.id = a.liaison_id`

func scanActivity(row interface{ Scan(...any) error }, a *zhibu.Activity) error {
	return row.Scan(&a.ID, &a.OrgID, &a.Kind, &a.Title, &a.HeldOn, &a.Place, &a.OrganizerID, &a.OrganizerName, idScan{&a.LiaisonID}, &a.LiaisonName,
		&a.Occasion, idScan{&a.CampaignID}, idScan{&a.ItemID}, idScan{&a.MeetingID}, &a.Summary, &a.Expected, &a.Present, &a.Excused, &a.Absent, &a.Photos)
}

// Activities lists a branch's activities of a year (0: every year), latest
// first; not found for a branch outside the actor's scope.
func (s *Store) Activities(ctx context.Context, orgID int64, year int) ([]zhibu.Activity, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return nil, err
	}
	q := (&query{}).add(`SELECT ` + activityColumns + activityFrom + ` WHERE a.org_id = `)
	q.add(q.arg(orgID))
	if year != 0 {
		q.add(" AND a.held_on >= " + q.arg(zhibu.MakeDate(year, 1, 1)) + " AND a.held_on <= " + q.arg(zhibu.MakeDate(year, 12, 31)))
	}
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(" ORDER BY a.held_on DESC, a.id DESC")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("activities: %w", err)
	}
	defer rows.Close()
	out := []zhibu.Activity{}
	for rows.Next() {
		var a zhibu.Activity
		if err := scanActivity(rows, &a); err != nil {
			return nil, fmt.Errorf("activities: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Activity is one activity of branch orgID with its attendance; not found
// outside the actor's scope or when it is another branch's.
func (s *Store) Activity(ctx context.Context, orgID, id int64) (zhibu.Activity, []zhibu.Attendance, error) {
	q := (&query{}).add(`SELECT ` + activityColumns + activityFrom + ` WHERE a.id = `)
	q.add(q.arg(id) + " AND a.org_id = " + q.arg(orgID))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	var a zhibu.Activity
	err := scanActivity(s.db.QueryRowContext(ctx, q.String(), q.args...), &a)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.Activity{}, nil, notFound("活动")
	}
	if err != nil {
		return zhibu.Activity{}, nil, fmt.Errorf("activity %d: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT x.person_id, p.name, x.status, x.reason FROM activity_attendance x JOIN people p ON p.id = x.person_id
		WHERE x.activity_id = $1 ORDER BY x.status, p.name`, id)
	if err != nil {
		return zhibu.Activity{}, nil, fmt.Errorf("activity attendance: %w", err)
	}
	defer rows.Close()
	var att []zhibu.Attendance
	for rows.Next() {
		var x zhibu.Attendance
		if err := rows.Scan(&x.PersonID, &x.PersonName, &x.Status, &x.Reason); err != nil {
			return zhibu.Activity{}, nil, err
		}
		att = append(att, x)
	}
	return a, att, rows.Err()
}

// checkActivityRefs checks, inside tx, that the people, the campaign, its
// item and the meeting an activity names belong to its branch.
func checkActivityRefs(ctx context.Context, tx *sql.Tx, o zhibu.Org, a zhibu.Activity, att []zhibu.Attendance) error {
	var p zhibu.Problems
	lo, hi := pathRange(o.Path)
	inBranch := func(id int64) bool {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM people p JOIN orgs g ON g.id = p.org_id WHERE p.id = $1 AND g.path >= $2 AND g.path < $3`,
			id, lo, hi).Scan(&n)
		return err == nil && n == 1
	}
	if !inBranch(a.OrganizerID) {
		p.Add("organizer_id", "组织人", "不是本支部的人员")
	}
	if a.LiaisonID != 0 && !inBranch(a.LiaisonID) {
		p.Add("liaison_id", "联络员", "不是本支部的人员")
	}
	for _, x := range att {
		if !inBranch(x.PersonID) {
			p.Add("attendance", "参加人员", "有人员不是本支部的人员")
			break
		}
	}
	if a.CampaignID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM campaigns WHERE id = $1 AND org_id = $2`, a.CampaignID, o.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			p.Add("campaign_id", "专项教育", "不是本支部的专项教育")
		}
	}
	if a.ItemID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM campaign_items WHERE id = $1 AND campaign_id = $2`, a.ItemID, a.CampaignID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			p.Add("item_id", "计划事项", "不是所选专项教育的计划事项")
		}
	}
	if a.MeetingID != 0 {
		var typ string
		err := tx.QueryRowContext(ctx, `SELECT m.type FROM meetings m JOIN orgs g ON g.id = m.org_id WHERE m.id = $1 AND g.path >= $2 AND g.path < $3`,
			a.MeetingID, lo, hi).Scan(&typ)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			p.Add("meeting_id", "主题党日", "不是本支部的会议")
		case err != nil:
			return err
		case zhibu.MeetingType(typ) != zhibu.MeetThemedDay:
			p.Add("meeting_id", "主题党日", "关联的会议应为主题党日")
		}
	}
	return p.Err()
}

// SaveActivity records a new activity of a.OrgID (a.ID 0) or replaces a
// stored one, with its attendance, in one transaction; the counts come
// from the attendance. It is audited as activity.create or activity.update.
// The caller has checked a (zhibu.Activity.Validate).
func (s *Store) SaveActivity(ctx context.Context, a zhibu.Activity, att []zhibu.Attendance) (zhibu.Activity, error) {
	o, err := s.canActivityOrg(ctx, zhibu.PermActivityWrite, a.OrgID, "登记该支部的专题活动")
	if err != nil {
		return zhibu.Activity{}, err
	}
	if a.ID != 0 {
		if _, _, err := s.Activity(ctx, a.OrgID, a.ID); err != nil {
			return zhibu.Activity{}, err
		}
	}
	a.Normalize()
	a.Count(att)
	action, verb := audit.ActivityCreate, "登记"
	if a.ID != 0 {
		action, verb = audit.ActivityUpdate, "修改"
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkActivityRefs(ctx, tx, o, a, att); err != nil {
			return err
		}
		now := s.stamp()
		args := []any{a.Kind, a.Title, a.HeldOn, a.Place, a.OrganizerID, nullID(a.LiaisonID), string(a.Occasion), nullID(a.CampaignID), nullID(a.ItemID),
			nullID(a.MeetingID), a.Summary, a.Expected, a.Present, a.Excused, a.Absent, now}
		if a.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO activities (kind, title, held_on, place, organizer_id, liaison_id, occasion, campaign_id, item_id,
				meeting_id, summary, expected, present, excused, absent, created_at, updated_at, org_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17) RETURNING id`, append(args, a.OrgID)...).Scan(&a.ID); err != nil {
				return err
			}
		} else {
			if _, err := tx.ExecContext(ctx, `UPDATE activities SET kind = $1, title = $2, held_on = $3, place = $4, organizer_id = $5, liaison_id = $6,
				occasion = $7, campaign_id = $8, item_id = $9, meeting_id = $10, summary = $11, expected = $12, present = $13, excused = $14, absent = $15,
				updated_at = $16 WHERE id = $17`, append(args, a.ID)...); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM activity_attendance WHERE activity_id = $1`, a.ID); err != nil {
				return err
			}
		}
		for _, x := range att {
			if _, err := tx.ExecContext(ctx, `INSERT INTO activity_attendance (activity_id, person_id, status, reason) VALUES ($1, $2, $3, $4)`,
				a.ID, x.PersonID, string(x.Status), strings.TrimSpace(x.Reason)); err != nil {
				return err
			}
		}
		if err := s.indexSearch(ctx, tx, zhibu.SearchActivity, a.ID); err != nil { // search.go
			return err
		}
		return s.audit(ctx, tx, Event{Action: action, ObjectType: "activity", ObjectID: strconv.FormatInt(a.ID, 10), OrgPath: o.Path, Result: "ok",
			Detail: verb + "专题活动“" + a.Title + "”（" + a.HeldOn.String() + "，应到" + strconv.Itoa(a.Expected) + "人，实到" + strconv.Itoa(a.Present) + "人）"})
	})
	if err != nil {
		var ps zhibu.Problems
		if errors.As(err, &ps) {
			return zhibu.Activity{}, ps
		}
		return zhibu.Activity{}, fmt.Errorf("save activity: %w", err)
	}
	return a, nil
}

const photoColumns = `ph.id, ph.activity_id, ph.filename, ph.content_type, ph.size, ph.created_at`

func scanPhoto(row interface{ Scan(...any) error }, p *Photo, extra ...any) error {
	var at timeScan
	if err := row.Scan(append([]any{&p.ID, &p.ActivityID, &p.Filename, &p.ContentType, &p.Size, &at}, extra...)...); err != nil {
		return err
	}
	p.CreatedAt = at.t.UTC()
	return nil
}

// ActivityPhotos lists an activity's photos (without their data), oldest first.
func (s *Store) ActivityPhotos(ctx context.Context, orgID, activityID int64) ([]Photo, error) {
	if _, _, err := s.Activity(ctx, orgID, activityID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+photoColumns+` FROM activity_photos ph WHERE ph.activity_id = $1 ORDER BY ph.created_at, ph.id`, activityID)
	if err != nil {
		return nil, fmt.Errorf("activity photos: %w", err)
	}
	defer rows.Close()
	out := []Photo{}
	for rows.Next() {
		var p Photo
		if err := scanPhoto(rows, &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ActivityPhoto is one photo of an activity with its data, opened.
func (s *Store) ActivityPhoto(ctx context.Context, orgID, activityID, id int64) (Photo, error) {
	if _, _, err := s.Activity(ctx, orgID, activityID); err != nil {
		return Photo{}, err
	}
	var p Photo
	var sealed []byte
	err := scanPhoto(s.db.QueryRowContext(ctx, `SELECT `+photoColumns+`, ph.data FROM activity_photos ph WHERE ph.id = $1 AND ph.activity_id = $2`,
		id, activityID), &p, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return Photo{}, notFound("照片")
	}
	if err != nil {
		return Photo{}, fmt.Errorf("activity photo %d: %w", id, err)
	}
	plain, err := s.box.Open(string(sealed), photoSealContext+strconv.FormatInt(activityID, 10))
	if err != nil {
		return Photo{}, fmt.Errorf("activity photo %d: %w", id, err)
	}
	p.Data = []byte(plain)
	return p, nil
}

// CheckPhotos is every problem of pictures to add, each naming its file:
// those of an attachment (CheckAttachments), and a PDF is refused too.
func CheckPhotos(files []NewAttachment) zhibu.Problems {
	var ps zhibu.Problems
	for _, f := range files {
		bad := CheckAttachments([]NewAttachment{f})
		switch {
		case len(bad) > 0:
			p := bad[0]
			p.Label = "照片"
			p.Message = strings.Replace(p.Message, "只能上传图片（JPG、PNG、GIF、WebP）或PDF文件", "只能上传图片（JPG、PNG、GIF、WebP）", 1)
			ps = append(ps, p)
		case !strings.HasPrefix(AttachmentType(f.Data), "image/"):
			ps = append(ps, zhibu.Problem{Field: "files", Label: "照片", Message: CleanAttachmentName(f.Filename) + "：只能上传图片（JPG、PNG、GIF、WebP）"})
		}
	}
	return ps
}

// AddActivityPhotos adds pictures to an activity: all of them, or, when
// any is refused or they would make more than MaxActivityPhotos, none.
// Each is sealed and audited as activity.photo.
func (s *Store) AddActivityPhotos(ctx context.Context, orgID, activityID int64, files []NewAttachment) ([]Photo, error) {
	o, err := s.canActivityOrg(ctx, zhibu.PermActivityWrite, orgID, "上传该支部活动的照片")
	if err != nil {
		return nil, err
	}
	a, _, err := s.Activity(ctx, orgID, activityID)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, zhibu.Problems{{Field: "files", Label: "照片", Message: "照片：请选择要上传的图片"}}
	}
	if ps := CheckPhotos(files); len(ps) > 0 {
		return nil, ps
	}
	out := make([]Photo, 0, len(files))
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM activities WHERE id = $1`+s.dialect.forUpdate(), a.ID).Scan(&locked); err != nil {
			return err
		}
		var have int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_photos WHERE activity_id = $1`, a.ID).Scan(&have); err != nil {
			return err
		}
		if have+len(files) > MaxActivityPhotos {
			return zhibu.Problems{{Field: "files", Label: "照片", Message: "照片：每个活动最多" + strconv.Itoa(MaxActivityPhotos) + "张，已有" +
				strconv.Itoa(have) + "张，本次上传" + strconv.Itoa(len(files)) + "张，请减少后再上传"}}
		}
		now := s.stamp()
		for _, f := range files {
			p := Photo{ActivityID: a.ID, Filename: CleanAttachmentName(f.Filename), ContentType: AttachmentType(f.Data), Size: int64(len(f.Data)), CreatedAt: now}
			sealed := s.box.Seal(string(f.Data), photoSealContext+strconv.FormatInt(a.ID, 10))
			if err := tx.QueryRowContext(ctx, `INSERT INTO activity_photos (activity_id, filename, content_type, size, data, created_at)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, p.ActivityID, p.Filename, p.ContentType, p.Size, []byte(sealed), now).Scan(&p.ID); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, Event{Action: audit.ActivityPhoto, ObjectType: "activity_photo", ObjectID: strconv.FormatInt(p.ID, 10),
				OrgPath: o.Path, Result: "ok", Detail: "活动“" + a.Title + "”上传照片“" + p.Filename + "”（" + strconv.FormatInt(p.Size, 10) + "字节）"}); err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		var ps zhibu.Problems
		if errors.As(err, &ps) {
			return nil, ps
		}
		return nil, fmt.Errorf("add activity photos: %w", err)
	}
	return out, nil
}

// DeleteActivityPhoto removes photo id of an activity of branch orgID: the
// row holds the sealed picture, so the file and its row go together, in one
// transaction with its audit record (activity.photo.delete). The actor must
// hold activity.write on the branch; a photo of another activity or branch
// is not found.
func (s *Store) DeleteActivityPhoto(ctx context.Context, orgID, activityID, id int64) (Photo, error) {
	o, err := s.canActivityOrg(ctx, zhibu.PermActivityWrite, orgID, "删除该支部活动的照片")
	if err != nil {
		return Photo{}, err
	}
	a, _, err := s.Activity(ctx, orgID, activityID)
	if err != nil {
		return Photo{}, err
	}
	var p Photo
	err = s.tx(ctx, func(tx *sql.Tx) error {
		err := scanPhoto(tx.QueryRowContext(ctx, `SELECT `+photoColumns+` FROM activity_photos ph WHERE ph.id = $1 AND ph.activity_id = $2`, id, a.ID), &p)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("照片")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM activity_photos WHERE id = $1`, p.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.ActivityPhotoDelete, ObjectType: "activity_photo", ObjectID: strconv.FormatInt(p.ID, 10),
			OrgPath: o.Path, Result: "ok", Detail: "活动“" + a.Title + "”删除照片“" + p.Filename + "”（" + strconv.FormatInt(p.Size, 10) + "字节）"})
	})
	if err != nil {
		if errors.Is(err, zhibu.ErrNotFound) {
			return Photo{}, err
		}
		return Photo{}, fmt.Errorf("delete activity photo: %w", err)
	}
	return p, nil
}

// Campaigns lists a branch's campaigns, latest first, with their items and
// the activity (and its date) that did each.
func (s *Store) Campaigns(ctx context.Context, orgID int64) ([]zhibu.Campaign, error) {
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	lo, hi := pathRange(o.Path)
	return s.campaignsRange(ctx, lo, hi, orgID)
}

// campaignsRange reads the campaigns of the orgs in [lo, hi) (one org when
// orgID is set), with their items.
func (s *Store) campaignsRange(ctx context.Context, lo, hi string, orgID int64) ([]zhibu.Campaign, error) {
	q := (&query{}).add(`SELECT c.id, c.org_id, c.title, c.starts_on, c.ends_on FROM campaigns c JOIN orgs o ON o.id = c.org_id WHERE o.path >= `)
	q.add(q.arg(lo) + " AND o.path < " + q.arg(hi))
	if orgID != 0 {
		q.add(" AND c.org_id = " + q.arg(orgID))
	}
	q.add(" ORDER BY c.starts_on DESC, c.id DESC")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("campaigns: %w", err)
	}
	out := []zhibu.Campaign{}
	byID := map[int64]int{}
	for rows.Next() {
		var c zhibu.Campaign
		if err := rows.Scan(&c.ID, &c.OrgID, &c.Title, &c.StartsOn, &c.EndsOn); err != nil {
			rows.Close()
			return nil, err
		}
		byID[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	q = &query{}
	q.add(`SELECT i.id, i.campaign_id, i.title, i.due_on, (SELECT MIN(a.id) FROM activities a WHERE a.item_id = i.id),
		(SELECT MIN(a.held_on) FROM activities a WHERE a.item_id = i.id) FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id
		JOIN orgs o ON o.id = c.org_id WHERE o.path >= `)
	q.add(q.arg(lo) + " AND o.path < " + q.arg(hi))
	if orgID != 0 {
		q.add(" AND c.org_id = " + q.arg(orgID))
	}
	q.add(" ORDER BY i.campaign_id, i.position")
	irows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("campaign items: %w", err)
	}
	defer irows.Close()
	for irows.Next() {
		var it zhibu.CampaignItem
		if err := irows.Scan(&it.ID, &it.CampaignID, &it.Title, &it.DueOn, idScan{&it.ActivityID}, &it.DoneOn); err != nil {
			return nil, err
		}
		if i, ok := byID[it.CampaignID]; ok {
			out[i].Items = append(out[i].Items, it)
		}
	}
	return out, irows.Err()
}

// SaveCampaign records a new campaign of c.OrgID with its planned items,
// audited as campaign.create. The caller has checked c (Campaign.Validate).
func (s *Store) SaveCampaign(ctx context.Context, c zhibu.Campaign) (zhibu.Campaign, error) {
	o, err := s.canActivityOrg(ctx, zhibu.PermActivityWrite, c.OrgID, "制定该支部的专项教育")
	if err != nil {
		return zhibu.Campaign{}, err
	}
	c.Title = strings.TrimSpace(c.Title)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO campaigns (org_id, title, starts_on, ends_on, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			c.OrgID, c.Title, c.StartsOn, c.EndsOn, now).Scan(&c.ID); err != nil {
			return err
		}
		for i := range c.Items {
			it := &c.Items[i]
			it.CampaignID, it.Title = c.ID, strings.TrimSpace(it.Title)
			if err := tx.QueryRowContext(ctx, `INSERT INTO campaign_items (campaign_id, position, title, due_on) VALUES ($1, $2, $3, $4) RETURNING id`,
				c.ID, i, it.Title, it.DueOn).Scan(&it.ID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, Event{Action: audit.CampaignCreate, ObjectType: "campaign", ObjectID: strconv.FormatInt(c.ID, 10), OrgPath: o.Path,
			Result: "ok", Detail: "制定专项教育“" + c.Title + "”（" + c.StartsOn.String() + "至" + c.EndsOn.String() + "，计划事项" + strconv.Itoa(len(c.Items)) + "项）"})
	})
	if err != nil {
		return zhibu.Campaign{}, fmt.Errorf("save campaign: %w", err)
	}
	return c, nil
}

const bulletinColumns = `b.id, b.org_id, b.activity_id, b.title, b.body, b.status, b.channels, b.year, b.issue, b.published_on,
	b.drafted_by, b.reviewed_by, b.approved_by, b.note, b.updated_at`

func scanBulletin(row interface{ Scan(...any) error }, b *zhibu.Bulletin) error {
	var channels string
	var year, issue sql.NullInt64
	var updated timeScan
	if err := row.Scan(&b.ID, &b.OrgID, idScan{&b.ActivityID}, &b.Title, &b.Body, &b.Status, &channels, &year, &issue, &b.PublishedOn,
		&b.DraftedBy, &b.ReviewedBy, &b.ApprovedBy, &b.Note, &updated); err != nil {
		return err
	}
	b.Year, b.Issue, b.UpdatedAt = int(year.Int64), int(issue.Int64), updated.t.UTC()
	b.Channels = nil
	for _, c := range strings.Split(channels, ",") {
		if c != "" {
			b.Channels = append(b.Channels, zhibu.Channel(c))
		}
	}
	return nil
}

func joinChannels(cs []zhibu.Channel) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return strings.Join(out, ",")
}

// Bulletins lists a branch's bulletins, the published ones by issue
// (latest first) after those still in the making; published only lists
// only the published ones.
func (s *Store) Bulletins(ctx context.Context, orgID int64, publishedOnly bool) ([]zhibu.Bulletin, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return nil, err
	}
	q := (&query{}).add(`SELECT ` + bulletinColumns + ` FROM bulletins b JOIN orgs o ON o.id = b.org_id WHERE b.org_id = `)
	q.add(q.arg(orgID))
	if publishedOnly {
		q.add(" AND b.status = 'published'")
	}
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(" ORDER BY CASE WHEN b.status = 'published' THEN 1 ELSE 0 END, b.year DESC, b.issue DESC, b.id DESC")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("bulletins: %w", err)
	}
	defer rows.Close()
	out := []zhibu.Bulletin{}
	for rows.Next() {
		var b zhibu.Bulletin
		if err := scanBulletin(rows, &b); err != nil {
			return nil, fmt.Errorf("bulletins: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Bulletin is one bulletin of branch orgID.
func (s *Store) Bulletin(ctx context.Context, orgID, id int64) (zhibu.Bulletin, error) {
	q := (&query{}).add(`SELECT ` + bulletinColumns + ` FROM bulletins b JOIN orgs o ON o.id = b.org_id WHERE b.id = `)
	q.add(q.arg(id) + " AND b.org_id = " + q.arg(orgID))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	var b zhibu.Bulletin
	err := scanBulletin(s.db.QueryRowContext(ctx, q.String(), q.args...), &b)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.Bulletin{}, notFound("简报")
	}
	if err != nil {
		return zhibu.Bulletin{}, fmt.Errorf("bulletin %d: %w", id, err)
	}
	return b, nil
}

// SaveBulletin records a new draft of b.OrgID (b.ID 0) or edits a stored
// draft, audited as bulletin.draft. The caller has checked b
// (Bulletin.Validate).
func (s *Store) SaveBulletin(ctx context.Context, b zhibu.Bulletin) (zhibu.Bulletin, error) {
	o, err := s.canActivityOrg(ctx, zhibu.PermActivityWrite, b.OrgID, "编辑该支部的简报")
	if err != nil {
		return zhibu.Bulletin{}, err
	}
	if b.ID != 0 {
		old, err := s.Bulletin(ctx, b.OrgID, b.ID)
		if err != nil {
			return zhibu.Bulletin{}, err
		}
		if old.Status != zhibu.BulletinDraft {
			return zhibu.Bulletin{}, zhibu.Problems{{Field: "status", Label: "简报状态", Message: "简报状态：只有草稿可以修改"}}
		}
	}
	b.Title, b.Body = strings.TrimSpace(b.Title), strings.TrimSpace(b.Body)
	b.Status = zhibu.BulletinDraft
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if b.ActivityID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM activities WHERE id = $1 AND org_id = $2`, b.ActivityID, b.OrgID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return zhibu.Problems{{Field: "activity_id", Label: "来源活动", Message: "来源活动：不是本支部的活动"}}
			}
		}
		now := s.stamp()
		b.UpdatedAt = now
		if b.ID == 0 {
			b.DraftedBy = zhibu.ActorFrom(ctx).Name
			if err := tx.QueryRowContext(ctx, `INSERT INTO bulletins (org_id, activity_id, title, body, status, channels, drafted_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $7) RETURNING id`, b.OrgID, nullID(b.ActivityID), b.Title, b.Body, joinChannels(b.Channels),
				b.DraftedBy, now).Scan(&b.ID); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE bulletins SET activity_id = $1, title = $2, body = $3, channels = $4, updated_at = $5 WHERE id = $6`,
			nullID(b.ActivityID), b.Title, b.Body, joinChannels(b.Channels), now, b.ID); err != nil {
			return err
		}
		if err := s.indexSearch(ctx, tx, zhibu.SearchBulletin, b.ID); err != nil { // search.go
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.BulletinDraft, ObjectType: "bulletin", ObjectID: strconv.FormatInt(b.ID, 10), OrgPath: o.Path,
			Result: "ok", Detail: "编辑简报草稿“" + b.Title + "”"})
	})
	if err != nil {
		var ps zhibu.Problems
		if errors.As(err, &ps) {
			return zhibu.Bulletin{}, ps
		}
		return zhibu.Bulletin{}, fmt.Errorf("save bulletin: %w", err)
	}
	return b, nil
}

// StepBulletin moves a bulletin of orgID to its next status: reviewed
// (bulletin.review), approved or returned to draft with a note
// (bulletin.approve), or published on day on (activity.write) as the next
// issue of that year. Each step is audited.
func (s *Store) StepBulletin(ctx context.Context, orgID, id int64, next zhibu.BulletinStatus, note string, on zhibu.Date) (zhibu.Bulletin, error) {
	perm, what, action := zhibu.PermActivityWrite, "发布该简报", audit.BulletinPublish
	switch next {
	case zhibu.BulletinReviewed:
		perm, what, action = zhibu.PermBulletinReview, "审核该简报", audit.BulletinReview
	case zhibu.BulletinApproved:
		perm, what, action = zhibu.PermBulletinApprove, "审批该简报", audit.BulletinApprove
	case zhibu.BulletinDraft:
		perm, what, action = zhibu.PermBulletinApprove, "退回该简报", audit.BulletinReturn
	}
	o, err := s.canActivityOrg(ctx, perm, orgID, what)
	if err != nil {
		return zhibu.Bulletin{}, err
	}
	b, err := s.Bulletin(ctx, orgID, id)
	if err != nil {
		return zhibu.Bulletin{}, err
	}
	note = strings.TrimSpace(note)
	if err := b.CheckStep(next, note); err != nil {
		return zhibu.Bulletin{}, err
	}
	name := zhibu.ActorFrom(ctx).Name
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		var res sql.Result
		var err error
		detail := "简报“" + b.Title + "”"
		switch next {
		case zhibu.BulletinReviewed:
			b.ReviewedBy, b.Note = name, ""
			res, err = tx.ExecContext(ctx, `UPDATE bulletins SET status = $1, reviewed_by = $2, note = '', updated_at = $3 WHERE id = $4 AND status = 'draft'`,
				string(next), name, now, b.ID)
			detail += "宣传委员审核通过"
		case zhibu.BulletinApproved:
			b.ApprovedBy, b.Note = name, ""
			res, err = tx.ExecContext(ctx, `UPDATE bulletins SET status = $1, approved_by = $2, updated_at = $3 WHERE id = $4 AND status = 'reviewed'`,
				string(next), name, now, b.ID)
			detail += "书记审批同意发布"
		case zhibu.BulletinDraft:
			b.Note = note
			res, err = tx.ExecContext(ctx, `UPDATE bulletins SET status = 'draft', reviewed_by = '', approved_by = '', note = $1, updated_at = $2
				WHERE id = $3 AND status = $4`, note, now, b.ID, string(b.Status))
			detail += "退回修改：" + note
		case zhibu.BulletinPublished:
			var last sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT MAX(issue) FROM bulletins WHERE org_id = $1 AND year = $2`, b.OrgID, on.Year).Scan(&last); err != nil {
				return err
			}
			b.Year, b.Issue, b.PublishedOn = on.Year, int(last.Int64)+1, on
			res, err = tx.ExecContext(ctx, `UPDATE bulletins SET status = 'published', year = $1, issue = $2, published_on = $3, updated_at = $4
				WHERE id = $5 AND status = 'approved'`, b.Year, b.Issue, on, now, b.ID)
			detail += "发布为" + b.IssueLabel()
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return zhibu.Problems{{Field: "status", Label: "简报状态", Message: "简报状态：已被他人处理，请刷新后再试"}}
		}
		b.Status, b.UpdatedAt = next, now
		if err := s.indexSearch(ctx, tx, zhibu.SearchBulletin, b.ID); err != nil { // search.go
			return err
		}
		return s.audit(ctx, tx, Event{Action: action, ObjectType: "bulletin", ObjectID: strconv.FormatInt(b.ID, 10), OrgPath: o.Path, Result: "ok", Detail: detail})
	})
	if err != nil {
		var ps zhibu.Problems
		if errors.As(err, &ps) {
			return zhibu.Bulletin{}, ps
		}
		return zhibu.Bulletin{}, fmt.Errorf("step bulletin: %w", err)
	}
	return b, nil
}

// StanceRecord is the record of a stance meeting (its observers and
// viewpoints); an empty record for one not yet recorded.
func (s *Store) StanceRecord(ctx context.Context, meetingID int64) (zhibu.StanceRecord, error) {
	m, _, err := s.Meeting(ctx, meetingID)
	if err != nil {
		return zhibu.StanceRecord{}, err
	}
	r := zhibu.StanceRecord{MeetingID: m.ID, Viewpoints: []zhibu.Viewpoint{}}
	err = s.db.QueryRowContext(ctx, `SELECT observers FROM stance_records WHERE meeting_id = $1`, m.ID).Scan(&r.Observers)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("stance record: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT v.person_id, p.name, v.points, v.examples FROM stance_viewpoints v JOIN people p ON p.id = v.person_id
		WHERE v.meeting_id = $1 ORDER BY v.position`, m.ID)
	if err != nil {
		return r, fmt.Errorf("stance viewpoints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v zhibu.Viewpoint
		if err := rows.Scan(&v.PersonID, &v.PersonName, &v.Points, &v.Examples); err != nil {
			return r, err
		}
		r.Viewpoints = append(r.Viewpoints, v)
	}
	return r, rows.Err()
}

// SaveStanceRecord replaces the record of a stance meeting: its observers
// and each speaker's viewpoints (people of the branch), audited as
// stance.record. The caller has checked r (StanceRecord.Validate).
func (s *Store) SaveStanceRecord(ctx context.Context, r zhibu.StanceRecord) error {
	if err := s.canMeeting(ctx, zhibu.PermMeetingWrite, r.MeetingID, "记录该发声亮剑会"); err != nil {
		return err
	}
	m, _, err := s.Meeting(ctx, r.MeetingID)
	if err != nil {
		return err
	}
	if m.Type != zhibu.MeetStance {
		return zhibu.Problems{{Field: "type", Label: "会议类型", Message: "会议类型：只有发声亮剑会记录发言观点"}}
	}
	o, err := s.Org(ctx, m.OrgID)
	if err != nil {
		return err
	}
	lo, hi := pathRange(o.Path)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		if _, err := tx.ExecContext(ctx, `DELETE FROM stance_viewpoints WHERE meeting_id = $1`, m.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM stance_records WHERE meeting_id = $1`, m.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stance_records (meeting_id, observers, updated_at) VALUES ($1, $2, $3)`,
			m.ID, strings.TrimSpace(r.Observers), now); err != nil {
			return err
		}
		for i, v := range r.Viewpoints {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM people p JOIN orgs g ON g.id = p.org_id WHERE p.id = $1 AND g.path >= $2 AND g.path < $3`,
				v.PersonID, lo, hi).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return zhibu.Problems{{Field: "viewpoints", Label: "发言记录", Message: "发言记录：发言人不是本支部的人员"}}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO stance_viewpoints (meeting_id, person_id, position, points, examples) VALUES ($1, $2, $3, $4, $5)`,
				m.ID, v.PersonID, i, strings.TrimSpace(v.Points), strings.TrimSpace(v.Examples)); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, Event{Action: audit.StanceRecord, ObjectType: "meeting", ObjectID: strconv.FormatInt(m.ID, 10), OrgPath: o.Path,
			Result: "ok", Detail: meetingLabel(m) + "记录发言观点" + strconv.Itoa(len(r.Viewpoints)) + "人"})
	})
	if err != nil {
		var ps zhibu.Problems
		if errors.As(err, &ps) {
			return ps
		}
		return fmt.Errorf("save stance record: %w", err)
	}
	return nil
}

// activityFacts adds to f what the activity rules read for the orgs in
// [lo, hi): the year's activities, the campaigns running in the year with
// their items, and when each stance meeting was filed.
func (s *Store) activityFacts(ctx context.Context, f *zhibu.Facts, lo, hi string, year int) error {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.org_id, a.kind, a.title, a.held_on, a.occasion, a.campaign_id, a.item_id, a.meeting_id
		FROM activities a JOIN orgs o ON o.id = a.org_id WHERE o.path >= $1 AND o.path < $2 AND a.held_on >= $3 AND a.held_on <= $4 ORDER BY a.held_on, a.id`,
		lo, hi, zhibu.MakeDate(year, 1, 1), zhibu.MakeDate(year, 12, 31))
	if err != nil {
		return fmt.Errorf("facts activities: %w", err)
	}
	for rows.Next() {
		var a zhibu.Activity
		if err := rows.Scan(&a.ID, &a.OrgID, &a.Kind, &a.Title, &a.HeldOn, &a.Occasion, idScan{&a.CampaignID}, idScan{&a.ItemID}, idScan{&a.MeetingID}); err != nil {
			rows.Close()
			return err
		}
		f.Activities = append(f.Activities, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	cs, err := s.campaignsRange(ctx, lo, hi, 0)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.StartsOn.Year <= year && c.EndsOn.Year >= year {
			f.Campaigns = append(f.Campaigns, c)
		}
	}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)
	srows, err := s.db.QueryContext(ctx, `SELECT m.id, m.filed_at FROM meetings m JOIN orgs o ON o.id = m.org_id
		WHERE o.path >= $1 AND o.path < $2 AND m.type = 'stance' AND m.filed_at IS NOT NULL AND m.filing IN ('submitted', 'acknowledged')
		AND m.starts_at >= $3 AND m.starts_at < $4`, lo, hi, start.AddDate(0, 0, -1).UTC(), start.AddDate(1, 0, 1).UTC())
	if err != nil {
		return fmt.Errorf("facts stance filings: %w", err)
	}
	defer srows.Close()
	for srows.Next() {
		var id int64
		var at timeScan
		if err := srows.Scan(&id, &at); err != nil {
			return err
		}
		if f.StanceFiled == nil {
			f.StanceFiled = map[int64]time.Time{}
		}
		f.StanceFiled[id] = at.t.UTC()
	}
	return srows.Err()
}
