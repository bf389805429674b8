package service

import (
	"context"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/store"
)

// Activities is the service of themed activities, campaigns, bulletins and
// stance meeting records (docs/activities.md). It checks what the root
// package's types ask (Activity.Validate against today, Campaign.Validate,
// Bulletin.Validate and CheckStep, StanceRecord.Validate); the store
// persists, checking the actor's right on the branch.
type Activities struct {
	store *store.Store
	opt   Options
}

func newActivities(st *store.Store, opt Options) *Activities {
	return &Activities{store: st, opt: opt}
}

// Record records a new activity (a.ID 0) or changes one, with its
// attendance. Errors: zhibu.Problems naming each field, zhibu.ErrNotFound,
// zhibu.ErrForbidden.
func (x *Activities) Record(ctx context.Context, a zhibu.Activity, att []zhibu.Attendance) (zhibu.Activity, error) {
	a.Normalize()
	if err := a.Validate(x.opt.today(), att); err != nil {
		return zhibu.Activity{}, err
	}
	return x.store.SaveActivity(ctx, a, att)
}

// DeletePhoto removes a photo of an activity (its picture with its row),
// for those who may edit the activity. Errors: zhibu.ErrForbidden,
// zhibu.ErrNotFound.
func (x *Activities) DeletePhoto(ctx context.Context, orgID, activityID, id int64) (store.Photo, error) {
	return x.store.DeleteActivityPhoto(ctx, orgID, activityID, id)
}

// AddPhotos adds pictures to an activity, checked by their content.
func (x *Activities) AddPhotos(ctx context.Context, orgID, activityID int64, files []store.NewAttachment) ([]store.Photo, error) {
	return x.store.AddActivityPhotos(ctx, orgID, activityID, files)
}

// PlanCampaign records a campaign with its planned items.
func (x *Activities) PlanCampaign(ctx context.Context, c zhibu.Campaign) (zhibu.Campaign, error) {
	if err := c.Validate(); err != nil {
		return zhibu.Campaign{}, err
	}
	return x.store.SaveCampaign(ctx, c)
}

// DraftFrom is a bulletin's first draft written from an activity: its
// title and a body made of what the activity recorded.
func (x *Activities) DraftFrom(ctx context.Context, orgID, activityID int64) (zhibu.Bulletin, error) {
	a, _, err := x.store.Activity(ctx, orgID, activityID)
	if err != nil {
		return zhibu.Bulletin{}, err
	}
	org, err := x.store.Org(ctx, orgID)
	if err != nil {
		return zhibu.Bulletin{}, err
	}
	lead := a.HeldOn.Chinese() + "，" + org.Name + "组织开展“" + strings.Trim(a.Title, "“”") + "”活动"
	if a.Place != "" {
		lead += "，地点在" + a.Place
	}
	if a.Present > 0 {
		lead += "，" + strconv.Itoa(a.Present) + "名党员参加"
	}
	body := lead + "。"
	if a.Summary != "" {
		body += "\n\n" + a.Summary
	}
	return zhibu.Bulletin{OrgID: orgID, ActivityID: a.ID, Title: org.Name + "开展" + strings.Trim(a.Title, "“”") + "活动", Body: body,
		Status: zhibu.BulletinDraft}, nil
}

// Draft records a new draft (b.ID 0) or edits a draft.
func (x *Activities) Draft(ctx context.Context, b zhibu.Bulletin) (zhibu.Bulletin, error) {
	if err := b.Validate(); err != nil {
		return zhibu.Bulletin{}, err
	}
	return x.store.SaveBulletin(ctx, b)
}

// Step moves a bulletin on: reviewed by the propaganda officer, approved
// or returned with a note by the secretary, or published today as the
// next issue of the year.
func (x *Activities) Step(ctx context.Context, orgID, id int64, next zhibu.BulletinStatus, note string) (zhibu.Bulletin, error) {
	return x.store.StepBulletin(ctx, orgID, id, next, note, x.opt.today())
}

// RecordStance records a stance meeting's observers and viewpoints; the
// speakers are named for the messages.
func (x *Activities) RecordStance(ctx context.Context, r zhibu.StanceRecord) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return x.store.SaveStanceRecord(ctx, r)
}
