package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/dues"
	"zhibu/internal/store"
)

// Dues (党费): a branch's year of members × months, a member's ledger with
// the forms that record bases, payments and reasons, a printable receipt,
// the ledger as an xlsx register, and the import of payroll or bank sheets.
// A committee's page sums its branches for the superior.

var (
	writeDuesPerson = access.On(zhibu.PermDuesWrite, access.PathPerson, "id")
	writeDuesOrg    = access.On(zhibu.PermDuesWrite, access.PathOrg, "id")
	approveWaiver   = access.On(zhibu.PermFilingReview, access.PathPerson, "id")
)

func duesHref(orgID int64, year int) string {
	return orgHref(orgID) + "/dues?year=" + strconv.Itoa(year)
}

func personDuesHref(id int64, year int) string {
	return personHref(id) + "/dues?year=" + strconv.Itoa(year)
}

// duesCellView is one member-month as the grid shows it.
type duesCellView struct {
	Class string
	Text  string
	Title string
}

func cellView(c zhibu.DuesCell) duesCellView {
	v := duesCellView{Class: "dues-" + string(c.State), Title: c.Month.Chinese() + "：" + c.State.Label()}
	switch c.State {
	case zhibu.DuesPaid:
		v.Text = c.Due.Yuan()
		v.Title += " " + c.Due.String()
		if c.Shortfall > 0 {
			v.Text += "*"
			v.Title += "，基数调整后应补差额" + c.Shortfall.String()
		}
	case zhibu.DuesOpen, zhibu.DuesOverdue:
		v.Text = map[zhibu.DuesState]string{zhibu.DuesOpen: "应缴", zhibu.DuesOverdue: "欠缴"}[c.State]
		if c.Due > 0 {
			v.Title += " 应缴" + c.Due.String()
		}
	case zhibu.DuesExcused:
		v.Text = "缓/免"
		v.Title += "：" + c.Reason
	case zhibu.DuesExempt:
		v.Text = "免交"
	case zhibu.DuesPending:
		v.Text = "待批"
	case zhibu.DuesUpcoming:
		v.Text = ""
	default:
		v.Text = "—"
		v.Class = "dues-none"
	}
	return v
}

type duesRowView struct {
	Person    zhibu.Person
	Href      string
	Base      string // what the member owes a month now
	BaseTitle string
	Cells     []duesCellView
	Paid      zhibu.Fen
	Owed      zhibu.Fen
	Arrears   int
	CanPay    bool
}

type duesBranchView struct {
	Org     zhibu.Org
	Href    string
	Members int
	Paid    zhibu.Fen
	Owed    zhibu.Fen
	Arrears int // members with 6 or more months of arrears
	Unpaid  int // members with a month unpaid after its end
	NoBase  int // members with no base recorded
}

// duesPage is the data of dues.html: a branch's grid, or a committee's
// branches.
type duesPage struct {
	base
	Org      zhibu.Org
	Year     int
	AsOf     zhibu.Date
	Prev     string
	Next     string
	Rows     []duesRowView
	Months   []zhibu.DuesMonthTotal
	Ledger   zhibu.DuesLedger
	Branches []duesBranchView
	Total    duesBranchView // the branches' sums
	Summary  bool
	CanWrite bool
	Export   string
	Import   string
	Receipt  *receiptLink // the payment just recorded, its receipt one click away
}

// receiptLink is a payment just recorded, as the ledger announces it.
type receiptLink struct {
	Href   string
	Person string
	Label  string
}

// duesYearAsOf is the year asked for and the day it is seen from: today
// for this year, the year's last day for a past one.
func (s *server) duesYearAsOf(r *http.Request) (int, zhibu.Date) {
	y := s.meetingYear(r.URL.Query().Get("year"))
	today := s.today()
	if y < today.Year {
		return y, zhibu.MakeDate(y, 12, 31)
	}
	return y, today
}

// duesShow is GET /orgs/{id}/dues?year=: a branch's (or group's) members ×
// months, or for a committee or general branch one row per branch.
func (s *server) duesShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.org(r)
	if err != nil {
		return err
	}
	year, asOf := s.duesYearAsOf(r)
	l, err := s.store.DuesLedger(ctx, o.ID, year, asOf)
	if err != nil {
		return err
	}
	d := &duesPage{Org: o, Year: year, AsOf: asOf, Ledger: l, Months: l.Months[:],
		Prev: duesHref(o.ID, year-1), Next: duesHref(o.ID, year+1),
		Export: orgHref(o.ID) + "/dues/ledger.xlsx?year=" + strconv.Itoa(year)}
	d.Title = o.Name + " " + strconv.Itoa(year) + "年党费"
	if id, err := strconv.ParseInt(r.URL.Query().Get("receipt"), 10, 64); err == nil && id > 0 {
		// The payment just recorded (a payment outside the actor's scope
		// is not found and not announced).
		if pay, err := s.store.Payment(ctx, id); err == nil {
			d.Receipt = &receiptLink{Href: receiptHref(pay.PersonID, pay.ID), Person: pay.PersonName,
				Label: pay.MonthsLabel() + "党费" + pay.Amount.String()}
		} else if !isNotFound(err) {
			return err
		}
	}
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "党费"}); err != nil {
		return err
	}
	actor := zhibu.ActorFrom(ctx)
	d.CanWrite = actor.Can(zhibu.PermDuesWrite, o.Path)
	if d.CanWrite && o.Kind == zhibu.KindBranch {
		d.Import = orgHref(o.ID) + "/dues/import"
	}
	if o.Kind == zhibu.KindCommittee || o.Kind == zhibu.KindGeneralBranch {
		d.Summary = true
		d.Branches, err = s.duesBranches(ctx, o, l)
		if err != nil {
			return err
		}
		for _, b := range d.Branches {
			d.Total.Members += b.Members
			d.Total.Paid += b.Paid
			d.Total.Owed += b.Owed
			d.Total.Unpaid += b.Unpaid
			d.Total.Arrears += b.Arrears
			d.Total.NoBase += b.NoBase
		}
		return s.render(w, r, http.StatusOK, "dues", d)
	}
	for _, row := range l.Rows {
		v := duesRowView{Person: row.Person, Href: personDuesHref(row.Person.ID, year), Paid: row.Paid, Owed: row.Owed, Arrears: row.Arrears,
			CanPay: actor.Can(zhibu.PermDuesWrite, row.Person.OrgPath)}
		if b, ok := zhibu.BaseFor(row.Bases, zhibu.MonthOfDate(asOf)); ok {
			v.Base, v.BaseTitle = b.Monthly().Yuan(), b.Category.Label()+"，基数"+b.Base.String()
			if b.Category == zhibu.DuesWaived {
				v.Base = "免交"
			}
		}
		for _, c := range row.Cells {
			v.Cells = append(v.Cells, cellView(c))
		}
		d.Rows = append(d.Rows, v)
	}
	return s.render(w, r, http.StatusOK, "dues", d)
}

// duesBranches sums a subtree's ledger by branch, for the superior.
func (s *server) duesBranches(ctx context.Context, o zhibu.Org, l zhibu.DuesLedger) ([]duesBranchView, error) {
	orgs, err := s.store.Orgs(ctx, store.OrgFilter{Under: o.ID})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*duesBranchView{}
	var out []duesBranchView
	for _, b := range orgs {
		if b.Kind == zhibu.KindBranch {
			out = append(out, duesBranchView{Org: b, Href: duesHref(b.ID, l.Year)})
		}
	}
	for i := range out {
		byID[out[i].Org.ID] = &out[i]
	}
	for _, r := range l.Rows {
		b := byID[r.Person.OrgID]
		if b == nil {
			continue
		}
		b.Members++
		if len(r.Bases) == 0 {
			b.NoBase++
		}
		b.Paid += r.Paid
		b.Owed += r.Owed
		if r.Overdue > 0 {
			b.Unpaid++
		}
		if r.Arrears >= zhibu.ArrearsMonths {
			b.Arrears++
		}
	}
	return out, nil
}

// personDuesPage is the data of dues_person.html.
type personDuesPage struct {
	base
	Person    zhibu.Person
	Year      int
	AsOf      zhibu.Date
	Prev      string
	Next      string
	Bases     []zhibu.DuesBase
	Current   string
	Cells     []duesCellView
	Row       zhibu.DuesLedgerRow
	Payments  []zhibu.Payment
	Reasons   []zhibu.DuesReason
	CanWrite  bool
	CanReview bool
	OrgDues   string // the branch's dues page, for a reader who may open it
	Form      form   // the payment form
	BaseForm  form
	ReasonF   form
	Methods   []option
	Cats      []option
	// The problems of the form that was sent, shown beside its fields.
	PayProblems, BaseProblems, ReasonProblems zhibu.Problems
}

// personDues is GET /people/{id}/dues?year=: a member's ledger for a year
// with the forms that record their dues.
func (s *server) personDues(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	year, asOf := s.duesYearAsOf(r)
	return s.personDuesRender(w, r, http.StatusOK, p, year, asOf, nil, nil, "")
}

func (s *server) personDuesRender(w http.ResponseWriter, r *http.Request, status int, p zhibu.Person, year int, asOf zhibu.Date, f form, ps zhibu.Problems, which string) error {
	ctx := r.Context()
	md, err := s.store.MemberDues(ctx, p.ID)
	if err != nil {
		return err
	}
	l := zhibu.BuildDuesLedger([]zhibu.MemberDues{md}, year, asOf)
	d := &personDuesPage{Person: p, Year: year, AsOf: asOf, Bases: md.Bases, Reasons: md.Reasons, Row: l.Rows[0],
		Prev: personDuesHref(p.ID, year-1), Next: personDuesHref(p.ID, year+1)}
	for _, c := range l.Rows[0].Cells {
		d.Cells = append(d.Cells, cellView(c))
	}
	if b, ok := zhibu.BaseFor(md.Bases, zhibu.MonthOfDate(asOf)); ok {
		d.Current = b.Category.Label() + "，基数" + b.Base.String() + "，每月应缴" + b.Monthly().String()
		if b.Pending() {
			d.Current += "（减免待上级党委批准）"
		}
	}
	if d.Payments, err = s.store.Payments(ctx, store.PaymentFilter{PersonID: p.ID}); err != nil {
		return err
	}
	actor := zhibu.ActorFrom(ctx)
	d.CanWrite = actor.Can(zhibu.PermDuesWrite, p.OrgPath) && p.Status.IsMember()
	d.CanReview = actor.Can(zhibu.PermFilingReview, p.OrgPath)
	if o, err := s.store.Org(ctx, p.OrgID); err == nil && actor.Can(zhibu.PermOrgRead, o.Path) {
		d.OrgDues = duesHref(o.ID, year)
	}
	d.Title = p.Name + " " + strconv.Itoa(year) + "年党费"
	if d.Crumbs, err = s.personCrumbs(r, p, crumb{Label: "党费"}); err != nil {
		return err
	}
	for _, m := range zhibu.PayMethods {
		d.Methods = append(d.Methods, option{Value: string(m), Label: m.Label()})
	}
	for _, c := range zhibu.DuesCategories {
		d.Cats = append(d.Cats, option{Value: string(c), Label: c.Label()})
	}
	// The payment form proposes the earliest unpaid month owed.
	next := zhibu.MonthOfDate(asOf)
	if st := md.Start(); !st.IsZero() {
		for m := st; !m.After(zhibu.MonthOfDate(asOf)); m = m.Add(1) {
			if c := md.Cell(m, asOf); c.State == zhibu.DuesOverdue || c.State == zhibu.DuesOpen {
				next = m
				break
			}
		}
	}
	d.Form = form{"from": next.String(), "to": next.String(), "method": string(zhibu.PayCash), "paid_on": s.today().String()}
	d.BaseForm = form{"category": string(zhibu.DuesSalaried), "from": zhibu.MonthOfDate(s.today()).String()}
	d.ReasonF = form{}
	switch which {
	case "pay":
		d.Form, d.PayProblems = f, ps
	case "base":
		d.BaseForm, d.BaseProblems = f, ps
	case "reason":
		d.ReasonF, d.ReasonProblems = f, ps
	}
	d.Problems = ps
	return s.render(w, r, status, "dues_person", d)
}

// personCrumbs leads to a person's page through their org, or from the
// person alone for a reader who may not see the org (the member
// themself, their group's leader).
func (s *server) personCrumbs(r *http.Request, p zhibu.Person, more ...crumb) ([]crumb, error) {
	o, err := s.store.Org(r.Context(), p.OrgID)
	if isNotFound(err) {
		return append([]crumb{{Label: p.Name, Href: personHref(p.ID)}}, more...), nil
	}
	if err != nil {
		return nil, err
	}
	return s.orgCrumbs(r.Context(), o, append([]crumb{{Label: p.Name, Href: personHref(p.ID)}}, more...)...)
}

// monthRange reads the from and to months of a form.
func (f form) monthRange(ps *zhibu.Problems) []zhibu.Month {
	from, err1 := zhibu.ParseMonth(f["from"])
	to, err2 := zhibu.ParseMonth(f["to"])
	switch {
	case err1 != nil || from.IsZero():
		ps.Add("from", "起始月份", "“"+f["from"]+"”不是有效月份，应如2026-03")
		return nil
	case err2 != nil:
		ps.Add("to", "截止月份", "“"+f["to"]+"”不是有效月份，应如2026-03")
		return nil
	case to.IsZero():
		to = from
	case to.Before(from):
		ps.Add("to", "截止月份", "不能早于起始月份")
		return nil
	case to.Sub(from) >= 36:
		ps.Add("to", "截止月份", "一次最多缴纳36个月")
		return nil
	}
	var ms []zhibu.Month
	for m := from; !m.After(to); m = m.Add(1) {
		ms = append(ms, m)
	}
	return ms
}

// duesPay is POST /people/{id}/dues/payments: record a payment for a run
// of months. An empty amount is the months' dues.
func (s *server) duesPay(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	year, asOf := s.duesYearAsOf(r)
	var ps zhibu.Problems
	pay := zhibu.Payment{PersonID: p.ID, Method: zhibu.PayMethod(f["method"]), PaidByOrg: f["paid_by_org"] == "true", Note: f["note"]}
	pay.Months = f.monthRange(&ps)
	pay.PaidOn = f.date("paid_on", "缴费日期", &ps)
	// An amount left empty is the months' dues (the service works it out).
	if v := f["amount"]; v != "" {
		if a, err := signedYuan(v); err != nil {
			ps.Add("amount", "金额", "“"+v+"”不是有效金额，应如30.00")
		} else {
			pay.Amount = a
		}
	}
	if len(ps) == 0 {
		saved, err := s.svc.Dues.RecordPayment(r.Context(), pay)
		if err == nil {
			// Back to the ledger of the member's branch (or group, for
			// one who cannot read the branch), the receipt one click away.
			ledgerOrg := p.OrgID
			if _, err := s.store.Org(r.Context(), p.OrgID); err != nil && p.GroupID != 0 {
				ledgerOrg = p.GroupID
			}
			return redirect(w, r, duesHref(ledgerOrg, saved.PaidOn.Year)+"&receipt="+strconv.FormatInt(saved.ID, 10),
				"已登记"+p.Name+saved.MonthsLabel()+"党费"+saved.Amount.String())
		}
		if !invalid(err) {
			return err
		}
		ps = append(ps, problemsOf(err)...)
	}
	return s.personDuesRender(w, r, http.StatusUnprocessableEntity, p, year, asOf, f, ps, "pay")
}

// signedYuan reads yuan that may be negative: the dues service refuses a
// negative amount or base as it does through the API.
func signedYuan(v string) (zhibu.Fen, error) {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(v), "-"); ok {
		a, err := zhibu.ParseYuan(rest)
		return -a, err
	}
	return zhibu.ParseYuan(v)
}

// duesBaseSet is POST /people/{id}/dues/bases.
func (s *server) duesBaseSet(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	year, asOf := s.duesYearAsOf(r)
	var ps zhibu.Problems
	b := zhibu.DuesBase{PersonID: p.ID, Note: f["note"]}
	if c, ok := zhibu.ParseDuesCategory(f["category"]); ok {
		b.Category = c
	} else {
		ps.Add("category", "缴费类别", "请选择缴费类别")
	}
	if m, err := zhibu.ParseMonth(f["from"]); err != nil || m.IsZero() {
		ps.Add("from", "起始月份", "“"+f["from"]+"”不是有效月份，应如2026-03")
	} else {
		b.From = m
	}
	switch {
	case f["base"] == "" && b.Category == zhibu.DuesWaived:
	case f["base"] == "":
		ps.Add("base", "缴费基数", "不能为空")
	default:
		if v, err := signedYuan(f["base"]); err != nil {
			ps.Add("base", "缴费基数", "“"+f["base"]+"”不是有效金额，应如5000.00")
		} else {
			b.Base = v
		}
	}
	if len(ps) == 0 {
		saved, err := s.svc.Dues.SetBase(r.Context(), b)
		if err == nil {
			msg := "已登记" + p.Name + "自" + saved.From.Chinese() + "起的缴费基数，每月应缴" + saved.Monthly().String()
			if saved.Category == zhibu.DuesWaived {
				msg = "已登记" + p.Name + "的党费减免，待上级党委批准"
			}
			return redirect(w, r, personDuesHref(p.ID, year), msg)
		}
		if !invalid(err) {
			return err
		}
		ps = append(ps, problemsOf(err)...)
	}
	return s.personDuesRender(w, r, http.StatusUnprocessableEntity, p, year, asOf, f, ps, "base")
}

// duesReasonAdd is POST /people/{id}/dues/reasons.
func (s *server) duesReasonAdd(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	year, asOf := s.duesYearAsOf(r)
	var ps zhibu.Problems
	rs := zhibu.DuesReason{PersonID: p.ID, Reason: f["reason"]}
	ms := f.monthRange(&ps)
	if len(ms) > 0 {
		rs.From, rs.To = ms[0], ms[len(ms)-1]
	}
	if len(ps) == 0 {
		_, err := s.svc.Dues.AddReason(r.Context(), rs)
		if err == nil {
			return redirect(w, r, personDuesHref(p.ID, year), "已登记"+p.Name+"未交党费的原因")
		}
		if !invalid(err) {
			return err
		}
		ps = append(ps, problemsOf(err)...)
	}
	return s.personDuesRender(w, r, http.StatusUnprocessableEntity, p, year, asOf, f, ps, "reason")
}

// duesWaiverApprove is POST /people/{id}/dues/approve (base_id): the
// superior approves a waiver. A waiver that is not pending (approved
// meanwhile, or none) is said so on the ledger.
func (s *server) duesWaiverApprove(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	year, _ := s.duesYearAsOf(r)
	err = s.svc.Dues.ApproveWaiver(r.Context(), p.ID, formID(r.PostForm.Get("base_id")))
	switch {
	case isNotFound(err):
		return redirect(w, r, personDuesHref(p.ID, year), p.Name+"没有待批准的党费减免")
	case err != nil:
		return err
	}
	return redirect(w, r, personDuesHref(p.ID, year), "已批准"+p.Name+"的党费减免")
}

func receiptHref(person, payment int64) string {
	return personHref(person) + "/dues/receipt?payment=" + strconv.FormatInt(payment, 10)
}

// receiptPage is the data of dues_receipt.html.
type receiptPage struct {
	base
	Person  zhibu.Person
	Org     zhibu.Org
	Payment zhibu.Payment
	Back    string
}

// duesReceipt is GET /people/{id}/dues/receipt?payment=: a printable
// receipt of one of the person's payments; without a payment, of their
// latest.
func (s *server) duesReceipt(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	pays, err := s.store.Payments(r.Context(), store.PaymentFilter{PersonID: p.ID, ID: formID(r.URL.Query().Get("payment"))})
	if err != nil {
		return err
	}
	if len(pays) == 0 {
		if r.URL.Query().Get("payment") != "" {
			return errPageNotFound
		}
		return redirect(w, r, personDuesHref(p.ID, s.today().Year), p.Name+"还没有缴费记录")
	}
	pay := pays[len(pays)-1]
	// The branch paid to; a reader who may not open it (the member, their
	// group's leader) sees the name the person's record carries.
	o, err := s.store.Org(r.Context(), pay.OrgID)
	switch {
	case isNotFound(err):
		o = zhibu.Org{ID: pay.OrgID, Name: p.OrgName}
	case err != nil:
		return err
	}
	d := &receiptPage{Person: p, Org: o, Payment: pay, Back: personDuesHref(p.ID, pay.PaidOn.Year)}
	d.Title, d.Print = "党费收据 "+pay.Receipt(), true
	return s.render(w, r, http.StatusOK, "dues_receipt", d)
}

// duesExport is GET /orgs/{id}/dues/ledger.xlsx?year=: the ledger as a
// register.
func (s *server) duesExport(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	year, asOf := s.duesYearAsOf(r)
	l, err := s.store.DuesLedger(r.Context(), o.ID, year, asOf)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := dues.WriteLedger(&buf, o.Name+"党费收缴登记簿", l); err != nil {
		return err
	}
	return download(w, o.Name+strconv.Itoa(year)+"年党费收缴登记簿.xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}

// duesVoid is POST /people/{id}/dues/void (payment_id, reason): take back a
// payment recorded by mistake.
func (s *server) duesVoid(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	year, asOf := s.duesYearAsOf(r)
	err = s.svc.Dues.VoidPayment(r.Context(), p.ID, formID(r.PostForm.Get("payment_id")), clean(r.PostForm.Get("reason")))
	switch {
	case isNotFound(err):
		return redirect(w, r, personDuesHref(p.ID, year), "该缴费记录不存在或已撤销")
	case invalid(err):
		return s.personDuesRender(w, r, http.StatusUnprocessableEntity, p, year, asOf, nil, problemsOf(err), "void")
	case err != nil:
		return err
	}
	return redirect(w, r, personDuesHref(p.ID, year), "已撤销"+p.Name+"的一笔缴费记录")
}
