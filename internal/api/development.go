package api

import (
	"errors"
	"net/http"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// Member development: a person's development file, and recording a step.
// The branch's steps need member.develop; the superior's (pre-review,
// talk, approvals, acknowledging filings) filing.review. A step the rules
// refuse answers 400 (invalid) with the problems and, under "refusals", each rule id
// and source.

// devRoutes are the development endpoints of the route table.
func (a *api) devRoutes() []route {
	return []route{
		{"GET /api/v1/people/{id}/development", readPerson, a.devFile},
		{"POST /api/v1/people/{id}/development/steps", access.On(zhibu.PermDevelop, access.PathPerson, "id"), a.devStepBranch},
		{"POST /api/v1/people/{id}/development/approvals", access.On(zhibu.PermFilingReview, access.PathPerson, "id"), a.devStepSuperior},
		{"POST /api/v1/people/{id}/development/steps/void", access.On(zhibu.PermDevelop, access.PathPerson, "id"), a.devVoidBranch},
		{"POST /api/v1/people/{id}/development/approvals/void", access.On(zhibu.PermFilingReview, access.PathPerson, "id"), a.devVoidSuperior},
	}
}

// devFileBody is the JSON of a development file.
type devFileBody struct {
	Person    zhibu.Person            `json:"person"`
	Records   []zhibu.DevRecord       `json:"records"`
	NextStep  int                     `json:"next_step"` // 0 when all 25 are done
	NextTitle string                  `json:"next_title,omitempty"`
	Earliest  zhibu.Date              `json:"earliest,omitzero"` // the earliest day of the next step
	Missing   []zhibu.MissingMaterial `json:"missing"`
	Materials []zhibu.DevMaterial     `json:"materials"`
}

// devFile answers GET /api/v1/people/{id}/development.
func (a *api) devFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	ctx := r.Context()
	f, err := a.store.DevFile(ctx, id)
	if err != nil {
		return err
	}
	ms, err := a.store.DevMaterials(ctx, id)
	if err != nil {
		return err
	}
	body := devFileBody{Person: store.Masked(f.Person), Records: f.Records, Missing: f.Missing(ms), Materials: ms}
	if body.Missing == nil {
		body.Missing = []zhibu.MissingMaterial{}
	}
	outlook, err := a.svc.Development.Outlooks(ctx, f)
	if err != nil {
		return err
	}
	body.NextStep, body.Earliest = outlook[0].Next, outlook[0].Earliest
	if body.NextStep > 0 {
		body.NextTitle = zhibu.DevSteps[body.NextStep].Title
	}
	return render(w, http.StatusOK, body)
}

// stepInput is the body of a step to record.
type stepInput struct {
	Step       int              `json:"step"`
	On         zhibu.Date       `json:"on"`
	Outcome    zhibu.DevOutcome `json:"outcome"`
	MeetingID  int64            `json:"meeting_id"`
	Resolution int              `json:"resolution"`
	People     []int64          `json:"people"`
	Days       int              `json:"days"`
	Hours      int              `json:"hours"`
	Months     int              `json:"months"`
	Special    bool             `json:"special"`
	Note       string           `json:"note"`
}

func (a *api) devStepBranch(w http.ResponseWriter, r *http.Request) error {
	return a.devStep(w, r, false)
}

func (a *api) devStepSuperior(w http.ResponseWriter, r *http.Request) error {
	return a.devStep(w, r, true)
}

// devStep answers POST …/development/steps (the branch's steps) and
// …/development/approvals (the superior's): 201 with the record saved (a
// vote that failed is saved, with outcome "failed").
func (a *api) devStep(w http.ResponseWriter, r *http.Request, superior bool) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[stepInput](w, r)
	if err != nil {
		return err
	}
	rec := zhibu.DevRecord{Step: in.Step, On: in.On, Outcome: in.Outcome, MeetingID: in.MeetingID, Resolution: in.Resolution,
		People: in.People, Days: in.Days, Hours: in.Hours, Months: in.Months, Special: in.Special, Note: in.Note}
	record := a.svc.Development.RecordStep
	if superior {
		record = a.svc.Development.RecordApproval
	}
	saved, err := record(r.Context(), id, rec)
	var rs rules.Refusals
	if errors.As(err, &rs) {
		return render(w, http.StatusBadRequest, map[string]any{"error": map[string]any{
			"code": "invalid", "message": zhibu.UserMessage(rs.Problems()), "problems": rs.Problems(), "refusals": rs}})
	}
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, saved)
}

func (a *api) devVoidBranch(w http.ResponseWriter, r *http.Request) error {
	return a.devVoid(w, r, false)
}

func (a *api) devVoidSuperior(w http.ResponseWriter, r *http.Request) error {
	return a.devVoid(w, r, true)
}

// devVoid answers POST …/development/steps/void (a step of the branch)
// and …/development/approvals/void (the superior's) with
// {"record_id": 12}: the file's latest record voided, the person's status
// and dates put back; 200 with the record voided.
func (a *api) devVoid(w http.ResponseWriter, r *http.Request, superior bool) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		RecordID int64 `json:"record_id"`
	}](w, r)
	if err != nil {
		return err
	}
	if in.RecordID <= 0 {
		return zhibu.Problems{{Field: "record_id", Label: "记录", Message: "记录：请指定要撤销的记录（record_id）"}}
	}
	void := a.svc.Development.VoidLastStep
	if superior {
		void = a.svc.Development.VoidLastApproval
	}
	voided, err := void(r.Context(), id, in.RecordID)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, voided)
}
