package rules

import (
	"strings"
	"testing"
	"time"

	"zhibu"
)

// activityCat is the national layer with the seed's activity layer for the
// test branch.
func activityCat() Catalogue {
	return append(DefaultCatalogue(), SeedActivityLayer(branchID, day(2018, 1, 1))...)
}

// TestStanceFilingEdges: filed the day before is ok; on the day, after it,
// or never is a violation; a planned meeting ahead is due until filed.
func TestStanceFilingEdges(t *testing.T) {
	meetingDay := local(2018, 8, 28, 15, 30)
	type tc struct {
		name    string
		status  zhibu.MeetingStatus
		filedAt time.Time // zero: not filed
		asOf    zhibu.Date
		cat     Catalogue
		want    zhibu.FindingStatus // "none": no finding
	}
	tests := []tc{
		{name: "filed the day before, at 23:59 local", status: zhibu.MeetingHeld, filedAt: local(2018, 8, 27, 23, 59), asOf: day(2018, 9, 1), want: zhibu.StatusOK},
		{name: "filed a week before", status: zhibu.MeetingHeld, filedAt: local(2018, 8, 21, 9, 0), asOf: day(2018, 12, 31), want: zhibu.StatusOK},
		{name: "filed on the day, before the meeting", status: zhibu.MeetingHeld, filedAt: local(2018, 8, 28, 8, 0), asOf: day(2018, 9, 1), want: zhibu.StatusViolation},
		{name: "00:30 on the day local is 27 August in UTC: still the day", status: zhibu.MeetingHeld,
			filedAt: time.Date(2018, 8, 27, 16, 30, 0, 0, time.UTC), asOf: day(2018, 9, 1), want: zhibu.StatusViolation},
		{name: "filed after the meeting", status: zhibu.MeetingHeld, filedAt: local(2018, 8, 30, 9, 0), asOf: day(2018, 9, 1), want: zhibu.StatusViolation},
		{name: "held, never filed", status: zhibu.MeetingHeld, asOf: day(2018, 8, 28), want: zhibu.StatusViolation},
		{name: "planned, not filed, ahead", status: zhibu.MeetingPlanned, asOf: day(2018, 8, 20), want: zhibu.StatusDue},
		{name: "planned, filed ahead", status: zhibu.MeetingPlanned, filedAt: local(2018, 8, 19, 9, 0), asOf: day(2018, 8, 20), want: zhibu.StatusOK},
		{name: "planned, its day passed, not held", status: zhibu.MeetingPlanned, asOf: day(2018, 8, 29), want: "none"},
		{name: "cancelled", status: zhibu.MeetingCancelled, asOf: day(2018, 9, 1), want: "none"},
		{name: "a filing after the as-of day is not known yet", status: zhibu.MeetingPlanned, filedAt: local(2018, 8, 25, 9, 0), asOf: day(2018, 8, 20),
			want: zhibu.StatusDue},
		{name: "a branch without the seed layer has no finding", status: zhibu.MeetingHeld, asOf: day(2018, 9, 1), cat: DefaultCatalogue(), want: "none"},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			f := world(c.asOf)
			m := held(branchID, zhibu.MeetStance, meetingDay)
			m.Status = c.status
			if c.status == zhibu.MeetingCancelled {
				m.CancelReason = "临时任务"
			}
			f.Meetings = []zhibu.Meeting{m}
			if !c.filedAt.IsZero() {
				f.StanceFiled = map[int64]time.Time{m.ID: c.filedAt}
			}
			cat := c.cat
			if cat == nil {
				cat = activityCat()
			}
			got := pick(t, Check(cat, f, branchID, 2018), "stance.filing", branchID, month(2018, 8))
			switch {
			case c.want == "none" && got != nil:
				t.Fatalf("got %s %q, want no finding", got.Status, got.Message)
			case c.want == "none":
			case got == nil:
				t.Fatalf("no finding, want %s", c.want)
			case got.Status != c.want:
				t.Fatalf("got %s %q, want %s", got.Status, got.Message, c.want)
			case got.Layer != zhibu.LayerBranch || got.Responsible != zhibu.Secretary || got.Deadline != day(2018, 8, 27):
				t.Fatalf("finding %+v: want the branch layer, the secretary, deadline 27 August", got)
			}
		})
	}
}

// TestOccasionEdges: 七一 and 十一 each need an activity marked for the day,
// from 30 days before to window_days (15) after.
func TestOccasionEdges(t *testing.T) {
	act := func(on zhibu.Date, o zhibu.Occasion) zhibu.Activity {
		return zhibu.Activity{ID: 77, OrgID: branchID, Kind: zhibu.ActivityThemed, Title: "重温入党誓词", HeldOn: on, Occasion: o}
	}
	type tc struct {
		name   string
		acts   []zhibu.Activity
		asOf   zhibu.Date
		period zhibu.Period
		want   zhibu.FindingStatus
	}
	tests := []tc{
		{name: "before 七一: nothing asked", asOf: day(2018, 6, 30), period: month(2018, 7), want: "none"},
		{name: "on 七一 without activity: due", asOf: day(2018, 7, 1), period: month(2018, 7), want: zhibu.StatusDue},
		{name: "last day of the window: due", asOf: day(2018, 7, 16), period: month(2018, 7), want: zhibu.StatusDue},
		{name: "the day after the window: overdue", asOf: day(2018, 7, 17), period: month(2018, 7), want: zhibu.StatusOverdue},
		{name: "held on 七一", acts: []zhibu.Activity{act(day(2018, 7, 1), zhibu.OccasionJuly1)}, asOf: day(2018, 7, 1), period: month(2018, 7), want: zhibu.StatusOK},
		{name: "held 30 days before counts", acts: []zhibu.Activity{act(day(2018, 6, 1), zhibu.OccasionJuly1)}, asOf: day(2018, 7, 20), period: month(2018, 7),
			want: zhibu.StatusOK},
		{name: "held 31 days before does not", acts: []zhibu.Activity{act(day(2018, 5, 31), zhibu.OccasionJuly1)}, asOf: day(2018, 7, 20), period: month(2018, 7),
			want: zhibu.StatusOverdue},
		{name: "held after the window does not", acts: []zhibu.Activity{act(day(2018, 7, 17), zhibu.OccasionJuly1)}, asOf: day(2018, 7, 20), period: month(2018, 7),
			want: zhibu.StatusOverdue},
		{name: "an activity for 十一 does not answer 七一", acts: []zhibu.Activity{act(day(2018, 7, 1), zhibu.OccasionOctober1)}, asOf: day(2018, 7, 20),
			period: month(2018, 7), want: zhibu.StatusOverdue},
		{name: "an activity not marked for the day does not count", acts: []zhibu.Activity{act(day(2018, 7, 1), zhibu.OccasionNone)}, asOf: day(2018, 7, 20),
			period: month(2018, 7), want: zhibu.StatusOverdue},
		{name: "十一 on its day: due", asOf: day(2018, 10, 1), period: month(2018, 10), want: zhibu.StatusDue},
		{name: "十一 held on 28 September", acts: []zhibu.Activity{act(day(2018, 9, 28), zhibu.OccasionOctober1)}, asOf: day(2018, 12, 31),
			period: month(2018, 10), want: zhibu.StatusOK},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			f := world(c.asOf)
			f.Activities = c.acts
			got := pick(t, Check(activityCat(), f, branchID, 2018), "activity.occasions", branchID, c.period)
			switch {
			case c.want == "none" && got != nil:
				t.Fatalf("got %s %q, want no finding", got.Status, got.Message)
			case c.want == "none":
			case got == nil:
				t.Fatalf("no finding, want %s", c.want)
			case got.Status != c.want:
				t.Fatalf("got %s %q, want %s", got.Status, got.Message, c.want)
			case got.Responsible != zhibu.PropagandaOfficer:
				t.Fatalf("responsible %s, want the propaganda officer", got.Responsible)
			}
		})
	}
	// Without the seed layer the rule asks nothing.
	if fs := only(Check(DefaultCatalogue(), world(day(2018, 12, 31)), branchID, 2018), "activity.occasions"); len(fs) != 0 {
		t.Fatalf("national layer alone: %s", describe(fs))
	}
}

// TestCampaignProgress: each planned item is a finding in the month it is
// due, done by the activity recorded for it, with the progress named.
func TestCampaignProgress(t *testing.T) {
	c := zhibu.Campaign{ID: 9, OrgID: branchID, Title: "学讲话、转作风、促落实", StartsOn: day(2018, 3, 1), EndsOn: day(2018, 11, 30),
		Items: []zhibu.CampaignItem{
			{ID: 91, Title: "动员部署", DueOn: day(2018, 3, 31), ActivityID: 501, DoneOn: day(2018, 3, 20)},
			{ID: 92, Title: "学习研讨", DueOn: day(2018, 6, 30)},
			{ID: 93, Title: "总结提高", DueOn: day(2018, 11, 30), ActivityID: 503, DoneOn: day(2018, 11, 5)},
		}}
	type tc struct {
		name   string
		asOf   zhibu.Date
		period zhibu.Period
		want   zhibu.FindingStatus
	}
	tests := []tc{
		{name: "before the campaign starts", asOf: day(2018, 2, 28), period: month(2018, 3), want: "none"},
		{name: "done item", asOf: day(2018, 4, 1), period: month(2018, 3), want: zhibu.StatusOK},
		{name: "open item on its due day", asOf: day(2018, 6, 30), period: month(2018, 6), want: zhibu.StatusDue},
		{name: "open item the day after", asOf: day(2018, 7, 1), period: month(2018, 6), want: zhibu.StatusOverdue},
		{name: "an item done after the as-of day is not done yet", asOf: day(2018, 11, 1), period: month(2018, 11), want: zhibu.StatusDue},
		{name: "done on 5 November", asOf: day(2018, 12, 31), period: month(2018, 11), want: zhibu.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(tc.asOf)
			f.Campaigns = []zhibu.Campaign{c}
			got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), "activity.campaign", branchID, tc.period)
			switch {
			case tc.want == "none" && got != nil:
				t.Fatalf("got %s %q, want no finding", got.Status, got.Message)
			case tc.want == "none":
			case got == nil:
				t.Fatalf("no finding, want %s", tc.want)
			case got.Status != tc.want:
				t.Fatalf("got %s %q, want %s", got.Status, got.Message, tc.want)
			case !strings.Contains(got.Message, "进度"):
				t.Fatalf("message %q names no progress", got.Message)
			}
		})
	}
	f := world(day(2018, 12, 31))
	f.Campaigns = []zhibu.Campaign{c}
	if got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), "activity.campaign", branchID, month(2018, 6)); got == nil ||
		!strings.Contains(got.Message, "进度2/3") {
		t.Fatalf("progress at the end of the year: %+v", got)
	}
}
