package store_test

import (
	"errors"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// SaveStreamsBulk writes a batch whole, with the references between its
// records resolved, or nothing: a place in the batch that is not there,
// or a review report that is not the branch's open one, refuses the whole
// batch.
func TestSaveStreamsBulk(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := branchWithCommittee(t, s)
		day := zhibu.MakeDate(2025, 5, 6)
		batch := func() store.StreamsBatch {
			return store.StreamsBatch{OrgID: branch.ID,
				Campaigns: []zhibu.Campaign{{OrgID: branch.ID, Title: "以案促改警示教育", StartsOn: zhibu.MakeDate(2025, 3, 1), EndsOn: zhibu.MakeDate(2025, 11, 30),
					Items: []zhibu.CampaignItem{{Title: "动员部署", DueOn: zhibu.MakeDate(2025, 4, 30)}, {Title: "整改落实", DueOn: zhibu.MakeDate(2025, 9, 30)}}}},
				Activities: []store.ActivityRecord{{Activity: zhibu.Activity{OrgID: branch.ID, Kind: zhibu.ActivityCampaign, Title: "动员部署会",
					HeldOn: zhibu.MakeDate(2025, 4, 2), OrganizerID: members[0].ID}, Campaign: 1, Item: 1,
					Attendance: []zhibu.Attendance{{PersonID: members[0].ID, Status: zhibu.AttendPresent}, {PersonID: members[1].ID, Status: zhibu.AttendExcused, Reason: "出差"}}}},
				StudySessions: []zhibu.StudySession{{OrgID: branch.ID, HeldOn: day, Topic: "学习党章", Minutes: 180, Present: []int64{members[0].ID, members[1].ID}}},
				StudyNotes: []store.StudyNoteRecord{{Session: 1, Note: zhibu.StudyNote{PersonID: members[1].ID, WrittenOn: day, Title: "学习党章心得", Content: "心得"}},
					{Note: zhibu.StudyNote{PersonID: members[0].ID, WrittenOn: day, Title: "自学", Content: "笔记", Minutes: 120}}},
				Talks: []zhibu.Talk{{OrgID: branch.ID, AID: members[0].ID, BID: members[1].ID, HeldOn: day, Place: "办公室", Topics: "思想动态"}},
				Letters: []zhibu.Letter{{OrgID: branch.ID, To: zhibu.ToSecretary, Anonymous: true, Subject: "建议", Body: "内容", WrittenOn: day},
					{OrgID: branch.ID, To: zhibu.ToSecretary, WriterID: members[2].ID, Subject: "建议", Body: "内容", WrittenOn: day}},
				MemberFiles: []zhibu.MemberFile{{PersonID: members[0].ID, KeptBy: "市公安局政治处", CheckedOn: day}},
			}
		}
		bad := batch()
		bad.StudyNotes[0].Session = 2
		if err := s.SaveStreamsBulk(sys, bad); !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("a note of a session not in the batch: %v", err)
		}
		bad = batch()
		bad.Reviews = []store.ReviewRecord{{ReportID: 999, Report: zhibu.SecretaryReport{Status: zhibu.ReviewFiled}}}
		if err := s.SaveStreamsBulk(sys, bad); !errors.Is(err, zhibu.ErrConflict) {
			t.Fatalf("a review that is not there: %v", err)
		}
		if as, err := s.Activities(sys, branch.ID, 2025); err != nil || len(as) != 0 {
			t.Fatalf("after two refused batches: %d activities, %v", len(as), err)
		}
		if err := s.SaveStreamsBulk(sys, batch()); err != nil {
			t.Fatal(err)
		}
		cs, err := s.Campaigns(sys, branch.ID)
		if err != nil || len(cs) != 1 || len(cs[0].Items) != 2 || cs[0].Items[0].ActivityID == 0 || cs[0].Items[1].ActivityID != 0 {
			t.Fatalf("campaigns %+v, %v", cs, err)
		}
		as, err := s.Activities(sys, branch.ID, 2025)
		if err != nil || len(as) != 1 || as[0].Expected != 2 || as[0].Present != 1 || as[0].Excused != 1 {
			t.Fatalf("activities %+v, %v", as, err)
		}
		ss, err := s.StudySessions(sys, branch.ID, 2025)
		if err != nil || len(ss) != 1 || len(ss[0].Present) != 2 || ss[0].Notes != 1 {
			t.Fatalf("sessions %+v, %v", ss, err)
		}
		if ls, err := s.Letters(sys, store.LetterFilter{OrgID: branch.ID}); err != nil || len(ls) != 2 {
			t.Fatalf("letters %+v, %v", ls, err)
		}
		if _, ok, err := s.MemberFile(sys, members[0].ID); !ok || err != nil {
			t.Fatalf("member file: %v, %v", ok, err)
		}
		// The search finds the batch's records, as it would records saved
		// one by one, and a reindex finds the same.
		find := func() int {
			q, err := zhibu.ParseSearchQuery("动员部署")
			if err != nil {
				t.Fatal(err)
			}
			groups, err := s.Search(sys, q)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, g := range groups {
				if g.Kind == zhibu.SearchActivity {
					n += len(g.Hits)
				}
			}
			return n
		}
		if n := find(); n != 1 {
			t.Errorf("the search finds %d of the batch's activity 动员部署会, want 1", n)
		}
		if _, err := s.Reindex(sys); err != nil {
			t.Fatal(err)
		}
		if n := find(); n != 1 {
			t.Errorf("after a reindex the search finds %d, want 1", n)
		}
	})
}
