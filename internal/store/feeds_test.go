package store_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func feedHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func TestFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		committee, branch, g1, _ := tree(t, s)
		lina, err := s.CreatePerson(sys, person("李娜", zhibu.FullMember, branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartTerm(sys, zhibu.Term{OrgID: branch.ID, ElectedOn: zhibu.MakeDate(2024, 3, 1),
			Seats: []zhibu.Seat{{PersonID: lina.ID, Position: zhibu.Secretary}}}); err != nil {
			t.Fatal(err)
		}
		acct, err := s.CreateAccount(sys, zhibu.Account{Login: "lina", PersonID: lina.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.CreateAccount(sys, zhibu.Account{Login: "admin", Name: "管理员"}, "")
		if err != nil {
			t.Fatal(err)
		}
		actor, _, err := s.ActorFor(sys, acct.ID, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		ctx := zhibu.WithActor(sys, actor)
		otherActor, _, err := s.ActorFor(sys, other.ID, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		octx := zhibu.WithActor(sys, otherActor)

		// A person feed and a feed of the branch the secretary reads.
		mine, err := s.CreateFeed(ctx, 0, feedHash("personal"))
		if err != nil || !mine.Person() || mine.AccountID != acct.ID || mine.ID == 0 {
			t.Fatalf("person feed: %+v, %v", mine, err)
		}
		orgFeed, err := s.CreateFeed(ctx, branch.ID, feedHash("branch"))
		if err != nil || orgFeed.Person() || orgFeed.OrgID != branch.ID || orgFeed.OrgName != branch.Name {
			t.Fatalf("org feed: %+v, %v", orgFeed, err)
		}
		// Not a group (its meetings come with the branch), not an org
		// outside what the account reads, not a person feed without a person.
		if _, err := s.CreateFeed(ctx, g1.ID, feedHash("group")); !errors.Is(err, zhibu.ErrInvalid) {
			t.Errorf("group feed: %v", err)
		}
		if _, err := s.CreateFeed(ctx, committee.ID, feedHash("committee")); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("feed of an org out of scope: %v", err)
		}
		if _, err := s.CreateFeed(octx, 0, feedHash("nobody")); !errors.Is(err, zhibu.ErrInvalid) {
			t.Errorf("person feed without a person: %v", err)
		}
		if _, err := s.CreateFeed(sys, 0, feedHash("system")); !errors.Is(err, zhibu.ErrForbidden) {
			t.Errorf("feed without an account: %v", err)
		}

		// Found by the hash of its token, whoever asks.
		got, err := s.FeedByHash(sys, feedHash("branch"))
		if err != nil || got.ID != orgFeed.ID || got.AccountID != acct.ID || got.OrgID != branch.ID || got.OrgPath != branch.Path ||
			got.Created.IsZero() || !got.Revoked.IsZero() {
			t.Fatalf("by hash: %+v, %v", got, err)
		}
		if _, err := s.FeedByHash(sys, feedHash("unknown")); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("unknown hash: %v", err)
		}
		list, err := s.Feeds(ctx)
		if err != nil || len(list) != 2 {
			t.Fatalf("feeds: %+v, %v", list, err)
		}
		if none, _ := s.Feeds(octx); len(none) != 0 {
			t.Errorf("another account lists %d feeds", len(none))
		}

		// Another account cannot revoke it: not found, and it still works.
		if err := s.RevokeFeed(octx, orgFeed.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("revoke by another account: %v", err)
		}
		if err := s.RevokeFeed(sys, orgFeed.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("revoke without an account: %v", err)
		}
		if _, err := s.FeedByHash(sys, feedHash("branch")); err != nil {
			t.Fatalf("after a refused revocation: %v", err)
		}
		// The owner revokes it for good.
		if err := s.RevokeFeed(ctx, orgFeed.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FeedByHash(sys, feedHash("branch")); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("revoked feed: %v", err)
		}
		if err := s.RevokeFeed(ctx, orgFeed.ID); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("revoked twice: %v", err)
		}
		if list, _ := s.Feeds(ctx); len(list) != 1 || list[0].ID != mine.ID {
			t.Errorf("live feeds after revocation: %+v", list)
		}
		// The same hash cannot be recorded twice.
		if _, err := s.CreateFeed(ctx, 0, feedHash("personal")); err == nil {
			t.Error("a token hash recorded twice")
		}

		// A disabled account's feeds are not found; enabled again, they are.
		if err := s.SetDisabled(sys, acct.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FeedByHash(sys, feedHash("personal")); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("feed of a disabled account: %v", err)
		}
		if err := s.SetDisabled(sys, acct.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FeedByHash(sys, feedHash("personal")); err != nil {
			t.Errorf("feed of an enabled account: %v", err)
		}

		// Making and revoking are audited, with the org for an org feed.
		recs, n, err := s.AuditRecords(sys, store.AuditFilter{Action: "feed.create"})
		if err != nil || n != 2 {
			t.Fatalf("feed.create audited %d times: %v", n, err)
		}
		if recs[0].AccountID != acct.ID || recs[0].OrgPath != branch.Path || recs[0].Detail != "组织日历订阅："+branch.Name {
			t.Errorf("feed.create record: %+v", recs[0])
		}
		recs, n, err = s.AuditRecords(sys, store.AuditFilter{Action: "feed.revoke"})
		if err != nil || n != 1 || recs[0].ObjectID != itoa(orgFeed.ID) {
			t.Errorf("feed.revoke audited %d times: %+v %v", n, recs, err)
		}

		// At most MaxFeeds live feeds an account.
		live, err := s.Feeds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(live); i < store.MaxFeeds; i++ {
			if _, err := s.CreateFeed(ctx, 0, feedHash("more"+itoa(int64(i)))); err != nil {
				t.Fatalf("feed %d: %v", i+1, err)
			}
		}
		if _, err := s.CreateFeed(ctx, 0, feedHash("one too many")); !errors.Is(err, zhibu.ErrInvalid) {
			t.Errorf("feed %d: %v", store.MaxFeeds+1, err)
		}
	})
}

func TestMeetingsOf(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, branch, g1, g2 := tree(t, s)
		at := time.Date(2030, 5, 6, 1, 0, 0, 0, time.UTC)
		for _, m := range []zhibu.Meeting{
			{OrgID: branch.ID, Type: zhibu.MeetAssembly, StartsAt: at},
			{OrgID: g1.ID, Type: zhibu.MeetGroup, StartsAt: at.Add(time.Hour)},
			{OrgID: g2.ID, Type: zhibu.MeetGroup, StartsAt: at.Add(2 * time.Hour)},
			{OrgID: branch.ID, Type: zhibu.MeetAssembly, StartsAt: at.AddDate(1, 0, 0)},
		} {
			m.Status = zhibu.MeetingPlanned
			if _, err := s.SaveMeeting(sys, m, nil); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.MeetingsOf(sys, []int64{branch.ID, g1.ID}, at.AddDate(0, -1, 0), at.AddDate(0, 6, 0))
		if err != nil || len(got) != 2 || got[0].OrgID != branch.ID || got[1].OrgID != g1.ID {
			t.Fatalf("meetings of the branch and group 1: %+v, %v", got, err)
		}
		// Scoped: an actor who reads only group 2 sees none of these.
		g2only := zhibu.WithActor(sys, zhibu.Actor{AccountID: 1, Scope: zhibu.Scope{Paths: []string{g2.Path}}})
		if got, _ := s.MeetingsOf(g2only, []int64{branch.ID, g1.ID}, at.AddDate(0, -1, 0), at.AddDate(0, 6, 0)); len(got) != 0 {
			t.Errorf("out of scope: %d meetings", len(got))
		}
		if got, _ := s.MeetingsOf(sys, nil, at.AddDate(-1, 0, 0), at.AddDate(2, 0, 0)); len(got) != 0 {
			t.Errorf("no orgs: %d meetings", len(got))
		}
	})
}
