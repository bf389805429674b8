package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func d(y, m, dd int) zhibu.Date { return zhibu.MakeDate(y, time.Month(m), dd) }

func TestDevelopmentMaterials(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, _ := branchWithCommittee(t, s)
		p, err := s.CreatePerson(sys, person("赵敏", zhibu.Masses, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveStep(sys, p.ID, 0, zhibu.DevRecord{Step: 1, On: d(2025, 1, 10), Outcome: zhibu.OutcomeDone}, zhibu.Stages{Status: zhibu.Applicant, AppliedOn: d(2025, 1, 10)}, "申请"); err != nil {
			t.Fatal(err)
		}
		f, _ := s.DevFile(sys, p.ID)
		if miss := f.Missing(nil); len(miss) != 1 || miss[0].Name != "入党申请书" {
			t.Fatalf("missing %v", miss)
		}
		pdf := []byte("%PDF-1.4\n入党申请书 secret text\n%%EOF")
		if _, err := s.AddDevMaterials(sys, p.ID, 1, "政治审查报告", []store.NewAttachment{{Filename: "a.pdf", Data: pdf}}); !errors.Is(err, zhibu.ErrInvalid) {
			t.Errorf("a material not on the step's list: %v", err)
		}
		if _, err := s.AddDevMaterials(sys, p.ID, 1, "入党申请书", []store.NewAttachment{{Filename: "a.pdf", Data: []byte("MZ\x90\x00 not a pdf")}}); !errors.Is(err, zhibu.ErrInvalid) {
			t.Errorf("a program as a material: %v", err)
		}
		ms, err := s.AddDevMaterials(sys, p.ID, 1, "入党申请书", []store.NewAttachment{{Filename: `C:\扫描\申请书.pdf`, Data: pdf}})
		if err != nil || len(ms) != 1 || ms[0].Filename != "申请书.pdf" || ms[0].ContentType != "application/pdf" {
			t.Fatalf("upload: %v %v", ms, err)
		}
		all, _ := s.DevMaterials(sys, p.ID)
		if miss := f.Missing(all); len(miss) != 0 {
			t.Errorf("still missing %v", miss)
		}
		_, data, err := s.DevMaterial(sys, p.ID, ms[0].ID)
		if err != nil || string(data) != string(pdf) {
			t.Errorf("read back: %q %v", data, err)
		}
		if _, _, err := s.DevMaterial(sys, p.ID+1, ms[0].ID); err == nil {
			t.Errorf("another person's material was served")
		}
		if err := s.DeleteDevMaterial(sys, p.ID, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		if all, _ := s.DevMaterials(sys, p.ID); len(all) != 0 {
			t.Errorf("after delete: %v", all)
		}
	})
}

// Once a file has steps, the person form may not change the status or the
// stage dates: the file sets them.
func TestDevelopmentGuardsPerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, _ := branchWithCommittee(t, s)
		p, err := s.CreatePerson(sys, person("钱坤", zhibu.Masses, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		// Without a file the form still changes them.
		p.Status, p.AppliedOn = zhibu.Applicant, d(2024, 5, 1)
		if p, err = s.UpdatePerson(sys, p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveStep(sys, p.ID, 0, zhibu.DevRecord{Step: 1, On: d(2024, 5, 1), Outcome: zhibu.OutcomeDone}, p.Stages(), "申请"); err != nil {
			t.Fatal(err)
		}
		p.AppliedOn = d(2024, 4, 1)
		_, err = s.UpdatePerson(sys, p)
		var ps zhibu.Problems
		if !errors.As(err, &ps) || !strings.Contains(ps.For("applied_on"), "发展档案") {
			t.Fatalf("changing the application date: %v", err)
		}
		p.AppliedOn, p.Unit = d(2024, 5, 1), "办公室"
		if got, err := s.UpdatePerson(sys, p); err != nil || got.Unit != "办公室" {
			t.Errorf("other fields: %v", err)
		}
	})
}

// SaveStep and VoidStep persist what the development service decided (its
// behaviour is tested in internal/service): the step, the person's stages
// and the audit record in one transaction, the stages replaced kept for
// the void, the actor's right checked, and nothing written when the file
// changed or the stages are not a valid person.
func TestSaveStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := branchWithCommittee(t, s)
		p, err := s.CreatePerson(sys, person("孙丽", zhibu.Masses, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		count := func(action string) int {
			t.Helper()
			recs, _, err := s.AuditRecords(sys, store.AuditFilter{Action: action})
			if err != nil {
				t.Fatal(err)
			}
			return len(recs)
		}
		applied := zhibu.Stages{Status: zhibu.Applicant, AppliedOn: d(2024, 1, 10)}
		r, err := s.SaveStep(sys, p.ID, 0, zhibu.DevRecord{Step: 1, On: d(2024, 1, 10), Outcome: zhibu.OutcomeDone, Note: "本人递交"}, applied, "孙丽：第1步")
		if err != nil || r.ID == 0 || r.EnteredBy == "" || r.PersonID != p.ID {
			t.Fatalf("save: %+v %v", r, err)
		}
		if got, _ := s.Person(sys, p.ID); got.Stages() != applied {
			t.Fatalf("stages %+v", got.Stages())
		}
		recs, _, _ := s.AuditRecords(sys, store.AuditFilter{Action: "dev.step"})
		if len(recs) != 1 || !strings.HasPrefix(recs[0].Detail, "孙丽：第1步；政治面貌") {
			t.Fatalf("audit %+v", recs)
		}
		f, _ := s.DevFile(sys, p.ID)
		if len(f.Records) != 1 || f.Records[0].Note != "本人递交" {
			t.Fatalf("file %+v", f.Records)
		}

		// The file changed since it was checked: nothing is written.
		if _, err := s.SaveStep(sys, p.ID, 0, zhibu.DevRecord{Step: 2, On: d(2024, 1, 20), Outcome: zhibu.OutcomeDone}, applied, "x"); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("a stale file: %v", err)
		}
		// Stages no person may hold (admitted before applying): nothing is written.
		bad := applied
		bad.Status, bad.AdmittedOn = zhibu.Probationary, d(2023, 1, 1)
		if _, err := s.SaveStep(sys, p.ID, 1, zhibu.DevRecord{Step: 2, On: d(2024, 1, 20), Outcome: zhibu.OutcomeDone}, bad, "x"); err == nil {
			t.Errorf("invalid stages were saved")
		}
		// The superior's step needs filing.review; the branch's officer has member.develop only.
		officer := zhibu.WithActor(sys, zhibu.Actor{AccountID: 7, Name: "组织委员", Scope: zhibu.Scope{Paths: []string{branch.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}, {Perm: zhibu.PermDevelop, Path: branch.Path}}})
		if _, err := s.SaveStep(officer, p.ID, 1, zhibu.DevRecord{Step: 4, On: d(2024, 2, 5), Outcome: zhibu.OutcomeDone}, applied, "x"); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("the branch files for the superior: %v", err)
		}
		reader := zhibu.WithActor(sys, zhibu.Actor{AccountID: 8, Name: "查阅", Scope: zhibu.Scope{Paths: []string{branch.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}}})
		if _, err := s.SaveStep(reader, p.ID, 1, zhibu.DevRecord{Step: 2, On: d(2024, 1, 20), Outcome: zhibu.OutcomeDone}, applied, "x"); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("a reader records a step: %v", err)
		}
		if f, _ := s.DevFile(sys, p.ID); len(f.Records) != 1 || count("dev.step") != 1 {
			t.Fatalf("refused saves wrote: %d records, %d audited", len(f.Records), count("dev.step"))
		}
		if got, _ := s.Person(sys, p.ID); got.Stages() != applied {
			t.Fatalf("refused saves moved the stages: %+v", got.Stages())
		}

		// A second step with the officer's right; then void it and the first.
		two, err := s.SaveStep(officer, p.ID, 1, zhibu.DevRecord{Step: 5, On: d(2024, 2, 5), Outcome: zhibu.OutcomeDone, People: []int64{members[0].ID}}, applied, "x")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.VoidStep(sys, p.ID, r.ID, "撤销"); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("voiding an earlier record: %v", err)
		}
		if _, err := s.VoidStep(reader, p.ID, two.ID, "撤销"); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("a reader voids: %v", err)
		}
		if _, err := s.VoidStep(officer, p.ID, two.ID, "撤销"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.VoidStep(sys, p.ID, r.ID, "撤销申请"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Person(sys, p.ID)
		if got.Status != zhibu.Masses || !got.AppliedOn.IsZero() {
			t.Errorf("after voiding the application: %+v", got.Stages())
		}
		if f, _ := s.DevFile(sys, p.ID); len(f.Records) != 0 || count("dev.void") != 2 {
			t.Errorf("after the voids: %d records, %d audited", len(f.Records), count("dev.void"))
		}
	})
}

// SaveDevStepsBulk is the system's only.
func TestSaveDevStepsBulkRights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, members := branchWithCommittee(t, s)
		admin := zhibu.WithActor(sys, zhibu.Actor{AccountID: 1, Name: "管理员", Scope: zhibu.Scope{All: true},
			Grants: []zhibu.Grant{{Perm: zhibu.PermDevelop, Path: branch.Path}}})
		recs := []zhibu.DevRecord{{PersonID: members[0].ID, Step: 1, On: d(2000, 1, 1), Outcome: zhibu.OutcomeDone}}
		if err := s.SaveDevStepsBulk(admin, branch.ID, recs, "x"); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("an account writes in bulk: %v", err)
		}
		if err := s.SaveDevStepsBulk(sys, branch.ID, recs, "批量"); err != nil {
			t.Fatal(err)
		}
		if f, _ := s.DevFile(sys, members[0].ID); len(f.Records) != 1 {
			t.Errorf("bulk: %d records", len(f.Records))
		}
	})
}

// A meeting's decisions are the development records that name it, with
// the person's name, in the reader's scope only.
func TestDevDecisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, _, _ := branchWithCommittee(t, s)
		m, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
			StartsAt: local(2024, 3, 5, 9, 0), Topics: []string{"确定入党积极分子"},
			Resolutions: []zhibu.Resolution{{Text: "同意", For: 3, Entitled: 3}, {Text: "确定孙丽为入党积极分子", For: 3, Entitled: 3}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.CreatePerson(sys, person("孙丽", zhibu.Masses, branch.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		st := zhibu.Stages{Status: zhibu.Applicant, AppliedOn: d(2024, 1, 10)}
		for i, r := range []zhibu.DevRecord{{Step: 1, On: d(2024, 1, 10)}, {Step: 2, On: d(2024, 1, 20)}, {Step: 3, On: d(2024, 3, 5), MeetingID: m.ID, Resolution: 2}} {
			if r.Step == 3 {
				st.Status, st.ActivistOn = zhibu.Activist, r.On
			}
			r.Outcome = zhibu.OutcomeDone
			if _, err := s.SaveStep(sys, p.ID, i, r, st, "x"); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.DevDecisions(sys, m.ID)
		if err != nil || len(got) != 1 || got[0].PersonName != "孙丽" || got[0].Record.Step != 3 || got[0].Record.Resolution != 2 ||
			got[0].Record.PersonID != p.ID {
			t.Fatalf("decisions %+v %v", got, err)
		}
		other := zhibu.WithActor(sys, zhibu.Actor{AccountID: 9, Name: "他支部", Scope: zhibu.Scope{Paths: []string{"/999999/"}}})
		if got, err := s.DevDecisions(other, m.ID); err != nil || len(got) != 0 {
			t.Errorf("outside the scope: %+v %v", got, err)
		}
	})
}
