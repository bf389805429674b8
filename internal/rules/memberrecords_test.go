package rules

import (
	"testing"

	"zhibu"
)

func TestMemberFile(t *testing.T) {
	f := world(day(2018, 6, 1))
	f.Life = []zhibu.MemberLife{{PersonID: 1, Name: "甲", OrgID: branchID}, {PersonID: 2, Name: "乙", OrgID: branchID}}
	f.Files = map[int64]bool{1: true}
	var got []zhibu.Finding
	for _, fd := range Check(DefaultCatalogue(), f, branchID, 2018) {
		if fd.RuleID == "member.file" {
			got = append(got, fd)
		}
	}
	if len(got) != 1 || got[0].Status != zhibu.StatusOverdue || got[0].Evidence[0].ID != 2 {
		t.Fatalf("one without a file: %+v", got)
	}
	f.Files[2] = true
	if fd := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), "member.file", branchID, year(2018)); statusOf(fd) != zhibu.StatusOK {
		t.Fatalf("all with files: %s", statusOf(fd))
	}
	f.Files = nil
	if fd := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), "member.file", branchID, year(2018)); fd != nil {
		t.Fatalf("files not read, yet: %+v", fd)
	}
}

func TestLostContactAndMobile(t *testing.T) {
	tests := []struct {
		name   string
		asOf   zhibu.Date
		a      zhibu.MemberAbsence
		rule   string
		period zhibu.Period
		want   zhibu.FindingStatus
	}{
		{"lost a day less than six months", day(2018, 7, 14), zhibu.MemberAbsence{Kind: zhibu.AbsenceLost, From: day(2018, 1, 15)}, "member.lost_contact", month(2018, 7), zhibu.StatusDue},
		{"lost six months: suspend", day(2018, 7, 15), zhibu.MemberAbsence{Kind: zhibu.AbsenceLost, From: day(2018, 1, 15)}, "member.lost_contact", month(2018, 7), zhibu.StatusOverdue},
		{"found again in March", day(2018, 7, 15), zhibu.MemberAbsence{Kind: zhibu.AbsenceLost, From: day(2018, 1, 15), Until: day(2018, 3, 2)}, "member.lost_contact", month(2018, 3), zhibu.StatusOK},
		{"lost in 2015: removal", day(2018, 7, 15), zhibu.MemberAbsence{Kind: zhibu.AbsenceLost, From: day(2015, 12, 1)}, "member.lost_contact", month(2018, 7), zhibu.StatusOverdue},
		{"away five months: not yet mobile", day(2018, 6, 30), zhibu.MemberAbsence{Kind: zhibu.AbsenceAway, From: day(2018, 1, 31), Place: "乌鲁木齐"}, "member.mobile", month(2018, 6), "none"},
		{"away six months, contacted in May", day(2018, 7, 31), zhibu.MemberAbsence{Kind: zhibu.AbsenceAway, From: day(2018, 1, 31), Place: "乌鲁木齐", LastContact: day(2018, 5, 1)}, "member.mobile", month(2018, 7), zhibu.StatusOK},
		{"contact three months ago to the day", day(2018, 8, 1), zhibu.MemberAbsence{Kind: zhibu.AbsenceAway, From: day(2018, 1, 31), Place: "乌鲁木齐", LastContact: day(2018, 5, 1)}, "member.mobile", month(2018, 8), zhibu.StatusOK},
		{"contact three months and a day ago", day(2018, 8, 2), zhibu.MemberAbsence{Kind: zhibu.AbsenceAway, From: day(2018, 1, 31), Place: "乌鲁木齐", LastContact: day(2018, 5, 1)}, "member.mobile", month(2018, 8), zhibu.StatusOverdue},
		{"never contacted since leaving", day(2018, 8, 2), zhibu.MemberAbsence{Kind: zhibu.AbsenceAway, From: day(2018, 1, 31), Place: "乌鲁木齐"}, "member.mobile", month(2018, 8), zhibu.StatusOverdue},
		{"returned after seven months", day(2018, 10, 1), zhibu.MemberAbsence{Kind: zhibu.AbsenceAway, From: day(2018, 1, 1), Until: day(2018, 8, 10), Place: "乌鲁木齐"}, "member.mobile", month(2018, 8), zhibu.StatusOK},
		{"returned after two months", day(2018, 10, 1), zhibu.MemberAbsence{Kind: zhibu.AbsenceAway, From: day(2018, 1, 1), Until: day(2018, 3, 10), Place: "乌鲁木齐"}, "member.mobile", month(2018, 3), "none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := world(tc.asOf)
			tc.a.PersonID, tc.a.PersonName, tc.a.OrgID = 7, "王五", branchID
			f.Absences = []zhibu.MemberAbsence{tc.a}
			got := pick(t, Check(DefaultCatalogue(), f, branchID, 2018), tc.rule, branchID, tc.period)
			if statusOf(got) != tc.want {
				msg := ""
				if got != nil {
					msg = got.Message
				}
				t.Fatalf("%s = %s, want %s (%s)", tc.rule, statusOf(got), tc.want, msg)
			}
		})
	}
}

func TestMemberAbsenceValidate(t *testing.T) {
	today := day(2018, 6, 1)
	tests := []struct {
		name  string
		a     zhibu.MemberAbsence
		field string
	}{
		{"fine", zhibu.MemberAbsence{Kind: zhibu.AbsenceAway, From: day(2018, 1, 1), Place: "北京"}, ""},
		{"no kind", zhibu.MemberAbsence{From: day(2018, 1, 1)}, "kind"},
		{"future start", zhibu.MemberAbsence{Kind: zhibu.AbsenceLost, From: day(2018, 7, 1)}, "from"},
		{"ends before it starts", zhibu.MemberAbsence{Kind: zhibu.AbsenceLost, From: day(2018, 3, 1), Until: day(2018, 2, 1)}, "until"},
		{"away without a place", zhibu.MemberAbsence{Kind: zhibu.AbsenceAway, From: day(2018, 1, 1)}, "place"},
		{"a contact with a lost member", zhibu.MemberAbsence{Kind: zhibu.AbsenceLost, From: day(2018, 1, 1), LastContact: day(2018, 2, 1)}, "last_contact"},
		{"contact before leaving", zhibu.MemberAbsence{Kind: zhibu.AbsenceAway, From: day(2018, 3, 1), Place: "北京", LastContact: day(2018, 2, 1)}, "last_contact"},
	}
	for _, tc := range tests {
		err := tc.a.Validate(today)
		ps, _ := err.(zhibu.Problems)
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.field != "" && ps.For(tc.field) == "":
			t.Errorf("%s: problems %v, want one on %s", tc.name, err, tc.field)
		}
	}
	if err := (zhibu.MemberFile{KeptBy: "", CheckedOn: today}).Validate(today); err == nil {
		t.Error("a file without its keeper passed")
	}
}
