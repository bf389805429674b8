package demo_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/docx"
	"zhibu/internal/service"
)

// The demo's 2026 plan of the seed branch: the seed's ten sections, every
// item with an owner whose seat someone holds, built on the committee's
// published 工作要点, and its items done, due and overdue as the demo's
// records make them as of 7 December 2026.
func TestPlanDemo(t *testing.T) {
	s := demotest.SQLite(t)
	svc := service.New(s, service.Options{})
	b := org(t, s, demo.BranchCode)
	start := time.Now()
	v, err := svc.Plans.View(sys, b, 2026, zhibu.MakeDate(2026, 12, 7))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the plan's view: %d done, %d due, %d overdue, in %v", v.Done, v.Due, v.Overdue, time.Since(start))
	if len(v.Sections) != 10 || v.Sections[9].Title != "做好党建工作调研和论文撰写工作" {
		t.Fatalf("sections = %d", len(v.Sections))
	}
	state := map[string]zhibu.PlanState{}
	refs := 0
	for _, sec := range v.Sections {
		if len(sec.Items) == 0 {
			t.Errorf("section %d has no items", sec.N)
		}
		for _, it := range sec.Items {
			if len(it.Actors) == 0 {
				t.Errorf("item %d.%d (%s): nobody holds %s", sec.N, it.N, it.Text, it.Owner.Label())
			}
			if it.Ref != "" {
				refs++
			}
			state[strconv.Itoa(sec.N)+"."+strconv.Itoa(it.N)] = it.State
		}
	}
	if v.Done == 0 || v.Due == 0 || v.Overdue == 0 {
		t.Errorf("done %d, due %d, overdue %d: want some of each", v.Done, v.Due, v.Overdue)
	}
	if refs != 5 {
		t.Errorf("%d items refer to the committee's 工作要点, want 5", refs)
	}
	for k, want := range map[string]zhibu.PlanState{
		"1.2":  zhibu.PlanDone,    // org.group.leader: every group has its leader
		"2.1":  zhibu.PlanDue,     // meet.committee.monthly: December's still to hold
		"1.3":  zhibu.PlanOverdue, // meet.group.monthly: months without a group meeting
		"7.3":  zhibu.PlanDone,    // the stance meeting of 21 May, by its record
		"7.4":  zhibu.PlanOverdue, // none in the second half
		"8.1":  zhibu.PlanDone,    // marked done by the organization officer
		"10.1": zhibu.PlanOverdue, // paper.annual
	} {
		if state[k] != want {
			t.Errorf("item %s = %s, want %s", k, state[k], want)
		}
	}
	// 我的职责: the overdue items without rules go to who holds their
	// owner seat (the discipline and propaganda officer 刘晓燕 has the
	// stance meeting and the liaison programme), the items with rules
	// stay with their findings; the organization officer has none overdue.
	day := zhibu.MakeDate(2026, 12, 7)
	for name, want := range map[string][]string{"刘晓燕": {"4.3", "7.4"}, "马文斌": nil} {
		ps, err := s.People(sys, b.ID, zhibu.PersonFilter{Query: name})
		if err != nil || len(ps) != 1 {
			t.Fatalf("%s: %v %v", name, ps, err)
		}
		orgs, err := svc.Compliance.DutiesOf(sys, ps[0].ID, day)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := svc.Plans.Duties(sys, orgs, day)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range ds {
			got = append(got, strconv.Itoa(d.Item.Section)+"."+strconv.Itoa(d.Item.N))
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s's overdue plan items: %v, want %v", name, got, want)
		}
	}
	// The plan's .docx carries the roster's numbers: read back from the
	// document's XML, as a reader opens it.
	fig, err := svc.Plans.Figures(sys, b, v.Plan, day)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Counts(sys, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fig.Members != c.Members || fig.Officers != c.Officers || fig.Activists != c.Activists+c.Candidates || fig.Admissions != c.Candidates || c.Members == 0 {
		t.Errorf("figures %+v, counts %+v", fig, c)
	}
	raw, err := docx.Plan(v.Plan, b.Name, docx.PlanFigures{Officers: fig.Officers, Members: fig.Members, Activists: fig.Activists,
		Admissions: fig.Admissions, Positions: fig.Positions, Groups: fig.Groups}, day).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	text := docxText(t, raw)
	t.Logf("the document's figures: %d officers, %d members, %d activists, %d planned admissions; %d bytes", fig.Officers, fig.Members, fig.Activists, fig.Admissions, len(raw))
	for _, want := range []string{
		"现有民警" + strconv.Itoa(c.Officers) + "人，党员" + strconv.Itoa(c.Members) + "人。正在培养的入党积极分子" + strconv.Itoa(c.Activists+c.Candidates) +
			"人，本年度拟计划发展党员" + strconv.Itoa(c.Candidates) + "名",
		"党支部书记：张志刚", "第一党小组（8人）", "十、做好党建工作调研和论文撰写工作",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the plan's document lacks %q", want)
		}
	}
	// The actors of an item are who holds its owner seat that day.
	if it := v.Sections[1].Items[0]; it.Owner != zhibu.OrgOfficer || len(it.Actors) != 1 || it.Actors[0] != "马文斌" {
		t.Errorf("2.1 acts %v (%s)", it.Actors, it.Owner)
	}
}

// docxText is the text of a .docx's body: its w:t runs, in order, read
// with archive/zip and encoding/xml.
func docxText(t *testing.T, raw []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var sb strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inText = x.Name.Local == "t"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				sb.Write(x)
			}
		}
	}
	return sb.String()
}
