package api

import (
	"net/http"

	"zhibu"
	"zhibu/internal/access"
)

// The JSON a client's tables need and the load test of
// docs/performance.md drives: who the token's holder is, the superior's
// review queue, and an org's development files by stage.

// listRoutes are those endpoints of the route table.
func (a *api) listRoutes() []route {
	return []route{
		{"GET /api/v1/me", access.LoggedIn, a.me},
		{"GET /api/v1/development/pending", access.On(zhibu.PermFilingReview, access.Anywhere, ""), a.devPending},
		{"GET /api/v1/orgs/{id}/development", readOrg, a.devList},
	}
}

// meBody is who the actor is: what the server made of the token or
// session, read from no further record.
type meBody struct {
	AccountID int64        `json:"account_id"`
	PersonID  int64        `json:"person_id,omitempty"`
	Name      string       `json:"name"`
	Roles     []zhibu.Role `json:"roles"`
	// Scope is the org paths the actor reads (all: everything).
	Scope struct {
		All   bool     `json:"all"`
		Paths []string `json:"paths"`
	} `json:"scope"`
}

// me answers GET /api/v1/me.
func (a *api) me(w http.ResponseWriter, r *http.Request) error {
	actor := zhibu.ActorFrom(r.Context())
	b := meBody{AccountID: actor.AccountID, PersonID: actor.PersonID, Name: actor.Name, Roles: actor.Roles}
	if b.Roles == nil {
		b.Roles = []zhibu.Role{}
	}
	b.Scope.All, b.Scope.Paths = actor.Scope.All, actor.Scope.Paths
	if b.Scope.Paths == nil {
		b.Scope.Paths = []string{}
	}
	return render(w, http.StatusOK, b)
}

// pendingItem is a step of the superior a development file waits for.
type pendingItem struct {
	PersonID int64      `json:"person_id"`
	Name     string     `json:"name"`
	OrgID    int64      `json:"org_id"`
	OrgName  string     `json:"org_name"`
	Status   string     `json:"status"`
	Step     int        `json:"step"`
	Title    string     `json:"title"`
	Since    zhibu.Date `json:"since"`
}

// devPending answers GET /api/v1/development/pending: the superior's
// review queue, oldest first, for the orgs on which the actor holds
// filing.review.
func (a *api) devPending(w http.ResponseWriter, r *http.Request) error {
	q, err := a.store.PendingDevelopment(r.Context())
	if err != nil {
		return err
	}
	out := make([]pendingItem, 0, len(q))
	for _, x := range q {
		out = append(out, pendingItem{PersonID: x.Person.ID, Name: x.Person.Name, OrgID: x.Person.OrgID, OrgName: x.Person.OrgName,
			Status: string(x.Person.Status), Step: x.Step, Title: zhibu.DevSteps[x.Step].Title, Since: x.Since})
	}
	return render(w, http.StatusOK, map[string][]pendingItem{"pending": out})
}

// devListItem is one development file in a list: the person (masked) and
// where the file stands.
type devListItem struct {
	Person    zhibu.Person `json:"person"`
	Steps     int          `json:"steps"`               // records in the file
	LastStep  int          `json:"last_step,omitempty"` // the latest record's step, by date
	LastTitle string       `json:"last_title,omitempty"`
	LastOn    zhibu.Date   `json:"last_on,omitzero"`
}

// devList answers GET /api/v1/orgs/{id}/development[?stage=]: the
// development files of the org's subtree (store.DevSummaries, kept in
// dev_files: no record is read), by name, of
// one stage when stage names a status (applicant, activist, candidate,
// probationary, full).
func (a *api) devList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	p := params{q: r.URL.Query()}
	stage := zhibu.PartyStatus(p.q.Get("stage"))
	if stage != "" && (!stage.Valid() || stage == zhibu.Masses) {
		p.bad("stage", "应为 applicant、activist、candidate、probationary 或 full")
	}
	if err := p.ps.Err(); err != nil {
		return err
	}
	files, err := a.store.DevSummaries(r.Context(), id)
	if err != nil {
		return err
	}
	out := []devListItem{}
	for _, f := range files {
		if stage != "" && f.Person.Status != stage {
			continue
		}
		item := devListItem{Person: f.Person, Steps: f.Records}
		if f.LastStep > 0 {
			item.LastStep, item.LastTitle, item.LastOn = f.LastStep, zhibu.DevSteps[f.LastStep].Title, f.LastOn
		}
		out = append(out, item)
	}
	return render(w, http.StatusOK, map[string][]devListItem{"files": out})
}
