package store

import (
	"context"
	"fmt"

	"zhibu"
)

// voiceFacts reads what disclose.*, mailbox.reply and paper.annual need
// for the orgs whose paths are in [lo, hi): the year's disclosures, the
// letters of the year and the year before (an old letter may still be
// open) without their subjects, bodies or writers, and the year's papers.
func (s *Store) voiceFacts(ctx context.Context, f *zhibu.Facts, lo, hi string, year int) error {
	q := &query{}
	q.add(`SELECT ` + disclosureColumns + disclosureFrom + ` WHERE o.path >= ` + q.arg(lo) + ` AND o.path < ` + q.arg(hi) +
		` AND d.period_year = ` + q.arg(year) + ` ORDER BY d.id`)
	ds, err := s.disclosures(ctx, q)
	if err != nil {
		return fmt.Errorf("facts disclosures: %w", err)
	}
	for i := range ds {
		ds[i].Content = ""
	}
	f.Disclosures = ds
	rows, err := s.db.QueryContext(ctx, `SELECT l.id, l.org_id, l.recipient, l.anonymous, l.written_on, l.replied_on, l.closed_on
		FROM letters l JOIN orgs o ON o.id = l.org_id WHERE o.path >= $1 AND o.path < $2 AND l.written_on >= $3 AND l.written_on <= $4
		ORDER BY l.written_on, l.id`, lo, hi, zhibu.MakeDate(year-1, 1, 1), zhibu.MakeDate(year, 12, 31))
	if err != nil {
		return fmt.Errorf("facts letters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l zhibu.Letter
		var to string
		var anon int
		if err := rows.Scan(&l.ID, &l.OrgID, &to, &anon, &l.WrittenOn, &l.RepliedOn, &l.ClosedOn); err != nil {
			return fmt.Errorf("facts letters: %w", err)
		}
		l.To, l.Anonymous = zhibu.Recipient(to), anon == 1
		f.Letters = append(f.Letters, l)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("facts letters: %w", err)
	}
	prows, err := s.db.QueryContext(ctx, `SELECT `+paperColumns+` FROM papers p JOIN orgs o ON o.id = p.org_id
		WHERE o.path >= $1 AND o.path < $2 AND p.year = $3 ORDER BY p.id`, lo, hi, year)
	if err != nil {
		return fmt.Errorf("facts papers: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var p zhibu.Paper
		if err := scanPaper(prows, &p); err != nil {
			return fmt.Errorf("facts papers: %w", err)
		}
		f.Papers = append(f.Papers, p)
	}
	return prows.Err()
}
