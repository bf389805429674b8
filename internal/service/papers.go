package service

import (
	"context"
	"fmt"

	"zhibu"
	"zhibu/internal/docx"
	"zhibu/internal/store"
)

// Papers is the branch's research paper (党建调研论文): the year's topic and
// deadline, the members' suggestions, the drafts, the submission to the
// superior and the paper as .docx.
type Papers struct {
	store *store.Store
	opt   Options
}

func newPapers(st *store.Store, opt Options) *Papers { return &Papers{store: st, opt: opt} }

// Set sets the topic and deadline of the branch's paper of p.Year.
func (x *Papers) Set(ctx context.Context, p zhibu.Paper) (zhibu.Paper, error) {
	return x.store.SetPaper(ctx, p)
}

// Suggest stores the actor's suggestion for their branch's paper of year,
// dated today (the day only).
func (x *Papers) Suggest(ctx context.Context, year int, sg zhibu.Suggestion) (zhibu.Suggestion, error) {
	return x.store.Suggest(ctx, year, sg, x.opt.today())
}

// SaveDraft saves the next version of paper id, today.
func (x *Papers) SaveDraft(ctx context.Context, id int64, d zhibu.Draft) (zhibu.Draft, error) {
	return x.store.SaveDraft(ctx, id, d, x.opt.today())
}

// Submit submits paper id's latest draft to the superior, today.
func (x *Papers) Submit(ctx context.Context, id int64) (zhibu.Paper, error) {
	return x.store.SubmitPaper(ctx, id, x.opt.today())
}

// Docx is draft version v of paper id (0: the submitted one, else the
// latest) as a Word document in the official layout, and its file name.
func (x *Papers) Docx(ctx context.Context, id int64, v int) ([]byte, string, error) {
	p, err := x.store.PaperByID(ctx, id)
	if err != nil {
		return nil, "", err
	}
	drafts, err := x.store.Drafts(ctx, id)
	if err != nil {
		return nil, "", err
	}
	if v == 0 {
		v = p.FinalDraft
	}
	for _, d := range drafts {
		if v == 0 || d.Version == v {
			b, err := docx.Paper(p, d).Bytes()
			return b, fmt.Sprintf("%s%d年调研论文（第%d稿）.docx", p.OrgName, p.Year, d.Version), err
		}
	}
	return nil, "", zhibu.Errorf(zhibu.ErrNotFound, "未找到该论文稿")
}
