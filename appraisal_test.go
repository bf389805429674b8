package zhibu

import (
	"errors"
	"strings"
	"testing"
)

func TestMaxExcellent(t *testing.T) {
	for _, c := range []struct{ n, oneIn, want int }{
		{0, 3, 0}, {2, 3, 0}, {3, 3, 1}, {5, 3, 1}, {6, 3, 2}, {30, 3, 10}, {31, 3, 10}, {10, 5, 2}, {9, 0, 3},
	} {
		if got := MaxExcellent(c.n, c.oneIn); got != c.want {
			t.Errorf("MaxExcellent(%d, %d) = %d, want %d", c.n, c.oneIn, got, c.want)
		}
	}
}

func appraisalRound(status AppraisalStatus, n int) AppraisalRound {
	r := AppraisalRound{Status: status, ExcellentOneIn: 3}
	for i := 1; i <= n; i++ {
		r.Entries = append(r.Entries, AppraisalEntry{PersonID: int64(i), Name: "党员" + []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"}[i-1]})
	}
	return r
}

func problemText(err error) string {
	var ps Problems
	if !errors.As(err, &ps) {
		return ""
	}
	return ps.Error()
}

// A peer ballot grades every other member, at most one in three 优秀; the
// branch's decision the same, and a 不合格 needs its handling.
func TestAppraisalChecks(t *testing.T) {
	today := MakeDate(2026, 11, 20)
	r := appraisalRound(AppraisalVoting, 7) // a voter grades 6 others: 2 优秀 at most
	ok := map[int64]AppraisalGrade{2: GradeExcellent, 3: GradeExcellent, 4: GradeQualified, 5: GradeQualified, 6: GradeBasic, 7: GradeQualified}
	if err := r.CheckBallot(1, ok); err != nil {
		t.Errorf("a valid ballot: %v", err)
	}
	three := map[int64]AppraisalGrade{2: GradeExcellent, 3: GradeExcellent, 4: GradeExcellent, 5: GradeQualified, 6: GradeBasic, 7: GradeQualified}
	if msg := problemText(r.CheckBallot(1, three)); !strings.Contains(msg, "优秀：评为优秀的不能超过2人") {
		t.Errorf("three 优秀 of six: %q", msg)
	}
	missing := map[int64]AppraisalGrade{2: GradeQualified}
	if msg := problemText(r.CheckBallot(1, missing)); !strings.Contains(msg, "党员丙：请选择评议等次") {
		t.Errorf("a member not graded: %q", msg)
	}
	self := map[int64]AppraisalGrade{1: GradeExcellent, 2: GradeQualified, 3: GradeQualified, 4: GradeQualified, 5: GradeQualified, 6: GradeQualified, 7: GradeQualified}
	if msg := problemText(r.CheckBallot(1, self)); !strings.Contains(msg, "只能评议本支部名单中的其他党员") {
		t.Errorf("grading oneself: %q", msg)
	}
	if msg := problemText(appraisalRound(AppraisalOpen, 7).CheckBallot(1, ok)); !strings.Contains(msg, "当前不在互评投票阶段") {
		t.Errorf("ballot before the vote: %q", msg)
	}

	all := map[int64]AppraisalGrade{1: GradeExcellent, 2: GradeExcellent, 3: GradeQualified, 4: GradeQualified, 5: GradeQualified, 6: GradeBasic, 7: GradeUnqualified}
	h := map[int64]Handling{7: {Measure: MeasureImprove, DueOn: MakeDate(2027, 2, 28)}}
	if err := r.CheckDecide(all, h, today); err != nil {
		t.Errorf("a valid decision: %v", err)
	}
	all[3] = GradeExcellent // 3 of 7: more than one in three
	if msg := problemText(r.CheckDecide(all, h, today)); !strings.Contains(msg, "评为优秀的不能超过2人（共7人") {
		t.Errorf("three 优秀 of seven: %q", msg)
	}
	all[3] = GradeQualified
	if msg := problemText(r.CheckDecide(all, nil, today)); !strings.Contains(msg, "党员庚：处置方式：") || !strings.Contains(msg, "处置期限") {
		t.Errorf("不合格 without a handling: %q", msg)
	}
	late := map[int64]Handling{7: {Measure: MeasureTalk, DueOn: MakeDate(2026, 11, 19)}}
	if msg := problemText(r.CheckDecide(all, late, today)); !strings.Contains(msg, "不能早于今天") {
		t.Errorf("a deadline in the past: %q", msg)
	}
	closed := Handling{Measure: MeasureTalk, DueOn: today, ClosedOn: today}
	if msg := problemText(closed.CheckClose("已谈话", today, today)); !strings.Contains(msg, "已于") {
		t.Errorf("closing twice: %q", msg)
	}
	if msg := problemText(Handling{}.CheckClose(" ", today, today)); !strings.Contains(msg, "处置结果：不能为空") {
		t.Errorf("closing without an outcome: %q", msg)
	}
}
