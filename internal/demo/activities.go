package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// The seed branch's themed activities and publicity, 2025–2026
// (docs/activities.md): 七一 and 十一 activities held as the months'
// themed party days, a liaison programme (民族团结一家亲) with its liaison
// officer, the bureau's unified activity, two campaigns with their planned
// items, bulletins from draft to published issue, a stance meeting's
// record of viewpoints, and the seed's branch layer of stance.filing and
// activity.occasions. The deliberate gaps:
//
//   - a stance meeting held on 11 December 2025 without a filing to the
//     political department (stance.filing, violation);
//   - no 七一 activity yet in 2026 on the demo's day, 1 July 2026 (the
//     propaganda officer records it: activity.occasions, due);
//   - the 2026 campaign's last item, due 30 September 2026, still open
//     (activity.campaign, due).

// activitySpec is one activity of the seed branch.
type activitySpec struct {
	kind      zhibu.ActivityKind
	title     string
	on        zhibu.Date
	place     string
	organizer string
	liaison   string
	occasion  zhibu.Occasion
	campaign  int // 1 or 2: the campaign, with item
	item      int
	themedDay bool // held as that day's themed party day (a meeting)
	summary   string
	photos    int
	bulletin  *bulletinSpec
}

// bulletinSpec is the bulletin written from an activity: published on a
// day (zero: still a draft).
type bulletinSpec struct {
	title     string
	published zhibu.Date
	channels  []zhibu.Channel
}

var seedCampaigns = []zhibu.Campaign{
	{Title: "学讲话、转作风、促落实", StartsOn: day(2025, 3, 1), EndsOn: day(2025, 11, 30), Items: []zhibu.CampaignItem{
		{Title: "动员部署，制定实施方案", DueOn: day(2025, 3, 31)},
		{Title: "专题学习研讨", DueOn: day(2025, 6, 30)},
		{Title: "对照检查，总结提高", DueOn: day(2025, 11, 30)},
	}},
	{Title: "抓作风、促稳定", StartsOn: day(2026, 4, 1), EndsOn: day(2026, 10, 31), Items: []zhibu.CampaignItem{
		{Title: "动员部署", DueOn: day(2026, 4, 30)},
		{Title: "作风问题自查自纠", DueOn: day(2026, 6, 30)},
		{Title: "总结评估，建章立制", DueOn: day(2026, 9, 30)},
	}},
}

var seedActivities = []activitySpec{
	{kind: zhibu.ActivityCampaign, title: "“学讲话、转作风、促落实”专项教育动员会", on: day(2025, 3, 20), place: "局机关三楼会议室", organizer: "张志刚",
		campaign: 1, item: 1, summary: "书记作动员讲话，宣读专项教育实施方案，明确三个阶段的任务和责任人。", photos: 1},
	{kind: zhibu.ActivityLiaison, title: "“民族团结一家亲”结亲走访", on: day(2025, 5, 22), place: "联系村", organizer: "艾力·买买提", liaison: "古丽娜尔·艾山",
		themedDay: true, summary: "联络员带领党员走访结亲户，宣讲惠民政策，帮助解决春耕用工困难。", photos: 2},
	{kind: zhibu.ActivityCampaign, title: "“学讲话、转作风、促落实”专题研讨", on: day(2025, 6, 26), place: "党员活动室", organizer: "艾力·买买提",
		campaign: 1, item: 2, summary: "党员围绕转作风、促落实逐一交流发言，查找作风方面存在的问题。"},
	{kind: zhibu.ActivityThemed, title: "庆祝建党104周年重温入党誓词", on: day(2025, 7, 1), place: "党员活动室", organizer: "刘晓燕",
		occasion: zhibu.OccasionJuly1, themedDay: true, photos: 3,
		summary: "全体党员面向党旗重温入党誓词，书记为“两优一先”获得者颁发证书，老党员讲述入党经历。",
		bulletin: &bulletinSpec{title: "第三党支部开展庆祝建党104周年重温入党誓词活动", published: day(2025, 7, 3),
			channels: []zhibu.Channel{zhibu.ChannelBureauSite, zhibu.ChannelToutiao}}},
	{kind: zhibu.ActivityThemed, title: "“十一”升国旗、唱国歌、诵读红色家书", on: day(2025, 9, 29), place: "局机关广场", organizer: "刘晓燕",
		occasion: zhibu.OccasionOctober1, photos: 2, summary: "支部组织党员民警参加升国旗仪式，集体合唱国歌，诵读红色家书。",
		bulletin: &bulletinSpec{title: "第三党支部开展迎国庆主题活动", published: day(2025, 10, 9),
			channels: []zhibu.Channel{zhibu.ChannelBureauSite, zhibu.ChannelPatrol}}},
	{kind: zhibu.ActivityCampaign, title: "“学讲话、转作风、促落实”总结交流", on: day(2025, 11, 13), place: "支部会议室", organizer: "张志刚",
		campaign: 1, item: 3, summary: "总结专项教育开展情况，通报整改落实情况，明确长效机制。"},
	{kind: zhibu.ActivityUnified, title: "参加局党委统一组织的学雷锋志愿服务", on: day(2026, 3, 5), place: "辖区社区", organizer: "马文斌", themedDay: true,
		summary: "按局党委统一部署，党员到社区开展学雷锋志愿服务和防诈骗宣传。", photos: 1},
	{kind: zhibu.ActivityCampaign, title: "“抓作风、促稳定”专项教育动员部署", on: day(2026, 4, 16), place: "局机关三楼会议室", organizer: "张志刚",
		campaign: 2, item: 1, summary: "传达局党委部署，制定支部实施方案。",
		bulletin: &bulletinSpec{title: "第三党支部部署“抓作风、促稳定”专项教育", published: day(2026, 4, 20),
			channels: []zhibu.Channel{zhibu.ChannelBureauSite}}},
	{kind: zhibu.ActivityCampaign, title: "作风问题自查自纠座谈", on: day(2026, 6, 18), place: "支部会议室", organizer: "艾力·买买提",
		campaign: 2, item: 2, summary: "党员对照“五管”和“三敢两绝”要求查摆作风问题，建立整改台账。",
		bulletin: &bulletinSpec{title: "第三党支部开展作风问题自查自纠"}},
}

// unfiledStance is the stance meeting held without a filing (the gap).
var unfiledStance = meetingSpec{typ: zhibu.MeetStance, on: day(2025, 12, 11), hour: 15, min: 30,
	topics: []string{"围绕反对民族分裂、维护祖国统一发声亮剑"},
	body:   "与会党员逐一发言，表明立场、亮明态度，记录主要观点和实例。会前未向局政治部报备。"}

// activities loads the seed branch's activities stream.
func (l *loader) activities() error {
	b := l.byCode[BranchCode]
	if b == nil {
		return fmt.Errorf("activities: branch %s not made", BranchCode)
	}
	ctx := l.ctx
	var camps []zhibu.Campaign
	for _, c := range seedCampaigns {
		c.OrgID = b.org.ID
		c.Items = append([]zhibu.CampaignItem(nil), c.Items...)
		saved, err := l.svc.Activities.PlanCampaign(ctx, c)
		if err != nil {
			return fmt.Errorf("campaign %s: %w", c.Title, err)
		}
		camps = append(camps, saved)
	}
	themed, err := l.s.Meetings(ctx, store.MeetingFilter{OrgID: b.org.ID, Type: zhibu.MeetThemedDay, Status: zhibu.MeetingHeld})
	if err != nil {
		return err
	}
	members, err := l.s.People(ctx, b.org.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2025, 704))
	for i, sp := range seedActivities {
		a := zhibu.Activity{OrgID: b.org.ID, Kind: sp.kind, Title: sp.title, HeldOn: sp.on, Place: sp.place, Occasion: sp.occasion, Summary: sp.summary}
		if a.OrganizerID, err = b.id(sp.organizer); err != nil {
			return err
		}
		if sp.liaison != "" {
			if a.LiaisonID, err = b.id(sp.liaison); err != nil {
				return err
			}
		}
		if sp.campaign != 0 {
			c := camps[sp.campaign-1]
			a.CampaignID, a.ItemID = c.ID, c.Items[sp.item-1].ID
		}
		if sp.themedDay {
			for _, m := range themed {
				if m.OrgID == b.org.ID && m.DateIn(nil) == sp.on {
					a.MeetingID = m.ID
				}
			}
			if a.MeetingID == 0 {
				return fmt.Errorf("activity %s: no themed party day on %s", sp.title, sp.on)
			}
		}
		var att []zhibu.Attendance
		for _, p := range members {
			if p.AdmittedOn.After(sp.on) || p.JoinedOn.After(sp.on) {
				continue
			}
			x := zhibu.Attendance{PersonID: p.ID, Status: zhibu.AttendPresent}
			if n := rng.IntN(100); n < 10 && p.ID != a.OrganizerID && p.ID != a.LiaisonID {
				x.Status, x.Reason = zhibu.AttendExcused, excuses[rng.IntN(len(excuses))]
			}
			att = append(att, x)
		}
		saved, err := l.svc.Activities.Record(ctx, a, att)
		if err != nil {
			return fmt.Errorf("activity %s: %w", sp.title, err)
		}
		if sp.photos > 0 {
			var files []store.NewAttachment
			for k := range sp.photos {
				files = append(files, store.NewAttachment{Filename: fmt.Sprintf("%s-%d.png", sp.on, k+1), Data: demoPhoto(i*10 + k)})
			}
			if _, err := l.s.AddActivityPhotos(ctx, b.org.ID, saved.ID, files); err != nil {
				return fmt.Errorf("photos of %s: %w", sp.title, err)
			}
		}
		if sp.bulletin != nil {
			if err := l.bulletin(b, saved, *sp.bulletin); err != nil {
				return fmt.Errorf("bulletin of %s: %w", sp.title, err)
			}
		}
	}
	if err := l.stance(b); err != nil {
		return err
	}
	// The rules are the branch's own (no national version): the store
	// records them as the plan states them.
	for _, v := range rules.SeedActivityLayer(b.org.ID, day(2018, 1, 1)) {
		if err := l.s.AddRuleVersion(ctx, v); err != nil {
			return fmt.Errorf("activity layer: %w", err)
		}
	}
	return nil
}

// bulletin writes a bulletin from activity a and takes it through review
// and approval to publication on its day.
func (l *loader) bulletin(b *built, a zhibu.Activity, sp bulletinSpec) error {
	draft, err := l.svc.Activities.DraftFrom(l.ctx, b.org.ID, a.ID)
	if err != nil {
		return err
	}
	draft.Title, draft.Channels = sp.title, sp.channels
	saved, err := l.svc.Activities.Draft(l.ctx, draft)
	if err != nil || sp.published.IsZero() {
		return err
	}
	for _, next := range []zhibu.BulletinStatus{zhibu.BulletinReviewed, zhibu.BulletinApproved, zhibu.BulletinPublished} {
		if _, err := l.s.StepBulletin(l.ctx, b.org.ID, saved.ID, next, "", sp.published); err != nil {
			return err
		}
	}
	return nil
}

// stance records the unfiled stance meeting and the viewpoints of the
// first, filed one.
func (l *loader) stance(b *built) error {
	rec, err := l.meeting(b, seedRoles, unfiledStance, rand.New(rand.NewPCG(2025, 1211)), map[string][]zhibu.Person{})
	if err != nil {
		return err
	}
	if _, err := l.s.SaveMeetingsBulk(l.ctx, []store.MeetingRecord{rec}); err != nil {
		return fmt.Errorf("stance meeting: %w", err)
	}
	ms, err := l.s.Meetings(l.ctx, store.MeetingFilter{OrgID: b.org.ID, Type: zhibu.MeetStance, From: at(day(2025, 8, 28), 0, 0), To: at(day(2025, 8, 29), 0, 0)})
	if err != nil || len(ms) != 1 {
		return fmt.Errorf("stance meeting of 28 August 2025: %d found, %v", len(ms), err)
	}
	r := zhibu.StanceRecord{MeetingID: ms[0].ID, Observers: "局纪委派驻纪检组干部胡海燕（政治部）列席指导"}
	for _, v := range []struct{ who, points, examples string }{
		{"张志刚", "坚决维护社会稳定和长治久安总目标，旗帜鲜明反对“两面人”。", "结合辖区某案件，讲清对错误言行要敢于亮剑。"},
		{"艾力·买买提", "作为少数民族党员，带头发声，讲好民族团结故事。", "在结亲走访中主动宣讲政策，澄清错误说法。"},
		{"马文斌", "严守政治纪律和政治规矩，对违规言行零容忍。", ""},
		{"刘晓燕", "用好网络自媒体平台，主动发声，占领网络阵地。", "在“今日头条”账号发布辟谣信息。"},
	} {
		id, err := b.id(v.who)
		if err != nil {
			return err
		}
		r.Viewpoints = append(r.Viewpoints, zhibu.Viewpoint{PersonID: id, PersonName: v.who, Points: v.points, Examples: v.examples})
	}
	return l.svc.Activities.RecordStance(l.ctx, r)
}

// demoPhoto is a small picture (PNG) that differs with n.
func demoPhoto(n int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for y := range 24 {
		for x := range 32 {
			img.Set(x, y, color.RGBA{R: uint8(180 + n*7%60), G: uint8(20 + x*3), B: uint8(20 + y*4), A: 255})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}
