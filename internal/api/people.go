package api

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/store"
)

// The body of POST and PUT /api/v1/people is a zhibu.Person: id, org_name
// and group_name are ignored, and so are org_id and group_id on PUT (a
// person changes org or group only by a move). On PUT, an id_number or
// phone sent back as the mask a GET showed keeps the stored value.
//
// ID numbers and phones are masked in every response (110101********1234,
// 138****5678). GET /api/v1/people/{id} and GET /api/v1/orgs/{id}/people
// show them in full with ?unmask=1, when the actor holds
// zhibu.PermSensitive on the org; each such response is audited as
// "person.view_unmasked" before it is sent, and asking without the right
// is 403.

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
	unmask := p.bool("unmask")
	if err := p.ps.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	list := a.store.PeopleMasked // decrypts nothing
	if unmask != nil && *unmask {
		list = a.store.People
	}
	people, err := list(ctx, id, f)
	if err != nil {
		return err
	}
	if unmask != nil && *unmask {
		org, err := a.store.Org(ctx, id)
		if err != nil {
			return err
		}
		err = a.reveal(r, store.Event{ObjectType: "org", ObjectID: strconv.FormatInt(id, 10), OrgPath: org.Path,
			Detail: "查看" + org.Name + "人员列表中" + strconv.Itoa(len(people)) + "人的完整身份证号和手机号"})
		if err != nil {
			return err
		}
	}
	return render(w, http.StatusOK, map[string][]zhibu.Person{"people": people})
}

// reveal allows a response to show ID numbers and phones in full: when the
// actor holds zhibu.PermSensitive on e.OrgPath it records e as
// "person.view_unmasked" (an error if the record cannot be written); else
// it records the refusal and answers 403.
func (a *api) reveal(r *http.Request, e store.Event) error {
	ctx := r.Context()
	e.Action, e.Result = audit.PersonUnmasked, "ok"
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermSensitive, e.OrgPath) {
		e.Result = "refused"
		if err := a.store.Audit(ctx, e); err != nil {
			a.log.ErrorContext(ctx, "api: audit a refused unmasked view", slog.Any("err", err))
		}
		return zhibu.Errorf(zhibu.ErrForbidden, "无权查看完整的身份证号和手机号")
	}
	if err := a.store.Audit(ctx, e); err != nil {
		return fmt.Errorf("audit unmasked view: %w", err)
	}
	return nil
}

// getPerson answers GET /api/v1/people/{id}.
func (a *api) getPerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "人员")
	if err != nil {
		return err
	}
	p := params{q: r.URL.Query()}
	unmask := p.bool("unmask")
	if err := p.ps.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	var d personDetail
	if d.Person, err = a.store.Person(ctx, id); err != nil {
		return err
	}
	if unmask != nil && *unmask {
		err := a.reveal(r, store.Event{ObjectType: "person", ObjectID: strconv.FormatInt(id, 10), OrgPath: d.Person.OrgPath,
			Detail: "查看" + d.Person.Name + "的完整身份证号和手机号"})
		if err != nil {
			return err
		}
	} else {
		d.Person = store.Masked(d.Person)
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
	return render(w, http.StatusCreated, store.Masked(p))
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
	return render(w, http.StatusOK, store.Masked(p))
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
	return render(w, http.StatusOK, store.Masked(p))
}
