package zhibu

import "strings"

// Recipient is whom a letter to the mailbox (书记、副书记信箱) is written to.
type Recipient string

const (
	ToSecretary Recipient = "secretary"        // 书记
	ToDeputy    Recipient = "deputy_secretary" // 副书记
)

// Label is the recipient's Chinese name.
func (r Recipient) Label() string {
	switch r {
	case ToSecretary:
		return "书记"
	case ToDeputy:
		return "副书记"
	}
	return string(r)
}

// Position is the committee position that receives and answers the letter.
func (r Recipient) Position() Position {
	if r == ToDeputy {
		return DeputySecretary
	}
	return Secretary
}

// Valid reports whether r is a recipient.
func (r Recipient) Valid() bool { return r == ToSecretary || r == ToDeputy }

// DefaultReplyDays is how many days the branch has to answer a letter by
// default (the mailbox.reply rule's reply_days parameter decides).
const DefaultReplyDays = 15

// Letter is one letter to the branch's mailbox. An anonymous letter keeps
// no trace of its writer: WriterID is 0, and nothing stored with it (nor
// in the audit trail) names the account, the session or the address; its
// day is kept, never its time. The writer reads the reply with the
// receipt code they were shown once, of which only a keyed hash is kept.
type Letter struct {
	ID         int64     `json:"id"`
	OrgID      int64     `json:"org_id"`
	OrgName    string    `json:"org_name,omitempty"`
	To         Recipient `json:"to"`
	Anonymous  bool      `json:"anonymous"`
	WriterID   int64     `json:"writer_id,omitempty"` // 0 when anonymous
	WriterName string    `json:"writer_name,omitempty"`
	Subject    string    `json:"subject"`
	Body       string    `json:"body"`
	WrittenOn  Date      `json:"written_on"` // the day only
	HandlerID  int64     `json:"handler_id,omitempty"`
	Handler    string    `json:"handler,omitempty"`
	Reply      string    `json:"reply,omitempty"`
	RepliedOn  Date      `json:"replied_on,omitzero"`
	ClosedOn   Date      `json:"closed_on,omitzero"`
	OrgPath    string    `json:"-"`
}

// Bounds on a letter's text.
const (
	maxLetterSubject = 100
	maxLetterBody    = 5000
)

// Validate checks a letter as written: its recipient, subject and body.
func (l Letter) Validate() error {
	var ps Problems
	if !l.To.Valid() {
		ps.Add("to", "收信人", "请选择书记或副书记")
	}
	checkText(&ps, "subject", "主题", l.Subject, maxLetterSubject, true)
	checkText(&ps, "body", "内容", l.Body, maxLetterBody, true)
	if !l.Anonymous && l.WriterID == 0 {
		ps.Add("anonymous", "署名", "署名信件须有写信人")
	}
	if l.Anonymous && l.WriterID != 0 {
		ps.Add("anonymous", "署名", "匿名信件不能记录写信人")
	}
	return ps.Err()
}

// Open reports whether the letter still waits for its reply.
func (l Letter) Open() bool { return l.RepliedOn.IsZero() && l.ClosedOn.IsZero() }

// Status is the letter's state in Chinese.
func (l Letter) Status() string {
	switch {
	case !l.ClosedOn.IsZero():
		return "已办结"
	case !l.RepliedOn.IsZero():
		return "已答复"
	}
	return "待答复"
}

// Answer records the reply.
func (l *Letter) Answer(reply string, on Date) error {
	if !l.ClosedOn.IsZero() {
		return Errorf(ErrConflict, "该信件已办结，不能再答复")
	}
	reply = strings.TrimSpace(reply)
	var ps Problems
	checkText(&ps, "reply", "答复", reply, maxLetterBody, true)
	if on.Before(l.WrittenOn) {
		ps.Add("on", "答复日期", "不能早于来信日期")
	}
	if err := ps.Err(); err != nil {
		return err
	}
	l.Reply, l.RepliedOn = reply, on
	return nil
}

// Close ends the handling of a replied letter.
func (l *Letter) Close(on Date) error {
	switch {
	case !l.ClosedOn.IsZero():
		return Errorf(ErrConflict, "该信件已办结")
	case l.RepliedOn.IsZero():
		return Errorf(ErrConflict, "该信件尚未答复，不能办结")
	}
	l.ClosedOn = on
	return nil
}

// LetterCounts are a branch's letters of a year in numbers: what the
// superior sees (never the contents, never the writers).
type LetterCounts struct {
	OrgID     int64  `json:"org_id"`
	OrgName   string `json:"org_name"`
	Received  int    `json:"received"`
	Anonymous int    `json:"anonymous"`
	Replied   int    `json:"replied"`
	Open      int    `json:"open"`
}
