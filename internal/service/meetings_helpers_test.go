package service_test

import (
	"context"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

var msys = zhibu.WithActor(context.Background(), zhibu.System)

// tree makes a committee with a branch of two groups.
func meetTree(t *testing.T, s *store.Store) (committee, branch, g1, g2 zhibu.Org) {
	t.Helper()
	var err error
	committee, err = s.CreateOrg(msys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	branch, err = s.CreateOrg(msys, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: committee.ID,
		FoundedOn: zhibu.MakeDate(2001, 7, 1)})
	if err != nil {
		t.Fatal(err)
	}
	g1, err = s.CreateOrg(msys, zhibu.Org{Code: "B1G1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: branch.ID})
	if err != nil {
		t.Fatal(err)
	}
	g2, err = s.CreateOrg(msys, zhibu.Org{Code: "B1G2", Name: "第二党小组", Kind: zhibu.KindGroup, ParentID: branch.ID})
	if err != nil {
		t.Fatal(err)
	}
	return
}

var meetSeq = 100

// person is a valid person of the given status, admitted long ago.
func meetPerson(name string, status zhibu.PartyStatus, orgID, groupID int64) zhibu.Person {
	meetSeq += 2
	birth := zhibu.MakeDate(1970+meetSeq%20, time.Month(1+meetSeq%12), 1+meetSeq%28)
	p := zhibu.Person{Name: name, Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: birth,
		IDNumber: zhibu.MakeIDNumber("650102", birth, meetSeq), Officer: true, Status: status, OrgID: orgID, GroupID: groupID,
		JoinedOn: zhibu.MakeDate(2010, 1, 1)}
	d := birth.AddYears(20)
	for _, st := range []struct {
		s  zhibu.PartyStatus
		at *zhibu.Date
	}{{zhibu.Applicant, &p.AppliedOn}, {zhibu.Activist, &p.ActivistOn}, {zhibu.Candidate, &p.CandidateOn}, {zhibu.Probationary, &p.AdmittedOn}, {zhibu.FullMember, &p.ConfirmedOn}} {
		if status.AtLeast(st.s) {
			*st.at = d
			d = d.AddYears(1)
		}
	}
	return p
}

func meetLocal(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, zhibu.DefaultZone)
}
