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

// studyTalkRule reports whether id is a study or talk rule: TestFindings
// leaves them to TestStudyTalkFindings.
func studyTalkRule(id string) bool {
	return strings.HasPrefix(id, "member.study.") || strings.HasPrefix(id, "study.") || strings.HasPrefix(id, "talk.")
}

// studyTalkProblems are the study and talk findings of an org for a year
// as of AsOf that are not ok, as "rule subject period status message".
func studyTalkProblems(t *testing.T, s *store.Store, cat rules.Catalogue, code string, year int) ([]string, []zhibu.Finding) {
	t.Helper()
	o := org(t, s, code)
	facts, err := s.Facts(sys, o.ID, year, demo.AsOf())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var all []zhibu.Finding
	for _, f := range rules.Check(cat, facts, o.ID, year) {
		if !studyTalkRule(f.RuleID) {
			continue
		}
		all = append(all, f)
		if f.Status != zhibu.StatusOK {
			out = append(out, f.RuleID+" "+f.SubjectName+" "+f.Period.Label()+" "+string(f.Status)+" "+f.Message)
		}
	}
	sort.Strings(out)
	return out, all
}

// The study and talk findings of the demo are exactly its two gaps — a
// member under 32 hours and a missing talk pair, both in 2025 — and, on
// AsOf (1 July 2026), the talks of the second half of 2026 not yet held;
// every other requirement is met in every branch.
func TestStudyTalkFindings(t *testing.T) {
	s := demotest.SQLite(t)
	cat, err := service.New(s, service.Options{}).Compliance.Catalogue(sys)
	if err != nil {
		t.Fatal(err)
	}
	sv, err := s.Supervisions(sys, org(t, s, demo.BranchCode).ID)
	if err != nil {
		t.Fatal(err)
	}
	missing := ""
	for _, v := range sv {
		if v.SupervisorName == demo.TalkGapSupervisor {
			missing = v.OfficerName
			break
		}
	}
	got, all := studyTalkProblems(t, s, cat, demo.BranchCode, 2025)
	want := []string{
		"member.study.hours " + demo.StudyGapName + " 2025年 overdue " + demo.StudyGapName + "2025年仅学习24.5学时，少于要求的32学时，应补学并记录",
		"talk.seed 第三党支部 2025年下半年 overdue 2025年下半年纪检委员" + demo.TalkGapSupervisor + "与分管民警" + missing + "未谈心谈话，应补谈并记录",
	}
	if !slices.Equal(got, want) {
		t.Errorf("第三党支部 2025:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every rule of the stream was checked, with the bureau's 56 hours for
	// the committee.
	seen := map[string]int{}
	for _, f := range all {
		seen[f.RuleID]++
		if f.RuleID == "member.study.hours.leaders" && f.Layer != zhibu.LayerSuperior {
			t.Errorf("leaders' hours from the %s layer", f.Layer)
		}
	}
	for _, id := range []string{"member.study.hours", "member.study.hours.leaders", "study.records", "talk.pairs", "talk.seed"} {
		if seen[id] == 0 {
			t.Errorf("no finding of %s", id)
		}
	}

	// 2026 on 1 July: only the second half's seed pairs, each due.
	got, _ = studyTalkProblems(t, s, cat, demo.BranchCode, 2026)
	term, err := s.CurrentTerm(sys, org(t, s, demo.BranchCode).ID)
	if err != nil {
		t.Fatal(err)
	}
	people := map[int64]bool{}
	for _, st := range term.Seats {
		people[st.PersonID] = true
	}
	if wantN := len(people) - 1 + len(sv); len(got) != wantN {
		t.Errorf("第三党支部 2026: %d open findings, want %d (the second half's pairs):\n%s", len(got), wantN, strings.Join(got, "\n"))
	}
	for _, g := range got {
		if !strings.HasPrefix(g, "talk.seed 第三党支部 2026年下半年 due ") {
			t.Errorf("第三党支部 2026: %s", g)
		}
	}
	// The other branches have no seed layer and keep the national rules.
	for _, code := range []string{demo.OfficeBranchCode, demo.TrafficBranchCode} {
		for _, y := range []int{2025, 2026} {
			if got, all := studyTalkProblems(t, s, cat, code, y); len(got) > 0 || len(all) == 0 {
				t.Errorf("%s %d: %d findings, open:\n%s", code, y, len(all), strings.Join(got, "\n"))
			}
		}
	}
}

// The gaps show where every other finding shows: the missing pair in the
// supervisor's 我的职责 (her position answers for it), the hours in the
// secretary's, and both in the bureau's matrix of 2025.
func TestStudyTalkGapsShown(t *testing.T) {
	s := demotest.SQLite(t)
	svc := service.New(s, service.Options{})
	asOf := demo.AsOf() // 2025 checked after its end
	owns := func(name, rule, status string) bool {
		people, err := s.People(sys, org(t, s, demo.BranchCode).ID, zhibu.PersonFilter{Query: name})
		if err != nil || len(people) == 0 {
			t.Fatalf("%s: %v", name, err)
		}
		d, err := svc.Compliance.Duties(sys, people[0].ID, asOf, 2025, asOf)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range d.Findings {
			if f.RuleID == rule && string(f.Status) == status {
				return true
			}
		}
		return false
	}
	if !owns(demo.TalkGapSupervisor, "talk.seed", "overdue") {
		t.Errorf("%s's duties do not show the missing talk", demo.TalkGapSupervisor)
	}
	if !owns("张志刚", "member.study.hours", "overdue") {
		t.Errorf("the secretary's duties do not show %s's hours", demo.StudyGapName)
	}
	if owns("马文斌", "talk.seed", "overdue") {
		t.Errorf("the organization officer is shown another supervisor's talk")
	}
	m, err := svc.Compliance.Matrix(sys, org(t, s, demo.CommitteeCode), 2025, asOf)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, r := range m.Rules {
		col[r] = i
	}
	for _, row := range m.Rows {
		if row.Org.Code != demo.BranchCode {
			continue
		}
		for _, id := range []string{"talk.seed", "member.study.hours"} {
			i, ok := col[id]
			if !ok || row.Cells[i].Worst != zhibu.StatusOverdue {
				t.Errorf("the matrix's %s cell of %s: %+v (column %v)", id, row.Org.Name, row.Cells, ok)
			}
		}
	}
}
