package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

const orgColumns = `o.id, o.code, o.name, o.kind, o.parent_id, o.path, o.depth, o.founded_on`

func scanOrg(row interface{ Scan(...any) error }, o *zhibu.Org) error {
	return row.Scan(&o.ID, &o.Code, &o.Name, &o.Kind, idScan{&o.ParentID}, &o.Path, &o.Depth, &o.FoundedOn)
}

// Org returns the org with the given id, if the actor's scope covers it.
func (s *Store) Org(ctx context.Context, id int64) (zhibu.Org, error) {
	return s.orgWhere(ctx, "o.id = $1", id)
}

// OrgByCode returns the org with the given code, if the actor's scope covers it.
func (s *Store) OrgByCode(ctx context.Context, code string) (zhibu.Org, error) {
	return s.orgWhere(ctx, "o.code = $1", strings.TrimSpace(code))
}

func (s *Store) orgWhere(ctx context.Context, cond string, arg any) (zhibu.Org, error) {
	var o zhibu.Org
	err := scanOrg(s.queryRow(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE `+cond, arg), &o)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !zhibu.ActorFrom(ctx).Scope.Covers(o.Path)) {
		return zhibu.Org{}, notFound("组织")
	}
	if err != nil {
		return zhibu.Org{}, fmt.Errorf("org: %w", err)
	}
	o.Units, err = s.units(ctx, o.ID)
	return o, err
}

func (s *Store) units(ctx context.Context, orgID int64) ([]string, error) {
	rows, err := s.queryRows(ctx, `SELECT name FROM org_units WHERE org_id = $1 ORDER BY position`, orgID)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	defer rows.Close()
	units := []string{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		units = append(units, u)
	}
	return units, rows.Err()
}

// OrgFilter selects orgs.
type OrgFilter struct {
	Under    int64           // only this org's subtree (itself included); 0 for all
	Kinds    []zhibu.OrgKind // only these kinds; empty for all
	ParentID int64           // only children of this org; 0 for any

	lo, hi string // only paths in [lo, hi), for the store's own ranges
}

// Orgs lists the orgs in the actor's scope that match f, parents before
// children and siblings by kind and code (the tree's order).
func (s *Store) Orgs(ctx context.Context, f OrgFilter) ([]zhibu.Org, error) {
	where := func(q *query) error {
		q.add(" WHERE 1=1")
		q.scope(zhibu.ActorFrom(ctx), "o.path")
		if f.Under != 0 {
			root, err := s.Org(ctx, f.Under)
			if err != nil {
				return err
			}
			lo, hi := pathRange(root.Path)
			q.add(" AND o.path >= " + q.arg(lo) + " AND o.path < " + q.arg(hi))
		}
		if f.lo != "" {
			q.add(" AND o.path >= " + q.arg(f.lo) + " AND o.path < " + q.arg(f.hi))
		}
		if f.ParentID != 0 {
			q.add(" AND o.parent_id = " + q.arg(f.ParentID))
		}
		if len(f.Kinds) > 0 {
			ph := make([]string, len(f.Kinds))
			for i, k := range f.Kinds {
				ph[i] = q.arg(string(k))
			}
			q.add(" AND o.kind IN (" + strings.Join(ph, ",") + ")")
		}
		return nil
	}
	q := (&query{}).add(`SELECT ` + orgColumns + ` FROM orgs o`)
	if err := where(q); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("orgs: %w", err)
	}
	defer rows.Close()
	var orgs []zhibu.Org
	byID := map[int64]int{}
	for rows.Next() {
		var o zhibu.Org
		if err := scanOrg(rows, &o); err != nil {
			return nil, fmt.Errorf("orgs: %w", err)
		}
		o.Units = []string{}
		byID[o.ID] = len(orgs)
		orgs = append(orgs, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orgs: %w", err)
	}
	// The units of the same orgs, in one more query.
	q = (&query{}).add(`SELECT u.org_id, u.name FROM org_units u JOIN orgs o ON o.id = u.org_id`)
	if err := where(q); err != nil {
		return nil, err
	}
	q.add(" ORDER BY u.org_id, u.position")
	urows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("org units: %w", err)
	}
	defer urows.Close()
	for urows.Next() {
		var id int64
		var name string
		if err := urows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("org units: %w", err)
		}
		if i, ok := byID[id]; ok {
			orgs[i].Units = append(orgs[i].Units, name)
		}
	}
	if err := urows.Err(); err != nil {
		return nil, fmt.Errorf("org units: %w", err)
	}
	sortTree(orgs)
	return orgs, nil
}

// sortTree orders orgs depth-first: each org followed by its subtree,
// siblings by kind then code.
func sortTree(orgs []zhibu.Org) {
	key := make(map[int64]string, len(orgs))
	for _, o := range orgs {
		key[o.ID] = kindRank(o.Kind) + o.Code
	}
	sortKey := func(o zhibu.Org) []string {
		parts := strings.Split(strings.Trim(o.Path, "/"), "/")
		ks := make([]string, len(parts))
		for i, p := range parts {
			id, _ := strconv.ParseInt(p, 10, 64)
			ks[i] = key[id] + "\x00" + p
		}
		return ks
	}
	keys := make(map[int64][]string, len(orgs))
	for _, o := range orgs {
		keys[o.ID] = sortKey(o)
	}
	sort.SliceStable(orgs, func(i, j int) bool {
		a, b := keys[orgs[i].ID], keys[orgs[j].ID]
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return len(a) < len(b)
	})
}

func kindRank(k zhibu.OrgKind) string {
	for i, x := range zhibu.OrgKinds {
		if k == x {
			return strconv.Itoa(i)
		}
	}
	return "9"
}

// CreateOrg adds an org under its parent (or as a root, for an actor
// holding zhibu.PermOrgFound: the system administrator and the system)
// and returns it with its id and path.
func (s *Store) CreateOrg(ctx context.Context, o zhibu.Org) (zhibu.Org, error) {
	if err := s.canTarget(ctx, zhibu.PermOrgManage, o.ParentID, "在该组织下新建组织"); err != nil {
		return zhibu.Org{}, err
	}
	o.Code, o.Name = strings.TrimSpace(o.Code), strings.TrimSpace(o.Name)
	if err := o.Validate(); err != nil {
		return zhibu.Org{}, err
	}
	parentPath, err := s.checkParent(ctx, o.Kind, o.ParentID)
	if err != nil {
		return zhibu.Org{}, err
	}
	now := s.stamp()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO orgs (code, name, kind, parent_id, path, depth, founded_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, '', 0, $5, $6, $6) RETURNING id`,
			o.Code, o.Name, string(o.Kind), nullID(o.ParentID), o.FoundedOn, now).Scan(&o.ID)
		if s.dialect.isUniqueViolation(err) {
			return codeTaken(o.Code)
		}
		if err != nil {
			return err
		}
		o.Path = parentPath + strconv.FormatInt(o.ID, 10) + "/"
		o.Depth = strings.Count(o.Path, "/") - 2
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET path = $1, depth = $2 WHERE id = $3`, o.Path, o.Depth, o.ID); err != nil {
			return err
		}
		if err := writeUnits(ctx, tx, o.ID, o.Units); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgEvent(audit.OrgCreate, o, "新建"+o.Kind.Label()+"“"+o.Name+"”（"+o.Code+"）"))
	})
	if err != nil {
		return zhibu.Org{}, fmt.Errorf("create org: %w", err)
	}
	if o.Units == nil {
		o.Units = []string{}
	}
	return o, nil
}

// orgEvent is the audit record of a change to an org.
func orgEvent(action audit.Action, o zhibu.Org, detail string) Event {
	return Event{Action: action, ObjectType: "org", ObjectID: strconv.FormatInt(o.ID, 10), OrgPath: o.Path, Result: "ok", Detail: detail}
}

// orgDiff describes what an update changed.
func orgDiff(a, b zhibu.Org) string {
	var out []string
	if a.Code != b.Code {
		out = append(out, "代码："+a.Code+" → "+b.Code)
	}
	if a.Name != b.Name {
		out = append(out, "名称："+a.Name+" → "+b.Name)
	}
	if a.FoundedOn != b.FoundedOn {
		out = append(out, "成立日期："+orDash(a.FoundedOn.String())+" → "+orDash(b.FoundedOn.String()))
	}
	if strings.Join(a.Units, "、") != strings.Join(b.Units, "、") {
		out = append(out, "所辖单位："+orDash(strings.Join(a.Units, "、"))+" → "+orDash(strings.Join(b.Units, "、")))
	}
	return strings.Join(out, "；")
}

func codeTaken(code string) error {
	return zhibu.Problems{{Field: "code", Label: "组织代码", Message: "组织代码：“" + code + "”已被其他组织使用"}}
}

// checkParent returns the path under which an org of kind k goes.
func (s *Store) checkParent(ctx context.Context, k zhibu.OrgKind, parentID int64) (string, error) {
	if parentID == 0 {
		if k != zhibu.KindCommittee {
			return "", zhibu.Problems{{Field: "parent_id", Label: "上级组织", Message: "上级组织：只有党委可以没有上级组织"}}
		}
		if !zhibu.ActorFrom(ctx).Can(zhibu.PermOrgFound, "") {
			return "", zhibu.Errorf(zhibu.ErrForbidden, "无权创建顶级组织")
		}
		return "/", nil
	}
	parent, err := s.Org(ctx, parentID)
	if errors.Is(err, zhibu.ErrNotFound) {
		return "", zhibu.Problems{{Field: "parent_id", Label: "上级组织", Message: "上级组织：不存在"}}
	}
	if err != nil {
		return "", err
	}
	if !parent.Kind.CanHold(k) {
		return "", zhibu.Problems{{Field: "parent_id", Label: "上级组织",
			Message: "上级组织：" + parent.Kind.Label() + "下不能设立" + k.Label()}}
	}
	return parent.Path, nil
}

func writeUnits(ctx context.Context, tx *sql.Tx, orgID int64, units []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM org_units WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	seen := map[string]bool{}
	pos := 0
	for _, u := range units {
		u = strings.TrimSpace(u)
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		pos++
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_units (org_id, name, position) VALUES ($1, $2, $3)`, orgID, u, pos); err != nil {
			return err
		}
	}
	return nil
}

// UpdateOrg changes an org's code, name, founding date and units. Its kind
// and place in the tree change only through MoveOrg.
func (s *Store) UpdateOrg(ctx context.Context, o zhibu.Org) (zhibu.Org, error) {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, o.ID, "修改该组织"); err != nil {
		return zhibu.Org{}, err
	}
	old, err := s.Org(ctx, o.ID)
	if err != nil {
		return zhibu.Org{}, err
	}
	o.Code, o.Name = strings.TrimSpace(o.Code), strings.TrimSpace(o.Name)
	o.Kind, o.ParentID, o.Path, o.Depth = old.Kind, old.ParentID, old.Path, old.Depth
	if err := o.Validate(); err != nil {
		return zhibu.Org{}, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE orgs SET code = $1, name = $2, founded_on = $3, updated_at = $4 WHERE id = $5`,
			o.Code, o.Name, o.FoundedOn, s.stamp(), o.ID)
		if s.dialect.isUniqueViolation(err) {
			return codeTaken(o.Code)
		}
		if err != nil {
			return err
		}
		if err := writeUnits(ctx, tx, o.ID, o.Units); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgEvent(audit.OrgUpdate, o, orgDiff(old, o)))
	})
	if err != nil {
		return zhibu.Org{}, fmt.Errorf("update org: %w", err)
	}
	return s.Org(ctx, o.ID)
}

// MoveOrg puts an org, with its whole subtree, under a new parent. The
// paths of the subtree change in one statement.
func (s *Store) MoveOrg(ctx context.Context, id, newParentID int64) (zhibu.Org, error) {
	if err := s.canMoveOrg(ctx, id, newParentID); err != nil {
		return zhibu.Org{}, err
	}
	o, err := s.Org(ctx, id)
	if err != nil {
		return zhibu.Org{}, err
	}
	if newParentID == 0 {
		return zhibu.Org{}, zhibu.Problems{{Field: "parent_id", Label: "上级组织", Message: "上级组织：不能为空"}}
	}
	parentPath, err := s.checkParent(ctx, o.Kind, newParentID)
	if err != nil {
		return zhibu.Org{}, err
	}
	if strings.HasPrefix(parentPath, o.Path) {
		return zhibu.Org{}, zhibu.Problems{{Field: "parent_id", Label: "上级组织", Message: "上级组织：不能移到本组织或其下级组织之下"}}
	}
	if o.Kind == zhibu.KindGroup && newParentID != o.ParentID {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM people WHERE group_id = $1`, id).Scan(&n); err != nil {
			return zhibu.Org{}, err
		}
		if n > 0 {
			return zhibu.Org{}, zhibu.Problems{{Field: "parent_id", Label: "上级组织", Message: "上级组织：党小组还有成员，不能移到其他支部"}}
		}
	}
	newPath := parentPath + strconv.FormatInt(id, 10) + "/"
	delta := strings.Count(newPath, "/") - strings.Count(o.Path, "/")
	lo, hi := pathRange(o.Path)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET path = $1 || substr(path, $2), depth = depth + $3, updated_at = $4
			WHERE path >= $5 AND path < $6`, newPath, len(o.Path)+1, delta, s.stamp(), lo, hi); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET parent_id = $1 WHERE id = $2`, newParentID, id); err != nil {
			return err
		}
		o.Path = newPath
		if err := s.indexSubtree(ctx, tx, newPath); err != nil { // search.go: the tags of the orgs above
			return err
		}
		return s.audit(ctx, tx, orgEvent(audit.OrgMove, o, fmt.Sprintf("上级组织由%d改为%d", o.ParentID, newParentID)))
	})
	if err != nil {
		return zhibu.Org{}, fmt.Errorf("move org: %w", err)
	}
	return s.Org(ctx, id)
}

// Counts are the roster figures of an org's subtree (a branch with its
// groups, or a committee with every branch below it), or of a group.
func (s *Store) Counts(ctx context.Context, orgID int64) (zhibu.Counts, error) {
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return zhibu.Counts{}, err
	}
	q := (&query{}).add(`SELECT p.status, p.officer, COUNT(*) FROM people p JOIN orgs o ON o.id = p.org_id WHERE p.left_on IS NULL AND `)
	if o.Kind == zhibu.KindGroup {
		q.add("p.group_id = " + q.arg(o.ID))
	} else {
		lo, hi := pathRange(o.Path)
		q.add("o.path >= " + q.arg(lo) + " AND o.path < " + q.arg(hi))
	}
	rows, err := s.db.QueryContext(ctx, q.String()+" GROUP BY p.status, p.officer", q.args...)
	if err != nil {
		return zhibu.Counts{}, fmt.Errorf("counts: %w", err)
	}
	defer rows.Close()
	var c zhibu.Counts
	for rows.Next() {
		var st zhibu.PartyStatus
		var officer bool
		var n int
		if err := rows.Scan(&st, &officer, &n); err != nil {
			return zhibu.Counts{}, fmt.Errorf("counts: %w", err)
		}
		c.Add(st, officer, n)
	}
	return c, rows.Err()
}

// ChildCounts are the roster figures of each child of an org, each over
// the child's subtree, in one query.
func (s *Store) ChildCounts(ctx context.Context, parentID int64) (map[int64]zhibu.Counts, error) {
	if _, err := s.Org(ctx, parentID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, p.status, p.officer, COUNT(*) FROM orgs c
		JOIN orgs o ON o.path >= c.path AND o.path < substr(c.path, 1, length(c.path) - 1) || '0'
		JOIN people p ON p.org_id = o.id AND p.left_on IS NULL
		WHERE c.parent_id = $1 AND c.kind <> $2 GROUP BY c.id, p.status, p.officer`, parentID, string(zhibu.KindGroup))
	if err != nil {
		return nil, fmt.Errorf("child counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]zhibu.Counts{}
	for rows.Next() {
		var id int64
		var st zhibu.PartyStatus
		var officer bool
		var n int
		if err := rows.Scan(&id, &st, &officer, &n); err != nil {
			return nil, fmt.Errorf("child counts: %w", err)
		}
		c := out[id]
		c.Add(st, officer, n)
		out[id] = c
	}
	return out, rows.Err()
}
