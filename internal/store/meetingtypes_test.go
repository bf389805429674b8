package store_test

import (
	"errors"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func TestAddedMeetingTypes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, g1, members := branchWithCommittee(t, s)
		committee, err := s.Org(sys, branch.ParentID)
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		// The committee adds one for its subtree, the branch one for itself.
		if _, err := s.AddMeetingType(sys, committee.ID, " 警示教育会 ", "每季度一次"); err != nil {
			t.Fatal(err)
		}
		reading, err := s.AddMeetingType(sys, branch.ID, "读书会", "")
		if err != nil || reading.Type != zhibu.MeetingType("x:读书会") {
			t.Fatalf("added %+v, %v", reading, err)
		}
		names := func(org zhibu.Org) string {
			ts, err := s.MeetingTypesFor(sys, org.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, x := range ts {
				out = append(out, x.Label())
			}
			return strings.Join(out, ",")
		}
		if got := names(g1); !strings.HasSuffix(got, "警示教育会,读书会") || strings.Contains(got, "支委会") {
			t.Errorf("a group of the branch may hold %s", got)
		}
		if got := names(other); !strings.HasSuffix(got, "警示教育会") || strings.Contains(got, "读书会") {
			t.Errorf("the other branch may hold %s", got)
		}

		// Refusals name the field; nothing is added.
		for _, c := range []struct {
			org        zhibu.Org
			name, want string
		}{
			{branch, "支部大会", "已是支部党员大会"},
			{branch, "会", "2至20个字"},
			{branch, "读书:会", "冒号"},
			{branch, "警示教育会", "市公安局党委已添加"},
			{committee, "读书会", "第一党支部已添加"},
			{g1, "小组学习", "党小组不能添加"},
		} {
			_, err := s.AddMeetingType(sys, c.org.ID, c.name, "")
			var ps zhibu.Problems
			if !errors.As(err, &ps) || !strings.Contains(ps[0].Message, c.want) {
				t.Errorf("adding %q to %s: %v, want %q", c.name, c.org.Name, err, c.want)
			}
		}
		if ts, _ := s.AddedMeetingTypes(sys, g1.ID); len(ts) != 2 {
			t.Errorf("types on the group's path: %d", len(ts))
		}

		// A meeting of an added type is saved where the type was added,
		// refused elsewhere, one at a time and in bulk.
		m := zhibu.Meeting{OrgID: g1.ID, Type: reading.Type, Status: zhibu.MeetingHeld, StartsAt: local(2018, 4, 2, 15, 0),
			ChairID: members[3].ID, RecorderID: members[0].ID, Minutes: "共读一本书。"}
		saved, err := s.SaveMeeting(sys, m, nil)
		if err != nil || saved.Type != reading.Type || saved.Type.Label() != "读书会" {
			t.Fatalf("saved %v, %v", saved.Type, err)
		}
		m.OrgID = other.ID
		m.ChairID, m.RecorderID = 0, 0
		if _, err := s.SaveMeeting(sys, m, nil); err == nil || !strings.Contains(zhibu.UserMessage(err), "均未添加“读书会”") {
			t.Errorf("a meeting of a type not added for the org: %v", err)
		}
		m.Type = zhibu.CustomMeetingType("茶话会")
		_, err = s.SaveMeetingsBulk(sys, []store.MeetingRecord{{Meeting: m}})
		if err == nil || !strings.Contains(zhibu.UserMessage(err), "第1条会议：会议类型：第二党支部及其上级均未添加“茶话会”类型") {
			t.Errorf("bulk with a type not added: %v", err)
		}
		m.Type = zhibu.CustomMeetingType("警示教育会")
		if _, err := s.SaveMeetingsBulk(sys, []store.MeetingRecord{{Meeting: m}}); err != nil {
			t.Errorf("bulk with the committee's type: %v", err)
		}
		if ms, err := s.Meetings(sys, store.MeetingFilter{OrgID: other.ID, Type: m.Type}); err != nil || len(ms) != 1 {
			t.Errorf("meetings of the added type: %d, %v", len(ms), err)
		}
	})
}
