package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/secret"
)

// The mailbox (书记、副书记信箱). An anonymous letter is stored without
// anything that names its writer: no writer_id, no time finer than the
// day (written_on), and its audit record is anonymous (Event.Anonymous:
// no account, name or address, the day only). The receipt code is made
// here, shown once, and kept only as a keyed hash.

const letterColumns = `l.id, l.org_id, o.name, o.path, l.recipient, l.anonymous, l.writer_id, COALESCE(w.name, ''), l.subject, l.body,
	l.written_on, l.handler_id, COALESCE(h.name, ''), l.reply, l.replied_on, l.closed_on`

const letterFrom = ` FROM letters l JOIN orgs o ON o.id = l.org_id
	LEFT JOIN people w ON w.id = l.writer_id LEFT JOIN people h ON h.id = l.handler_id`

func scanLetter(row interface{ Scan(...any) error }, l *zhibu.Letter) error {
	var anon int
	var to string
	err := row.Scan(&l.ID, &l.OrgID, &l.OrgName, &l.OrgPath, &to, &anon, idScan{&l.WriterID}, &l.WriterName, &l.Subject, &l.Body,
		&l.WrittenOn, idScan{&l.HandlerID}, &l.Handler, &l.Reply, &l.RepliedOn, &l.ClosedOn)
	l.To, l.Anonymous = zhibu.Recipient(to), anon == 1
	return err
}

// receiptAlphabet leaves out the letters and digits read alike (0/O, 1/I/L).
const receiptAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newReceipt is a random receipt code of 16 characters (about 79 bits),
// shown as four groups: ABCD-EFGH-JKMN-PQRS.
func newReceipt() string {
	b := make([]byte, 16)
	rand.Read(b)
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(receiptAlphabet[int(x)%len(receiptAlphabet)])
	}
	return sb.String()
}

// NormalizeReceipt is a receipt code as typed, in the form it was made:
// upper case, groups of four.
func NormalizeReceipt(code string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(code) {
		if strings.ContainsRune(receiptAlphabet, r) {
			if sb.Len() > 0 && (sb.Len()+1)%5 == 0 {
				sb.WriteByte('-')
			}
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func (s *Store) receiptHash(code string) string {
	return secret.Hash(s.keys.Data, NormalizeReceipt(code), "letter.receipt")
}

// writerBranch is the branch of the actor's own person, read as the
// system: writing a letter or a suggestion is a member's own act on their
// own branch, which no grant names.
func (s *Store) writerBranch(ctx context.Context, what string) (zhibu.Org, error) {
	a := zhibu.ActorFrom(ctx)
	if a.PersonID == 0 {
		return zhibu.Org{}, forbidden(what + "：仅党员本人可以" + what)
	}
	sys := zhibu.WithActor(ctx, zhibu.System)
	p, err := s.Person(sys, a.PersonID)
	if err != nil {
		return zhibu.Org{}, err
	}
	if !p.LeftOn.IsZero() {
		return zhibu.Org{}, forbidden(what + "：已转出的人员不能" + what)
	}
	return s.Org(sys, p.OrgID)
}

// WriteLetter stores a letter from the actor's own person to their
// branch's secretary or deputy, on day on, and returns it with the
// receipt code (shown once). An anonymous letter keeps no writer. The
// actor must be a person (a member writes as themself).
func (s *Store) WriteLetter(ctx context.Context, l zhibu.Letter, on zhibu.Date) (zhibu.Letter, string, error) {
	org, err := s.writerBranch(ctx, "写信")
	if err != nil {
		return zhibu.Letter{}, "", err
	}
	l.OrgID, l.OrgName, l.OrgPath, l.WrittenOn = org.ID, org.Name, org.Path, on
	l.Subject, l.Body = strings.TrimSpace(l.Subject), strings.TrimSpace(l.Body)
	l.WriterID, l.WriterName = 0, ""
	if !l.Anonymous {
		a := zhibu.ActorFrom(ctx)
		l.WriterID, l.WriterName = a.PersonID, a.Name
	}
	if err := l.Validate(); err != nil {
		return zhibu.Letter{}, "", err
	}
	if l.To == zhibu.ToDeputy {
		if ok, err := s.holdsSeat(ctx, org.ID, zhibu.DeputySecretary, on); err != nil {
			return zhibu.Letter{}, "", err
		} else if !ok {
			return zhibu.Letter{}, "", zhibu.Problems{{Field: "to", Label: "收信人", Message: "收信人：本支部现未设副书记，请写给书记"}}
		}
	}
	code := newReceipt()
	anon := 0
	if l.Anonymous {
		anon = 1
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO letters (org_id, recipient, anonymous, writer_id, subject, body, written_on, receipt_hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			org.ID, string(l.To), anon, nullID(l.WriterID), l.Subject, l.Body, on, s.receiptHash(code)).Scan(&l.ID); err != nil {
			return err
		}
		if err := s.indexSearch(ctx, tx, zhibu.SearchLetter, l.ID); err != nil { // search.go
			return err
		}
		e := Event{Action: audit.LetterWrite, ObjectType: "letter", ObjectID: fmt.Sprint(l.ID), OrgPath: org.Path, Result: audit.OK,
			Detail: "致" + l.To.Label() + "的署名来信"}
		if l.Anonymous {
			e.Anonymous, e.Detail = true, "致"+l.To.Label()+"的匿名来信"
		}
		return s.audit(ctx, tx, e)
	})
	if err != nil {
		return zhibu.Letter{}, "", fmt.Errorf("write letter: %w", err)
	}
	return l, code, nil
}

// LetterByReceipt is the letter a receipt code opens, for its writer to
// read the reply. Anyone holding the code may read it: the code is the
// writer's only link to an anonymous letter.
func (s *Store) LetterByReceipt(ctx context.Context, code string) (zhibu.Letter, error) {
	if NormalizeReceipt(code) == "" {
		return zhibu.Letter{}, zhibu.Problems{{Field: "code", Label: "回执码", Message: "回执码：请填写写信时显示的回执码"}}
	}
	var l zhibu.Letter
	err := scanLetter(s.db.QueryRowContext(ctx, `SELECT `+letterColumns+letterFrom+` WHERE l.receipt_hash = $1`, s.receiptHash(code)), &l)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.Letter{}, zhibu.Errorf(zhibu.ErrNotFound, "回执码不正确，未找到对应的信件")
	}
	if err != nil {
		return zhibu.Letter{}, fmt.Errorf("letter by receipt: %w", err)
	}
	l.HandlerID = 0
	return l, nil
}

// LetterFilter selects a branch's letters.
type LetterFilter struct {
	OrgID int64
	Year  int  // 0: every year
	Open  bool // only those waiting for a reply
}

// canReadLetters checks that the actor may read the letters of org: the
// mailbox's handlers only (secretary, deputy, discipline officer), not
// every committee member who reads the branch.
func (s *Store) canReadLetters(ctx context.Context, orgID int64) (zhibu.Org, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return org, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermMailbox, org.Path) {
		return org, forbidden("阅看该支部的信箱")
	}
	return org, nil
}

// Letters lists a branch's letters, newest first, for the mailbox's
// handlers.
func (s *Store) Letters(ctx context.Context, f LetterFilter) ([]zhibu.Letter, error) {
	if _, err := s.canReadLetters(ctx, f.OrgID); err != nil {
		return nil, err
	}
	q := &query{}
	q.add(`SELECT ` + letterColumns + letterFrom + ` WHERE l.org_id = ` + q.arg(f.OrgID))
	if f.Year != 0 {
		q.add(` AND l.written_on >= ` + q.arg(zhibu.MakeDate(f.Year, 1, 1)) + ` AND l.written_on <= ` + q.arg(zhibu.MakeDate(f.Year, 12, 31)))
	}
	if f.Open {
		q.add(` AND l.replied_on IS NULL AND l.closed_on IS NULL`)
	}
	q.add(` ORDER BY l.written_on DESC, l.id DESC`)
	return s.letters(ctx, q)
}

// MyLetters lists the named letters the actor's own person wrote.
func (s *Store) MyLetters(ctx context.Context) ([]zhibu.Letter, error) {
	a := zhibu.ActorFrom(ctx)
	if a.PersonID == 0 {
		return nil, nil
	}
	q := &query{}
	q.add(`SELECT ` + letterColumns + letterFrom + ` WHERE l.writer_id = ` + q.arg(a.PersonID) + ` ORDER BY l.id DESC`)
	return s.letters(ctx, q)
}

func (s *Store) letters(ctx context.Context, q *query) ([]zhibu.Letter, error) {
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("letters: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Letter
	for rows.Next() {
		var l zhibu.Letter
		if err := scanLetter(rows, &l); err != nil {
			return nil, fmt.Errorf("letters: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Letter is one letter, for the mailbox's handlers.
func (s *Store) Letter(ctx context.Context, id int64) (zhibu.Letter, error) {
	var l zhibu.Letter
	err := scanLetter(s.db.QueryRowContext(ctx, `SELECT `+letterColumns+letterFrom+` WHERE l.id = $1`, id), &l)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !zhibu.ActorFrom(ctx).Scope.Covers(l.OrgPath)) {
		return zhibu.Letter{}, notFound("信件")
	}
	if err != nil {
		return zhibu.Letter{}, fmt.Errorf("letter %d: %w", id, err)
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermMailbox, l.OrgPath) {
		return zhibu.Letter{}, forbidden("阅看该信件")
	}
	return l, nil
}

// ReplyLetter records the reply to letter id on day on; the actor's person
// becomes its handler.
func (s *Store) ReplyLetter(ctx context.Context, id int64, reply string, on zhibu.Date) (zhibu.Letter, error) {
	return s.changeLetter(ctx, id, audit.LetterReply, "答复信件", func(l *zhibu.Letter) error { return l.Answer(reply, on) })
}

// CloseLetter closes a replied letter on day on.
func (s *Store) CloseLetter(ctx context.Context, id int64, on zhibu.Date) (zhibu.Letter, error) {
	return s.changeLetter(ctx, id, audit.LetterClose, "办结信件", func(l *zhibu.Letter) error { return l.Close(on) })
}

func (s *Store) changeLetter(ctx context.Context, id int64, act audit.Action, what string, change func(*zhibu.Letter) error) (zhibu.Letter, error) {
	l, err := s.Letter(ctx, id)
	if err != nil {
		return l, err
	}
	if err := change(&l); err != nil {
		return l, err
	}
	a := zhibu.ActorFrom(ctx)
	if a.PersonID != 0 {
		l.HandlerID, l.Handler = a.PersonID, a.Name
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE letters SET reply = $1, replied_on = $2, closed_on = $3, handler_id = COALESCE($4, handler_id)
			WHERE id = $5 AND closed_on IS NULL`, l.Reply, l.RepliedOn, l.ClosedOn, nullID(l.HandlerID), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "该信件已办结")
		}
		if err := s.indexSearch(ctx, tx, zhibu.SearchLetter, id); err != nil { // search.go
			return err
		}
		return s.audit(ctx, tx, Event{Action: act, ObjectType: "letter", ObjectID: fmt.Sprint(id), OrgPath: l.OrgPath, Result: audit.OK,
			Detail: what + "（" + l.WrittenOn.Chinese() + "来信）"})
	})
	if err != nil {
		return l, fmt.Errorf("%s: %w", act, err)
	}
	return l, nil
}

// LetterCounts are the letters of year in numbers, by branch, for every
// branch in root's subtree and the actor's scope: what the superior sees
// of the mailboxes.
func (s *Store) LetterCounts(ctx context.Context, root zhibu.Org, year int) ([]zhibu.LetterCounts, error) {
	lo, hi := pathRange(root.Path)
	q := &query{}
	q.add(`SELECT o.id, o.name, COUNT(*), SUM(l.anonymous),
		SUM(CASE WHEN l.replied_on IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN l.replied_on IS NULL AND l.closed_on IS NULL THEN 1 ELSE 0 END)
		FROM letters l JOIN orgs o ON o.id = l.org_id
		WHERE l.written_on >= ` + q.arg(zhibu.MakeDate(year, 1, 1)) + ` AND l.written_on <= ` + q.arg(zhibu.MakeDate(year, 12, 31)))
	q.add(` AND o.path >= ` + q.arg(lo) + ` AND o.path < ` + q.arg(hi))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(` GROUP BY o.id, o.name, o.path ORDER BY o.path`)
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("letter counts: %w", err)
	}
	defer rows.Close()
	var out []zhibu.LetterCounts
	for rows.Next() {
		var c zhibu.LetterCounts
		if err := rows.Scan(&c.OrgID, &c.OrgName, &c.Received, &c.Anonymous, &c.Replied, &c.Open); err != nil {
			return nil, fmt.Errorf("letter counts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// holdsSeat reports whether someone holds position in org's open term on
// day on (read as the system: a member writing sees no committee).
func (s *Store) holdsSeat(ctx context.Context, orgID int64, p zhibu.Position, on zhibu.Date) (bool, error) {
	t, err := s.CurrentTerm(zhibu.WithActor(ctx, zhibu.System), orgID)
	if errors.Is(err, zhibu.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, st := range t.Seats {
		if st.Position == p && st.Active(on) {
			return true, nil
		}
	}
	return false, nil
}
