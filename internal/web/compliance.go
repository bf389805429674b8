package web

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// Where findings show: the branch's compliance calendar, the signed-in
// person's duties, the superior's matrix of branches × rules, and the rule
// parameters of an org's layer. Every page reads the same findings of the
// rules engine (docs/rules.md), from store.Facts and store.Catalogue.

// ruleIndex is each built-in rule's place in the registry: rows and
// columns follow it.
var ruleIndex = func() map[string]int {
	m := map[string]int{}
	for i, r := range rules.Builtin().Rules() {
		m[r.ID()] = i
	}
	return m
}()

func ruleRank(id string) int {
	if i, ok := ruleIndex[id]; ok {
		return i
	}
	return len(ruleIndex)
}

// nationalTitles is what each rule asks, from the national layer (the
// database keeps no titles for the lower layers' versions).
var nationalTitles = func() map[string]string {
	m := map[string]string{}
	for _, v := range rules.DefaultCatalogue() {
		m[v.ID] = v.Title
	}
	return m
}()

// ruleTitle is the title of rule id: the national one, else one a lower
// layer gave, else the id.
func ruleTitle(cat rules.Catalogue, id string) string {
	if t := nationalTitles[id]; t != "" {
		return t
	}
	for _, v := range cat {
		if v.ID == id && v.Title != "" {
			return v.Title
		}
	}
	return id
}

// shortNames are the matrix's column heads.
var shortNames = map[string]string{
	"meet.committee.monthly":   "支委会",
	"meet.committee.quorum":    "支委会到会",
	"meet.assembly.quarterly":  "党员大会",
	"meet.group.monthly":       "党小组会",
	"meet.chair":               "主持人",
	"meet.lecture.secretary":   "书记党课",
	"meet.themeday.monthly":    "主题党日",
	"meet.life.annual":         "组织生活会",
	"meet.appraisal.annual":    "民主评议",
	"meet.quorum":              "表决人数",
	"meet.minutes":             "会议记录",
	"org.term.length":          "任期年限",
	"org.term.due":             "按期换届",
	"org.term.extension":       "延期换届",
	"org.committee.required":   "设委员会",
	"org.committee.positions":  "委员职务",
	"org.group.leader":         "小组组长",
	"org.secretary.approval":   "书记报批",
	"member.transfer.required": "应转接",
	"member.transfer.letter":   "介绍信",
	"dues.rate.salaried":       "在职党费",
	"dues.rate.annual_salary":  "年薪党费",
	"dues.rate.no_salary":      "无固定收入",
	"dues.rate.retired":        "离退休党费",
	"dues.rate.flat":           "定额党费",
	"dues.waiver":              "党费减免",
	"dues.probationary":        "预备党员党费",
	"dues.base.change":         "基数调整",
	"dues.voluntary":           "上缴中央",
	"dues.monthly":             "按月交党费",
	"dues.arrears":             "连续未交",
	"dues.no_org_payment":      "组织代交",
	"dev.order":                "发展程序",
	"dev.age":                  "申请年龄",
	"dev.talk":                 "申请谈话",
	"dev.mentors":              "培养联系人",
	"dev.activist.review":      "半年考察",
	"dev.candidate.after":      "培养期",
	"dev.sponsors":             "入党介绍人",
	"dev.review":               "政治审查",
	"dev.training":             "集中培训",
	"dev.vote":                 "接收表决",
	"dev.approval":             "上级审批",
	"dev.probation":            "按期转正",
	"dev.confirm.after":        "预备期满",
	"dev.extension":            "延长预备期",
	"dev.confirm.approval":     "转正审批",
}

// meetingOf is the type of meeting that satisfies a counting rule: the
// form that fixes a due or overdue finding records one.
var meetingOf = map[string]zhibu.MeetingType{
	"meet.committee.monthly":  zhibu.MeetCommittee,
	"meet.assembly.quarterly": zhibu.MeetAssembly,
	"meet.group.monthly":      zhibu.MeetGroup,
	"meet.lecture.secretary":  zhibu.MeetLecture,
	"meet.themeday.monthly":   zhibu.MeetThemedDay,
	"meet.life.annual":        zhibu.MeetLife,
	"meet.appraisal.annual":   zhibu.MeetAppraisal,
}

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

func isOpen(st zhibu.FindingStatus) bool { return st != zhibu.StatusOK }

// dueKey is the day a finding must be dealt with by: its deadline, or the
// end of its period when it has none.
func dueKey(f zhibu.Finding) zhibu.Date {
	if !f.Deadline.IsZero() {
		return f.Deadline
	}
	return f.Period.End()
}

// sortByDeadline orders findings due soonest first: by deadline, then by
// the end of the period, then in the registry's order.
func sortByDeadline(fs []zhibu.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if ka, kb := dueKey(a), dueKey(b); ka != kb {
			return ka.Before(kb)
		}
		if ea, eb := a.Period.End(), b.Period.End(); ea != eb {
			return ea.Before(eb)
		}
		return ruleRank(a.RuleID) < ruleRank(b.RuleID)
	})
}

// checkDay is the day a year is checked as of when none is asked for:
// today, or the year's last day when that is earlier.
func checkDay(year int, today zhibu.Date) zhibu.Date {
	if end := zhibu.MakeDate(year, 12, 31); today.After(end) {
		return end
	}
	return today
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
	q.AsOf = checkDay(q.Year, today)
	if d := strings.TrimSpace(v.Get("as_of")); d != "" {
		day, err := zhibu.ParseDate(d)
		if err != nil || day.IsZero() {
			return q, zhibu.Errorf(zhibu.ErrInvalid, "日期“"+d+"”无效，应如2018-06-30")
		}
		q.AsOf, q.Explicit = day, true
	}
	return q, nil
}

// check is the findings of org o for a year as of a day, with the
// catalogue they were checked against:
//   - a branch: its own and its groups';
//   - a group: its branch's findings about the group. The branch's records
//     are read as the system (a group leader reads the group, not the
//     branch), and only the group's findings are returned;
//   - a committee or general branch: its own (its terms and committee).
func (s *server) check(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) ([]zhibu.Finding, rules.Catalogue, error) {
	cat, err := s.store.Catalogue(ctx)
	if err != nil {
		return nil, nil, err
	}
	if o.Kind == zhibu.KindGroup {
		facts, err := s.store.Facts(zhibu.WithActor(ctx, zhibu.System), o.ParentID, year, asOf)
		if err != nil {
			return nil, nil, err
		}
		var out []zhibu.Finding
		for _, f := range rules.Check(cat, facts, o.ParentID, year) {
			if f.SubjectKind == zhibu.SubjectOrg && f.SubjectID == o.ID {
				out = append(out, f)
			}
		}
		return out, cat, nil
	}
	facts, err := s.factsOf(ctx, o, year, asOf)
	if err != nil {
		return nil, nil, err
	}
	return rules.Check(cat, facts, o.ID, year), cat, nil
}

// factsOf is what o's own check reads: a branch (or group) with its
// groups, a committee or general branch by itself (its findings are its
// terms'), not its whole subtree.
func (s *server) factsOf(ctx context.Context, o zhibu.Org, year int, asOf zhibu.Date) (zhibu.Facts, error) {
	if o.Kind == zhibu.KindCommittee || o.Kind == zhibu.KindGeneralBranch {
		return s.store.FactsOwn(ctx, o, year, asOf)
	}
	return s.store.Facts(ctx, o.ID, year, asOf)
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
	}
	return ""
}

// fixHref is the form that deals with an open finding, and what it does;
// "" when there is none. A missing meeting is recorded with the meetings
// form, dated within the period (the check day, when it falls inside);
// incomplete minutes on the meeting's page; a committee through an
// election; a group's leader on its form.
func fixHref(f zhibu.Finding, asOf zhibu.Date) (href, label string) {
	if f.Status != zhibu.StatusDue && f.Status != zhibu.StatusOverdue {
		return "", ""
	}
	if t, ok := meetingOf[f.RuleID]; ok && f.SubjectKind == zhibu.SubjectOrg {
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
			return orgHref(f.SubjectID) + "/terms/new", "录入换届选举"
		}
	case "org.group.leader":
		return orgHref(f.OrgID) + "/groups/" + strconv.FormatInt(f.SubjectID, 10) + "/leader", "设置组长"
	case "org.secretary.approval":
		return orgHref(f.OrgID) + "#committee", "书记、副书记人选报批"
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
		return duesHref(f.OrgID, f.Period.Year), "收缴党费"
	}
	if strings.HasPrefix(f.RuleID, "dev.") && f.SubjectKind == zhibu.SubjectPerson {
		return devHref(f.SubjectID) + "#next", "记录发展步骤"
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
	v := findingView{Finding: f, Title: ruleTitle(cat, f.RuleID), Class: "badge " + statusClass(f.Status), Subject: subject}
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

// counts are findings by status.
type counts struct{ OK, Due, Overdue, Violation, All int }

func (c *counts) add(st zhibu.FindingStatus) {
	c.All++
	switch st {
	case zhibu.StatusOK:
		c.OK++
	case zhibu.StatusDue:
		c.Due++
	case zhibu.StatusOverdue:
		c.Overdue++
	case zhibu.StatusViolation:
		c.Violation++
	}
}

// The compliance calendar.

// calendarPage is the data of compliance_calendar.html.
type calendarPage struct {
	base
	Org      zhibu.Org
	Query    checkQuery
	Form     form
	Months   []int
	Sections []calSection
	Open     []findingView
	Counts   counts
	Prev     string // the calendar of the year before
	Next     string // and after
	Matrix   string // a committee's or general branch's matrix
	Rules    string
	Today    bool // the check day is today
}

// calSection is the rows of one subject: the org, or one of its groups.
type calSection struct {
	Name  string
	Group bool
	Rows  []calRow
}

// calRow is one rule over the year in periods of one kind: a month a cell,
// or a cell spanning the months of a quarter, half or year.
type calRow struct {
	RuleID string
	Title  string
	Kind   string   // 每月, 每季度, ...
	From   []string // layer：source of the versions that decided it
	Cells  []calCell
}

// calCell is one period of a row: its worst status (with the text label,
// so that it prints in black and white), the meetings counted, a link to
// the evidence or to the form that fixes it, and the findings' messages.
type calCell struct {
	Span   int
	Class  string
	Label  string
	Count  string
	Href   string
	Title  string
	Period string
}

var kindNames = map[zhibu.PeriodKind]string{
	zhibu.PeriodMonth: "每月", zhibu.PeriodQuarter: "每季度", zhibu.PeriodHalf: "每半年", zhibu.PeriodYear: "全年",
}

func kindRank(k zhibu.PeriodKind) int {
	for i, x := range zhibu.PeriodKinds {
		if x == k {
			return i
		}
	}
	return len(zhibu.PeriodKinds)
}

// complianceCalendar is GET /orgs/{id}/compliance?year=&as_of=: a year of
// months × rules for a branch and its groups (for a group, the group's
// rows; for a committee or general branch, its own), and the open findings
// by deadline.
func (s *server) complianceCalendar(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	q, err := s.checkParams(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	fs, cat, err := s.check(ctx, o, q.Year, q.AsOf)
	if err != nil {
		return err
	}
	d := &calendarPage{Org: o, Query: q, Form: q.form(), Months: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, Today: q.AsOf == s.today()}
	d.Title = o.Name + q.yearTitle() + "合规日历"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "合规日历"}); err != nil {
		return err
	}
	base := orgHref(o.ID) + "/compliance"
	d.Prev = base + "?year=" + strconv.Itoa(q.Year-1)
	d.Next = base + "?year=" + strconv.Itoa(q.Year+1)
	d.Rules = orgHref(o.ID) + "/rules"
	if o.Kind == zhibu.KindCommittee || o.Kind == zhibu.KindGeneralBranch {
		d.Matrix = orgHref(o.ID) + "/matrix" + q.query()
	}
	path := o.PathIDs()
	if o.Kind == zhibu.KindGroup {
		path = path[:len(path)-1] // a group's rules resolve as its branch's
	}
	d.Sections = calendarSections(cat, path, fs, q)
	var open []zhibu.Finding
	for _, f := range fs {
		d.Counts.add(f.Status)
		if isOpen(f.Status) {
			open = append(open, f)
		}
	}
	sortByDeadline(open)
	for _, f := range open {
		d.Open = append(d.Open, newFindingView(cat, f, q.AsOf, f.SubjectName))
	}
	return s.render(w, r, http.StatusOK, "compliance_calendar", d)
}

func (q checkQuery) yearTitle() string { return strconv.Itoa(q.Year) + "年" }

// calendarSections lays findings out: one section per subject (the org
// first, then its groups in order of appearance), one row per rule and
// period kind in the registry's order, one cell per period.
func calendarSections(cat rules.Catalogue, path []int64, fs []zhibu.Finding, q checkQuery) []calSection {
	type rowKey struct {
		rule string
		kind zhibu.PeriodKind
	}
	type sectionAcc struct {
		sec  calSection
		rows map[rowKey][]zhibu.Finding
		keys []rowKey
	}
	// A section is an org or a person (development): ids of the two
	// tables may coincide, so the kind is part of the key.
	type subject struct {
		kind string
		id   int64
	}
	var order []subject
	secs := map[subject]*sectionAcc{}
	for _, f := range fs {
		if !f.Period.Valid() || f.Period.Year != q.Year {
			continue
		}
		sk := subject{f.SubjectKind, f.SubjectID}
		acc := secs[sk]
		if acc == nil {
			own := f.SubjectKind != zhibu.SubjectPerson && f.SubjectID == f.OrgID
			acc = &sectionAcc{sec: calSection{Name: f.SubjectName, Group: !own}, rows: map[rowKey][]zhibu.Finding{}}
			secs[sk] = acc
			if own {
				order = append([]subject{sk}, order...)
			} else {
				order = append(order, sk)
			}
		}
		k := rowKey{f.RuleID, f.Period.Kind}
		if _, ok := acc.rows[k]; !ok {
			acc.keys = append(acc.keys, k)
		}
		acc.rows[k] = append(acc.rows[k], f)
	}
	out := make([]calSection, 0, len(order))
	for _, id := range order {
		acc := secs[id]
		sort.SliceStable(acc.keys, func(i, j int) bool {
			a, b := acc.keys[i], acc.keys[j]
			if ra, rb := ruleRank(a.rule), ruleRank(b.rule); ra != rb {
				return ra < rb
			}
			return kindRank(a.kind) < kindRank(b.kind)
		})
		for _, k := range acc.keys {
			acc.sec.Rows = append(acc.sec.Rows, calendarRow(cat, path, k.rule, k.kind, acc.rows[k], q))
		}
		out = append(out, acc.sec)
	}
	return out
}

// calendarRow makes the cells of one rule and period kind.
// A lower layer's version says what it asks beside its source (the title
// is the national layer's).
func calendarRow(cat rules.Catalogue, path []int64, rule string, kind zhibu.PeriodKind, fs []zhibu.Finding, q checkQuery) calRow {
	row := calRow{RuleID: rule, Title: ruleTitle(cat, rule), Kind: kindNames[kind]}
	seen := map[string]bool{}
	for _, f := range fs {
		src := f.Layer.Label() + "：" + f.Source
		if seen[src] {
			continue
		}
		seen[src] = true
		if f.Layer != zhibu.LayerNational {
			if res, ok := cat.Resolve(rule, path, f.Period.End()); ok && res.Layer == f.Layer && res.Source == f.Source {
				var ps []string
				for _, k := range ruleParams(rules.Catalogue{{ID: rule, Params: res.Params}}, rule) {
					if sp, ok := rules.Spec(k); ok && res.Params.Has(k) {
						ps = append(ps, sp.Label+strconv.Itoa(res.Params[k]))
					}
				}
				if len(ps) > 0 {
					src += "（" + strings.Join(ps, "，") + "）"
				}
			}
		}
		row.From = append(row.From, src)
	}
	byN := map[int][]zhibu.Finding{}
	for _, f := range fs {
		byN[f.Period.N] = append(byN[f.Period.N], f)
	}
	for _, p := range zhibu.PeriodsOf(kind, q.Year) {
		cell := calCell{Span: kind.Months(), Period: p.Label()}
		cfs := byN[p.N]
		if len(cfs) == 0 {
			cell.Class, cell.Label = statusClass(""), "—"
			cell.Title = p.Label() + "：无检查结果"
			if p.Start().After(q.AsOf) {
				cell.Label, cell.Title = "未开始", p.Label()+"：尚未开始"
			}
			row.Cells = append(row.Cells, cell)
			continue
		}
		worst := cfs[0]
		bad := 0
		meetings := map[int64]bool{}
		var msgs []string
		for _, f := range cfs {
			if f.Status.Severity() > worst.Status.Severity() {
				worst = f
			}
			for _, e := range f.Evidence {
				if e.Kind == zhibu.EvidenceMeeting {
					meetings[e.ID] = true
				}
			}
			msgs = append(msgs, f.Status.Label()+"："+f.Message)
		}
		for _, f := range cfs {
			if f.Status == worst.Status {
				bad++
			}
		}
		cell.Class, cell.Label = statusClass(worst.Status), worst.Status.Label()
		if bad > 1 && worst.Status != zhibu.StatusOK {
			cell.Label += "×" + strconv.Itoa(bad)
		}
		if _, counting := meetingOf[rule]; counting || len(meetings) > 0 {
			cell.Count = strconv.Itoa(len(meetings)) + "次"
		}
		cell.Title = strings.Join(msgs, "\n")
		cell.Href, _ = fixHref(worst, q.AsOf)
		if cell.Href == "" {
			for _, e := range worst.Evidence {
				if cell.Href = evidenceHref(worst, e); cell.Href != "" {
					break
				}
			}
		}
		row.Cells = append(row.Cells, cell)
	}
	return row
}

// The superior's matrix.

// matrixPage is the data of compliance_matrix.html.
type matrixPage struct {
	base
	Org      zhibu.Org
	Query    checkQuery
	Form     form
	Sort     string
	ByName   string // the same matrix sorted by name
	ByDue    string // by overdue findings
	Columns  []matrixColumn
	Rows     []matrixRow
	Counts   counts
	Branches int
}

type matrixColumn struct {
	ID    string
	Short string
	Title string
}

// matrixRow is one org of the subtree: for each rule the worst status of
// the year to date with counts, and a link to its calendar.
type matrixRow struct {
	Org       zhibu.Org
	Href      string
	Matrix    string // for a committee or general branch, its own matrix
	Branches  int    // for a committee or general branch, the branches below it its row sums up
	Cells     []matrixCell
	CellsHTML template.HTML // the cells as the table shows them
	Overdue   int
	Open      int
	Findings  int
}

type matrixCell struct {
	Class string
	Text  string
	Title string
}

// complianceMatrix is GET /orgs/{id}/matrix?year=&as_of=&sort=name|overdue:
// every org under a committee or general branch × rules, checked in one
// pass (store.Facts of the subtree, rules.CheckAll) and kept until a record
// changes (see matrixOf). A branch or group has no subtree to compare: it
// goes to its calendar.
func (s *server) complianceMatrix(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	q, err := s.checkParams(r)
	if err != nil {
		return err
	}
	if o.Kind == zhibu.KindBranch || o.Kind == zhibu.KindGroup {
		http.Redirect(w, r, orgHref(o.ID)+"/compliance"+q.query(), http.StatusFound)
		return nil
	}
	sortBy := r.URL.Query().Get("sort")
	if sortBy != "overdue" {
		sortBy = "name"
	}
	ctx := r.Context()
	m, err := s.matrixOf(ctx, o, q)
	if err != nil {
		return err
	}
	d := &matrixPage{Org: o, Query: q, Form: q.form(), Sort: sortBy, Counts: m.counts, Branches: m.branches}
	d.Title = o.Name + q.yearTitle() + "监督矩阵"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "监督矩阵"}); err != nil {
		return err
	}
	self := orgHref(o.ID) + "/matrix" + q.query()
	d.ByName, d.ByDue = self+"&sort=name", self+"&sort=overdue"
	for i, id := range m.ids {
		short := shortNames[id]
		if short == "" {
			short = id
		}
		d.Columns = append(d.Columns, matrixColumn{ID: id, Short: short, Title: m.titles[i]})
	}
	d.Rows = make([]matrixRow, 0, len(m.rows))
	for _, t := range m.rows {
		row := matrixRow{Org: t.org, Href: orgHref(t.org.ID) + "/compliance" + q.query(), Overdue: t.overdue, Open: t.open,
			Findings: t.findings, Branches: t.branches, Cells: make([]matrixCell, len(t.cells))}
		if t.org.Kind != zhibu.KindBranch && t.org.ID != o.ID {
			row.Matrix = orgHref(t.org.ID) + "/matrix" + q.query()
		}
		var b strings.Builder
		for i, c := range t.cells {
			cell := &row.Cells[i]
			cell.Class = statusClass(c.worst)
			if c.all == 0 {
				cell.Text, cell.Title = "—", d.Columns[i].Short+"：无检查结果"
			} else {
				cell.Text = strconv.Itoa(c.n) + shortStatus(c.worst) + "/" + strconv.Itoa(c.all)
				cell.Title = d.Columns[i].Title + "：共" + strconv.Itoa(c.all) + "项，最差为" + c.worst.Label() + strconv.Itoa(c.n) + "项"
			}
			// Written here rather than by the template: thousands of cells
			// through html/template's escapers would cost more than the rest.
			b.WriteString(`<td class="` + html.EscapeString(cell.Class) + `" title="` + html.EscapeString(cell.Title) + `">` +
				html.EscapeString(cell.Text) + "</td>")
		}
		row.CellsHTML = template.HTML(b.String())
		d.Rows = append(d.Rows, row)
	}
	sortMatrix(d.Rows, o.ID, sortBy)
	return s.render(w, r, http.StatusOK, "compliance_matrix", d)
}

func (c *counts) plus(d counts) {
	c.OK += d.OK
	c.Due += d.Due
	c.Overdue += d.Overdue
	c.Violation += d.Violation
	c.All += d.All
}

// harmless are the audited actions that change nothing the rules read:
// logins, accounts, tokens, feeds, settings, views, exports, attachments.
var harmless = []string{"login", "logout", "account.", "token.", "feed.", "settings.", "person.view", "roster.export", "roster.upload", "register.upload", "dues.upload", "attachment.", "meeting_type.", "dev.material."}

// branchOnly are the actions that change only the findings of the branch
// that holds the org they name (the branch, or a group of it).
var branchOnly = map[string]bool{
	"meeting.create": true, "meeting.file": true, "meeting.acknowledge": true, "meeting.return": true, "meetings.bulk": true,
	"term.start": true, "group.leader": true, "supervision.set": true,
	"person.create": true, "person.update": true, "people.import": true,
	// A transfer between two branches is audited once on each (store/transfers.go).
	"transfer.issue": true, "transfer.accept": true, "transfer.receipt": true, "transfer.return": true,
	"transfer.cancel": true, "transfer.in": true,
	"term.extension.request": true, "term.extension.approve": true, "term.extension.reject": true,
	"term.report": true, "term.approve": true, "term.assembly": true,
	"dues.base": true, "dues.pay": true, "dues.reason": true, "dues.waiver.approve": true, "dues.import": true, "dues.void": true,
	"dev.step": true, "dev.bulk": true, "dev.void": true,
}

func isHarmless(action string) bool {
	for _, p := range harmless {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}

// sortMatrix puts the org itself first, then the others by name (in
// pinyin order, numbers by their value: 第二 before 第十, 第2 before 第10)
// or by overdue findings, most first.
func sortMatrix(rows []matrixRow, rootID int64, by string) {
	keys := make([][]byte, len(rows))
	var buf collate.Buffer
	chinese := collate.New(language.Chinese) // not safe for concurrent use: one a request
	for i := range rows {
		keys[i] = append([]byte(nil), chinese.KeyFromString(&buf, numbersPadded(rows[i].Org.Name))...)
		buf.Reset()
	}
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := &rows[idx[a]], &rows[idx[b]]
		if (x.Org.ID == rootID) != (y.Org.ID == rootID) {
			return x.Org.ID == rootID
		}
		if by == "overdue" && x.Overdue != y.Overdue {
			return x.Overdue > y.Overdue
		}
		if c := strings.Compare(string(keys[idx[a]]), string(keys[idx[b]])); c != 0 {
			return c < 0
		}
		return x.Org.Code < y.Org.Code
	})
	sorted := make([]matrixRow, len(rows))
	for i, j := range idx {
		sorted[i] = rows[j]
	}
	copy(rows, sorted)
}

// numbersPadded writes the numbers in a name — Arabic (12) or Chinese
// (十二, 一百零五) — as eight digits, so that names sort by their value.
func numbersPadded(name string) string {
	digit := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	unit := map[rune]int{'十': 10, '百': 100, '千': 1000}
	var b strings.Builder
	rs := []rune(name)
	for i := 0; i < len(rs); {
		r := rs[i]
		_, isDigit := digit[r]
		_, isUnit := unit[r]
		switch {
		case r >= '0' && r <= '9':
			n := 0
			for ; i < len(rs) && rs[i] >= '0' && rs[i] <= '9' && n < 1e7; i++ {
				n = n*10 + int(rs[i]-'0')
			}
			fmt.Fprintf(&b, "%08d", n)
		case isDigit || isUnit:
			total, cur := 0, 0
			for ; i < len(rs); i++ {
				if d, ok := digit[rs[i]]; ok {
					cur = d
				} else if u, ok := unit[rs[i]]; ok {
					if cur == 0 {
						cur = 1 // 十二 is 12
					}
					total += cur * u
					cur = 0
				} else {
					break
				}
			}
			fmt.Fprintf(&b, "%08d", total+cur)
		default:
			b.WriteRune(r)
			i++
		}
	}
	return b.String()
}

// My duties.

// dutiesPage is the data of compliance_duties.html.
type dutiesPage struct {
	base
	NoPerson  bool
	Year      int
	AsOf      zhibu.Date
	Positions []string
	Items     []findingView
	Counts    counts
	Approvals int // what waits for the superior's decision, for those who give it (待上级审批事项)
}

// duties is GET /duties: what the signed-in person's positions make them
// responsible for (a finding whose responsible position is one they hold,
// in the org where they hold it; a group leader's for their group), not
// yet done or done wrongly, due soonest first. Each org is checked once,
// as the system: the list holds only the person's own duties.
func (s *server) duties(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := zhibu.ActorFrom(ctx)
	q, err := s.checkParams(r)
	if err != nil {
		return err
	}
	d := &dutiesPage{Year: q.Year, AsOf: q.AsOf}
	d.Title = "我的职责"
	if a.PersonID == 0 {
		d.NoPerson = true
		return s.render(w, r, http.StatusOK, "compliance_duties", d)
	}
	orgs, err := s.dutyOrgs(ctx, a.PersonID, s.today())
	if err != nil {
		return err
	}
	sys := zhibu.WithActor(ctx, zhibu.System)
	var mine []zhibu.Finding
	var cat rules.Catalogue
	subject := map[int64]string{}
	for _, du := range orgs {
		d.Positions = append(d.Positions, du.labels...)
		fs, c, err := s.check(sys, du.check, q.Year, q.AsOf)
		if err != nil {
			return err
		}
		cat = c
		for _, f := range fs {
			if !isOpen(f.Status) || !du.owns(f) {
				continue
			}
			mine = append(mine, f)
			name := du.check.Name
			if f.SubjectID != du.check.ID && f.SubjectKind == zhibu.SubjectOrg {
				name += " · " + f.SubjectName
			}
			subject[f.SubjectID] = name
		}
	}
	sortByDeadline(mine)
	for _, f := range mine {
		d.Counts.add(f.Status)
		d.Items = append(d.Items, newFindingView(cat, f, q.AsOf, subject[f.SubjectID]))
	}
	if access.Holds(a, zhibu.PermFilingReview) {
		if d.Approvals, err = s.approvalCount(ctx); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "compliance_duties", d)
}

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

// Rule parameters.

// rulesPage is the data of compliance_rules.html.
type rulesPage struct {
	base
	Org      zhibu.Org
	On       zhibu.Date
	Layer    zhibu.Layer // the layer this org sets; "" for a group
	CanEdit  bool
	Rules    []ruleView
	Versions []versionView
	Form     form
	Choices  []option // the rules a version may be added for
	Params   []field  // the chosen rule's parameters
	Calendar string
}

// ruleView is a rule as it applies to the org on a day.
type ruleView struct {
	ID      string
	Title   string
	Layer   string
	Source  string
	Params  []paramView
	InForce bool
}

// paramView is one resolved parameter and the layer its value came from.
type paramView struct {
	Name      string
	Label     string
	Value     int
	Layer     string
	Direction string
}

// versionView is one version of the catalogue that applies to the org.
type versionView struct {
	RuleID string
	Layer  string
	Org    string
	From   string
	To     string
	Params string
	Source string
}

// paramOrder is the order parameters are shown in (others follow by name).
var paramOrder = []string{"min", "per_year", "per_half", "per_quarter", "above_percent", "within_days", "years",
	"remind_first", "remind_second", "max_months", "threshold", "min_size", "max_size"}

// extraParams are parameters a lower layer may set for a rule although
// the national layer does not (the seed plan's lectures per half).
var extraParams = map[string][]string{"meet.lecture.secretary": {"per_year", "per_half", "per_quarter"}}

// ruleParams are the parameters rule id takes: those of its versions in
// the catalogue and those a lower layer may add.
func ruleParams(cat rules.Catalogue, id string) []string {
	set := map[string]bool{}
	for _, v := range cat {
		if v.ID == id {
			for k := range v.Params {
				set[k] = true
			}
		}
	}
	for _, k := range extraParams[id] {
		set[k] = true
	}
	var out []string
	for _, k := range paramOrder {
		if set[k] {
			out = append(out, k)
			delete(set, k)
		}
	}
	var rest []string
	for k := range set {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func paramLabel(name string) string {
	if sp, ok := rules.Spec(name); ok {
		return sp.Label + "（" + name + "）"
	}
	return name
}

func paramDirection(name string) string {
	if sp, ok := rules.Spec(name); ok && sp.Stricter == rules.Lower {
		return "越小越严"
	}
	return "越大越严"
}

// layerOf is the layer org o sets: a committee (or general branch) the
// superior layer for its subtree, a branch its own; a group none.
func layerOf(o zhibu.Org) zhibu.Layer {
	switch o.Kind {
	case zhibu.KindCommittee, zhibu.KindGeneralBranch:
		return zhibu.LayerSuperior
	case zhibu.KindBranch:
		return zhibu.LayerBranch
	}
	return ""
}

// rulesShow is GET /orgs/{id}/rules?on=DATE: the rules in force for the
// org with their resolved parameters and the layer each came from, the
// versions that apply to it, and — for an actor who sets this org's layer
// — the form that adds a version.
func (s *server) rulesShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := form{}
	for k := range q {
		f[k] = clean(q.Get(k))
	}
	return s.rulesRender(w, r, http.StatusOK, o, f, nil)
}

func (s *server) rulesRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	cat, err := s.store.Catalogue(ctx)
	if err != nil {
		return err
	}
	on := s.today()
	if v := f["on"]; v != "" {
		if d, err := zhibu.ParseDate(v); err == nil && !d.IsZero() {
			on = d
		}
	}
	d := &rulesPage{Org: o, On: on, Layer: layerOf(o), Form: f, Calendar: orgHref(o.ID) + "/compliance"}
	d.Problems = ps
	d.CanEdit = d.Layer != "" && zhibu.ActorFrom(ctx).Can(zhibu.PermRulesEdit, o.Path)
	d.Title = o.Name + "规则参数"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "规则参数"}); err != nil {
		return err
	}
	path := o.PathIDs()
	onPath := map[int64]bool{}
	for _, id := range path {
		onPath[id] = true
	}
	// The layers above, one catalogue each, to tell where a value came from.
	rank := func(l zhibu.Layer) int {
		for i, x := range zhibu.Layers {
			if x == l {
				return i
			}
		}
		return len(zhibu.Layers)
	}
	upTo := make([]rules.Catalogue, len(zhibu.Layers))
	for i := range zhibu.Layers {
		for _, v := range cat {
			if rank(v.Layer) <= i {
				upTo[i] = append(upTo[i], v)
			}
		}
	}
	var ids []string
	seen := map[string]bool{}
	for _, v := range cat {
		if !seen[v.ID] && (v.OrgID == 0 || onPath[v.OrgID]) {
			seen[v.ID] = true
			ids = append(ids, v.ID)
		}
	}
	sort.SliceStable(ids, func(i, j int) bool { return ruleRank(ids[i]) < ruleRank(ids[j]) })
	for _, id := range ids {
		rv := ruleView{ID: id, Title: ruleTitle(cat, id)}
		res, ok := cat.Resolve(id, path, on)
		if ok {
			rv.InForce, rv.Layer, rv.Source = true, res.Layer.Label(), res.Source
			for _, k := range ruleParams(rules.Catalogue{{ID: id, Params: res.Params}}, id) {
				val, set := res.Params[k]
				if !set {
					continue
				}
				pv := paramView{Name: k, Label: paramLabel(k), Value: val, Direction: paramDirection(k)}
				for i, l := range zhibu.Layers {
					if r, ok := upTo[i].Resolve(id, path, on); ok && r.Params.Has(k) && r.Params[k] == val {
						pv.Layer = l.Label()
						break
					}
				}
				rv.Params = append(rv.Params, pv)
			}
		}
		d.Rules = append(d.Rules, rv)
		if len(ruleParams(cat, id)) > 0 {
			d.Choices = append(d.Choices, option{Value: id, Label: id + " " + rv.Title})
		}
	}
	// The versions that apply here, by rule, layer and start.
	names := map[int64]string{}
	sys := zhibu.WithActor(ctx, zhibu.System)
	for _, v := range cat {
		if v.OrgID != 0 && !onPath[v.OrgID] {
			continue
		}
		org := "全国"
		if v.OrgID != 0 {
			if _, ok := names[v.OrgID]; !ok {
				a, err := s.store.Org(sys, v.OrgID) // a superior's name, even where the actor reads only the branch
				if err != nil {
					return err
				}
				names[v.OrgID] = a.Name
			}
			org = names[v.OrgID]
		}
		vv := versionView{RuleID: v.ID, Layer: v.Layer.Label(), Org: org, Source: v.Source, From: "一直有效", To: "—"}
		if !v.EffectiveFrom.IsZero() {
			vv.From = v.EffectiveFrom.Chinese()
		}
		if !v.EffectiveTo.IsZero() {
			vv.To = v.EffectiveTo.Chinese()
		}
		var ps []string
		for _, k := range ruleParams(rules.Catalogue{v}, v.ID) {
			if val, ok := v.Params[k]; ok {
				ps = append(ps, k+"="+strconv.Itoa(val))
			}
		}
		vv.Params = strings.Join(ps, "，")
		d.Versions = append(d.Versions, vv)
	}
	sort.SliceStable(d.Versions, func(i, j int) bool { return ruleRank(d.Versions[i].RuleID) < ruleRank(d.Versions[j].RuleID) })
	if d.CanEdit && len(d.Choices) > 0 {
		chosen := f["rule_id"]
		if len(ruleParams(cat, chosen)) == 0 {
			chosen = d.Choices[0].Value
		}
		f["rule_id"] = chosen
		if f["effective_from"] == "" {
			f["effective_from"] = s.today().String()
		}
		res, _ := cat.Resolve(chosen, path, on)
		typed := false
		for _, k := range ruleParams(cat, chosen) {
			typed = typed || f["p_"+k] != ""
		}
		for _, k := range ruleParams(cat, chosen) {
			if !typed {
				if v, ok := res.Params[k]; ok {
					f["p_"+k] = strconv.Itoa(v)
				}
			}
			fd := field{Name: "p_" + k, Label: paramLabel(k), Value: f["p_"+k], Err: ps.For("p_" + k), Type: "number",
				Hint: paramDirection(k) + "；留空则沿用上级"}
			d.Params = append(d.Params, fd)
		}
	}
	return s.render(w, r, status, "compliance_rules", d)
}

// rulesAdd is POST /orgs/{id}/rules: a new version of a rule in this org's
// layer (superior for a committee or general branch, branch for a branch),
// from a day, with the rule's parameters. Each parameter must be one the
// rule takes and a positive whole number; the catalogue with the version
// added must pass Validate for it — a lower layer may tighten, never
// loosen — or the form comes back naming the parameter.
func (s *server) rulesAdd(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	layer := layerOf(o)
	if layer == "" {
		return zhibu.Errorf(zhibu.ErrInvalid, "党小组不设规则参数，请在所属党支部设定")
	}
	ctx := r.Context()
	cat, err := s.store.Catalogue(ctx)
	if err != nil {
		return err
	}
	var ps zhibu.Problems
	id := f["rule_id"]
	names := ruleParams(cat, id)
	if len(names) == 0 {
		ps.Add("rule_id", "规则", "请选择有参数的规则")
	}
	from := f.date("effective_from", "生效日期", &ps)
	if from.IsZero() && ps.For("effective_from") == "" {
		ps.Add("effective_from", "生效日期", "不能为空")
	}
	v := zhibu.RuleVersion{ID: id, Layer: layer, OrgID: o.ID, EffectiveFrom: from, Params: zhibu.RuleParams{},
		Source: strings.TrimSpace(f["source"])}
	if v.Source == "" {
		v.Source = o.Name + "确定的" + layer.Label()
	}
	if len([]rune(v.Source)) > 200 {
		ps.Add("source", "依据", "不能超过200个字")
	}
	for k, val := range f {
		name, ok := strings.CutPrefix(k, "p_")
		if !ok || val == "" || contains(names, name) || len(names) == 0 {
			continue
		}
		ps.Add(k, paramLabel(name), "规则"+id+"没有此参数")
	}
	for _, k := range names {
		val := f["p_"+k]
		if val == "" {
			continue
		}
		n, err := strconv.Atoi(val)
		if err != nil || n <= 0 || n > 10000 {
			ps.Add("p_"+k, paramLabel(k), "“"+val+"”应为正整数")
			continue
		}
		v.Params[k] = n
	}
	if len(names) > 0 && len(v.Params) == 0 && len(ps) == 0 {
		ps.Add("", "参数", "请至少填写一个参数")
	}
	if len(ps) == 0 {
		next := append(append(rules.Catalogue(nil), cat...), v)
		for _, p := range next.Validate([]zhibu.Org{o}) {
			if p.Index != len(next)-1 {
				continue // an older version's problem is not this form's
			}
			fieldName, label := "", "规则参数"
			if p.Param != "" {
				fieldName, label = "p_"+p.Param, paramLabel(p.Param)
			} else if strings.Contains(p.Message, "同日生效") {
				fieldName, label = "effective_from", "生效日期"
			}
			ps = append(ps, zhibu.Problem{Field: fieldName, Label: label, Message: label + "：" + p.Message})
		}
	}
	if len(ps) > 0 {
		return s.rulesRender(w, r, http.StatusUnprocessableEntity, o, f, ps)
	}
	if err := s.store.AddRuleVersion(ctx, v); err != nil {
		return err
	}
	return redirect(w, r, orgHref(o.ID)+"/rules", "已新增规则参数："+id+"自"+from.Chinese()+"起生效")
}
