package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// Where findings show: the branch's compliance calendar, the signed-in
// person's duties, the superior's matrix of branches × rules, and the rule
// parameters of an org's layer, one file each (calendar.go, duties.go,
// matrix.go, compliance_rules.go). Every page decodes its request, asks
// service.Compliance (the findings of the rules engine, docs/rules.md) and
// renders; this file holds what they share: the year and day asked for,
// the links from a finding to its evidence and to the form that fixes it.

// statusClass is the CSS class of a status's cell; "none" for no finding.
func statusClass(st zhibu.FindingStatus) string {
	if st == "" {
		return "cs cs-none"
	}
	return "cs cs-" + string(st)
}

// shortStatus is a status in a matrix cell.
func shortStatus(st zhibu.FindingStatus) string {
	switch st {
	case zhibu.StatusOK:
		return "完成"
	case zhibu.StatusDue:
		return "待办"
	case zhibu.StatusOverdue:
		return "逾期"
	case zhibu.StatusViolation:
		return "不规范"
	}
	return string(st)
}

// checkQuery is the year and as-of day of a findings page.
type checkQuery struct {
	Year     int
	AsOf     zhibu.Date
	Explicit bool // as_of was given
}

// query is the query string that asks for the same year and day.
func (q checkQuery) query() string {
	v := url.Values{"year": {strconv.Itoa(q.Year)}}
	if q.Explicit {
		v.Set("as_of", q.AsOf.String())
	}
	return "?" + v.Encode()
}

// form is the year and day as the filter form shows them.
func (q checkQuery) form() form {
	return form{"year": strconv.Itoa(q.Year), "as_of": q.AsOf.String()}
}

// checkParams reads ?year=2018&as_of=2018-06-30: this year and today by
// default, the year's end for a past year.
func (s *server) checkParams(r *http.Request) (checkQuery, error) {
	v := r.URL.Query()
	today := s.today()
	q := checkQuery{Year: today.Year}
	if y := strings.TrimSpace(v.Get("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1900 || n > 9999 {
			return q, zhibu.Errorf(zhibu.ErrInvalid, "年份“"+y+"”无效，应为四位年份，如2018")
		}
		q.Year = n
	}
	q.AsOf = service.CheckDay(q.Year, today)
	if d := strings.TrimSpace(v.Get("as_of")); d != "" {
		day, err := zhibu.ParseDate(d)
		if err != nil || day.IsZero() {
			return q, zhibu.Errorf(zhibu.ErrInvalid, "日期“"+d+"”无效，应如2018-06-30")
		}
		q.AsOf, q.Explicit = day, true
	}
	return q, nil
}

// link is a labelled link.
type link struct {
	Label string
	Href  string
}

// evidenceHref is where an evidence record is shown: a meeting's page, the
// committee or the groups of the org's page.
func evidenceHref(f zhibu.Finding, e zhibu.Evidence) string {
	switch e.Kind {
	case zhibu.EvidenceMeeting:
		return "/meetings/" + strconv.FormatInt(e.ID, 10)
	case zhibu.EvidenceTerm:
		return orgHref(f.SubjectID) + "#committee"
	case zhibu.EvidenceSeat:
		return orgHref(f.OrgID) + "#groups"
	case zhibu.EvidenceOrg:
		return orgHref(e.ID)
	case zhibu.EvidenceTransfer:
		return orgHref(f.OrgID) + "/transfers/" + strconv.FormatInt(e.ID, 10)
	case zhibu.EvidencePerson:
		if strings.HasPrefix(f.RuleID, "dues.") {
			return personDuesHref(e.ID, f.Period.Year)
		}
		return personHref(e.ID)
	case rules.EvidenceDevStep:
		return devHref(e.ID)
	case rules.EvidenceActivity: // activities stream
		return activityHref(f.OrgID, e.ID)
	case rules.EvidenceDisclosure, rules.EvidenceLetter, rules.EvidencePaper: // voice.go
		return voiceHref(f, e)
	}
	return ""
}

// fixHref is the form that deals with an open finding, and what it does;
// "" when there is none. A missing meeting is recorded with the meetings
// form, dated within the period (the check day, when it falls inside);
// incomplete minutes on the meeting's page; a committee through an
// election; a group's leader on its form. Every action that records
// something says 登记…, so one action reads the same on every line.
func fixHref(f zhibu.Finding, asOf zhibu.Date) (href, label string) {
	if f.Status != zhibu.StatusDue && f.Status != zhibu.StatusOverdue {
		return "", ""
	}
	if t, ok := service.MeetingOf(f.RuleID); ok && f.SubjectKind == zhibu.SubjectOrg {
		day := asOf
		if start := f.Period.Start(); day.Before(start) {
			day = start
		}
		if end := f.Period.End(); day.After(end) {
			day = end
		}
		return orgHref(f.SubjectID) + "/meetings/new?" + url.Values{"type": {string(t)}, "date": {day.String()}}.Encode(), "登记" + t.Label()
	}
	switch f.RuleID {
	case "meet.minutes":
		for _, e := range f.Evidence {
			if e.Kind == zhibu.EvidenceMeeting {
				return evidenceHref(f, e) + "/edit", "补全会议记录"
			}
		}
	case "org.term.due", "org.committee.required", "org.committee.positions":
		if f.SubjectID == f.OrgID {
			return orgHref(f.SubjectID) + "/terms/new", "登记换届选举"
		}
	case "org.group.leader":
		return orgHref(f.OrgID) + "/groups/" + strconv.FormatInt(f.SubjectID, 10) + "/leader", "设置组长"
	case "org.secretary.approval":
		return orgHref(f.OrgID) + "#committee", "书记、副书记人选报批"
	case "appraisal.handling": // review stream
		return orgHref(f.OrgID) + "/appraisal", "登记处置结果"
	case "member.transfer.letter":
		for _, e := range f.Evidence {
			if e.Kind == zhibu.EvidenceTransfer {
				return evidenceHref(f, e), "办理转接"
			}
		}
	case "member.transfer.required":
		for _, e := range f.Evidence {
			if e.Kind == zhibu.EvidencePerson {
				return orgHref(f.OrgID) + "/transfers/new?person=" + strconv.FormatInt(e.ID, 10), "开具介绍信"
			}
		}
	case "dues.monthly", "dues.arrears", "dues.probationary", "dues.base.change", "dues.waiver":
		for _, e := range f.Evidence {
			if e.Kind == zhibu.EvidencePerson && len(f.Evidence) == 1 {
				return personDuesHref(e.ID, f.Period.Year) + "#pay", "登记党费"
			}
		}
		return duesHref(f.OrgID, f.Period.Year), "登记党费"
	}
	if strings.HasPrefix(f.RuleID, "dev.") && f.SubjectKind == zhibu.SubjectPerson {
		return devHref(f.SubjectID) + "#next", "登记发展步骤"
	}
	if href, label := activityFix(f); href != "" { // activities stream
		return href, label
	}
	return "", ""
}

// findingView is a finding in a list: the open findings under the calendar
// and the duties.
type findingView struct {
	zhibu.Finding
	Title    string // the rule's title
	Class    string
	When     string // the deadline, or the period
	Subject  string // who it is about: the org, or a group with its branch
	Evidence []link
	Fix      link
}

func newFindingView(cat rules.Catalogue, f zhibu.Finding, asOf zhibu.Date, subject string) findingView {
	v := findingView{Finding: f, Title: service.RuleTitle(cat, f.RuleID), Class: "badge " + statusClass(f.Status), Subject: subject}
	if !f.Deadline.IsZero() {
		v.When = f.Deadline.Chinese()
	} else {
		v.When = f.Period.Label()
	}
	for _, e := range f.Evidence {
		if h := evidenceHref(f, e); h != "" {
			v.Evidence = append(v.Evidence, link{e.Label, h})
		}
	}
	v.Fix.Href, v.Fix.Label = fixHref(f, asOf)
	return v
}

func (q checkQuery) yearTitle() string { return strconv.Itoa(q.Year) + "年" }

// The landing pages of the menu.

// complianceHomePage is the data of compliance_home.html: the orgs whose
// calendar (or matrix) the actor may open.
type complianceHomePage struct {
	base
	Matrix bool // the matrix's landing page
	Orgs   []zhibu.Org
}

// complianceHome is GET /compliance (and GET /matrix): it goes straight to
// the calendar (the matrix) of the one org the actor reads, or lists the
// orgs to choose from.
func (s *server) complianceHome(matrix bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		orgs, err := s.store.Orgs(r.Context(), store.OrgFilter{})
		if err != nil {
			return err
		}
		in := map[int64]bool{}
		for _, o := range orgs {
			in[o.ID] = true
		}
		var tops []zhibu.Org
		for _, o := range orgs {
			if !in[o.ParentID] {
				tops = append(tops, o)
			}
		}
		d := &complianceHomePage{Matrix: matrix}
		if len(tops) == 1 {
			t := tops[0]
			parent := t.Kind == zhibu.KindCommittee || t.Kind == zhibu.KindGeneralBranch
			switch {
			case matrix && parent:
				http.Redirect(w, r, orgHref(t.ID)+"/matrix", http.StatusFound)
				return nil
			case !matrix && !parent:
				http.Redirect(w, r, orgHref(t.ID)+"/compliance", http.StatusFound)
				return nil
			}
		}
		for _, o := range orgs {
			parent := o.Kind == zhibu.KindCommittee || o.Kind == zhibu.KindGeneralBranch
			if (matrix && parent) || (!matrix && (o.Kind != zhibu.KindGroup || !in[o.ParentID])) {
				d.Orgs = append(d.Orgs, o)
			}
		}
		d.Title = "合规日历"
		if matrix {
			d.Title = "监督矩阵"
		}
		return s.render(w, r, http.StatusOK, "compliance_home", d)
	}
}
