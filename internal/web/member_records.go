package web

import (
	"net/http"
	"strconv"

	"zhibu"
)

// memberRecordsPage is a member's file and their spans away or out of
// contact, with the forms to record them (member.file, member.mobile,
// member.lost_contact).
type memberRecordsPage struct {
	base
	Person   zhibu.Person
	File     zhibu.MemberFile
	HasFile  bool
	Absences []zhibu.MemberAbsence
	CanWrite bool
	Kinds    []option
	Form     form
	Today    zhibu.Date
}

// memberRecordRoutes are the routes of this page family.
func (s *server) memberRecordRoutes() []route {
	return []route{
		{"GET /people/{id}/records", readPerson, s.memberRecordsShow},
		{"POST /people/{id}/records/file", writePerson, s.memberFileSet},
		{"POST /people/{id}/records/absences", writePerson, s.absenceAdd},
		{"POST /people/{id}/records/absences/update", writePerson, s.absenceUpdate},
	}
}

// memberRecordsShow is GET /people/{id}/records.
func (s *server) memberRecordsShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	return s.memberRecordsRender(w, r, http.StatusOK, p, nil, nil)
}

func (s *server) memberRecordsRender(w http.ResponseWriter, r *http.Request, status int, p zhibu.Person, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	rec, err := s.svc.Members.Records(ctx, p.ID)
	if err != nil {
		return err
	}
	d := &memberRecordsPage{Person: p, File: rec.File, HasFile: rec.HasFile, Absences: rec.Absences, Today: zhibu.Today(s.store.Now())}
	d.Problems = ps
	d.CanWrite = zhibu.ActorFrom(ctx).Can(zhibu.PermPeopleWrite, p.OrgPath) && p.Status.AtLeast(zhibu.Probationary)
	for _, k := range zhibu.AbsenceKinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: k.Label()})
	}
	if f == nil {
		f = form{"kept_by": rec.File.KeptBy, "number": rec.File.Number, "checked_on": rec.File.CheckedOn.String(), "kind": string(zhibu.AbsenceAway)}
	}
	d.Form = f
	d.Title = p.Name + " · 党员档案与外出、失联情况"
	if d.Crumbs, err = s.personCrumbs(r, p, crumb{Label: "档案与外出"}); err != nil {
		return err
	}
	return s.render(w, r, status, "member_records", d)
}

// memberFileSet is POST /people/{id}/records/file.
func (s *server) memberFileSet(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	mf := zhibu.MemberFile{PersonID: p.ID, KeptBy: f["kept_by"], Number: f["number"], CheckedOn: f.date("checked_on", "核查日期", &ps)}
	if len(ps) == 0 {
		err = s.svc.Members.SetFile(r.Context(), mf)
	} else {
		err = mf.Validate(zhibu.Today(s.store.Now())) // the other fields' problems too
	}
	if err := merge(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.memberRecordsRender(w, r, http.StatusUnprocessableEntity, p, f, ps)
	}
	return redirect(w, r, personHref(p.ID)+"/records", "已登记党员档案")
}

// absenceAdd is POST /people/{id}/records/absences: a new span away or out
// of contact.
func (s *server) absenceAdd(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	a := zhibu.MemberAbsence{PersonID: p.ID, Kind: zhibu.AbsenceKind(f["kind"]), From: f.date("from", "开始日期", &ps), Place: f["place"], Note: f["note"]}
	if len(ps) == 0 {
		_, err = s.svc.Members.SaveAbsence(r.Context(), a)
	} else {
		err = a.Validate(zhibu.Today(s.store.Now())) // the other fields' problems too
	}
	if err := merge(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.memberRecordsRender(w, r, http.StatusUnprocessableEntity, p, f, ps)
	}
	return redirect(w, r, personHref(p.ID)+"/records", "已登记"+a.Kind.Label()+"情况")
}

// absenceUpdate is POST /people/{id}/records/absences/update: for the
// person's absence named by the form's absence field, record a contact with
// a mobile member (contact_on), or end the span (until).
func (s *server) absenceUpdate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.person(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	aid, _ := strconv.ParseInt(f["absence"], 10, 64)
	a, err := s.store.Absence(r.Context(), aid)
	if isNotFound(err) || err == nil && a.PersonID != p.ID {
		return s.memberRecordsRender(w, r, http.StatusUnprocessableEntity, p, nil, zhibu.Problems{{Field: "absence", Label: "记录", Message: "记录：未找到该人员的这条外出或失联记录"}})
	}
	if err != nil {
		return err
	}
	var ps zhibu.Problems
	var done string
	switch {
	case f["contact_on"] != "":
		if d := f.date("contact_on", "联系日期", &ps); len(ps) == 0 {
			_, err = s.svc.Members.RecordContact(r.Context(), aid, d)
			done = "已登记联系"
		}
	case f["until"] != "":
		if d := f.date("until", "结束日期", &ps); len(ps) == 0 {
			_, err = s.svc.Members.EndAbsence(r.Context(), aid, d)
			done = "已登记结束"
		}
	default:
		ps.Add("until", "日期", "请填写联系日期或结束日期")
	}
	if err := merge(&ps, err); err != nil {
		return err
	}
	if len(ps) > 0 {
		return s.memberRecordsRender(w, r, http.StatusUnprocessableEntity, p, form{"kind": string(zhibu.AbsenceAway)}, ps)
	}
	return redirect(w, r, personHref(p.ID)+"/records", done)
}
