package docx

import (
	"fmt"
	"strings"
	"time"

	"zhibu"
)

// MinutesInfo is what the minutes show that the meeting record holds only
// by id: names of the org and the people, and of the attachments.
type MinutesInfo struct {
	OrgName      string // 第三党支部
	ChairName    string // 主持人
	RecorderName string // 记录人
	LecturerName string // 授课人, shown for lectures (or whenever given)
	// The people expected, by how they attended; an excused one with the
	// reason, as 张三（出差）.
	Present, Excused, Absent []string
	Attachments              []string // names of the attached files
	// Zone is where the meeting's time is read; nil is zhibu.DefaultZone.
	Zone *time.Location
}

// Minutes lays out a meeting's record (会议记录) as branches hand it to
// their superior: the title <org><type>记录; the labelled lines 时间, 地点,
// 主持人, 记录人, 授课人 (lectures), attendance counts and names; a 补录 note
// for a record entered after the meeting's date; 议题 as a numbered list;
// 会议内容 from the minutes' Markdown (see Doc.Markdown); 决议 with each
// resolution's votes and outcome; the attachments; and lines for the
// recorder's and chair's signatures. A cancelled meeting shows its reason
// in place of attendance, minutes and signatures; a planned one shows only
// what was planned (time, place, people, topics).
func Minutes(m zhibu.Meeting, info MinutesInfo) *Doc {
	loc := info.Zone
	if loc == nil {
		loc = zhibu.DefaultZone
	}
	title := minutesTitle(strings.TrimSpace(info.OrgName), m.Type.Label())
	d := New()
	d.Props = Props{Title: title, Subject: "会议记录", Creator: info.OrgName, Created: m.EnteredAt}
	d.Title(title)

	when := ""
	if !m.StartsAt.IsZero() {
		t := m.StartsAt.In(loc)
		when = zhibu.DateOf(t).Chinese() + " " + t.Format("15:04")
	}
	d.Field("时间", when)
	if strings.TrimSpace(m.Place) != "" {
		d.Field("地点", m.Place)
	}
	d.Field("主持人", info.ChairName)
	d.Field("记录人", info.RecorderName)
	if m.Type == zhibu.MeetLecture || info.LecturerName != "" {
		d.Field("授课人", info.LecturerName)
	}
	cancelled := m.Status == zhibu.MeetingCancelled
	held := !cancelled && m.Status != zhibu.MeetingPlanned
	if held {
		exp, pre, exc, abs := m.Expected, m.Present, m.Excused, m.Absent
		if exp == 0 && pre+exc+abs == 0 {
			pre, exc, abs = len(info.Present), len(info.Excused), len(info.Absent)
			exp = pre + exc + abs
		}
		d.Field("到会情况", fmt.Sprintf("应到%d人，实到%d人，请假%d人，缺席%d人", exp, pre, exc, abs))
		d.Field("出席人员", names(info.Present))
		d.Field("请假人员", names(info.Excused))
		d.Field("缺席人员", names(info.Absent))
	}
	if m.LateIn(loc) {
		t := m.EnteredAt.In(loc)
		d.add(block{kind: kField, text: "（补录，录入时间：" + zhibu.DateOf(t).Chinese() + " " + t.Format("15:04") + "）"})
	}
	if cancelled {
		d.Field("会议已取消", m.CancelReason)
	}

	var topics []string
	for _, t := range m.Topics {
		if t = strings.TrimSpace(t); t != "" {
			topics = append(topics, t)
		}
	}
	// Minutes that list the agenda themselves (as the demo's and many
	// branches' do: "**议题**" and the list) show it once, there.
	if len(topics) > 0 && !(held && listsTopics(m.Minutes)) {
		d.Label("议题：")
		for i, t := range topics {
			d.Para(numbered(i, len(topics), t))
		}
	}
	if held && strings.TrimSpace(m.Minutes) != "" {
		d.Label("会议内容：")
		d.Markdown(m.Minutes)
	}
	if held && len(m.Resolutions) > 0 {
		d.Label("决议：")
		for i, r := range m.Resolutions {
			d.Para(numbered(i, len(m.Resolutions), strings.TrimSpace(r.Text)))
			d.Para(votes(r))
		}
	}
	d.Attachments(info.Attachments)
	if held {
		d.SignLine("记录人签字", "主持人签字")
	}
	return d
}

// minutesTitle is org + type + 记录, with the words they share written
// once: 第一党小组 + 党小组会 is 第一党小组会记录, 第三党支部 + 支部党员大会
// is 第三党支部党员大会记录.
func minutesTitle(org, label string) string {
	o, l := []rune(org), []rune(label)
	for n := min(len(o), len(l)); n >= 2; n-- {
		if string(o[len(o)-n:]) == string(l[:n]) {
			return org + string(l[n:]) + "记录"
		}
	}
	return org + label + "记录"
}

// listsTopics reports whether minutes have a line naming the agenda as a
// heading or label of their own: 议题, 会议议题 or 党课题目, with or without
// Markdown marks and a colon.
func listsTopics(minutes string) bool {
	for _, line := range strings.Split(minutes, "\n") {
		line = strings.Trim(strings.TrimSpace(line), "#*：: \t")
		switch {
		case line == "议题", line == "会议议题", line == "党课题目", strings.HasPrefix(line, "党课题目**"):
			return true
		}
	}
	return false
}

func names(list []string) string {
	var ns []string
	for _, n := range list {
		if n = strings.TrimSpace(n); n != "" {
			ns = append(ns, n)
		}
	}
	if len(ns) == 0 {
		return "无"
	}
	return strings.Join(ns, "、")
}

func numbered(i, n int, text string) string {
	if n == 1 {
		return text
	}
	return fmt.Sprintf("%d.%s", i+1, text)
}

// votes is the line 表决：赞成N票，反对N票，弃权N票（应参加表决N人），通过。
func votes(r zhibu.Resolution) string {
	s := fmt.Sprintf("表决：赞成%d票，反对%d票，弃权%d票", r.For, r.Against, r.Abstain)
	if r.Entitled > 0 {
		s += fmt.Sprintf("（应参加表决%d人）", r.Entitled)
	}
	switch {
	case r.Passed():
		s += "，通过。"
	case r.Entitled > 0 && !r.QuorumMet():
		s += "，未通过（到会有表决权的党员未过半数）。"
	default:
		s += "，未通过。"
	}
	return s
}
