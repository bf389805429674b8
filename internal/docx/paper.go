package docx

import (
	"strconv"

	"zhibu"
)

// Paper is a branch's research paper (党建调研论文) as submitted: the
// draft's title, the topic and the branch, its text (lines such as
// "一、…" or "（一）…" become headings), and the branch's signature with the
// day it was saved.
func Paper(p zhibu.Paper, d zhibu.Draft) *Doc {
	doc := New()
	doc.Props = Props{Title: d.Title, Subject: strconv.Itoa(p.Year) + "年党建调研论文", Creator: p.OrgName, Created: d.SavedOn.Time()}
	doc.Title(d.Title)
	doc.Field("调研专题", p.Topic)
	doc.Field("撰写单位", p.OrgName)
	doc.Blank()
	doc.Markdown(d.Body)
	doc.Signature(p.OrgName, d.SavedOn)
	return doc
}
