package store_test

import (
	"errors"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestActivitiesStore: an activity with its attendance, photos checked by
// content, a campaign's item done by an activity, a bulletin numbered on
// publication, a stance record, the facts the rules read, and the scope.
func TestActivitiesStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		onJuly1(s)
		branch, _, members := branchWithCommittee(t, s)
		committee, err := s.Org(sys, branch.ParentID)
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.CreateOrg(sys, zhibu.Org{Code: "B9", Name: "第九党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		stranger, err := s.CreatePerson(sys, member("外支部党员", other.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.SaveCampaign(sys, zhibu.Campaign{OrgID: branch.ID, Title: "学讲话、转作风、促落实", StartsOn: zhibu.MakeDate(2026, 3, 1),
			EndsOn: zhibu.MakeDate(2026, 11, 30), Items: []zhibu.CampaignItem{{Title: "动员部署", DueOn: zhibu.MakeDate(2026, 3, 31)},
				{Title: "学习研讨", DueOn: zhibu.MakeDate(2026, 6, 30)}}})
		if err != nil {
			t.Fatal(err)
		}
		att := []zhibu.Attendance{{PersonID: members[0].ID, Status: zhibu.AttendPresent}, {PersonID: members[1].ID, Status: zhibu.AttendPresent},
			{PersonID: members[2].ID, Status: zhibu.AttendExcused, Reason: "执勤"}}
		a, err := s.SaveActivity(sys, zhibu.Activity{OrgID: branch.ID, Kind: zhibu.ActivityCampaign, Title: "“七一”重温入党誓词", HeldOn: zhibu.MakeDate(2026, 6, 28),
			OrganizerID: members[0].ID, Occasion: zhibu.OccasionJuly1, CampaignID: c.ID, ItemID: c.Items[1].ID, Summary: "全体党员重温入党誓词。"}, att)
		if err != nil {
			t.Fatal(err)
		}
		got, gotAtt, err := s.Activity(sys, branch.ID, a.ID)
		if err != nil || got.Expected != 3 || got.Present != 2 || got.Excused != 1 || len(gotAtt) != 3 || got.OrganizerName != members[0].Name {
			t.Fatalf("activity read back: %+v %+v %v", got, gotAtt, err)
		}
		// Another branch's person, or another branch's id in the path, is refused.
		_, err = s.SaveActivity(sys, zhibu.Activity{OrgID: branch.ID, Kind: zhibu.ActivityThemed, Title: "活动", HeldOn: zhibu.MakeDate(2026, 6, 1),
			OrganizerID: stranger.ID}, nil)
		var ps zhibu.Problems
		if !errors.As(err, &ps) || ps[0].Field != "organizer_id" {
			t.Fatalf("organizer of another branch: %v", err)
		}
		if _, _, err := s.Activity(sys, other.ID, a.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Fatalf("activity through another branch: %v", err)
		}

		// Photos: a PNG passes, a PDF and a text named .jpg do not; nothing half-saved.
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		_, err = s.AddActivityPhotos(sys, branch.ID, a.ID, []store.NewAttachment{{Filename: "ok.png", Data: png},
			{Filename: "fake.jpg", Data: []byte("hello")}, {Filename: "doc.pdf", Data: []byte("%PDF-1.4\n")}})
		if !errors.As(err, &ps) || len(ps) != 2 || !strings.Contains(ps[0].Message, "fake.jpg") {
			t.Fatalf("bad photos: %v", err)
		}
		if photos, _ := s.ActivityPhotos(sys, branch.ID, a.ID); len(photos) != 0 {
			t.Fatalf("half-saved photos: %d", len(photos))
		}
		added, err := s.AddActivityPhotos(sys, branch.ID, a.ID, []store.NewAttachment{{Filename: "合影.png", Data: png}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.ActivityPhoto(sys, branch.ID, a.ID, added[0].ID)
		if err != nil || string(p.Data) != string(png) || p.ContentType != "image/png" {
			t.Fatalf("photo read back: %+v %v", p, err)
		}

		// Campaign progress: the item is done by the activity.
		cs, err := s.Campaigns(sys, branch.ID)
		if err != nil || len(cs) != 1 {
			t.Fatal(cs, err)
		}
		if done, total := cs[0].Progress(); done != 1 || total != 2 || cs[0].Items[1].DoneOn != zhibu.MakeDate(2026, 6, 28) {
			t.Fatalf("progress %d/%d %+v", done, total, cs[0].Items)
		}

		// Bulletins: numbered per year in the order published.
		for i, title := range []string{"第一篇", "第二篇"} {
			b, err := s.SaveBulletin(sys, zhibu.Bulletin{OrgID: branch.ID, ActivityID: a.ID, Title: title, Body: "正文", Channels: []zhibu.Channel{zhibu.ChannelToutiao}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.StepBulletin(sys, branch.ID, b.ID, zhibu.BulletinApproved, "", zhibu.MakeDate(2026, 7, 1)); !errors.As(err, &ps) {
				t.Fatalf("approval of a draft: %v", err)
			}
			for _, next := range []zhibu.BulletinStatus{zhibu.BulletinReviewed, zhibu.BulletinApproved, zhibu.BulletinPublished} {
				if b, err = s.StepBulletin(sys, branch.ID, b.ID, next, "", zhibu.MakeDate(2026, 7, 1)); err != nil {
					t.Fatal(next, err)
				}
			}
			if b.Issue != i+1 || b.IssueLabel() != "2026年第"+string(rune('1'+i))+"期" {
				t.Fatalf("issue %d: %+v", i, b)
			}
		}
		pub, err := s.Bulletins(sys, branch.ID, true)
		if err != nil || len(pub) != 2 || pub[0].Issue != 2 || len(pub[0].Channels) != 1 {
			t.Fatalf("published: %+v %v", pub, err)
		}

		// A stance meeting filed before its day; its record.
		m, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetStance, Status: zhibu.MeetingPlanned, StartsAt: local(2026, 7, 10, 15, 0)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.FileMeeting(sys, m.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveStanceRecord(sys, zhibu.StanceRecord{MeetingID: m.ID, Observers: "局纪委张某、政治部李某",
			Viewpoints: []zhibu.Viewpoint{{PersonID: members[0].ID, Points: "旗帜鲜明反对“两面人”", Examples: "某案例"}}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveStanceRecord(sys, zhibu.StanceRecord{MeetingID: m.ID, Viewpoints: []zhibu.Viewpoint{{PersonID: stranger.ID, Points: "观点"}}}); !errors.As(err, &ps) {
			t.Fatalf("a speaker of another branch: %v", err)
		}
		r, err := s.StanceRecord(sys, m.ID)
		if err != nil || r.Observers != "局纪委张某、政治部李某" || len(r.Viewpoints) != 1 || r.Viewpoints[0].PersonName != members[0].Name {
			t.Fatalf("stance record: %+v %v", r, err)
		}

		f, err := s.Facts(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Activities) != 1 || len(f.Campaigns) != 1 || f.StanceFiled[m.ID].IsZero() {
			t.Fatalf("facts: %d activities, %d campaigns, filings %v", len(f.Activities), len(f.Campaigns), f.StanceFiled)
		}

		// The other branch's secretary sees none of it.
		ctx := actorOf(stranger.ID, zhibu.Holding{Position: zhibu.Secretary, Org: other})
		if _, err := s.Activities(ctx, branch.ID, 2026); !errors.Is(err, zhibu.ErrNotFound) {
			t.Fatalf("activities of another branch: %v", err)
		}
		if _, err := s.Bulletin(ctx, branch.ID, pub[0].ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Fatalf("bulletin of another branch: %v", err)
		}
	})
}
