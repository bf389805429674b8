package store_test

import (
	"errors"
	"testing"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// A member file and absences are saved, refused when invalid or doubled,
// checked for the actor's right, and read into the facts the rules judge.
func TestMemberRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		onJuly1(s)
		_, branch, g1, _ := tree(t, s)
		a, err := s.CreatePerson(sys, member("甲", branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.CreatePerson(sys, member("乙", branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetMemberFile(sys, zhibu.MemberFile{PersonID: a.ID, KeptBy: " 市局政治处 ", CheckedOn: zhibu.MakeDate(2026, 3, 1)}); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.MemberFile(sys, a.ID)
		if err != nil || !ok || got.KeptBy != "市局政治处" || got.CheckedOn != zhibu.MakeDate(2026, 3, 1) {
			t.Fatalf("file %+v %v %v", got, ok, err)
		}
		if err := s.SetMemberFile(sys, zhibu.MemberFile{PersonID: a.ID, KeptBy: "", CheckedOn: zhibu.MakeDate(2026, 3, 1)}); !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("a file without its keeper: %v", err)
		}
		if got, _, _ := s.MemberFile(sys, a.ID); got.KeptBy != "市局政治处" {
			t.Fatalf("a refused write changed the file: %+v", got)
		}
		away, err := s.SaveAbsence(sys, zhibu.MemberAbsence{PersonID: b.ID, Kind: zhibu.AbsenceAway, From: zhibu.MakeDate(2025, 11, 1), Place: "乌鲁木齐"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveAbsence(sys, zhibu.MemberAbsence{PersonID: b.ID, Kind: zhibu.AbsenceAway, From: zhibu.MakeDate(2026, 1, 1), Place: "北京"}); !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("a second open absence of a kind: %v", err)
		}
		// A member with no right to write people is refused.
		reader := zhibu.WithActor(sys, zhibu.Actor{AccountID: 99, Name: "只读", Scope: zhibu.Scope{Paths: []string{branch.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}}})
		if _, err := s.SaveAbsence(reader, zhibu.MemberAbsence{PersonID: a.ID, Kind: zhibu.AbsenceLost, From: zhibu.MakeDate(2026, 1, 1)}); !errors.Is(err, zhibu.ErrForbidden) {
			t.Fatalf("a reader saved an absence: %v", err)
		}
		if err := s.SetMemberFile(reader, zhibu.MemberFile{PersonID: b.ID, KeptBy: "某处", CheckedOn: zhibu.MakeDate(2026, 3, 1)}); !errors.Is(err, zhibu.ErrForbidden) {
			t.Fatalf("a reader set a file: %v", err)
		}
		f, err := s.Facts(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 1))
		if err != nil {
			t.Fatal(err)
		}
		if !f.Files[a.ID] || f.Files[b.ID] || len(f.Absences) != 1 || f.Absences[0].ID != away.ID || f.Absences[0].OrgID != branch.ID {
			t.Fatalf("facts: files %v, absences %+v", f.Files, f.Absences)
		}
		status := map[string]zhibu.FindingStatus{}
		for _, fd := range rules.Check(rules.DefaultCatalogue(), f, branch.ID, 2026) {
			if fd.RuleID == "member.file" && fd.Evidence[0].ID == b.ID || fd.RuleID == "member.mobile" {
				status[fd.RuleID] = fd.Status
			}
		}
		// 乙 has no file; away since November with no contact for more than three months.
		if status["member.file"] != zhibu.StatusOverdue || status["member.mobile"] != zhibu.StatusOverdue {
			t.Fatalf("findings %v", status)
		}
		away.LastContact = zhibu.MakeDate(2026, 6, 20)
		if _, err := s.SaveAbsence(sys, away); err != nil {
			t.Fatal(err)
		}
		f, _ = s.Facts(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 1))
		for _, fd := range rules.Check(rules.DefaultCatalogue(), f, branch.ID, 2026) {
			if fd.RuleID == "member.mobile" && fd.Status != zhibu.StatusOK {
				t.Errorf("after a contact in June: %s %s", fd.Status, fd.Message)
			}
		}
	})
}
