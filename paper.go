package zhibu

import "strings"

// Paper is a branch's research paper (党建调研论文) of a year: its topic,
// the deadline to submit it to the superior, the members' suggestions,
// its drafts, and the day it was submitted.
type Paper struct {
	ID          int64  `json:"id"`
	OrgID       int64  `json:"org_id"`
	OrgName     string `json:"org_name,omitempty"`
	Year        int    `json:"year"`
	Topic       string `json:"topic"`
	DueOn       Date   `json:"due_on"`                // submit to the superior by
	SubmittedOn Date   `json:"submitted_on,omitzero"` // submitted on, with the final draft
	FinalDraft  int    `json:"final_draft,omitempty"` // the version submitted
	OrgPath     string `json:"-"`
}

// Bounds on a paper's text.
const (
	maxPaperTopic = 200
	maxPaperBody  = 100000
)

// Validate checks a paper's topic and deadline.
func (p Paper) Validate() error {
	var ps Problems
	if p.OrgID == 0 {
		ps.Add("org_id", "支部", "请选择支部")
	}
	if p.Year < 2000 || p.Year > 2100 {
		ps.Add("year", "年度", "不是有效的年度")
	}
	checkText(&ps, "topic", "调研题目", p.Topic, maxPaperTopic, true)
	switch {
	case !p.DueOn.Valid():
		ps.Add("due_on", "报送期限", "请填写有效日期")
	case p.DueOn.Year != p.Year && p.DueOn.Year != p.Year+1:
		ps.Add("due_on", "报送期限", "应在本年度或次年年初")
	}
	return ps.Err()
}

// Submit records the submission of draft version v to the superior.
func (p *Paper) Submit(v int, on Date) error {
	if !p.SubmittedOn.IsZero() {
		return Errorf(ErrConflict, "论文已于"+p.SubmittedOn.Chinese()+"报送")
	}
	if v <= 0 {
		return Problems{{Field: "version", Label: "定稿", Message: "定稿：请先保存论文稿"}}
	}
	p.SubmittedOn, p.FinalDraft = on, v
	return nil
}

// Suggestion is a member's suggestion for the paper (意见建议), named or
// anonymous; an anonymous one keeps no trace of its writer, as a letter.
type Suggestion struct {
	ID         int64  `json:"id"`
	PaperID    int64  `json:"paper_id"`
	Anonymous  bool   `json:"anonymous"`
	WriterID   int64  `json:"writer_id,omitempty"`
	WriterName string `json:"writer_name,omitempty"`
	Body       string `json:"body"`
	WrittenOn  Date   `json:"written_on"`
}

// Validate checks a suggestion.
func (s Suggestion) Validate() error {
	var ps Problems
	checkText(&ps, "body", "意见建议", s.Body, maxLetterBody, true)
	if !s.Anonymous && s.WriterID == 0 {
		ps.Add("anonymous", "署名", "署名意见须有提出人")
	}
	if s.Anonymous && s.WriterID != 0 {
		ps.Add("anonymous", "署名", "匿名意见不能记录提出人")
	}
	return ps.Err()
}

// Draft is one version of the paper's text.
type Draft struct {
	ID      int64  `json:"id"`
	PaperID int64  `json:"paper_id"`
	Version int    `json:"version"`
	Title   string `json:"title"`
	Body    string `json:"body"` // plain text; lines starting with 一、 or （一） are headings in the .docx
	Author  string `json:"author"`
	SavedOn Date   `json:"saved_on"`
}

// Validate checks a draft's title and text.
func (d Draft) Validate() error {
	var ps Problems
	checkText(&ps, "title", "论文标题", d.Title, maxPaperTopic, true)
	if strings.TrimSpace(d.Body) == "" {
		ps.Add("body", "正文", "不能为空")
	} else {
		checkText(&ps, "body", "正文", d.Body, maxPaperBody, true)
	}
	return ps.Err()
}
