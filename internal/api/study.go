package api

import (
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/service"
)

// Theory study and heart-to-heart talks (docs/study.md, docs/talks.md):
// the same service calls as the web pages, so they refuse the same input
// with the same messages. A person's notes and talks are recorded by the
// person themself.

var (
	writeStudy = access.On(zhibu.PermStudyWrite, access.PathOrg, "id")
	ownPerson  = access.Policy{Needs: []access.Need{{Perm: zhibu.PermOwn, On: access.PathPerson, Param: "id", Self: true}}}
)

// studyRoutes are the study and talk endpoints of the route table.
func (a *api) studyRoutes() []route {
	return []route{
		{"GET /api/v1/orgs/{id}/study", readOrg, a.study},
		{"POST /api/v1/orgs/{id}/study/plans", writeStudy, a.studyPlan},
		{"POST /api/v1/orgs/{id}/study/sessions", writeStudy, a.studySession},
		{"POST /api/v1/orgs/{id}/study/summary", writeStudy, a.studySummary},
		{"GET /api/v1/people/{id}/study", readPerson, a.personStudy},
		{"POST /api/v1/people/{id}/study/notes", ownPerson, a.studyNote},
		{"GET /api/v1/orgs/{id}/talks", readOrg, a.talks},
		{"GET /api/v1/people/{id}/talks", readPerson, a.personTalks},
		{"POST /api/v1/people/{id}/talks", ownPerson, a.recordTalk},
	}
}

// year is the ?year= of a request, this year by default.
func (a *api) year(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return a.store.Today().Year, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2100 {
		return 0, zhibu.Problems{{Field: "year", Label: "年度", Message: "年度：应为2000至2100之间的年份"}}
	}
	return y, nil
}

// memberHoursOut is one member's hours in the study JSON.
type memberHoursOut struct {
	PersonID int64   `json:"person_id"`
	Name     string  `json:"name"`
	Leader   bool    `json:"leader"`
	Hours    float64 `json:"hours"`
	Self     float64 `json:"self_study_hours"`
	Sessions int     `json:"sessions"`
	Notes    int     `json:"notes"`
	Required int     `json:"required_hours"`
	Status   string  `json:"status,omitempty"` // the hours rule's finding
}

type studyOut struct {
	OrgID    int64                `json:"org_id"`
	Year     int                  `json:"year"`
	AsOf     zhibu.Date           `json:"as_of"`
	Plans    []zhibu.StudyPlan    `json:"plans"`
	Sessions []zhibu.StudySession `json:"sessions"`
	Members  []memberHoursOut     `json:"members"`
	Summary  *zhibu.StudySummary  `json:"summary"`
	Findings []zhibu.Finding      `json:"findings"`
}

func hoursOut(m service.MemberHours) memberHoursOut {
	out := memberHoursOut{PersonID: m.Person.ID, Name: m.Person.Name, Leader: m.Leader, Hours: float64(m.Minutes) / 60, Self: float64(m.Self) / 60,
		Sessions: m.Sessions, Notes: m.Notes, Required: m.Required}
	if m.Finding != nil {
		out.Status = string(m.Finding.Status)
	}
	return out
}

// study is GET /api/v1/orgs/{id}/study?year=: a branch's (or group's)
// study of a year with each member's hours.
func (a *api) study(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	year, err := a.year(r)
	if err != nil {
		return err
	}
	reg, err := a.svc.Study.Register(r.Context(), id, year)
	if err != nil {
		return err
	}
	out := studyOut{OrgID: reg.Org.ID, Year: year, AsOf: reg.AsOf, Plans: reg.Plans, Sessions: reg.Sessions, Summary: reg.Summary,
		Findings: reg.Findings, Members: []memberHoursOut{}}
	for _, m := range reg.Members {
		out.Members = append(out.Members, hoursOut(m))
	}
	if out.Plans == nil {
		out.Plans = []zhibu.StudyPlan{}
	}
	if out.Sessions == nil {
		out.Sessions = []zhibu.StudySession{}
	}
	if out.Findings == nil {
		out.Findings = []zhibu.Finding{}
	}
	return render(w, http.StatusOK, out)
}

// planIn is the body of POST /api/v1/orgs/{id}/study/plans.
type planIn struct {
	Year     int                   `json:"year"`
	Kind     zhibu.StudyPlanKind   `json:"kind"`
	Title    string                `json:"title"`
	IssuedOn zhibu.Date            `json:"issued_on"`
	Items    []zhibu.StudyPlanItem `json:"items"`
}

func (a *api) studyPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[planIn](w, r)
	if err != nil {
		return err
	}
	p, err := a.svc.Study.SavePlan(r.Context(), zhibu.StudyPlan{OrgID: id, Year: in.Year, Kind: in.Kind, Title: in.Title, IssuedOn: in.IssuedOn, Items: in.Items})
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, p)
}

// sessionIn is the body of POST /api/v1/orgs/{id}/study/sessions.
type sessionIn struct {
	HeldOn    zhibu.Date `json:"held_on"`
	Topic     string     `json:"topic"`
	Materials string     `json:"materials"`
	Minutes   int        `json:"minutes"`
	Present   []int64    `json:"present"`
}

func (a *api) studySession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[sessionIn](w, r)
	if err != nil {
		return err
	}
	x, err := a.svc.Study.AddSession(r.Context(), zhibu.StudySession{OrgID: id, HeldOn: in.HeldOn, Topic: in.Topic, Materials: in.Materials,
		Minutes: in.Minutes, Present: in.Present})
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, x)
}

// summaryIn is the body of POST /api/v1/orgs/{id}/study/summary.
type summaryIn struct {
	Year      int        `json:"year"`
	WrittenOn zhibu.Date `json:"written_on"`
	Text      string     `json:"text"`
}

func (a *api) studySummary(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[summaryIn](w, r)
	if err != nil {
		return err
	}
	sum := zhibu.StudySummary{OrgID: id, Year: in.Year, WrittenOn: in.WrittenOn, Text: in.Text}
	if err := a.svc.Study.SaveSummary(r.Context(), sum); err != nil {
		return err
	}
	return render(w, http.StatusOK, sum)
}

type personStudyOut struct {
	PersonID int64                `json:"person_id"`
	Year     int                  `json:"year"`
	Hours    memberHoursOut       `json:"hours"`
	Sessions []zhibu.StudySession `json:"sessions"`
	Notes    []zhibu.StudyNote    `json:"notes"`
}

// personStudy is GET /api/v1/people/{id}/study?year=.
func (a *api) personStudy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	year, err := a.year(r)
	if err != nil {
		return err
	}
	p, err := a.svc.Study.Person(r.Context(), id, year)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, personStudyOut{PersonID: id, Year: year, Hours: hoursOut(p.Hours), Sessions: p.Sessions, Notes: p.Notes})
}

// noteIn is the body of POST /api/v1/people/{id}/study/notes.
type noteIn struct {
	SessionID int64      `json:"session_id"`
	WrittenOn zhibu.Date `json:"written_on"`
	Title     string     `json:"title"`
	Content   string     `json:"content"`
	Minutes   int        `json:"minutes"`
}

func (a *api) studyNote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[noteIn](w, r)
	if err != nil {
		return err
	}
	n, err := a.svc.Study.AddNote(r.Context(), zhibu.StudyNote{PersonID: id, SessionID: in.SessionID, WrittenOn: in.WrittenOn, Title: in.Title,
		Content: in.Content, Minutes: in.Minutes})
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, n)
}

type talksOut struct {
	OrgID    int64                 `json:"org_id"`
	Year     int                   `json:"year"`
	Talks    []zhibu.Talk          `json:"talks"`
	Coverage []service.CoverageRow `json:"coverage"`
	Members  []zhibu.Finding       `json:"member_findings"`
}

// talks is GET /api/v1/orgs/{id}/talks?year=: a branch's talks of a year
// (the content where the caller may read it) and the coverage of its pairs.
func (a *api) talks(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	o, err := a.store.Org(r.Context(), id)
	if err != nil {
		return err
	}
	switch o.Kind {
	case zhibu.KindBranch:
	case zhibu.KindGroup:
		return zhibu.Errorf(zhibu.ErrNotFound, "谈心谈话按党支部登记，请查看所在支部")
	default:
		return invalid("谈心谈话按党支部登记，请指定党支部")
	}
	year, err := a.year(r)
	if err != nil {
		return err
	}
	ts, err := a.store.Talks(r.Context(), id, year)
	if err != nil {
		return err
	}
	cov, err := a.svc.Talks.Coverage(r.Context(), id, year)
	if err != nil {
		return err
	}
	out := talksOut{OrgID: id, Year: year, Talks: ts, Coverage: cov.Rows, Members: cov.Members}
	if out.Coverage == nil {
		out.Coverage = []service.CoverageRow{}
	}
	if out.Members == nil {
		out.Members = []zhibu.Finding{}
	}
	return render(w, http.StatusOK, out)
}

// personTalks is GET /api/v1/people/{id}/talks.
func (a *api) personTalks(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	ts, err := a.store.PersonTalks(r.Context(), id)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, map[string][]zhibu.Talk{"talks": ts})
}

// talkIn is the body of POST /api/v1/people/{id}/talks.
type talkIn struct {
	BID      int64      `json:"b_id"` // the other party
	HeldOn   zhibu.Date `json:"held_on"`
	Place    string     `json:"place"`
	Topics   string     `json:"topics"`
	FollowUp string     `json:"follow_up"`
}

func (a *api) recordTalk(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[talkIn](w, r)
	if err != nil {
		return err
	}
	t, err := a.svc.Talks.Record(r.Context(), zhibu.Talk{AID: id, BID: in.BID, HeldOn: in.HeldOn, Place: in.Place, Topics: in.Topics, FollowUp: in.FollowUp})
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, t)
}
