package web

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"zhibu"
	"zhibu/internal/service"
)

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
	Counts   service.Counts
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
// pass (service.Compliance.Matrix: the tallies of the subtree, kept until a
// record changes). A branch or group has no subtree to compare: it
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
	m, err := s.svc.Compliance.Matrix(ctx, o, q.Year, q.AsOf)
	if err != nil {
		return err
	}
	d := &matrixPage{Org: o, Query: q, Form: q.form(), Sort: sortBy, Counts: m.Counts, Branches: m.Branches}
	d.Title = o.Name + q.yearTitle() + "监督矩阵"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "监督矩阵"}); err != nil {
		return err
	}
	self := orgHref(o.ID) + "/matrix" + q.query()
	d.ByName, d.ByDue = self+"&sort=name", self+"&sort=overdue"
	for i, id := range m.Rules {
		d.Columns = append(d.Columns, matrixColumn{ID: id, Short: service.ShortName(id), Title: m.Titles[i]})
	}
	d.Rows = make([]matrixRow, 0, len(m.Rows))
	for _, t := range m.Rows {
		row := matrixRow{Org: t.Org, Href: orgHref(t.Org.ID) + "/compliance" + q.query(), Overdue: t.Overdue, Open: t.Open,
			Findings: t.Findings, Branches: t.Branches, Cells: make([]matrixCell, len(t.Cells))}
		if t.Org.Kind != zhibu.KindBranch && t.Org.ID != o.ID {
			row.Matrix = orgHref(t.Org.ID) + "/matrix" + q.query()
		}
		var b strings.Builder
		for i, c := range t.Cells {
			cell := &row.Cells[i]
			cell.Class = statusClass(c.Worst)
			if c.All == 0 {
				cell.Text, cell.Title = "—", d.Columns[i].Short+"：无检查结果"
			} else {
				cell.Text = strconv.Itoa(c.N) + shortStatus(c.Worst) + "/" + strconv.Itoa(c.All)
				cell.Title = d.Columns[i].Title + "：共" + strconv.Itoa(c.All) + "项，最差为" + c.Worst.Label() + strconv.Itoa(c.N) + "项"
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
