package rules

import (
	"strconv"

	"zhibu"
)

// The activities stream's rules (docs/activities.md): they read
// zhibu.Facts.Activities, Campaigns and StanceFiled, and the stance
// meetings among Meetings.
//
//   - stance.filing (RULES.md, seed §7.3): a stance meeting (发声亮剑) is
//     filed with the political department before the day it is held. A
//     branch-layer rule of the seed branch (SeedActivityLayer).
//   - activity.occasions (seed §4): the branch holds an activity for 七一
//     and for 十一 each year, within window_days after the day. A
//     branch-layer rule of the seed branch.
//   - activity.campaign: each planned item of a campaign (专项教育) is done
//     by an activity by its due day; the findings are the campaign's
//     progress on the calendar. National layer: the items are the
//     branch's own plan, so a branch without campaigns has no finding.
//
// Themed party days are meetings (主题党日) counted by
// meet.themeday.monthly; no rule here counts them again.

// EvidenceActivity is the kind of evidence that names an activity.
const EvidenceActivity = "activity"

func init() {
	RegisterParam(ParamSpec{Name: "window_days", Label: "节点后开展活动的天数", Stricter: Lower})
	RegisterParam(ParamSpec{Name: "before_days", Label: "会前报备的最少天数", Stricter: Higher})
}

func activityRules() []Rule {
	return []Rule{stanceFiling{}, activityOccasions{}, activityCampaign{}}
}

// activityCatalogue is the national versions of the activity rules.
func activityCatalogue() Catalogue {
	return Catalogue{{ID: "activity.campaign", Layer: zhibu.LayerNational, Title: "专项教育按计划事项开展，每项在完成时限前有活动记录",
		Source: "支部专项教育实施方案（本支部制定）", Params: nil}}
}

// SeedActivityLayer is the seed plan's branch layer of the activities
// stream for branch orgID from day from: the stance meeting filed before
// it is held (§7.3), and an activity at 七一 and 十一 (§4).
func SeedActivityLayer(orgID int64, from zhibu.Date) []zhibu.RuleVersion {
	return []zhibu.RuleVersion{{
		ID: "stance.filing", Layer: zhibu.LayerBranch, OrgID: orgID, EffectiveFrom: from,
		Title:  "发声亮剑讨论会召开前向政治部报备，邀请纪检委、政治部派员指导，记录主要观点和实例",
		Source: "支部党建工作计划（2018）第七部分第3条",
		Params: zhibu.RuleParams{"before_days": 1},
	}, {
		ID: "activity.occasions", Layer: zhibu.LayerBranch, OrgID: orgID, EffectiveFrom: from,
		Title:  "在“七一”“十一”等重大时间节点组织开展专题活动",
		Source: "支部党建工作计划（2018）第四部分",
		Params: zhibu.RuleParams{"window_days": 15},
	}}
}

func activityEvidence(a *zhibu.Activity) zhibu.Evidence {
	return zhibu.Evidence{Kind: EvidenceActivity, ID: a.ID, Label: a.HeldOn.Chinese() + " " + a.Title}
}

// activitiesOf indexes the year's activities by branch, once per check.
func activitiesOf(c *Context) map[int64][]*zhibu.Activity {
	return c.Index("activities", func(f *zhibu.Facts) any {
		m := map[int64][]*zhibu.Activity{}
		for i := range f.Activities {
			a := &f.Activities[i]
			m[a.OrgID] = append(m[a.OrgID], a)
		}
		return m
	}).(map[int64][]*zhibu.Activity)
}

// stanceFiling (stance.filing): every stance meeting of the branch in the
// year, as of AsOf, with before_days (at least 1: the seed's "before the
// meeting" is a day before it or earlier):
//   - held, filed before_days or more before the meeting's day: ok;
//   - held without a filing, or filed later (on its day, after it): a
//     violation;
//   - planned, still ahead: ok once filed in time, else due, the deadline
//     before_days before its day;
//
// cancelled meetings, and planned ones whose day has passed, have none.
type stanceFiling struct{}

func (stanceFiling) ID() string { return "stance.filing" }

func (stanceFiling) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind == zhibu.KindGroup || c.Org.Kind == zhibu.KindCommittee {
		return nil
	}
	var out []zhibu.Finding
	for i := range c.Facts.Meetings {
		m := &c.Facts.Meetings[i]
		if m.OrgID != c.Org.ID || m.Type != zhibu.MeetStance {
			continue
		}
		d := m.DateIn(c.Zone)
		if d.Year != c.Year || m.Status == zhibu.MeetingCancelled {
			continue
		}
		res, ok := c.Params(d)
		if !ok {
			continue
		}
		held := m.Status == zhibu.MeetingHeld && !d.After(c.AsOf)
		if !held && (m.Status != zhibu.MeetingPlanned || !d.After(c.AsOf)) {
			continue
		}
		filedAt, filed := c.Facts.StanceFiled[m.ID]
		var filedOn zhibu.Date
		if filed {
			filedOn = zhibu.DateOf(filedAt.In(c.Zone))
			if filedOn.After(c.AsOf) {
				filed = false // not known yet on the day checked
			}
		}
		f := c.New(res, c.Org, zhibu.MonthOf(d))
		f.Responsible = zhibu.Secretary
		f.Deadline = d.AddDays(-max(1, res.Params.Get("before_days")))
		label := d.Chinese() + " 发声亮剑"
		f.Evidence = []zhibu.Evidence{{Kind: zhibu.EvidenceMeeting, ID: m.ID, Label: label}}
		switch {
		case filed && !filedOn.After(f.Deadline):
			f.Status = zhibu.StatusOK
			f.Message = label + "讨论会已于" + filedOn.Chinese() + "会前向政治部报备"
		case !held:
			f.Status = zhibu.StatusDue
			f.Message = label + "讨论会应在" + f.Deadline.Chinese() + "前向政治部报备，并邀请纪检委、政治部派员指导"
		case filed:
			f.Status = zhibu.StatusViolation
			f.Message = label + "讨论会于" + filedOn.Chinese() + "才报备，应在会前向政治部报备"
		default:
			f.Status = zhibu.StatusViolation
			f.Message = label + "讨论会召开前未向政治部报备"
		}
		out = append(out, f)
	}
	return out
}

// activityOccasions (activity.occasions): for 七一 and 十一 of the year,
// an activity of the branch marked for the occasion, held from 30 days
// before the day to window_days after it. Before the day nothing is asked;
// from the day it is due until window_days after, then overdue. The
// finding falls in the month of the day.
type activityOccasions struct{}

func (activityOccasions) ID() string { return "activity.occasions" }

func (activityOccasions) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch && c.Org.Kind != zhibu.KindGeneralBranch {
		return nil
	}
	var out []zhibu.Finding
	for _, o := range zhibu.Occasions {
		day := o.Day(c.Year)
		if c.AsOf.Before(day) {
			continue
		}
		res, ok := c.Params(day)
		if !ok {
			continue
		}
		if !c.Org.FoundedOn.IsZero() && c.Org.FoundedOn.After(day) {
			continue
		}
		deadline := day.AddDays(res.Params.Get("window_days"))
		f := c.New(res, c.Org, zhibu.MonthOf(day))
		f.Responsible = zhibu.PropagandaOfficer
		f.Deadline = deadline
		var done *zhibu.Activity
		for _, a := range activitiesOf(c)[c.Org.ID] {
			if a.Occasion == o && !a.HeldOn.Before(day.AddDays(-30)) && !a.HeldOn.After(deadline) && !a.HeldOn.After(c.AsOf) {
				done = a
				break
			}
		}
		f.Status = c.Status(done != nil, deadline)
		switch {
		case done != nil:
			f.Evidence = []zhibu.Evidence{activityEvidence(done)}
			f.Message = "“" + o.Label() + "”专题活动已于" + done.HeldOn.Chinese() + "开展：" + done.Title
		case f.Status == zhibu.StatusDue:
			f.Message = "应在" + deadline.Chinese() + "前开展“" + o.Label() + "”专题活动，并编发党建信息简报"
		default:
			f.Message = "未在" + deadline.Chinese() + "前开展“" + o.Label() + "”专题活动"
		}
		out = append(out, f)
	}
	return out
}

// activityCampaign (activity.campaign): each planned item of the branch's
// campaigns due in the year: ok when an activity was recorded for it by
// AsOf; otherwise due until its due day and overdue after it. The finding
// falls in the month of the due day and names the campaign's progress.
type activityCampaign struct{}

func (activityCampaign) ID() string { return "activity.campaign" }

func (activityCampaign) Check(c *Context) []zhibu.Finding {
	if c.Org.Kind != zhibu.KindBranch && c.Org.Kind != zhibu.KindGeneralBranch {
		return nil
	}
	var out []zhibu.Finding
	for ci := range c.Facts.Campaigns {
		cp := &c.Facts.Campaigns[ci]
		if cp.OrgID != c.Org.ID {
			continue
		}
		done, total := 0, len(cp.Items)
		for _, it := range cp.Items {
			if it.ActivityID != 0 && !it.DoneOn.After(c.AsOf) {
				done++
			}
		}
		progress := "（进度" + strconv.Itoa(done) + "/" + strconv.Itoa(total) + "）"
		for _, it := range cp.Items {
			if it.DueOn.Year != c.Year || c.AsOf.Before(cp.StartsOn) {
				continue
			}
			res, ok := c.Params(it.DueOn)
			if !ok {
				continue
			}
			f := c.New(res, c.Org, zhibu.MonthOf(it.DueOn))
			f.Responsible = zhibu.PropagandaOfficer
			f.Deadline = it.DueOn
			isDone := it.ActivityID != 0 && !it.DoneOn.After(c.AsOf)
			f.Status = c.Status(isDone, it.DueOn)
			name := "专项教育“" + cp.Title + "”的“" + it.Title + "”"
			switch {
			case isDone:
				f.Evidence = []zhibu.Evidence{{Kind: EvidenceActivity, ID: it.ActivityID, Label: it.DoneOn.Chinese() + " " + it.Title}}
				f.Message = name + "已于" + it.DoneOn.Chinese() + "完成" + progress
			case f.Status == zhibu.StatusDue:
				f.Message = name + "应在" + it.DueOn.Chinese() + "前完成" + progress
			default:
				f.Message = name + "未在" + it.DueOn.Chinese() + "前完成" + progress
			}
			out = append(out, f)
		}
	}
	return out
}
