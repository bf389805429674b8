package api

import (
	"net/http"

	"zhibu"
)

// A member's own records: where their member file is kept, and the spans
// they are away without transferring their membership or out of contact
// (member.file, member.mobile, member.lost_contact). Reading needs
// org.read where the person sits (or being the person); writing
// people.write.

// memberRoutes are the member-record endpoints of the route table.
func (a *api) memberRoutes() []route {
	return []route{
		{"GET /api/v1/people/{id}/records", readPerson, a.memberRecords},
		{"PUT /api/v1/people/{id}/records/file", writePerson, a.memberFileSet},
		{"POST /api/v1/people/{id}/records/absences", writePerson, a.absenceSave},
	}
}

// recordsBody is the JSON of a member's records.
type recordsBody struct {
	File     *zhibu.MemberFile     `json:"file"` // null when none is recorded
	Absences []zhibu.MemberAbsence `json:"absences"`
}

// memberRecords answers GET /api/v1/people/{id}/records.
func (a *api) memberRecords(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	rec, err := a.svc.Members.Records(r.Context(), id)
	if err != nil {
		return err
	}
	body := recordsBody{Absences: rec.Absences}
	if rec.HasFile {
		body.File = &rec.File
	}
	if body.Absences == nil {
		body.Absences = []zhibu.MemberAbsence{}
	}
	return render(w, http.StatusOK, body)
}

// memberFileSet answers PUT /api/v1/people/{id}/records/file: 200 with the
// file recorded.
func (a *api) memberFileSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[zhibu.MemberFile](w, r)
	if err != nil {
		return err
	}
	in.PersonID = id
	if err := a.svc.Members.SetFile(r.Context(), in); err != nil {
		return err
	}
	rec, err := a.svc.Members.Records(r.Context(), id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, rec.File)
}

// absenceSave answers POST /api/v1/people/{id}/records/absences: a new
// absence (no id: 201) or a change to one of the person's (its id: 200),
// e.g. its end ("until") or the last contact with a mobile member.
func (a *api) absenceSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[zhibu.MemberAbsence](w, r)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if in.ID != 0 {
		old, err := a.store.Absence(r.Context(), in.ID)
		if err != nil {
			return err
		}
		if old.PersonID != id {
			return zhibu.Errorf(zhibu.ErrNotFound, "未找到该人员的这条外出或失联记录")
		}
		status = http.StatusOK
	}
	in.PersonID = id
	saved, err := a.svc.Members.SaveAbsence(r.Context(), in)
	if err != nil {
		return err
	}
	return render(w, status, saved)
}
