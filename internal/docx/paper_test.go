package docx

import (
	"slices"
	"testing"

	"zhibu"
)

// TestPaper opens the research paper's .docx (the zip and its XML parts,
// as a reader does) and reads its paragraphs back.
func TestPaper(t *testing.T) {
	p := zhibu.Paper{OrgName: "第三党支部", Year: 2025, Topic: "创新党员民警教育方式方法"}
	d := zhibu.Draft{Version: 2, Title: "创新党员民警教育方式方法的探索", SavedOn: zhibu.MakeDate(2025, 11, 20),
		Body: "一、现状\n支部共有党员民警二十余名。\n二、对策\n（一）结合执法实践\n开展专题研讨 & <交流>。"}
	parts := unzip(t, Paper(p, d))
	for name, b := range parts {
		if err := parseAll(b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	got := texts(paragraphs(t, parts["word/document.xml"]))
	for _, want := range []string{"创新党员民警教育方式方法的探索", "调研专题：创新党员民警教育方式方法", "撰写单位：第三党支部",
		"一、现状", "支部共有党员民警二十余名。", "（一）结合执法实践", "开展专题研讨 & <交流>。", "第三党支部", "2025年11月20日"} {
		if !slices.Contains(got, want) {
			t.Errorf("no paragraph %q in %q", want, got)
		}
	}
}
