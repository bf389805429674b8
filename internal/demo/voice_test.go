package demo_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// voiceRule reports whether a rule is the voice's (disclosure, mailbox,
// paper), whose demo findings TestVoiceFindings checks.
func voiceRule(id string) bool {
	return strings.HasPrefix(id, "disclose.") || id == "mailbox.reply" || id == "paper.annual"
}

// TestVoiceFindings: the seed branch's disclosure, mailbox and paper
// findings are exactly the gaps voice.go plants, 2025 as a past year and
// 2026 as of AsOf.
func TestVoiceFindings(t *testing.T) {
	s := demotest.SQLite(t)
	cat, err := service.New(s, service.Options{}).Compliance.Catalogue(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		year int
		want []string
	}{
		{2025, []string{
			"disclose.branch 第三党支部 2025年下半年 overdue 2025年下半年未公开“党费收缴、使用和管理情况”，应按程序补充公开",
		}},
		{2026, []string{
			"disclose.branch 第三党支部 2026年 due 2026年“党员发展情况”尚未公开，应于2026年12月31日前经保密审查、书记审批后公开",
			"disclose.branch 第三党支部 2026年 due 2026年“党员奖惩情况”尚未公开，应于2026年12月31日前经保密审查、书记审批后公开",
			"disclose.branch 第三党支部 2026年 due 2026年“支部书记抓党建工作述职报告”尚未公开，应于2026年12月31日前经保密审查、书记审批后公开",
			"disclose.branch 第三党支部 2026年 due 2026年“贯彻落实上级决策部署情况”尚未公开，应于2026年12月31日前经保密审查、书记审批后公开",
			"disclose.branch 第三党支部 2026年下半年 due 2026年下半年“党费收缴、使用和管理情况”尚未公开，应于2026年12月31日前经保密审查、书记审批后公开",
			"disclose.branch 第三党支部 2026年下半年 due 2026年下半年“组织生活情况”尚未公开，应于2026年12月31日前经保密审查、书记审批后公开",
			"disclose.procedure 第三党支部 2026年7月 overdue 公开事项“2026年上半年党员发展情况”拟于2026年6月28日公开，至今待保密委员作保密审查，已逾期",
			"mailbox.reply 第三党支部 2026年7月 due 2026年6月25日致副书记的来信（第6号）待答复，答复期限2026年7月10日",
			"mailbox.reply 第三党支部 2026年7月 overdue 2026年6月1日致书记的来信（第5号）超过答复期限2026年6月16日仍未答复，应尽快答复",
			"paper.annual 第三党支部 2026年 due 2026年调研论文应于2026年11月30日前定稿报送上级",
		}},
	} {
		got := voiceProblems(t, s, cat, demo.BranchCode, c.year)
		if !slices.Equal(got, c.want) {
			t.Errorf("%d: findings not ok:\n%s\nwant:\n%s", c.year, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
	// The paper of 2025 was submitted with its second draft; the public
	// item reaches the public page only.
	o := org(t, s, demo.BranchCode)
	p, err := s.Paper(sys, o.ID, 2025)
	if err != nil || p.FinalDraft != 2 || p.SubmittedOn != zhibu.MakeDate(2025, 11, 28) {
		t.Errorf("paper 2025: %+v %v", p, err)
	}
	pub, err := s.Disclosures(sys, store.DisclosureFilter{OrgID: o.ID, Published: true, Audience: zhibu.AudiencePublic})
	if err != nil || len(pub) != 1 || pub[0].Category != zhibu.DiscloseDevelopment {
		t.Errorf("public items: %+v %v", pub, err)
	}
}

func voiceProblems(t *testing.T, s *store.Store, cat rules.Catalogue, code string, year int) []string {
	t.Helper()
	o := org(t, s, code)
	facts, err := s.Facts(sys, o.ID, year, demo.AsOf())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range rules.Check(cat, facts, o.ID, year) {
		if f.Status != zhibu.StatusOK && voiceRule(f.RuleID) {
			out = append(out, f.RuleID+" "+f.SubjectName+" "+f.Period.Label()+" "+string(f.Status)+" "+f.Message)
		}
	}
	sort.Strings(out)
	return out
}
