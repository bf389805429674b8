package api

import (
	"math"
	"net/http"
	"strconv"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// newOrg is the body of POST /api/v1/orgs.
type newOrg struct {
	Code      string        `json:"code"`
	Name      string        `json:"name"`
	Kind      zhibu.OrgKind `json:"kind"`
	ParentID  int64         `json:"parent_id"`
	FoundedOn zhibu.Date    `json:"founded_on"`
	Units     []string      `json:"units"`
}

// orgEdit is the body of PUT /api/v1/orgs/{id}: kind and parent do not
// change here (see orgMove).
type orgEdit struct {
	Code      string     `json:"code"`
	Name      string     `json:"name"`
	FoundedOn zhibu.Date `json:"founded_on"`
	Units     []string   `json:"units"`
}

// orgMove is the body of POST /api/v1/orgs/{id}/move.
type orgMove struct {
	ParentID int64 `json:"parent_id"`
}

// orgDetail is an org as GET /api/v1/orgs/{id} shows it.
type orgDetail struct {
	zhibu.Org
	Counts zhibu.Counts  `json:"counts"`
	Groups []store.Group `json:"groups,omitzero"` // branches only
	Terms  []zhibu.Term  `json:"terms,omitzero"`  // all but groups
}

func orgURL(id int64) string { return "/api/v1/orgs/" + strconv.FormatInt(id, 10) }

// listOrgs answers GET /api/v1/orgs?under=ID&kind=branch.
func (a *api) listOrgs(w http.ResponseWriter, r *http.Request) error {
	p := params{q: r.URL.Query()}
	f := store.OrgFilter{Under: p.int("under", 1, math.MaxInt64, "应为组织编号（正整数）")}
	for _, k := range p.q["kind"] {
		if !zhibu.OrgKind(k).Valid() {
			p.bad("kind", "应为 committee、general_branch、branch 或 group")
			continue
		}
		f.Kinds = append(f.Kinds, zhibu.OrgKind(k))
	}
	if err := p.ps.Err(); err != nil {
		return err
	}
	orgs, err := a.store.Orgs(r.Context(), f)
	if err != nil {
		return err
	}
	if orgs == nil {
		orgs = []zhibu.Org{}
	}
	return render(w, http.StatusOK, map[string][]zhibu.Org{"orgs": orgs})
}

// getOrg answers GET /api/v1/orgs/{id}.
func (a *api) getOrg(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	ctx := r.Context()
	var d orgDetail
	if d.Org, err = a.store.Org(ctx, id); err != nil {
		return err
	}
	if d.Counts, err = a.store.Counts(ctx, id); err != nil {
		return err
	}
	if d.Kind == zhibu.KindBranch {
		if d.Groups, err = a.store.Groups(ctx, id); err != nil {
			return err
		}
	}
	if d.Kind != zhibu.KindGroup {
		if d.Terms, err = a.store.Terms(ctx, id); err != nil {
			return err
		}
		if d.Terms == nil {
			d.Terms = []zhibu.Term{}
		}
	}
	return render(w, http.StatusOK, d)
}

// createOrg answers POST /api/v1/orgs.
func (a *api) createOrg(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[newOrg](w, r)
	if err != nil {
		return err
	}
	o, err := a.svc.Orgs.Create(r.Context(), service.NewOrg{Org: zhibu.Org{Code: in.Code, Name: in.Name, Kind: in.Kind,
		ParentID: in.ParentID, FoundedOn: in.FoundedOn, Units: in.Units}})
	if err != nil {
		return err
	}
	w.Header().Set("Location", orgURL(o.ID))
	return render(w, http.StatusCreated, o)
}

// updateOrg answers PUT /api/v1/orgs/{id}.
func (a *api) updateOrg(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[orgEdit](w, r)
	if err != nil {
		return err
	}
	o, err := a.store.UpdateOrg(r.Context(), zhibu.Org{ID: id, Code: in.Code, Name: in.Name,
		FoundedOn: in.FoundedOn, Units: in.Units})
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, o)
}

// moveOrg answers POST /api/v1/orgs/{id}/move.
func (a *api) moveOrg(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[orgMove](w, r)
	if err != nil {
		return err
	}
	o, err := a.store.MoveOrg(r.Context(), id, in.ParentID)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, o)
}
