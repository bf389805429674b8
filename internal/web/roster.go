package web

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"zhibu"
	"zhibu/internal/roster"
	"zhibu/internal/store"
)

// rosterPageSize is how many people a roster page lists; maxRosterPage
// keeps the offset far from overflowing.
const (
	rosterPageSize = 200
	maxRosterPage  = 100000
)

// rosterFilter is the roster's GET form: the same query selects the
// people of the page, the print view and the exports.
type rosterFilter struct {
	Status  string // a status, "member" for full and probationary, or "" for all
	Group   string // a group id, "none" for no group, or ""
	Unit    string
	Officer string // "1", "0" or ""
	Q       string // name or the end of an ID number
	Page    int    // from 1
}

func rosterFilterFrom(v url.Values) rosterFilter {
	f := rosterFilter{
		Status:  clean(v.Get("status")),
		Group:   clean(v.Get("group")),
		Unit:    clean(v.Get("unit")),
		Officer: clean(v.Get("officer")),
		Q:       clean(v.Get("q")),
	}
	f.Page, _ = strconv.Atoi(v.Get("page"))
	f.Page = min(max(f.Page, 1), maxRosterPage)
	if utf8.RuneCountInString(f.Q) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	return f
}

// person is the store's filter; values it does not know select everyone.
func (f rosterFilter) person() zhibu.PersonFilter {
	var pf zhibu.PersonFilter
	switch st := zhibu.PartyStatus(f.Status); {
	case f.Status == "member":
		pf.Members = true
	case st.Valid():
		pf.Status = st
	}
	switch {
	case f.Group == "none":
		pf.GroupID = -1
	case formID(f.Group) > 0:
		pf.GroupID = formID(f.Group)
	}
	pf.Unit = f.Unit
	switch f.Officer {
	case "1", "0":
		b := f.Officer == "1"
		pf.Officer = &b
	}
	pf.Query = f.Q
	return pf
}

// Values is the filter as a query, without the page.
func (f rosterFilter) Values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"status": f.Status, "group": f.Group, "unit": f.Unit, "officer": f.Officer, "q": f.Q} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// Query is "?status=..." or "" for no filter.
func (f rosterFilter) Query() string {
	if q := f.Values().Encode(); q != "" {
		return "?" + q
	}
	return ""
}

// Any reports whether the filter selects fewer than everyone.
func (f rosterFilter) Any() bool { return len(f.Values()) > 0 }

// rosterView is the roster section of the branch page.
type rosterView struct {
	Filter   rosterFilter
	Form     form
	Statuses []option
	Groups   []option
	Units    []option
	Officers []option
	People   []zhibu.Person
	Offset   int // of the page's first person
	Prev     string
	Next     string
}

func (s *server) roster(r *http.Request, o zhibu.Org, groups []store.Group) (rosterView, error) {
	f := rosterFilterFrom(r.URL.Query())
	v := rosterView{Filter: f, Form: form{"status": f.Status, "group": f.Group, "unit": f.Unit, "officer": f.Officer, "q": f.Q}}
	v.Statuses = []option{{Value: "", Label: "全部"}, {Value: "member", Label: "党员（含预备）"}}
	v.Statuses = append(v.Statuses, statusOptions...)
	v.Groups = []option{{Value: "", Label: "全部"}}
	for _, g := range groups {
		v.Groups = append(v.Groups, option{Value: strconv.FormatInt(g.ID, 10), Label: g.Name})
	}
	v.Groups = append(v.Groups, option{Value: "none", Label: "未分党小组"})
	v.Units = []option{{Value: "", Label: "全部"}}
	for _, u := range o.Units {
		v.Units = append(v.Units, option{Value: u, Label: u})
	}
	if f.Unit != "" && !contains(o.Units, f.Unit) {
		v.Units = append(v.Units, option{Value: f.Unit, Label: f.Unit})
	}
	v.Officers = []option{{Value: "", Label: "全部"}, {Value: "1", Label: "民警"}, {Value: "0", Label: "非民警"}}
	pf := f.person()
	pf.Limit, pf.Offset = rosterPageSize+1, (f.Page-1)*rosterPageSize
	people, err := s.store.PeopleMasked(r.Context(), o.ID, pf)
	if err != nil {
		return v, err
	}
	page := func(n int) string {
		q := f.Values()
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		return orgHref(o.ID) + "?" + q.Encode() + "#roster"
	}
	if len(people) > rosterPageSize {
		people = people[:rosterPageSize]
		v.Next = page(f.Page + 1)
	}
	if f.Page > 1 {
		v.Prev = page(f.Page - 1)
	}
	for i := range people {
		people[i] = store.Masked(people[i])
	}
	v.People, v.Offset = people, pf.Offset
	return v, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// allPeople is everyone the filter selects in the org, masked, for
// printing.
func (s *server) allPeople(r *http.Request, o zhibu.Org) ([]zhibu.Person, rosterFilter, error) {
	f := rosterFilterFrom(r.URL.Query())
	people, err := s.store.PeopleMasked(r.Context(), o.ID, f.person())
	for i := range people {
		people[i] = store.Masked(people[i])
	}
	return people, f, err
}

// exportPeople is everyone the filter selects in the org for an export of
// the given format: in full (and audited) when the actor may see ID numbers
// and phones, masked otherwise. title and filename say which.
func (s *server) exportPeople(r *http.Request, o zhibu.Org, format string) (people []zhibu.Person, title, filename string, err error) {
	people, full, err := s.store.ExportPeople(r.Context(), o.ID, rosterFilterFrom(r.URL.Query()).person(), format)
	if err != nil {
		return nil, "", "", err
	}
	title, filename = o.Name+"人员花名册", o.Name+"花名册."+format
	if !full {
		// A masked export cannot be imported again: its ID numbers are not
		// ID numbers any more.
		title += "（身份证号、手机号已脱敏）"
		filename = o.Name + "花名册（已脱敏）." + format
	}
	return people, title, filename, nil
}

type printPage struct {
	base
	Org    zhibu.Org
	People []zhibu.Person
	Filter rosterFilter
	Date   zhibu.Date
}

// rosterPrint is GET /orgs/{id}/print: the roster alone, laid out for paper.
func (s *server) rosterPrint(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	people, f, err := s.allPeople(r, o)
	if err != nil {
		return err
	}
	d := &printPage{Org: o, People: people, Filter: f, Date: s.today()}
	d.Title, d.Print = o.Name+"人员花名册", true
	return s.render(w, r, http.StatusOK, "roster_print", d)
}

// exportXLSX is GET /orgs/{id}/export.xlsx.
func (s *server) exportXLSX(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	people, title, filename, err := s.exportPeople(r, o, "xlsx")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := roster.WriteXLSXOn(&buf, title, people, s.today()); err != nil {
		return err
	}
	return download(w, filename, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}

// exportCSV is GET /orgs/{id}/export.csv. A CSV has no title row: the
// file's name says when it is masked.
func (s *server) exportCSV(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	people, _, filename, err := s.exportPeople(r, o, "csv")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := roster.WriteCSV(&buf, people); err != nil {
		return err
	}
	return download(w, filename, "text/csv; charset=utf-8", &buf)
}

// importTemplate is GET /orgs/{id}/import/template.xlsx: an empty roster
// with the headers import reads.
func (s *server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := roster.WriteXLSX(&buf, o.Name+"人员花名册", nil); err != nil {
		return err
	}
	return download(w, "人员花名册模板.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}

// download sends a file to save, named in UTF-8 (RFC 6266), never cached.
func download(w http.ResponseWriter, filename, ctype string, body *bytes.Buffer) error {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", contentDisposition(filename))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(body.Len()))
	body.WriteTo(w)
	return nil
}

// contentDisposition names an attachment: an ASCII fallback for old
// clients and the real name, percent-encoded UTF-8 (RFC 5987).
func contentDisposition(name string) string {
	var enc strings.Builder
	for _, b := range []byte(name) {
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0 {
			enc.WriteByte(b)
		} else {
			enc.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{b})))
		}
	}
	ext := path.Ext(name)
	return `attachment; filename="` + asciiFallback(strings.TrimSuffix(name, ext)) + asciiName(ext) + `"; filename*=UTF-8''` + enc.String()
}

// asciiKinds name the documents zhibu sends in ASCII, for the fallback
// filename of clients that cannot read the UTF-8 one: the first kind the
// Chinese name contains gives the fallback its word.
var asciiKinds = []struct{ zh, ascii string }{
	{"党费收缴登记簿", "dues-ledger"},
	{"发展党员工作登记簿", "development-register"},
	{"发展党员纪实", "development-record"},
	{"花名册", "roster"},
	{"三会一课记录簿", "meetings-register"},
	{"记录", "minutes"},
	{"介绍信", "transfer-letter"},
}

// asciiFallback is an ASCII name for a document named base (without its
// extension): the kind's word (document when none is known), the ASCII
// letters and digits of base (a year, a date) joined by dashes, and
// "-template" for a template: 第三党支部2026年党费收缴登记簿 is
// dues-ledger-2026.
func asciiFallback(base string) string {
	word := "document"
	for _, k := range asciiKinds {
		if strings.Contains(base, k.zh) {
			word = k.ascii
			break
		}
	}
	parts := []string{word}
	for _, f := range strings.FieldsFunc(base, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) {
		if f = strings.Trim(f, "-_"); f != "" {
			parts = append(parts, f)
		}
	}
	if strings.Contains(base, "模板") {
		parts = append(parts, "template")
	}
	return strings.Join(parts, "-")
}

// asciiName keeps the letters, digits, dots, dashes and underscores of s.
func asciiName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, s)
}

// rosterImport is the roster's import (import.html): people read from
// xlsx or CSV, checked against the branch's groups and the ID numbers
// already recorded, and imported all or none (store.ImportPeople).
func (s *server) rosterImport() *importFlow {
	return &importFlow{
		kind: store.UploadRoster, org: s.branch, title: "导入花名册", form: "import",
		crumbs: func(zhibu.Org) []crumb { return nil },
		formData: func(_ context.Context, _ zhibu.Org, d *importPage) error {
			d.Columns = roster.Columns
			return nil
		},
		path:     func(o zhibu.Org) string { return orgHref(o.ID) + "/import" },
		noun:     "人员",
		count:    func(n int) string { return strconv.Itoa(n) + "人" },
		maxBytes: roster.DefaultLimits.MaxBytes,
		noFile:   "请选择要导入的文件（.xlsx或.csv）",
		read:     s.readRoster,
	}
}

// readRoster parses a roster and checks it against the branch o. A file
// refused outright is an error of kind ErrInvalid.
func (s *server) readRoster(ctx context.Context, o zhibu.Org, _ string, data []byte) (*importRead, error) {
	sheet, err := roster.Parse(bytes.NewReader(data), roster.DefaultLimits, s.today())
	if err != nil {
		return nil, err
	}
	groups, err := s.store.Groups(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	byName := map[string]int64{}
	for _, g := range groups {
		byName[g.Name] = g.ID
	}
	err = sheet.Check(byName, func(ids []string) (map[string]bool, error) { return s.store.ExistingIDNumbers(ctx, ids) })
	if err != nil && !(errors.Is(err, zhibu.ErrInvalid) && len(sheet.Problems) > 0) {
		return nil, err
	}
	var issues []importIssue
	for _, p := range sheet.Problems {
		issues = append(issues, importIssue{Row: p.Row, Column: p.Label, What: problemText(p)})
	}
	read := &importRead{Total: len(sheet.Rows), Notices: sheet.Notices(), Issues: issues,
		issues: func(error) []importIssue { return nil }, // a refusal of the store is a notice
		Head:   []string{"行", "姓名", "性别", "民族", "出生日期", "身份证号", "单位", "民警", "学历", "政治面貌", "党小组"}}
	for _, row := range sheet.Rows[:min(len(sheet.Rows), maxPreviewRows)] {
		p := row.Person
		birth := importCell{Text: p.BirthDate.String()}
		if p.BirthDate.IsZero() {
			birth = importCell{Text: "—", Badge: "muted"}
		}
		status := importCell{Text: string(p.Status)}
		if p.Status.Valid() {
			status = importCell{Text: p.Status.Label(), Badge: "badge st-" + string(p.Status)}
		}
		read.Rows = append(read.Rows, []importCell{{Text: strconv.Itoa(row.Line), Class: "num"}, {Text: p.Name}, {Text: fmt.Sprint(p.Gender)},
			{Text: p.Ethnicity}, birth, {Text: maskID(p.IDNumber), Class: "mono"}, {Text: p.Unit},
			{Text: map[bool]string{true: "是", false: "否"}[p.Officer]}, {Text: p.Education}, status, {Text: row.GroupName}})
	}
	read.save = func(ctx context.Context) (string, string, error) {
		people := make([]zhibu.Person, len(sheet.Rows))
		for i, row := range sheet.Rows {
			people[i] = row.Person
		}
		n, err := s.store.ImportPeople(ctx, o.ID, people)
		return orgHref(o.ID) + "#roster", "已导入" + strconv.Itoa(n) + "人", err
	}
	return read, nil
}

// importForm is GET /orgs/{id}/import.
func (s *server) importForm(w http.ResponseWriter, r *http.Request) error {
	return s.flowForm(w, r, s.rosterImport())
}

// importPreview is POST /orgs/{id}/import.
func (s *server) importPreview(w http.ResponseWriter, r *http.Request) error {
	return s.flowPreview(w, r, s.rosterImport())
}

// importConfirm is POST /orgs/{id}/import/confirm.
func (s *server) importConfirm(w http.ResponseWriter, r *http.Request) error {
	return s.flowConfirm(w, r, s.rosterImport())
}
