package service_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// The development service's tests: the behaviour of a step (the rules'
// check, the vote read from the assembly, the person's transitions, the
// audit), on SQLite and PostgreSQL. The helpers carry a dev prefix: the
// package's other test files have their own.

func dev(s *store.Store) *service.Development { return service.New(s, service.Options{}).Development }

func devDay(y, m, dd int) zhibu.Date { return zhibu.MakeDate(y, time.Month(m), dd) }

// devBranch is a committee's branch with a group, four full members and a
// committee elected in 2017 (secretary, organisation and discipline).
func devBranch(t testing.TB, s *store.Store) (branch, g1 zhibu.Org, members []zhibu.Person) {
	t.Helper()
	c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	branch, err = s.CreateOrg(sys, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID,
		FoundedOn: zhibu.MakeDate(2001, 7, 1), Units: []string{"治安大队", "办公室"}})
	if err != nil {
		t.Fatal(err)
	}
	if g1, err = s.CreateOrg(sys, zhibu.Org{Code: "B1G1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: branch.ID}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"甲", "乙", "丙", "丁"} {
		p := person("委员"+n, zhibu.FullMember, branch.ID, g1.ID)
		p.BirthDate = zhibu.MakeDate(1975, 5, 5)
		p.IDNumber = zhibu.MakeIDNumber("650102", p.BirthDate, 200+len(members)*2)
		p.AppliedOn, p.ActivistOn, p.CandidateOn = zhibu.MakeDate(2000, 1, 1), zhibu.MakeDate(2000, 6, 1), zhibu.MakeDate(2001, 7, 1)
		p.AdmittedOn, p.ConfirmedOn = zhibu.MakeDate(2002, 1, 1), zhibu.MakeDate(2003, 1, 1)
		p.JoinedOn = zhibu.MakeDate(2016, 1, 1)
		created, err := s.CreatePerson(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, created)
	}
	if _, err := s.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2017, 6, 1), Seats: []zhibu.Seat{
		{PersonID: members[0].ID, Position: zhibu.Secretary}, {PersonID: members[1].ID, Position: zhibu.OrgOfficer},
		{PersonID: members[2].ID, Position: zhibu.DisciplineOfficer}}}); err != nil {
		t.Fatal(err)
	}
	return branch, g1, members
}

// devAssembly records a held general assembly of the branch on day on,
// with the members' attendance (the first present ones present) and one
// resolution with yes votes in favour.
func devAssembly(t *testing.T, s *store.Store, branch zhibu.Org, members []zhibu.Person, on zhibu.Date, present, yes int) zhibu.Meeting {
	t.Helper()
	var att []zhibu.Attendance
	for i, m := range members {
		st := zhibu.AttendPresent
		if i >= present {
			st = zhibu.AttendAbsent
		}
		att = append(att, zhibu.Attendance{PersonID: m.ID, Status: st})
	}
	m, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
		StartsAt: local(on.Year, on.Month, on.Day, 15, 0), ChairID: members[0].ID, RecorderID: members[1].ID,
		Topics: []string{"讨论发展党员"}, Minutes: "会议记录",
		Resolutions: []zhibu.Resolution{{Text: "表决", For: yes, Against: present - yes, Entitled: len(members), Present: present}}}, att)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDevelopmentFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := devBranch(t, s)
		p := person("李明", zhibu.Masses, branch.ID, 0)
		p.BirthDate = devDay(1998, 2, 14)
		p.IDNumber = zhibu.MakeIDNumber("650102", p.BirthDate, 302)
		p.JoinedOn = devDay(2020, 1, 1)
		p, err := s.CreatePerson(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		step := func(r zhibu.DevRecord) (zhibu.DevRecord, error) { return dev(s).Record(sys, p.ID, r) }
		must := func(r zhibu.DevRecord) zhibu.DevRecord {
			t.Helper()
			got, err := step(r)
			if err != nil {
				t.Fatalf("step %d on %s: %v", r.Step, r.On, err)
			}
			return got
		}
		refused := func(r zhibu.DevRecord, rule string) {
			t.Helper()
			_, err := step(r)
			if !errors.Is(err, zhibu.ErrInvalid) || !strings.Contains(zhibu.UserMessage(err), rule) {
				t.Fatalf("step %d on %s: %v, want a refusal by %s", r.Step, r.On, err, rule)
			}
		}
		status := func(want zhibu.PartyStatus) zhibu.Person {
			t.Helper()
			got, err := s.Person(sys, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != want {
				t.Fatalf("status %s, want %s", got.Status, want)
			}
			return got
		}
		refused(zhibu.DevRecord{Step: 3, On: devDay(2024, 2, 1)}, "dev.order")
		must(zhibu.DevRecord{Step: 1, On: devDay(2024, 1, 10)})
		if got := status(zhibu.Applicant); got.AppliedOn != devDay(2024, 1, 10) {
			t.Errorf("applied on %s", got.AppliedOn)
		}
		refused(zhibu.DevRecord{Step: 3, On: devDay(2024, 1, 9)}, "dev.order")
		must(zhibu.DevRecord{Step: 2, On: devDay(2024, 1, 20)})
		must(zhibu.DevRecord{Step: 3, On: devDay(2024, 2, 1)})
		status(zhibu.Activist)

		// The superior's filing needs filing.review: the branch's officer may not.
		officer := zhibu.WithActor(sys, zhibu.Actor{AccountID: 7, Name: "组织委员", Scope: zhibu.Scope{Paths: []string{branch.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}, {Perm: zhibu.PermDevelop, Path: branch.Path}}})
		if _, err := dev(s).Record(officer, p.ID, zhibu.DevRecord{Step: 4, On: devDay(2024, 2, 5)}); !errors.Is(err, zhibu.ErrForbidden) {
			t.Fatalf("the branch files for the superior: %v", err)
		}
		must(zhibu.DevRecord{Step: 4, On: devDay(2024, 2, 5)})
		if _, err := dev(s).Record(officer, p.ID, zhibu.DevRecord{Step: 5, On: devDay(2024, 2, 5), People: []int64{members[3].ID}}); err != nil {
			t.Fatalf("the officer names a mentor: %v", err)
		}
		must(zhibu.DevRecord{Step: 6, On: devDay(2024, 8, 1)})
		refused(zhibu.DevRecord{Step: 7, On: devDay(2025, 1, 31)}, "dev.candidate.after")
		must(zhibu.DevRecord{Step: 7, On: devDay(2025, 2, 1)})
		status(zhibu.Candidate)
		must(zhibu.DevRecord{Step: 8, On: devDay(2025, 2, 10)})
		refused(zhibu.DevRecord{Step: 9, On: devDay(2025, 2, 10), People: []int64{members[0].ID}}, "dev.sponsors")
		refused(zhibu.DevRecord{Step: 9, On: devDay(2025, 2, 10), People: []int64{members[0].ID, p.ID}}, "dev.sponsors")
		nine := must(zhibu.DevRecord{Step: 9, On: devDay(2025, 2, 10), People: []int64{members[0].ID, members[1].ID}})
		if len(nine.PeopleName) != 2 || nine.PeopleName[0] != members[0].Name {
			t.Errorf("sponsor names %v", nine.PeopleName)
		}
		must(zhibu.DevRecord{Step: 10, On: devDay(2025, 2, 20)})
		refused(zhibu.DevRecord{Step: 11, On: devDay(2025, 3, 1), Days: 2, Hours: 20}, "dev.training")
		must(zhibu.DevRecord{Step: 11, On: devDay(2025, 3, 1), Days: 3})
		must(zhibu.DevRecord{Step: 12, On: devDay(2025, 3, 5)})
		must(zhibu.DevRecord{Step: 13, On: devDay(2025, 3, 20)})
		must(zhibu.DevRecord{Step: 14, On: devDay(2025, 3, 25)})

		// A vote with half of all four voters in favour fails, and is kept.
		lost := devAssembly(t, s, branch, members, devDay(2025, 4, 10), 3, 2)
		r := must(zhibu.DevRecord{Step: 15, MeetingID: lost.ID, Resolution: 1})
		if r.Outcome != zhibu.OutcomeFailed || r.On != devDay(2025, 4, 10) || r.Votes.Entitled != 4 || r.Votes.Present != 3 {
			t.Fatalf("failed vote recorded as %+v", r)
		}
		status(zhibu.Candidate)
		// A committee meeting is no assembly.
		cm, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
			StartsAt: local(2025, 5, 1, 9, 0), Resolutions: []zhibu.Resolution{{Text: "x", For: 3, Entitled: 3}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := step(zhibu.DevRecord{Step: 15, MeetingID: cm.ID, Resolution: 1}); !errors.Is(err, zhibu.ErrInvalid) ||
			!strings.Contains(zhibu.UserMessage(err), "支部党员大会") {
			t.Fatalf("a committee meeting's vote: %v", err)
		}
		won := devAssembly(t, s, branch, members, devDay(2025, 5, 10), 4, 3)
		must(zhibu.DevRecord{Step: 15, MeetingID: won.ID, Resolution: 1})
		if got := status(zhibu.Probationary); got.AdmittedOn != devDay(2025, 5, 10) {
			t.Errorf("admitted on %s", got.AdmittedOn)
		}
		must(zhibu.DevRecord{Step: 16, On: devDay(2025, 6, 1)})
		must(zhibu.DevRecord{Step: 17, On: devDay(2025, 6, 20)})
		must(zhibu.DevRecord{Step: 20, On: devDay(2025, 7, 1)})
		must(zhibu.DevRecord{Step: 22, On: devDay(2026, 4, 20)})
		early := devAssembly(t, s, branch, members, devDay(2026, 5, 9), 4, 4)
		refused(zhibu.DevRecord{Step: 23, Outcome: zhibu.OutcomeConfirm, MeetingID: early.ID, Resolution: 1}, "dev.confirm.after")
		status(zhibu.Probationary)
		on := devAssembly(t, s, branch, members, devDay(2026, 5, 10), 4, 4)
		must(zhibu.DevRecord{Step: 23, Outcome: zhibu.OutcomeConfirm, MeetingID: on.ID, Resolution: 1})
		full := status(zhibu.FullMember)
		if full.ConfirmedOn != devDay(2026, 5, 10) || full.PartyAge(devDay(2027, 5, 10)) != 1 || full.PartyAge(devDay(2027, 5, 9)) != 0 {
			t.Errorf("confirmed on %s, party age %d", full.ConfirmedOn, full.PartyAge(devDay(2027, 5, 10)))
		}

		f, err := s.DevFile(sys, p.ID)
		if err != nil || len(f.Records) != 21 {
			t.Fatalf("file: %d records, %v", len(f.Records), err)
		}
		// The facts carry the file; the engine reports the approval of the
		// confirmation as due until 10 August.
		facts, err := s.Facts(sys, branch.ID, 2026, devDay(2026, 6, 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(facts.Development) != 1 || facts.DevSuperior[branch.ID] != "市公安局党委" {
			t.Fatalf("facts: %d files, superior %q", len(facts.Development), facts.DevSuperior[branch.ID])
		}
		// The facts carry every step as the file has it (what the rules read).
		got := facts.Development[0]
		if got.Person.ID != p.ID || got.Person.BirthDate != p.BirthDate || got.Person.Status != zhibu.FullMember || len(got.Records) != len(f.Records) {
			t.Fatalf("facts file: %+v", got.Person)
		}
		for i, want := range f.Records {
			r := got.Records[i]
			if r.ID != want.ID || r.Step != want.Step || r.On != want.On || r.Outcome != want.Outcome || r.Votes != want.Votes ||
				r.MeetingID != want.MeetingID || r.Resolution != want.Resolution || r.Days != want.Days || r.Hours != want.Hours ||
				r.Months != want.Months || r.Special != want.Special || fmt.Sprint(r.People) != fmt.Sprint(want.People) {
				t.Errorf("facts record %d: %+v, want %+v", i, r, want)
			}
		}
		cat, _ := service.New(s, service.Options{}).Compliance.Catalogue(sys)
		found := false
		for _, fd := range rules.Check(cat, facts, branch.ID, 2026) {
			if fd.RuleID == "dev.confirm.approval" && fd.SubjectID == p.ID {
				found = fd.Status == zhibu.StatusDue && fd.Deadline == devDay(2026, 8, 10)
			}
		}
		if !found {
			t.Errorf("no due dev.confirm.approval finding")
		}
		files, err := s.DevFiles(sys, branch.ID)
		if err != nil || len(files) != 1 || files[0].Person.ID != p.ID {
			t.Errorf("files in development: %v, %v", files, err)
		}
		recs, _, err := s.AuditRecords(sys, store.AuditFilter{Action: "dev.step"})
		if err != nil || len(recs) != 21 {
			t.Errorf("audit: %d dev.step records, %v", len(recs), err)
		}
	})
}

func TestDevelopmentRevocation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := devBranch(t, s)
		p := person("王芳", zhibu.Masses, branch.ID, 0)
		p.JoinedOn = devDay(2019, 1, 1)
		p, err := s.CreatePerson(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		on := []zhibu.Date{{}, devDay(2022, 1, 10), devDay(2022, 1, 20), devDay(2022, 3, 1), devDay(2022, 3, 2), devDay(2022, 3, 2), devDay(2022, 9, 1), devDay(2023, 3, 1),
			devDay(2023, 3, 2), devDay(2023, 3, 3), devDay(2023, 3, 4), devDay(2023, 3, 5), devDay(2023, 3, 6), devDay(2023, 3, 7), devDay(2023, 3, 8)}
		for n := 1; n <= 14; n++ {
			r := zhibu.DevRecord{Step: n, On: on[n]}
			switch n {
			case 5:
				r.People = []int64{members[0].ID}
			case 9:
				r.People = []int64{members[0].ID, members[1].ID}
			case 11:
				r.Hours = 24
			}
			if _, err := dev(s).Record(sys, p.ID, r); err != nil {
				t.Fatalf("step %d: %v", n, err)
			}
		}
		m := devAssembly(t, s, branch, members, devDay(2023, 4, 1), 4, 4)
		if _, err := dev(s).Record(sys, p.ID, zhibu.DevRecord{Step: 15, MeetingID: m.ID, Resolution: 1}); err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{16, 17, 22} {
			if _, err := dev(s).Record(sys, p.ID, zhibu.DevRecord{Step: n, On: devDay(2023, 5, n)}); err != nil {
				t.Fatalf("step %d: %v", n, err)
			}
		}
		// Extended by six months at the end of the year; confirmed after.
		ext := devAssembly(t, s, branch, members, devDay(2024, 4, 1), 4, 4)
		if _, err := dev(s).Record(sys, p.ID, zhibu.DevRecord{Step: 23, Outcome: zhibu.OutcomeExtend, Months: 13, MeetingID: ext.ID, Resolution: 1}); err == nil ||
			!strings.Contains(zhibu.UserMessage(err), "dev.extension") {
			t.Fatalf("13 months: %v", err)
		}
		if _, err := dev(s).Record(sys, p.ID, zhibu.DevRecord{Step: 23, Outcome: zhibu.OutcomeExtend, Months: 6, MeetingID: ext.ID, Resolution: 1}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Person(sys, p.ID); got.Status != zhibu.Probationary {
			t.Fatalf("extension changed the status to %s", got.Status)
		}
		before := devAssembly(t, s, branch, members, devDay(2024, 9, 30), 4, 4)
		if _, err := dev(s).Record(sys, p.ID, zhibu.DevRecord{Step: 23, Outcome: zhibu.OutcomeConfirm, MeetingID: before.ID, Resolution: 1}); err == nil ||
			!strings.Contains(zhibu.UserMessage(err), "dev.confirm.after") {
			t.Fatalf("confirmation before the extended end: %v", err)
		}
		rv := devAssembly(t, s, branch, members, devDay(2024, 10, 8), 4, 4)
		if _, err := dev(s).Record(sys, p.ID, zhibu.DevRecord{Step: 23, Outcome: zhibu.OutcomeRevoke, MeetingID: rv.ID, Resolution: 1}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Person(sys, p.ID)
		if got.Status != zhibu.Masses || !got.AdmittedOn.IsZero() || !got.AppliedOn.IsZero() {
			t.Errorf("after revocation: %s admitted %s", got.Status, got.AdmittedOn)
		}
		if _, err := dev(s).Record(sys, p.ID, zhibu.DevRecord{Step: 20, On: devDay(2024, 10, 9)}); err == nil {
			t.Errorf("a step after revocation was recorded")
		}

		// The revocation was recorded in error: voiding it puts the
		// probationary member back, dates and all; only the latest record
		// may be voided, and only by whom may record its step.
		f, _ := s.DevFile(sys, p.ID)
		last := f.Records[len(f.Records)-1]
		if _, err := dev(s).VoidLastStep(sys, p.ID, f.Records[0].ID); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("voiding an earlier record: %v", err)
		}
		superior := zhibu.WithActor(sys, zhibu.Actor{AccountID: 9, Name: "局党委", Scope: zhibu.Scope{Paths: []string{branch.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}, {Perm: zhibu.PermFilingReview, Path: branch.Path}}})
		if _, err := dev(s).VoidLastStep(superior, p.ID, last.ID); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("the superior voids the branch's step: %v", err)
		}
		voided, err := dev(s).VoidLastStep(sys, p.ID, last.ID)
		if err != nil || voided.Outcome != zhibu.OutcomeRevoke {
			t.Fatalf("void: %+v %v", voided, err)
		}
		got, _ = s.Person(sys, p.ID)
		if got.Status != zhibu.Probationary || got.AdmittedOn != devDay(2023, 4, 1) || got.AppliedOn != devDay(2022, 1, 10) {
			t.Errorf("after voiding the revocation: %s admitted %s applied %s", got.Status, got.AdmittedOn, got.AppliedOn)
		}
		// Voiding the extension (no change to the person) leaves the status.
		f, _ = s.DevFile(sys, p.ID)
		if _, err := dev(s).VoidLastStep(sys, p.ID, f.Records[len(f.Records)-1].ID); err != nil {
			t.Fatal(err)
		}
		if f, _ = s.DevFile(sys, p.ID); len(f.Records) != 18 || f.Records[len(f.Records)-1].Step != 22 {
			t.Errorf("after two voids: %d records", len(f.Records))
		}
		if got, _ := s.Person(sys, p.ID); got.Status != zhibu.Probationary {
			t.Errorf("status %s", got.Status)
		}
	})
}

// BenchmarkRecordStep records a half-yearly review (step 6) on an
// activist's file: the file and the catalogue read, the rules checked, the
// step and its audit record written, on SQLite (and PostgreSQL when
// ZHIBU_TEST_POSTGRES is set).
//
//	go test -run '^$' -bench RecordStep -benchtime 200x ./internal/service/
func BenchmarkRecordStep(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			s := e.Open(b)
			c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
			if err != nil {
				b.Fatal(err)
			}
			br, err := s.CreateOrg(sys, zhibu.Org{Code: "B", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID})
			if err != nil {
				b.Fatal(err)
			}
			mentor := person("导师", zhibu.FullMember, br.ID, 0)
			mentor.JoinedOn = devDay(2000, 1, 1)
			if mentor, err = s.CreatePerson(sys, mentor); err != nil {
				b.Fatal(err)
			}
			p, err := s.CreatePerson(sys, person("张三", zhibu.Masses, br.ID, 0))
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range []zhibu.DevRecord{{Step: 1, On: devDay(2020, 1, 1)}, {Step: 3, On: devDay(2020, 2, 1)},
				{Step: 5, On: devDay(2020, 2, 1), People: []int64{mentor.ID}}} {
				if _, err := dev(s).Record(sys, p.ID, r); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if _, err := dev(s).Record(sys, p.ID, zhibu.DevRecord{Step: 6, On: devDay(2020, 8, 1)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The branch's door records and voids the branch's steps only, the
// superior's door the superior's: one refusal, whichever door sends it.
func TestDevelopmentDoorsOfSteps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, _ := devBranch(t, s)
		p, err := s.CreatePerson(sys, person("周强", zhibu.Masses, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		problem := func(err error, field, want string) {
			t.Helper()
			var ps zhibu.Problems
			if !errors.As(err, &ps) || ps.For(field) != want {
				t.Fatalf("%v, want %s: %q", err, field, want)
			}
		}
		_, err = dev(s).RecordStep(sys, p.ID, zhibu.DevRecord{Step: 0, On: devDay(2024, 1, 10)})
		problem(err, "step", "步骤：应为1至25之间的步骤")
		_, err = dev(s).RecordApproval(sys, p.ID, zhibu.DevRecord{Step: 1, On: devDay(2024, 1, 10)})
		problem(err, "step", "步骤：第1步 递交入党申请书由支部记录，不属于上级党委的审批步骤")
		one, err := dev(s).RecordStep(sys, p.ID, zhibu.DevRecord{Step: 1, On: devDay(2024, 1, 10)})
		if err != nil {
			t.Fatal(err)
		}
		// The activist (step 3) only after the talk (step 2).
		_, err = dev(s).RecordStep(sys, p.ID, zhibu.DevRecord{Step: 3, On: devDay(2024, 3, 10)})
		if err == nil || !strings.Contains(err.Error(), "第3步 确定入党积极分子须在第2步 党组织派人谈话之后") {
			t.Fatalf("step 3 before step 2: %v", err)
		}
		if _, err := dev(s).RecordStep(sys, p.ID, zhibu.DevRecord{Step: 2, On: devDay(2024, 2, 1)}); err != nil {
			t.Fatal(err)
		}
		if _, err := dev(s).RecordStep(sys, p.ID, zhibu.DevRecord{Step: 3, On: devDay(2024, 3, 10)}); err != nil {
			t.Fatal(err)
		}
		_, err = dev(s).RecordStep(sys, p.ID, zhibu.DevRecord{Step: 4, On: devDay(2024, 3, 12)})
		problem(err, "step", "步骤：第4步 报上级党委备案（入党积极分子）由上级党委记录")
		four, err := dev(s).RecordApproval(sys, p.ID, zhibu.DevRecord{Step: 4, On: devDay(2024, 3, 12)})
		if err != nil {
			t.Fatal(err)
		}
		_, err = dev(s).VoidLastStep(sys, p.ID, four.ID)
		problem(err, "record_id", "记录：第4步 报上级党委备案（入党积极分子）由上级党委记录，也由上级党委撤销")
		_, err = dev(s).VoidLastApproval(sys, p.ID, one.ID)
		problem(err, "record_id", "记录：第1步 递交入党申请书由支部记录，也由支部撤销")
		if _, err := dev(s).VoidLastApproval(sys, p.ID, four.ID); err != nil {
			t.Fatal(err)
		}
		f, _ := s.DevFile(sys, p.ID)
		if len(f.Records) != 3 {
			t.Errorf("after the void: %d records", len(f.Records))
		}
		// What the file looks forward to: the superior's filing (4),
		// voided, is due again.
		empty, _ := s.DevFile(sys, devNewcomer(t, s, branch))
		out, err := dev(s).Outlooks(sys, f, empty)
		if err != nil || len(out) != 2 || out[0].Next != 4 || !out[0].ProbationEnd.IsZero() || out[1].Next != 1 {
			t.Errorf("outlooks %+v %v", out, err)
		}
	})
}

// devNewcomer is a new person of the branch with no development file.
func devNewcomer(t *testing.T, s *store.Store, branch zhibu.Org) int64 {
	t.Helper()
	p, err := s.CreatePerson(sys, person("吴军", zhibu.Masses, branch.ID, 0))
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}
