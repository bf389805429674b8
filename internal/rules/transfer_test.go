package rules

import (
	"strings"
	"testing"

	"zhibu"
)

const otherBranch = 20 // a second branch of the test world

func transferWorld(asOf zhibu.Date, ts ...zhibu.Transfer) zhibu.Facts {
	f := world(asOf)
	f.Orgs = append(f.Orgs, zhibu.Org{ID: otherBranch, Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committeeID, Path: "/1/20/"})
	f.Transfers = ts
	return f
}

// letter is a letter from branchID issued on, valid for months; to names
// the destination: otherBranch inside zhibu, or 0 for outside.
func letter(issued zhibu.Date, months int, to int64) zhibu.Transfer {
	t := zhibu.Transfer{ID: 700, PersonID: outsider, PersonName: "张三", FromOrgID: branchID, FromOrgName: "第一党支部",
		LetterNo: "2026-01", IssuedOn: issued, ValidMonths: months, Status: zhibu.TransferIssued}
	if to != 0 {
		t.ToOrgID, t.ToOrgName = to, "第二党支部"
	} else {
		t.ToName = "乌鲁木齐市某单位党支部"
	}
	return t
}

func received(t zhibu.Transfer, on, receipt zhibu.Date) zhibu.Transfer {
	t.ReceivedOn, t.ReceiptOn = on, receipt
	t.Status = zhibu.TransferReceived
	if !receipt.IsZero() {
		t.Status = zhibu.TransferCompleted
	}
	return t
}

// letterFindings are member.transfer.letter's findings for org, as of asOf.
func letterFindings(t *testing.T, org int64, asOf zhibu.Date, ts ...zhibu.Transfer) []zhibu.Finding {
	t.Helper()
	return only(Check(DefaultCatalogue(), transferWorld(asOf, ts...), org, asOf.Year), "member.transfer.letter")
}

func TestExpiresOn(t *testing.T) {
	tests := []struct {
		issued zhibu.Date
		months int
		want   zhibu.Date
	}{
		{day(2026, 1, 15), 3, day(2026, 4, 15)},
		{day(2026, 1, 31), 1, day(2026, 2, 28)},  // not 3 March
		{day(2024, 1, 31), 1, day(2024, 2, 29)},  // a leap year
		{day(2025, 11, 30), 3, day(2026, 2, 28)}, // across the year's end, clamped
		{day(2026, 3, 31), 3, day(2026, 6, 30)},
		{day(2024, 2, 29), 12, day(2025, 2, 28)}, // one year after 29 February
		{day(2026, 12, 31), 2, day(2027, 2, 28)},
	}
	for _, tc := range tests {
		tr := zhibu.Transfer{IssuedOn: tc.issued, ValidMonths: tc.months, Status: zhibu.TransferIssued}
		if got := tr.ExpiresOn(); got != tc.want {
			t.Errorf("%s + %d months: %s, want %s", tc.issued, tc.months, got, tc.want)
		}
		if tr.Expired(tc.want) || !tr.Expired(tc.want.AddDays(1)) {
			t.Errorf("%s: expired on its last day, or not the day after", tc.issued)
		}
	}
}

func TestTransferLetter(t *testing.T) {
	const (
		ok  = zhibu.StatusOK
		due = zhibu.StatusDue
		ovd = zhibu.StatusOverdue
		bad = zhibu.StatusViolation
	)
	none := zhibu.FindingStatus("none")
	jan31 := letter(day(2026, 1, 31), 1, otherBranch) // valid to 28 February 2026
	leap := letter(day(2024, 1, 31), 1, otherBranch)  // valid to 29 February 2024
	out := letter(day(2026, 3, 31), 3, 0)             // outside; valid to 30 June 2026
	tests := []struct {
		name   string
		org    int64
		asOf   zhibu.Date
		tr     zhibu.Transfer
		status zhibu.FindingStatus
		period zhibu.Period
		has    string
	}{
		{"sender: the day it is issued", branchID, day(2026, 1, 31), jan31, due, month(2026, 1), "待接收方接收"},
		{"sender: the last valid day, 28 Feb", branchID, day(2026, 2, 28), jan31, due, month(2026, 2), "有效期至2026年2月28日"},
		{"sender: the day after, 1 March", branchID, day(2026, 3, 1), jan31, ovd, month(2026, 3), "已于2026年2月28日过期"},
		{"sender: the day before the last valid day", branchID, day(2026, 2, 27), jan31, due, month(2026, 2), "待接收方接收"},
		{"leap year: 28 Feb, the day before", branchID, day(2024, 2, 28), leap, due, month(2024, 2), "2024年2月29日"},
		{"leap year: 29 Feb still valid", branchID, day(2024, 2, 29), leap, due, month(2024, 2), "2024年2月29日"},
		{"leap year: overdue on 1 March", branchID, day(2024, 3, 1), leap, ovd, month(2024, 3), "过期"},
		{"receiver: waiting to accept", otherBranch, day(2026, 2, 27), jan31, due, month(2026, 2), "应及时办理接收"},
		{"receiver: expired, not accepted", otherBranch, day(2026, 3, 1), jan31, ovd, month(2026, 3), "过期未接收"},
		{"accepted the day before the last valid day", branchID, day(2026, 3, 10), received(jan31, day(2026, 2, 27), day(2026, 2, 27)), ok, month(2026, 2), "转接完成"},
		{"accepted on the last valid day", branchID, day(2026, 3, 10), received(jan31, day(2026, 2, 28), day(2026, 2, 28)), ok, month(2026, 2), "转接完成"},
		{"accepted by the receiver too", otherBranch, day(2026, 3, 10), received(jan31, day(2026, 2, 28), day(2026, 2, 28)), ok, month(2026, 2), "转接完成"},
		{"accepted the day after it expired", branchID, day(2026, 3, 10), received(jan31, day(2026, 3, 1), day(2026, 3, 1)), bad, month(2026, 3), "已过期"},
		{"accepted after the as-of day: still waiting then", branchID, day(2026, 2, 20), received(jan31, day(2026, 2, 25), day(2026, 2, 25)), due, month(2026, 2), "待接收方接收"},
		{"outside: received, receipt not back, in time", branchID, day(2026, 6, 30), received(out, day(2026, 4, 10), zhibu.Date{}), due, month(2026, 6), "待退回回执"},
		{"outside: receipt overdue the day after", branchID, day(2026, 7, 1), received(out, day(2026, 4, 10), zhibu.Date{}), ovd, month(2026, 7), "回执逾期未退回"},
		{"outside: receipt back", branchID, day(2026, 7, 1), received(out, day(2026, 4, 10), day(2026, 5, 3)), ok, month(2026, 5), "转接完成"},
		{"returned letters have no finding", branchID, day(2026, 3, 5), func() zhibu.Transfer {
			x := jan31
			x.Status, x.ClosedOn = zhibu.TransferReturned, day(2026, 2, 10)
			return x
		}(), none, zhibu.Period{}, ""},
		{"cancelled after the as-of day: still waiting then", branchID, day(2026, 2, 5), func() zhibu.Transfer {
			x := jan31
			x.Status, x.ClosedOn = zhibu.TransferCancelled, day(2026, 2, 10)
			return x
		}(), due, month(2026, 2), ""},
		{"a letter issued after the as-of day", branchID, day(2026, 1, 30), jan31, none, zhibu.Period{}, ""},
		{"settled in an earlier year: no finding this year", branchID, day(2027, 3, 1), received(jan31, day(2026, 2, 1), day(2026, 2, 1)), none, zhibu.Period{}, ""},
		{"a letter valid too long", branchID, day(2026, 2, 1), letter(day(2026, 1, 10), 6, otherBranch), bad, month(2026, 2), "超过规定的3个月"},
		{"another branch's letter", 999, day(2026, 2, 1), jan31, none, zhibu.Period{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := letterFindings(t, tc.org, tc.asOf, tc.tr)
			if tc.status == none {
				if len(fs) != 0 {
					t.Fatalf("want none:%s", describe(fs))
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("want one finding:%s", describe(fs))
			}
			f := fs[0]
			if f.Status != tc.status || f.Period != tc.period || !strings.Contains(f.Message, tc.has) {
				t.Errorf("got %s %s %q, want %s %s containing %q", f.Status, f.Period, f.Message, tc.status, tc.period, tc.has)
			}
			if f.Responsible != zhibu.OrgOfficer || f.SubjectID != tc.org || len(f.Evidence) != 1 || f.Evidence[0].Kind != zhibu.EvidenceTransfer {
				t.Errorf("finding %+v", f)
			}
			if f.Status != ok && f.Status != bad && f.Deadline != tc.tr.ExpiresOn() {
				t.Errorf("deadline %s, want %s", f.Deadline, tc.tr.ExpiresOn())
			}
		})
	}
}

// A letter from outside: the receiving branch returns the receipt within
// the letter's validity.
func TestTransferInReceipt(t *testing.T) {
	in := zhibu.Transfer{ID: 701, PersonID: outsider, PersonName: "李四", FromName: "外省某党支部", ToOrgID: branchID, ToOrgName: "第一党支部",
		LetterNo: "外-9", IssuedOn: day(2025, 11, 30), ValidMonths: 3, Status: zhibu.TransferReceived, ReceivedOn: day(2026, 1, 5)}
	tests := []struct {
		asOf   zhibu.Date
		tr     zhibu.Transfer
		status zhibu.FindingStatus
	}{
		{day(2026, 2, 28), in, zhibu.StatusDue},    // the last valid day (30 Nov + 3 months)
		{day(2026, 3, 1), in, zhibu.StatusOverdue}, // the day after
		{day(2026, 3, 1), func() zhibu.Transfer {
			x := in
			x.ReceiptOn, x.Status = day(2026, 1, 6), zhibu.TransferCompleted
			return x
		}(), zhibu.StatusOK},
	}
	for _, tc := range tests {
		fs := letterFindings(t, branchID, tc.asOf, tc.tr)
		if len(fs) != 1 || fs[0].Status != tc.status {
			t.Errorf("as of %s: want %s:%s", tc.asOf, tc.status, describe(fs))
		}
	}
}

func TestTransferRequired(t *testing.T) {
	mover := zhibu.Mover{PersonID: outsider, Name: "王五", OrgID: branchID, Unit: "刑侦大队", Since: day(2025, 8, 31)} // 6 months: 28 Feb 2026
	pending := letter(day(2026, 3, 5), 3, otherBranch)
	tests := []struct {
		name   string
		asOf   zhibu.Date
		ts     []zhibu.Transfer
		status zhibu.FindingStatus
		has    string
	}{
		{"the day of the change", day(2025, 8, 31), nil, zhibu.StatusDue, "应转接组织关系"},
		{"the day before the last, 27 Feb", day(2026, 2, 27), nil, zhibu.StatusDue, "应转接组织关系"},
		{"the last day of six months, 28 Feb", day(2026, 2, 28), nil, zhibu.StatusDue, "应转接组织关系"},
		{"overdue on 1 March", day(2026, 3, 1), nil, zhibu.StatusOverdue, "已超过6个月"},
		{"a letter under way", day(2026, 3, 6), []zhibu.Transfer{pending}, zhibu.StatusOK, "已开具"},
		{"a letter not yet issued on the as-of day", day(2026, 3, 4), []zhibu.Transfer{pending}, zhibu.StatusOverdue, "已超过6个月"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := transferWorld(tc.asOf, tc.ts...)
			f.Movers = []zhibu.Mover{mover}
			fs := only(Check(DefaultCatalogue(), f, branchID, tc.asOf.Year), "member.transfer.required")
			if len(fs) != 1 || fs[0].Status != tc.status || !strings.Contains(fs[0].Message, tc.has) {
				t.Fatalf("want %s %q:%s", tc.status, tc.has, describe(fs))
			}
		})
	}
	// A mover of another branch, and one whose change is after the as-of day.
	f := transferWorld(day(2026, 3, 1))
	f.Movers = []zhibu.Mover{{PersonID: 1, Name: "甲", OrgID: otherBranch, Unit: "x", Since: day(2025, 1, 1)}, {PersonID: 2, Name: "乙", OrgID: branchID, Unit: "y", Since: day(2026, 3, 2)}}
	if fs := only(Check(DefaultCatalogue(), f, branchID, 2026), "member.transfer.required"); len(fs) != 0 {
		t.Errorf("want none:%s", describe(fs))
	}
}

// Approved extensions at month ends and leap days: the store counts the new
// end from the natural end by calendar months; the engine caps it at
// max_months past the natural end.
func TestTermExtensionEdges(t *testing.T) {
	aug31 := committeeTerm(termID, day(2018, 8, 31), 3, secretary, deputy, orgOfficer, discipline, secrecy) // ends 2021-08-31
	leap := committeeTerm(termID, day(2020, 2, 29), 3, secretary, deputy, orgOfficer, discipline, secrecy)  // ends 2023-02-28
	tests := []struct {
		name  string
		term  zhibu.Term
		ext   zhibu.Date
		asOf  zhibu.Date
		month int
		want  zhibu.FindingStatus
	}{
		{"31 Aug + 6 months = 28 Feb: due on it", aug31, aug31.EndsOn().AddMonths(6), day(2022, 2, 28), 2, zhibu.StatusDue},
		{"... overdue on 1 March", aug31, aug31.EndsOn().AddMonths(6), day(2022, 3, 1), 3, zhibu.StatusOverdue},
		{"capped at 12 months: 31 Aug 2022 still due", aug31, day(2022, 9, 30), day(2022, 8, 31), 8, zhibu.StatusDue},
		{"... overdue on 1 September despite the longer extension", aug31, day(2022, 9, 30), day(2022, 9, 1), 9, zhibu.StatusOverdue},
		{"28 Feb 2023 + 12 months = 28 Feb 2024 (not 29)", leap, leap.EndsOn().AddMonths(12), day(2024, 2, 28), 2, zhibu.StatusDue},
		{"... overdue on 29 Feb 2024", leap, leap.EndsOn().AddMonths(12), day(2024, 2, 29), 2, zhibu.StatusOverdue},
		{"advanced 3 months: 28 Nov 2022 due", leap, leap.EndsOn().AddMonths(-3), day(2022, 11, 28), 11, zhibu.StatusDue},
		{"... overdue on 29 Nov 2022", leap, leap.EndsOn().AddMonths(-3), day(2022, 11, 29), 11, zhibu.StatusOverdue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, fs := termDueMonths(t, []zhibu.Term{tc.term}, map[int64]zhibu.Date{termID: tc.ext}, tc.asOf, tc.asOf.Year)
			if got[tc.month] != tc.want {
				t.Errorf("month %d: %s, want %s:%s", tc.month, got[tc.month], tc.want, describe(fs))
			}
		})
	}
	if got := day(2021, 8, 31).AddMonths(6); got != day(2022, 2, 28) {
		t.Errorf("31 Aug 2021 + 6 months = %s", got)
	}
}
