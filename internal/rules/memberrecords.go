package rules

import "zhibu"

// memberCatalogue is the national layer of the rules over a member's own
// records: their file, their contact, their time away.
func memberCatalogue() Catalogue {
	n := func(id, title, source string, p zhibu.RuleParams) zhibu.RuleVersion {
		return zhibu.RuleVersion{ID: id, Layer: zhibu.LayerNational, Title: title, Source: source, Confidence: "V", Params: p}
	}
	return Catalogue{
		n("member.file", "每名党员都应有党员档案", srcEducation+"第二十六条", nil),
		n("member.lost_contact", "党员失去联系6个月以上的，停止其党籍；停止党籍2年后仍无法取得联系的，予以除名", srcEducation+"第二十四条",
			zhibu.RuleParams{"lost_months": 6, "removal_years": 2}),
		n("member.mobile", "外出6个月以上未转接组织关系的流动党员，党组织应与其保持经常联系", srcEducation+"第三十二条",
			zhibu.RuleParams{"away_months": 6, "contact_months": 3}),
	}
}

func memberRules() []Rule { return []Rule{memberFile{}, lostContact{}, mobileMember{}} }

func init() {
	RegisterParam(ParamSpec{"lost_months", "失去联系多少个月停止党籍", Lower})
	RegisterParam(ParamSpec{"removal_years", "停止党籍多少年后除名", Lower})
	RegisterParam(ParamSpec{"contact_months", "与流动党员联系的最长间隔（月）", Lower})
}

// memberFile (member.file): every member of the branch (Facts.Life) has a
// member file on record; overdue for each who has none, ok for the branch
// when all have. Judged when the facts read the files.
type memberFile struct{}

func (memberFile) ID() string { return "member.file" }

func (memberFile) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch || c.Facts.Files == nil {
		return nil
	}
	d := c.Day()
	res, ok := c.Params(d)
	if !ok {
		return nil
	}
	var out []zhibu.Finding
	members := 0
	for _, l := range c.Facts.Life {
		if l.OrgID != c.Org.ID {
			continue
		}
		members++
		if c.Facts.Files[l.PersonID] {
			continue
		}
		f := c.New(res, c.Org, yearPeriod(c))
		f.Status, f.Responsible = zhibu.StatusOverdue, zhibu.OrgOfficer
		f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidencePerson, ID: l.PersonID, Label: l.Name}}
		f.Message = "党员" + l.Name + "没有党员档案的登记，应查明档案保管单位并登记"
		out = append(out, f)
	}
	if len(out) == 0 && members > 0 {
		f := c.New(res, c.Org, yearPeriod(c))
		f.Status, f.Responsible = zhibu.StatusOK, zhibu.OrgOfficer
		f.Message = "支部" + itoa(members) + "名党员均已登记党员档案"
		out = append(out, f)
	}
	return out
}

// absencesOf is the absences of kind k of the checked branch's members.
func absencesOf(c *Context, k zhibu.AbsenceKind) []zhibu.MemberAbsence {
	var out []zhibu.MemberAbsence
	for _, a := range c.Facts.Absences {
		if a.OrgID == c.Org.ID && a.Kind == k {
			out = append(out, a)
		}
	}
	return out
}

// lostContact (member.lost_contact): a member out of contact since From is
// due to be found until lost_months have passed; then their membership is
// to be suspended (overdue), and removal_years after that they are to be
// removed (overdue). A contact restored (Until) in the year is ok. The
// period is the month of the check day (of the restoration once ended).
type lostContact struct{}

func (lostContact) ID() string { return "member.lost_contact" }

func (lostContact) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	d := c.Day()
	res, ok := c.Params(d)
	if !ok {
		return nil
	}
	lost, years := res.Params.Get("lost_months"), res.Params.Get("removal_years")
	var out []zhibu.Finding
	for _, a := range absencesOf(c, zhibu.AbsenceLost) {
		if a.From.After(d) {
			continue
		}
		suspend := a.From.AddMonths(lost)
		remove := suspend.AddYears(years)
		f := c.New(res, c.Org, zhibu.MonthOfDate(d).Period())
		f.Responsible = zhibu.OrgOfficer
		f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidencePerson, ID: a.PersonID, Label: a.PersonName}}
		head := "党员" + a.PersonName + "自" + a.From.Chinese() + "起失去联系"
		switch {
		case !a.Open() && !a.Until.After(d):
			f.Period = zhibu.MonthOfDate(a.Until).Period()
			f.Status = zhibu.StatusOK
			f.Message = head + "，已于" + a.Until.Chinese() + "恢复联系"
		case d.Before(suspend):
			f.Status, f.Deadline = zhibu.StatusDue, suspend.AddDays(-1)
			f.Message = head + "，应设法取得联系；满" + itoa(lost) + "个月（" + suspend.Chinese() + "）仍无法联系的，应停止其党籍"
		case d.Before(remove):
			f.Status, f.Deadline = zhibu.StatusOverdue, suspend
			f.Message = head + "已满" + itoa(lost) + "个月，应经支部大会讨论停止其党籍并报上级党委备案；停止党籍满" + itoa(years) + "年（" + remove.Chinese() + "）仍无法联系的予以除名"
		default:
			f.Status, f.Deadline = zhibu.StatusOverdue, remove
			f.Message = head + "，停止党籍已满" + itoa(years) + "年仍无法取得联系，应按规定予以除名"
		}
		out = append(out, f)
	}
	return out
}

// mobileMember (member.mobile): a member away (not transferred) for
// away_months or more is kept in regular contact: the last contact (or the
// day they left) no more than contact_months before the check day. Overdue
// otherwise; ok while in contact, and in the month they return.
type mobileMember struct{}

func (mobileMember) ID() string { return "member.mobile" }

func (mobileMember) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch {
		return nil
	}
	d := c.Day()
	res, ok := c.Params(d)
	if !ok {
		return nil
	}
	away, every := res.Params.Get("away_months"), res.Params.Get("contact_months")
	var out []zhibu.Finding
	for _, a := range absencesOf(c, zhibu.AbsenceAway) {
		if a.From.After(d) || a.From.AddMonths(away).After(d) && a.Open() {
			continue // not yet away long enough to be a mobile member
		}
		f := c.New(res, c.Org, zhibu.MonthOfDate(d).Period())
		f.Responsible = zhibu.OrgOfficer
		f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidencePerson, ID: a.PersonID, Label: a.PersonName}}
		head := "流动党员" + a.PersonName + "自" + a.From.Chinese() + "起在" + a.Place
		last := a.LastContact
		if last.IsZero() {
			last = a.From
		}
		next := last.AddMonths(every)
		switch {
		case !a.Open() && !a.Until.After(d):
			if a.From.AddMonths(away).After(a.Until) {
				continue // back before they counted as mobile
			}
			f.Period = zhibu.MonthOfDate(a.Until).Period()
			f.Status = zhibu.StatusOK
			f.Message = head + "，已于" + a.Until.Chinese() + "返回"
		case next.Before(d):
			f.Status, f.Deadline = zhibu.StatusOverdue, next
			f.Message = head + "，最近一次联系在" + last.Chinese() + "，已超过" + itoa(every) + "个月，应与其取得联系并登记"
		default:
			f.Status, f.Deadline = zhibu.StatusOK, next
			f.Message = head + "，最近一次联系在" + last.Chinese() + "；下次联系不晚于" + next.Chinese()
		}
		out = append(out, f)
	}
	return out
}
