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
	"zhibu/internal/secret"
)

// The contexts under which a person's ID number and phone are sealed and
// hashed: a value copied into another column does not decrypt.
const (
	idNumberContext = "people.id_number"
	phoneContext    = "people.phone"
)

const personColumns = `p.id, p.name, p.gender, p.ethnicity, p.birth_date, p.id_number_enc, p.phone_enc, p.unit, p.officer,
	p.education, p.status, p.applied_on, p.activist_on, p.candidate_on, p.admitted_on, p.confirmed_on,
	p.org_id, o.name, COALESCE(g.path, o.path), p.group_id, g.name,
	(SELECT m.start_on FROM memberships m WHERE m.person_id = p.id AND m.end_on IS NULL), p.left_on`

// personColumnsMasked is personColumns with the masks of the ID number
// and phone kept beside their sealed values in their place: a list shown
// masked reads them and decrypts nothing.
var personColumnsMasked = strings.Replace(personColumns, "p.id_number_enc, p.phone_enc", "p.id_number_mask, p.phone_mask", 1)

const personFrom = ` FROM people p JOIN orgs o ON o.id = p.org_id LEFT JOIN orgs g ON g.id = p.group_id`

// scanPerson reads a row of personColumns and decrypts the ID number and
// phone. A value that does not decrypt (another key, an altered row) is an
// error, never a blank.
func (s *Store) scanPerson(row interface{ Scan(...any) error }, p *zhibu.Person) error {
	return s.scanPersonAs(row, p, false)
}

// scanPersonAs is scanPerson, or with masked a row of personColumnsMasked,
// whose ID number and phone are the masks as stored.
// Columns selected after those of the person are read into extra.
func (s *Store) scanPersonAs(row interface{ Scan(...any) error }, p *zhibu.Person, masked bool, extra ...any) error {
	var idEnc, phoneEnc string
	err := row.Scan(append([]any{&p.ID, &p.Name, &p.Gender, &p.Ethnicity, &p.BirthDate, &idEnc, &phoneEnc, &p.Unit, &p.Officer,
		&p.Education, &p.Status, &p.AppliedOn, &p.ActivistOn, &p.CandidateOn, &p.AdmittedOn, &p.ConfirmedOn,
		&p.OrgID, &p.OrgName, &p.OrgPath, idScan{&p.GroupID}, textScan{&p.GroupName}, &p.JoinedOn, &p.LeftOn}, extra...)...)
	if err != nil {
		return err
	}
	if masked {
		p.IDNumber, p.Phone = idEnc, phoneEnc
		return nil
	}
	if p.IDNumber, err = s.box.Open(idEnc, idNumberContext); err != nil {
		return fmt.Errorf("person %d: id number: %w", p.ID, err)
	}
	if p.IDNumber == "" {
		return fmt.Errorf("person %d: id number missing", p.ID)
	}
	if p.Phone, err = s.box.Open(phoneEnc, phoneContext); err != nil {
		return fmt.Errorf("person %d: phone: %w", p.ID, err)
	}
	return nil
}

// sealed is how a person's ID number and phone are stored.
type sealed struct {
	idEnc, idHash, idMask, phoneEnc, phoneMask string
}

func (s *Store) seal(p zhibu.Person) sealed {
	return sealed{
		idEnc:     s.box.Seal(p.IDNumber, idNumberContext),
		idHash:    s.idHash(p.IDNumber),
		idMask:    secret.MaskID(p.IDNumber),
		phoneEnc:  s.box.Seal(p.Phone, phoneContext),
		phoneMask: maskPhone(p.Phone),
	}
}

// idHash is the keyed hash of an ID number, for exact match.
func (s *Store) idHash(id string) string {
	return secret.Hash(s.keys.Data, zhibu.NormalizeIDNumber(id), idNumberContext)
}

func maskPhone(phone string) string {
	if phone == "" {
		return ""
	}
	return secret.MaskPhone(phone)
}

// Masked is p as shown to an actor without zhibu.PermSensitive on its org:
// the ID number as 110101********1234, the phone as 138****5678.
func Masked(p zhibu.Person) zhibu.Person {
	p.IDNumber, p.Phone = secret.MaskID(p.IDNumber), maskPhone(p.Phone)
	return p
}

// KeepMasked returns p with the ID number and phone of old wherever p holds
// their masks unchanged: a form or an API client that was shown the masked
// values and sent them back means "no change".
func KeepMasked(old, p zhibu.Person) zhibu.Person {
	if old.IDNumber != "" && zhibu.NormalizeIDNumber(p.IDNumber) == secret.MaskID(old.IDNumber) {
		p.IDNumber = old.IDNumber
	}
	if old.Phone != "" && strings.ReplaceAll(strings.TrimSpace(p.Phone), " ", "") == maskPhone(old.Phone) {
		p.Phone = old.Phone
	}
	return p
}

// Person returns one person, if the actor's scope covers their org.
func (s *Store) Person(ctx context.Context, id int64) (zhibu.Person, error) {
	q := (&query{}).add(`SELECT ` + personColumns + personFrom + ` WHERE p.id = `)
	q.add(q.arg(id))
	q.scopeSelf(zhibu.ActorFrom(ctx), "COALESCE(g.path, o.path)", "p.id")
	var p zhibu.Person
	err := s.scanPerson(s.queryRow(ctx, q.String(), q.args...), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.Person{}, notFound("人员")
	}
	if err != nil {
		return zhibu.Person{}, fmt.Errorf("person %d: %w", id, err)
	}
	return p, nil
}

// peopleByID reads the people with the given ids whom the actor's scope
// covers, in one query; the others are left out.
func (s *Store) peopleByID(ctx context.Context, ids []int64) (map[int64]zhibu.Person, error) {
	out := make(map[int64]zhibu.Person, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	q := &query{}
	q.add(`SELECT ` + personColumns + personFrom + ` WHERE p.id IN (` + q.list(ids) + `)`)
	q.scopeSelf(zhibu.ActorFrom(ctx), "COALESCE(g.path, o.path)", "p.id")
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p zhibu.Person
		if err := s.scanPerson(rows, &p); err != nil {
			return nil, fmt.Errorf("people: %w", err)
		}
		out[p.ID] = p
	}
	return out, rows.Err()
}

// People lists the people of an org's subtree (or of a group) that match
// f, by org, group and name.
func (s *Store) People(ctx context.Context, orgID int64, f zhibu.PersonFilter) ([]zhibu.Person, error) {
	return s.people(ctx, orgID, f, false)
}

// PeopleMasked is People as a list shows it to anyone: the ID numbers and
// phones masked (as Masked masks them), read from the masks stored beside
// the sealed values, so that nothing is decrypted. A search by the end of
// an ID number longer than the mask shows still decrypts the rows it
// matches, to compare.
func (s *Store) PeopleMasked(ctx context.Context, orgID int64, f zhibu.PersonFilter) ([]zhibu.Person, error) {
	return s.people(ctx, orgID, f, true)
}

func (s *Store) people(ctx context.Context, orgID int64, f zhibu.PersonFilter, masked bool) ([]zhibu.Person, error) {
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
	q.scopeSelf(zhibu.ActorFrom(ctx), "COALESCE(g.path, o.path)", "p.id")
	if f.Left {
		q.add(" AND p.left_on IS NOT NULL")
	} else {
		q.add(" AND p.left_on IS NULL")
	}
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
	// tail, when set, is the end of an ID number longer than the four
	// characters the mask shows: SQL matches those four, and the rows are
	// then checked against the decrypted number.
	var tail string
	if t := strings.TrimSpace(f.Query); t != "" {
		id := zhibu.NormalizeIDNumber(t)
		switch {
		case len(id) == 18 && isIDTail(id):
			q.add(" AND p.id_number_hash = " + q.arg(s.idHash(id)))
		case len(id) >= 4 && len(id) <= 6 && isIDTail(id):
			q.add(" AND p.id_number_mask LIKE " + q.arg("%"+id[len(id)-4:]))
			if len(id) > 4 {
				tail = id
			}
		default:
			q.add(" AND p.name LIKE " + q.arg("%"+likeEscape(t)+"%") + ` ESCAPE '\'`)
		}
	}
	q.add(" ORDER BY o.path, CASE WHEN g.code IS NULL THEN 1 ELSE 0 END, g.code, p.name, p.id")
	if f.Limit > 0 && tail == "" {
		q.add(" LIMIT " + q.arg(f.Limit) + " OFFSET " + q.arg(f.Offset))
	}
	// Masked without a long tail to compare: the stored masks.
	readMasks := masked && tail == ""
	text := q.String()
	if readMasks {
		text = strings.Replace(text, personColumns, personColumnsMasked, 1)
	}
	rows, err := s.db.QueryContext(ctx, text, q.args...)
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	defer rows.Close()
	people := []zhibu.Person{}
	for rows.Next() {
		var p zhibu.Person
		if err := s.scanPersonAs(rows, &p, readMasks); err != nil {
			return nil, fmt.Errorf("people: %w", err)
		}
		if tail == "" || strings.HasSuffix(p.IDNumber, tail) {
			if masked && !readMasks {
				p = Masked(p)
			}
			people = append(people, p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	if tail != "" && f.Limit > 0 {
		people = people[min(f.Offset, len(people)):]
		people = people[:min(f.Limit, len(people))]
	}
	return people, nil
}

// isIDTail reports whether s could be the end of an ID number: digits, the
// last of which may be X.
func isIDTail(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9') && !(c == 'X' && i == len(s)-1) {
			return false
		}
	}
	return true
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// placement checks that a person may be placed in org orgID and group
// groupID: the org is in scope and not a group, the group (if any) is a
// group of that org. It returns the org and the group (zero for none).
func (s *Store) placement(ctx context.Context, orgID, groupID int64) (org, group zhibu.Org, err error) {
	var ps zhibu.Problems
	org, err = s.Org(ctx, orgID)
	switch {
	case errors.Is(err, zhibu.ErrNotFound):
		ps.Add("org_id", "所属组织", "不存在")
		return org, group, ps
	case err != nil:
		return org, group, err
	case org.Kind == zhibu.KindGroup:
		ps.Add("org_id", "所属组织", "应为党支部（党小组另选）")
		return org, group, ps
	}
	if groupID == 0 {
		return org, group, nil
	}
	group, err = s.Org(ctx, groupID)
	switch {
	case errors.Is(err, zhibu.ErrNotFound) || (err == nil && (group.Kind != zhibu.KindGroup || group.ParentID != orgID)):
		ps.Add("group_id", "党小组", "不是"+org.Name+"的党小组")
		return org, group, ps
	case err != nil:
		return org, group, err
	}
	return org, group, nil
}

// personEvent is the audit record of a write to person p in org path.
func personEvent(action audit.Action, id int64, path, detail string) Event {
	return Event{Action: action, ObjectType: "person", ObjectID: strconv.FormatInt(id, 10), OrgPath: path, Result: "ok", Detail: detail}
}

// orgGroup names an org and, if any, a group: 第一党支部 第一党小组.
func orgGroup(org, group string) string {
	if group == "" {
		return org
	}
	return org + " " + group
}

// CreatePerson adds a person to an org (and a group, if GroupID is set),
// opening their membership history on JoinedOn, or today if it is not set.
func (s *Store) CreatePerson(ctx context.Context, p zhibu.Person) (zhibu.Person, error) {
	if err := s.canTarget(ctx, zhibu.PermPeopleWrite, p.OrgID, "在该组织新增人员"); err != nil {
		return zhibu.Person{}, err
	}
	p.Normalize()
	if err := p.Validate(s.today()); err != nil {
		return zhibu.Person{}, err
	}
	org, group, err := s.placement(ctx, p.OrgID, p.GroupID)
	if err != nil {
		return zhibu.Person{}, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		people := []zhibu.Person{p}
		if err := s.insertPeople(ctx, tx, people, "新增"); err != nil {
			return err
		}
		p.ID = people[0].ID
		return s.audit(ctx, tx, personEvent(audit.PersonCreate, p.ID, org.Path,
			"新增人员："+p.Name+"，身份证号"+secret.MaskID(p.IDNumber)+"，"+orgGroup(org.Name, group.Name)))
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
	person, err := tx.PrepareContext(ctx, `INSERT INTO people (name, gender, ethnicity, birth_date,
		id_number_enc, id_number_hash, id_number_mask, phone_enc, phone_mask, unit, officer, education, status,
		applied_on, activist_on, candidate_on, admitted_on, confirmed_on, org_id, group_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) RETURNING id`)
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
	sl := pi.s.seal(*p)
	err := pi.person.QueryRowContext(ctx, p.Name, string(p.Gender), p.Ethnicity, p.BirthDate,
		sl.idEnc, sl.idHash, sl.idMask, sl.phoneEnc, sl.phoneMask, p.Unit, p.Officer, p.Education, string(p.Status),
		p.AppliedOn, p.ActivistOn, p.CandidateOn, p.AdmittedOn, p.ConfirmedOn, p.OrgID, nullID(p.GroupID), now).Scan(&p.ID)
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
	ids := make([]int64, len(people))
	for i := range people {
		if err := pi.insert(ctx, &people[i], reason); err != nil {
			return err
		}
		ids[i] = people[i].ID
	}
	return s.indexSearch(ctx, tx, zhibu.SearchPerson, ids...) // search.go
}

func idNumberTaken() error {
	return zhibu.Problems{{Field: "id_number", Label: "身份证号", Message: "身份证号：已有人员使用该身份证号"}}
}

// UpdatePerson changes a person's own fields (not their org or group: see
// MovePerson) and records what changed in their history. An ID number or
// phone given as its mask is kept (see KeepMasked).
func (s *Store) UpdatePerson(ctx context.Context, p zhibu.Person) (zhibu.Person, error) {
	if err := s.canPerson(ctx, zhibu.PermPeopleWrite, p.ID, "修改该人员"); err != nil {
		return zhibu.Person{}, err
	}
	old, err := s.Person(ctx, p.ID)
	if err != nil {
		return zhibu.Person{}, err
	}
	p = KeepMasked(old, p)
	p.Normalize()
	p.OrgID, p.GroupID, p.JoinedOn = old.OrgID, old.GroupID, old.JoinedOn
	if err := p.Validate(s.today()); err != nil {
		return zhibu.Person{}, err
	}
	changes := personDiff(old, p)
	if len(changes) == 0 {
		return old, nil
	}
	if err := s.devGuard(ctx, old, p); err != nil { // development.go
		return zhibu.Person{}, err
	}
	summary := strings.Join(changes, "；")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		sl := s.seal(p)
		_, err := tx.ExecContext(ctx, `UPDATE people SET name = $1, gender = $2, ethnicity = $3, birth_date = $4,
			id_number_enc = $5, id_number_hash = $6, id_number_mask = $7, phone_enc = $8, phone_mask = $9,
			unit = $10, officer = $11, education = $12, status = $13, applied_on = $14, activist_on = $15,
			candidate_on = $16, admitted_on = $17, confirmed_on = $18, updated_at = $19 WHERE id = $20`,
			p.Name, string(p.Gender), p.Ethnicity, p.BirthDate, sl.idEnc, sl.idHash, sl.idMask, sl.phoneEnc, sl.phoneMask,
			p.Unit, p.Officer, p.Education, string(p.Status), p.AppliedOn, p.ActivistOn, p.CandidateOn, p.AdmittedOn,
			p.ConfirmedOn, s.stamp(), p.ID)
		if s.dialect.isUniqueViolation(err) {
			return idNumberTaken()
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO person_changes (person_id, changed_at, actor, summary) VALUES ($1, $2, $3, $4)`,
			p.ID, s.stamp(), zhibu.ActorFrom(ctx).Name, summary)
		if err != nil {
			return err
		}
		if err := s.indexPerson(ctx, tx, p.ID); err != nil { // search.go
			return err
		}
		return s.audit(ctx, tx, personEvent(audit.PersonUpdate, p.ID, old.OrgPath, summary))
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
	if err := s.canMovePerson(ctx, id, orgID); err != nil {
		return zhibu.Person{}, err
	}
	p, err := s.Person(ctx, id)
	if err != nil {
		return zhibu.Person{}, err
	}
	var ps zhibu.Problems
	if p.Left() {
		return zhibu.Person{}, zhibu.Problems{{Field: "org_id", Label: "所属组织", Message: "所属组织：" + p.Name + "已于" + p.LeftOn.String() + "转出本系统，不能调动"}}
	}
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
	org, group, err := s.placement(ctx, orgID, groupID)
	if err != nil {
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
	reason = strings.TrimSpace(reason)
	detail := "由" + orgGroup(p.OrgName, p.GroupName) + "调至" + orgGroup(org.Name, group.Name) + "，调动日期" + on.String()
	if reason != "" {
		detail += "，原因：" + reason
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.moveTx(ctx, tx, p, orgID, groupID, on, reason); err != nil {
			return err
		}
		// A move between orgs is audited once on each, the one left and
		// the one joined, so that each trail shows it and the reach of
		// audit.PersonMove (one org) covers both; a move between groups of
		// one org once.
		if err := s.audit(ctx, tx, personEvent(audit.PersonMove, id, p.OrgPath, detail)); err != nil {
			return err
		}
		if orgID == p.OrgID {
			return nil
		}
		to := org.Path
		if group.ID != 0 {
			to = group.Path
		}
		return s.audit(ctx, tx, personEvent(audit.PersonMove, id, to, detail))
	})
	if err != nil {
		return zhibu.Person{}, fmt.Errorf("move person: %w", err)
	}
	return s.Person(ctx, id)
}

// moveTx moves person p (as read before the move) to org orgID and group
// groupID on day on in tx: the current membership closes and a new one
// opens, the person's sessions end (another org is another scope), and
// the seats and supervisions they held in the org (or group) they leave end.
func (s *Store) moveTx(ctx context.Context, tx *sql.Tx, p zhibu.Person, orgID, groupID int64, on zhibu.Date, reason string) error {
	now := s.stamp()
	if _, err := tx.ExecContext(ctx, `UPDATE memberships SET end_on = $1 WHERE person_id = $2 AND end_on IS NULL`, on, p.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (person_id, org_id, group_id, start_on, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, p.ID, orgID, nullID(groupID), on, reason, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET org_id = $1, group_id = $2, updated_at = $3 WHERE id = $4`,
		orgID, nullID(groupID), now, p.ID); err != nil {
		return err
	}
	if err := s.indexSearch(ctx, tx, zhibu.SearchPerson, p.ID); err != nil { // search.go
		return err
	}
	// Another org or group is another scope: the person logs in again.
	if err := endSessions(ctx, tx, p.ID); err != nil {
		return err
	}
	if orgID != p.OrgID {
		if _, err := tx.ExecContext(ctx, `UPDATE seats SET end_on = $1 WHERE person_id = $2 AND end_on IS NULL AND org_id <> $3`, on, p.ID, orgID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE supervisions SET end_on = $1 WHERE (supervisor_id = $2 OR officer_id = $2) AND end_on IS NULL AND org_id <> $3`, on, p.ID, orgID); err != nil {
			return err
		}
	}
	if p.GroupID != 0 && groupID != p.GroupID {
		if _, err := tx.ExecContext(ctx, `UPDATE seats SET end_on = $1 WHERE person_id = $2 AND org_id = $3 AND end_on IS NULL`, on, p.ID, p.GroupID); err != nil {
			return err
		}
	}
	return nil
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

// ExistingIDNumbers returns which of ids are already stored, for any org,
// by their keyed hashes. It answers a duplicate check whatever the actor's
// scope, and reveals only "taken", never whose.
func (s *Store) ExistingIDNumbers(ctx context.Context, ids []string) (map[string]bool, error) {
	found := map[string]bool{}
	const batch = 500
	for start := 0; start < len(ids); start += batch {
		chunk := ids[start:min(start+batch, len(ids))]
		byHash := make(map[string][]string, len(chunk))
		q := (&query{}).add(`SELECT id_number_hash FROM people WHERE id_number_hash IN (`)
		for i, id := range chunk {
			if i > 0 {
				q.add(",")
			}
			h := s.idHash(id)
			byHash[h] = append(byHash[h], id)
			q.add(q.arg(h))
		}
		q.add(")")
		rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return nil, fmt.Errorf("existing id numbers: %w", err)
		}
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return nil, err
			}
			for _, id := range byHash[h] {
				found[id] = true
			}
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
	if err := s.canOrg(ctx, zhibu.PermPeopleWrite, orgID, "向该组织导入花名册"); err != nil {
		return 0, err
	}
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
			if _, _, err := s.placement(ctx, orgID, p.GroupID); err != nil {
				return 0, err
			}
			groups[p.GroupID] = true
		}
	}
	org, _, err := s.placement(ctx, orgID, 0)
	if err != nil {
		return 0, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.insertPeople(ctx, tx, people, "花名册导入"); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.PeopleImport, ObjectType: "org", ObjectID: strconv.FormatInt(org.ID, 10),
			OrgPath: org.Path, Result: "ok", Detail: "导入花名册：" + strconv.Itoa(len(people)) + "人，至" + org.Name})
	})
	if err != nil {
		return 0, fmt.Errorf("import people: %w", err)
	}
	return len(people), nil
}

// ExportPeople is People for a file that leaves the system (a spreadsheet,
// a CSV). An actor who holds zhibu.PermSensitive on the org gets the full
// ID numbers and phones, and the export is audited as "roster.export" (if
// the record cannot be written, there is no export); anyone else gets
// them masked, and full is false. format names the file's kind for the
// audit trail ("xlsx", "csv").
func (s *Store) ExportPeople(ctx context.Context, orgID int64, f zhibu.PersonFilter, format string) (people []zhibu.Person, full bool, err error) {
	if err := s.canOrg(ctx, zhibu.PermOrgRead, orgID, "导出该组织的花名册"); err != nil {
		return nil, false, err
	}
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, false, err
	}
	if people, err = s.People(ctx, orgID, f); err != nil {
		return nil, false, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermSensitive, org.Path) {
		for i := range people {
			people[i] = Masked(people[i])
		}
		return people, false, nil
	}
	err = s.Audit(ctx, Event{Action: audit.RosterExport, ObjectType: "org", ObjectID: strconv.FormatInt(org.ID, 10),
		OrgPath: org.Path, Result: "ok",
		Detail: "导出" + org.Name + "花名册（" + format + "）：" + strconv.Itoa(len(people)) + "人，含完整身份证号和手机号"})
	if err != nil {
		return nil, false, fmt.Errorf("export people: %w", err)
	}
	return people, true, nil
}
