package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"zhibu"
)

const personColumns = `p.id, p.name, p.gender, p.ethnicity, p.birth_date, p.id_number, p.phone, p.unit, p.officer,
	p.education, p.status, p.applied_on, p.activist_on, p.candidate_on, p.admitted_on, p.confirmed_on,
	p.org_id, o.name, p.group_id, g.name,
	(SELECT m.start_on FROM memberships m WHERE m.person_id = p.id AND m.end_on IS NULL)`

const personFrom = ` FROM people p JOIN orgs o ON o.id = p.org_id LEFT JOIN orgs g ON g.id = p.group_id`

func scanPerson(row interface{ Scan(...any) error }, p *zhibu.Person) error {
	return row.Scan(&p.ID, &p.Name, &p.Gender, &p.Ethnicity, &p.BirthDate, &p.IDNumber, &p.Phone, &p.Unit, &p.Officer,
		&p.Education, &p.Status, &p.AppliedOn, &p.ActivistOn, &p.CandidateOn, &p.AdmittedOn, &p.ConfirmedOn,
		&p.OrgID, &p.OrgName, idScan{&p.GroupID}, textScan{&p.GroupName}, &p.JoinedOn)
}

// Person returns one person, if the actor's scope covers their org.
func (s *Store) Person(ctx context.Context, id int64) (zhibu.Person, error) {
	q := (&query{}).add(`SELECT ` + personColumns + personFrom + ` WHERE p.id = `)
	q.add(q.arg(id))
	q.scopeSelf(zhibu.ActorFrom(ctx), "o.path", "p.id")
	var p zhibu.Person
	err := scanPerson(s.db.QueryRowContext(ctx, q.String(), q.args...), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.Person{}, notFound("人员")
	}
	if err != nil {
		return zhibu.Person{}, fmt.Errorf("person %d: %w", id, err)
	}
	return p, nil
}

// People lists the people of an org's subtree (or of a group) that match
// f, by org, group and name.
func (s *Store) People(ctx context.Context, orgID int64, f zhibu.PersonFilter) ([]zhibu.Person, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	q := (&query{}).add(`SELECT ` + personColumns + personFrom + ` WHERE 1=1`)
	switch org.Kind {
	case zhibu.KindGroup:
		q.add(" AND p.group_id = " + q.arg(org.ID))
	case zhibu.KindBranch:
		q.add(" AND p.org_id = " + q.arg(org.ID))
	default:
		lo, hi := pathRange(org.Path)
		q.add(" AND o.path >= " + q.arg(lo) + " AND o.path < " + q.arg(hi))
	}
	q.scopeSelf(zhibu.ActorFrom(ctx), "o.path", "p.id")
	switch {
	case f.Members:
		q.add(" AND p.status IN (" + q.arg(string(zhibu.Probationary)) + ", " + q.arg(string(zhibu.FullMember)) + ")")
	case f.Status != "":
		q.add(" AND p.status = " + q.arg(string(f.Status)))
	}
	switch {
	case f.GroupID > 0:
		q.add(" AND p.group_id = " + q.arg(f.GroupID))
	case f.GroupID < 0:
		q.add(" AND p.group_id IS NULL")
	}
	if f.Unit != "" {
		q.add(" AND p.unit = " + q.arg(f.Unit))
	}
	if f.Officer != nil {
		q.add(" AND p.officer = " + q.arg(*f.Officer))
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		q.add(" AND (p.name LIKE " + q.arg("%"+likeEscape(t)+"%") + ` ESCAPE '\' OR p.id_number LIKE ` + q.arg("%"+likeEscape(zhibu.NormalizeIDNumber(t))) + ` ESCAPE '\')`)
	}
	q.add(" ORDER BY o.path, CASE WHEN g.code IS NULL THEN 1 ELSE 0 END, g.code, p.name, p.id")
	if f.Limit > 0 {
		q.add(" LIMIT " + q.arg(f.Limit) + " OFFSET " + q.arg(f.Offset))
	}
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	defer rows.Close()
	people := []zhibu.Person{}
	for rows.Next() {
		var p zhibu.Person
		if err := scanPerson(rows, &p); err != nil {
			return nil, fmt.Errorf("people: %w", err)
		}
		people = append(people, p)
	}
	return people, rows.Err()
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// placement checks that a person may be placed in org orgID and group
// groupID: the org is in scope and not a group, the group (if any) is a
// group of that org.
func (s *Store) placement(ctx context.Context, orgID, groupID int64) error {
	var ps zhibu.Problems
	org, err := s.Org(ctx, orgID)
	switch {
	case errors.Is(err, zhibu.ErrNotFound):
		ps.Add("org_id", "所属组织", "不存在")
		return ps
	case err != nil:
		return err
	case org.Kind == zhibu.KindGroup:
		ps.Add("org_id", "所属组织", "应为党支部（党小组另选）")
		return ps
	}
	if groupID == 0 {
		return nil
	}
	g, err := s.Org(ctx, groupID)
	switch {
	case errors.Is(err, zhibu.ErrNotFound) || (err == nil && (g.Kind != zhibu.KindGroup || g.ParentID != orgID)):
		ps.Add("group_id", "党小组", "不是"+org.Name+"的党小组")
		return ps
	case err != nil:
		return err
	}
	return nil
}

// CreatePerson adds a person to an org (and a group, if GroupID is set),
// opening their membership history on JoinedOn, or today if it is not set.
func (s *Store) CreatePerson(ctx context.Context, p zhibu.Person) (zhibu.Person, error) {
	p.Normalize()
	if err := p.Validate(s.today()); err != nil {
		return zhibu.Person{}, err
	}
	if err := s.placement(ctx, p.OrgID, p.GroupID); err != nil {
		return zhibu.Person{}, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		people := []zhibu.Person{p}
		err := s.insertPeople(ctx, tx, people, "新增")
		p.ID = people[0].ID
		return err
	})
	if err != nil {
		return zhibu.Person{}, fmt.Errorf("create person: %w", err)
	}
	return s.Person(ctx, p.ID)
}

// personInserter adds people in a transaction with statements prepared
// once, so a roster of thousands does not prepare thousands of statements.
type personInserter struct {
	s                  *Store
	person, membership *sql.Stmt
}

func (s *Store) personInserter(ctx context.Context, tx *sql.Tx) (*personInserter, error) {
	person, err := tx.PrepareContext(ctx, `INSERT INTO people (name, gender, ethnicity, birth_date, id_number, phone, unit, officer,
		education, status, applied_on, activist_on, candidate_on, admitted_on, confirmed_on, org_id, group_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) RETURNING id`)
	if err != nil {
		return nil, err
	}
	membership, err := tx.PrepareContext(ctx, `INSERT INTO memberships (person_id, org_id, group_id, start_on, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`)
	if err != nil {
		person.Close()
		return nil, err
	}
	return &personInserter{s, person, membership}, nil
}

func (pi *personInserter) Close() {
	pi.person.Close()
	pi.membership.Close()
}

// insert adds p, setting its ID, and opens its membership on JoinedOn (or
// today).
func (pi *personInserter) insert(ctx context.Context, p *zhibu.Person, reason string) error {
	now := pi.s.stamp()
	joined := p.JoinedOn
	if joined.IsZero() {
		joined = pi.s.today()
	}
	err := pi.person.QueryRowContext(ctx, p.Name, string(p.Gender), p.Ethnicity, p.BirthDate, p.IDNumber, p.Phone, p.Unit, p.Officer,
		p.Education, string(p.Status), p.AppliedOn, p.ActivistOn, p.CandidateOn, p.AdmittedOn, p.ConfirmedOn,
		p.OrgID, nullID(p.GroupID), now).Scan(&p.ID)
	if pi.s.dialect.isUniqueViolation(err) {
		return idNumberTaken()
	}
	if err != nil {
		return err
	}
	_, err = pi.membership.ExecContext(ctx, p.ID, p.OrgID, nullID(p.GroupID), joined, reason, now)
	return err
}

// insertPeople adds people in tx.
func (s *Store) insertPeople(ctx context.Context, tx *sql.Tx, people []zhibu.Person, reason string) error {
	pi, err := s.personInserter(ctx, tx)
	if err != nil {
		return err
	}
	defer pi.Close()
	for i := range people {
		if err := pi.insert(ctx, &people[i], reason); err != nil {
			return err
		}
	}
	return nil
}

func idNumberTaken() error {
	return zhibu.Problems{{Field: "id_number", Label: "身份证号", Message: "身份证号：已有人员使用该身份证号"}}
}

// UpdatePerson changes a person's own fields (not their org or group: see
// MovePerson) and records what changed in their history.
func (s *Store) UpdatePerson(ctx context.Context, p zhibu.Person) (zhibu.Person, error) {
	old, err := s.Person(ctx, p.ID)
	if err != nil {
		return zhibu.Person{}, err
	}
	p.Normalize()
	p.OrgID, p.GroupID, p.JoinedOn = old.OrgID, old.GroupID, old.JoinedOn
	if err := p.Validate(s.today()); err != nil {
		return zhibu.Person{}, err
	}
	changes := personDiff(old, p)
	if len(changes) == 0 {
		return old, nil
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE people SET name = $1, gender = $2, ethnicity = $3, birth_date = $4, id_number = $5,
			phone = $6, unit = $7, officer = $8, education = $9, status = $10, applied_on = $11, activist_on = $12,
			candidate_on = $13, admitted_on = $14, confirmed_on = $15, updated_at = $16 WHERE id = $17`,
			p.Name, string(p.Gender), p.Ethnicity, p.BirthDate, p.IDNumber, p.Phone, p.Unit, p.Officer, p.Education,
			string(p.Status), p.AppliedOn, p.ActivistOn, p.CandidateOn, p.AdmittedOn, p.ConfirmedOn, s.stamp(), p.ID)
		if s.dialect.isUniqueViolation(err) {
			return idNumberTaken()
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO person_changes (person_id, changed_at, actor, summary) VALUES ($1, $2, $3, $4)`,
			p.ID, s.stamp(), zhibu.ActorFrom(ctx).Name, strings.Join(changes, "；"))
		return err
	})
	if err != nil {
		return zhibu.Person{}, fmt.Errorf("update person: %w", err)
	}
	return s.Person(ctx, p.ID)
}

// personDiff describes, in Chinese, each field that differs. The ID number
// and phone are named but their values are not written into history.
func personDiff(a, b zhibu.Person) []string {
	var out []string
	field := func(label, x, y string) {
		if x != y {
			out = append(out, label+"："+orDash(x)+" → "+orDash(y))
		}
	}
	secret := func(label, x, y string) {
		if x != y {
			out = append(out, label+"已修改")
		}
	}
	yesNo := map[bool]string{true: "是", false: "否"}
	field("姓名", a.Name, b.Name)
	field("性别", string(a.Gender), string(b.Gender))
	field("民族", a.Ethnicity, b.Ethnicity)
	field("出生日期", a.BirthDate.String(), b.BirthDate.String())
	secret("身份证号", a.IDNumber, b.IDNumber)
	secret("手机号", a.Phone, b.Phone)
	field("单位", a.Unit, b.Unit)
	field("是否民警", yesNo[a.Officer], yesNo[b.Officer])
	field("学历", a.Education, b.Education)
	field("政治面貌", a.Status.Label(), b.Status.Label())
	field("入党申请日期", a.AppliedOn.String(), b.AppliedOn.String())
	field("确定积极分子日期", a.ActivistOn.String(), b.ActivistOn.String())
	field("确定发展对象日期", a.CandidateOn.String(), b.CandidateOn.String())
	field("入党日期", a.AdmittedOn.String(), b.AdmittedOn.String())
	field("转正日期", a.ConfirmedOn.String(), b.ConfirmedOn.String())
	return out
}

func orDash(s string) string {
	if s == "" {
		return "（空）"
	}
	return s
}

// MovePerson moves a person to another org and/or group on a date. Their
// current membership closes and a new one opens; seats and supervisions
// they held in the org they leave end on the same date.
func (s *Store) MovePerson(ctx context.Context, id, orgID, groupID int64, on zhibu.Date, reason string) (zhibu.Person, error) {
	p, err := s.Person(ctx, id)
	if err != nil {
		return zhibu.Person{}, err
	}
	var ps zhibu.Problems
	if on.IsZero() || !on.Valid() {
		ps.Add("on", "调动日期", "不能为空，且须为有效日期")
	} else if on.After(s.today()) {
		ps.Add("on", "调动日期", "不能晚于今天")
	}
	if len([]rune(reason)) > 200 {
		ps.Add("reason", "调动原因", "不能超过200个字")
	}
	if len(ps) > 0 {
		return zhibu.Person{}, ps
	}
	if err := s.placement(ctx, orgID, groupID); err != nil {
		return zhibu.Person{}, err
	}
	if orgID == p.OrgID && groupID == p.GroupID {
		return zhibu.Person{}, zhibu.Problems{{Field: "org_id", Label: "所属组织", Message: "所属组织：与现在相同，无需调动"}}
	}
	var start zhibu.Date
	if err := s.db.QueryRowContext(ctx, `SELECT start_on FROM memberships WHERE person_id = $1 AND end_on IS NULL`, id).Scan(&start); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return zhibu.Person{}, fmt.Errorf("move person: %w", err)
	}
	if on.Before(start) {
		return zhibu.Person{}, zhibu.Problems{{Field: "on", Label: "调动日期", Message: "调动日期：不能早于上次调动日期（" + start.String() + "）"}}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		if _, err := tx.ExecContext(ctx, `UPDATE memberships SET end_on = $1 WHERE person_id = $2 AND end_on IS NULL`, on, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (person_id, org_id, group_id, start_on, reason, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, orgID, nullID(groupID), on, strings.TrimSpace(reason), now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET org_id = $1, group_id = $2, updated_at = $3 WHERE id = $4`,
			orgID, nullID(groupID), now, id); err != nil {
			return err
		}
		if orgID != p.OrgID {
			if _, err := tx.ExecContext(ctx, `UPDATE seats SET end_on = $1 WHERE person_id = $2 AND end_on IS NULL AND org_id <> $3`, on, id, orgID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE supervisions SET end_on = $1 WHERE (supervisor_id = $2 OR officer_id = $2) AND end_on IS NULL AND org_id <> $3`, on, id, orgID); err != nil {
				return err
			}
		}
		if p.GroupID != 0 && groupID != p.GroupID {
			_, err := tx.ExecContext(ctx, `UPDATE seats SET end_on = $1 WHERE person_id = $2 AND org_id = $3 AND end_on IS NULL`, on, id, p.GroupID)
			return err
		}
		return nil
	})
	if err != nil {
		return zhibu.Person{}, fmt.Errorf("move person: %w", err)
	}
	return s.Person(ctx, id)
}

// Moves is a person's membership history, newest first.
func (s *Store) Moves(ctx context.Context, personID int64) ([]zhibu.Move, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, m.person_id, m.org_id, o.name, m.group_id, g.name, m.start_on, m.end_on, m.reason
		FROM memberships m JOIN orgs o ON o.id = m.org_id LEFT JOIN orgs g ON g.id = m.group_id
		WHERE m.person_id = $1 ORDER BY m.start_on DESC, m.id DESC`, personID)
	if err != nil {
		return nil, fmt.Errorf("moves: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Move
	for rows.Next() {
		var m zhibu.Move
		if err := rows.Scan(&m.ID, &m.PersonID, &m.OrgID, &m.OrgName, idScan{&m.GroupID}, textScan{&m.GroupName}, &m.StartOn, &m.EndOn, &m.Reason); err != nil {
			return nil, fmt.Errorf("moves: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Change is one recorded edit of a person.
type Change struct {
	At      string `json:"at"` // local time, 2006-01-02 15:04
	Actor   string `json:"actor"`
	Summary string `json:"summary"`
}

// Changes is a person's edit history, newest first.
func (s *Store) Changes(ctx context.Context, personID int64) ([]Change, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT changed_at, actor, summary FROM person_changes WHERE person_id = $1 ORDER BY changed_at DESC, id DESC`, personID)
	if err != nil {
		return nil, fmt.Errorf("changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var at timeScan
		if err := rows.Scan(&at, &c.Actor, &c.Summary); err != nil {
			return nil, fmt.Errorf("changes: %w", err)
		}
		c.At = at.t.In(zhibu.DefaultZone).Format("2006-01-02 15:04")
		out = append(out, c)
	}
	return out, rows.Err()
}

// ExistingIDNumbers returns which of ids are already stored, for any org.
// It answers a duplicate check whatever the actor's scope, and reveals only
// "taken", never whose.
func (s *Store) ExistingIDNumbers(ctx context.Context, ids []string) (map[string]bool, error) {
	found := map[string]bool{}
	const batch = 500
	for start := 0; start < len(ids); start += batch {
		chunk := ids[start:min(start+batch, len(ids))]
		q := (&query{}).add(`SELECT id_number FROM people WHERE id_number IN (`)
		for i, id := range chunk {
			if i > 0 {
				q.add(",")
			}
			q.add(q.arg(id))
		}
		q.add(")")
		rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return nil, fmt.Errorf("existing id numbers: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			found[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return found, nil
}

// ImportPeople adds many people to one org in a single transaction: all
// of them or, on any error, none. Callers check the rows first (see
// package roster); this re-validates each person as a last guard.
func (s *Store) ImportPeople(ctx context.Context, orgID int64, people []zhibu.Person) (int, error) {
	today := s.today()
	for i := range people {
		people[i].OrgID = orgID
		people[i].Normalize()
		if err := people[i].Validate(today); err != nil {
			return 0, fmt.Errorf("import row %d: %w", i+1, err)
		}
	}
	groups := map[int64]bool{}
	for _, p := range people {
		if p.GroupID != 0 && !groups[p.GroupID] {
			if err := s.placement(ctx, orgID, p.GroupID); err != nil {
				return 0, err
			}
			groups[p.GroupID] = true
		}
	}
	if err := s.placement(ctx, orgID, 0); err != nil {
		return 0, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return s.insertPeople(ctx, tx, people, "花名册导入")
	})
	if err != nil {
		return 0, fmt.Errorf("import people: %w", err)
	}
	return len(people), nil
}
