package gen

import (
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// Titles of generated activities and campaigns.
var (
	occasionTitles = map[zhibu.Occasion][]string{
		zhibu.OccasionJuly1:    {"庆祝建党节重温入党誓词", "“七一”走访慰问老党员", "“七一”红色教育基地参观学习"},
		zhibu.OccasionOctober1: {"“十一”国庆安保誓师动员", "“十一”唱响红色歌曲", "庆祝国庆主题党日"},
	}
	campaignTitles = []string{"学讲话、转作风、促落实", "以案促改警示教育", "强基础、补短板、促提升"}
	campaignItems  = []string{"动员部署", "集中学习研讨", "查摆问题、剖析根源", "整改落实", "总结评估"}
	liaisonTitles  = []string{"“民族团结一家亲”结亲走访", "结对帮扶社区困难群众", "警民共建联谊"}
	unifiedTitles  = []string{"局党委统一组织观看廉政警示教育片", "局党委统一组织“国家安全教育日”宣传", "局党委统一组织学习先进典型事迹"}
)

// activities are the branch's activities of each stream year: one at 七一
// and one at 十一 (a lax branch forgets one, or holds it after the window
// of activity.occasions), a campaign of the year in three branches of
// four with three to five items, most done by an activity before the
// item's due day, a liaison visit and an activity the superior organized;
// each with its attendance.
func (sb *streamBranch) activities(b *store.StreamsBatch, res *StreamsResult) {
	for _, y := range sb.years {
		end := yearEnd(y)
		add := func(a zhibu.Activity, campaign, item int) {
			a.OrgID = sb.b.ID
			if a.OrganizerID = sb.holder(zhibu.PropagandaOfficer, a.HeldOn); a.OrganizerID == 0 {
				a.OrganizerID = sb.holder(zhibu.Secretary, a.HeldOn)
			}
			a.Place = "支部活动室"
			a.Summary = "支部组织开展" + a.Title + "活动，党员积极参加。"
			b.Activities = append(b.Activities, store.ActivityRecord{Activity: a, Campaign: campaign, Item: item,
				Attendance: sb.attendance(sb.membersOn(a.HeldOn))})
			res.Activities++
		}
		for _, o := range zhibu.Occasions {
			day := o.Day(y)
			if day.After(end) {
				continue
			}
			if !sb.kept() {
				if sb.r.IntN(2) == 0 {
					continue // not held
				}
				day = day.AddDays(20 + sb.r.IntN(20)) // held, but weeks late
				if day.After(end) {
					continue
				}
			} else {
				day = day.AddDays(-sb.r.IntN(10) + 3)
			}
			titles := occasionTitles[o]
			add(zhibu.Activity{Kind: zhibu.ActivityThemed, Title: titles[sb.r.IntN(len(titles))], HeldOn: day, Occasion: o}, 0, 0)
		}
		if sb.r.IntN(4) > 0 {
			c := zhibu.Campaign{OrgID: sb.b.ID, Title: campaignTitles[sb.r.IntN(len(campaignTitles))], StartsOn: zhibu.MakeDate(y, 3, 1), EndsOn: zhibu.MakeDate(y, 11, 30)}
			if c.EndsOn.After(end) {
				c.EndsOn = end
			}
			n := 3 + sb.r.IntN(3)
			span := c.EndsOn.Time().Sub(c.StartsOn.Time()).Hours() / 24
			for i := range n {
				due := c.StartsOn.AddDays(int(span) * (i + 1) / n)
				c.Items = append(c.Items, zhibu.CampaignItem{Title: campaignItems[i], DueOn: due})
			}
			b.Campaigns = append(b.Campaigns, c)
			res.Campaigns++
			ci := len(b.Campaigns)
			from := c.StartsOn
			for i, it := range c.Items {
				if sb.kept() {
					day := sb.dayIn(from, it.DueOn)
					add(zhibu.Activity{Kind: zhibu.ActivityCampaign, Title: c.Title + "：" + it.Title, HeldOn: day}, ci, i+1)
				}
				from = it.DueOn.AddDays(1)
			}
		}
		if sb.kept() {
			day := sb.dayIn(zhibu.MakeDate(y, 4, 1), end)
			a := zhibu.Activity{Kind: zhibu.ActivityLiaison, Title: liaisonTitles[sb.r.IntN(len(liaisonTitles))], HeldOn: day}
			if ms := sb.membersOn(day); len(ms) > 0 {
				a.LiaisonID = ms[sb.r.IntN(len(ms))].ID
			}
			add(a, 0, 0)
		}
		if sb.r.IntN(2) == 0 {
			day := sb.dayIn(zhibu.MakeDate(y, time.February, 1), end)
			add(zhibu.Activity{Kind: zhibu.ActivityUnified, Title: unifiedTitles[sb.r.IntN(len(unifiedTitles))], HeldOn: day}, 0, 0)
		}
	}
}
