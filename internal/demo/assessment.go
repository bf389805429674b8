package demo

import (
	"fmt"
	"time"

	"zhibu"
	"zhibu/internal/service"
)

// assessmentNotes are the committee's judgement of each branch in the
// demo's assessment (its manual indicator), by branch code: 2025's for all
// three; 2026's is still being entered (第二党支部 has none yet).
var assessmentNotes = map[int]map[string]struct {
	score zhibu.Score
	note  string
}{
	2025: {
		BranchCode:        {9200, "“三会一课”记录规范，整改工作扎实"},
		OfficeBranchCode:  {8800, "机关党建工作有序开展"},
		TrafficBranchCode: {8000, "书记述职评议结果报送不及时"},
	},
	2026: {
		BranchCode:       {9000, "上半年工作计划推进有力"},
		OfficeBranchCode: {8500, "理论学习形式较单一"},
	},
}

// assessment sets the committee's performance assessment of its three
// branches with the default indicators: 2025 scored and finalized in
// January 2026 (a snapshot of the records as they were), 2026 in progress.
func (l *loader) assessment() error {
	c := l.byCode[CommitteeCode].org
	for _, year := range []int{2025, 2026} {
		a, err := l.svc.Assessments.SaveIndicators(l.ctx, c.ID, year, service.DefaultIndicators())
		if err != nil {
			return fmt.Errorf("%d indicators: %w", year, err)
		}
		var manual int64
		for _, x := range a.Indicators {
			if x.Kind == zhibu.IndManual {
				manual = x.ID
			}
		}
		var ms []zhibu.ManualScore
		for _, code := range []string{BranchCode, OfficeBranchCode, TrafficBranchCode} {
			if n, ok := assessmentNotes[year][code]; ok {
				ms = append(ms, zhibu.ManualScore{IndicatorID: manual, OrgID: l.byCode[code].org.ID, Score: n.score, Note: n.note})
			}
		}
		if err := l.svc.Assessments.SaveManualScores(l.ctx, c.ID, year, ms); err != nil {
			return fmt.Errorf("%d scores: %w", year, err)
		}
	}
	// Finalized on 20 January 2026, by the committee, whatever the day of the load.
	jan := service.New(l.s, service.Options{Now: func() time.Time { return time.Date(2026, 1, 20, 10, 0, 0, 0, zhibu.DefaultZone) }})
	ctx := zhibu.WithActor(l.ctx, zhibu.Actor{Name: c.Name, Scope: zhibu.Scope{All: true}})
	if _, err := jan.Assessments.Finalize(ctx, c.ID, 2025); err != nil {
		return fmt.Errorf("2025 finalize: %w", err)
	}
	return nil
}
