package store_test

import (
	"context"
	"testing"

	"zhibu"
	"zhibu/internal/store"
)

// mergeRows adds the rows of a stream's writes to TestEveryWriteChecksRights' table.
func mergeRows(extra, rows map[string]writeRight) map[string]writeRight {
	for k, v := range extra {
		rows[k] = v
	}
	return rows
}

// activityRightsRows are the rows of the activities stream's writes, with
// their objects made as the system.
func activityRightsRows(t *testing.T, s *store.Store, branch zhibu.Org, members []zhibu.Person, held zhibu.Meeting,
	ignore func(any, error) error) map[string]writeRight {
	t.Helper()
	act, err := s.SaveActivity(sys, zhibu.Activity{OrgID: branch.ID, Kind: zhibu.ActivityThemed, Title: "七一主题活动", HeldOn: zhibu.MakeDate(2026, 5, 30),
		OrganizerID: members[0].ID, Occasion: zhibu.OccasionJuly1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.SaveBulletin(sys, zhibu.Bulletin{OrgID: branch.ID, Title: "简报", Body: "正文"})
	if err != nil {
		t.Fatal(err)
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	photos, err := s.AddActivityPhotos(sys, branch.ID, act.ID, []store.NewAttachment{{Filename: "b.png", Data: png}})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]writeRight{
		"DeleteActivityPhoto": {perm: zhibu.PermActivityWrite, call: func(ctx context.Context) error {
			return ignore(s.DeleteActivityPhoto(ctx, branch.ID, act.ID, photos[0].ID))
		}},
		"SaveActivity": {perm: zhibu.PermActivityWrite, call: func(ctx context.Context) error {
			return ignore(s.SaveActivity(ctx, zhibu.Activity{OrgID: branch.ID, Kind: zhibu.ActivityThemed, Title: "十一主题活动",
				HeldOn: zhibu.MakeDate(2026, 5, 31), OrganizerID: members[0].ID}, nil))
		}},
		"AddActivityPhotos": {perm: zhibu.PermActivityWrite, call: func(ctx context.Context) error {
			return ignore(s.AddActivityPhotos(ctx, branch.ID, act.ID, []store.NewAttachment{{Filename: "a.png", Data: png}}))
		}},
		"SaveCampaign": {perm: zhibu.PermActivityWrite, call: func(ctx context.Context) error {
			return ignore(s.SaveCampaign(ctx, zhibu.Campaign{OrgID: branch.ID, Title: "专项教育", StartsOn: zhibu.MakeDate(2026, 1, 1),
				EndsOn: zhibu.MakeDate(2026, 12, 31), Items: []zhibu.CampaignItem{{Title: "动员", DueOn: zhibu.MakeDate(2026, 3, 1)}}}))
		}},
		"SaveBulletin": {perm: zhibu.PermActivityWrite, call: func(ctx context.Context) error {
			return ignore(s.SaveBulletin(ctx, zhibu.Bulletin{OrgID: branch.ID, Title: "另一期", Body: "正文"}))
		}},
		"StepBulletin": {perm: zhibu.PermBulletinReview, call: func(ctx context.Context) error {
			return ignore(s.StepBulletin(ctx, branch.ID, b.ID, zhibu.BulletinReviewed, "", zhibu.MakeDate(2026, 6, 1)))
		}},
		"SaveStanceRecord": {perm: zhibu.PermMeetingWrite, call: func(ctx context.Context) error {
			return s.SaveStanceRecord(ctx, zhibu.StanceRecord{MeetingID: held.ID, Observers: "政治部"})
		}},
	}
}
