package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

const campaignColumns = `c.id, c.org_id, o.name, c.year, c.title, c.start_on, c.checks_due, c.remedies_due`

const campaignFrom = ` FROM rectification_campaigns c JOIN orgs o ON o.id = c.org_id`

func scanCampaign(row interface{ Scan(...any) error }) (zhibu.RectCampaign, error) {
	var c zhibu.RectCampaign
	err := row.Scan(&c.ID, &c.OrgID, &c.OrgName, &c.Year, &c.Title, &c.StartOn, &c.ChecksDue, &c.RemediesDue)
	return c, err
}

// RectCampaigns are the campaigns committee orgID opened, by year, newest
// first; the org must be readable by the actor.
func (s *Store) RectCampaigns(ctx context.Context, orgID int64) ([]zhibu.RectCampaign, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+campaignColumns+campaignFrom+` WHERE c.org_id = $1 ORDER BY c.year DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("rectification campaigns: %w", err)
	}
	defer rows.Close()
	out := []zhibu.RectCampaign{}
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, fmt.Errorf("rectification campaigns: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RectCampaignFor is the campaign org orgID is under for year: the one
// opened by the nearest org above it (or by itself) for the year, if any.
// The org must be readable by the actor; the committee need not be.
func (s *Store) RectCampaignFor(ctx context.Context, orgID int64, year int) (zhibu.RectCampaign, bool, error) {
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return zhibu.RectCampaign{}, false, err
	}
	var ids []int64
	for _, f := range strings.Split(strings.Trim(o.Path, "/"), "/") {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return zhibu.RectCampaign{}, false, nil
	}
	q := &query{}
	q.add(`SELECT ` + campaignColumns + campaignFrom + ` WHERE c.year = ` + q.arg(year) + ` AND c.org_id IN (` + q.list(ids) + `)
		ORDER BY LENGTH(o.path) DESC`)
	c, err := scanCampaign(s.db.QueryRowContext(ctx, q.String(), q.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("rectification campaign: %w", err)
	}
	return c, true, nil
}

// SaveRectCampaign opens committee c.OrgID's campaign for c.Year, or
// changes it if the committee opened one for that year; it needs
// org.manage on the committee.
func (s *Store) SaveRectCampaign(ctx context.Context, c zhibu.RectCampaign) (zhibu.RectCampaign, error) {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, c.OrgID, "部署该组织的整改活动"); err != nil {
		return c, err
	}
	o, err := s.Org(ctx, c.OrgID)
	if err != nil {
		return c, err
	}
	if o.Kind == zhibu.KindBranch || o.Kind == zhibu.KindGroup {
		return c, zhibu.Problems{{Field: "org_id", Label: "组织", Message: "组织：整改活动由上级党委（党总支）部署，党支部不能部署"}}
	}
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM rectification_campaigns WHERE org_id = $1 AND year = $2`, c.OrgID, c.Year).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := tx.QueryRowContext(ctx, `INSERT INTO rectification_campaigns (org_id, year, title, start_on, checks_due, remedies_due, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
				c.OrgID, c.Year, c.Title, c.StartOn, c.ChecksDue, c.RemediesDue, now).Scan(&c.ID); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			c.ID = id
			if _, err := tx.ExecContext(ctx, `UPDATE rectification_campaigns SET title = $1, start_on = $2, checks_due = $3, remedies_due = $4, updated_at = $5
				WHERE id = $6`, c.Title, c.StartOn, c.ChecksDue, c.RemediesDue, now, id); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, Event{Action: audit.CampaignSave, ObjectType: "rectification_campaign", ObjectID: strconv.FormatInt(c.ID, 10), OrgPath: o.Path, Result: "ok",
			Detail: strconv.Itoa(c.Year) + "年" + c.Title + "：" + c.StartOn.String() + "开始，自查" + c.ChecksDue.String() + "前完成，整改" + c.RemediesDue.String() + "前完成"})
	})
	if err != nil {
		return c, fmt.Errorf("save rectification campaign: %w", err)
	}
	c.OrgName = o.Name
	return c, nil
}
