package api

import (
	"net/http"
	"time"

	"zhibu"
	"zhibu/internal/service"
)

// The rectification campaign (seed §8): a branch's self-check under the
// five problems with its remedies, or a committee's view of its branches;
// recording a remedy (org.manage) and the secretary's sign-off.

// rectificationRoutes are the rectification endpoints of the route table.
func (a *api) rectificationRoutes() []route {
	return []route{
		{"GET /api/v1/orgs/{id}/rectification", readOrg, a.rectification},
		{"POST /api/v1/orgs/{id}/rectification/remedies", manageOrg, a.remedySave},
		{"POST /api/v1/orgs/{id}/rectification/remedies/sign", manageOrg, a.remedySign},
		{"GET /api/v1/orgs/{id}/rectification/campaigns", readOrg, a.campaigns},
		{"POST /api/v1/orgs/{id}/rectification/campaigns", manageOrg, a.campaignSave},
	}
}

// problemBody is one problem of a self-check.
type problemBody struct {
	N        int             `json:"n"`
	Title    string          `json:"title"`
	Findings []zhibu.Finding `json:"findings"`
	Remedies []zhibu.Remedy  `json:"remedies"`
}

// branchBody is one branch's line in a committee's view.
type branchBody struct {
	OrgID    int64            `json:"org_id"`
	Name     string           `json:"name"`
	Found    [5]int           `json:"found"`
	Progress service.Progress `json:"progress"`
	// CampaignID is the campaign the branch is under (0: none).
	CampaignID int64 `json:"campaign_id"`
}

// rectification answers GET /api/v1/orgs/{id}/rectification?year=.
func (a *api) rectification(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	p := params{q: r.URL.Query()}
	today := zhibu.Today(time.Now())
	year := int(p.int("year", 1900, 9999, "应为四位年份，如2018"))
	if year == 0 {
		year = today.Year
	}
	if err := p.ps.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	o, err := a.store.Org(ctx, id)
	if err != nil {
		return err
	}
	asOf := service.CheckDay(year, today)
	body := map[string]any{"org_id": o.ID, "year": year, "as_of": asOf, "campaign": nil}
	if c, ok, err := a.svc.Rectification.Campaign(ctx, o, year); err != nil {
		return err
	} else if ok {
		body["campaign"] = c
	}
	switch o.Kind {
	case zhibu.KindGroup:
		return zhibu.Errorf(zhibu.ErrInvalid, "整改自查以党支部为单位，请查询党支部")
	case zhibu.KindBranch:
		sc, err := a.svc.Rectification.SelfCheck(ctx, o, year, asOf)
		if err != nil {
			return err
		}
		var ps []problemBody
		for _, x := range sc.Problems {
			pb := problemBody{N: x.Problem.N, Title: x.Problem.Title, Findings: x.Findings, Remedies: x.Remedies}
			if pb.Findings == nil {
				pb.Findings = []zhibu.Finding{}
			}
			if pb.Remedies == nil {
				pb.Remedies = []zhibu.Remedy{}
			}
			ps = append(ps, pb)
		}
		body["problems"], body["progress"] = ps, sc.Progress
	default:
		bs, err := a.svc.Rectification.Overview(ctx, o, year, asOf)
		if err != nil {
			return err
		}
		out := []branchBody{}
		for _, b := range bs {
			out = append(out, branchBody{OrgID: b.Org.ID, Name: b.Org.Name, Found: b.Found, Progress: b.Progress, CampaignID: b.Campaign.ID})
		}
		body["branches"] = out
	}
	return render(w, http.StatusOK, body)
}

// remedySave answers POST /api/v1/orgs/{id}/rectification/remedies: a new
// remedy (no id: 201) or a change to one (200).
func (a *api) remedySave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[zhibu.Remedy](w, r)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if in.ID != 0 {
		old, err := a.store.Remedy(r.Context(), in.ID)
		if err != nil {
			return err
		}
		if old.OrgID != id {
			return zhibu.Errorf(zhibu.ErrNotFound, "未找到本支部的这条整改措施")
		}
		in.Year = old.Year
		status = http.StatusOK
	}
	in.OrgID = id
	saved, err := a.svc.Rectification.SaveRemedy(r.Context(), in)
	if err != nil {
		return err
	}
	return render(w, status, saved)
}

// remedySign answers POST /api/v1/orgs/{id}/rectification/remedies/sign
// with {"id":N}: the secretary's sign-off, today.
func (a *api) remedySign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[struct {
		ID int64 `json:"id"`
	}](w, r)
	if err != nil {
		return err
	}
	old, err := a.store.Remedy(r.Context(), in.ID)
	if err != nil {
		return err
	}
	if old.OrgID != id {
		return zhibu.Errorf(zhibu.ErrNotFound, "未找到本支部的这条整改措施")
	}
	saved, err := a.svc.Rectification.SignRemedy(r.Context(), in.ID)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, saved)
}

// campaigns answers GET /api/v1/orgs/{id}/rectification/campaigns: the
// campaigns the committee opened, newest first.
func (a *api) campaigns(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	o, err := a.store.Org(r.Context(), id)
	if err != nil {
		return err
	}
	cs, err := a.svc.Rectification.Campaigns(r.Context(), o)
	if err != nil {
		return err
	}
	return render(w, http.StatusOK, map[string]any{"org_id": o.ID, "campaigns": cs})
}

// campaignSave answers POST /api/v1/orgs/{id}/rectification/campaigns:
// the committee opens its campaign for a year (201), or changes the one it
// opened for that year (200).
func (a *api) campaignSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "组织")
	if err != nil {
		return err
	}
	in, err := decode[zhibu.RectCampaign](w, r)
	if err != nil {
		return err
	}
	in.OrgID = id
	o, err := a.store.Org(r.Context(), id)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if old, ok, err := a.svc.Rectification.Campaign(r.Context(), o, in.Year); err != nil {
		return err
	} else if ok && old.OrgID == id {
		status = http.StatusOK
	}
	saved, err := a.svc.Rectification.SaveCampaign(r.Context(), in)
	if err != nil {
		return err
	}
	return render(w, status, saved)
}
