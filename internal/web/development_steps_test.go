package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"zhibu"
)

// formOf is the HTML of the form with id in page, up to its end.
func formOf(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no form %s in the page", id)
	}
	j := strings.Index(page[i:], "</form>")
	return page[i : i+j]
}

// The step form draws only the fields of the step chosen: the chooser
// reloads the page with ?step=N (?approval=N for the superior's form),
// which works without JavaScript; a step of the other side is not taken;
// a form back with problems keeps its step.
func TestDevelopmentStepForm(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	file := "/people/" + ids(f.id("陈静")) + "/development"
	for _, c := range []struct {
		query      string
		step       string
		want, none []string
	}{
		{"", "1", []string{`name="on"`, `name="note"`, "记录第1步 递交入党申请书"},
			[]string{`name="vote"`, `name="person1"`, `name="days"`, `name="months"`, `name="outcome"`}},
		{"?step=5", "5", []string{`name="on"`, `name="person1"`, `name="person2"`, "培养联系人（一）"},
			[]string{`name="days"`, `name="vote"`, "入党介绍人", `name="outcome"`}},
		{"?step=9", "9", []string{"入党介绍人（一）", "入党介绍人（二）"}, []string{"培养联系人", `name="days"`}},
		{"?step=10", "10", []string{`name="outcome"`, "不合格"}, []string{`name="person1"`, `name="days"`, "转为正式党员"}},
		{"?step=11", "11", []string{`name="days"`, `name="hours"`}, []string{`name="person1"`, `name="vote"`, `name="months"`}},
		{"?step=3", "3", []string{`name="vote"`, "支委会决议", `name="on"`}, []string{`name="person1"`, `name="days"`}},
		{"?step=15", "15", []string{`name="vote"`, "支部大会表决"}, []string{`name="on"`, `name="outcome"`, `name="months"`}},
		{"?step=23", "23", []string{`name="vote"`, `name="outcome"`, "延长预备期", `name="months"`}, []string{`name="on"`, `name="days"`}},
		{"?step=4", "1", nil, nil},  // the superior's step: the branch's form keeps its default
		{"?step=x", "1", nil, nil},  // not a step
		{"?step=99", "1", nil, nil}, // not a step
	} {
		page := f.get(file + c.query)
		wantBody(t, page, http.StatusOK, `<form method="get" action="/people/`+ids(f.id("陈静"))+`/development#record"`, `name="step"`)
		form := formOf(t, page.Body.String(), "step-form")
		if !strings.Contains(form, `data-step="`+c.step+`"`) || !strings.Contains(form, `name="step" value="`+c.step+`"`) {
			t.Errorf("%q: the form is not for step %s:\n%s", c.query, c.step, form)
		}
		for _, s := range c.want {
			if !strings.Contains(form, s) {
				t.Errorf("%q: the form lacks %s", c.query, s)
			}
		}
		for _, s := range c.none {
			if strings.Contains(form, s) {
				t.Errorf("%q: the form has %s, not a field of step %s", c.query, s, c.step)
			}
		}
	}
	// The chooser marks the step drawn.
	if page := f.get(file + "?step=11").Body.String(); !strings.Contains(page, `<option value="11" selected>第11步`) {
		t.Error("the chooser does not show step 11 chosen")
	}
	// The superior's form: step 17 has the special period, 13 does not.
	if form := formOf(t, f.get(file+"?approval=17").Body.String(), "approval-form"); !strings.Contains(form, `name="special"`) ||
		!strings.Contains(form, `data-step="17"`) {
		t.Errorf("approval 17:\n%s", form)
	}
	if form := formOf(t, f.get(file+"?approval=13").Body.String(), "approval-form"); strings.Contains(form, `name="special"`) {
		t.Errorf("approval 13 asks for the special period:\n%s", form)
	}
	if form := formOf(t, f.get(file+"?approval=5").Body.String(), "approval-form"); !strings.Contains(form, `data-step="4"`) {
		t.Errorf("approval=5 (the branch's) is taken by the superior's form:\n%s", form)
	}
	// A form back with its problems keeps the step it was for.
	w := f.post(file+"/steps", url.Values{"step": {"11"}, "on": {"2025-03-01"}, "days": {"-1"}})
	wantBody(t, w, http.StatusUnprocessableEntity, "应为0至1000之间的整数")
	if form := formOf(t, w.Body.String(), "step-form"); !strings.Contains(form, `data-step="11"`) || !strings.Contains(form, `name="days"`) {
		t.Errorf("the form back with problems is not step 11's:\n%s", form)
	}
}

// A committee meeting's resolution that designates an activist is linked
// to the step as data: the step names the meeting and the resolution, the
// step's date is the meeting's, the meeting page links to the person's
// step and the file links back to the meeting. Another kind of meeting,
// or a resolution not adopted, is refused on the form.
func TestDevelopmentCommitteeDecision(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	chen := f.id("陈静")
	file := "/people/" + ids(chen) + "/development"
	meeting := func(typ zhibu.MeetingType, day int, res ...zhibu.Resolution) int64 {
		t.Helper()
		m, err := f.s.SaveMeeting(sys, zhibu.Meeting{OrgID: f.branch.ID, Type: typ, Status: zhibu.MeetingHeld,
			StartsAt: time.Date(2025, 2, day, 9, 0, 0, 0, zhibu.DefaultZone), Topics: []string{"发展党员"}, Resolutions: res}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	committee := meeting(zhibu.MeetCommittee, 3,
		zhibu.Resolution{Text: "暂缓确定", For: 1, Against: 2, Entitled: 3},
		zhibu.Resolution{Text: "确定陈静为入党积极分子", For: 3, Entitled: 3})
	assembly := meeting(zhibu.MeetAssembly, 4, zhibu.Resolution{Text: "确定陈静为入党积极分子", For: 4, Entitled: 4})
	for _, st := range [][2]string{{"1", "2025-01-10"}, {"2", "2025-01-20"}} {
		wantBody(t, f.post(file+"/steps", url.Values{"step": {st[0]}, "on": {st[1]}}), http.StatusSeeOther)
	}
	// The form offers the adopted resolution only.
	form := formOf(t, f.get(file+"?step=3").Body.String(), "step-form")
	if !strings.Contains(form, `value="`+ids(committee)+`:2"`) || strings.Contains(form, `value="`+ids(committee)+`:1"`) {
		t.Errorf("the committee's resolutions offered:\n%s", form)
	}
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"3"}, "vote": {ids(assembly) + ":1"}}), http.StatusUnprocessableEntity,
		"须为支委会，所选会议是支部党员大会")
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"3"}, "vote": {ids(committee) + ":1"}}), http.StatusUnprocessableEntity,
		"所选决议未获通过")
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"3"}, "vote": {ids(committee) + ":9"}}), http.StatusUnprocessableEntity,
		"没有第9项表决")
	if fl, _ := f.s.DevFile(sys, chen); len(fl.Records) != 2 {
		t.Fatalf("refused decisions were saved: %d records", len(fl.Records))
	}
	wantBody(t, f.post(file+"/steps", url.Values{"step": {"3"}, "vote": {ids(committee) + ":2"}}), http.StatusSeeOther)
	fl, err := f.s.DevFile(sys, chen)
	if err != nil {
		t.Fatal(err)
	}
	rec := fl.Records[len(fl.Records)-1]
	if rec.Step != 3 || rec.MeetingID != committee || rec.Resolution != 2 || rec.On != zhibu.MakeDate(2025, 2, 3) {
		t.Fatalf("step 3 saved as %+v", rec)
	}
	if fl.Person.Status != zhibu.Activist || fl.Person.ActivistOn != zhibu.MakeDate(2025, 2, 3) {
		t.Errorf("陈静 is %s from %s", fl.Person.Status, fl.Person.ActivistOn)
	}
	// The meeting links to her step, the step back to the meeting's resolution.
	wantBody(t, f.get("/meetings/"+ids(committee)), http.StatusOK, `id="resolution-2"`,
		`<a href="`+file+`#step-`+ids(rec.ID)+`">陈静：第3步 确定入党积极分子</a>`)
	wantBody(t, f.get(file), http.StatusOK, `id="step-`+ids(rec.ID)+`"`,
		`<a href="/meetings/`+ids(committee)+`#resolution-2">查看支委会记录</a>`)
	// The first resolution decided nothing.
	page := f.get("/meetings/" + ids(committee)).Body.String()
	if i := strings.Index(page, `id="resolution-1"`); i < 0 || strings.Contains(page[i:strings.Index(page, `id="resolution-2"`)], "陈静：") {
		t.Error("the rejected resolution lists the step")
	}
}
