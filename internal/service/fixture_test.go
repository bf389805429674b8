package service_test

import (
	"context"
	"time"

	"zhibu"
)

// What the service tests share: the system actor's context, people and
// times. Each service's test files build their own orgs.

var sys = zhibu.WithActor(context.Background(), zhibu.System)

// personSeq numbers the people the tests make, for distinct ID numbers.
var personSeq = 100

// person is a valid person of status, born in the 1980s or 1990s, with
// the stage dates the status needs (a year apart from the age of 20).
func person(name string, status zhibu.PartyStatus, orgID, groupID int64) zhibu.Person {
	return personBorn(name, status, orgID, groupID, 1980)
}

// meetPerson is a person born in the 1970s or 1980s who joined the branch
// in 2010: a long-standing member for the meetings' tests.
func meetPerson(name string, status zhibu.PartyStatus, orgID, groupID int64) zhibu.Person {
	p := personBorn(name, status, orgID, groupID, 1970)
	p.JoinedOn = zhibu.MakeDate(2010, 1, 1)
	return p
}

// personBorn is person with a birth year from decade to decade+19.
func personBorn(name string, status zhibu.PartyStatus, orgID, groupID int64, decade int) zhibu.Person {
	personSeq += 2
	birth := zhibu.MakeDate(decade+personSeq%20, time.Month(1+personSeq%12), 1+personSeq%28)
	p := zhibu.Person{Name: name, Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: birth,
		IDNumber: zhibu.MakeIDNumber("650102", birth, personSeq), Officer: true, Status: status, OrgID: orgID, GroupID: groupID}
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

// local is a time in China.
func local(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, zhibu.DefaultZone)
}
