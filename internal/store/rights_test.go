package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// allPerms are the permissions an actor of this test may be granted.
var allPerms = []zhibu.Perm{zhibu.PermOrgRead, zhibu.PermOrgManage, zhibu.PermPeopleWrite, zhibu.PermSensitive,
	zhibu.PermAuditRead, zhibu.PermAccounts, zhibu.PermSecurity, zhibu.PermPeopleLookup, zhibu.PermMeetingWrite,
	zhibu.PermFilingReview, zhibu.PermRulesEdit, zhibu.PermDuesWrite, zhibu.PermDevelop,
	zhibu.PermActivityWrite, zhibu.PermBulletinReview, zhibu.PermBulletinApprove, // activities stream
	zhibu.PermReviewWrite,                                                                                      // review stream
	zhibu.PermDisclose, zhibu.PermSecrecyReview, zhibu.PermDiscloseApprove, zhibu.PermMailbox, zhibu.PermPaper, // the voice's: voice_rights_test.go
	zhibu.PermAssess} // the performance assessment

// writeRight is one exported write of the store as this test calls it.
type writeRight struct {
	// perm is the right the write needs (the route table's for it), on the
	// org of the object written. The actor who lacks it holds every other
	// right, everywhere.
	perm zhibu.Perm
	// also are more rights that would each let the write pass (an upload
	// held for any of three imports), withheld with perm.
	also []zhibu.Perm
	// hides: the store answers an actor without the right with not found,
	// as for an object outside the scope (a calendar feed is its account's
	// own; an org one may not read is not there for a feed).
	hides bool
	// exempt says why the write checks no right: it runs before there is
	// an actor (login, sessions, tokens) or for the system's upkeep.
	exempt string
	call   func(ctx context.Context) error
}

// TestEveryWriteChecksRights runs every exported write of the store as an
// actor whose scope covers the object but who lacks the right (refused:
// zhibu.ErrForbidden), and as one who holds every right but on another
// branch (not found, as the store's reads hide what is outside the scope,
// or refused for a system-wide right); either way nothing is written. The
// list of writes is read from the store's source, so a new write without a
// row here fails the test.
func TestEveryWriteChecksRights(t *testing.T) {
	writes := storeWrites(t)
	storetest.EachRaw(t, func(t *testing.T, s *store.Store, raw *sql.DB) {
		onJuly1(s)
		rows := rightsFixture(t, s)
		var missing []string
		for _, w := range writes {
			if _, ok := rows[w]; !ok {
				missing = append(missing, w)
			}
		}
		if len(missing) > 0 {
			t.Fatalf("exported writes of *store.Store without a row in TestEveryWriteChecksRights: %s", strings.Join(missing, ", "))
		}
		for name := range rows {
			if !slices.Contains(writes, name) {
				t.Errorf("row %s names no exported write of *store.Store", name)
			}
		}
		pg := strings.HasSuffix(t.Name(), "/postgres")
		before := fingerprint(t, raw, pg)
		for _, name := range writes {
			w := rows[name]
			if w.exempt != "" {
				continue
			}
			withheld := append([]zhibu.Perm{w.perm}, w.also...)
			var lacking []zhibu.Grant
			for _, p := range allPerms {
				if !slices.Contains(withheld, p) {
					lacking = append(lacking, zhibu.Grant{Perm: p})
				}
			}
			lacks := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 4242, Name: "无此权限者",
				Grants: lacking, Scope: zhibu.Scope{All: true}})
			err := w.call(lacks)
			switch {
			case w.hides && errors.Is(err, zhibu.ErrNotFound):
			case errors.Is(err, zhibu.ErrForbidden):
			default:
				t.Errorf("%s without %s: %v, want forbidden", name, w.perm, err)
			}
			if after := fingerprint(t, raw, pg); after != before {
				t.Fatalf("%s without %s wrote: %s", name, w.perm, firstDiff(before, after))
			}

			elsewhere := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 4243, Name: "别处的书记",
				Grants: grantsOn(rightsOther), Scope: zhibu.Scope{Paths: []string{rightsOther}}})
			err = w.call(elsewhere)
			if !errors.Is(err, zhibu.ErrForbidden) && !errors.Is(err, zhibu.ErrNotFound) {
				t.Errorf("%s with %s on another branch: %v, want not found or forbidden", name, w.perm, err)
			}
			if after := fingerprint(t, raw, pg); after != before {
				t.Fatalf("%s with %s on another branch wrote: %s", name, w.perm, firstDiff(before, after))
			}
		}
	})
}

// rightsOther is the path of the branch where the second actor holds every
// right; set by rightsFixture.
var rightsOther string

func grantsOn(path string) []zhibu.Grant {
	var gs []zhibu.Grant
	for _, p := range allPerms {
		gs = append(gs, zhibu.Grant{Perm: p, Path: path})
	}
	return gs
}

// rightsFixture makes one of each object a write may touch, as the
// system, and returns the rows of the table by method name.
func rightsFixture(t *testing.T, s *store.Store) map[string]writeRight {
	t.Helper()
	branch, g1, members := branchWithCommittee(t, s)
	committee, err := s.Org(sys, branch.ParentID)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateOrg(sys, zhibu.Org{Code: "B3", Name: "第三党支部", Kind: zhibu.KindBranch, ParentID: committee.ID})
	if err != nil {
		t.Fatal(err)
	}
	rightsOther = other.Path
	day := zhibu.MakeDate(2026, 6, 1)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	applicant := person("申请人", zhibu.Masses, branch.ID, 0)
	applicant.BirthDate = zhibu.MakeDate(1998, 2, 14)
	applicant.IDNumber = zhibu.MakeIDNumber("650102", applicant.BirthDate, 302)
	applicant.JoinedOn = zhibu.MakeDate(2020, 1, 1)
	applicant, err = s.CreatePerson(sys, applicant)
	must(err)
	step, err := s.SaveStep(sys, applicant.ID, 0, zhibu.DevRecord{Step: 1, On: zhibu.MakeDate(2024, 1, 10), Outcome: zhibu.OutcomeDone},
		zhibu.Stages{Status: zhibu.Applicant, AppliedOn: zhibu.MakeDate(2024, 1, 10)}, "申请人递交入党申请书")
	must(err)
	held, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
		StartsAt: local(2026, 5, 20, 9, 0), ChairID: members[0].ID, RecorderID: members[1].ID, Minutes: "研究工作"}, nil)
	must(err)
	filed, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld,
		StartsAt: local(2026, 5, 21, 9, 0), ChairID: members[0].ID, RecorderID: members[1].ID, Minutes: "研究工作"}, nil)
	must(err)
	must(s.FileMeeting(sys, filed.ID))
	planned, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingPlanned,
		StartsAt: local(2026, 7, 20, 9, 0)}, nil)
	must(err)
	tr, err := s.IssueTransfer(sys, zhibu.Transfer{PersonID: members[2].ID, ToOrgID: b2.ID, LetterNo: "B1-2026-01",
		IssuedOn: zhibu.MakeDate(2026, 5, 31), Reason: "工作调动"})
	must(err)
	ext, err := s.RequestExtension(sys, zhibu.Extension{OrgID: branch.ID, Months: 9, NewEnd: zhibu.MakeDate(2030, 1, 1), Reason: "集中整训，推迟换届"})
	must(err)
	acct, err := s.CreateAccount(sys, zhibu.Account{Login: "lina", PersonID: members[0].ID}, "")
	must(err)
	tok, err := s.CreateToken(sys, acct.ID, "接口", strings.Repeat("ab", 32))
	must(err)
	owner := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: acct.ID, PersonID: members[0].ID, Name: "李娜",
		Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: branch.Path}}, Scope: zhibu.Scope{Paths: []string{branch.Path}}})
	feed, err := s.CreateFeed(owner, branch.ID, strings.Repeat("cd", 32))
	must(err)
	upload := strings.Repeat("ef", 16)
	must(s.SaveUpload(sys, store.UploadRoster, upload, branch.ID, "名册.xlsx", []byte("PK")))

	remedy, err := s.SaveRemedy(sys, zhibu.Remedy{OrgID: branch.ID, Year: 2026, Problem: 3, Issue: "韩磊欠缴党费", Measure: "谈心谈话并补交",
		OwnerID: members[1].ID, Deadline: zhibu.MakeDate(2026, 6, 30), Evidence: "已补交", DoneOn: zhibu.MakeDate(2026, 5, 30)})
	must(err)
	newcomer := member("新人", branch.ID, g1.ID)
	payment := zhibu.PaymentDraft{Payment: zhibu.Payment{PersonID: members[0].ID, Months: []zhibu.Month{ym(2026, 1)}, Amount: 5000,
		Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 1, 5), Due: 5000}, Dues: []zhibu.Fen{5000}}
	ignore := func(_ any, err error) error { return err }
	rows := activityRightsRows(t, s, branch, members, held, ignore) // activities stream
	rev := reviewFixture(t, s, branch, members)
	const loginMachinery = "login machinery: runs before there is an actor"
	out := mergeRows(rows, map[string]writeRight{
		// Orgs and committees.
		"CreateOrg": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			return ignore(s.CreateOrg(ctx, zhibu.Org{Code: "NEW", Name: "新党小组", Kind: zhibu.KindGroup, ParentID: branch.ID}))
		}},
		"UpdateOrg": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			return ignore(s.UpdateOrg(ctx, zhibu.Org{ID: branch.ID, Code: branch.Code, Name: "改名"}))
		}},
		"MoveOrg":   {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error { return ignore(s.MoveOrg(ctx, g1.ID, b2.ID)) }},
		"StartTerm": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error { return ignore(s.StartTerm(ctx, zhibu.Term{OrgID: branch.ID})) }},
		"SetGroupLeader": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			return s.SetGroupLeader(ctx, g1.ID, members[3].ID, day)
		}},
		"Supervise": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			return s.Supervise(ctx, branch.ID, members[0].ID, members[3].ID, day)
		}},
		"RequestExtension": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			return ignore(s.RequestExtension(ctx, zhibu.Extension{OrgID: branch.ID, Months: 3, Reason: "再延"}))
		}},
		"DecideExtension": {perm: zhibu.PermFilingReview, call: func(ctx context.Context) error {
			return ignore(s.DecideExtension(ctx, ext.ID, true, day, ""))
		}},
		"ReportTerm":      {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error { return ignore(s.ReportTerm(ctx, branch.ID, day)) }},
		"ApproveTerm":     {perm: zhibu.PermFilingReview, call: func(ctx context.Context) error { return ignore(s.ApproveTerm(ctx, branch.ID, day)) }},
		"SetTermAssembly": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error { return ignore(s.SetTermAssembly(ctx, branch.ID, 1, held.ID)) }},
		"AddRuleVersion": {perm: zhibu.PermRulesEdit, call: func(ctx context.Context) error {
			return s.AddRuleVersion(ctx, zhibu.RuleVersion{ID: "meet.branch_committee", OrgID: branch.ID, EffectiveFrom: day})
		}},
		"AddMeetingType": {perm: zhibu.PermRulesEdit, call: func(ctx context.Context) error {
			return ignore(s.AddMeetingType(ctx, branch.ID, "读书会", ""))
		}},

		// People.
		"CreatePerson": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error { return ignore(s.CreatePerson(ctx, newcomer)) }},
		"UpdatePerson": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error {
			p := members[3]
			p.Unit = "改过的单位"
			return ignore(s.UpdatePerson(ctx, p))
		}},
		"MovePerson": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error {
			return ignore(s.MovePerson(ctx, members[3].ID, b2.ID, 0, day, "调动"))
		}},
		"SetMemberFile": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error {
			return s.SetMemberFile(ctx, zhibu.MemberFile{PersonID: members[3].ID, KeptBy: "政治处", CheckedOn: day})
		}},
		"SaveAbsence": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error {
			return ignore(s.SaveAbsence(ctx, zhibu.MemberAbsence{PersonID: members[3].ID, Kind: zhibu.AbsenceAway, From: day, Place: "北京"}))
		}},
		"SaveRemedy": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			return ignore(s.SaveRemedy(ctx, zhibu.Remedy{OrgID: branch.ID, Year: 2026, Problem: 2, Issue: "支委会不按月召开", Measure: "每月召开",
				OwnerID: members[0].ID, Deadline: zhibu.MakeDate(2026, 9, 30)}))
		}},
		"SignRemedy": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error { return ignore(s.SignRemedy(ctx, remedy.ID, day)) }},
		"SaveRectCampaign": {perm: zhibu.PermOrgManage, call: func(ctx context.Context) error {
			return ignore(s.SaveRectCampaign(ctx, zhibu.RectCampaign{OrgID: committee.ID, Year: 2026, Title: "2026年整改", StartOn: zhibu.MakeDate(2026, 3, 1),
				ChecksDue: zhibu.MakeDate(2026, 6, 30), RemediesDue: zhibu.MakeDate(2026, 12, 31)}))
		}},
		"ImportPeople": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error {
			return ignore(s.ImportPeople(ctx, branch.ID, []zhibu.Person{newcomer}))
		}},
		"ExportPeople": {perm: zhibu.PermOrgRead, call: func(ctx context.Context) error {
			_, _, err := s.ExportPeople(ctx, branch.ID, zhibu.PersonFilter{}, "xlsx")
			return err
		}},
		"SaveUpload": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error {
			return s.SaveUpload(ctx, store.UploadRoster, strings.Repeat("12", 16), branch.ID, "名册.xlsx", []byte("PK"))
		}},
		"DeleteUpload": {perm: zhibu.PermPeopleWrite, also: []zhibu.Perm{zhibu.PermMeetingWrite, zhibu.PermDuesWrite},
			call: func(ctx context.Context) error { return s.DeleteUpload(ctx, upload) }},

		// Meetings.
		"SaveMeeting": {perm: zhibu.PermMeetingWrite, call: func(ctx context.Context) error {
			m := held
			m.Minutes = "改过的记录"
			return ignore(s.SaveMeeting(ctx, m, nil))
		}},
		"CancelMeeting":  {perm: zhibu.PermMeetingWrite, call: func(ctx context.Context) error { return s.CancelMeeting(ctx, planned.ID, "改期") }},
		"FileMeeting":    {perm: zhibu.PermMeetingWrite, call: func(ctx context.Context) error { return s.FileMeeting(ctx, held.ID) }},
		"VoidMeeting":    {perm: zhibu.PermMeetingWrite, call: func(ctx context.Context) error { return s.VoidMeeting(ctx, held.ID, "误录") }}, // fixes
		"WithdrawFiling": {perm: zhibu.PermMeetingWrite, call: func(ctx context.Context) error { return s.WithdrawFiling(ctx, filed.ID) }},   // fixes
		"ReviewFiling":   {perm: zhibu.PermFilingReview, call: func(ctx context.Context) error { return s.ReviewFiling(ctx, filed.ID, true, "") }},
		"SaveMeetingsBulk": {perm: zhibu.PermMeetingWrite, call: func(ctx context.Context) error {
			return ignore(s.SaveMeetingsBulk(ctx, []store.MeetingRecord{{Meeting: zhibu.Meeting{OrgID: g1.ID, Type: zhibu.MeetGroup,
				Status: zhibu.MeetingHeld, StartsAt: local(2026, 3, 10, 9, 0), ChairID: members[3].ID}}}))
		}},
		"AddAttachments": {perm: zhibu.PermMeetingWrite, call: func(ctx context.Context) error {
			return ignore(s.AddAttachments(ctx, held.ID, []store.NewAttachment{{Filename: "a.pdf", Data: []byte("%PDF-1.4\n")}}))
		}},
		"DeleteAttachment": {perm: zhibu.PermMeetingWrite, call: func(ctx context.Context) error { return ignore(s.DeleteAttachment(ctx, held.ID, 1)) }},

		// Development.
		"SaveStep": {perm: zhibu.PermDevelop, call: func(ctx context.Context) error {
			return ignore(s.SaveStep(ctx, applicant.ID, 1, zhibu.DevRecord{Step: 2, On: zhibu.MakeDate(2024, 2, 1), Outcome: zhibu.OutcomeDone},
				zhibu.Stages{Status: zhibu.Applicant, AppliedOn: zhibu.MakeDate(2024, 1, 10)}, "谈话"))
		}},
		"VoidStep": {perm: zhibu.PermDevelop, call: func(ctx context.Context) error { return ignore(s.VoidStep(ctx, applicant.ID, step.ID, "撤销")) }},
		"Backup": {perm: zhibu.PermSecurity, call: func(ctx context.Context) error {
			return s.Backup(ctx, filepath.Join(t.TempDir(), "backup.db"))
		}},
		"SaveDevStepsBulk": {perm: zhibu.PermDevelop, call: func(ctx context.Context) error {
			return s.SaveDevStepsBulk(ctx, branch.ID, []zhibu.DevRecord{{PersonID: applicant.ID, Step: 2, On: zhibu.MakeDate(2024, 2, 1)}}, "批量")
		}},
		"AddDevMaterials": {perm: zhibu.PermDevelop, call: func(ctx context.Context) error {
			return ignore(s.AddDevMaterials(ctx, applicant.ID, 1, "入党申请书", []store.NewAttachment{{Filename: "a.pdf", Data: []byte("%PDF-1.4\n")}}))
		}},
		"DeleteDevMaterial": {perm: zhibu.PermDevelop, call: func(ctx context.Context) error { return s.DeleteDevMaterial(ctx, applicant.ID, 1) }},

		// Dues.
		"SetDuesBase": {perm: zhibu.PermDuesWrite, call: func(ctx context.Context) error {
			return ignore(s.SetDuesBase(ctx, zhibu.DuesBase{PersonID: members[0].ID, Category: zhibu.DuesSalaried, Base: 500000, From: ym(2026, 1)}))
		}},
		"AddDuesReason": {perm: zhibu.PermDuesWrite, call: func(ctx context.Context) error {
			return ignore(s.AddDuesReason(ctx, zhibu.DuesReason{PersonID: members[0].ID, From: ym(2026, 1), To: ym(2026, 2), Reason: "病假"}))
		}},
		"RecordPayment":     {perm: zhibu.PermDuesWrite, call: func(ctx context.Context) error { return ignore(s.RecordPayment(ctx, payment)) }},
		"VoidPayment":       {perm: zhibu.PermDuesWrite, call: func(ctx context.Context) error { return s.VoidPayment(ctx, members[0].ID, 1, "录错") }},
		"ApproveDuesWaiver": {perm: zhibu.PermFilingReview, call: func(ctx context.Context) error { return s.ApproveDuesWaiver(ctx, members[0].ID, 1) }},
		"RecordDuesBulk": {perm: zhibu.PermDuesWrite, call: func(ctx context.Context) error {
			return ignore(s.RecordDuesBulk(ctx, zhibu.DuesBatch{Payments: []zhibu.PaymentDraft{payment}}))
		}},
		"SaveStreamsBulk": {perm: zhibu.PermActivityWrite, call: func(ctx context.Context) error { // the generator's batch: each kind asks its own right
			return s.SaveStreamsBulk(ctx, store.StreamsBatch{OrgID: branch.ID, Activities: []store.ActivityRecord{{Activity: zhibu.Activity{OrgID: branch.ID,
				Kind: zhibu.ActivityThemed, Title: "主题活动", HeldOn: day, OrganizerID: members[0].ID}}}})
		}},

		// Transfers.
		"IssueTransfer": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error {
			return ignore(s.IssueTransfer(ctx, zhibu.Transfer{PersonID: members[3].ID, ToOrgID: b2.ID, LetterNo: "B1-2026-02", IssuedOn: day}))
		}},
		"AcceptTransfer": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error { return ignore(s.AcceptTransfer(ctx, tr.ID, day, 0, "")) }},
		"RecordReceipt":  {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error { return ignore(s.RecordReceipt(ctx, tr.ID, day, day)) }},
		"CloseTransfer": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error {
			return ignore(s.CloseTransfer(ctx, tr.ID, zhibu.TransferCancelled, day, "开错"))
		}},
		"TransferIn": {perm: zhibu.PermPeopleWrite, call: func(ctx context.Context) error {
			p := member("转入戊", 0, g1.ID)
			return ignore(s.TransferIn(ctx, zhibu.Transfer{ToOrgID: branch.ID, FromName: "外省某党支部", LetterNo: "外-001",
				IssuedOn: zhibu.MakeDate(2026, 5, 20), ValidMonths: 3, ReceivedOn: zhibu.MakeDate(2026, 6, 5)}, p))
		}},

		// Accounts, tokens, feeds, settings.
		"CreateAccount": {perm: zhibu.PermAccounts, call: func(ctx context.Context) error {
			return ignore(s.CreateAccount(ctx, zhibu.Account{Login: "newcomer", Name: "新人"}, ""))
		}},
		"SetAccountRoles": {perm: zhibu.PermAccounts, call: func(ctx context.Context) error {
			return s.SetAccountRoles(ctx, acct.ID, []zhibu.AccountRole{{Role: zhibu.RoleSystemAdmin}})
		}},
		"SetDisabled": {perm: zhibu.PermAccounts, call: func(ctx context.Context) error { return s.SetDisabled(ctx, acct.ID, true) }},
		"SetPassword": {perm: zhibu.PermAccounts, call: func(ctx context.Context) error { return s.SetPassword(ctx, acct.ID, "hash") }},
		"SetTOTP":     {perm: zhibu.PermSecurity, call: func(ctx context.Context) error { return s.SetTOTP(ctx, acct.ID, "JBSWY3DPEHPK3PXP") }},
		"Unlock":      {perm: zhibu.PermSecurity, call: func(ctx context.Context) error { return s.Unlock(ctx, acct.ID) }},
		"SetSettings": {perm: zhibu.PermSecurity, call: func(ctx context.Context) error {
			return s.SetSettings(ctx, map[string]string{"login.lock_threshold": "3"})
		}},
		"CreateToken": {perm: zhibu.PermAccounts, call: func(ctx context.Context) error {
			return ignore(s.CreateToken(ctx, acct.ID, "另一个", strings.Repeat("01", 32)))
		}},
		"RevokeToken": {perm: zhibu.PermAccounts, call: func(ctx context.Context) error { return s.RevokeToken(ctx, tok.ID) }},
		"CreateFeed": {perm: zhibu.PermOrgRead, hides: true, call: func(ctx context.Context) error {
			return ignore(s.CreateFeed(ctx, branch.ID, strings.Repeat("02", 32)))
		}},
		"RevokeFeed": {perm: zhibu.PermOrgRead, hides: true, call: func(ctx context.Context) error { return s.RevokeFeed(ctx, feed.ID) }},

		// Writes that check no right, and why.
		"LoginFailed":    {exempt: loginMachinery},
		"LoginSucceeded": {exempt: loginMachinery},
		"TouchSession":   {exempt: loginMachinery},
		"EndSession":     {exempt: loginMachinery + " (a logout, an expiry)"},
		"UseTOTPStep":    {exempt: loginMachinery},
		"TokenAccount":   {exempt: loginMachinery + " (an API token's last use)"},
		"Audit":          {exempt: "the trail itself: a refusal of a right is audited too"},
		"Migrate":        {exempt: "upkeep, before any actor: the schema"},
		"Analyze":        {exempt: "upkeep: the planner's statistics, no record"},
		// The search index rebuilt (search.go): the system only, no grant lets an account.
		"Reindex": {call: func(ctx context.Context) error { return ignore(s.Reindex(ctx)) }},

		// Study and talks (study_test.go).
		"SaveStudyPlan": {perm: zhibu.PermStudyWrite, call: func(ctx context.Context) error {
			return ignore(s.SaveStudyPlan(ctx, zhibu.StudyPlan{OrgID: branch.ID, Year: 2026, Kind: zhibu.StudyPlanBranch, Title: "计划", IssuedOn: day,
				Items: []zhibu.StudyPlanItem{{Month: 7, Topic: "党章"}}}))
		}},
		"AddStudySession": {perm: zhibu.PermStudyWrite, call: func(ctx context.Context) error {
			return ignore(s.AddStudySession(ctx, zhibu.StudySession{OrgID: branch.ID, HeldOn: day, Topic: "党章", Minutes: 120, Present: []int64{members[0].ID}}))
		}},
		"SaveStudySummary": {perm: zhibu.PermStudyWrite, call: func(ctx context.Context) error {
			return s.SaveStudySummary(ctx, zhibu.StudySummary{OrgID: branch.ID, Year: 2026, WrittenOn: day, Text: "总结"})
		}},
		"AddStudyNote": {perm: zhibu.PermOwn, call: func(ctx context.Context) error {
			return ignore(s.AddStudyNote(ctx, zhibu.StudyNote{PersonID: members[0].ID, WrittenOn: day, Title: "自学", Content: "笔记", Minutes: 60}))
		}},
		"AddTalk": {perm: zhibu.PermOwn, call: func(ctx context.Context) error {
			return ignore(s.AddTalk(ctx, zhibu.Talk{OrgID: branch.ID, AID: members[0].ID, BID: members[1].ID, HeldOn: day, Place: "办公室", Topics: "谈心"}))
		}},
		// Review stream (review_test.go).
		"OpenReviewRound": {perm: zhibu.PermFilingReview, call: func(ctx context.Context) error {
			return ignore(s.OpenReviewRound(ctx, zhibu.ReviewRound{OrgID: committee.ID, Year: 2027, OpensOn: zhibu.MakeDate(2027, 10, 21), ClosesOn: zhibu.MakeDate(2027, 11, 10)}))
		}},
		"FileReviewReport": {perm: zhibu.PermReviewWrite, call: func(ctx context.Context) error {
			return ignore(s.FileReviewReport(ctx, rev.filed, zhibu.SecretaryReport{WorkDone: "改"}, members[0].ID, day))
		}},
		"PresentReviewReport": {perm: zhibu.PermReviewWrite, call: func(ctx context.Context) error {
			return ignore(s.PresentReviewReport(ctx, rev.filed, day, 0))
		}},
		"CloseReviewVote": {perm: zhibu.PermReviewWrite, call: func(ctx context.Context) error { return ignore(s.CloseReviewVote(ctx, rev.voting, day)) }},
		// A ballot's right is being on the roll: the acting person, not a
		// permission (TestReviewBallots refuses an outsider).
		"CastReviewBallot": {exempt: "a member's own ballot: the actor must be on the vote's roll"},
		"OpenAppraisal": {perm: zhibu.PermReviewWrite, call: func(ctx context.Context) error {
			return ignore(s.OpenAppraisal(ctx, branch.ID, 2025, 3, day))
		}},
		"OpenAppraisalVote": {perm: zhibu.PermReviewWrite, call: func(ctx context.Context) error { return ignore(s.OpenAppraisalVote(ctx, rev.appraisal)) }},
		"DecideAppraisal": {perm: zhibu.PermReviewWrite, call: func(ctx context.Context) error {
			return ignore(s.DecideAppraisal(ctx, rev.appraisal, nil, nil, 0, day))
		}},
		"CloseHandling": {perm: zhibu.PermReviewWrite, call: func(ctx context.Context) error {
			return ignore(s.CloseHandling(ctx, rev.appraisal, members[0].ID, "已办结", day))
		}},
		// The member's own self-appraisal and ballot (appraisal_test.go refuses an outsider).
		"SaveSelfAppraisal":   {exempt: "a member's own self-appraisal: the actor must be the member appraised"},
		"CastAppraisalBallot": {exempt: "a member's own ballot: the actor must be on the vote's roll"},
	})
	maps.Copy(out, planRights(t, s, branch, held))            // the year plan: plans_rights_test.go
	for name, w := range voiceRights(t, s, branch, members) { // disclosure, mailbox, paper: voice_rights_test.go
		out[name] = w
	}
	for name, w := range archiveRights(t, s, branch, members) { // archive_rights_test.go
		out[name] = w
	}
	maps.Copy(out, assessmentRights(t, s, committee, branch)) // the performance assessment: assessment_test.go
	return out
}

// storeWrites lists the exported methods of *store.Store that write: those
// that run a transaction (s.tx), append to the audit trail (s.audit) or
// execute a statement (ExecContext), themselves or through another method
// of *Store. It reads the store's non-test source files.
func storeWrites(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := map[string][]string{}
	writes := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
				continue
			}
			star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			if id, ok := star.X.(*ast.Ident); !ok || id.Name != "Store" {
				continue
			}
			recv, name := fd.Recv.List[0].Names[0].Name, fd.Name.Name
			calls[name] = nil
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				onStore := false
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == recv {
					onStore = true
					calls[name] = append(calls[name], sel.Sel.Name)
				}
				if sel.Sel.Name == "ExecContext" || onStore && (sel.Sel.Name == "tx" || sel.Sel.Name == "audit") {
					writes[name] = true
				}
				return true
			})
		}
	}
	for changed := true; changed; {
		changed = false
		for m, cs := range calls {
			for _, c := range cs {
				if !writes[m] && writes[c] {
					writes[m], changed = true, true
				}
			}
		}
	}
	var out []string
	for m := range writes {
		if ast.IsExported(m) {
			out = append(out, m)
		}
	}
	slices.Sort(out)
	if len(out) < 40 || !slices.Contains(out, "SaveMeeting") || slices.Contains(out, "Person") {
		t.Fatalf("the writes read from the source look wrong: %v", out)
	}
	return out
}

// fingerprint is every row of every table of the database, as text.
func fingerprint(t *testing.T, db *sql.DB, pg bool) string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if pg {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	tables := queryStrings(t, db, q)
	var b strings.Builder
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%s %v", table, vals))
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(lines)
		fmt.Fprintf(&b, "%s: %d rows\n%s\n", table, len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// firstDiff is the first line that differs between two fingerprints.
func firstDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(x), len(y)) {
		if x[i] != y[i] {
			return fmt.Sprintf("%q became %q", x[i], y[i])
		}
	}
	return fmt.Sprintf("%d lines became %d", len(x), len(y))
}
