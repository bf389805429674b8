package zhibu

import (
	"strings"
	"testing"
)

// TestRectCampaignValidate: each bad field is named in Chinese; a good
// campaign passes, and a remedy due after it is refused under 整改时限.
func TestRectCampaignValidate(t *testing.T) {
	t.Parallel()
	good := RectCampaign{Year: 2025, Title: "2025年整改", StartOn: MakeDate(2025, 10, 15), ChecksDue: MakeDate(2025, 12, 31), RemediesDue: MakeDate(2026, 6, 30)}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		edit  func(*RectCampaign)
		field string
		want  string
	}{
		{func(c *RectCampaign) { c.Title = "" }, "title", "整改活动名称：不能为空"},
		{func(c *RectCampaign) { c.StartOn = MakeDate(2024, 12, 1) }, "start_on", "开始日期：应在2025年或次年内"},
		{func(c *RectCampaign) { c.StartOn = MakeDate(2026, 1, 2); c.ChecksDue = MakeDate(2026, 2, 1) }, "start_on", "开始日期：应在2025年内"},
		{func(c *RectCampaign) { c.ChecksDue = MakeDate(2025, 10, 1) }, "checks_due", "自查完成日期：不能早于开始日期"},
		{func(c *RectCampaign) { c.RemediesDue = MakeDate(2025, 12, 1) }, "remedies_due", "整改完成日期：不能早于自查完成日期"},
		{func(c *RectCampaign) { c.RemediesDue = MakeDate(2027, 1, 1) }, "remedies_due", "整改完成日期：应在2025年或次年内"},
		{func(c *RectCampaign) { c.ChecksDue = Date{} }, "checks_due", "自查完成日期：不能为空"},
	} {
		x := good
		c.edit(&x)
		ps, _ := x.Validate().(Problems)
		if got := ps.For(c.field); got == "" || !strings.Contains(ps.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.field, ps, c.want)
		}
	}
	if err := good.CheckDeadline(Remedy{Deadline: MakeDate(2026, 6, 30)}); err != nil {
		t.Error(err)
	}
	ps, _ := good.CheckDeadline(Remedy{Deadline: MakeDate(2026, 7, 1)}).(Problems)
	if ps.For("deadline") == "" || !strings.Contains(ps.Error(), "整改时限：不能晚于“2025年整改”规定的整改完成日期2026年6月30日") {
		t.Errorf("late deadline: %v", ps)
	}
}
