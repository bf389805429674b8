package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestAnonymousLetter writes an anonymous letter as a member with an
// account, a session and an address, then looks for anything that links
// the letter to them: the letter's row, every row of every table that
// holds the letter's text, the audit record of the write, and, on SQLite,
// every page of the database file and of its WAL that holds the letter.
// None may hold the writer's person id, account, name, login, address or
// session; the letter keeps its day only. The same search finds the writer
// elsewhere (their person row), so it can fail.
func TestAnonymousLetter(t *testing.T) {
	storetest.EachRaw(t, func(t *testing.T, s *store.Store, raw *sql.DB) {
		s.SetClock(func() time.Time { return time.Date(2026, 3, 5, 6, 17, 42, 0, time.UTC) })
		branch, _, members := branchWithCommittee(t, s)
		writer := members[3]
		acct, err := s.CreateAccount(sys, zhibu.Account{Login: "niming_writer", PersonID: writer.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		const address, session = "10.77.66.55", "SESSIONHASHxyz0123456789abcdef"
		if err := s.LoginSucceeded(sys, acct.ID, session, address, "Mozilla/5.0 marker-agent", s.Now()); err != nil {
			t.Fatal(err)
		}
		ctx := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: acct.ID, PersonID: writer.ID, Name: writer.Name,
			Roles: []zhibu.Role{zhibu.RoleMember}, Scope: zhibu.Scope{Self: writer.ID}, Address: address})
		const marker = "匿名信内容标记QZX"
		l, code, err := s.WriteLetter(ctx, zhibu.Letter{To: zhibu.ToSecretary, Anonymous: true, Subject: "意见", Body: marker}, zhibu.MakeDate(2026, 3, 5))
		if err != nil {
			t.Fatal(err)
		}
		if code == "" || l.WriterID != 0 || l.OrgID != branch.ID {
			t.Fatalf("letter %+v, code %q", l, code)
		}
		// The receipt code is not stored, only its keyed hash.
		secrets := []string{writer.Name, "niming_writer", address, session, "marker-agent", code, strings.ReplaceAll(code, "-", "")}

		// The letter's row: no writer, the day only.
		var writerID sql.NullInt64
		var written string
		if err := raw.QueryRow(`SELECT writer_id, CAST(written_on AS TEXT) FROM letters WHERE id = $1`, l.ID).Scan(&writerID, &written); err != nil {
			t.Fatal(err)
		}
		if writerID.Valid || written != "2026-03-05" {
			t.Errorf("letter row: writer %v, written %q", writerID, written)
		}
		// The audit record: no account, name or address; midnight of the day.
		var account sql.NullInt64
		var actor, addr string
		var at timeText
		if err := raw.QueryRow(`SELECT account_id, actor, address, at FROM audit_log WHERE action = 'letter.write' AND object_id = $1`,
			fmt.Sprint(l.ID)).Scan(&account, &actor, &addr, &at); err != nil {
			t.Fatal(err)
		}
		if account.Valid || actor != "匿名" || addr != "" || !strings.Contains(at.s, "00:00:00") {
			t.Errorf("audit record: account %v, actor %q, address %q, at %q", account, actor, addr, at.s)
		}
		// Every row of every table that holds the letter, or the audit record of its write.
		pg := strings.HasSuffix(t.Name(), "/postgres")
		dump := fingerprint(t, raw, pg)
		holding := 0
		for _, line := range strings.Split(dump, "\n") {
			if !strings.Contains(line, marker) && !strings.Contains(line, "letter.write") {
				continue
			}
			holding++
			for _, x := range secrets {
				if strings.Contains(line, x) {
					t.Errorf("a row that holds the letter also holds %q: %s", x, line)
				}
			}
		}
		if holding < 2 {
			t.Errorf("%d rows hold the letter or its audit record, want the letter and the record", holding)
		}
		if !strings.Contains(dump, writer.Name) {
			t.Error("the writer's name is nowhere: the search could not fail")
		}
		// The SQLite file and its WAL, page by page.
		if path, ok := s.SQLitePath(); ok {
			pages := 0
			for _, f := range []string{path, path + "-wal"} {
				b, err := os.ReadFile(f)
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				for _, pg := range sqlitePages(t, f, b) {
					if !bytes.Contains(pg, []byte(marker)) {
						continue
					}
					pages++
					for _, x := range secrets {
						if bytes.Contains(pg, []byte(x)) {
							t.Errorf("a page of %s that holds the letter also holds %q", f, x)
						}
					}
				}
			}
			if pages == 0 {
				t.Error("no page of the database or the WAL holds the letter")
			}
		}
		// The handler reads it, without a writer; the code opens it.
		got, err := s.LetterByReceipt(sys, strings.ToLower(code))
		if err != nil || got.ID != l.ID || got.WriterName != "" {
			t.Errorf("by receipt: %+v, %v", got, err)
		}
		if _, err := s.LetterByReceipt(sys, "AAAA-BBBB-CCCC-DDDD"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("a wrong code: %v", err)
		}
	})
}

// timeText scans a timestamp as text on either engine.
type timeText struct{ s string }

func (x *timeText) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		x.s = v.UTC().Format("2006-01-02 15:04:05")
	case string:
		x.s = strings.Replace(v, "T", " ", 1)
	case []byte:
		x.s = strings.Replace(string(v), "T", " ", 1)
	}
	return nil
}

// sqlitePages splits a database file (a header, then pages) or a WAL (a
// 32-byte header, then frames of a 24-byte header and a page) into pages.
func sqlitePages(t *testing.T, name string, b []byte) [][]byte {
	t.Helper()
	var size, start, stride int
	if strings.HasSuffix(name, "-wal") {
		if len(b) < 32 {
			return nil
		}
		size = int(binary.BigEndian.Uint32(b[8:12]))
		start, stride = 32+24, size+24
	} else {
		if len(b) < 100 {
			t.Fatalf("%s: %d bytes", name, len(b))
		}
		size = int(binary.BigEndian.Uint16(b[16:18]))
		if size == 1 {
			size = 65536
		}
		start, stride = 0, size
	}
	var out [][]byte
	for off := start; off+size <= len(b); off += stride {
		out = append(out, b[off:off+size])
	}
	return out
}

// TestLetterWriter: only a person writes a letter, to their own branch;
// the mailbox's handlers read and answer it, other committee members do
// not; a reply needs text; a closed letter takes no reply.
func TestLetterWriter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := branchWithCommittee(t, s)
		day := zhibu.MakeDate(2026, 3, 5)
		if _, _, err := s.WriteLetter(sys, zhibu.Letter{To: zhibu.ToSecretary, Anonymous: true, Subject: "主题", Body: "内容"}, day); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("the system writes a letter: %v", err)
		}
		writer := memberCtx(77, members[3])
		_, _, err := s.WriteLetter(writer, zhibu.Letter{To: "nobody", Subject: "", Body: "内容"}, day)
		var ps zhibu.Problems
		if !errors.As(err, &ps) || ps.For("to") == "" || ps.For("subject") != "主题：不能为空" {
			t.Errorf("bad letter: %v", err)
		}
		// The branch has no deputy: a letter to one is refused.
		if _, _, err := s.WriteLetter(writer, zhibu.Letter{To: zhibu.ToDeputy, Subject: "署名", Body: "署名来信"}, day); !errors.As(err, &ps) ||
			ps.For("to") != "收信人：本支部现未设副书记，请写给书记" {
			t.Errorf("a letter to a deputy the branch has not: %v", err)
		}
		l, _, err := s.WriteLetter(writer, zhibu.Letter{To: zhibu.ToSecretary, Subject: "署名", Body: "署名来信"}, day)
		if err != nil || l.WriterID != members[3].ID || l.OrgID != branch.ID {
			t.Fatalf("named letter: %+v %v", l, err)
		}
		handler := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 5, PersonID: members[0].ID, Name: members[0].Name,
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}, {Perm: zhibu.PermMailbox, Path: branch.Path}}, Scope: zhibu.Scope{Paths: []string{branch.Path}}})
		reader := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 6, PersonID: members[1].ID,
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}}, Scope: zhibu.Scope{Paths: []string{branch.Path}}})
		if _, err := s.Letters(reader, store.LetterFilter{OrgID: branch.ID}); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("a committee member without the mailbox reads it: %v", err)
		}
		if _, err := s.Letter(reader, l.ID); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("a committee member without the mailbox reads a letter: %v", err)
		}
		if _, err := s.ReplyLetter(handler, l.ID, "  ", day); !errors.As(err, &ps) || ps.For("reply") == "" {
			t.Errorf("empty reply: %v", err)
		}
		if _, err := s.CloseLetter(handler, l.ID, day); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("closing an unanswered letter: %v", err)
		}
		got, err := s.ReplyLetter(handler, l.ID, "已研究解决", day.AddDays(2))
		if err != nil || got.Handler != members[0].Name || got.RepliedOn != day.AddDays(2) {
			t.Fatalf("reply: %+v %v", got, err)
		}
		if _, err := s.CloseLetter(handler, l.ID, day.AddDays(3)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReplyLetter(handler, l.ID, "再答复", day.AddDays(4)); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("reply to a closed letter: %v", err)
		}
		open, err := s.Letters(handler, store.LetterFilter{OrgID: branch.ID, Open: true})
		if err != nil || len(open) != 0 {
			t.Errorf("open letters: %v %v", open, err)
		}
		mine, err := s.MyLetters(writer)
		if err != nil || len(mine) != 1 || mine[0].Reply != "已研究解决" {
			t.Errorf("my letters: %+v %v", mine, err)
		}
		counts, err := s.LetterCounts(sys, branch, 2026)
		if err != nil || len(counts) != 1 || counts[0].Received != 1 || counts[0].Replied != 1 || counts[0].Open != 0 {
			t.Errorf("counts: %+v %v", counts, err)
		}
	})
}
