package store_test

import (
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestRemedyLinks: a remedy links the records that close it, read back
// with their titles and pages; a record of another branch, or none, is
// refused by its position, and nothing is saved.
func TestRemedyLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		onJuly1(s)
		branch, _, members := branchWithCommittee(t, s)
		other, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: branch.ParentID})
		if err != nil {
			t.Fatal(err)
		}
		held := func(org int64) zhibu.Meeting {
			m, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: org, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld, StartsAt: local(2026, 6, 20, 9, 0),
				Place: "会议室", Topics: []string{"补开党员大会"}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		own, theirs := held(branch.ID), held(other.ID)
		r := zhibu.Remedy{OrgID: branch.ID, Year: 2026, Problem: 2, Issue: "党员大会未按期召开", Measure: "补开党员大会", OwnerID: members[0].ID,
			Deadline: zhibu.MakeDate(2026, 9, 30), Evidence: "已补开", DoneOn: zhibu.MakeDate(2026, 6, 20),
			Links: []zhibu.RecordLink{{Kind: zhibu.SearchMeeting, ID: own.ID}, {Kind: zhibu.SearchPerson, ID: members[1].ID}}}
		saved, err := s.SaveRemedy(sys, r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Remedy(sys, saved.ID)
		if err != nil || len(got.Links) != 2 || got.Links[0].Title != "2026-06-20 支部党员大会" || got.Links[0].Href != "/meetings/"+itoa(own.ID) ||
			got.Links[1].Href != "/people/"+itoa(members[1].ID) {
			t.Fatalf("links read back: %+v, %v", got.Links, err)
		}
		for _, bad := range [][]zhibu.RecordLink{
			{{Kind: zhibu.SearchMeeting, ID: own.ID}, {Kind: zhibu.SearchMeeting, ID: theirs.ID}},
			{{Kind: zhibu.SearchBulletin, ID: 999}},
			{{Kind: zhibu.SearchLetter, ID: 1}},
		} {
			x := got
			x.Links = bad
			_, err := s.SaveRemedy(sys, x)
			ps := problemsOf(err)
			if len(ps) != 1 || ps[0].Field != "links" {
				t.Errorf("links %+v: %v", bad, err)
			}
		}
		if again, _ := s.Remedy(sys, saved.ID); len(again.Links) != 2 {
			t.Errorf("a refused save changed the links: %+v", again.Links)
		}
	})
}
