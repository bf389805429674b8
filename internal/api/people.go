package api

import (
	"math"
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/store"
)

// The body of POST and PUT /api/v1/people is a zhibu.Person: id, org_name
// and group_name are ignored, and so are org_id and group_id on PUT (a
// person changes org or group only by a move).

// personMove is the body of POST /api/v1/people/{id}/move.
type personMove struct {
	OrgID   int64      `json:"org_id"`
	GroupID int64      `json:"group_id"`
	On      zhibu.Date `json:"on"`
	Reason  string     `json:"reason"`
}

// personDetail is a person as GET /api/v1/people/{id} shows them.
type personDetail struct {
	zhibu.Person
	Moves   []zhibu.Move   `json:"moves"`
	Changes []store.Change `json:"changes"`
}

// maxLimit is the most people one page of a list holds.
const maxLimit = 1000

// listPeople answers GET /api/v1/orgs/{id}/people.
func (a *api) listPeople(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	p := params{q: r.URL.Query()}
	f := zhibu.PersonFilter{
		Status: zhibu.PartyStatus(p.q.Get("status")),
		Unit:   p.q.Get("unit"),
		Query:  p.q.Get("q"),
		Limit:  int(p.int("limit", 1, maxLimit, "应为 1 至 1000 的整数")),
		Offset: int(p.int("offset", 0, math.MaxInt32, "应为不小于 0 的整数")),
	}
	if f.Status != "" && !f.Status.Valid() {
		p.bad("status", "应为 masses、applicant、activist、candidate、probationary 或 full")
	}
	if m := p.bool("members"); m != nil && *m {
		f.Members = true
		if f.Status != "" {
			p.bad("members", "不能与 status 同时使用")
		}
	}
	if g := p.q.Get("group"); g == "none" {
		f.GroupID = -1
	} else {
		f.GroupID = p.int("group", 1, math.MaxInt64, "应为党小组编号（正整数）或 none")
	}
	f.Officer = p.bool("officer")
	if f.Offset > 0 && f.Limit == 0 {
		p.bad("offset", "须与 limit 同时使用")
	}
	if err := p.ps.Err(); err != nil {
		return err
	}
	people, err := a.store.People(r.Context(), id, f)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, map[string][]zhibu.Person{"people": people})
}

// getPerson answers GET /api/v1/people/{id}.
func (a *api) getPerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	ctx := r.Context()
	var d personDetail
	if d.Person, err = a.store.Person(ctx, id); err != nil {
		return err
	}
	if d.Moves, err = a.store.Moves(ctx, id); err != nil {
		return err
	}
	if d.Changes, err = a.store.Changes(ctx, id); err != nil {
		return err
	}
	if d.Moves == nil {
		d.Moves = []zhibu.Move{}
	}
	if d.Changes == nil {
		d.Changes = []store.Change{}
	}
	return render(w, http.StatusOK, d)
}

// createPerson answers POST /api/v1/people.
func (a *api) createPerson(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[zhibu.Person](w, r)
	if err != nil {
		return err
	}
	in.ID = 0
	p, err := a.store.CreatePerson(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/people/"+strconv.FormatInt(p.ID, 10))
	return render(w, http.StatusCreated, p)
}

// updatePerson answers PUT /api/v1/people/{id}.
func (a *api) updatePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[zhibu.Person](w, r)
	if err != nil {
		return err
	}
	in.ID = id
	p, err := a.store.UpdatePerson(r.Context(), in)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, p)
}

// movePerson answers POST /api/v1/people/{id}/move.
func (a *api) movePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	in, err := decode[personMove](w, r)
	if err != nil {
		return err
	}
	p, err := a.store.MovePerson(r.Context(), id, in.OrgID, in.GroupID, in.On, in.Reason)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, p)
}
