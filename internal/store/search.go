package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhibu"
)

// Full-text search (docs/search.md). search_docs holds one row per record
// a person may find, built from the record by its kind's source below, in
// the transaction of every write of the record (indexSearch, one call in
// each write path) and for every record by Reindex (`zhibu search
// reindex`, and the migration that made the table). A search is scoped in
// its SQL: the reader's subtrees (org.read) for records of perm '', the
// subtrees where the reader holds the kind's perm for the others, and the
// records that name the reader as a party.

// searchSource is one kind of record in the index: adding a kind is one
// entry in searchSources and one indexSearch call in each of its write
// paths.
type searchSource struct {
	kind  zhibu.SearchKind
	label string
	// perm is the right that reads the kind's records in a subtree, beyond
	// org.read ("" for org.read alone).
	perm zhibu.Perm
	// link is the page of a record, with {id}, {org} and {year} filled in;
	// partyLink, if set, the page for a reader who is a party, with {self}.
	link, partyLink string
	// id is the id column of sql.
	id string
	// table is the index table ("" for search_docs): the mailbox's letters
	// are kept in search_letters, on pages of their own.
	table string
	// sql selects the records to index, with the columns id, org_id,
	// party_a, party_b, day, title, and then the text to index; it ends in
	// a WHERE clause to which " AND <cond>" is added.
	sql string
	// title makes the shown title from the selected one (nil: as is).
	title func(title, day string) string
	// sensitive text is never selected: ID numbers, phones, birth dates,
	// ballots, an anonymous letter's writer.
}

var searchSources = []searchSource{
	{kind: zhibu.SearchPerson, label: "人员", link: "/people/{id}", id: "p.id",
		sql: `SELECT p.id, COALESCE(p.group_id, p.org_id), p.id, NULL, '', p.name, p.unit, p.education
			FROM people p WHERE 1=1`},
	{kind: zhibu.SearchMeeting, label: "会议", link: "/meetings/{id}", id: "m.id",
		sql: `SELECT m.id, m.org_id, NULL, NULL, m.starts_at, m.type, m.place, m.topics, m.minutes, m.cancel_reason
			FROM meetings m WHERE 1=1`,
		title: func(t, day string) string { return day + " " + zhibu.MeetingType(t).Label() }},
	{kind: zhibu.SearchActivity, label: "主题党日等活动", link: "/orgs/{org}/activities/{id}", id: "a.id",
		sql: `SELECT a.id, a.org_id, NULL, NULL, a.held_on, a.title, a.place, a.summary FROM activities a WHERE 1=1`},
	{kind: zhibu.SearchBulletin, label: "党建信息简报", link: "/orgs/{org}/bulletins/{id}", id: "b.id",
		sql: `SELECT b.id, b.org_id, NULL, NULL, b.published_on, b.title, b.body FROM bulletins b WHERE 1=1`},
	{kind: zhibu.SearchStudy, label: "集中学习", link: "/orgs/{org}/study?year={year}", id: "x.id",
		sql: `SELECT x.id, x.org_id, NULL, NULL, x.held_on, x.topic, x.materials FROM study_sessions x WHERE 1=1`},
	{kind: zhibu.SearchTalk, label: "谈心谈话", perm: zhibu.PermTalkRead, link: "/orgs/{org}/talks?year={year}", partyLink: "/people/{self}/talks", id: "t.id",
		sql: `SELECT t.id, t.org_id, t.a_id, t.b_id, t.held_on, a.name || '与' || b.name || '谈心谈话', t.place, t.topics, t.follow_up
			FROM talks t JOIN people a ON a.id = t.a_id JOIN people b ON b.id = t.b_id WHERE 1=1`},
	// An anonymous letter has no writer_id: nothing of its writer is read.
	{kind: zhibu.SearchLetter, label: "书记信箱来信", perm: zhibu.PermMailbox, link: "/orgs/{org}/mailbox", partyLink: "/mailbox", id: "l.id", table: "search_letters",
		sql: `SELECT l.id, l.org_id, l.writer_id, NULL, l.written_on, l.subject, l.body, l.reply FROM letters l WHERE 1=1`},
}

func (src searchSource) index() string {
	if src.table == "" {
		return "search_docs"
	}
	return src.table
}

func searchSourceOf(kind zhibu.SearchKind) (searchSource, bool) {
	for _, src := range searchSources {
		if src.kind == kind {
			return src, true
		}
	}
	return searchSource{}, false
}

// searchDoc is one row of search_docs.
type searchDoc struct {
	refID, orgID   int64
	partyA, partyB int64
	day, title     string
	body           string
}

// readSearchDocs runs src's query with the extra condition cond.
func readSearchDocs(ctx context.Context, tx *sql.Tx, src searchSource, cond string, args ...any) ([]searchDoc, error) {
	text := src.sql
	if cond != "" {
		text += " AND " + cond
	}
	rows, err := tx.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", src.kind, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []searchDoc
	texts := make([]sql.NullString, len(cols)-6)
	for rows.Next() {
		var d searchDoc
		var day any
		dest := []any{&d.refID, &d.orgID, idScan{&d.partyA}, idScan{&d.partyB}, &day, &d.title}
		for i := range texts {
			dest = append(dest, &texts[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("search %s: %w", src.kind, err)
		}
		if d.day, err = searchDay(day); err != nil {
			return nil, fmt.Errorf("search %s %d: %w", src.kind, d.refID, err)
		}
		if src.title != nil {
			d.title = src.title(d.title, d.day)
		}
		var parts []string
		for _, t := range texts {
			if s := strings.TrimSpace(t.String); s != "" {
				parts = append(parts, s)
			}
		}
		d.body = strings.Join(parts, "\n")
		out = append(out, d)
	}
	return out, rows.Err()
}

// searchDay is the day of a record's date or time column, in China.
func searchDay(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case time.Time:
		return zhibu.Today(x).String(), nil
	case []byte:
		return searchDay(string(x))
	case string:
		if len(x) <= 10 {
			return x, nil
		}
		var t timeScan
		if err := t.Scan(x); err != nil {
			return "", err
		}
		return zhibu.Today(t.t).String(), nil
	}
	return "", fmt.Errorf("a day of type %T", v)
}

// indexSearch brings the index rows of the records ids of kind up to date
// in tx: each is read again by its source and replaced, or removed when
// the source no longer selects it. Every write of an indexed record calls
// it once, in its transaction.
func (s *Store) indexSearch(ctx context.Context, tx *sql.Tx, kind zhibu.SearchKind, ids ...int64) error {
	src, ok := searchSourceOf(kind)
	if !ok {
		return fmt.Errorf("search: unknown kind %q", kind)
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		chunk := ids[:n]
		ids = ids[n:]
		q := &query{}
		list := q.list(chunk)
		args := append([]any{string(kind)}, q.args...)
		// The placeholders of the list follow $1 (the kind).
		del := shiftPlaceholders(list, 1)
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+src.index()+` WHERE kind = $1 AND ref_id IN (`+del+`)`, args...); err != nil {
			return fmt.Errorf("search index %s: %w", kind, err)
		}
		docs, err := readSearchDocs(ctx, tx, src, src.id+" IN ("+list+")", q.args...)
		if err != nil {
			return err
		}
		if err := s.insertSearchDocs(ctx, tx, src, docs); err != nil {
			return err
		}
	}
	return nil
}

// indexPerson indexes person id again, and the talks whose titles name
// them.
func (s *Store) indexPerson(ctx context.Context, tx *sql.Tx, id int64) error {
	if err := s.indexSearch(ctx, tx, zhibu.SearchPerson, id); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM talks WHERE a_id = $1 OR b_id = $1`, id)
	if err != nil {
		return fmt.Errorf("search index talks: %w", err)
	}
	var talks []int64
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		talks = append(talks, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return s.indexSearch(ctx, tx, zhibu.SearchTalk, talks...)
}

// shiftPlaceholders renumbers a list of placeholders "$1, $2" by n.
func shiftPlaceholders(list string, n int) string {
	parts := strings.Split(list, ", ")
	for i, p := range parts {
		k, _ := strconv.Atoi(strings.TrimPrefix(p, "$"))
		parts[i] = "$" + strconv.Itoa(k+n)
	}
	return strings.Join(parts, ", ")
}

func (s *Store) insertSearchDocs(ctx context.Context, tx *sql.Tx, src searchSource, docs []searchDoc) error {
	if len(docs) == 0 {
		return nil
	}
	paths := map[int64]string{}
	k := slices.IndexFunc(searchSources, func(x searchSource) bool { return x.kind == src.kind })
	b := s.newBulkInsert(tx, `INSERT INTO `+src.index()+` (id, kind, ref_id, org_id, party_a, party_b, perm, title, day, body, grams, chars, tags) VALUES `, 13, 100)
	defer b.close()
	for _, d := range docs {
		path, ok := paths[d.orgID]
		if !ok {
			if err := tx.QueryRowContext(ctx, `SELECT path FROM orgs WHERE id = $1`, d.orgID).Scan(&path); err != nil {
				return fmt.Errorf("search index %s %d: %w", src.kind, d.refID, err)
			}
			paths[d.orgID] = path
		}
		grams, chars := zhibu.SearchText(d.title, d.body)
		if err := b.add(ctx, searchRowID(k, d.refID), string(src.kind), d.refID, d.orgID, nullID(d.partyA), nullID(d.partyB), string(src.perm),
			d.title, d.day, d.body, grams, chars, searchTags(src.kind, path, d.partyA, d.partyB)); err != nil {
			return fmt.Errorf("search index %s: %w", src.kind, err)
		}
	}
	if err := b.flush(ctx); err != nil {
		return fmt.Errorf("search index %s: %w", src.kind, err)
	}
	return nil
}

// searchTags are the words that scope an index row: kind, o and the id of
// every org on path, u and the id of each party.
func searchTags(kind zhibu.SearchKind, path string, parties ...int64) string {
	tags := []string{kindTag(kind)}
	for _, id := range strings.Split(strings.Trim(path, "/"), "/") {
		if id != "" {
			tags = append(tags, "o"+id)
		}
	}
	for _, p := range parties {
		if p != 0 {
			tags = append(tags, "u"+strconv.FormatInt(p, 10))
		}
	}
	return strings.Join(tags, " ")
}

func kindTag(kind zhibu.SearchKind) string { return "k" + string(kind) }

// orgTag is the tag of the org at path (its own id, the last of the path).
func orgTag(path string) string {
	p := strings.Split(strings.Trim(path, "/"), "/")
	return "o" + p[len(p)-1]
}

// indexKindsUnder indexes again every record of the given kinds in the
// orgs under path: a bulk write's records, whose ids it does not list.
func (s *Store) indexKindsUnder(ctx context.Context, tx *sql.Tx, path string, kinds ...zhibu.SearchKind) error {
	lo, hi := pathRange(path)
	const under = `SELECT id FROM orgs WHERE path >= $1 AND path < $2`
	for _, kind := range kinds {
		src, ok := searchSourceOf(kind)
		if !ok {
			return fmt.Errorf("search index: no kind %q", kind)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+src.index()+` WHERE org_id IN (`+under+`) AND kind = $3`, lo, hi, string(kind)); err != nil {
			return fmt.Errorf("search index %s: %w", kind, err)
		}
		alias := strings.TrimSuffix(src.id, ".id")
		docs, err := readSearchDocs(ctx, tx, src, alias+".org_id IN ("+under+")", lo, hi)
		if err != nil {
			return err
		}
		if err := s.insertSearchDocs(ctx, tx, src, docs); err != nil {
			return err
		}
	}
	return nil
}

// indexSubtree indexes again every row of the orgs under path, whose tags
// name the orgs above them (after an org moved).
func (s *Store) indexSubtree(ctx context.Context, tx *sql.Tx, path string) error {
	lo, hi := pathRange(path)
	for _, src := range searchSources {
		rows, err := tx.QueryContext(ctx, `SELECT d.ref_id FROM `+src.index()+` d JOIN orgs o ON o.id = d.org_id
			WHERE d.kind = $1 AND o.path >= $2 AND o.path < $3`, string(src.kind), lo, hi)
		if err != nil {
			return fmt.Errorf("search index subtree: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := s.indexSearch(ctx, tx, src.kind, ids...); err != nil {
			return err
		}
	}
	return nil
}

// Reindex builds the whole index again from the records, in one
// transaction, and returns how many rows it holds. Only the system may
// run it (the CLI, the migration).
func (s *Store) Reindex(ctx context.Context) (int, error) {
	if a := zhibu.ActorFrom(ctx); !(a.Scope.All && a.AccountID == 0) {
		return 0, forbidden("重建检索索引")
	}
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = s.reindexTx(ctx, tx)
		return err
	})
	return n, err
}

func (s *Store) reindexTx(ctx context.Context, tx *sql.Tx) (int, error) {
	n := 0
	cleared := map[string]bool{}
	for _, src := range searchSources {
		if !cleared[src.index()] {
			cleared[src.index()] = true
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+src.index()); err != nil {
				return 0, fmt.Errorf("reindex: %w", err)
			}
		}
		docs, err := readSearchDocs(ctx, tx, src, "")
		if err != nil {
			return 0, err
		}
		if err := s.insertSearchDocs(ctx, tx, src, docs); err != nil {
			return 0, err
		}
		n += len(docs)
	}
	return n, nil
}

// fillSearch is the migration's fill: the index of the records already
// there.
func (s *Store) fillSearch(ctx context.Context, tx *sql.Tx) error {
	_, err := s.reindexTx(ctx, tx)
	return err
}

// SearchLimit is how many hits of each kind Search returns.
const SearchLimit = 20

// searchFirst is how many hits of every kind a search reads at once.
const searchFirst = 100

// searchRowID is the id of the index row of record ref of the kind at
// position k of searchSources: the kind is the id's last four bits, so
// that one full-text query answers every kind of a table, and a kind's
// newest records are its highest ids.
func searchRowID(k int, ref int64) int64 { return ref<<4 | int64(k) }

// Search finds the records the actor may read that hold every term of q,
// grouped by kind in the order of searchSources, the newest first; at
// most SearchLimit of each kind (More marks a kind with more).
func (s *Store) Search(ctx context.Context, q zhibu.SearchQuery) ([]zhibu.SearchGroup, error) {
	a := zhibu.ActorFrom(ctx)
	ids := map[int][]int64{} // by position in searchSources, newest first
	more := map[int]bool{}
	// read adds the ids of a query to their kinds and returns how many it
	// read.
	read := func(q *query) (int, error) {
		rows, done, err := s.searchRows(ctx, q)
		if err != nil {
			return 0, fmt.Errorf("search: %w", err)
		}
		defer done()
		n := 0
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return 0, fmt.Errorf("search: %w", err)
			}
			n++
			k := int(id & 15)
			if len(ids[k]) == SearchLimit {
				more[k] = true
				continue
			}
			ids[k] = append(ids[k], id)
		}
		return n, rows.Err()
	}
	// The newest searchFirst hits of each table, every kind at once: when
	// there are fewer, that is every hit; when not, each kind not yet full
	// is asked for alone.
	done := map[string]bool{}
	for _, src := range searchSources {
		table := src.index()
		if done[table] {
			continue
		}
		done[table] = true
		qq := &query{}
		if !s.dialect.searchIDs(qq, table, q, a, "", searchFirst) {
			continue
		}
		n, err := read(qq)
		if err != nil {
			return nil, err
		}
		if n < searchFirst {
			continue
		}
		for k, x := range searchSources {
			if x.index() != table || len(ids[k]) == SearchLimit {
				continue
			}
			ids[k] = nil
			qq := &query{}
			if !s.dialect.searchIDs(qq, table, q, a, x.kind, SearchLimit+1) {
				continue
			}
			if _, err := read(qq); err != nil {
				return nil, err
			}
		}
	}
	var groups []zhibu.SearchGroup
	for k, src := range searchSources {
		if len(ids[k]) == 0 {
			continue
		}
		hits, err := s.searchHits(ctx, a, q, src, ids[k])
		if err != nil {
			return nil, err
		}
		groups = append(groups, zhibu.SearchGroup{Kind: src.kind, Label: src.label, Hits: hits, More: more[k]})
	}
	return groups, nil
}

// searchRows runs a search's query of ids; done closes what it opened.
// On PostgreSQL it runs in a read-only transaction planned for its own
// words (plan_cache_mode force_custom_plan): pgx keeps statements
// prepared, and from the sixth run PostgreSQL may plan a prepared search
// generically, blind to how common its words are — at M a generic plan
// of a committee's search of 党费 (forced, in psql) read and sorted
// 35,000 rows in 254 ms where the custom plan reads the newest rows
// backwards and stops at the limit in 0.1 ms.
func (s *Store) searchRows(ctx context.Context, q *query) (rows *sql.Rows, done func(), err error) {
	if s.dialect != postgres {
		rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return nil, nil, err
		}
		return rows, func() { rows.Close() }, nil
	}
	tx, err := s.db.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, err
	}
	var mode string // SET LOCAL, as a read: set_config(…, true) ends with the transaction
	if err := tx.QueryRowContext(ctx, `SELECT set_config('plan_cache_mode', 'force_custom_plan', true)`).Scan(&mode); err != nil {
		tx.Rollback()
		return nil, nil, err
	}
	rows, err = tx.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		tx.Rollback()
		return nil, nil, err
	}
	return rows, func() { rows.Close(); tx.Rollback() }, nil
}

// searchHits reads the index rows ids of src's kind as hits, in the order
// of ids.
func (s *Store) searchHits(ctx context.Context, a zhibu.Actor, sq zhibu.SearchQuery, src searchSource, ids []int64) ([]zhibu.SearchHit, error) {
	q := &query{}
	q.add(`SELECT d.ref_id, d.org_id, o.name, d.party_a, d.party_b, d.title, d.day, d.body FROM ` + src.index() + ` d
		JOIN orgs o ON o.id = d.org_id WHERE d.id IN (` + q.list(ids) + `) ORDER BY d.id DESC`)
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var hits []zhibu.SearchHit
	for rows.Next() {
		var h zhibu.SearchHit
		var partyA, partyB int64
		var body string
		if err := rows.Scan(&h.ID, &h.OrgID, &h.OrgName, idScan{&partyA}, idScan{&partyB}, &h.Title, &h.Day, &body); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		h.Kind = src.kind
		link := src.link
		if src.partyLink != "" && a.PersonID != 0 && (partyA == a.PersonID || partyB == a.PersonID) {
			link = src.partyLink
		}
		h.Link = searchLink(link, h.ID, h.OrgID, h.Day, a.PersonID)
		h.Snippet = sq.Snippet(body, 80)
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// searchLink is the page of a record from its source's link pattern.
func searchLink(pattern string, id, org int64, day string, self int64) string {
	year := ""
	if len(day) >= 4 {
		year = day[:4]
	}
	link := strings.NewReplacer("{id}", strconv.FormatInt(id, 10), "{org}", strconv.FormatInt(org, 10),
		"{year}", year, "{self}", strconv.FormatInt(self, 10)).Replace(pattern)
	return strings.TrimSuffix(link, "?year=")
}

// searchScope is the tags of which an index row of a kind read with perm
// must hold one for the actor to read it: the tags of the orgs where the
// actor reads the kind (org.read for perm "", else perm), and the actor's
// own person's. Nil with ok: every row (the system, a system-wide grant);
// not ok: no row.
func searchScope(a zhibu.Actor, perm zhibu.Perm) (tags []string, ok bool) {
	if a.Scope.All && a.AccountID == 0 {
		return nil, true // the system
	}
	if perm == "" {
		if a.Scope.All {
			return nil, true
		}
		for _, p := range a.Scope.Paths {
			tags = append(tags, orgTag(p))
		}
	} else {
		for _, g := range a.Grants {
			if g.Perm != perm {
				continue
			}
			if g.Path == "" {
				return nil, true
			}
			tags = append(tags, orgTag(g.Path))
		}
	}
	if a.PersonID != 0 {
		tags = append(tags, "u"+strconv.FormatInt(a.PersonID, 10))
	}
	return tags, len(tags) > 0
}

// searchIDs adds the query of the ids of the index rows of table that hold
// sq's terms and that the actor may read — for each right that reads some
// of the table's kinds, a row of one of those kinds with one of the
// actor's tags for that right — newest first, at most limit; of kind only,
// if set. It reports false when the actor may read no row of the table.
func (d dialect) searchIDs(q *query, table string, sq zhibu.SearchQuery, a zhibu.Actor, only zhibu.SearchKind, limit int) bool {
	or, and := " OR ", " AND "
	tag := func(t string) string { return "tags : " + t }
	if d == postgres {
		or, and = " | ", " & "
		tag = func(t string) string { return t }
	}
	// The kinds of the table by the right that reads them.
	var perms []zhibu.Perm
	kinds := map[zhibu.Perm][]string{}
	for _, src := range searchSources {
		if src.index() != table || only != "" && src.kind != only {
			continue
		}
		if _, ok := kinds[src.perm]; !ok {
			perms = append(perms, src.perm)
		}
		kinds[src.perm] = append(kinds[src.perm], tag(kindTag(src.kind)))
	}
	var reads []string
	for _, perm := range perms {
		scope, ok := searchScope(a, perm)
		if !ok {
			continue
		}
		clause := "(" + strings.Join(kinds[perm], or) + ")"
		if len(scope) > 0 {
			ts := make([]string, len(scope))
			for i, t := range scope {
				ts[i] = tag(t)
			}
			clause = "(" + clause + and + "(" + strings.Join(ts, or) + "))"
		}
		reads = append(reads, clause)
	}
	if len(reads) == 0 {
		return false
	}
	readable := "(" + strings.Join(reads, or) + ")"

	var grams, chars []string
	for _, t := range sq.Terms {
		if t.Char != "" {
			chars = append(chars, t.Char)
			continue
		}
		parts := make([]string, len(t.Grams))
		for i, g := range t.Grams {
			if d == sqlite {
				parts[i] = `"` + g + `"`
				if t.Prefix[i] {
					parts[i] += " *"
				}
			} else {
				parts[i] = "'" + g + "'"
				if t.Prefix[i] {
					parts[i] += ":*"
				}
			}
		}
		if d == sqlite {
			grams = append(grams, "grams : "+strings.Join(parts, " + "))
		} else {
			grams = append(grams, "("+strings.Join(parts, " <-> ")+")")
		}
	}
	if d == sqlite {
		terms := grams
		for _, c := range chars {
			terms = append(terms, `chars : "`+c+`"`)
		}
		terms = append(terms, readable)
		q.add(`SELECT rowid FROM ` + table + `_fts WHERE ` + table + `_fts MATCH ` + q.arg(strings.Join(terms, " AND ")) + ` ORDER BY rowid DESC LIMIT ` + strconv.Itoa(limit))
		return true
	}
	q.add(`SELECT d.id FROM ` + table + ` d WHERE d.tags_tsv @@ to_tsquery('simple', ` + q.arg(readable) + `)`)
	if only != "" {
		// One kind: its rows newest first through (kind, id), so a word
		// rare in that kind reads that kind's rows, not the table's.
		q.add(` AND d.kind = ` + q.arg(string(only)))
	}
	if len(grams) > 0 {
		q.add(` AND d.grams_tsv @@ to_tsquery('simple', ` + q.arg(strings.Join(grams, " & ")) + `)`)
	}
	if len(chars) > 0 {
		q.add(` AND d.chars_tsv @@ to_tsquery('simple', ` + q.arg(strings.Join(chars, " & ")) + `)`)
	}
	q.add(` ORDER BY d.id DESC LIMIT ` + strconv.Itoa(limit))
	return true
}
