package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

// The research paper (党建调研论文): one per branch and year. Setting it,
// reading the suggestions, saving drafts and submitting need paper.write
// on the branch; a suggestion is a member's own act, named or anonymous
// (as a letter: an anonymous one keeps no writer and only its day).

const paperColumns = `p.id, p.org_id, o.name, o.path, p.year, p.topic, p.due_on, p.submitted_on, p.final_draft`

func scanPaper(row interface{ Scan(...any) error }, p *zhibu.Paper) error {
	return row.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.OrgPath, &p.Year, &p.Topic, &p.DueOn, &p.SubmittedOn, &p.FinalDraft)
}

// SetPaper sets the topic and deadline of the branch's paper of p.Year,
// making the paper if there is none.
func (s *Store) SetPaper(ctx context.Context, p zhibu.Paper) (zhibu.Paper, error) {
	if err := s.canTarget(ctx, zhibu.PermPaper, p.OrgID, "确定该支部的调研论文题目"); err != nil {
		return zhibu.Paper{}, err
	}
	p.Topic = strings.TrimSpace(p.Topic)
	if err := p.Validate(); err != nil {
		return zhibu.Paper{}, err
	}
	org, err := s.Org(ctx, p.OrgID)
	if err != nil {
		return zhibu.Paper{}, err
	}
	if org.Kind != zhibu.KindBranch {
		return zhibu.Paper{}, zhibu.Problems{{Field: "org_id", Label: "支部", Message: "支部：调研论文由支部撰写"}}
	}
	p.OrgName, p.OrgPath = org.Name, org.Path
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var submitted zhibu.Date
		switch err := tx.QueryRowContext(ctx, `SELECT id, submitted_on FROM papers WHERE org_id = $1 AND year = $2`, p.OrgID, p.Year).Scan(&p.ID, &submitted); {
		case errors.Is(err, sql.ErrNoRows):
			if err := tx.QueryRowContext(ctx, `INSERT INTO papers (org_id, year, topic, due_on) VALUES ($1, $2, $3, $4) RETURNING id`,
				p.OrgID, p.Year, p.Topic, p.DueOn).Scan(&p.ID); err != nil {
				return err
			}
		case err != nil:
			return err
		case !submitted.IsZero():
			return zhibu.Errorf(zhibu.ErrConflict, "本年度论文已报送，不能再修改题目")
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE papers SET topic = $1, due_on = $2 WHERE id = $3`, p.Topic, p.DueOn, p.ID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, Event{Action: audit.PaperSet, ObjectType: "paper", ObjectID: fmt.Sprint(p.ID), OrgPath: org.Path, Result: audit.OK,
			Detail: fmt.Sprintf("%d年调研论文题目：%s；报送期限%s", p.Year, p.Topic, p.DueOn.Chinese())})
	})
	if err != nil {
		return zhibu.Paper{}, fmt.Errorf("set paper: %w", err)
	}
	return p, nil
}

// Paper is the branch's paper of a year, if the actor's scope covers it.
func (s *Store) Paper(ctx context.Context, orgID int64, year int) (zhibu.Paper, error) {
	return s.paperWhere(ctx, `p.org_id = $1 AND p.year = $2`, orgID, year)
}

// PaperByID is one paper, if the actor's scope covers it.
func (s *Store) PaperByID(ctx context.Context, id int64) (zhibu.Paper, error) {
	return s.paperWhere(ctx, `p.id = $1`, id)
}

func (s *Store) paperWhere(ctx context.Context, cond string, args ...any) (zhibu.Paper, error) {
	var p zhibu.Paper
	err := scanPaper(s.db.QueryRowContext(ctx, `SELECT `+paperColumns+` FROM papers p JOIN orgs o ON o.id = p.org_id WHERE `+cond, args...), &p)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !zhibu.ActorFrom(ctx).Scope.Covers(p.OrgPath)) {
		return zhibu.Paper{}, notFound("调研论文")
	}
	if err != nil {
		return zhibu.Paper{}, fmt.Errorf("paper: %w", err)
	}
	return p, nil
}

// Papers lists the papers of a year in the actor's scope (the superior's
// view: topic, deadline, submitted).
func (s *Store) Papers(ctx context.Context, year int) ([]zhibu.Paper, error) {
	q := &query{}
	q.add(`SELECT ` + paperColumns + ` FROM papers p JOIN orgs o ON o.id = p.org_id WHERE p.year = ` + q.arg(year))
	q.scope(zhibu.ActorFrom(ctx), "o.path")
	q.add(` ORDER BY o.path`)
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("papers: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Paper
	for rows.Next() {
		var p zhibu.Paper
		if err := scanPaper(rows, &p); err != nil {
			return nil, fmt.Errorf("papers: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MyPaper is the paper of a year of the actor's own branch, for a member
// to read its topic and suggest: read as the system, since a member's
// scope is only their own record.
func (s *Store) MyPaper(ctx context.Context, year int) (zhibu.Paper, error) {
	org, err := s.writerBranch(ctx, "提出意见建议")
	if err != nil {
		return zhibu.Paper{}, err
	}
	return s.Paper(zhibu.WithActor(ctx, zhibu.System), org.ID, year)
}

// Suggest stores the actor's suggestion for their own branch's paper of a
// year on day on; an anonymous one keeps no writer.
func (s *Store) Suggest(ctx context.Context, year int, sg zhibu.Suggestion, on zhibu.Date) (zhibu.Suggestion, error) {
	p, err := s.MyPaper(ctx, year)
	if err != nil {
		return sg, err
	}
	if !p.SubmittedOn.IsZero() {
		return sg, zhibu.Errorf(zhibu.ErrConflict, "论文已报送，不再收集意见建议")
	}
	sg.PaperID, sg.WrittenOn, sg.Body, sg.WriterID, sg.WriterName = p.ID, on, strings.TrimSpace(sg.Body), 0, ""
	if !sg.Anonymous {
		a := zhibu.ActorFrom(ctx)
		sg.WriterID, sg.WriterName = a.PersonID, a.Name
	}
	if err := sg.Validate(); err != nil {
		return sg, err
	}
	anon := 0
	if sg.Anonymous {
		anon = 1
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO paper_suggestions (paper_id, anonymous, writer_id, body, written_on) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			p.ID, anon, nullID(sg.WriterID), sg.Body, on).Scan(&sg.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.PaperSuggest, ObjectType: "paper", ObjectID: fmt.Sprint(p.ID), OrgPath: p.OrgPath, Result: audit.OK,
			Anonymous: sg.Anonymous, Detail: "对调研论文提出意见建议"})
	})
	if err != nil {
		return sg, fmt.Errorf("suggest: %w", err)
	}
	return sg, nil
}

// canPaper checks paper.write on paper id's branch.
func (s *Store) canPaper(ctx context.Context, id int64, what string) (zhibu.Paper, error) {
	p, err := s.PaperByID(ctx, id)
	if err != nil {
		return p, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermPaper, p.OrgPath) {
		return p, forbidden(what)
	}
	return p, nil
}

// Suggestions lists the suggestions for paper id, for those who write it.
func (s *Store) Suggestions(ctx context.Context, id int64) ([]zhibu.Suggestion, error) {
	if _, err := s.canPaper(ctx, id, "阅看该论文的意见建议"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT sg.id, sg.paper_id, sg.anonymous, sg.writer_id, COALESCE(w.name, ''), sg.body, sg.written_on
		FROM paper_suggestions sg LEFT JOIN people w ON w.id = sg.writer_id WHERE sg.paper_id = $1 ORDER BY sg.written_on, sg.id`, id)
	if err != nil {
		return nil, fmt.Errorf("suggestions: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Suggestion
	for rows.Next() {
		var sg zhibu.Suggestion
		var anon int
		if err := rows.Scan(&sg.ID, &sg.PaperID, &anon, idScan{&sg.WriterID}, &sg.WriterName, &sg.Body, &sg.WrittenOn); err != nil {
			return nil, fmt.Errorf("suggestions: %w", err)
		}
		sg.Anonymous = anon == 1
		out = append(out, sg)
	}
	return out, rows.Err()
}

// SaveDraft saves the next version of paper id's text on day on.
func (s *Store) SaveDraft(ctx context.Context, id int64, d zhibu.Draft, on zhibu.Date) (zhibu.Draft, error) {
	p, err := s.canPaper(ctx, id, "保存该论文稿")
	if err != nil {
		return d, err
	}
	d.Title, d.Body = strings.TrimSpace(d.Title), strings.TrimSpace(d.Body)
	if err := d.Validate(); err != nil {
		return d, err
	}
	if !p.SubmittedOn.IsZero() {
		return d, zhibu.Errorf(zhibu.ErrConflict, "论文已报送，不能再保存新稿")
	}
	d.PaperID, d.SavedOn, d.Author = id, on, zhibu.ActorFrom(ctx).Name
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM papers WHERE id = $1`+s.dialect.forUpdate(), id).Scan(&locked); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM paper_drafts WHERE paper_id = $1`, id).Scan(&d.Version); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO paper_drafts (paper_id, version, title, body, author, saved_on, saved_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, id, d.Version, d.Title, d.Body, d.Author, on, s.stamp()).Scan(&d.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.PaperDraft, ObjectType: "paper", ObjectID: fmt.Sprint(id), OrgPath: p.OrgPath, Result: audit.OK,
			Detail: fmt.Sprintf("保存论文第%d稿：%s", d.Version, d.Title)})
	})
	if err != nil {
		return d, fmt.Errorf("save draft: %w", err)
	}
	return d, nil
}

// Drafts lists paper id's versions, newest first.
func (s *Store) Drafts(ctx context.Context, id int64) ([]zhibu.Draft, error) {
	if _, err := s.PaperByID(ctx, id); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, paper_id, version, title, body, author, saved_on FROM paper_drafts WHERE paper_id = $1 ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("drafts: %w", err)
	}
	defer rows.Close()
	var out []zhibu.Draft
	for rows.Next() {
		var d zhibu.Draft
		if err := rows.Scan(&d.ID, &d.PaperID, &d.Version, &d.Title, &d.Body, &d.Author, &d.SavedOn); err != nil {
			return nil, fmt.Errorf("drafts: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SubmitPaper submits paper id's latest draft to the superior on day on.
func (s *Store) SubmitPaper(ctx context.Context, id int64, on zhibu.Date) (zhibu.Paper, error) {
	p, err := s.canPaper(ctx, id, "报送该论文")
	if err != nil {
		return p, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var v int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM paper_drafts WHERE paper_id = $1`, id).Scan(&v); err != nil {
			return err
		}
		if err := p.Submit(v, on); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE papers SET submitted_on = $1, final_draft = $2 WHERE id = $3 AND submitted_on IS NULL`, on, v, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "论文已报送")
		}
		return s.audit(ctx, tx, Event{Action: audit.PaperSubmit, ObjectType: "paper", ObjectID: fmt.Sprint(id), OrgPath: p.OrgPath, Result: audit.OK,
			Detail: fmt.Sprintf("报送%d年调研论文（第%d稿）", p.Year, v)})
	})
	if err != nil {
		return p, fmt.Errorf("submit paper: %w", err)
	}
	return p, nil
}
