package store_test

import (
	"context"
	"errors"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestAssessment sets a committee's year: bad indicator sets are refused
// whole, a good one is kept and changed in place, manual scores are
// checked (range, manual indicator, own branch) all or nothing, the
// finalized year keeps its snapshot and refuses every later change, and a
// branch's reader sees its own finalized years only.
func TestAssessment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		committee, branch, _, _ := tree(t, s)
		b2, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		inds := []zhibu.Indicator{{Name: "三会一课", Kind: zhibu.IndMeetings, Weight: 50}, {Name: "党费", Kind: zhibu.IndDues, Weight: 30},
			{Name: "上级评定", Kind: zhibu.IndManual, Weight: 30}}
		_, err = s.SaveIndicators(sys, committee.ID, 2025, inds)
		wantProblem(t, err, "weights", "现为110")
		if _, err := s.Assessment(sys, committee.ID, 2025); !errors.Is(err, zhibu.ErrNotFound) {
			t.Fatalf("a refused set was saved: %v", err)
		}
		inds[1].Weight = 20
		inds[2].Kind = "guess"
		_, err = s.SaveIndicators(sys, committee.ID, 2025, inds)
		wantProblem(t, err, "indicators.2.kind", "第3项指标的计分方式")
		_, err = s.SaveIndicators(sys, branch.ID, 2025, inds)
		wantProblem(t, err, "org_id", "上级党委")

		inds[2].Kind = zhibu.IndManual
		a, err := s.SaveIndicators(sys, committee.ID, 2025, inds)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Indicators) != 3 || a.Status != zhibu.AssessmentDraft || a.Indicators[2].Name != "上级评定" || a.Indicators[0].ID == 0 {
			t.Fatalf("saved: %+v", a)
		}
		manual := a.Indicators[2]
		// Change in place: the manual indicator keeps its id (and scores), the dues one goes, a study one comes.
		if err := s.SaveManualScores(sys, committee.ID, 2025, []zhibu.ManualScore{{IndicatorID: manual.ID, OrgID: branch.ID, Score: 9000, Note: "扎实"}}); err != nil {
			t.Fatal(err)
		}
		a, err = s.SaveIndicators(sys, committee.ID, 2025, []zhibu.Indicator{a.Indicators[0], manual, {Name: "学习", Kind: zhibu.IndStudy, Weight: 20}})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Indicators) != 3 || a.Indicators[1].ID != manual.ID || a.Indicators[2].Name != "学习" {
			t.Fatalf("changed: %+v", a.Indicators)
		}
		if _, err := s.SaveIndicators(sys, committee.ID, 2025, []zhibu.Indicator{{ID: 999999, Name: "冒名", Kind: zhibu.IndManual, Weight: 100}}); err == nil {
			t.Error("an indicator id of no year was taken")
		}

		// Manual scores: out of range names the branch and the indicator; one bad row saves nothing.
		err = s.SaveManualScores(sys, committee.ID, 2025, []zhibu.ManualScore{
			{IndicatorID: manual.ID, OrgID: b2.ID, Score: 8000}, {IndicatorID: manual.ID, OrgID: branch.ID, Score: 10001}})
		wantProblem(t, err, "score."+itoa(manual.ID)+"."+itoa(branch.ID), "第一党支部“上级评定”的得分：应在0至100之间")
		err = s.SaveManualScores(sys, committee.ID, 2025, []zhibu.ManualScore{{IndicatorID: a.Indicators[0].ID, OrgID: b2.ID, Score: 8000}})
		wantProblem(t, err, "score."+itoa(a.Indicators[0].ID)+"."+itoa(b2.ID), "不是本年度需要手工评分的指标")
		err = s.SaveManualScores(sys, committee.ID, 2025, []zhibu.ManualScore{{IndicatorID: manual.ID, OrgID: committee.ID, Score: 8000}})
		wantProblem(t, err, "score."+itoa(manual.ID)+"."+itoa(committee.ID), "不是本党委所属的党支部")
		ms, err := s.ManualScores(sys, committee.ID, 2025)
		if err != nil || len(ms) != 1 || ms[0].Score != 9000 || ms[0].OrgID != branch.ID {
			t.Fatalf("manual scores after refusals: %+v %v", ms, err)
		}

		// A draft 2026 beside it, not finalized.
		if _, err := s.SaveIndicators(sys, committee.ID, 2026, []zhibu.Indicator{{Name: "上级评定", Kind: zhibu.IndManual, Weight: 100}}); err != nil {
			t.Fatal(err)
		}

		res := func(s0, s1, s2 zhibu.Score) []zhibu.IndicatorResult {
			return []zhibu.IndicatorResult{{IndicatorID: a.Indicators[0].ID, Applicable: true, Score: s0, Basis: "按时完成 9/10 项"},
				{IndicatorID: manual.ID, Applicable: true, Score: s1}, {IndicatorID: a.Indicators[2].ID, Applicable: s2 >= 0, Score: max(s2, 0)}}
		}
		scores := []zhibu.BranchScore{{OrgID: branch.ID, OrgName: branch.Name, Results: res(9000, 9000, 10000), Total: 9200, Scored: true, Rank: 1},
			{OrgID: b2.ID, OrgName: b2.Name, Results: res(5000, 8000, -1), Total: 6000, Scored: true, Rank: 2}}
		if _, err := s.FinalizeAssessment(sys, committee.ID, 2025, zhibu.MakeDate(2026, 1, 15), []zhibu.BranchScore{{OrgID: committee.ID, Results: res(1, 1, 1)}}); err == nil {
			t.Error("a snapshot of the committee itself was kept")
		}
		fin, err := s.FinalizeAssessment(sys, committee.ID, 2025, zhibu.MakeDate(2026, 1, 15), scores)
		if err != nil {
			t.Fatal(err)
		}
		if !fin.Final() || fin.FinalizedOn != zhibu.MakeDate(2026, 1, 15) {
			t.Errorf("finalized: %+v", fin)
		}
		if _, err := s.FinalizeAssessment(sys, committee.ID, 2025, zhibu.MakeDate(2026, 1, 16), scores); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("finalized twice: %v", err)
		}
		if _, err := s.SaveIndicators(sys, committee.ID, 2025, inds); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("indicators of a finalized year: %v", err)
		}
		if err := s.SaveManualScores(sys, committee.ID, 2025, []zhibu.ManualScore{{IndicatorID: manual.ID, OrgID: branch.ID, Score: 1}}); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("scores of a finalized year: %v", err)
		}
		snap, err := s.AssessmentSnapshot(sys, committee.ID, 2025)
		if err != nil || len(snap) != 2 || snap[0].OrgID != branch.ID || snap[0].Total != 9200 || snap[1].Rank != 2 ||
			len(snap[1].Results) != 3 || snap[1].Results[2].Applicable || snap[0].Results[0].Basis != "按时完成 9/10 项" {
			t.Fatalf("snapshot: %+v %v", snap, err)
		}

		// The branch's reader: its own finalized year, not 2026's draft, not the other branch's line.
		reader := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 77, Name: "支部书记",
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}}, Scope: zhibu.Scope{Paths: []string{branch.Path}}})
		ys, err := s.BranchAssessments(reader, branch.ID)
		if err != nil || len(ys) != 1 || ys[0].Assessment.Year != 2025 || ys[0].Score.Total != 9200 || ys[0].Of != 2 || len(ys[0].Assessment.Indicators) != 3 {
			t.Fatalf("the branch's years: %+v %v", ys, err)
		}
		if _, err := s.BranchAssessments(reader, b2.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("another branch's scores: %v", err)
		}
		if _, err := s.Assessment(reader, committee.ID, 2025); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("the committee's assessment read by a branch: %v", err)
		}
		years, err := s.AssessmentYears(sys, committee.ID)
		if err != nil || len(years) != 2 || !years[0].Final() || years[1].Final() {
			t.Errorf("years: %+v %v", years, err)
		}
	})
}

// assessmentRights are TestEveryWriteChecksRights's rows for the
// assessment: every write needs zhibu.PermAssess on the committee.
func assessmentRights(t *testing.T, s *store.Store, committee, branch zhibu.Org) map[string]writeRight {
	t.Helper()
	a, err := s.SaveIndicators(sys, committee.ID, 2026, []zhibu.Indicator{{Name: "上级评定", Kind: zhibu.IndManual, Weight: 100}})
	if err != nil {
		t.Fatal(err)
	}
	manual := a.Indicators[0].ID
	return map[string]writeRight{
		"SaveIndicators": {perm: zhibu.PermAssess, call: func(ctx context.Context) error {
			_, err := s.SaveIndicators(ctx, committee.ID, 2026, []zhibu.Indicator{{Name: "三会一课", Kind: zhibu.IndMeetings, Weight: 100}})
			return err
		}},
		"SaveManualScores": {perm: zhibu.PermAssess, call: func(ctx context.Context) error {
			return s.SaveManualScores(ctx, committee.ID, 2026, []zhibu.ManualScore{{IndicatorID: manual, OrgID: branch.ID, Score: 9000}})
		}},
		"FinalizeAssessment": {perm: zhibu.PermAssess, call: func(ctx context.Context) error {
			_, err := s.FinalizeAssessment(ctx, committee.ID, 2026, zhibu.MakeDate(2026, 6, 1), nil)
			return err
		}},
	}
}
