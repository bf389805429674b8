package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/store"
)

// auditPageSize is how many records a page of the audit trail lists;
// maxAuditPage keeps the offset reasonable.
const (
	auditPageSize = 100
	maxAuditPage  = 100000
)

// auditFilters are the query parameters of the audit page, in the order
// its links write them.
var auditFilters = []string{"from", "to", "actor", "action", "result", "object_type", "object_id", "org"}

// auditPage is the data of audit.html.
type auditPage struct {
	base
	Form     form
	Results  []option
	Actions  []option         // the known actions, for the action field's list
	Objects  []option         // the kinds of object, for the object field's list
	Orgs     []store.AuditOrg // orgs to offer in the org field's list
	Rows     []auditRow
	Filtered bool // some filter is set
	Searched bool // the filter was valid and the trail was read
	Total    int
	Page     int
	Pages    int
	First    string // the first page
	Prev     string
	Next     string
}

// auditRow is a record as the page shows it.
type auditRow struct {
	audit.Record
	Time        string // in Beijing
	ActionLabel string
	ResultLabel string
	OrgName     string
	Object      string // the object in Chinese: 人员（编号54）
	ObjectHref  string // its page, when the reader may open it
}

// objectTypes are the kinds of object the audit trail names, in Chinese,
// in the order the filter offers them. Read only.
var objectTypes = []option{
	{"person", "人员"}, {"org", "组织"}, {"meeting", "会议"}, {"attachment", "会议附件"}, {"transfer", "组织关系转接"},
	{"account", "账号"}, {"token", "接口令牌"}, {"feed", "日历订阅"}, {"settings", "安全策略"},
}

// objectText names a record's object in Chinese; a kind the list does not
// know is shown as stored.
func objectText(kind, id string) string {
	label := kind
	for _, o := range objectTypes {
		if o.Value == kind {
			label = o.Label
		}
	}
	if id == "" {
		return label
	}
	return label + "（编号" + id + "）"
}

// objectHref is the page of a record's object, for the kinds that have
// one.
func objectHref(kind, id string) string {
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return ""
	}
	switch kind {
	case "person":
		return "/people/" + id
	case "org":
		return "/orgs/" + id
	case "meeting":
		return "/meetings/" + id
	}
	return ""
}

// auditList is GET /admin/audit: the audit trail the actor may read,
// newest first, 100 a page, filtered by date range (Beijing dates, both
// included), actor, action (or its start), result, object and org (a code;
// the org and those under it). The store scopes it: the audit
// administrator reads all of it, a branch's discipline officer the
// branch's records.
func (s *server) auditList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := form{}
	for _, k := range auditFilters {
		f[k] = clean(q.Get(k))
		if len([]rune(f[k])) > 100 {
			f[k] = string([]rune(f[k])[:100])
		}
		if f[k] == "" {
			delete(f, k)
		}
	}
	d := &auditPage{Form: f, Filtered: len(f) > 0}
	d.Title = "审计日志"
	d.Results = []option{{"", "全部"}, {audit.OK, audit.ResultLabel(audit.OK)},
		{audit.Refused, audit.ResultLabel(audit.Refused)}, {audit.Failed, audit.ResultLabel(audit.Failed)}}
	for _, a := range audit.Actions() {
		d.Actions = append(d.Actions, option{a, audit.ActionLabel(a)})
	}
	d.Objects = objectTypes
	var err error
	if d.Orgs, err = s.store.AuditOrgs(ctx, store.AuditOrgFilter{Limit: 500}); err != nil {
		return err
	}

	var ps zhibu.Problems
	af := store.AuditFilter{Actor: f["actor"], Action: f["action"], ObjectType: f["object_type"], ObjectID: f["object_id"]}
	from, to := f.date("from", "起始日期", &ps), f.date("to", "截止日期", &ps)
	if !from.IsZero() {
		af.From = dayStart(from, 0)
	}
	if !to.IsZero() {
		af.To = dayStart(to, 1)
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		ps.Add("to", "截止日期", "不能早于起始日期")
	}
	switch v := f["result"]; v {
	case "", audit.OK, audit.Refused, audit.Failed:
		af.Result = v
	default:
		ps.Add("result", "结果", "“"+v+"”不是可选的结果")
	}
	if code := f["org"]; code != "" {
		orgs, err := s.store.AuditOrgs(ctx, store.AuditOrgFilter{Code: code})
		if err != nil {
			return err
		}
		if len(orgs) == 0 {
			ps.Add("org", "组织代码", "没有代码为“"+code+"”、且您可以查看其审计记录的组织")
		} else {
			af.OrgPath = orgs[0].Path
		}
	}
	if len(ps) > 0 {
		d.Problems = ps
		return s.render(w, r, http.StatusUnprocessableEntity, "audit", d)
	}

	d.Page, _ = strconv.Atoi(q.Get("page"))
	d.Page = min(max(d.Page, 1), maxAuditPage)
	af.Limit, af.Offset = auditPageSize, (d.Page-1)*auditPageSize
	records, total, err := s.store.AuditRecords(ctx, af)
	if err != nil {
		return err
	}
	d.Searched, d.Total = true, total
	d.Pages = (total + auditPageSize - 1) / auditPageSize
	d.First = auditHref(f, 1)
	if d.Page > 1 {
		d.Prev = auditHref(f, min(d.Page-1, max(d.Pages, 1)))
	}
	if d.Page < d.Pages {
		d.Next = auditHref(f, d.Page+1)
	}
	if d.Rows, err = s.auditRows(r, records); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "audit", d)
}

// auditRows names the records' orgs and formats them for the page.
func (s *server) auditRows(r *http.Request, records []audit.Record) ([]auditRow, error) {
	paths := []string{}
	seen := map[string]bool{}
	for _, x := range records {
		if x.OrgPath != "" && !seen[x.OrgPath] {
			seen[x.OrgPath] = true
			paths = append(paths, x.OrgPath)
		}
	}
	orgs, err := s.store.AuditOrgs(r.Context(), store.AuditOrgFilter{Paths: paths})
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, o := range orgs {
		names[o.Path] = o.Name
	}
	rows := make([]auditRow, len(records))
	ls := s.links(r)
	for i, x := range records {
		rows[i] = auditRow{Record: x, Time: x.At.In(zhibu.DefaultZone).Format("2006-01-02 15:04:05"),
			ActionLabel: audit.ActionLabel(x.Action), ResultLabel: audit.ResultLabel(x.Result), OrgName: names[x.OrgPath],
			Object: objectText(x.ObjectType, x.ObjectID)}
		if h := objectHref(x.ObjectType, x.ObjectID); h != "" && ls.ok(h) {
			rows[i].ObjectHref = h
		}
	}
	return rows, nil
}

// auditHref is the audit page with the filter f at page n.
func auditHref(f form, n int) string {
	v := url.Values{}
	for _, k := range auditFilters {
		if f[k] != "" {
			v.Set(k, f[k])
		}
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return "/admin/audit"
	}
	return "/admin/audit?" + v.Encode()
}

// dayStart is the start, in Beijing, of the day days after d.
func dayStart(d zhibu.Date, days int) time.Time {
	return time.Date(d.Year, d.Month, d.Day+days, 0, 0, 0, 0, zhibu.DefaultZone)
}
