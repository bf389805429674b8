package docx

import (
	"strings"
	"testing"

	"zhibu"
)

// TestRectification opens the branch's report (the zip and its XML
// parts) and reads back its paragraphs: the title, the superior, the
// counts, each problem's findings and remedies with their linked records,
// and the signature.
func TestRectification(t *testing.T) {
	t.Parallel()
	p2, _ := zhibu.RectProblemOf(2)
	r := RectificationReport{Org: "第三党支部", Superior: "市公安局党委", Year: 2025, AsOf: zhibu.MakeDate(2026, 1, 10)}
	for _, p := range zhibu.RectProblems {
		r.Problems = append(r.Problems, RectProblemReport{Problem: p})
	}
	r.Problems[1] = RectProblemReport{Problem: p2, Findings: []string{"2025年第三季度未召开党员大会"},
		Remedies: []zhibu.Remedy{{Issue: "党员大会未按期召开", Measure: "补开党员大会", OwnerName: "李娜", Deadline: zhibu.MakeDate(2025, 12, 31),
			Evidence: "已补开", DoneOn: zhibu.MakeDate(2025, 11, 30), SignedOn: zhibu.MakeDate(2025, 12, 1),
			Links: []zhibu.RecordLink{{Kind: zhibu.SearchMeeting, ID: 7, Title: "2025-11-30 支部党员大会"}}}}}
	parts := unzip(t, Rectification(r))
	for name, b := range parts {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			if err := parseAll(b); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	all := strings.Join(texts(paragraphs(t, parts["word/document.xml"])), "\n")
	for _, want := range []string{
		"第三党支部关于2025年基层党建基础工作整改情况的报告",
		"市公安局党委：",
		"共发现1类问题，制定整改措施1项，已整改销号1项",
		"一、支部委员会未按期换届", "经自查，未发现此类问题。",
		"二、“三会一课”制度落实不到位", "1．2025年第三季度未召开党员大会",
		"整改措施：补开党员大会。责任人：李娜，整改时限：2025年12月31日。进展：已销号；已补开（佐证记录：2025-11-30 支部党员大会）；2025年12月1日书记确认销号。",
		"2026年1月10日",
	} {
		if !strings.Contains(all, want) && !strings.Contains(strings.ReplaceAll(all, "\n", ""), want) { // a long title is broken into lines
			t.Errorf("the report lacks %q:\n%s", want, all)
		}
	}
}

// TestRectificationCampaign reads back the report of a branch under its
// committee's campaign: the opening paragraph names the campaign.
func TestRectificationCampaign(t *testing.T) {
	t.Parallel()
	r := RectificationReport{Org: "第三党支部", Superior: "市公安局党委", Year: 2025, AsOf: zhibu.MakeDate(2026, 1, 10),
		Campaign: "2025年基层党建基础工作整改", CampaignBy: "天山市公安局党委"}
	for _, p := range zhibu.RectProblems {
		r.Problems = append(r.Problems, RectProblemReport{Problem: p})
	}
	all := strings.Join(texts(paragraphs(t, unzip(t, Rectification(r))["word/document.xml"])), "")
	if want := "按照天山市公安局党委“2025年基层党建基础工作整改”的部署要求，我支部对照五类突出问题开展自查"; !strings.Contains(all, want) {
		t.Errorf("the report lacks %q:\n%s", want, all)
	}
}
