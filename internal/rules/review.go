package rules

import (
	"strconv"

	"zhibu"
)

// review.secretary: the secretary's annual report and review (述职评议; seed
// §5, docs/review.md). It reads zhibu.Facts.Reviews, the branch's part of a
// round its superior opened; a year without a round has no finding (the
// superior opens it, with the window of the parameters window_from and
// window_to, month*100+day: the seed's 21 October to 10 November).
//
// For the branch's report of the year checked, as of AsOf (none before
// the round's window opens):
//   - the result reported to the superior by the round's last day: ok;
//   - reported after it: a violation (late);
//   - not reported: due up to the round's last day, overdue after it; the
//     message says what is next (write the report, present it, close the vote).
//
// The responsible position is the secretary.
type reviewRule struct{}

func (reviewRule) ID() string { return "review.secretary" }

func init() {
	RegisterParam(ParamSpec{"window_from", "述职评议开始（月日，如1021）", Lower})
	RegisterParam(ParamSpec{"window_to", "述职评议截止（月日，如1110）", Lower})
	RegisterParam(ParamSpec{"excellent_one_in", "评为优秀的比例上限（每N名党员至多1名）", Higher})
}

// reviewRules are the review stream's rules, for builtinRules.
func reviewRules() []Rule { return []Rule{reviewRule{}, appraisalHandling{}} }

// reviewCatalogue is the review stream's national-layer versions.
func reviewCatalogue() Catalogue {
	return Catalogue{{ID: "review.secretary", Layer: zhibu.LayerNational, Title: "党支部书记每年述职并接受评议，评议结果报上级党组织（政治部）",
		Source: "《关于建立基层党组织书记抓党建工作述职评议考核制度的意见》（2015）；支部工作计划第五部分", Confidence: "S",
		Params: zhibu.RuleParams{"window_from": zhibu.DefaultReviewFrom, "window_to": zhibu.DefaultReviewTo}},
		{ID: "appraisal.handling", Layer: zhibu.LayerNational, Title: "民主评议被评为不合格的党员，区别情况作出谈心谈话、限期改正或按程序除名等处置，按期办结",
			Source: "《中国共产党党员教育管理工作条例》第十八条及不合格党员组织处置的有关规定（zhibu补充）", Confidence: "U",
			Params: zhibu.RuleParams{"within_months": zhibu.DefaultImproveMonths}}}
}

// appraisalHandling (appraisal.handling, zhibu's own addition; docs/rules.md):
// each handling of a member graded 不合格 (zhibu.Facts.Handlings) is
// followed to its end. Once decided and while open on the check day (the
// year's last day for a past year) it is due up to its deadline and
// overdue after it, in the check day's month; closed, it is ok in the
// month it was closed, or a violation when closed after its deadline. The subject is the member;
// the secretary answers for it. within_months is the deadline a 限期改正
// is given when the branch names none (the service applies it).
type appraisalHandling struct{}

func (appraisalHandling) ID() string { return "appraisal.handling" }

func (appraisalHandling) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	day := c.Day()
	var out []zhibu.Finding
	for i := range c.Facts.Handlings {
		h := &c.Facts.Handlings[i]
		if h.OrgID != c.Org.ID || h.DecidedOn.IsZero() || h.DecidedOn.After(day) {
			continue
		}
		res, ok := c.Params(h.DecidedOn)
		if !ok {
			continue
		}
		f := c.New(res, c.Org, zhibu.MonthOf(day))
		f.SubjectKind, f.SubjectID, f.SubjectName = zhibu.SubjectPerson, h.PersonID, h.Name
		f.Responsible, f.Deadline = zhibu.Secretary, h.DueOn
		f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidencePerson, ID: h.PersonID, Label: h.Name}}
		name := h.Name + "（" + strconv.Itoa(h.Year) + "年度民主评议不合格，" + h.Measure.Label() + "）"
		switch closed := !h.ClosedOn.IsZero() && !h.ClosedOn.After(day); {
		case closed:
			if h.ClosedOn.Year != c.Year {
				continue
			}
			f.Period = zhibu.MonthOf(h.ClosedOn)
			if h.ClosedOn.After(h.DueOn) {
				f.Status, f.Message = zhibu.StatusViolation, name+"的处置于"+h.ClosedOn.Chinese()+"办结，晚于期限"+h.DueOn.Chinese()
			} else {
				f.Status, f.Message = zhibu.StatusOK, name+"的处置已于"+h.ClosedOn.Chinese()+"办结"
			}
		default:
			// Open on the check day (the year's last day for a past
			// year): judged against that day, not the later AsOf.
			f.Status = zhibu.StatusDue
			if day.After(h.DueOn) {
				f.Status = zhibu.StatusOverdue
			}
			if f.Status == zhibu.StatusOverdue {
				f.Message = name + "的处置已过期限" + h.DueOn.Chinese() + "仍未办结，应按程序作出处置并登记结果"
			} else {
				f.Message = name + "的处置应于" + h.DueOn.Chinese() + "前办结并登记结果"
			}
		}
		out = append(out, f)
	}
	return out
}

func (reviewRule) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	var out []zhibu.Finding
	for i := range c.Facts.Reviews {
		r := &c.Facts.Reviews[i]
		if r.OrgID != c.Org.ID || r.Year != c.Year || c.AsOf.Before(r.OpensOn) {
			continue // another branch's, another year's, or a window not yet open
		}
		res, ok := c.Params(r.ClosesOn)
		if !ok {
			continue
		}
		f := c.New(res, c.Org, zhibu.PeriodOf(zhibu.PeriodYear, r.ClosesOn))
		f.Responsible = zhibu.Secretary
		f.Deadline = r.ClosesOn
		if r.MeetingID != 0 {
			f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidenceMeeting, ID: r.MeetingID, Label: r.PresentedOn.Chinese() + " 述职"}}
		}
		year := strconv.Itoa(r.Year) + "年度书记述职评议"
		reported := r.Status == zhibu.ReviewReported && !r.ReportedOn.IsZero() && !r.ReportedOn.After(c.AsOf)
		switch {
		case reported && r.ReportedOn.After(r.ClosesOn):
			f.Status = zhibu.StatusViolation
			f.Message = year + "结果于" + r.ReportedOn.Chinese() + "报送，晚于截止日期" + r.ClosesOn.Chinese()
		case reported:
			f.Status = zhibu.StatusOK
			f.Message = year + "已于" + r.ReportedOn.Chinese() + "报送政治部"
		default:
			f.Status = c.Status(false, r.ClosesOn)
			next := "书记应撰写述职报告"
			switch {
			case r.Status == zhibu.ReviewFiled && !r.FiledOn.After(c.AsOf):
				next = "应召开支部党员大会听取书记述职并组织评议"
			case r.Status == zhibu.ReviewVoting && !r.PresentedOn.After(c.AsOf):
				next = "评议投票中，投票结束后应报送结果"
			}
			if f.Status == zhibu.StatusOverdue {
				f.Message = year + "已于" + r.ClosesOn.Chinese() + "截止，结果尚未报送：" + next
			} else {
				f.Message = year + "应于" + r.ClosesOn.Chinese() + "前完成并报送政治部：" + next
			}
		}
		out = append(out, f)
	}
	return out
}
