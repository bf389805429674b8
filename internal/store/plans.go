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

// The year plan: an org's plan per year with its sections, items and the
// records linked to its items. Reads are scoped by the org (its members
// and the superior chain); writes need org.manage on the plan's org.

const planColumns = `id, org_id, year, title, intro, published, source_id, admissions`

func scanPlan(row interface{ Scan(...any) error }) (zhibu.Plan, error) {
	var p zhibu.Plan
	var src sql.NullInt64
	err := row.Scan(&p.ID, &p.OrgID, &p.Year, &p.Title, &p.Intro, &p.Published, &src, &p.Admissions)
	p.SourceID = src.Int64
	return p, err
}

// Plan is org orgID's plan for year with its sections, items and links;
// ErrNotFound when it has none. The org must be readable by the actor.
func (s *Store) Plan(ctx context.Context, orgID int64, year int) (zhibu.Plan, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return zhibu.Plan{}, err
	}
	p, err := scanPlan(s.db.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE org_id = $1 AND year = $2`, orgID, year))
	if errors.Is(err, sql.ErrNoRows) {
		return p, zhibu.Errorf(zhibu.ErrNotFound, "该组织尚未制定"+strconv.Itoa(year)+"年工作计划")
	}
	if err != nil {
		return p, fmt.Errorf("plan: %w", err)
	}
	return p, s.planBody(ctx, &p)
}

// PlanByID is a plan by its id, if the actor may read its org.
func (s *Store) PlanByID(ctx context.Context, id int64) (zhibu.Plan, error) {
	p, err := scanPlan(s.db.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, zhibu.Errorf(zhibu.ErrNotFound, "未找到该工作计划")
	}
	if err != nil {
		return p, fmt.Errorf("plan: %w", err)
	}
	if _, err := s.Org(ctx, p.OrgID); err != nil {
		return zhibu.Plan{}, err
	}
	return p, s.planBody(ctx, &p)
}

// PlanYears are the years org orgID has a plan for, newest first.
func (s *Store) PlanYears(ctx context.Context, orgID int64) ([]int, error) {
	if _, err := s.Org(ctx, orgID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT year FROM plans WHERE org_id = $1 ORDER BY year DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("plan years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

func (s *Store) planBody(ctx context.Context, p *zhibu.Plan) error {
	rows, err := s.db.QueryContext(ctx, `SELECT n, title FROM plan_sections WHERE plan_id = $1 ORDER BY n`, p.ID)
	if err != nil {
		return fmt.Errorf("plan sections: %w", err)
	}
	at := map[int]int{}
	for rows.Next() {
		var sec zhibu.PlanSection
		if err := rows.Scan(&sec.N, &sec.Title); err != nil {
			rows.Close()
			return err
		}
		at[sec.N] = len(p.Sections)
		p.Sections = append(p.Sections, sec)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT id, plan_id, section, n, text, owner, all_members, rules, due_on, from_on, record, done_on, evidence, ref_id
		FROM plan_items WHERE plan_id = $1 ORDER BY section, n, id`, p.ID)
	if err != nil {
		return fmt.Errorf("plan items: %w", err)
	}
	var items []zhibu.PlanItem
	for rows.Next() {
		var it zhibu.PlanItem
		var rs string
		var ref sql.NullInt64
		if err := rows.Scan(&it.ID, &it.PlanID, &it.Section, &it.N, &it.Text, &it.Owner, &it.All, &rs, &it.DueOn, &it.FromOn, &it.Record, &it.DoneOn, &it.Evidence, &ref); err != nil {
			rows.Close()
			return err
		}
		if rs != "" {
			it.Rules = strings.Split(rs, ",")
		}
		it.RefID = ref.Int64
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	links := map[int64][]zhibu.PlanLink{}
	rows, err = s.db.QueryContext(ctx, `SELECT l.item_id, l.kind, l.record_id, l.on_day, l.label FROM plan_links l
		JOIN plan_items i ON i.id = l.item_id WHERE i.plan_id = $1 ORDER BY l.on_day, l.record_id`, p.ID)
	if err != nil {
		return fmt.Errorf("plan links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l zhibu.PlanLink
		if err := rows.Scan(&l.ItemID, &l.Kind, &l.ID, &l.On, &l.Label); err != nil {
			return err
		}
		links[l.ItemID] = append(links[l.ItemID], l)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, it := range items {
		it.Links = links[it.ID]
		i, ok := at[it.Section]
		if !ok {
			continue
		}
		p.Sections[i].Items = append(p.Sections[i].Items, it)
	}
	return nil
}

// PublishedPlans are the published plans (工作要点) of the orgs above
// orgID for year, nearest first. They are read as the org's own chain: a
// branch builds its plan from them whether or not its actor may read the
// committee otherwise.
func (s *Store) PublishedPlans(ctx context.Context, orgID int64, year int) ([]zhibu.Plan, error) {
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	sys := zhibu.WithActor(ctx, zhibu.System)
	var out []zhibu.Plan
	for id := o.ParentID; id != 0; {
		up, err := s.Org(sys, id)
		if err != nil {
			return nil, err
		}
		p, err := s.Plan(sys, up.ID, year)
		if err == nil && p.Published {
			out = append(out, p)
		} else if err != nil && !errors.Is(err, zhibu.ErrNotFound) {
			return nil, err
		}
		id = up.ParentID
	}
	return out, nil
}

// CreatePlan writes a new plan with its sections and items (their links
// are not copied) in one transaction: all of it or nothing. It needs
// org.manage on the plan's org.
func (s *Store) CreatePlan(ctx context.Context, p zhibu.Plan) (zhibu.Plan, error) {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, p.OrgID, "制定该组织的工作计划"); err != nil {
		return p, err
	}
	o, err := s.Org(ctx, p.OrgID)
	if err != nil {
		return p, err
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return p, err
	}
	today := s.today()
	for _, sec := range p.Sections {
		for _, it := range sec.Items {
			it.Section = sec.N
			it.Normalize()
			if err := it.Validate(p.Year, today); err != nil {
				return p, itemProblems(sec.N, it.N, err)
			}
		}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM plans WHERE org_id = $1 AND year = $2`, p.OrgID, p.Year).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return zhibu.Errorf(zhibu.ErrConflict, o.Name+"已有"+strconv.Itoa(p.Year)+"年工作计划")
		}
		now := s.stamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO plans (org_id, year, title, intro, published, source_id, admissions, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			p.OrgID, p.Year, p.Title, p.Intro, p.Published, nullID(p.SourceID), p.Admissions, now).Scan(&p.ID); err != nil {
			return err
		}
		for _, sec := range p.Sections {
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_sections (plan_id, n, title) VALUES ($1, $2, $3)`, p.ID, sec.N, sec.Title); err != nil {
				return err
			}
			for _, it := range sec.Items {
				it.PlanID, it.Section = p.ID, sec.N
				if _, err := insertItem(ctx, tx, it); err != nil {
					return err
				}
			}
		}
		return s.audit(ctx, tx, Event{Action: audit.PlanSave, ObjectType: "plan", ObjectID: strconv.FormatInt(p.ID, 10), OrgPath: o.Path, Result: "ok",
			Detail: "新建" + p.Title})
	})
	if err != nil {
		return p, fmt.Errorf("create plan: %w", err)
	}
	return s.PlanByID(ctx, p.ID)
}

// itemProblems names the item of a plan being written in its problems.
func itemProblems(sec, n int, err error) error {
	var ps zhibu.Problems
	if !errors.As(err, &ps) {
		return err
	}
	out := make(zhibu.Problems, len(ps))
	for i, x := range ps {
		x.Message = "第" + zhibu.Numeral(sec) + "部分第" + strconv.Itoa(n) + "项：" + x.Message
		out[i] = x
	}
	return out
}

func insertItem(ctx context.Context, tx *sql.Tx, it zhibu.PlanItem) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO plan_items (plan_id, section, n, text, owner, all_members, rules, due_on, from_on, record, done_on, evidence, ref_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		it.PlanID, it.Section, it.N, it.Text, string(it.Owner), it.All, strings.Join(it.Rules, ","), it.DueOn, it.FromOn, it.Record, it.DoneOn, it.Evidence, nullID(it.RefID)).Scan(&id)
	return id, err
}

// UpdatePlan changes a plan's title, preamble, planned admissions,
// publication and section titles (sections may be added at the end); it
// needs org.manage on the plan's org.
func (s *Store) UpdatePlan(ctx context.Context, p zhibu.Plan) (zhibu.Plan, error) {
	old, err := s.PlanByID(ctx, p.ID)
	if err != nil {
		return p, err
	}
	if err := s.canOrg(ctx, zhibu.PermOrgManage, old.OrgID, "修改该组织的工作计划"); err != nil {
		return p, err
	}
	o, err := s.Org(ctx, old.OrgID)
	if err != nil {
		return p, err
	}
	p.OrgID, p.Year = old.OrgID, old.Year
	p.Normalize()
	if err := p.Validate(); err != nil {
		return p, err
	}
	if len(p.Sections) < len(old.Sections) {
		return p, zhibu.Problems{{Field: "sections", Label: "计划部分", Message: "计划部分：不能删除已有的部分"}}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET title = $1, intro = $2, published = $3, admissions = $4, updated_at = $5 WHERE id = $6`,
			p.Title, p.Intro, p.Published, p.Admissions, s.stamp(), p.ID); err != nil {
			return err
		}
		for i, sec := range p.Sections {
			if i < len(old.Sections) {
				if _, err := tx.ExecContext(ctx, `UPDATE plan_sections SET title = $1 WHERE plan_id = $2 AND n = $3`, sec.Title, p.ID, old.Sections[i].N); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_sections (plan_id, n, title) VALUES ($1, $2, $3)`, p.ID, i+1, sec.Title); err != nil {
				return err
			}
		}
		detail := "修改" + p.Title
		if p.Published && !old.Published {
			detail = "发布" + p.Title
		}
		return s.audit(ctx, tx, Event{Action: audit.PlanSave, ObjectType: "plan", ObjectID: strconv.FormatInt(p.ID, 10), OrgPath: o.Path, Result: "ok", Detail: detail})
	})
	if err != nil {
		return p, fmt.Errorf("update plan: %w", err)
	}
	return s.PlanByID(ctx, p.ID)
}

// planOfItem is the plan an item belongs to and its org, read by the actor.
func (s *Store) planOfItem(ctx context.Context, itemID int64) (zhibu.Plan, zhibu.PlanItem, error) {
	var planID int64
	err := s.db.QueryRowContext(ctx, `SELECT plan_id FROM plan_items WHERE id = $1`, itemID).Scan(&planID)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.Plan{}, zhibu.PlanItem{}, zhibu.Errorf(zhibu.ErrNotFound, "未找到该计划事项")
	}
	if err != nil {
		return zhibu.Plan{}, zhibu.PlanItem{}, fmt.Errorf("plan item: %w", err)
	}
	p, err := s.PlanByID(ctx, planID)
	if err != nil {
		return p, zhibu.PlanItem{}, err
	}
	for _, sec := range p.Sections {
		for _, it := range sec.Items {
			if it.ID == itemID {
				return p, it, nil
			}
		}
	}
	return p, zhibu.PlanItem{}, zhibu.Errorf(zhibu.ErrNotFound, "未找到该计划事项")
}

// PlanItem is one item with its plan, if the actor may read the plan's org.
func (s *Store) PlanItem(ctx context.Context, id int64) (zhibu.Plan, zhibu.PlanItem, error) {
	return s.planOfItem(ctx, id)
}

// SavePlanItem adds (ID 0, at the end of its section) or changes an item
// of plan it.PlanID; it needs org.manage on the plan's org.
func (s *Store) SavePlanItem(ctx context.Context, it zhibu.PlanItem) (zhibu.PlanItem, error) {
	var p zhibu.Plan
	var err error
	if it.ID != 0 {
		var old zhibu.PlanItem
		if p, old, err = s.planOfItem(ctx, it.ID); err != nil {
			return it, err
		}
		it.PlanID, it.N, it.RefID = p.ID, old.N, old.RefID
	} else if p, err = s.PlanByID(ctx, it.PlanID); err != nil {
		return it, err
	}
	if err := s.canOrg(ctx, zhibu.PermOrgManage, p.OrgID, "修改该组织的工作计划"); err != nil {
		return it, err
	}
	o, err := s.Org(ctx, p.OrgID)
	if err != nil {
		return it, err
	}
	it.Normalize()
	if err := it.Validate(p.Year, s.today()); err != nil {
		return it, err
	}
	known := false
	for _, sec := range p.Sections {
		known = known || sec.N == it.Section
	}
	if !known {
		return it, zhibu.Problems{{Field: "section", Label: "所属部分", Message: "所属部分：请选择计划的一个部分"}}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if it.ID == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(n), 0) + 1 FROM plan_items WHERE plan_id = $1 AND section = $2`, p.ID, it.Section).Scan(&it.N); err != nil {
				return err
			}
			id, err := insertItem(ctx, tx, it)
			if err != nil {
				return err
			}
			it.ID = id
		} else if _, err := tx.ExecContext(ctx, `UPDATE plan_items SET section = $1, text = $2, owner = $3, all_members = $4, rules = $5, due_on = $6,
				from_on = $7, record = $8, done_on = $9, evidence = $10 WHERE id = $11`,
			it.Section, it.Text, string(it.Owner), it.All, strings.Join(it.Rules, ","), it.DueOn, it.FromOn, it.Record, it.DoneOn, it.Evidence, it.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET updated_at = $1 WHERE id = $2`, s.stamp(), p.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.PlanItemSave, ObjectType: "plan_item", ObjectID: strconv.FormatInt(it.ID, 10), OrgPath: o.Path, Result: "ok",
			Detail: p.Title + "：" + it.Text})
	})
	if err != nil {
		return it, fmt.Errorf("save plan item: %w", err)
	}
	_, it, err = s.planOfItem(ctx, it.ID)
	return it, err
}

// DeletePlanItem removes an item with its links; it needs org.manage on
// the plan's org. An item other plans were built from cannot be removed.
func (s *Store) DeletePlanItem(ctx context.Context, id int64) error {
	p, it, err := s.planOfItem(ctx, id)
	if err != nil {
		return err
	}
	if err := s.canOrg(ctx, zhibu.PermOrgManage, p.OrgID, "修改该组织的工作计划"); err != nil {
		return err
	}
	o, err := s.Org(ctx, p.OrgID)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_items WHERE ref_id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return zhibu.Errorf(zhibu.ErrConflict, "下级组织的工作计划引用了该事项，不能删除")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_links WHERE item_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_items WHERE id = $1`, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.PlanItemDrop, ObjectType: "plan_item", ObjectID: strconv.FormatInt(id, 10), OrgPath: o.Path, Result: "ok",
			Detail: p.Title + "：" + it.Text})
	})
}

// planRecords are the tables of the records an item may link to, with
// the column of their date.
var planRecords = map[string]struct{ table, date string }{
	"activity": {"activities", "held_on"},
	"talk":     {"talks", "held_on"},
	"study":    {"study_sessions", "held_on"},
	"step":     {"dev_steps", "done_on"},
	"payment":  {"dues_payments", "paid_on"},
}

// LinkPlanRecord links record (kind, id) of the plan's org (or its
// groups) to item itemID as fulfilling it; it needs org.manage on the
// plan's org. The record's date is read from the record.
func (s *Store) LinkPlanRecord(ctx context.Context, itemID int64, kind string, recordID int64) (zhibu.PlanLink, error) {
	l := zhibu.PlanLink{ItemID: itemID, Kind: kind, ID: recordID}
	p, it, err := s.planOfItem(ctx, itemID)
	if err != nil {
		return l, err
	}
	if err := s.canOrg(ctx, zhibu.PermOrgManage, p.OrgID, "修改该组织的工作计划"); err != nil {
		return l, err
	}
	o, err := s.Org(ctx, p.OrgID)
	if err != nil {
		return l, err
	}
	label := zhibu.PlanLinkLabel(kind)
	if label == "" {
		return l, zhibu.Problems{{Field: "kind", Label: "记录类型", Message: "记录类型：未知的记录类型"}}
	}
	var orgID int64
	notFound := zhibu.Problems{{Field: "record_id", Label: "记录编号", Message: "记录编号：本组织没有这条" + label + "记录"}}
	if kind == "meeting" {
		m, _, err := s.Meeting(ctx, recordID)
		if errors.Is(err, zhibu.ErrNotFound) {
			return l, notFound
		}
		if err != nil {
			return l, err
		}
		orgID, l.On, l.Label = m.OrgID, zhibu.DateOf(m.StartsAt.In(zhibu.DefaultZone)), m.Type.Label()
	} else {
		r := planRecords[kind]
		err := s.db.QueryRowContext(ctx, `SELECT org_id, `+r.date+` FROM `+r.table+` WHERE id = $1`, recordID).Scan(&orgID, &l.On)
		if errors.Is(err, sql.ErrNoRows) {
			return l, notFound
		}
		if err != nil {
			return l, fmt.Errorf("plan link: %w", err)
		}
		l.Label = label
	}
	rec, err := s.Org(zhibu.WithActor(ctx, zhibu.System), orgID)
	if err != nil {
		return l, err
	}
	if !strings.HasPrefix(rec.Path, o.Path) {
		return l, notFound
	}
	l.Label = l.On.Chinese() + " " + l.Label
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_links WHERE item_id = $1 AND kind = $2 AND record_id = $3`, itemID, kind, recordID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return zhibu.Errorf(zhibu.ErrConflict, "该记录已关联到这个事项")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_links (item_id, kind, record_id, on_day, label) VALUES ($1, $2, $3, $4, $5)`,
			itemID, kind, recordID, l.On, l.Label); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.PlanLink, ObjectType: "plan_item", ObjectID: strconv.FormatInt(itemID, 10), OrgPath: o.Path, Result: "ok",
			Detail: it.Text + "：" + l.Label})
	})
	if err != nil {
		return l, fmt.Errorf("plan link: %w", err)
	}
	return l, nil
}
