package api

import (
	"net/http"
	"time"

	"zhibu"
	"zhibu/internal/service"
)

// The year plan (docs/plan.md): an org's plan with every item's state,
// who acts and the records that fulfil it; starting, copying or building
// a plan on the superior's published 工作要点, items, marks and links
// (org.manage).

// planRoutes are the plan endpoints of the route table.
func (a *api) planRoutes() []route {
	return []route{
		{"GET /api/v1/orgs/{id}/plan", readOrg, a.plan},
		{"POST /api/v1/orgs/{id}/plan", manageOrg, a.planNew},
		{"POST /api/v1/orgs/{id}/plan/items", manageOrg, a.planItemSave},
		{"POST /api/v1/orgs/{id}/plan/items/done", manageOrg, a.planItemDone},
		{"POST /api/v1/orgs/{id}/plan/items/link", manageOrg, a.planItemLink},
	}
}

// planItemBody is an item with its state as of the plan's day.
type planItemBody struct {
	zhibu.PlanItem
	State   zhibu.PlanState  `json:"state"`
	Actors  []string         `json:"actors"`
	Records []zhibu.PlanLink `json:"records"`
	Open    []zhibu.Finding  `json:"open"`
}

// planYear reads ?year= (this year when absent).
func planYear(r *http.Request) (int, error) {
	p := params{q: r.URL.Query()}
	year := int(p.int("year", 2000, 2100, "应为四位年份，如2026"))
	if year == 0 {
		year = zhibu.Today(time.Now()).Year
	}
	return year, p.ps.Err()
}

// plan answers GET /api/v1/orgs/{id}/plan?year=.
func (a *api) plan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	year, err := planYear(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := a.store.Org(ctx, id)
	if err != nil {
		return err
	}
	v, err := a.svc.Plans.View(ctx, o, year, service.CheckDay(year, zhibu.Today(time.Now())))
	if err != nil {
		return err
	}
	items := []planItemBody{}
	for _, s := range v.Sections {
		for _, it := range s.Items {
			b := planItemBody{PlanItem: it.PlanItem, State: it.State, Actors: it.Actors, Records: it.Records, Open: it.Open}
			b.Links = nil
			if b.Actors == nil {
				b.Actors = []string{}
			}
			if b.Records == nil {
				b.Records = []zhibu.PlanLink{}
			}
			if b.Open == nil {
				b.Open = []zhibu.Finding{}
			}
			items = append(items, b)
		}
	}
	p := v.Plan
	for i := range p.Sections {
		p.Sections[i].Items = nil
	}
	return render(w, http.StatusOK, map[string]any{"plan": p, "as_of": v.AsOf, "items": items,
		"done": v.Done, "due": v.Due, "overdue": v.Overdue})
}

// planNew answers POST /api/v1/orgs/{id}/plan with {"year":2026,
// "title":"…","from":""|"last"|"superior"}: 201 with the new plan.
func (a *api) planNew(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		Year  int    `json:"year"`
		Title string `json:"title"`
		From  string `json:"from"`
	}](w, r)
	if err != nil {
		return err
	}
	var p zhibu.Plan
	switch in.From {
	case "last":
		p, err = a.svc.Plans.Copy(r.Context(), id, in.Year)
	case "superior":
		p, err = a.svc.Plans.BuildFrom(r.Context(), id, in.Year, in.Title)
	case "":
		p, err = a.svc.Plans.Start(r.Context(), id, in.Year, in.Title)
	default:
		return zhibu.Problems{{Field: "from", Label: "来源", Message: "来源：应为空、last（复制上一年）或 superior（依据上级工作要点）"}}
	}
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, p)
}

// planItemSave answers POST /api/v1/orgs/{id}/plan/items?year=: a new
// item (no id: 201) or a change to one (200) of the org's plan.
func (a *api) planItemSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[zhibu.PlanItem](w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	status := http.StatusCreated
	if in.ID != 0 {
		p, _, err := a.store.PlanItem(ctx, in.ID)
		if err != nil {
			return err
		}
		if p.OrgID != id {
			return zhibu.Errorf(zhibu.ErrNotFound, "未找到本组织的这个计划事项")
		}
		status = http.StatusOK
	} else {
		year, err := planYear(r)
		if err != nil {
			return err
		}
		p, err := a.store.Plan(ctx, id, year)
		if err != nil {
			return err
		}
		in.PlanID = p.ID
	}
	saved, err := a.svc.Plans.SaveItem(ctx, in)
	if err != nil {
		return err
	}
	return render(w, status, saved)
}

// ownItem checks that item id belongs to the plan of org orgID.
func (a *api) ownItem(r *http.Request, orgID, id int64) error {
	p, _, err := a.store.PlanItem(r.Context(), id)
	if err != nil {
		return err
	}
	if p.OrgID != orgID {
		return zhibu.Errorf(zhibu.ErrNotFound, "未找到本组织的这个计划事项")
	}
	return nil
}

// planItemDone answers POST /api/v1/orgs/{id}/plan/items/done with
// {"id":N,"done_on":"2026-03-20","evidence":"…"}.
func (a *api) planItemDone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		ID       int64      `json:"id"`
		DoneOn   zhibu.Date `json:"done_on"`
		Evidence string     `json:"evidence"`
	}](w, r)
	if err != nil {
		return err
	}
	if err := a.ownItem(r, id, in.ID); err != nil {
		return err
	}
	saved, err := a.svc.Plans.MarkDone(r.Context(), in.ID, in.DoneOn, in.Evidence)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, saved)
}

// planItemLink answers POST /api/v1/orgs/{id}/plan/items/link with
// {"id":N,"kind":"meeting","record_id":M}: 201 with the link.
func (a *api) planItemLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		ID       int64  `json:"id"`
		Kind     string `json:"kind"`
		RecordID int64  `json:"record_id"`
	}](w, r)
	if err != nil {
		return err
	}
	if err := a.ownItem(r, id, in.ID); err != nil {
		return err
	}
	l, err := a.store.LinkPlanRecord(r.Context(), in.ID, in.Kind, in.RecordID)
	if err != nil {
		return err
	}
	return render(w, http.StatusCreated, l)
}
