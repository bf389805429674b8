package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

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
	Counts   service.Counts
	Prev     string // the calendar of the year before
	Next     string // and after
	Matrix   string // a committee's or general branch's matrix
	Rules    string
	Today    bool     // the check day is today
	NowMonth int      // the month checked (of the check day), for the phone-first summary; 0 outside the year
	Now      []calNow // every row's period of that month, the summary a phone shows first
}

// calNow is one row of the summary of the month checked: the rule, its
// subject and the cell of the period holding the month, with the messages
// written out (a phone has no hover).
type calNow struct {
	Section string
	Title   string
	Kind    string
	Cell    calCell
	Lines   []string
}

// calSection is the rows of one subject: the org, or one of its groups.
type calSection struct {
	Name  string
	Group bool
	OrgID int64 // the org whose rows these are (0 for a person's)
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
	Voided []calVoided // meetings of the period voided (作废): shown struck, not counted
}

// calVoided is a voided meeting in a cell: its day, struck, and why.
type calVoided struct {
	Day   string
	Title string
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
	fs, cat, err := s.svc.Compliance.Check(ctx, o, q.Year, q.AsOf)
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
		d.Counts.Add(f.Status)
		if service.IsOpen(f.Status) {
			open = append(open, f)
		}
	}
	service.SortByDeadline(open)
	for _, f := range open {
		v := newFindingView(cat, f, q.AsOf, f.SubjectName)
		v.Title = service.RuleTitleAt(cat, f.RuleID, path, q.AsOf)
		d.Open = append(d.Open, v)
	}
	ls := s.links(r)
	ls.prune(d.Open)
	ls.pruneCells(d.Sections)
	voided, err := s.store.Meetings(ctx, store.MeetingFilter{OrgID: o.ID, Voided: true,
		From: time.Date(q.Year, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone), To: time.Date(q.Year+1, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)})
	if err != nil {
		return err
	}
	markVoided(d.Sections, voided)
	if q.AsOf.Year == q.Year {
		d.NowMonth = int(q.AsOf.Month)
		d.Now = calendarNow(d.Sections, d.NowMonth)
	}
	return s.render(w, r, http.StatusOK, "compliance_calendar", d)
}

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
			if f.SubjectKind != zhibu.SubjectPerson {
				acc.sec.OrgID = f.SubjectID
			}
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
			if ra, rb := service.RuleRank(a.rule), service.RuleRank(b.rule); ra != rb {
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
	row := calRow{RuleID: rule, Title: service.RuleTitleAt(cat, rule, path, q.AsOf), Kind: kindNames[kind]}
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
				for _, k := range service.RuleParams(rules.Catalogue{{ID: rule, Params: res.Params}}, rule) {
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
		if _, counting := service.MeetingOf(rule); counting || len(meetings) > 0 {
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

// markVoided puts each voided meeting in the cells of the rows that would
// have counted it (its org's rows of the rules that count its type, the
// period holding its day): struck, with the reason in the cell's title,
// and left out of the count, as the rules leave it out.
func markVoided(sections []calSection, voided []zhibu.Meeting) {
	for _, m := range voided {
		day := m.DateIn(zhibu.DefaultZone)
		v := calVoided{Day: strconv.Itoa(day.Day) + "日",
			Title: "已作废（不计入）：" + day.String() + " " + m.Type.Label() + "，原因：" + m.VoidReason}
		for i := range sections {
			if sections[i].OrgID != m.OrgID {
				continue
			}
			for j := range sections[i].Rows {
				row := &sections[i].Rows[j]
				if t, ok := service.MeetingOf(row.RuleID); !ok || t != m.Type {
					continue
				}
				month := 0
				for k := range row.Cells {
					c := &row.Cells[k]
					if month < int(day.Month) && int(day.Month) <= month+c.Span {
						c.Voided = append(c.Voided, v)
						c.Title = strings.TrimPrefix(c.Title+"\n"+v.Title, "\n")
					}
					month += c.Span
				}
			}
		}
	}
}

// calendarNow is the summary of month m: for every row with a result, the
// cell of the period that holds it (marked as the current cell in the
// table too).
func calendarNow(sections []calSection, m int) []calNow {
	var out []calNow
	for i := range sections {
		for j := range sections[i].Rows {
			row := &sections[i].Rows[j]
			month := 0
			for k := range row.Cells {
				c := &row.Cells[k]
				if month < m && m <= month+c.Span {
					c.Class += " cal-now"
				}
				if month < m && m <= month+c.Span && c.Label != "—" && c.Label != "未开始" {
					n := calNow{Title: row.Title, Kind: row.Kind, Cell: *c}
					if sections[i].Group {
						n.Section = sections[i].Name
					}
					for _, l := range strings.Split(c.Title, "\n") {
						if l != "" {
							n.Lines = append(n.Lines, l)
						}
					}
					out = append(out, n)
				}
				month += c.Span
			}
		}
	}
	return out
}
