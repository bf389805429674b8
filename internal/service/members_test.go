package service_test

import (
	"errors"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The member records service refuses a non-member and dates after its
// clock, records contacts only on an open stay away, and ends an absence
// once.
func TestMemberRecordsService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		now := func() time.Time { return local(2026, 7, 1, 10, 0) }
		s.SetClock(now)
		svc := service.New(s, service.Options{Now: now})
		c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "局党委", Kind: zhibu.KindCommittee})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.CreateOrg(sys, zhibu.Org{Code: "B", Name: "支部", Kind: zhibu.KindBranch, ParentID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		m, err := s.CreatePerson(sys, person("党员", zhibu.FullMember, b.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		outsider, err := s.CreatePerson(sys, person("群众", zhibu.Applicant, b.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Members.SetFile(sys, zhibu.MemberFile{PersonID: outsider.ID, KeptBy: "政治处", CheckedOn: zhibu.MakeDate(2026, 6, 1)}); !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("a file for an applicant: %v", err)
		}
		if err := svc.Members.SetFile(sys, zhibu.MemberFile{PersonID: m.ID, KeptBy: "政治处", CheckedOn: zhibu.MakeDate(2026, 7, 2)}); !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("a file checked tomorrow: %v", err)
		}
		lost, err := svc.Members.SaveAbsence(sys, zhibu.MemberAbsence{PersonID: m.ID, Kind: zhibu.AbsenceLost, From: zhibu.MakeDate(2026, 1, 5)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Members.RecordContact(sys, lost.ID, zhibu.MakeDate(2026, 6, 1)); !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("a contact with a lost member: %v", err)
		}
		ended, err := svc.Members.EndAbsence(sys, lost.ID, zhibu.MakeDate(2026, 6, 30))
		if err != nil || ended.Until != zhibu.MakeDate(2026, 6, 30) {
			t.Fatalf("end: %+v %v", ended, err)
		}
		if _, err := svc.Members.EndAbsence(sys, lost.ID, zhibu.MakeDate(2026, 7, 1)); !errors.Is(err, zhibu.ErrInvalid) {
			t.Fatalf("ended twice: %v", err)
		}
		away, err := svc.Members.SaveAbsence(sys, zhibu.MemberAbsence{PersonID: m.ID, Kind: zhibu.AbsenceAway, From: zhibu.MakeDate(2026, 1, 5), Place: "北京"})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := svc.Members.RecordContact(sys, away.ID, zhibu.MakeDate(2026, 6, 20)); err != nil || got.LastContact != zhibu.MakeDate(2026, 6, 20) {
			t.Fatalf("contact: %+v %v", got, err)
		}
		r, err := svc.Members.Records(sys, m.ID)
		if err != nil || r.HasFile || len(r.Absences) != 2 {
			t.Fatalf("records %+v %v", r, err)
		}
	})
}
