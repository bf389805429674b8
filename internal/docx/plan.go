package docx

import (
	"strconv"
	"strings"

	"zhibu"
)

// PlanFigures are the numbers from the records that the year plan's
// document fills in (seed §1 and §3).
type PlanFigures struct {
	Officers   int      // 民警
	Members    int      // 党员
	Activists  int      // 正在培养的入党积极分子
	Admissions int      // 本年度拟计划发展党员
	Positions  []string // e.g. 党支部书记：张志刚
	Groups     []string // e.g. 第一党小组（8人）：王建新（组长）
}

// Plan is an org's year plan as the seed is written: the title, the
// preamble, the sections as 一、二、… headings with their items numbered
// 1、2、… and each item's owner in brackets; the committee's seats and the
// groups under the first section, the roster's figures under the third
// (the development section), and the org's signature with the day.
func Plan(p zhibu.Plan, orgName string, fig PlanFigures, on zhibu.Date) *Doc {
	doc := New()
	doc.Props = Props{Title: p.Title, Subject: strconv.Itoa(p.Year) + "年工作计划", Creator: orgName}
	doc.Title(orgName + p.Title)
	if p.Intro != "" {
		doc.Para(p.Intro)
	}
	for _, s := range p.Sections {
		doc.Heading1(zhibu.Numeral(s.N) + "、" + s.Title)
		switch s.N {
		case 1:
			if len(fig.Positions) > 0 {
				doc.Para("党支部职责情况。" + strings.Join(fig.Positions, "；") + "。")
			}
			if len(fig.Groups) > 0 {
				doc.Para("支部下设党小组。" + strings.Join(fig.Groups, "；") + "。")
			}
		case 3:
			doc.Para("目前，" + orgName + "现有民警" + strconv.Itoa(fig.Officers) + "人，党员" + strconv.Itoa(fig.Members) +
				"人。正在培养的入党积极分子" + strconv.Itoa(fig.Activists) + "人，本年度拟计划发展党员" + strconv.Itoa(fig.Admissions) +
				"名（届时根据实际情况确定）。")
		}
		for i, it := range s.Items {
			doc.Para(strconv.Itoa(i+1) + "、" + it.Text + planOwner(it))
		}
	}
	doc.Signature(orgName, on)
	return doc
}

// planOwner is the bracket after an item: who is responsible and by when.
func planOwner(it zhibu.PlanItem) string {
	if strings.Contains(it.Text, "负责") {
		return ""
	}
	s := "（由" + it.Owner.Label() + "负责"
	if it.Owner == zhibu.GroupLeader {
		s = "（由各党小组组长负责"
	}
	if it.All {
		s += "、全体党员干部参与"
	}
	if !it.DueOn.IsZero() {
		s += "，" + it.DueOn.Chinese() + "前完成"
	}
	return s + "）"
}
