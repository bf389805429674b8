package store_test

import (
	"context"
	"errors"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func TestRectCampaigns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		committee, branch, _, _ := tree(t, s)
		if _, ok, err := s.RectCampaignFor(sys, branch.ID, 2025); ok || err != nil {
			t.Fatalf("before any campaign: %v %v", ok, err)
		}
		c := zhibu.RectCampaign{OrgID: committee.ID, Year: 2025, Title: " 2025年整改 ", StartOn: zhibu.MakeDate(2025, 10, 15),
			ChecksDue: zhibu.MakeDate(2025, 12, 31), RemediesDue: zhibu.MakeDate(2026, 6, 30)}

		bad := c
		bad.ChecksDue, bad.RemediesDue = zhibu.MakeDate(2025, 10, 1), zhibu.MakeDate(2027, 1, 1)
		var ps zhibu.Problems
		if _, err := s.SaveRectCampaign(sys, bad); !errors.As(err, &ps) || ps.For("checks_due") == "" || ps.For("remedies_due") == "" {
			t.Fatalf("days out of order: %v", err)
		}
		own := c
		own.OrgID = branch.ID
		if _, err := s.SaveRectCampaign(sys, own); !errors.As(err, &ps) || ps.For("org_id") == "" {
			t.Fatalf("a branch's own campaign: %v", err)
		}
		if cs, err := s.RectCampaigns(sys, committee.ID); err != nil || len(cs) != 0 {
			t.Fatalf("refused campaigns were saved: %v %v", cs, err)
		}

		saved, err := s.SaveRectCampaign(sys, c)
		if err != nil {
			t.Fatal(err)
		}
		if saved.ID == 0 || saved.Title != "2025年整改" || saved.OrgName != committee.Name {
			t.Fatalf("saved: %+v", saved)
		}
		c.Title = "2025年基层党建基础工作整改"
		again, err := s.SaveRectCampaign(sys, c)
		if err != nil || again.ID != saved.ID {
			t.Fatalf("changed: %+v %v", again, err)
		}

		// A branch's reader sees the campaign it is under, not the committee's list.
		reader := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 99, Name: "支部党员",
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}}, Scope: zhibu.Scope{Paths: []string{branch.Path}}})
		got, ok, err := s.RectCampaignFor(reader, branch.ID, 2025)
		if err != nil || !ok || got.ID != saved.ID || got.Title != c.Title || got.RemediesDue != c.RemediesDue || got.StartOn != c.StartOn {
			t.Fatalf("branch's campaign: %+v %v %v", got, ok, err)
		}
		if _, ok, _ := s.RectCampaignFor(reader, branch.ID, 2026); ok {
			t.Fatal("a campaign for 2026")
		}
		if _, err := s.RectCampaigns(reader, committee.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Fatalf("the committee's list out of scope: %v", err)
		}
		if _, err := s.SaveRectCampaign(reader, c); !errors.Is(err, zhibu.ErrForbidden) && !errors.Is(err, zhibu.ErrNotFound) {
			t.Fatalf("a reader opened a campaign: %v", err)
		}
		cs, err := s.RectCampaigns(sys, committee.ID)
		if err != nil || len(cs) != 1 || cs[0].Title != c.Title {
			t.Fatalf("campaigns: %+v %v", cs, err)
		}
	})
}
