package api

import (
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/access"
)

// Membership transfers and postponed elections (docs/transfers.md). {id} is
// the branch acting: the sender issues a letter, records its receipt and
// returns or cancels it; the destination accepts it.

var writeOrg = access.On(zhibu.PermPeopleWrite, access.PathOrg, "id")

// subID reads a second path id ({tid}, {eid}).
func subID(r *http.Request, name, what string) (int64, error) {
	s := r.PathValue(name)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != s {
		return 0, zhibu.Errorf(zhibu.ErrNotFound, "未找到该"+what)
	}
	return n, nil
}

// transferOut is a transfer as the API shows it, with its last valid day.
type transferOut struct {
	zhibu.Transfer
	ExpiresOn zhibu.Date `json:"expires_on"`
	Expired   bool       `json:"expired"`
}

func (a *api) out(t zhibu.Transfer) transferOut {
	return transferOut{t, t.ExpiresOn(), t.Expired(a.store.Today())}
}

// listTransfers is GET /api/v1/orgs/{id}/transfers.
func (a *api) listTransfers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	ts, err := a.store.Transfers(r.Context(), id)
	if err != nil {
		return err
	}
	out := make([]transferOut, len(ts))
	for i, t := range ts {
		out[i] = a.out(t)
	}
	return render(w, http.StatusOK, map[string][]transferOut{"transfers": out})
}

// branchOf is the branch {id}, or not found.
func (a *api) branchOf(r *http.Request) (zhibu.Org, error) {
	id, err := pathID(r, "组织")
	if err != nil {
		return zhibu.Org{}, err
	}
	o, err := a.store.Org(r.Context(), id)
	if err == nil && o.Kind != zhibu.KindBranch {
		return o, zhibu.Errorf(zhibu.ErrNotFound, "该组织不是党支部")
	}
	return o, err
}

// transferOf is the transfer {tid} with an end at branch o.
func (a *api) transferOf(r *http.Request, o zhibu.Org) (zhibu.Transfer, error) {
	tid, err := subID(r, "tid", "组织关系转接")
	if err != nil {
		return zhibu.Transfer{}, err
	}
	t, err := a.store.Transfer(r.Context(), tid)
	if err != nil {
		return t, err
	}
	at := t.FromOrgID == o.ID || t.ToOrgID == o.ID
	if o.Kind != zhibu.KindBranch { // a committee's or general branch's subtree
		at = (t.FromPath != "" && strings.HasPrefix(t.FromPath, o.Path)) || (t.ToPath != "" && strings.HasPrefix(t.ToPath, o.Path))
	}
	if !at {
		return t, zhibu.Errorf(zhibu.ErrNotFound, "未找到该组织关系转接")
	}
	return t, nil
}

// letterIn is the body of POST /api/v1/orgs/{id}/transfers.
type letterIn struct {
	PersonID    int64      `json:"person_id"`
	ToOrgID     int64      `json:"to_org_id"`
	ToName      string     `json:"to_name"`
	LetterNo    string     `json:"letter_no"`
	IssuedOn    zhibu.Date `json:"issued_on"`
	ValidMonths int        `json:"valid_months"` // 0: member.transfer.letter's months
	Reason      string     `json:"reason"`
	Note        string     `json:"note"`
}

// issueTransfer is POST /api/v1/orgs/{id}/transfers.
func (a *api) issueTransfer(w http.ResponseWriter, r *http.Request) error {
	o, err := a.branchOf(r)
	if err != nil {
		return err
	}
	in, err := decode[letterIn](w, r)
	if err != nil {
		return err
	}
	t, err := a.svc.Transfers.Issue(r.Context(), zhibu.Transfer{PersonID: in.PersonID, FromOrgID: o.ID, ToOrgID: in.ToOrgID, ToName: in.ToName,
		LetterNo: in.LetterNo, IssuedOn: in.IssuedOn, ValidMonths: in.ValidMonths, Reason: in.Reason, Note: in.Note})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/orgs/"+strconv.FormatInt(o.ID, 10)+"/transfers/"+strconv.FormatInt(t.ID, 10))
	return render(w, http.StatusCreated, a.out(t))
}

// getTransfer is GET /api/v1/orgs/{id}/transfers/{tid}: for a branch, a
// transfer with an end there; for a committee or general branch, one with
// an end in its subtree.
func (a *api) getTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	o, err := a.store.Org(r.Context(), id)
	if err != nil {
		return err
	}
	t, err := a.transferOf(r, o)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, a.out(t))
}

// transferStep is the body of the accept, receipt and close endpoints.
type transferStep struct {
	ReceivedOn zhibu.Date `json:"received_on"` // accept; receipt of a letter out, the day the destination accepted
	ReceiptOn  zhibu.Date `json:"receipt_on"`  // receipt
	GroupID    int64      `json:"group_id"`    // accept
	Unit       string     `json:"unit"`        // accept: the member's unit in the destination, if it changes
	Status     string     `json:"status"`      // close: returned or cancelled
	ClosedOn   zhibu.Date `json:"closed_on"`   // close
	Note       string     `json:"note"`        // close
}

// transferStepHandler runs one step on the transfer {tid} of branch {id}.
func (a *api) transferStepHandler(step func(r *http.Request, o zhibu.Org, t zhibu.Transfer, in transferStep) (zhibu.Transfer, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		o, err := a.branchOf(r)
		if err != nil {
			return err
		}
		t, err := a.transferOf(r, o)
		if err != nil {
			return err
		}
		in, err := decode[transferStep](w, r)
		if err != nil {
			return err
		}
		done, err := step(r, o, t, in)
		if err != nil {
			return err
		}
		return render(w, http.StatusOK, a.out(done))
	}
}

func (a *api) acceptTransfer(r *http.Request, o zhibu.Org, t zhibu.Transfer, in transferStep) (zhibu.Transfer, error) {
	return a.svc.Transfers.Accept(r.Context(), o.ID, t.ID, in.ReceivedOn, in.GroupID, in.Unit)
}

func (a *api) receiptTransfer(r *http.Request, o zhibu.Org, t zhibu.Transfer, in transferStep) (zhibu.Transfer, error) {
	return a.svc.Transfers.RecordReceipt(r.Context(), o.ID, t.ID, in.ReceivedOn, in.ReceiptOn)
}

func (a *api) closeTransfer(r *http.Request, o zhibu.Org, t zhibu.Transfer, in transferStep) (zhibu.Transfer, error) {
	return a.svc.Transfers.Close(r.Context(), o.ID, t.ID, zhibu.TransferStatus(strings.TrimSpace(in.Status)), in.ClosedOn, in.Note)
}

// transferIn is the body of POST /api/v1/orgs/{id}/transfers/in: the letter
// from outside zhibu and the person it brings.
type transferIn struct {
	FromName    string       `json:"from_name"`
	LetterNo    string       `json:"letter_no"`
	IssuedOn    zhibu.Date   `json:"issued_on"`
	ValidMonths int          `json:"valid_months"`
	ReceivedOn  zhibu.Date   `json:"received_on"`
	ReceiptOn   zhibu.Date   `json:"receipt_on"`
	Reason      string       `json:"reason"`
	Person      zhibu.Person `json:"person"`
}

// recordTransferIn is POST /api/v1/orgs/{id}/transfers/in.
func (a *api) recordTransferIn(w http.ResponseWriter, r *http.Request) error {
	o, err := a.branchOf(r)
	if err != nil {
		return err
	}
	in, err := decode[transferIn](w, r)
	if err != nil {
		return err
	}
	t, err := a.svc.Transfers.In(r.Context(), zhibu.Transfer{ToOrgID: o.ID, FromName: in.FromName, LetterNo: in.LetterNo, IssuedOn: in.IssuedOn,
		ValidMonths: in.ValidMonths, ReceivedOn: in.ReceivedOn, ReceiptOn: in.ReceiptOn, Reason: in.Reason}, in.Person)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/orgs/"+strconv.FormatInt(o.ID, 10)+"/transfers/"+strconv.FormatInt(t.ID, 10))
	return render(w, http.StatusCreated, a.out(t))
}

// listExtensions is GET /api/v1/orgs/{id}/terms/extensions.
func (a *api) listExtensions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	es, err := a.store.Extensions(r.Context(), id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, map[string][]zhibu.Extension{"extensions": es})
}

// extensionIn is the body of POST /api/v1/orgs/{id}/terms/extensions.
type extensionIn struct {
	Months int    `json:"months"`
	Reason string `json:"reason"`
}

// requestExtension is POST /api/v1/orgs/{id}/terms/extensions.
func (a *api) requestExtension(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[extensionIn](w, r)
	if err != nil {
		return err
	}
	e, err := a.svc.Terms.RequestExtension(r.Context(), zhibu.Extension{OrgID: id, Months: in.Months, Reason: in.Reason})
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, e)
}

// decision is the body of POST /api/v1/orgs/{id}/terms/extensions/{eid}/decide.
type decision struct {
	Approve *bool  `json:"approve"`
	Note    string `json:"note"`
}

// decideExtension is POST /api/v1/orgs/{id}/terms/extensions/{eid}/decide.
func (a *api) decideExtension(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	eid, err := subID(r, "eid", "申请")
	if err != nil {
		return err
	}
	in, err := decode[decision](w, r)
	if err != nil {
		return err
	}
	if in.Approve == nil {
		return zhibu.Problems{{Field: "approve", Label: "审批", Message: "审批：approve 应为 true（批准）或 false（不批准）"}}
	}
	e, err := a.svc.Terms.DecideExtension(r.Context(), id, eid, *in.Approve, zhibu.Date{}, in.Note)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, e)
}

// reportIn is the body of POST /api/v1/orgs/{id}/terms/report and
// /approve: the day (today if omitted).
type reportIn struct {
	On zhibu.Date `json:"on"`
}

// reportTerm is POST /api/v1/orgs/{id}/terms/report: the branch reported
// the secretary and deputy of its current term to the superior.
func (a *api) reportTerm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[reportIn](w, r)
	if err != nil {
		return err
	}
	t, err := a.svc.Terms.ReportSecretary(r.Context(), id, in.On)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, t)
}

// approveTerm is POST /api/v1/orgs/{id}/terms/approve: the superior
// approves them.
func (a *api) approveTerm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[reportIn](w, r)
	if err != nil {
		return err
	}
	t, err := a.svc.Terms.ApproveSecretary(r.Context(), id, in.On)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, t)
}
