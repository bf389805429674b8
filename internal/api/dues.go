package api

import (
	"net/http"
	"strconv"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

var (
	writeDues = access.On(zhibu.PermDuesWrite, access.PathPerson, "id")
)

// DuesLedger is GET /api/v1/orgs/{id}/dues: a year of the members of an
// org's subtree, month by month, with the totals (docs/dues.md). Money is
// integer fen.
type DuesLedger struct {
	Org     service.ReportOrg `json:"org"`
	Year    int               `json:"year"`
	AsOf    zhibu.Date        `json:"as_of"`
	Members []DuesMember      `json:"members"`
	Months  []DuesMonthTotal  `json:"months"`
	Paid    zhibu.Fen         `json:"paid_fen"`
	Owed    zhibu.Fen         `json:"owed_fen"`
}

// DuesMember is one member's year.
type DuesMember struct {
	PersonID int64       `json:"person_id"`
	Name     string      `json:"name"`
	Status   string      `json:"status"`
	OrgID    int64       `json:"org_id"`
	Group    string      `json:"group,omitempty"`
	Months   []DuesMonth `json:"months"`
	Paid     zhibu.Fen   `json:"paid_fen"`
	Owed     zhibu.Fen   `json:"owed_fen"`
	Arrears  int         `json:"arrears_months"`
}

// DuesMonth is one member-month: state is "" (not owed), paid, due,
// overdue, excused, waived, pending or upcoming.
type DuesMonth struct {
	Month     zhibu.Month     `json:"month"`
	State     zhibu.DuesState `json:"state"`
	Due       zhibu.Fen       `json:"due_fen"`
	PaymentID int64           `json:"payment_id,omitempty"`
	Reason    string          `json:"reason,omitempty"`
}

// DuesMonthTotal is a month's totals.
type DuesMonthTotal struct {
	Month zhibu.Month `json:"month"`
	Paid  zhibu.Fen   `json:"paid_fen"`
	Owed  zhibu.Fen   `json:"owed_fen"`
	PaidN int         `json:"members_paid"`
	OwedN int         `json:"members_owing"`
	DueN  int         `json:"members_due"`
}

// duesLedger answers GET /api/v1/orgs/{id}/dues?year=.
func (a *api) duesLedger(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := a.store.Org(ctx, id)
	if err != nil {
		return err
	}
	today := zhibu.Today(time.Now())
	p := params{q: r.URL.Query()}
	year := int(p.int("year", 2000, int64(today.Year+5), "应为2000年以后的年份"))
	if err := p.ps.Err(); err != nil {
		return err
	}
	if year == 0 {
		year = today.Year
	}
	asOf := service.CheckDay(year, today)
	l, err := a.store.DuesLedger(ctx, o.ID, year, asOf)
	if err != nil {
		return err
	}
	out := DuesLedger{Org: service.ReportOrg{Code: o.Code, Name: o.Name}, Year: year, AsOf: asOf, Members: []DuesMember{}, Paid: l.Paid, Owed: l.Owed}
	for _, row := range l.Rows {
		m := DuesMember{PersonID: row.Person.ID, Name: row.Person.Name, Status: string(row.Person.Status), OrgID: row.Person.OrgID,
			Group: row.Person.GroupName, Paid: row.Paid, Owed: row.Owed, Arrears: row.Arrears}
		for _, c := range row.Cells {
			m.Months = append(m.Months, DuesMonth{Month: c.Month, State: c.State, Due: c.Due, PaymentID: c.PaymentID, Reason: c.Reason})
		}
		out.Members = append(out.Members, m)
	}
	for i, t := range l.Months {
		out.Months = append(out.Months, DuesMonthTotal{Month: zhibu.MakeMonth(year, time.Month(i+1)), Paid: t.Paid, Owed: t.Owed,
			PaidN: t.PaidN, OwedN: t.OwedN, DueN: t.Due})
	}
	return render(w, http.StatusOK, out)
}

// duesPayments answers GET /api/v1/people/{id}/dues/payments.
func (a *api) duesPayments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	ps, err := a.store.Payments(r.Context(), store.PaymentFilter{PersonID: id})
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []zhibu.Payment{}
	}
	return render(w, http.StatusOK, ps)
}

// duesPay answers POST /api/v1/people/{id}/dues/payments: a payment for
// one or more months ({"months": ["2026-03"], "amount_fen": 7500,
// "method": "cash", "paid_on": "2026-03-05"}); an amount left out (or 0)
// is the months' dues, as on the form. A month already paid is 409 with a
// Chinese message.
func (a *api) duesPay(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[zhibu.Payment](w, r)
	if err != nil {
		return err
	}
	p := zhibu.Payment{PersonID: id, Amount: in.Amount, Months: in.Months, Method: in.Method, PaidOn: in.PaidOn, PaidByOrg: in.PaidByOrg, Note: in.Note}
	saved, err := a.svc.Dues.RecordPayment(r.Context(), p)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/people/"+strconv.FormatInt(id, 10)+"/dues/payments")
	return render(w, http.StatusCreated, saved)
}

// duesBase answers POST /api/v1/people/{id}/dues/bases: a base from a
// month on ({"category": "salaried", "base_fen": 500000, "from": "2026-01"}).
func (a *api) duesBase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[zhibu.DuesBase](w, r)
	if err != nil {
		return err
	}
	b := zhibu.DuesBase{PersonID: id, Category: in.Category, Base: in.Base, From: in.From, Note: in.Note}
	saved, err := a.svc.Dues.SetBase(r.Context(), b)
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, saved)
}

// duesReason answers POST /api/v1/people/{id}/dues/reasons: why a member
// did not pay in a run of months ({"from": "2026-03", "to": "2026-04",
// "reason": "经支部同意缓交"}); those months do not count toward arrears.
func (a *api) duesReason(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[zhibu.DuesReason](w, r)
	if err != nil {
		return err
	}
	saved, err := a.svc.Dues.AddReason(r.Context(), zhibu.DuesReason{PersonID: id, From: in.From, To: in.To, Reason: in.Reason})
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, saved)
}

// duesApprove answers POST /api/v1/people/{id}/dues/approve: the
// superior approves a waiver ({"base_id": 12}, a base of category waived).
func (a *api) duesApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		BaseID int64 `json:"base_id"`
	}](w, r)
	if err != nil {
		return err
	}
	if in.BaseID <= 0 {
		return zhibu.Problems{{Field: "base_id", Label: "缴费基数", Message: "缴费基数：请指明待批准减免的缴费基数（base_id）"}}
	}
	if err := a.svc.Dues.ApproveWaiver(r.Context(), id, in.BaseID); err != nil {
		return err
	}
	bases, err := a.store.DuesBases(r.Context(), id)
	if err != nil {
		return err
	}
	for _, b := range bases {
		if b.ID == in.BaseID {
			return render(w, http.StatusOK, b)
		}
	}
	return render(w, http.StatusOK, bases)
}
