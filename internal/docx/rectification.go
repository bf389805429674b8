package docx

import (
	"strconv"
	"strings"

	"zhibu"
)

// RectProblemReport is one of the five problems in a branch's report: the
// findings open under it and its remedies.
type RectProblemReport struct {
	Problem  zhibu.RectProblem
	Findings []string
	Remedies []zhibu.Remedy
}

// RectificationReport is what a branch's report to the superior on its
// rectification (整改情况报告, seed §8) says.
type RectificationReport struct {
	Org        string // the branch
	Superior   string // the committee it reports to
	Year       int
	AsOf       zhibu.Date // the day the report is made
	Campaign   string     // the title of the committee's campaign, if one was opened
	CampaignBy string     // the committee that opened it
	Problems   []RectProblemReport
}

// Rectification is the branch's report to the superior as a document in
// the official layout: to the superior, a paragraph of the whole, then for
// each of the five problems what was found and each remedy (measure,
// owner, deadline, state, evidence and the records that close it), signed
// by the branch on the day.
func Rectification(r RectificationReport) *Doc {
	d := New()
	title := r.Org + "关于" + strconv.Itoa(r.Year) + "年基层党建基础工作整改情况的报告"
	d.Props = Props{Title: title, Subject: "整改情况报告", Creator: r.Org}
	d.Title(title)
	if r.Superior != "" {
		d.Recipient(r.Superior + "：")
	}
	found, remedies, signed := 0, 0, 0
	for _, p := range r.Problems {
		if len(p.Findings) > 0 || len(p.Remedies) > 0 {
			found++
		}
		for _, x := range p.Remedies {
			remedies++
			if x.State(r.AsOf) == zhibu.RemedySigned {
				signed++
			}
		}
	}
	basis := strconv.Itoa(r.Year) + "年基层党建基础工作整改要求"
	if r.Campaign != "" {
		basis = r.CampaignBy + "“" + r.Campaign + "”的部署要求"
	}
	d.Para("按照" + basis + "，我支部对照五类突出问题开展自查，截至" + r.AsOf.Chinese() +
		"，共发现" + strconv.Itoa(found) + "类问题，制定整改措施" + strconv.Itoa(remedies) + "项，已整改销号" + strconv.Itoa(signed) + "项。现将有关情况报告如下。")
	n := 0
	for _, p := range r.Problems {
		n++
		d.Heading1(chineseOrdinal(n) + "、" + p.Problem.Title)
		if len(p.Findings) == 0 && len(p.Remedies) == 0 {
			d.Para("经自查，未发现此类问题。")
			continue
		}
		if len(p.Findings) > 0 {
			d.Heading2("（一）自查发现的问题")
			for i, f := range p.Findings {
				d.Para(strconv.Itoa(i+1) + "．" + f)
			}
		}
		if len(p.Remedies) > 0 {
			h := "（二）整改措施及进展"
			if len(p.Findings) == 0 {
				h = "（一）整改措施及进展"
			}
			d.Heading2(h)
			for i, x := range p.Remedies {
				text := strconv.Itoa(i+1) + "．" + x.Issue + "。整改措施：" + x.Measure + "。责任人：" + x.OwnerName + "，整改时限：" + x.Deadline.Chinese() +
					"。进展：" + x.State(r.AsOf).Label()
				if x.Evidence != "" {
					text += "；" + x.Evidence
				}
				if len(x.Links) > 0 {
					var ts []string
					for _, l := range x.Links {
						ts = append(ts, cmpOrTitle(l))
					}
					text += "（佐证记录：" + strings.Join(ts, "、") + "）"
				}
				if !x.SignedOn.IsZero() {
					text += "；" + x.SignedOn.Chinese() + "书记确认销号"
				}
				d.Para(text + "。")
			}
		}
	}
	d.Signature(r.Org, r.AsOf)
	return d
}

func cmpOrTitle(l zhibu.RecordLink) string {
	if l.Title != "" {
		return l.Title
	}
	return string(l.Kind) + " " + strconv.FormatInt(l.ID, 10)
}

// chineseOrdinal is 一 to 十 for 1 to 10.
func chineseOrdinal(n int) string {
	const digits = "一二三四五六七八九十"
	r := []rune(digits)
	if n >= 1 && n <= len(r) {
		return string(r[n-1])
	}
	return strconv.Itoa(n)
}
