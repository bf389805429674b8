package api

import (
	"net/http"

	"zhibu"
	"zhibu/internal/store"
)

// meetingTypeView is one type an org's meetings may have: built-in, or
// added on its path (with who added it).
type meetingTypeView struct {
	Type    zhibu.MeetingType `json:"type"` // the value meetings carry: "committee", or "x:" and an added type's name
	Name    string            `json:"name"`
	Builtin bool              `json:"builtin"`
	OrgID   int64             `json:"org_id,omitempty"` // who added it
	Note    string            `json:"note,omitempty"`
}

func addedView(t store.AddedMeetingType) meetingTypeView {
	return meetingTypeView{Type: t.Type, Name: t.Name, OrgID: t.OrgID, Note: t.Note}
}

// meetingTypes answers GET /api/v1/orgs/{id}/meeting-types: the types the
// org's meetings may have.
func (a *api) meetingTypes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := a.store.Org(ctx, id)
	if err != nil {
		return err
	}
	added, err := a.store.AddedMeetingTypes(ctx, id)
	if err != nil {
		return err
	}
	out := []meetingTypeView{}
	for _, t := range zhibu.MeetingTypes {
		if t.HeldBy(o.Kind) {
			out = append(out, meetingTypeView{Type: t, Name: t.Label(), Builtin: true})
		}
	}
	for _, t := range added {
		out = append(out, addedView(t))
	}
	return render(w, http.StatusOK, map[string]any{"meeting_types": out})
}

// addMeetingType answers POST /api/v1/orgs/{id}/meeting-types with
// {"name": "警示教育会", "note": "…"}.
func (a *api) addMeetingType(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		Name string `json:"name"`
		Note string `json:"note"`
	}](w, r)
	if err != nil {
		return err
	}
	t, err := a.svc.Meetings.AddType(r.Context(), id, in.Name, in.Note)
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, addedView(t))
}
