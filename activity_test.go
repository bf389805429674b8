package zhibu

import (
	"strings"
	"testing"
)

func TestActivityValidate(t *testing.T) {
	today := MakeDate(2026, 7, 1)
	ok := Activity{Kind: ActivityThemed, Title: "七一活动", HeldOn: today, OrganizerID: 1, Occasion: OccasionJuly1}
	if err := ok.Validate(today, []Attendance{{PersonID: 1, Status: AttendPresent}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		a     func(Activity) Activity
		att   []Attendance
		field string
		msg   string
	}{
		{"unknown kind", func(a Activity) Activity { a.Kind = "party"; return a }, nil, "kind", "活动类型"},
		{"unknown occasion", func(a Activity) Activity { a.Occasion = "may4"; return a }, nil, "occasion", "时间节点"},
		{"blank title", func(a Activity) Activity { a.Title = "  "; return a }, nil, "title", "活动名称：不能为空"},
		{"long title", func(a Activity) Activity { a.Title = strings.Repeat("长", 61); return a }, nil, "title", "不能超过60个字"},
		{"tomorrow", func(a Activity) Activity { a.HeldOn = today.AddDays(1); return a }, nil, "held_on", "不能晚于今天"},
		{"no date", func(a Activity) Activity { a.HeldOn = Date{}; return a }, nil, "held_on", "不能为空"},
		{"no organizer", func(a Activity) Activity { a.OrganizerID = 0; return a }, nil, "organizer_id", "组织人"},
		{"liaison without officer", func(a Activity) Activity { a.Kind = ActivityLiaison; return a }, nil, "liaison_id", "须指定联络员"},
		{"officer without liaison", func(a Activity) Activity { a.LiaisonID = 3; return a }, nil, "liaison_id", "只有联络活动"},
		{"campaign without campaign", func(a Activity) Activity { a.Kind = ActivityCampaign; return a }, nil, "campaign_id", "专项教育"},
		{"item without campaign", func(a Activity) Activity { a.ItemID = 4; return a }, nil, "item_id", "计划事项"},
		{"twice", func(a Activity) Activity { return a }, []Attendance{{PersonID: 1, Status: AttendPresent}, {PersonID: 1, Status: AttendAbsent}}, "attendance", "只能登记一次"},
		{"leave without reason", func(a Activity) Activity { return a }, []Attendance{{PersonID: 1, PersonName: "李娜", Status: AttendExcused}}, "attendance", "李娜请假须填写原因"},
	} {
		err := c.a(ok).Validate(today, c.att)
		ps, _ := err.(Problems)
		found := false
		for _, p := range ps {
			found = found || (p.Field == c.field && strings.Contains(p.Message, c.msg))
		}
		if !found {
			t.Errorf("%s: %v, want %s: %s", c.name, err, c.field, c.msg)
		}
	}
	a := Activity{}
	a.Count([]Attendance{{Status: AttendPresent}, {Status: AttendExcused}, {Status: AttendAbsent}, {Status: AttendPresent}})
	if a.Expected != 4 || a.Present != 2 || a.Excused != 1 || a.Absent != 1 {
		t.Errorf("counts %+v", a)
	}
}

func TestCampaignValidate(t *testing.T) {
	c := Campaign{Title: "学讲话、转作风、促落实", StartsOn: MakeDate(2025, 3, 1), EndsOn: MakeDate(2025, 11, 30),
		Items: []CampaignItem{{Title: "动员", DueOn: MakeDate(2025, 3, 1)}, {Title: "总结", DueOn: MakeDate(2025, 11, 30)}}}
	if err := c.Validate(); err != nil {
		t.Fatalf("items on the first and last day: %v", err)
	}
	for _, x := range []struct {
		name string
		c    func(Campaign) Campaign
		msg  string
	}{
		{"item a day early", func(c Campaign) Campaign { c.Items[0].DueOn = MakeDate(2025, 2, 28); return c }, "第1项计划：完成时限应在专项教育期间"},
		{"item a day late", func(c Campaign) Campaign { c.Items[1].DueOn = MakeDate(2025, 12, 1); return c }, "第2项计划：完成时限应在专项教育期间"},
		{"backwards", func(c Campaign) Campaign { c.EndsOn = MakeDate(2025, 2, 1); return c }, "结束日期：不能早于开始日期"},
		{"over two years", func(c Campaign) Campaign { c.EndsOn = MakeDate(2027, 3, 2); return c }, "不能超过两年"},
		{"no items", func(c Campaign) Campaign { c.Items = nil; return c }, "计划事项：至少填写一项"},
		{"blank item", func(c Campaign) Campaign { c.Items[1].Title = ""; return c }, "第2项计划：事项不能为空"},
	} {
		cc := c
		cc.Items = append([]CampaignItem(nil), c.Items...)
		err := x.c(cc).Validate()
		if err == nil || !strings.Contains(err.Error(), x.msg) {
			t.Errorf("%s: %v, want %s", x.name, err, x.msg)
		}
	}
	c.Items[0].ActivityID = 9
	if done, total := c.Progress(); done != 1 || total != 2 {
		t.Errorf("progress %d/%d", done, total)
	}
}

// Every step of a bulletin from every status: only the workflow's.
func TestBulletinSteps(t *testing.T) {
	allowed := map[[2]BulletinStatus]bool{
		{BulletinDraft, BulletinReviewed}:     true,
		{BulletinReviewed, BulletinApproved}:  true,
		{BulletinApproved, BulletinPublished}: true,
		{BulletinReviewed, BulletinDraft}:     true, // returned by the secretary
		{BulletinApproved, BulletinDraft}:     true,
	}
	all := []BulletinStatus{BulletinDraft, BulletinReviewed, BulletinApproved, BulletinPublished}
	for _, from := range all {
		for _, to := range all {
			err := Bulletin{Status: from}.CheckStep(to, "退回原因")
			if ok := err == nil; ok != allowed[[2]BulletinStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, err)
			}
		}
	}
	if err := (Bulletin{Status: BulletinReviewed}).CheckStep(BulletinDraft, " "); err == nil || !strings.Contains(err.Error(), "退回时须说明原因") {
		t.Errorf("a return without a note: %v", err)
	}
	b := Bulletin{Title: "标题", Body: "第一段\r\n\r\n  第二段  \n", Channels: []Channel{ChannelToutiao, ChannelToutiao}}
	if err := b.Validate(); err == nil || !strings.Contains(err.Error(), "今日头条选择了不止一次") {
		t.Errorf("a channel twice: %v", err)
	}
	if p := b.Paragraphs(); len(p) != 2 || p[1] != "第二段" {
		t.Errorf("paragraphs %q", p)
	}
	if (Bulletin{Year: 2026, Issue: 3}).IssueLabel() != "2026年第3期" || (Bulletin{}).IssueLabel() != "" {
		t.Error("issue label")
	}
}

func TestStanceRecordValidate(t *testing.T) {
	ok := StanceRecord{MeetingID: 1, Observers: "政治部", Viewpoints: []Viewpoint{{PersonID: 1, Points: "观点"}, {PersonID: 2, Points: "观点", Examples: "实例"}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		v   []Viewpoint
		msg string
	}{
		{[]Viewpoint{{PersonID: 1, PersonName: "张三"}}, "张三的主要观点不能为空"},
		{[]Viewpoint{{PersonID: 1, Points: "a"}, {PersonID: 1, PersonName: "张三", Points: "b"}}, "张三登记了不止一次"},
		{[]Viewpoint{{Points: "a"}}, "请选择发言人"},
		{[]Viewpoint{{PersonID: 1, Points: strings.Repeat("长", 1001)}}, "不能超过1000个字"},
	} {
		if err := (StanceRecord{Viewpoints: r.v}).Validate(); err == nil || !strings.Contains(err.Error(), r.msg) {
			t.Errorf("%+v: %v, want %s", r.v, err, r.msg)
		}
	}
}
