package zhibu

import (
	"errors"
	"strings"
	"testing"
)

// Calendar months clamp to the end of a shorter month, both ways and
// across years; leap days and month ends.
func TestAddMonthsEdges(t *testing.T) {
	tests := []struct {
		from Date
		n    int
		want Date
	}{
		{MakeDate(2026, 1, 31), 1, MakeDate(2026, 2, 28)},
		{MakeDate(2024, 1, 31), 1, MakeDate(2024, 2, 29)},
		{MakeDate(2026, 1, 30), 1, MakeDate(2026, 2, 28)},
		{MakeDate(2026, 1, 28), 1, MakeDate(2026, 2, 28)},
		{MakeDate(2026, 3, 31), -1, MakeDate(2026, 2, 28)},
		{MakeDate(2024, 3, 31), -1, MakeDate(2024, 2, 29)},
		{MakeDate(2026, 12, 31), 2, MakeDate(2027, 2, 28)},
		{MakeDate(2026, 1, 31), -2, MakeDate(2025, 11, 30)},
		{MakeDate(2025, 11, 30), 3, MakeDate(2026, 2, 28)},
		{MakeDate(2021, 8, 31), 6, MakeDate(2022, 2, 28)},
		{MakeDate(2023, 5, 31), 9, MakeDate(2024, 2, 29)},
		{MakeDate(2024, 2, 29), 12, MakeDate(2025, 2, 28)},
		{MakeDate(2024, 2, 29), 48, MakeDate(2028, 2, 29)},
		{MakeDate(2024, 2, 29), -12, MakeDate(2023, 2, 28)},
		{MakeDate(2026, 3, 31), 3, MakeDate(2026, 6, 30)},
		{MakeDate(2026, 6, 30), 1, MakeDate(2026, 7, 30)}, // a shorter start day is kept
		{MakeDate(2026, 5, 15), 0, MakeDate(2026, 5, 15)},
	}
	for _, tc := range tests {
		if got := tc.from.AddMonths(tc.n); got != tc.want {
			t.Errorf("%s %+d months = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
	if got := MakeDate(2020, 2, 29).AddYears(3); got != MakeDate(2023, 2, 28) {
		t.Errorf("29 Feb 2020 + 3 years = %s", got)
	}
}

func TestTransferLetterProblems(t *testing.T) {
	today := MakeDate(2026, 7, 1)
	ok := Transfer{FromOrgID: 1, ToOrgID: 2, LetterNo: "B1-1", IssuedOn: today, ValidMonths: 3}
	if err := ok.ValidateLetter(today, 3); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		change func(*Transfer)
		field  string
		text   string
	}{
		{func(t *Transfer) { t.LetterNo = "" }, "letter_no", "不能为空"},
		{func(t *Transfer) { t.LetterNo = strings.Repeat("号", 41) }, "letter_no", "40"},
		{func(t *Transfer) { t.IssuedOn = Date{} }, "issued_on", "不能为空"},
		{func(t *Transfer) { t.IssuedOn = MakeDate(2026, 7, 2) }, "issued_on", "不能晚于今天"},
		{func(t *Transfer) { t.ValidMonths = 0 }, "valid_months", "1至3个月"},
		{func(t *Transfer) { t.ValidMonths = 4 }, "valid_months", "1至3个月"},
		{func(t *Transfer) { t.ToOrgID = 0 }, "to", "请选择"},
		{func(t *Transfer) { t.ToName = "外单位" }, "to", "只能填一项"},
		{func(t *Transfer) { t.ToOrgID = 1 }, "to", "不能转往本支部"},
		{func(t *Transfer) { t.FromOrgID = 0 }, "from_name", "不能为空"},
		{func(t *Transfer) { t.Reason = strings.Repeat("因", 201) }, "reason", "200"},
	} {
		x := ok
		tc.change(&x)
		err := x.ValidateLetter(today, 3)
		var ps Problems
		if p, isPs := err.(Problems); isPs {
			ps = p
		}
		if !strings.Contains(ps.For(tc.field), tc.text) {
			t.Errorf("%+v: problems %v, want %s containing %q", x, err, tc.field, tc.text)
		}
	}
	// The day of the letter, the day before it, the day after today.
	if err := ok.ValidateDay("on", "接收日期", MakeDate(2026, 6, 30), today); err == nil || !strings.Contains(err.Error(), "不能早于介绍信开具日期") {
		t.Errorf("the day before the letter: %v", err)
	}
	if err := ok.ValidateDay("on", "接收日期", today, today); err != nil {
		t.Errorf("the day of the letter: %v", err)
	}
	if err := ok.ValidateDay("on", "接收日期", today.AddDays(1), today); err == nil {
		t.Error("tomorrow accepted")
	}
}

func TestExtensionRequest(t *testing.T) {
	for _, tc := range []struct {
		months int
		reason string
		ok     bool
	}{
		{12, "x", true}, {-12, "x", true}, {13, "x", false}, {-13, "x", false}, {0, "x", false}, {6, " ", false},
	} {
		err := Extension{Months: tc.months, Reason: tc.reason}.ValidateRequest(12)
		if (err == nil) != tc.ok {
			t.Errorf("%d %q: %v", tc.months, tc.reason, err)
		}
	}
	if got := (Extension{Months: -3}).Change(); got != "提前3个月" {
		t.Errorf("change %q", got)
	}
}

// The checks of acceptance and closing at their edges: the letter's last
// valid day, the person still in the branch that issued it.
func TestTransferAcceptAndClose(t *testing.T) {
	today := MakeDate(2026, 7, 1)
	letter := Transfer{FromOrgID: 1, FromOrgName: "第一党支部", ToOrgID: 2, LetterNo: "B1-1", IssuedOn: MakeDate(2026, 1, 31), ValidMonths: 1, Status: TransferIssued}
	p := Person{Name: "张伟", OrgID: 1, JoinedOn: MakeDate(2020, 1, 1)}
	if err := letter.CheckAccept(p, MakeDate(2026, 2, 28), today, ""); err != nil {
		t.Errorf("the last valid day: %v", err)
	}
	for _, tc := range []struct {
		change func(*Transfer, *Person) Date
		field  string
		text   string
	}{
		{func(*Transfer, *Person) Date { return MakeDate(2026, 3, 1) }, "received_on", "有效期至2026-02-28，已过期"},
		{func(*Transfer, *Person) Date { return MakeDate(2026, 1, 30) }, "received_on", "不能早于介绍信开具日期"},
		{func(*Transfer, *Person) Date { return MakeDate(2026, 7, 2) }, "received_on", "不能晚于今天"},
		{func(t *Transfer, _ *Person) Date { t.Status = TransferCompleted; return MakeDate(2026, 2, 1) }, "id", "不能再接收"},
		{func(t *Transfer, _ *Person) Date { t.FromOrgID = 0; return MakeDate(2026, 2, 1) }, "id", "来自系统外"},
		{func(_ *Transfer, p *Person) Date { p.OrgID = 3; return MakeDate(2026, 2, 1) }, "id", "张伟已不在第一党支部"},
		{func(_ *Transfer, p *Person) Date { p.LeftOn = MakeDate(2026, 1, 31); return MakeDate(2026, 2, 1) }, "id", "已不在"},
	} {
		l, q := letter, p
		on := tc.change(&l, &q)
		var ps Problems
		if err := l.CheckAccept(q, on, today, ""); !errors.As(err, &ps) || !strings.Contains(ps.For(tc.field), tc.text) {
			t.Errorf("accept on %s: %v, want %s: %q", on, err, tc.field, tc.text)
		}
	}
	var ps Problems
	if err := letter.CheckAccept(p, MakeDate(2026, 2, 1), today, strings.Repeat("队", 41)); !errors.As(err, &ps) || ps.For("unit") == "" {
		t.Errorf("a unit of 41 characters: %v", err)
	}
	if err := letter.CheckClose(TransferReturned, MakeDate(2026, 3, 2), today, ""); err != nil {
		t.Errorf("returned: %v", err)
	}
	if err := letter.CheckClose(TransferCompleted, MakeDate(2026, 3, 2), today, ""); !errors.As(err, &ps) || ps.For("status") == "" {
		t.Errorf("closed as completed: %v", err)
	}
	done := letter
	done.Status = TransferReturned
	if err := done.CheckClose(TransferCancelled, MakeDate(2026, 3, 2), today, ""); !errors.As(err, &ps) || !strings.Contains(ps.For("id"), "不能退回或撤销") {
		t.Errorf("closed twice: %v", err)
	}
}
