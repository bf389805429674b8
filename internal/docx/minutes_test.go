package docx

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"zhibu"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixedMeeting is a held committee meeting recorded three days late, with
// minutes that use every part of the Markdown subset and characters that
// need escaping.
func fixedMeeting() (zhibu.Meeting, MinutesInfo) {
	m := zhibu.Meeting{
		ID:       42,
		OrgID:    3,
		Type:     zhibu.MeetCommittee,
		Status:   zhibu.MeetingHeld,
		StartsAt: time.Date(2018, 3, 5, 15, 0, 0, 0, zhibu.DefaultZone),
		Place:    "分局三楼党员活动室",
		Topics: []string{
			"传达学习上级党委关于加强基层党组织建设的通知精神",
			"研究确定2018年度发展党员工作计划",
			"讨论第一季度主题党日活动安排",
		},
		Minutes: "书记张建国主持会议，传达了上级党委通知精神。\n与会支委逐条学习，\n并结合分局工作实际进行了讨论。\n\n" +
			"一、学习传达情况\n" +
			"（一）原文学习\n" +
			"会议集中学习了通知原文，要求各党小组在3月15日前组织学习。\n\n" +
			"（二）交流发言\n" +
			"1.李明同志发言\n" +
			"要结合“两学一做”学习教育常态化制度化，抓好日常学习。\n\n" +
			"二、发展党员计划\n" +
			"- 全年计划发展党员2名\n" +
			"- 确定入党积极分子3名\n\n" +
			"会议指出，A&B <考核> \"标准\" 按上级文件执行。",
		EnteredAt: time.Date(2018, 3, 8, 10, 20, 0, 0, zhibu.DefaultZone),
		Expected:  7,
		Present:   5,
		Excused:   1,
		Absent:    1,
		Resolutions: []zhibu.Resolution{
			{Text: "同意将王芳同志列为入党积极分子。", For: 5, Against: 0, Abstain: 0, Entitled: 7},
			{Text: "同意第一季度主题党日到革命纪念馆开展参观学习。", For: 3, Against: 1, Abstain: 1, Entitled: 7},
		},
		Filing: zhibu.FilingNone,
	}
	info := MinutesInfo{
		OrgName:      "第三党支部",
		ChairName:    "张建国",
		RecorderName: "刘洋",
		Present:      []string{"张建国", "李明", "王芳", "刘洋", "陈静"},
		Excused:      []string{"赵强（出差）"},
		Absent:       []string{"孙磊"},
		Attachments:  []string{"会议签到表", "发展党员工作计划（草案）"},
	}
	return m, info
}

func TestMinutesGolden(t *testing.T) {
	doc := unzip(t, Minutes(fixedMeeting()))["word/document.xml"]
	golden := filepath.Join("testdata", "minutes.docx.xml")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(doc, want) {
		gl, wl := strings.Split(string(doc), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("document.xml differs from %s at line %d:\n got %s\nwant %s\n(run go test -update if the change is intended)", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("document.xml differs from %s in length: %d lines, want %d", golden, len(gl), len(wl))
	}
}

func TestMinutesContent(t *testing.T) {
	ps := paragraphs(t, unzip(t, Minutes(fixedMeeting()))["word/document.xml"])
	got := texts(ps)
	want := []string{
		"第三党支部支委会记录",
		"",
		"时间：2018年3月5日 15:00",
		"地点：分局三楼党员活动室",
		"主持人：张建国",
		"记录人：刘洋",
		"到会情况：应到7人，实到5人，请假1人，缺席1人",
		"出席人员：张建国、李明、王芳、刘洋、陈静",
		"请假人员：赵强（出差）",
		"缺席人员：孙磊",
		"（补录，录入时间：2018年3月8日 10:20）",
		"议题：",
		"1.传达学习上级党委关于加强基层党组织建设的通知精神",
		"2.研究确定2018年度发展党员工作计划",
		"3.讨论第一季度主题党日活动安排",
		"会议内容：",
		"书记张建国主持会议，传达了上级党委通知精神。与会支委逐条学习，并结合分局工作实际进行了讨论。",
		"一、学习传达情况",
		"（一）原文学习",
		"会议集中学习了通知原文，要求各党小组在3月15日前组织学习。",
		"（二）交流发言",
		"1.李明同志发言",
		"要结合“两学一做”学习教育常态化制度化，抓好日常学习。",
		"二、发展党员计划",
		"·全年计划发展党员2名",
		"·确定入党积极分子3名",
		`会议指出，A&B <考核> "标准" 按上级文件执行。`,
		"决议：",
		"1.同意将王芳同志列为入党积极分子。",
		"表决：赞成5票，反对0票，弃权0票（应参加表决7人），通过。",
		"2.同意第一季度主题党日到革命纪念馆开展参观学习。",
		"表决：赞成3票，反对1票，弃权1票（应参加表决7人），未通过。",
		"",
		"附件：1.会议签到表",
		"2.发展党员工作计划（草案）",
		"",
		"记录人签字：　　　　　　　　主持人签字：　　　　　　",
	}
	if !slices.Equal(got, want) {
		t.Errorf("minutes text\n%q\nwant\n%q", got, want)
	}
	styles := map[string]string{}
	for _, p := range ps {
		if _, ok := styles[p.text]; !ok {
			styles[p.text] = p.style
		}
	}
	for text, style := range map[string]string{
		"第三党支部支委会记录":         "Title",
		"一、学习传达情况":           "Heading1",
		"（一）原文学习":            "Heading2",
		"1.李明同志发言":           "Heading3",
		"会议内容：":              "Label",
		"时间：2018年3月5日 15:00": "Field",
		"·全年计划发展党员2名":        "BodyText",
	} {
		if styles[text] != style {
			t.Errorf("%q has style %q, want %q", text, styles[text], style)
		}
	}
}

func TestMinutesVariants(t *testing.T) {
	base, info := fixedMeeting()

	t.Run("cancelled", func(t *testing.T) {
		m := base
		m.Status = zhibu.MeetingCancelled
		m.CancelReason = "遇重大安保任务"
		m.EnteredAt = m.StartsAt.Add(-24 * time.Hour)
		got := strings.Join(texts(paragraphs(t, unzip(t, Minutes(m, info))["word/document.xml"])), "\n")
		if !strings.Contains(got, "会议已取消：遇重大安保任务") {
			t.Errorf("no cancellation line in\n%s", got)
		}
		for _, no := range []string{"到会情况", "会议内容", "决议", "签字", "补录"} {
			if strings.Contains(got, no) {
				t.Errorf("cancelled minutes show %s", no)
			}
		}
	})

	t.Run("planned", func(t *testing.T) {
		m := base
		m.Status = zhibu.MeetingPlanned
		m.EnteredAt = m.StartsAt.Add(-72 * time.Hour)
		got := strings.Join(texts(paragraphs(t, unzip(t, Minutes(m, info))["word/document.xml"])), "\n")
		for _, no := range []string{"到会情况", "会议内容", "决议", "签字", "补录", "取消"} {
			if strings.Contains(got, no) {
				t.Errorf("planned minutes show %s", no)
			}
		}
		if !strings.Contains(got, "议题：") {
			t.Error("planned minutes lack the topics")
		}
	})

	t.Run("lecture on time", func(t *testing.T) {
		m := base
		m.Type = zhibu.MeetLecture
		m.EnteredAt = m.StartsAt.Add(3 * time.Hour)
		m.Resolutions = nil
		m.Expected, m.Present, m.Excused, m.Absent = 0, 0, 0, 0
		in := info
		in.LecturerName = "张建国"
		got := texts(paragraphs(t, unzip(t, Minutes(m, in))["word/document.xml"]))
		for _, want := range []string{"第三党支部党课记录", "授课人：张建国", "到会情况：应到7人，实到5人，请假1人，缺席1人"} {
			if !slices.Contains(got, want) {
				t.Errorf("no %q in %q", want, got)
			}
		}
		for _, l := range got {
			if strings.Contains(l, "补录") || strings.Contains(l, "决议") {
				t.Errorf("unexpected %q", l)
			}
		}
	})

	t.Run("late near midnight", func(t *testing.T) {
		// A meeting at 23:30 on the 31st entered at 00:10 the next day
		// is 补录; the times shown are Beijing time.
		m := base
		m.StartsAt = time.Date(2018, 3, 31, 15, 30, 0, 0, time.UTC)
		m.EnteredAt = time.Date(2018, 3, 31, 16, 10, 0, 0, time.UTC)
		got := texts(paragraphs(t, unzip(t, Minutes(m, info))["word/document.xml"]))
		if !slices.Contains(got, "时间：2018年3月31日 23:30") || !slices.Contains(got, "（补录，录入时间：2018年4月1日 00:10）") {
			t.Errorf("times in %q", got)
		}
	})

	t.Run("quorum", func(t *testing.T) {
		r := zhibu.Resolution{Text: "x", For: 3, Entitled: 7}
		if got := votes(r); got != "表决：赞成3票，反对0票，弃权0票（应参加表决7人），未通过（到会有表决权的党员未过半数）。" {
			t.Error(got)
		}
	})
}

func TestMinutesTitle(t *testing.T) {
	for _, c := range []struct{ org, label, want string }{
		{"第三党支部", "支委会", "第三党支部支委会记录"},
		{"第三党支部", "支部党员大会", "第三党支部党员大会记录"},
		{"第一党小组", "党小组会", "第一党小组会记录"},
		{"第三党支部", "主题党日", "第三党支部主题党日记录"},
		{"", "党课", "党课记录"},
	} {
		if got := minutesTitle(c.org, c.label); got != c.want {
			t.Errorf("minutesTitle(%q, %q) = %q, want %q", c.org, c.label, got, c.want)
		}
	}
}
