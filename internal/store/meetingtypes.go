package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

// AddedMeetingType is a type of meeting an org added for its subtree.
type AddedMeetingType struct {
	ID      int64             `json:"id"`
	OrgID   int64             `json:"org_id"` // the committee or branch that added it
	OrgName string            `json:"org_name"`
	Type    zhibu.MeetingType `json:"type"` // "x:" and the name
	Name    string            `json:"name"`
	Note    string            `json:"note,omitempty"`
}

// AddedMeetingTypes lists the types added on the org's path (by the org
// itself and every org above it), in the order they were added: the types
// its meetings may have besides the built-in ones.
func (s *Store) AddedMeetingTypes(ctx context.Context, orgID int64) ([]AddedMeetingType, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return s.addedTypes(ctx, org)
}

// addedTypes is AddedMeetingTypes for an org already read.
func (s *Store) addedTypes(ctx context.Context, org zhibu.Org) ([]AddedMeetingType, error) {
	q := &query{}
	q.add(`SELECT t.id, t.org_id, o.name, t.name, t.note FROM meeting_types t JOIN orgs o ON o.id = t.org_id
		WHERE t.org_id IN (` + q.list(org.PathIDs()) + `) ORDER BY t.id`)
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("meeting types: %w", err)
	}
	defer rows.Close()
	var out []AddedMeetingType
	for rows.Next() {
		var t AddedMeetingType
		if err := rows.Scan(&t.ID, &t.OrgID, &t.OrgName, &t.Name, &t.Note); err != nil {
			return nil, fmt.Errorf("meeting types: %w", err)
		}
		t.Type = zhibu.CustomMeetingType(t.Name)
		out = append(out, t)
	}
	return out, rows.Err()
}

// MeetingTypesFor lists every type the org may hold: the built-in ones its
// kind holds, then those added on its path.
func (s *Store) MeetingTypesFor(ctx context.Context, orgID int64) ([]zhibu.MeetingType, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var out []zhibu.MeetingType
	for _, t := range zhibu.MeetingTypes {
		if t.HeldBy(org.Kind) {
			out = append(out, t)
		}
	}
	added, err := s.addedTypes(ctx, org)
	for _, t := range added {
		out = append(out, t.Type)
	}
	return out, err
}

// AddMeetingType adds a type of meeting for the org's subtree. The name
// may not be a built-in type's, nor one already added on the org's path
// or below it (where it would read the same twice).
func (s *Store) AddMeetingType(ctx context.Context, orgID int64, name, note string) (AddedMeetingType, error) {
	if err := s.canOrg(ctx, zhibu.PermRulesEdit, orgID, "为该组织添加会议类型"); err != nil {
		return AddedMeetingType{}, err
	}
	name, note = strings.TrimSpace(name), strings.TrimSpace(note)
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return AddedMeetingType{}, err
	}
	var ps zhibu.Problems
	if org.Kind == zhibu.KindGroup {
		ps.Add("org_id", "组织", "党小组不能添加会议类型，请由所在支部添加")
	}
	if err := zhibu.CheckCustomTypeName(name); err != nil {
		ps = append(ps, err.(zhibu.Problems)...)
	}
	if len([]rune(note)) > 200 {
		ps.Add("note", "说明", "不能超过200个字")
	}
	if err := ps.Err(); err != nil {
		return AddedMeetingType{}, err
	}
	lo, hi := pathRange(org.Path)
	q := &query{}
	q.add(`SELECT o.name FROM meeting_types t JOIN orgs o ON o.id = t.org_id WHERE t.name = ` + q.arg(name) +
		` AND (t.org_id IN (` + q.list(org.PathIDs()) + `) OR (o.path >= ` + q.arg(lo) + ` AND o.path < ` + q.arg(hi) + `)) LIMIT 1`)
	var by string
	switch err := s.db.QueryRowContext(ctx, q.String(), q.args...).Scan(&by); {
	case err == nil:
		return AddedMeetingType{}, zhibu.Problems{{Field: "name", Label: "类型名称", Message: "类型名称：" + by + "已添加“" + name + "”"}}
	case err != sql.ErrNoRows:
		return AddedMeetingType{}, fmt.Errorf("meeting types: %w", err)
	}
	t := AddedMeetingType{OrgID: org.ID, OrgName: org.Name, Name: name, Note: note, Type: zhibu.CustomMeetingType(name)}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO meeting_types (org_id, name, note, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			org.ID, name, note, s.stamp()).Scan(&t.ID); err != nil {
			if s.dialect.isUniqueViolation(err) {
				return zhibu.Problems{{Field: "name", Label: "类型名称", Message: "类型名称：本组织已添加“" + name + "”"}}
			}
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.MeetingTypeAdd, ObjectType: "org", ObjectID: fmt.Sprint(org.ID), OrgPath: org.Path, Result: "ok",
			Detail: "添加会议类型：" + name})
	})
	if err != nil {
		return AddedMeetingType{}, fmt.Errorf("add meeting type: %w", err)
	}
	return t, nil
}

// checkAddedType tells whether an added type may be held by the org: it
// was added on the org's path. Built-in types pass.
func (s *Store) checkAddedType(ctx context.Context, org zhibu.Org, t zhibu.MeetingType) (bool, error) {
	if !t.Custom() {
		return true, nil
	}
	q := &query{}
	q.add(`SELECT COUNT(*) FROM meeting_types WHERE name = ` + q.arg(t.Label()) + ` AND org_id IN (` + q.list(org.PathIDs()) + `)`)
	var n int
	if err := s.db.QueryRowContext(ctx, q.String(), q.args...).Scan(&n); err != nil {
		return false, fmt.Errorf("meeting types: %w", err)
	}
	return n > 0, nil
}

// notAdded says that an added type was not added for the org.
func notAdded(org zhibu.Org, t zhibu.MeetingType) string {
	return org.Name + "及其上级均未添加“" + t.Label() + "”类型"
}
