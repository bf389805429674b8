package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhibu"
	"zhibu/internal/store"
)

// devStep records a step on a person's development file through the page's
// form: the branch's form (#record) or the superior's (#approve). It
// chooses the step as a person does (the chooser reloads the page with the
// step's form: app.js submits it on change), fills the fields given (by
// name) and submits; the page it lands on is returned with its status.
func (b *tab) devStep(file, form string, fields map[string]string) int64 {
	b.t.Helper()
	param := "step"
	if form == "#approve" {
		param = "approval"
	}
	chosen := file + "?" + param + "=" + fields["step"] + form
	if loc := b.location(); loc != chosen {
		if loc != file {
			b.open(file)
		}
		sel := form + ` select[name="` + param + `"]`
		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(function(s){s.value=`+strconv.Quote(fields["step"])+
			`;s.dispatchEvent(new Event("change"));return true})(document.querySelector(`+strconv.Quote(sel)+`))`)); err != nil {
			b.t.Fatalf("choose step %s: %v", fields["step"], err)
		}
		b.waitText(b.base+chosen, "记录第"+fields["step"]+"步")
	}
	for name, v := range fields {
		if name == "step" {
			continue // the form is the chosen step's
		}
		sel := form + ` form[method="post"] [name="` + name + `"]`
		if name == "special" {
			b.do("tick "+name, chromedp.Click(chromedp.CSS(sel)))
			continue
		}
		b.do("fill "+name, chromedp.SetValue(chromedp.CSS(sel), v))
	}
	return click(b, chromedp.CSS(form+` form[method="post"] button[type="submit"]`))
}

// assemblyOn stores a held general assembly of the seed branch on day on,
// every member expected present, with one resolution carried by all: the
// meetings module's own pages are tested elsewhere.
func assemblyOn(t *testing.T, st *site, on zhibu.Date, text string) int64 {
	t.Helper()
	expected, err := st.s.Expected(sys, st.zb03.ID, zhibu.MeetAssembly, on)
	if err != nil {
		t.Fatal(err)
	}
	var att []zhibu.Attendance
	for _, p := range expected {
		att = append(att, zhibu.Attendance{PersonID: p.ID, Status: zhibu.AttendPresent})
	}
	n := len(expected)
	m, err := st.s.SaveMeeting(sys, zhibu.Meeting{OrgID: st.zb03.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
		StartsAt: time.Date(on.Year, on.Month, on.Day, 15, 0, 0, 0, zhibu.DefaultZone), ChairID: expected[0].ID, RecorderID: expected[1].ID,
		Topics: []string{text}, Minutes: "举手表决。", Resolutions: []zhibu.Resolution{{Text: text, For: n, Entitled: n, Present: n}}}, att)
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// TestBrowserDevelopment walks 沈佳怡 of the seed branch from her
// application to her confirmation as a full member through the development
// file's forms, the branch's steps as 组织委员 and the superior's as
// 局党委委员, with past dates; a candidate designated a day before a year of
// cultivation, and a confirmation a day before the probation ends, are
// refused with the rule.
func TestBrowserDevelopment(t *testing.T) {
	start := time.Now()
	defer func() { t.Logf("%.2fs", time.Since(start).Seconds()) }()
	// The site and the assemblies first: a tab's time starts with it.
	st := newSite(t)
	p := st.person(t, "沈佳怡")
	if p.Status != zhibu.Masses {
		t.Fatalf("沈佳怡 is %s", p.Status)
	}
	file := "/people/" + ids(p.ID) + "/development"
	mentor, sponsor := st.person(t, "王建新"), st.person(t, "张志刚")
	admit := assemblyOn(t, st, zhibu.MakeDate(2024, 3, 20), "接收沈佳怡为中共预备党员")
	early := assemblyOn(t, st, zhibu.MakeDate(2025, 3, 19), "沈佳怡同志转正（提前一天）")
	confirm := assemblyOn(t, st, zhibu.MakeDate(2025, 3, 20), "沈佳怡同志按期转正")
	// The walk is some fifty pages and forms: its tabs get two minutes, a
	// guard against a hang rather than a measure of speed (on a quiet
	// machine it takes about 30 s, under a load of 15 longer).
	b := newTabWithin(t, 2*time.Minute)
	b.use(st)
	sup := newTabWithin(t, 2*time.Minute)
	sup.use(st)

	b.login("组织委员")
	sup.login("局党委委员")
	// From the branch's development overview to her file.
	b.open("/orgs/" + ids(st.zb03.ID) + "/development")
	b.want("main", "年度党员发展计划", "入党积极分子", "发展对象", "预备党员", "谢宇航")
	b.open(file)
	b.want("main", "沈佳怡 发展档案", "尚未记录发展步骤", "第1步 递交入党申请书")

	branch := func(step int, on string, more ...string) {
		t.Helper()
		fields := map[string]string{"step": strconv.Itoa(step)}
		if on != "" {
			fields["on"] = on
		}
		for i := 0; i+1 < len(more); i += 2 {
			fields[more[i]] = more[i+1]
		}
		if status := b.devStep(file, "#record", fields); status != http.StatusOK {
			t.Fatalf("step %d: %d", step, status)
		}
		b.want(".flash", "已记录第"+strconv.Itoa(step)+"步")
	}
	superior := func(step int, on string) {
		t.Helper()
		if status := sup.devStep(file, "#approve", map[string]string{"step": strconv.Itoa(step), "on": on}); status != http.StatusOK {
			t.Fatalf("superior step %d: %d", step, status)
		}
		sup.want(".flash", "已记录第"+strconv.Itoa(step)+"步")
	}
	branch(1, "2023-01-10")
	branch(2, "2023-01-20")
	branch(3, "2023-02-01")
	superior(4, "2023-02-03")
	b.open(file)
	branch(5, "2023-02-03", "person1", ids(mentor.ID))
	branch(6, "2023-08-01")
	branch(6, "2024-01-15")

	// A day before a year of cultivation: refused, with the rule.
	if status := b.devStep(file, "#record", map[string]string{"step": "7", "on": "2024-01-31"}); status != http.StatusUnprocessableEntity {
		t.Fatalf("too early a candidate: %d", status)
	}
	b.want(".problems", "dev.candidate.after", "最早可于2024-02-01确定为发展对象")
	if got := st.person(t, "沈佳怡"); got.Status != zhibu.Activist {
		t.Fatalf("after the refusal 沈佳怡 is %s", got.Status)
	}
	b.open(file)
	b.want("#next-step", "第7步 确定发展对象", "2024-02-01")
	branch(7, "2024-02-01")
	superior(8, "2024-02-05")
	b.open(file)
	branch(9, "2024-02-06", "person1", ids(mentor.ID), "person2", ids(sponsor.ID))
	branch(10, "2024-02-10")
	branch(11, "2024-02-15", "days", "3")
	branch(12, "2024-02-20")
	superior(13, "2024-03-01")
	b.open(file)
	branch(14, "2024-03-05")
	branch(15, "", "vote", ids(admit)+":1")
	b.want("#dev-steps", "应到会有表决权的正式党员")
	if got := st.person(t, "沈佳怡"); got.Status != zhibu.Probationary || got.AdmittedOn != zhibu.MakeDate(2024, 3, 20) {
		t.Fatalf("after the vote: %s admitted %s", got.Status, got.AdmittedOn)
	}
	superior(16, "2024-03-25")
	superior(17, "2024-04-01")
	b.open(file)
	branch(18, "2024-04-03")
	branch(19, "2024-04-03")
	branch(20, "2024-04-05")
	branch(21, "2024-09-01")
	branch(22, "2025-03-01")

	// A day before the year of probation ends: refused.
	if status := b.devStep(file, "#record", map[string]string{"step": "23", "outcome": "confirm", "vote": ids(early) + ":1"}); status != http.StatusUnprocessableEntity {
		t.Fatalf("too early a confirmation: %d", status)
	}
	b.want(".problems", "dev.confirm.after", "2025-03-20")
	b.open(file)
	branch(23, "", "outcome", "confirm", "vote", ids(confirm)+":1")
	superior(24, "2025-04-10")
	b.open(file)
	branch(25, "2025-04-20")
	b.want("#next-step", "25个步骤已全部完成")

	got := st.person(t, "沈佳怡")
	if got.Status != zhibu.FullMember || got.ConfirmedOn != zhibu.MakeDate(2025, 3, 20) || got.AppliedOn != zhibu.MakeDate(2023, 1, 10) ||
		got.CandidateOn != zhibu.MakeDate(2024, 2, 1) {
		t.Fatalf("at the end: %+v", got)
	}
	b.open("/people/" + ids(p.ID))
	b.want("main", "正式党员", "2025-03-20")
	f, err := st.s.DevFile(sys, p.ID)
	if err != nil || len(f.Records) != 26 {
		t.Fatalf("file: %d records, %v", len(f.Records), err)
	}
	ms, _ := st.s.DevMaterials(sys, p.ID)
	b.open(file)
	b.want("#missing", "缺少"+strconv.Itoa(len(f.Missing(ms)))+"份材料")
	// The branch's officer is not offered the superior's form, nor the
	// superior the branch's.
	if b.has("#approve") || sup.has("#record") {
		t.Errorf("a form offered to the wrong side")
	}
	recs, _, err := st.s.AuditRecords(sys, store.AuditFilter{Action: "dev.step", ObjectID: ids(p.ID), Limit: 100})
	if err != nil || len(recs) != 26 || !strings.Contains(recs[0].Detail, "沈佳怡") {
		t.Errorf("audit: %d records, %v", len(recs), err)
	}
	if dir := os.Getenv("ZHIBU_SCREENSHOTS"); dir != "" {
		b.open(file)
		b.screenshot(filepath.Join(dir, "development-file.png"), true)
		b.open("/orgs/" + ids(st.zb03.ID) + "/development")
		b.screenshot(filepath.Join(dir, "development.png"), true)
		b.open("/people/" + ids(st.person(t, "吴昊").ID) + "/development")
		b.screenshot(filepath.Join(dir, "development-probationary.png"), true)
		b.open("/orgs/" + ids(st.zb03.ID) + "/compliance")
		b.screenshot(filepath.Join(dir, "development-calendar.png"), true)
	}
}
