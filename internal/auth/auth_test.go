package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/password"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

var sys = zhibu.WithActor(context.Background(), zhibu.System)

// clock is a settable time for sessions and locks.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock               { return &clock{time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }
func anon(addr string) context.Context {
	return zhibu.WithActor(context.Background(), zhibu.Actor{Address: addr})
}

const pw = "Zhibu-测试-2026"

// setup makes a branch with a secretary and a member, each with an account.
func setup(t *testing.T, s *store.Store) (branch zhibu.Org, secretary, member zhibu.Person, secAcct, memAcct zhibu.Account) {
	t.Helper()
	c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	branch, err = s.CreateOrg(sys, zhibu.Org{Code: "B", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(name string, seq int) zhibu.Person {
		birth := zhibu.MakeDate(1980, 5, seq)
		p, err := s.CreatePerson(sys, zhibu.Person{Name: name, Gender: zhibu.Male, Ethnicity: "汉族", BirthDate: birth,
			IDNumber: zhibu.MakeIDNumber("650102", birth, 11), Status: zhibu.FullMember, OrgID: branch.ID,
			AppliedOn: zhibu.MakeDate(2002, 1, 1), ActivistOn: zhibu.MakeDate(2002, 6, 1), CandidateOn: zhibu.MakeDate(2003, 7, 1),
			AdmittedOn: zhibu.MakeDate(2004, 1, 1), ConfirmedOn: zhibu.MakeDate(2005, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	secretary, member = mk("张书记", 1), mk("李党员", 2)
	if _, err := s.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2024, 1, 10),
		Seats: []zhibu.Seat{{PersonID: secretary.ID, Position: zhibu.Secretary}}}); err != nil {
		t.Fatal(err)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if secAcct, err = s.CreateAccount(sys, zhibu.Account{Login: "shuji", PersonID: secretary.ID}, hash); err != nil {
		t.Fatal(err)
	}
	if memAcct, err = s.CreateAccount(sys, zhibu.Account{Login: "dangyuan", PersonID: member.ID}, hash); err != nil {
		t.Fatal(err)
	}
	return
}

func TestLoginAndLockout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		c := newClock()
		a := auth.New(s, c.now)
		ctx := anon("10.1.2.3")
		// Unknown account and wrong password answer alike.
		_, errUnknown := a.Login(ctx, "nobody", pw, "", "10.1.2.3", "test")
		_, errWrong := a.Login(ctx, "shuji", "wrong", "", "10.1.2.3", "test")
		if errUnknown == nil || errWrong == nil || errUnknown.Error() != errWrong.Error() {
			t.Fatalf("unknown %v, wrong %v: must be the same answer", errUnknown, errWrong)
		}
		// Four more failures: the fifth in a row locks the account.
		for i := 0; i < 4; i++ {
			if _, err := a.Login(ctx, "shuji", "wrong", "", "", ""); !errors.Is(err, auth.ErrBadLogin) {
				t.Fatalf("failure %d: %v", i+2, err)
			}
		}
		// Locked: even the right password fails, with the same answer.
		if _, err := a.Login(ctx, "shuji", pw, "", "", ""); !errors.Is(err, auth.ErrBadLogin) {
			t.Fatalf("locked account logged in: %v", err)
		}
		c.add(14 * time.Minute)
		if _, err := a.Login(ctx, "shuji", pw, "", "", ""); err == nil {
			t.Fatal("logged in 14 minutes into a 15-minute lock")
		}
		c.add(2 * time.Minute)
		token, err := a.Login(ctx, "shuji", pw, "", "10.1.2.3", "")
		if err != nil || len(token) < 40 {
			t.Fatalf("login after the lock: %q, %v", token, err)
		}
		actor, _, err := a.Session(ctx, token, "10.1.2.3")
		if err != nil || actor.Name != "张书记" || !actor.Has(zhibu.RoleSecretary) || actor.Address != "10.1.2.3" {
			t.Fatalf("session actor %+v, %v", actor, err)
		}
		// The trail names who logged in and who failed, from where.
		recs, _, err := s.AuditRecords(sys, store.AuditFilter{Action: "login"})
		if err != nil || len(recs) != 9 {
			t.Fatalf("login records: %d, %v", len(recs), err)
		}
		if r := recs[0]; r.Action != "login" || r.Actor != "张书记" || r.Result != "ok" || r.Address != "10.1.2.3" {
			t.Errorf("latest login record %+v", r)
		}
		if r := recs[len(recs)-1]; r.Action != "login.failed" || r.Actor != "（登录名）nobody" || r.Result != "refused" {
			t.Errorf("first failure record %+v", r)
		}
		// A new login gives a new session id.
		again, err := a.Login(ctx, "shuji", pw, "", "", "")
		if err != nil || again == token {
			t.Fatalf("second login reused the session id: %v", err)
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		c := newClock()
		a := auth.New(s, c.now)
		ctx := anon("")
		// Idle: 29 minutes between requests is fine, 31 is not.
		token, err := a.Login(ctx, "shuji", pw, "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			c.add(29 * time.Minute)
			if _, _, err := a.Session(ctx, token, ""); err != nil {
				t.Fatalf("session after %d × 29 idle minutes: %v", i+1, err)
			}
		}
		c.add(31 * time.Minute)
		if _, _, err := a.Session(ctx, token, ""); !errors.Is(err, auth.ErrNoSession) {
			t.Fatalf("session after 31 idle minutes: %v", err)
		}
		// Absolute: active every 20 minutes, the session still ends at 12 hours.
		token, err = a.Login(ctx, "shuji", pw, "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		for elapsed := 20 * time.Minute; elapsed <= 12*time.Hour; elapsed += 20 * time.Minute {
			c.add(20 * time.Minute)
			if _, _, err := a.Session(ctx, token, ""); err != nil {
				t.Fatalf("session at %v: %v", elapsed, err)
			}
		}
		c.add(20 * time.Minute)
		if _, _, err := a.Session(ctx, token, ""); !errors.Is(err, auth.ErrNoSession) {
			t.Fatalf("session past 12 hours: %v", err)
		}
	})
}

// A change of position ends the sessions of those it touches: their rights
// change at once, and they log in again to get them.
func TestSessionEndsOnPositionChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		branch, secretary, member, _, _ := setup(t, s)
		c := newClock()
		a := auth.New(s, c.now)
		ctx := anon("")
		sec, err := a.Login(ctx, "shuji", pw, "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		mem, err := a.Login(ctx, "dangyuan", pw, "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if actor, _, err := a.Session(ctx, mem, ""); err != nil || actor.Can(zhibu.PermPeopleWrite, branch.Path) {
			t.Fatalf("member before: %+v, %v", actor.Grants, err)
		}
		// A new election makes the member the secretary.
		if _, err := s.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2025, 1, 10),
			Seats: []zhibu.Seat{{PersonID: member.ID, Position: zhibu.Secretary}, {PersonID: secretary.ID, Position: zhibu.OrgOfficer}}}); err != nil {
			t.Fatal(err)
		}
		for name, token := range map[string]string{"old secretary": sec, "new secretary": mem} {
			if _, _, err := a.Session(ctx, token, ""); !errors.Is(err, auth.ErrNoSession) {
				t.Errorf("%s's session survived the election: %v", name, err)
			}
		}
		mem, err = a.Login(ctx, "dangyuan", pw, "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if actor, _, err := a.Session(ctx, mem, ""); err != nil || !actor.Can(zhibu.PermPeopleWrite, branch.Path) {
			t.Errorf("new secretary after login: %+v, %v", actor.Grants, err)
		}
		// A move to a group changes where the person sits: sessions end too.
		g, err := s.CreateOrg(sys, zhibu.Org{Code: "B-1", Name: "第一党小组", Kind: zhibu.KindGroup, ParentID: branch.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.MovePerson(sys, member.ID, branch.ID, g.ID, zhibu.Today(time.Now()), "调整党小组"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Session(ctx, mem, ""); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("session survived a move: %v", err)
		}
	})
}

// Disabling, a password change and logout end sessions; a disabled
// account's API token stops working.
func TestSessionEndsOnAccountChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, _, _, secAcct, memAcct := setup(t, s)
		c := newClock()
		a := auth.New(s, c.now)
		ctx := anon("")
		login := func(who string) string {
			t.Helper()
			token, err := a.Login(ctx, who, pw, "", "", "")
			if err != nil {
				t.Fatal(err)
			}
			return token
		}
		// Logging out in one browser ends the sessions in every browser.
		token, other := login("dangyuan"), login("dangyuan")
		if err := a.Logout(ctx, token); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{token, other} {
			if _, _, err := a.Session(ctx, tok, ""); !errors.Is(err, auth.ErrNoSession) {
				t.Errorf("session after logout: %v", err)
			}
		}
		token = login("dangyuan")
		self := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: memAcct.ID, Name: "李党员"})
		if err := a.ChangePassword(self, memAcct.ID, pw, "Another-密码-2026x"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Session(ctx, token, ""); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("session after password change: %v", err)
		}
		if _, err := a.Login(ctx, "dangyuan", pw, "", "", ""); err == nil {
			t.Error("old password still works")
		}
		token = login("shuji")
		api, _, err := a.NewAPIToken(sys, secAcct.ID, "脚本")
		if err != nil {
			t.Fatal(err)
		}
		if actor, err := a.Token(ctx, api, ""); err != nil || actor.AccountID != secAcct.ID {
			t.Fatalf("token actor %+v, %v", actor, err)
		}
		if err := s.SetDisabled(sys, secAcct.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Session(ctx, token, ""); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("session of a disabled account: %v", err)
		}
		if _, err := a.Token(ctx, api, ""); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("token of a disabled account: %v", err)
		}
		if _, err := a.Login(ctx, "shuji", pw, "", "", ""); err == nil {
			t.Error("disabled account logged in")
		}
	})
}

// The 等保 profile makes a password older than 90 days a duty; a TOTP code
// works once.
func TestDutiesAndTOTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, _, _, secAcct, _ := setup(t, s)
		c := newClock()
		c.t = time.Now() // the password was set now
		a := auth.New(s, c.now)
		ctx := anon("")
		token, err := a.Login(ctx, "shuji", pw, "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, duty, err := a.Session(ctx, token, ""); err != nil || duty != auth.NoDuty {
			t.Fatalf("fresh password: duty %q, %v", duty, err)
		}
		c.add(91 * 24 * time.Hour)
		token, _ = a.Login(ctx, "shuji", pw, "", "", "")
		if _, duty, err := a.Session(ctx, token, ""); err != nil || duty != auth.ChangePassword {
			t.Errorf("password of 91 days: duty %q, %v", duty, err)
		}
		// Second factor.
		secret, _, err := password.NewTOTP("支部工作台", "shuji")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetTOTP(sys, secAcct.ID, secret); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Login(ctx, "shuji", pw, "", "", ""); !errors.Is(err, auth.ErrNeedCode) {
			t.Fatalf("login without a code: %v", err)
		}
		code := totpCode(t, secret, c.now())
		if _, err := a.Login(ctx, "shuji", pw, code, "", ""); err != nil {
			t.Fatalf("login with a code: %v", err)
		}
		if _, err := a.Login(ctx, "shuji", pw, code, "", ""); !errors.Is(err, auth.ErrNeedCode) {
			t.Errorf("the same code worked twice: %v", err)
		}
	})
}

func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}
