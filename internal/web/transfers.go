package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/store"
)

// Membership transfers (组织关系转接): a branch's letters out and in, the
// forms that issue a letter, accept one, record its receipt or close it,
// record a member transferred in from outside zhibu, and the letter
// printed (docs/transfers.md).

// transferRow is a transfer as a branch's list shows it.
type transferRow struct {
	zhibu.Transfer
	Other  string // the other end
	Status string // on today, saying when a letter has expired
	Class  string
	Href   string
}

func newTransferRow(o zhibu.Org, t zhibu.Transfer, today zhibu.Date) transferRow {
	r := transferRow{Transfer: t, Status: t.StatusLabel(today), Href: orgHref(o.ID) + "/transfers/" + strconv.FormatInt(t.ID, 10)}
	if t.FromOrgID == o.ID {
		r.Other = t.Destination()
	} else {
		r.Other = t.Source()
	}
	switch {
	case t.Expired(today):
		r.Class = "badge cs cs-overdue"
	case t.Status.Open():
		r.Class = "badge cs cs-due"
	case t.Status == zhibu.TransferCompleted:
		r.Class = "badge cs cs-ok"
	default:
		r.Class = "badge cs cs-none"
	}
	return r
}

// transferTable is the rows of one direction, with the head of the other end's column.
type transferTable struct {
	Head string
	Rows []transferRow
}

type transfersPage struct {
	base
	Org      zhibu.Org
	Out, In  transferTable
	Left     []zhibu.Person // people who left zhibu through a transfer out
	CanWrite bool
}

// transferList is GET /orgs/{id}/transfers: a branch's letters out and in
// (for a committee or general branch, those of its branches: out of the
// subtree, and into it from outside; a letter between two of its branches
// is listed as out).
func (s *server) transferList(w http.ResponseWriter, r *http.Request) error {
	o, err := s.notGroup(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	ts, err := s.store.Transfers(ctx, o.ID)
	if err != nil {
		return err
	}
	d := &transfersPage{Org: o, CanWrite: o.Kind == zhibu.KindBranch && zhibu.ActorFrom(ctx).Can(zhibu.PermPeopleWrite, o.Path),
		Out: transferTable{Head: "转往组织"}, In: transferTable{Head: "转出组织"}}
	d.Title = o.Name + "组织关系转接"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "组织关系转接"}); err != nil {
		return err
	}
	today := s.today()
	for _, t := range ts {
		if t.FromOrgID == o.ID || (o.Kind != zhibu.KindBranch && strings.HasPrefix(t.FromPath, o.Path)) {
			d.Out.Rows = append(d.Out.Rows, newTransferRow(o, t, today))
		} else {
			d.In.Rows = append(d.In.Rows, newTransferRow(o, t, today))
		}
	}
	if d.Left, err = s.store.People(ctx, o.ID, zhibu.PersonFilter{Left: true}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "transfers", d)
}

// notGroup is the org {id}, unless it is a group.
func (s *server) notGroup(r *http.Request) (zhibu.Org, error) {
	o, err := s.org(r)
	if err == nil && o.Kind == zhibu.KindGroup {
		return zhibu.Org{}, zhibu.Errorf(zhibu.ErrNotFound, "党小组不办理组织关系转接")
	}
	return o, err
}

// orgTransfer loads the transfer {tid} with an end at org o (a branch, or
// in the subtree of a committee or general branch); any other is not found.
func (s *server) orgTransfer(r *http.Request, o zhibu.Org) (zhibu.Transfer, error) {
	id, err := pathID(r, "tid")
	if err != nil {
		return zhibu.Transfer{}, err
	}
	t, err := s.store.Transfer(r.Context(), id)
	if err != nil {
		return t, err
	}
	if o.Kind == zhibu.KindBranch && t.FromOrgID != o.ID && t.ToOrgID != o.ID {
		return t, zhibu.Errorf(zhibu.ErrNotFound, "未找到该组织关系转接")
	}
	if o.Kind != zhibu.KindBranch && !(t.FromPath != "" && strings.HasPrefix(t.FromPath, o.Path)) && !(t.ToPath != "" && strings.HasPrefix(t.ToPath, o.Path)) {
		return t, zhibu.Errorf(zhibu.ErrNotFound, "未找到该组织关系转接")
	}
	return t, nil
}

type transferPage struct {
	base
	Org        zhibu.Org
	T          transferRow
	Out        bool // the org sent it
	Expires    zhibu.Date
	CanAccept  bool
	CanReceipt bool
	CanClose   bool
	CanPrint   bool
	PersonLink bool // the viewer may open the member's record (not once they left the viewer's scope)
	Groups     []option
	Unit       string // the member's unit now, for the destination accepting them
	Form       form
}

// transferShow is GET /orgs/{id}/transfers/{tid}: one letter and what the
// branch may do with it.
func (s *server) transferShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.notGroup(r)
	if err != nil {
		return err
	}
	t, err := s.orgTransfer(r, o)
	if err != nil {
		return err
	}
	return s.transferRender(w, r, http.StatusOK, o, t, form{"on": s.today().String()}, nil)
}

func (s *server) transferRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, t zhibu.Transfer, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	write := o.Kind == zhibu.KindBranch && zhibu.ActorFrom(ctx).Can(zhibu.PermPeopleWrite, o.Path)
	out := t.FromOrgID == o.ID || (o.Kind != zhibu.KindBranch && strings.HasPrefix(t.FromPath, o.Path))
	d := &transferPage{Org: o, T: newTransferRow(o, t, s.today()), Out: out, Expires: t.ExpiresOn(), Form: f}
	d.Problems = ps
	d.CanAccept = write && t.Inside() && !out && t.Status == zhibu.TransferIssued
	d.CanReceipt = write && !t.Inside() && ((out && t.Status.Open()) || (!out && t.Status == zhibu.TransferReceived))
	d.CanClose = write && out && t.Status == zhibu.TransferIssued
	d.CanPrint = t.FromOrgID != 0
	d.PersonLink = s.links(r).ok(personHref(t.PersonID))
	if d.CanAccept {
		groups, err := s.store.Groups(ctx, o.ID)
		if err != nil {
			return err
		}
		d.Groups = groupOptions(groups)
		// The destination does not read the sender's people: the unit is
		// read as the system, for the form's hint.
		p, err := s.store.Person(zhibu.WithActor(ctx, zhibu.System), t.PersonID)
		if err != nil {
			return err
		}
		d.Unit = p.Unit
	}
	d.Title = "组织关系转接：" + t.PersonName
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "组织关系转接", Href: orgHref(o.ID) + "/transfers"}, crumb{Label: "介绍信" + t.LetterNo}); err != nil {
		return err
	}
	return s.render(w, r, status, "transfer_show", d)
}

// transferAction runs one of the actions on a transfer of branch {id}
// from a posted form, and shows the transfer again with the problems if
// the input is wrong.
func (s *server) transferAction(do func(r *http.Request, o zhibu.Org, t zhibu.Transfer, f form, ps *zhibu.Problems) (zhibu.Transfer, string, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		o, err := s.branch(r)
		if err != nil {
			return err
		}
		t, err := s.orgTransfer(r, o)
		if err != nil {
			return err
		}
		if err := parseForm(w, r); err != nil {
			return err
		}
		f := formFrom(r.PostForm)
		var ps zhibu.Problems
		done, flash, err := do(r, o, t, f, &ps)
		if err == nil && len(ps) == 0 {
			return redirect(w, r, orgHref(o.ID)+"/transfers/"+strconv.FormatInt(done.ID, 10), flash)
		}
		if err != nil {
			if !invalid(err) {
				return err
			}
			ps = append(ps, problemsOf(err)...)
		}
		return s.transferRender(w, r, http.StatusUnprocessableEntity, o, t, f, ps)
	}
}

// transferAccept is POST /orgs/{id}/transfers/{tid}/accept: the destination
// branch accepts a letter from another branch; the member moves here.
func (s *server) transferAccept(r *http.Request, o zhibu.Org, t zhibu.Transfer, f form, ps *zhibu.Problems) (zhibu.Transfer, string, error) {
	on := f.date("on", "接收日期", ps)
	if len(*ps) > 0 {
		return t, "", nil
	}
	done, err := s.svc.Transfers.Accept(r.Context(), o.ID, t.ID, on, formID(f["group_id"]), f["unit"])
	return done, "已接收" + t.PersonName + "的组织关系，" + t.PersonName + "已转入本支部", mapField(err, "received_on", "on")
}

// transferReceipt is POST /orgs/{id}/transfers/{tid}/receipt: for a letter
// out of zhibu, the day the destination accepted the member and the day
// its receipt came back; for a letter in from outside, the day the receipt
// was sent back.
func (s *server) transferReceipt(r *http.Request, o zhibu.Org, t zhibu.Transfer, f form, ps *zhibu.Problems) (zhibu.Transfer, string, error) {
	received := f.date("on", "接收日期", ps)
	receipt := f.date("receipt_on", "回执日期", ps)
	if len(*ps) > 0 {
		return t, "", nil
	}
	done, err := s.svc.Transfers.RecordReceipt(r.Context(), o.ID, t.ID, received, receipt)
	flash := "已登记回执，组织关系转接完成"
	if err == nil && done.Status == zhibu.TransferReceived {
		flash = "已登记接收，" + t.PersonName + "已转出本支部，待退回回执"
	}
	return done, flash, mapField(err, "received_on", "on")
}

// transferClose is POST /orgs/{id}/transfers/{tid}/close: the sender marks
// a waiting letter returned or cancelled.
func (s *server) transferClose(r *http.Request, o zhibu.Org, t zhibu.Transfer, f form, ps *zhibu.Problems) (zhibu.Transfer, string, error) {
	on := f.date("on", "日期", ps)
	if len(*ps) > 0 {
		return t, "", nil
	}
	st := zhibu.TransferStatus(f["status"])
	done, err := s.svc.Transfers.Close(r.Context(), o.ID, t.ID, st, on, f["note"])
	return done, "介绍信" + t.LetterNo + st.Label(), mapField(err, "closed_on", "on")
}

// mapField renames a problem's field to the form's name for it.
func mapField(err error, from, to string) error {
	var ps zhibu.Problems
	if !errors.As(err, &ps) {
		return err
	}
	out := make(zhibu.Problems, len(ps))
	for i, p := range ps {
		if p.Field == from {
			p.Field = to
		}
		out[i] = p
	}
	return out
}

// The letter form.

type transferFormPage struct {
	base
	Org      zhibu.Org
	Form     form
	People   []option
	Targets  []option
	MaxMonth int
}

// transferNew is GET /orgs/{id}/transfers/new?person=: the form that issues
// a letter.
func (s *server) transferNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	ts, err := s.store.Transfers(r.Context(), o.ID)
	if err != nil {
		return err
	}
	today := s.today()
	f := form{"person_id": r.URL.Query().Get("person"), "issued_on": today.String(),
		"letter_no": o.Code + "-" + strconv.Itoa(today.Year) + "-" + leftPad(len(ts)+1)}
	return s.transferFormRender(w, r, http.StatusOK, o, f, nil)
}

func leftPad(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}

func (s *server) transferFormRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	members, err := s.memberOptions(r, o.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return err
	}
	targets, err := s.store.TransferTargets(ctx, o.ID)
	if err != nil {
		return err
	}
	d := &transferFormPage{Org: o, Form: f, People: members, Targets: []option{{Value: "", Label: "（系统外组织，在下方填写名称）"}}}
	for _, t := range targets {
		d.Targets = append(d.Targets, option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name})
	}
	if d.MaxMonth, err = s.svc.Transfers.LetterMonths(ctx, o.ID); err != nil {
		return err
	}
	if f["valid_months"] == "" {
		f["valid_months"] = strconv.Itoa(d.MaxMonth)
	}
	d.Problems = ps
	d.Title = "开具组织关系介绍信"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "组织关系转接", Href: orgHref(o.ID) + "/transfers"}, crumb{Label: "开具介绍信"}); err != nil {
		return err
	}
	return s.render(w, r, status, "transfer_form", d)
}

// letterFromForm reads the fields of a letter.
func letterFromForm(f form, ps *zhibu.Problems) zhibu.Transfer {
	t := zhibu.Transfer{LetterNo: f["letter_no"], IssuedOn: f.date("issued_on", "开具日期", ps), Reason: f["reason"], Note: f["note"],
		ToName: f["to_name"], FromName: f["from_name"]}
	if v := f["to_org_id"]; v != "" {
		if t.ToOrgID = formID(v); t.ToOrgID == 0 {
			ps.Add("to", "转往组织", "所选党支部不存在")
		}
	}
	if v := strings.TrimSpace(f["valid_months"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			ps.Add("valid_months", "有效期（月）", "应为整数")
		}
		t.ValidMonths = n
	}
	return t
}

// transferCreate is POST /orgs/{id}/transfers: issue a letter.
func (s *server) transferCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	t := letterFromForm(f, &ps)
	t.FromName, t.FromOrgID = "", o.ID
	if t.PersonID = formID(f["person_id"]); t.PersonID == 0 {
		ps.Add("person_id", "人员", "请选择转出的党员")
	}
	if len(ps) == 0 {
		done, err := s.svc.Transfers.Issue(r.Context(), t)
		if err == nil {
			return redirect(w, r, orgHref(o.ID)+"/transfers/"+strconv.FormatInt(done.ID, 10), "已开具介绍信"+done.LetterNo)
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.transferFormRender(w, r, http.StatusUnprocessableEntity, o, f, ps)
}

// Transfers in from outside zhibu: the person's fields and the letter's.

type transferInPage struct {
	personFormPage
}

// transferInNew is GET /orgs/{id}/transfers/in.
func (s *server) transferInNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	f := form{"org_id": strconv.FormatInt(o.ID, 10), "officer": "true", "ethnicity": "汉族", "status": string(zhibu.FullMember),
		"received_on": s.today().String(), "valid_months": strconv.Itoa(zhibu.DefaultLetterMonths)}
	return s.transferInRender(w, r, http.StatusOK, o, f, nil)
}

func (s *server) transferInRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &transferInPage{personFormPage{Org: o, Form: f, Genders: genderOptions, Ethnicities: ethnicityOptions,
		Educations: educationOptions, Statuses: statusOptions[len(statusOptions)-2:], Units: o.Units}}
	d.Problems = ps
	groups, err := s.store.Groups(ctx, o.ID)
	if err != nil {
		return err
	}
	d.Groups = groupOptions(groups)
	d.Title, d.Action = "登记转入（来自系统外）", orgHref(o.ID)+"/transfers/in"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "组织关系转接", Href: orgHref(o.ID) + "/transfers"}, crumb{Label: "登记转入"}); err != nil {
		return err
	}
	return s.render(w, r, status, "transfer_in", d)
}

// transferInCreate is POST /orgs/{id}/transfers/in.
func (s *server) transferInCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.branch(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	f["org_id"] = strconv.FormatInt(o.ID, 10)
	var ps zhibu.Problems
	p := personFromForm(f, zhibu.Person{}, &ps)
	t := letterFromForm(f, &ps)
	t.ToName, t.ToOrgID = "", o.ID
	t.ReceivedOn = f.date("received_on", "接收日期", &ps)
	t.ReceiptOn = f.date("receipt_on", "回执日期", &ps)
	if len(ps) == 0 {
		done, err := s.svc.Transfers.In(r.Context(), t, p)
		if err == nil {
			return redirect(w, r, orgHref(o.ID)+"/transfers/"+strconv.FormatInt(done.ID, 10), "已登记转入："+done.PersonName)
		}
		if !invalid(err) {
			return err
		}
		ps = problemsOf(err)
	}
	return s.transferInRender(w, r, http.StatusUnprocessableEntity, o, f, ps)
}

// The letter printed.

type letterPage struct {
	base
	Org     zhibu.Org
	T       zhibu.Transfer
	Person  zhibu.Person
	Expires zhibu.Date
	Age     int
	PaidTo  zhibu.Month // the last month the member's dues are paid to, where dues are kept here
}

// transferLetter is GET /orgs/{id}/transfers/{tid}/letter: a letter issued
// in zhibu, laid out for printing with its receipt (回执) below, for the
// branch that sent it and the one it is addressed to.
func (s *server) transferLetter(w http.ResponseWriter, r *http.Request) error {
	o, err := s.notGroup(r)
	if err != nil {
		return err
	}
	t, err := s.orgTransfer(r, o)
	if err != nil {
		return err
	}
	if t.FromOrgID == 0 {
		return zhibu.Errorf(zhibu.ErrNotFound, "来自系统外的介绍信没有在本系统开具")
	}
	// The sender may print its letter after the member has moved on to
	// the destination's scope: the person is read as the system, and
	// printed masked.
	p, err := s.store.Person(zhibu.WithActor(r.Context(), zhibu.System), t.PersonID)
	if err != nil {
		return err
	}
	d := &letterPage{Org: o, T: t, Person: store.Masked(p), Expires: t.ExpiresOn(), Age: p.BirthDate.YearsSince(t.IssuedOn)}
	dues, err := s.store.MemberDues(zhibu.WithActor(r.Context(), zhibu.System), t.PersonID)
	if err != nil {
		return err
	}
	d.PaidTo = dues.PaidThrough()
	d.Title = "组织关系介绍信" + t.LetterNo
	d.Crumbs, err = s.orgCrumbs(r.Context(), o, crumb{Label: "组织关系转接", Href: orgHref(o.ID) + "/transfers"}, crumb{Label: "介绍信" + t.LetterNo})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "transfer_letter", d)
}

// personTransfers are a person's letters for their page, each linked from
// an end the reader may see (the sender's, else the receiver's).
func (s *server) personTransfers(ctx context.Context, p zhibu.Person) ([]transferRow, error) {
	ts, err := s.store.PersonTransfers(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	scope := zhibu.ActorFrom(ctx).Scope
	today := s.today()
	var out []transferRow
	for _, t := range ts {
		row := newTransferRow(zhibu.Org{ID: t.FromOrgID}, t, today)
		row.Other = t.Source() + " → " + t.Destination()
		switch {
		case t.FromOrgID != 0 && scope.Covers(t.FromPath):
		case t.ToOrgID != 0 && scope.Covers(t.ToPath):
			row.Href = orgHref(t.ToOrgID) + "/transfers/" + strconv.FormatInt(t.ID, 10)
		default:
			row.Href = ""
		}
		out = append(out, row)
	}
	return out, nil
}
